package storage

import (
	"context"
	"fmt"

	"github.com/meetupbot/meetupbot"
	bolt "go.etcd.io/bbolt"
)

// Queue stores messages that matter but change nothing else (an
// organizer's /post), with the mark that their update was handled.
func (db *DB) Queue(ctx context.Context, updateID int, outs ...meetupbot.Outgoing) error {
	err := db.update(ctx, updateID, func(tx *bolt.Tx) error {
		_, err := queue(tx, outs)
		return err
	})
	if err != nil {
		return fmt.Errorf("queue %d messages: %w", len(outs), err)
	}
	return nil
}

// queue stores messages that must survive a restart until they are sent,
// in the transaction of the change that caused them.
func queue(tx *bolt.Tx, outs []meetupbot.Outgoing) ([]meetupbot.Outgoing, error) {
	b := tx.Bucket(bucketOutbox)
	for i := range outs {
		seq, err := b.NextSequence()
		if err != nil {
			return nil, err
		}
		outs[i].Seq = seq
		if err := putJSON(b, u64(seq), outs[i]); err != nil {
			return nil, err
		}
		if ask := outs[i].Asks; ask != nil {
			if err := tx.Bucket(bucketQueuedAsks).Put(askKey(ask.EventID, ask.UserID, seq), nil); err != nil {
				return nil, err
			}
		}
	}
	return outs, nil
}

// Outbox lists the stored messages not yet sent that were queued after the
// one numbered after, in the order they were queued.
func (db *DB) Outbox(ctx context.Context, after uint64) ([]meetupbot.Outgoing, error) {
	var outs []meetupbot.Outgoing
	err := db.view(ctx, func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketOutbox).Cursor()
		for k, v := c.Seek(u64(after + 1)); k != nil; k, v = c.Next() {
			var out meetupbot.Outgoing
			if err := unmarshal(v, &out); err != nil {
				return err
			}
			out.Seq = beUint64(k)
			outs = append(outs, out)
		}
		return nil
	})
	return outs, err
}

// Delivered forgets a sent message. For an announcement it records the
// message as the meetup's announcement in the same transaction and returns
// the meetup and the announcement it replaces; a message that asks is tied
// to the answer it asks for.
func (db *DB) Delivered(ctx context.Context, out meetupbot.Outgoing, messageID int) (ev meetupbot.Event, replaced meetupbot.MessageRef, err error) {
	err = db.update(ctx, 0, func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketOutbox).Delete(u64(out.Seq)); err != nil {
			return err
		}
		if out.Asks != nil && messageID != 0 {
			return deliveredAsk(tx, out, meetupbot.MessageRef{ChatID: out.ChatID, MessageID: messageID})
		}
		if out.Announces == 0 || messageID == 0 {
			return nil
		}
		if ev, err = getEvent(tx, out.Announces); err != nil {
			return err
		}
		replaced = ev.Announcement
		ev.Announcement = meetupbot.MessageRef{ChatID: out.ChatID, MessageID: messageID}
		return putJSON(tx.Bucket(bucketEvents), id64(ev.ID), ev)
	})
	if err != nil {
		err = fmt.Errorf("forget sent message %d: %w", out.Seq, err)
	}
	return ev, replaced, err
}

package storage

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/meetupbot/meetupbot"
	bolt "go.etcd.io/bbolt"
)

// putRSVP stores a member's answer. An answer that no longer asks anything
// (confirmed, given up, released, passed on) settles the messages that
// asked: those sent lose their buttons, those not sent yet are dropped, in
// the same transaction.
func putRSVP(tx *bolt.Tx, rsvps *bolt.Bucket, r meetupbot.RSVP) error {
	if !r.Asking() {
		if err := dropQueuedAsks(tx, r.EventID, r.UserID); err != nil {
			return err
		}
		if len(r.Asks) > 0 {
			if err := stripButtons(tx, r.Asks); err != nil {
				return err
			}
			r.Asks = nil
		}
	}
	return putJSON(rsvps, id64(r.UserID), r)
}

// stripButtons queues edits that take the buttons off messages.
func stripButtons(tx *bolt.Tx, refs []meetupbot.MessageRef) error {
	outs := make([]meetupbot.Outgoing, len(refs))
	for i, ref := range refs {
		outs[i] = meetupbot.Outgoing{ChatID: ref.ChatID, Edits: ref}
	}
	_, err := queue(tx, outs)
	return err
}

func askKey(eventID, userID int64, seq uint64) []byte {
	return append(pair(eventID, userID), u64(seq)...)
}

// dropQueuedAsks deletes the stored messages not yet sent that ask the
// member about their place.
func dropQueuedAsks(tx *bolt.Tx, eventID, userID int64) error {
	index := tx.Bucket(bucketQueuedAsks)
	prefix := pair(eventID, userID)
	var keys [][]byte
	c := index.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, k)
	}
	outbox := tx.Bucket(bucketOutbox)
	for _, k := range keys {
		if err := outbox.Delete(k[16:]); err != nil {
			return err
		}
		if err := index.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// deliveredAsk ties a sent message that asks to what it asks: the member's
// answer, or the group's question; a question settled while the message
// was on its way loses its buttons at once.
func deliveredAsk(tx *bolt.Tx, out meetupbot.Outgoing, ref meetupbot.MessageRef) error {
	ask := *out.Asks
	if err := tx.Bucket(bucketQueuedAsks).Delete(askKey(ask.EventID, ask.UserID, out.Seq)); err != nil {
		return err
	}
	ev, err := getEvent(tx, ask.EventID)
	if err != nil {
		return err
	}
	if ask.UserID == 0 {
		if ev.Reconfirm == nil || ev.Reconfirm.Released {
			return stripButtons(tx, []meetupbot.MessageRef{ref})
		}
		ev.Reconfirm.GroupAsks = append(ev.Reconfirm.GroupAsks, ref)
		return putJSON(tx.Bucket(bucketEvents), id64(ev.ID), ev)
	}
	rsvps, _, err := eventBuckets(tx, ev.ID)
	if err != nil {
		return err
	}
	var r meetupbot.RSVP
	if found, err := getJSON(rsvps, id64(ask.UserID), &r); err != nil || !found || !r.Asking() {
		if err != nil {
			return err
		}
		return stripButtons(tx, []meetupbot.MessageRef{ref})
	}
	r.Asks = append(r.Asks, ref)
	return putJSON(rsvps, id64(r.UserID), r)
}

// syncSpeakerSeats holds a place for every speaker who came through the bot
// and is new on the programme, and turns the place of one who left it into
// an ordinary yes: a speaker never waits for a seat at her own talk.
func syncSpeakerSeats(tx *bolt.Tx, before meetupbot.Event, ev *meetupbot.Event, now time.Time) error {
	speakers := func(e meetupbot.Event) []int64 {
		var ids []int64
		for _, s := range e.Speakers {
			if s.MemberID != 0 {
				ids = append(ids, s.MemberID)
			}
		}
		return ids
	}
	was, is := speakers(before), speakers(*ev)
	rsvps, waitlist, err := eventBuckets(tx, ev.ID)
	if err != nil {
		return err
	}
	for _, id := range is {
		if slices.Contains(was, id) {
			continue
		}
		prev := meetupbot.RSVP{EventID: ev.ID, UserID: id}
		if _, err := getJSON(rsvps, id64(id), &prev); err != nil {
			return err
		}
		if prev.Status == meetupbot.StatusWaiting {
			if err := waitlist.Delete(u64(uint64(prev.Seq))); err != nil {
				return err
			}
		}
		if err := putRSVP(tx, rsvps, ev.Reserve(prev, now)); err != nil {
			return err
		}
	}
	for _, id := range was {
		if slices.Contains(is, id) {
			continue
		}
		var r meetupbot.RSVP
		if found, err := getJSON(rsvps, id64(id), &r); err != nil || !found || !r.Reserved {
			if err != nil {
				return err
			}
			continue
		}
		if err := putRSVP(tx, rsvps, ev.Unreserve(r)); err != nil {
			return err
		}
	}
	return nil
}

// Reserve holds (or, with off, gives back) a place for an organizer at a
// meetup of their group whatever its capacity, with the messages notify
// renders; giving it back may let those waiting move up.
func (db *DB) Reserve(ctx context.Context, updateID int, eventID, userID int64, off bool, now time.Time, night meetupbot.Night, notify meetupbot.Notify) (meetupbot.AnswerResult, error) {
	var res meetupbot.AnswerResult
	err := db.update(ctx, updateID, func(tx *bolt.Tx) error {
		ev, err := getEvent(tx, eventID)
		if err != nil {
			return err
		}
		if err := ev.Open(now); err != nil {
			return err
		}
		rsvps, waitlist, err := eventBuckets(tx, ev.ID)
		if err != nil {
			return err
		}
		prev := meetupbot.RSVP{EventID: ev.ID, UserID: userID}
		if _, err := getJSON(rsvps, id64(userID), &prev); err != nil {
			return err
		}
		next := ev.Unreserve(prev)
		if !off {
			if prev.Status == meetupbot.StatusWaiting {
				if err := waitlist.Delete(u64(uint64(prev.Seq))); err != nil {
					return err
				}
			}
			next = ev.Reserve(prev, now)
		}
		if err := putRSVP(tx, rsvps, next); err != nil {
			return err
		}
		change := meetupbot.EventChange{}
		if err := settle(tx, ev, now, night, notify, &change); err != nil {
			return err
		}
		res = meetupbot.AnswerResult{Event: change.Event, Previous: prev, RSVP: next, Promoted: change.Promoted}
		return nil
	})
	if err != nil {
		return res, fmt.Errorf("reserve a place of %d at event %d: %w", userID, eventID, err)
	}
	return res, nil
}

// TellChange tells members of a change of start or venue once it settled
// (the notice due at due): against what they last heard, and not at all
// when the meetup is back where it was. The reconfirmation question that
// the change voided may be asked once this is done.
func (db *DB) TellChange(ctx context.Context, eventID int64, due time.Time, notify meetupbot.Notify) error {
	err := db.update(ctx, 0, func(tx *bolt.Tx) error {
		ev, err := getEvent(tx, eventID)
		if err != nil {
			return err
		}
		if ev.Notice == nil || !ev.Notice.Due.Equal(due) {
			return meetupbot.ErrJobDone
		}
		heard := ev.Heard()
		ev.Notice = nil
		if err := putJSON(tx.Bucket(bucketEvents), id64(ev.ID), ev); err != nil {
			return err
		}
		if heard.Start.Equal(ev.Start) && heard.Venue == ev.Venue {
			return nil
		}
		change := meetupbot.EventChange{Event: ev, Before: &heard}
		if change.Concerned, err = attendees(tx, ev.ID, meetupbot.Attendee.Concerned); err != nil {
			return err
		}
		return queueNotices(tx, notify, change)
	})
	if err != nil {
		return fmt.Errorf("tell of the change of event %d: %w", eventID, err)
	}
	return nil
}

// HeldUntil is when the first stored message held through the night may
// go, of those held until after after; zero when none is. Messages whose
// time came stay stored until Telegram has them: after leaves out those a
// wake already sent on their way.
func (db *DB) HeldUntil(ctx context.Context, after time.Time) (time.Time, error) {
	var first time.Time
	err := db.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketOutbox).ForEach(func(_, v []byte) error {
			var out meetupbot.Outgoing
			if err := unmarshal(v, &out); err != nil {
				return err
			}
			if out.NotBefore.After(after) && (first.IsZero() || out.NotBefore.Before(first)) {
				first = out.NotBefore
			}
			return nil
		})
	})
	return first, err
}

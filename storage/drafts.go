package storage

import (
	"context"
	"fmt"

	"github.com/meetupbot/meetupbot"
	bolt "go.etcd.io/bbolt"
)

// Draft returns the member's draft; one with Seq 0 when there is none.
func (db *DB) Draft(ctx context.Context, userID int64) (meetupbot.Draft, error) {
	var d meetupbot.Draft
	if err := db.record(ctx, bucketDrafts, userID, &d); err != nil {
		return meetupbot.Draft{}, fmt.Errorf("read draft of member %d: %w", userID, err)
	}
	return d, nil
}

// SaveDraft stores the member's draft, replacing any other. A draft with
// Seq 0 is a new one and gets the next number.
func (db *DB) SaveDraft(ctx context.Context, updateID int, userID int64, d meetupbot.Draft) (meetupbot.Draft, error) {
	err := db.update(ctx, updateID, func(tx *bolt.Tx) error {
		drafts := tx.Bucket(bucketDrafts)
		if d.Seq == 0 {
			seq, err := drafts.NextSequence()
			if err != nil {
				return err
			}
			d.Seq = int64(seq)
		}
		return putJSON(drafts, id64(userID), d)
	})
	if err != nil {
		return d, fmt.Errorf("save draft of member %d: %w", userID, err)
	}
	return d, nil
}

// SetDraftPrompt records the message that asked a draft's current
// question, if the draft is still at it (seq and step): an answer given
// meanwhile has moved on.
func (db *DB) SetDraftPrompt(ctx context.Context, userID, seq int64, step meetupbot.DraftStep, messageID int) error {
	return db.update(ctx, 0, func(tx *bolt.Tx) error {
		drafts := tx.Bucket(bucketDrafts)
		var d meetupbot.Draft
		if found, err := getJSON(drafts, id64(userID), &d); err != nil || !found || d.Seq != seq || d.Step != step {
			return err
		}
		d.Prompt = messageID
		return putJSON(drafts, id64(userID), d)
	})
}

// DropDraft deletes the member's draft and returns it (Seq 0 when there
// was none).
func (db *DB) DropDraft(ctx context.Context, updateID int, userID int64) (meetupbot.Draft, error) {
	var d meetupbot.Draft
	err := db.update(ctx, updateID, func(tx *bolt.Tx) error {
		drafts := tx.Bucket(bucketDrafts)
		if _, err := getJSON(drafts, id64(userID), &d); err != nil {
			return err
		}
		return drafts.Delete(id64(userID))
	})
	if err != nil {
		return meetupbot.Draft{}, fmt.Errorf("drop draft of member %d: %w", userID, err)
	}
	return d, nil
}

// CreateFromDraft creates the meetup of the member's draft seq and deletes
// the draft, in one transaction: pressing "create" twice, or after a
// restart, makes one meetup. A draft that is gone or replaced gives
// meetupbot.ErrDraftGone.
func (db *DB) CreateFromDraft(ctx context.Context, updateID int, userID, seq int64, ev meetupbot.Event) (meetupbot.Event, error) {
	err := db.update(ctx, updateID, func(tx *bolt.Tx) error {
		drafts := tx.Bucket(bucketDrafts)
		var d meetupbot.Draft
		if found, err := getJSON(drafts, id64(userID), &d); err != nil {
			return err
		} else if !found || d.Seq != seq {
			return meetupbot.ErrDraftGone
		}
		if err := drafts.Delete(id64(userID)); err != nil {
			return err
		}
		var err error
		ev, err = createEvent(tx, ev)
		return err
	})
	if err != nil {
		return ev, fmt.Errorf("create event from draft %d of member %d: %w", seq, userID, err)
	}
	return ev, nil
}

package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/meetupbot/meetupbot"
	bolt "go.etcd.io/bbolt"
)

// CheckinCode returns the meetup's check-in code, made with newCode (and
// remembered) the first time, so every printout of the QR code stays valid.
func (db *DB) CheckinCode(ctx context.Context, eventID int64, newCode func() string) (meetupbot.Event, error) {
	var ev meetupbot.Event
	err := db.update(ctx, 0, func(tx *bolt.Tx) error {
		var err error
		if ev, err = getEvent(tx, eventID); err != nil || ev.Checkin != "" {
			return err
		}
		ev.Checkin = newCode()
		if err := tx.Bucket(bucketCheckins).Put([]byte(ev.Checkin), id64(ev.ID)); err != nil {
			return err
		}
		return putJSON(tx.Bucket(bucketEvents), id64(ev.ID), ev)
	})
	if err != nil {
		return ev, fmt.Errorf("check-in code of event %d: %w", eventID, err)
	}
	return ev, nil
}

// EventByCheckin finds the meetup of a check-in code;
// meetupbot.ErrEventNotFound for a code that belongs to none.
func (db *DB) EventByCheckin(ctx context.Context, code string) (meetupbot.Event, error) {
	var ev meetupbot.Event
	err := db.view(ctx, func(tx *bolt.Tx) error {
		id := tx.Bucket(bucketCheckins).Get([]byte(code))
		if id == nil {
			return meetupbot.ErrEventNotFound
		}
		var err error
		ev, err = getEvent(tx, int64(beUint64(id)))
		return err
	})
	return ev, err
}

// CheckIn records that a member came (or, with undo, takes it back), with
// the update that asked, and returns the meetup and the member's answer as
// they are now, and whether anything changed.
func (db *DB) CheckIn(ctx context.Context, updateID int, eventID, userID int64, now time.Time, undo bool) (meetupbot.Event, meetupbot.RSVP, bool, error) {
	var ev meetupbot.Event
	r := meetupbot.RSVP{EventID: eventID, UserID: userID}
	var changed bool
	err := db.update(ctx, updateID, func(tx *bolt.Tx) error {
		var err error
		if ev, err = getEvent(tx, eventID); err != nil {
			return err
		}
		rsvps, _, err := eventBuckets(tx, ev.ID)
		if err != nil {
			return err
		}
		if _, err := getJSON(rsvps, id64(userID), &r); err != nil {
			return err
		}
		if undo {
			changed, err = ev.CheckOut(&r, now)
		} else {
			changed, err = ev.CheckIn(&r, now)
		}
		if err != nil || !changed {
			return err
		}
		if r.UpdatedAt.IsZero() {
			// A walk-in who never answered: the check-in is their record.
			r.UpdatedAt = now
		}
		if err := putJSON(rsvps, id64(userID), r); err != nil {
			return err
		}
		return putJSON(tx.Bucket(bucketEvents), id64(ev.ID), ev)
	})
	if err != nil {
		return ev, r, false, fmt.Errorf("check in %d at event %d: %w", userID, eventID, err)
	}
	return ev, r, changed, nil
}

// CountUnnamed adds delta people counted in at the door without a name.
func (db *DB) CountUnnamed(ctx context.Context, updateID int, eventID int64, delta int, now time.Time) (meetupbot.Event, error) {
	var ev meetupbot.Event
	err := db.update(ctx, updateID, func(tx *bolt.Tx) error {
		var err error
		if ev, err = getEvent(tx, eventID); err != nil {
			return err
		}
		if err := ev.CountUnnamed(delta, now); err != nil {
			return err
		}
		return putJSON(tx.Bucket(bucketEvents), id64(ev.ID), ev)
	})
	if err != nil {
		return ev, fmt.Errorf("count people without a name at event %d: %w", eventID, err)
	}
	return ev, nil
}

package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/meetupbot/meetupbot"
	bolt "go.etcd.io/bbolt"
)

// Each step of a reconfirmation marks itself done in the transaction that
// stores its messages, like reminders: a restart neither repeats a
// question nor loses a release.

// reconfirmable loads a meetup whose reconfirmation step may run for the
// start it was planned for.
func reconfirmable(tx *bolt.Tx, eventID int64, start time.Time) (meetupbot.Event, error) {
	ev, err := getEvent(tx, eventID)
	if err != nil {
		return ev, err
	}
	if ev.Cancelled || !ev.Start.Equal(start) {
		return ev, meetupbot.ErrJobDone
	}
	return ev, nil
}

// settle ends a step that freed places: those waiting move up, and the
// meetup is stored with the notices of the whole change.
func settle(tx *bolt.Tx, ev meetupbot.Event, now time.Time, notify meetupbot.Notify, change *meetupbot.EventChange) error {
	var err error
	if change.Promoted, err = promote(tx, &ev, now); err != nil {
		return err
	}
	change.Event = ev
	if err := putJSON(tx.Bucket(bucketEvents), id64(ev.ID), ev); err != nil {
		return err
	}
	return queueNotices(tx, notify, *change)
}

func going(a meetupbot.Attendee) bool { return a.Status == meetupbot.StatusGoing }

// AskReconfirm marks the members going of the meetup starting at start as
// asked, and stores the questions ask renders for them (nil asks nobody:
// the step is only marked done). Members who move up from now on have
// claimWithin to confirm.
func (db *DB) AskReconfirm(ctx context.Context, eventID int64, start, now time.Time, claimWithin time.Duration, ask func(meetupbot.Event, []meetupbot.Attendee) []meetupbot.Outgoing) error {
	err := db.update(ctx, 0, func(tx *bolt.Tx) error {
		ev, err := reconfirmable(tx, eventID, start)
		if err != nil {
			return err
		}
		if ev.Asked() {
			return meetupbot.ErrJobDone
		}
		ev.AskReconfirm(now, claimWithin)
		if err := putJSON(tx.Bucket(bucketEvents), id64(ev.ID), ev); err != nil {
			return err
		}
		if ask == nil {
			return nil
		}
		list, err := attendees(tx, ev.ID, going)
		if err != nil {
			return err
		}
		_, err = queue(tx, ask(ev, list))
		return err
	})
	if err != nil {
		return fmt.Errorf("ask to reconfirm event %d: %w", eventID, err)
	}
	return nil
}

// ReleaseUnconfirmed gives the places of members who did not reconfirm to
// the waiting list (as many as it can fill; see meetupbot.Event.Release),
// moves up those waiting, and stores the messages notify renders for it,
// in one transaction. With skip, the step is only marked done.
func (db *DB) ReleaseUnconfirmed(ctx context.Context, eventID int64, start, now time.Time, skip bool, notify meetupbot.Notify) (meetupbot.EventChange, error) {
	var change meetupbot.EventChange
	err := db.update(ctx, 0, func(tx *bolt.Tx) error {
		ev, err := reconfirmable(tx, eventID, start)
		if err != nil {
			return err
		}
		if !ev.Asked() || ev.Reconfirm.Released {
			return meetupbot.ErrJobDone
		}
		list, err := attendees(tx, ev.ID, going)
		if err != nil {
			return err
		}
		if skip {
			ev.Reconfirm.Released = true
			list = nil
		}
		answers := make([]meetupbot.RSVP, len(list))
		members := make(map[int64]meetupbot.Member, len(list))
		for i, a := range list {
			answers[i], members[a.UserID] = a.RSVP, a.Member
		}
		rsvps, _, err := eventBuckets(tx, ev.ID)
		if err != nil {
			return err
		}
		for _, r := range ev.Release(answers, now) {
			if err := putJSON(rsvps, id64(r.UserID), r); err != nil {
				return err
			}
			change.Released = append(change.Released, meetupbot.Attendee{RSVP: r, Member: members[r.UserID]})
		}
		return settle(tx, ev, now, notify, &change)
	})
	if err != nil {
		return change, fmt.Errorf("release unconfirmed places of event %d: %w", eventID, err)
	}
	return change, nil
}

// ExpireClaims returns the members whose claim ended by now without an
// answer to the end of the waiting list, moves up the next in line, and
// stores the messages notify renders for it, in one transaction.
func (db *DB) ExpireClaims(ctx context.Context, eventID int64, now time.Time, notify meetupbot.Notify) (meetupbot.EventChange, error) {
	var change meetupbot.EventChange
	err := db.update(ctx, 0, func(tx *bolt.Tx) error {
		ev, err := getEvent(tx, eventID)
		if err != nil {
			return err
		}
		var due []meetupbot.Claim
		for _, c := range ev.Claims {
			if !c.By.After(now) {
				due = append(due, c)
			}
		}
		if len(due) == 0 {
			return meetupbot.ErrJobDone
		}
		rsvps, waitlist, err := eventBuckets(tx, ev.ID)
		if err != nil {
			return err
		}
		for _, c := range due {
			a := meetupbot.Attendee{RSVP: meetupbot.RSVP{EventID: ev.ID, UserID: c.UserID}, Member: meetupbot.Member{ID: c.UserID}}
			if _, err := getJSON(rsvps, id64(c.UserID), &a.RSVP); err != nil {
				return err
			}
			moved := ev.ExpireClaim(&a.RSVP, now)
			// A claim whose answer changed meanwhile just ends.
			ev.DropClaim(c.UserID)
			if !moved {
				if a.Status == meetupbot.StatusGoing {
					if err := putJSON(rsvps, id64(c.UserID), a.RSVP); err != nil {
						return err
					}
				}
				continue
			}
			if err := putJSON(rsvps, id64(c.UserID), a.RSVP); err != nil {
				return err
			}
			if err := waitlist.Put(u64(uint64(a.Seq)), id64(c.UserID)); err != nil {
				return err
			}
			if _, err := getJSON(tx.Bucket(bucketMembers), id64(c.UserID), &a.Member); err != nil {
				return err
			}
			change.Expired = append(change.Expired, a)
		}
		return settle(tx, ev, now, notify, &change)
	})
	if err != nil {
		return change, fmt.Errorf("expire claims of event %d: %w", eventID, err)
	}
	return change, nil
}

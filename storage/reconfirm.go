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

// settle ends a step that freed places: those waiting move up, places
// nobody an offer can reach could take are opened to all, and the meetup is
// stored with the notices of the whole change.
func settle(tx *bolt.Tx, ev meetupbot.Event, now time.Time, night meetupbot.Night, notify meetupbot.Notify, change *meetupbot.EventChange) error {
	var err error
	if change.Promoted, err = promote(tx, &ev, now, night); err != nil {
		return err
	}
	if len(change.Released) > 0 || len(change.Expired) > 0 {
		change.Opened = ev.OpenUp(now)
	}
	change.Event = ev
	if err := putJSON(tx.Bucket(bucketEvents), id64(ev.ID), ev); err != nil {
		return err
	}
	return queueNotices(tx, notify, *change)
}

func going(a meetupbot.Attendee) bool { return a.Status == meetupbot.StatusGoing }

// AskReconfirm marks the members going of the meetup starting at start as
// asked, and stores the questions ask renders for those who must answer
// (nil asks nobody: the step is only marked done); a fresh yes counts as
// confirmed. Members who move up from now on have claimWithin to confirm.
func (db *DB) AskReconfirm(ctx context.Context, eventID int64, start, now time.Time, claimWithin time.Duration, ask func(meetupbot.Event, []meetupbot.Attendee) []meetupbot.Outgoing) error {
	err := db.update(ctx, 0, func(tx *bolt.Tx) error {
		ev, err := reconfirmable(tx, eventID, start)
		if err != nil {
			return err
		}
		if ev.Asked() {
			return meetupbot.ErrJobDone
		}
		list, err := attendees(tx, ev.ID, going)
		if err != nil {
			return err
		}
		answers := make([]meetupbot.RSVP, len(list))
		members := make(map[int64]meetupbot.Member, len(list))
		for i, a := range list {
			answers[i], members[a.UserID] = a.RSVP, a.Member
		}
		askedRSVPs, fresh := ev.AskReconfirm(now, claimWithin, answers)
		rsvps, _, err := eventBuckets(tx, ev.ID)
		if err != nil {
			return err
		}
		for _, r := range fresh {
			if err := putRSVP(tx, rsvps, r); err != nil {
				return err
			}
		}
		if err := putJSON(tx.Bucket(bucketEvents), id64(ev.ID), ev); err != nil {
			return err
		}
		if ask == nil || len(askedRSVPs) == 0 {
			return nil
		}
		asked := make([]meetupbot.Attendee, len(askedRSVPs))
		for i, r := range askedRSVPs {
			asked[i] = meetupbot.Attendee{RSVP: r, Member: members[r.UserID]}
		}
		_, err = queue(tx, ask(ev, asked))
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
func (db *DB) ReleaseUnconfirmed(ctx context.Context, eventID int64, start, now time.Time, skip bool, night meetupbot.Night, notify meetupbot.Notify) (meetupbot.EventChange, error) {
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
		waiting, err := waitingList(tx, ev.ID)
		if err != nil {
			return err
		}
		rsvps, _, err := eventBuckets(tx, ev.ID)
		if err != nil {
			return err
		}
		for _, r := range ev.Release(answers, waiting, now) {
			if err := putRSVP(tx, rsvps, r); err != nil {
				return err
			}
			change.Released = append(change.Released, meetupbot.Attendee{RSVP: r, Member: members[r.UserID]})
		}
		// The group's question is answered by now, one way or the other.
		if len(ev.Reconfirm.GroupAsks) > 0 {
			if err := stripButtons(tx, ev.Reconfirm.GroupAsks); err != nil {
				return err
			}
			ev.Reconfirm.GroupAsks = nil
		}
		return settle(tx, ev, now, night, notify, &change)
	})
	if err != nil {
		return change, fmt.Errorf("release unconfirmed places of event %d: %w", eventID, err)
	}
	return change, nil
}

// ExpireClaims returns the members whose claim ended by now without an
// answer to the end of the waiting list, moves up the next in line, and
// stores the messages notify renders for it, in one transaction.
func (db *DB) ExpireClaims(ctx context.Context, eventID int64, now time.Time, night meetupbot.Night, notify meetupbot.Notify) (meetupbot.EventChange, error) {
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
					if err := putRSVP(tx, rsvps, a.RSVP); err != nil {
						return err
					}
				}
				continue
			}
			if err := putRSVP(tx, rsvps, a.RSVP); err != nil {
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
		return settle(tx, ev, now, night, notify, &change)
	})
	if err != nil {
		return change, fmt.Errorf("expire claims of event %d: %w", eventID, err)
	}
	return change, nil
}

// waitingList is a meetup's waiting list in its order.
func waitingList(tx *bolt.Tx, eventID int64) ([]meetupbot.RSVP, error) {
	rsvps, waitlist, err := eventBuckets(tx, eventID)
	if err != nil {
		return nil, err
	}
	var list []meetupbot.RSVP
	err = waitlist.ForEach(func(_, v []byte) error {
		var r meetupbot.RSVP
		if _, err := getJSON(rsvps, v, &r); err != nil {
			return err
		}
		list = append(list, r)
		return nil
	})
	return list, err
}

package storage

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/meetupbot/meetupbot"
	bolt "go.etcd.io/bbolt"
)

// CreateEvent stores a new event and gives it the next event number.
func (db *DB) CreateEvent(ctx context.Context, updateID int, ev meetupbot.Event) (meetupbot.Event, error) {
	err := db.update(ctx, updateID, func(tx *bolt.Tx) error {
		var err error
		ev, err = createEvent(tx, ev)
		return err
	})
	if err != nil {
		return ev, fmt.Errorf("create event in chat %d: %w", ev.ChatID, err)
	}
	return ev, nil
}

func createEvent(tx *bolt.Tx, ev meetupbot.Event) (meetupbot.Event, error) {
	events := tx.Bucket(bucketEvents)
	seq, err := events.NextSequence()
	if err != nil {
		return ev, err
	}
	ev.ID = int64(seq)
	if err := putJSON(events, id64(ev.ID), ev); err != nil {
		return ev, err
	}
	return ev, tx.Bucket(bucketChatEvents).Put(pair(ev.ChatID, ev.ID), nil)
}

// Event returns one event.
func (db *DB) Event(ctx context.Context, id int64) (meetupbot.Event, error) {
	var ev meetupbot.Event
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var err error
		ev, err = getEvent(tx, id)
		return err
	})
	return ev, err
}

func getEvent(tx *bolt.Tx, id int64) (meetupbot.Event, error) {
	var ev meetupbot.Event
	found, err := getJSON(tx.Bucket(bucketEvents), id64(id), &ev)
	if err != nil {
		return ev, err
	}
	if !found {
		return ev, fmt.Errorf("event %d: %w", id, meetupbot.ErrEventNotFound)
	}
	return ev, nil
}

// Events lists a chat's events that start at or after from, soonest first.
func (db *DB) Events(ctx context.Context, chatID int64, from time.Time) ([]meetupbot.Event, error) {
	var events []meetupbot.Event
	err := db.view(ctx, func(tx *bolt.Tx) error {
		for _, id := range chatEventIDs(tx, chatID) {
			ev, err := getEvent(tx, id)
			if err != nil {
				return err
			}
			if !ev.Start.Before(from) {
				events = append(events, ev)
			}
		}
		return nil
	})
	sort.SliceStable(events, func(i, j int) bool { return events[i].Start.Before(events[j].Start) })
	return events, err
}

// EditEvent changes an event, promotes waiting members into places the
// change freed (a larger capacity), and stores the messages notify renders
// for the change, in one transaction. An error from edit changes nothing;
// notify may be nil.
func (db *DB) EditEvent(ctx context.Context, updateID int, id int64, now time.Time, edit func(*meetupbot.Event) error, night meetupbot.Night, notify meetupbot.Notify) (meetupbot.EventChange, error) {
	var change meetupbot.EventChange
	err := db.update(ctx, updateID, func(tx *bolt.Tx) error {
		ev, err := getEvent(tx, id)
		if err != nil {
			return err
		}
		before := ev
		if err := edit(&ev); err != nil {
			return err
		}
		moved := !ev.Cancelled && (!ev.Start.Equal(before.Start) || ev.Venue != before.Venue)
		if moved {
			ev.MovedAt = now
			if err := forgetConfirmations(tx, &ev); err != nil {
				return err
			}
			// Members hear of it once the organizer's changes settled.
			ev.NoteChange(before, now)
		}
		if err := syncSpeakerSeats(tx, before, &ev, now); err != nil {
			return err
		}
		change.Promoted, err = promote(tx, &ev, now, night)
		if err != nil {
			return err
		}
		if ev.Cancelled && !before.Cancelled {
			change.Cancelled = true
			// The cancellation says all there is to say.
			ev.Notice = nil
		}
		if moved || ev.Cancelled != before.Cancelled || ev.Title != before.Title || ev.Description != before.Description {
			// Calendars that imported the meetup replace it by this.
			ev.Sequence++
			ev.UpdatedAt = now
		}
		change.Event = ev
		if change.Cancelled {
			if change.Concerned, err = attendees(tx, ev.ID, meetupbot.Attendee.Concerned); err != nil {
				return err
			}
		}
		if err := putJSON(tx.Bucket(bucketEvents), id64(ev.ID), ev); err != nil {
			return err
		}
		return queueNotices(tx, notify, change)
	})
	if err != nil {
		return change, fmt.Errorf("edit event %d: %w", id, err)
	}
	return change, nil
}

// forgetConfirmations clears the meetup's confirmations and claims: it
// moved or changed its venue, so the question is asked anew.
func forgetConfirmations(tx *bolt.Tx, ev *meetupbot.Event) error {
	if ev.Reconfirm == nil {
		return nil
	}
	if len(ev.Reconfirm.GroupAsks) > 0 {
		if err := stripButtons(tx, ev.Reconfirm.GroupAsks); err != nil {
			return err
		}
	}
	ev.Replanned()
	rsvps, _, err := eventBuckets(tx, ev.ID)
	if err != nil {
		return err
	}
	var changed []meetupbot.RSVP
	err = rsvps.ForEach(func(_, v []byte) error {
		var r meetupbot.RSVP
		if err := unmarshal(v, &r); err != nil {
			return err
		}
		if ev.Unconfirm(&r) || len(r.Asks) > 0 {
			changed = append(changed, r)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range changed {
		// The question of the old evening is moot: its buttons go.
		if err := dropQueuedAsks(tx, r.EventID, r.UserID); err != nil {
			return err
		}
		if err := stripButtons(tx, r.Asks); err != nil {
			return err
		}
		r.Asks = nil
		if err := putJSON(rsvps, id64(r.UserID), r); err != nil {
			return err
		}
	}
	return nil
}

// Answer applies a member's answer, the promotions it causes and the
// messages notify renders for them in one transaction. Its cost depends on
// the waiting list ahead of the member, never on the number of answers
// stored.
func (db *DB) Answer(ctx context.Context, updateID int, eventID, userID int64, a meetupbot.Answer, now time.Time, night meetupbot.Night, notify meetupbot.Notify) (meetupbot.AnswerResult, error) {
	var res meetupbot.AnswerResult
	err := db.update(ctx, updateID, func(tx *bolt.Tx) error {
		ev, err := getEvent(tx, eventID)
		if err != nil {
			return err
		}
		var refused error
		if res, refused, err = answer(tx, &ev, userID, a, now, night); err != nil {
			return err
		}
		if refused != nil {
			return refused
		}
		if err := putJSON(tx.Bucket(bucketEvents), id64(ev.ID), ev); err != nil {
			return err
		}
		return queueNotices(tx, notify, meetupbot.EventChange{Event: ev, Promoted: res.Promoted})
	})
	if err != nil {
		return res, fmt.Errorf("answer of %d for event %d: %w", userID, eventID, err)
	}
	return res, nil
}

// answer applies one answer to ev, which the caller stores. The rules may
// refuse the answer (refused, with nothing changed); err is a failure of the
// database.
func answer(tx *bolt.Tx, ev *meetupbot.Event, userID int64, a meetupbot.Answer, now time.Time, night meetupbot.Night) (res meetupbot.AnswerResult, refused, err error) {
	rsvps, waitlist, err := eventBuckets(tx, ev.ID)
	if err != nil {
		return res, nil, err
	}
	prev := meetupbot.RSVP{EventID: ev.ID, UserID: userID}
	if _, err := getJSON(rsvps, id64(userID), &prev); err != nil {
		return res, nil, err
	}
	next, refused := meetupbot.Apply(ev, prev, a, now)
	if refused != nil {
		return res, refused, nil
	}
	if prev.Status == meetupbot.StatusWaiting && next.Status != meetupbot.StatusWaiting {
		if err := waitlist.Delete(u64(uint64(prev.Seq))); err != nil {
			return res, nil, err
		}
	}
	if next.Status == meetupbot.StatusWaiting && prev.Seq != next.Seq {
		if err := waitlist.Put(u64(uint64(next.Seq)), id64(userID)); err != nil {
			return res, nil, err
		}
	}
	if err := putRSVP(tx, rsvps, next); err != nil {
		return res, nil, err
	}
	promoted, err := promote(tx, ev, now, night)
	if err != nil {
		return res, nil, err
	}
	for _, p := range promoted {
		if p.UserID == userID {
			next = p.RSVP
		}
	}
	if next.Status == meetupbot.StatusWaiting {
		res.Position = position(waitlist, next.Seq)
	}
	res.Event, res.Previous, res.RSVP, res.Promoted = *ev, prev, next, promoted
	return res, nil, nil
}

// AnswerPresses applies a batch of button presses in one transaction, so a
// burst costs one commit (one fsync) per batch rather than per press. Each
// press also records its member and its update as handled; a press handled
// before (redelivered after a crash) is marked Duplicate and changes
// nothing. A press that fails on its own (a full meetup, a button of
// another chat, refused by allow) carries its error and does not stop the
// others. Each meetup is read and written once per batch, and notify renders
// its notices once, for all the batch's promotions.
func (db *DB) AnswerPresses(ctx context.Context, presses []meetupbot.Press, now time.Time, allow func(meetupbot.Event, meetupbot.Press) bool, nights meetupbot.Nights, notify meetupbot.Notify) ([]meetupbot.PressResult, error) {
	results := make([]meetupbot.PressResult, len(presses))
	err := db.update(ctx, 0, func(tx *bolt.Tx) error {
		handled := tx.Bucket(bucketHandled)
		events := map[int64]*meetupbot.Event{}
		promoted := map[int64][]meetupbot.Attendee{}
		if err := rememberPresses(tx, presses, now); err != nil {
			return err
		}
		for i, p := range presses {
			res := &results[i]
			if handled.Get(u64(uint64(p.UpdateID))) != nil {
				res.Duplicate = true
				continue
			}
			member, _, err := touch(tx, p.Chat, p.Member, true)
			if err != nil {
				return err
			}
			res.Member = member
			ev, ok := events[p.EventID]
			if !ok {
				// A missing meetup is cached too, as the zero event.
				loaded, err := getEvent(tx, p.EventID)
				if err != nil && !errors.Is(err, meetupbot.ErrEventNotFound) {
					return err
				}
				ev = &loaded
				events[p.EventID] = ev
			}
			switch {
			case ev.ID == 0:
				res.Err = meetupbot.ErrEventNotFound
			case !allow(*ev, p):
				res.Err = meetupbot.ErrWrongChat
			case p.For != 0 && p.For != p.Member.ID:
				// An offer made to somebody else: nothing changes, and the
				// toast says whose it is.
				res.Err, res.Event = meetupbot.ErrNotYours, *ev
				res.Owner = meetupbot.Member{ID: p.For}
				if _, err := getJSON(tx.Bucket(bucketMembers), id64(p.For), &res.Owner); err != nil {
					return err
				}
			default:
				answered, refused, err := answer(tx, ev, p.Member.ID, p.Answer, now, nights.Of(ev.ChatID))
				if err != nil {
					return err
				}
				res.AnswerResult, res.Err = answered, refused
				if refused != nil {
					res.Event = *ev
				}
				promoted[ev.ID] = append(promoted[ev.ID], answered.Promoted...)
			}
			if err := handled.Put(u64(uint64(p.UpdateID)), nil); err != nil {
				return err
			}
		}
		for id, ev := range events {
			if ev.ID == 0 {
				continue
			}
			if err := putJSON(tx.Bucket(bucketEvents), id64(id), ev); err != nil {
				return err
			}
			if err := queueNotices(tx, notify, meetupbot.EventChange{Event: *ev, Promoted: promoted[id]}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("answer %d presses: %w", len(presses), err)
	}
	return results, nil
}

// pressMemory is how long the callback queries of stored presses are kept,
// so that presses stored but not answered when the process died can be
// answered after a restart.
const pressMemory = time.Minute

// rememberPresses keeps the batch's callback queries under the time they
// were stored, and forgets those older than pressMemory.
func rememberPresses(tx *bolt.Tx, presses []meetupbot.Press, now time.Time) error {
	b := tx.Bucket(bucketPressed)
	var stale [][]byte
	c := b.Cursor()
	cutoff := uint64(now.Add(-pressMemory).UnixNano())
	for k, _ := c.First(); k != nil && beUint64(k[:8]) < cutoff; k, _ = c.Next() {
		stale = append(stale, k)
	}
	if err := deleteKeys(b, stale); err != nil {
		return err
	}
	for _, p := range presses {
		if p.QueryID == "" {
			continue
		}
		key := append(u64(uint64(now.UnixNano())), p.QueryID...)
		if err := b.Put(key, nil); err != nil {
			return err
		}
	}
	return nil
}

// PressedSince lists the callback queries of presses stored since since.
func (db *DB) PressedSince(ctx context.Context, since time.Time) ([]string, error) {
	var ids []string
	err := db.view(ctx, func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketPressed).Cursor()
		for k, _ := c.Seek(u64(uint64(max(since.UnixNano(), 0)))); k != nil; k, _ = c.Next() {
			ids = append(ids, string(k[8:]))
		}
		return nil
	})
	return ids, err
}

// promote offers free places to waiting members in arrival order. It stops
// as soon as no place is left, so a full event costs nothing here.
func promote(tx *bolt.Tx, ev *meetupbot.Event, now time.Time, night meetupbot.Night) ([]meetupbot.Attendee, error) {
	if !ev.WantsPromotion(now) {
		return nil, nil
	}
	rsvps, waitlist, err := eventBuckets(tx, ev.ID)
	if err != nil {
		return nil, err
	}
	var promoted []meetupbot.Attendee
	var done [][]byte
	c := waitlist.Cursor()
	for k, v := c.First(); k != nil && ev.WantsPromotion(now); k, v = c.Next() {
		var r meetupbot.RSVP
		if _, err := getJSON(rsvps, v, &r); err != nil {
			return nil, err
		}
		if !ev.Promote(&r, now, night) {
			continue
		}
		if err := putRSVP(tx, rsvps, r); err != nil {
			return nil, err
		}
		done = append(done, k)
		a := meetupbot.Attendee{RSVP: r, Member: meetupbot.Member{ID: r.UserID}}
		if _, err := getJSON(tx.Bucket(bucketMembers), v, &a.Member); err != nil {
			return nil, err
		}
		promoted = append(promoted, a)
	}
	for _, k := range done {
		if err := waitlist.Delete(k); err != nil {
			return nil, err
		}
	}
	return promoted, nil
}

func position(waitlist *bolt.Bucket, seq int64) int {
	n := 0
	c := waitlist.Cursor()
	for k, _ := c.First(); k != nil && beUint64(k) <= uint64(seq); k, _ = c.Next() {
		n++
	}
	return n
}

func eventBuckets(tx *bolt.Tx, eventID int64) (rsvps, waitlist *bolt.Bucket, err error) {
	rsvps, err = tx.Bucket(bucketRSVPs).CreateBucketIfNotExists(id64(eventID))
	if err != nil {
		return nil, nil, err
	}
	waitlist, err = tx.Bucket(bucketWaitlist).CreateBucketIfNotExists(id64(eventID))
	return rsvps, waitlist, err
}

// Attendees lists every answer for an event in the order it was given; for
// waiting members that is the order of the waiting list.
func (db *DB) Attendees(ctx context.Context, eventID int64) ([]meetupbot.Attendee, error) {
	var list []meetupbot.Attendee
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var err error
		list, err = attendees(tx, eventID, nil)
		return err
	})
	return list, err
}

// attendees lists an event's answers that keep holds (all for nil), in the
// order they were given.
func attendees(tx *bolt.Tx, eventID int64, keep func(meetupbot.Attendee) bool) ([]meetupbot.Attendee, error) {
	var list []meetupbot.Attendee
	b := tx.Bucket(bucketRSVPs).Bucket(id64(eventID))
	if b == nil {
		return nil, nil
	}
	members := tx.Bucket(bucketMembers)
	err := b.ForEach(func(k, v []byte) error {
		var a meetupbot.Attendee
		if err := unmarshal(v, &a.RSVP); err != nil {
			return err
		}
		a.Member.ID = a.UserID
		if _, err := getJSON(members, k, &a.Member); err != nil {
			return err
		}
		if keep == nil || keep(a) {
			list = append(list, a)
		}
		return nil
	})
	sort.Slice(list, func(i, j int) bool { return list[i].Seq < list[j].Seq })
	return list, err
}

// queueNotices stores what notify renders for a change, in the change's
// transaction.
func queueNotices(tx *bolt.Tx, notify meetupbot.Notify, change meetupbot.EventChange) error {
	if notify == nil {
		return nil
	}
	outs := notify(change)
	if len(outs) == 0 {
		return nil
	}
	_, err := queue(tx, outs)
	return err
}

func beUint64(b []byte) uint64 { return binary.BigEndian.Uint64(b) }

func unmarshal(data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("decode record: %w", err)
	}
	return nil
}

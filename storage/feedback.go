package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/meetupbot/meetupbot"
	bolt "go.etcd.io/bbolt"
)

func ratingKey(eventID int64, talk int, userID int64) []byte {
	return append(append(id64(eventID), u64(uint64(talk))...), id64(userID)...)
}

// AskFeedback marks a meetup's feedback asked and its talks given, and
// stores the questions ask renders for those who were there (nil asks
// nobody, and nothing is summed up later), in one transaction.
func (db *DB) AskFeedback(ctx context.Context, eventID int64, now time.Time, ask func(meetupbot.Event, []meetupbot.Attendee) []meetupbot.Outgoing) error {
	err := db.update(ctx, 0, func(tx *bolt.Tx) error {
		ev, err := getEvent(tx, eventID)
		if err != nil {
			return err
		}
		if !ev.FeedbackAsked.IsZero() {
			return meetupbot.ErrJobDone
		}
		ev.FeedbackAsked = now
		for _, s := range ev.Speakers {
			if t, err := getTalk(tx, s.TalkID); err == nil && t.State == meetupbot.TalkScheduled && t.EventID == ev.ID {
				t.State = meetupbot.TalkGiven
				if err := putJSON(tx.Bucket(bucketTalks), id64(t.ID), t); err != nil {
					return err
				}
			}
		}
		var outs []meetupbot.Outgoing
		if ask == nil {
			ev.Summarized = true
		} else {
			there, err := attendees(tx, ev.ID, func(a meetupbot.Attendee) bool { return ev.WasThere(a.RSVP) })
			if err != nil {
				return err
			}
			outs = ask(ev, there)
		}
		if err := putJSON(tx.Bucket(bucketEvents), id64(ev.ID), ev); err != nil {
			return err
		}
		_, err = queue(tx, outs)
		return err
	})
	if err != nil {
		return fmt.Errorf("ask for feedback on event %d: %w", eventID, err)
	}
	return nil
}

// Rate stores a member's stars for a talk of a meetup they were at,
// replacing earlier ones, and returns the meetup.
func (db *DB) Rate(ctx context.Context, updateID int, r meetupbot.Rating) (meetupbot.Event, error) {
	var ev meetupbot.Event
	err := db.update(ctx, updateID, func(tx *bolt.Tx) error {
		var err error
		if ev, err = getEvent(tx, r.EventID); err != nil {
			return err
		}
		if ev.FeedbackAsked.IsZero() || ev.Summarized {
			return meetupbot.ErrJobDone
		}
		var answer meetupbot.RSVP
		if rsvps := tx.Bucket(bucketRSVPs).Bucket(id64(ev.ID)); rsvps != nil {
			if _, err := getJSON(rsvps, id64(r.UserID), &answer); err != nil {
				return err
			}
		}
		if !ev.WasThere(answer) {
			return meetupbot.ErrWrongChat
		}
		ratings := tx.Bucket(bucketRatings)
		key := ratingKey(r.EventID, r.Talk, r.UserID)
		var prev meetupbot.Rating
		if _, err := getJSON(ratings, key, &prev); err != nil {
			return err
		}
		if err := ev.Rate(prev, r); err != nil {
			return err
		}
		r.Comment = prev.Comment
		if err := putJSON(ratings, key, r); err != nil {
			return err
		}
		return putJSON(tx.Bucket(bucketEvents), id64(ev.ID), ev)
	})
	if err != nil {
		return ev, fmt.Errorf("rate talk %d of event %d: %w", r.Talk, r.EventID, err)
	}
	return ev, nil
}

// Comment adds a member's comment to their rating, and ends the draft
// that waited for it, in one transaction.
func (db *DB) Comment(ctx context.Context, updateID int, r meetupbot.Rating, comment string) error {
	err := db.update(ctx, updateID, func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketDrafts).Delete(id64(r.UserID)); err != nil {
			return err
		}
		ratings := tx.Bucket(bucketRatings)
		key := ratingKey(r.EventID, r.Talk, r.UserID)
		var stored meetupbot.Rating
		if found, err := getJSON(ratings, key, &stored); err != nil {
			return err
		} else if !found {
			return meetupbot.ErrNotRated
		}
		stored.Comment = comment
		return putJSON(ratings, key, stored)
	})
	if err != nil {
		return fmt.Errorf("comment on talk %d of event %d: %w", r.Talk, r.EventID, err)
	}
	return nil
}

// SummarizeFeedback marks a meetup's feedback summed up, copies each
// talk's score to its proposal, and stores the summaries summarize renders
// from the ratings, in one transaction.
func (db *DB) SummarizeFeedback(ctx context.Context, eventID int64, summarize func(meetupbot.Event, []meetupbot.Rating) []meetupbot.Outgoing) error {
	err := db.update(ctx, 0, func(tx *bolt.Tx) error {
		ev, err := getEvent(tx, eventID)
		if err != nil {
			return err
		}
		if ev.FeedbackAsked.IsZero() || ev.Summarized {
			return meetupbot.ErrJobDone
		}
		ev.Summarized = true
		for _, s := range ev.Speakers {
			if t, err := getTalk(tx, s.TalkID); err == nil {
				t.Score = s.Score
				if err := putJSON(tx.Bucket(bucketTalks), id64(t.ID), t); err != nil {
					return err
				}
			}
		}
		var ratings []meetupbot.Rating
		c := tx.Bucket(bucketRatings).Cursor()
		prefix := id64(eventID)
		for k, v := c.Seek(prefix); k != nil && string(k[:8]) == string(prefix); k, v = c.Next() {
			var r meetupbot.Rating
			if err := unmarshal(v, &r); err != nil {
				return err
			}
			ratings = append(ratings, r)
		}
		if err := putJSON(tx.Bucket(bucketEvents), id64(ev.ID), ev); err != nil {
			return err
		}
		_, err = queue(tx, summarize(ev, ratings))
		return err
	})
	if err != nil {
		return fmt.Errorf("sum up feedback on event %d: %w", eventID, err)
	}
	return nil
}

// memberRatings lists a member's ratings.
func memberRatings(tx *bolt.Tx, userID int64) (keys [][]byte, ratings []meetupbot.Rating, err error) {
	err = tx.Bucket(bucketRatings).ForEach(func(k, v []byte) error {
		if beUint64(k[16:]) != uint64(userID) {
			return nil
		}
		var r meetupbot.Rating
		if err := unmarshal(v, &r); err != nil {
			return err
		}
		keys, ratings = append(keys, append([]byte(nil), k...)), append(ratings, r)
		return nil
	})
	return keys, ratings, err
}

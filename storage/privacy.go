package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/meetupbot/meetupbot"
	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// MemberData collects everything stored about a member.
func (db *DB) MemberData(ctx context.Context, userID int64) (meetupbot.MemberData, error) {
	data := meetupbot.MemberData{Member: meetupbot.Member{ID: userID}}
	groups, err := db.MemberGroups(ctx, userID)
	if err != nil {
		return data, err
	}
	data.Groups = groups
	err = db.view(ctx, func(tx *bolt.Tx) error {
		if _, err := getJSON(tx.Bucket(bucketMembers), id64(userID), &data.Member); err != nil {
			return err
		}
		data.Pending = string(tx.Bucket(bucketPending).Get(id64(userID)))
		var draft meetupbot.Draft
		if found, err := getJSON(tx.Bucket(bucketDrafts), id64(userID), &draft); err != nil {
			return err
		} else if found {
			data.Draft = &draft
		}
		rsvps := tx.Bucket(bucketRSVPs)
		err := eachEvent(tx, func(ev meetupbot.Event) error {
			if ev.CreatedBy == userID {
				data.Created = append(data.Created, ev)
			}
			if b := rsvps.Bucket(id64(ev.ID)); b != nil {
				var r meetupbot.RSVP
				if found, err := getJSON(b, id64(userID), &r); err != nil || !found {
					return err
				}
				data.Answers = append(data.Answers, meetupbot.MemberAnswer{Event: ev, RSVP: r})
			}
			return nil
		})
		if err != nil {
			return err
		}
		err = tx.Bucket(bucketTalks).ForEach(func(_, v []byte) error {
			var t meetupbot.Talk
			if err := unmarshal(v, &t); err != nil || t.ProposerID != userID {
				return err
			}
			data.Proposals = append(data.Proposals, t)
			return nil
		})
		if err != nil {
			return err
		}
		if _, data.Ratings, err = memberRatings(tx, userID); err != nil {
			return err
		}
		posts, err := chatPosts(tx, 0)
		for _, p := range posts {
			if p.CreatedBy == userID {
				data.Posts = append(data.Posts, p)
			}
		}
		return err
	})
	if err != nil {
		return data, fmt.Errorf("collect data of member %d: %w", userID, err)
	}
	return data, nil
}

// Forget deletes a member's name, username, settings and answers everywhere,
// in one transaction. Meetups not yet started lose the member's answer from
// their counts, and the places it frees go to the waiting list; past
// meetups keep their counts, which no longer name anybody. Meetups and posts
// the member set up stay, without their name. notify renders the notices
// to those who move up, stored in the same transaction, as are told (what
// organizers are told of talks that stay, anonymised).
func (db *DB) Forget(ctx context.Context, updateID int, userID int64, now time.Time, nights meetupbot.Nights, notify meetupbot.Notify, told []meetupbot.Outgoing) ([]meetupbot.EventChange, error) {
	var changes []meetupbot.EventChange
	err := db.update(ctx, updateID, func(tx *bolt.Tx) error {
		var err error
		if changes, err = forgetAnswers(tx, userID, now, nights); err != nil {
			return err
		}
		if _, err := dropOutbox(tx, userID); err != nil {
			return err
		}
		for _, c := range changes {
			if err := queueNotices(tx, notify, c); err != nil {
				return err
			}
		}
		if _, err := queue(tx, told); err != nil {
			return err
		}
		if err := forgetAuthorship(tx, userID); err != nil {
			return err
		}
		if err := forgetProposals(tx, userID); err != nil {
			return err
		}
		// The talks' scores stay; who gave which stars goes.
		keys, _, err := memberRatings(tx, userID)
		if err != nil {
			return err
		}
		if err := deleteKeys(tx.Bucket(bucketRatings), keys); err != nil {
			return err
		}
		if err := deletePrefix(tx.Bucket(bucketMemberChats), id64(userID)); err != nil {
			return err
		}
		if err := tx.Bucket(bucketPending).Delete(id64(userID)); err != nil {
			return err
		}
		if err := tx.Bucket(bucketDrafts).Delete(id64(userID)); err != nil {
			return err
		}
		return tx.Bucket(bucketMembers).Delete(id64(userID))
	})
	if err != nil {
		return nil, fmt.Errorf("forget member %d: %w", userID, err)
	}
	return changes, nil
}

func forgetAnswers(tx *bolt.Tx, userID int64, now time.Time, nights meetupbot.Nights) ([]meetupbot.EventChange, error) {
	var changes []meetupbot.EventChange
	var answered []int64
	err := tx.Bucket(bucketRSVPs).ForEachBucket(func(k []byte) error {
		if tx.Bucket(bucketRSVPs).Bucket(k).Get(id64(userID)) != nil {
			answered = append(answered, int64(beUint64(k)))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, eventID := range answered {
		ev, err := getEvent(tx, eventID)
		if err != nil {
			return nil, err
		}
		rsvps, waitlist, err := eventBuckets(tx, eventID)
		if err != nil {
			return nil, err
		}
		var r meetupbot.RSVP
		if _, err := getJSON(rsvps, id64(userID), &r); err != nil {
			return nil, err
		}
		if err := rsvps.Delete(id64(userID)); err != nil {
			return nil, err
		}
		if r.Status == meetupbot.StatusWaiting {
			if err := waitlist.Delete(u64(uint64(r.Seq))); err != nil {
				return nil, err
			}
		}
		if err := dropQueuedAsks(tx, eventID, userID); err != nil {
			return nil, err
		}
		lapsed := len(ev.Lapsed)
		ev.Lapsed = slices.DeleteFunc(ev.Lapsed, func(id int64) bool { return id == userID })
		if ev.Open(now) != nil {
			// The counts of a meetup that began stay; a claim or a lapsed
			// offer it still holds names the member.
			if ev.DropClaim(userID) || len(ev.Lapsed) != lapsed {
				if err := putJSON(tx.Bucket(bucketEvents), id64(ev.ID), ev); err != nil {
					return nil, err
				}
			}
			continue
		}
		ev.Withdraw(r)
		promoted, err := promote(tx, &ev, now, nights.Of(ev.ChatID))
		if err != nil {
			return nil, err
		}
		if err := putJSON(tx.Bucket(bucketEvents), id64(ev.ID), ev); err != nil {
			return nil, err
		}
		changes = append(changes, meetupbot.EventChange{Event: ev, Promoted: promoted})
	}
	return changes, nil
}

// forgetProposals deletes the member's declined proposals. The others stay
// without their proposer: a new one can still be decided, one in reserve
// keeps the group's votes, and one scheduled or given keeps the name the
// meetup shows, but no longer its speaker's account.
func forgetProposals(tx *bolt.Tx, userID int64) error {
	talks := tx.Bucket(bucketTalks)
	var mine []meetupbot.Talk
	err := talks.ForEach(func(_, v []byte) error {
		var t meetupbot.Talk
		if err := unmarshal(v, &t); err != nil || t.ProposerID != userID {
			return err
		}
		mine = append(mine, t)
		return nil
	})
	if err != nil {
		return err
	}
	for _, t := range mine {
		if t.State != meetupbot.TalkDeclined {
			t.ProposerID = 0
			if err := putJSON(talks, id64(t.ID), t); err != nil {
				return err
			}
			if err := forgetSpeaker(tx, t, userID); err != nil {
				return err
			}
			continue
		}
		if err := talks.Delete(id64(t.ID)); err != nil {
			return err
		}
		if err := tx.Bucket(bucketGroupTalks).Delete(pair(t.GroupID, t.ID)); err != nil {
			return err
		}
	}
	return nil
}

// forgetSpeaker unlinks a talk's place on its meetup's programme from the
// member, so no speaker's reminder or answer reaches or comes from them.
func forgetSpeaker(tx *bolt.Tx, t meetupbot.Talk, userID int64) error {
	if t.EventID == 0 {
		return nil
	}
	ev, err := getEvent(tx, t.EventID)
	if err != nil {
		return err
	}
	if i := speakerOf(ev, t.ID); i >= 0 && ev.Speakers[i].MemberID == userID {
		ev.Speakers[i].MemberID = 0
		return putJSON(tx.Bucket(bucketEvents), id64(ev.ID), ev)
	}
	return nil
}

func forgetAuthorship(tx *bolt.Tx, userID int64) error {
	events := tx.Bucket(bucketEvents)
	var authored []meetupbot.Event
	err := eachEvent(tx, func(ev meetupbot.Event) error {
		if ev.CreatedBy == userID {
			authored = append(authored, ev)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, ev := range authored {
		ev.CreatedBy = 0
		if err := putJSON(events, id64(ev.ID), ev); err != nil {
			return err
		}
	}
	posts, err := chatPosts(tx, 0)
	if err != nil {
		return err
	}
	for _, p := range posts {
		if p.CreatedBy == userID {
			p.CreatedBy = 0
			if err := putJSON(tx.Bucket(bucketPosts), id64(p.ID), p); err != nil {
				return err
			}
		}
	}
	return nil
}

// deletePrefix deletes every key starting with prefix; keys are collected
// first, since deleting while iterating skips keys in bbolt.
func deletePrefix(b *bolt.Bucket, prefix []byte) error {
	var keys [][]byte
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && string(k[:len(prefix)]) == string(prefix); k, _ = c.Next() {
		keys = append(keys, append([]byte{}, k...))
	}
	return deleteKeys(b, keys)
}

func deleteKeys(b *bolt.Bucket, keys [][]byte) error {
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// AnonymizeBefore deletes the answers (and with them the names) of meetups
// that started before cutoff; their counts stay. It returns how many
// meetups it anonymised.
func (db *DB) AnonymizeBefore(ctx context.Context, cutoff time.Time) (int, error) {
	n := 0
	err := db.update(ctx, 0, func(tx *bolt.Tx) error {
		events := tx.Bucket(bucketEvents)
		var old []meetupbot.Event
		err := eachEvent(tx, func(ev meetupbot.Event) error {
			if ev.Start.Before(cutoff) && !ev.Anonymized {
				old = append(old, ev)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, ev := range old {
			for _, name := range [][]byte{bucketRSVPs, bucketWaitlist} {
				if err := tx.Bucket(name).DeleteBucket(id64(ev.ID)); err != nil && !errors.Is(err, bolterrors.ErrBucketNotFound) {
					return err
				}
			}
			if err := deletePrefix(tx.Bucket(bucketRatings), id64(ev.ID)); err != nil {
				return err
			}
			ev.Anonymized, ev.Cards, ev.Claims = true, nil, nil
			if err := putJSON(events, id64(ev.ID), ev); err != nil {
				return err
			}
		}
		n = len(old)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("anonymise meetups before %s: %w", cutoff.Format(time.DateOnly), err)
	}
	return n, nil
}

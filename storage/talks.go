package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/meetupbot/meetupbot"
	bolt "go.etcd.io/bbolt"
)

// ProposeTalk stores a member's proposal, at most
// meetupbot.MaxOpenProposals open ones per member and group. With
// draftSeq, it is the end of that draft of the member's, which goes in the
// same transaction (meetupbot.ErrDraftGone if it is gone already).
func (db *DB) ProposeTalk(ctx context.Context, updateID int, t meetupbot.Talk, draftSeq int64) (meetupbot.Talk, error) {
	err := db.update(ctx, updateID, func(tx *bolt.Tx) error {
		if draftSeq != 0 {
			drafts := tx.Bucket(bucketDrafts)
			var d meetupbot.Draft
			if found, err := getJSON(drafts, id64(t.ProposerID), &d); err != nil {
				return err
			} else if !found || d.Seq != draftSeq {
				return meetupbot.ErrDraftGone
			}
			if err := drafts.Delete(id64(t.ProposerID)); err != nil {
				return err
			}
		}
		talks, err := groupTalks(tx, t.GroupID)
		if err != nil {
			return err
		}
		open := 0
		for _, other := range talks {
			if other.ProposerID == t.ProposerID && other.Open() {
				open++
			}
		}
		if open >= meetupbot.MaxOpenProposals {
			return meetupbot.ErrTooManyProposals
		}
		seq, err := tx.Bucket(bucketTalks).NextSequence()
		if err != nil {
			return err
		}
		t.ID = int64(seq)
		if err := putJSON(tx.Bucket(bucketTalks), id64(t.ID), t); err != nil {
			return err
		}
		return tx.Bucket(bucketGroupTalks).Put(pair(t.GroupID, t.ID), nil)
	})
	if err != nil {
		return t, fmt.Errorf("propose a talk in group %d: %w", t.GroupID, err)
	}
	return t, nil
}

// Talk returns one proposal.
func (db *DB) Talk(ctx context.Context, id int64) (meetupbot.Talk, error) {
	var t meetupbot.Talk
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var err error
		t, err = getTalk(tx, id)
		return err
	})
	return t, err
}

func getTalk(tx *bolt.Tx, id int64) (meetupbot.Talk, error) {
	var t meetupbot.Talk
	found, err := getJSON(tx.Bucket(bucketTalks), id64(id), &t)
	if err == nil && !found {
		err = fmt.Errorf("talk %d: %w", id, meetupbot.ErrTalkNotFound)
	}
	return t, err
}

// Talks lists a group's proposals in the order they came.
func (db *DB) Talks(ctx context.Context, groupID int64) ([]meetupbot.Talk, error) {
	var talks []meetupbot.Talk
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var err error
		talks, err = groupTalks(tx, groupID)
		return err
	})
	return talks, err
}

func groupTalks(tx *bolt.Tx, groupID int64) ([]meetupbot.Talk, error) {
	var talks []meetupbot.Talk
	c := tx.Bucket(bucketGroupTalks).Cursor()
	prefix := id64(groupID)
	for k, _ := c.Seek(prefix); k != nil && string(k[:8]) == string(prefix); k, _ = c.Next() {
		t, err := getTalk(tx, int64(beUint64(k[8:])))
		if err != nil {
			return nil, err
		}
		talks = append(talks, t)
	}
	return talks, nil
}

// AddTalkCard remembers a copy of a proposal sent to an organizer, to
// update it once somebody decides.
func (db *DB) AddTalkCard(ctx context.Context, id int64, ref meetupbot.MessageRef) error {
	return db.update(ctx, 0, func(tx *bolt.Tx) error {
		t, err := getTalk(tx, id)
		if err != nil {
			return err
		}
		t.Cards = append(t.Cards, ref)
		return putJSON(tx.Bucket(bucketTalks), id64(id), t)
	})
}

// DecideTalk applies an organizer's decision on a proposal (and, for
// eventID, the meetup it is scheduled for) and stores the messages notify
// renders for it, in one transaction: of two organizers deciding at once,
// the second finds the proposal decided. A speaker put on the programme
// gets a reserved place; one taken off keeps an ordinary yes.
func (db *DB) DecideTalk(ctx context.Context, updateID int, id, eventID int64, now time.Time, decide func(*meetupbot.Talk, *meetupbot.Event) error, notify func(meetupbot.Talk, meetupbot.Event) []meetupbot.Outgoing) (meetupbot.Talk, meetupbot.Event, error) {
	var t meetupbot.Talk
	var ev meetupbot.Event
	err := db.update(ctx, updateID, func(tx *bolt.Tx) error {
		var err error
		if t, err = getTalk(tx, id); err != nil {
			return err
		}
		if eventID != 0 {
			if ev, err = getEvent(tx, eventID); err != nil {
				return err
			}
		}
		before := ev
		if err := decide(&t, &ev); err != nil {
			return err
		}
		if err := putJSON(tx.Bucket(bucketTalks), id64(t.ID), t); err != nil {
			return err
		}
		if eventID != 0 {
			if err := syncSpeakerSeats(tx, before, &ev, now); err != nil {
				return err
			}
			if err := putJSON(tx.Bucket(bucketEvents), id64(ev.ID), ev); err != nil {
				return err
			}
		}
		if notify == nil {
			return nil
		}
		_, err = queue(tx, notify(t, ev))
		return err
	})
	if err != nil {
		return t, ev, fmt.Errorf("decide on talk %d: %w", id, err)
	}
	return t, ev, nil
}

// StartTalkPoll records the poll on a group's reserve once Telegram has it.
func (db *DB) StartTalkPoll(ctx context.Context, groupID int64, poll meetupbot.TalkPoll) error {
	_, err := db.UpdateChat(ctx, 0, groupID, func(c *meetupbot.Chat) { c.TalkPoll = &poll })
	return err
}

// RecordTalkPoll stores the votes of a poll on a reserve (votes[i] for its
// i-th talk), and that it closed; it reports false for a poll that is no
// group's talk poll.
func (db *DB) RecordTalkPoll(ctx context.Context, updateID int, pollID string, votes []int, closed bool) (bool, error) {
	found := false
	err := db.update(ctx, updateID, func(tx *bolt.Tx) error {
		chats := tx.Bucket(bucketChats)
		var group meetupbot.Chat
		err := chats.ForEach(func(_, v []byte) error {
			var c meetupbot.Chat
			if err := unmarshal(v, &c); err != nil {
				return err
			}
			if c.TalkPoll != nil && c.TalkPoll.PollID == pollID {
				group, found = c, true
			}
			return nil
		})
		if err != nil || !found {
			return err
		}
		for i, id := range group.TalkPoll.TalkIDs {
			t, err := getTalk(tx, id)
			if errors.Is(err, meetupbot.ErrTalkNotFound) || i >= len(votes) {
				// A talk forgotten since the poll began keeps no votes.
				continue
			}
			if err != nil {
				return err
			}
			t.Votes = votes[i]
			if err := putJSON(tx.Bucket(bucketTalks), id64(t.ID), t); err != nil {
				return err
			}
		}
		group.TalkPoll.Closed = group.TalkPoll.Closed || closed
		return putJSON(chats, id64(group.ID), group)
	})
	if err != nil {
		return false, fmt.Errorf("record the votes of poll %s: %w", pollID, err)
	}
	return found, nil
}

// RemindSpeaker marks the reminder of a meetup's talk sent and stores its
// messages, in one transaction; meetupbot.ErrJobDone when it was sent, or
// the talk or the start changed.
func (db *DB) RemindSpeaker(ctx context.Context, eventID, talkID int64, start time.Time, outs []meetupbot.Outgoing) error {
	err := db.update(ctx, 0, func(tx *bolt.Tx) error {
		ev, err := reconfirmable(tx, eventID, start)
		if err != nil {
			return err
		}
		i := speakerOf(ev, talkID)
		if i < 0 || ev.Speakers[i].Reminded {
			return meetupbot.ErrJobDone
		}
		ev.Speakers[i].Reminded = true
		if err := putJSON(tx.Bucket(bucketEvents), id64(ev.ID), ev); err != nil {
			return err
		}
		_, err = queue(tx, outs)
		return err
	})
	if err != nil {
		return fmt.Errorf("remind the speaker of talk %d at event %d: %w", talkID, eventID, err)
	}
	return nil
}

func speakerOf(ev meetupbot.Event, talkID int64) int {
	for i, s := range ev.Speakers {
		if s.TalkID == talkID {
			return i
		}
	}
	return -1
}

// AnswerSpeaker records a speaker's answer to the reminder: still coming,
// or withdrawn (the talk goes back to the reserve), with the messages
// notify renders for it. Only the talk's speaker may answer.
func (db *DB) AnswerSpeaker(ctx context.Context, updateID int, eventID, talkID, userID int64, ok bool, now time.Time, notify func(meetupbot.Talk, meetupbot.Event) []meetupbot.Outgoing) (meetupbot.Talk, meetupbot.Event, error) {
	return db.DecideTalk(ctx, updateID, talkID, eventID, now, func(t *meetupbot.Talk, ev *meetupbot.Event) error {
		i := speakerOf(*ev, talkID)
		if i < 0 || ev.Speakers[i].MemberID != userID || t.State != meetupbot.TalkScheduled {
			return meetupbot.ErrAlreadyDecided
		}
		if err := ev.Open(now); err != nil {
			return err
		}
		if ok {
			ev.Speakers[i].Confirmed = true
			return nil
		}
		return t.Withdraw(ev)
	}, notify)
}

package meetupbot

import (
	"errors"
	"time"
)

// Talks come from the members: proposed privately, decided by the first
// organizer who answers, kept in reserve until a meetup has room for them.

// Limits of a proposal.
const (
	MaxTalkTitleLen  = 120
	MaxAbstractLen   = 1000
	MaxOpenProposals = 3
)

// Why a proposal or a decision is refused.
var (
	ErrTooManyProposals = errors.New("too many open proposals")
	ErrAlreadyDecided   = errors.New("proposal already decided")
	ErrTalkNotFound     = errors.New("no such talk")
)

// TalkState is where a proposal stands.
type TalkState uint8

// The states of a proposal.
const (
	// TalkNew waits for an organizer's decision.
	TalkNew TalkState = iota
	// TalkReserve is accepted for a later meetup.
	TalkReserve
	// TalkScheduled is on a meetup's running order.
	TalkScheduled
	// TalkGiven was held.
	TalkGiven
	// TalkDeclined was not accepted; its title is never shown to members.
	TalkDeclined
)

// Talk is a proposal for a talk and what became of it.
type Talk struct {
	ID      int64 `json:"id"`
	GroupID int64 `json:"group_id"`
	// ProposerID is the member who proposed it; 0 once they asked to be
	// forgotten.
	ProposerID int64     `json:"proposer_id"`
	Title      string    `json:"title"`
	Abstract   string    `json:"abstract"`
	Link       string    `json:"link,omitempty"`
	State      TalkState `json:"state"`
	// EventID is the meetup it is scheduled for, or was given at.
	EventID   int64     `json:"event_id,omitempty"`
	DecidedBy int64     `json:"decided_by,omitempty"`
	DecidedAt time.Time `json:"decided_at,omitzero"`
	CreatedAt time.Time `json:"created_at"`
	// Cards are the copies of the proposal sent to the organizers, updated
	// once one of them decides.
	Cards []MessageRef `json:"cards,omitempty"`
	// Votes are the group's votes for it in the last poll on the reserve.
	Votes int `json:"votes,omitempty"`
	// Score is what those who heard it gave it, once summed up.
	Score Score `json:"score,omitzero"`
}

// MaxPollTalks is how many reserve talks a poll offers: Telegram's limit
// of options.
const MaxPollTalks = 10

// TalkPoll is a group's poll on its reserve of talks: a native Telegram
// poll whose options are the talks, in order.
type TalkPoll struct {
	PollID    string  `json:"poll_id"`
	MessageID int     `json:"message_id"`
	TalkIDs   []int64 `json:"talk_ids"`
	Closed    bool    `json:"closed,omitempty"`
}

// Open reports whether the proposal still counts against its proposer's
// limit: not decided yet, or waiting in reserve.
func (t Talk) Open() bool { return t.State == TalkNew || t.State == TalkReserve }

// Decide records an organizer's decision on a new proposal: the first one
// wins.
func (t *Talk) Decide(state TalkState, by int64, now time.Time) error {
	if t.State != TalkNew {
		return ErrAlreadyDecided
	}
	t.State, t.DecidedBy, t.DecidedAt = state, by, now
	return nil
}

// Withdraw takes a scheduled talk off its meetup, as when its speaker
// cannot come: it goes back to the reserve.
func (t *Talk) Withdraw(ev *Event) error {
	if t.State != TalkScheduled || ev.ID != t.EventID {
		return ErrAlreadyDecided
	}
	for i, s := range ev.Speakers {
		if s.TalkID == t.ID {
			ev.Speakers = append(ev.Speakers[:i:i], ev.Speakers[i+1:]...)
			break
		}
	}
	t.State, t.EventID = TalkReserve, 0
	return nil
}

// Slot is one talk in a new running order: its current number (from 1)
// and its length (0 for open).
type Slot struct {
	Number, Minutes int
}

// MaxTalkMinutes bounds a talk's length.
const MaxTalkMinutes = 240

// Reorder sets the running order: order names every talk once, by its
// number now, with its length.
func (e *Event) Reorder(order []Slot) error {
	if len(order) != len(e.Speakers) {
		return ErrNoSpeaker
	}
	seen := make([]bool, len(e.Speakers))
	next := make([]Speaker, len(order))
	for i, slot := range order {
		if slot.Number < 1 || slot.Number > len(e.Speakers) || seen[slot.Number-1] {
			return ErrNoSpeaker
		}
		seen[slot.Number-1] = true
		next[i] = e.Speakers[slot.Number-1]
		next[i].Minutes = slot.Minutes
	}
	e.Speakers = next
	return nil
}

// Schedule puts a new or reserve talk on a meetup's running order, with its
// proposer (named speaker) as the speaker.
func (t *Talk) Schedule(ev *Event, speaker string, by int64, now time.Time) error {
	if !t.Open() {
		return ErrAlreadyDecided
	}
	if ev.ChatID != t.GroupID {
		return ErrWrongChat
	}
	if err := ev.Open(now); err != nil {
		return err
	}
	if err := ev.AddSpeaker(Speaker{Name: speaker, Topic: t.Title, Link: t.Link, TalkID: t.ID, MemberID: t.ProposerID, Added: now}); err != nil {
		return err
	}
	if t.State == TalkNew {
		t.DecidedBy, t.DecidedAt = by, now
	}
	t.State, t.EventID = TalkScheduled, ev.ID
	return nil
}

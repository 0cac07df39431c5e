package meetupbot

import (
	"errors"
	"time"
)

// A Draft is a guided exchange in a member's private chat: a thing being
// made one question at a time (a meetup, or a talk proposal), the answers
// so far, and the question asked last. It is stored, so a restart in the middle of it
// loses nothing, and a member has at most one.
type Draft struct {
	// Seq numbers a member's drafts, so a button of an earlier draft, or
	// an earlier question, is recognised as outdated.
	Seq     int64     `json:"seq"`
	Kind    DraftKind `json:"kind,omitempty"`
	GroupID int64     `json:"group_id"`
	Step    DraftStep `json:"step"`
	// Revising is set when the member went back from the preview to change
	// one answer: the preview follows that answer at once.
	Revising bool `json:"revising,omitempty"`
	// Event (or Talk) holds the answers given.
	Event Event `json:"event"`
	Talk  Talk  `json:"talk,omitzero"`
	// Rating is the rating a comment is for.
	Rating Rating `json:"rating,omitzero"`
	// Offers are the common answers offered as buttons with the question
	// asked last; a press answers with the offer's value, as if typed.
	Offers []Offer `json:"offers,omitempty"`
	// Prompt is the message that asked the current question, whose buttons
	// go once it is answered.
	Prompt    int       `json:"prompt,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
}

// DraftKind is what a draft makes.
type DraftKind string

// The kinds of drafts; a meetup's is the zero kind, as drafts stored
// before talks existed were.
const (
	DraftEvent   DraftKind = ""
	DraftTalk    DraftKind = "talk"
	DraftComment DraftKind = "comment"
)

// DraftStep is a question of a guided exchange, or the preview.
type DraftStep string

// The questions of the guided exchanges, in order, and the preview that
// follows a meetup's.
const (
	StepWhen     DraftStep = "when"
	StepTitle    DraftStep = "title"
	StepVenue    DraftStep = "venue"
	StepPlaces   DraftStep = "places"
	StepPreview  DraftStep = "preview"
	StepTopic    DraftStep = "topic"
	StepAbstract DraftStep = "abstract"
	StepLink     DraftStep = "link"
	StepComment  DraftStep = "comment"
)

// EventSteps are the questions for a new meetup; TalkSteps those for a
// talk proposal.
var (
	EventSteps = []DraftStep{StepWhen, StepTitle, StepVenue, StepPlaces}
	TalkSteps  = []DraftStep{StepTopic, StepAbstract, StepLink}
)

// Steps are the draft's questions, in order.
func (d Draft) Steps() []DraftStep {
	switch d.Kind {
	case DraftTalk:
		return TalkSteps
	case DraftComment:
		return []DraftStep{StepComment}
	}
	return EventSteps
}

// Offer is a common answer to a question, offered as a button.
type Offer struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// DraftIdle is how long a draft waits for its next answer. Past it, a
// private message is no longer taken as an answer: nobody remembers a
// question from days ago.
const DraftIdle = 24 * time.Hour

// ErrDraftGone means a draft was finished, cancelled or replaced before
// the button pressed for it.
var ErrDraftGone = errors.New("draft is gone")

// Active reports whether the draft still waits for an answer at now.
func (d Draft) Active(now time.Time) bool {
	return d.Seq != 0 && now.Sub(d.UpdatedAt) < DraftIdle
}

// Answered moves the draft past step once it is answered: to the next
// question, or to the preview after the last one or after a revision.
func (d *Draft) Answered(step DraftStep) {
	d.Offers, d.Prompt = nil, 0
	if d.Revising {
		d.Step, d.Revising = StepPreview, false
		return
	}
	steps := d.Steps()
	d.Step = StepPreview
	for i, s := range steps[:len(steps)-1] {
		if s == step {
			d.Step = steps[i+1]
		}
	}
}

// Number is the current question's place among the draft's, from 1 (0 for
// the preview).
func (d Draft) Number() int {
	for i, step := range d.Steps() {
		if step == d.Step {
			return i + 1
		}
	}
	return 0
}

// Known reports whether s is a question (or the preview) of some draft.
func (s DraftStep) Known() bool {
	for _, steps := range [][]DraftStep{EventSteps, TalkSteps, {StepPreview, StepComment}} {
		for _, step := range steps {
			if step == s {
				return true
			}
		}
	}
	return false
}

// SuggestStarts proposes when a group's next meetup could be, from its
// last ones (newest last): the last one's rhythm carried on, and the same
// weekday and time in the coming week (or the week after the last one,
// if that is still ahead). A group without history gets none.
func SuggestStarts(past []Event, now time.Time, loc *time.Location) []time.Time {
	if len(past) == 0 {
		return nil
	}
	last := past[len(past)-1].Start.In(loc)
	var starts []time.Time
	if len(past) > 1 {
		// The rhythm in whole weeks, as meetups keep their weekday.
		weeks := int(last.Sub(past[len(past)-2].Start).Hours()/24/7 + 0.5)
		if weeks > 0 {
			next := last.AddDate(0, 0, 7*weeks)
			for !next.After(now) {
				next = next.AddDate(0, 0, 7*weeks)
			}
			starts = append(starts, next)
		}
	}
	// After the last meetup, should it still be ahead.
	from := now
	if last.After(from) {
		from = last
	}
	local := from.In(loc)
	days := (int(last.Weekday()) - int(local.Weekday()) + 7) % 7
	week := time.Date(local.Year(), local.Month(), local.Day()+days, last.Hour(), last.Minute(), 0, 0, loc)
	if !week.After(from) {
		week = week.AddDate(0, 0, 7)
	}
	if len(starts) == 0 || !starts[0].Equal(week) {
		starts = append(starts, week)
	}
	return starts
}

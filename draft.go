package meetupbot

import (
	"errors"
	"time"
)

// A Draft is a guided exchange in a member's private chat: a thing being
// made one question at a time (a meetup, for now), the answers so far, and
// the question asked last. It is stored, so a restart in the middle of it
// loses nothing, and a member has at most one.
type Draft struct {
	// Seq numbers a member's drafts, so a button of an earlier draft, or
	// an earlier question, is recognised as outdated.
	Seq     int64     `json:"seq"`
	GroupID int64     `json:"group_id"`
	Step    DraftStep `json:"step"`
	// Revising is set when the member went back from the preview to change
	// one answer: the preview follows that answer at once.
	Revising bool `json:"revising,omitempty"`
	// Event holds the answers given.
	Event Event `json:"event"`
	// Offers are the common answers offered as buttons with the question
	// asked last; a press answers with the offer's value, as if typed.
	Offers []Offer `json:"offers,omitempty"`
	// Prompt is the message that asked the current question, whose buttons
	// go once it is answered.
	Prompt    int       `json:"prompt,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
}

// DraftStep is a question of the guided creation, or the preview.
type DraftStep string

// The questions of the guided creation, in order, and the preview that
// follows them.
const (
	StepWhen    DraftStep = "when"
	StepTitle   DraftStep = "title"
	StepVenue   DraftStep = "venue"
	StepPlaces  DraftStep = "places"
	StepPreview DraftStep = "preview"
)

// EventSteps are the questions for a new meetup.
var EventSteps = []DraftStep{StepWhen, StepTitle, StepVenue, StepPlaces}

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
	d.Step = StepPreview
	for i, s := range EventSteps[:len(EventSteps)-1] {
		if s == step {
			d.Step = EventSteps[i+1]
		}
	}
}

// Number is the question's place among EventSteps, from 1 (0 for the
// preview).
func (s DraftStep) Number() int {
	for i, step := range EventSteps {
		if step == s {
			return i + 1
		}
	}
	return 0
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

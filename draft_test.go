package meetupbot

import (
	"slices"
	"testing"
	"time"
)

func TestSuggestStarts(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	at := func(month time.Month, day, hour int) time.Time {
		return time.Date(2026, month, day, hour, 0, 0, 0, berlin)
	}
	held := func(starts ...time.Time) []Event {
		events := make([]Event, len(starts))
		for i, s := range starts {
			events[i] = Event{Start: s}
		}
		return events
	}
	now := at(12, 1, 10) // a Tuesday
	tests := []struct {
		name string
		past []Event
		want []time.Time
	}{
		{"no history", nil, nil},
		{"one past Thursday", held(at(11, 26, 19)), []time.Time{at(12, 3, 19)}},
		{"one Thursday still ahead", held(at(12, 3, 19)), []time.Time{at(12, 10, 19)}},
		// Eight weeks after 1 October is 26 November, already past; the
		// rhythm goes on to 21 January.
		{"every eight weeks", held(at(8, 6, 19), at(10, 1, 19)), []time.Time{time.Date(2027, 1, 21, 19, 0, 0, 0, berlin), at(12, 3, 19)}},
		{"weekly, last one ahead", held(at(11, 26, 19), at(12, 3, 19)), []time.Time{at(12, 10, 19)}},
		{"summer time to winter time keeps the hour", held(at(10, 1, 19), at(10, 15, 19)), []time.Time{at(12, 10, 19), at(12, 3, 19)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SuggestStarts(tt.past, now, berlin)
			if !slices.EqualFunc(got, tt.want, time.Time.Equal) {
				t.Errorf("SuggestStarts = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDraftMovesThroughItsQuestions(t *testing.T) {
	tests := []struct {
		name     string
		draft    Draft
		answered DraftStep
		want     DraftStep
	}{
		{"when, then title", Draft{Step: StepWhen}, StepWhen, StepTitle},
		{"title, then venue", Draft{Step: StepTitle}, StepTitle, StepVenue},
		{"venue, then places", Draft{Step: StepVenue}, StepVenue, StepPlaces},
		{"places, then preview", Draft{Step: StepPlaces}, StepPlaces, StepPreview},
		{"a revision goes back to the preview", Draft{Step: StepWhen, Revising: true}, StepWhen, StepPreview},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.draft
			d.Offers, d.Prompt = []Offer{{Label: "x"}}, 12
			d.Answered(tt.answered)
			if d.Step != tt.want || d.Revising || d.Offers != nil || d.Prompt != 0 {
				t.Errorf("after answering %s: %+v, want step %s with no offers, prompt or revision", tt.answered, d, tt.want)
			}
		})
	}
	for _, kind := range []DraftKind{DraftEvent, DraftTalk} {
		d := Draft{Kind: kind}
		for i, step := range d.Steps() {
			d.Step = step
			if d.Number() != i+1 || !step.Known() {
				t.Errorf("%s.Number() = %d, want %d", step, d.Number(), i+1)
			}
		}
	}
	if (Draft{Step: StepPreview}).Number() != 0 || DraftStep("sometime").Known() {
		t.Error("the preview is numbered, or an unknown step is known")
	}
	talk := Draft{Kind: DraftTalk, Step: StepTopic}
	talk.Answered(StepTopic)
	if talk.Step != StepAbstract {
		t.Errorf("after a talk's title: %s, want the abstract", talk.Step)
	}
}

func TestDraftActive(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		draft Draft
		want  bool
	}{
		{"none", Draft{}, false},
		{"fresh", Draft{Seq: 1, UpdatedAt: now.Add(-time.Hour)}, true},
		{"idle a day", Draft{Seq: 1, UpdatedAt: now.Add(-DraftIdle)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.draft.Active(now); got != tt.want {
				t.Errorf("Active() = %v, want %v", got, tt.want)
			}
		})
	}
}

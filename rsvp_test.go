package meetupbot

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

var (
	now   = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	later = now.Add(72 * time.Hour)
)

func TestApply(t *testing.T) {
	tests := []struct {
		name       string
		capacity   int
		tally      Tally
		prev       RSVP
		answer     Answer
		want       RSVP
		wantTally  Tally
		wantErr    error
		cancelled  bool
		eventStart time.Time
	}{
		{
			name:      "first yes fits",
			capacity:  2,
			answer:    Answer{Status: StatusGoing},
			want:      RSVP{Status: StatusGoing, Seq: 1},
			wantTally: Tally{Going: 1},
		},
		{
			name:      "yes with guests when full waits",
			capacity:  2,
			tally:     Tally{Going: 1},
			answer:    Answer{Status: StatusGoing, Guests: 1},
			want:      RSVP{Status: StatusWaiting, Guests: 1, Seq: 1},
			wantTally: Tally{Going: 1, WaitingPeople: 2},
		},
		{
			name:      "unlimited always fits",
			tally:     Tally{Going: 500},
			answer:    Answer{Status: StatusGoing, Guests: 3},
			want:      RSVP{Status: StatusGoing, Guests: 3, Seq: 1},
			wantTally: Tally{Going: 501, Guests: 3},
		},
		{
			name:      "maybe to going",
			capacity:  5,
			tally:     Tally{Maybe: 1},
			prev:      RSVP{Status: StatusMaybe, Seq: 4},
			answer:    Answer{Status: StatusGoing},
			want:      RSVP{Status: StatusGoing, Seq: 5},
			wantTally: Tally{Going: 1},
		},
		{
			name:      "going to declined frees the seat and drops guests",
			capacity:  5,
			tally:     Tally{Going: 1, Guests: 2},
			prev:      RSVP{Status: StatusGoing, Guests: 2, Seq: 2},
			answer:    Answer{Status: StatusDeclined, Guests: 4},
			want:      RSVP{Status: StatusDeclined, Seq: 3},
			wantTally: Tally{Declined: 1},
		},
		{
			name:      "plus one when going",
			capacity:  5,
			tally:     Tally{Going: 1},
			prev:      RSVP{Status: StatusGoing},
			answer:    Answer{AddGuest: true},
			want:      RSVP{Status: StatusGoing, Guests: 1},
			wantTally: Tally{Going: 1, Guests: 1},
		},
		{
			name:      "plus one with no room is refused",
			capacity:  2,
			tally:     Tally{Going: 2},
			prev:      RSVP{Status: StatusGoing},
			answer:    Answer{AddGuest: true},
			want:      RSVP{Status: StatusGoing},
			wantTally: Tally{Going: 2},
			wantErr:   ErrNoRoom,
		},
		{
			name:      "plus one before answering says yes with a guest",
			capacity:  5,
			answer:    Answer{AddGuest: true},
			want:      RSVP{Status: StatusGoing, Guests: 1, Seq: 1},
			wantTally: Tally{Going: 1, Guests: 1},
		},
		{
			name:      "plus one while waiting grows the waiting party",
			capacity:  2,
			tally:     Tally{Going: 2, WaitingPeople: 1},
			prev:      RSVP{Status: StatusWaiting, Seq: 1},
			answer:    Answer{AddGuest: true},
			want:      RSVP{Status: StatusWaiting, Guests: 1, Seq: 1},
			wantTally: Tally{Going: 2, WaitingPeople: 2},
		},
		{
			name:      "going button keeps guests",
			capacity:  5,
			tally:     Tally{Going: 1, Guests: 2},
			prev:      RSVP{Status: StatusGoing, Guests: 2},
			answer:    Answer{Status: StatusGoing, KeepGuests: true},
			want:      RSVP{Status: StatusGoing, Guests: 2},
			wantTally: Tally{Going: 1, Guests: 2},
		},
		{
			name:      "fewer guests by rsvp",
			capacity:  5,
			tally:     Tally{Going: 1, Guests: 2},
			prev:      RSVP{Status: StatusGoing, Guests: 2},
			answer:    Answer{Status: StatusGoing},
			want:      RSVP{Status: StatusGoing},
			wantTally: Tally{Going: 1},
		},
		{
			name:      "too many guests",
			capacity:  50,
			answer:    Answer{Status: StatusGoing, Guests: MaxGuests + 1},
			want:      RSVP{},
			wantErr:   ErrTooManyGuests,
			wantTally: Tally{},
		},
		{
			name:      "cancelled event",
			cancelled: true,
			answer:    Answer{Status: StatusGoing},
			wantErr:   ErrEventCancelled,
		},
		{
			name:       "started event",
			eventStart: now.Add(-time.Minute),
			answer:     Answer{Status: StatusGoing},
			wantErr:    ErrEventOver,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := later
			if !tt.eventStart.IsZero() {
				start = tt.eventStart
			}
			ev := &Event{ID: 1, Capacity: tt.capacity, Tally: tt.tally, Start: start, Cancelled: tt.cancelled, NextSeq: tt.prev.Seq}
			tt.prev.EventID = 1
			got, err := Apply(ev, tt.prev, tt.answer, now)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Apply(%+v) error = %v, want %v", tt.answer, err, tt.wantErr)
			}
			if err != nil {
				if !reflect.DeepEqual(got, tt.prev) || ev.Tally != tt.tally {
					t.Errorf("Apply(%+v) failed but changed state: %+v, tally %+v", tt.answer, got, ev.Tally)
				}
				return
			}
			tt.want.EventID, tt.want.UpdatedAt, tt.want.AnsweredAt = 1, now, now
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Apply(%+v) = %+v, want %+v", tt.answer, got, tt.want)
			}
			if ev.Tally != tt.wantTally {
				t.Errorf("Apply(%+v) tally = %+v, want %+v", tt.answer, ev.Tally, tt.wantTally)
			}
		})
	}
}

func TestPromoteSkipsPartiesThatDoNotFit(t *testing.T) {
	ev := &Event{ID: 1, Capacity: 3, Start: later}
	var rs []RSVP
	for range 3 {
		r, _ := Apply(ev, RSVP{}, Answer{Status: StatusGoing}, now)
		rs = append(rs, r)
	}
	big, _ := Apply(ev, RSVP{}, Answer{Status: StatusGoing, Guests: 2}, now)
	small, _ := Apply(ev, RSVP{}, Answer{Status: StatusGoing}, now)
	if big.Status != StatusWaiting || small.Status != StatusWaiting || big.Seq >= small.Seq {
		t.Fatalf("waiting list = %+v, %+v; want both waiting in arrival order", big, small)
	}
	rs[0], _ = Apply(ev, rs[0], Answer{Status: StatusDeclined}, now)
	if !ev.WantsPromotion(now) {
		t.Fatalf("WantsPromotion() = false with %d free and %d waiting", ev.Free(), ev.Tally.WaitingPeople)
	}
	if ev.Promote(&big, now, Night{}) {
		t.Errorf("Promote(party of 3) with 1 free place = true")
	}
	if !ev.Promote(&small, now, Night{}) || small.Status != StatusGoing {
		t.Errorf("Promote(party of 1) with 1 free place: %+v", small)
	}
	if want := (Tally{Going: 3, Declined: 1, WaitingPeople: 3}); ev.Tally != want {
		t.Errorf("tally = %+v, want %+v", ev.Tally, want)
	}
	if ev.WantsPromotion(now) {
		t.Errorf("WantsPromotion() = true with a full event")
	}
}

func TestParseLang(t *testing.T) {
	tests := []struct {
		code string
		want Lang
		ok   bool
	}{
		{"de", German, true}, {"de-AT", German, true}, {"en-GB", English, true}, {"fr", "", false}, {"", "", false},
	}
	for _, tt := range tests {
		if got, ok := ParseLang(tt.code); got != tt.want || ok != tt.ok {
			t.Errorf("ParseLang(%q) = %q, %v, want %q, %v", tt.code, got, ok, tt.want, tt.ok)
		}
	}
}

func TestPartyLargerThanTheMeetupIsRefused(t *testing.T) {
	ev := &Event{ID: 1, Capacity: 2, Start: time.Date(2027, 1, 1, 19, 0, 0, 0, time.UTC)}
	now := ev.Start.Add(-time.Hour)
	prev := RSVP{EventID: 1, UserID: 7}
	if _, err := Apply(ev, prev, Answer{Status: StatusGoing, Guests: 2}, now); !errors.Is(err, ErrPartyTooLarge) {
		t.Errorf("party of 3 for 2 places: %v, want ErrPartyTooLarge", err)
	}
	if ev.Tally != (Tally{}) {
		t.Errorf("refused answer changed the tally: %+v", ev.Tally)
	}
	if got, err := Apply(ev, prev, Answer{Status: StatusGoing, Guests: 1}, now); err != nil || got.Status != StatusGoing {
		t.Errorf("party of 2 for 2 places: %+v, %v", got, err)
	}
}

package meetupbot

import (
	"testing"
	"time"
)

func TestFiguresOf(t *testing.T) {
	tests := []struct {
		name string
		ev   Event
		want Figures
	}{
		{"no check-in: nothing known", Event{Tally: Tally{Going: 10, Guests: 2}, Released: 1}, Figures{Yes: 12, Released: 1}},
		{"with check-in", Event{Tally: Tally{Going: 10, Guests: 2}, Promoted: 3, Attendance: Attendance{Confirmed: 6, Unconfirmed: 1, Guests: 1, WalkIns: 2, Maybe: 1, Unnamed: 1}},
			Figures{DoorUsed: true, Yes: 12, Came: 8, NoShows: 4, WalkIns: 3, Promoted: 3}},
		{"more came than said yes", Event{Tally: Tally{Going: 2}, Attendance: Attendance{Unconfirmed: 2, Guests: 1}},
			Figures{DoorUsed: true, Yes: 2, Came: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FiguresOf(tt.ev)
			got.Event = Event{}
			if got.DoorUsed != tt.want.DoorUsed || got.Yes != tt.want.Yes || got.Came != tt.want.Came || got.NoShows != tt.want.NoShows ||
				got.WalkIns != tt.want.WalkIns || got.Released != tt.want.Released || got.Promoted != tt.want.Promoted {
				t.Errorf("FiguresOf = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestForecast(t *testing.T) {
	past := func(tally Tally, came Attendance) Event {
		return Event{Start: now.Add(-30 * 24 * time.Hour), Tally: tally, Attendance: came}
	}
	// Two evenings: 20 confirmed of whom 18 came, 20 unconfirmed of whom
	// 10 came, 10 maybes of whom 2 came, 4 guests of whom 3 came.
	history := []Event{
		past(Tally{Going: 20, Confirmed: 10, Maybe: 5, Guests: 2}, Attendance{Confirmed: 9, Unconfirmed: 5, Maybe: 1, WalkIns: 1, Guests: 2}),
		past(Tally{Going: 20, Confirmed: 10, Maybe: 5, Guests: 2}, Attendance{Confirmed: 9, Unconfirmed: 5, Maybe: 1, WalkIns: 1, Guests: 1}),
	}
	next := Event{Start: now.Add(48 * time.Hour), Tally: Tally{Going: 50, Confirmed: 30, Maybe: 10, Guests: 8}}
	tests := []struct {
		name    string
		past    []Event
		ok      bool
		expect  int
		meetups int
	}{
		{"no history", nil, false, 0, 0},
		{"one evening is not enough", history[:1], false, 0, 1},
		{"two evenings", history, true, 27 + 10 + 2 + 6, 2},
		{"cancelled and unchecked meetups do not count", append([]Event{{Start: now.Add(-time.Hour), Cancelled: true, Attendance: Attendance{Unnamed: 1}}, past(Tally{Going: 9}, Attendance{})}, history...), true, 45, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rates, ok := LearnShowRates(tt.past, now)
			if ok != tt.ok || rates.Meetups != tt.meetups {
				t.Fatalf("LearnShowRates = %+v, %v; want ok %v from %d meetups", rates, ok, tt.ok, tt.meetups)
			}
			if ok && rates.Expect(next) != tt.expect {
				t.Errorf("Expect = %d, want %d (rates %+v)", rates.Expect(next), tt.expect, rates)
			}
		})
	}
	// Without reconfirmation in the history, confirmed yeses take the rate
	// of all yeses.
	plain := []Event{past(Tally{Going: 10}, Attendance{Unconfirmed: 5}), past(Tally{Going: 10}, Attendance{Unconfirmed: 7})}
	rates, _ := LearnShowRates(plain, now)
	if rates.Confirmed != 0.6 || rates.Unconfirmed != 0.6 || rates.Maybe != 0 {
		t.Errorf("rates without reconfirmation: %+v", rates)
	}
}

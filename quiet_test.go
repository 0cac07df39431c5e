package meetupbot

import (
	"testing"
	"time"
)

func TestNight(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	at := func(day, hour, minute int) time.Time { return time.Date(2026, 12, day, hour, minute, 0, 0, berlin) }
	start := at(11, 19, 0)
	tests := []struct {
		name     string
		hours    QuietHours
		t        time.Time
		contains bool
		morning  time.Time
	}{
		{"the evening before the night", DefaultQuiet(), at(10, 21, 59), false, at(10, 21, 59)},
		{"the night begins", DefaultQuiet(), at(10, 22, 0), true, at(11, 8, 0)},
		{"after midnight", DefaultQuiet(), at(11, 1, 30), true, at(11, 8, 0)},
		{"the morning", DefaultQuiet(), at(11, 8, 0), false, at(11, 8, 0)},
		{"a night within one day", QuietHours{From: 13 * 60, To: 15 * 60}, at(10, 14, 0), true, at(10, 15, 0)},
		{"no quiet hours", QuietHours{}, at(11, 1, 30), false, at(11, 1, 30)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := Night{Hours: tt.hours, Zone: berlin}
			if got := n.Contains(tt.t); got != tt.contains {
				t.Errorf("Contains(%v) = %v, want %v", tt.t, got, tt.contains)
			}
			if got := n.Morning(tt.t, start); !got.Equal(tt.morning) {
				t.Errorf("Morning(%v) = %v, want %v", tt.t, got, tt.morning)
			}
		})
	}
	early := at(11, 7, 0)
	if got, n := (Night{Hours: DefaultQuiet(), Zone: berlin}).Morning(at(11, 1, 30), early), at(11, 1, 30); !got.Equal(n) {
		t.Errorf("Morning before a 07:00 start = %v, want %v kept: there is no morning before it", got, n)
	}
	if (Night{}).Contains(at(11, 1, 30)) {
		t.Error("the zero Night has quiet hours")
	}
	// The night of the change to summer time is an hour shorter; it still
	// ends at 08:00 on the clock.
	if got, want := (Night{Hours: DefaultQuiet(), Zone: berlin}).End(time.Date(2026, 3, 29, 1, 30, 0, 0, berlin)), time.Date(2026, 3, 29, 8, 0, 0, 0, berlin); !got.Equal(want) {
		t.Errorf("End in the night of the clock change = %v, want %v", got, want)
	}
}

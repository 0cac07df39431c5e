package schedule

import (
	"errors"
	"testing"
	"time"

	"github.com/meetupbot/meetupbot"
)

var berlin = mustLoad("Europe/Berlin")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func TestParseSpec(t *testing.T) {
	tests := []struct {
		spec string
		want error
	}{
		{"0 18 * * 1", nil},
		{"@weekly", nil},
		{"@monthly", nil},
		{"@daily", nil},
		{"@hourly", nil},
		{"30 9 1 * *", nil},
		{"0 18 * * MON-FRI", nil},
		{"", meetupbot.ErrBadSpec},
		{"every monday", meetupbot.ErrBadSpec},
		{"0 18 * *", meetupbot.ErrBadSpec},
		{"61 18 * * *", meetupbot.ErrBadSpec},
		{"0 0 18 * * *", meetupbot.ErrBadSpec},
		{"TZ=Europe/Berlin 0 18 * * *", meetupbot.ErrSpecZone},
		{"CRON_TZ=UTC @daily", meetupbot.ErrSpecZone},
		{"* * * * *", meetupbot.ErrSpecTooOften},
		{"0,30 9 * * *", meetupbot.ErrSpecTooOften},
		{"@every 5m", meetupbot.ErrSpecTooOften},
		{"0 0 30 2 *", meetupbot.ErrSpecNever},
	}
	for _, tt := range tests {
		_, err := ParseSpec(tt.spec)
		if !errors.Is(err, tt.want) {
			t.Errorf("ParseSpec(%q) = %v, want %v", tt.spec, err, tt.want)
		}
	}
}

func TestSpecNextAcrossDaylightSaving(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name      string
		spec      string
		after     time.Time
		want      time.Time
		wantShift Shift
	}{
		{"an ordinary evening", "0 18 * * *", at("2027-01-05T12:00:00+01:00"), at("2027-01-05T18:00:00+01:00"), NoShift},
		{"18:00 stays 18:00 after spring forward", "0 18 * * *", at("2027-03-27T19:00:00+01:00"), at("2027-03-28T18:00:00+02:00"), NoShift},
		{"the skipped 02:30 runs at 03:30 summer time", "30 2 * * *", at("2027-03-28T00:00:00+01:00"), at("2027-03-28T03:30:00+02:00"), Skipped},
		{"the repeated 02:30 runs at the first one", "30 2 * * *", at("2026-10-25T00:00:00+02:00"), at("2026-10-25T02:30:00+02:00"), Repeated},
		{"and not again at the second one", "30 2 * * *", at("2026-10-25T02:30:00+02:00"), at("2026-10-26T02:30:00+01:00"), NoShift},
		{"from inside the repeated hour: not again that night", "45 2 * * *", at("2026-10-25T02:30:00+01:00"), at("2026-10-26T02:45:00+01:00"), NoShift},
		{"hourly does not repeat the repeated hour", "@hourly", at("2026-10-25T02:00:00+02:00"), at("2026-10-25T03:00:00+01:00"), NoShift},
		{"hourly loses no run in the skipped hour", "@hourly", at("2027-03-28T01:00:00+01:00"), at("2027-03-28T03:00:00+02:00"), Skipped},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec, err := ParseSpec(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			got, shift := spec.Next(berlin, tt.after)
			if !got.Equal(tt.want) || shift != tt.wantShift {
				t.Errorf("Next(%q, %v) = %v, %v; want %v, %v", tt.spec, tt.after, got, shift, tt.want, tt.wantShift)
			}
		})
	}
}

// FuzzParseSpec checks that no spec panics the parser or makes a run that
// does not move forward, whatever the zone.
func FuzzParseSpec(f *testing.F) {
	f.Add("0 18 * * 1")
	f.Add("@monthly")
	f.Add("30 2 * * 0")
	after := time.Date(2026, 10, 25, 1, 0, 0, 0, berlin)
	f.Fuzz(func(t *testing.T, text string) {
		spec, err := ParseSpec(text)
		if err != nil {
			return
		}
		next, _ := spec.Next(berlin, after)
		if !next.IsZero() && !next.After(after) {
			t.Errorf("ParseSpec(%q).Next(%v) = %v", text, after, next)
		}
	})
}

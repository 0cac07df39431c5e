package schedule

import (
	"fmt"
	"strings"
	"time"

	"github.com/meetupbot/meetupbot"
	"github.com/robfig/cron/v3"
)

// Spec is a parsed cron spec (5 fields, or @weekly, @monthly, @daily ...).
type Spec struct {
	schedule cron.Schedule
}

// ParseSpec reads a standard cron spec. Time zones come from the group
// (/timezone), so a TZ= prefix is refused rather than silently winning.
func ParseSpec(text string) (Spec, error) {
	text = strings.TrimSpace(text)
	if strings.HasPrefix(text, "TZ=") || strings.HasPrefix(text, "CRON_TZ=") {
		return Spec{}, meetupbot.ErrSpecZone
	}
	sched, err := cron.ParseStandard(text)
	if err != nil {
		return Spec{}, fmt.Errorf("%w: %v", meetupbot.ErrBadSpec, err)
	}
	spec := Spec{schedule: sched}
	// Sample a few years of runs in UTC wall time: a spec firing twice
	// within an hour anywhere in them is refused.
	from := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	prev := sched.Next(from)
	if prev.IsZero() {
		return Spec{}, meetupbot.ErrSpecNever
	}
	for range 200 {
		next := sched.Next(prev)
		if next.IsZero() {
			break
		}
		if next.Sub(prev) < meetupbot.MinPostInterval {
			return Spec{}, meetupbot.ErrSpecTooOften
		}
		prev = next
	}
	return spec, nil
}

// Shift says how daylight saving changed a run.
type Shift int

// The ways a run may meet a clock change.
const (
	// NoShift: the wall-clock time exists exactly once.
	NoShift Shift = iota
	// Skipped: the time does not exist (clocks spring forward over it); the
	// run happens at the same wall-clock distance after the change.
	Skipped
	// Repeated: the time exists twice (clocks fall back); the run happens at
	// the first one only.
	Repeated
)

// Next is the first run after after, evaluated on the wall clock of loc.
// robfig/cron steps through absolute hours, so in a zone with daylight
// saving it fires twice in a repeated hour and never in a skipped one;
// evaluating the spec on wall-clock time and converting once avoids both.
// The zero time means the spec never fires again.
func (s Spec) Next(loc *time.Location, after time.Time) (time.Time, Shift) {
	a := after.In(loc)
	wall := time.Date(a.Year(), a.Month(), a.Day(), a.Hour(), a.Minute(), a.Second(), 0, time.UTC)
	for {
		w := s.schedule.Next(wall)
		if w.IsZero() {
			return time.Time{}, NoShift
		}
		run := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, loc)
		shift := NoShift
		if l := run.In(loc); l.Hour() != w.Hour() || l.Minute() != w.Minute() {
			shift = Skipped
		} else if sameWall(run.Add(-time.Hour).In(loc), w) || sameWall(run.Add(time.Hour).In(loc), w) {
			run, shift = firstOf(run, loc, w), Repeated
		}
		// In a repeated hour, after may lie between the two instants of
		// w; the first has passed and the second would be a repeat.
		if run.After(after) {
			return run, shift
		}
		wall = w
	}
}

func sameWall(t, w time.Time) bool {
	return t.Day() == w.Day() && t.Hour() == w.Hour() && t.Minute() == w.Minute()
}

// firstOf picks the earlier of the two instants showing wall time w, since
// time.Date does not promise which one it returns.
func firstOf(run time.Time, loc *time.Location, w time.Time) time.Time {
	if earlier := run.Add(-time.Hour); sameWall(earlier.In(loc), w) {
		return earlier
	}
	return run
}

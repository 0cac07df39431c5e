package meetupbot

import (
	"errors"
	"time"
)

// RuleUnit is what a series counts in.
type RuleUnit string

// The units of a series.
const (
	Weeks  RuleUnit = "weeks"
	Months RuleUnit = "months"
)

// LastWeek picks the last such weekday of a month.
const LastWeek = -1

// Rule makes a meetup recur: every Every weeks, or every Every months on the
// Nth weekday (LastWeek for the last) or on day Day of the month.
type Rule struct {
	Every   int          `json:"every"`
	Unit    RuleUnit     `json:"unit"`
	Nth     int          `json:"nth,omitempty"`
	Weekday time.Weekday `json:"weekday,omitempty"`
	Day     int          `json:"day,omitempty"`
}

// Limits of a series: a meetup more often than weekly or rarer than yearly
// is not a series the bot should keep.
const (
	MaxEveryWeeks  = 52
	MaxEveryMonths = 12
)

// ErrBadRule means a rule cannot produce dates.
var ErrBadRule = errors.New("invalid series rule")

// Validate checks that the rule produces dates.
func (r Rule) Validate() error {
	switch {
	case r.Unit == Weeks && r.Every >= 1 && r.Every <= MaxEveryWeeks && r.Nth == 0 && r.Day == 0:
		return nil
	case r.Unit != Months || r.Every < 1 || r.Every > MaxEveryMonths:
		return ErrBadRule
	case r.Nth != 0 && (r.Nth < LastWeek || r.Nth > 4 || r.Weekday < time.Sunday || r.Weekday > time.Saturday || r.Day != 0):
		return ErrBadRule
	case r.Nth == 0 && (r.Day < 1 || r.Day > 31):
		return ErrBadRule
	}
	return nil
}

// Next is the occurrence after prev, at the same wall-clock time in loc, so
// a series keeps its evening across daylight saving changes.
func (r Rule) Next(prev time.Time, loc *time.Location) time.Time {
	local := prev.In(loc)
	y, m, d := local.Date()
	hour, minute := local.Hour(), local.Minute()
	if r.Unit == Weeks {
		return time.Date(y, m, d+7*r.Every, hour, minute, 0, 0, loc)
	}
	first := time.Date(y, m+time.Month(r.Every), 1, hour, minute, 0, 0, loc)
	days := daysIn(first.Year(), first.Month())
	if r.Nth == 0 {
		return first.AddDate(0, 0, min(r.Day, days)-1)
	}
	offset := (int(r.Weekday) - int(first.Weekday()) + 7) % 7
	day := 1 + offset + 7*(r.Nth-1)
	if r.Nth == LastWeek {
		day = 1 + offset + 7*((days-1-offset)/7)
	}
	return first.AddDate(0, 0, day-1)
}

// NextAfter is the first occurrence after prev that starts after now, so a
// series the bot was away for does not create meetups in the past.
func (r Rule) NextAfter(prev, now time.Time, loc *time.Location) time.Time {
	next := r.Next(prev, loc)
	for !next.After(now) {
		next = r.Next(next, loc)
	}
	return next
}

func daysIn(year int, month time.Month) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

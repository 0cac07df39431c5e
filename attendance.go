package meetupbot

import (
	"errors"
	"time"
)

// At the door, members check in by scanning a QR code or are ticked by an
// organizer; people without a phone or a name in the bot are counted by
// hand. What came, set against what was answered, is what the forecast
// of later meetups learns from.

// The check-in window: from a few hours before the start until the next
// day, so a code that leaks is of no use on another day.
const (
	CheckinOpens  = 3 * time.Hour
	CheckinCloses = 24 * time.Hour
)

// Why a check-in is refused.
var (
	ErrCheckinNotYet = errors.New("check-in has not opened yet")
	ErrCheckinOver   = errors.New("check-in is over")
)

// Attendance counts who came to a meetup, by what they had answered. The
// counts stay when the answers are deleted after the retention period.
type Attendance struct {
	// Confirmed and Unconfirmed count members going who came, by whether
	// they had reconfirmed; Guests are the guests who came with them.
	Confirmed   int `json:"confirmed,omitempty"`
	Unconfirmed int `json:"unconfirmed,omitempty"`
	Guests      int `json:"guests,omitempty"`
	// Maybe counts members who came after a maybe; WalkIns everyone who
	// came without a yes (maybes included).
	Maybe   int `json:"maybe,omitempty"`
	WalkIns int `json:"walk_ins,omitempty"`
	// Unnamed are people counted in at the door without a name.
	Unnamed int `json:"unnamed,omitempty"`
}

// Going is how many members who had said yes came.
func (a Attendance) Going() int { return a.Confirmed + a.Unconfirmed }

// Came is everyone who came.
func (a Attendance) Came() int { return a.Going() + a.Guests + a.WalkIns + a.Unnamed }

// CheckinWindow reports whether the door is open at now.
func (e *Event) CheckinWindow(now time.Time) error {
	switch {
	case e.Cancelled:
		return ErrEventCancelled
	case now.Before(e.Start.Add(-CheckinOpens)):
		return ErrCheckinNotYet
	case now.After(e.Start.Add(CheckinCloses)):
		return ErrCheckinOver
	}
	return nil
}

// CheckIn records that a member came; someone who had not said yes is a
// walk-in. It reports false for a member already checked in.
func (e *Event) CheckIn(r *RSVP, now time.Time) (bool, error) {
	if err := e.CheckinWindow(now); err != nil {
		return false, err
	}
	if !r.CheckedIn.IsZero() {
		return false, nil
	}
	e.untally(*r)
	r.CheckedIn = now
	e.tally(*r)
	return true, nil
}

// CheckOut takes back a check-in ticked by mistake.
func (e *Event) CheckOut(r *RSVP, now time.Time) (bool, error) {
	if err := e.CheckinWindow(now); err != nil {
		return false, err
	}
	if r.CheckedIn.IsZero() {
		return false, nil
	}
	e.untally(*r)
	r.CheckedIn = time.Time{}
	e.tally(*r)
	return true, nil
}

// CountUnnamed adds (or, to correct a miscount, takes back) people counted
// in at the door without a name.
func (e *Event) CountUnnamed(delta int, now time.Time) error {
	if err := e.CheckinWindow(now); err != nil {
		return err
	}
	e.Attendance.Unnamed = max(e.Attendance.Unnamed+delta, 0)
	return nil
}

// attend counts a checked-in member's attendance by their answer.
func (e *Event) attend(r RSVP, sign int) {
	if r.CheckedIn.IsZero() {
		return
	}
	a := &e.Attendance
	switch r.Status {
	case StatusGoing:
		if r.Confirmed {
			a.Confirmed += sign
		} else {
			a.Unconfirmed += sign
		}
		a.Guests += sign * r.Guests
	case StatusMaybe:
		a.Maybe += sign
		a.WalkIns += sign
	default:
		a.WalkIns += sign
	}
}

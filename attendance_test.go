package meetupbot

import (
	"errors"
	"testing"
	"time"
)

func TestCheckIn(t *testing.T) {
	start := later
	tests := []struct {
		name    string
		r       RSVP
		at      time.Time
		want    Attendance
		wantErr error
	}{
		{"confirmed yes with a guest", RSVP{Status: StatusGoing, Confirmed: true, Guests: 1}, start, Attendance{Confirmed: 1, Guests: 1}, nil},
		{"unconfirmed yes", RSVP{Status: StatusGoing}, start.Add(-time.Hour), Attendance{Unconfirmed: 1}, nil},
		{"maybe is a walk-in", RSVP{Status: StatusMaybe}, start, Attendance{Maybe: 1, WalkIns: 1}, nil},
		{"no answer is a walk-in", RSVP{}, start.Add(2 * time.Hour), Attendance{WalkIns: 1}, nil},
		{"released is a walk-in", RSVP{Status: StatusReleased}, start, Attendance{WalkIns: 1}, nil},
		{"too early", RSVP{Status: StatusGoing}, start.Add(-CheckinOpens - time.Minute), Attendance{}, ErrCheckinNotYet},
		{"the next day is still fine", RSVP{Status: StatusGoing}, start.Add(CheckinCloses), Attendance{Unconfirmed: 1}, nil},
		{"later is over", RSVP{Status: StatusGoing}, start.Add(CheckinCloses + time.Minute), Attendance{}, ErrCheckinOver},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := Event{ID: 1, Start: start, Capacity: 10}
			ev.tally(tt.r)
			r := tt.r
			ok, err := ev.CheckIn(&r, tt.at)
			if !errors.Is(err, tt.wantErr) || ev.Attendance != tt.want || ok != (err == nil) {
				t.Fatalf("CheckIn = %v, %v, attendance %+v; want %v, %+v", ok, err, ev.Attendance, tt.wantErr, tt.want)
			}
			if err != nil {
				return
			}
			if again, _ := ev.CheckIn(&r, tt.at); again || ev.Attendance != tt.want {
				t.Errorf("a second check-in counted: %+v", ev.Attendance)
			}
			if out, _ := ev.CheckOut(&r, tt.at); !out || ev.Attendance != (Attendance{}) || !r.CheckedIn.IsZero() {
				t.Errorf("after checking out: %+v, %+v", ev.Attendance, r)
			}
		})
	}
}

func TestAttendanceFollowsTheAnswer(t *testing.T) {
	ev := Event{ID: 1, Start: later, Capacity: 10, Reconfirm: &Reconfirmation{Asked: now, ClaimWithin: time.Hour}}
	r := RSVP{UserID: 1, Status: StatusGoing, Seq: 1}
	ev.tally(r)
	at := later.Add(-time.Hour)
	if _, err := ev.CheckIn(&r, at); err != nil {
		t.Fatal(err)
	}
	r, _ = Apply(&ev, r, Answer{Confirm: true}, at)
	if ev.Attendance != (Attendance{Confirmed: 1}) {
		t.Errorf("after confirming at the door: %+v", ev.Attendance)
	}
	r, _ = Apply(&ev, r, Answer{Status: StatusDeclined}, at)
	if ev.Attendance != (Attendance{WalkIns: 1}) || r.CheckedIn.IsZero() {
		t.Errorf("after a no at the door: %+v (%+v)", ev.Attendance, r)
	}
	if err := ev.CountUnnamed(-1, at); err != nil || ev.Attendance.Unnamed != 0 {
		t.Errorf("unnamed count below zero: %+v, %v", ev.Attendance, err)
	}
	ev.CountUnnamed(2, at)
	if ev.Attendance.Came() != 3 {
		t.Errorf("Came() = %d, want 3", ev.Attendance.Came())
	}
}

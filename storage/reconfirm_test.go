package storage

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/meetupbot/meetupbot"
)

// TestReconfirmationStepsRunOnce runs each step twice, as after a crash
// between storing and sending, and checks the second changes nothing.
func TestReconfirmationStepsRunOnce(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "reconfirm.db"))
	ev, err := db.CreateEvent(ctx, 1, meetupbot.Event{ChatID: -1, Title: "Stammtisch", Start: start, Capacity: 2, CreatedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	for i, user := range []int64{10, 11, 12} {
		if _, err := db.Answer(ctx, 2+i, ev.ID, user, meetupbot.Answer{Status: meetupbot.StatusGoing}, now, meetupbot.Night{}, nil); err != nil {
			t.Fatal(err)
		}
	}
	asked := 0
	ask := func(_ meetupbot.Event, going []meetupbot.Attendee) []meetupbot.Outgoing {
		asked += len(going)
		return []meetupbot.Outgoing{{ChatID: -1, Text: "Kommt ihr noch?"}}
	}
	askAt := start.Add(-48 * time.Hour)
	if err := db.AskReconfirm(ctx, ev.ID, start, askAt, 6*time.Hour, ask); err != nil || asked != 2 {
		t.Fatalf("AskReconfirm = %v, asked %d; want the two going", err, asked)
	}
	if err := db.AskReconfirm(ctx, ev.ID, start, askAt, 6*time.Hour, ask); !errors.Is(err, meetupbot.ErrJobDone) || asked != 2 {
		t.Errorf("second AskReconfirm = %v, asked %d", err, asked)
	}
	if err := db.AskReconfirm(ctx, ev.ID, start.Add(time.Hour), askAt, 6*time.Hour, ask); !errors.Is(err, meetupbot.ErrJobDone) {
		t.Errorf("AskReconfirm for another start = %v, want ErrJobDone", err)
	}
	// Member 10 confirms; 11 stays silent; 12 waits.
	if _, err := db.Answer(ctx, 9, ev.ID, 10, meetupbot.Answer{Confirm: true}, askAt.Add(time.Hour), meetupbot.Night{}, nil); err != nil {
		t.Fatal(err)
	}
	releaseAt := start.Add(-24 * time.Hour)
	change, err := db.ReleaseUnconfirmed(ctx, ev.ID, start, releaseAt, false, meetupbot.Night{}, nil)
	if err != nil || len(change.Released) != 1 || change.Released[0].UserID != 11 || len(change.Promoted) != 1 || change.Promoted[0].UserID != 12 {
		t.Fatalf("ReleaseUnconfirmed = %+v, %v; want 11 released and 12 moved up", change, err)
	}
	if _, err := db.ReleaseUnconfirmed(ctx, ev.ID, start, releaseAt, false, meetupbot.Night{}, nil); !errors.Is(err, meetupbot.ErrJobDone) {
		t.Errorf("second ReleaseUnconfirmed = %v, want ErrJobDone", err)
	}
	claimBy := change.Promoted[0].ClaimBy
	if _, err := db.ExpireClaims(ctx, ev.ID, claimBy.Add(-time.Minute), meetupbot.Night{}, nil); !errors.Is(err, meetupbot.ErrJobDone) {
		t.Errorf("ExpireClaims before the deadline = %v, want ErrJobDone", err)
	}
	// Nobody else waits, so 12 keeps the place when the claim ends.
	change, err = db.ExpireClaims(ctx, ev.ID, claimBy, meetupbot.Night{}, nil)
	if err != nil || len(change.Expired) != 0 || len(change.Event.Claims) != 0 {
		t.Errorf("ExpireClaims with nobody waiting = %+v, %v; want the claim ended, nobody moved", change, err)
	}
	list, _ := db.Attendees(ctx, ev.ID)
	for _, a := range list {
		if a.UserID == 12 && (a.Status != meetupbot.StatusGoing || !a.ClaimBy.IsZero()) {
			t.Errorf("12 after the claim ended: %+v", a.RSVP)
		}
	}
	if _, err := db.ExpireClaims(ctx, ev.ID, claimBy, meetupbot.Night{}, nil); !errors.Is(err, meetupbot.ErrJobDone) {
		t.Errorf("second ExpireClaims = %v, want ErrJobDone", err)
	}
}

func TestCheckinCodeAndCheckIn(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "checkin.db"))
	ev, _ := db.CreateEvent(ctx, 1, meetupbot.Event{ChatID: -1, Title: "Stammtisch", Start: start, CreatedAt: now})
	codes := 0
	newCode := func() string { codes++; return "CODE" }
	for range 2 {
		if got, err := db.CheckinCode(ctx, ev.ID, newCode); err != nil || got.Checkin != "CODE" {
			t.Fatalf("CheckinCode = %+v, %v", got, err)
		}
	}
	if codes != 1 {
		t.Errorf("made %d codes, want one kept", codes)
	}
	if got, err := db.EventByCheckin(ctx, "CODE"); err != nil || got.ID != ev.ID {
		t.Errorf("EventByCheckin = %+v, %v", got, err)
	}
	if _, err := db.EventByCheckin(ctx, "OTHER"); !errors.Is(err, meetupbot.ErrEventNotFound) {
		t.Errorf("EventByCheckin of an unknown code = %v", err)
	}
	at := start.Add(-time.Hour)
	if _, _, changed, err := db.CheckIn(ctx, 2, ev.ID, 7, at, false); err != nil || !changed {
		t.Fatalf("CheckIn = %v, %v", changed, err)
	}
	if handled, _ := db.Handled(ctx, 2); !handled {
		t.Error("the check-in's update is not marked handled")
	}
	got, r, changed, err := db.CheckIn(ctx, 3, ev.ID, 7, at, false)
	if err != nil || changed || r.CheckedIn.IsZero() || got.Attendance.WalkIns != 1 {
		t.Errorf("second CheckIn = %v, %+v, %v; attendance %+v", changed, r, err, got.Attendance)
	}
	if _, _, _, err := db.CheckIn(ctx, 4, ev.ID, 8, start.Add(-4*time.Hour), false); !errors.Is(err, meetupbot.ErrCheckinNotYet) {
		t.Errorf("early CheckIn = %v", err)
	}
	if got, err := db.CountUnnamed(ctx, 5, ev.ID, 2, at); err != nil || got.Attendance.Unnamed != 2 {
		t.Errorf("CountUnnamed = %+v, %v", got.Attendance, err)
	}
	// After the retention period the check-ins go with the answers; the
	// counts stay for the statistics.
	if n, err := db.AnonymizeBefore(ctx, start.Add(time.Hour)); err != nil || n != 1 {
		t.Fatalf("AnonymizeBefore = %d, %v", n, err)
	}
	list, _ := db.Attendees(ctx, ev.ID)
	kept, _ := db.Event(ctx, ev.ID)
	if len(list) != 0 || kept.Attendance != (meetupbot.Attendance{WalkIns: 1, Unnamed: 2}) {
		t.Errorf("after anonymising: %d answers, attendance %+v", len(list), kept.Attendance)
	}
}

package storage

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/meetupbot/meetupbot"
)

var (
	ctx   = context.Background()
	now   = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	start = now.Add(10 * 24 * time.Hour)
)

func mustOpen(tb testing.TB, path string) *DB {
	tb.Helper()
	db, err := Open(path, Options{})
	if err != nil {
		tb.Fatalf("Open(%q): %v", path, err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestOpenCreatesPrivateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bot.db")
	mustOpen(t, path)
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Errorf("database mode = %o, want 600", mode)
	}
}

func TestOpenLockedFailsFast(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bot.db")
	mustOpen(t, path)
	_, err := Open(path, Options{LockTimeout: 100 * time.Millisecond})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open = %v, want ErrLocked", err)
	}
}

func TestAnswersWaitlistAndRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bot.db")
	db := mustOpen(t, path)
	ev, err := db.CreateEvent(ctx, meetupbot.Event{ChatID: -100, Title: "Stammtisch", Start: start, Capacity: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []int64{1, 2, 3, 4} {
		if _, err := db.Answer(ctx, ev.ID, u, meetupbot.Answer{Status: meetupbot.StatusGoing}, now); err != nil {
			t.Fatalf("Answer(user %d): %v", u, err)
		}
	}
	r4, _ := db.RSVP(ctx, ev.ID, 4)
	if r4.Status != meetupbot.StatusWaiting {
		t.Fatalf("user 4 status = %v, want waiting", r4.Status)
	}
	res, err := db.Answer(ctx, ev.ID, 1, meetupbot.Answer{Status: meetupbot.StatusDeclined}, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Promoted) != 1 || res.Promoted[0].UserID != 3 {
		t.Fatalf("promoted = %+v, want user 3", res.Promoted)
	}
	if res.Event.Tally != (meetupbot.Tally{Going: 2, Declined: 1, WaitingPeople: 1}) {
		t.Errorf("tally = %+v", res.Event.Tally)
	}
	res, err = db.Answer(ctx, ev.ID, 4, meetupbot.Answer{Status: meetupbot.StatusGoing}, now)
	if err != nil || res.Position != 1 {
		t.Errorf("waiting again: position %d, err %v; want 1", res.Position, err)
	}

	db.Close()
	db = mustOpen(t, path)
	got, err := db.Event(ctx, ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Tally != res.Event.Tally || got.Title != "Stammtisch" {
		t.Errorf("after reopen event = %+v, want tally %+v", got, res.Event.Tally)
	}
	list, err := db.Attendees(ctx, ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	var statuses []meetupbot.Status
	for _, a := range list {
		statuses = append(statuses, a.Status)
	}
	if len(list) != 4 {
		t.Fatalf("attendees after reopen = %v, want 4 answers", statuses)
	}
}

func TestEditEventCapacityPromotes(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "bot.db"))
	ev, _ := db.CreateEvent(ctx, meetupbot.Event{ChatID: -100, Title: "x", Start: start, Capacity: 2})
	db.Answer(ctx, ev.ID, 1, meetupbot.Answer{Status: meetupbot.StatusGoing}, now)
	db.Answer(ctx, ev.ID, 2, meetupbot.Answer{Status: meetupbot.StatusGoing, Guests: 1}, now)
	db.Answer(ctx, ev.ID, 3, meetupbot.Answer{Status: meetupbot.StatusGoing}, now)
	change, err := db.EditEvent(ctx, ev.ID, now, func(e *meetupbot.Event) error { e.Capacity = 4; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(change.Promoted) != 1 || change.Promoted[0].UserID != 2 {
		t.Errorf("promoted = %+v, want the party of user 2", change.Promoted)
	}
	wantErr := errors.New("refused")
	if _, err := db.EditEvent(ctx, ev.ID, now, func(e *meetupbot.Event) error { e.Title = "changed"; return wantErr }); !errors.Is(err, wantErr) {
		t.Fatalf("EditEvent error = %v", err)
	}
	if got, _ := db.Event(ctx, ev.ID); got.Title != "x" {
		t.Errorf("failed edit stored title %q", got.Title)
	}
}

func TestHandledUpdatesAndOffset(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bot.db")
	db := mustOpen(t, path)
	ev, _ := db.CreateEvent(ctx, meetupbot.Event{ChatID: -100, Title: "x", Start: start})
	uctx := meetupbot.WithUpdateID(ctx, 41)
	if _, err := db.Answer(uctx, ev.ID, 1, meetupbot.Answer{Status: meetupbot.StatusGoing}, now); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = mustOpen(t, path)
	if ok, _ := db.Handled(ctx, 41); !ok {
		t.Errorf("Handled(41) = false after its effect was committed")
	}
	if ok, _ := db.Handled(ctx, 42); ok {
		t.Errorf("Handled(42) = true for an update never handled")
	}
	if err := db.SaveOffset(ctx, 42); err != nil {
		t.Fatal(err)
	}
	if off, _ := db.Offset(ctx); off != 42 {
		t.Errorf("Offset() = %d, want 42", off)
	}
	if ok, _ := db.Handled(ctx, 41); ok {
		t.Errorf("Handled(41) still stored below the saved offset")
	}
}

func TestMemberGroups(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "bot.db"))
	anna := meetupbot.Member{ID: 7, FirstName: "Anna"}
	db.Touch(ctx, meetupbot.Chat{ID: -2, Type: "supergroup", Title: "B"}, anna)
	if got, _ := db.Touch(ctx, meetupbot.Chat{ID: -1, Type: "group", Title: "A"}, anna); got.Started {
		t.Errorf("Touch in a group = %+v, want not started", got)
	}
	if got, _ := db.Touch(ctx, meetupbot.Chat{ID: 7, Type: "private"}, anna); !got.Started || got.FirstName != "Anna" {
		t.Errorf("Touch in the private chat = %+v, want started", got)
	}
	db.UpdateMember(ctx, 7, func(m *meetupbot.Member) { m.Lang = meetupbot.English })
	if got, _ := db.Touch(ctx, meetupbot.Chat{ID: -1, Type: "group", Title: "A"}, anna); got.Lang != meetupbot.English || !got.Started {
		t.Errorf("Touch after settings = %+v, want them kept", got)
	}
	groups, err := db.MemberGroups(ctx, 7)
	if err != nil || len(groups) != 2 || groups[0].Title != "A" || groups[1].Title != "B" {
		t.Errorf("MemberGroups = %+v, %v; want A and B", groups, err)
	}
	all, _ := db.Groups(ctx)
	if len(all) != 2 {
		t.Errorf("Groups = %+v, want 2 groups", all)
	}
	m, _ := db.Member(ctx, 7)
	if m.FirstName != "Anna" {
		t.Errorf("Member(7) = %+v", m)
	}
}

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
	ev, err := db.CreateEvent(ctx, 0, meetupbot.Event{ChatID: -100, Title: "Stammtisch", Start: start, Capacity: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []int64{1, 2, 3, 4} {
		if _, err := db.Answer(ctx, 0, ev.ID, u, meetupbot.Answer{Status: meetupbot.StatusGoing}, now, meetupbot.Night{}, nil); err != nil {
			t.Fatalf("Answer(user %d): %v", u, err)
		}
	}
	r4 := rsvpOf(t, db, ev.ID, 4)
	if r4.Status != meetupbot.StatusWaiting {
		t.Fatalf("user 4 status = %v, want waiting", r4.Status)
	}
	res, err := db.Answer(ctx, 0, ev.ID, 1, meetupbot.Answer{Status: meetupbot.StatusDeclined}, now, meetupbot.Night{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Promoted) != 1 || res.Promoted[0].UserID != 3 {
		t.Fatalf("promoted = %+v, want user 3", res.Promoted)
	}
	if res.Event.Tally != (meetupbot.Tally{Going: 2, Declined: 1, WaitingPeople: 1}) {
		t.Errorf("tally = %+v", res.Event.Tally)
	}
	res, err = db.Answer(ctx, 0, ev.ID, 4, meetupbot.Answer{Status: meetupbot.StatusGoing}, now, meetupbot.Night{}, nil)
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
	ev, _ := db.CreateEvent(ctx, 0, meetupbot.Event{ChatID: -100, Title: "x", Start: start, Capacity: 2})
	db.Answer(ctx, 0, ev.ID, 1, meetupbot.Answer{Status: meetupbot.StatusGoing}, now, meetupbot.Night{}, nil)
	db.Answer(ctx, 0, ev.ID, 2, meetupbot.Answer{Status: meetupbot.StatusGoing, Guests: 1}, now, meetupbot.Night{}, nil)
	db.Answer(ctx, 0, ev.ID, 3, meetupbot.Answer{Status: meetupbot.StatusGoing}, now, meetupbot.Night{}, nil)
	change, err := db.EditEvent(ctx, 0, ev.ID, now, func(e *meetupbot.Event) error { e.Capacity = 4; return nil }, meetupbot.Night{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(change.Promoted) != 1 || change.Promoted[0].UserID != 2 {
		t.Errorf("promoted = %+v, want the party of user 2", change.Promoted)
	}
	wantErr := errors.New("refused")
	if _, err := db.EditEvent(ctx, 0, ev.ID, now, func(e *meetupbot.Event) error { e.Title = "changed"; return wantErr }, meetupbot.Night{}, nil); !errors.Is(err, wantErr) {
		t.Fatalf("EditEvent error = %v", err)
	}
	if got, _ := db.Event(ctx, ev.ID); got.Title != "x" {
		t.Errorf("failed edit stored title %q", got.Title)
	}
}

func TestHandledUpdatesAndOffset(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bot.db")
	db := mustOpen(t, path)
	ev, _ := db.CreateEvent(ctx, 0, meetupbot.Event{ChatID: -100, Title: "x", Start: start})
	if _, err := db.Answer(ctx, 41, ev.ID, 1, meetupbot.Answer{Status: meetupbot.StatusGoing}, now, meetupbot.Night{}, nil); err != nil {
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

// A poisoned update stays listed for the operator after the offset moves
// past it, and is handled should Telegram deliver it again.
func TestPoisonedUpdates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bot.db")
	db := mustOpen(t, path)
	if err := db.Poison(ctx, 43, "message", -100, now); err != nil {
		t.Fatal(err)
	}
	if ok, _ := db.Handled(ctx, 43); !ok {
		t.Errorf("Handled(43) = false for a poisoned update")
	}
	if err := db.SaveOffset(ctx, 44); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = mustOpen(t, path)
	got, err := db.PoisonedUpdates(ctx)
	want := []PoisonedUpdate{{UpdateID: 43, Kind: "message", ChatID: -100, At: now}}
	if err != nil || len(got) != 1 || got[0].UpdateID != 43 || got[0].Kind != "message" || got[0].ChatID != -100 || !got[0].At.Equal(now) {
		t.Errorf("PoisonedUpdates() = %+v, %v, want %+v", got, err, want)
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
	db.UpdateMember(ctx, 0, 7, func(m *meetupbot.Member) { m.Lang = meetupbot.English })
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

// rsvpOf is a member's stored answer, read as /attendees reads it.
func rsvpOf(t *testing.T, db *DB, eventID, userID int64) meetupbot.RSVP {
	t.Helper()
	list, err := db.Attendees(context.Background(), eventID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		if a.UserID == userID {
			return a.RSVP
		}
	}
	return meetupbot.RSVP{EventID: eventID, UserID: userID}
}

// TestChangesCommitWithTheirNotices: a change, the notices it causes and the
// mark of the update that caused it are one transaction; a refused change
// leaves none of them.
func TestChangesCommitWithTheirNotices(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "m.db"))
	ctx := context.Background()
	ev, err := db.CreateEvent(ctx, 0, meetupbot.Event{ChatID: -1, Title: "M", Start: now.Add(48 * time.Hour), Capacity: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Touch(ctx, meetupbot.Chat{ID: -1, Type: "supergroup"}, meetupbot.Member{ID: 2, FirstName: "Anna"}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []int64{1, 2} {
		if _, err := db.Answer(ctx, 0, ev.ID, u, meetupbot.Answer{Status: meetupbot.StatusGoing}, now, meetupbot.Night{}, nil); err != nil {
			t.Fatal(err)
		}
	}
	var seen meetupbot.EventChange
	notify := func(c meetupbot.EventChange) []meetupbot.Outgoing {
		seen = c
		var outs []meetupbot.Outgoing
		for _, p := range c.Promoted {
			outs = append(outs, meetupbot.Outgoing{ChatID: p.Member.ID, Text: "in: " + p.Member.FirstName})
		}
		if c.Cancelled {
			outs = append(outs, meetupbot.Outgoing{ChatID: c.Event.ChatID, Text: "off"})
		}
		return outs
	}
	t.Run("refused change", func(t *testing.T) {
		refusal := errors.New("refused")
		if _, err := db.EditEvent(ctx, 50, ev.ID, now, func(e *meetupbot.Event) error { e.Capacity = 2; return refusal }, meetupbot.Night{}, notify); !errors.Is(err, refusal) {
			t.Fatalf("EditEvent = %v, want the refusal", err)
		}
		if outs, _ := db.Outbox(ctx, 0); len(outs) != 0 {
			t.Errorf("a refused change queued %d messages", len(outs))
		}
		if handled, _ := db.Handled(ctx, 50); handled {
			t.Error("a refused change marked its update handled")
		}
	})
	t.Run("promotion", func(t *testing.T) {
		if _, err := db.EditEvent(ctx, 51, ev.ID, now, func(e *meetupbot.Event) error { e.Capacity = 2; return nil }, meetupbot.Night{}, notify); err != nil {
			t.Fatal(err)
		}
		outs, _ := db.Outbox(ctx, 0)
		if len(outs) != 1 || outs[0].ChatID != 2 || outs[0].Text != "in: Anna" {
			t.Errorf("queued %+v, want the promotion notice to Anna", outs)
		}
		if handled, _ := db.Handled(ctx, 51); !handled {
			t.Error("the change did not mark its update handled")
		}
	})
	t.Run("cancellation", func(t *testing.T) {
		if _, err := db.EditEvent(ctx, 52, ev.ID, now, func(e *meetupbot.Event) error { e.Cancelled = true; return nil }, meetupbot.Night{}, notify); err != nil {
			t.Fatal(err)
		}
		if !seen.Cancelled || len(seen.Concerned) != 2 {
			t.Errorf("notify saw Cancelled %v with %d concerned, want true with 2", seen.Cancelled, len(seen.Concerned))
		}
		outs, _ := db.Outbox(ctx, 0)
		if len(outs) != 2 || outs[1].Text != "off" {
			t.Errorf("queued %+v, want the cancellation after the promotion", outs)
		}
	})
}

func TestSetTimeZoneMovesPostsInTheSameTransaction(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "m.db"))
	ctx := context.Background()
	post, err := db.AddPost(ctx, 0, meetupbot.Post{ChatID: -1, Spec: "@daily", Text: "x", Next: now})
	if err != nil {
		t.Fatal(err)
	}
	moved := now.Add(time.Hour)
	chat, err := db.SetTimeZone(ctx, 60, -1, "Europe/Vienna", func(meetupbot.Post) time.Time { return moved })
	if err != nil || chat.TimeZone != "Europe/Vienna" {
		t.Fatalf("SetTimeZone = %+v, %v", chat, err)
	}
	posts, _ := db.ChatPosts(ctx, -1)
	if len(posts) != 1 || posts[0].ID != post.ID || !posts[0].Next.Equal(moved) {
		t.Errorf("posts after SetTimeZone = %+v, want next run %v", posts, moved)
	}
	if handled, _ := db.Handled(ctx, 60); !handled {
		t.Error("SetTimeZone did not mark its update handled")
	}
}

func TestPressedSinceKeepsAMinute(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "m.db"))
	ctx := context.Background()
	ev, err := db.CreateEvent(ctx, 0, meetupbot.Event{ChatID: -1, Title: "M", Start: now.Add(48 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	press := func(update int, query string, at time.Time) {
		t.Helper()
		p := meetupbot.Press{UpdateID: update, QueryID: query, Chat: meetupbot.Chat{ID: -1, Type: "supergroup"},
			Member: meetupbot.Member{ID: int64(update)}, EventID: ev.ID, Answer: meetupbot.Answer{Status: meetupbot.StatusGoing}}
		if _, err := db.AnswerPresses(ctx, []meetupbot.Press{p}, at, func(meetupbot.Event, meetupbot.Press) bool { return true }, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	press(1, "old", now)
	press(2, "recent", now.Add(50*time.Second))
	press(3, "newest", now.Add(70*time.Second))
	got, err := db.PressedSince(ctx, now.Add(45*time.Second))
	if err != nil || len(got) != 2 || got[0] != "recent" || got[1] != "newest" {
		t.Errorf("PressedSince = %q, %v, want recent and newest", got, err)
	}
	// The third press came more than a minute after the first, so the
	// first is forgotten.
	if all, _ := db.PressedSince(ctx, time.Time{}); len(all) != 2 {
		t.Errorf("%d presses remembered, want 2 (older than a minute forgotten)", len(all))
	}
}

package storage

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/meetupbot/meetupbot"
)

// A reminder is marked done in the transaction that stores its messages; the
// messages stay stored across a restart until they are delivered.
func TestReminderIsQueuedOnceAndSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bot.db")
	db := mustOpen(t, path)
	ev, err := db.CreateEvent(ctx, 0, meetupbot.Event{ChatID: -1, Title: "Stammtisch", Start: start})
	if err != nil {
		t.Fatal(err)
	}
	outs := []meetupbot.Outgoing{{ChatID: -1, Text: "group"}, {ChatID: 2, Text: "anna"}}
	if _, err := db.QueueReminder(ctx, ev.ID, start, 24*time.Hour, outs); err != nil {
		t.Fatal(err)
	}
	if _, err := db.QueueReminder(ctx, ev.ID, start, 24*time.Hour, outs); !errors.Is(err, meetupbot.ErrJobDone) {
		t.Errorf("second QueueReminder = %v, want ErrJobDone", err)
	}
	if _, err := db.QueueReminder(ctx, ev.ID, start.Add(time.Hour), 2*time.Hour, outs); !errors.Is(err, meetupbot.ErrJobDone) {
		t.Errorf("QueueReminder for a start the meetup no longer has = %v, want ErrJobDone", err)
	}
	db.Close()

	db = mustOpen(t, path)
	stored, err := db.Outbox(ctx, 0)
	if err != nil || len(stored) != 2 || stored[0].Text != "group" || stored[1].Text != "anna" {
		t.Fatalf("Outbox after restart = %+v, %v; want both messages in order", stored, err)
	}
	if later, _ := db.Outbox(ctx, stored[0].Seq); len(later) != 1 || later[0].Text != "anna" {
		t.Errorf("Outbox after the first = %+v, want the second only", later)
	}
	if _, _, err := db.Delivered(ctx, stored[0], 10); err != nil {
		t.Fatal(err)
	}
	if left, _ := db.Outbox(ctx, 0); len(left) != 1 || left[0].Text != "anna" {
		t.Errorf("Outbox after delivering the first = %+v", left)
	}
	got, _ := db.Event(ctx, ev.ID)
	if !got.WasReminded(24 * time.Hour) {
		t.Error("the 24h reminder is not marked done")
	}
}

func TestDeliveredAnnouncementReplacesTheOld(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "bot.db"))
	ev, _ := db.CreateEvent(ctx, 0, meetupbot.Event{ChatID: -1, Title: "Stammtisch", Start: start})
	first, err := db.QueueAnnouncement(ctx, 0, ev.ID, meetupbot.Outgoing{ChatID: -1, Text: "card"}, false, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.QueueAnnouncement(ctx, 0, ev.ID, meetupbot.Outgoing{ChatID: -1}, false, now); !errors.Is(err, meetupbot.ErrJobDone) {
		t.Errorf("announcing twice = %v, want ErrJobDone", err)
	}
	if _, replaced, _ := db.Delivered(ctx, first, 5); replaced.MessageID != 0 {
		t.Errorf("first announcement replaced %+v", replaced)
	}
	again, err := db.QueueAnnouncement(ctx, 0, ev.ID, meetupbot.Outgoing{ChatID: -1, Text: "card"}, true, now)
	if err != nil {
		t.Fatal(err)
	}
	got, replaced, err := db.Delivered(ctx, again, 9)
	if err != nil || replaced.MessageID != 5 || got.Announcement.MessageID != 9 {
		t.Errorf("Delivered = %+v, replaced %+v, %v; want message 9 replacing 5", got.Announcement, replaced, err)
	}
	if _, err := db.QueueAnnouncement(ctx, 0, ev.ID, meetupbot.Outgoing{}, true, start); !errors.Is(err, meetupbot.ErrEventOver) {
		t.Errorf("announcing a started meetup = %v, want ErrEventOver", err)
	}
}

func TestSeriesAndPosts(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "bot.db"))
	rule := &meetupbot.Rule{Every: 4, Unit: meetupbot.Weeks}
	ev, _ := db.CreateEvent(ctx, 0, meetupbot.Event{ChatID: -1, Title: "Stammtisch", Start: start, Series: rule})
	next, err := db.ContinueSeries(ctx, ev.ID, meetupbot.Event{ChatID: -1, Title: "Stammtisch", Start: start.AddDate(0, 0, 28), Series: rule})
	if err != nil || next.ID == ev.ID {
		t.Fatalf("ContinueSeries = %+v, %v", next, err)
	}
	if _, err := db.ContinueSeries(ctx, ev.ID, next); !errors.Is(err, meetupbot.ErrJobDone) {
		t.Errorf("continuing twice = %v, want ErrJobDone", err)
	}
	scheduled, _ := db.ScheduledEvents(ctx, start.Add(time.Hour))
	if len(scheduled) != 1 || scheduled[0].ID != next.ID {
		t.Errorf("ScheduledEvents after the first started = %+v, want only the next occurrence", scheduled)
	}

	due := now.Add(time.Hour)
	post, err := db.AddPost(ctx, 0, meetupbot.Post{ChatID: -1, Spec: "@weekly", Text: "hi", Next: due})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.FirePost(ctx, post.ID, due, due.AddDate(0, 0, 7), []meetupbot.Outgoing{{ChatID: -1, Text: "hi"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FirePost(ctx, post.ID, due, due.AddDate(0, 0, 7), nil); !errors.Is(err, meetupbot.ErrJobDone) {
		t.Errorf("firing the same run twice = %v, want ErrJobDone", err)
	}
	if _, err := db.RemovePost(ctx, 0, -2, post.ID); !errors.Is(err, meetupbot.ErrPostNotFound) {
		t.Errorf("removing another group's post = %v, want ErrPostNotFound", err)
	}
	for range meetupbot.MaxPosts - 1 {
		if _, err := db.AddPost(ctx, 0, meetupbot.Post{ChatID: -1, Spec: "@weekly", Text: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.AddPost(ctx, 0, meetupbot.Post{ChatID: -1, Spec: "@weekly", Text: "x"}); !errors.Is(err, meetupbot.ErrTooManyPosts) {
		t.Errorf("post number %d = %v, want ErrTooManyPosts", meetupbot.MaxPosts+1, err)
	}
}

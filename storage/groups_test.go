package storage

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/meetupbot/meetupbot"
	bolt "go.etcd.io/bbolt"
)

func TestMigrateGroupMovesEverythingOnce(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "m.db"))
	ctx := context.Background()
	const oldID, newID = -5, -1000000000005
	group := meetupbot.Chat{ID: oldID, Type: "group", Title: "Basic"}
	if _, err := db.Touch(ctx, group, meetupbot.Member{ID: 2, FirstName: "Anna"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpdateChat(ctx, 0, oldID, func(c *meetupbot.Chat) { c.TimeZone, c.Pin = "Europe/Vienna", true }); err != nil {
		t.Fatal(err)
	}
	upcoming, _ := db.CreateEvent(ctx, 0, meetupbot.Event{ChatID: oldID, Title: "Next", Start: now.Add(48 * time.Hour),
		Announced: true, Announcement: meetupbot.MessageRef{ChatID: oldID, MessageID: 7}, Cards: []meetupbot.MessageRef{{ChatID: oldID, MessageID: 9}}})
	past, _ := db.CreateEvent(ctx, 0, meetupbot.Event{ChatID: oldID, Title: "Past", Start: now.Add(-48 * time.Hour),
		Announcement: meetupbot.MessageRef{ChatID: oldID, MessageID: 3}})
	if _, err := db.AddPost(ctx, 0, meetupbot.Post{ChatID: oldID, Spec: "@daily", Text: "x"}); err != nil {
		t.Fatal(err)
	}
	if _, err := queueDirectly(db, meetupbot.Outgoing{ChatID: oldID, Text: "reminder", ReplyTo: 7}); err != nil {
		t.Fatal(err)
	}
	announce := func(ev meetupbot.Event) meetupbot.Outgoing {
		return meetupbot.Outgoing{ChatID: ev.ChatID, Text: "fresh " + ev.Title, Announces: ev.ID}
	}

	for i, want := range []bool{true, false} {
		moved, err := db.MigrateGroup(ctx, 100+i, oldID, newID, now, announce)
		if err != nil || moved != want {
			t.Fatalf("MigrateGroup #%d = %v, %v, want %v", i+1, moved, err, want)
		}
	}
	chat, _ := db.Chat(ctx, newID)
	if chat.Type != "supergroup" || chat.TimeZone != "Europe/Vienna" || !chat.Pin || chat.Title != "Basic" {
		t.Errorf("new chat = %+v, want the group's settings", chat)
	}
	if groups, _ := db.Groups(ctx); len(groups) != 1 || groups[0].ID != newID {
		t.Errorf("Groups() = %+v, want only the supergroup", groups)
	}
	if groups, _ := db.MemberGroups(ctx, 2); len(groups) != 1 || groups[0].ID != newID {
		t.Errorf("MemberGroups(Anna) = %+v, want the supergroup", groups)
	}
	if events, _ := db.Events(ctx, newID, now.Add(-72*time.Hour)); len(events) != 2 {
		t.Errorf("Events(new) = %d, want both meetups", len(events))
	}
	if events, _ := db.Events(ctx, oldID, now.Add(-72*time.Hour)); len(events) != 0 {
		t.Errorf("Events(old) = %d, want none", len(events))
	}
	for _, id := range []int64{upcoming.ID, past.ID} {
		ev, _ := db.Event(ctx, id)
		if ev.ChatID != newID || ev.Announcement.MessageID != 0 || len(ev.Cards) != 0 {
			t.Errorf("meetup %d after the move: chat %d, announcement %+v, cards %v", id, ev.ChatID, ev.Announcement, ev.Cards)
		}
	}
	if posts, _ := db.ChatPosts(ctx, newID); len(posts) != 1 {
		t.Errorf("posts of the supergroup = %d, want 1", len(posts))
	}
	outs, _ := db.Outbox(ctx, 0)
	var texts []string
	for _, out := range outs {
		if out.ChatID != newID || out.ReplyTo != 0 {
			t.Errorf("queued %+v, want it for the new chat without a reply", out)
		}
		texts = append(texts, out.Text)
	}
	if len(texts) != 2 || texts[0] != "reminder" || texts[1] != "fresh Next" {
		t.Errorf("queued %q, want the moved reminder and one fresh announcement of the upcoming meetup", texts)
	}
	if handled, _ := db.Handled(ctx, 100); !handled {
		t.Error("the service message's update is not marked handled with the move")
	}
}

// queueDirectly stores a message as a change's notice would be.
func queueDirectly(db *DB, out meetupbot.Outgoing) ([]meetupbot.Outgoing, error) {
	var outs []meetupbot.Outgoing
	err := db.update(context.Background(), 0, func(tx *bolt.Tx) error {
		var err error
		outs, err = queue(tx, []meetupbot.Outgoing{out})
		return err
	})
	return outs, err
}

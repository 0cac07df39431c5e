package main

import (
	"context"
	"fmt"
	"net"
	"strings"
	"syscall"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot/storage"
)

// freeAddr is a loopback address nobody listens on, so the fake can route
// the webhook there before the bot starts.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestWebhook runs the built bot in webhook mode behind a (fake) proxy:
// updates arrive as posts, requests without the secret are refused, an
// update posted twice counts once, and a kill mid-burst loses nothing.
func TestWebhook(t *testing.T) {
	s := newSetup(t)
	addr := freeAddr(t)
	s.fake.RouteWebhook("https://bot.example.org", "http://"+addr)
	env := append(s.env, "HTTP_ADDR="+addr, "WEBHOOK_URL=https://bot.example.org/telegram")
	first := startBot(t, env...)
	s.fake.Await(t, wait, "the webhook to be set", func() bool { url, _ := s.fake.WebhookInfo(); return url != "" })
	if !strings.Contains(first.stderr.String(), "mode=webhook") {
		t.Errorf("the first log line does not say webhook:\n%s", first.stderr)
	}

	s.createMeetup(t, "Stammtisch | Café")
	// Somebody who is not Telegram posts an update.
	forged := tgbotapi.Update{UpdateID: 1, Message: &tgbotapi.Message{MessageID: 99, Text: "/newevent", Chat: &s.group, From: &s.olga}}
	for _, secret := range []string{"", "guessed"} {
		if status := s.fake.PostUpdate(secret, forged); status != 401 {
			t.Errorf("a post with secret %q got %d, want 401", secret, status)
		}
	}
	// The same update posted twice (Telegram retries after a lost answer).
	repeat := tgbotapi.Update{UpdateID: s.fake.LastUpdateID(), Message: &tgbotapi.Message{
		MessageID: 50, Text: "/newevent 24.12.2030 19:00 | Zweimal | Café", Chat: &s.group, From: &s.olga,
		Entities: []tgbotapi.MessageEntity{{Type: "bot_command", Length: 9}}}}
	if status := s.fake.PostUpdate(s.fake.WebhookSecret(), repeat); status != 200 {
		t.Errorf("a repeated update got %d, want 200", status)
	}

	s.fake.Send(s.group, s.olga, "/announce 1")
	ann := awaitBot(t, s.fake, s.group.ID, "Keine Platzbegrenzung")
	const members = 100
	var queries []string
	for i := range members {
		u := s.fake.User(int64(100+i), fmt.Sprint("Mitglied ", i), "de")
		queries = append(queries, s.fake.Press(s.group.ID, u, ann.ID, "r:1:y"))
	}
	answered := func() int {
		n := 0
		for _, q := range queries {
			if _, ok := s.fake.Answer(q); ok {
				n++
			}
		}
		return n
	}
	s.fake.Await(t, wait, "the burst to be under way", func() bool { return answered() >= 20 })
	first.cmd.Process.Signal(syscall.SIGKILL)
	first.exit(t)

	second := startBot(t, env...)
	s.fake.Await(t, wait, "every press delivered after the restart", func() bool { _, queued := s.fake.WebhookInfo(); return queued == 0 })
	second.cmd.Process.Signal(syscall.SIGTERM)
	second.exit(t)

	db, err := storage.Open(s.dbPath, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := db.Event(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Tally.Going != members {
		t.Errorf("%d going after a kill mid-burst, want %d", ev.Tally.Going, members)
	}
	if _, err := db.Event(context.Background(), 2); err == nil {
		t.Error("the repeated update created a second meetup")
	}
	db.Close()

	// Back to polling: the webhook goes, and updates come by getUpdates.
	startBot(t, s.env...)
	s.fake.Send(s.group, s.olga, "/events")
	awaitBot(t, s.fake, s.group.ID, "Kommende Meetups")
	if url, _ := s.fake.WebhookInfo(); url != "" {
		t.Errorf("the webhook %q is still set after switching to polling", url)
	}
}

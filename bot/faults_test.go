package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/meetupbot/meetupbot/bot/outbox"
	"github.com/meetupbot/meetupbot/bot/telegramtest"
)

// Telegram's limits divided by 20 in time, so a test sees many windows in a
// few seconds: the bot and the fake are given the same shape.
var (
	scaledBotLimits = outbox.Limits{
		Global: 50 * time.Millisecond / 30, PerChat: 50 * time.Millisecond,
		GroupPerMinute: 20, GroupWindow: 3 * time.Second,
		Edit: 150 * time.Millisecond, MaxAttempts: 8, Backoff: 20 * time.Millisecond,
	}
	scaledFakeLimits = telegramtest.Limits{
		PerChat: 50 * time.Millisecond, GroupPerWindow: 20, GroupWindow: 3 * time.Second,
		Global: 30, GlobalWindow: 50 * time.Millisecond,
	}
)

func mustNotLogToken(t *testing.T, h *harness) {
	t.Helper()
	if strings.Contains(h.logs.String(), telegramtest.Token) || strings.Contains(h.logs.String(), strings.Split(telegramtest.Token, ":")[1]) {
		t.Errorf("the bot token appears in the log:\n%s", h.logs)
	}
}

// Telegram unreachable (connections refused) while members press and a
// reminder falls due: once it is back, every press is answered and counted
// and the reminder goes out once.
func TestTelegramDownThenBack(t *testing.T) {
	h := newHarness(t)
	ann := h.createAndAnnounce("03.12.2026 19:00 | Stammtisch | Café")
	h.fake.Down()
	var queries []string
	for i := range 20 {
		queries = append(queries, h.fake.Press(h.group.ID, h.fake.User(int64(100+i), fmt.Sprint("Gast", i), "de"), ann.ID, "r:1:y"))
	}
	h.clock.Set(time.Date(2026, 12, 2, 19, 0, 0, 0, berlin))
	h.fake.Await(t, wait, "the bot to notice Telegram is down", func() bool {
		return strings.Contains(h.logs.String(), "getUpdates failed") && strings.Contains(h.logs.String(), "sending failed, will retry")
	})
	h.fake.Up()
	h.fake.Await(t, wait, "every press to be answered", func() bool {
		for _, q := range queries {
			if _, ok := h.fake.Answer(q); !ok {
				return false
			}
		}
		return true
	})
	h.awaitText(h.group.ID, ann.ID, "✅ 20 dabei")
	h.awaitBotMessage(h.group.ID, "<b>Erinnerung:</b>")
	h.restart()
	h.expectCount(h.group.ID, "<b>Erinnerung:</b>", 1)
	mustContain(t, h.say(h.group, h.anna, "/attendees").Text, "Dabei (20)")
	mustNotLogToken(t, h)
}

// Telegram answering 500 to every send for a while: the messages wait and
// go out when it recovers.
func TestTelegramErrorsThenBack(t *testing.T) {
	h := newHarness(t)
	h.createAndAnnounce("03.12.2026 19:00 | Stammtisch | Café")
	h.fake.Fail("sendMessage", 500, "Internal Server Error")
	h.fake.Fail("getUpdates", 502, "Bad Gateway")
	h.clock.Set(time.Date(2026, 12, 2, 19, 0, 0, 0, berlin))
	h.fake.Await(t, wait, "several failed sends", func() bool {
		failed := 0
		for _, c := range h.fake.Calls("sendMessage") {
			if c.Status == 500 {
				failed++
			}
		}
		return failed >= 5
	})
	h.fake.Heal()
	h.awaitBotMessage(h.group.ID, "<b>Erinnerung:</b>")
	mustContain(t, h.say(h.group, h.anna, "/next").Text, "Stammtisch")
	h.expectCount(h.group.ID, "<b>Erinnerung:</b>", 1)
	mustNotLogToken(t, h)
}

// A storm of 429 answers while a group is busy: the bot waits as told and
// never sends faster than the limits, which the fake enforces and counts.
func TestFloodControlIsObeyed(t *testing.T) {
	h := newHarness(t, func(h *harness) { h.cfg.Limits = scaledBotLimits })
	h.fake.EnforceLimits(scaledFakeLimits)
	ann := h.createAndAnnounce("03.12.2026 19:00 | Stammtisch | Café")
	h.fake.Throttle(6, 1)
	var sent []int
	for i := range 30 {
		u := h.fake.User(int64(100+i), fmt.Sprint("Gast", i), "de")
		sent = append(sent, h.fake.Send(h.group, u, "/rsvp ja"))
	}
	h.fake.Await(t, 30*time.Second, "a reply to every /rsvp", func() bool {
		replies := map[int]bool{}
		for _, m := range h.fake.BotMessages(h.group.ID) {
			replies[m.ReplyTo] = true
		}
		for _, id := range sent {
			if !replies[id] {
				return false
			}
		}
		return true
	})
	h.awaitText(h.group.ID, ann.ID, "✅ 30 dabei")
	if v := h.fake.Violations(); len(v) > 0 {
		t.Errorf("the bot broke Telegram's limits %d times: %v", len(v), v)
	}
	if !strings.Contains(h.logs.String(), "telegram asks to slow down") {
		t.Error("the 429 answers were not logged")
	}
}

// Another poller with the same token makes Telegram answer 409: the bot says
// so clearly and backs off instead of hammering getUpdates.
func TestConflictBacksOff(t *testing.T) {
	h := newHarness(t)
	h.fake.Fail("getUpdates", 409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
	var polls []telegramtest.Call
	h.fake.Await(t, wait, "three polls answered with 409", func() bool {
		polls = nil
		for _, c := range h.fake.Calls("getUpdates") {
			if c.Status == 409 {
				polls = append(polls, c)
			}
		}
		return len(polls) >= 3
	})
	for i := 1; i < len(polls); i++ {
		if gap := polls[i].At.Sub(polls[i-1].At); gap < 400*time.Millisecond {
			t.Errorf("poll %d came %v after the one before; want a backoff", i, gap)
		}
	}
	mustContain(t, h.logs.String(), "another process is polling with this bot token")
	h.fake.Heal()
	mustContain(t, h.say(h.group, h.anna, "/events").Text, "kein Meetup geplant")
	mustNotLogToken(t, h)
}

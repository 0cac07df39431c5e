package bot_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/app"
	"github.com/meetupbot/meetupbot/bot/telegramtest"
	"github.com/meetupbot/meetupbot/bot/text"
	"github.com/meetupbot/meetupbot/storage"
	"github.com/meetupbot/meetupbot/web"
)

var errDiskFull = errors.New("write meetupbot.db: no space left on device")

// failingStore fails to store new meetups, as a full disk would, for as
// many tries as fails holds; below zero it fails for good.
type failingStore struct {
	*storage.DB
	fails *atomic.Int64
}

func (s failingStore) CreateEvent(ctx context.Context, updateID int, ev meetupbot.Event) (meetupbot.Event, error) {
	if n := s.fails.Load(); n != 0 {
		if n > 0 {
			s.fails.Add(-1)
		}
		return meetupbot.Event{}, errDiskFull
	}
	return s.DB.CreateEvent(ctx, updateID, ev)
}

func failing(fails *atomic.Int64) func(*storage.DB) app.Store {
	return func(db *storage.DB) app.Store { return failingStore{db, fails} }
}

// withWebhook has the fake post updates to the bot through the web side,
// as in production behind a proxy.
func withWebhook(h *harness) {
	srv := web.New(func(context.Context) web.Report { return web.Report{} },
		web.NewMetrics(func() (int, time.Duration) { return 0, 0 }, func() int64 { return 0 }),
		nil, time.Now, h.cfg.Logger)
	srv.AcceptWebhook(web.Webhook{Path: "/telegram", Secret: "s3cret", Updates: runningBot{h}})
	local := httptest.NewServer(srv)
	h.t.Cleanup(local.Close)
	h.fake.RouteWebhook("https://bot.example.org", local.URL)
	h.cfg.WebhookURL, h.cfg.WebhookSecret = "https://bot.example.org/telegram", "s3cret"
}

// runningBot hands updates to whichever bot the harness runs now.
type runningBot struct{ h *harness }

func (r runningBot) HandleUpdate(ctx context.Context, raw []byte) error {
	return r.h.running.Load().HandleUpdate(ctx, raw)
}

// replies are the bot's replies to a message in a group.
func (h *harness) replies(chatID int64, to int) []telegramtest.Message {
	var out []telegramtest.Message
	for _, m := range h.fake.BotMessages(chatID) {
		if m.ReplyTo == to {
			out = append(out, m)
		}
	}
	return out
}

// A /newevent whose meetup fails to store is polled again until it is
// stored: Olga reads one reply, the group one announcement. Ben's /start,
// in the same batch, is answered at once and once, though Telegram hands
// it back with the held update; Anna's /events, after Olga's in the group,
// waits for it.
func TestFailedUpdateIsPolledAgain(t *testing.T) {
	h := newHarness(t)
	h.stop()
	fails := &atomic.Int64{}
	fails.Store(2)
	h.wrap = failing(fails)
	// Sent while the bot is away, so they come in one batch.
	create := h.fake.Send(h.group, h.olga, "/newevent 10.12.2026 19:00 | Stammtisch | Café")
	events := h.fake.Send(h.group, h.anna, "/events")
	h.fake.Send(h.fake.Private(h.ben), h.ben, "/start")
	h.start()
	h.awaitAnnouncement(h.group.ID)
	h.idle()

	if n := fails.Load(); n != 0 {
		t.Errorf("%d failures left, want the update tried until stored", n)
	}
	created := h.replies(h.group.ID, create)
	if len(created) != 1 || !strings.Contains(created[0].Text, "#1") {
		t.Fatalf("replies to /newevent = %+v, want one saying #1", created)
	}
	listed := h.replies(h.group.ID, events)
	if len(listed) != 1 || !strings.Contains(listed[0].Text, "Stammtisch") || listed[0].ID < created[0].ID {
		t.Errorf("replies to /events = %+v, want one after the meetup was created, listing it", listed)
	}
	var announcements int
	for _, m := range h.fake.BotMessages(h.group.ID) {
		if len(m.Buttons) > 0 {
			announcements++
		}
	}
	if announcements != 1 {
		t.Errorf("%d announcements, want 1", announcements)
	}
	if welcomes := h.fake.BotMessages(h.ben.ID); len(welcomes) != 1 {
		t.Errorf("Ben got %d answers to /start, want 1", len(welcomes))
	}
	// Ben was answered before the held update's second try.
	sends := h.fake.Calls("sendMessage")
	ben := slices.IndexFunc(sends, func(c telegramtest.Call) bool { return c.Params.Get("chat_id") == strconv.FormatInt(h.ben.ID, 10) })
	olga := slices.IndexFunc(sends, func(c telegramtest.Call) bool { return strings.Contains(c.Params.Get("text"), "#1") })
	if ben < 0 || olga < 0 || ben > olga {
		t.Errorf("Ben answered as send %d, Olga as send %d: Ben waited for the group", ben, olga)
	}
	mustNotContain(t, h.logs.String(), "gave up")
}

// Through the webhook, Telegram gets a 5xx for an update that failed to
// store and posts it again; one that fails every time is given up after
// three tries and answered 200, and what follows in the group is handled.
func TestFailedUpdateIsPostedAgain(t *testing.T) {
	fails := &atomic.Int64{}
	h := newHarness(t, withWebhook, func(h *harness) { h.wrap = failing(fails) })
	h.fake.Await(t, wait, "the webhook to be set", func() bool { url, _ := h.fake.WebhookInfo(); return url != "" })

	fails.Store(1)
	create := h.fake.Send(h.group, h.olga, "/newevent 10.12.2026 19:00 | Stammtisch | Café")
	first := h.fake.LastUpdateID()
	h.awaitAnnouncement(h.group.ID)
	h.idle()
	if got, want := h.fake.WebhookAnswers(first), []int{500, 200}; !slices.Equal(got, want) {
		t.Errorf("the bot answered the posts of /newevent with %v, want %v", got, want)
	}
	if got := h.replies(h.group.ID, create); len(got) != 1 || !strings.Contains(got[0].Text, "#1") {
		t.Errorf("replies to /newevent = %+v, want one saying #1", got)
	}

	fails.Store(-1)
	h.say(h.group, h.olga, "/newevent 11.12.2026 19:00 | Zweites | Bar")
	second := h.fake.LastUpdateID()
	mustContain(t, h.say(h.group, h.anna, "/events").Text, "Stammtisch")
	if got, want := h.fake.WebhookAnswers(second), []int{500, 500, 200}; !slices.Equal(got, want) {
		t.Errorf("the bot answered the posts of a poisoned update with %v, want %v", got, want)
	}
}

// An update that fails every time is given up after three tries: recorded,
// logged once by its ids, and Olga told it did not work; the group goes on.
func TestPoisonedUpdateIsSkipped(t *testing.T) {
	fails := &atomic.Int64{}
	fails.Store(-1)
	h := newHarness(t, func(h *harness) { h.wrap = failing(fails) })
	answer := h.say(h.group, h.olga, "/newevent 10.12.2026 19:00 | Stammtisch | Café")
	poisoned := h.fake.LastUpdateID()
	if answer.Text != de(text.InternalError) {
		t.Errorf("answer to a poisoned /newevent = %q, want %q", answer.Text, de(text.InternalError))
	}
	mustContain(t, h.say(h.group, h.anna, "/events").Text, de(text.NoUpcoming))
	h.idle()

	logs := h.logs.String()
	if n := strings.Count(logs, "gave up on an update"); n != 1 {
		t.Errorf("the poisoned update was logged %d times, want once:\n%s", n, logs)
	}
	mustContain(t, logs, "update="+strconv.Itoa(poisoned), "chat=-1001", "tries=3", errDiskFull.Error())
	mustNotContain(t, logs, "Stammtisch", telegramtest.Token)
	got, err := h.db.PoisonedUpdates(context.Background())
	if err != nil || len(got) != 1 || got[0].UpdateID != poisoned || got[0].Kind != "message" || got[0].ChatID != h.group.ID {
		t.Errorf("PoisonedUpdates() = %+v, %v, want update %d, a message of the group", got, err, poisoned)
	}
}

// A press that runs a command takes the command waiting for it, and is so
// marked handled, before the command fails: tried again it would be found
// done, so Olga is told at once that it did not work.
func TestFailureAfterAPartWasStoredIsToldAtOnce(t *testing.T) {
	fails := &atomic.Int64{}
	h := newHarness(t, func(h *harness) { h.wrap = failing(fails) })
	second := h.fake.Group(-1002, "Zweite Gruppe")
	h.fake.SetAdmins(second.ID, h.olga)
	h.say(h.group, h.olga, "/help")
	h.say(second, h.olga, "/help")
	private := h.fake.Private(h.olga)
	picker := h.say(private, h.olga, "/newevent 10.12.2026 19:00 | Stammtisch | Café")
	mustContain(t, picker.Text, de(text.PickGroup))
	fails.Store(1)
	h.pressButton(h.olga.ID, h.olga, picker, "Zweite Gruppe")
	h.awaitBotMessage(h.olga.ID, de(text.InternalError))
	h.idle()
	mustContain(t, h.logs.String(), "an update failed after part of it was stored")
	mustNotContain(t, h.logs.String(), "gave up")
}

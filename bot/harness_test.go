package bot_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/app"
	"github.com/meetupbot/meetupbot/bot"
	"github.com/meetupbot/meetupbot/bot/outbox"
	"github.com/meetupbot/meetupbot/bot/telegramtest"
	"github.com/meetupbot/meetupbot/bot/text"
	"github.com/meetupbot/meetupbot/storage"
)

const wait = 10 * time.Second

var berlin = mustLoad("Europe/Berlin")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// harness runs the real bot with the real tgbotapi client against the fake
// Bot API, on a bbolt file in a temporary directory.
type harness struct {
	t      *testing.T
	fake   *telegramtest.Server
	clock  *meetupbot.ManualClock
	dbPath string
	db     *storage.DB
	// wrap, when set, puts something between the bot and the database.
	wrap func(*storage.DB) app.Store
	// running is the bot and scheduler running now, for a webhook to hand
	// updates to while restarts replace them.
	running atomic.Pointer[app.Main]
	cancel  context.CancelFunc
	done    chan error
	cfg     bot.Config
	// main is the bot and its scheduler, wired as in production.
	main *app.Main

	group tgbotapi.Chat
	olga  tgbotapi.User // group admin, organizer
	anna  tgbotapi.User
	ben   tgbotapi.User
	cem   tgbotapi.User
	logs  *telegramtest.Log
}

// testLimits keep Telegram's shape at a speed tests can wait for.
func testLimits() outbox.Limits {
	return outbox.Limits{
		Global: time.Millisecond, PerChat: 2 * time.Millisecond,
		GroupPerMinute: 20, GroupWindow: 200 * time.Millisecond,
		Edit: 300 * time.Millisecond, MaxAttempts: 3, Backoff: 10 * time.Millisecond,
	}
}

// newHarness starts the bot; options change the harness before it starts.
func newHarness(t *testing.T, options ...func(*harness)) *harness {
	t.Helper()
	fake := telegramtest.NewServer()
	t.Cleanup(fake.Close)
	h := &harness{
		t: t, fake: fake,
		clock:  meetupbot.NewManualClock(time.Date(2026, 12, 1, 10, 0, 0, 0, berlin)),
		dbPath: filepath.Join(t.TempDir(), "meetupbot.db"),
		group:  fake.Group(-1001, "Social Media Stammtisch"),
		olga:   fake.User(1, "Olga", "de"),
		anna:   fake.User(2, "Anna", "de"),
		ben:    fake.User(3, "Ben", "en"),
		cem:    fake.User(4, "Cem", "de"),
		logs:   &telegramtest.Log{},
	}
	fake.SetAdmins(h.group.ID, h.olga)
	defaults := meetupbot.DefaultDefaults()
	defaults.Location = berlin
	// Reconfirmation adds questions to every meetup within two days; its
	// own tests turn it on (withReconfirm), the others read clearer without.
	defaults.Reconfirm = &meetupbot.ReconfirmLeads{}
	h.cfg = bot.Config{
		Defaults: defaults, PollTimeout: time.Second,
		Limits: testLimits(), Logger: slog.New(slog.NewTextHandler(io.MultiWriter(h.logs), nil)),
		// The meetups' clock moves only when a test moves it, but the
		// fake Bot API counts its limits and callback timeouts in real
		// time: sending and the poll loop's backoff keep the wall clock,
		// or the second message to a chat would wait for the next jump.
		Pacing: meetupbot.SystemClock{},
	}
	for _, option := range options {
		option(h)
	}
	h.start()
	t.Cleanup(h.stop)
	return h
}

func (h *harness) start() {
	h.t.Helper()
	db, err := storage.Open(h.dbPath, storage.Options{})
	if err != nil {
		h.t.Fatalf("open database: %v", err)
	}
	api, err := bot.Connect(telegramtest.Token, h.fake.Endpoint(), h.cfg.PollTimeout+5*time.Second)
	if err != nil {
		h.t.Fatalf("connect: %v", err)
	}
	h.db = db
	var store app.Store = db
	if h.wrap != nil {
		store = h.wrap(db)
	}
	h.main = app.New(api, store, h.clock, app.Config{Bot: h.cfg}, h.cfg.Logger)
	h.running.Store(h.main)
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel, h.done = cancel, make(chan error, 1)
	go func() { h.done <- h.main.Run(ctx) }()
}

func (h *harness) stop() {
	if h.cancel == nil {
		return
	}
	h.cancel()
	select {
	case err := <-h.done:
		if err != nil {
			h.t.Errorf("Run() = %v", err)
		}
	case <-time.After(wait):
		h.t.Errorf("bot did not stop within %v", wait)
	}
	h.db.Close()
	h.cancel = nil
}

// restart closes the bot and the database and opens both again.
func (h *harness) restart() {
	h.t.Helper()
	h.stop()
	h.start()
}

// say sends text as from in chat and returns the bot's reply to it.
func (h *harness) say(chat tgbotapi.Chat, from tgbotapi.User, text string) telegramtest.Message {
	h.t.Helper()
	id := h.fake.Send(chat, from, text)
	var reply telegramtest.Message
	h.fake.Await(h.t, wait, "a reply to "+text, func() bool {
		for _, m := range h.fake.Messages(chat.ID) {
			if m.From == 0 && m.ID > id && (chat.Type == "private" || m.ReplyTo == id) {
				reply = m
				return true
			}
		}
		return false
	})
	return reply
}

// silent sends text and checks the bot handles it without answering.
func (h *harness) silent(chat tgbotapi.Chat, from tgbotapi.User, text string) {
	h.t.Helper()
	id := h.fake.Send(chat, from, text)
	h.idle()
	for _, m := range h.fake.Messages(chat.ID) {
		if m.From == 0 && m.ID > id {
			h.t.Errorf("%q got an answer %q, want none", text, m.Text)
		}
	}
}

// idle waits until the bot is idle: every update confirmed (so handled),
// the scheduler done with everything due by its clock, and nothing queued
// or in flight in the outbox. They are asked in the order work flows
// between them, so no handover is missed in between.
func (h *harness) idle() {
	h.t.Helper()
	h.fake.Await(h.t, wait, "the bot to be idle", func() bool {
		if !h.fake.Confirmed() {
			return false
		}
		idle, _ := h.main.Idle()
		return idle
	})
}

// press presses a button and returns the toast.
func (h *harness) press(chatID int64, from tgbotapi.User, messageID int, data string) telegramtest.CallbackAnswer {
	h.t.Helper()
	id := h.fake.Press(chatID, from, messageID, data)
	var answer telegramtest.CallbackAnswer
	h.fake.Await(h.t, wait, "an answer to pressing "+data, func() bool {
		var ok bool
		answer, ok = h.fake.Answer(id)
		return ok
	})
	return answer
}

// pressButton presses the button with this label on a message.
func (h *harness) pressButton(chatID int64, from tgbotapi.User, m telegramtest.Message, label string) telegramtest.CallbackAnswer {
	h.t.Helper()
	for _, row := range m.Buttons {
		for _, b := range row {
			if strings.Contains(b.Text, label) {
				return h.press(chatID, from, m.ID, b.Data)
			}
		}
	}
	h.t.Fatalf("message %d has no button %q: %+v", m.ID, label, m.Buttons)
	return telegramtest.CallbackAnswer{}
}

// message returns a message as the chat shows it now.
func (h *harness) message(chatID int64, id int) telegramtest.Message {
	h.t.Helper()
	m, ok := h.fake.Message(chatID, id)
	if !ok {
		h.t.Fatalf("no message %d in chat %d", id, chatID)
	}
	return m
}

// awaitText waits until a message shows text.
func (h *harness) awaitText(chatID int64, id int, text string) telegramtest.Message {
	h.t.Helper()
	var m telegramtest.Message
	h.fake.Await(h.t, wait, "message to show "+text, func() bool {
		m, _ = h.fake.Message(chatID, id)
		return strings.Contains(m.Text, text)
	})
	return m
}

// awaitBotMessage waits for a bot message in chat containing text.
func (h *harness) awaitBotMessage(chatID int64, text string) telegramtest.Message {
	h.t.Helper()
	var found telegramtest.Message
	h.fake.Await(h.t, wait, "a message with "+text, func() bool {
		for _, m := range h.fake.BotMessages(chatID) {
			if strings.Contains(m.Text, text) {
				found = m
				return true
			}
		}
		return false
	})
	return found
}

// awaitAnnouncement waits for a message with answer buttons in a chat.
func (h *harness) awaitAnnouncement(chatID int64) telegramtest.Message {
	h.t.Helper()
	var found telegramtest.Message
	h.fake.Await(h.t, wait, "an announcement", func() bool {
		for _, m := range h.fake.BotMessages(chatID) {
			if len(m.Buttons) > 0 {
				found = m
				return true
			}
		}
		return false
	})
	return found
}

// createAndAnnounce creates a meetup as Olga and returns its announcement,
// which the scheduler posts at once for meetups within the lead time.
func (h *harness) createAndAnnounce(args string) telegramtest.Message {
	h.t.Helper()
	sent := h.fake.Send(h.group, h.olga, "/newevent "+args)
	var announcement telegramtest.Message
	h.fake.Await(h.t, wait, "the announcement", func() bool {
		for _, m := range h.fake.BotMessages(h.group.ID) {
			if m.ID > sent && len(m.Buttons) > 0 {
				announcement = m
				return true
			}
		}
		return false
	})
	h.idle()
	return announcement
}

// de is a text as German members read it, so assertions check which text
// the bot chose rather than repeat its wording.
func de(key text.Key, args ...any) string { return text.T(meetupbot.German, key, args...) }

func mustContain(t *testing.T, text string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(text, want) {
			t.Errorf("text does not contain %q:\n%s", want, text)
		}
	}
}

func mustNotContain(t *testing.T, text string, unwanted ...string) {
	t.Helper()
	for _, u := range unwanted {
		if strings.Contains(text, u) {
			t.Errorf("text contains %q:\n%s", u, text)
		}
	}
}

package bot

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/schedule"
	"github.com/meetupbot/meetupbot/storage"
)

// The fuzz targets run their seeds (f.Add and testdata/fuzz/) as ordinary
// tests; go test -fuzz=FuzzX ./bot explores further.

// mustBeInputError fails unless err is nil or a member's mistake with a text
// to show: a parser must never fail in any other way.
func mustBeInputError(t *testing.T, input string, err error) {
	t.Helper()
	var in *inputError
	if err != nil && !errors.As(err, &in) {
		t.Fatalf("%q: error %v is not an input error", input, err)
	}
	if in != nil {
		if _, ok := catalog[meetupbot.German][in.key]; !ok {
			t.Fatalf("%q: input error %q has no text", input, in.key)
		}
	}
}

func FuzzParseNewEvent(f *testing.F) {
	f.Add("2026-12-10 19:00 | Stammtisch | Café Central | 40")
	f.Add("10.12.2026 19.30 | a | b | unbegrenzt")
	f.Add("31.02.2027 25:61 | | |")
	f.Fuzz(func(t *testing.T, args string) {
		in, err := parseNewEvent(args, berlin, now)
		mustBeInputError(t, args, err)
		if err != nil {
			return
		}
		switch {
		case in.Title == "" || utf8.RuneCountInString(in.Title) > meetupbot.MaxTitleLen:
			t.Errorf("%q: title %q", args, in.Title)
		case in.Venue == "" || utf8.RuneCountInString(in.Venue) > meetupbot.MaxVenueLen:
			t.Errorf("%q: venue %q", args, in.Venue)
		case in.Capacity < 0 || in.Capacity > meetupbot.MaxCapacity:
			t.Errorf("%q: capacity %d", args, in.Capacity)
		case !in.Start.After(now) || in.Start.After(now.AddDate(3, 0, 1)):
			t.Errorf("%q: start %v", args, in.Start)
		}
	})
}

func FuzzParseRSVP(f *testing.F) {
	f.Add("ja +1 3")
	f.Add("vielleicht")
	f.Add("+99999999999999999999")
	f.Fuzz(func(t *testing.T, args string) {
		in, err := parseRSVP(args)
		mustBeInputError(t, args, err)
		if err == nil && (in.Answer.Guests < 0 || in.Answer.Guests > meetupbot.MaxGuests || in.EventID < 0) {
			t.Errorf("parseRSVP(%q) = %+v", args, in)
		}
	})
}

func FuzzParseRule(f *testing.F) {
	f.Add("every 2 months on the 2nd thursday")
	f.Add("monatlich am letzten Freitag")
	f.Add("every 99999999999999999999 weeks")
	start := time.Date(2026, 12, 31, 19, 0, 0, 0, berlin)
	f.Fuzz(func(t *testing.T, text string) {
		rule, err := parseRule(text, start)
		mustBeInputError(t, text, err)
		if err != nil {
			return
		}
		if err := rule.Validate(); err != nil {
			t.Fatalf("parseRule(%q) = %+v, which does not validate", text, rule)
		}
		if next := rule.Next(start, berlin); !next.After(start) || next.After(start.AddDate(1, 0, 7)) {
			t.Errorf("parseRule(%q).Next(%v) = %v", text, start, next)
		}
	})
}

func FuzzParseScheduleAdd(f *testing.F) {
	f.Add("0 18 * * 1 | Heute Stammtisch!")
	f.Add("@weekly|")
	f.Add("TZ=Europe/Berlin 0 18 * * * | x")
	f.Fuzz(func(t *testing.T, args string) {
		in, err := parseScheduleAdd(args)
		mustBeInputError(t, args, err)
		if err != nil {
			return
		}
		// The spec goes to the scheduler, which must refuse or accept it
		// without panicking, and accepted specs must move forward.
		spec, err := schedule.ParseSpec(in.Spec)
		if err != nil {
			return
		}
		if next, _ := spec.Next(berlin, now); !next.IsZero() && !next.After(now) {
			t.Errorf("spec %q: next run %v is not after %v", in.Spec, next, now)
		}
	})
}

func FuzzCallbackData(f *testing.F) {
	f.Add("r:1:y")
	f.Add("r:-1:g")
	f.Add("r:1:y:extra")
	f.Add("pick:-1001")
	f.Fuzz(func(t *testing.T, data string) {
		id, answer, ok := parseRSVPData(data)
		if ok && (id <= 0 || (answer.Status == meetupbot.StatusNone && !answer.AddGuest)) {
			t.Errorf("parseRSVPData(%q) = %d, %+v, true", data, id, answer)
		}
	})
}

// recordingAPI is the Telegram client for FuzzUpdate: it answers like
// Telegram and records every text the bot would send.
type recordingAPI struct {
	mu    sync.Mutex
	next  int
	texts []string
}

func (a *recordingAPI) record(c tgbotapi.Chattable) {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch m := c.(type) {
	case tgbotapi.MessageConfig:
		a.texts = append(a.texts, m.Text)
	case tgbotapi.EditMessageTextConfig:
		a.texts = append(a.texts, m.Text)
	case tgbotapi.CallbackConfig:
		a.texts = append(a.texts, m.Text)
	}
}

func (a *recordingAPI) Send(c tgbotapi.Chattable) (tgbotapi.Message, error) {
	a.record(c)
	a.mu.Lock()
	defer a.mu.Unlock()
	a.next++
	return tgbotapi.Message{MessageID: a.next}, nil
}

func (a *recordingAPI) Request(c tgbotapi.Chattable) (*tgbotapi.APIResponse, error) {
	a.record(c)
	return &tgbotapi.APIResponse{Ok: true, Result: json.RawMessage("true")}, nil
}

func (a *recordingAPI) GetUpdates(tgbotapi.UpdateConfig) ([]tgbotapi.Update, error) { return nil, nil }

func (a *recordingAPI) GetChatAdministrators(tgbotapi.ChatAdministratorsConfig) ([]tgbotapi.ChatMember, error) {
	return nil, nil
}

type syncLog struct {
	mu sync.Mutex
	sb strings.Builder
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sb.Write(p)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sb.String()
}

// FuzzUpdate feeds whole updates, as Telegram's JSON, to the bot's handler:
// none may panic, and everything the bot says must be valid UTF-8 within
// Telegram's 4096 characters.
func FuzzUpdate(f *testing.F) {
	f.Add(`{"update_id":1,"message":{"message_id":1,"from":{"id":1,"first_name":"Olga"},"chat":{"id":-1001,"type":"supergroup","title":"G"},"text":"/newevent 2026-12-10 19:00 | T | V | 2","entities":[{"type":"bot_command","offset":0,"length":9}]}}`)
	f.Add(`{"update_id":2,"callback_query":{"id":"q1","from":{"id":2,"first_name":"Anna"},"message":{"message_id":5,"chat":{"id":-1001,"type":"supergroup"}},"data":"r:1:g"}}`)
	f.Add(`{"update_id":3,"message":{"message_id":2,"from":{"id":3,"first_name":"<b>"},"chat":{"id":3,"type":"private"},"text":"/rsvp ja +9 1","entities":[{"type":"bot_command","offset":0,"length":5}]}}`)
	f.Add(`{"update_id":4,"my_chat_member":{"chat":{"id":-1002,"type":"group"},"from":{"id":1},"date":0,"old_chat_member":{"user":{"id":999},"status":"left"},"new_chat_member":{"user":{"id":999},"status":"member"}}}`)
	f.Add(`{"update_id":5,"message":{"message_id":3,"chat":{"id":-1001,"type":"supergroup"},"text":"/events"}}`)
	db, err := storage.Open(filepath.Join(f.TempDir(), "fuzz.db"), storage.Options{})
	if err != nil {
		f.Fatal(err)
	}
	defer db.Close()
	api := &recordingAPI{}
	logs := &syncLog{}
	sched := schedule.New(db, meetupbot.SystemClock{}, schedule.Policy{Location: berlin}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	b := New(api, db, fixedClock(now), Config{
		Location: berlin, OrganizerIDs: []int64{1}, Planner: sched,
		Logger: slog.New(slog.NewTextHandler(logs, nil)),
	})
	f.Fuzz(func(t *testing.T, update string) {
		var u tgbotapi.Update
		if json.Unmarshal([]byte(update), &u) != nil {
			return
		}
		b.handle(context.Background(), u)
		if strings.Contains(logs.String(), "panic") {
			t.Fatalf("update %s panicked:\n%s", update, logs)
		}
		for _, text := range b.sendQueued() {
			api.record(text)
		}
		api.mu.Lock()
		defer api.mu.Unlock()
		for _, text := range api.texts {
			if !utf8.ValidString(text) || utf8.RuneCountInString(text) > 4096 {
				t.Fatalf("update %s made the bot say %d characters (valid UTF-8: %v)", update, utf8.RuneCountInString(text), utf8.ValidString(text))
			}
		}
		api.texts = api.texts[:0]
	})
}

// sendQueued empties the outbox without Telegram, returning what it would
// have sent; the fuzz target runs the handler without the outbox loop.
func (b *Bot) sendQueued() []tgbotapi.Chattable {
	var out []tgbotapi.Chattable
	b.out.mu.Lock()
	queue := b.out.queue
	b.out.queue, b.out.keys = nil, map[string]bool{}
	b.out.mu.Unlock()
	for _, e := range queue {
		if c, ok := e.build(context.Background()); ok {
			out = append(out, c)
		}
	}
	return out
}

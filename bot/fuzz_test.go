package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/input"
	"github.com/meetupbot/meetupbot/bot/outbox"
	"github.com/meetupbot/meetupbot/bot/telegramtest"
	"github.com/meetupbot/meetupbot/schedule"
	"github.com/meetupbot/meetupbot/storage"
)

// The parsers' fuzz targets live in bot/input; this one feeds whole
// updates through the handler. go test -fuzz=FuzzUpdate ./bot explores
// further than the seeds.

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
	if answer, ok := c.(tgbotapi.CallbackConfig); ok {
		a.texts = append(a.texts, answer.Text)
	}
}

func (a *recordingAPI) MakeRequest(method string, p tgbotapi.Params) (*tgbotapi.APIResponse, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.texts = append(a.texts, p["text"])
	a.next++
	return &tgbotapi.APIResponse{Ok: true, Result: json.RawMessage(fmt.Sprintf(`{"message_id":%d}`, a.next))}, nil
}

func (a *recordingAPI) UploadFiles(method string, p tgbotapi.Params, _ []tgbotapi.RequestFile) (*tgbotapi.APIResponse, error) {
	return a.MakeRequest(method, p)
}

func (a *recordingAPI) GetChatMember(tgbotapi.GetChatMemberConfig) (tgbotapi.ChatMember, error) {
	return tgbotapi.ChatMember{Status: "member"}, nil
}

func (a *recordingAPI) Request(c tgbotapi.Chattable) (*tgbotapi.APIResponse, error) {
	a.record(c)
	return &tgbotapi.APIResponse{Ok: true, Result: json.RawMessage("true")}, nil
}

func (a *recordingAPI) GetChatAdministrators(tgbotapi.ChatAdministratorsConfig) ([]tgbotapi.ChatMember, error) {
	return nil, nil
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
	f.Add(`{"update_id":6,"message":{"message_id":4,"from":{"id":1,"first_name":"Olga"},"chat":{"id":-1001,"type":"supergroup","title":"G"},"text":"/editevent 1 title\u00a0Neu","entities":[{"type":"bot_command","offset":0,"length":10}]}}`)
	// The buttons and deep links of proposals, the door, ratings, speakers
	// and calendars, aimed at meetups and talks that may not exist.
	for _, data := range []string{"talk:1:a:1", "door:1:0:2", "fb:1:0:5", "spk:1:1:n", "cal:1", "d:1:topic:o0", "r:1:k", "r:1:q"} {
		f.Add(`{"update_id":7,"callback_query":{"id":"q2","from":{"id":2,"first_name":"Anna"},"message":{"message_id":5,"chat":{"id":2,"type":"private"}},"data":"` + data + `"}}`)
	}
	for _, text := range []string{"/start cABCDEFGHIJKLMNOPQRSTUVWX27", "/start ics1", "/start propose", "/propose a | b", "/talkpoll close", "/editevent 1 talks 1:20", "/checkin", "/calendar reset"} {
		f.Add(`{"update_id":8,"message":{"message_id":6,"from":{"id":1,"first_name":"Olga"},"chat":{"id":1,"type":"private"},"text":"` + text + `","entities":[{"type":"bot_command","offset":0,"length":` + strconv.Itoa(strings.IndexByte(text+" ", ' ')) + `}]}}`)
	}
	f.Add(`{"update_id":9,"poll":{"id":"poll-1","question":"q","options":[{"text":"a","voter_count":2}],"total_voter_count":2}}`)
	db, err := storage.Open(filepath.Join(f.TempDir(), "fuzz.db"), storage.Options{})
	if err != nil {
		f.Fatal(err)
	}
	defer db.Close()
	berlin, _ := time.LoadLocation("Europe/Berlin")
	clock := meetupbot.NewManualClock(time.Date(2026, 12, 1, 10, 0, 0, 0, berlin))
	api := &recordingAPI{}
	logs := &telegramtest.Log{}
	activity := &meetupbot.Activity{}
	sched := schedule.New(db, clock, schedule.Policy{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	// The meetups' clock never moves here: the outbox paces on the wall
	// clock, or its first wait would never end.
	b := New(api, db, clock, Config{
		OrganizerIDs: []int64{1}, Planner: sched, Activity: activity, Pacing: meetupbot.SystemClock{},
		Limits: outbox.Limits{Global: time.Nanosecond, PerChat: time.Nanosecond, Edit: time.Nanosecond, MaxAttempts: 1, Backoff: time.Nanosecond},
		Logger: slog.New(slog.NewTextHandler(logs, nil)),
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go b.out.Run(ctx, ctx)
	f.Fuzz(func(t *testing.T, update string) {
		u, err := input.DecodeUpdate(json.RawMessage(update))
		if err != nil {
			return
		}
		err = b.handle(context.Background(), u)
		if idle, done := activity.Idle(); !idle {
			<-done
		}
		if p := (panicked{}); errors.As(err, &p) {
			t.Fatalf("update %s panicked: %v\n%s", update, p.value, p.stack)
		}
		if err != nil {
			t.Fatalf("update %s failed: %v", update, err)
		}
		if strings.Contains(logs.String(), "panic") {
			t.Fatalf("update %s panicked:\n%s", update, logs)
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

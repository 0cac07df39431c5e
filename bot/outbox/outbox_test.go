package outbox

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/view"
)

// recorder answers like Telegram and records what arrived when, on the
// test's clock. fail decides an error for a request, by its text.
type recorder struct {
	clock *meetupbot.ManualClock
	fail  func(text string) error
	sent  []sent
}

type sent struct {
	chatID int64
	text   string
	at     time.Time
}

func (r *recorder) MakeRequest(method string, p tgbotapi.Params) (*tgbotapi.APIResponse, error) {
	chatID, _ := strconv.ParseInt(p["chat_id"], 10, 64)
	s := sent{chatID, p["text"], r.clock.Now()}
	if r.fail != nil {
		if err := r.fail(s.text); err != nil {
			return nil, err
		}
	}
	r.sent = append(r.sent, s)
	return &tgbotapi.APIResponse{Ok: true, Result: []byte(`{"message_id":` + strconv.Itoa(len(r.sent)) + `}`)}, nil
}

// UploadFiles counts like any send: the outbox paces files as messages.
func (r *recorder) UploadFiles(method string, p tgbotapi.Params, _ []tgbotapi.RequestFile) (*tgbotapi.APIResponse, error) {
	return r.MakeRequest(method, p)
}

func message(chatID int64, body string) view.Request { return view.Message(chatID, body, 0, nil) }

var start = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

// drive runs the outbox until its queue is empty, moving the clock to
// whenever the next envelope may go instead of waiting for it.
func drive(t *testing.T, o *Outbox, clock *meetupbot.ManualClock) {
	t.Helper()
	for range 10000 {
		e, wait := o.next(clock.Now())
		switch {
		case e != nil:
			o.deliver(context.Background(), e)
		case wait == 0:
			return
		default:
			clock.Advance(wait)
		}
	}
	t.Fatal("the outbox never emptied")
}

// driveUntil runs the outbox like drive until done holds.
func driveUntil(t *testing.T, o *Outbox, clock *meetupbot.ManualClock, done func() bool) {
	t.Helper()
	for range 10000 {
		if done() {
			return
		}
		e, wait := o.next(clock.Now())
		switch {
		case e != nil:
			o.deliver(context.Background(), e)
		case wait == 0:
			t.Fatal("the outbox emptied before the condition held")
		default:
			clock.Advance(wait)
		}
	}
	t.Fatal("the condition never held")
}

func newTestOutbox(limits Limits, fail func(string) error) (*Outbox, *recorder, *meetupbot.ManualClock, *meetupbot.Activity) {
	clock := meetupbot.NewManualClock(start)
	rec := &recorder{clock: clock, fail: fail}
	activity := &meetupbot.Activity{}
	return New(rec, limits, clock, slog.New(slog.NewTextHandler(io.Discard, nil)), activity, nil), rec, clock, activity
}

func TestPacing(t *testing.T) {
	limits := TelegramLimits()
	tests := []struct {
		name  string
		chats []int64
		check func(t *testing.T, got []sent)
	}{
		{"one second apart in one chat", []int64{7, 7, 7}, func(t *testing.T, got []sent) {
			for i := 1; i < len(got); i++ {
				if gap := got[i].at.Sub(got[i-1].at); gap < limits.PerChat {
					t.Errorf("message %d came %v after the one before, want at least %v", i, gap, limits.PerChat)
				}
			}
		}},
		{"at most 20 a minute in a group", slices.Repeat([]int64{-100}, 25), func(t *testing.T, got []sent) {
			for i := limits.GroupPerMinute; i < len(got); i++ {
				if window := got[i].at.Sub(got[i-limits.GroupPerMinute].at); window < limits.GroupWindow {
					t.Errorf("message %d is the 21st within %v", i, window)
				}
			}
		}},
		{"chats do not wait for each other", []int64{1, 2, 3, 4}, func(t *testing.T, got []sent) {
			if last := got[len(got)-1].at.Sub(start); last > 4*limits.Global {
				t.Errorf("the fourth chat's message went %v after the first, want only the global spacing", last)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, rec, clock, activity := newTestOutbox(limits, nil)
			for i, chat := range tt.chats {
				o.Send(chat, message(chat, fmt.Sprint(i)), nil)
			}
			if idle, _ := activity.Idle(); idle {
				t.Fatal("queued messages do not count as work in flight")
			}
			drive(t, o, clock)
			if len(rec.sent) != len(tt.chats) {
				t.Fatalf("sent %d messages, want %d", len(rec.sent), len(tt.chats))
			}
			tt.check(t, rec.sent)
			if idle, _ := activity.Idle(); !idle {
				t.Error("an empty outbox still counts as busy")
			}
		})
	}
}

func TestEditsAreCoalescedAndSpaced(t *testing.T) {
	o, rec, clock, _ := newTestOutbox(TelegramLimits(), nil)
	version := 0
	edit := func(context.Context) (view.Request, bool) {
		return view.Edit(meetupbot.MessageRef{ChatID: -100, MessageID: 5}, fmt.Sprint("v", version), nil), true
	}
	for version = 1; version <= 10; version++ {
		o.Refresh(-100, 5, edit)
	}
	drive(t, o, clock)
	// The card shows v11 already: an edit to the same is never sent.
	o.Refresh(-100, 5, edit)
	drive(t, o, clock)
	version = 12
	o.Refresh(-100, 5, edit)
	drive(t, o, clock)
	if len(rec.sent) != 2 {
		t.Fatalf("sent %d edits for 12 refreshes (one unchanged), want 2", len(rec.sent))
	}
	if rec.sent[0].text != "v11" {
		t.Errorf("the coalesced edit showed %q, want the state when it was sent (v11)", rec.sent[0].text)
	}
	if gap := rec.sent[1].at.Sub(rec.sent[0].at); gap < TelegramLimits().Edit {
		t.Errorf("edits of one message %v apart, want at least %v", gap, TelegramLimits().Edit)
	}
}

func TestRetries(t *testing.T) {
	t.Run("order is kept across a retry", func(t *testing.T) {
		failed := false
		o, rec, clock, _ := newTestOutbox(TelegramLimits(), func(text string) error {
			if text == "first" && !failed {
				failed = true
				return &tgbotapi.Error{Code: 500, Message: "Internal Server Error"}
			}
			return nil
		})
		for _, text := range []string{"first", "second", "third"} {
			o.Send(42, message(42, text), nil)
		}
		drive(t, o, clock)
		var got []string
		for _, s := range rec.sent {
			got = append(got, s.text)
		}
		if !slices.Equal(got, []string{"first", "second", "third"}) {
			t.Errorf("delivered %q, want first, second, third in order", got)
		}
	})
	t.Run("retry_after is obeyed for the whole chat", func(t *testing.T) {
		throttled := false
		o, rec, clock, _ := newTestOutbox(TelegramLimits(), func(text string) error {
			if !throttled {
				throttled = true
				return &tgbotapi.Error{Code: 429, Message: "Too Many Requests", ResponseParameters: tgbotapi.ResponseParameters{RetryAfter: 7}}
			}
			return nil
		})
		o.Send(42, message(42, "a"), nil)
		o.Send(42, message(42, "b"), nil)
		drive(t, o, clock)
		if len(rec.sent) != 2 || rec.sent[0].at.Sub(start) < 7*time.Second {
			t.Errorf("sent %+v, want both, the first 7s after the 429", rec.sent)
		}
	})
	t.Run("a message that is not stored is given up", func(t *testing.T) {
		limits := TelegramLimits()
		o, rec, clock, activity := newTestOutbox(limits, func(string) error { return &tgbotapi.Error{Code: 502, Message: "Bad Gateway"} })
		o.Send(42, message(42, "a"), nil)
		drive(t, o, clock)
		if len(rec.sent) != 0 {
			t.Errorf("sent %+v through a failing API", rec.sent)
		}
		if idle, _ := activity.Idle(); !idle {
			t.Error("a message given up still counts as busy")
		}
	})
}

func TestBackoff(t *testing.T) {
	for attempt := 1; attempt <= 40; attempt++ {
		want := min(time.Second<<min(attempt-1, 20), 30*time.Second)
		got := Backoff(time.Second, attempt, 30*time.Second)
		if got < want || got > want+want/2 {
			t.Errorf("Backoff(1s, %d, 30s) = %v, want between %v and %v", attempt, got, want, want+want/2)
		}
	}
}

// overlapSender holds each request until release is closed, and records
// how many were in flight at once, overall and per chat.
type overlapSender struct {
	mu       sync.Mutex
	inFlight map[int64]int
	total    int
	maxTotal int
	maxChat  int
	order    []string
	arrived  chan struct{}
	release  chan struct{}
}

func (s *overlapSender) UploadFiles(method string, p tgbotapi.Params, _ []tgbotapi.RequestFile) (*tgbotapi.APIResponse, error) {
	return s.MakeRequest(method, p)
}

func (s *overlapSender) MakeRequest(method string, p tgbotapi.Params) (*tgbotapi.APIResponse, error) {
	chatID, _ := strconv.ParseInt(p["chat_id"], 10, 64)
	s.mu.Lock()
	s.inFlight[chatID]++
	s.total++
	s.maxTotal, s.maxChat = max(s.maxTotal, s.total), max(s.maxChat, s.inFlight[chatID])
	s.order = append(s.order, p["text"])
	s.mu.Unlock()
	s.arrived <- struct{}{}
	<-s.release
	s.mu.Lock()
	s.inFlight[chatID]--
	s.total--
	s.mu.Unlock()
	return &tgbotapi.APIResponse{Ok: true, Result: []byte(`{"message_id":1}`)}, nil
}

func TestRequestsToDifferentChatsOverlap(t *testing.T) {
	sender := &overlapSender{inFlight: map[int64]int{}, arrived: make(chan struct{}, 100), release: make(chan struct{})}
	limits := Limits{Concurrency: 16}
	activity := &meetupbot.Activity{}
	o := New(sender, limits, meetupbot.SystemClock{}, slog.New(slog.NewTextHandler(io.Discard, nil)), activity, nil)
	for chat := int64(1); chat <= 20; chat++ {
		o.Send(chat, message(chat, fmt.Sprint("to ", chat)), nil)
	}
	for i := range 3 {
		o.Send(7, message(7, fmt.Sprint("again ", i)), nil)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		o.Run(ctx, context.Background())
	}()
	// Sixteen requests must be in flight at once before any is answered.
	for range 16 {
		<-sender.arrived
	}
	close(sender.release)
	_, idle := activity.Idle()
	if idle != nil {
		<-idle
	}
	cancel()
	<-done
	if sender.maxTotal != 16 {
		t.Errorf("at most %d requests in flight, want the bound of 16", sender.maxTotal)
	}
	if sender.maxChat != 1 {
		t.Errorf("%d requests to one chat in flight at once, want 1", sender.maxChat)
	}
	var seven []string
	for _, text := range sender.order {
		if strings.HasSuffix(text, " 7") || strings.HasPrefix(text, "again") {
			seven = append(seven, text)
		}
	}
	if !slices.Equal(seven, []string{"to 7", "again 0", "again 1", "again 2"}) {
		t.Errorf("chat 7 got %q, want its messages in order", seven)
	}
}

func TestRepliesGoBeforeEdits(t *testing.T) {
	limits := TelegramLimits()
	o, rec, clock, _ := newTestOutbox(limits, nil)
	// A send just went to the chat, so everything after waits for the same
	// spacing and only the choice between them is left.
	o.Send(-100, message(-100, "before"), nil)
	drive(t, o, clock)
	for i := range 10 {
		id := i
		o.Refresh(-100, 100+id, func(context.Context) (view.Request, bool) {
			return view.Edit(meetupbot.MessageRef{ChatID: -100, MessageID: 100 + id}, fmt.Sprint("card ", id), nil), true
		})
	}
	o.Send(-100, message(-100, "reply"), nil)
	drive(t, o, clock)
	if rec.sent[1].text != "reply" {
		t.Errorf("sent %q next, want the reply before ten card edits", rec.sent[1].text)
	}
	t.Run("fresh edits leave part of a group's minute to replies", func(t *testing.T) {
		limits := TelegramLimits()
		limits.PerChat = 100 * time.Millisecond
		o, rec, clock, _ := newTestOutbox(limits, nil)
		for i := range 20 {
			id := i
			o.Refresh(-100, 100+id, func(context.Context) (view.Request, bool) {
				return view.Edit(meetupbot.MessageRef{ChatID: -100, MessageID: 100 + id}, "card", nil), true
			})
		}
		start := clock.Now()
		driveUntil(t, o, clock, func() bool { return len(rec.sent) == limits.GroupPerMinute-editReserve })
		o.Send(-100, message(-100, "reply"), nil)
		drive(t, o, clock)
		reply := slices.IndexFunc(rec.sent, func(s sent) bool { return s.text == "reply" })
		if reply != limits.GroupPerMinute-editReserve {
			t.Fatalf("the reply went %dth, want right after the %d edits the budget allows", reply+1, limits.GroupPerMinute-editReserve)
		}
		if next := rec.sent[reply+1]; next.at.Sub(start) < maxEditWait {
			t.Errorf("edit %d went %v after the first, before it had yielded %v", reply+1, next.at.Sub(start), maxEditWait)
		}
	})
}

// TestEditsAreNotStarved: a flood of notices to a group (promotions during
// churn) goes first, but a card edit that waited maxEditWait goes next, so
// the counts catch up while notices still queue.
func TestEditsAreNotStarved(t *testing.T) {
	o, rec, clock, _ := newTestOutbox(TelegramLimits(), nil)
	o.Send(-100, message(-100, "before"), nil)
	drive(t, o, clock)
	for i := range 40 {
		o.Send(-100, message(-100, fmt.Sprint("notice ", i)), nil)
	}
	o.Refresh(-100, 5, func(context.Context) (view.Request, bool) {
		return view.Edit(meetupbot.MessageRef{ChatID: -100, MessageID: 5}, "card", nil), true
	})
	queued := clock.Now()
	drive(t, o, clock)
	for i, s := range rec.sent {
		if s.text != "card" {
			continue
		}
		if i == len(rec.sent)-1 {
			t.Fatal("the card edit waited for all 40 notices")
		}
		if waited := s.at.Sub(queued); waited > maxEditWait+TelegramLimits().GroupWindow {
			t.Errorf("the card edit waited %v", waited)
		}
		return
	}
	t.Fatal("the card edit was never sent")
}

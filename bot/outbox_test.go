package bot

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// flakySender fails the first send of each text listed in failOnce with a
// 500, and records the texts it delivered.
type flakySender struct {
	mu        sync.Mutex
	failOnce  map[string]bool
	delivered []string
}

func (s *flakySender) Send(c tgbotapi.Chattable) (tgbotapi.Message, error) {
	_, err := s.Request(c)
	return tgbotapi.Message{}, err
}

func (s *flakySender) Request(c tgbotapi.Chattable) (*tgbotapi.APIResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	text := c.(tgbotapi.MessageConfig).Text
	if s.failOnce[text] {
		delete(s.failOnce, text)
		return nil, &tgbotapi.Error{Code: 500, Message: "Internal Server Error"}
	}
	s.delivered = append(s.delivered, text)
	return &tgbotapi.APIResponse{Ok: true}, nil
}

func TestOutboxKeepsChatOrderAcrossRetries(t *testing.T) {
	sender := &flakySender{failOnce: map[string]bool{"first": true}}
	limits := Limits{Global: time.Millisecond, PerChat: time.Millisecond, MaxAttempts: 3, Backoff: 20 * time.Millisecond}
	o := newOutbox(sender, limits, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	for _, text := range []string{"first", "second", "third"} {
		o.send(42, false, tgbotapi.NewMessage(42, text), nil)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	drain, stop := context.WithTimeout(context.Background(), 5*time.Second)
	defer stop()
	o.run(ctx, drain)
	sender.mu.Lock()
	defer sender.mu.Unlock()
	if got := sender.delivered; len(got) != 3 || got[0] != "first" || got[1] != "second" || got[2] != "third" {
		t.Errorf("delivered %q, want first, second, third in order", got)
	}
}

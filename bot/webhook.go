package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot/bot/input"
)

// webhookConnections is how many requests Telegram may post at once; each
// chat's updates are still handled one after the other.
const webhookConnections = "10"

// serveWebhook has Telegram post updates to the webhook, keeping updates
// it holds from before, and waits until ctx is done; HandleUpdate handles
// what arrives.
func (b *Bot) serveWebhook(ctx context.Context) error {
	_, err := b.api.MakeRequest("setWebhook", tgbotapi.Params{
		"url": b.cfg.WebhookURL, "secret_token": b.cfg.WebhookSecret, "allowed_updates": allowedUpdates,
		"drop_pending_updates": "false", "max_connections": webhookConnections,
	})
	if err != nil {
		return fmt.Errorf("set webhook: %w", err)
	}
	b.log.Info("webhook set; Telegram posts updates to it", "url", b.cfg.WebhookURL)
	<-ctx.Done()
	b.answers.wait()
	return nil
}

// chatLocks hands out one lock per chat, so a webhook's concurrent
// requests handle each chat's updates in turn, as polling does.
type chatLocks struct {
	mu    sync.Mutex
	locks map[int64]*sync.Mutex
}

func (c *chatLocks) lock(chatID int64) func() {
	c.mu.Lock()
	if c.locks == nil {
		c.locks = map[int64]*sync.Mutex{}
	}
	l, ok := c.locks[chatID]
	if !ok {
		l = &sync.Mutex{}
		c.locks[chatID] = l
	}
	c.mu.Unlock()
	l.Lock()
	return l.Unlock
}

// HandleUpdate handles one update posted to the webhook and returns once
// its effects are stored, so the HTTP side answers 200 only then; an
// update posted again (after a crash, or a retry) is recognised by its id.
// An update that failed to store returns an error, for Telegram to post it
// again after the HTTP side's 5xx, until it is given up (see settle).
func (b *Bot) HandleUpdate(ctx context.Context, raw []byte) error {
	updates, err := input.DecodeUpdates(json.RawMessage("[" + string(raw) + "]"))
	if err != nil || len(updates) != 1 {
		b.log.Error("decode webhook update", "error", err)
		return fmt.Errorf("decode webhook update: %w", err)
	}
	u := updates[0]
	b.activity.Begin()
	defer b.activity.End()
	defer b.webhookChats.lock(chatKey(u))()
	if !b.settle(ctx, u, b.handle(ctx, u)) {
		return fmt.Errorf("update %d not stored; to be posted again", u.UpdateID)
	}
	return nil
}

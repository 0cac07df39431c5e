package bot

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot/bot/input"
	"github.com/meetupbot/meetupbot/bot/outbox"
)

// ErrUnauthorized means Telegram rejected the bot token.
var ErrUnauthorized = errors.New("telegram rejected the bot token (401 Unauthorized)")

// updateLog is where the loop keeps its place in Telegram's update stream.
type updateLog interface {
	Handled(ctx context.Context, updateID int) (bool, error)
	Offset(ctx context.Context) (int, error)
	SaveOffset(ctx context.Context, offset int) error
}

const maxPollBackoff = 30 * time.Second

// offsetSaveEvery spaces the saves of the update offset.
const offsetSaveEvery = 5 * time.Second

// poll long-polls getUpdates and handles each batch before confirming it
// with the next offset. Exactly-once comes from each update's id, stored as
// handled in the transaction of its effects: an update delivered again after
// a crash is recognised. The offset in bbolt only says where to resume, and
// Telegram forgets confirmed updates anyway, so it is saved every few
// seconds and on the way out rather than with an fsync per batch.
func (b *Bot) poll(ctx context.Context) error {
	offset, err := b.updates.Offset(ctx)
	if ctx.Err() != nil {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read update offset: %w", err)
	}
	saved, savedAt := offset, b.pacing.Now()
	save := func() {
		if offset == saved {
			return
		}
		if err := b.updates.SaveOffset(context.WithoutCancel(ctx), offset); err != nil {
			b.log.Error("save update offset", "offset", offset, "error", err)
			return
		}
		saved, savedAt = offset, b.pacing.Now()
	}
	defer save()
	defer b.answers.wait()
	failures := 0
	for ctx.Err() == nil {
		updates, err := b.getUpdates(ctx, offset)
		if ctx.Err() != nil {
			break
		}
		if err != nil {
			var apiErr *tgbotapi.Error
			switch {
			case errors.As(err, &apiErr) && apiErr.Code == 401:
				return ErrUnauthorized
			case errors.As(err, &apiErr) && apiErr.Code == 409 && strings.Contains(apiErr.Message, "webhook"):
				// Switched back from a webhook: polling takes over, and
				// the updates Telegram holds stay to be fetched.
				if _, err := b.api.MakeRequest("deleteWebhook", tgbotapi.Params{"drop_pending_updates": "false"}); err != nil {
					b.log.Error("delete the webhook to poll", "error", err)
				} else {
					b.log.Info("deleted the webhook set before; polling")
					continue
				}
			case errors.As(err, &apiErr) && apiErr.Code == 409:
				b.log.Error("another process is polling with this bot token; retrying", "error", err)
			case errors.As(err, &apiErr) && apiErr.RetryAfter > 0:
				// Telegram said how long; waiting longer only delays answers.
				if !b.sleep(ctx, time.Duration(apiErr.RetryAfter)*time.Second) {
					return nil
				}
				continue
			default:
				b.log.Warn("getUpdates failed", "error", err)
			}
			failures++
			if !b.sleep(ctx, outbox.Backoff(time.Second/2, failures, maxPollBackoff)) {
				break
			}
			continue
		}
		failures = 0
		if len(updates) == 0 {
			continue
		}
		b.handleBatch(context.WithoutCancel(ctx), updates)
		offset = updates[len(updates)-1].UpdateID + 1
		if b.pacing.Now().Sub(savedAt) >= offsetSaveEvery {
			save()
		}
	}
	return nil
}

// getUpdates long-polls without holding up a shutdown: tgbotapi takes no
// context, so when ctx ends the poll is abandoned. Updates it may still
// fetch are never confirmed, and Telegram delivers them again on the next
// start.
func (b *Bot) getUpdates(ctx context.Context, offset int) ([]input.Update, error) {
	type polled struct {
		updates []input.Update
		err     error
	}
	result := make(chan polled, 1)
	go func() {
		resp, err := b.api.MakeRequest("getUpdates", tgbotapi.Params{
			"offset": strconv.Itoa(offset), "limit": "100",
			"timeout":         strconv.Itoa(int(b.cfg.PollTimeout / time.Second)),
			"allowed_updates": allowedUpdates,
		})
		if err != nil {
			result <- polled{nil, err}
			return
		}
		updates, err := input.DecodeUpdates(resp.Result)
		result <- polled{updates, err}
	}()
	select {
	case r := <-result:
		return r.updates, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// allowedUpdates are the kinds of update the bot handles; Telegram sends no
// others.
const allowedUpdates = `["message","callback_query","my_chat_member","poll"]`

// sleep waits d on the pacing clock, or until ctx is done.
func (b *Bot) sleep(ctx context.Context, d time.Duration) bool {
	select {
	case <-ctx.Done():
		return false
	case <-b.pacing.After(d):
		return true
	}
}

// handleBatch handles each chat's updates in order, and different chats in
// parallel.
func (b *Bot) handleBatch(ctx context.Context, updates []input.Update) {
	b.activity.Begin()
	defer b.activity.End()
	presses, rest := splitPresses(updates)
	if len(presses) > 0 {
		b.handlePresses(ctx, presses)
	}
	byChat := map[int64][]input.Update{}
	var order []int64
	for _, u := range rest {
		key := chatKey(u)
		if _, ok := byChat[key]; !ok {
			order = append(order, key)
		}
		byChat[key] = append(byChat[key], u)
	}
	var wg sync.WaitGroup
	for _, key := range order {
		wg.Go(func() {
			for _, u := range byChat[key] {
				b.handle(ctx, u)
			}
		})
	}
	wg.Wait()
}

// updateKind names an update as allowed_updates does.
func updateKind(u input.Update) string {
	switch {
	case u.Message != nil:
		return "message"
	case u.CallbackQuery != nil:
		return "callback_query"
	case u.MyChatMember != nil:
		return "my_chat_member"
	case u.Poll != nil:
		return "poll"
	}
	return "other"
}

func chatKey(u input.Update) int64 {
	switch {
	case u.Message != nil && u.Message.Chat != nil:
		return u.Message.Chat.ID
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil && u.CallbackQuery.Message.Chat != nil:
		return u.CallbackQuery.Message.Chat.ID
	case u.CallbackQuery != nil && u.CallbackQuery.From != nil:
		return u.CallbackQuery.From.ID
	case u.MyChatMember != nil:
		return u.MyChatMember.Chat.ID
	}
	return 0
}

// handle handles one update; nothing in it can stop the bot.
func (b *Bot) handle(ctx context.Context, u input.Update) {
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("panic while handling an update", "update", u.UpdateID, "panic", r, "stack", string(debug.Stack()))
			if u.CallbackQuery != nil {
				b.answerCallback(u.CallbackQuery.ID, "⚠️", false)
			}
		}
	}()
	defer func(began time.Time) { b.cfg.Metrics.Update(updateKind(u), b.pacing.Now().Sub(began)) }(b.pacing.Now())
	handled, err := b.updates.Handled(ctx, u.UpdateID)
	if err != nil {
		b.log.Error("check handled update", "update", u.UpdateID, "error", err)
	}
	if handled {
		// Its effects are stored; only the answer to the press may be lost.
		if u.CallbackQuery != nil {
			b.answerCallback(u.CallbackQuery.ID, "✓", false)
		}
		return
	}
	switch {
	case u.Message != nil:
		b.onMessage(ctx, u)
	case u.CallbackQuery != nil:
		b.onCallback(ctx, u.UpdateID, u.CallbackQuery)
	case u.MyChatMember != nil:
		b.onMembership(ctx, u.UpdateID, u.MyChatMember)
	case u.Poll != nil:
		b.onPoll(ctx, u.UpdateID, u.Poll)
	}
}

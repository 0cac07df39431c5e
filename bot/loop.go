package bot

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"runtime/debug"
	"slices"
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
	Poison(ctx context.Context, updateID int, kind string, chatID int64, at time.Time) error
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
//
// An update that failed to store is not confirmed: the offset stays at it,
// and Telegram delivers it again with everything after it. Those of other
// chats handled meanwhile are remembered (done) rather than handled twice,
// for a read-only command stores no mark to recognise it by.
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
	done := map[int]bool{}
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
		var fresh []input.Update
		for _, u := range updates {
			if !done[u.UpdateID] {
				fresh = append(fresh, u)
			}
		}
		held := b.handleBatch(context.WithoutCancel(ctx), fresh)
		offset = updates[len(updates)-1].UpdateID + 1
		for _, u := range slices.Backward(updates) {
			if held[u.UpdateID] {
				offset = u.UpdateID
			} else {
				done[u.UpdateID] = true
			}
		}
		maps.DeleteFunc(done, func(id int, _ bool) bool { return id < offset })
		if b.pacing.Now().Sub(savedAt) >= offsetSaveEvery {
			save()
		}
		// Telegram hands back a held update at once; a moment between
		// tries gives a storage hiccup the chance to pass.
		if len(held) > 0 && !b.sleep(ctx, retryWait) {
			break
		}
	}
	return nil
}

// retryWait is the pause before an update that failed is tried again.
const retryWait = 200 * time.Millisecond

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
// parallel. It returns the updates held for another try: one that failed,
// and the rest of its chat, which wait for it so the chat's order holds.
func (b *Bot) handleBatch(ctx context.Context, updates []input.Update) (held map[int]bool) {
	b.activity.Begin()
	defer b.activity.End()
	held = map[int]bool{}
	blocked := map[int64]bool{}
	batch, presses, rest := splitPresses(updates)
	if len(batch) > 0 {
		for _, u := range b.handlePresses(ctx, batch, presses) {
			held[u.UpdateID] = true
			blocked[chatKey(u)] = true
		}
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
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, key := range order {
		wg.Go(func() {
			chat := byChat[key]
			for i, u := range chat {
				if blocked[key] || !b.settle(ctx, u, b.handle(ctx, u)) {
					mu.Lock()
					for _, w := range chat[i:] {
						held[w.UpdateID] = true
					}
					mu.Unlock()
					return
				}
			}
		})
	}
	wg.Wait()
	return held
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

// handle handles one update; nothing in it can stop the bot. A member's
// mistake is answered and done; the error returned is a failure to store
// the update's effects, or a panic, after which the update is tried again
// (see settle).
func (b *Bot) handle(ctx context.Context, u input.Update) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicked{value: r, stack: debug.Stack()}
		}
	}()
	defer func(began time.Time) { b.cfg.Metrics.Update(updateKind(u), b.pacing.Now().Sub(began)) }(b.pacing.Now())
	handled, err := b.updates.Handled(ctx, u.UpdateID)
	if err != nil {
		return fmt.Errorf("check handled update: %w", err)
	}
	if handled {
		// Its effects are stored; only the answer to the press may be lost.
		if u.CallbackQuery != nil {
			b.answerCallback(u.CallbackQuery.ID, "✓", false)
		}
		return nil
	}
	switch {
	case u.Message != nil:
		return b.onMessage(ctx, u)
	case u.CallbackQuery != nil:
		return b.onCallback(ctx, u.UpdateID, u.CallbackQuery)
	case u.MyChatMember != nil:
		return b.onMembership(ctx, u.UpdateID, u.MyChatMember)
	case u.Poll != nil:
		return b.onPoll(ctx, u.UpdateID, u.Poll)
	}
	return nil
}

// panicked is a panic while handling an update, counted as a failure.
type panicked struct {
	value any
	stack []byte
}

func (p panicked) Error() string { return fmt.Sprintf("panic: %v", p.value) }

// apologetic is a failure with what to tell the member who asked, should
// the update be given up; until then they hear nothing, so an update that
// succeeds on a later try is answered once.
type apologetic struct {
	err  error
	tell func()
}

func (a apologetic) Error() string { return a.err.Error() }
func (a apologetic) Unwrap() error { return a.err }

// maxTries is how often an update whose effects fail to store is tried: a
// storage hiccup passes within a few tries, and a bug that fails every
// time must not hold up its chat for longer.
const maxTries = 3

// tries counts the failed tries of updates not yet done.
type tries struct {
	mu     sync.Mutex
	failed map[int]int
}

func (t *tries) fail(updateID int) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.failed == nil {
		t.failed = map[int]int{}
	}
	t.failed[updateID]++
	return t.failed[updateID]
}

func (t *tries) forget(updateID int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.failed, updateID)
}

// settle says whether an update is done after a try that returned err. One
// not done is not confirmed to Telegram, which delivers it again; after
// maxTries failures it is given up: recorded as poisoned, logged once, and
// its member told. Failed tries before are not logged: one that heals is
// no news.
func (b *Bot) settle(ctx context.Context, u input.Update, err error) bool {
	if err == nil {
		b.tries.forget(u.UpdateID)
		return true
	}
	n := b.tries.fail(u.UpdateID)
	if handled, herr := b.updates.Handled(ctx, u.UpdateID); herr == nil && handled {
		// Part of it was committed with its id: tried again, it would be
		// found done, and the failure never told.
		b.tries.forget(u.UpdateID)
		b.logFailure("an update failed after part of it was stored", u, n, err)
		b.apologize(u, err)
		return true
	}
	if n < maxTries {
		return false
	}
	b.tries.forget(u.UpdateID)
	if perr := b.updates.Poison(ctx, u.UpdateID, updateKind(u), chatKey(u), b.clock.Now()); perr != nil {
		err = fmt.Errorf("%w (recording it as poisoned failed too: %w)", err, perr)
	}
	b.logFailure("gave up on an update that failed to store; skipped", u, n, err)
	b.apologize(u, err)
	return true
}

// logFailure logs a failed update by its ids, never what the member wrote.
func (b *Bot) logFailure(msg string, u input.Update, tries int, err error) {
	attrs := []any{"update", u.UpdateID, "kind", updateKind(u), "chat", chatKey(u), "tries", tries, "error", err}
	var p panicked
	if errors.As(err, &p) {
		attrs = append(attrs, "stack", string(p.stack))
	}
	b.log.Error(msg, attrs...)
}

// apologize tells the member that what they asked did not work; a press
// is answered in any case, or their app's spinner turns.
func (b *Bot) apologize(u input.Update, err error) {
	var a apologetic
	switch {
	case errors.As(err, &a):
		a.tell()
	case u.CallbackQuery != nil:
		b.answerCallback(u.CallbackQuery.ID, "⚠️", false)
	}
}

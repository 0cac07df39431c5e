package bot

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Limits are Telegram's sending limits, and how the outbox paces edits.
type Limits struct {
	// Global is the spacing of all sends (Telegram: about 30 a second).
	Global time.Duration
	// PerChat is the spacing of sends to one chat (Telegram: 1 a second).
	PerChat time.Duration
	// GroupPerMinute caps sends to one group in a sliding minute (Telegram: 20).
	GroupPerMinute int
	// GroupWindow is the window GroupPerMinute counts in (a minute).
	GroupWindow time.Duration
	// Edit is the spacing of edits of one message, so a burst of presses ends
	// in a few edits with the final counts rather than one edit per press.
	Edit time.Duration
	// MaxAttempts bounds retries of network errors and 5xx answers.
	MaxAttempts int
	// Backoff is the first retry delay; it doubles with each attempt.
	Backoff time.Duration
}

// TelegramLimits are the limits documented by Telegram.
func TelegramLimits() Limits {
	return Limits{
		Global:         time.Second / 30,
		PerChat:        time.Second,
		GroupPerMinute: 20,
		GroupWindow:    time.Minute,
		Edit:           3 * time.Second,
		MaxAttempts:    8,
		Backoff:        500 * time.Millisecond,
	}
}

// sender is the part of the Telegram client the outbox uses.
type sender interface {
	Send(c tgbotapi.Chattable) (tgbotapi.Message, error)
	Request(c tgbotapi.Chattable) (*tgbotapi.APIResponse, error)
}

// envelope is one queued message, edit or deletion.
type envelope struct {
	chatID int64
	group  bool
	// key, when set, coalesces envelopes: while one with the same key waits,
	// another is not queued, and its content is built only when it is sent.
	key   string
	build func(ctx context.Context) (tgbotapi.Chattable, bool)
	// sent is told the message Telegram created or changed.
	sent func(ctx context.Context, m tgbotapi.Message)
	// stored envelopes are kept in the database until sent; abandoned is
	// told when Telegram refuses one for good.
	stored    bool
	abandoned func(ctx context.Context)
	notBefore time.Time
	attempts  int
}

type chatPace struct {
	next   time.Time
	recent []time.Time // sends inside the group window, oldest first
}

// outbox sends everything the bot says, one request at a time, within
// Telegram's limits. Callback answers bypass it: a member waits for those.
type outbox struct {
	api       sender
	limits    Limits
	log       *slog.Logger
	forbidden func(ctx context.Context, chatID int64)

	mu         sync.Mutex
	queue      []*envelope
	keys       map[string]bool
	lastEdit   map[string]time.Time
	pace       map[int64]*chatPace
	globalNext time.Time
	wake       chan struct{}
}

func newOutbox(api sender, limits Limits, log *slog.Logger, forbidden func(context.Context, int64)) *outbox {
	return &outbox{
		api: api, limits: limits, log: log, forbidden: forbidden,
		keys: map[string]bool{}, lastEdit: map[string]time.Time{}, pace: map[int64]*chatPace{},
		wake: make(chan struct{}, 1),
	}
}

// send queues a message.
func (o *outbox) send(chatID int64, group bool, c tgbotapi.Chattable, sent func(context.Context, tgbotapi.Message)) {
	o.push(&envelope{chatID: chatID, group: group, sent: sent,
		build: func(context.Context) (tgbotapi.Chattable, bool) { return c, true }})
}

// refresh queues an edit of a message whose content is built when it is
// sent, so it shows the state of that moment. While an edit of the same
// message waits, nothing more is queued, and edits of one message are
// spaced by the Edit limit.
func (o *outbox) refresh(chatID int64, messageID int, group bool, build func(ctx context.Context) (tgbotapi.Chattable, bool)) {
	o.push(&envelope{chatID: chatID, group: group, key: editKey(chatID, messageID), build: build})
}

func editKey(chatID int64, messageID int) string {
	return "edit:" + strconv.FormatInt(chatID, 10) + ":" + strconv.Itoa(messageID)
}

func (o *outbox) push(e *envelope) {
	o.mu.Lock()
	if e.key != "" {
		if o.keys[e.key] {
			o.mu.Unlock()
			return
		}
		o.keys[e.key] = true
		e.notBefore = o.lastEdit[e.key].Add(o.limits.Edit)
	}
	o.queue = append(o.queue, e)
	o.mu.Unlock()
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// run sends until ctx is done, then keeps sending what is queued until the
// queue is empty or drainCtx is done.
func (o *outbox) run(ctx, drainCtx context.Context) {
	for {
		e, wait := o.next(time.Now())
		if e != nil {
			o.deliver(drainCtx, e)
			continue
		}
		if ctx.Err() != nil && (wait == 0 || drainCtx.Err() != nil) {
			return
		}
		timer := time.NewTimer(max(wait, time.Millisecond))
		if wait == 0 {
			timer.Stop()
		}
		active := ctx
		if ctx.Err() != nil {
			active = drainCtx
		}
		select {
		case <-o.wake:
		case <-timer.C:
		case <-active.Done():
		}
		timer.Stop()
	}
}

// next takes the envelope that may go first, or says how long to wait for
// one (0 when the queue is empty).
func (o *outbox) next(now time.Time) (*envelope, time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.queue) == 0 {
		return nil, 0
	}
	best, bestAt := -1, time.Time{}
	seen := map[int64]bool{}
	for i, e := range o.queue {
		// Within a chat messages keep their order, retries included; only
		// coalesced edits, which show the latest state whenever they go,
		// may pass or be passed.
		if e.key == "" {
			if seen[e.chatID] {
				continue
			}
			seen[e.chatID] = true
		}
		if at := o.readyAt(e); best < 0 || at.Before(bestAt) {
			best, bestAt = i, at
		}
	}
	if bestAt.After(now) {
		return nil, bestAt.Sub(now)
	}
	e := o.queue[best]
	o.queue = append(o.queue[:best], o.queue[best+1:]...)
	if e.key != "" {
		delete(o.keys, e.key)
		o.lastEdit[e.key] = now
		o.forgetOldEdits(now)
	}
	o.paced(e, now)
	return e, 0
}

// forgetOldEdits keeps lastEdit from growing with every message ever
// edited: an edit older than the spacing no longer holds anything back. It
// sweeps only when the map has grown, so a send costs O(1) amortized.
func (o *outbox) forgetOldEdits(now time.Time) {
	if len(o.lastEdit) < editSweepSize {
		return
	}
	for key, at := range o.lastEdit {
		if now.Sub(at) >= o.limits.Edit {
			delete(o.lastEdit, key)
		}
	}
}

const editSweepSize = 256

// maxBackoff caps the wait between retries of a stored message.
const maxBackoff = 30 * time.Second

func (o *outbox) readyAt(e *envelope) time.Time {
	at := e.notBefore
	if o.globalNext.After(at) {
		at = o.globalNext
	}
	p := o.pace[e.chatID]
	if p == nil {
		return at
	}
	if p.next.After(at) {
		at = p.next
	}
	if e.group && o.limits.GroupPerMinute > 0 && len(p.recent) >= o.limits.GroupPerMinute {
		if free := p.recent[len(p.recent)-o.limits.GroupPerMinute].Add(o.limits.GroupWindow); free.After(at) {
			at = free
		}
	}
	return at
}

func (o *outbox) paced(e *envelope, now time.Time) {
	o.globalNext = now.Add(o.limits.Global)
	p := o.pace[e.chatID]
	if p == nil {
		p = &chatPace{}
		o.pace[e.chatID] = p
	}
	p.next = now.Add(o.limits.PerChat)
	if e.group {
		cut := 0
		for cut < len(p.recent) && now.Sub(p.recent[cut]) >= o.limits.GroupWindow {
			cut++
		}
		p.recent = append(p.recent[cut:], now)
	}
}

func (o *outbox) deliver(ctx context.Context, e *envelope) {
	c, ok := e.build(ctx)
	if !ok {
		return
	}
	var m tgbotapi.Message
	var err error
	if e.sent != nil {
		m, err = o.api.Send(c)
	} else {
		// Request, since deleteMessage answers true rather than a message.
		_, err = o.api.Request(c)
	}
	if err == nil {
		if e.sent != nil {
			e.sent(ctx, m)
		}
		return
	}
	var apiErr *tgbotapi.Error
	switch {
	case errors.As(err, &apiErr) && apiErr.Code == 429:
		wait := time.Duration(max(apiErr.RetryAfter, 1)) * time.Second
		o.log.Warn("telegram asks to slow down", "chat", e.chatID, "retry_after", wait)
		o.retry(e, wait, true)
	case errors.As(err, &apiErr) && apiErr.Code == 400 && strings.Contains(apiErr.Message, "message is not modified"):
	case errors.As(err, &apiErr) && apiErr.Code == 403:
		o.log.Info("chat is not reachable", "chat", e.chatID, "reason", apiErr.Message)
		if o.forbidden != nil {
			o.forbidden(ctx, e.chatID)
		}
		o.abandon(ctx, e)
	case errors.As(err, &apiErr) && apiErr.Code < 500:
		o.log.Error("telegram refused a message", "chat", e.chatID, "error", err)
		o.abandon(ctx, e)
	default:
		e.attempts++
		if e.attempts >= o.limits.MaxAttempts && !e.stored {
			o.log.Error("giving up on a message", "chat", e.chatID, "attempts", e.attempts, "error", err)
			return
		}
		// Stored messages outlive any outage: they are retried, at most
		// maxBackoff apart, until Telegram takes them.
		backoff := min(o.limits.Backoff<<min(e.attempts-1, 20), maxBackoff)
		backoff += rand.N(backoff/2 + 1)
		o.log.Warn("sending failed, will retry", "chat", e.chatID, "in", backoff, "error", err)
		o.retry(e, backoff, false)
	}
}

func (o *outbox) abandon(ctx context.Context, e *envelope) {
	if e.abandoned != nil {
		e.abandoned(ctx)
	}
}

// retry queues e again at the front of its chat after wait.
func (o *outbox) retry(e *envelope, wait time.Duration, chatWide bool) {
	o.mu.Lock()
	at := time.Now().Add(wait)
	if chatWide {
		o.pace[e.chatID].next = at
	} else {
		e.notBefore = at
	}
	if e.key != "" {
		if o.keys[e.key] {
			// A newer edit of the same message is queued and will carry the
			// latest content; this one is obsolete.
			o.mu.Unlock()
			return
		}
		o.keys[e.key] = true
	}
	o.queue = append([]*envelope{e}, o.queue...)
	o.mu.Unlock()
}

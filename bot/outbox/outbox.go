// Package outbox sends everything the bot says within Telegram's limits: in
// order within a chat, spaced per chat, per group and overall, edits of one
// message coalesced and spaced, failures retried with backoff. Time comes
// from the injected clock, so pacing is tested by moving a clock.
package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"hash/fnv"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/view"
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
	// Concurrency bounds the requests in flight at once, to different
	// chats: one chat's messages always go one after the other.
	Concurrency int
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
		Concurrency:    16,
	}
}

// Sender is the part of the Telegram client the outbox uses.
type Sender interface {
	MakeRequest(endpoint string, params tgbotapi.Params) (*tgbotapi.APIResponse, error)
	UploadFiles(endpoint string, params tgbotapi.Params, files []tgbotapi.RequestFile) (*tgbotapi.APIResponse, error)
}

// Envelope is one queued message, edit or deletion.
type Envelope struct {
	ChatID int64
	// key, when set, coalesces envelopes: while one with the same key waits,
	// another is not queued, and its content is built only when it is sent.
	key   string
	Build func(ctx context.Context) (view.Request, bool)
	// Sent is told the message Telegram created or changed.
	Sent func(ctx context.Context, m tgbotapi.Message)
	// Stored envelopes are kept in the database until sent, and retried
	// through any outage; Abandoned is told when Telegram refuses one for
	// good, and why.
	Stored    bool
	Abandoned func(ctx context.Context, refusal *tgbotapi.Error)
	notBefore time.Time
	attempts  int
	// queued is when the envelope was pushed.
	queued time.Time
}

// group reports whether the envelope goes to a group, which Telegram
// limits per minute.
func (e *Envelope) group() bool { return e.ChatID < 0 }

type chatPace struct {
	next   time.Time
	recent []time.Time // sends inside the group window, oldest first
}

// Outbox sends everything the bot says within Telegram's limits: to
// different chats at once (the Bot API is tens of milliseconds away, and one
// request at a time would be bound by that round trip), to one chat one
// request at a time and in order. A chat's spacing counts from when
// Telegram answered its last request, so however the network delays a
// request, two never arrive closer than the limit. Callback answers bypass
// the outbox: a member waits for those.
type Outbox struct {
	api      Sender
	limits   Limits
	clock    meetupbot.Clock
	log      *slog.Logger
	activity *meetupbot.Activity
	refused  func(ctx context.Context, chatID int64, refusal *tgbotapi.Error)

	mu         sync.Mutex
	queue      []*Envelope
	keys       map[string]bool
	lastEdit   map[string]time.Time
	pace       map[int64]*chatPace
	globalNext time.Time
	// busy are the chats with a request in flight; inFlight counts them.
	busy     map[int64]bool
	inFlight int
	// shown is what each card shows now (a hash of its text and buttons),
	// so an edit that would change nothing is not sent.
	shown map[string]uint64
	wake  chan struct{}
}

// New builds an outbox; Run sends. refused is told of every final refusal
// (a 4xx other than 429), so the bot can learn what it says about the chat:
// blocked, removed, upgraded. activity, if set, counts each queued envelope
// as work.
func New(api Sender, limits Limits, clock meetupbot.Clock, log *slog.Logger, activity *meetupbot.Activity, refused func(context.Context, int64, *tgbotapi.Error)) *Outbox {
	if limits == (Limits{}) {
		limits = TelegramLimits()
	}
	limits.Concurrency = max(limits.Concurrency, 1)
	return &Outbox{
		api: api, limits: limits, clock: clock, log: log, activity: activity, refused: refused,
		keys: map[string]bool{}, lastEdit: map[string]time.Time{}, pace: map[int64]*chatPace{}, busy: map[int64]bool{}, shown: map[string]uint64{},
		wake: make(chan struct{}, 1),
	}
}

// Send queues a message; sent, if set, is told the message Telegram made.
func (o *Outbox) Send(chatID int64, req view.Request, sent func(context.Context, tgbotapi.Message)) {
	o.Push(&Envelope{ChatID: chatID, Sent: sent,
		Build: func(context.Context) (view.Request, bool) { return req, true }})
}

// Refresh queues an edit of a message whose content is built when it is
// sent, so it shows the state of that moment. While an edit of the same
// message waits, nothing more is queued, and edits of one message are
// spaced by the Edit limit.
func (o *Outbox) Refresh(chatID int64, messageID int, build func(ctx context.Context) (view.Request, bool)) {
	o.Push(&Envelope{ChatID: chatID, key: editKey(chatID, messageID), Build: build})
}

func editKey(chatID int64, messageID int) string {
	return "edit:" + strconv.FormatInt(chatID, 10) + ":" + strconv.Itoa(messageID)
}

// Push queues an envelope.
func (o *Outbox) Push(e *Envelope) {
	o.mu.Lock()
	if e.key != "" {
		if o.keys[e.key] {
			o.mu.Unlock()
			return
		}
		o.keys[e.key] = true
		e.notBefore = o.lastEdit[e.key].Add(o.limits.Edit)
	}
	o.activity.Begin()
	e.queued = o.clock.Now()
	o.queue = append(o.queue, e)
	o.mu.Unlock()
	o.poke()
}

// Backlog is how many envelopes wait and how long the oldest has waited,
// for health checks and metrics.
func (o *Outbox) Backlog() (int, time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var oldest time.Duration
	now := o.clock.Now()
	for _, e := range o.queue {
		oldest = max(oldest, now.Sub(e.queued))
	}
	return len(o.queue), oldest
}

// poke wakes Run to look at the queue again.
func (o *Outbox) poke() {
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// Run sends until ctx is done, then keeps sending what is queued until the
// queue is empty or drainCtx is done.
func (o *Outbox) Run(ctx, drainCtx context.Context) {
	var requests sync.WaitGroup
	defer requests.Wait()
	for {
		e, wait := o.next(o.clock.Now())
		if e != nil {
			requests.Go(func() {
				o.deliver(drainCtx, e)
				o.poke()
			})
			continue
		}
		if ctx.Err() != nil && (o.drained() || drainCtx.Err() != nil) {
			return
		}
		var timer <-chan time.Time
		if wait > 0 {
			timer = o.clock.After(wait)
		}
		active := ctx
		if ctx.Err() != nil {
			active = drainCtx
		}
		select {
		case <-o.wake:
		case <-timer:
		case <-active.Done():
		}
	}
}

// drained reports whether nothing is queued or in flight.
func (o *Outbox) drained() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.queue) == 0 && o.inFlight == 0
}

// next takes the envelope that may go first, or says how long to wait for
// one: 0 when nothing can go until a request in flight is answered (or
// nothing is queued).
func (o *Outbox) next(now time.Time) (*Envelope, time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.queue) == 0 || o.inFlight >= o.limits.Concurrency {
		return nil, 0
	}
	// Of what may go now, a card edit that waited long goes first (a flood
	// of notices must not keep the counts from ever catching up), then
	// replies and notices, then other card edits; among equals, the first
	// queued. Nothing is ready: wait for the earliest.
	best, bestRank := -1, 0
	var earliest time.Time
	seen := map[int64]bool{}
	for i, e := range o.queue {
		// Within a chat messages keep their order, retries included; only
		// coalesced edits, which show the latest state whenever they go,
		// may pass or be passed.
		if o.busy[e.ChatID] {
			continue
		}
		if e.key == "" {
			if seen[e.ChatID] {
				continue
			}
			seen[e.ChatID] = true
		}
		at := o.readyAt(e, now)
		if at.After(now) {
			if earliest.IsZero() || at.Before(earliest) {
				earliest = at
			}
			continue
		}
		if rank := o.rank(e, now); best < 0 || rank < bestRank {
			best, bestRank = i, rank
		}
	}
	if best < 0 {
		if earliest.IsZero() {
			return nil, 0
		}
		return nil, earliest.Sub(now)
	}
	e := o.queue[best]
	o.queue = append(o.queue[:best], o.queue[best+1:]...)
	if e.key != "" {
		delete(o.keys, e.key)
		o.lastEdit[e.key] = now
		o.forgetOldEdits(now)
	}
	o.globalNext = now.Add(o.limits.Global)
	o.busy[e.ChatID] = true
	o.inFlight++
	return e, 0
}

// forgetOldEdits keeps lastEdit from growing with every message ever
// edited: an edit older than the spacing no longer holds anything back. It
// sweeps only when the map has grown, so a send costs O(1) amortized.
func (o *Outbox) forgetOldEdits(now time.Time) {
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

// maxShown bounds what the outbox remembers of cards; past it, it forgets
// all and at worst sends an edit Telegram calls "not modified".
const maxShown = 10000

// shows reports whether the message already shows what req would edit it
// to.
func (o *Outbox) shows(key string, req view.Request) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	h, ok := o.shown[key]
	return ok && h == contentHash(req)
}

// remember notes what a card shows after Telegram took a message with
// buttons or an edit of one.
func (o *Outbox) remember(e *Envelope, req view.Request, m tgbotapi.Message) {
	key := e.key
	if key == "" {
		if req.Method != "sendMessage" || req.Params["reply_markup"] == "" || m.MessageID == 0 {
			return
		}
		key = editKey(e.ChatID, m.MessageID)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.shown) >= maxShown {
		clear(o.shown)
	}
	o.shown[key] = contentHash(req)
}

// contentHash identifies a message's text and buttons.
func contentHash(req view.Request) uint64 {
	h := fnv.New64a()
	h.Write([]byte(req.Params["text"]))
	h.Write([]byte{0})
	h.Write([]byte(req.Params["reply_markup"]))
	return h.Sum64()
}

// maxBackoff caps the wait between retries of a stored message.
const maxBackoff = 30 * time.Second

// Backoff is how long to wait before attempt n (from 1) after failures:
// doubling from base up to limit, with up to half again of jitter so that
// many waiting clients do not return at the same moment.
func Backoff(base time.Duration, attempt int, limit time.Duration) time.Duration {
	d := min(base<<min(max(attempt-1, 0), 20), limit)
	return d + rand.N(d/2+1)
}

// rank orders what may go now: lower goes first.
func (o *Outbox) rank(e *Envelope, now time.Time) int {
	switch {
	case e.key != "" && o.starving(e, now):
		return 0
	case e.key == "":
		return 1
	}
	return 2
}

// starving reports whether a card edit has yielded long enough.
func (o *Outbox) starving(e *Envelope, now time.Time) bool {
	return now.Sub(e.queued) >= maxEditWait
}

func (o *Outbox) readyAt(e *Envelope, now time.Time) time.Time {
	at := e.notBefore
	if o.globalNext.After(at) {
		at = o.globalNext
	}
	p := o.pace[e.ChatID]
	if p == nil {
		return at
	}
	if p.next.After(at) {
		at = p.next
	}
	if budget := o.groupBudget(e, now); e.group() && budget > 0 && len(p.recent) >= budget {
		if free := p.recent[len(p.recent)-budget].Add(o.limits.GroupWindow); free.After(at) {
			at = free
		}
	}
	return at
}

// maxEditWait is how long a card edit yields to replies and notices.
const maxEditWait = 10 * time.Second

// editReserve is the part of a group's budget that card edits leave to
// replies and notices: a member's answer must not wait a minute behind
// counts that will be edited again anyway.
const editReserve = 5

// groupBudget is how many sends of this kind a group takes in its window:
// a card edit leaves editReserve to replies, unless it has waited too long.
func (o *Outbox) groupBudget(e *Envelope, now time.Time) int {
	if e.key != "" && !o.starving(e, now) && o.limits.GroupPerMinute > editReserve {
		return o.limits.GroupPerMinute - editReserve
	}
	return o.limits.GroupPerMinute
}

// answered records that Telegram answered a request to the envelope's
// chat: the chat's next request waits the per-chat spacing from now, and
// a group's window counts the send.
func (o *Outbox) answered(e *Envelope) {
	o.mu.Lock()
	defer o.mu.Unlock()
	now := o.clock.Now()
	delete(o.busy, e.ChatID)
	o.inFlight--
	p := o.pace[e.ChatID]
	if p == nil {
		p = &chatPace{}
		o.pace[e.ChatID] = p
	}
	p.next = later(p.next, now.Add(o.limits.PerChat))
	if e.group() {
		cut := 0
		for cut < len(p.recent) && now.Sub(p.recent[cut]) >= o.limits.GroupWindow {
			cut++
		}
		p.recent = append(p.recent[cut:], now)
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// deliver sends one envelope taken by next. Its work ends here unless it
// is queued again for a retry.
func (o *Outbox) deliver(ctx context.Context, e *Envelope) {
	retried := false
	defer func() {
		if !retried {
			o.activity.End()
		}
	}()
	req, ok := e.Build(ctx)
	if !ok || (e.key != "" && o.shows(e.key, req)) {
		o.answered(e)
		return
	}
	var resp *tgbotapi.APIResponse
	var err error
	if len(req.Files) > 0 {
		resp, err = o.api.UploadFiles(req.Method, req.Params, req.Files)
	} else {
		resp, err = o.api.MakeRequest(req.Method, req.Params)
	}
	o.answered(e)
	if err == nil {
		var m tgbotapi.Message
		// deleteMessage and the like answer true rather than a message.
		json.Unmarshal(resp.Result, &m)
		o.remember(e, req, m)
		if e.Sent != nil {
			e.Sent(ctx, m)
		}
		return
	}
	var apiErr *tgbotapi.Error
	switch {
	case errors.As(err, &apiErr) && apiErr.Code == 429:
		wait := time.Duration(max(apiErr.RetryAfter, 1)) * time.Second
		o.log.Warn("telegram asks to slow down", "chat", e.ChatID, "retry_after", wait)
		retried = o.retry(e, wait, true)
	case errors.As(err, &apiErr) && apiErr.Code == 400 && strings.Contains(apiErr.Message, "message is not modified"):
	case errors.As(err, &apiErr) && apiErr.MigrateToChatID != 0 && !e.Stored && req.Method == "sendMessage":
		// The group became a supergroup: the bot moves its data along, and
		// this message goes to the new id, without a reply to a message id
		// that means nothing there.
		o.log.Info("group was upgraded; sending to its new id", "chat", e.ChatID, "to", apiErr.MigrateToChatID)
		if o.refused != nil {
			o.refused(ctx, e.ChatID, apiErr)
		}
		req.Params["chat_id"] = strconv.FormatInt(apiErr.MigrateToChatID, 10)
		delete(req.Params, "reply_to_message_id")
		o.Push(&Envelope{ChatID: apiErr.MigrateToChatID, Sent: e.Sent,
			Build: func(context.Context) (view.Request, bool) { return req, true }})
	case errors.As(err, &apiErr) && apiErr.Code < 500:
		if apiErr.Code == 403 {
			o.log.Info("chat is not reachable", "chat", e.ChatID, "reason", apiErr.Message)
		} else {
			o.log.Warn("telegram refused a message", "chat", e.ChatID, "method", req.Method, "error", err)
		}
		if o.refused != nil {
			o.refused(ctx, e.ChatID, apiErr)
		}
		if e.Abandoned != nil {
			e.Abandoned(ctx, apiErr)
		}
	default:
		e.attempts++
		if e.attempts >= o.limits.MaxAttempts && !e.Stored {
			o.log.Error("giving up on a message", "chat", e.ChatID, "attempts", e.attempts, "error", err)
			return
		}
		// Stored messages outlive any outage: they are retried, at most
		// maxBackoff apart, until Telegram takes them.
		backoff := Backoff(o.limits.Backoff, e.attempts, maxBackoff)
		o.log.Warn("sending failed, will retry", "chat", e.ChatID, "in", backoff, "error", err)
		retried = o.retry(e, backoff, false)
	}
}

// retry queues e again at the front of its chat after wait, and reports
// whether it did: an edit overtaken by a newer one is dropped instead.
func (o *Outbox) retry(e *Envelope, wait time.Duration, chatWide bool) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	at := o.clock.Now().Add(wait)
	if chatWide {
		o.pace[e.ChatID].next = later(o.pace[e.ChatID].next, at)
	} else {
		e.notBefore = at
	}
	if e.key != "" {
		if o.keys[e.key] {
			// A newer edit of the same message is queued and will carry the
			// latest content; this one is obsolete.
			return false
		}
		o.keys[e.key] = true
	}
	o.queue = append([]*Envelope{e}, o.queue...)
	return true
}

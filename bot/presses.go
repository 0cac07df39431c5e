package bot

import (
	"context"
	"errors"
	"runtime/debug"
	"sync"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
)

// When an announcement goes out, most of a group presses within a minute.
// Presses of RSVP buttons in groups are therefore stored a getUpdates batch
// at a time, in one transaction (one fsync), and answered after it commits,
// so every answered press is stored.

// splitPresses takes from a batch the RSVP presses in groups that come
// before any other update of their chat; the rest keep their order and are
// handled one by one after them. Per chat the order is unchanged.
func splitPresses(updates []tgbotapi.Update) (presses, rest []tgbotapi.Update) {
	other := map[int64]bool{}
	for _, u := range updates {
		key := chatKey(u)
		if !other[key] && isGroupPress(u) {
			presses = append(presses, u)
			continue
		}
		other[key] = true
		rest = append(rest, u)
	}
	return presses, rest
}

func isGroupPress(u tgbotapi.Update) bool {
	q := u.CallbackQuery
	if q == nil || q.From == nil || q.Message == nil || q.Message.Chat == nil || !chatOf(q.Message.Chat).IsGroup() {
		return false
	}
	_, _, ok := parseRSVPData(q.Data)
	return ok
}

// pressOf is the press a button update makes.
func pressOf(updateID int, q *tgbotapi.CallbackQuery) meetupbot.Press {
	id, answer, _ := parseRSVPData(q.Data)
	chat := chatOf(q.Message.Chat)
	return meetupbot.Press{
		UpdateID: updateID, Chat: chat, Member: memberOf(q.From), EventID: id, Answer: answer,
		Pressed: meetupbot.MessageRef{ChatID: chat.ID, MessageID: q.Message.MessageID},
	}
}

// allowPress decides whether a button may act on a meetup: in its own
// group, on a card the bot sent, or privately for a member of the meetup's
// group (memberOf, read before the transaction). Forged callback data from
// any other chat is refused.
func allowPress(memberOf map[int64]bool) func(meetupbot.Event, meetupbot.Press) bool {
	return func(ev meetupbot.Event, p meetupbot.Press) bool {
		return ev.ChatID == p.Chat.ID || ev.HasCard(p.Pressed) || memberOf[ev.ChatID]
	}
}

// handlePresses stores a batch of group presses in one transaction, then
// answers each and updates the announcements once. Should the batch fail
// as a whole it is handled press by press, as any other update.
func (b *Bot) handlePresses(ctx context.Context, updates []tgbotapi.Update) {
	presses := make([]meetupbot.Press, len(updates))
	queries := make([]string, len(updates))
	for i, u := range updates {
		presses[i], queries[i] = pressOf(u.UpdateID, u.CallbackQuery), u.CallbackQuery.ID
	}
	results, err := b.answerPresses(ctx, presses)
	if err != nil {
		b.log.Error("store a batch of presses; handling them one by one", "presses", len(presses), "error", err)
		for _, u := range updates {
			b.handle(ctx, u)
		}
		return
	}
	answers := b.settlePresses(ctx, queries, presses, results)
	// The presses are stored; their answers go out in order while the poll
	// loop already fetches the next batch.
	b.answers.then(func() {
		for _, a := range answers {
			b.answerCallback(a.queryID, a.text, a.alert)
		}
	})
}

// settlePresses turns stored presses into the answers their members see,
// and updates each meetup's cards and tells whoever moved up, once per
// meetup however many presses it had.
func (b *Bot) settlePresses(ctx context.Context, queries []string, presses []meetupbot.Press, results []meetupbot.PressResult) []callbackAnswer {
	changed := map[int64]meetupbot.Event{}
	promoted := map[int64][]meetupbot.RSVP{}
	answers := make([]callbackAnswer, len(results))
	for i, res := range results {
		p := presses[i]
		lang := res.Member.PrivateLang(b.cfg.Language)
		answers[i].queryID = queries[i]
		switch {
		case res.Duplicate:
			answers[i].text = "✓"
		case errors.Is(res.Err, meetupbot.ErrWrongChat):
			answers[i].text, answers[i].alert = b.t(lang, toastWrongChat), true
		case res.Err != nil:
			answers[i].text, answers[i].alert = b.errorToast(lang, res.Err)
			if errors.Is(res.Err, meetupbot.ErrEventCancelled) || errors.Is(res.Err, meetupbot.ErrEventOver) {
				changed[res.Event.ID] = res.Event
			}
		default:
			answers[i].text = b.toastText(lang, res.AnswerResult)
			changed[res.Event.ID] = res.Event
			promoted[res.Event.ID] = append(promoted[res.Event.ID], res.Promoted...)
			if !res.Event.HasCard(p.Pressed) {
				b.refreshMessage(res.Event, p.Pressed)
			}
		}
	}
	for id, ev := range changed {
		b.refreshCards(ev)
		b.notifyPromoted(ctx, ev, promoted[id])
	}
	return answers
}

type callbackAnswer struct {
	queryID, text string
	alert         bool
}

// answerChain sends a batch's answers while the next batch is fetched and
// stored, but no further ahead: a press is answered at most one batch late,
// and a burst cannot pile up answers behind the poll loop.
type answerChain struct {
	mu   sync.Mutex
	last chan struct{}
}

// then waits until the previous batch is answered, then sends this one in
// the background.
func (c *answerChain) then(send func()) {
	c.wait()
	done := make(chan struct{})
	c.mu.Lock()
	c.last = done
	c.mu.Unlock()
	go func() {
		defer close(done)
		send()
	}()
}

// wait returns once every queued batch is sent.
func (c *answerChain) wait() {
	c.mu.Lock()
	last := c.last
	c.mu.Unlock()
	if last != nil {
		<-last
	}
}

// answerPresses stores the batch; a panic in it counts as a failed batch,
// so each press is then handled (and recovered from) on its own.
func (b *Bot) answerPresses(ctx context.Context, presses []meetupbot.Press) (results []meetupbot.PressResult, err error) {
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("panic while storing a batch of presses", "panic", r, "stack", string(debug.Stack()))
			err = errors.New("panic while storing a batch of presses")
		}
	}()
	return b.store.AnswerPresses(ctx, presses, b.clock.Now(), allowPress(nil))
}

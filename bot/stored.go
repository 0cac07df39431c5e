package bot

import (
	"context"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/outbox"
	"github.com/meetupbot/meetupbot/bot/view"
)

// sentStore keeps the messages that matter until Telegram has them.
type sentStore interface {
	Queue(ctx context.Context, updateID int, outs ...meetupbot.Outgoing) error
	Outbox(ctx context.Context, after uint64) ([]meetupbot.Outgoing, error)
	Delivered(ctx context.Context, out meetupbot.Outgoing, messageID int) (meetupbot.Event, meetupbot.MessageRef, error)
}

// sendStored queues the stored messages not queued yet. Messages that matter
// are stored first (in the transaction that decided to send them) and then
// picked up here, on start and after each change, so each one is queued
// once however the two race.
func (b *Bot) sendStored(ctx context.Context) {
	b.queueStored(ctx, false)
}

// resendStored queues every stored message not on its way, as after a
// group's topic was set again: messages a closed topic refused wait in the
// database.
func (b *Bot) resendStored(ctx context.Context) {
	b.queueStored(ctx, true)
}

// queueStored queues the stored messages after the last one queued, or
// all not on their way. A message held through the night (NotBefore by the
// meetups' clock) stays stored: the reading goes back to the first held one
// next time, and the scheduler is told to wake when it is due.
func (b *Bot) queueStored(ctx context.Context, all bool) {
	b.storedMu.Lock()
	defer b.storedMu.Unlock()
	after := b.storedUpTo
	if all {
		after = 0
		clear(b.storedParked)
	}
	if b.storedHeld != 0 && b.storedHeld <= after {
		after = b.storedHeld - 1
	}
	outs, err := b.sent.Outbox(context.WithoutCancel(ctx), after)
	if err != nil {
		b.log.Error("read stored messages", "error", err)
		return
	}
	now := b.clock.Now()
	b.storedHeld = 0
	for _, out := range outs {
		b.storedUpTo = max(b.storedUpTo, out.Seq)
		if b.storedQueued[out.Seq] || b.storedParked[out.Seq] {
			continue
		}
		if out.NotBefore.After(now) {
			if b.storedHeld == 0 {
				b.storedHeld = out.Seq
			}
			continue
		}
		b.storedQueued[out.Seq] = true
		b.out.Push(&outbox.Envelope{
			ChatID: out.ChatID, Stored: true,
			// A stored message may reply to one deleted since; Telegram is
			// told to send it anyway.
			Build: func(context.Context) (view.Request, bool) { return view.Outgoing(out), true },
			Sent: func(ctx context.Context, m tgbotapi.Message) {
				// Forgotten before it is unqueued: a reading in between
				// must not find it stored and not queued.
				b.delivered(ctx, out, m.MessageID)
				b.unqueued(out, false)
			},
			Abandoned: func(ctx context.Context, refusal *tgbotapi.Error) {
				if topicRefused(refusal) {
					// Kept until an organizer sets the topic again.
					b.unqueued(out, true)
					b.topicBlocked(ctx, out.ChatID)
					return
				}
				b.delivered(ctx, out, 0)
				b.unqueued(out, false)
			},
		})
	}
	if b.storedHeld != 0 {
		b.cfg.Planner.Replan()
	}
}

// unqueued forgets that a stored message is on its way; a parked one waits
// for resendStored.
func (b *Bot) unqueued(out meetupbot.Outgoing, parked bool) {
	b.storedMu.Lock()
	defer b.storedMu.Unlock()
	delete(b.storedQueued, out.Seq)
	if parked {
		b.storedParked[out.Seq] = true
	}
}

// topicRefused reports whether Telegram refused a message because the
// forum topic it was for is closed or gone.
func topicRefused(refusal *tgbotapi.Error) bool {
	return refusal.Code == 400 && (strings.Contains(refusal.Message, "TOPIC_CLOSED") ||
		strings.Contains(refusal.Message, "message thread not found") || strings.Contains(refusal.Message, "TOPIC_DELETED"))
}

// delivered forgets a sent (or refused) stored message. A sent announcement
// becomes the meetup's announcement: the one it replaces is deleted, it is
// pinned where the group wants that, and answers that came in while it was
// on its way are shown.
func (b *Bot) delivered(ctx context.Context, out meetupbot.Outgoing, messageID int) {
	ev, replaced, err := b.sent.Delivered(ctx, out, messageID)
	if err != nil {
		b.log.Error("forget sent message", "chat", out.ChatID, "error", err)
		return
	}
	if ev.ID == 0 {
		return
	}
	if replaced.MessageID != 0 && replaced.MessageID != messageID {
		b.out.Send(replaced.ChatID, view.Delete(replaced), nil)
	}
	if chat, err := b.dir.Chat(ctx, ev.ChatID); err == nil && chat.Pin {
		b.out.Send(ev.ChatID, view.Pin(meetupbot.MessageRef{ChatID: ev.ChatID, MessageID: messageID}), nil)
	}
	if view.Card(b.groupContext(ctx, ev.ChatID), ev) != out.Text {
		b.refreshCards(ev)
	}
}

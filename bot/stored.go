package bot

import (
	"context"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/outbox"
	"github.com/meetupbot/meetupbot/bot/view"
)

// sentStore keeps the messages that matter until Telegram has them.
type sentStore interface {
	Outbox(ctx context.Context, after uint64) ([]meetupbot.Outgoing, error)
	Delivered(ctx context.Context, out meetupbot.Outgoing, messageID int) (meetupbot.Event, meetupbot.MessageRef, error)
}

// sendStored queues the stored messages not queued yet. Messages that matter
// are stored first (in the transaction that decided to send them) and then
// picked up here, on start and after each change, so each one is queued
// once however the two race.
func (b *Bot) sendStored(ctx context.Context) {
	b.storedMu.Lock()
	defer b.storedMu.Unlock()
	outs, err := b.sent.Outbox(context.WithoutCancel(ctx), b.storedUpTo)
	if err != nil {
		b.log.Error("read stored messages", "error", err)
		return
	}
	for _, out := range outs {
		b.storedUpTo = out.Seq
		b.out.Push(&outbox.Envelope{
			ChatID: out.ChatID, Stored: true,
			// A stored message may reply to one deleted since; Telegram is
			// told to send it anyway.
			Build: func(context.Context) (view.Request, bool) { return view.Outgoing(out), true },
			Sent: func(ctx context.Context, m tgbotapi.Message) {
				b.delivered(ctx, out, m.MessageID)
			},
			Abandoned: func(ctx context.Context, _ *tgbotapi.Error) { b.delivered(ctx, out, 0) },
		})
	}
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

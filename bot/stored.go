package bot

import (
	"context"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
)

// sendStored queues the stored messages not queued yet. Messages that matter
// are stored first (in the transaction that decided to send them) and then
// picked up here, on start and after each store, so each one is queued once
// however the two race.
func (b *Bot) sendStored(ctx context.Context) {
	b.storedMu.Lock()
	defer b.storedMu.Unlock()
	outs, err := b.store.Outbox(context.WithoutCancel(ctx), b.storedUpTo)
	if err != nil {
		b.log.Error("read stored messages", "error", err)
		return
	}
	for _, out := range outs {
		b.storedUpTo = out.Seq
		b.out.push(&envelope{
			chatID: out.ChatID, group: out.ChatID < 0, stored: true,
			build: func(context.Context) (tgbotapi.Chattable, bool) { return storedMessage(out), true },
			sent: func(ctx context.Context, m tgbotapi.Message) {
				b.delivered(ctx, out, m.MessageID)
			},
			abandoned: func(ctx context.Context) { b.delivered(ctx, out, 0) },
		})
	}
}

// storedMessage renders a stored message. It may reply to a message deleted
// since, so Telegram is told to send it anyway.
func storedMessage(out meetupbot.Outgoing) tgbotapi.MessageConfig {
	msg := htmlMessage(out.ChatID, out.Text, out.ReplyTo)
	msg.AllowSendingWithoutReply = true
	if len(out.Buttons) > 0 {
		msg.ReplyMarkup = inlineKeyboard(out.Buttons)
	}
	return msg
}

func inlineKeyboard(rows [][]meetupbot.Button) tgbotapi.InlineKeyboardMarkup {
	markup := tgbotapi.InlineKeyboardMarkup{InlineKeyboard: make([][]tgbotapi.InlineKeyboardButton, 0, len(rows))}
	for _, row := range rows {
		buttons := make([]tgbotapi.InlineKeyboardButton, 0, len(row))
		for _, btn := range row {
			if btn.URL != "" {
				buttons = append(buttons, tgbotapi.NewInlineKeyboardButtonURL(btn.Text, btn.URL))
			} else {
				buttons = append(buttons, tgbotapi.NewInlineKeyboardButtonData(btn.Text, btn.Data))
			}
		}
		markup.InlineKeyboard = append(markup.InlineKeyboard, buttons)
	}
	return markup
}

// delivered forgets a sent (or refused) stored message. A sent announcement
// becomes the meetup's announcement: the one it replaces is deleted, it is
// pinned where the group wants that, and answers that came in while it was
// on its way are shown.
func (b *Bot) delivered(ctx context.Context, out meetupbot.Outgoing, messageID int) {
	ev, replaced, err := b.store.Delivered(ctx, out, messageID)
	if err != nil {
		b.log.Error("forget sent message", "chat", out.ChatID, "error", err)
		return
	}
	if ev.ID == 0 {
		return
	}
	if replaced.MessageID != 0 && replaced.MessageID != messageID {
		b.out.send(replaced.ChatID, true, tgbotapi.NewDeleteMessage(replaced.ChatID, replaced.MessageID), nil)
	}
	if chat, err := b.store.Chat(ctx, ev.ChatID); err == nil && chat.Pin {
		b.out.send(ev.ChatID, true, tgbotapi.PinChatMessageConfig{
			ChatID: ev.ChatID, MessageID: messageID, DisableNotification: true,
		}, nil)
	}
	if b.eventCard(b.groupLang(ctx, ev.ChatID), ev) != out.Text {
		b.refreshCards(ev)
	}
}

// queue stores messages that matter and sends them.
func (b *Bot) queue(ctx context.Context, outs ...meetupbot.Outgoing) {
	if len(outs) == 0 {
		return
	}
	if _, err := b.store.Queue(ctx, outs); err != nil {
		b.log.Error("store messages", "error", err)
		return
	}
	b.sendStored(ctx)
}

package bot

import (
	"context"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/view"
)

// sendCard posts a meetup with its buttons and keeps it up to date.
func (b *Bot) sendCard(ctx context.Context, chatID int64, c view.Context, ev meetupbot.Event, replyTo int) {
	msg := view.Message(chatID, view.Card(c, ev), replyTo, view.RSVPButtons(c, ev))
	b.out.Send(chatID, msg, func(ctx context.Context, m tgbotapi.Message) {
		ref := meetupbot.MessageRef{ChatID: chatID, MessageID: m.MessageID}
		var retired []meetupbot.MessageRef
		change, err := b.meetups.EditEvent(ctx, 0, ev.ID, b.clock.Now(), func(e *meetupbot.Event) error {
			retired = e.AddCard(ref)
			return nil
		}, meetupbot.Night{}, nil)
		if err != nil {
			b.log.Error("remember meetup card", "event", ev.ID, "error", err)
			return
		}
		for _, old := range retired {
			b.out.Send(old.ChatID, view.Edit(old, view.Card(c, change.Event), nil), nil)
		}
	})
}

// refreshCards brings every live copy of a meetup's announcement up to date.
func (b *Bot) refreshCards(ev meetupbot.Event) {
	for _, ref := range ev.LiveMessages() {
		b.refreshMessage(ev, ref)
	}
}

// refreshMessage queues an edit that draws the meetup as stored when the
// edit is sent, so coalesced edits always end on the exact counts.
func (b *Bot) refreshMessage(ev meetupbot.Event, ref meetupbot.MessageRef) {
	b.out.Refresh(ref.ChatID, ref.MessageID, func(ctx context.Context) (view.Request, bool) {
		current, err := b.meetups.Event(ctx, ev.ID)
		if err != nil {
			b.log.Error("load meetup for edit", "event", ev.ID, "error", err)
			return view.Request{}, false
		}
		// The group read once: its zone, and its language for a copy there.
		group, _ := b.dir.Chat(ctx, current.ChatID)
		lang := b.orDefault(group.Lang)
		if ref.ChatID > 0 {
			m, _ := b.dir.Member(ctx, ref.ChatID)
			lang = m.PrivateLang(b.cfg.Language)
		}
		c := b.contextOf(group, lang)
		return view.Edit(ref, view.Card(c, current), view.RSVPButtons(c, current)), true
	})
}

// refreshGroupCards redraws all upcoming meetups of a group, as after a
// change of its language or time zone.
func (b *Bot) refreshGroupCards(ctx context.Context, chatID int64) {
	events, err := b.meetups.Events(ctx, chatID, b.clock.Now())
	if err != nil {
		b.log.Error("list meetups", "chat", chatID, "error", err)
		return
	}
	for _, ev := range events {
		b.refreshCards(ev)
	}
}

// refreshAllCards queues an edit of every upcoming meetup's announcement
// and cards; one that is already exact costs a "not modified" answer.
func (b *Bot) refreshAllCards(ctx context.Context) {
	groups, err := b.dir.Groups(ctx)
	if err != nil {
		b.log.Error("list groups", "error", err)
		return
	}
	for _, g := range groups {
		b.refreshGroupCards(ctx, g.ID)
	}
}

package bot

import (
	"context"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/input"
	"github.com/meetupbot/meetupbot/bot/text"
	"github.com/meetupbot/meetupbot/bot/view"
)

// sendCalendar sends a meetup's calendar file to a chat.
func (b *Bot) sendCalendar(ctx context.Context, chatID int64, thread int, lang meetupbot.Lang, ev meetupbot.Event) {
	c := b.context(ctx, ev.ChatID, lang)
	data := view.Calendar(c, ev.Title, []meetupbot.Event{ev})
	caption := c.T(text.CalendarCaption, view.Esc(ev.Title), view.WhenShort(c, ev), ev.ID)
	b.out.Send(chatID, view.Document(chatID, view.CalendarFile(ev), data, caption).InThread(thread), nil)
}

// cmdIcs sends a meetup as a calendar file where it was asked for.
func (b *Bot) cmdIcs(ctx context.Context, r *request) error {
	ev, err := b.optionalEvent(ctx, r)
	if err != nil {
		return err
	}
	b.sendCalendar(ctx, r.chat.ID, r.thread, r.lang, ev)
	return nil
}

// onCalendarButton sends the file of the meetup whose 📅 was pressed to the
// presser's private chat, never into the group; a member who never started
// the bot is taken there by a link that asks for it.
func (b *Bot) onCalendarButton(ctx context.Context, q *tgbotapi.CallbackQuery, chat meetupbot.Chat, from meetupbot.Member, lang meetupbot.Lang, eventID int64) {
	ev, err := b.meetups.Event(ctx, eventID)
	group, _ := b.dir.Chat(ctx, ev.ChatID)
	if err != nil || (ev.ChatID != chat.ID && !b.isMember(ctx, group, from)) {
		b.answerCallback(q.ID, text.T(lang, text.NotYourMeetup), true)
		return
	}
	if !from.Started {
		cb := tgbotapi.NewCallback(q.ID, "")
		cb.URL = input.StartLink(b.cfg.Self.UserName, input.CalendarPayload(ev.ID))
		if _, err := b.api.Request(cb); err != nil {
			b.log.Warn("answer calendar press", "error", err)
		}
		return
	}
	b.answerCallback(q.ID, text.T(lang, text.CalendarSent), false)
	b.sendCalendar(ctx, from.ID, 0, lang, ev)
}

// calendarFromLink sends the calendar file a member asked for by the 📅
// button before they had started the bot.
func (b *Bot) calendarFromLink(ctx context.Context, r *request, eventID int64) {
	ev, err := b.meetups.Event(ctx, eventID)
	group, _ := b.dir.Chat(ctx, ev.ChatID)
	if err != nil || !b.isMember(ctx, group, r.from) {
		b.reply(r, r.T(text.NotYourMeetup))
		return
	}
	b.sendCalendar(ctx, r.chat.ID, 0, r.lang, ev)
}

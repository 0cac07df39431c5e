package bot

import (
	"context"
	"crypto/rand"
	"strings"
	"time"

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

// feedStore keeps the groups' calendar feed tokens.
type feedStore interface {
	FeedToken(ctx context.Context, updateID int, groupID int64, renew bool, newToken func() string) (string, error)
	GroupByFeed(ctx context.Context, token string) (meetupbot.Chat, bool, error)
}

// feedLookback keeps a meetup in the feed for a week after it began, so
// calendars keep it rather than drop it at once.
const feedLookback = 7 * 24 * time.Hour

// CalendarFeed is the calendar of the group whose feed token this is: its
// meetups from a week ago on, cancelled ones included, so subscribed
// calendars follow a cancellation. ok is false for an unknown token.
func (b *Bot) CalendarFeed(ctx context.Context, token string) (data []byte, ok bool, err error) {
	group, ok, err := b.feeds.GroupByFeed(ctx, token)
	if err != nil || !ok {
		return nil, false, err
	}
	events, err := b.meetups.Events(ctx, group.ID, b.clock.Now().Add(-feedLookback))
	if err != nil {
		return nil, false, err
	}
	return view.Calendar(b.contextOf(group, b.orDefault(group.Lang)), group.Title, events), true, nil
}

// cmdCalendar gives the group's calendar feed URL; organizers may renew it.
func (b *Bot) cmdCalendar(ctx context.Context, r *request) error {
	if b.cfg.PublicURL == "" {
		// Members cannot change the server's settings; organizers can
		// pass on which ones.
		key := text.CalendarNoFeed
		if b.organizes(r) {
			key = text.CalendarFeedHowTo
		}
		b.reply(r, r.T(key))
		return nil
	}
	renew := false
	switch {
	case r.Args == "":
	case strings.EqualFold(r.Args, "reset") || strings.EqualFold(r.Args, "neu"):
		if !b.organizes(r) {
			b.reply(r, r.T(text.OrganizersOnly))
			return nil
		}
		renew = true
	default:
		return input.Bad(text.CalendarArgs, input.Excerpt(r.Args))
	}
	token, err := b.feeds.FeedToken(ctx, r.update, r.group.ID, renew, rand.Text)
	if err != nil {
		return err
	}
	url := view.Esc(strings.TrimSuffix(b.cfg.PublicURL, "/") + "/calendar/" + token + ".ics")
	if renew {
		b.reply(r, r.T(text.CalendarFeedRenewed, view.Esc(r.group.Title), url))
		return nil
	}
	b.reply(r, r.T(text.CalendarFeed, view.Esc(r.group.Title), url))
	return nil
}

package bot

import (
	"context"
	"crypto/rand"
	"errors"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/input"
	"github.com/meetupbot/meetupbot/bot/text"
	"github.com/meetupbot/meetupbot/bot/view"
)

// doorStore keeps who came through the door.
type doorStore interface {
	CheckinCode(ctx context.Context, eventID int64, newCode func() string) (meetupbot.Event, error)
	EventByCheckin(ctx context.Context, code string) (meetupbot.Event, error)
	CheckIn(ctx context.Context, updateID int, eventID, userID int64, now time.Time, undo bool) (meetupbot.Event, meetupbot.RSVP, bool, error)
	CountUnnamed(ctx context.Context, updateID int, eventID int64, delta int, now time.Time) (meetupbot.Event, error)
}

// newCheckinCode is 128 random bits: nobody guesses a meetup's door.
func newCheckinCode() string { return rand.Text() }

// cmdCheckin gives an organizer, privately, the meetup's check-in QR code
// and the door list to tick members off by hand.
func (b *Bot) cmdCheckin(ctx context.Context, r *request) error {
	ev, err := b.doorEvent(ctx, r)
	if err != nil {
		return err
	}
	if ev, err = b.door.CheckinCode(ctx, ev.ID, newCheckinCode); err != nil {
		return err
	}
	c := b.context(ctx, ev.ChatID, r.lang)
	png, err := view.CheckinCode(input.StartLink(b.cfg.Self.UserName, input.CheckinPayload(ev.Checkin)))
	if err != nil {
		return err
	}
	b.out.Send(r.chat.ID, view.Photo(r.chat.ID, "checkin.png", png, view.CheckinCaption(c, ev)), nil)
	list, err := b.meetups.Attendees(ctx, ev.ID)
	if err != nil {
		return err
	}
	body, buttons := view.DoorList(c, ev, list, 0)
	b.replyButtons(r, body, buttons)
	return nil
}

// doorEvent is the meetup a /checkin is for: the one numbered, or the one
// whose door is open now, or the next.
func (b *Bot) doorEvent(ctx context.Context, r *request) (meetupbot.Event, error) {
	if r.Args != "" {
		return b.optionalEvent(ctx, r)
	}
	now := b.clock.Now()
	events, err := b.meetups.Events(ctx, r.group.ID, now.Add(-meetupbot.CheckinCloses))
	if err != nil {
		return meetupbot.Event{}, err
	}
	for _, ev := range events {
		if !ev.Cancelled {
			return ev, nil
		}
	}
	return meetupbot.Event{}, input.Bad(text.NoDoorMeetup)
}

// checkinFromCode checks in whoever opened the bot from a meetup's QR
// code: one tap on Start. Anyone may, as walk-ins are welcome; the code is
// unguessable and works only around the evening.
func (b *Bot) checkinFromCode(ctx context.Context, r *request, code string) {
	ev, err := b.door.EventByCheckin(ctx, code)
	if err != nil {
		if !errors.Is(err, meetupbot.ErrEventNotFound) {
			b.replyProblem(ctx, r, text.UsageStart, err)
			return
		}
		b.reply(r, r.T(text.CheckinUnknown))
		return
	}
	c := b.context(ctx, ev.ChatID, r.lang)
	ev, rsvp, changed, err := b.door.CheckIn(ctx, r.update, ev.ID, r.from.ID, b.clock.Now(), false)
	name, title := view.Esc(r.from.FirstName), view.Esc(ev.Title)
	switch {
	case errors.Is(err, meetupbot.ErrCheckinNotYet):
		b.reply(r, r.T(text.CheckinNotYet, title, view.ShortTime(c, ev.Start.Add(-meetupbot.CheckinOpens))))
	case errors.Is(err, meetupbot.ErrCheckinOver):
		b.reply(r, r.T(text.CheckinOver, title, view.ShortTime(c, ev.Start)))
	case err != nil:
		b.replyProblem(ctx, r, text.UsageStart, err)
	case !changed:
		b.reply(r, r.T(text.AlreadyCheckedIn, title))
	case rsvp.Status == meetupbot.StatusGoing:
		b.reply(r, r.T(text.CheckedIn, name, title))
	default:
		b.reply(r, r.T(text.CheckedInWalkIn, name, title))
	}
}

// onDoorButton ticks a member off the door list (or takes it back),
// counts people without a name, or turns the page, and redraws the list.
func (b *Bot) onDoorButton(ctx context.Context, updateID int, q *tgbotapi.CallbackQuery, chat meetupbot.Chat, from meetupbot.Member, lang meetupbot.Lang, a input.DoorAction) {
	ev, err := b.meetups.Event(ctx, a.EventID)
	if err != nil || chat.ID != from.ID || !b.isOrganizer(ev.ChatID, from.ID) {
		b.answerCallback(q.ID, text.T(lang, text.ToastOutdated), false)
		return
	}
	c := b.context(ctx, ev.ChatID, lang)
	now := b.clock.Now()
	toast := ""
	switch {
	case a.Member != 0:
		var rsvp meetupbot.RSVP
		undo := b.checkedIn(ctx, ev.ID, a.Member)
		ev, rsvp, _, err = b.door.CheckIn(ctx, updateID, ev.ID, a.Member, now, undo)
		member, _ := b.dir.Member(ctx, rsvp.UserID)
		toast = c.T(text.ToastTicked, member.DisplayName())
		if undo {
			toast = c.T(text.ToastUnticked, member.DisplayName())
		}
	case a.Unnamed != 0:
		ev, err = b.door.CountUnnamed(ctx, updateID, ev.ID, a.Unnamed, now)
	}
	switch {
	case errors.Is(err, meetupbot.ErrCheckinNotYet):
		b.answerCallback(q.ID, c.T(text.CheckinNotYetShort), true)
		return
	case errors.Is(err, meetupbot.ErrCheckinOver):
		b.answerCallback(q.ID, c.T(text.CheckinOverShort), true)
		return
	case err != nil:
		b.answerCallback(q.ID, b.problemToast(c, err), true)
		return
	}
	b.answerCallback(q.ID, toast, false)
	list, err := b.meetups.Attendees(ctx, ev.ID)
	if err != nil {
		b.log.Error("list attendees for the door", "event", ev.ID, "error", err)
		return
	}
	body, buttons := view.DoorList(c, ev, list, a.Page)
	b.out.Send(chat.ID, view.Edit(meetupbot.MessageRef{ChatID: chat.ID, MessageID: q.Message.MessageID}, body, buttons), nil)
}

// checkedIn reports whether the member is checked in at the meetup, so a
// tick on their name toggles.
func (b *Bot) checkedIn(ctx context.Context, eventID, userID int64) bool {
	list, err := b.meetups.Attendees(ctx, eventID)
	if err != nil {
		return false
	}
	for _, a := range list {
		if a.UserID == userID {
			return !a.CheckedIn.IsZero()
		}
	}
	return false
}

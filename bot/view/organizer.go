package view

import (
	"cmp"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/input"
	"github.com/meetupbot/meetupbot/bot/text"
)

// AnnouncePlan says when a meetup is or was announced; defaultLead is the
// bot's lead time for meetups without their own.
func AnnouncePlan(c Context, ev meetupbot.Event, defaultLead time.Duration) string {
	id := strconv.FormatInt(ev.ID, 10)
	switch {
	case ev.Announced || ev.Announcement.MessageID != 0:
		return c.T(text.PlanAnnounced, id)
	case ev.AnnounceNever:
		return c.T(text.PlanNever, id, id)
	}
	at := ev.Start.Add(-cmp.Or(ev.AnnounceBefore, defaultLead))
	if !at.After(c.Now) {
		return c.T(text.PlanNow)
	}
	return c.T(text.PlanAt, ShortTime(c, at), id)
}

// Reminders says when a group's reminders go out.
func Reminders(c Context, group meetupbot.Chat, leads []time.Duration) string {
	if len(leads) == 0 {
		return c.T(text.RemindersOff, Esc(group.Title))
	}
	names := make([]string, len(leads))
	for i, d := range leads {
		names[i] = lead(c, d)
	}
	return c.T(text.RemindersSet, Esc(group.Title), List(c, names))
}

// lead writes how long before the start a reminder goes out.
func lead(c Context, d time.Duration) string {
	return inUnits(c, d, text.LeadDays, text.LeadHours, text.LeadMinutes)
}

// List joins items as the language lists them: "a, b und c".
func List(c Context, items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + c.T(text.ListAnd) + items[len(items)-1]
}

// Posts lists a group's recurring posts.
func Posts(c Context, group meetupbot.Chat, posts []meetupbot.Post) string {
	if len(posts) == 0 {
		return c.T(text.NoPosts, Esc(group.Title))
	}
	var sb strings.Builder
	sb.WriteString(c.T(text.PostsHeader, Esc(group.Title)))
	for _, p := range posts {
		next := "–"
		if !p.Next.IsZero() {
			next = ShortTime(c, p.Next)
		}
		line := fmt.Sprintf("\n\n<b>%d</b> · <code>%s</code> · %s\n%s", p.ID, Esc(p.Spec), c.T(text.PostNext, next), Esc(Truncate(p.Text, 80)))
		if sb.Len()+len(line) > MaxText {
			break
		}
		sb.WriteString(line)
	}
	return sb.String()
}

// Help lists the member commands, and the organizer commands for those who
// may use them.
func Help(c Context, members, organizers []text.Key) string {
	var sb strings.Builder
	sb.WriteString(c.T(text.HelpMembers))
	for _, usage := range members {
		sb.WriteString("\n" + c.T(usage))
	}
	if len(organizers) > 0 {
		sb.WriteString("\n\n" + c.T(text.HelpOrganizers))
		for _, usage := range organizers {
			sb.WriteString("\n" + c.T(usage))
		}
	}
	return sb.String()
}

// Problems the bot itself finds, beside the domain's and storage's.
var (
	// ErrNoUpcoming means a group has no meetup ahead.
	ErrNoUpcoming = errors.New("no upcoming meetup")
	// ErrOtherGroup means a meetup number names another group's meetup.
	ErrOtherGroup = errors.New("meetup belongs to another group")
)

// Problem is the one translation of what went wrong into what a member
// reads, for replies and for the toasts of buttons alike. withUsage says
// the command's syntax helps; known is false for failures the member
// cannot mend (the caller logs those).
func Problem(c Context, err error) (message string, withUsage, known bool) {
	var in *input.Error
	if errors.As(err, &in) {
		args := make([]any, len(in.Args))
		for i, a := range in.Args {
			switch v := a.(type) {
			case text.Key:
				args[i] = c.T(v)
			case string:
				args[i] = Esc(v)
			case time.Time:
				args[i] = ShortTime(c, v)
			case time.Weekday:
				args[i] = weekdayName(c, v)
			case time.Month:
				args[i] = monthName(c, v)
			default:
				args[i] = a
			}
		}
		return "⚠️ " + c.T(in.Key, args...), true, true
	}
	for _, p := range problems {
		if errors.Is(err, p.err) {
			return c.T(p.key, p.args...), p.withUsage, true
		}
	}
	return c.T(text.InternalError), false, false
}

var problems = []struct {
	err       error
	key       text.Key
	args      []any
	withUsage bool
}{
	{meetupbot.ErrEventNotFound, text.EventNotFound, nil, false},
	{ErrOtherGroup, text.OtherGroup, nil, false},
	{ErrNoUpcoming, text.NoUpcoming, nil, false},
	{meetupbot.ErrWrongChat, text.ToastWrongChat, nil, false},
	{meetupbot.ErrEventCancelled, text.EventCancelled, nil, false},
	{meetupbot.ErrEventOver, text.EventOver, nil, false},
	{meetupbot.ErrNoRoom, text.NoRoomForGuest, nil, false},
	{meetupbot.ErrNotGoing, text.NotGoing, nil, false},
	{meetupbot.ErrAlreadyDecided, text.AlreadyDecided, nil, false},
	{meetupbot.ErrTalkNotFound, text.TalkNotFound, nil, false},
	{meetupbot.ErrTooManyGuests, text.TooManyGuests, []any{meetupbot.MaxGuests}, false},
	{meetupbot.ErrPartyTooLarge, text.PartyTooLarge, nil, false},
	{meetupbot.ErrNoSpeaker, text.NoSpeaker, nil, true},
	{meetupbot.ErrTooManySpeakers, text.TooManySpeakers, []any{meetupbot.MaxSpeakers}, false},
	{meetupbot.ErrPostNotFound, text.PostNotFound, nil, false},
	{meetupbot.ErrTooManyPosts, text.TooManyPosts, []any{meetupbot.MaxPosts}, false},
}

// SpecProblem says what is wrong with a cron spec, in the reader's
// language; cron's own messages are English and name internals.
func SpecProblem(err error) text.Key {
	switch {
	case errors.Is(err, meetupbot.ErrSpecTooOften):
		return text.SpecTooOften
	case errors.Is(err, meetupbot.ErrSpecZone):
		return text.SpecZone
	case errors.Is(err, meetupbot.ErrSpecNever):
		return text.SpecNever
	}
	return text.SpecMalformed
}

// Created confirms a new meetup with its full date and what happens next:
// when it is announced (defaultLead unless it has its own) and when the
// group's reminders go out.
func Created(c Context, group meetupbot.Chat, ev meetupbot.Event, defaultLead time.Duration, reminders []time.Duration) string {
	return c.T(text.EventCreated, ev.ID, Esc(ev.Title), When(c, ev)) + "\n" + AnnouncePlan(c, ev, defaultLead) + "\n" + Reminders(c, group, reminders)
}

// Edited confirms an /editevent with the value as it is now and as it was,
// so a typo in a date shows at once.
func Edited(c Context, field input.EditField, before, after meetupbot.Event) string {
	switch field {
	case input.EditTitle:
		return c.T(text.ChangedTitle, after.ID, Esc(after.Title), Esc(before.Title))
	case input.EditDate, input.EditTime:
		from, to := before.Start.In(c.Zone), after.Start.In(c.Zone)
		if from.Format(time.DateOnly) == to.Format(time.DateOnly) {
			// Same evening: the time is all that changed, and all to read.
			return c.T(text.ChangedTime, after.ID, to.Format("15:04"), from.Format("15:04"))
		}
		return c.T(text.ChangedStart, after.ID, When(c, after), When(c, before))
	case input.EditVenue:
		return c.T(text.ChangedVenue, after.ID, Esc(after.Venue), Esc(before.Venue))
	case input.EditCapacity:
		return c.T(text.ChangedCapacity, after.ID, places(c, after), places(c, before))
	case input.EditDescription:
		if after.Description == "" {
			return c.T(text.DescriptionRemoved, after.ID, Esc(after.Title))
		}
		return c.T(text.ChangedDescription, after.ID, Esc(after.Title))
	}
	return c.T(text.EventUpdated, after.ID, Esc(after.Title))
}

// places is a meetup's capacity in words.
func places(c Context, ev meetupbot.Event) string {
	if ev.Unlimited() {
		return c.T(text.NoLimit)
	}
	return c.T(text.Places, ev.Capacity)
}

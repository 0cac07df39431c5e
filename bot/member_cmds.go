package bot

import (
	"context"
	"strings"
	"time"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/input"
	"github.com/meetupbot/meetupbot/bot/text"
	"github.com/meetupbot/meetupbot/bot/view"
)

// meetups are the stored meetups and the answers to them.
type meetups interface {
	CreateEvent(ctx context.Context, updateID int, ev meetupbot.Event) (meetupbot.Event, error)
	Event(ctx context.Context, id int64) (meetupbot.Event, error)
	Events(ctx context.Context, chatID int64, from time.Time) ([]meetupbot.Event, error)
	EditEvent(ctx context.Context, updateID int, id int64, now time.Time, edit func(*meetupbot.Event) error, night meetupbot.Night, notify meetupbot.Notify) (meetupbot.EventChange, error)
	Answer(ctx context.Context, updateID int, eventID, userID int64, a meetupbot.Answer, now time.Time, night meetupbot.Night, notify meetupbot.Notify) (meetupbot.AnswerResult, error)
	AnswerPresses(ctx context.Context, presses []meetupbot.Press, now time.Time, allow func(meetupbot.Event, meetupbot.Press) bool, nights meetupbot.Nights, notify meetupbot.Notify) ([]meetupbot.PressResult, error)
	Reserve(ctx context.Context, updateID int, eventID, userID int64, off bool, now time.Time, night meetupbot.Night, notify meetupbot.Notify) (meetupbot.AnswerResult, error)
	Attendees(ctx context.Context, eventID int64) ([]meetupbot.Attendee, error)
	PressedSince(ctx context.Context, since time.Time) ([]string, error)
}

func (b *Bot) cmdStart(ctx context.Context, r *request) error {
	if !r.private() {
		b.reply(r, r.T(text.GroupIntro, view.Esc(b.cfg.Self.UserName)))
		return nil
	}
	if eventID, ok := input.ParseCalendarPayload(r.Args); ok {
		b.calendarFromLink(ctx, r, eventID)
		return nil
	}
	if code, ok := input.ParseCheckinPayload(r.Args); ok {
		// Scanned at the door: the check-in is all the member came for.
		b.checkinFromCode(ctx, r, code)
		return nil
	}
	if input.IsCheckinPayload(r.Args) {
		// A code cut short or mistyped: the welcome would not say why
		// nobody was checked in.
		b.reply(r, r.T(text.CheckinUnknown))
		return nil
	}
	if (r.Args == "" || r.Args == input.DraftPayload || r.Args == input.ProposePayload) && b.resumeDraft(ctx, r) {
		// Sent here from the group by /newevent, by its link or by opening
		// the chat and pressing Start: the questions are what the
		// organizer came for, and the help would hide them.
		return nil
	}
	b.reply(r, r.T(text.Welcome, view.Esc(r.from.FirstName))+"\n\n"+b.helpText(ctx, r))
	if eventID, ok := input.ParseStartPayload(r.Args); ok {
		ev, err := b.meetups.Event(ctx, eventID)
		group, _ := b.dir.Chat(ctx, ev.ChatID)
		if err != nil || !b.isMember(ctx, group, r.from) {
			b.reply(r, r.T(text.NotYourMeetup))
			return nil
		}
		b.sendCard(ctx, r.chat.ID, b.context(ctx, ev.ChatID, r.lang), ev, 0)
	}
	return nil
}

func (b *Bot) cmdHelp(ctx context.Context, r *request) error {
	b.reply(r, b.helpText(ctx, r))
	return nil
}

// helpText lists the member commands, and the organizer commands for those
// who may use them.
func (b *Bot) helpText(ctx context.Context, r *request) string {
	usages := func(names []string) []text.Key {
		keys := make([]text.Key, len(names))
		for i, name := range names {
			keys[i] = b.commands[name].usage
		}
		return keys
	}
	organizer := r.group.ID != 0 && b.organizes(r)
	if r.private() {
		groups, err := b.organizedGroups(ctx, r.from.ID)
		organizer = err == nil && len(groups) > 0
	}
	var organizers []text.Key
	if organizer {
		organizers = usages(OrganizerCommands)
	}
	return view.Help(b.context(ctx, r.group.ID, r.lang), usages(MemberCommands), organizers)
}

func (b *Bot) cmdLanguage(ctx context.Context, r *request) error {
	lang, ok := meetupbot.ParseLang(strings.ToLower(r.Args))
	if !ok || len(r.Args) != 2 || !text.Supported(lang) {
		return input.Bad(text.BadLanguage, r.Args)
	}
	if r.private() {
		if _, err := b.settings.UpdateMember(ctx, r.update, r.from.ID, func(m *meetupbot.Member) { m.Lang = lang }); err != nil {
			return err
		}
		r.lang = lang
		b.reply(r, r.T(text.LanguageSet))
		return nil
	}
	if !b.organizes(r) {
		b.reply(r, r.T(text.OrganizersOnly))
		return nil
	}
	if _, err := b.settings.UpdateChat(ctx, r.update, r.chat.ID, func(c *meetupbot.Chat) { c.Lang = lang }); err != nil {
		return err
	}
	r.lang = lang
	b.reply(r, r.T(text.LanguageSet))
	b.refreshGroupCards(ctx, r.chat.ID)
	return nil
}

func (b *Bot) cmdNext(ctx context.Context, r *request) error {
	if r.Args != "" {
		return input.Bad(text.NoArguments)
	}
	ev, err := b.nextEvent(ctx, r.group.ID)
	if err != nil {
		return err
	}
	b.sendCard(ctx, r.chat.ID, b.context(ctx, r.group.ID, r.lang), ev, r.replyTo())
	return nil
}

func (b *Bot) cmdEvents(ctx context.Context, r *request) error {
	if r.Args != "" {
		return input.Bad(text.NoArguments)
	}
	events, err := b.meetups.Events(ctx, r.group.ID, b.clock.Now())
	if err != nil {
		return err
	}
	if len(events) == 0 {
		return view.ErrNoUpcoming
	}
	b.reply(r, view.EventList(b.context(ctx, r.group.ID, r.lang), r.group, events))
	return nil
}

func (b *Bot) cmdRSVP(ctx context.Context, r *request) error {
	in, err := input.ParseRSVP(r.Args)
	if err != nil {
		return err
	}
	ev, err := b.event(ctx, r, in.EventID)
	if err != nil {
		return err
	}
	night, notify := b.notify(ctx, ev.ChatID)
	res, err := b.meetups.Answer(ctx, r.update, ev.ID, r.from.ID, in.Answer, b.clock.Now(), night, notify)
	if err != nil {
		return err
	}
	b.reply(r, view.Answered(b.context(ctx, ev.ChatID, r.lang), res))
	b.refreshCards(res.Event)
	b.sendStored(ctx)
	return nil
}

func (b *Bot) cmdAttendees(ctx context.Context, r *request) error {
	ev, err := b.optionalEvent(ctx, r)
	if err != nil {
		return err
	}
	list, err := b.meetups.Attendees(ctx, ev.ID)
	if err != nil {
		return err
	}
	// Who answered the reconfirmation is for organizers' eyes, privately.
	organizer := r.private() && b.organizes(r)
	c := b.context(ctx, ev.ChatID, r.lang)
	body := view.Attendees(c, ev, list, organizer)
	if expected, ok := b.forecast(ctx, ev); organizer && ok && !ev.Over(c.Now) {
		body += "\n" + c.T(text.AttForecast, expected, ev.Tally.Seats())
	}
	b.reply(r, body)
	return nil
}

// cmdExport sends organizers the full list of a meetup's answers as a
// spreadsheet file, privately: it names everyone who answered.
func (b *Bot) cmdExport(ctx context.Context, r *request) error {
	ev, err := b.optionalEvent(ctx, r)
	if err != nil {
		return err
	}
	list, err := b.meetups.Attendees(ctx, ev.ID)
	if err != nil {
		return err
	}
	c := b.context(ctx, ev.ChatID, r.lang)
	name, data := view.GuestList(c, ev, list)
	b.out.Send(r.chat.ID, view.Document(r.chat.ID, name, data, view.GuestListCaption(c, ev, len(list))), nil)
	return nil
}

func (b *Bot) cmdSpeakers(ctx context.Context, r *request) error {
	ev, err := b.optionalEvent(ctx, r)
	if err != nil {
		return err
	}
	b.reply(r, view.Speakers(b.context(ctx, ev.ChatID, r.lang), ev))
	return nil
}

// optionalEvent finds the meetup of a command whose only argument is
// "[meetup]": the one numbered, or the group's next meetup.
func (b *Bot) optionalEvent(ctx context.Context, r *request) (meetupbot.Event, error) {
	if r.Args == "" {
		return b.event(ctx, r, 0)
	}
	id, ok := input.ParseEventRef(r.Args)
	if !ok {
		return meetupbot.Event{}, input.Bad(text.BadEventRef, r.Args)
	}
	return b.event(ctx, r, id)
}

// event finds the meetup a command acts on: the one numbered, which must be
// the group's, or else the group's next meetup.
func (b *Bot) event(ctx context.Context, r *request, id int64) (meetupbot.Event, error) {
	if id == 0 {
		return b.nextEvent(ctx, r.group.ID)
	}
	ev, err := b.meetups.Event(ctx, id)
	if err != nil {
		return ev, err
	}
	if ev.ChatID != r.group.ID {
		return ev, view.ErrOtherGroup
	}
	return ev, nil
}

func (b *Bot) nextEvent(ctx context.Context, chatID int64) (meetupbot.Event, error) {
	events, err := b.meetups.Events(ctx, chatID, b.clock.Now())
	if err != nil {
		return meetupbot.Event{}, err
	}
	for _, ev := range events {
		if !ev.Cancelled {
			return ev, nil
		}
	}
	return meetupbot.Event{}, view.ErrNoUpcoming
}

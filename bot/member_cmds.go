package bot

import (
	"context"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
)

func (b *Bot) cmdStart(ctx context.Context, r *request) error {
	if !r.private() {
		b.reply(r, b.t(r.lang, msgGroupIntro, esc(b.cfg.Self.UserName)))
		return nil
	}
	b.reply(r, b.t(r.lang, msgWelcome, esc(r.from.FirstName))+"\n\n"+b.helpText(ctx, r))
	if id, ok := strings.CutPrefix(r.args, "e"); ok {
		if eventID, valid := parseEventRef(id); valid {
			if ev, err := b.store.Event(ctx, eventID); err == nil {
				b.sendCard(r.chat.ID, r.lang, ev, 0)
			}
		}
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
	var sb strings.Builder
	sb.WriteString(b.t(r.lang, msgHelpMembers))
	for _, name := range memberCommands {
		sb.WriteString("\n" + b.t(r.lang, b.commands[name].usage))
	}
	organizer := r.group.ID != 0 && b.isOrganizer(r.group.ID, r.from.ID)
	if r.private() {
		groups, err := b.organizedGroups(ctx, r.from.ID)
		organizer = err == nil && len(groups) > 0
	}
	if organizer {
		sb.WriteString("\n\n" + b.t(r.lang, msgHelpOrganizers))
		for _, name := range organizerCommands {
			sb.WriteString("\n" + b.t(r.lang, b.commands[name].usage))
		}
	}
	return sb.String()
}

func (b *Bot) cmdLanguage(ctx context.Context, r *request) error {
	lang, ok := meetupbot.ParseLang(strings.ToLower(r.args))
	if !ok || len(r.args) != 2 {
		return badInput(errBadLanguage, r.args)
	}
	if r.private() {
		if _, err := b.store.UpdateMember(ctx, r.from.ID, func(m *meetupbot.Member) { m.Lang = lang }); err != nil {
			return err
		}
		r.lang = lang
		b.reply(r, b.t(lang, msgLanguageSet))
		return nil
	}
	if !b.isOrganizer(r.chat.ID, r.from.ID) {
		b.reply(r, b.t(r.lang, msgOrganizersOnly))
		return nil
	}
	if _, err := b.store.UpdateChat(ctx, r.chat.ID, func(c *meetupbot.Chat) { c.Lang = lang }); err != nil {
		return err
	}
	r.lang = lang
	b.reply(r, b.t(lang, msgLanguageSet))
	b.refreshGroupCards(ctx, r.chat.ID)
	return nil
}

func (b *Bot) cmdNext(ctx context.Context, r *request) error {
	if r.args != "" {
		return badInput(errNoArguments)
	}
	ev, err := b.nextEvent(ctx, r.group.ID)
	if err != nil {
		return err
	}
	b.sendCard(r.chat.ID, r.lang, ev, r.replyTo())
	return nil
}

func (b *Bot) cmdEvents(ctx context.Context, r *request) error {
	if r.args != "" {
		return badInput(errNoArguments)
	}
	events, err := b.store.Events(ctx, r.group.ID, b.clock.Now())
	if err != nil {
		return err
	}
	if len(events) == 0 {
		return errNoUpcoming
	}
	b.reply(r, b.eventList(r.lang, r.group, events))
	return nil
}

func (b *Bot) cmdRSVP(ctx context.Context, r *request) error {
	in, err := parseRSVP(r.args)
	if err != nil {
		return err
	}
	ev, err := b.event(ctx, r, in.EventID)
	if err != nil {
		return err
	}
	res, err := b.store.Answer(ctx, ev.ID, r.from.ID, in.Answer, b.clock.Now())
	if err != nil {
		return err
	}
	b.reply(r, b.answerText(r.lang, res))
	b.afterAnswer(ctx, res)
	return nil
}

func (b *Bot) cmdAttendees(ctx context.Context, r *request) error {
	ev, err := b.optionalEvent(ctx, r)
	if err != nil {
		return err
	}
	list, err := b.store.Attendees(ctx, ev.ID)
	if err != nil {
		return err
	}
	b.reply(r, b.attendeesText(r.lang, ev, list))
	return nil
}

func (b *Bot) cmdSpeakers(ctx context.Context, r *request) error {
	ev, err := b.optionalEvent(ctx, r)
	if err != nil {
		return err
	}
	b.reply(r, b.speakersText(r.lang, ev))
	return nil
}

// optionalEvent finds the event of a command whose only argument is
// "[event]": the one numbered, or the group's next meetup.
func (b *Bot) optionalEvent(ctx context.Context, r *request) (meetupbot.Event, error) {
	if r.args == "" {
		return b.event(ctx, r, 0)
	}
	id, ok := parseEventRef(r.args)
	if !ok {
		return meetupbot.Event{}, badInput(errBadEventRef, r.args)
	}
	return b.event(ctx, r, id)
}

// sendCard posts an event with its buttons and keeps it up to date.
func (b *Bot) sendCard(chatID int64, lang meetupbot.Lang, ev meetupbot.Event, replyTo int) {
	b.out.send(chatID, chatID < 0, b.cardMessage(chatID, lang, ev, replyTo), func(ctx context.Context, m tgbotapi.Message) {
		ref := meetupbot.MessageRef{ChatID: chatID, MessageID: m.MessageID}
		if _, err := b.store.EditEvent(ctx, ev.ID, b.clock.Now(), func(e *meetupbot.Event) error {
			e.AddCard(ref)
			return nil
		}); err != nil {
			b.log.Error("remember event card", "event", ev.ID, "error", err)
		}
	})
}

// afterAnswer updates every copy of the announcement and tells promoted
// members they are in.
func (b *Bot) afterAnswer(ctx context.Context, res meetupbot.AnswerResult) {
	b.refreshCards(res.Event)
	b.notifyPromoted(ctx, res.Event, res.Promoted)
}

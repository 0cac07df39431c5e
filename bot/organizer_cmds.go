package bot

import (
	"cmp"
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
)

func (b *Bot) cmdNewEvent(ctx context.Context, r *request) error {
	now := b.clock.Now()
	in, err := parseNewEvent(r.args, b.zone(r.group.ID), now)
	if err != nil {
		return err
	}
	ev, err := b.store.CreateEvent(ctx, meetupbot.Event{
		ChatID: r.group.ID, Title: in.Title, Venue: in.Venue, Start: in.Start, Capacity: in.Capacity,
		CreatedBy: r.from.ID, CreatedAt: now, PlannedAt: now, AnnounceBefore: b.cfg.AnnounceBefore,
	})
	if err != nil {
		return err
	}
	b.reply(r, b.t(r.lang, msgEventCreated, ev.ID, esc(ev.Title), b.when(r.lang, ev))+"\n"+b.announcePlan(r.lang, ev))
	// After the reply, so an announcement due at once follows it.
	b.cfg.Planner.Replan()
	return nil
}

// announcePlan says when a meetup is or was announced.
func (b *Bot) announcePlan(lang meetupbot.Lang, ev meetupbot.Event) string {
	id := strconv.FormatInt(ev.ID, 10)
	switch {
	case ev.Announced || ev.Announcement.MessageID != 0:
		return b.t(lang, msgPlanAnnounced, id)
	case ev.AnnounceNever:
		return b.t(lang, msgPlanNever, id, id)
	}
	at := ev.Start.Add(-cmp.Or(ev.AnnounceBefore, b.cfg.AnnounceBefore))
	if !at.After(b.clock.Now()) {
		return b.t(lang, msgPlanNow)
	}
	return b.t(lang, msgPlanAt, shortTime(lang, at.In(b.zone(ev.ChatID))), id)
}

func (b *Bot) cmdEditEvent(ctx context.Context, r *request) error {
	in, err := parseEdit(r.args)
	if err != nil {
		return err
	}
	var warning string
	change, err := b.changeEvent(ctx, r, in.EventID, func(ev *meetupbot.Event, now time.Time) error {
		return b.applyEdit(ev, in, now, r.lang, &warning)
	})
	if err != nil {
		return err
	}
	text := b.t(r.lang, msgEventUpdated, change.Event.ID, esc(change.Event.Title)) + warning
	if in.Field == editAnnounce {
		text += "\n" + b.announcePlan(r.lang, change.Event)
		if lead, _ := parseAnnounceLead(in.Value); lead.now {
			err := b.announce(ctx, change.Event, false)
			switch {
			case errors.Is(err, meetupbot.ErrJobDone):
				text = b.t(r.lang, msgAlreadyAnnounced)
			case err != nil:
				return err
			}
		}
	}
	b.reply(r, text)
	b.cfg.Planner.Replan()
	b.refreshCards(change.Event)
	b.notifyPromoted(ctx, change.Event, change.Promoted)
	return nil
}

// changeEvent applies an organizer's change to a meetup of the group (the
// numbered one, or the next), refusing cancelled and started meetups. The
// checks run inside the change's transaction, so they see what is changed.
func (b *Bot) changeEvent(ctx context.Context, r *request, id int64, edit func(ev *meetupbot.Event, now time.Time) error) (meetupbot.EventChange, error) {
	if id == 0 {
		next, err := b.nextEvent(ctx, r.group.ID)
		if err != nil {
			return meetupbot.EventChange{}, err
		}
		id = next.ID
	}
	now := b.clock.Now()
	return b.store.EditEvent(ctx, id, now, func(ev *meetupbot.Event) error {
		if ev.ChatID != r.group.ID {
			return errOtherGroup
		}
		if err := ev.Open(now); err != nil {
			return err
		}
		return edit(ev, now)
	})
}

func (b *Bot) applyEdit(ev *meetupbot.Event, in editInput, now time.Time, lang meetupbot.Lang, warning *string) error {
	loc := b.zone(ev.ChatID)
	local := ev.Start.In(loc)
	var start time.Time
	var err error
	switch in.Field {
	case editTitle:
		ev.Title, err = checkText(fieldTitle, in.Value, meetupbot.MaxTitleLen)
	case editVenue:
		ev.Venue, err = checkText(fieldVenue, in.Value, meetupbot.MaxVenueLen)
	case editDescription:
		if in.Value == "-" {
			ev.Description = ""
			return nil
		}
		ev.Description, err = checkText(fieldDescription, in.Value, meetupbot.MaxDescriptionLen)
	case editDate:
		y, m, d, perr := parseDate(in.Value)
		if perr != nil {
			return perr
		}
		start, err = checkStart(time.Date(y, m, d, local.Hour(), local.Minute(), 0, 0, loc), now)
	case editTime:
		h, mi, perr := parseClock(in.Value)
		if perr != nil {
			return perr
		}
		start, err = checkStart(time.Date(local.Year(), local.Month(), local.Day(), h, mi, 0, 0, loc), now)
	case editCapacity:
		ev.Capacity, err = parseCapacity(in.Value)
		if err == nil && !ev.Unlimited() && ev.Tally.Seats() > ev.Capacity {
			*warning = "\n" + b.t(lang, msgOverbooked, ev.Tally.Seats())
		}
	case editAnnounce:
		var lead announceLead
		if lead, err = parseAnnounceLead(in.Value); err == nil {
			ev.AnnounceNever = lead.never
			if lead.before > 0 {
				ev.AnnounceBefore = lead.before
			}
		}
	}
	if err == nil && !start.IsZero() {
		ev.Reschedule(start, now)
	}
	return err
}

func (b *Bot) cmdCancelEvent(ctx context.Context, r *request) error {
	idText, reason, _ := strings.Cut(r.args, " ")
	id, ok := parseEventRef(idText)
	if !ok {
		return badInput(errBadEventRef, idText)
	}
	reason = strings.TrimSpace(reason)
	if reason != "" {
		var err error
		if reason, err = checkText(fieldReason, reason, meetupbot.MaxDescriptionLen); err != nil {
			return err
		}
	}
	change, err := b.changeEvent(ctx, r, id, func(ev *meetupbot.Event, _ time.Time) error {
		ev.Cancelled, ev.CancelReason = true, reason
		return nil
	})
	if err != nil {
		return err
	}
	ev := change.Event
	b.cfg.Planner.Replan()
	b.refreshCards(ev)
	b.announceCancellation(ctx, ev)
	if r.private() {
		b.reply(r, b.t(r.lang, msgCancelledDone, ev.ID, esc(ev.Title)))
	}
	return nil
}

// announceCancellation tells the group, mentioning everyone who said yes or
// maybe, and tells them privately where they started the bot. The messages
// are stored before they are sent, so a restart does not swallow them.
func (b *Bot) announceCancellation(ctx context.Context, ev meetupbot.Event) {
	list, err := b.store.Attendees(ctx, ev.ID)
	if err != nil {
		b.log.Error("list attendees of cancelled event", "event", ev.ID, "error", err)
	}
	lang := b.groupLang(ctx, ev.ChatID)
	var mentions []string
	var outs []meetupbot.Outgoing
	for _, a := range list {
		if a.Status == meetupbot.StatusDeclined {
			continue
		}
		mentions = append(mentions, mention(a.Member))
		if a.Member.Started {
			plang := a.Member.PrivateLang(b.cfg.Language)
			outs = append(outs, meetupbot.Outgoing{ChatID: a.Member.ID, Text: b.cancellationText(plang, ev)})
		}
	}
	text := b.cancellationText(lang, ev)
	if len(mentions) > 0 {
		text += "\n\n" + fitMentions(mentions)
	}
	outs = append([]meetupbot.Outgoing{{ChatID: ev.ChatID, Text: text, ReplyTo: ev.Announcement.MessageID}}, outs...)
	b.queue(ctx, outs...)
}

func (b *Bot) cmdAddSpeaker(ctx context.Context, r *request) error {
	in, err := parseSpeaker(r.args)
	if err != nil {
		return err
	}
	change, err := b.changeEvent(ctx, r, in.EventID, func(ev *meetupbot.Event, _ time.Time) error {
		if len(ev.Speakers) >= meetupbot.MaxSpeakers {
			return meetupbot.ErrTooManySpeakers
		}
		ev.Speakers = append(ev.Speakers, in.Speaker)
		return nil
	})
	if err != nil {
		return err
	}
	b.reply(r, b.t(r.lang, msgSpeakerAdded, esc(in.Speaker.Name), len(change.Event.Speakers), change.Event.ID, esc(change.Event.Title)))
	b.refreshCards(change.Event)
	return nil
}

func (b *Bot) cmdRemoveSpeaker(ctx context.Context, r *request) error {
	fields := strings.Fields(r.args)
	if len(fields) != 2 {
		return badInput(errRemoveSpeakerParts)
	}
	id, ok := parseEventRef(fields[0])
	if !ok {
		return badInput(errBadEventRef, fields[0])
	}
	n, ok := parseEventRef(fields[1])
	if !ok {
		return badInput(errBadSpeakerNumber, fields[1])
	}
	var removed meetupbot.Speaker
	change, err := b.changeEvent(ctx, r, id, func(ev *meetupbot.Event, _ time.Time) error {
		if int(n) > len(ev.Speakers) {
			return meetupbot.ErrNoSpeaker
		}
		removed = ev.Speakers[n-1]
		ev.Speakers = append(ev.Speakers[:n-1], ev.Speakers[n:]...)
		return nil
	})
	if err != nil {
		return err
	}
	b.reply(r, b.t(r.lang, msgSpeakerRemoved, esc(removed.Name), change.Event.ID, esc(change.Event.Title)))
	b.refreshCards(change.Event)
	return nil
}

func (b *Bot) cmdAnnounce(ctx context.Context, r *request) error {
	ev, err := b.optionalEvent(ctx, r)
	if err != nil {
		return err
	}
	if err := b.announce(ctx, ev, true); err != nil {
		return err
	}
	if r.private() {
		b.reply(r, b.t(r.lang, msgAnnounced, ev.ID, esc(r.group.Title)))
	}
	return nil
}

// announce posts a meetup's announcement in its group; again posts it even
// if it was announced before. The new announcement replaces the old one,
// which is deleted once the new one is sent, so only one copy asks for
// answers.
func (b *Bot) announce(ctx context.Context, ev meetupbot.Event, again bool) error {
	lang := b.groupLang(ctx, ev.ChatID)
	out := meetupbot.Outgoing{ChatID: ev.ChatID, Text: b.eventCard(lang, ev), Buttons: b.rsvpButtons(lang, ev)}
	if _, err := b.store.QueueAnnouncement(ctx, ev.ID, out, again, b.clock.Now()); err != nil {
		return err
	}
	b.sendStored(ctx)
	return nil
}

func (b *Bot) cmdPost(ctx context.Context, r *request) error {
	text, err := checkText(fieldText, r.args, maxPostLen)
	if err != nil {
		return err
	}
	b.say(r.group.ID, esc(text), 0)
	if r.private() {
		b.reply(r, b.t(r.lang, msgPosted, esc(r.group.Title)))
		return nil
	}
	// Only the bot's post should remain; this fails harmlessly where the bot
	// may not delete messages.
	b.out.send(r.chat.ID, true, tgbotapi.NewDeleteMessage(r.chat.ID, r.msg.MessageID), nil)
	return nil
}

// maxPostLen stays under Telegram's 4096 characters, which count the text
// after entities are parsed, so escaping does not add to it.
const maxPostLen = 4000

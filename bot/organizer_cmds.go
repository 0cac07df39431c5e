package bot

import (
	"context"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/input"
	"github.com/meetupbot/meetupbot/bot/text"
	"github.com/meetupbot/meetupbot/bot/view"
)

func (b *Bot) cmdNewEvent(ctx context.Context, r *request) error {
	if r.Args == "" {
		return b.startDraft(ctx, r, meetupbot.DraftEvent)
	}
	now := b.clock.Now()
	c := b.context(ctx, r.group.ID, r.lang)
	in, err := input.ParseNewEvent(r.Args, c.Zone, now)
	if err != nil {
		return err
	}
	if twin, ok := b.sameEvening(ctx, r.group.ID, in.Title, in.Start, c); ok && !r.again {
		// The same /newevent sent twice would quietly make two meetups.
		if err := b.dir.SetPending(ctx, r.update, r.from.ID, r.Pending()); err != nil {
			return err
		}
		b.replyButtons(r, r.T(text.DuplicateAsk, view.ShortTime(c, twin.Start), twin.ID, view.Esc(twin.Title)), [][]meetupbot.Button{{
			{Text: r.T(text.BtnCreateAnyway), Data: input.AgainData(r.group.ID, true)},
			{Text: r.T(text.BtnDontCreate), Data: input.AgainData(r.group.ID, false)},
		}})
		return nil
	}
	ev, err := b.meetups.CreateEvent(ctx, r.update, meetupbot.Event{
		ChatID: r.group.ID, Title: in.Title, Venue: in.Venue, Start: in.Start, Capacity: in.Capacity,
		CreatedBy: r.from.ID, CreatedAt: now, PlannedAt: now, AnnounceBefore: b.cfg.AnnounceBefore,
	})
	if err != nil {
		return err
	}
	group, _ := b.dir.Chat(ctx, r.group.ID)
	b.reply(r, view.Created(c, group, ev, b.cfg.AnnounceBefore, group.ReminderLeads(b.cfg.Reminders))+b.topicWarning(ctx, r))
	// After the reply, so an announcement due at once follows it.
	b.cfg.Planner.Replan()
	return nil
}

// sameEvening finds a meetup of the group on the same day with the same
// title as one about to be created.
func (b *Bot) sameEvening(ctx context.Context, groupID int64, title string, start time.Time, c view.Context) (meetupbot.Event, bool) {
	events, err := b.meetups.Events(ctx, groupID, b.clock.Now())
	if err != nil {
		return meetupbot.Event{}, false
	}
	day := start.In(c.Zone).Format(time.DateOnly)
	for _, ev := range events {
		if !ev.Cancelled && strings.EqualFold(ev.Title, title) && ev.Start.In(c.Zone).Format(time.DateOnly) == day {
			return ev, true
		}
	}
	return meetupbot.Event{}, false
}

// onAgain answers the question about a meetup that looked like a
// duplicate: yes runs the waiting /newevent once more, past the question;
// no forgets it. Only the organizer who was asked has it waiting.
func (b *Bot) onAgain(ctx context.Context, updateID int, q *tgbotapi.CallbackQuery, chat meetupbot.Chat, from meetupbot.Member, lang meetupbot.Lang, groupID int64) error {
	pending, err := b.dir.TakePending(ctx, updateID, from.ID)
	cmd := input.ParsePending(pending)
	if err != nil || cmd.Name != "newevent" {
		b.answerCallback(q.ID, text.T(lang, text.ToastOutdated), false)
		return nil
	}
	b.answerCallback(q.ID, "", false)
	ref := meetupbot.MessageRef{ChatID: chat.ID, MessageID: q.Message.MessageID}
	if groupID == 0 {
		b.out.Send(chat.ID, view.Edit(ref, text.T(lang, text.NothingCreated), nil), nil)
		return nil
	}
	group, err := b.dir.Chat(ctx, groupID)
	if err != nil || !group.IsGroup() {
		return nil
	}
	b.out.Send(chat.ID, view.Edit(ref, view.Esc(q.Message.Text), nil), nil)
	r := &request{update: updateID, chat: chat, from: from, lang: b.chatLang(ctx, chat, from), group: group, again: true, Command: cmd}
	return b.runCommand(ctx, r)
}

func (b *Bot) cmdEditEvent(ctx context.Context, r *request) error {
	in, err := input.ParseEdit(r.Args)
	if err != nil {
		return err
	}
	c := b.context(ctx, r.group.ID, r.lang)
	if in.Field == input.EditTalks && in.Value == "" {
		ev, err := b.meetups.Event(ctx, in.EventID)
		if err != nil {
			return err
		}
		if ev.ChatID != r.group.ID {
			return view.ErrOtherGroup
		}
		b.reply(r, view.RunningOrder(c, ev))
		return nil
	}
	var warning string
	var announceNow, alreadyAnnounced bool
	var before meetupbot.Event
	// The notice's due time before the edit: Notice is a pointer, shared
	// with before.
	var dueBefore time.Time
	_, notify := b.notify(ctx, r.group.ID)
	group := b.groupContext(ctx, r.group.ID)
	change, err := b.changeEvent(ctx, r, in.EventID, func(ev *meetupbot.Event, now time.Time) error {
		before = *ev
		if ev.Notice != nil {
			dueBefore = ev.Notice.Due
		}
		if err := applyEdit(c, ev, in, now, &warning); err != nil {
			return err
		}
		if lead, _ := input.ParseAnnounceLead(in.Value); in.Field == input.EditAnnounce && lead.Now {
			alreadyAnnounced = ev.Announced
			announceNow = !ev.Announced
			ev.Announced = true
		}
		return nil
	}, func(change meetupbot.EventChange) []meetupbot.Outgoing {
		outs := notify(change)
		if announceNow {
			// The announcement commits with the change that asked for it.
			outs = append(outs, view.Announcement(group, change.Event))
		}
		return outs
	})
	if err != nil {
		return err
	}
	reply := view.Edited(c, in.Field, before, change.Event) + warning
	if in.Field == input.EditTalks {
		reply = view.RunningOrder(c, change.Event)
	}
	if n := change.Event.Notice; n != nil && !n.Due.Equal(dueBefore) {
		reply += "\n" + r.T(text.MembersToldLater, view.ShortTime(c, n.Due))
	}
	if in.Field == input.EditAnnounce {
		reply += "\n" + view.AnnouncePlan(c, change.Event, b.cfg.AnnounceBefore)
		if alreadyAnnounced {
			reply = r.T(text.AlreadyAnnounced)
		}
	}
	b.reply(r, reply)
	b.cfg.Planner.Replan()
	b.refreshCards(change.Event)
	b.sendStored(ctx)
	return nil
}

// changeEvent applies an organizer's change to a meetup of the group (the
// numbered one, or the next), refusing cancelled and started meetups, and
// commits it with the messages notify renders for it. The checks run inside
// the change's transaction, so they see what is changed.
func (b *Bot) changeEvent(ctx context.Context, r *request, id int64, edit func(ev *meetupbot.Event, now time.Time) error, notify meetupbot.Notify) (meetupbot.EventChange, error) {
	if id == 0 {
		next, err := b.nextEvent(ctx, r.group.ID)
		if err != nil {
			return meetupbot.EventChange{}, err
		}
		id = next.ID
	}
	// The group as stored: its quiet hours time the offers a change makes.
	group, err := b.dir.Chat(ctx, r.group.ID)
	if err != nil {
		return meetupbot.EventChange{}, err
	}
	now := b.clock.Now()
	return b.meetups.EditEvent(ctx, r.update, id, now, func(ev *meetupbot.Event) error {
		if ev.ChatID != r.group.ID {
			return view.ErrOtherGroup
		}
		if err := ev.Open(now); err != nil {
			return err
		}
		return edit(ev, now)
	}, b.nightOf(group), notify)
}

// applyEdit changes one field of a meetup as /editevent asks.
func applyEdit(c view.Context, ev *meetupbot.Event, in input.Edit, now time.Time, warning *string) error {
	local := ev.Start.In(c.Zone)
	var start time.Time
	var err error
	switch in.Field {
	case input.EditTitle:
		ev.Title, err = input.CheckText(text.FieldTitle, in.Value, meetupbot.MaxTitleLen)
	case input.EditVenue:
		ev.Venue, err = input.CheckText(text.FieldVenue, in.Value, meetupbot.MaxVenueLen)
	case input.EditDescription:
		if in.Value == "-" {
			ev.Description = ""
			return nil
		}
		ev.Description, err = input.CheckText(text.FieldDescription, in.Value, meetupbot.MaxDescriptionLen)
	case input.EditDate:
		// The new day at the meetup's time, read as /newevent reads it.
		start, err = input.ParseWhen(in.Value+" "+local.Format("15:04"), c.Zone, now)
	case input.EditTime:
		start, err = input.ParseWhen(local.Format("2006-01-02")+" "+in.Value, c.Zone, now)
	case input.EditCapacity:
		ev.Capacity, err = input.ParseCapacity(in.Value)
		if err == nil && !ev.Unlimited() && ev.Tally.Seats() > ev.Capacity {
			*warning = "\n" + c.T(text.Overbooked, ev.Tally.Seats())
		}
	case input.EditTalks:
		var order []meetupbot.Slot
		if order, err = input.ParseRunningOrder(in.Value, len(ev.Speakers)); err == nil {
			err = ev.Reorder(order)
		}
	case input.EditAnnounce:
		var lead input.AnnounceLead
		if lead, err = input.ParseAnnounceLead(in.Value); err == nil {
			ev.AnnounceNever = lead.Never
			if lead.Before > 0 {
				ev.AnnounceBefore = lead.Before
			}
		}
	}
	if err == nil && !start.IsZero() {
		ev.Reschedule(start, now)
	}
	return err
}

func (b *Bot) cmdCancelEvent(ctx context.Context, r *request) error {
	idText, reason, _ := strings.Cut(r.Args, " ")
	id, err := input.ParseEventArg(idText)
	if err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason != "" {
		if reason, err = input.CheckText(text.FieldReason, reason, meetupbot.MaxDescriptionLen); err != nil {
			return err
		}
	}
	_, notify := b.notify(ctx, r.group.ID)
	change, err := b.changeEvent(ctx, r, id, func(ev *meetupbot.Event, _ time.Time) error {
		ev.Cancelled, ev.CancelReason = true, reason
		return nil
	}, notify)
	if err != nil {
		return err
	}
	ev := change.Event
	b.cfg.Planner.Replan()
	b.refreshCards(ev)
	b.sendStored(ctx)
	if r.private() {
		b.reply(r, r.T(text.CancelledDone, ev.ID, view.Esc(ev.Title)))
	}
	return nil
}

func (b *Bot) cmdAddSpeaker(ctx context.Context, r *request) error {
	in, err := input.ParseSpeaker(r.Args)
	if err != nil {
		return err
	}
	change, err := b.changeEvent(ctx, r, in.EventID, func(ev *meetupbot.Event, _ time.Time) error {
		return ev.AddSpeaker(in.Speaker)
	}, nil)
	if err != nil {
		return err
	}
	b.reply(r, r.T(text.SpeakerAdded, view.Esc(in.Speaker.Name), len(change.Event.Speakers), change.Event.ID, view.Esc(change.Event.Title)))
	b.refreshCards(change.Event)
	return nil
}

func (b *Bot) cmdRemoveSpeaker(ctx context.Context, r *request) error {
	fields := strings.Fields(r.Args)
	if len(fields) != 2 {
		return input.Bad(text.RemoveSpeakerParts)
	}
	id, ok := input.ParseEventRef(fields[0])
	if !ok {
		return input.Bad(text.BadEventRef, fields[0])
	}
	n, ok := input.ParseEventRef(fields[1])
	if !ok {
		return input.Bad(text.BadSpeakerNumber, fields[1])
	}
	var removed meetupbot.Speaker
	change, err := b.changeEvent(ctx, r, id, func(ev *meetupbot.Event, _ time.Time) error {
		var err error
		removed, err = ev.RemoveSpeaker(int(min(n, int64(meetupbot.MaxSpeakers+1))))
		return err
	}, nil)
	if err != nil {
		return err
	}
	b.reply(r, r.T(text.SpeakerRemoved, view.Esc(removed.Name), change.Event.ID, view.Esc(change.Event.Title)))
	b.refreshCards(change.Event)
	return nil
}

func (b *Bot) cmdAnnounce(ctx context.Context, r *request) error {
	ev, err := b.optionalEvent(ctx, r)
	if err != nil {
		return err
	}
	if err := b.announce(ctx, r.update, ev, true); err != nil {
		return err
	}
	if warning := b.topicWarning(ctx, r); warning != "" {
		b.reply(r, warning[1:])
	} else if r.private() {
		b.reply(r, r.T(text.Announced, ev.ID, view.Esc(r.group.Title)))
	}
	return nil
}

// announce posts a meetup's announcement in its group; again posts it even
// if it was announced before. The new announcement replaces the old one,
// which is deleted once the new one is sent, so only one copy asks for
// answers.
func (b *Bot) announce(ctx context.Context, updateID int, ev meetupbot.Event, again bool) error {
	out := view.Announcement(b.groupContext(ctx, ev.ChatID), ev)
	if _, err := b.jobs.QueueAnnouncement(ctx, updateID, ev.ID, out, again, b.clock.Now()); err != nil {
		return err
	}
	b.sendStored(ctx)
	return nil
}

func (b *Bot) cmdPost(ctx context.Context, r *request) error {
	body, err := input.CheckText(text.FieldText, r.Args, input.MaxPostLen)
	if err != nil {
		return err
	}
	// The organizer's bold, links and code stay. A /post that waited for
	// its group to be picked kept only its text.
	post := view.Esc(body)
	if r.msg != nil {
		post = view.Formatted(input.CommandBody(r.msg))
	}
	// Stored like every post to the group, so one refused by a closed topic
	// waits for the topic to be set again.
	group := b.context(ctx, r.group.ID, r.lang)
	if err := b.sent.Queue(ctx, r.update, meetupbot.Outgoing{ChatID: r.group.ID, Thread: group.Topic, Text: post}); err != nil {
		return err
	}
	b.sendStored(ctx)
	if r.private() {
		b.reply(r, r.T(text.Posted, view.Esc(r.group.Title))+b.topicWarning(ctx, r))
		return nil
	}
	// Only the bot's post should remain; this fails harmlessly where the bot
	// may not delete messages.
	b.out.Send(r.chat.ID, view.Delete(meetupbot.MessageRef{ChatID: r.chat.ID, MessageID: r.msg.MessageID}), nil)
	return nil
}

// cmdReserve holds a place for the organizer who asks, whatever the
// capacity, or gives it back: one who must be there (the host, the one at
// the door) need not compete for a seat nor confirm it.
func (b *Bot) cmdReserve(ctx context.Context, r *request) error {
	in, err := input.ParseReserve(r.Args)
	if err != nil {
		return err
	}
	id := in.EventID
	if id == 0 {
		next, err := b.nextEvent(ctx, r.group.ID)
		if err != nil {
			return err
		}
		id = next.ID
	}
	ev, err := b.meetups.Event(ctx, id)
	if err != nil {
		return err
	}
	if ev.ChatID != r.group.ID {
		return view.ErrOtherGroup
	}
	night, notify := b.notify(ctx, r.group.ID)
	res, err := b.meetups.Reserve(ctx, r.update, id, r.from.ID, in.Off, b.clock.Now(), night, notify)
	if err != nil {
		return err
	}
	c := b.context(ctx, r.group.ID, r.lang)
	if in.Off {
		b.reply(r, r.T(text.ReservedOff, view.Esc(res.Event.Title)))
	} else {
		b.reply(r, r.T(text.ReservedPlace, view.Esc(res.Event.Title), view.WhenShort(c, res.Event), res.Event.ID))
	}
	b.cfg.Planner.Replan()
	b.refreshCards(res.Event)
	b.sendStored(ctx)
	return nil
}

package bot

import (
	"context"
	"errors"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/input"
	"github.com/meetupbot/meetupbot/bot/text"
	"github.com/meetupbot/meetupbot/bot/view"
)

// A meetup can be created by answering a few questions in the private
// chat, one message or one button each, instead of writing the one-line
// form. The draft is stored after every answer, so neither a restart nor
// a second organizer doing the same at once gets in the way.

// draftStore keeps guided creations between a member's messages.
type draftStore interface {
	Draft(ctx context.Context, userID int64) (meetupbot.Draft, error)
	SaveDraft(ctx context.Context, updateID int, userID int64, d meetupbot.Draft) (meetupbot.Draft, error)
	SetDraftPrompt(ctx context.Context, userID, seq int64, step meetupbot.DraftStep, messageID int) error
	DropDraft(ctx context.Context, updateID int, userID int64) (meetupbot.Draft, error)
	CreateFromDraft(ctx context.Context, updateID int, userID, seq int64, ev meetupbot.Event) (meetupbot.Event, error)
}

// startDraft begins a guided exchange for r.group in the member's private
// chat (a meetup, or a talk proposal), or goes on with the one begun for it.
func (b *Bot) startDraft(ctx context.Context, r *request, kind meetupbot.DraftKind) error {
	if r.anonymous {
		b.reply(r, r.T(text.DraftAnonymous)+"\n\n"+r.T(text.UsageNewEvent))
		return nil
	}
	start, inGroup, payload := text.DraftStart, text.DraftInGroup, input.DraftPayload
	if kind == meetupbot.DraftTalk {
		start, inGroup, payload = text.DraftProposeStart, text.ProposeInGroup, input.ProposePayload
	}
	now := b.clock.Now()
	lang := r.from.PrivateLang(b.cfg.Language)
	d, err := b.drafts.Draft(ctx, r.from.ID)
	if err != nil {
		return err
	}
	var intro string
	if d.Active(now) && d.GroupID == r.group.ID && d.Kind == kind {
		intro = text.T(lang, start, view.Esc(r.group.Title))
		if kind == meetupbot.DraftEvent {
			intro = text.T(lang, text.DraftResumed, view.Esc(r.group.Title))
		}
	} else {
		// A comment that was never written is no loss worth a word.
		if d.Active(now) && d.Kind != meetupbot.DraftComment {
			other, _ := b.dir.Chat(ctx, d.GroupID)
			intro = text.T(lang, text.DraftReplaced, view.Esc(other.Title)) + "\n\n"
		}
		c := b.context(ctx, r.group.ID, lang)
		d = meetupbot.Draft{Kind: kind, GroupID: r.group.ID, Step: meetupbot.StepWhen, Event: meetupbot.Event{ChatID: r.group.ID}, UpdatedAt: now}
		if kind == meetupbot.DraftTalk {
			d.Step, d.Event = meetupbot.StepTopic, meetupbot.Event{}
		}
		d.Offers = b.draftOffers(ctx, c, d)
		if d, err = b.drafts.SaveDraft(ctx, r.update, r.from.ID, d); err != nil {
			return err
		}
		intro += text.T(lang, start, view.Esc(r.group.Title))
	}
	if !r.private() {
		// The questions would fill the group; it sees one line, and the
		// link opens the private chat for those who never started the bot.
		link := input.StartLink(b.cfg.Self.UserName, payload)
		b.replyButtons(r, r.T(inGroup), [][]meetupbot.Button{{{Text: r.T(text.BtnContinuePrivately), URL: link}}})
		if !r.from.Started {
			return nil
		}
	}
	b.ask(ctx, r.from.ID, lang, d, intro)
	return nil
}

// resumeDraft asks the member's current question again, as when they
// open the private chat from the group's link. It reports whether a draft
// was waiting; a comment on a past meetup is not worth interrupting a
// /start for.
func (b *Bot) resumeDraft(ctx context.Context, r *request) bool {
	d, err := b.drafts.Draft(ctx, r.from.ID)
	if err != nil || !d.Active(b.clock.Now()) || d.Kind == meetupbot.DraftComment {
		return false
	}
	group, _ := b.dir.Chat(ctx, d.GroupID)
	b.dropPrompt(r.from.ID, d)
	intro := text.DraftResumed
	if d.Kind == meetupbot.DraftTalk {
		intro = text.DraftProposeStart
	}
	b.ask(ctx, r.from.ID, r.lang, d, r.T(intro, view.Esc(group.Title)))
	return true
}

// draftOffers are the common answers to the draft's current question,
// taken from the group's meetups so far.
func (b *Bot) draftOffers(ctx context.Context, c view.Context, d meetupbot.Draft) []meetupbot.Offer {
	if d.Kind == meetupbot.DraftTalk {
		return view.DraftOffers(c, d.Step, nil, nil)
	}
	events, err := b.meetups.Events(ctx, d.GroupID, time.Time{})
	if err != nil {
		b.log.Error("list meetups for suggestions", "group", d.GroupID, "error", err)
	}
	held := events[:0]
	for _, ev := range events {
		if !ev.Cancelled {
			held = append(held, ev)
		}
	}
	var last *meetupbot.Event
	if len(held) > 0 {
		last = &held[len(held)-1]
	}
	return view.DraftOffers(c, d.Step, meetupbot.SuggestStarts(held, b.clock.Now(), c.Zone), last)
}

// ask sends the draft's current question, or its preview, to the member,
// after intro, and remembers the message so its buttons can go once it is
// answered.
func (b *Bot) ask(ctx context.Context, userID int64, lang meetupbot.Lang, d meetupbot.Draft, intro string) {
	c := b.context(ctx, d.GroupID, lang)
	var body string
	var buttons [][]meetupbot.Button
	if d.Step == meetupbot.StepPreview {
		group, _ := b.dir.Chat(ctx, d.GroupID)
		var twin *meetupbot.Event
		if ev, ok := b.sameEvening(ctx, d.GroupID, d.Event.Title, d.Event.Start, c); ok {
			twin = &ev
		}
		body, buttons = view.DraftPreview(c, b.groupContext(ctx, d.GroupID), group, d, twin)
	} else {
		body, buttons = view.DraftQuestion(c, d)
	}
	if intro != "" {
		body = intro + "\n\n" + body
	}
	b.out.Send(userID, view.Message(userID, body, 0, buttons), func(ctx context.Context, m tgbotapi.Message) {
		if len(buttons) == 0 {
			return
		}
		if err := b.drafts.SetDraftPrompt(ctx, userID, d.Seq, d.Step, m.MessageID); err != nil {
			b.log.Error("remember the question of a draft", "member", userID, "error", err)
		}
	})
}

// dropPrompt removes the buttons of the draft's last question: once it is
// answered by typing, or asked again below, they would only mislead.
func (b *Bot) dropPrompt(userID int64, d meetupbot.Draft) {
	if d.Prompt != 0 {
		b.out.Send(userID, view.EditButtons(meetupbot.MessageRef{ChatID: userID, MessageID: d.Prompt}, nil), nil)
	}
}

// onDraftText takes a private message that is not a command as the answer
// to the member's draft, and reports whether there was a draft to answer.
func (b *Bot) onDraftText(ctx context.Context, r *request, answer string) bool {
	d, err := b.drafts.Draft(ctx, r.from.ID)
	if err != nil {
		b.log.Error("read draft", "member", r.from.ID, "error", err)
		return false
	}
	if d.Seq == 0 {
		return false
	}
	if !d.Active(b.clock.Now()) {
		// Nobody remembers what a day-old question asked; this message
		// was meant as something else.
		if _, err := b.drafts.DropDraft(ctx, r.update, r.from.ID); err != nil {
			b.log.Error("drop expired draft", "member", r.from.ID, "error", err)
		}
		group, _ := b.dir.Chat(ctx, d.GroupID)
		b.dropPrompt(r.from.ID, d)
		b.reply(r, r.T(text.DraftExpired, view.Esc(group.Title)))
		return true
	}
	if d.Kind == meetupbot.DraftComment {
		b.commentOn(ctx, r, d, answer)
		return true
	}
	b.dropPrompt(r.from.ID, d)
	if d.Step == meetupbot.StepPreview {
		// The preview waits for a button; show it again where it is seen.
		b.ask(ctx, r.from.ID, r.lang, d, "")
		return true
	}
	c := b.context(ctx, d.GroupID, r.lang)
	next, err := b.answerDraft(ctx, c, d, answer)
	if err != nil {
		message, _, known := view.Problem(c, err)
		if !known {
			b.log.Error("answer draft", "member", r.from.ID, "error", err)
		}
		b.ask(ctx, r.from.ID, r.lang, d, message)
		return true
	}
	if next.Kind == meetupbot.DraftTalk && next.Step == meetupbot.StepPreview {
		b.submitProposal(ctx, r, next)
		return true
	}
	if next, err = b.drafts.SaveDraft(ctx, r.update, r.from.ID, next); err != nil {
		b.replyProblem(ctx, r, text.UsageNewEvent, err)
		return true
	}
	b.ask(ctx, r.from.ID, r.lang, next, "")
	return true
}

// answerDraft reads an answer to the draft's current question as the
// one-line /newevent reads the same part, and moves the draft on.
func (b *Bot) answerDraft(ctx context.Context, c view.Context, d meetupbot.Draft, answer string) (meetupbot.Draft, error) {
	now := b.clock.Now()
	ev := &d.Event
	var err error
	switch d.Step {
	case meetupbot.StepWhen:
		ev.Start, err = input.ParseWhen(answer, c.Zone, now)
	case meetupbot.StepTitle:
		ev.Title, err = input.CheckText(text.FieldTitle, answer, meetupbot.MaxTitleLen)
	case meetupbot.StepVenue:
		ev.Venue, err = input.CheckText(text.FieldVenue, answer, meetupbot.MaxVenueLen)
	case meetupbot.StepPlaces:
		ev.Capacity, err = input.ParseCapacity(answer)
	case meetupbot.StepTopic:
		d.Talk.Title, err = input.CheckText(text.FieldTopicTitle, answer, meetupbot.MaxTalkTitleLen)
	case meetupbot.StepAbstract:
		d.Talk.Abstract, err = input.CheckText(text.FieldAbstract, answer, meetupbot.MaxAbstractLen)
	case meetupbot.StepLink:
		d.Talk.Link, err = input.ParseOptionalLink(answer)
	}
	if err != nil {
		return d, err
	}
	d.Answered(d.Step)
	d.UpdatedAt = now
	d.Offers = b.draftOffers(ctx, c, d)
	return d, nil
}

// onDraftButton handles the buttons of a guided creation: an offered
// answer, or create, change, back and stop on the preview. A button of an
// earlier question or draft only loses its buttons.
func (b *Bot) onDraftButton(ctx context.Context, updateID int, q *tgbotapi.CallbackQuery, chat meetupbot.Chat, from meetupbot.Member, lang meetupbot.Lang, choice input.DraftChoice) {
	ref := meetupbot.MessageRef{ChatID: chat.ID, MessageID: q.Message.MessageID}
	outdated := func() {
		b.answerCallback(q.ID, text.T(lang, text.ToastOutdated), false)
		b.out.Send(chat.ID, view.EditButtons(ref, nil), nil)
	}
	now := b.clock.Now()
	d, err := b.drafts.Draft(ctx, from.ID)
	onPreview := choice.Step == meetupbot.StepPreview || choice.Action == input.DraftRevise
	switch {
	case err != nil || chat.ID != from.ID || !d.Active(now) || d.Seq != choice.Seq:
		outdated()
		return
	case onPreview && d.Step != meetupbot.StepPreview, !onPreview && d.Step != choice.Step:
		outdated()
		return
	}
	c := b.context(ctx, d.GroupID, lang)
	switch choice.Action {
	case input.DraftOffer:
		if choice.Offer >= len(d.Offers) {
			outdated()
			return
		}
		offer := d.Offers[choice.Offer]
		next, err := b.answerDraft(ctx, c, d, offer.Value)
		if err != nil {
			// An offered date may have passed while the question waited.
			b.answerCallback(q.ID, b.problemToast(c, err), true)
			return
		}
		if next.Kind == meetupbot.DraftTalk && next.Step == meetupbot.StepPreview {
			b.answerCallback(q.ID, "", false)
			b.out.Send(chat.ID, view.Edit(ref, view.DraftAnswered(c, d.Step, offer.Label), nil), nil)
			b.submitProposal(ctx, &request{update: updateID, chat: chat, from: from, lang: lang}, next)
			return
		}
		if next, err = b.drafts.SaveDraft(ctx, updateID, from.ID, next); err != nil {
			b.answerCallback(q.ID, b.problemToast(c, err), true)
			return
		}
		b.answerCallback(q.ID, "", false)
		b.out.Send(chat.ID, view.Edit(ref, view.DraftAnswered(c, d.Step, offer.Label), nil), nil)
		b.ask(ctx, from.ID, lang, next, "")
	case input.DraftCreate:
		b.createFromDraft(ctx, updateID, q, ref, from, c, d)
	case input.DraftChange:
		b.answerCallback(q.ID, "", false)
		b.out.Send(chat.ID, view.EditButtons(ref, view.DraftChanges(c, d)), nil)
	case input.DraftBack:
		b.answerCallback(q.ID, "", false)
		group, _ := b.dir.Chat(ctx, d.GroupID)
		_, buttons := view.DraftPreview(c, c, group, d, nil)
		b.out.Send(chat.ID, view.EditButtons(ref, buttons), nil)
	case input.DraftRevise:
		d.Step, d.Revising, d.UpdatedAt = choice.Step, true, now
		d.Offers = b.draftOffers(ctx, c, d)
		if d, err = b.drafts.SaveDraft(ctx, updateID, from.ID, d); err != nil {
			b.answerCallback(q.ID, b.problemToast(c, err), true)
			return
		}
		b.answerCallback(q.ID, "", false)
		b.out.Send(chat.ID, view.EditButtons(ref, nil), nil)
		b.ask(ctx, from.ID, lang, d, "")
	case input.DraftStop:
		if _, err := b.drafts.DropDraft(ctx, updateID, from.ID); err != nil {
			b.answerCallback(q.ID, b.problemToast(c, err), true)
			return
		}
		b.answerCallback(q.ID, "", false)
		b.out.Send(chat.ID, view.Edit(ref, c.T(text.DraftCancelled), nil), nil)
	}
}

// createFromDraft creates the meetup a preview shows, if its maker still
// organizes the group and its time is still ahead, and turns the preview
// into the confirmation a one-line /newevent gets.
func (b *Bot) createFromDraft(ctx context.Context, updateID int, q *tgbotapi.CallbackQuery, ref meetupbot.MessageRef, from meetupbot.Member, c view.Context, d meetupbot.Draft) {
	now := b.clock.Now()
	group, err := b.dir.Chat(ctx, d.GroupID)
	if err != nil || !group.IsGroup() || group.Removed || !b.isOrganizer(group.ID, from.ID) {
		if _, err := b.drafts.DropDraft(ctx, updateID, from.ID); err != nil {
			b.log.Error("drop draft", "member", from.ID, "error", err)
		}
		b.answerCallback(q.ID, "", false)
		b.out.Send(ref.ChatID, view.Edit(ref, c.T(text.DraftNoLonger, view.Esc(group.Title)), nil), nil)
		return
	}
	if _, late := input.CheckStart(d.Event.Start, now); late != nil {
		// The preview waited past the start: ask for the time again.
		d.Step, d.Revising, d.UpdatedAt = meetupbot.StepWhen, true, now
		d.Offers = b.draftOffers(ctx, c, d)
		if d, err = b.drafts.SaveDraft(ctx, updateID, from.ID, d); err != nil {
			b.answerCallback(q.ID, b.problemToast(c, err), true)
			return
		}
		b.answerCallback(q.ID, b.problemToast(c, late), true)
		b.out.Send(ref.ChatID, view.EditButtons(ref, nil), nil)
		b.ask(ctx, from.ID, c.Lang, d, "")
		return
	}
	ev := d.Event
	ev.ChatID, ev.CreatedBy, ev.CreatedAt, ev.PlannedAt, ev.AnnounceBefore = group.ID, from.ID, now, now, b.cfg.AnnounceBefore
	ev, err = b.drafts.CreateFromDraft(ctx, updateID, from.ID, d.Seq, ev)
	switch {
	case errors.Is(err, meetupbot.ErrDraftGone):
		b.answerCallback(q.ID, c.T(text.ToastOutdated), false)
		return
	case err != nil:
		b.answerCallback(q.ID, b.problemToast(c, err), true)
		return
	}
	b.answerCallback(q.ID, "", false)
	b.out.Send(ref.ChatID, view.Edit(ref, view.Created(c, group, ev, b.cfg.AnnounceBefore, group.ReminderLeads(b.cfg.Reminders)), nil), nil)
	b.cfg.Planner.Replan()
}

func (b *Bot) cmdCancel(ctx context.Context, r *request) error {
	d, err := b.drafts.DropDraft(ctx, r.update, r.from.ID)
	if err != nil {
		return err
	}
	if d.Seq == 0 {
		// In a group, /cancel may well be meant for another bot.
		if r.private() {
			b.reply(r, r.T(text.NothingToCancel))
		}
		return nil
	}
	b.dropPrompt(r.from.ID, d)
	b.reply(r, r.T(text.DraftCancelled))
	return nil
}

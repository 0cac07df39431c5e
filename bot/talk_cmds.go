package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/input"
	"github.com/meetupbot/meetupbot/bot/text"
	"github.com/meetupbot/meetupbot/bot/view"
)

// talkStore keeps the proposals for talks.
type talkStore interface {
	ProposeTalk(ctx context.Context, updateID int, t meetupbot.Talk, draftSeq int64) (meetupbot.Talk, error)
	Talk(ctx context.Context, id int64) (meetupbot.Talk, error)
	Talks(ctx context.Context, groupID int64) ([]meetupbot.Talk, error)
	AddTalkCard(ctx context.Context, id int64, ref meetupbot.MessageRef) error
	DecideTalk(ctx context.Context, updateID int, id, eventID int64, now time.Time, decide func(*meetupbot.Talk, *meetupbot.Event) error, notify func(meetupbot.Talk, meetupbot.Event) []meetupbot.Outgoing) (meetupbot.Talk, meetupbot.Event, error)
	StartTalkPoll(ctx context.Context, groupID int64, poll meetupbot.TalkPoll) error
	RecordTalkPoll(ctx context.Context, updateID int, pollID string, votes []int, closed bool) (bool, error)
	AnswerSpeaker(ctx context.Context, updateID int, eventID, talkID, userID int64, ok bool, now time.Time, notify func(meetupbot.Talk, meetupbot.Event) []meetupbot.Outgoing) (meetupbot.Talk, meetupbot.Event, error)
}

// cmdPropose takes a member's proposal for a talk: in one line, or, sent
// alone, by three questions in the private chat.
func (b *Bot) cmdPropose(ctx context.Context, r *request) error {
	if r.Args == "" || !r.private() {
		return b.startDraft(ctx, r, meetupbot.DraftTalk)
	}
	p, err := input.ParsePropose(r.Args)
	if err != nil {
		return err
	}
	b.propose(ctx, r, meetupbot.Talk{Title: p.Title, Abstract: p.Abstract, Link: p.Link}, 0)
	return nil
}

// submitProposal proposes the talk a draft's answers describe.
func (b *Bot) submitProposal(ctx context.Context, r *request, d meetupbot.Draft) {
	group, err := b.dir.Chat(ctx, d.GroupID)
	if err != nil {
		b.replyProblem(ctx, r, text.UsagePropose, err)
		return
	}
	r.group = group
	b.propose(ctx, r, d.Talk, d.Seq)
}

// propose stores a proposal, gives its proposer a receipt and every
// organizer of the group who started the bot a card to decide on.
func (b *Bot) propose(ctx context.Context, r *request, t meetupbot.Talk, draftSeq int64) {
	t.GroupID, t.ProposerID, t.CreatedAt, t.State = r.group.ID, r.from.ID, b.clock.Now(), meetupbot.TalkNew
	t, err := b.talks.ProposeTalk(ctx, r.update, t, draftSeq)
	switch {
	case errors.Is(err, meetupbot.ErrTooManyProposals):
		if draftSeq != 0 {
			// Asking the last question again would only meet the limit again.
			if _, err := b.drafts.DropDraft(ctx, r.update, r.from.ID); err != nil {
				b.log.Error("drop draft", "member", r.from.ID, "error", err)
			}
		}
		b.reply(r, r.T(text.TooManyProposals, meetupbot.MaxOpenProposals))
		return
	case errors.Is(err, meetupbot.ErrDraftGone):
		return
	case err != nil:
		b.replyProblem(ctx, r, text.UsagePropose, err)
		return
	}
	b.reply(r, r.T(text.ProposalReceived, view.TalkNumber(t.ID), view.Esc(t.Title)))
	upcoming := b.upcoming(ctx, t.GroupID)
	for _, organizer := range b.reachableOrganizers(ctx, t.GroupID) {
		id := organizer.ID
		c := b.context(ctx, t.GroupID, organizer.PrivateLang(b.cfg.Language))
		body, buttons := view.ProposalCard(c, r.group, t, r.from, upcoming)
		b.out.Send(id, view.Message(id, body, 0, buttons), func(ctx context.Context, m tgbotapi.Message) {
			if err := b.talks.AddTalkCard(ctx, t.ID, meetupbot.MessageRef{ChatID: id, MessageID: m.MessageID}); err != nil {
				b.log.Error("remember a proposal's card", "talk", t.ID, "error", err)
			}
		})
	}
}

// upcoming lists a group's meetups ahead that are not cancelled.
func (b *Bot) upcoming(ctx context.Context, groupID int64) []meetupbot.Event {
	events, err := b.meetups.Events(ctx, groupID, b.clock.Now())
	if err != nil {
		b.log.Error("list meetups", "group", groupID, "error", err)
	}
	var open []meetupbot.Event
	for _, ev := range events {
		if !ev.Cancelled {
			open = append(open, ev)
		}
	}
	return open
}

// onTalkButton applies an organizer's decision on a proposal. The first
// decision wins; every organizer's card then says who decided what, and
// the proposer is told.
func (b *Bot) onTalkButton(ctx context.Context, updateID int, q *tgbotapi.CallbackQuery, chat meetupbot.Chat, from meetupbot.Member, lang meetupbot.Lang, d input.TalkDecision) {
	t, err := b.talks.Talk(ctx, d.TalkID)
	if err != nil || chat.ID != from.ID || !b.isOrganizer(t.GroupID, from.ID) {
		b.answerCallback(q.ID, text.T(lang, text.ToastOutdated), false)
		return
	}
	c := b.context(ctx, t.GroupID, lang)
	proposer, _ := b.dir.Member(ctx, t.ProposerID)
	now := b.clock.Now()
	group := b.groupContext(ctx, t.GroupID)
	t, ev, err := b.talks.DecideTalk(ctx, updateID, t.ID, d.EventID, now, func(t *meetupbot.Talk, ev *meetupbot.Event) error {
		switch d.Action {
		case input.TalkAccept:
			if t.State != meetupbot.TalkNew {
				return meetupbot.ErrAlreadyDecided
			}
			return t.Schedule(ev, proposer.DisplayName(), from.ID, now)
		case input.TalkSchedule:
			if t.State != meetupbot.TalkReserve {
				return meetupbot.ErrAlreadyDecided
			}
			return t.Schedule(ev, proposer.DisplayName(), from.ID, now)
		case input.TalkToReserve:
			return t.Decide(meetupbot.TalkReserve, from.ID, now)
		}
		return t.Decide(meetupbot.TalkDeclined, from.ID, now)
	}, func(t meetupbot.Talk, ev meetupbot.Event) []meetupbot.Outgoing {
		if !proposer.Started {
			return nil
		}
		return []meetupbot.Outgoing{view.ProposerNotice(group.In(proposer.PrivateLang(b.cfg.Language)), t, ev, proposer.ID)}
	})
	if err != nil {
		b.answerCallback(q.ID, b.problemToast(c, err), true)
		return
	}
	b.answerCallback(q.ID, "", false)
	groupChat, _ := b.dir.Chat(ctx, t.GroupID)
	for _, card := range t.Cards {
		organizer, _ := b.dir.Member(ctx, card.ChatID)
		oc := b.context(ctx, t.GroupID, organizer.PrivateLang(b.cfg.Language))
		b.out.Send(card.ChatID, view.Edit(card, view.DecidedCard(oc, groupChat, t, proposer, from, ev), nil), nil)
	}
	if d.Action == input.TalkSchedule {
		// Pressed on /talks: the list shows the talk scheduled now.
		body, buttons := b.talkList(ctx, t.GroupID, c, true)
		b.out.Send(chat.ID, view.Edit(meetupbot.MessageRef{ChatID: chat.ID, MessageID: q.Message.MessageID}, body, buttons), nil)
	}
	if t.State == meetupbot.TalkScheduled {
		b.refreshCards(ev)
	}
	b.sendStored(ctx)
}

// cmdTalks lists the group's talks: all of them, with their proposers and
// buttons to schedule reserve talks, for organizers privately; the reserve
// and what is scheduled for everybody else.
func (b *Bot) cmdTalks(ctx context.Context, r *request) error {
	c := b.context(ctx, r.group.ID, r.lang)
	body, buttons := b.talkList(ctx, r.group.ID, c, r.private() && b.organizes(r))
	b.replyButtons(r, body, buttons)
	return nil
}

func (b *Bot) talkList(ctx context.Context, groupID int64, c view.Context, organizer bool) (string, [][]meetupbot.Button) {
	talks, err := b.talks.Talks(ctx, groupID)
	if err != nil {
		b.log.Error("list talks", "group", groupID, "error", err)
	}
	names := map[int64]string{}
	if organizer {
		for _, t := range talks {
			if _, ok := names[t.ProposerID]; !ok && t.ProposerID != 0 {
				m, _ := b.dir.Member(ctx, t.ProposerID)
				names[t.ProposerID] = m.DisplayName()
			}
		}
	}
	group, _ := b.dir.Chat(ctx, groupID)
	return view.Talks(c, group, talks, names, organizer, b.upcoming(ctx, groupID))
}

// cmdTalkPoll lets the group vote on the reserve: a native poll of up to
// ten reserve talks, or, with "close", its end. The votes rank the reserve
// in /talks.
func (b *Bot) cmdTalkPoll(ctx context.Context, r *request) error {
	group, err := b.dir.Chat(ctx, r.group.ID)
	if err != nil {
		return err
	}
	running := group.TalkPoll != nil && !group.TalkPoll.Closed
	switch {
	case input.IsClose(r.Args):
		if !running {
			b.reply(r, r.T(text.NoTalkPoll))
			return nil
		}
		return b.closeTalkPoll(ctx, r, group)
	case r.Args != "":
		return input.Bad(text.TalkPollArgs, input.Excerpt(r.Args))
	case running:
		b.reply(r, r.T(text.TalkPollRunning))
		return nil
	}
	talks, err := b.talks.Talks(ctx, group.ID)
	if err != nil {
		return err
	}
	var reserve []meetupbot.Talk
	for _, t := range talks {
		if t.State == meetupbot.TalkReserve && len(reserve) < meetupbot.MaxPollTalks {
			reserve = append(reserve, t)
		}
	}
	if len(reserve) < 2 {
		b.reply(r, r.T(text.TalkPollTooFew, len(reserve)))
		return nil
	}
	ids := make([]int64, len(reserve))
	for i, t := range reserve {
		ids[i] = t.ID
	}
	c := b.groupContext(ctx, group.ID)
	req := view.Poll(group.ID, c.T(text.TalkPollQuestion), view.TalkPollOptions(reserve)).InThread(c.Topic)
	b.out.Send(group.ID, req, func(ctx context.Context, m tgbotapi.Message) {
		if m.Poll == nil {
			return
		}
		if err := b.talks.StartTalkPoll(ctx, group.ID, meetupbot.TalkPoll{PollID: m.Poll.ID, MessageID: m.MessageID, TalkIDs: ids}); err != nil {
			b.log.Error("remember the talk poll", "group", group.ID, "error", err)
		}
	})
	if r.private() {
		b.reply(r, r.T(text.TalkPollPosted, len(reserve), view.Esc(group.Title)))
	}
	return nil
}

// closeTalkPoll stops the group's poll and stores its final votes.
func (b *Bot) closeTalkPoll(ctx context.Context, r *request, group meetupbot.Chat) error {
	resp, err := b.api.MakeRequest("stopPoll", tgbotapi.Params{
		"chat_id": strconv.FormatInt(group.ID, 10), "message_id": strconv.Itoa(group.TalkPoll.MessageID),
	})
	var poll tgbotapi.Poll
	var apiErr *tgbotapi.Error
	switch {
	case errors.As(err, &apiErr) && apiErr.Code == 400:
		// Closed or deleted in Telegram already: the votes stored stand.
		poll = tgbotapi.Poll{ID: group.TalkPoll.PollID}
	case err != nil:
		return fmt.Errorf("stop talk poll: %w", err)
	default:
		if err := json.Unmarshal(resp.Result, &poll); err != nil {
			return fmt.Errorf("read stopped poll: %w", err)
		}
	}
	if _, err := b.talks.RecordTalkPoll(ctx, r.update, group.TalkPoll.PollID, pollVotes(poll), true); err != nil {
		return err
	}
	c := b.context(ctx, group.ID, r.lang)
	body, buttons := b.talkList(ctx, group.ID, c, r.private() && b.organizes(r))
	b.replyButtons(r, r.T(text.TalkPollClosed)+"\n\n"+body, buttons)
	return nil
}

// onPoll records the votes of the group's poll as they come.
func (b *Bot) onPoll(ctx context.Context, updateID int, poll *tgbotapi.Poll) error {
	if poll.ID == "" {
		return nil
	}
	if _, err := b.talks.RecordTalkPoll(ctx, updateID, poll.ID, pollVotes(*poll), poll.IsClosed); err != nil {
		return fmt.Errorf("record poll votes: %w", err)
	}
	return nil
}

func pollVotes(poll tgbotapi.Poll) []int {
	if len(poll.Options) == 0 {
		return nil
	}
	votes := make([]int, len(poll.Options))
	for i, o := range poll.Options {
		votes[i] = o.VoterCount
	}
	return votes
}

// onSpeakerButton takes a speaker's answer to their reminder. A speaker
// who cannot come tells the organizers at once, and the talk goes back to
// the reserve.
func (b *Bot) onSpeakerButton(ctx context.Context, updateID int, q *tgbotapi.CallbackQuery, chat meetupbot.Chat, from meetupbot.Member, lang meetupbot.Lang, eventID, talkID int64, ok bool) {
	ev, err := b.meetups.Event(ctx, eventID)
	if err != nil || chat.ID != from.ID {
		b.answerCallback(q.ID, text.T(lang, text.ToastOutdated), false)
		return
	}
	group := b.groupContext(ctx, ev.ChatID)
	organizers := b.reachableOrganizers(ctx, ev.ChatID)
	_, ev, err = b.talks.AnswerSpeaker(ctx, updateID, eventID, talkID, from.ID, ok, b.clock.Now(), func(t meetupbot.Talk, ev meetupbot.Event) []meetupbot.Outgoing {
		if ok {
			return nil
		}
		outs := make([]meetupbot.Outgoing, 0, len(organizers))
		for _, o := range organizers {
			c := group.In(o.PrivateLang(b.cfg.Language))
			outs = append(outs, meetupbot.Outgoing{ChatID: o.ID, Text: c.T(text.SpeakerWithdrew, view.Esc(from.DisplayName()), view.Esc(t.Title), ev.ID, view.WhenShort(c, ev))})
		}
		return outs
	})
	c := group.In(lang)
	if err != nil {
		b.answerCallback(q.ID, b.problemToast(c, err), true)
		b.out.Send(chat.ID, view.EditButtons(meetupbot.MessageRef{ChatID: chat.ID, MessageID: q.Message.MessageID}, nil), nil)
		return
	}
	toast := c.T(text.ToastSpeakerOK)
	if !ok {
		toast = c.T(text.ToastSpeakerOut)
		b.refreshCards(ev)
	}
	b.answerCallback(q.ID, toast, false)
	b.out.Send(chat.ID, view.EditButtons(meetupbot.MessageRef{ChatID: chat.ID, MessageID: q.Message.MessageID}, nil), nil)
	b.sendStored(ctx)
}

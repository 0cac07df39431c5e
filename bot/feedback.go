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

// feedbackStore keeps what those who came thought of the talks.
type feedbackStore interface {
	AskFeedback(ctx context.Context, eventID int64, now time.Time, ask func(meetupbot.Event, []meetupbot.Attendee) []meetupbot.Outgoing) error
	Rate(ctx context.Context, updateID int, r meetupbot.Rating) (meetupbot.Event, error)
	Comment(ctx context.Context, updateID int, r meetupbot.Rating, comment string) error
	SummarizeFeedback(ctx context.Context, eventID int64, summarize func(meetupbot.Event, []meetupbot.Rating) []meetupbot.Outgoing) error
}

// askFeedback asks, the morning after, everyone who was there to rate each
// talk; with skip, the question is only marked done.
func (b *Bot) askFeedback(ctx context.Context, job meetupbot.Job, skip bool) error {
	var ask func(meetupbot.Event, []meetupbot.Attendee) []meetupbot.Outgoing
	if !skip {
		group := b.groupContext(ctx, job.Event.ChatID)
		ask = func(ev meetupbot.Event, there []meetupbot.Attendee) []meetupbot.Outgoing {
			return view.FeedbackQuestions(group, b.cfg.Language, ev, there)
		}
	}
	if err := b.feedback.AskFeedback(ctx, job.Event.ID, b.clock.Now(), ask); err != nil {
		return err
	}
	b.sendStored(ctx)
	return nil
}

// summarizeFeedback gives each speaker their ratings, a day after asking.
func (b *Bot) summarizeFeedback(ctx context.Context, job meetupbot.Job) error {
	speakers := map[int64]meetupbot.Member{}
	for _, s := range job.Event.Speakers {
		if m, err := b.dir.Member(ctx, s.MemberID); err == nil && s.MemberID != 0 {
			speakers[s.MemberID] = m
		}
	}
	group := b.groupContext(ctx, job.Event.ChatID)
	err := b.feedback.SummarizeFeedback(ctx, job.Event.ID, func(ev meetupbot.Event, ratings []meetupbot.Rating) []meetupbot.Outgoing {
		return view.FeedbackSummaries(group, ev, speakers, b.cfg.Language, ratings)
	})
	if err != nil {
		return err
	}
	b.sendStored(ctx)
	return nil
}

// onRatingButton stores a member's stars for a talk (a second tap changes
// them) and offers to add a comment by replying.
func (b *Bot) onRatingButton(ctx context.Context, updateID int, q *tgbotapi.CallbackQuery, chat meetupbot.Chat, from meetupbot.Member, lang meetupbot.Lang, r meetupbot.Rating) {
	if chat.ID != from.ID {
		b.answerCallback(q.ID, text.T(lang, text.ToastOutdated), false)
		return
	}
	r.UserID = from.ID
	ev, err := b.feedback.Rate(ctx, updateID, r)
	switch {
	case errors.Is(err, meetupbot.ErrJobDone), errors.Is(err, meetupbot.ErrNoSpeaker), errors.Is(err, meetupbot.ErrEventNotFound):
		b.answerCallback(q.ID, text.T(lang, text.ToastOutdated), false)
		return
	case errors.Is(err, meetupbot.ErrWrongChat):
		b.answerCallback(q.ID, text.T(lang, text.NotYourMeetup), true)
		return
	case err != nil:
		b.answerCallback(q.ID, b.problemToast(b.context(ctx, 0, lang), err), true)
		return
	}
	c := b.context(ctx, ev.ChatID, lang)
	b.answerCallback(q.ID, c.T(text.ToastRated, view.Stars(r.Stars)), false)
	body, buttons := view.FeedbackQuestion(c, ev, r.Talk, r.Stars)
	b.out.Send(chat.ID, view.Edit(meetupbot.MessageRef{ChatID: chat.ID, MessageID: q.Message.MessageID}, body, buttons), nil)
	// The next message is taken as a comment, unless the member is in the
	// middle of something else.
	now := b.clock.Now()
	if d, err := b.drafts.Draft(ctx, from.ID); err == nil && d.Active(now) && d.Kind != meetupbot.DraftComment {
		return
	}
	d := meetupbot.Draft{Kind: meetupbot.DraftComment, GroupID: ev.ChatID, Step: meetupbot.StepComment, Rating: r, UpdatedAt: now}
	if _, err := b.drafts.SaveDraft(ctx, 0, from.ID, d); err != nil {
		b.log.Error("wait for a comment", "member", from.ID, "error", err)
	}
}

// commentOn stores a private message as the comment on the rating the
// member gave last.
func (b *Bot) commentOn(ctx context.Context, r *request, d meetupbot.Draft, answer string) {
	comment, err := input.CheckText(text.FieldComment, answer, meetupbot.MaxCommentLen)
	if err == nil {
		err = b.feedback.Comment(ctx, r.update, d.Rating, comment)
	}
	if err != nil {
		b.replyProblem(ctx, r, text.UsageHelp, err)
		return
	}
	b.reply(r, r.T(text.CommentThanks))
}

package bot

import (
	"context"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/input"
	"github.com/meetupbot/meetupbot/bot/text"
	"github.com/meetupbot/meetupbot/bot/view"
)

// privacyStore answers and carries out the DSGVO requests.
type privacyStore interface {
	MemberData(ctx context.Context, userID int64) (meetupbot.MemberData, error)
	Forget(ctx context.Context, updateID int, userID int64, now time.Time, nights meetupbot.Nights, notify meetupbot.Notify, told []meetupbot.Outgoing) ([]meetupbot.EventChange, error)
}

// cmdMyData sends a member everything stored about them. Only privately:
// in a group it would show everybody.
func (b *Bot) cmdMyData(ctx context.Context, r *request) error {
	data, err := b.privacy.MemberData(ctx, r.from.ID)
	if err != nil {
		return err
	}
	for _, part := range view.Split(view.MemberData(b.context(ctx, 0, r.lang), data)) {
		b.reply(r, part)
	}
	return nil
}

// cmdForgetMe asks for confirmation before deleting a member's data.
func (b *Bot) cmdForgetMe(ctx context.Context, r *request) error {
	b.replyButtons(r, r.T(text.ForgetConfirm), [][]meetupbot.Button{{{Text: r.T(text.BtnForget), Data: input.ForgetData()}}})
	return nil
}

// onForget deletes the presser's data once they confirmed in their private
// chat, with the notices to whoever moves up into a freed place in the same
// transaction, and updates the meetups their answers were in.
func (b *Bot) onForget(ctx context.Context, updateID int, q *tgbotapi.CallbackQuery, chat meetupbot.Chat, from meetupbot.Member, lang meetupbot.Lang) {
	if chat.Type != "private" || chat.ID != from.ID {
		b.answerCallback(q.ID, text.T(lang, text.ToastOutdated), false)
		return
	}
	// Forget keeps the member's talks but not who proposed them: which
	// ones, and so what to tell the organizers, is known only before.
	data, err := b.privacy.MemberData(ctx, from.ID)
	if err != nil {
		b.answerCallback(q.ID, b.problemToast(b.context(ctx, 0, lang), err), true)
		return
	}
	var groups []int64
	for id := range b.memberGroups(ctx, from.ID) {
		groups = append(groups, id)
	}
	nights, notify := b.notifyGroups(ctx, groups)
	changes, err := b.privacy.Forget(ctx, updateID, from.ID, b.clock.Now(), nights, notify, b.talksForgotten(ctx, data.Proposals, from.ID))
	if err != nil {
		b.answerCallback(q.ID, b.problemToast(b.context(ctx, 0, lang), err), true)
		return
	}
	b.answerCallback(q.ID, text.T(lang, text.ToastForgotten), false)
	ref := meetupbot.MessageRef{ChatID: chat.ID, MessageID: q.Message.MessageID}
	b.out.Send(chat.ID, view.Edit(ref, text.T(lang, text.Forgotten), nil), nil)
	for _, c := range changes {
		b.refreshCards(c.Event)
	}
	b.sendStored(ctx)
	b.log.Info("member data deleted on request", "changed_meetups", len(changes))
}

// talksForgotten tells every organizer who started the bot which of the
// group's talks stay without their speaker: all the proposals Forget keeps.
// The forgotten member is not told, even as an organizer: their chat is
// closed to the bot's messages now.
func (b *Bot) talksForgotten(ctx context.Context, talks []meetupbot.Talk, forgotten int64) []meetupbot.Outgoing {
	var outs []meetupbot.Outgoing
	for _, t := range talks {
		if t.State == meetupbot.TalkDeclined {
			continue
		}
		group := b.groupContext(ctx, t.GroupID)
		chat, _ := b.dir.Chat(ctx, t.GroupID)
		for _, o := range b.reachableOrganizers(ctx, t.GroupID) {
			if o.ID == forgotten {
				continue
			}
			c := group.In(o.PrivateLang(b.cfg.Language))
			outs = append(outs, meetupbot.Outgoing{ChatID: o.ID, Text: c.T(text.SpeakerForgotten, view.TalkNumber(t.ID), view.Esc(t.Title), view.Esc(chat.Title))})
		}
	}
	return outs
}

package bot

import (
	"context"
	"fmt"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
)

// forgetData is the callback data of the /forgetme confirmation. It acts on
// whoever presses it, in their own private chat, so it cannot be aimed at
// anybody else.
const forgetData = "forget"

// cmdMyData sends a member everything stored about them. Only privately:
// in a group it would show everybody.
func (b *Bot) cmdMyData(ctx context.Context, r *request) error {
	if !r.private() {
		b.reply(r, b.t(r.lang, msgPrivateOnly, esc(b.startLink(""))))
		return nil
	}
	data, err := b.store.MemberData(ctx, r.from.ID)
	if err != nil {
		return err
	}
	for _, part := range splitMessage(b.memberDataText(r.lang, data)) {
		b.reply(r, part)
	}
	return nil
}

func (b *Bot) memberDataText(lang meetupbot.Lang, d meetupbot.MemberData) string {
	m := d.Member
	yesNo := func(v bool) string {
		if v {
			return b.t(lang, dataYes)
		}
		return b.t(lang, dataNo)
	}
	var sb strings.Builder
	sb.WriteString(b.t(lang, dataHeader))
	sb.WriteString("\n" + b.t(lang, dataProfile, m.ID, esc(m.FirstName), esc(m.LastName), esc(m.Username),
		esc(m.LanguageCode), esc(string(m.Lang)), yesNo(m.Started), yesNo(!m.NoReminders)))
	sb.WriteString("\n\n" + b.t(lang, dataGroups))
	for _, g := range d.Groups {
		sb.WriteString("\n• " + esc(g.Title))
	}
	sb.WriteString("\n\n" + b.t(lang, dataAnswers))
	if len(d.Answers) == 0 {
		sb.WriteString("\n–")
	}
	for _, a := range d.Answers {
		sb.WriteString(fmt.Sprintf("\n• #%d %s, %s: %s", a.Event.ID, esc(a.Event.Title), b.whenShort(lang, a.Event), b.statusText(lang, a.RSVP)))
	}
	if len(d.Created) > 0 || len(d.Posts) > 0 {
		sb.WriteString("\n\n" + b.t(lang, dataCreated))
		for _, ev := range d.Created {
			sb.WriteString(fmt.Sprintf("\n• #%d %s", ev.ID, esc(ev.Title)))
		}
		for _, p := range d.Posts {
			sb.WriteString(fmt.Sprintf("\n• 🔁 <code>%s</code> %s", esc(p.Spec), esc(truncate(p.Text, 60))))
		}
	}
	if d.Pending != "" {
		sb.WriteString("\n\n" + b.t(lang, dataPending, esc(d.Pending)))
	}
	sb.WriteString("\n\n" + b.t(lang, dataFooter))
	return sb.String()
}

func (b *Bot) statusText(lang meetupbot.Lang, r meetupbot.RSVP) string {
	text := map[meetupbot.Status]msgKey{
		meetupbot.StatusGoing: statusGoing, meetupbot.StatusMaybe: statusMaybe,
		meetupbot.StatusDeclined: statusDeclined, meetupbot.StatusWaiting: statusWaiting,
	}[r.Status]
	if text == "" {
		return "–"
	}
	s := b.t(lang, text)
	if r.Guests > 0 {
		s += fmt.Sprintf(" (+%d)", r.Guests)
	}
	return s
}

// splitMessage cuts a text into messages under Telegram's limit, at line
// breaks, so no HTML tag is cut (every tag here opens and closes on one
// line).
func splitMessage(text string) []string {
	var parts []string
	var sb strings.Builder
	for _, line := range strings.Split(text, "\n") {
		if sb.Len() > 0 && len([]rune(sb.String()))+len([]rune(line))+1 > maxText {
			parts = append(parts, sb.String())
			sb.Reset()
		}
		if sb.Len() > 0 {
			sb.WriteString("\n")
		}
		sb.WriteString(line)
	}
	return append(parts, sb.String())
}

// cmdForgetMe asks for confirmation before deleting a member's data.
func (b *Bot) cmdForgetMe(ctx context.Context, r *request) error {
	if !r.private() {
		b.reply(r, b.t(r.lang, msgPrivateOnly, esc(b.startLink(""))))
		return nil
	}
	b.replyMarkup(r, b.t(r.lang, msgForgetConfirm), tgbotapi.NewInlineKeyboardMarkup(
		tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData(b.t(r.lang, btnForget), forgetData)),
	))
	return nil
}

// onForget deletes the presser's data once they confirmed in their private
// chat, updates the meetups their answers were in, and tells whoever moved
// up into a freed place.
func (b *Bot) onForget(ctx context.Context, q *tgbotapi.CallbackQuery, chat meetupbot.Chat, from meetupbot.Member, lang meetupbot.Lang) {
	if chat.Type != "private" || chat.ID != from.ID {
		b.answerCallback(q.ID, b.t(lang, toastOutdated), false)
		return
	}
	changes, err := b.store.Forget(ctx, from.ID, b.clock.Now())
	if err != nil {
		b.answerCallbackError(q.ID, lang, err)
		return
	}
	b.answerCallback(q.ID, b.t(lang, toastForgotten), false)
	edit := tgbotapi.NewEditMessageText(chat.ID, q.Message.MessageID, b.t(lang, msgForgotten))
	edit.ParseMode = tgbotapi.ModeHTML
	b.out.send(chat.ID, false, edit, nil)
	for _, c := range changes {
		b.refreshCards(c.Event)
		b.notifyPromoted(ctx, c.Event, c.Promoted)
	}
	b.log.Info("member data deleted on request", "changed_meetups", len(changes))
}

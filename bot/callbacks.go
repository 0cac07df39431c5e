package bot

import (
	"context"
	"errors"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
)

// rsvpAction is the last part of an RSVP button's callback data.
var rsvpActions = map[string]meetupbot.Answer{
	"y": {Status: meetupbot.StatusGoing, KeepGuests: true},
	"m": {Status: meetupbot.StatusMaybe},
	"n": {Status: meetupbot.StatusDeclined},
	"g": {AddGuest: true},
}

// parseRSVPData reads "r:<event>:<y|m|n|g>".
func parseRSVPData(data string) (int64, meetupbot.Answer, bool) {
	parts := strings.Split(data, ":")
	if len(parts) != 3 || parts[0] != "r" {
		return 0, meetupbot.Answer{}, false
	}
	id, err := strconv.ParseInt(parts[1], 10, 64)
	a, known := rsvpActions[parts[2]]
	return id, a, err == nil && id > 0 && known
}

func (b *Bot) onCallback(ctx context.Context, q *tgbotapi.CallbackQuery) {
	if q.From == nil {
		return
	}
	var chat meetupbot.Chat
	if q.Message != nil && q.Message.Chat != nil {
		chat = chatOf(q.Message.Chat)
	}
	from := b.touch(ctx, chat, memberOf(q.From))
	lang := from.PrivateLang(b.cfg.Language)
	switch {
	case q.Message == nil || q.Message.Chat == nil:
		b.answerCallback(q.ID, b.t(lang, toastOutdated), false)
	case strings.HasPrefix(q.Data, "r:"):
		b.onRSVPButton(ctx, q, chat, from, lang)
	case strings.HasPrefix(q.Data, "pick:"):
		b.onPickGroup(ctx, q, chat, from, lang)
	case q.Data == forgetData:
		b.onForget(ctx, q, chat, from, lang)
	default:
		b.answerCallback(q.ID, b.t(lang, toastOutdated), false)
	}
}

// onRSVPButton handles a press that is not part of a batch (in a private
// chat, or after another update of its chat) the same way as a batch of one.
func (b *Bot) onRSVPButton(ctx context.Context, q *tgbotapi.CallbackQuery, chat meetupbot.Chat, from meetupbot.Member, lang meetupbot.Lang) {
	if _, _, ok := parseRSVPData(q.Data); !ok {
		b.answerCallback(q.ID, b.t(lang, toastOutdated), false)
		return
	}
	var memberOf map[int64]bool
	if chat.Type == "private" && chat.ID == from.ID {
		memberOf = b.memberGroups(ctx, from.ID)
	}
	updateID, _ := meetupbot.UpdateIDFrom(ctx)
	press := pressOf(updateID, q)
	results, err := b.store.AnswerPresses(ctx, []meetupbot.Press{press}, b.clock.Now(), allowPress(memberOf))
	if err != nil {
		b.answerCallbackError(q.ID, lang, err)
		return
	}
	a := b.settlePresses(ctx, []string{q.ID}, []meetupbot.Press{press}, results)[0]
	b.answerCallback(a.queryID, a.text, a.alert)
}

// memberGroups is the set of groups the bot has seen the member in.
func (b *Bot) memberGroups(ctx context.Context, userID int64) map[int64]bool {
	groups, err := b.store.MemberGroups(ctx, userID)
	if err != nil {
		b.log.Error("list member groups", "member", userID, "error", err)
	}
	set := make(map[int64]bool, len(groups))
	for _, g := range groups {
		set[g.ID] = true
	}
	return set
}

func (b *Bot) answerCallbackError(queryID string, lang meetupbot.Lang, err error) {
	text, alert := b.errorToast(lang, err)
	b.answerCallback(queryID, text, alert)
}

// errorToast is the answer to a press the rules refused, shown as an alert.
func (b *Bot) errorToast(lang meetupbot.Lang, err error) (string, bool) {
	switch {
	case errors.Is(err, meetupbot.ErrEventNotFound):
		return b.t(lang, toastEventGone), true
	case errors.Is(err, meetupbot.ErrEventCancelled):
		return b.t(lang, msgEventCancelled), true
	case errors.Is(err, meetupbot.ErrEventOver):
		return b.t(lang, msgEventOver), true
	case errors.Is(err, meetupbot.ErrNoRoom):
		return b.t(lang, msgNoRoomForGuest), true
	case errors.Is(err, meetupbot.ErrTooManyGuests):
		return b.t(lang, errTooManyGuests, meetupbot.MaxGuests), true
	case errors.Is(err, meetupbot.ErrPartyTooLarge):
		return b.t(lang, msgPartyTooLarge), true
	}
	b.log.Error("button failed", "error", err)
	return b.t(lang, msgInternalError), true
}

// onPickGroup runs the command a member sent privately in the group they
// picked.
func (b *Bot) onPickGroup(ctx context.Context, q *tgbotapi.CallbackQuery, chat meetupbot.Chat, from meetupbot.Member, lang meetupbot.Lang) {
	groupID, err := strconv.ParseInt(strings.TrimPrefix(q.Data, "pick:"), 10, 64)
	if err != nil || chat.Type != "private" {
		b.answerCallback(q.ID, b.t(lang, toastOutdated), false)
		return
	}
	pending, err := b.store.TakePending(ctx, from.ID)
	if err != nil || pending == "" {
		b.answerCallback(q.ID, b.t(lang, toastOutdated), false)
		return
	}
	group, err := b.store.Chat(ctx, groupID)
	if err != nil || !group.IsGroup() {
		b.answerCallback(q.ID, b.t(lang, toastOutdated), false)
		return
	}
	b.answerCallback(q.ID, group.Title, false)
	name, args, _ := strings.Cut(strings.TrimPrefix(pending, "/"), " ")
	r := &request{chat: chat, from: from, lang: lang, group: group, name: name, args: strings.TrimSpace(args)}
	if !b.memberGroups(ctx, from.ID)[group.ID] && !b.isOrganizer(group.ID, from.ID) {
		b.reply(r, b.t(lang, msgNoGroupYet))
		return
	}
	b.runCommand(ctx, r)
}

// answerCallback answers a button press at once, outside the outbox: the
// member's app shows a spinner until it is answered.
func (b *Bot) answerCallback(queryID, text string, alert bool) {
	cb := tgbotapi.NewCallback(queryID, text)
	cb.ShowAlert = alert
	if _, err := b.api.Request(cb); err != nil {
		b.log.Warn("answer button press", "error", err)
	}
}

// onMembership greets a group when the bot is added to it.
func (b *Bot) onMembership(ctx context.Context, u *tgbotapi.ChatMemberUpdated) {
	chat := chatOf(&u.Chat)
	if !chat.IsGroup() {
		return
	}
	was, is := u.OldChatMember.Status, u.NewChatMember.Status
	joined := (was == "left" || was == "kicked" || was == "") && (is == "member" || is == "administrator")
	b.touch(ctx, chat, meetupbot.Member{})
	if joined {
		b.say(chat.ID, b.t(b.groupLang(ctx, chat.ID), msgGroupIntro, esc(b.cfg.Self.UserName)), 0)
	}
}

// refreshCards brings every live copy of an event's announcement up to date.
func (b *Bot) refreshCards(ev meetupbot.Event) {
	for _, ref := range ev.LiveMessages() {
		b.refreshMessage(ev, ref)
	}
}

// refreshMessage queues an edit that renders the event as stored when the
// edit is sent, so coalesced edits always end on the exact counts.
func (b *Bot) refreshMessage(ev meetupbot.Event, ref meetupbot.MessageRef) {
	b.out.refresh(ref.ChatID, ref.MessageID, ref.ChatID < 0, func(ctx context.Context) (tgbotapi.Chattable, bool) {
		current, err := b.store.Event(ctx, ev.ID)
		if err != nil {
			b.log.Error("load event for edit", "event", ev.ID, "error", err)
			return nil, false
		}
		lang := b.groupLang(ctx, ref.ChatID)
		if ref.ChatID > 0 {
			m, _ := b.store.Member(ctx, ref.ChatID)
			lang = m.PrivateLang(b.cfg.Language)
		}
		edit := tgbotapi.NewEditMessageText(ref.ChatID, ref.MessageID, b.eventCard(lang, current))
		edit.ParseMode = tgbotapi.ModeHTML
		edit.DisableWebPagePreview = true
		if kb, ok := b.keyboard(lang, current); ok {
			edit.ReplyMarkup = &kb
		}
		return edit, true
	})
}

// refreshGroupCards re-renders all upcoming events of a group, as after a
// change of its language.
func (b *Bot) refreshGroupCards(ctx context.Context, chatID int64) {
	events, err := b.store.Events(ctx, chatID, b.clock.Now())
	if err != nil {
		b.log.Error("list events", "chat", chatID, "error", err)
		return
	}
	for _, ev := range events {
		b.refreshCards(ev)
	}
}

// notifyPromoted tells members who moved up from the waiting list: in the
// group with a mention, and privately where they started the bot.
func (b *Bot) notifyPromoted(ctx context.Context, ev meetupbot.Event, promoted []meetupbot.RSVP) {
	if len(promoted) == 0 {
		return
	}
	lang := b.groupLang(ctx, ev.ChatID)
	var mentions []string
	var private []meetupbot.Outgoing
	for _, p := range promoted {
		m, err := b.store.Member(ctx, p.UserID)
		if err != nil {
			b.log.Error("load promoted member", "member", p.UserID, "error", err)
			continue
		}
		mentions = append(mentions, mention(m))
		if m.Started {
			plang := m.PrivateLang(b.cfg.Language)
			private = append(private, meetupbot.Outgoing{ChatID: m.ID, Text: b.t(plang, msgPromotedPrivate, esc(ev.Title), b.when(plang, ev))})
		}
	}
	group := meetupbot.Outgoing{ChatID: ev.ChatID, Text: b.t(lang, msgPromotedGroup, fitMentions(mentions), esc(ev.Title)), ReplyTo: ev.Announcement.MessageID}
	b.queue(ctx, append(private, group)...)
}

// registerCommands sets the command menus: member commands for everyone,
// organizer commands too for group administrators, each in German and
// English. A failure is logged; the bot works without menus.
func (b *Bot) registerCommands() {
	menus := []struct {
		scope    tgbotapi.BotCommandScope
		commands []string
	}{
		{tgbotapi.NewBotCommandScopeDefault(), memberCommands},
		{tgbotapi.NewBotCommandScopeAllChatAdministrators(), append(append([]string{}, memberCommands...), organizerCommands...)},
	}
	for _, menu := range menus {
		for _, lang := range []meetupbot.Lang{"", meetupbot.German, meetupbot.English} {
			textLang := lang
			if textLang == "" {
				textLang = b.cfg.Language
			}
			var commands []tgbotapi.BotCommand
			for _, name := range menu.commands {
				commands = append(commands, tgbotapi.BotCommand{Command: name, Description: b.t(textLang, menuKey(name))})
			}
			scope := menu.scope
			cfg := tgbotapi.SetMyCommandsConfig{Commands: commands, Scope: &scope, LanguageCode: string(lang)}
			if _, err := b.api.Request(cfg); err != nil {
				b.log.Warn("register command menu", "scope", scope.Type, "language", lang, "error", err)
			}
		}
	}
}

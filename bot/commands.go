package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
)

// request is one command being handled.
type request struct {
	msg  *tgbotapi.Message
	chat meetupbot.Chat
	from meetupbot.Member
	// lang is the language of replies in chat.
	lang meetupbot.Lang
	// group is the group the command acts on: chat itself, or the group a
	// private command was resolved to.
	group meetupbot.Chat
	name  string
	args  string
}

func (r *request) private() bool { return r.chat.Type == "private" }

// command describes one slash command.
type command struct {
	// organizer commands are refused to everybody else.
	organizer bool
	// group commands act on a group; sent privately, the group is taken from
	// an event number in the arguments or asked for.
	group bool
	// eventArg finds an explicit event number in the arguments.
	eventArg func(args string) int64
	usage    msgKey
	run      func(ctx context.Context, r *request) error
}

func (b *Bot) commandTable() map[string]command {
	return map[string]command{
		"start":         {usage: usageStart, run: b.cmdStart},
		"help":          {usage: usageHelp, run: b.cmdHelp},
		"language":      {usage: usageLanguage, run: b.cmdLanguage},
		"next":          {group: true, usage: usageNext, run: b.cmdNext},
		"events":        {group: true, usage: usageEvents, run: b.cmdEvents},
		"rsvp":          {group: true, eventArg: rsvpEventArg, usage: usageRSVP, run: b.cmdRSVP},
		"attendees":     {group: true, eventArg: firstEventArg, usage: usageAttendees, run: b.cmdAttendees},
		"speakers":      {group: true, eventArg: firstEventArg, usage: usageSpeakers, run: b.cmdSpeakers},
		"newevent":      {organizer: true, group: true, usage: usageNewEvent, run: b.cmdNewEvent},
		"editevent":     {organizer: true, group: true, eventArg: firstEventArg, usage: usageEditEvent, run: b.cmdEditEvent},
		"cancelevent":   {organizer: true, group: true, eventArg: firstEventArg, usage: usageCancelEvent, run: b.cmdCancelEvent},
		"addspeaker":    {organizer: true, group: true, eventArg: firstEventArg, usage: usageAddSpeaker, run: b.cmdAddSpeaker},
		"removespeaker": {organizer: true, group: true, eventArg: firstEventArg, usage: usageRemoveSpeaker, run: b.cmdRemoveSpeaker},
		"announce":      {organizer: true, group: true, eventArg: firstEventArg, usage: usageAnnounce, run: b.cmdAnnounce},
		"post":          {organizer: true, group: true, usage: usagePost, run: b.cmdPost},
		"remindme":      {usage: usageRemindMe, run: b.cmdRemindMe},
		"mydata":        {usage: usageMyData, run: b.cmdMyData},
		"forgetme":      {usage: usageForgetMe, run: b.cmdForgetMe},
		"reminders":     {organizer: true, group: true, usage: usageReminders, run: b.cmdReminders},
		"repeat":        {organizer: true, group: true, eventArg: firstEventArg, usage: usageRepeat, run: b.cmdRepeat},
		"schedule":      {organizer: true, group: true, usage: usageSchedule, run: b.cmdSchedule},
		"pin":           {organizer: true, group: true, usage: usagePin, run: b.cmdPin},
		"timezone":      {organizer: true, group: true, usage: usageTimeZone, run: b.cmdTimeZone},
	}
}

// memberCommands and organizerCommands are the menus registered with
// Telegram and shown by /help, in this order.
var (
	memberCommands    = []string{"next", "events", "rsvp", "attendees", "speakers", "remindme", "language", "mydata", "forgetme", "help"}
	organizerCommands = []string{"newevent", "editevent", "cancelevent", "addspeaker", "removespeaker", "announce", "post",
		"reminders", "repeat", "schedule", "pin", "timezone"}
)

func firstEventArg(args string) int64 {
	fields := strings.Fields(args)
	if len(fields) == 0 {
		return 0
	}
	id, _ := parseEventRef(fields[0])
	return id
}

func rsvpEventArg(args string) int64 {
	in, err := parseRSVP(args)
	if err != nil {
		return 0
	}
	return in.EventID
}

func chatOf(c *tgbotapi.Chat) meetupbot.Chat {
	return meetupbot.Chat{ID: c.ID, Type: c.Type, Title: c.Title}
}

func memberOf(u *tgbotapi.User) meetupbot.Member {
	return meetupbot.Member{ID: u.ID, FirstName: u.FirstName, LastName: u.LastName, Username: u.UserName, LanguageCode: u.LanguageCode}
}

func (b *Bot) onMessage(ctx context.Context, m *tgbotapi.Message) {
	if m.From == nil || m.Chat == nil || m.From.IsBot {
		return
	}
	chat := chatOf(m.Chat)
	from := b.touch(ctx, chat, memberOf(m.From))
	r := &request{msg: m, chat: chat, from: from}
	if chat.IsGroup() {
		r.group = chat
	}
	r.lang = b.chatLang(ctx, chat, from)
	if !m.IsCommand() {
		if r.private() {
			b.reply(r, b.t(r.lang, msgNotACommand)+"\n\n"+b.helpText(ctx, r))
		}
		return
	}
	name := strings.ToLower(m.Command())
	if at := strings.Index(m.CommandWithAt(), "@"); at >= 0 && !strings.EqualFold(m.CommandWithAt()[at+1:], b.cfg.Self.UserName) {
		return
	}
	r.name, r.args = name, strings.TrimSpace(m.CommandArguments())
	b.runCommand(ctx, r)
}

// touch records the chat and member of an update and returns the member
// with their stored settings; on a storage error it goes on with what
// Telegram sent.
func (b *Bot) touch(ctx context.Context, chat meetupbot.Chat, from meetupbot.Member) meetupbot.Member {
	stored, err := b.store.Touch(ctx, chat, from)
	if err != nil {
		b.log.Error("record chat and member", "chat", chat.ID, "member", from.ID, "error", err)
		return from
	}
	return stored
}

// runCommand resolves the group a command acts on, checks the sender may use
// it, and runs it.
func (b *Bot) runCommand(ctx context.Context, r *request) {
	cmd, ok := b.commands[r.name]
	if !ok {
		if r.private() {
			b.reply(r, b.t(r.lang, msgUnknownCommand, esc("/"+r.name))+"\n\n"+b.helpText(ctx, r))
		}
		return
	}
	if cmd.group && r.group.ID == 0 {
		if !b.resolveGroup(ctx, r, cmd) {
			return
		}
	}
	if cmd.organizer && !b.isOrganizer(r.group.ID, r.from.ID) {
		b.reply(r, b.t(r.lang, msgOrganizersOnly))
		return
	}
	if err := cmd.run(ctx, r); err != nil {
		b.replyError(ctx, r, cmd, err)
	}
}

// resolveGroup finds the group of a command sent privately: the group of
// the event it names, the only group the member is in, or one they pick.
func (b *Bot) resolveGroup(ctx context.Context, r *request, cmd command) bool {
	if cmd.eventArg != nil {
		if id := cmd.eventArg(r.args); id != 0 {
			ev, err := b.store.Event(ctx, id)
			if err != nil {
				b.replyError(ctx, r, cmd, err)
				return false
			}
			group, err := b.store.Chat(ctx, ev.ChatID)
			if err != nil {
				b.replyError(ctx, r, cmd, err)
				return false
			}
			r.group = group
			return true
		}
	}
	candidates, err := b.store.MemberGroups(ctx, r.from.ID)
	if cmd.organizer {
		candidates, err = b.organizedGroups(ctx, r.from.ID)
	}
	if err != nil {
		b.replyError(ctx, r, cmd, err)
		return false
	}
	switch len(candidates) {
	case 0:
		key := msgNoGroupYet
		if cmd.organizer {
			key = msgOrganizersOnly
		}
		b.reply(r, b.t(r.lang, key))
		return false
	case 1:
		r.group = candidates[0]
		return true
	}
	if err := b.store.SetPending(ctx, r.from.ID, "/"+r.name+" "+r.args); err != nil {
		b.replyError(ctx, r, cmd, err)
		return false
	}
	var rows [][]tgbotapi.InlineKeyboardButton
	for _, g := range candidates {
		rows = append(rows, tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonData(g.Title, pickData(g.ID))))
	}
	b.replyMarkup(r, b.t(r.lang, msgPickGroup), tgbotapi.NewInlineKeyboardMarkup(rows...))
	return false
}

// organizedGroups lists the known groups the user organizes.
func (b *Bot) organizedGroups(ctx context.Context, userID int64) ([]meetupbot.Chat, error) {
	groups, err := b.store.Groups(ctx)
	if err != nil {
		return nil, err
	}
	var mine []meetupbot.Chat
	for _, g := range groups {
		if b.isOrganizer(g.ID, userID) {
			mine = append(mine, g)
		}
	}
	return mine, nil
}

// isOrganizer reports whether the user may run organizer commands in a group.
func (b *Bot) isOrganizer(groupID, userID int64) bool {
	return slices.Contains(b.cfg.OrganizerIDs, userID) || (groupID != 0 && b.admins.isAdmin(groupID, userID))
}

// chatLang is the language the bot speaks in a chat: a group's own setting
// or the default; in private, the member's choice or their app's language.
func (b *Bot) chatLang(ctx context.Context, chat meetupbot.Chat, from meetupbot.Member) meetupbot.Lang {
	if chat.Type == "private" {
		return from.PrivateLang(b.cfg.Language)
	}
	return b.groupLang(ctx, chat.ID)
}

func (b *Bot) groupLang(ctx context.Context, chatID int64) meetupbot.Lang {
	if c, err := b.store.Chat(ctx, chatID); err == nil && c.Lang != "" {
		return c.Lang
	}
	return b.cfg.Language
}

// errNoUpcoming means a group has no meetup ahead.
var errNoUpcoming = errors.New("no upcoming meetup")

// errOtherGroup means an event number names another group's meetup.
var errOtherGroup = errors.New("event belongs to another group")

// event finds the event a command acts on: the one numbered, which must be
// the group's, or else the group's next meetup.
func (b *Bot) event(ctx context.Context, r *request, id int64) (meetupbot.Event, error) {
	if id == 0 {
		return b.nextEvent(ctx, r.group.ID)
	}
	ev, err := b.store.Event(ctx, id)
	if err != nil {
		return ev, err
	}
	if ev.ChatID != r.group.ID {
		return ev, errOtherGroup
	}
	return ev, nil
}

func (b *Bot) nextEvent(ctx context.Context, chatID int64) (meetupbot.Event, error) {
	events, err := b.store.Events(ctx, chatID, b.clock.Now())
	if err != nil {
		return meetupbot.Event{}, err
	}
	for _, ev := range events {
		if !ev.Cancelled {
			return ev, nil
		}
	}
	return meetupbot.Event{}, errNoUpcoming
}

// replyError tells the member what went wrong, in their language.
func (b *Bot) replyError(ctx context.Context, r *request, cmd command, err error) {
	var in *inputError
	switch {
	case errors.As(err, &in):
		args := make([]any, len(in.args))
		for i, a := range in.args {
			switch v := a.(type) {
			case msgKey:
				args[i] = b.t(r.lang, v)
			case string:
				args[i] = esc(v)
			default:
				args[i] = a
			}
		}
		b.reply(r, "⚠️ "+b.t(r.lang, in.key, args...)+"\n\n"+b.t(r.lang, cmd.usage))
	case errors.Is(err, meetupbot.ErrEventNotFound):
		b.reply(r, b.t(r.lang, msgEventNotFound))
	case errors.Is(err, errOtherGroup):
		b.reply(r, b.t(r.lang, msgOtherGroup))
	case errors.Is(err, errNoUpcoming):
		b.reply(r, b.t(r.lang, msgNoUpcoming))
	case errors.Is(err, meetupbot.ErrEventCancelled):
		b.reply(r, b.t(r.lang, msgEventCancelled))
	case errors.Is(err, meetupbot.ErrEventOver):
		b.reply(r, b.t(r.lang, msgEventOver))
	case errors.Is(err, meetupbot.ErrNoRoom):
		b.reply(r, b.t(r.lang, msgNoRoomForGuest))
	case errors.Is(err, meetupbot.ErrTooManyGuests):
		b.reply(r, b.t(r.lang, errTooManyGuests, meetupbot.MaxGuests))
	case errors.Is(err, meetupbot.ErrPartyTooLarge):
		b.reply(r, "⚠️ "+b.t(r.lang, msgPartyTooLarge))
	case errors.Is(err, meetupbot.ErrNoSpeaker):
		b.reply(r, b.t(r.lang, msgNoSpeaker)+"\n\n"+b.t(r.lang, cmd.usage))
	case errors.Is(err, meetupbot.ErrTooManySpeakers):
		b.reply(r, b.t(r.lang, msgTooManySpeakers, meetupbot.MaxSpeakers))
	case errors.Is(err, meetupbot.ErrPostNotFound):
		b.reply(r, b.t(r.lang, msgPostNotFound))
	case errors.Is(err, meetupbot.ErrTooManyPosts):
		b.reply(r, b.t(r.lang, msgTooManyPosts, meetupbot.MaxPosts))
	default:
		b.log.Error("command failed", "command", r.name, "chat", r.chat.ID, "error", err)
		b.reply(r, b.t(r.lang, msgInternalError))
	}
}

// reply answers a command in its chat, as a reply in groups so the
// conversation stays readable.
func (b *Bot) reply(r *request, text string) {
	b.replyMarkup(r, text, nil)
}

func (b *Bot) replyMarkup(r *request, text string, markup any) {
	msg := htmlMessage(r.chat.ID, text, r.replyTo())
	msg.ReplyMarkup = markup
	b.out.send(r.chat.ID, r.chat.IsGroup(), msg, nil)
}

// replyTo is the message a reply in a group refers to; in private chats the
// conversation is plain enough without.
func (r *request) replyTo() int {
	if r.chat.IsGroup() && r.msg != nil {
		return r.msg.MessageID
	}
	return 0
}

// say sends a message to a chat, unprompted.
func (b *Bot) say(chatID int64, text string, replyTo int) {
	b.out.send(chatID, chatID < 0, htmlMessage(chatID, text, replyTo), nil)
}

// htmlMessage is a message in HTML parse mode without link previews,
// replying to replyTo where set, and sent anyway if that message is gone.
func htmlMessage(chatID int64, text string, replyTo int) tgbotapi.MessageConfig {
	msg := tgbotapi.NewMessage(chatID, text)
	msg.ParseMode = tgbotapi.ModeHTML
	msg.DisableWebPagePreview = true
	msg.ReplyToMessageID, msg.AllowSendingWithoutReply = replyTo, replyTo != 0
	return msg
}

func pickData(chatID int64) string { return "pick:" + strconv.FormatInt(chatID, 10) }

func rsvpData(eventID int64, action byte) string {
	return fmt.Sprintf("r:%d:%c", eventID, action)
}

// zone is the time zone of a group's meetups.
func (b *Bot) zone(chatID int64) *time.Location {
	chat, err := b.store.Chat(context.Background(), chatID)
	if err != nil || chat.TimeZone == "" {
		return b.cfg.Location
	}
	b.zonesMu.Lock()
	defer b.zonesMu.Unlock()
	if loc, ok := b.zones[chat.TimeZone]; ok {
		return loc
	}
	loc := chat.Location(b.cfg.Location)
	b.zones[chat.TimeZone] = loc
	return loc
}

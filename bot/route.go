package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/input"
	"github.com/meetupbot/meetupbot/bot/text"
	"github.com/meetupbot/meetupbot/bot/view"
)

// directory is who and where: the chats and members the bot knows.
type directory interface {
	Touch(ctx context.Context, chat meetupbot.Chat, m meetupbot.Member) (meetupbot.Member, error)
	Chat(ctx context.Context, id int64) (meetupbot.Chat, error)
	Groups(ctx context.Context) ([]meetupbot.Chat, error)
	MemberGroups(ctx context.Context, userID int64) ([]meetupbot.Chat, error)
	Member(ctx context.Context, id int64) (meetupbot.Member, error)
	SetPending(ctx context.Context, updateID int, userID int64, command string) error
	TakePending(ctx context.Context, updateID int, userID int64) (string, error)
}

// request is one command being handled.
type request struct {
	// update is the Telegram update the command came in; storage marks it
	// handled with the command's change.
	update int
	// thread is the forum topic the command was sent in; replies go there.
	thread int
	// forum is set in a group with topics.
	forum bool
	msg   *tgbotapi.Message
	chat  meetupbot.Chat
	from  meetupbot.Member
	// lang is the language of replies in chat.
	lang meetupbot.Lang
	// group is the group the command acts on: chat itself, or the group a
	// private command was resolved to.
	group meetupbot.Chat
	// anonymous is an admin posting as the group: an organizer of it with
	// no member account to act for.
	anonymous bool
	// again confirms a /newevent that looked like a duplicate.
	again bool
	input.Command
}

func (r *request) private() bool { return r.chat.Type == "private" }

// command describes one slash command.
type command struct {
	// organizer commands are refused to everybody else.
	organizer bool
	// personal commands act for the sender's own account, which an
	// anonymous admin does not show.
	personal bool
	// group commands act on a group; sent privately, the group is taken from
	// a meetup number in the arguments or asked for.
	group bool
	// eventArg finds an explicit meetup number in the arguments.
	eventArg func(args string) int64
	// privately commands show what only the sender may see; sent in a
	// group, they point to the private chat.
	privately bool
	usage     text.Key
	run       func(ctx context.Context, r *request) error
}

func (b *Bot) commandTable() map[string]command {
	return map[string]command{
		"start":         {usage: text.UsageStart, run: b.cmdStart},
		"help":          {usage: text.UsageHelp, run: b.cmdHelp},
		"language":      {usage: text.UsageLanguage, run: b.cmdLanguage},
		"next":          {group: true, usage: text.UsageNext, run: b.cmdNext},
		"events":        {group: true, usage: text.UsageEvents, run: b.cmdEvents},
		"rsvp":          {group: true, personal: true, eventArg: rsvpEventArg, usage: text.UsageRSVP, run: b.cmdRSVP},
		"attendees":     {group: true, eventArg: firstEventArg, usage: text.UsageAttendees, run: b.cmdAttendees},
		"export":        {organizer: true, group: true, privately: true, eventArg: firstEventArg, usage: text.UsageExport, run: b.cmdExport},
		"stats":         {organizer: true, group: true, usage: text.UsageStats, run: b.cmdStats},
		"checkin":       {organizer: true, group: true, privately: true, eventArg: firstEventArg, usage: text.UsageCheckin, run: b.cmdCheckin},
		"speakers":      {group: true, eventArg: firstEventArg, usage: text.UsageSpeakers, run: b.cmdSpeakers},
		"ics":           {group: true, eventArg: firstEventArg, usage: text.UsageIcs, run: b.cmdIcs},
		"calendar":      {group: true, usage: text.UsageCalendar, run: b.cmdCalendar},
		"newevent":      {organizer: true, group: true, usage: text.UsageNewEvent, run: b.cmdNewEvent},
		"cancel":        {personal: true, usage: text.UsageCancel, run: b.cmdCancel},
		"propose":       {group: true, personal: true, usage: text.UsagePropose, run: b.cmdPropose},
		"talks":         {group: true, usage: text.UsageTalks, run: b.cmdTalks},
		"talkpoll":      {organizer: true, group: true, usage: text.UsageTalkPoll, run: b.cmdTalkPoll},
		"editevent":     {organizer: true, group: true, eventArg: firstEventArg, usage: text.UsageEditEvent, run: b.cmdEditEvent},
		"cancelevent":   {organizer: true, group: true, eventArg: firstEventArg, usage: text.UsageCancelEvent, run: b.cmdCancelEvent},
		"addspeaker":    {organizer: true, group: true, eventArg: firstEventArg, usage: text.UsageAddSpeaker, run: b.cmdAddSpeaker},
		"removespeaker": {organizer: true, group: true, eventArg: firstEventArg, usage: text.UsageRemoveSpeaker, run: b.cmdRemoveSpeaker},
		"announce":      {organizer: true, group: true, eventArg: firstEventArg, usage: text.UsageAnnounce, run: b.cmdAnnounce},
		"post":          {organizer: true, group: true, usage: text.UsagePost, run: b.cmdPost},
		"remindme":      {personal: true, usage: text.UsageRemindMe, run: b.cmdRemindMe},
		"mydata":        {personal: true, privately: true, usage: text.UsageMyData, run: b.cmdMyData},
		"forgetme":      {personal: true, privately: true, usage: text.UsageForgetMe, run: b.cmdForgetMe},
		"reminders":     {organizer: true, group: true, usage: text.UsageReminders, run: b.cmdReminders},
		"reconfirm":     {organizer: true, group: true, usage: text.UsageReconfirm, run: b.cmdReconfirm},
		"quiet":         {organizer: true, group: true, usage: text.UsageQuiet, run: b.cmdQuiet},
		"reserve":       {organizer: true, group: true, eventArg: firstEventArg, usage: text.UsageReserve, run: b.cmdReserve},
		"repeat":        {organizer: true, group: true, eventArg: firstEventArg, usage: text.UsageRepeat, run: b.cmdRepeat},
		"schedule":      {organizer: true, group: true, usage: text.UsageSchedule, run: b.cmdSchedule},
		"pin":           {organizer: true, group: true, usage: text.UsagePin, run: b.cmdPin},
		"timezone":      {organizer: true, group: true, usage: text.UsageTimeZone, run: b.cmdTimeZone},
		"topic":         {organizer: true, group: true, usage: text.UsageTopic, run: b.cmdTopic},
	}
}

// MemberCommands and OrganizerCommands are the menus registered with
// Telegram and shown by /help, in this order.
var (
	MemberCommands    = []string{"next", "events", "rsvp", "attendees", "speakers", "ics", "calendar", "propose", "talks", "cancel", "remindme", "language", "mydata", "forgetme", "help"}
	OrganizerCommands = []string{"newevent", "editevent", "cancelevent", "addspeaker", "removespeaker", "announce", "post",
		"checkin", "stats", "export", "talkpoll", "reminders", "reconfirm", "quiet", "reserve", "repeat", "schedule", "pin", "timezone", "topic"}
)

func firstEventArg(args string) int64 {
	fields := strings.Fields(args)
	if len(fields) == 0 {
		return 0
	}
	id, _ := input.ParseEventRef(fields[0])
	return id
}

func rsvpEventArg(args string) int64 {
	in, err := input.ParseRSVP(args)
	if err != nil {
		return 0
	}
	return in.EventID
}

func (b *Bot) onMessage(ctx context.Context, u input.Update) error {
	m := u.Message
	if m.Chat == nil || m.From == nil {
		return nil
	}
	chat := input.Chat(m.Chat)
	switch {
	case m.MigrateToChatID != 0:
		return b.migrate(ctx, u.UpdateID, chat.ID, m.MigrateToChatID)
	case m.MigrateFromChatID != 0:
		return b.migrate(ctx, u.UpdateID, m.MigrateFromChatID, chat.ID)
	}
	r := &request{update: u.UpdateID, thread: u.Thread, forum: u.Forum, msg: m, chat: chat}
	var err error
	switch {
	case m.IsAutomaticForward || (m.SenderChat != nil && m.SenderChat.ID != m.Chat.ID):
		// A post of a channel: there is nobody to answer or to count.
		return nil
	case m.SenderChat != nil:
		// An admin posting as the group itself.
		r.anonymous = true
		_, err = b.touch(ctx, chat, meetupbot.Member{})
	case m.From.IsBot:
		return nil
	default:
		r.from, err = b.touch(ctx, chat, input.Member(m.From))
	}
	if err != nil {
		return err
	}
	if chat.IsGroup() {
		r.group = chat
	}
	r.lang = b.chatLang(ctx, chat, r.from)
	cmd, ok := input.ParseCommand(m, b.cfg.Self.UserName)
	if !ok {
		// Briefly: the whole help, 45 lines for organizers, would bury
		// the one thing to say.
		if r.private() && !m.IsCommand() && !b.onDraftText(ctx, r, m.Text) {
			b.reply(r, r.T(text.NotACommand))
		}
		return nil
	}
	r.Command = cmd
	return b.runCommand(ctx, r)
}

// T renders a text in the language of the request's chat.
func (r *request) T(key text.Key, args ...any) string { return text.T(r.lang, key, args...) }

// touch records the chat and member of an update and returns the member
// with their stored settings.
func (b *Bot) touch(ctx context.Context, chat meetupbot.Chat, from meetupbot.Member) (meetupbot.Member, error) {
	stored, err := b.dir.Touch(ctx, chat, from)
	if err != nil {
		return from, fmt.Errorf("record chat %d and member %d: %w", chat.ID, from.ID, err)
	}
	return stored, nil
}

// runCommand resolves the group a command acts on, checks the sender may use
// it, and runs it. It returns the failures the member cannot mend, which
// are tried again (see problem).
func (b *Bot) runCommand(ctx context.Context, r *request) error {
	cmd, ok := b.commands[r.Name]
	if !ok {
		if r.private() {
			b.reply(r, r.T(text.UnknownCommand, view.Esc("/"+input.Excerpt(r.Name))))
		}
		return nil
	}
	b.cfg.Metrics.Command(r.Name)
	if cmd.personal && r.anonymous {
		b.reply(r, r.T(text.AnonymousHint))
		return nil
	}
	if cmd.group && r.group.ID == 0 {
		if ok, err := b.resolveGroup(ctx, r, cmd); !ok {
			return err
		}
	}
	if cmd.organizer && !b.organizes(r) {
		b.reply(r, r.T(text.OrganizersOnly))
		return nil
	}
	if cmd.privately && !r.private() {
		b.reply(r, r.T(text.PrivateOnly, view.Esc(input.StartLink(b.cfg.Self.UserName, ""))))
		return nil
	}
	if err := cmd.run(ctx, r); err != nil {
		return b.problem(ctx, r, cmd.usage, err)
	}
	return nil
}

// resolveGroup finds the group of a command sent privately: the group of
// the meetup it names, the only group the member is in, or one they pick.
// Without one it returns false, and the failure, if any, of problem.
func (b *Bot) resolveGroup(ctx context.Context, r *request, cmd command) (bool, error) {
	if cmd.eventArg != nil {
		if id := cmd.eventArg(r.Args); id != 0 {
			// Whether the meetup does not exist or belongs to a group the
			// member is not in, the answer is the same: meetup numbers are
			// sequential, and a stranger learns nothing by guessing.
			group, err := b.meetupGroup(ctx, id)
			if err != nil || !b.isMember(ctx, group, r.from) {
				if err != nil && !errors.Is(err, meetupbot.ErrEventNotFound) {
					return false, b.problem(ctx, r, cmd.usage, err)
				}
				b.reply(r, r.T(text.NotYourMeetup))
				return false, nil
			}
			r.group = group
			return true, nil
		}
	}
	candidates, err := b.dir.MemberGroups(ctx, r.from.ID)
	if cmd.organizer {
		candidates, err = b.organizedGroups(ctx, r.from.ID)
	}
	if err != nil {
		return false, b.problem(ctx, r, cmd.usage, err)
	}
	switch len(candidates) {
	case 0:
		key := text.NoGroupYet
		if cmd.organizer {
			key = text.OrganizersOnly
		}
		b.reply(r, r.T(key))
		return false, nil
	case 1:
		r.group = candidates[0]
		return true, nil
	}
	if err := b.dir.SetPending(ctx, r.update, r.from.ID, r.Pending()); err != nil {
		return false, b.problem(ctx, r, cmd.usage, err)
	}
	rows := make([][]meetupbot.Button, 0, len(candidates))
	for _, g := range candidates {
		rows = append(rows, []meetupbot.Button{{Text: g.Title, Data: input.PickData(g.ID)}})
	}
	b.replyButtons(r, r.T(text.PickGroup), rows)
	return false, nil
}

// organizedGroups lists the groups the user organizes, among the groups
// the bot has seen them in (every group for organizers named in the
// configuration): asking Telegram about every group the bot knows would
// cost a round trip each, for every private /help.
func (b *Bot) organizedGroups(ctx context.Context, userID int64) ([]meetupbot.Chat, error) {
	candidates, err := b.dir.MemberGroups(ctx, userID)
	if slices.Contains(b.cfg.OrganizerIDs, userID) {
		candidates, err = b.dir.Groups(ctx)
	}
	if err != nil {
		return nil, err
	}
	var mine []meetupbot.Chat
	for _, g := range candidates {
		if g.IsGroup() && !g.Removed && b.isOrganizer(g.ID, userID) {
			mine = append(mine, g)
		}
	}
	return mine, nil
}

// organizes reports whether the sender of a request organizes its group:
// an anonymous admin speaks for the group it posts in.
func (b *Bot) organizes(r *request) bool {
	return (r.anonymous && r.group.ID == r.chat.ID) || b.isOrganizer(r.group.ID, r.from.ID)
}

// meetupGroup is the group a meetup belongs to.
func (b *Bot) meetupGroup(ctx context.Context, eventID int64) (meetupbot.Chat, error) {
	ev, err := b.meetups.Event(ctx, eventID)
	if err != nil {
		return meetupbot.Chat{}, err
	}
	return b.dir.Chat(ctx, ev.ChatID)
}

// problem tells the member what they got wrong, in their language, with
// the command's syntax where that helps. A failure they cannot mend (the
// storage failed) is returned instead, with what to tell them should it be
// given up: the update is tried again, and answered once it works.
func (b *Bot) problem(ctx context.Context, r *request, usage text.Key, err error) error {
	message, withUsage, known := view.Problem(b.context(ctx, r.group.ID, r.lang), err)
	if !known {
		return apologetic{err: fmt.Errorf("command %s: %w", r.Name, err), tell: func() { b.reply(r, message) }}
	}
	if withUsage {
		message += "\n\n" + r.T(usage)
	}
	b.reply(r, message)
	return nil
}

// replyProblem is problem for the handlers that cannot report a failure
// up: it is logged here, once, and told at once.
func (b *Bot) replyProblem(ctx context.Context, r *request, usage text.Key, err error) {
	var a apologetic
	if errors.As(b.problem(ctx, r, usage, err), &a) {
		b.log.Error("command failed", "command", r.Name, "chat", r.chat.ID, "error", a.err)
		a.tell()
	}
}

// reply answers a command in its chat, as a reply in groups so the
// conversation stays readable.
func (b *Bot) reply(r *request, body string) {
	b.replyButtons(r, body, nil)
}

func (b *Bot) replyButtons(r *request, body string, buttons [][]meetupbot.Button) {
	b.out.Send(r.chat.ID, view.Message(r.chat.ID, body, r.replyTo(), buttons).InThread(r.thread), nil)
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
func (b *Bot) say(chatID int64, body string) {
	b.out.Send(chatID, view.Message(chatID, body, 0, nil), nil)
}

package bot

import (
	"context"
	"errors"
	"runtime/debug"
	"slices"
	"strconv"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/input"
	"github.com/meetupbot/meetupbot/bot/text"
	"github.com/meetupbot/meetupbot/bot/view"
)

// When an announcement goes out, most of a group presses within a minute.
// Presses of answer buttons in groups are therefore stored a getUpdates
// batch at a time, in one transaction (one fsync) with the notices they
// cause, and answered after it commits, so every answered press is stored.

// splitPresses takes from a batch the answer presses in groups that come
// before any other update of their chat; the rest keep their order and are
// handled one by one after them. Per chat the order is unchanged. Each
// press is read once, here, for the batch.
func splitPresses(updates []input.Update) (batch []input.Update, presses []meetupbot.Press, rest []input.Update) {
	other := map[int64]bool{}
	for _, u := range updates {
		key := chatKey(u)
		if p, ok := input.Press(u.UpdateID, u.CallbackQuery); ok && !other[key] && p.Chat.IsGroup() {
			batch, presses = append(batch, u), append(presses, p)
			continue
		}
		other[key] = true
		rest = append(rest, u)
	}
	return batch, presses, rest
}

// allowPress decides whether a button may act on a meetup: in its own
// group, or privately for a member of the meetup's group (memberOf, asked
// before the transaction). Forged callback data from any other chat, and
// a card kept by someone who left the group, are refused.
func allowPress(memberOf map[int64]bool) func(meetupbot.Event, meetupbot.Press) bool {
	return func(ev meetupbot.Event, p meetupbot.Press) bool {
		return ev.ChatID == p.Chat.ID || memberOf[ev.ChatID]
	}
}

// handlePresses stores a batch of group presses in one transaction, then
// answers each and updates the announcements once. Should the batch fail
// as a whole it is handled press by press, as any other update; it returns
// the presses held for another try (see handleBatch).
func (b *Bot) handlePresses(ctx context.Context, updates []input.Update, presses []meetupbot.Press) (held []input.Update) {
	defer func(began time.Time) {
		each := b.pacing.Now().Sub(began) / time.Duration(len(updates))
		for range updates {
			b.cfg.Metrics.Update("callback_query", each)
		}
	}(b.pacing.Now())
	queries := make([]string, len(updates))
	for i, u := range updates {
		queries[i] = u.CallbackQuery.ID
	}
	results, err := b.answerPresses(ctx, presses, allowPress(nil))
	if err != nil {
		b.log.Error("store a batch of presses; handling them one by one", "presses", len(presses), "error", err)
		blocked := map[int64]bool{}
		for _, u := range updates {
			if blocked[chatKey(u)] || !b.settle(ctx, u, b.handle(ctx, u)) {
				blocked[chatKey(u)] = true
				held = append(held, u)
			}
		}
		return held
	}
	answers := b.settlePresses(ctx, queries, presses, results)
	// The presses are stored; their answers go out in order while the poll
	// loop already fetches the next batch.
	b.answers.then(b.activity, func() { b.answerAll(answers) })
	return nil
}

// answerPresses stores presses with the notices they cause. A panic counts
// as a failed batch, so each press is then handled (and recovered from) on
// its own.
func (b *Bot) answerPresses(ctx context.Context, presses []meetupbot.Press, allow func(meetupbot.Event, meetupbot.Press) bool) (results []meetupbot.PressResult, err error) {
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("panic while storing a batch of presses", "panic", r, "stack", string(debug.Stack()))
			err = errors.New("panic while storing a batch of presses")
		}
	}()
	nights, notify := b.notifyGroups(ctx, b.pressedGroups(ctx, presses))
	return b.meetups.AnswerPresses(ctx, presses, b.clock.Now(), allow, nights, notify)
}

// notifyGroups renders the notices of changes to meetups of the groups
// given, with their quiet hours. What the notices need (settings,
// organizers) is read before the transaction that calls it: reading inside
// bbolt's write transaction could deadlock.
func (b *Bot) notifyGroups(ctx context.Context, chatIDs []int64) (meetupbot.Nights, meetupbot.Notify) {
	type group struct {
		context    view.Context
		organizers []meetupbot.Member
	}
	groups := map[int64]group{}
	for _, id := range chatIDs {
		if _, ok := groups[id]; !ok {
			chat, _ := b.dir.Chat(ctx, id)
			groups[id] = group{b.contextOf(chat, b.orDefault(chat.Lang)), b.reachableOrganizers(ctx, id)}
		}
	}
	fallback := group{context: b.contextOf(meetupbot.Chat{}, b.cfg.Language)}
	of := func(chatID int64) group {
		if g, ok := groups[chatID]; ok {
			return g
		}
		return fallback
	}
	nights := func(chatID int64) meetupbot.Night { return of(chatID).context.Night }
	return nights, func(change meetupbot.EventChange) []meetupbot.Outgoing {
		g := of(change.Event.ChatID)
		return view.Notices(g.context, b.cfg.Language, change, g.organizers)
	}
}

// pressedGroups are the groups of the meetups presses act on.
func (b *Bot) pressedGroups(ctx context.Context, presses []meetupbot.Press) []int64 {
	var ids []int64
	seen := map[int64]bool{}
	for _, p := range presses {
		if seen[p.EventID] {
			continue
		}
		seen[p.EventID] = true
		if ev, err := b.meetups.Event(ctx, p.EventID); err == nil && !slices.Contains(ids, ev.ChatID) {
			ids = append(ids, ev.ChatID)
		}
	}
	return ids
}

// settlePresses turns stored presses into the answers their members see,
// updates each meetup's cards once however many presses it had, and sends
// the notices stored with the presses.
func (b *Bot) settlePresses(ctx context.Context, queries []string, presses []meetupbot.Press, results []meetupbot.PressResult) []callbackAnswer {
	changed := map[int64]meetupbot.Event{}
	answers := make([]callbackAnswer, len(results))
	// One context per group and language, not one read per press.
	contexts := map[[2]string]view.Context{}
	for i, res := range results {
		p := presses[i]
		lang := res.Member.PrivateLang(b.cfg.Language)
		key := [2]string{strconv.FormatInt(res.Event.ChatID, 10), string(lang)}
		c, ok := contexts[key]
		if !ok {
			c = b.context(ctx, res.Event.ChatID, lang)
			contexts[key] = c
		}
		answers[i].queryID = queries[i]
		switch {
		case res.Duplicate:
			answers[i].text = "✓"
		case errors.Is(res.Err, meetupbot.ErrNotYours):
			answers[i].text, answers[i].alert = c.T(text.ToastNotYours, res.Owner.DisplayName()), true
		case res.Err != nil && p.Chat.Type == "private" && (errors.Is(res.Err, meetupbot.ErrWrongChat) || errors.Is(res.Err, meetupbot.ErrEventNotFound)):
			// The same answer either way, so a guessed number tells nothing.
			answers[i].text, answers[i].alert = c.T(text.NotYourMeetup), true
		case res.Err != nil:
			answers[i].text = b.problemToast(c, res.Err)
			answers[i].alert = true
			if errors.Is(res.Err, meetupbot.ErrEventCancelled) || errors.Is(res.Err, meetupbot.ErrEventOver) {
				changed[res.Event.ID] = res.Event
			}
		default:
			answers[i].text = view.Toast(c, res.AnswerResult)
			changed[res.Event.ID] = res.Event
			// A question or an offer loses its buttons with the answer,
			// stored with it; anything else pressed is a card.
			if !p.OnQuestion && p.For == 0 && !res.Event.HasCard(p.Pressed) {
				b.refreshMessage(res.Event, p.Pressed)
			}
		}
	}
	for _, ev := range changed {
		b.refreshCards(ev)
	}
	b.sendStored(ctx)
	return answers
}

// problemToast is the answer to a press that went wrong; failures the
// member cannot mend are logged here, once.
func (b *Bot) problemToast(c view.Context, err error) string {
	message, _, known := view.Problem(c, err)
	if !known {
		b.log.Error("button failed", "error", err)
	}
	return message
}

// maxParallel bounds the answers of a batch of presses in flight at once;
// the outbox has its own bound (Limits.Concurrency), and the HTTP client
// keeps connections for both.
const maxParallel = 16

// answerAll answers presses in parallel: each answer is a round trip to
// the Bot API, and a member's spinner turns until theirs arrives.
func (b *Bot) answerAll(answers []callbackAnswer) {
	var wg sync.WaitGroup
	slots := make(chan struct{}, maxParallel)
	for _, a := range answers {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			if err := b.requestAnswer(a.queryID, a.text, a.alert); err != nil && !a.quiet {
				b.log.Warn("answer button press", "error", err)
			}
		})
	}
	wg.Wait()
}

type callbackAnswer struct {
	queryID, text string
	alert         bool
	// quiet answers may find the query answered or expired already.
	quiet bool
}

// answerChain sends a batch's answers while the next batch is fetched and
// stored, but no further ahead: a press is answered at most one batch late,
// and a burst cannot pile up answers behind the poll loop.
type answerChain struct {
	mu   sync.Mutex
	last chan struct{}
}

// then waits until the previous batch is answered, then sends this one in
// the background, counted as work in flight.
func (c *answerChain) then(activity *meetupbot.Activity, send func()) {
	c.wait()
	done := make(chan struct{})
	c.mu.Lock()
	c.last = done
	c.mu.Unlock()
	activity.Begin()
	go func() {
		defer activity.End()
		defer close(done)
		send()
	}()
}

// wait returns once every queued batch is sent.
func (c *answerChain) wait() {
	c.mu.Lock()
	last := c.last
	c.mu.Unlock()
	if last != nil {
		<-last
	}
}

// onCallback handles a button press. Failures of RSVP buttons and of the
// commands buttons run are returned to be tried again; the other buttons
// answer their own.
func (b *Bot) onCallback(ctx context.Context, updateID int, q *tgbotapi.CallbackQuery) error {
	if q.From == nil {
		return nil
	}
	var chat meetupbot.Chat
	if q.Message != nil && q.Message.Chat != nil {
		chat = input.Chat(q.Message.Chat)
	}
	from, err := b.touch(ctx, chat, input.Member(q.From))
	if err != nil {
		return err
	}
	lang := from.PrivateLang(b.cfg.Language)
	if q.Message == nil || q.Message.Chat == nil {
		b.answerCallback(q.ID, text.T(lang, text.ToastOutdated), false)
		return nil
	}
	switch button := input.ParseButton(q.Data); button.Kind {
	case input.ButtonRSVP:
		return b.onRSVPButton(ctx, updateID, q, chat, from, lang)
	case input.ButtonPickGroup:
		return b.onPickGroup(ctx, updateID, q, chat, from, lang, button.GroupID)
	case input.ButtonForget:
		b.onForget(ctx, updateID, q, chat, from, lang)
	case input.ButtonAgain:
		return b.onAgain(ctx, updateID, q, chat, from, lang, button.GroupID)
	case input.ButtonNotAgain:
		return b.onAgain(ctx, updateID, q, chat, from, lang, 0)
	case input.ButtonCalendar:
		b.onCalendarButton(ctx, q, chat, from, lang, button.EventID)
	case input.ButtonRating:
		b.onRatingButton(ctx, updateID, q, chat, from, lang, button.Rating)
	case input.ButtonSpeaker:
		b.onSpeakerButton(ctx, updateID, q, chat, from, lang, button.Talk.EventID, button.Talk.TalkID, button.SpeakerOK)
	case input.ButtonTalk:
		b.onTalkButton(ctx, updateID, q, chat, from, lang, button.Talk)
	case input.ButtonDoor:
		b.onDoorButton(ctx, updateID, q, chat, from, lang, button.Door)
	case input.ButtonDraft:
		b.onDraftButton(ctx, updateID, q, chat, from, lang, button.Draft)
	default:
		b.answerCallback(q.ID, text.T(lang, text.ToastOutdated), false)
	}
	return nil
}

// onRSVPButton handles a press that is not part of a batch (in a private
// chat, or after another update of its chat) the same way as a batch of one.
func (b *Bot) onRSVPButton(ctx context.Context, updateID int, q *tgbotapi.CallbackQuery, chat meetupbot.Chat, from meetupbot.Member, lang meetupbot.Lang) error {
	press, _ := input.Press(updateID, q)
	// A button in a private chat acts only for a member of the meetup's
	// group, asked before the transaction.
	memberOf := map[int64]bool{}
	if chat.Type == "private" && chat.ID == from.ID {
		if group, err := b.meetupGroup(ctx, press.EventID); err == nil && b.isMember(ctx, group, from) {
			memberOf[group.ID] = true
		}
	}
	results, err := b.answerPresses(ctx, []meetupbot.Press{press}, allowPress(memberOf))
	if err != nil {
		// A member's mistake comes back in the results: this is the
		// storage failing.
		return apologetic{err: err, tell: func() { b.answerCallback(q.ID, text.T(lang, text.InternalError), true) }}
	}
	a := b.settlePresses(ctx, []string{q.ID}, []meetupbot.Press{press}, results)[0]
	b.answerCallback(a.queryID, a.text, a.alert)
	return nil
}

// memberGroups is the set of groups the bot has seen the member in.
func (b *Bot) memberGroups(ctx context.Context, userID int64) map[int64]bool {
	groups, err := b.dir.MemberGroups(ctx, userID)
	if err != nil {
		b.log.Error("list member groups", "member", userID, "error", err)
	}
	set := make(map[int64]bool, len(groups))
	for _, g := range groups {
		set[g.ID] = true
	}
	return set
}

// onPickGroup runs the command a member sent privately in the group they
// picked.
func (b *Bot) onPickGroup(ctx context.Context, updateID int, q *tgbotapi.CallbackQuery, chat meetupbot.Chat, from meetupbot.Member, lang meetupbot.Lang, groupID int64) error {
	outdated := text.T(lang, text.ToastOutdated)
	if chat.Type != "private" {
		b.answerCallback(q.ID, outdated, false)
		return nil
	}
	group, err := b.dir.Chat(ctx, groupID)
	if err != nil || !group.IsGroup() {
		b.answerCallback(q.ID, outdated, false)
		return nil
	}
	pending, err := b.dir.TakePending(ctx, updateID, from.ID)
	if err != nil || pending == "" {
		b.answerCallback(q.ID, outdated, false)
		return nil
	}
	b.answerCallback(q.ID, group.Title, false)
	r := &request{update: updateID, chat: chat, from: from, lang: lang, group: group, Command: input.ParsePending(pending)}
	if !b.memberGroups(ctx, from.ID)[group.ID] && !b.isOrganizer(group.ID, from.ID) {
		b.reply(r, r.T(text.NoGroupYet))
		return nil
	}
	return b.runCommand(ctx, r)
}

// freshPress is how long Telegram still takes the answer to a press (about
// 15 seconds); older ones are not even tried after a restart.
const freshPress = 15 * time.Second

// answerLeftovers answers, after a restart, the presses stored in the last
// seconds: the process may have died after storing a batch and before
// answering it, and the members' spinners would turn until they time out.
// Telegram refuses the ones already answered; that is no news.
func (b *Bot) answerLeftovers(ctx context.Context) {
	ids, err := b.meetups.PressedSince(ctx, b.clock.Now().Add(-freshPress))
	if err != nil {
		b.log.Error("read the presses of the last seconds", "error", err)
		return
	}
	answers := make([]callbackAnswer, len(ids))
	for i, id := range ids {
		answers[i] = callbackAnswer{queryID: id, text: "✓", quiet: true}
	}
	b.answerAll(answers)
}

// answerCallback answers a button press at once, outside the outbox: the
// member's app shows a spinner until it is answered.
func (b *Bot) answerCallback(queryID, body string, alert bool) {
	if err := b.requestAnswer(queryID, body, alert); err != nil {
		b.log.Warn("answer button press", "error", err)
	}
}

func (b *Bot) requestAnswer(queryID, body string, alert bool) error {
	cb := tgbotapi.NewCallback(queryID, body)
	cb.ShowAlert = alert
	_, err := b.api.Request(cb)
	return err
}

// registerCommands sets the command menus: member commands for everyone,
// organizer commands too for group administrators, each in every language.
// A failure is logged; the bot works without menus.
func (b *Bot) registerCommands() {
	menus := []struct {
		scope    tgbotapi.BotCommandScope
		commands []string
	}{
		{tgbotapi.NewBotCommandScopeDefault(), MemberCommands},
		{tgbotapi.NewBotCommandScopeAllChatAdministrators(), append(append([]string{}, MemberCommands...), OrganizerCommands...)},
	}
	for _, menu := range menus {
		for _, lang := range []meetupbot.Lang{"", meetupbot.German, meetupbot.English} {
			textLang := b.orDefault(lang)
			var commands []tgbotapi.BotCommand
			for _, name := range menu.commands {
				commands = append(commands, tgbotapi.BotCommand{Command: name, Description: text.T(textLang, text.Menu(name))})
			}
			scope := menu.scope
			cfg := tgbotapi.SetMyCommandsConfig{Commands: commands, Scope: &scope, LanguageCode: string(lang)}
			if _, err := b.api.Request(cfg); err != nil {
				b.log.Warn("register command menu", "scope", scope.Type, "language", lang, "error", err)
			}
		}
	}
}

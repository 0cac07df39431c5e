package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/meetupbot/meetupbot"
)

// cmdReminders shows or sets a group's reminder lead times.
func (b *Bot) cmdReminders(ctx context.Context, r *request) error {
	if r.args == "" {
		group, err := b.store.Chat(ctx, r.group.ID)
		if err != nil {
			return err
		}
		b.reply(r, b.remindersText(r.lang, group))
		return nil
	}
	leads, err := parseReminders(r.args)
	if err != nil {
		return err
	}
	group, err := b.store.UpdateChat(ctx, r.group.ID, func(c *meetupbot.Chat) {
		c.Reminders, c.CustomReminders = leads, true
	})
	if err != nil {
		return err
	}
	b.cfg.Planner.Replan()
	b.reply(r, b.remindersText(r.lang, group))
	return nil
}

func (b *Bot) remindersText(lang meetupbot.Lang, group meetupbot.Chat) string {
	leads := group.ReminderLeads(b.cfg.Reminders)
	if len(leads) == 0 {
		return b.t(lang, msgRemindersOff, esc(group.Title))
	}
	names := make([]string, len(leads))
	for i, d := range leads {
		names[i] = b.duration(lang, d)
	}
	return b.t(lang, msgRemindersSet, esc(group.Title), strings.Join(names, ", "))
}

// cmdRemindMe turns a member's private reminders on or off.
func (b *Bot) cmdRemindMe(ctx context.Context, r *request) error {
	if r.args == "" {
		return b.replyRemindMe(r, r.from)
	}
	on, err := parseSwitch(r.args)
	if err != nil {
		return err
	}
	m, err := b.store.UpdateMember(ctx, r.from.ID, func(m *meetupbot.Member) { m.NoReminders = !on })
	if err != nil {
		return err
	}
	return b.replyRemindMe(r, m)
}

func (b *Bot) replyRemindMe(r *request, m meetupbot.Member) error {
	switch {
	case m.NoReminders:
		b.reply(r, b.t(r.lang, msgRemindMeOff))
	case m.Started:
		b.reply(r, b.t(r.lang, msgRemindMeOn))
	default:
		b.reply(r, b.t(r.lang, msgRemindMeNotStarted, b.startLink("")))
	}
	return nil
}

// startLink is a deep link that opens a private chat with the bot and
// presses Start with payload.
func (b *Bot) startLink(payload string) string {
	link := "https://t.me/" + b.cfg.Self.UserName
	if payload != "" {
		link += "?start=" + payload
	}
	return link
}

// cmdPin turns pinning of announcements on or off for a group.
func (b *Bot) cmdPin(ctx context.Context, r *request) error {
	if r.args == "" {
		return badInput(errBadSwitch, "")
	}
	on, err := parseSwitch(r.args)
	if err != nil {
		return err
	}
	if _, err := b.store.UpdateChat(ctx, r.group.ID, func(c *meetupbot.Chat) { c.Pin = on }); err != nil {
		return err
	}
	if on {
		b.reply(r, b.t(r.lang, msgPinOn, esc(r.group.Title)))
	} else {
		b.reply(r, b.t(r.lang, msgPinOff, esc(r.group.Title)))
	}
	return nil
}

// cmdTimeZone shows or sets a group's time zone. Meetups keep their instant;
// they are shown in the new zone, and recurring posts follow its clock.
func (b *Bot) cmdTimeZone(ctx context.Context, r *request) error {
	if r.args == "" {
		b.reply(r, b.t(r.lang, msgTimeZone, esc(r.group.Title), esc(b.zone(r.group.ID).String())))
		return nil
	}
	loc, err := parseTimeZone(r.args)
	if err != nil {
		return err
	}
	if _, err := b.store.UpdateChat(ctx, r.group.ID, func(c *meetupbot.Chat) { c.TimeZone = loc.String() }); err != nil {
		return err
	}
	now := b.clock.Now()
	err = b.store.ReschedulePosts(ctx, r.group.ID, func(p meetupbot.Post) time.Time {
		next, err := b.cfg.Planner.NextPost(p.Spec, loc, now)
		if err != nil {
			b.log.Error("reschedule post", "post", p.ID, "error", err)
		}
		return next
	})
	if err != nil {
		return err
	}
	b.cfg.Planner.Replan()
	b.refreshGroupCards(ctx, r.group.ID)
	b.reply(r, b.t(r.lang, msgTimeZoneSet, esc(r.group.Title), esc(loc.String()), shortTime(r.lang, now.In(loc))))
	return nil
}

// cmdSchedule manages a group's recurring posts.
func (b *Bot) cmdSchedule(ctx context.Context, r *request) error {
	sub, rest, _ := strings.Cut(r.args, " ")
	rest = strings.TrimSpace(rest)
	switch strings.ToLower(sub) {
	case "add", "neu":
		return b.addPost(ctx, r, rest)
	case "list", "liste", "":
		return b.listPosts(ctx, r)
	case "remove", "delete", "entfernen", "löschen":
		id, ok := parseEventRef(rest)
		if !ok {
			return badInput(errBadPostRef, rest)
		}
		post, err := b.store.RemovePost(ctx, r.group.ID, id)
		if err != nil {
			return err
		}
		b.cfg.Planner.Replan()
		b.reply(r, b.t(r.lang, msgPostRemoved, post.ID, esc(post.Spec)))
		return nil
	}
	return badInput(errScheduleSub, sub)
}

func (b *Bot) addPost(ctx context.Context, r *request, args string) error {
	in, err := parseScheduleAdd(args)
	if err != nil {
		return err
	}
	loc := b.zone(r.group.ID)
	next, err := b.cfg.Planner.NextPost(in.Spec, loc, b.clock.Now())
	if err != nil {
		return badInput(errBadSpec, in.Spec, specProblem(err))
	}
	post, err := b.store.AddPost(ctx, meetupbot.Post{ChatID: r.group.ID, Spec: in.Spec, Text: in.Text, Next: next, CreatedBy: r.from.ID})
	if err != nil {
		return err
	}
	b.cfg.Planner.Replan()
	b.reply(r, b.t(r.lang, msgPostAdded, post.ID, esc(post.Spec), shortTime(r.lang, next.In(loc))))
	return nil
}

// specProblem says what is wrong with a cron spec, in the reader's
// language; cron's own messages are English and name internals.
func specProblem(err error) msgKey {
	switch {
	case errors.Is(err, meetupbot.ErrSpecTooOften):
		return specTooOften
	case errors.Is(err, meetupbot.ErrSpecZone):
		return specZone
	case errors.Is(err, meetupbot.ErrSpecNever):
		return specNever
	}
	return specMalformed
}

func (b *Bot) listPosts(ctx context.Context, r *request) error {
	posts, err := b.store.ChatPosts(ctx, r.group.ID)
	if err != nil {
		return err
	}
	if len(posts) == 0 {
		b.reply(r, b.t(r.lang, msgNoPosts, esc(r.group.Title)))
		return nil
	}
	loc := b.zone(r.group.ID)
	var sb strings.Builder
	sb.WriteString(b.t(r.lang, msgPostsHeader, esc(r.group.Title)))
	for _, p := range posts {
		next := "–"
		if !p.Next.IsZero() {
			next = shortTime(r.lang, p.Next.In(loc))
		}
		line := fmt.Sprintf("\n\n<b>%d</b> · <code>%s</code> · %s\n%s", p.ID, esc(p.Spec), b.t(r.lang, msgPostNext, next), esc(truncate(p.Text, 80)))
		if sb.Len()+len(line) > maxText {
			break
		}
		sb.WriteString(line)
	}
	b.reply(r, sb.String())
	return nil
}

// cmdRepeat makes a meetup recur, or stops its series.
func (b *Bot) cmdRepeat(ctx context.Context, r *request) error {
	idText, ruleText, _ := strings.Cut(strings.TrimSpace(r.args), " ")
	id, ok := parseEventRef(idText)
	if !ok {
		return badInput(errBadEventRef, idText)
	}
	ruleText = strings.TrimSpace(ruleText)
	if ruleText == "" {
		return badInput(errBadRule, "")
	}
	change, err := b.changeEvent(ctx, r, id, func(ev *meetupbot.Event, _ time.Time) error {
		if isOff(ruleText) {
			ev.Series = nil
			return nil
		}
		rule, err := parseRule(ruleText, ev.Start.In(b.zone(ev.ChatID)))
		if err != nil {
			return err
		}
		ev.Series = &rule
		return nil
	})
	if err != nil {
		return err
	}
	ev := change.Event
	b.cfg.Planner.Replan()
	if ev.Series == nil {
		b.reply(r, b.t(r.lang, msgRepeatOff, ev.ID, esc(ev.Title)))
		return nil
	}
	loc := b.zone(ev.ChatID)
	next := ev.Series.Next(ev.Start, loc)
	b.reply(r, b.t(r.lang, msgRepeatOn, ev.ID, esc(ev.Title), b.ruleText(r.lang, *ev.Series), shortTime(r.lang, next.In(loc))))
	return nil
}

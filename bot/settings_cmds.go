package bot

import (
	"context"
	"strings"
	"time"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/input"
	"github.com/meetupbot/meetupbot/bot/text"
	"github.com/meetupbot/meetupbot/bot/view"
)

// settings are what groups and members chose, and the groups' recurring
// posts.
type settings interface {
	UpdateChat(ctx context.Context, updateID int, id int64, edit func(*meetupbot.Chat)) (meetupbot.Chat, error)
	UpdateMember(ctx context.Context, updateID int, id int64, edit func(*meetupbot.Member)) (meetupbot.Member, error)
	SetTimeZone(ctx context.Context, updateID int, chatID int64, zone string, next func(meetupbot.Post) time.Time) (meetupbot.Chat, error)
	AddPost(ctx context.Context, updateID int, post meetupbot.Post) (meetupbot.Post, error)
	RemovePost(ctx context.Context, updateID int, chatID, postID int64) (meetupbot.Post, error)
	ChatPosts(ctx context.Context, chatID int64) ([]meetupbot.Post, error)
}

// cmdReminders shows or sets a group's reminder lead times.
func (b *Bot) cmdReminders(ctx context.Context, r *request) error {
	c := b.context(ctx, r.group.ID, r.lang)
	if r.Args == "" {
		group, err := b.dir.Chat(ctx, r.group.ID)
		if err != nil {
			return err
		}
		b.reply(r, view.Reminders(c, group, group.ReminderLeads(b.cfg.Reminders)))
		return nil
	}
	leads, err := input.ParseReminders(r.Args)
	if err != nil {
		return err
	}
	group, err := b.settings.UpdateChat(ctx, r.update, r.group.ID, func(c *meetupbot.Chat) {
		c.Reminders, c.CustomReminders = leads, true
	})
	if err != nil {
		return err
	}
	b.cfg.Planner.Replan()
	b.reply(r, view.Reminders(c, group, group.ReminderLeads(b.cfg.Reminders)))
	return nil
}

// cmdReconfirm shows or sets when the group's members going are asked
// whether they still come, and when unconfirmed places are released.
func (b *Bot) cmdReconfirm(ctx context.Context, r *request) error {
	group, err := b.dir.Chat(ctx, r.group.ID)
	if err != nil {
		return err
	}
	if r.Args != "" {
		leads, err := input.ParseReconfirm(r.Args)
		if err != nil {
			return err
		}
		if group, err = b.settings.UpdateChat(ctx, r.update, r.group.ID, func(c *meetupbot.Chat) { c.Reconfirm = &leads }); err != nil {
			return err
		}
		b.cfg.Planner.Replan()
	}
	c := b.context(ctx, r.group.ID, r.lang)
	b.reply(r, view.ReconfirmSetting(c, group, group.ReconfirmLeads(*b.cfg.Reconfirm), b.cfg.ClaimWithin))
	return nil
}

// cmdQuiet shows or sets the group's quiet hours.
func (b *Bot) cmdQuiet(ctx context.Context, r *request) error {
	group, err := b.dir.Chat(ctx, r.group.ID)
	if err != nil {
		return err
	}
	if r.Args != "" {
		hours, err := input.ParseQuiet(r.Args)
		if err != nil {
			return err
		}
		if group, err = b.settings.UpdateChat(ctx, r.update, r.group.ID, func(c *meetupbot.Chat) { c.Quiet = &hours }); err != nil {
			return err
		}
		// Deadlines from now on follow the new night; messages already
		// held keep the morning they were given.
		b.cfg.Planner.Replan()
	}
	b.reply(r, view.QuietSetting(b.context(ctx, r.group.ID, r.lang), group, group.QuietHours(*b.cfg.Quiet)))
	return nil
}

// cmdRemindMe turns a member's private reminders on or off.
func (b *Bot) cmdRemindMe(ctx context.Context, r *request) error {
	m := r.from
	if r.Args != "" {
		on, err := input.ParseSwitch(r.Args)
		if err != nil {
			return err
		}
		if m, err = b.settings.UpdateMember(ctx, r.update, r.from.ID, func(m *meetupbot.Member) { m.NoReminders = !on }); err != nil {
			return err
		}
	}
	switch {
	case m.NoReminders:
		b.reply(r, r.T(text.RemindMeOff))
	case m.Started:
		b.reply(r, r.T(text.RemindMeOn))
	default:
		b.reply(r, r.T(text.RemindMeNotStarted, input.StartLink(b.cfg.Self.UserName, "")))
	}
	return nil
}

// cmdPin turns pinning of announcements on or off for a group.
func (b *Bot) cmdPin(ctx context.Context, r *request) error {
	on, err := input.ParseSwitch(r.Args)
	if err != nil {
		return err
	}
	if _, err := b.settings.UpdateChat(ctx, r.update, r.group.ID, func(c *meetupbot.Chat) { c.Pin = on }); err != nil {
		return err
	}
	if on {
		b.reply(r, r.T(text.PinOn, view.Esc(r.group.Title)))
	} else {
		b.reply(r, r.T(text.PinOff, view.Esc(r.group.Title)))
	}
	return nil
}

// cmdTimeZone shows or sets a group's time zone. Meetups keep their instant;
// they are shown in the new zone, and recurring posts follow its clock.
func (b *Bot) cmdTimeZone(ctx context.Context, r *request) error {
	if r.Args == "" {
		b.reply(r, r.T(text.TimeZone, view.Esc(r.group.Title), view.Esc(b.context(ctx, r.group.ID, r.lang).Zone.String())))
		return nil
	}
	loc, err := input.ParseTimeZone(r.Args)
	if err != nil {
		return err
	}
	now := b.clock.Now()
	_, err = b.settings.SetTimeZone(ctx, r.update, r.group.ID, loc.String(), func(p meetupbot.Post) time.Time {
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
	c := b.context(ctx, r.group.ID, r.lang)
	b.reply(r, r.T(text.TimeZoneSet, view.Esc(r.group.Title), view.Esc(loc.String()), view.ShortTime(c, now)))
	return nil
}

// cmdSchedule manages a group's recurring posts.
func (b *Bot) cmdSchedule(ctx context.Context, r *request) error {
	sub, rest, _ := strings.Cut(r.Args, " ")
	rest = strings.TrimSpace(rest)
	switch strings.ToLower(sub) {
	case "add", "neu":
		return b.addPost(ctx, r, rest)
	case "list", "liste", "":
		posts, err := b.settings.ChatPosts(ctx, r.group.ID)
		if err != nil {
			return err
		}
		b.reply(r, view.Posts(b.context(ctx, r.group.ID, r.lang), r.group, posts))
		return nil
	case "remove", "delete", "entfernen", "löschen":
		if rest == "" {
			return input.Bad(text.NeedPostRef)
		}
		id, ok := input.ParseEventRef(rest)
		if !ok {
			return input.Bad(text.BadPostRef, rest)
		}
		post, err := b.settings.RemovePost(ctx, r.update, r.group.ID, id)
		if err != nil {
			return err
		}
		b.cfg.Planner.Replan()
		b.reply(r, r.T(text.PostRemoved, post.ID, view.Esc(post.Spec)))
		return nil
	}
	return input.Bad(text.ScheduleSub, sub)
}

func (b *Bot) addPost(ctx context.Context, r *request, args string) error {
	in, err := input.ParseScheduleAdd(args)
	if err != nil {
		return err
	}
	c := b.context(ctx, r.group.ID, r.lang)
	next, err := b.cfg.Planner.NextPost(in.Spec, c.Zone, b.clock.Now())
	if err != nil {
		return input.Bad(text.BadSpec, in.Spec, view.SpecProblem(err))
	}
	post, err := b.settings.AddPost(ctx, r.update, meetupbot.Post{ChatID: r.group.ID, Spec: in.Spec, Text: in.Text, Next: next, CreatedBy: r.from.ID})
	if err != nil {
		return err
	}
	b.cfg.Planner.Replan()
	b.reply(r, r.T(text.PostAdded, post.ID, view.Esc(post.Spec), view.ShortTime(c, next)))
	return nil
}

// cmdRepeat makes a meetup recur, or stops its series.
func (b *Bot) cmdRepeat(ctx context.Context, r *request) error {
	idText, ruleText, _ := strings.Cut(strings.TrimSpace(r.Args), " ")
	id, err := input.ParseEventArg(idText)
	if err != nil {
		return err
	}
	ruleText = strings.TrimSpace(ruleText)
	if ruleText == "" {
		return input.Bad(text.BadRule, "")
	}
	c := b.context(ctx, r.group.ID, r.lang)
	change, err := b.changeEvent(ctx, r, id, func(ev *meetupbot.Event, _ time.Time) error {
		if input.IsOff(ruleText) {
			ev.Series = nil
			return nil
		}
		rule, err := input.ParseRule(ruleText, ev.Start.In(c.Zone))
		if err != nil {
			return err
		}
		ev.Series = &rule
		return nil
	}, nil)
	if err != nil {
		return err
	}
	ev := change.Event
	b.cfg.Planner.Replan()
	if ev.Series == nil {
		b.reply(r, r.T(text.RepeatOff, ev.ID, view.Esc(ev.Title)))
		return nil
	}
	next := ev.Series.Next(ev.Start, c.Zone)
	b.reply(r, r.T(text.RepeatOn, ev.ID, view.Esc(ev.Title), view.Rule(c, *ev.Series), view.ShortTime(c, next)))
	return nil
}

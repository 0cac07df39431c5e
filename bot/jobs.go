package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/meetupbot/meetupbot"
)

// Perform does a scheduled job: it renders the job's messages and stores
// them in the transaction that marks the job done, then sends them.
func (b *Bot) Perform(ctx context.Context, job meetupbot.Job) error {
	switch job.Kind {
	case meetupbot.JobAnnounce:
		return b.announce(ctx, job.Event, false)
	case meetupbot.JobRemind:
		return b.remind(ctx, job)
	case meetupbot.JobPost:
		return b.firePost(ctx, job, true)
	case meetupbot.JobContinue:
		return b.continueSeries(ctx, job)
	}
	return fmt.Errorf("unknown job kind %d", job.Kind)
}

// Drop marks a job that is no longer useful done without sending anything.
func (b *Bot) Drop(ctx context.Context, job meetupbot.Job) error {
	switch job.Kind {
	case meetupbot.JobAnnounce:
		return b.store.SkipAnnouncement(ctx, job.Event.ID)
	case meetupbot.JobRemind:
		_, err := b.store.QueueReminder(ctx, job.Event.ID, job.Event.Start, job.Before, nil)
		return err
	case meetupbot.JobPost:
		return b.firePost(ctx, job, false)
	}
	return fmt.Errorf("%s jobs are never dropped", job.Kind)
}

// remind tells the group, replying to the announcement, and privately each
// member who comes or may come and who started the bot.
func (b *Bot) remind(ctx context.Context, job meetupbot.Job) error {
	ev, err := b.store.Event(ctx, job.Event.ID)
	if err != nil {
		return err
	}
	now := b.clock.Now()
	lang := b.groupLang(ctx, ev.ChatID)
	outs := []meetupbot.Outgoing{{
		ChatID:  ev.ChatID,
		Text:    b.reminderText(lang, ev, now) + "\n\n" + b.t(lang, msgReminderStartBot, esc(b.startLink(startPayload(ev.ID)))),
		ReplyTo: ev.Announcement.MessageID,
	}}
	attendees, err := b.store.Attendees(ctx, ev.ID)
	if err != nil {
		return err
	}
	for _, a := range attendees {
		if !a.Member.Started || a.Member.NoReminders || (a.Status != meetupbot.StatusGoing && a.Status != meetupbot.StatusMaybe) {
			continue
		}
		plang := a.Member.PrivateLang(b.cfg.Language)
		status := b.t(plang, reminderYouGo)
		if a.Status == meetupbot.StatusMaybe {
			status = b.t(plang, reminderYouMaybe)
		}
		outs = append(outs, meetupbot.Outgoing{
			ChatID: a.Member.ID,
			Text:   b.reminderText(plang, ev, now) + "\n\n" + status + "\n" + b.t(plang, reminderHowToStop),
			Buttons: [][]meetupbot.Button{{
				{Text: b.t(plang, btnConfirm), Data: rsvpData(ev.ID, 'y')},
				{Text: b.t(plang, btnCancelVisit), Data: rsvpData(ev.ID, 'n')},
			}},
		})
	}
	if _, err := b.store.QueueReminder(ctx, ev.ID, job.Event.Start, job.Before, outs); err != nil {
		return err
	}
	b.sendStored(ctx)
	return nil
}

// startPayload opens the meetup's card when a member starts the bot from a
// deep link.
func startPayload(eventID int64) string { return fmt.Sprintf("e%d", eventID) }

// reminderText is what a reminder says, in the group and privately: when,
// where, how many come and how many places are free.
func (b *Bot) reminderText(lang meetupbot.Lang, ev meetupbot.Event, now time.Time) string {
	text := b.t(lang, reminderHeader, esc(ev.Title), b.duration(lang, roundLead(ev.Start.Sub(now)))) +
		"\n🗓 " + b.when(lang, ev) + "\n📍 " + esc(ev.Venue) + "\n" + b.t(lang, cardGoing, ev.Tally.Seats()) +
		" · " + b.t(lang, cardOthers, ev.Tally.Maybe, ev.Tally.WaitingPeople) + "\n"
	if ev.Unlimited() {
		return text + b.t(lang, cardUnlimited)
	}
	return text + b.t(lang, cardFree, ev.Free(), ev.Capacity)
}

// roundLead rounds the time left to what a person would say: minutes under
// two hours, hours under two days, days beyond.
func roundLead(d time.Duration) time.Duration {
	switch {
	case d < 2*time.Hour:
		return d.Round(time.Minute)
	case d < 48*time.Hour:
		return d.Round(time.Hour)
	}
	return d.Round(24 * time.Hour)
}

// firePost sends a recurring post (or, when send is false, skips a run that
// is too late) and moves the post on to its following run.
func (b *Bot) firePost(ctx context.Context, job meetupbot.Job, send bool) error {
	var outs []meetupbot.Outgoing
	if send {
		outs = []meetupbot.Outgoing{{ChatID: job.Post.ChatID, Text: esc(job.Post.Text)}}
	}
	if _, err := b.store.FirePost(ctx, job.Post.ID, job.Due, job.Following, outs); err != nil {
		return err
	}
	b.sendStored(ctx)
	return nil
}

// continueSeries creates the next meetup of a series with the same title,
// venue, description, capacity and time of day. It is announced by the
// same lead time, by the scheduler.
func (b *Bot) continueSeries(ctx context.Context, job meetupbot.Job) error {
	ev := job.Event
	now := b.clock.Now()
	next, err := b.store.ContinueSeries(ctx, ev.ID, meetupbot.Event{
		ChatID: ev.ChatID, Title: ev.Title, Venue: ev.Venue, Description: ev.Description,
		Start: job.Next, Capacity: ev.Capacity, Series: ev.Series,
		AnnounceBefore: ev.AnnounceBefore, AnnounceNever: ev.AnnounceNever,
		CreatedBy: ev.CreatedBy, CreatedAt: now, PlannedAt: now,
	})
	if err != nil {
		return err
	}
	b.log.Info("series continued", "event", ev.ID, "next", next.ID, "start", next.Start)
	return nil
}

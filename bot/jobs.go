package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/view"
)

// jobStore marks scheduled jobs done together with the messages they send.
type jobStore interface {
	QueueAnnouncement(ctx context.Context, updateID int, eventID int64, out meetupbot.Outgoing, again bool, now time.Time) (meetupbot.Outgoing, error)
	SkipAnnouncement(ctx context.Context, eventID int64) error
	QueueReminder(ctx context.Context, eventID int64, start time.Time, before time.Duration, outs []meetupbot.Outgoing) ([]meetupbot.Outgoing, error)
	ContinueSeries(ctx context.Context, eventID int64, next meetupbot.Event) (meetupbot.Event, error)
	FirePost(ctx context.Context, postID int64, due, following time.Time, outs []meetupbot.Outgoing) ([]meetupbot.Outgoing, error)
}

// Perform does a scheduled job: it draws the job's messages and stores
// them in the transaction that marks the job done, then sends them.
func (b *Bot) Perform(ctx context.Context, job meetupbot.Job) error {
	switch job.Kind {
	case meetupbot.JobAnnounce:
		return b.announce(ctx, 0, job.Event, false)
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
		return b.jobs.SkipAnnouncement(ctx, job.Event.ID)
	case meetupbot.JobRemind:
		_, err := b.jobs.QueueReminder(ctx, job.Event.ID, job.Event.Start, job.Before, nil)
		return err
	case meetupbot.JobPost:
		return b.firePost(ctx, job, false)
	}
	return fmt.Errorf("%s jobs are never dropped", job.Kind)
}

// remind tells the group, replying to the announcement, and privately each
// member who wants a reminder.
func (b *Bot) remind(ctx context.Context, job meetupbot.Job) error {
	ev, err := b.meetups.Event(ctx, job.Event.ID)
	if err != nil {
		return err
	}
	group := b.groupContext(ctx, ev.ChatID)
	outs := []meetupbot.Outgoing{view.GroupReminder(group, ev)}
	attendees, err := b.meetups.Attendees(ctx, ev.ID)
	if err != nil {
		return err
	}
	for _, a := range attendees {
		if a.WantsReminder() {
			outs = append(outs, view.PrivateReminder(group.In(a.Member.PrivateLang(b.cfg.Language)), ev, a))
		}
	}
	if _, err := b.jobs.QueueReminder(ctx, ev.ID, job.Event.Start, job.Before, outs); err != nil {
		return err
	}
	b.sendStored(ctx)
	return nil
}

// firePost sends a recurring post (or, when send is false, skips a run that
// is too late) and moves the post on to its following run.
func (b *Bot) firePost(ctx context.Context, job meetupbot.Job, send bool) error {
	var outs []meetupbot.Outgoing
	if send {
		group := b.context(ctx, job.Post.ChatID, b.cfg.Language)
		outs = []meetupbot.Outgoing{{ChatID: job.Post.ChatID, Thread: group.Topic, Text: view.Esc(job.Post.Text)}}
	}
	if _, err := b.jobs.FirePost(ctx, job.Post.ID, job.Due, job.Following, outs); err != nil {
		return err
	}
	b.sendStored(ctx)
	return nil
}

// continueSeries creates the next meetup of a series; the scheduler
// announces it by the same lead time.
func (b *Bot) continueSeries(ctx context.Context, job meetupbot.Job) error {
	next, err := b.jobs.ContinueSeries(ctx, job.Event.ID, job.Event.NextOccurrence(job.Next, b.clock.Now()))
	if err != nil {
		return err
	}
	b.log.Info("series continued", "event", job.Event.ID, "next", next.ID, "start", next.Start)
	return nil
}

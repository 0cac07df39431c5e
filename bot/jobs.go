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
	AskReconfirm(ctx context.Context, eventID int64, start, now time.Time, claimWithin time.Duration, ask func(meetupbot.Event, []meetupbot.Attendee) []meetupbot.Outgoing) error
	ReleaseUnconfirmed(ctx context.Context, eventID int64, start, now time.Time, skip bool, night meetupbot.Night, notify meetupbot.Notify) (meetupbot.EventChange, error)
	ExpireClaims(ctx context.Context, eventID int64, now time.Time, night meetupbot.Night, notify meetupbot.Notify) (meetupbot.EventChange, error)
	TellChange(ctx context.Context, eventID int64, due time.Time, notify meetupbot.Notify) error
	RemindSpeaker(ctx context.Context, eventID, talkID int64, start time.Time, outs []meetupbot.Outgoing) error
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
	case meetupbot.JobReconfirm:
		return b.askReconfirm(ctx, job)
	case meetupbot.JobRelease:
		return b.release(ctx, job, false)
	case meetupbot.JobClaims:
		return b.expireClaims(ctx, job)
	case meetupbot.JobSpeaker:
		return b.remindSpeaker(ctx, job)
	case meetupbot.JobFeedback:
		return b.askFeedback(ctx, job, false)
	case meetupbot.JobChangeNotice:
		return b.tellChange(ctx, job)
	case meetupbot.JobWake:
		b.sendStored(ctx)
		return nil
	case meetupbot.JobSummary:
		return b.summarizeFeedback(ctx, job)
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
	case meetupbot.JobRelease:
		return b.release(ctx, job, true)
	case meetupbot.JobFeedback:
		return b.askFeedback(ctx, job, true)
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
	now := b.clock.Now()
	for _, a := range attendees {
		if ev.Reminds(a, now) {
			outs = append(outs, view.PrivateReminder(group.In(a.Member.PrivateLang(b.cfg.Language)), ev, a))
		}
	}
	if _, err := b.jobs.QueueReminder(ctx, ev.ID, job.Event.Start, job.Before, outs); err != nil {
		return err
	}
	b.sendStored(ctx)
	return nil
}

// askReconfirm asks everyone going whether they still come, with the time
// by which their answer counts.
func (b *Bot) askReconfirm(ctx context.Context, job meetupbot.Job) error {
	chat, err := b.dir.Chat(ctx, job.Event.ChatID)
	if err != nil {
		return err
	}
	group := b.contextOf(chat, b.orDefault(chat.Lang))
	deadline := chat.ReconfirmLeads(*b.cfg.Reconfirm).Deadline
	err = b.jobs.AskReconfirm(ctx, job.Event.ID, job.Event.Start, b.clock.Now(), b.cfg.ClaimWithin, func(ev meetupbot.Event, going []meetupbot.Attendee) []meetupbot.Outgoing {
		return view.ReconfirmQuestions(group, b.cfg.Language, ev, going, ev.ReleaseDue(deadline, group.Night))
	})
	if err != nil {
		return err
	}
	b.sendStored(ctx)
	return nil
}

// release gives the places of those who did not reconfirm to the waiting
// list; skip only marks the step done, when it came too close to the start.
func (b *Bot) release(ctx context.Context, job meetupbot.Job, skip bool) error {
	night, notify := b.notify(ctx, job.Event.ChatID)
	change, err := b.jobs.ReleaseUnconfirmed(ctx, job.Event.ID, job.Event.Start, b.clock.Now(), skip, night, notify)
	if err != nil {
		return err
	}
	if len(change.Released) > 0 {
		b.log.Info("released unconfirmed places", "event", change.Event.ID, "released", len(change.Released), "moved_up", len(change.Promoted))
		b.refreshCards(change.Event)
		b.sendStored(ctx)
	}
	return nil
}

// expireClaims passes on the places of members who moved up and did not
// confirm in time.
func (b *Bot) expireClaims(ctx context.Context, job meetupbot.Job) error {
	night, notify := b.notify(ctx, job.Event.ChatID)
	change, err := b.jobs.ExpireClaims(ctx, job.Event.ID, b.clock.Now(), night, notify)
	if err != nil {
		return err
	}
	b.refreshCards(change.Event)
	b.sendStored(ctx)
	return nil
}

// tellChange tells members, once the organizer's edits have settled, how a
// meetup changed since they last heard of it.
func (b *Bot) tellChange(ctx context.Context, job meetupbot.Job) error {
	_, notify := b.notify(ctx, job.Event.ChatID)
	if err := b.jobs.TellChange(ctx, job.Event.ID, job.Event.Notice.Due, notify); err != nil {
		return err
	}
	b.sendStored(ctx)
	return nil
}

// remindSpeaker asks a speaker, privately, whether all is set for their
// talk. A speaker who never started the bot cannot be written to; the job
// is done all the same.
func (b *Bot) remindSpeaker(ctx context.Context, job meetupbot.Job) error {
	var outs []meetupbot.Outgoing
	for _, s := range job.Event.Speakers {
		if s.TalkID != job.TalkID {
			continue
		}
		if m, err := b.dir.Member(ctx, s.MemberID); err == nil && m.Started {
			c := b.groupContext(ctx, job.Event.ChatID).In(m.PrivateLang(b.cfg.Language))
			outs = append(outs, view.SpeakerReminder(c, job.Event, s))
		}
	}
	if err := b.jobs.RemindSpeaker(ctx, job.Event.ID, job.TalkID, job.Event.Start, outs); err != nil {
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

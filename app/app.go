// Package app is meetupbot's one wiring: the bot and its scheduler over one
// store and one clock, started together and stopped in order. cmd/meetupbot
// serves it, the playground runs it against telegramtest, and the bot's
// end-to-end tests run it, so what they test is how production is put
// together (benbjohnson/wtf's cmd/wtfd Main, which its end-to-end tests
// reuse). Like the front doors it connects adapters (bot and schedule);
// only front doors and end-to-end tests import it.
package app

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot"
	"github.com/meetupbot/meetupbot/schedule"
)

// Store is what the bot and the scheduler keep their state in.
type Store interface {
	bot.Store
	schedule.Source
}

// Jobs counts the scheduler's jobs by outcome, for the operator's dashboard.
type Jobs interface {
	Job(kind, outcome string)
}

// Config is how the bot and its scheduler behave.
type Config struct {
	// Bot is how the bot behaves; New sets its Self, Planner, Logger and
	// Activity.
	Bot bot.Config
	// Jobs, when set, counts the scheduler's jobs: done (within a minute of
	// being due), late, dropped or failed.
	Jobs Jobs
}

// Main is the bot and its scheduler, wired together.
type Main struct {
	bot       *bot.Bot
	sched     *schedule.Scheduler
	performer schedule.Performer
	activity  *meetupbot.Activity
}

// New builds the bot and its scheduler on store and clock; Run starts them.
func New(api bot.Client, store Store, clock meetupbot.Clock, cfg Config, log *slog.Logger) *Main {
	m := &Main{activity: &meetupbot.Activity{}}
	m.sched = schedule.New(store, clock, schedule.Policy{Defaults: cfg.Bot.Defaults}, log)
	cfg.Bot.Self, cfg.Bot.Planner, cfg.Bot.Logger, cfg.Bot.Activity = api.Self, m.sched, log, m.activity
	m.bot = bot.New(api, store, clock, cfg.Bot)
	m.performer = m.bot
	if cfg.Jobs != nil {
		m.performer = countedJobs{m.bot, cfg.Jobs, clock}
	}
	return m
}

// Run runs the bot and the scheduler until ctx is done. The scheduler stops
// with the bot, after the bot has sent what it still could: jobs it queued
// after the bot stopped would wait for the next start anyway.
func (m *Main) Run(ctx context.Context) error {
	schedCtx, stopSched := context.WithCancel(ctx)
	scheduled := make(chan error, 1)
	go func() { scheduled <- m.sched.Run(schedCtx, m.performer) }()
	err := m.bot.Run(ctx)
	stopSched()
	return errors.Join(err, <-scheduled)
}

// Backlog is how many messages wait to be sent and how long the oldest has
// waited.
func (m *Main) Backlog() (int, time.Duration) { return m.bot.Backlog() }

// Lag is how far the scheduler is behind its next due job.
func (m *Main) Lag() time.Duration { return m.sched.Lag() }

// NextJob is when the next job falls due; zero when none is planned.
func (m *Main) NextJob() time.Time { return m.sched.NextJob() }

// HandleUpdate handles an update Telegram posted to the webhook.
func (m *Main) HandleUpdate(ctx context.Context, raw []byte) error {
	return m.bot.HandleUpdate(ctx, raw)
}

// CalendarFeed is a group's calendar by its feed token.
func (m *Main) CalendarFeed(ctx context.Context, token string) ([]byte, bool, error) {
	return m.bot.CalendarFeed(ctx, token)
}

// Idle reports whether the bot and the scheduler are done with everything
// they were given: the scheduler has nothing due by its clock and nothing is
// in flight in the bot or its outbox. The channel, when not nil, closes when
// the bot's work next ends; the scheduler tells no one when it is done, so
// while it is busy the channel is nil and Idle must be asked again. Whether
// Telegram's updates have all been fetched is for the caller to ask first.
func (m *Main) Idle() (bool, <-chan struct{}) {
	if m.sched.Busy() {
		return false, nil
	}
	return m.activity.Idle()
}

// countedJobs counts the scheduler's jobs by outcome as they are done.
type countedJobs struct {
	bot   *bot.Bot
	jobs  Jobs
	clock meetupbot.Clock
}

func (c countedJobs) Perform(ctx context.Context, job meetupbot.Job) error {
	err := c.bot.Perform(ctx, job)
	outcome := "done"
	switch {
	case errors.Is(err, meetupbot.ErrJobDone):
		return err
	case err != nil:
		outcome = "failed"
	case c.clock.Now().Sub(job.Due) > time.Minute:
		outcome = "late"
	}
	c.jobs.Job(job.Kind.String(), outcome)
	return err
}

func (c countedJobs) Drop(ctx context.Context, job meetupbot.Job) error {
	err := c.bot.Drop(ctx, job)
	if err == nil {
		c.jobs.Job(job.Kind.String(), "dropped")
	}
	return err
}

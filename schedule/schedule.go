// Package schedule is meetupbot's sense of time: it announces meetups,
// reminds members, keeps recurring posts and continues meetup series.
//
// Jobs are not rows kept beside the meetups; they are derived from the
// stored meetups, group settings and posts, whose records say which jobs are
// done. Moving a meetup therefore moves its jobs, and a job is marked done in
// the transaction that queues its messages, so nothing is lost or sent twice
// across a restart. robfig/cron parses and evaluates the cron specs; its own
// runner is not used, because it reads the wall clock (tests inject a clock)
// and keeps its entries in memory only.
package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/meetupbot/meetupbot"
)

// Source is the stored state jobs are derived from.
type Source interface {
	// ScheduledEvents lists meetups that start after since, and meetups of
	// a series whose next occurrence does not exist yet.
	ScheduledEvents(ctx context.Context, since time.Time) ([]meetupbot.Event, error)
	Chat(ctx context.Context, id int64) (meetupbot.Chat, error)
	Posts(ctx context.Context) ([]meetupbot.Post, error)
	// AnonymizeBefore deletes the answers of meetups that started before
	// cutoff, keeping their counts.
	AnonymizeBefore(ctx context.Context, cutoff time.Time) (int, error)
	// HeldUntil is when the first stored message held through the night
	// until after after may go; zero when none is held.
	HeldUntil(ctx context.Context, after time.Time) (time.Time, error)
}

// Performer does jobs: it renders and queues their messages and marks them
// done in one transaction (meetupbot.ErrJobDone when one already was).
type Performer interface {
	Perform(ctx context.Context, job meetupbot.Job) error
	// Drop marks a stale job done without sending anything.
	Drop(ctx context.Context, job meetupbot.Job) error
}

// Timing of the scheduler's loop.
const (
	// lookback bounds how far back meetups are read: downtime longer than
	// this drops their jobs without a log line.
	lookback = 7 * 24 * time.Hour
	// maxSleep makes the loop look again now and then, so a jump of the
	// wall clock (a suspended host) is noticed.
	maxSleep = time.Minute
	// retryAfter spaces retries of a job that failed.
	retryAfter = 30 * time.Second
	// anonymizeEvery spaces the retention sweeps.
	anonymizeEvery = time.Hour
	// maxRounds bounds a tick: each round's jobs may create more (a series'
	// next meetup is announced at once), but never endlessly.
	maxRounds = 8
)

// Scheduler runs jobs when they are due.
type Scheduler struct {
	src    Source
	clock  meetupbot.Clock
	policy Policy
	log    *slog.Logger
	wake   chan struct{}
	// anonymized is when the last retention sweep ran; only Run's
	// goroutine touches it.
	anonymized time.Time
	// woke is the time of held messages last sent on their way: they stay
	// stored until delivered, and must not make the wake due again.
	woke time.Time

	// busyMu guards what Busy reports: a tick under way, a Replan not yet
	// looked at, and when the next job falls due.
	busyMu   sync.Mutex
	ticking  bool
	replan   bool
	nextWake time.Time
}

// New builds a scheduler; Run starts it. Settings the policy leaves unset
// are the domain's defaults.
func New(src Source, clock meetupbot.Clock, policy Policy, log *slog.Logger) *Scheduler {
	policy.Defaults = policy.Defaults.Filled()
	if policy.PostGrace <= 0 {
		policy.PostGrace = time.Hour
	}
	if log == nil {
		log = slog.Default()
	}
	// Until its first tick, a scheduler has not looked at what is due.
	return &Scheduler{src: src, clock: clock, policy: policy, log: log, wake: make(chan struct{}, 1), replan: true}
}

// Replan makes the scheduler look at the stored state again, after a meetup,
// a group setting or a post changed.
func (s *Scheduler) Replan() {
	s.busyMu.Lock()
	s.replan = true
	s.busyMu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Busy reports whether the scheduler has work it has not finished: a tick
// under way, a Replan it has not looked at, or a job due by its clock. With
// a clock that only moves when told, not Busy means nothing will happen
// until the clock moves or something calls Replan.
func (s *Scheduler) Busy() bool {
	s.busyMu.Lock()
	defer s.busyMu.Unlock()
	return s.ticking || s.replan || (!s.nextWake.IsZero() && !s.clock.Now().Before(s.nextWake))
}

// Lag is how far the scheduler is behind its next due job: zero while
// nothing is overdue.
func (s *Scheduler) Lag() time.Duration {
	s.busyMu.Lock()
	defer s.busyMu.Unlock()
	if s.nextWake.IsZero() {
		return 0
	}
	return max(s.clock.Now().Sub(s.nextWake), 0)
}

// NextJob is when the next job falls due, as of the last tick; zero when
// none is planned. The playground moves its clock there.
func (s *Scheduler) NextJob() time.Time {
	s.busyMu.Lock()
	defer s.busyMu.Unlock()
	return s.nextWake
}

// ticked records the end of a tick and when the next job is due.
func (s *Scheduler) ticked(wake time.Time, failed bool) {
	s.busyMu.Lock()
	defer s.busyMu.Unlock()
	s.ticking = false
	s.nextWake = wake
	if failed {
		// A failed job is retried later, not now: it does not keep the
		// scheduler busy in the meantime.
		s.nextWake = time.Time{}
	}
}

// NextPost checks a cron spec and says when it runs first after after, in
// loc.
func (s *Scheduler) NextPost(spec string, loc *time.Location, after time.Time) (time.Time, error) {
	parsed, err := ParseSpec(spec)
	if err != nil {
		return time.Time{}, err
	}
	next, shift := parsed.Next(loc, after)
	s.logShift(spec, loc, next, shift)
	return next, nil
}

// Run does due jobs until ctx is done.
func (s *Scheduler) Run(ctx context.Context, p Performer) error {
	for {
		s.busyMu.Lock()
		s.ticking, s.replan = true, false
		s.busyMu.Unlock()
		s.anonymize(ctx)
		wake, err := s.Tick(ctx, p)
		s.ticked(wake, err != nil)
		if ctx.Err() != nil {
			return nil
		}
		sleep := maxSleep
		if err != nil {
			s.log.Error("scheduled jobs failed; retrying", "in", retryAfter, "error", err)
			sleep = retryAfter
		}
		if !wake.IsZero() {
			sleep = min(sleep, max(wake.Sub(s.clock.Now()), 0))
		}
		timer := s.clock.After(sleep)
		// The clock may have moved past wake while the timer was set up.
		if !wake.IsZero() && !s.clock.Now().Before(wake) {
			continue
		}
		select {
		case <-ctx.Done():
			return nil
		case <-s.wake:
		case <-timer:
		}
	}
}

// anonymize deletes the answers of meetups past the retention period, at
// most once an hour.
func (s *Scheduler) anonymize(ctx context.Context) {
	now := s.clock.Now()
	if s.policy.Retention <= 0 || now.Sub(s.anonymized) < anonymizeEvery {
		return
	}
	s.anonymized = now
	n, err := s.src.AnonymizeBefore(ctx, now.Add(-s.policy.Retention))
	switch {
	case err != nil:
		s.log.Error("anonymise old meetups", "error", err)
	case n > 0:
		s.log.Info("anonymised the answers of old meetups", "meetups", n, "retention", s.policy.Retention)
	}
}

// Tick does every job due now and says when the next one is due. A job that
// fails or panics is logged and does not stop the others; it is tried again
// after retryAfter.
func (s *Scheduler) Tick(ctx context.Context, p Performer) (time.Time, error) {
	for range maxRounds {
		plan, err := s.plan(ctx, s.clock.Now())
		if err != nil {
			return time.Time{}, err
		}
		if len(plan.Due) == 0 && len(plan.Dropped) == 0 {
			return plan.Wake, nil
		}
		var errs []error
		for _, d := range plan.Dropped {
			s.log.Warn("dropped a job that is no longer useful", jobAttrs(d.Job, "reason", d.Reason)...)
			if err := s.do(ctx, d.Job, p.Drop); err != nil {
				errs = append(errs, err)
			}
		}
		for _, job := range plan.Due {
			if err := s.do(ctx, job, p.Perform); err != nil {
				errs = append(errs, err)
			} else if job.Kind == meetupbot.JobWake {
				s.woke = job.Due
			}
		}
		if len(errs) > 0 {
			return plan.Wake, errors.Join(errs...)
		}
		// Done jobs may have made new ones due (a series' next meetup,
		// announced at once when it is close).
	}
	return time.Time{}, errors.New("jobs stay due after being done")
}

// do runs one job. Failures are returned so Run retries later rather than
// spinning; a job that another path already did is fine.
func (s *Scheduler) do(ctx context.Context, job meetupbot.Job, run func(context.Context, meetupbot.Job) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("scheduled job panicked", jobAttrs(job, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))...)
			err = fmt.Errorf("%s job panicked: %v", job.Kind, r)
		}
	}()
	err = run(ctx, job)
	if errors.Is(err, meetupbot.ErrJobDone) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s job due %s: %w", job.Kind, job.Due.Format(time.RFC3339), err)
	}
	s.log.Info("scheduled job done", jobAttrs(job)...)
	return nil
}

func jobAttrs(job meetupbot.Job, extra ...any) []any {
	attrs := []any{"job", job.Kind.String(), "due", job.Due}
	switch job.Kind {
	case meetupbot.JobPost:
		attrs = append(attrs, "post", job.Post.ID, "chat", job.Post.ChatID)
	case meetupbot.JobRemind:
		attrs = append(attrs, "event", job.Event.ID, "before", job.Before)
	default:
		attrs = append(attrs, "event", job.Event.ID)
	}
	return append(attrs, extra...)
}

func (s *Scheduler) logShift(spec string, loc *time.Location, at time.Time, shift Shift) {
	switch shift {
	case Skipped:
		s.log.Warn("cron time falls in the hour skipped by daylight saving; running after the change", "spec", spec, "zone", loc.String(), "at", at)
	case Repeated:
		s.log.Info("cron time falls in the hour repeated by daylight saving; running once, at the first", "spec", spec, "zone", loc.String(), "at", at)
	}
}

func (s *Scheduler) plan(ctx context.Context, now time.Time) (Plan, error) {
	events, err := s.src.ScheduledEvents(ctx, now.Add(-lookback))
	if err != nil {
		return Plan{}, fmt.Errorf("read meetups: %w", err)
	}
	posts, err := s.src.Posts(ctx)
	if err != nil {
		return Plan{}, fmt.Errorf("read posts: %w", err)
	}
	chats := map[int64]meetupbot.Chat{}
	groupOf := func(id int64) (meetupbot.Chat, error) {
		if chat, ok := chats[id]; ok {
			return chat, nil
		}
		chat, err := s.src.Chat(ctx, id)
		if err != nil {
			return chat, fmt.Errorf("read group %d: %w", id, err)
		}
		chats[id] = chat
		return chat, nil
	}
	for _, ev := range events {
		if _, err := groupOf(ev.ChatID); err != nil {
			return Plan{}, err
		}
	}
	runs := make([]postRun, 0, len(posts))
	for _, post := range posts {
		chat, err := groupOf(post.ChatID)
		if err != nil {
			return Plan{}, err
		}
		if chat.Removed {
			continue
		}
		run := postRun{post: post}
		if !post.Next.IsZero() && !post.Next.After(now) {
			spec, err := ParseSpec(post.Spec)
			if err != nil {
				s.log.Error("stored cron spec no longer parses", "post", post.ID, "spec", post.Spec, "error", err)
				continue
			}
			loc := chat.Location(s.policy.Location)
			after := post.Next
			if now.Sub(post.Next) > s.policy.PostGrace {
				after = now
			}
			var shift Shift
			run.following, shift = spec.Next(loc, after)
			s.logShift(post.Spec, loc, run.following, shift)
		}
		runs = append(runs, run)
	}
	held, err := s.src.HeldUntil(ctx, s.woke)
	if err != nil {
		return Plan{}, fmt.Errorf("read held messages: %w", err)
	}
	plan := makePlan(s.policy, now, events, chats, runs)
	plan.wake(now, held)
	return plan, nil
}

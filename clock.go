package meetupbot

import (
	"sync"
	"time"
)

// Clock is the one source of time: the scheduler, the outbox's pacing and
// the poll loop's backoff all read it, so tests and the playground move time
// by hand instead of sleeping.
type Clock interface {
	Now() time.Time
	// After fires once the clock has moved d on.
	After(d time.Duration) <-chan time.Time
}

// SystemClock is the wall clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }

// After waits for the duration to pass.
func (SystemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// ManualClock stands still until it is set or advanced: the clock of tests,
// and of the playground's time travel.
type ManualClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []clockWaiter
}

type clockWaiter struct {
	at time.Time
	ch chan time.Time
}

// NewManualClock returns a clock showing now.
func NewManualClock(now time.Time) *ManualClock { return &ManualClock{now: now} }

// Now returns the clock's time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// After fires once the clock is set to d from now or later.
func (c *ManualClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, clockWaiter{at: c.now.Add(d), ch: ch})
	return ch
}

// Set moves the clock to t and fires every After that is due.
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if t.Before(w.at) {
			kept = append(kept, w)
			continue
		}
		w.ch <- t
	}
	c.waiters = kept
}

// Advance moves the clock on by d.
func (c *ManualClock) Advance(d time.Duration) { c.Set(c.Now().Add(d)) }

// Activity counts work in flight across the bot, its outbox and the
// scheduler, so tests and the playground can wait until everything an input
// caused is done. Work hands over by beginning the next piece before ending
// its own, so the count never touches zero in between.
type Activity struct {
	mu      sync.Mutex
	busy    int
	changed chan struct{}
}

// Begin marks one piece of work as started.
func (a *Activity) Begin() {
	if a == nil {
		return
	}
	a.mu.Lock()
	a.busy++
	a.mu.Unlock()
}

// End marks one piece of work as done.
func (a *Activity) End() {
	if a == nil {
		return
	}
	a.mu.Lock()
	a.busy--
	if a.busy < 0 {
		a.mu.Unlock()
		panic("meetupbot: Activity.End without Begin")
	}
	if a.busy == 0 && a.changed != nil {
		close(a.changed)
		a.changed = nil
	}
	a.mu.Unlock()
}

// Idle reports whether no work is in flight, and returns a channel that is
// closed when that next becomes true.
func (a *Activity) Idle() (bool, <-chan struct{}) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.busy == 0 {
		return true, nil
	}
	if a.changed == nil {
		a.changed = make(chan struct{})
	}
	return false, a.changed
}

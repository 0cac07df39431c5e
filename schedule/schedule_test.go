package schedule

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/meetupbot/meetupbot"
)

// memory is a Source and a Performer in memory: performing an announcement
// marks it done, as storage does in the transaction that queues it.
type memory struct {
	mu        sync.Mutex
	events    map[int64]meetupbot.Event
	announced chan int64
	panicOn   int64
	// held is when stored messages held through the night may go; woken
	// receives each JobWake.
	held  time.Time
	woken chan time.Time
}

func newMemory(events ...meetupbot.Event) *memory {
	m := &memory{events: map[int64]meetupbot.Event{}, announced: make(chan int64, 10), woken: make(chan time.Time, 10)}
	for _, ev := range events {
		m.events[ev.ID] = ev
	}
	return m
}

func (m *memory) ScheduledEvents(context.Context, time.Time) ([]meetupbot.Event, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var list []meetupbot.Event
	for _, ev := range m.events {
		list = append(list, ev)
	}
	return list, nil
}

func (m *memory) Chat(_ context.Context, id int64) (meetupbot.Chat, error) {
	return meetupbot.Chat{ID: id, CustomReminders: true}, nil
}

func (m *memory) Posts(context.Context) ([]meetupbot.Post, error) { return nil, nil }

func (m *memory) AnonymizeBefore(context.Context, time.Time) (int, error) { return 0, nil }

func (m *memory) HeldUntil(_ context.Context, after time.Time) (time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.held.After(after) {
		return time.Time{}, nil
	}
	return m.held, nil
}

func (m *memory) Perform(_ context.Context, job meetupbot.Job) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if job.Kind == meetupbot.JobWake {
		// As in storage, held messages stay stored until Telegram has
		// them, after the wake sent them on their way.
		m.woken <- job.Due
		return nil
	}
	if job.Event.ID == m.panicOn {
		panic("template broke")
	}
	ev := m.events[job.Event.ID]
	ev.Announced = true
	m.events[ev.ID] = ev
	m.announced <- ev.ID
	return nil
}

func (m *memory) Drop(context.Context, meetupbot.Job) error { return nil }

func (m *memory) add(ev meetupbot.Event) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.events[ev.ID] = ev
}

func newScheduler(src Source, clock meetupbot.Clock) (*Scheduler, *bytes.Buffer) {
	var logs bytes.Buffer
	return New(src, clock, testPolicy, slog.New(slog.NewTextHandler(&logs, nil))), &logs
}

func expectAnnounced(t *testing.T, m *memory, want int64) {
	t.Helper()
	select {
	case id := <-m.announced:
		if id != want {
			t.Fatalf("announced meetup %d, want %d", id, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("meetup %d was not announced", want)
	}
}

// expectQuiet waits until the scheduler has done everything due by its
// clock, then checks that nothing was announced.
func expectQuiet(t *testing.T, s *Scheduler, m *memory) {
	t.Helper()
	awaitIdle(t, s)
	select {
	case id := <-m.announced:
		t.Fatalf("meetup %d announced, want nothing", id)
	default:
	}
}

// awaitIdle polls Busy until the scheduler has nothing left to do now.
func awaitIdle(t *testing.T, s *Scheduler) {
	t.Helper()
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	deadline := time.After(10 * time.Second)
	for s.Busy() {
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatal("the scheduler stayed busy for 10s")
		}
	}
}

func TestRunFiresWhenTheClockReachesTheDueTime(t *testing.T) {
	clock := meetupbot.NewManualClock(start.Add(-15 * 24 * time.Hour))
	m := newMemory(meetup(nil))
	s, _ := newScheduler(m, clock)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.Run(ctx, m) }()

	expectQuiet(t, s, m)
	if got, want := s.NextJob(), clock.Now().Add(24*time.Hour); !got.Equal(want) {
		t.Errorf("NextJob() = %v, want the announcement at %v", got, want)
	}
	clock.Advance(24*time.Hour - time.Second)
	expectQuiet(t, s, m)
	clock.Advance(time.Second)
	expectAnnounced(t, m, 1)
	clock.Advance(time.Hour)
	expectQuiet(t, s, m)

	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run() = %v", err)
	}
}

// TestHeldMessagesGoInTheMorning: a message held through the night wakes
// the scheduler when the night ends, once.
func TestHeldMessagesGoInTheMorning(t *testing.T) {
	night := time.Date(2026, 12, 9, 23, 0, 0, 0, berlin)
	morning := time.Date(2026, 12, 10, 8, 0, 0, 0, berlin)
	clock := meetupbot.NewManualClock(night)
	m := newMemory()
	m.held = morning
	s, _ := newScheduler(m, clock)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.Run(ctx, m)

	awaitIdle(t, s)
	if got := s.NextJob(); !got.Equal(morning) {
		t.Errorf("NextJob() = %v, want the morning %v", got, morning)
	}
	select {
	case at := <-m.woken:
		t.Fatalf("held messages sent at night (due %v)", at)
	default:
	}
	clock.Set(morning)
	select {
	case at := <-m.woken:
		if !at.Equal(morning) {
			t.Errorf("woken for messages due %v, want %v", at, morning)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the held messages were not sent in the morning")
	}
	awaitIdle(t, s)
	if len(m.woken) != 0 {
		t.Error("held messages were sent twice")
	}
}

func TestReplanWakesTheScheduler(t *testing.T) {
	clock := meetupbot.NewManualClock(start.Add(-3 * 24 * time.Hour))
	m := newMemory()
	s, _ := newScheduler(m, clock)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.Run(ctx, m)

	m.add(meetup(nil))
	s.Replan()
	expectAnnounced(t, m, 1)
}

func TestPanickingJobIsLoggedAndOthersRun(t *testing.T) {
	clock := meetupbot.NewManualClock(start.Add(-14*24*time.Hour + 2*time.Hour))
	first := meetup(nil)
	// Due an hour after the first, so it runs after the panic.
	second := meetup(func(ev *meetupbot.Event) { ev.ID = 2; ev.Start = start.Add(time.Hour) })
	m := newMemory(first, second)
	m.panicOn = 1
	s, logs := newScheduler(m, clock)

	if _, err := s.Tick(context.Background(), m); err == nil || !strings.Contains(err.Error(), "panicked") {
		t.Errorf("Tick() = %v, want the panic as an error", err)
	}
	expectAnnounced(t, m, 2)
	if !strings.Contains(logs.String(), "scheduled job panicked") || !strings.Contains(logs.String(), "template broke") {
		t.Errorf("the panic was not logged:\n%s", logs)
	}

	m.mu.Lock()
	m.panicOn = 0
	m.mu.Unlock()
	if _, err := s.Tick(context.Background(), m); err != nil {
		t.Errorf("Tick() after the fix = %v", err)
	}
	expectAnnounced(t, m, 1)
}

func TestNextPostExplainsDaylightSaving(t *testing.T) {
	s, logs := newScheduler(newMemory(), meetupbot.NewManualClock(start))
	next, err := s.NextPost("30 2 * * *", berlin, time.Date(2027, 3, 27, 12, 0, 0, 0, berlin))
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2027, 3, 28, 3, 30, 0, 0, berlin); !next.Equal(want) {
		t.Errorf("NextPost = %v, want %v", next, want)
	}
	if !strings.Contains(logs.String(), "skipped by daylight saving") {
		t.Errorf("no log line for the skipped hour:\n%s", logs)
	}
	if _, err := s.NextPost("every day", berlin, start); err == nil {
		t.Error("NextPost accepted an invalid spec")
	}
}

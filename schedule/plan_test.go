package schedule

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/meetupbot/meetupbot"
)

var (
	testPolicy = Policy{
		Defaults: meetupbot.Defaults{
			AnnounceBefore: 14 * 24 * time.Hour,
			Reminders:      []time.Duration{24 * time.Hour, 2 * time.Hour},
			Location:       berlin,
		},
		PostGrace: time.Hour,
	}
	start   = time.Date(2026, 12, 10, 19, 0, 0, 0, berlin)
	created = start.Add(-30 * 24 * time.Hour)
)

func meetup(edit func(*meetupbot.Event)) meetupbot.Event {
	ev := meetupbot.Event{ID: 1, ChatID: -1, Start: start, CreatedAt: created, PlannedAt: created}
	if edit != nil {
		edit(&ev)
	}
	return ev
}

// describe lists a plan's due and dropped jobs as "announce", "remind 2h0m0s"
// and so on, which reads well in failures.
func describe(jobs []meetupbot.Job) []string {
	var out []string
	for _, j := range jobs {
		switch j.Kind {
		case meetupbot.JobRemind:
			out = append(out, fmt.Sprintf("remind %v", j.Before))
		case meetupbot.JobContinue:
			out = append(out, "continue "+j.Next.In(berlin).Format("2006-01-02 15:04"))
		default:
			out = append(out, j.Kind.String())
		}
	}
	return out
}

func dropped(p Plan) []meetupbot.Job {
	var jobs []meetupbot.Job
	for _, d := range p.Dropped {
		jobs = append(jobs, d.Job)
	}
	return jobs
}

func TestPlanMeetupJobs(t *testing.T) {
	announced := func(ev *meetupbot.Event) { ev.Announced = true }
	tests := []struct {
		name        string
		now         time.Time
		ev          meetupbot.Event
		wantDue     []string
		wantDropped []string
		wantWake    time.Time
	}{
		{"nothing due yet", start.Add(-20 * 24 * time.Hour), meetup(nil), nil, nil, start.Add(-14 * 24 * time.Hour)},
		{"announcement due", start.Add(-14 * 24 * time.Hour), meetup(nil), []string{"announce"}, nil, start.Add(-24 * time.Hour)},
		{"own lead time", start.Add(-8 * 24 * time.Hour), meetup(func(ev *meetupbot.Event) { ev.AnnounceBefore = 7 * 24 * time.Hour }), nil, nil, start.Add(-7 * 24 * time.Hour)},
		{"never announced by itself", start.Add(-3 * 24 * time.Hour), meetup(func(ev *meetupbot.Event) { ev.AnnounceNever = true }), nil, nil, start.Add(-24 * time.Hour)},
		{"created inside the lead time", start.Add(-3 * 24 * time.Hour), meetup(func(ev *meetupbot.Event) {
			ev.CreatedAt, ev.PlannedAt = start.Add(-3*24*time.Hour), start.Add(-3*24*time.Hour)
		}), []string{"announce"}, nil, start.Add(-24 * time.Hour)},
		{"first reminder due", start.Add(-24 * time.Hour), meetup(announced), []string{"remind 24h0m0s"}, nil, start.Add(-2 * time.Hour)},
		{"second reminder due", start.Add(-2 * time.Hour), meetup(func(ev *meetupbot.Event) {
			ev.Announced, ev.Reminded = true, []time.Duration{24 * time.Hour}
		}), []string{"remind 2h0m0s"}, nil, time.Time{}},
		{"after downtime only the latest reminder goes", start.Add(-time.Hour), meetup(announced), []string{"remind 2h0m0s"}, []string{"remind 24h0m0s"}, time.Time{}},
		{"after the start nothing is sent", start.Add(time.Minute), meetup(nil), nil, []string{"announce", "remind 24h0m0s", "remind 2h0m0s"}, time.Time{}},
		{"planned at short notice: no reminder at once", start.Add(-3 * time.Hour), meetup(func(ev *meetupbot.Event) {
			ev.Announced, ev.PlannedAt = true, start.Add(-5*time.Hour)
		}), nil, nil, start.Add(-2 * time.Hour)},
		{"cancelled", start.Add(-2 * time.Hour), meetup(func(ev *meetupbot.Event) { ev.Cancelled = true }), nil, nil, time.Time{}},
		{"series continues once started", start.Add(time.Minute), meetup(func(ev *meetupbot.Event) {
			ev.Announced, ev.Reminded = true, []time.Duration{24 * time.Hour, 2 * time.Hour}
			ev.Series = &meetupbot.Rule{Every: 2, Unit: meetupbot.Months, Nth: 2, Weekday: time.Thursday}
		}), []string{"continue 2027-02-11 19:00"}, nil, time.Time{}},
		{"cancelled series continues too", start.Add(time.Minute), meetup(func(ev *meetupbot.Event) {
			ev.Cancelled = true
			ev.Series = &meetupbot.Rule{Every: 4, Unit: meetupbot.Weeks}
		}), []string{"continue 2027-01-07 19:00"}, nil, time.Time{}},
		{"continued series is done", start.Add(time.Minute), meetup(func(ev *meetupbot.Event) {
			ev.Cancelled, ev.NextID = true, 2
			ev.Series = &meetupbot.Rule{Every: 4, Unit: meetupbot.Weeks}
		}), nil, nil, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := makePlan(testPolicy, tt.now, []meetupbot.Event{tt.ev}, map[int64]meetupbot.Chat{}, nil)
			if got := describe(plan.Due); !slices.Equal(got, tt.wantDue) {
				t.Errorf("due = %v, want %v", got, tt.wantDue)
			}
			if got := describe(dropped(plan)); !slices.Equal(got, tt.wantDropped) {
				t.Errorf("dropped = %v, want %v", got, tt.wantDropped)
			}
			if !plan.Wake.Equal(tt.wantWake) {
				t.Errorf("wake = %v, want %v", plan.Wake, tt.wantWake)
			}
		})
	}
}

func TestPlanFollowsGroupReminders(t *testing.T) {
	chats := map[int64]meetupbot.Chat{-1: {ID: -1, CustomReminders: true, Reminders: []time.Duration{48 * time.Hour}}}
	ev := meetup(func(ev *meetupbot.Event) { ev.Announced = true })
	plan := makePlan(testPolicy, start.Add(-48*time.Hour), []meetupbot.Event{ev}, chats, nil)
	if got := describe(plan.Due); !slices.Equal(got, []string{"remind 48h0m0s"}) {
		t.Errorf("due = %v, want the group's 48h reminder only", got)
	}
	chats[-1] = meetupbot.Chat{ID: -1, CustomReminders: true}
	if plan := makePlan(testPolicy, start.Add(-2*time.Hour), []meetupbot.Event{ev}, chats, nil); len(plan.Due) != 0 {
		t.Errorf("reminders off: due = %v, want none", describe(plan.Due))
	}
}

// On the Sunday clocks spring forward, a meetup at 03:30 summer time is two
// real hours after 00:30 winter time: that is when its 2-hour reminder is due.
func TestPlanReminderCountsRealHoursAcrossSpringForward(t *testing.T) {
	springStart := time.Date(2027, 3, 28, 3, 30, 0, 0, berlin)
	ev := meetupbot.Event{ID: 1, ChatID: -1, Start: springStart, Announced: true, PlannedAt: created, Reminded: []time.Duration{24 * time.Hour}}
	before := time.Date(2027, 3, 28, 0, 29, 0, 0, berlin)
	plan := makePlan(testPolicy, before, []meetupbot.Event{ev}, nil, nil)
	if want := time.Date(2027, 3, 28, 0, 30, 0, 0, berlin); !plan.Wake.Equal(want) || len(plan.Due) != 0 {
		t.Fatalf("at %v: due %v, wake %v; want nothing due and wake at %v", before, describe(plan.Due), plan.Wake, want)
	}
	if springStart.Sub(plan.Wake) != 2*time.Hour {
		t.Errorf("reminder %v before the start, want 2h", springStart.Sub(plan.Wake))
	}
}

func TestPlanPosts(t *testing.T) {
	due := time.Date(2026, 12, 7, 18, 0, 0, 0, berlin)
	run := postRun{post: meetupbot.Post{ID: 1, ChatID: -1, Spec: "0 18 * * 1", Next: due}, following: due.AddDate(0, 0, 7)}
	tests := []struct {
		name        string
		now         time.Time
		wantDue     int
		wantDropped int
		wantWake    time.Time
	}{
		{"not yet", due.Add(-time.Minute), 0, 0, due},
		{"on time", due, 1, 0, time.Time{}},
		{"a little late after a restart", due.Add(50 * time.Minute), 1, 0, time.Time{}},
		{"too late: dropped", due.Add(3 * time.Hour), 0, 1, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := makePlan(testPolicy, tt.now, nil, nil, []postRun{run})
			if len(plan.Due) != tt.wantDue || len(plan.Dropped) != tt.wantDropped || !plan.Wake.Equal(tt.wantWake) {
				t.Fatalf("due %d, dropped %d, wake %v; want %d, %d, %v", len(plan.Due), len(plan.Dropped), plan.Wake, tt.wantDue, tt.wantDropped, tt.wantWake)
			}
			for _, job := range append(plan.Due, dropped(plan)...) {
				if !job.Following.Equal(run.following) {
					t.Errorf("following = %v, want %v", job.Following, run.following)
				}
			}
		})
	}
}

func TestPlanReconfirmation(t *testing.T) {
	policy := testPolicy
	policy.Reminders = []time.Duration{}
	policy.Reconfirm = &meetupbot.ReconfirmLeads{Ask: 48 * time.Hour, Deadline: 24 * time.Hour}
	announced := func(edit func(*meetupbot.Event)) meetupbot.Event {
		return meetup(func(ev *meetupbot.Event) {
			ev.Announced = true
			if edit != nil {
				edit(ev)
			}
		})
	}
	askedAt := func(at time.Time) func(*meetupbot.Event) {
		return func(ev *meetupbot.Event) { ev.AskReconfirm(at, 6*time.Hour, nil) }
	}
	tests := []struct {
		name        string
		now         time.Time
		ev          meetupbot.Event
		chat        meetupbot.Chat
		wantDue     []string
		wantDropped []string
		wantWake    time.Time
	}{
		{"before the question", start.Add(-3 * 24 * time.Hour), announced(nil), meetupbot.Chat{}, nil, nil, start.Add(-48 * time.Hour)},
		{"the question is due", start.Add(-48 * time.Hour), announced(nil), meetupbot.Chat{}, []string{"reconfirm"}, nil, time.Time{}},
		{"after downtime the question still goes", start.Add(-30 * time.Hour), announced(nil), meetupbot.Chat{}, []string{"reconfirm"}, nil, time.Time{}},
		{"asked: the release waits for the deadline", start.Add(-47 * time.Hour), announced(askedAt(start.Add(-48 * time.Hour))), meetupbot.Chat{}, nil, nil, start.Add(-24 * time.Hour)},
		{"the release is due", start.Add(-24 * time.Hour), announced(askedAt(start.Add(-48 * time.Hour))), meetupbot.Chat{}, []string{"release"}, nil, time.Time{}},
		{"asked late: ClaimWithin to answer", start.Add(-25 * time.Hour), announced(askedAt(start.Add(-26 * time.Hour))), meetupbot.Chat{}, nil, nil, start.Add(-20 * time.Hour)},
		{"asked too late to release before the start", start.Add(-3 * time.Hour), announced(askedAt(start.Add(-4 * time.Hour))), meetupbot.Chat{}, nil, []string{"release"}, time.Time{}},
		{"released: nothing more", start.Add(-23 * time.Hour), announced(func(ev *meetupbot.Event) {
			ev.AskReconfirm(start.Add(-48*time.Hour), 6*time.Hour, nil)
			ev.Reconfirm.Released = true
		}), meetupbot.Chat{}, nil, nil, time.Time{}},
		{"a claim falls due", start.Add(-20 * time.Hour), announced(func(ev *meetupbot.Event) {
			ev.AskReconfirm(start.Add(-48*time.Hour), 6*time.Hour, nil)
			ev.Reconfirm.Released = true
			ev.Claims = []meetupbot.Claim{{UserID: 3, By: start.Add(-18 * time.Hour)}, {UserID: 4, By: start.Add(-21 * time.Hour)}}
		}), meetupbot.Chat{}, []string{"expire claims"}, nil, time.Time{}},
		{"created inside the window: no question", start.Add(-40 * time.Hour), announced(func(ev *meetupbot.Event) {
			ev.CreatedAt = start.Add(-47 * time.Hour)
		}), meetupbot.Chat{}, nil, nil, time.Time{}},
		{"the group turned it off", start.Add(-40 * time.Hour), announced(nil), meetupbot.Chat{Reconfirm: &meetupbot.ReconfirmLeads{}}, nil, nil, time.Time{}},
		{"the group's own times", start.Add(-40 * time.Hour), announced(nil), meetupbot.Chat{Reconfirm: &meetupbot.ReconfirmLeads{Ask: 36 * time.Hour, Deadline: 12 * time.Hour}},
			nil, nil, start.Add(-36 * time.Hour)},
		{"after the start nothing", start.Add(time.Minute), announced(nil), meetupbot.Chat{}, nil, nil, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := makePlan(policy, tt.now, []meetupbot.Event{tt.ev}, map[int64]meetupbot.Chat{-1: tt.chat}, nil)
			if got := describe(plan.Due); !slices.Equal(got, tt.wantDue) {
				t.Errorf("due = %v, want %v", got, tt.wantDue)
			}
			if got := describe(dropped(plan)); !slices.Equal(got, tt.wantDropped) {
				t.Errorf("dropped = %v, want %v", got, tt.wantDropped)
			}
			if !plan.Wake.Equal(tt.wantWake) {
				t.Errorf("wake = %v, want %v", plan.Wake, tt.wantWake)
			}
		})
	}
}

// TestPlanAWeekThatCollides: what falls due in the same minute goes in
// the order the evening unfolds, a change is told once it settled, and
// nothing a member must answer ends in the night.
func TestPlanAWeekThatCollides(t *testing.T) {
	policy := testPolicy
	policy.Reconfirm = &meetupbot.ReconfirmLeads{Ask: 48 * time.Hour, Deadline: 24 * time.Hour}
	quiet := meetupbot.DefaultQuiet()
	policy.Quiet = &quiet
	asked := func(edit func(*meetupbot.Event)) meetupbot.Event {
		return meetup(func(ev *meetupbot.Event) {
			ev.Announced = true
			ev.AskReconfirm(start.Add(-48*time.Hour), 6*time.Hour, nil)
			if edit != nil {
				edit(ev)
			}
		})
	}
	tests := []struct {
		name     string
		now      time.Time
		ev       meetupbot.Event
		wantDue  []string
		wantWake time.Time
	}{
		{"the release and the day's reminder in one minute: the release first", start.Add(-24 * time.Hour), asked(nil),
			[]string{"release", "remind 24h0m0s"}, start.Add(-2 * time.Hour)},
		{"a change waits to settle", start.Add(-3 * 24 * time.Hour), meetup(func(ev *meetupbot.Event) {
			ev.Announced = true
			ev.Notice = &meetupbot.ChangeNotice{Start: start.Add(-time.Hour), Due: start.Add(-3*24*time.Hour + 5*time.Minute)}
		}), nil, start.Add(-3*24*time.Hour + 5*time.Minute)},
		{"inside the window, the question waits for the notice of the change", start.Add(-30 * time.Hour), meetup(func(ev *meetupbot.Event) {
			ev.Announced = true
			ev.Reminded = []time.Duration{24 * time.Hour, 2 * time.Hour}
			ev.Notice = &meetupbot.ChangeNotice{Start: start.Add(-time.Hour), Due: start.Add(-30 * time.Hour)}
		}), []string{"tell of a change"}, time.Time{}},
		{"a deadline at 23:00 moves to the morning", start.Add(-30 * time.Hour), asked(func(ev *meetupbot.Event) {
			ev.Start = time.Date(2026, 12, 11, 23, 0, 0, 0, berlin)
			ev.Reminded = []time.Duration{24 * time.Hour, 2 * time.Hour}
		}), nil, time.Date(2026, 12, 11, 8, 0, 0, 0, berlin)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := makePlan(policy, tt.now, []meetupbot.Event{tt.ev}, map[int64]meetupbot.Chat{-1: {}}, nil)
			if got := describe(plan.Due); !slices.Equal(got, tt.wantDue) {
				t.Errorf("due = %v, want %v", got, tt.wantDue)
			}
			if !plan.Wake.Equal(tt.wantWake) {
				t.Errorf("wake = %v, want %v", plan.Wake, tt.wantWake)
			}
		})
	}
}

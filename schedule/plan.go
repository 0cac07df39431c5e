package schedule

import (
	"cmp"
	"slices"
	"time"

	"github.com/meetupbot/meetupbot"
)

// Policy is what the bot does when an organizer has not said otherwise.
type Policy struct {
	meetupbot.Defaults
	// PostGrace is how late a recurring post may still go out after the
	// bot was down; later ones are dropped, since a "see you tonight" post a
	// day late misleads.
	PostGrace time.Duration
}

// Plan is what is due now, what is dropped as stale, and when to look again.
type Plan struct {
	Due     []meetupbot.Job
	Dropped []Drop
	// Wake is the earliest future job; zero when none is planned.
	Wake time.Time
}

// Drop is a job that fell due while it could not run and no longer makes
// sense.
type Drop struct {
	Job    meetupbot.Job
	Reason string
}

// planner derives jobs from meetups, group settings and posts. It is pure,
// so the catch-up and drop rules are tested without a database or clock.
type planner struct {
	policy Policy
	now    time.Time
	plan   Plan
}

func (p *planner) later(at time.Time) {
	if p.plan.Wake.IsZero() || at.Before(p.plan.Wake) {
		p.plan.Wake = at
	}
}

// wake plans sending the messages held until at, once: one job sends all
// that are due.
func (plan *Plan) wake(now, at time.Time) {
	switch {
	case at.IsZero():
	case at.After(now):
		if plan.Wake.IsZero() || at.Before(plan.Wake) {
			plan.Wake = at
		}
	default:
		plan.Due = append(plan.Due, meetupbot.Job{Kind: meetupbot.JobWake, Due: at})
	}
}

func (p *planner) drop(job meetupbot.Job, reason string) {
	p.plan.Dropped = append(p.plan.Dropped, Drop{Job: job, Reason: reason})
}

// makePlan sorts due jobs by due time, so a restart after downtime catches
// up in the order things would have happened.
func makePlan(policy Policy, now time.Time, events []meetupbot.Event, chats map[int64]meetupbot.Chat, posts []postRun) Plan {
	p := &planner{policy: policy, now: now}
	var reconfirm meetupbot.ReconfirmLeads
	if policy.Reconfirm != nil {
		reconfirm = *policy.Reconfirm
	}
	var quiet meetupbot.QuietHours
	if policy.Quiet != nil {
		quiet = *policy.Quiet
	}
	for _, ev := range events {
		chat := chats[ev.ChatID]
		if chat.Removed {
			// Nothing can be sent there; the jobs wait until the bot is
			// back, and the catch-up rules apply then.
			continue
		}
		if !ev.Cancelled {
			night := meetupbot.Night{Hours: chat.QuietHours(quiet), Zone: chat.Location(policy.Location)}
			p.announcement(ev)
			p.changeNotice(ev)
			p.reminders(ev, chat.ReminderLeads(policy.Reminders))
			p.reconfirmation(ev, chat.ReconfirmLeads(reconfirm), night)
			p.speakers(ev)
		}
		p.series(ev, chat.Location(policy.Location))
		p.feedback(ev, chat.Location(policy.Location))
	}
	for _, run := range posts {
		p.post(run)
	}
	slices.SortStableFunc(p.plan.Due, func(a, b meetupbot.Job) int {
		return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(stepOrder[a.Kind], stepOrder[b.Kind]))
	})
	return p.plan
}

// stepOrder orders jobs due at the same moment as the evening unfolds:
// members hear of a change before they are asked about it, places change
// hands before anybody is reminded, so nobody is told "see you tomorrow"
// and "your place went to the waiting list" in one minute.
var stepOrder = map[meetupbot.JobKind]int{
	meetupbot.JobChangeNotice: 1,
	meetupbot.JobRelease:      2,
	meetupbot.JobClaims:       3,
	meetupbot.JobReconfirm:    4,
	meetupbot.JobRemind:       5,
}

// changeNotice tells members of a change once the organizer's changes
// settled; it is never dropped, since a member who is not told of a move
// comes to the wrong evening.
func (p *planner) changeNotice(ev meetupbot.Event) {
	if ev.Notice == nil {
		return
	}
	p.at(meetupbot.Job{Kind: meetupbot.JobChangeNotice, Due: ev.Notice.Due, Event: ev})
}

func (p *planner) announcement(ev meetupbot.Event) {
	if ev.Announced || ev.AnnounceNever || ev.Announcement.MessageID != 0 {
		return
	}
	lead := cmp.Or(ev.AnnounceBefore, p.policy.AnnounceBefore)
	job := meetupbot.Job{Kind: meetupbot.JobAnnounce, Due: ev.Start.Add(-lead), Event: ev}
	switch {
	case job.Due.After(p.now):
		p.later(job.Due)
	case p.now.Before(ev.Start):
		p.plan.Due = append(p.plan.Due, job)
	default:
		p.drop(job, "the meetup started before it could be announced")
	}
}

// reminders plans each reminder lead time once. When several fell due while
// the bot was down, only the latest is sent: two reminders in one minute
// remind nobody better than one.
func (p *planner) reminders(ev meetupbot.Event, leads []time.Duration) {
	var due []meetupbot.Job
	for _, lead := range leads {
		if ev.WasReminded(lead) {
			continue
		}
		job := meetupbot.Job{Kind: meetupbot.JobRemind, Due: ev.Start.Add(-lead), Event: ev, Before: lead}
		switch {
		case !job.Due.After(ev.Planned()):
			// Set up at shorter notice than this reminder: the meetup is
			// news anyway.
		case job.Due.After(p.now):
			p.later(job.Due)
		case !p.now.Before(ev.Start):
			p.drop(job, "the meetup started before the reminder could go out")
		default:
			due = append(due, job)
		}
	}
	if len(due) == 0 {
		return
	}
	slices.SortFunc(due, func(a, b meetupbot.Job) int { return a.Due.Compare(b.Due) })
	for _, old := range due[:len(due)-1] {
		p.drop(old, "a later reminder is due as well")
	}
	p.plan.Due = append(p.plan.Due, due[len(due)-1])
}

// reconfirmation asks, then releases, then passes on unclaimed places, in
// that order, each once for the meetup's current start and venue. A
// meetup created inside the window is not asked: its yeses are fresh.
func (p *planner) reconfirmation(ev meetupbot.Event, leads meetupbot.ReconfirmLeads, night meetupbot.Night) {
	if !p.now.Before(ev.Start) {
		return
	}
	if claim := ev.NextClaim(); !claim.IsZero() {
		p.at(meetupbot.Job{Kind: meetupbot.JobClaims, Due: claim, Event: ev})
	}
	switch {
	case !ev.Asked():
		// A question about an evening members have not heard of yet
		// waits for the notice of the change.
		if leads.Ask <= 0 || ev.Notice != nil {
			return
		}
		job := meetupbot.Job{Kind: meetupbot.JobReconfirm, Due: ev.Start.Add(-leads.Ask), Event: ev}
		if job.Due.After(ev.CreatedAt) {
			p.at(job)
		}
	case !ev.Reconfirm.Released:
		job := meetupbot.Job{Kind: meetupbot.JobRelease, Due: ev.ReleaseDue(leads.Deadline, night), Event: ev}
		if job.Due.Before(ev.Start) {
			p.at(job)
		} else {
			p.drop(job, "too close to the start to release places")
		}
	}
}

// speakers reminds each speaker who came through the bot of their talk,
// once; a talk put on the programme at shorter notice is news anyway.
func (p *planner) speakers(ev meetupbot.Event) {
	if p.policy.SpeakerReminder <= 0 || !p.now.Before(ev.Start) {
		return
	}
	due := ev.Start.Add(-p.policy.SpeakerReminder)
	for _, s := range ev.Speakers {
		if s.MemberID == 0 || s.Reminded || !due.After(s.Added) {
			continue
		}
		p.at(meetupbot.Job{Kind: meetupbot.JobSpeaker, Due: due, Event: ev, TalkID: s.TalkID})
	}
}

// feedback asks, the morning after a meetup with talks, those who came to
// rate them, and a day later gives the speakers their ratings. After a
// longer outage nobody remembers the evening well: the question is
// dropped.
func (p *planner) feedback(ev meetupbot.Event, loc *time.Location) {
	if ev.Cancelled || len(ev.Speakers) == 0 || ev.Summarized {
		return
	}
	if ev.FeedbackAsked.IsZero() {
		job := meetupbot.Job{Kind: meetupbot.JobFeedback, Due: ev.FeedbackDue(loc), Event: ev}
		switch {
		case job.Due.After(p.now):
			p.later(job.Due)
		case p.now.Sub(job.Due) > meetupbot.FeedbackGrace:
			p.drop(job, "too long after the evening to ask about it")
		default:
			p.plan.Due = append(p.plan.Due, job)
		}
		return
	}
	job := meetupbot.Job{Kind: meetupbot.JobSummary, Due: ev.FeedbackAsked.Add(meetupbot.FeedbackSummary), Event: ev}
	if job.Due.After(p.now) {
		p.later(job.Due)
		return
	}
	p.plan.Due = append(p.plan.Due, job)
}

// at plans a job of a meetup not yet started: due now, or later.
func (p *planner) at(job meetupbot.Job) {
	if job.Due.After(p.now) {
		p.later(job.Due)
		return
	}
	p.plan.Due = append(p.plan.Due, job)
}

func (p *planner) series(ev meetupbot.Event, loc *time.Location) {
	if ev.Series == nil || ev.NextID != 0 {
		return
	}
	if ev.Start.After(p.now) {
		p.later(ev.Start)
		return
	}
	p.plan.Due = append(p.plan.Due, meetupbot.Job{
		Kind: meetupbot.JobContinue, Due: ev.Start, Event: ev,
		Next: ev.Series.NextAfter(ev.Start, p.now, loc),
	})
}

// postRun is a recurring post with the run that follows the pending one,
// which only the spec parser can compute: the run after post.Next, or after
// now for a post that is dropped as stale.
type postRun struct {
	post      meetupbot.Post
	following time.Time
}

func (p *planner) post(run postRun) {
	if run.post.Next.IsZero() {
		return
	}
	job := meetupbot.Job{Kind: meetupbot.JobPost, Due: run.post.Next, Post: run.post, Following: run.following}
	switch {
	case job.Due.After(p.now):
		p.later(job.Due)
	case p.now.Sub(job.Due) > p.policy.PostGrace:
		p.drop(job, "the bot was away when the post was due")
	default:
		p.plan.Due = append(p.plan.Due, job)
	}
}

package meetupbot

import "time"

// AddSpeaker puts a talk at the end of the running order.
func (e *Event) AddSpeaker(s Speaker) error {
	if len(e.Speakers) >= MaxSpeakers {
		return ErrTooManySpeakers
	}
	e.Speakers = append(e.Speakers, s)
	return nil
}

// RemoveSpeaker takes talk number n (from 1) off the running order.
func (e *Event) RemoveSpeaker(n int) (Speaker, error) {
	if n < 1 || n > len(e.Speakers) {
		return Speaker{}, ErrNoSpeaker
	}
	removed := e.Speakers[n-1]
	e.Speakers = append(e.Speakers[:n-1:n-1], e.Speakers[n:]...)
	return removed, nil
}

// NextOccurrence is the meetup a series holds next, starting at start: same
// title, venue, description, capacity and announcement rule. Speakers are
// not copied, since talks change from evening to evening.
func (e Event) NextOccurrence(start, now time.Time) Event {
	return Event{
		ChatID: e.ChatID, Title: e.Title, Venue: e.Venue, Description: e.Description,
		Start: start, Capacity: e.Capacity, Series: e.Series,
		AnnounceBefore: e.AnnounceBefore, AnnounceNever: e.AnnounceNever,
		CreatedBy: e.CreatedBy, CreatedAt: now, PlannedAt: now,
	}
}

// Reminds reports whether the member gets a private reminder now: they
// come or may come, started the bot and did not turn reminders off. One
// message per member per step: a member who must still claim a place has
// the offer, one asked or answering within ReminderGap just heard from the
// bot.
func (e *Event) Reminds(a Attendee, now time.Time) bool {
	switch {
	case !a.Member.Started || a.Member.NoReminders:
		return false
	case a.Status != StatusGoing && a.Status != StatusMaybe:
		return false
	case !a.ClaimBy.IsZero():
		return false
	case now.Sub(a.Answered()) < ReminderGap:
		return false
	}
	return !(a.Asking() && e.Asked() && now.Sub(e.Reconfirm.Asked) < ReminderGap)
}

// Reserve holds a place for a member whatever the capacity: an accepted
// speaker, or an organizer who asked for one. The member is going and
// confirmed, with the guests of an earlier yes; nobody else loses a place,
// so a full meetup is full by one more.
func (e *Event) Reserve(prev RSVP, now time.Time) RSVP {
	next := prev
	next.EventID, next.UpdatedAt = e.ID, now
	if prev.Status != StatusGoing && prev.Status != StatusWaiting {
		next.Guests = 0
	}
	e.untally(prev)
	e.DropClaim(prev.UserID)
	if prev.Status != StatusGoing {
		e.NextSeq++
		next.Seq = e.NextSeq
	}
	next.Status, next.Confirmed, next.Reserved, next.ClaimBy = StatusGoing, true, true, time.Time{}
	e.tally(next)
	return next
}

// Unreserve turns a reserved place into an ordinary yes, as when a speaker
// withdraws the talk: they still come unless they say otherwise.
func (e *Event) Unreserve(r RSVP) RSVP {
	r.Reserved = false
	return r
}

// Concerned reports whether a change to the meetup (a cancellation) is news
// to the member: everyone who did not say no.
func (a Attendee) Concerned() bool {
	return a.Status == StatusGoing || a.Status == StatusMaybe || a.Status == StatusWaiting
}

// Observe merges what Telegram shows of a member in a chat into what is
// stored, and reports whether anything changed. Writing to the bot in the
// private chat is what starts it; nothing but a refusal from Telegram
// (Unreachable) stops it.
func (m Member) Observe(seen Member, in Chat) (Member, bool) {
	next := m
	next.ID, next.FirstName, next.LastName = seen.ID, seen.FirstName, seen.LastName
	next.Username, next.LanguageCode = seen.Username, seen.LanguageCode
	next.Started = m.Started || (in.Type == "private" && in.ID == seen.ID)
	return next, next != m
}

// Defaults are what every group gets until its organizers set their own.
type Defaults struct {
	Language Lang
	Location *time.Location
	// AnnounceBefore is how long before the start a meetup is announced.
	AnnounceBefore time.Duration
	// Reminders are the lead times of reminders.
	Reminders []time.Duration
	// Retention is how long answers to past meetups are kept; 0 keeps them.
	Retention time.Duration
	// Reconfirm is when members going are asked whether they still come,
	// and when the silent ones' places go to the waiting list; a zero one
	// is off, nil the domain's default.
	Reconfirm *ReconfirmLeads
	// ClaimWithin is how long a member who moves up after the question has
	// to confirm the place.
	ClaimWithin time.Duration
	// SpeakerReminder is how long before the start speakers are reminded
	// of their talk.
	SpeakerReminder time.Duration
	// Quiet are the quiet hours of groups that set none; nil is
	// DefaultQuiet, equal ends none.
	Quiet *QuietHours
}

// Filled is d with every setting left unset taken from DefaultDefaults. An
// empty (not nil) Reminders, a zero (not nil) Reconfirm and Quiet, mean off
// and are kept.
func (d Defaults) Filled() Defaults {
	base := DefaultDefaults()
	if d.Language == "" {
		d.Language = base.Language
	}
	if d.Location == nil {
		d.Location = base.Location
	}
	if d.AnnounceBefore <= 0 {
		d.AnnounceBefore = base.AnnounceBefore
	}
	if d.Reminders == nil {
		d.Reminders = base.Reminders
	}
	if d.Reconfirm == nil {
		d.Reconfirm = base.Reconfirm
	}
	if d.ClaimWithin <= 0 {
		d.ClaimWithin = base.ClaimWithin
	}
	if d.SpeakerReminder <= 0 {
		d.SpeakerReminder = base.SpeakerReminder
	}
	if d.Quiet == nil {
		d.Quiet = base.Quiet
	}
	return d
}

// DefaultDefaults are the defaults of a German-speaking meetup in Berlin's
// time zone, as the bot ships.
func DefaultDefaults() Defaults {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		loc = time.UTC
	}
	quiet := DefaultQuiet()
	return Defaults{
		Language:        German,
		Location:        loc,
		AnnounceBefore:  14 * 24 * time.Hour,
		Reminders:       []time.Duration{24 * time.Hour, 2 * time.Hour},
		Retention:       365 * 24 * time.Hour,
		Reconfirm:       &ReconfirmLeads{Ask: 48 * time.Hour, Deadline: 24 * time.Hour},
		ClaimWithin:     6 * time.Hour,
		SpeakerReminder: 3 * 24 * time.Hour,
		Quiet:           &quiet,
	}
}

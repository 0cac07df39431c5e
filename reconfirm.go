package meetupbot

import (
	"errors"
	"slices"
	"time"
)

// Saying yes weeks ahead costs nothing, so many yeses do not come. Some
// time before the start (ReconfirmAsk) everyone going is asked "Kommst du
// noch?"; at the deadline, should anyone be waiting, the places of those
// who did not answer go to the waiting list. A member who moves up after
// the question has ClaimWithin to confirm their place, or it passes on.

// ErrNotGoing means a member confirmed a place they do not have.
var ErrNotGoing = errors.New("member is not on the list of those going")

// Reconfirmation is where a meetup's reconfirmation stands, for its
// current start and venue.
type Reconfirmation struct {
	// Asked is when everyone going was asked.
	Asked time.Time `json:"asked"`
	// ClaimWithin is how long a member who moves up from now on has to
	// confirm their place.
	ClaimWithin time.Duration `json:"claim_within"`
	// Released is set once the places of those who did not answer were
	// offered to the waiting list (or there was nobody waiting).
	Released bool `json:"released,omitempty"`
}

// Claim is a place a member moved up into and must confirm by By.
type Claim struct {
	UserID int64     `json:"user_id"`
	By     time.Time `json:"by"`
}

// ReconfirmLeads are a group's reconfirmation times before the start.
type ReconfirmLeads struct {
	// Ask is when everyone going is asked.
	Ask time.Duration `json:"ask"`
	// Deadline is when the places of those who did not answer go to the
	// waiting list.
	Deadline time.Duration `json:"deadline"`
}

// Asked reports whether everyone going was asked to reconfirm.
func (e *Event) Asked() bool { return e.Reconfirm != nil && !e.Reconfirm.Asked.IsZero() }

// AskReconfirm records that everyone going is asked now.
func (e *Event) AskReconfirm(now time.Time, claimWithin time.Duration) {
	e.Reconfirm = &Reconfirmation{Asked: now, ClaimWithin: claimWithin}
}

// ReleaseDue is when the places of those who did not answer are released:
// the group's deadline, but never less than ClaimWithin after the question,
// so a question asked late (a meetup moved inside the window) still gets
// its time to answer.
func (e *Event) ReleaseDue(deadline time.Duration) time.Time {
	due := e.Start.Add(-deadline)
	if e.Asked() {
		if earliest := e.Reconfirm.Asked.Add(e.Reconfirm.ClaimWithin); earliest.After(due) {
			due = earliest
		}
	}
	return due
}

// Replanned forgets every confirmation and claim: the meetup moved or
// changed its venue, so a yes given before says nothing about the new one.
// The caller clears the members' Confirmed flags. Inside the window, the
// question is asked again at once.
func (e *Event) Replanned() {
	e.Reconfirm, e.Claims, e.Tally.Confirmed = nil, nil, 0
}

// NextClaim is the earliest claim deadline; zero when none is pending.
func (e *Event) NextClaim() time.Time {
	var next time.Time
	for _, c := range e.Claims {
		if next.IsZero() || c.By.Before(next) {
			next = c.By
		}
	}
	return next
}

// DropClaim ends the member's claim, if they have one, and reports whether
// they had.
func (e *Event) DropClaim(userID int64) bool {
	n := len(e.Claims)
	e.Claims = slices.DeleteFunc(e.Claims, func(c Claim) bool { return c.UserID == userID })
	return len(e.Claims) != n
}

// Unconfirmed reports whether the member holds a place they were asked to
// reconfirm and did not, and which no claim deadline protects.
func (r RSVP) Unconfirmed() bool {
	return r.Status == StatusGoing && !r.Confirmed && r.ClaimBy.IsZero()
}

// Release takes the places of members who did not reconfirm (going, in
// the order they said yes) and gives back as many as the waiting list can
// fill: the latest yeses first, since they came last. Nobody is released
// while nobody waits. The released are no longer going; a press of
// "going" puts them on the waiting list like anyone else.
func (e *Event) Release(going []RSVP, now time.Time) []RSVP {
	if e.Reconfirm == nil || e.Reconfirm.Released {
		return nil
	}
	e.Reconfirm.Released = true
	var released []RSVP
	freed := 0
	for i := len(going) - 1; i >= 0 && freed < e.Tally.WaitingPeople && e.Open(now) == nil; i-- {
		r := going[i]
		if !r.Unconfirmed() {
			continue
		}
		e.untally(r)
		r.Status, r.Guests, r.UpdatedAt = StatusReleased, 0, now
		e.NextSeq++
		r.Seq = e.NextSeq
		e.tally(r)
		freed += going[i].Party()
		e.Released += going[i].Party()
		released = append(released, r)
	}
	return released
}

// ExpireClaim returns a member who did not confirm a place they moved up
// into to the end of the waiting list, so the place passes to the next in
// line. With nobody else waiting there is nobody to pass it to: the
// member keeps it, and only the claim ends.
func (e *Event) ExpireClaim(r *RSVP, now time.Time) bool {
	if r.Status != StatusGoing || r.ClaimBy.IsZero() || r.ClaimBy.After(now) {
		return false
	}
	e.DropClaim(r.UserID)
	if e.Tally.WaitingPeople == 0 || e.Open(now) != nil {
		r.ClaimBy = time.Time{}
		return false
	}
	e.untally(*r)
	r.Status, r.ClaimBy, r.UpdatedAt = StatusWaiting, time.Time{}, now
	e.NextSeq++
	r.Seq = e.NextSeq
	e.tally(*r)
	return true
}

package meetupbot

import (
	"errors"
	"slices"
	"time"
)

// FreshAnswer is how recent a yes may be and still count as confirmed when
// the question goes out: asking "Kommst du noch?" of someone who said yes
// this morning only repeats their answer.
const FreshAnswer = 12 * time.Hour

// ReminderGap keeps a reminder from following another message about the
// member's place within a few hours: one message per member per step.
const ReminderGap = 3 * time.Hour

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
	// GroupAsks are the group's messages with the question, for members
	// the bot cannot write to; their buttons go at the release.
	GroupAsks []MessageRef `json:"group_asks,omitempty"`
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

// AskReconfirm records that everyone going is asked now, and says who of
// going (the members going, in the order they said yes) is asked. A yes
// given within FreshAnswer (and since the meetup last moved) counts as
// confirmed and is returned in fresh,
// marked so, for the caller to store; reserved places need no answer.
func (e *Event) AskReconfirm(now time.Time, claimWithin time.Duration, going []RSVP) (asked, fresh []RSVP) {
	e.Reconfirm = &Reconfirmation{Asked: now, ClaimWithin: claimWithin}
	for _, r := range going {
		switch {
		case r.Status != StatusGoing || r.Confirmed || r.Reserved:
		case now.Sub(r.Answered()) < FreshAnswer && r.Answered().After(e.MovedAt):
			e.untally(r)
			r.Confirmed = true
			e.tally(r)
			fresh = append(fresh, r)
		default:
			asked = append(asked, r)
		}
	}
	return asked, fresh
}

// ReleaseDue is when the places of those who did not answer are released:
// the group's deadline, but never less than ClaimWithin after the question
// (counted from the morning for a question asked at night), so a question
// asked late (a meetup moved inside the window) still gets its time to
// answer; and never in the night.
func (e *Event) ReleaseDue(deadline time.Duration, night Night) time.Time {
	due := e.Start.Add(-deadline)
	if e.Asked() {
		if earliest := night.Morning(e.Reconfirm.Asked, e.Start).Add(e.Reconfirm.ClaimWithin); earliest.After(due) {
			due = earliest
		}
	}
	return night.Morning(due, e.Start)
}

// ClaimDeadline is by when a member who moves up now must claim the place:
// ClaimWithin from when they can read the offer (the morning, at night),
// moved out of the night itself, and never after the start.
func (e *Event) ClaimDeadline(now time.Time, night Night) time.Time {
	by := night.Morning(night.Morning(now, e.Start).Add(e.Reconfirm.ClaimWithin), e.Start)
	if by.After(e.Start) {
		return e.Start
	}
	return by
}

// LapsedFor reports whether the member let an offer of a place at this
// meetup lapse: they are not offered one again.
func (e *Event) LapsedFor(userID int64) bool { return slices.Contains(e.Lapsed, userID) }

// Replanned forgets every confirmation and claim: the meetup moved or
// changed its venue, so a yes given before says nothing about the new one.
// The caller clears each member's answer with Unconfirm. Inside the
// window, the question is asked again once members were told of the
// change.
func (e *Event) Replanned() {
	e.Reconfirm, e.Claims, e.Lapsed = nil, nil, nil
}

// Unconfirm forgets a member's confirmation and claim after Replanned; a
// reserved place stays confirmed. It reports whether anything changed.
func (e *Event) Unconfirm(r *RSVP) bool {
	if r.Reserved || (!r.Confirmed && r.ClaimBy.IsZero()) {
		return false
	}
	e.untally(*r)
	r.Confirmed, r.ClaimBy = false, time.Time{}
	e.tally(*r)
	return true
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
	return r.Asking() && r.ClaimBy.IsZero()
}

// Release takes the places of members who did not reconfirm (going, in
// the order they said yes) for the parties waiting (in their order), and
// frees no more than those parties can take: for each waiting party that
// an offer can reach, the latest silent yeses are released until it fits,
// a yes whose party fits into what is missing before a larger one. A party
// that does not fit even then keeps its rank, and the next is served.
// Nobody is released while nobody waits. The released are no longer going
// (their guests stay on record, to say how many places went); a press of
// "going" puts them on the waiting list like anyone else.
func (e *Event) Release(going, waiting []RSVP, now time.Time) []RSVP {
	if e.Reconfirm == nil || e.Reconfirm.Released {
		return nil
	}
	e.Reconfirm.Released = true
	if e.Open(now) != nil || e.Unlimited() {
		return nil
	}
	var silent []RSVP
	for i := len(going) - 1; i >= 0; i-- {
		if going[i].Unconfirmed() {
			silent = append(silent, going[i])
		}
	}
	free := e.Free()
	var released []RSVP
	for _, w := range waiting {
		if w.Status != StatusWaiting || e.LapsedFor(w.UserID) {
			continue
		}
		for free < w.Party() && len(silent) > 0 {
			i := releaseNext(silent, w.Party()-free)
			r := silent[i]
			silent = slices.Delete(silent, i, i+1)
			free += r.Party()
			released = append(released, e.release(r, now))
		}
		if free >= w.Party() {
			free -= w.Party()
		}
	}
	return released
}

// releaseNext picks, of the silent yeses latest first, the first whose
// party fits into the places still missing, so that no chair is freed for
// nobody; failing that, the latest.
func releaseNext(silent []RSVP, missing int) int {
	if i := slices.IndexFunc(silent, func(r RSVP) bool { return r.Party() <= missing }); i >= 0 {
		return i
	}
	return 0
}

// release takes one member's place.
func (e *Event) release(r RSVP, now time.Time) RSVP {
	party := r.Party()
	e.untally(r)
	r.Status, r.UpdatedAt = StatusReleased, now
	e.NextSeq++
	r.Seq = e.NextSeq
	e.tally(r)
	e.Released += party
	return r
}

// OpenUp reports, the first time for this meetup, that places stay free
// after an offer lapsed or places were released while people wait whom no
// offer can reach (their party is too large, or they let an offer lapse):
// the places are now open to whoever asks first, and organizers hear of it
// once.
func (e *Event) OpenUp(now time.Time) bool {
	if e.OpenToAll || !e.Asked() || e.Open(now) != nil || e.Unlimited() || e.Free() == 0 || e.Tally.WaitingPeople == 0 {
		return false
	}
	e.OpenToAll = true
	return true
}

// ExpireClaim returns a member who did not confirm a place they moved up
// into to the end of the waiting list, so the place passes to the next in
// line; they are not offered a place at this meetup again, and their move
// up no longer counts as one. With nobody else waiting there is nobody to
// pass it to: the member keeps it, and only the claim ends.
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
	e.Lapsed = append(e.Lapsed, r.UserID)
	e.Promoted = max(e.Promoted-r.Party(), 0)
	return true
}

package meetupbot

import "time"

// Status is a member's answer as it stands.
type Status uint8

// Statuses of an RSVP. Waiting is never chosen by a member: it is what Going
// becomes when the meetup is full.
const (
	StatusNone Status = iota
	StatusGoing
	StatusMaybe
	StatusDeclined
	StatusWaiting
	// StatusReleased is a yes whose place went to the waiting list because
	// the member did not reconfirm it.
	StatusReleased
)

// RSVP is one member's answer for one event.
type RSVP struct {
	EventID int64  `json:"event_id"`
	UserID  int64  `json:"user_id"`
	Status  Status `json:"status"`
	Guests  int    `json:"guests,omitempty"`
	// Seq orders answers by arrival: it is renewed whenever the status
	// changes, so it orders the waiting list and the list of who comes.
	Seq       int64     `json:"seq,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
	// Confirmed is set when a member going answered the reconfirmation
	// (or said yes again after it) for the meetup's current start and venue.
	Confirmed bool `json:"confirmed,omitempty"`
	// ClaimBy is when a member who moved up after the reconfirmation must
	// have confirmed their place.
	ClaimBy time.Time `json:"claim_by,omitzero"`
	// CheckedIn is when the member came through the door.
	CheckedIn time.Time `json:"checked_in,omitzero"`
	// AnsweredAt is when the member last answered themselves; moving up
	// the waiting list or losing a place changes only UpdatedAt.
	AnsweredAt time.Time `json:"answered_at,omitzero"`
	// Reserved is a place held for a speaker, or an organizer who asked
	// for one: it is taken whatever the capacity, counts as confirmed and
	// is never released.
	Reserved bool `json:"reserved,omitempty"`
	// Asks are the messages that ask the member about their place (the
	// reconfirmation question, an offer to claim one): their buttons go
	// once the answer is settled.
	Asks []MessageRef `json:"asks,omitempty"`
}

// Answered is when the member last answered themselves, for answers
// stored before AnsweredAt existed.
func (r RSVP) Answered() time.Time {
	if r.AnsweredAt.IsZero() {
		return r.UpdatedAt
	}
	return r.AnsweredAt
}

// Asking reports whether the member still has a question about their place
// to answer: they hold an unconfirmed place after the question, or one they
// moved up into and must claim.
func (r RSVP) Asking() bool {
	return r.Status == StatusGoing && !r.Confirmed && !r.Reserved
}

// Party is the member plus their guests.
func (r RSVP) Party() int { return 1 + r.Guests }

// Answer is what a member asks for, by button or by /rsvp.
type Answer struct {
	Status Status
	Guests int
	// KeepGuests keeps the guests of an earlier yes (the "going" button).
	KeepGuests bool
	// AddGuest brings one more guest (the "+1" button), saying yes if needed.
	AddGuest bool
	// Confirm keeps a place and marks it confirmed ("Ja, ich komme").
	Confirm bool
	// Withdraw gives up a place held ("Doch nicht"); it is refused to a
	// member who holds none, so the button records nothing for anybody else.
	Withdraw bool
}

// Apply decides a member's new RSVP and updates the event's tally. It never
// promotes anybody: the caller promotes waiting members afterwards with
// Promote, so that places freed by this answer go to the waiting list in order.
func Apply(ev *Event, prev RSVP, a Answer, now time.Time) (RSVP, error) {
	if err := ev.Open(now); err != nil {
		return prev, err
	}
	if a.Confirm {
		return confirm(ev, prev, now)
	}
	if a.Withdraw && prev.Status != StatusGoing {
		return prev, ErrNotGoing
	}
	listed := prev.Status == StatusGoing || prev.Status == StatusWaiting
	status, guests := a.Status, a.Guests
	switch {
	case a.AddGuest:
		status, guests = StatusGoing, 1
		if listed {
			guests = prev.Guests + 1
		}
	case a.KeepGuests && listed:
		guests = prev.Guests
	}
	if status == StatusGoing && (guests < 0 || guests > MaxGuests) {
		return prev, ErrTooManyGuests
	}
	if status != StatusGoing {
		guests = 0
	}
	// A party larger than the whole meetup would wait for places that can
	// never come.
	if status == StatusGoing && !ev.Unlimited() && 1+guests > ev.Capacity {
		return prev, ErrPartyTooLarge
	}

	next := prev
	next.EventID, next.UpdatedAt, next.AnsweredAt = ev.ID, now, now
	switch {
	case status == StatusGoing && prev.Status == StatusGoing:
		if extra := guests - prev.Guests; extra > 0 && !ev.Fits(extra) {
			return prev, ErrNoRoom
		}
		ev.untally(prev)
		next.Guests = guests
		if ev.Asked() {
			// Saying yes again after the question answers it.
			next.Confirmed, next.ClaimBy = true, time.Time{}
			ev.DropClaim(prev.UserID)
		}
		ev.tally(next)
	case status == StatusGoing && prev.Status == StatusWaiting:
		// Places free while people wait are places nobody on the list
		// could take (a party too large, an offer that lapsed): the
		// first to ask for one gets it.
		ev.untally(prev)
		next.Guests = guests
		if ev.Fits(next.Party()) {
			next.Status, next.Confirmed = StatusGoing, ev.Asked()
			ev.Promoted += next.Party()
		}
		ev.tally(next)
	case status == StatusGoing:
		ev.untally(prev)
		ev.DropClaim(prev.UserID)
		next.Guests, next.ClaimBy = guests, time.Time{}
		next.Status = StatusGoing
		if !ev.Fits(next.Party()) {
			next.Status = StatusWaiting
		}
		// A yes given after the question needs no second one.
		next.Confirmed = next.Status == StatusGoing && ev.Asked()
		ev.NextSeq++
		next.Seq = ev.NextSeq
		ev.tally(next)
	default:
		ev.untally(prev)
		ev.DropClaim(prev.UserID)
		next.Status, next.Guests, next.Confirmed, next.ClaimBy, next.Reserved = status, 0, false, time.Time{}, false
		if prev.Status != status {
			ev.NextSeq++
			next.Seq = ev.NextSeq
		}
		ev.tally(next)
	}
	return next, nil
}

// confirm marks a member's place confirmed; only a member going has one.
func confirm(ev *Event, prev RSVP, now time.Time) (RSVP, error) {
	if prev.Status != StatusGoing {
		return prev, ErrNotGoing
	}
	next := prev
	ev.untally(prev)
	next.Confirmed, next.ClaimBy, next.UpdatedAt, next.AnsweredAt = true, time.Time{}, now, now
	ev.tally(next)
	ev.DropClaim(prev.UserID)
	return next, nil
}

// WantsPromotion reports whether places are free while people wait.
func (e *Event) WantsPromotion(now time.Time) bool {
	return e.Open(now) == nil && e.Tally.WaitingPeople > 0 && (e.Unlimited() || e.Free() > 0)
}

// Promote moves a waiting member onto the list if their party fits. Callers
// offer waiting members in arrival order; a party too large for the places
// left is skipped and keeps its rank, so the places go to the next who fit
// rather than stay empty. A member whose offer lapsed is not offered the
// same meetup again. After the reconfirmation question, the member must
// claim the place within the meetup's ClaimWithin, counted from the
// morning when the offer is made at night, and never later than the start.
func (e *Event) Promote(r *RSVP, now time.Time, night Night) bool {
	if r.Status != StatusWaiting || e.Open(now) != nil || !e.Fits(r.Party()) || e.LapsedFor(r.UserID) {
		return false
	}
	e.untally(*r)
	r.Status, r.UpdatedAt, r.Confirmed = StatusGoing, now, false
	if e.Asked() {
		r.ClaimBy = e.ClaimDeadline(now, night)
		e.Claims = append(e.Claims, Claim{UserID: r.UserID, By: r.ClaimBy})
	}
	e.tally(*r)
	e.Promoted += r.Party()
	return true
}

func (e *Event) tally(r RSVP) { e.count(r, 1) }

func (e *Event) untally(r RSVP) { e.count(r, -1) }

func (e *Event) count(r RSVP, sign int) {
	e.attend(r, sign)
	switch r.Status {
	case StatusGoing:
		e.Tally.Going += sign
		e.Tally.Guests += sign * r.Guests
		if r.Confirmed {
			e.Tally.Confirmed += sign
		}
	case StatusMaybe:
		e.Tally.Maybe += sign
	case StatusDeclined:
		e.Tally.Declined += sign
	case StatusWaiting:
		e.Tally.WaitingPeople += sign * r.Party()
	}
}

// AnswerResult is the outcome of one member's answer.
type AnswerResult struct {
	Event    Event
	Previous RSVP
	RSVP     RSVP
	// Position is the member's place on the waiting list, from 1.
	Position int
	// Promoted are the members moved up into places this answer freed.
	Promoted []Attendee
}

// Press is a member's press of an RSVP button, one of a batch that storage
// applies in one transaction.
type Press struct {
	UpdateID int
	// QueryID is the press's callback query, which must be answered.
	QueryID string
	Chat    Chat
	Member  Member
	EventID int64
	Answer  Answer
	// Pressed is the message the button is on.
	Pressed MessageRef
	// OnQuestion is set for a press on a reconfirmation question, which is
	// not a copy of the meetup's card.
	OnQuestion bool
	// For is the member an offer's button in a group was made to; 0 for
	// buttons that act for whoever presses them.
	For int64
}

// PressResult is what one press of a batch did.
type PressResult struct {
	AnswerResult
	// Member is the presser as stored, with their settings.
	Member Member
	// Err is the press's own failure; the other presses still apply.
	Err error
	// Duplicate means the press was handled before (it was delivered again
	// after a restart) and changed nothing now.
	Duplicate bool
	// Owner is the member a button pressed by somebody else was for
	// (ErrNotYours).
	Owner Member
}

// EventChange is a meetup after a change, with who the change concerns.
type EventChange struct {
	Event Event
	// Promoted are the members the change moved up from the waiting list.
	Promoted []Attendee
	// Cancelled is set when the change called the meetup off; Concerned
	// are then everyone who had not said no.
	Cancelled bool
	Concerned []Attendee
	// Before is the meetup as it was when the change moved it or changed
	// its venue; Concerned are then everyone who had not said no.
	Before *Event
	// Released are members whose places went to the waiting list because
	// they did not reconfirm.
	Released []Attendee
	// Expired are members who moved up, did not confirm in time, and wait
	// again at the end of the list.
	Expired []Attendee
	// Opened is set when places stay free after an offer lapsed while
	// people wait whom no offer can reach: the places are open to the
	// first who asks, and organizers hear of it once.
	Opened bool
}

// Notify renders the messages a change causes. Storage calls it inside the
// change's transaction and stores what it returns with the change, so a
// crash can lose neither without the other.
type Notify func(EventChange) []Outgoing

// Attendee is an answer with the member who gave it.
type Attendee struct {
	RSVP
	Member Member
}

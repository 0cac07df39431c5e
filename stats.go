package meetupbot

import (
	"math"
	"time"
)

// Figures are what a past meetup shows about who comes: of the places
// taken at the start, how many were filled, who came anyway, and how many
// places changed hands before.
type Figures struct {
	Event Event
	// DoorUsed is set when anyone checked in; without it nothing is known
	// about who came, and the rest is zero.
	DoorUsed bool
	// Yes are the places taken at the start: members going and their
	// guests. Came are those of them who came; NoShows the others.
	Yes, Came, NoShows int
	// WalkIns came without a yes, named or counted by hand.
	WalkIns int
	// Released and Promoted are the places that went from silent members
	// to the waiting list, and from it to those who moved up.
	Released, Promoted int
}

// ShowRate is the share of the places taken that were filled.
func (f Figures) ShowRate() float64 {
	if f.Yes == 0 {
		return 0
	}
	return float64(f.Came) / float64(f.Yes)
}

// FiguresOf reads a meetup's figures. Answers cannot change once a
// meetup started, so its tally is what stood at the start.
func FiguresOf(ev Event) Figures {
	f := Figures{Event: ev, Yes: ev.Tally.Seats(), Released: ev.Released, Promoted: ev.Promoted}
	if ev.Attendance.Came() == 0 {
		return f
	}
	a := ev.Attendance
	f.DoorUsed = true
	f.Came = a.Going() + a.Guests
	f.NoShows = max(f.Yes-f.Came, 0)
	f.WalkIns = a.WalkIns + a.Unnamed
	return f
}

// MinHistory is how many meetups with a check-in a forecast needs: one
// evening says more about its weather than about the group.
const MinHistory = 2

// ShowRates are how many of each kind of answer came, learnt from a
// group's meetups with a check-in.
type ShowRates struct {
	Confirmed, Unconfirmed, Maybe, Guests float64
	// Meetups is how many meetups they were learnt from.
	Meetups int
}

// LearnShowRates learns the show rates from past meetups; ok is false
// while fewer than MinHistory of them used the door. A kind of answer the
// history has not seen (no reconfirmation yet, say) takes the rate of all
// yeses; a maybe nobody has seen come counts as not coming.
func LearnShowRates(past []Event, now time.Time) (ShowRates, bool) {
	var r ShowRates
	var confirmed, unconfirmed, maybe, guests, yes [2]int // [came, answered]
	for _, ev := range past {
		if ev.Cancelled || !ev.Over(now) || ev.Attendance.Came() == 0 {
			continue
		}
		r.Meetups++
		a, t := ev.Attendance, ev.Tally
		confirmed[0], confirmed[1] = confirmed[0]+a.Confirmed, confirmed[1]+t.Confirmed
		unconfirmed[0], unconfirmed[1] = unconfirmed[0]+a.Unconfirmed, unconfirmed[1]+t.Going-t.Confirmed
		maybe[0], maybe[1] = maybe[0]+a.Maybe, maybe[1]+t.Maybe
		guests[0], guests[1] = guests[0]+a.Guests, guests[1]+t.Guests
		yes[0], yes[1] = yes[0]+a.Going()+a.Guests, yes[1]+t.Seats()
	}
	if r.Meetups < MinHistory {
		return r, false
	}
	all := rate(yes, 0)
	r.Confirmed, r.Unconfirmed = rate(confirmed, all), rate(unconfirmed, all)
	r.Guests, r.Maybe = rate(guests, all), rate(maybe, 0)
	return r, true
}

// rate is came/answered, or fallback when nobody answered so.
func rate(counts [2]int, fallback float64) float64 {
	if counts[1] == 0 {
		return fallback
	}
	return min(float64(counts[0])/float64(counts[1]), 1)
}

// Expect is how many people the rates expect at a meetup, as its answers
// stand: members going by whether they reconfirmed, their guests, and
// those who said maybe.
func (r ShowRates) Expect(ev Event) int {
	t := ev.Tally
	return int(math.Round(float64(t.Confirmed)*r.Confirmed + float64(t.Going-t.Confirmed)*r.Unconfirmed +
		float64(t.Guests)*r.Guests + float64(t.Maybe)*r.Maybe))
}

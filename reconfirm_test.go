package meetupbot

import (
	"errors"
	"slices"
	"testing"
	"time"
)

// asked is a meetup of capacity places three days ahead whose members
// were asked to reconfirm an hour ago, with six hours to claim a place.
func asked(capacity int, tally Tally) Event {
	return Event{ID: 1, Capacity: capacity, Start: later, Tally: tally, NextSeq: 20,
		Reconfirm: &Reconfirmation{Asked: now.Add(-time.Hour), ClaimWithin: 6 * time.Hour}}
}

func TestApplyAfterTheQuestion(t *testing.T) {
	tests := []struct {
		name      string
		ev        Event
		prev      RSVP
		answer    Answer
		want      RSVP
		wantTally Tally
		wantErr   error
	}{
		{
			name:      "yes, I come",
			ev:        asked(10, Tally{Going: 3}),
			prev:      RSVP{UserID: 7, Status: StatusGoing, Seq: 2},
			answer:    Answer{Confirm: true},
			want:      RSVP{UserID: 7, Status: StatusGoing, Seq: 2, Confirmed: true},
			wantTally: Tally{Going: 3, Confirmed: 1},
		},
		{
			name:      "confirming a claimed place ends the claim",
			ev:        asked(10, Tally{Going: 3}),
			prev:      RSVP{UserID: 7, Status: StatusGoing, Seq: 2, ClaimBy: now.Add(time.Hour)},
			answer:    Answer{Confirm: true},
			want:      RSVP{UserID: 7, Status: StatusGoing, Seq: 2, Confirmed: true},
			wantTally: Tally{Going: 3, Confirmed: 1},
		},
		{
			name:      "only those going can confirm",
			ev:        asked(10, Tally{WaitingPeople: 1}),
			prev:      RSVP{UserID: 7, Status: StatusWaiting, Seq: 2},
			answer:    Answer{Confirm: true},
			want:      RSVP{UserID: 7, Status: StatusWaiting, Seq: 2},
			wantTally: Tally{WaitingPeople: 1},
			wantErr:   ErrNotGoing,
		},
		{
			name:      "going again after the question confirms",
			ev:        asked(10, Tally{Going: 3, Guests: 1}),
			prev:      RSVP{UserID: 7, Status: StatusGoing, Guests: 1, Seq: 2},
			answer:    Answer{Status: StatusGoing, KeepGuests: true},
			want:      RSVP{UserID: 7, Status: StatusGoing, Guests: 1, Seq: 2, Confirmed: true},
			wantTally: Tally{Going: 3, Guests: 1, Confirmed: 1},
		},
		{
			name:      "a new yes after the question needs no confirmation",
			ev:        asked(10, Tally{Maybe: 1}),
			prev:      RSVP{UserID: 7, Status: StatusMaybe, Seq: 2},
			answer:    Answer{Status: StatusGoing},
			want:      RSVP{UserID: 7, Status: StatusGoing, Seq: 21, Confirmed: true},
			wantTally: Tally{Going: 1, Confirmed: 1},
		},
		{
			name:      "a no after confirming counts the confirmation out",
			ev:        asked(10, Tally{Going: 3, Confirmed: 2}),
			prev:      RSVP{UserID: 7, Status: StatusGoing, Seq: 2, Confirmed: true},
			answer:    Answer{Status: StatusDeclined},
			want:      RSVP{UserID: 7, Status: StatusDeclined, Seq: 21},
			wantTally: Tally{Going: 2, Declined: 1, Confirmed: 1},
		},
		{
			name:      "a released member's yes waits like anyone's",
			ev:        asked(2, Tally{Going: 2, WaitingPeople: 1}),
			prev:      RSVP{UserID: 7, Status: StatusReleased, Seq: 5},
			answer:    Answer{Status: StatusGoing},
			want:      RSVP{UserID: 7, Status: StatusWaiting, Seq: 21},
			wantTally: Tally{Going: 2, WaitingPeople: 2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := tt.ev
			got, err := Apply(&ev, tt.prev, tt.answer, now)
			got.UpdatedAt, got.EventID = time.Time{}, 0
			if !errors.Is(err, tt.wantErr) || got != tt.want || ev.Tally != tt.wantTally {
				t.Errorf("Apply = %+v, %v, tally %+v; want %+v, %v, tally %+v", got, err, ev.Tally, tt.want, tt.wantErr, tt.wantTally)
			}
			if slices.ContainsFunc(ev.Claims, func(c Claim) bool { return c.UserID == 7 }) {
				t.Errorf("claims after the answer: %+v", ev.Claims)
			}
		})
	}
}

func TestPromoteAfterTheQuestionAsksToClaim(t *testing.T) {
	tests := []struct {
		name   string
		ev     Event
		wantBy time.Time
	}{
		{"before the question", Event{ID: 1, Capacity: 2, Start: later, Tally: Tally{Going: 1, WaitingPeople: 1}}, time.Time{}},
		{"after the question", asked(2, Tally{Going: 1, WaitingPeople: 1}), now.Add(6 * time.Hour)},
		{"never past the start", func() Event {
			ev := asked(2, Tally{Going: 1, WaitingPeople: 1})
			ev.Start = now.Add(2 * time.Hour)
			return ev
		}(), now.Add(2 * time.Hour)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := tt.ev
			r := RSVP{UserID: 9, Status: StatusWaiting, Seq: 3}
			if !ev.Promote(&r, now) {
				t.Fatal("Promote refused a waiting member with a place free")
			}
			if !r.ClaimBy.Equal(tt.wantBy) || !ev.NextClaim().Equal(tt.wantBy) || ev.Promoted != 1 {
				t.Errorf("ClaimBy %v, next claim %v, promoted %d; want %v, %v, 1", r.ClaimBy, ev.NextClaim(), ev.Promoted, tt.wantBy, tt.wantBy)
			}
		})
	}
}

func TestRelease(t *testing.T) {
	going := func(id int64, guests int, confirmed bool) RSVP {
		return RSVP{UserID: id, Status: StatusGoing, Guests: guests, Seq: id, Confirmed: confirmed}
	}
	claimed := going(6, 0, false)
	claimed.ClaimBy = now.Add(time.Hour)
	list := []RSVP{going(1, 0, true), going(2, 0, false), going(3, 1, false), going(4, 0, true), going(5, 0, false), claimed}
	tests := []struct {
		name    string
		waiting int
		want    []int64
	}{
		{"nobody waits, nobody is released", 0, nil},
		{"one waits: the latest silent yes goes", 1, []int64{5}},
		{"three wait: a party of two counts as two", 3, []int64{5, 3}},
		{"more wait than are silent: every silent yes goes", 9, []int64{5, 3, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := asked(7, Tally{Going: 6, Guests: 1, Confirmed: 2, WaitingPeople: tt.waiting})
			released := ev.Release(list, now)
			var ids []int64
			seats := 0
			for _, r := range released {
				ids = append(ids, r.UserID)
				if r.Status != StatusReleased || r.Guests != 0 || r.Seq <= 20 {
					t.Errorf("released %+v, want status released, no guests, a new seq", r)
				}
			}
			for _, r := range list {
				if slices.Contains(ids, r.UserID) {
					seats += r.Party()
				}
			}
			if !slices.Equal(ids, tt.want) || ev.Released != seats || ev.Tally.Seats() != 7-seats || !ev.Reconfirm.Released {
				t.Errorf("released %v (%d places), tally %+v; want %v", ids, ev.Released, ev.Tally, tt.want)
			}
			if again := ev.Release(list, now); again != nil {
				t.Errorf("a second release took %+v", again)
			}
		})
	}
}

func TestExpireClaim(t *testing.T) {
	tests := []struct {
		name     string
		waiting  int
		by       time.Time
		moved    bool
		wantStat Status
	}{
		{"in time", 1, now.Add(time.Minute), false, StatusGoing},
		{"late, someone waits: back to the end of the list", 1, now, true, StatusWaiting},
		{"late, nobody waits: the place stays", 0, now.Add(-time.Minute), false, StatusGoing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := asked(3, Tally{Going: 3, WaitingPeople: tt.waiting})
			ev.Claims = []Claim{{UserID: 9, By: tt.by}}
			r := RSVP{UserID: 9, Status: StatusGoing, Seq: 4, ClaimBy: tt.by}
			moved := ev.ExpireClaim(&r, now)
			if moved != tt.moved || r.Status != tt.wantStat {
				t.Fatalf("ExpireClaim = %v, status %v; want %v, %v", moved, r.Status, tt.moved, tt.wantStat)
			}
			if tt.by.After(now) {
				return
			}
			if len(ev.Claims) != 0 || !r.ClaimBy.IsZero() {
				t.Errorf("claim left after it ended: %+v, %v", ev.Claims, r.ClaimBy)
			}
			if moved && (r.Seq != 21 || ev.Tally.WaitingPeople != tt.waiting+1 || ev.Tally.Going != 2) {
				t.Errorf("moved to seq %d, tally %+v; want the end of the waiting list", r.Seq, ev.Tally)
			}
		})
	}
}

func TestReleaseDue(t *testing.T) {
	ev := asked(3, Tally{})
	if got, want := ev.ReleaseDue(24*time.Hour), later.Add(-24*time.Hour); !got.Equal(want) {
		t.Errorf("ReleaseDue = %v, want the deadline %v", got, want)
	}
	ev.Reconfirm.Asked = later.Add(-26 * time.Hour)
	if got, want := ev.ReleaseDue(24*time.Hour), later.Add(-20*time.Hour); !got.Equal(want) {
		t.Errorf("ReleaseDue after a late question = %v, want ClaimWithin after it: %v", got, want)
	}
}

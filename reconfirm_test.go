package meetupbot

import (
	"errors"
	"reflect"
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
			name:      "not coming after all from someone without a place records nothing",
			ev:        asked(10, Tally{Going: 3, Maybe: 1}),
			prev:      RSVP{UserID: 7, Status: StatusMaybe, Seq: 2},
			answer:    Answer{Status: StatusDeclined, Withdraw: true},
			want:      RSVP{UserID: 7, Status: StatusMaybe, Seq: 2},
			wantTally: Tally{Going: 3, Maybe: 1},
			wantErr:   ErrNotGoing,
		},
		{
			name:      "not coming after all gives the place up, reserved or not",
			ev:        asked(10, Tally{Going: 3, Confirmed: 1}),
			prev:      RSVP{UserID: 7, Status: StatusGoing, Seq: 2, Confirmed: true, Reserved: true},
			answer:    Answer{Status: StatusDeclined, Withdraw: true},
			want:      RSVP{UserID: 7, Status: StatusDeclined, Seq: 21},
			wantTally: Tally{Going: 2, Declined: 1},
		},
		{
			name:      "a waiting member takes a place nobody on the list could: first press wins",
			ev:        asked(3, Tally{Going: 2, WaitingPeople: 3}),
			prev:      RSVP{UserID: 7, Status: StatusWaiting, Seq: 9},
			answer:    Answer{Status: StatusGoing, KeepGuests: true},
			want:      RSVP{UserID: 7, Status: StatusGoing, Seq: 9, Confirmed: true},
			wantTally: Tally{Going: 3, Confirmed: 1, WaitingPeople: 2},
		},
		{
			name:      "a waiting party too large for the free place keeps waiting",
			ev:        asked(3, Tally{Going: 2, WaitingPeople: 2}),
			prev:      RSVP{UserID: 7, Status: StatusWaiting, Guests: 1, Seq: 9},
			answer:    Answer{Status: StatusGoing, KeepGuests: true},
			want:      RSVP{UserID: 7, Status: StatusWaiting, Guests: 1, Seq: 9},
			wantTally: Tally{Going: 2, WaitingPeople: 2},
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
			if err == nil && !got.AnsweredAt.Equal(now) {
				t.Errorf("AnsweredAt = %v, want the time of the answer", got.AnsweredAt)
			}
			got.UpdatedAt, got.AnsweredAt, got.EventID = time.Time{}, time.Time{}, 0
			if !errors.Is(err, tt.wantErr) || !reflect.DeepEqual(got, tt.want) || ev.Tally != tt.wantTally {
				t.Errorf("Apply = %+v, %v, tally %+v; want %+v, %v, tally %+v", got, err, ev.Tally, tt.want, tt.wantErr, tt.wantTally)
			}
			if slices.ContainsFunc(ev.Claims, func(c Claim) bool { return c.UserID == 7 }) {
				t.Errorf("claims after the answer: %+v", ev.Claims)
			}
		})
	}
}

func TestPromoteAfterTheQuestionAsksToClaim(t *testing.T) {
	// 22:00–08:00 in UTC: now is noon.
	night := Night{Hours: DefaultQuiet(), Zone: time.UTC}
	tests := []struct {
		name   string
		ev     Event
		at     time.Time
		wantBy time.Time
	}{
		{"before the question", Event{ID: 1, Capacity: 2, Start: later, Tally: Tally{Going: 1, WaitingPeople: 1}}, now, time.Time{}},
		{"after the question", asked(2, Tally{Going: 1, WaitingPeople: 1}), now, now.Add(6 * time.Hour)},
		{"never past the start", func() Event {
			ev := asked(2, Tally{Going: 1, WaitingPeople: 1})
			ev.Start = now.Add(2 * time.Hour)
			return ev
		}(), now, now.Add(2 * time.Hour)},
		// Offered at 19:30: six hours end at 01:30, in the night.
		{"a deadline in the night moves to the morning", asked(2, Tally{Going: 1, WaitingPeople: 1}), now.Add(7*time.Hour + 30*time.Minute),
			time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)},
		// Offered at 23:00: read at 08:00, so claimed by 14:00.
		{"an offer at night counts from the morning", asked(2, Tally{Going: 1, WaitingPeople: 1}), now.Add(11 * time.Hour),
			time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC)},
		{"the last night before the start keeps its deadline", func() Event {
			ev := asked(2, Tally{Going: 1, WaitingPeople: 1})
			ev.Start = time.Date(2026, 12, 2, 7, 0, 0, 0, time.UTC)
			return ev
		}(), now.Add(11 * time.Hour), time.Date(2026, 12, 2, 5, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := tt.ev
			r := RSVP{UserID: 9, Status: StatusWaiting, Seq: 3}
			if !ev.Promote(&r, tt.at, night) {
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
	waits := func(id int64, guests int) RSVP {
		return RSVP{UserID: id, Status: StatusWaiting, Guests: guests, Seq: 10 + id}
	}
	claimed := going(6, 0, false)
	claimed.ClaimBy = now.Add(time.Hour)
	reserved := going(7, 0, true)
	reserved.Reserved = true
	// 1 and 4 confirmed, 6 must claim, 7 is a speaker; 2, 3 (+1) and 5 are
	// silent. Eight places, all taken.
	list := []RSVP{going(1, 0, true), going(2, 0, false), going(3, 1, false), going(4, 0, true), going(5, 0, false), claimed, reserved}
	tests := []struct {
		name    string
		waiting []RSVP
		lapsed  []int64
		want    []int64
	}{
		{"nobody waits, nobody is released", nil, nil, nil},
		{"one waits: the latest silent yes goes", []RSVP{waits(20, 0)}, nil, []int64{5}},
		{"two wait: the latest single yeses go before the later pair", []RSVP{waits(20, 0), waits(21, 0)}, nil, []int64{5, 2}},
		{"a pair waits: two silent singles make room, no chair is freed for nobody", []RSVP{waits(20, 1)}, nil, []int64{5, 2}},
		{"a single waits after the latest silent pair: the pair keeps its places", []RSVP{waits(20, 0), waits(21, 0), waits(22, 0)}, nil, []int64{5, 2, 3}},
		{"more wait than are silent: every silent yes goes", []RSVP{waits(20, 0), waits(21, 0), waits(22, 0), waits(23, 0), waits(24, 0)}, nil, []int64{5, 2, 3}},
		{"nobody is released for a member whose offer lapsed", []RSVP{waits(20, 0)}, []int64{20}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := asked(8, Tally{Going: 7, Guests: 1, Confirmed: 3})
			ev.Lapsed = tt.lapsed
			for _, w := range tt.waiting {
				ev.Tally.WaitingPeople += w.Party()
			}
			released := ev.Release(list, tt.waiting, now)
			var ids []int64
			seats := 0
			for _, r := range released {
				ids = append(ids, r.UserID)
				if r.Status != StatusReleased || r.Seq <= 20 {
					t.Errorf("released %+v, want status released, a new seq", r)
				}
			}
			for _, r := range list {
				if slices.Contains(ids, r.UserID) {
					seats += r.Party()
				}
			}
			if !slices.Equal(ids, tt.want) || ev.Released != seats || ev.Tally.Seats() != 8-seats || !ev.Reconfirm.Released {
				t.Errorf("released %v (%d places), tally %+v; want %v", ids, ev.Released, ev.Tally, tt.want)
			}
			if again := ev.Release(list, tt.waiting, now); again != nil {
				t.Errorf("a second release took %+v", again)
			}
		})
	}
}

// TestAnOfferIsMadeOnce is the loop the Stammtisch lived: one place free,
// Dana (+1) waits first and does not fit, Cem lets the offer lapse. The
// place is not offered to Cem again; it is open to all, once.
func TestAnOfferIsMadeOnce(t *testing.T) {
	ev := asked(3, Tally{Going: 2, WaitingPeople: 3})
	dana := RSVP{UserID: 4, Status: StatusWaiting, Guests: 1, Seq: 10}
	cem := RSVP{UserID: 3, Status: StatusWaiting, Seq: 11}
	if ev.Promote(&dana, now, Night{}) {
		t.Fatal("a party of two moved up into one place")
	}
	if !ev.Promote(&cem, now, Night{}) || ev.Promoted != 1 {
		t.Fatalf("Cem did not move up into the free place: %+v, promoted %d", cem, ev.Promoted)
	}
	if !ev.ExpireClaim(&cem, cem.ClaimBy) {
		t.Fatal("the lapsed claim did not pass on")
	}
	if ev.Promoted != 0 || !ev.LapsedFor(cem.UserID) {
		t.Errorf("after the lapse: promoted %d, lapsed %v; want 0 and Cem", ev.Promoted, ev.Lapsed)
	}
	for range 3 {
		if ev.Promote(&cem, cem.ClaimBy.Add(time.Hour), Night{}) {
			t.Fatal("the lapsed offer was made to Cem again")
		}
	}
	if !ev.OpenUp(now) {
		t.Error("the place is not open to all after nobody could take it")
	}
	if ev.OpenUp(now) {
		t.Error("organizers would hear twice that the place is open")
	}
	got, err := Apply(&ev, cem, Answer{Status: StatusGoing, KeepGuests: true}, now)
	if err != nil || got.Status != StatusGoing {
		t.Errorf("Cem asking for the open place: %+v, %v; want going", got, err)
	}
}

func TestAskReconfirm(t *testing.T) {
	old := now.Add(-3 * 24 * time.Hour)
	going := []RSVP{
		{UserID: 1, Status: StatusGoing, AnsweredAt: old},
		{UserID: 2, Status: StatusGoing, AnsweredAt: now.Add(-time.Hour)},
		{UserID: 3, Status: StatusGoing, Confirmed: true, Reserved: true, AnsweredAt: old},
		{UserID: 4, Status: StatusGoing, UpdatedAt: old},
	}
	ev := Event{ID: 1, Capacity: 10, Start: later, Tally: Tally{Going: 4, Confirmed: 1}}
	asked, fresh := ev.AskReconfirm(now, 6*time.Hour, going)
	ids := func(list []RSVP) []int64 {
		var out []int64
		for _, r := range list {
			out = append(out, r.UserID)
		}
		return out
	}
	if got := ids(asked); !slices.Equal(got, []int64{1, 4}) {
		t.Errorf("asked %v, want 1 and 4: a yes of an hour ago and a speaker's place need no question", got)
	}
	if got := ids(fresh); !slices.Equal(got, []int64{2}) || !fresh[0].Confirmed || ev.Tally.Confirmed != 2 {
		t.Errorf("fresh %+v, tally %+v; want 2, confirmed", fresh, ev.Tally)
	}
	if !ev.Asked() || ev.Reconfirm.ClaimWithin != 6*time.Hour {
		t.Errorf("reconfirmation %+v, want asked with six hours to claim", ev.Reconfirm)
	}

	// A yes of an hour ago was for the old evening when the meetup moved
	// since: it is asked about like any other.
	moved := Event{ID: 1, Capacity: 10, Start: later, MovedAt: now.Add(-time.Minute), Tally: Tally{Going: 1}}
	if asked, fresh := moved.AskReconfirm(now, 6*time.Hour, going[1:2]); len(asked) != 1 || len(fresh) != 0 {
		t.Errorf("after a move: asked %v, fresh %v; want the yes of an hour ago asked", ids(asked), ids(fresh))
	}
}

func TestReserve(t *testing.T) {
	ev := Event{ID: 1, Capacity: 2, Start: later, NextSeq: 5, Tally: Tally{Going: 2, WaitingPeople: 1}}
	speaker := ev.Reserve(RSVP{UserID: 9, Status: StatusWaiting, Seq: 3}, now)
	if speaker.Status != StatusGoing || !speaker.Reserved || !speaker.Confirmed {
		t.Errorf("Reserve = %+v, want a confirmed, reserved place", speaker)
	}
	if ev.Tally != (Tally{Going: 3, Confirmed: 1}) || ev.Free() != 0 {
		t.Errorf("tally %+v, free %d; want three going on two places, none free", ev.Tally, ev.Free())
	}
	ev.AskReconfirm(now, time.Hour, nil)
	ev.Replanned()
	if ev.Unconfirm(&speaker) || !speaker.Confirmed {
		t.Errorf("a meetup moved and the speaker's place lost its confirmation: %+v", speaker)
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
			ev.Promoted = 1
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
	night := Night{Hours: DefaultQuiet(), Zone: time.UTC}
	ev := asked(3, Tally{})
	if got, want := ev.ReleaseDue(24*time.Hour, night), later.Add(-24*time.Hour); !got.Equal(want) {
		t.Errorf("ReleaseDue = %v, want the deadline %v", got, want)
	}
	ev.Reconfirm.Asked = later.Add(-26 * time.Hour)
	if got, want := ev.ReleaseDue(24*time.Hour, night), later.Add(-20*time.Hour); !got.Equal(want) {
		t.Errorf("ReleaseDue after a late question = %v, want ClaimWithin after it: %v", got, want)
	}
	// A deadline at 23:00 moves to the morning; the night before a 07:00
	// start has no morning left, so its deadline stays.
	ev = asked(3, Tally{})
	ev.Start = time.Date(2026, 12, 5, 19, 0, 0, 0, time.UTC)
	ev.Reconfirm.Asked = time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	if got, want := ev.ReleaseDue(20*time.Hour, night), time.Date(2026, 12, 5, 8, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("ReleaseDue at 23:00 = %v, want the morning %v", got, want)
	}
	ev.Start = time.Date(2026, 12, 5, 7, 0, 0, 0, time.UTC)
	if got, want := ev.ReleaseDue(8*time.Hour, night), time.Date(2026, 12, 4, 23, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("ReleaseDue the night before an early start = %v, want it kept at %v", got, want)
	}
}

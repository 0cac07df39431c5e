package meetupbot

import (
	"errors"
	"testing"
	"time"
)

func TestSpeakers(t *testing.T) {
	talk := func(name string) Speaker { return Speaker{Name: name, Topic: "t"} }
	tests := []struct {
		name    string
		have    int
		remove  int
		wantErr error
		left    int
	}{
		{"first of three", 3, 1, nil, 2},
		{"last of three", 3, 3, nil, 2},
		{"zero", 3, 0, ErrNoSpeaker, 3},
		{"past the end", 2, 3, ErrNoSpeaker, 2},
		{"none there", 0, 1, ErrNoSpeaker, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ev Event
			for i := range tt.have {
				if err := ev.AddSpeaker(talk(string(rune('A' + i)))); err != nil {
					t.Fatal(err)
				}
			}
			before := append([]Speaker{}, ev.Speakers...)
			removed, err := ev.RemoveSpeaker(tt.remove)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("RemoveSpeaker(%d) error = %v, want %v", tt.remove, err, tt.wantErr)
			}
			if len(ev.Speakers) != tt.left {
				t.Errorf("RemoveSpeaker(%d) left %d speakers, want %d", tt.remove, len(ev.Speakers), tt.left)
			}
			if err == nil && removed != before[tt.remove-1] {
				t.Errorf("RemoveSpeaker(%d) = %v, want %v", tt.remove, removed, before[tt.remove-1])
			}
		})
	}
	t.Run("limit", func(t *testing.T) {
		var ev Event
		for range MaxSpeakers {
			if err := ev.AddSpeaker(talk("x")); err != nil {
				t.Fatal(err)
			}
		}
		if err := ev.AddSpeaker(talk("one too many")); !errors.Is(err, ErrTooManySpeakers) {
			t.Errorf("AddSpeaker beyond %d = %v, want ErrTooManySpeakers", MaxSpeakers, err)
		}
	})
}

func TestNextOccurrence(t *testing.T) {
	now := time.Date(2026, 12, 10, 19, 0, 0, 0, time.UTC)
	rule := &Rule{Every: 1, Unit: Months, Day: 10}
	ev := Event{ID: 7, ChatID: -1, Title: "Stammtisch", Venue: "Café", Description: "d", Capacity: 40,
		Speakers: []Speaker{{Name: "Jana"}}, Series: rule, AnnounceBefore: 48 * time.Hour,
		Announced: true, Reminded: []time.Duration{time.Hour}, Tally: Tally{Going: 3}, CreatedBy: 5}
	start := now.AddDate(0, 1, 0)
	next := ev.NextOccurrence(start, now)
	want := Event{ChatID: -1, Title: "Stammtisch", Venue: "Café", Description: "d", Capacity: 40, Series: rule,
		AnnounceBefore: 48 * time.Hour, Start: start, CreatedBy: 5, CreatedAt: now, PlannedAt: now}
	if next.ID != 0 || len(next.Speakers) != 0 || next.Announced || next.Reminded != nil || next.Tally != (Tally{}) {
		t.Errorf("NextOccurrence copied state that belongs to one evening: %+v", next)
	}
	next.Speakers = nil
	if next.Title != want.Title || next.Venue != want.Venue || next.Capacity != want.Capacity ||
		!next.Start.Equal(want.Start) || next.Series != want.Series || next.AnnounceBefore != want.AnnounceBefore ||
		!next.PlannedAt.Equal(now) || next.CreatedBy != 5 {
		t.Errorf("NextOccurrence = %+v, want %+v", next, want)
	}
}

func TestWhoIsToldWhat(t *testing.T) {
	tests := []struct {
		status    Status
		started   bool
		off       bool
		reminded  bool
		concerned bool
	}{
		{StatusGoing, true, false, true, true},
		{StatusMaybe, true, false, true, true},
		{StatusGoing, false, false, false, true},
		{StatusGoing, true, true, false, true},
		{StatusWaiting, true, false, false, true},
		{StatusDeclined, true, false, false, false},
		{StatusReleased, true, false, false, false},
	}
	ev := Event{ID: 1, Start: later}
	for _, tt := range tests {
		a := Attendee{RSVP: RSVP{Status: tt.status, AnsweredAt: now.Add(-48 * time.Hour)}, Member: Member{Started: tt.started, NoReminders: tt.off}}
		if got := ev.Reminds(a, now); got != tt.reminded {
			t.Errorf("Reminds(%+v) = %v, want %v", a, got, tt.reminded)
		}
		if got := a.Concerned(); got != tt.concerned {
			t.Errorf("%+v.Concerned() = %v, want %v", a, got, tt.concerned)
		}
	}
}

// TestOneMessagePerMemberPerStep: a reminder does not follow the question,
// an offer or the member's own answer within ReminderGap.
func TestOneMessagePerMemberPerStep(t *testing.T) {
	member := Member{Started: true}
	long := now.Add(-48 * time.Hour)
	askedNow := Event{ID: 1, Start: later, Reconfirm: &Reconfirmation{Asked: now.Add(-time.Minute)}}
	askedLong := Event{ID: 1, Start: later, Reconfirm: &Reconfirmation{Asked: long}}
	tests := []struct {
		name string
		ev   Event
		r    RSVP
		want bool
	}{
		{"asked a minute ago, not answered", askedNow, RSVP{Status: StatusGoing, AnsweredAt: long}, false},
		{"asked a minute ago, confirmed long before", askedNow, RSVP{Status: StatusGoing, Confirmed: true, AnsweredAt: long}, true},
		{"confirmed a minute ago", askedLong, RSVP{Status: StatusGoing, Confirmed: true, AnsweredAt: now.Add(-time.Minute)}, false},
		{"must claim a place", askedLong, RSVP{Status: StatusGoing, ClaimBy: later, AnsweredAt: long}, false},
		{"asked long ago, silent", askedLong, RSVP{Status: StatusGoing, AnsweredAt: long}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.ev.Reminds(Attendee{RSVP: tt.r, Member: member}, now); got != tt.want {
				t.Errorf("Reminds = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestObserve(t *testing.T) {
	group := Chat{ID: -1, Type: "supergroup"}
	private := Chat{ID: 2, Type: "private"}
	other := Chat{ID: 3, Type: "private"}
	seen := Member{ID: 2, FirstName: "Anna", Username: "anna", LanguageCode: "de"}
	tests := []struct {
		name        string
		stored      Member
		in          Chat
		wantStarted bool
		wantChanged bool
	}{
		{"new member in the group", Member{}, group, false, true},
		{"writes privately", seen, private, true, true},
		{"stays started in the group", Member{ID: 2, FirstName: "Anna", Username: "anna", LanguageCode: "de", Started: true}, group, true, false},
		{"another member's private chat does not count", seen, other, false, false},
		{"settings survive", Member{ID: 2, FirstName: "Anna", Username: "anna", LanguageCode: "de", Lang: English, NoReminders: true}, group, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, changed := tt.stored.Observe(seen, tt.in)
			if got.Started != tt.wantStarted || changed != tt.wantChanged {
				t.Errorf("Observe in %s = started %v changed %v, want %v %v", tt.in.Type, got.Started, changed, tt.wantStarted, tt.wantChanged)
			}
			if got.Lang != tt.stored.Lang || got.NoReminders != tt.stored.NoReminders {
				t.Errorf("Observe lost the member's settings: %+v", got)
			}
		})
	}
}

func TestAddCardKeepsTheNewestCopyPerChat(t *testing.T) {
	var ev Event
	ref := func(chat int64, id int) MessageRef { return MessageRef{ChatID: chat, MessageID: id} }
	if retired := ev.AddCard(ref(-1, 10)); len(retired) != 0 {
		t.Fatalf("first card retired %v", retired)
	}
	ev.AddCard(ref(5, 1))
	if retired := ev.AddCard(ref(-1, 11)); len(retired) != 1 || retired[0] != ref(-1, 10) {
		t.Errorf("a newer copy in the group retired %v, want the older one", retired)
	}
	ev.Announcement = ref(-1, 3)
	want := []MessageRef{ref(-1, 11), ref(5, 1), ref(-1, 3)}
	if got := ev.LiveMessages(); len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("LiveMessages() = %v, want newest first and the announcement last: %v", got, want)
	}
	for chat := int64(100); chat < 100+MaxCards; chat++ {
		ev.AddCard(ref(chat, 1))
	}
	if len(ev.Cards) != MaxCards {
		t.Errorf("%d live cards, want at most %d", len(ev.Cards), MaxCards)
	}
}

func TestActivity(t *testing.T) {
	var a Activity
	if idle, _ := a.Idle(); !idle {
		t.Fatal("a new Activity is not idle")
	}
	a.Begin()
	a.Begin()
	idle, done := a.Idle()
	if idle {
		t.Fatal("Idle() = true with work in flight")
	}
	a.End()
	select {
	case <-done:
		t.Fatal("idle signalled with one piece still in flight")
	default:
	}
	a.End()
	<-done
}

func TestManualClock(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := NewManualClock(start)
	fired := c.After(time.Hour)
	c.Advance(59 * time.Minute)
	select {
	case <-fired:
		t.Fatal("After(1h) fired after 59m")
	default:
	}
	c.Advance(time.Minute)
	if got := <-fired; !got.Equal(start.Add(time.Hour)) {
		t.Errorf("After fired with %v, want %v", got, start.Add(time.Hour))
	}
}

func TestDefaultsFilled(t *testing.T) {
	vienna, _ := time.LoadLocation("Europe/Vienna")
	got := Defaults{Location: vienna, Reminders: []time.Duration{}}.Filled()
	base := DefaultDefaults()
	if got.Location != vienna || got.Language != base.Language || got.AnnounceBefore != base.AnnounceBefore {
		t.Errorf("Filled() = %+v, want the zone kept and the rest from DefaultDefaults", got)
	}
	if got.Reminders == nil || len(got.Reminders) != 0 {
		t.Errorf("Filled() turned reminders that were off into %v", got.Reminders)
	}
	if got := (Defaults{}).Filled(); len(got.Reminders) != 2 || got.Location == nil {
		t.Errorf("Filled() of nothing = %+v, want the shipped defaults", got)
	}
}

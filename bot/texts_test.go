package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/meetupbot/meetupbot/bot/text"
)

// TestRepliesHaveNoGlitches sends the inputs that showed formatting
// artefacts, empty quotes and misread lead times, and checks the replies.
func TestRepliesHaveNoGlitches(t *testing.T) {
	h := newHarness(t)
	h.createAndAnnounce("10.12.2026 19:00 | Stammtisch | Café | 10")
	tests := []struct {
		from string
		text string
		want string
	}{
		{"olga", "/pin", de(text.NeedSwitch)},
		{"olga", "/pin vielleicht", de(text.BadSwitch, "vielleicht")},
		{"anna", "/remindme vielleicht", de(text.BadSwitch, "vielleicht")},
		{"olga", "/cancelevent", de(text.NeedEventRef)},
		{"olga", "/repeat", de(text.NeedEventRef)},
		{"olga", "/schedule remove", de(text.NeedPostRef)},
		{"olga", "/reminders 48h 3h", "2 Tage vorher und 3 Stunden vorher"},
		{"olga", "/editevent 1 kapazitaet 50", de(text.ChangedCapacity, 1, de(text.Places, 50), de(text.Places, 10))},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			from := h.anna
			if tt.from == "olga" {
				from = h.olga
			}
			reply := h.say(h.group, from, tt.text).Text
			mustContain(t, reply, tt.want)
			mustNotContain(t, reply, "%!", "„“", "“”")
		})
	}
	if ev, _ := h.db.Event(t.Context(), 1); ev.Capacity != 50 {
		t.Errorf("capacity after /editevent 1 kapazitaet 50: %d", ev.Capacity)
	}
	help := h.say(h.group, h.olga, "/help").Text
	if !strings.Contains(help, "titel|datum|zeit|ort") {
		t.Errorf("the German help does not name the German field names:\n%s", help)
	}
}

// TestNewEventAsPeopleWriteIt is issue 11's example: a German organizer's
// everyday spelling creates the meetup on the coming 10 December at 19:00.
func TestNewEventAsPeopleWriteIt(t *testing.T) {
	h := newHarness(t)
	for i, args := range []string{
		"10.12. 19 Uhr | Stammtisch | Unperfekthaus",
		"Do 10.12. 19:30 Uhr | Rock \\| Pop | Unperfekthaus",
		"morgen 7pm | Morgen | Café",
	} {
		reply := h.say(h.group, h.olga, "/newevent "+args)
		mustContain(t, reply.Text, "angelegt")
		ev, err := h.db.Event(t.Context(), int64(i+1))
		if err != nil {
			t.Fatalf("%s: %v", args, err)
		}
		want := []time.Time{
			time.Date(2026, 12, 10, 19, 0, 0, 0, berlin),
			time.Date(2026, 12, 10, 19, 30, 0, 0, berlin),
			time.Date(2026, 12, 2, 19, 0, 0, 0, berlin),
		}[i]
		if !ev.Start.Equal(want) {
			t.Errorf("/newevent %s starts %v, want %v", args, ev.Start.In(berlin), want)
		}
		if i == 1 && ev.Title != "Rock | Pop" {
			t.Errorf("title %q, want the escaped pipe kept", ev.Title)
		}
	}
	mustContain(t, h.say(h.group, h.olga, "/newevent 10.12. 19 Uhr | Stammtisch").Text, "Der Ort fehlt")
	mustContain(t, h.say(h.group, h.olga, "/newevent 10.12. abends | Stammtisch | Café").Text, de(text.BadTime, "abends"))
}

// TestSameEveningAsksFirst: the same /newevent twice asks before making a
// second meetup, only the organizer asked can answer, and the question
// survives a restart.
func TestSameEveningAsksFirst(t *testing.T) {
	h := newHarness(t)
	first := h.say(h.group, h.olga, "/newevent 10.12. 19 Uhr | Stammtisch | Café")
	mustContain(t, first.Text, "angelegt", "Erinnerungen in „Social Media Stammtisch“: 1 Tag vorher und 2 Stunden vorher")
	ask := h.say(h.group, h.olga, "/newevent 10.12. 19:30 | stammtisch | Bar")
	mustContain(t, ask.Text, "Noch eins am selben Abend?", "#1")
	if len(ask.Buttons) != 1 || len(ask.Buttons[0]) != 2 {
		t.Fatalf("the question has buttons %+v, want yes and no", ask.Buttons)
	}
	if _, err := h.db.Event(t.Context(), 2); err == nil {
		t.Fatal("a second meetup was created before the answer")
	}
	if got := h.pressButton(h.group.ID, h.anna, ask, "Ja"); got.Text != de(text.ToastOutdated) {
		t.Errorf("Anna answered Olga's question: %q", got.Text)
	}
	h.restart()
	h.pressButton(h.group.ID, h.olga, ask, "Ja")
	h.awaitBotMessage(h.group.ID, "#2 angelegt")
	if ev, err := h.db.Event(t.Context(), 2); err != nil || ev.Venue != "Bar" {
		t.Errorf("after yes: meetup 2 = %+v, %v", ev, err)
	}
	again := h.say(h.group, h.olga, "/newevent 10.12. 20 Uhr | Stammtisch | Keller")
	h.pressButton(h.group.ID, h.olga, again, "Nein")
	h.awaitText(h.group.ID, again.ID, de(text.NothingCreated))
	h.idle()
	if _, err := h.db.Event(t.Context(), 3); err == nil {
		t.Error("no created a meetup anyway")
	}
}

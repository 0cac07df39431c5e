package bot_test

import (
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/meetupbot/meetupbot"
)

// TestMeetupFromCreationToPromotion is the story of issue 2's "done when":
// a meetup for two, three members press "going", one cancels and the one
// waiting moves up and is told; the lists are right, and survive a restart.
func TestMeetupFromCreationToPromotion(t *testing.T) {
	h := newHarness(t)
	h.say(h.fake.Private(h.cem), h.cem, "/start")

	ann := h.createAndAnnounce("10.12.2026 19:00 | Social Media Stammtisch | Café Central | 2")
	mustContain(t, ann.Text, "Social Media Stammtisch", "Donnerstag, 10. Dezember 2026, 19:00 Uhr", "Café Central", "0 dabei", "2 von 2 Plätzen frei")
	if len(ann.Buttons) != 2 || len(ann.Buttons[0]) != 3 {
		t.Fatalf("announcement buttons = %+v, want going/maybe/can't and +1", ann.Buttons)
	}

	if got := h.pressButton(h.group.ID, h.anna, ann, "Ich komme"); got.Text != "Du bist dabei: 1 von 2 Plätzen vergeben." {
		t.Errorf("Anna's toast = %q", got.Text)
	}
	if got := h.pressButton(h.group.ID, h.ben, ann, "Ich komme"); got.Text != "You're in: 2 of 2 places taken." {
		t.Errorf("Ben's toast (English app) = %q", got.Text)
	}
	if got := h.pressButton(h.group.ID, h.cem, ann, "Ich komme"); got.Text != "Leider voll: Du bist Nr. 1 auf der Warteliste." {
		t.Errorf("Cem's toast = %q", got.Text)
	}
	h.awaitText(h.group.ID, ann.ID, "2 dabei · 🤔 0 vielleicht · ⏳ 1 auf der Warteliste")

	if got := h.pressButton(h.group.ID, h.ben, ann, "Kann nicht"); got.Text != "Noted: you can't make it." {
		t.Errorf("Ben's cancel toast = %q", got.Text)
	}
	moved := h.awaitBotMessage(h.group.ID, "rückt von der Warteliste nach")
	mustContain(t, moved.Text, `<a href="tg://user?id=4">Cem</a>`, "Social Media Stammtisch")
	if moved.ReplyTo != ann.ID {
		t.Errorf("promotion notice replies to %d, want the announcement %d", moved.ReplyTo, ann.ID)
	}
	private := h.awaitBotMessage(h.cem.ID, "Ein Platz ist frei geworden")
	mustContain(t, private.Text, "Social Media Stammtisch", "Donnerstag, 10. Dezember 2026")
	h.awaitText(h.group.ID, ann.ID, "2 dabei · 🤔 0 vielleicht · ⏳ 0 auf der Warteliste")

	h.say(h.group, h.olga, "/addspeaker 1 Jana Schmidt | Reels für Vereine | https://example.org/jana")
	attendees := h.say(h.group, h.anna, "/attendees")
	mustContain(t, attendees.Text, "Dabei (2)", "1. Anna", "2. Cem", "2 dabei, 0 vielleicht, 0 wartend, 1 Absagen", "0 von 2 Plätzen frei")
	mustNotContain(t, attendees.Text, "Ben")
	speakers := h.say(h.group, h.anna, "/speakers")
	mustContain(t, speakers.Text, "1. <b>Jana Schmidt</b>: Reels für Vereine", `href="https://example.org/jana"`)
	h.awaitText(h.group.ID, ann.ID, "Jana Schmidt")

	h.restart()

	again := h.say(h.group, h.ben, "/attendees 1")
	mustContain(t, again.Text, "1. Anna", "2. Cem", "0 von 2 Plätzen frei")
	if got := h.pressButton(h.group.ID, h.ben, ann, "Ich komme"); got.Text != "It's full: you're no. 1 on the waiting list." {
		t.Errorf("after restart Ben's toast = %q", got.Text)
	}
	h.awaitText(h.group.ID, ann.ID, "⏳ 1 auf der Warteliste")
	ev, err := h.db.Event(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := (meetupbot.Tally{Going: 2, WaitingPeople: 1}); ev.Tally != want {
		t.Errorf("stored tally = %+v, want %+v", ev.Tally, want)
	}
}

func TestRSVPCommand(t *testing.T) {
	h := newHarness(t)
	ann := h.createAndAnnounce("2026-12-10 19:00 | Stammtisch | Café | 5")

	tests := []struct {
		who  int
		text string
		want string
	}{
		{0, "/rsvp", "Du bist dabei: 1 von 5 Plätzen vergeben."},
		{0, "/rsvp ja +2", "Du bist dabei: 3 von 5 Plätzen vergeben. Mit 2 Begleitung(en)."},
		{1, "/rsvp maybe #1", "Notiert: vielleicht."},
		{2, "/rsvp vielleicht", "Notiert: vielleicht."},
		{2, "/rsvp yes +1 1", "Du bist dabei: 5 von 5 Plätzen vergeben. Mit 1 Begleitung(en)."},
		{1, "/rsvp yes", "Leider voll: Du bist Nr. 1 auf der Warteliste."},
		{0, "/rsvp nein", "Notiert: Du kommst nicht."},
		{0, "/rsvp +1", "Du bist dabei: 5 von 5 Plätzen vergeben. Mit 1 Begleitung(en)."},
		{1, "/rsvp +1", "Für eine weitere Begleitung ist kein Platz mehr frei."},
		{0, "/rsvp ja +20", "Höchstens 9 Begleitungen pro Person."},
		{0, "/rsvp nein +1", "Begleitungen gehen nur mit einer Zusage."},
		{0, "/rsvp klar", "„klar“ verstehe ich nicht."},
		{0, "/rsvp yes 99", "Dieses Meetup gibt es nicht."},
	}
	members := [...]tgbotapi.User{h.anna, h.ben, h.cem}
	for _, tt := range tests {
		from := members[tt.who]
		reply := h.say(h.group, from, tt.text)
		if !strings.Contains(reply.Text, tt.want) {
			t.Errorf("%s by %s: reply %q, want it to contain %q", tt.text, from.FirstName, reply.Text, tt.want)
		}
	}
	// Ben moved up when Anna said no, and Anna then took the last two
	// places with her guest; Ben's guest found no place, and Ben kept his.
	h.awaitText(h.group.ID, ann.ID, "5 dabei (davon 2 Begleitung(en)) · 🤔 0 vielleicht · ⏳ 0 auf der Warteliste")
	list := h.say(h.group, h.olga, "/attendees")
	mustContain(t, list.Text, "1. Cem (+1)\n2. Ben\n3. Anna (+1)", "5 dabei, 0 vielleicht, 0 wartend")
}

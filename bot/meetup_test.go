package bot_test

import (
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/text"
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
	private := h.awaitBotMessage(h.cem.ID, "Ein Platz ist frei geworden")
	mustContain(t, private.Text, "Social Media Stammtisch", "Donnerstag, 10. Dezember 2026")
	// Cem hears it privately; the group is not told his name.
	h.expectCount(h.group.ID, "rückt von der Warteliste nach", 0)
	h.awaitText(h.group.ID, ann.ID, "2 dabei · 🤔 0 vielleicht · ⏳ 0 auf der Warteliste")

	h.say(h.group, h.olga, "/addspeaker 1 Jana Schmidt | Reels für Vereine | https://example.org/jana")
	attendees := h.say(h.group, h.anna, "/attendees")
	mustContain(t, attendees.Text, "Dabei (2)", "1. Anna", "2. Cem", de(text.AttTotals, 2, 0, 0, 1), "0 von 2 Plätzen frei")
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

	going := func(seats, guests int) string {
		s := de(text.ToastGoing, seats, 5)
		if guests > 0 {
			s += " " + de(text.ToastWithGuests, guests)
		}
		return s
	}
	tests := []struct {
		who  int
		text string
		want string
	}{
		{0, "/rsvp", going(1, 0)},
		{0, "/rsvp ja +2", going(3, 2)},
		{1, "/rsvp maybe #1", de(text.ToastMaybe)},
		{2, "/rsvp vielleicht", de(text.ToastMaybe)},
		{2, "/rsvp yes +1 1", going(5, 1)},
		{1, "/rsvp yes", de(text.ToastWaiting, 1)},
		{0, "/rsvp nein", de(text.ToastDeclined)},
		{0, "/rsvp +1", going(5, 1)},
		{1, "/rsvp +1", de(text.NoRoomForGuest)},
		{0, "/rsvp ja +20", de(text.TooManyGuests, 9)},
		{0, "/rsvp nein +1", de(text.GuestsNeedYes)},
		{0, "/rsvp klar", de(text.BadRSVPWord, "klar")},
		{0, "/rsvp yes 99", de(text.EventNotFound)},
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
	h.awaitText(h.group.ID, ann.ID, de(text.CardGoing, 5)+" "+de(text.CardGuests, 2)+" · "+de(text.CardOthers, 0, 0))
	list := h.say(h.group, h.olga, "/attendees")
	mustContain(t, list.Text, "1. Cem (+1)\n2. Ben\n3. Anna (+1)", "5 dabei · 0 vielleicht · 0 wartend")
}

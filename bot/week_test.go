package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/text"
)

// TestAWeekOfAGroup lives the week before a meetup as a group does, with
// the defaults a real group has (quiet hours 22:00–08:00, a reminder the
// day before at the same time as the release), on a clock moved by hand:
// a place freed early that the first waiting party does not fit, a change
// made late at night, a question left unanswered, an offer let lapse, and
// places that end up open to all.
func TestAWeekOfAGroup(t *testing.T) {
	h := newHarness(t, func(h *harness) {
		h.cfg.Reconfirm = &meetupbot.ReconfirmLeads{Ask: 48 * time.Hour, Deadline: 24 * time.Hour}
		h.cfg.ClaimWithin = 6 * time.Hour
		h.cfg.Reminders = []time.Duration{24 * time.Hour}
	})
	start := time.Date(2026, 12, 10, 19, 0, 0, 0, berlin)
	dana := h.fake.User(5, "Dana", "de")
	eva := h.fake.User(6, "Eva", "de")
	fritz := h.fake.User(7, "Fritz", "de")
	for _, u := range []tgbotapi.User{h.olga, h.anna, h.ben, h.cem, dana} {
		h.say(h.fake.Private(u), u, "/start")
	}
	ann := h.createAndAnnounce("10.12. 19:00 | Stammtisch | Café | 4")
	db := func() meetupbot.Event {
		t.Helper()
		h.idle()
		ev, err := h.db.Event(context.Background(), 1)
		if err != nil {
			t.Fatal(err)
		}
		return ev
	}
	rsvp := func(u tgbotapi.User) meetupbot.RSVP {
		t.Helper()
		h.idle()
		list, err := h.db.Attendees(context.Background(), 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range list {
			if a.UserID == u.ID {
				return a.RSVP
			}
		}
		return meetupbot.RSVP{}
	}
	// messages counts what the bot sent a chat so far.
	messages := func(chatID int64) int { h.idle(); return len(h.fake.BotMessages(chatID)) }

	// Olga hosts: her place is reserved, full or not, and needs no answer.
	mustContain(t, h.say(h.group, h.olga, "/reserve").Text, de(text.ReservedPlace, "Stammtisch", "Do., 10.12.2026, 19:00", 1))
	h.pressButton(h.group.ID, h.anna, ann, de(text.BtnGoing))
	h.pressButton(h.group.ID, h.ben, ann, de(text.BtnGoing))
	h.pressButton(h.group.ID, h.ben, ann, de(text.BtnGuest))
	h.pressButton(h.group.ID, dana, ann, de(text.BtnGoing))
	h.pressButton(h.group.ID, dana, ann, de(text.BtnGuest))
	h.pressButton(h.group.ID, h.cem, ann, de(text.BtnGoing))
	h.pressButton(h.group.ID, eva, ann, de(text.BtnGoing))
	if r := rsvp(h.olga); !r.Reserved || !r.Confirmed {
		t.Errorf("Olga's place: %+v, want reserved", r)
	}
	if r := rsvp(dana); r.Status != meetupbot.StatusWaiting || r.Guests != 1 {
		t.Fatalf("Dana: %+v, want waiting with a guest", r)
	}

	// Anna cannot come: one place frees. Dana and her guest do not fit and
	// keep their rank; Cem, next in line, moves up.
	h.pressButton(h.group.ID, h.anna, ann, de(text.BtnDeclined))
	h.awaitBotMessage(h.cem.ID, "Ein Platz ist frei geworden")
	if r := rsvp(dana); r.Status != meetupbot.StatusWaiting || r.Seq >= rsvp(eva).Seq {
		t.Errorf("Dana after a place too small for her freed: %+v, want waiting ahead of Eva", r)
	}

	// Monday, 23:00: Olga moves the meetup to the cellar. The group hears
	// when her edits settled; members, privately, in the morning.
	h.clock.Set(time.Date(2026, 12, 7, 23, 0, 0, 0, berlin))
	h.say(h.group, h.olga, "/editevent 1 ort Keller")
	cemBefore := messages(h.cem.ID)
	h.clock.Set(time.Date(2026, 12, 7, 23, 5, 0, 0, berlin))
	h.awaitBotMessage(h.group.ID, "Keller")
	h.clock.Set(time.Date(2026, 12, 8, 7, 59, 0, 0, berlin))
	if n := messages(h.cem.ID); n != cemBefore {
		t.Errorf("Cem got %d messages in the night", n-cemBefore)
	}
	h.clock.Set(time.Date(2026, 12, 8, 8, 0, 0, 0, berlin))
	mustContain(t, h.awaitBotMessage(h.cem.ID, "🔔").Text, de(text.ChangeVenue, "Keller", "Café"))

	// 48 hours before: Ben and Cem are asked; Olga, reserved, is not. Cem
	// answers the day after, half an hour before the deadline; Ben never.
	h.clock.Set(start.Add(-48 * time.Hour))
	// Ben's app speaks English.
	benAsk := h.awaitBotMessage(h.ben.ID, "Are you still coming?")
	h.awaitBotMessage(h.cem.ID, "Kommst du noch?")
	h.expectCount(h.olga.ID, "Kommst du noch?", 0)
	h.clock.Set(start.Add(-24*time.Hour - 30*time.Minute))
	h.pressButton(h.cem.ID, h.cem, h.awaitBotMessage(h.cem.ID, "Kommst du noch?"), de(text.BtnStillComing))

	// 24 hours before: release and reminder fall together. Each member hears
	// one message: Ben that his places went on, Dana (who fits the two) her
	// offer, Olga her reminder and the summary; Cem, who just answered,
	// nothing. The group reads a count, not Ben's name.
	counts := map[int64]int{}
	for _, u := range []tgbotapi.User{h.ben, h.cem, dana} {
		counts[u.ID] = messages(u.ID)
	}
	h.clock.Set(start.Add(-24 * time.Hour))
	released := h.awaitBotMessage(h.ben.ID, "🔄")
	if got := buttonLabels(released); len(got) != 1 || got[0] != en(text.BtnGoing) {
		t.Errorf("Ben's release notice has buttons %v, want the way back", got)
	}
	offer := h.awaitBotMessage(dana.ID, "Ein Platz ist frei geworden")
	// 19:00 plus six hours ends in the night: the deadline is 08:00.
	mustContain(t, offer.Text, "Do., 10.12.2026, 08:00")
	for id, want := range map[int64]int{h.ben.ID: 1, h.cem.ID: 0, dana.ID: 1} {
		if got := messages(id) - counts[id]; got != want {
			t.Errorf("chat %d got %d messages at the release, want %d", id, got, want)
		}
	}
	if len(h.message(h.ben.ID, benAsk.ID).Buttons) != 0 {
		t.Error("Ben's question kept its buttons after his places went on")
	}
	group := h.awaitBotMessage(h.group.ID, "🔄")
	mustContain(t, group.Text, de(text.ReleasedGroup, 2))
	mustNotContain(t, group.Text, "Ben")
	mustContain(t, h.awaitBotMessage(h.olga.ID, "📋").Text, "Ben (+1)", "Dana (+1)")
	h.awaitBotMessage(h.olga.ID, "Erinnerung")

	// Dana lets it lapse at 08:00; one of the two places goes to Eva, never
	// started, in the group. The other has nobody left to offer it to (Dana
	// is not offered it twice): it is open to all, said once, and Olga hears
	// it. Eva lets hers lapse too.
	h.clock.Set(time.Date(2026, 12, 10, 8, 0, 0, 0, berlin))
	h.awaitBotMessage(dana.ID, "⌛")
	evaOffer := h.awaitBotMessage(h.group.ID, "Eva")
	opened, _, _ := strings.Cut(de(text.OpenedGroup, 1), ",")
	h.awaitBotMessage(h.group.ID, opened)
	openedSummary, _, _ := strings.Cut(de(text.SummaryOpened, 1), ":")
	h.awaitBotMessage(h.olga.ID, openedSummary)
	if r := rsvp(dana); r.Status != meetupbot.StatusWaiting {
		t.Errorf("Dana after her offer lapsed: %+v, want waiting", r)
	}
	h.clock.Set(time.Date(2026, 12, 10, 14, 0, 0, 0, berlin))
	h.awaitBotMessage(h.group.ID, "⌛")
	if o := h.message(h.group.ID, evaOffer.ID); len(o.Buttons) != 0 {
		t.Errorf("Eva's lapsed offer keeps its buttons: %v", buttonLabels(o))
	}
	h.clock.Set(time.Date(2026, 12, 10, 16, 0, 0, 0, berlin))
	h.expectCount(h.group.ID, "niemand auf der Warteliste", 1)
	h.expectCount(h.olga.ID, openedSummary, 1)
	h.expectCount(dana.ID, "Ein Platz ist frei geworden", 1)
	if ev := db(); ev.Free() != 2 {
		t.Errorf("%d places free after every offer lapsed, want 2", ev.Free())
	}

	// First press wins: Fritz, new, takes one; Dana, waiting, with her
	// guest does not fit the one left and keeps waiting.
	if toast := h.pressButton(h.group.ID, fritz, ann, de(text.BtnGoing)); !strings.Contains(toast.Text, "Du bist dabei") {
		t.Errorf("Fritz pressing going on an open place: %q", toast.Text)
	}
	ev := db()
	if ev.Free() != 1 || ev.Promoted != 1 || ev.Released != 2 {
		t.Errorf("free %d, moved up %d, released %d; want 1 free, only Cem moved up for good, 2 released", ev.Free(), ev.Promoted, ev.Released)
	}
}

func TestQuietCommand(t *testing.T) {
	h := newHarness(t)
	title := "Social Media Stammtisch"
	tests := []struct{ command, want string }{
		{"/quiet", de(text.QuietSet, title, "22:00", "08:00")},
		{"/quiet 23:30-07", de(text.QuietSet, title, "23:30", "07:00")},
		{"/quiet", de(text.QuietSet, title, "23:30", "07:00")},
		{"/quiet nachts", de(text.BadQuiet, "nachts")},
		{"/quiet 8-8", de(text.QuietEmpty, "8", "8")},
		{"/quiet off", de(text.QuietNone, title)},
	}
	for _, tt := range tests {
		mustContain(t, h.say(h.group, h.olga, tt.command).Text, tt.want)
	}
	// Members may not change it.
	h.say(h.group, h.anna, "/quiet 20-10")
	mustContain(t, h.say(h.group, h.olga, "/quiet").Text, de(text.QuietNone, title))

	// Without quiet hours, a change at 23:00 is told privately at once.
	h.say(h.fake.Private(h.anna), h.anna, "/start")
	ann := h.createAndAnnounce("10.12. 19:00 | Stammtisch | Café | 10")
	h.pressButton(h.group.ID, h.anna, ann, de(text.BtnGoing))
	h.clock.Set(time.Date(2026, 12, 7, 23, 0, 0, 0, berlin))
	h.say(h.group, h.olga, "/editevent 1 ort Keller")
	h.clock.Advance(meetupbot.ChangeSettles)
	h.awaitBotMessage(h.anna.ID, "Keller")
}

func TestAcceptedSpeakerHasASeat(t *testing.T) {
	h := newHarness(t)
	h.say(h.fake.Private(h.olga), h.olga, "/start")
	h.say(h.fake.Private(h.anna), h.anna, "/start")
	ann := h.createAndAnnounce("10.12. 19:00 | Stammtisch | Café | 1")
	h.pressButton(h.group.ID, h.ben, ann, de(text.BtnGoing))
	h.pressButton(h.group.ID, h.anna, ann, de(text.BtnGoing))
	h.idle()
	// Anna waits for a seat at a full meetup, then her talk is accepted for
	// it: she has a place, reserved, and Ben keeps his.
	h.say(h.fake.Private(h.anna), h.anna, "/propose Reels für Vereine | Kurze Videos")
	accept := de(text.BtnAcceptFor, 1, "Do., 10.12.2026")
	h.pressButton(h.olga.ID, h.olga, h.awaitButton(h.olga.ID, accept), accept)
	h.idle()
	list, err := h.db.Attendees(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		if a.Status != meetupbot.StatusGoing {
			t.Errorf("%s: %+v, want going", a.Member.FirstName, a.RSVP)
		}
		if a.UserID == h.anna.ID && !a.Reserved {
			t.Errorf("Anna, the speaker: %+v, want a reserved place", a.RSVP)
		}
	}
	mustContain(t, h.say(h.group, h.ben, "/attendees").Text, "Dabei (2)")

	// Her talk taken off the programme, she still comes, as an ordinary yes.
	h.say(h.group, h.olga, "/removespeaker 1 1")
	h.idle()
	list, _ = h.db.Attendees(context.Background(), 1)
	for _, a := range list {
		if a.UserID == h.anna.ID && (a.Status != meetupbot.StatusGoing || a.Reserved) {
			t.Errorf("Anna after her talk was removed: %+v, want going, not reserved", a.RSVP)
		}
	}
}

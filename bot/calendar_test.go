package bot_test

import (
	"bytes"
	"testing"

	ics "github.com/arran4/golang-ical"
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/meetupbot/meetupbot/bot/input"
	"github.com/meetupbot/meetupbot/bot/telegramtest"
	"github.com/meetupbot/meetupbot/bot/text"
)

// readCalendar parses a calendar file the bot sent and returns its one
// event's properties. Every line of the file must end in CRLF (RFC 5545
// section 3.1), which strict calendars insist on.
func readCalendar(t *testing.T, m telegramtest.Message) map[ics.ComponentProperty]string {
	t.Helper()
	if m.Document == nil {
		t.Fatalf("no document in %+v", m)
	}
	data := m.Document.Data
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Errorf("the calendar file does not end in CRLF: %q", data[max(0, len(data)-20):])
	}
	for i, line := range bytes.SplitAfter(data, []byte("\n")) {
		if len(line) > 0 && !bytes.HasSuffix(line, []byte("\r\n")) {
			t.Errorf("line %d of the calendar file does not end in CRLF: %q", i+1, line)
		}
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(m.Document.Data))
	if err != nil {
		t.Fatalf("the calendar file does not parse: %v", err)
	}
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("%d events in the calendar file, want 1", len(events))
	}
	props := map[ics.ComponentProperty]string{}
	for _, p := range []ics.ComponentProperty{ics.ComponentPropertyUniqueId, ics.ComponentPropertySummary, ics.ComponentPropertyLocation,
		ics.ComponentPropertyDtStart, ics.ComponentPropertyDtEnd, ics.ComponentPropertySequence, ics.ComponentPropertyStatus, ics.ComponentPropertyDescription} {
		if v := events[0].GetProperty(p); v != nil {
			props[p] = v.Value
		}
	}
	return props
}

func TestCalendarFiles(t *testing.T) {
	h := newHarness(t)
	h.say(h.fake.Private(h.anna), h.anna, "/start")
	ann := h.createAndAnnounce("10.12. 19:00 | Stammtisch | Unperfekthaus | 40")
	h.say(h.group, h.olga, "/addspeaker 1 Jana | Reels für Vereine")

	// Anna presses 📅 in the group; the file comes privately.
	if toast := h.pressButton(h.group.ID, h.anna, ann, de(text.BtnCalendar)); toast.Text != de(text.CalendarSent) {
		t.Errorf("calendar press answered %q", toast.Text)
	}
	props := readCalendar(t, h.lastBotMessage(h.anna.ID))
	want := map[ics.ComponentProperty]string{
		ics.ComponentPropertyUniqueId: "meetup-1@meetup_test_bot.meetupbot", ics.ComponentPropertySummary: "Stammtisch",
		ics.ComponentPropertyLocation: "Unperfekthaus", ics.ComponentPropertyDtStart: "20261210T180000Z", ics.ComponentPropertyDtEnd: "20261210T210000Z",
		ics.ComponentPropertySequence: "0", ics.ComponentPropertyStatus: "CONFIRMED", ics.ComponentPropertyDescription: "1. Jana: Reels für Vereine",
	}
	for p, v := range want {
		if props[p] != v {
			t.Errorf("%s = %q, want %q", p, props[p], v)
		}
	}
	for _, m := range h.fake.BotMessages(h.group.ID) {
		if m.Document != nil {
			t.Fatal("a calendar file was posted in the group")
		}
	}

	// Ben never started the bot: the press opens the private chat, which
	// then sends the file.
	toast := h.pressButton(h.group.ID, h.ben, ann, de(text.BtnCalendar))
	if toast.URL != "https://t.me/meetup_test_bot?start="+input.CalendarPayload(1) {
		t.Fatalf("calendar press for a stranger to the bot answered %+v", toast)
	}
	h.startFrom(h.ben, toast.URL)
	if got := readCalendar(t, h.lastBotMessage(h.ben.ID))[ics.ComponentPropertyUniqueId]; got != "meetup-1@meetup_test_bot.meetupbot" {
		t.Errorf("Ben's file has UID %q", got)
	}

	// A moved venue, then a cancellation, each raise the sequence.
	h.say(h.group, h.olga, "/editevent 1 ort Werkstatt")
	h.fake.Send(h.fake.Private(h.anna), h.anna, "/ics 1")
	props = readCalendar(t, h.lastBotMessage(h.anna.ID))
	if props[ics.ComponentPropertySequence] != "1" || props[ics.ComponentPropertyLocation] != "Werkstatt" {
		t.Errorf("after the move: %v", props)
	}
	h.fake.Send(h.group, h.olga, "/cancelevent 1")
	h.idle()
	h.fake.Send(h.fake.Private(h.anna), h.anna, "/ics 1")
	props = readCalendar(t, h.lastBotMessage(h.anna.ID))
	if props[ics.ComponentPropertySequence] != "2" || props[ics.ComponentPropertyStatus] != "CANCELLED" {
		t.Errorf("after the cancellation: %v", props)
	}

	// Someone outside the group learns nothing.
	dora := h.fake.User(77, "Dora", "de")
	doraChat := h.fake.Private(dora)
	h.say(doraChat, dora, "/start")
	if toast := h.press(doraChat.ID, dora, 1, input.CalendarData(1)); toast.Text != de(text.NotYourMeetup) {
		t.Errorf("a stranger's calendar press answered %q", toast.Text)
	}
}

func TestCalendarFeedLink(t *testing.T) {
	h := newHarness(t)
	// Without the HTTP side, a member hears only that there is no feed, an
	// organizer which settings make one, in the group and privately.
	h.seen(h.olga)
	for _, tt := range []struct {
		chat tgbotapi.Chat
		from tgbotapi.User
		want string
	}{
		{h.group, h.anna, de(text.CalendarNoFeed)},
		{h.fake.Private(h.anna), h.anna, de(text.CalendarNoFeed)},
		{h.group, h.olga, de(text.CalendarFeedHowTo)},
		{h.fake.Private(h.olga), h.olga, de(text.CalendarFeedHowTo)},
	} {
		if got := h.say(tt.chat, tt.from, "/calendar").Text; got != tt.want {
			t.Errorf("/calendar by %s in %d answered %q, want %q", tt.from.FirstName, tt.chat.ID, got, tt.want)
		}
	}

	h = newHarness(t, func(h *harness) { h.cfg.PublicURL = "https://bot.example.org" })
	first := h.say(h.group, h.anna, "/calendar").Text
	mustContain(t, first, "https://bot.example.org/calendar/")
	if again := h.say(h.group, h.ben, "/calendar").Text; again != first {
		t.Error("the feed link changed without a reset")
	}
	mustContain(t, h.say(h.group, h.anna, "/calendar reset").Text, de(text.OrganizersOnly))
	renewed := h.say(h.group, h.olga, "/calendar reset").Text
	mustContain(t, renewed, "https://bot.example.org/calendar/")
	if renewed == first {
		t.Error("reset kept the old link")
	}
	mustContain(t, h.say(h.group, h.olga, "/calendar morgen").Text, de(text.CalendarArgs, "morgen"))
}

package bot_test

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/meetupbot/meetupbot/bot"
	"github.com/meetupbot/meetupbot/bot/text"
)

func TestEditEventUpdatesAnnouncementInPlace(t *testing.T) {
	h := newHarness(t)
	ann := h.createAndAnnounce("10.12.2026 19:00 | Stammtisch | Café Central | 1")
	h.pressButton(h.group.ID, h.anna, ann, "Ich komme")
	h.pressButton(h.group.ID, h.ben, ann, "Ich komme")

	tests := []struct {
		command, reply, card string
	}{
		{"/editevent 1 title Social Media Stammtisch #12", de(text.ChangedTitle, 1, "Social Media Stammtisch #12", "Stammtisch"), "Social Media Stammtisch #12"},
		{"/editevent 1 date 17.12.", de(text.ChangedStart, 1, "Donnerstag, 17. Dezember 2026, 19:00 Uhr", "Donnerstag, 10. Dezember 2026, 19:00 Uhr"), "Donnerstag, 17. Dezember 2026, 19:00 Uhr"},
		{"/editevent 1 zeit 18:30 Uhr", de(text.ChangedTime, 1, "18:30", "19:00"), "17. Dezember 2026, 18:30 Uhr"},
		{"/editevent 1 ort Werkstatt, Hauptstr. 5", de(text.ChangedVenue, 1, "Werkstatt, Hauptstr. 5", "Café Central"), "📍 Werkstatt, Hauptstr. 5"},
		{"/editevent 1 description Bring <your> questions & ideas", de(text.ChangedDescription, 1, "Social Media Stammtisch #12"), "Bring &lt;your&gt; questions &amp; ideas"},
		{"/editevent 1 capacity 2", de(text.ChangedCapacity, 1, "2 Plätze", "1 Platz"), "2 dabei"},
		{"/editevent 1 capacity unbegrenzt", de(text.ChangedCapacity, 1, "keine Platzbegrenzung", "2 Plätze"), "Keine Platzbegrenzung"},
		{"/editevent 1 capacity 1", "Achtung: 2 Plätze sind schon vergeben", "0 von 1 Plätzen frei"},
	}
	for _, tt := range tests {
		reply := h.say(h.group, h.olga, tt.command)
		mustContain(t, reply.Text, tt.reply)
		h.awaitText(h.group.ID, ann.ID, tt.card)
	}
	h.awaitBotMessage(h.group.ID, "Ben</a> rückt von der Warteliste nach")

	bad := []struct{ command, want string }{
		{"/editevent 1 date 01.01.2020", "Vergangenheit"},
		{"/editevent 1 date 31.02.2027", de(text.NoSuchDay, 31, "Februar")},
		{"/editevent 1 date Fr 10.12.", de(text.WrongWeekday, "Fr", "10.12.", "Donnerstag")},
		{"/editevent 1 time 25:00", de(text.BadTime, "25:00")},
		{"/editevent 1 colour red", "Das Feld „colour“ gibt es nicht"},
		{"/editevent 1 capacity 0", "„0“ ist keine gültige Platzzahl"},
		{"/editevent 1 title " + strings.Repeat("x", 121), "Der Titel ist zu lang (121 Zeichen, höchstens 120)"},
		{"/editevent 1", "Es fehlen Meetup-Nummer, Feld oder neuer Wert"},
		{"/editevent abc title x", "„abc“ ist keine Meetup-Nummer"},
		{"/editevent 42 title x", "Dieses Meetup gibt es nicht"},
	}
	before := h.message(h.group.ID, ann.ID).Text
	for _, tt := range bad {
		reply := h.say(h.group, h.olga, tt.command)
		mustContain(t, reply.Text, tt.want)
	}
	h.idle()
	if after := h.message(h.group.ID, ann.ID).Text; after != before {
		t.Errorf("bad edits changed the announcement:\n%s\nwant\n%s", after, before)
	}
	usage := h.say(h.group, h.olga, "/editevent 1 time spät")
	mustContain(t, usage.Text, "/editevent &lt;Meetup&gt;")
}

func TestCancelEventTellsEveryoneAndKeepsRSVPs(t *testing.T) {
	h := newHarness(t)
	h.say(h.fake.Private(h.anna), h.anna, "/start")
	ann := h.createAndAnnounce("10.12.2026 19:00 | Stammtisch | Café | 10")
	h.pressButton(h.group.ID, h.anna, ann, "Ich komme")
	h.pressButton(h.group.ID, h.ben, ann, "Vielleicht")
	h.pressButton(h.group.ID, h.cem, ann, "Kann nicht")

	h.fake.Send(h.group, h.olga, "/cancelevent 1 Der Raum ist <nicht> verfügbar")
	notice := h.awaitBotMessage(h.group.ID, "ist abgesagt")
	mustContain(t, notice.Text, "<b>Stammtisch</b> am Donnerstag, 10. Dezember 2026", "Grund: Der Raum ist &lt;nicht&gt; verfügbar",
		`<a href="tg://user?id=3">Ben</a>`, de(text.NoticeUnreached, `<a href="tg://user?id=3">Ben</a>`, "https://t.me/meetup_test_bot"))
	// Anna started the bot: she is told privately, not named in the group.
	mustNotContain(t, notice.Text, "id=2", "id=4")
	private := h.awaitBotMessage(h.anna.ID, "ist abgesagt")
	mustContain(t, private.Text, "Stammtisch")
	card := h.awaitText(h.group.ID, ann.ID, "ABGESAGT")
	if len(card.Buttons) != 0 {
		t.Errorf("cancelled announcement still has buttons: %+v", card.Buttons)
	}
	if got := h.press(h.group.ID, h.anna, ann.ID, "r:1:y"); got.Text != de(text.EventCancelled) {
		t.Errorf("pressing a cancelled meetup's button: toast %q", got.Text)
	}
	again := h.say(h.group, h.olga, "/cancelevent 1")
	mustContain(t, again.Text, de(text.EventCancelled))
	mustContain(t, h.say(h.group, h.olga, "/addspeaker 1 Jana | Reels").Text, de(text.EventCancelled))
	list := h.say(h.group, h.olga, "/attendees 1")
	mustContain(t, list.Text, "1. Anna", "Ben")
	if events := h.say(h.group, h.anna, "/next"); !strings.Contains(events.Text, "kein Meetup geplant") {
		t.Errorf("/next after cancelling = %q", events.Text)
	}
}

func TestSpeakers(t *testing.T) {
	h := newHarness(t)
	ann := h.createAndAnnounce("10.12.2026 19:00 | Stammtisch | Café")
	for _, cmd := range []string{
		"/addspeaker Jana | Reels für Vereine",
		"/addspeaker 1 Tom <Admin> | Datenschutz & Cookies | https://example.org/tom",
	} {
		mustContain(t, h.say(h.group, h.olga, cmd).Text, "ist Vortrag Nr.")
	}
	h.awaitText(h.group.ID, ann.ID, "Tom &lt;Admin&gt;</b>: Datenschutz &amp; Cookies")
	list := h.say(h.group, h.anna, "/speakers 1")
	mustContain(t, list.Text, "1. <b>Jana</b>: Reels für Vereine", "2. <b>Tom &lt;Admin&gt;</b>")
	bad := []struct{ command, want string }{
		{"/addspeaker Jana", "Name und Thema werden mit | getrennt"},
		{"/addspeaker Jana | Thema | ftp://x", "„ftp://x“ ist kein Link"},
		{"/addspeaker  | Thema", "Der Name fehlt"},
		{"/removespeaker 1 5", "Diesen Vortrag gibt es nicht"},
		{"/removespeaker 1", "Es fehlen Meetup-Nummer und Vortragsnummer"},
	}
	for _, tt := range bad {
		mustContain(t, h.say(h.group, h.olga, tt.command).Text, tt.want)
	}
	mustContain(t, h.say(h.group, h.olga, "/removespeaker 1 1").Text, "Jana ist nicht mehr bei #1")
	h.fake.Await(t, wait, "Jana gone from the announcement", func() bool {
		return !strings.Contains(h.message(h.group.ID, ann.ID).Text, "Jana")
	})
	for range 5 {
		h.say(h.group, h.olga, "/addspeaker 1 X | Y")
	}
	mustContain(t, h.say(h.group, h.olga, "/addspeaker 1 Z | Y").Text, "Mehr als 6 Vorträge")
}

func TestNewEventValidation(t *testing.T) {
	h := newHarness(t)
	tests := []struct{ args, want string }{
		{"10.12.2026 19:00 Stammtisch", "Datum und Uhrzeit, Titel und Ort werden mit | getrennt"},
		{"10.12.2026 | Titel | Ort", de(text.MissingTime)},
		{"10.12.2026 19:00 | Titel", de(text.EmptyField, de(text.FieldVenue))},
		{"30.11.2026 19:00 | Titel | Ort", "Vergangenheit"},
		{"10.12.2036 19:00 | Titel | Ort", "mehr als drei Jahre"},
		{"2026-13-01 19:00 | Titel | Ort", de(text.BadDate, "2026-13-01")},
		{"10.12.2026 19:00 | | Ort", "Der Titel fehlt"},
		{"10.12.2026 19:00 | Titel | Ort | viele", "„viele“ ist keine gültige Platzzahl"},
		{"10.12.2026 19:00 | Titel | Ort | -5", "„-5“ ist keine gültige Platzzahl"},
		{"10.12.2026 19:00 | Titel | Ort | 99999", "„99999“ ist keine gültige Platzzahl"},
	}
	for _, tt := range tests {
		reply := h.say(h.group, h.olga, "/newevent "+tt.args)
		mustContain(t, reply.Text, tt.want, "/newevent &lt;Datum&gt;")
	}
	mustContain(t, h.say(h.group, h.anna, "/events").Text, "kein Meetup geplant")
	ok := h.say(h.group, h.olga, "/newevent 2026-12-10 19:00 | <b>Stammtisch</b> | Café")
	mustContain(t, ok.Text, "Meetup #1 angelegt: <b>&lt;b&gt;Stammtisch&lt;/b&gt;</b>, Donnerstag, 10. Dezember 2026, 19:00 Uhr")
	mustContain(t, h.say(h.group, h.anna, "/events").Text, "#1</b> &lt;b&gt;Stammtisch", "Do., 10.12.2026, 19:00", "✅ 0 · 🤔 0")
}

// organizerExamples holds a valid use of every organizer command; the
// refusal test fails for a command missing here, so none is forgotten.
var organizerExamples = map[string]string{
	"newevent":      "/newevent 11.12.2026 19:00 | X | Y",
	"reconfirm":     "/reconfirm 36h 12h",
	"quiet":         "/quiet 23-7",
	"reserve":       "/reserve",
	"export":        "/export 1",
	"checkin":       "/checkin 1",
	"stats":         "/stats",
	"talkpoll":      "/talkpoll",
	"editevent":     "/editevent 1 title X",
	"cancelevent":   "/cancelevent 1",
	"addspeaker":    "/addspeaker 1 X | Y",
	"removespeaker": "/removespeaker 1 1",
	"announce":      "/announce 1",
	"post":          "/post hello",
	"reminders":     "/reminders 3h",
	"repeat":        "/repeat 1 weekly",
	"schedule":      "/schedule add @weekly | hello",
	"pin":           "/pin on",
	"timezone":      "/timezone Europe/London",
	"topic":         "/topic off",
}

// snapshot is the stored state organizer commands change: the group's
// settings, meetups and recurring posts.
func (h *harness) snapshot() string {
	h.t.Helper()
	ctx := context.Background()
	chat, err1 := h.db.Chat(ctx, h.group.ID)
	events, err2 := h.db.Events(ctx, h.group.ID, time.Time{})
	posts, err3 := h.db.ChatPosts(ctx, h.group.ID)
	if err := errors.Join(err1, err2, err3); err != nil {
		h.t.Fatal(err)
	}
	data, err := json.Marshal([]any{chat, events, posts})
	if err != nil {
		h.t.Fatal(err)
	}
	return string(data)
}

// TestMembersAreRefusedOrganizerCommands runs every organizer command as a
// plain member, in the group and privately, and checks nothing changes.
func TestMembersAreRefusedOrganizerCommands(t *testing.T) {
	h := newHarness(t)
	ann := h.createAndAnnounce("10.12.2026 19:00 | Stammtisch | Café | 10")
	h.say(h.group, h.olga, "/addspeaker 1 Jana | Reels")
	h.say(h.group, h.anna, "/rsvp")
	h.idle()
	before, stored := h.message(h.group.ID, ann.ID).Text, h.snapshot()
	messages := len(h.fake.Messages(h.group.ID))
	private := h.fake.Private(h.anna)
	for _, name := range bot.OrganizerCommands {
		cmd, ok := organizerExamples[name]
		if !ok {
			t.Errorf("no example of /%s: add one to organizerExamples", name)
			continue
		}
		mustContain(t, h.say(h.group, h.anna, cmd).Text, "Das dürfen nur Organisator:innen")
		mustContain(t, h.say(private, h.anna, cmd).Text, "Das dürfen nur Organisator:innen")
		messages += 2
	}
	mustContain(t, h.say(h.group, h.anna, "/language en").Text, "Das dürfen nur Organisator:innen")
	messages += 2
	// In private, /language is the member's own choice, not an organizer's.
	mustContain(t, h.say(private, h.anna, "/language en").Text, "I speak English here now")
	h.idle()
	if got := len(h.fake.Messages(h.group.ID)); got != messages {
		t.Errorf("group has %d messages, want %d: refused commands posted something", got, messages)
	}
	if after := h.message(h.group.ID, ann.ID).Text; after != before {
		t.Errorf("refused commands changed the announcement:\n%s", after)
	}
	if after := h.snapshot(); after != stored {
		t.Errorf("refused commands changed the stored state:\nbefore %s\nafter  %s", stored, after)
	}
	if _, pinned := h.fake.Pinned(h.group.ID); pinned {
		t.Error("a refused /pin pinned something")
	}
}

func TestForgedAndStaleButtons(t *testing.T) {
	h := newHarness(t)
	ann := h.createAndAnnounce("10.12.2026 19:00 | Stammtisch | Café | 10")
	other := h.fake.Group(-1002, "Andere Gruppe")
	h.say(other, h.anna, "/help")
	mustContain(t, h.say(other, h.anna, "/attendees 1").Text, de(text.OtherGroup))
	mustContain(t, h.say(other, h.anna, "/rsvp 1").Text, de(text.OtherGroup))
	tests := []struct {
		chatID int64
		data   string
		want   string
	}{
		{h.group.ID, "r:99:y", de(text.EventNotFound)},
		{other.ID, "r:1:y", de(text.ToastWrongChat)},
		{h.anna.ID, "r:1:y", de(text.ToastWrongChat)},
		{h.group.ID, "r:1:x", de(text.ToastOutdated)},
		{h.group.ID, "r:1", de(text.ToastOutdated)},
		{h.group.ID, "garbage", de(text.ToastOutdated)},
		{h.group.ID, "pick:-1001", de(text.ToastOutdated)},
	}
	for _, tt := range tests {
		t.Run(tt.data, func(t *testing.T) {
			if got := h.press(tt.chatID, h.anna, ann.ID, tt.data); got.Text != tt.want {
				t.Errorf("press %q in chat %d: toast %q, want %q", tt.data, tt.chatID, got.Text, tt.want)
			}
		})
	}
	ev, err := h.db.Event(t.Context(), 1)
	if err != nil || ev.Tally.Seats() != 0 {
		t.Errorf("forged presses changed the tally: %+v, %v", ev.Tally, err)
	}
	h.clock.Set(time.Date(2026, 12, 10, 19, 0, 0, 0, berlin))
	if got := h.press(h.group.ID, h.anna, ann.ID, "r:1:y"); got.Text != de(text.EventOver) {
		t.Errorf("press after the start: toast %q", got.Text)
	}
	card := h.awaitText(h.group.ID, ann.ID, de(text.CardOver))
	if len(card.Buttons) != 0 {
		t.Errorf("started meetup still has buttons")
	}
}

// TestBurstEndsInFewEdits presses "going" for many members at once: every
// press is answered, the announcement is edited a few times, not once per
// press, and ends on the exact count.
func TestBurstEndsInFewEdits(t *testing.T) {
	h := newHarness(t)
	ann := h.createAndAnnounce("10.12.2026 19:00 | Stammtisch | Café | 40")
	const members = 60
	var queries []string
	for i := range members {
		u := h.fake.User(int64(100+i), "Member"+string(rune('A'+i%26)), "de")
		queries = append(queries, h.fake.Press(h.group.ID, u, ann.ID, "r:1:y"))
	}
	h.fake.Await(t, wait, "every press answered", func() bool {
		for _, q := range queries {
			if _, ok := h.fake.Answer(q); !ok {
				return false
			}
		}
		return true
	})
	final := h.awaitText(h.group.ID, ann.ID, "40 dabei · 🤔 0 vielleicht · ⏳ 20 auf der Warteliste")
	mustContain(t, final.Text, "0 von 40 Plätzen frei")
	// Idle means no edit is waiting either, so every edit is counted.
	h.idle()
	edits := 0
	for _, c := range h.fake.Calls("editMessageText") {
		if c.Params.Get("message_id") == strconv.Itoa(ann.ID) {
			edits++
		}
	}
	t.Logf("%d presses, %d edits of the announcement", members, edits)
	if edits == 0 || edits > members/4 {
		t.Errorf("%d presses caused %d edits of the announcement, want a few", members, edits)
	}
	if got := h.message(h.group.ID, ann.ID).Text; got != final.Text {
		t.Errorf("announcement changed after settling:\n%s", got)
	}
}

package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/telegramtest"
	"github.com/meetupbot/meetupbot/bot/text"
)

// withReconfirm asks 48 hours before the start and releases 24 hours
// before, with six hours to claim a place, and sends no reminders, so the
// chats hold only what reconfirmation sends.
func withReconfirm(h *harness) {
	h.cfg.Reconfirm = &meetupbot.ReconfirmLeads{Ask: 48 * time.Hour, Deadline: 24 * time.Hour}
	h.cfg.ClaimWithin = 6 * time.Hour
	h.cfg.Reminders = []time.Duration{}
}

// stammtisch is the meetup: ten places on 10 December at 19:00,
// announced, with fourteen members saying yes in turn, so four wait. The
// first nine and the eleventh started the bot privately; the others did
// not.
type stammtisch struct {
	h       *harness
	start   time.Time
	ann     telegramtest.Message
	members []tgbotapi.User
}

func newStammtisch(t *testing.T) *stammtisch {
	h := newHarness(t, withReconfirm)
	s := &stammtisch{h: h, start: time.Date(2026, 12, 10, 19, 0, 0, 0, berlin)}
	h.say(h.fake.Private(h.olga), h.olga, "/start")
	for i := range 14 {
		u := h.fake.User(int64(100+i), fmt.Sprintf("M%02d", i+1), "de")
		s.members = append(s.members, u)
		if i < 9 || i == 10 {
			h.say(h.fake.Private(u), u, "/start")
		}
	}
	s.ann = h.createAndAnnounce("10.12. 19:00 | Stammtisch | Unperfekthaus | 10")
	for _, u := range s.members {
		h.pressButton(h.group.ID, u, s.ann, de(text.BtnGoing))
	}
	h.awaitText(h.group.ID, s.ann.ID, de(text.CardOthers, 0, 4))
	return s
}

// rsvp is a member's answer as stored.
func (s *stammtisch) rsvp(u tgbotapi.User) meetupbot.RSVP {
	s.h.t.Helper()
	s.h.idle()
	list, err := s.h.db.Attendees(context.Background(), 1)
	if err != nil {
		s.h.t.Fatal(err)
	}
	for _, a := range list {
		if a.UserID == u.ID {
			return a.RSVP
		}
	}
	return meetupbot.RSVP{}
}

// question waits for the member's private message with the text key, or
// the group's for the zero user.
func (s *stammtisch) question(u tgbotapi.User, key text.Key) telegramtest.Message {
	s.h.t.Helper()
	// The text up to its first placeholder tells it from the others.
	want, _, _ := strings.Cut(de(key), "%")
	if u.ID == 0 {
		return s.h.awaitBotMessage(s.h.group.ID, want)
	}
	return s.h.awaitBotMessage(u.ID, want)
}

func TestReconfirmReleaseAndClaim(t *testing.T) {
	s := newStammtisch(t)
	h, m := s.h, s.members

	// Nothing before 48 hours.
	h.clock.Set(s.start.Add(-48*time.Hour - time.Minute))
	h.expectCount(m[0].ID, "Kommst du noch?", 0)

	// At 48 hours the ten going are asked: privately the nine who started
	// the bot, the tenth in one group message.
	h.clock.Set(s.start.Add(-48 * time.Hour))
	for _, u := range m[:9] {
		q := s.question(u, text.ReconfirmAsk)
		mustContain(t, q.Text, "<b>Stammtisch</b>", "Donnerstag, 10. Dezember 2026, 19:00 Uhr", "Mi., 09.12.2026, 19:00")
		if got := buttonLabels(q); strings.Join(got, "|") != de(text.BtnStillComing)+"|"+de(text.BtnNotComing) {
			t.Errorf("question buttons %v", got)
		}
	}
	group := s.question(tgbotapi.User{}, text.ReconfirmAskGroup)
	mustContain(t, group.Text, "M10")
	mustNotContain(t, group.Text, "M01", "M11")
	for _, u := range m[10:] {
		h.expectCount(u.ID, "Kommst du noch?", 0)
	}
	// A restart after the question does not ask again.
	h.restart()
	h.expectCount(m[0].ID, "Kommst du noch?", 1)
	h.expectCount(h.group.ID, "Kommt ihr noch?", 1)

	// Seven confirm (M10 in the group), one cancels: the first waiting
	// (M11) moves up and must claim the place within six hours.
	for _, u := range m[:6] {
		if toast := h.pressButton(u.ID, u, s.question(u, text.ReconfirmAsk), de(text.BtnStillComing)); toast.Text != de(text.ToastConfirmed) {
			t.Errorf("confirming answered %q", toast.Text)
		}
	}
	if q := h.message(m[0].ID, s.question(m[0], text.ReconfirmAsk).ID); len(q.Buttons) != 0 {
		t.Errorf("an answered question keeps its buttons: %v", buttonLabels(q))
	}
	h.pressButton(h.group.ID, m[9], group, de(text.BtnStillComing))
	if toast := h.pressButton(h.group.ID, m[12], group, de(text.BtnStillComing)); toast.Text != de(text.NotGoing) {
		t.Errorf("a waiting member's confirmation answered %q, want %q", toast.Text, de(text.NotGoing))
	}
	// The group's question stays as it is for the others it mentions.
	if g := h.message(h.group.ID, group.ID); g.Text != group.Text || len(g.Buttons) == 0 {
		t.Errorf("the group's question changed after a press: %q %v", g.Text, buttonLabels(g))
	}
	h.pressButton(m[6].ID, m[6], s.question(m[6], text.ReconfirmAsk), de(text.BtnNotComing))
	claim := s.question(m[10], text.ClaimPrivate)
	// M11 hears it privately; the group is not told who moved up. Six
	// hours from 19:00 end in the night: the deadline moves to the morning.
	h.expectCount(h.group.ID, "M11", 0)
	morning := time.Date(2026, 12, 9, 8, 0, 0, 0, berlin)
	if r := s.rsvp(m[10]); r.Status != meetupbot.StatusGoing || !r.ClaimBy.Equal(morning) {
		t.Fatalf("M11 after moving up: %+v, want going with a claim until 08:00", r)
	}
	mustContain(t, claim.Text, "Mi., 09.12.2026, 08:00")
	h.pressButton(m[10].ID, m[10], claim, de(text.BtnStillComing))
	if r := s.rsvp(m[10]); !r.Confirmed || !r.ClaimBy.IsZero() {
		t.Errorf("M11 after claiming: %+v", r)
	}
	if c := h.message(m[10].ID, claim.ID); len(c.Buttons) != 0 {
		t.Errorf("an answered offer keeps its buttons: %v", buttonLabels(c))
	}

	// At 24 hours the two silent ones (M08, M09) are released and the next
	// two waiting (M12, M13) move up; M14 still waits. The group hears a
	// count; the two hear it privately; Olga gets the names.
	h.clock.Set(s.start.Add(-24 * time.Hour))
	released := s.question(m[7], text.ReleasedPrivate)
	if got := buttonLabels(released); len(got) != 1 || got[0] != de(text.BtnGoing) {
		t.Errorf("release notice buttons %v, want the way back", got)
	}
	s.question(m[8], text.ReleasedPrivate)
	notice := h.awaitBotMessage(h.group.ID, "🔄")
	mustContain(t, notice.Text, de(text.ReleasedGroup, 2))
	mustNotContain(t, notice.Text, "M08", "M09")
	summary := h.awaitBotMessage(h.olga.ID, "📋")
	mustContain(t, summary.Text, de(text.SummaryPromoted, "M12, M13"))
	releasedLine, _, _ := strings.Cut(de(text.SummaryReleased), "%")
	mustContain(t, summary.Text, releasedLine, "M08", "M09")
	for _, u := range m[7:9] {
		if r := s.rsvp(u); r.Status != meetupbot.StatusReleased {
			t.Errorf("%s after the deadline: %+v, want released", u.FirstName, r)
		}
	}
	for _, u := range m[11:13] {
		if r := s.rsvp(u); r.Status != meetupbot.StatusGoing || r.ClaimBy.IsZero() {
			t.Errorf("%s after the deadline: %+v, want going with a claim", u.FirstName, r)
		}
	}
	if r := s.rsvp(m[13]); r.Status != meetupbot.StatusWaiting {
		t.Errorf("M14 after the deadline: %+v, want waiting", r)
	}
	h.restart()
	h.expectCount(m[7].ID, "🔄", 1)
	h.expectCount(h.group.ID, "🔄", 1)

	// M12 and M13 were never started: each gets an offer in the group whose
	// buttons act for them alone.
	offer := h.awaitBotMessage(h.group.ID, "M12")
	mustContain(t, offer.Text, "Do., 10.12.2026, 08:00")
	mustNotContain(t, offer.Text, "M13")
	if toast := h.pressButton(h.group.ID, m[1], offer, de(text.BtnNotComing)); toast.Text != de(text.ToastNotYours, "M12") || !toast.ShowAlert {
		t.Errorf("M02 pressing M12's offer answered %+v, want %q as an alert", toast, de(text.ToastNotYours, "M12"))
	}
	if r := s.rsvp(m[1]); r.Status != meetupbot.StatusGoing || !r.Confirmed {
		t.Errorf("M02 after pressing another's offer: %+v, want unchanged", r)
	}
	h.pressButton(h.group.ID, m[11], offer, de(text.BtnStillComing))
	if r := s.rsvp(m[11]); !r.Confirmed {
		t.Errorf("M12 after claiming in the group: %+v", r)
	}
	if o := h.message(h.group.ID, offer.ID); len(o.Buttons) != 0 {
		t.Errorf("an answered offer in the group keeps its buttons: %v", buttonLabels(o))
	}

	// M13 lets the claim pass: back to the end of the list, never offered
	// this meetup again, and M14 moves up.
	h.clock.Set(time.Date(2026, 12, 10, 8, 0, 0, 0, berlin))
	mustContain(t, h.awaitBotMessage(h.group.ID, "⌛").Text, de(text.ExpiredGroup, 1))
	if o := h.message(h.group.ID, h.awaitBotMessage(h.group.ID, "M13").ID); len(o.Buttons) != 0 {
		t.Errorf("a lapsed offer keeps its buttons: %v", buttonLabels(o))
	}
	if r := s.rsvp(m[12]); r.Status != meetupbot.StatusWaiting {
		t.Errorf("M13 after the claim passed: %+v, want waiting", r)
	}
	if r := s.rsvp(m[13]); r.Status != meetupbot.StatusGoing || r.ClaimBy.IsZero() {
		t.Errorf("M14 after M13's claim passed: %+v, want going with a claim", r)
	}

	// A released member who comes after all joins the waiting list.
	if toast := h.pressButton(m[7].ID, m[7], released, de(text.BtnGoing)); toast.Text != de(text.ToastWaiting, 2) {
		t.Errorf("going after the release answered %q, want %q", toast.Text, de(text.ToastWaiting, 2))
	}
	ev, err := h.db.Event(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Tally.Seats() != 10 || ev.Tally.Confirmed != 9 || ev.Released != 2 || ev.Promoted != 3 {
		t.Errorf("tally %+v, released %d, promoted %d; want 10 going, 9 confirmed, 2 released, 3 moved up", ev.Tally, ev.Released, ev.Promoted)
	}
	h.awaitText(h.group.ID, s.ann.ID, de(text.CardOthers, 0, 2))

	// Her confirmation is M11's to see, and gone with /forgetme; the place
	// she frees skips M13, who let an offer lapse, and goes to M08, back on
	// the list after the release, who must claim it.
	private := h.fake.Private(m[10])
	mustContain(t, h.say(private, m[10], "/mydata").Text, "Stammtisch, Do., 10.12.2026, 19:00: "+de(text.StatusGoing)+", "+de(text.DataConfirmed))
	h.say(private, m[10], "/forgetme")
	h.pressButton(private.ID, m[10], h.lastBotMessage(private.ID), de(text.BtnForget))
	if r := s.rsvp(m[10]); r.UserID != 0 {
		t.Errorf("M11's answer after /forgetme: %+v", r)
	}
	if r := s.rsvp(m[7]); r.Status != meetupbot.StatusGoing || r.ClaimBy.IsZero() {
		t.Errorf("M08 after M11 left: %+v, want going with a claim", r)
	}
	if r := s.rsvp(m[12]); r.Status != meetupbot.StatusWaiting {
		t.Errorf("M13 after M11 left: %+v, want still waiting", r)
	}
	if ev, _ := h.db.Event(context.Background(), 1); ev.Tally.Confirmed != 8 {
		t.Errorf("%d confirmed after /forgetme, want 8", ev.Tally.Confirmed)
	}

	// M08 and M14 let their offers lapse at 14:00 too. Everybody waiting
	// has let one lapse: the two places are open to all, first come first
	// served, and Olga hears it once.
	h.clock.Set(s.start.Add(-5 * time.Hour))
	openedGroup, _, _ := strings.Cut(de(text.OpenedGroup, 2), ",")
	mustContain(t, h.awaitBotMessage(h.group.ID, openedGroup).Text, de(text.OpenedGroup, 2))
	opened, _, _ := strings.Cut(de(text.SummaryOpened), "%")
	h.awaitBotMessage(h.olga.ID, opened)
	for _, u := range []tgbotapi.User{m[7], m[12], m[13]} {
		if r := s.rsvp(u); r.Status != meetupbot.StatusWaiting {
			t.Errorf("%s after the last offers lapsed: %+v, want waiting", u.FirstName, r)
		}
	}

	// At the door: five scan the code, two are ticked by hand, one comes
	// without a name.
	h.clock.Set(s.start.Add(-time.Hour))
	h.idle()
	h.expectCount(h.group.ID, openedGroup, 1)
	list := h.doorList(1)
	var link string
	for _, msg := range h.fake.BotMessages(h.olga.ID) {
		if msg.Photo != nil {
			link = scan(t, msg)
		}
	}
	for _, u := range m[:5] {
		mustContain(t, h.startFrom(u, link).Text, de(text.CheckedIn, u.FirstName, "Stammtisch"))
	}
	h.pressButton(h.olga.ID, h.olga, list, "M10")
	h.pressButton(h.olga.ID, h.olga, list, "M12")
	h.pressButton(h.olga.ID, h.olga, list, de(text.BtnUnnamedPlus))
	h.awaitText(h.olga.ID, list.ID, de(text.DoorHeader, "Stammtisch", 7, 8, 7, 8, 0, 1))

	// After the evening: the figures, the chart, and plainly no forecast
	// from one evening.
	h.clock.Set(s.start.Add(3 * time.Hour))
	h.idle()
	h.fake.Send(h.fake.Private(h.olga), h.olga, "/stats")
	h.idle()
	var stats, chart telegramtest.Message
	for _, msg := range h.fake.BotMessages(h.olga.ID) {
		switch {
		case msg.Photo != nil && strings.Contains(msg.Caption, "📊"):
			chart = msg
		case strings.Contains(msg.Text, "📊"):
			stats = msg
		}
	}
	// Two moved up and kept their places (M11, M12); the three offers that
	// lapsed do not count, however often a place was offered.
	mustContain(t, stats.Text, de(text.StatsLine, 1, "Do., 10.12.2026", de(text.StatsYes, 8), 7, 88, de(text.StatsNoShows, 1), 1, de(text.Places, 2), 2), de(text.StatsTooLittle, 2, 1))
	if chart.Photo == nil {
		t.Error("/stats sent no chart")
	}

	// The guest list has every row but M11's.
	h.fake.Send(h.fake.Private(h.olga), h.olga, "/export 1")
	doc := h.lastBotMessage(h.olga.ID)
	if doc.Document == nil {
		t.Fatal("/export sent no document")
	}
	rows := strings.Count(string(doc.Document.Data), "\r\n")
	if rows != 1+13 || strings.Contains(string(doc.Document.Data), "M11") {
		t.Errorf("the guest list has %d lines, want a header and 13 answers without M11:\n%s", rows, doc.Document.Data)
	}
}

func TestReconfirmWithNobodyWaitingReleasesNobody(t *testing.T) {
	h := newHarness(t, withReconfirm)
	h.say(h.fake.Private(h.anna), h.anna, "/start")
	start := time.Date(2026, 12, 10, 19, 0, 0, 0, berlin)
	ann := h.createAndAnnounce("10.12. 19:00 | Stammtisch | Café | 10")
	h.pressButton(h.group.ID, h.anna, ann, de(text.BtnGoing))
	h.pressButton(h.group.ID, h.ben, ann, de(text.BtnGoing))
	h.clock.Set(start.Add(-48 * time.Hour))
	h.awaitBotMessage(h.anna.ID, "Kommst du noch?")
	h.clock.Set(start.Add(-24 * time.Hour))
	h.expectCount(h.anna.ID, "🔄", 0)
	h.expectCount(h.group.ID, "🔄", 0)

	// The organizer's private list shows who did not confirm.
	list := h.say(h.fake.Private(h.olga), h.olga, "/attendees 1")
	mustContain(t, list.Text, "Anna "+de(text.AttUnconfirmed), "Ben "+de(text.AttUnconfirmed), de(text.AttReleased, 0, 2, 0, 0))
	// Members see no marks, not even in the group.
	mustNotContain(t, h.say(h.group, h.olga, "/attendees").Text, de(text.AttUnconfirmed))
}

func TestChangeNoticesAndReconfirmAgain(t *testing.T) {
	h := newHarness(t, withReconfirm)
	h.say(h.fake.Private(h.anna), h.anna, "/start")
	h.say(h.fake.Private(h.ben), h.ben, "/start")
	start := time.Date(2026, 12, 10, 19, 0, 0, 0, berlin)
	ann := h.createAndAnnounce("10.12. 19:00 | Stammtisch | Café | 10")
	h.pressButton(h.group.ID, h.anna, ann, de(text.BtnGoing))
	h.pressButton(h.group.ID, h.ben, ann, de(text.BtnMaybe))
	h.pressButton(h.group.ID, h.cem, ann, de(text.BtnDeclined))

	// Outside the window: the organizer moves the start twice within
	// minutes; members hear once, when the edits settled, nobody is asked.
	reply := h.say(h.group, h.olga, "/editevent 1 zeit 21:00")
	mustContain(t, reply.Text, de(text.MembersToldLater, "Di., 01.12.2026, 10:05"))
	h.clock.Advance(2 * time.Minute)
	mustContain(t, h.say(h.group, h.olga, "/editevent 1 zeit 20:00").Text, de(text.MembersToldLater, "Di., 01.12.2026, 10:07"))
	h.clock.Advance(4 * time.Minute)
	h.expectCount(h.anna.ID, "🔔", 0)
	h.clock.Advance(time.Minute)
	private := h.awaitBotMessage(h.anna.ID, "🔔")
	mustContain(t, private.Text, de(text.ChangeStart, "Donnerstag, 10. Dezember 2026, 20:00 Uhr", "Donnerstag, 10. Dezember 2026, 19:00 Uhr"))
	h.awaitBotMessage(h.ben.ID, "🔔")
	h.expectCount(h.anna.ID, "🔔", 1)
	h.expectCount(h.cem.ID, "🔔", 0)
	h.expectCount(h.group.ID, "🔔", 1)
	h.expectCount(h.anna.ID, "Kommst du noch?", 0)
	// Moved and moved back before anybody was told: nothing to tell.
	h.say(h.group, h.olga, "/editevent 1 ort Keller")
	h.say(h.group, h.olga, "/editevent 1 ort Café")
	h.clock.Advance(10 * time.Minute)
	h.expectCount(h.anna.ID, "🔔", 1)

	// Inside the window: confirmed, then the venue changes, so the
	// confirmation is void, and the question comes again with the notice.
	h.clock.Set(start.Add(-34 * time.Hour))
	q := h.awaitBotMessage(h.anna.ID, "Kommst du noch?")
	h.pressButton(h.anna.ID, h.anna, q, de(text.BtnStillComing))
	h.say(h.fake.Private(h.olga), h.olga, "/editevent 1 ort Werkstatt")
	ev, _ := h.db.Event(context.Background(), 1)
	if ev.Tally.Confirmed != 0 {
		t.Errorf("%d confirmations after the venue changed, want 0", ev.Tally.Confirmed)
	}
	h.expectCount(h.anna.ID, "Kommst du noch?", 1)
	h.clock.Advance(meetupbot.ChangeSettles)
	mustContain(t, h.awaitBotMessage(h.anna.ID, "Werkstatt").Text, de(text.ChangeVenue, "Werkstatt", "Café"))
	h.expectCount(h.anna.ID, "Kommst du noch?", 2)
	// A title change is no news to members.
	h.say(h.group, h.olga, "/editevent 1 titel Stammtisch #2")
	h.expectCount(h.anna.ID, "🔔", 2)
}

func TestReconfirmCommand(t *testing.T) {
	h := newHarness(t, withReconfirm)
	title := "Social Media Stammtisch"
	tests := []struct{ command, want string }{
		{"/reconfirm", de(text.ReconfirmSet, title, "2 Tage vorher", "1 Tag vorher", "6 Stunden")},
		{"/reconfirm 36h 12h", de(text.ReconfirmSet, title, "36 Stunden vorher", "12 Stunden vorher", "6 Stunden")},
		{"/reconfirm", de(text.ReconfirmSet, title, "36 Stunden vorher", "12 Stunden vorher", "6 Stunden")},
		{"/reconfirm 12h 36h", de(text.ReconfirmOrder, "36h", "12h")},
		{"/reconfirm bald", de(text.BadReconfirm, "bald")},
		{"/reconfirm off", de(text.ReconfirmOff, title)},
	}
	for _, tt := range tests {
		mustContain(t, h.say(h.group, h.olga, tt.command).Text, tt.want)
	}
	// Off means off: nobody is asked.
	ann := h.createAndAnnounce("10.12. 19:00 | Stammtisch | Café | 10")
	h.say(h.fake.Private(h.anna), h.anna, "/start")
	h.pressButton(h.group.ID, h.anna, ann, de(text.BtnGoing))
	h.clock.Set(time.Date(2026, 12, 9, 19, 0, 0, 0, berlin))
	h.expectCount(h.anna.ID, "Kommst du noch?", 0)
}

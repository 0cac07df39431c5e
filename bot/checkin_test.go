package bot_test

import (
	"bytes"
	"context"
	"image/png"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	qr "github.com/piglig/go-qr"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/telegramtest"
	"github.com/meetupbot/meetupbot/bot/text"
)

// scan reads a QR code the bot sent as a photo, as a phone camera would.
func scan(t *testing.T, m telegramtest.Message) string {
	t.Helper()
	if m.Photo == nil {
		t.Fatalf("no photo in %+v", m)
	}
	img, err := png.Decode(bytes.NewReader(m.Photo.Data))
	if err != nil {
		t.Fatalf("the QR code is no PNG: %v", err)
	}
	link, err := qr.Decode(img)
	if err != nil {
		t.Fatalf("the QR code does not scan: %v", err)
	}
	return link
}

// startFrom opens the bot from a deep link as Telegram does: /start with
// the link's payload.
func (h *harness) startFrom(u tgbotapi.User, link string) telegramtest.Message {
	h.t.Helper()
	_, payload, ok := strings.Cut(link, "?start=")
	if !ok {
		h.t.Fatalf("%q is no start link", link)
	}
	return h.say(h.fake.Private(u), u, "/start "+payload)
}

func TestCheckinAtTheDoor(t *testing.T) {
	h := newHarness(t)
	start := time.Date(2026, 12, 10, 19, 0, 0, 0, berlin)
	ann := h.createAndAnnounce("10.12. 19:00 | Stammtisch | Café | 10")
	h.pressButton(h.group.ID, h.anna, ann, de(text.BtnGoing))
	h.pressButton(h.group.ID, h.ben, ann, de(text.BtnGoing))
	h.pressButton(h.group.ID, h.cem, ann, de(text.BtnMaybe))

	mustContain(t, h.say(h.group, h.olga, "/checkin").Text, "privat")
	private := h.fake.Private(h.olga)
	h.fake.Send(private, h.olga, "/checkin")
	h.idle()
	var photo, list telegramtest.Message
	for _, m := range h.fake.BotMessages(h.olga.ID) {
		switch {
		case m.Photo != nil:
			photo = m
		case strings.Contains(m.Text, "🚪"):
			list = m
		}
	}
	link := scan(t, photo)
	if !strings.HasPrefix(link, "https://t.me/meetup_test_bot?start=c") || len(link) > len("https://t.me/meetup_test_bot?start=")+64 {
		t.Fatalf("the code links to %q", link)
	}
	mustContain(t, photo.Caption, "Stammtisch", "Do., 10.12.2026, 16:00", "Fr., 11.12.2026, 19:00")
	mustContain(t, list.Text, de(text.DoorHeader, "Stammtisch", 0, 2, 0, 2, 0, 0))
	if got := strings.Join(buttonLabels(list), "|"); got != "▫️ Anna|▫️ Ben|"+de(text.BtnUnnamedPlus)+"|"+de(text.BtnUnnamedMinus) {
		t.Errorf("door list buttons %q", got)
	}

	// Too early: the door opens three hours before.
	mustContain(t, h.startFrom(h.anna, link).Text, de(text.CheckinNotYet, "Stammtisch", "Do., 10.12.2026, 16:00"))

	h.clock.Set(start.Add(-30 * time.Minute))
	h.idle() // the reminders go out first
	mustContain(t, h.startFrom(h.anna, link).Text, de(text.CheckedIn, "Anna", "Stammtisch"))
	mustContain(t, h.startFrom(h.anna, link).Text, de(text.AlreadyCheckedIn, "Stammtisch"))
	// Someone the bot never met is welcome too, as a walk-in.
	dora := h.fake.User(77, "Dora", "de")
	mustContain(t, h.startFrom(dora, link).Text, de(text.CheckedInWalkIn, "Dora", "Stammtisch"))
	// A code the bot never made, or one cut short, checks nobody in and
	// says so, rather than greeting.
	for _, bad := range []string{"https://t.me/bot?start=cAAAAAAAAAAAAAAAAAAAAAAAAAA", link[:len(link)-6]} {
		if got := h.startFrom(dora, bad).Text; got != de(text.CheckinUnknown) {
			t.Errorf("%s answered %q, want %q", bad, got, de(text.CheckinUnknown))
		}
	}

	// Ben has no phone: Olga ticks him off, and counts one guest without a
	// name; a mistaken tick is taken back.
	if toast := h.pressButton(h.olga.ID, h.olga, list, "Ben"); toast.Text != de(text.ToastTicked, "Ben") {
		t.Errorf("ticking Ben answered %q", toast.Text)
	}
	h.pressButton(h.olga.ID, h.olga, list, de(text.BtnUnnamedPlus))
	h.pressButton(h.olga.ID, h.olga, list, de(text.BtnUnnamedPlus))
	h.pressButton(h.olga.ID, h.olga, list, de(text.BtnUnnamedMinus))
	list = h.awaitText(h.olga.ID, list.ID, de(text.DoorHeader, "Stammtisch", 2, 2, 2, 2, 1, 1))
	if got := strings.Join(buttonLabels(list), "|"); !strings.HasPrefix(got, "✅ Anna|✅ Ben|✅ Dora|") {
		t.Errorf("door list after the evening began: %q", got)
	}
	if toast := h.pressButton(h.olga.ID, h.olga, list, "Dora"); toast.Text != de(text.ToastUnticked, "Dora") {
		t.Errorf("unticking Dora answered %q", toast.Text)
	}
	// Unticked, a walk-in leaves the list; scanning again brings her back.
	h.awaitText(h.olga.ID, list.ID, de(text.DoorHeader, "Stammtisch", 2, 2, 2, 2, 0, 1))
	mustContain(t, h.startFrom(dora, link).Text, de(text.CheckedInWalkIn, "Dora", "Stammtisch"))
	// Members may not tick anybody.
	if toast := h.press(h.anna.ID, h.anna, list.ID, list.Buttons[0][0].Data); toast.Text != de(text.ToastOutdated) {
		t.Errorf("a member's press on a door list answered %q", toast.Text)
	}

	ev, err := h.db.Event(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := (meetupbot.Attendance{Unconfirmed: 2, WalkIns: 1, Unnamed: 1}); ev.Attendance != want {
		t.Errorf("attendance %+v, want %+v", ev.Attendance, want)
	}
	mustContain(t, h.say(h.fake.Private(h.anna), h.anna, "/mydata").Text, de(text.DataCheckedIn, "Do., 10.12.2026, 18:30"))

	// The code is the meetup's for good, across a restart, and over the
	// next day.
	h.restart()
	h.fake.Send(private, h.olga, "/checkin 1")
	h.idle()
	var again telegramtest.Message
	for _, m := range h.fake.BotMessages(h.olga.ID) {
		if m.Photo != nil {
			again = m
		}
	}
	if again.ID == photo.ID || scan(t, again) != link {
		t.Errorf("a second /checkin gave another code")
	}
	h.clock.Set(start.Add(meetupbot.CheckinCloses + time.Minute))
	mustContain(t, h.startFrom(h.cem, link).Text, de(text.CheckinOver, "Stammtisch", "Do., 10.12.2026, 19:00"))
}

package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/meetupbot/meetupbot/bot/text"
)

// TestRemovedAndAddedAgain: removed, the bot sends nothing to the group and
// runs no job for it; added again, it announces the upcoming meetup afresh
// and catches up the reminder it missed.
func TestRemovedAndAddedAgain(t *testing.T) {
	h := newHarness(t)
	ann := h.createAndAnnounce("10.12.2026 19:00 | Stammtisch | Café | 10")
	h.pressButton(h.group.ID, h.anna, ann, "Ich komme")
	h.fake.RemoveBot(h.group.ID, h.olga)
	h.idle()
	mustContain(t, h.logs.String(), "bot removed from a group")
	sentBefore := len(h.fake.Calls("sendMessage"))

	// The 24-hour reminder falls due while the bot is out.
	h.clock.Set(time.Date(2026, 12, 9, 19, 30, 0, 0, berlin))
	h.idle()
	for _, c := range h.fake.Calls("sendMessage")[sentBefore:] {
		if c.Params.Get("chat_id") == "-1001" {
			t.Errorf("sent to a group the bot was removed from: %q", c.Params.Get("text"))
		}
	}

	h.fake.AddBot(h.group.ID, h.olga)
	h.idle()
	fresh := h.awaitAnnouncement(h.group.ID)
	for _, m := range h.fake.BotMessages(h.group.ID) {
		if len(m.Buttons) > 0 && m.ID > fresh.ID {
			fresh = m
		}
	}
	if fresh.ID == ann.ID {
		t.Fatal("no fresh announcement after the bot was added again")
	}
	mustContain(t, fresh.Text, de(text.CardGoing, 1))
	reminder := h.awaitBotMessage(h.group.ID, "<b>Erinnerung:</b>")
	if reminder.ID < fresh.ID {
		t.Errorf("the reminder (%d) went out before the bot was back (%d)", reminder.ID, fresh.ID)
	}
	// Answers still count on the fresh announcement.
	if got := h.pressButton(h.group.ID, h.cem, fresh, "Ich komme"); got.Text != de(text.ToastGoing, 2, 10) {
		t.Errorf("press on the fresh announcement: %q", got.Text)
	}
}

// TestRemovalSeenOnlyByA403: the removal update was lost; the first send
// refused with 403 stops everything for the group, so the next reminder
// is not even tried.
func TestRemovalSeenOnlyByA403(t *testing.T) {
	h := newHarness(t)
	h.createAndAnnounce("10.12.2026 19:00 | Stammtisch | Café | 10")
	h.fake.RemoveBotUnseen(h.group.ID)
	h.clock.Set(time.Date(2026, 12, 9, 19, 0, 0, 0, berlin))
	h.idle()
	refused := 0
	for _, c := range h.fake.Calls("sendMessage") {
		if c.Params.Get("chat_id") == "-1001" && c.Status == 403 {
			refused++
		}
	}
	if refused != 1 {
		t.Fatalf("%d sends refused with 403, want the one that taught the bot", refused)
	}
	h.clock.Set(time.Date(2026, 12, 10, 17, 0, 0, 0, berlin))
	h.idle()
	for _, c := range h.fake.Calls("sendMessage") {
		if c.Params.Get("chat_id") == "-1001" && c.Status == 403 && strings.Contains(c.Params.Get("text"), "2 Stunden") {
			t.Error("the 2-hour reminder was still sent to the group the bot was removed from")
		}
	}
}

// TestPrivateHelpAsksOnlyAboutOwnGroups: a private /help by someone in no
// group asks Telegram nothing; by a member, about their groups only.
func TestPrivateHelpAsksOnlyAboutOwnGroups(t *testing.T) {
	h := newHarness(t)
	for i := range 12 {
		g := h.fake.Group(int64(-2000-i), "Gruppe")
		h.say(g, h.olga, "/help")
	}
	before := len(h.fake.Calls("getChatAdministrators"))
	nobody := h.fake.User(70, "Nobody", "de")
	h.say(h.fake.Private(nobody), nobody, "/help")
	if n := len(h.fake.Calls("getChatAdministrators")) - before; n != 0 {
		t.Errorf("a private /help by someone in no group asked about %d groups", n)
	}
	h.say(h.group, h.anna, "/help")
	before = len(h.fake.Calls("getChatAdministrators"))
	h.say(h.fake.Private(h.anna), h.anna, "/help")
	if n := len(h.fake.Calls("getChatAdministrators")) - before; n > 1 {
		t.Errorf("Anna's private /help asked about %d groups, want at most her one", n)
	}
}

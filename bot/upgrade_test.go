package bot_test

import (
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot/bot/text"
)

// upgradeFixture is a basic group with a meetup announced, Anna going and a
// recurring post, on the harness's group's admin.
func upgradeFixture(t *testing.T) (*harness, tgbotapi.Chat) {
	h := newHarness(t)
	basic := h.fake.BasicGroup(-555, "Stammtisch Basic")
	h.fake.SetAdmins(basic.ID, h.olga)
	h.fake.Send(basic, h.olga, "/newevent 10.12.2026 19:00 | Stammtisch | Café | 10")
	ann := h.awaitAnnouncement(basic.ID)
	h.pressButton(basic.ID, h.anna, ann, "Ich komme")
	h.say(basic, h.olga, "/schedule add 0 12 * * * | Mittagspost")
	h.say(basic, h.olga, "/timezone Europe/Vienna")
	h.idle()
	return h, basic
}

// TestGroupUpgradedMidMeetup: Telegram upgrades the group to a supergroup;
// the meetup, its answers, settings and posts follow, the announcement is
// posted afresh, and /rsvp, the reminder and the post land in the new chat.
func TestGroupUpgradedMidMeetup(t *testing.T) {
	h, basic := upgradeFixture(t)
	super := h.fake.Upgrade(basic.ID, h.olga)
	h.idle()
	fresh := h.awaitAnnouncement(super.ID)
	mustContain(t, fresh.Text, "Stammtisch", de(text.CardGoing, 1))

	reply := h.say(super, h.ben, "/rsvp ja")
	mustContain(t, reply.Text, de(text.ToastGoing, 2, 10))
	h.awaitText(super.ID, fresh.ID, de(text.CardGoing, 2))
	list := h.say(super, h.olga, "/attendees")
	mustContain(t, list.Text, "1. Anna", "2. Ben")
	mustContain(t, h.say(super, h.olga, "/timezone").Text, "Europe/Vienna")

	h.clock.Set(time.Date(2026, 12, 1, 12, 0, 0, 0, berlin))
	h.awaitBotMessage(super.ID, "Mittagspost")
	h.clock.Set(time.Date(2026, 12, 9, 19, 0, 0, 0, berlin))
	reminder := h.awaitBotMessage(super.ID, "<b>Erinnerung:</b>")
	if reminder.ReplyTo != fresh.ID {
		t.Errorf("reminder replies to %d, want the fresh announcement %d", reminder.ReplyTo, fresh.ID)
	}
	h.idle()
	for _, m := range h.fake.Calls("sendMessage") {
		if m.Params.Get("chat_id") == "-555" && m.Status == 400 {
			t.Errorf("a message went to the old id after the upgrade: %q", m.Params.Get("text"))
		}
	}
	// Privately, Anna is in one group, not two.
	picker := h.say(h.fake.Private(h.anna), h.anna, "/events")
	if strings.Contains(picker.Text, de(text.PickGroup)) {
		t.Errorf("after the upgrade /events privately asks which group: %+v", picker.Buttons)
	}
	mustContain(t, picker.Text, "Stammtisch")
}

// TestGroupUpgradeSeenOnlyByARefusal: the service messages never reached
// the bot; the reminder to the old id is refused with migrate_to_chat_id,
// the group moves, and the reminder goes to the new chat once.
func TestGroupUpgradeSeenOnlyByARefusal(t *testing.T) {
	h, basic := upgradeFixture(t)
	super := h.fake.UpgradeUnseen(basic.ID, h.olga)
	h.clock.Set(time.Date(2026, 12, 9, 19, 0, 0, 0, berlin))
	h.awaitBotMessage(super.ID, "<b>Erinnerung:</b>")
	fresh := h.awaitAnnouncement(super.ID)
	mustContain(t, fresh.Text, de(text.CardGoing, 1))
	h.expectCount(super.ID, "<b>Erinnerung:</b>", 1)
	// Both signals arriving later changes nothing.
	h.fake.Raw(tgbotapi.Update{Message: &tgbotapi.Message{MessageID: 900, From: &h.olga, Chat: &super, MigrateFromChatID: basic.ID}})
	h.idle()
	if n := countAnnouncements(h, super.ID); n != 1 {
		t.Errorf("%d announcements after a late service message, want 1", n)
	}
}

func countAnnouncements(h *harness, chatID int64) int {
	n := 0
	for _, m := range h.fake.BotMessages(chatID) {
		if len(m.Buttons) > 0 {
			n++
		}
	}
	return n
}

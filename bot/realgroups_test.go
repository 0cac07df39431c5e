package bot_test

import (
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot/bot/telegramtest"
	"github.com/meetupbot/meetupbot/bot/text"
)

// TestStrangersLearnNothing: someone who was never in the group cannot
// read a meetup, answer it, or use its deep link or buttons privately, and
// a guessed number that exists reads the same as one that does not.
func TestStrangersLearnNothing(t *testing.T) {
	h := newHarness(t)
	ann := h.createAndAnnounce("10.12.2026 19:00 | Stammtisch | Café | 10")
	h.pressButton(h.group.ID, h.anna, ann, "Ich komme")
	stranger := h.fake.User(66, "Mallory", "de")
	private := h.fake.Private(stranger)
	h.say(private, stranger, "/start")

	tests := []struct {
		name string
		text string
	}{
		{"attendees of an existing meetup", "/attendees 1"},
		{"attendees of no meetup", "/attendees 99"},
		{"speakers", "/speakers 1"},
		{"rsvp", "/rsvp yes 1"},
		{"rsvp with guests", "/rsvp ja +2 1"},
		{"deep link", "/start e1"},
		{"deep link to no meetup", "/start e99"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := h.fake.Send(private, stranger, tt.text)
			h.idle()
			var replies []string
			for _, m := range h.fake.BotMessages(stranger.ID) {
				if m.ID > id {
					replies = append(replies, m.Text)
					if len(m.Buttons) > 0 {
						t.Errorf("%s got a message with buttons: %q", tt.text, m.Text)
					}
				}
			}
			last := replies[len(replies)-1]
			if last != de(text.NotYourMeetup) {
				t.Errorf("%s: last reply %q, want the refusal", tt.text, last)
			}
			for _, r := range replies {
				if strings.Contains(r, "Anna") || strings.Contains(r, "Stammtisch") || strings.Contains(r, "Café") {
					t.Errorf("%s revealed the meetup: %q", tt.text, r)
				}
			}
		})
	}
	t.Run("a forged private button", func(t *testing.T) {
		for _, data := range []string{"r:1:y", "r:99:y"} {
			if got := h.press(stranger.ID, stranger, 1, data); got.Text != de(text.NotYourMeetup) {
				t.Errorf("press %s privately: toast %q, want the refusal", data, got.Text)
			}
		}
	})
	ev, err := h.db.Event(t.Context(), 1)
	if err != nil || ev.Tally.Going != 1 || ev.Tally.Guests != 0 {
		t.Errorf("a stranger changed the meetup: %+v, %v", ev.Tally, err)
	}
	// Telegram was asked once and the answer kept: ten tries, one lookup.
	if n := len(h.fake.Calls("getChatMember")); n != 1 {
		t.Errorf("getChatMember called %d times for one stranger, want 1 (cached)", n)
	}
}

// TestMembersOnlyPrivately: a member who never wrote in the group is
// confirmed by Telegram, gets the deep link's card, and its buttons count.
func TestMembersOnlyPrivately(t *testing.T) {
	h := newHarness(t)
	h.createAndAnnounce("10.12.2026 19:00 | Stammtisch | Café | 10")
	quiet := h.fake.User(67, "Quentin", "de")
	h.fake.Join(h.group.ID, quiet)
	private := h.fake.Private(quiet)
	h.fake.Send(private, quiet, "/start e1")
	card := h.awaitBotMessage(quiet.ID, "Stammtisch")
	if got := h.pressButton(quiet.ID, quiet, card, "Ich komme"); got.Text != de(text.ToastGoing, 1, 10) {
		t.Errorf("a member who never wrote in the group pressed going privately: %q", got.Text)
	}
}

// TestAnonymousAdmin: an admin posting as the group organizes it, and is
// told to answer as themselves.
func TestAnonymousAdmin(t *testing.T) {
	h := newHarness(t)
	sent := h.fake.SendAsChat(h.group, telegramtest.AnonymousAdmin, h.group, "/newevent 10.12.2026 19:00 | Stammtisch | Café | 10")
	h.idle()
	var created bool
	for _, m := range h.fake.BotMessages(h.group.ID) {
		if m.ReplyTo == sent && strings.Contains(m.Text, "#1") {
			created = true
		}
	}
	if !created {
		t.Fatalf("an anonymous admin's /newevent got no confirmation: %+v", h.fake.BotMessages(h.group.ID))
	}
	if _, err := h.db.Event(t.Context(), 1); err != nil {
		t.Fatalf("no meetup created: %v", err)
	}
	rsvp := h.fake.SendAsChat(h.group, telegramtest.AnonymousAdmin, h.group, "/rsvp ja")
	h.idle()
	hint := lastReplyTo(h, h.group.ID, rsvp)
	if hint != de(text.AnonymousHint) {
		t.Errorf("anonymous /rsvp: reply %q, want the hint to post as oneself", hint)
	}
	ev, _ := h.db.Event(t.Context(), 1)
	if ev.Tally.Going != 0 {
		t.Errorf("an anonymous /rsvp counted %d going", ev.Tally.Going)
	}
	// Someone else posting as the group in another group is no organizer
	// there.
	other := h.fake.Group(-1002, "Andere Gruppe")
	h.fake.SendAsChat(other, telegramtest.AnonymousAdmin, h.group, "/cancelevent 1")
	h.idle()
	if ev, _ := h.db.Event(t.Context(), 1); ev.Cancelled {
		t.Error("a message sent as another group cancelled the meetup")
	}
}

// TestChannelPostsChangeNothing: posts on behalf of a channel and
// automatic forwards from the linked channel neither answer nor count.
func TestChannelPostsChangeNothing(t *testing.T) {
	h := newHarness(t)
	h.createAndAnnounce("10.12.2026 19:00 | Stammtisch | Café | 10")
	channel := tgbotapi.Chat{ID: -1009, Type: "channel", Title: "Stammtisch News"}
	before := len(h.fake.BotMessages(h.group.ID))
	h.fake.AutoForward(h.group, channel, "/rsvp ja")
	h.fake.SendAsChat(h.group, telegramtest.ChannelBot, channel, "/rsvp ja +2")
	h.fake.SendAsChat(h.group, telegramtest.ChannelBot, channel, "/newevent 11.12.2026 19:00 | Fake | Nowhere")
	h.idle()
	if after := len(h.fake.BotMessages(h.group.ID)); after != before {
		t.Errorf("channel posts got %d answers", after-before)
	}
	ev, _ := h.db.Event(t.Context(), 1)
	if ev.Tally.Going != 0 {
		t.Errorf("a channel post counted %d going", ev.Tally.Going)
	}
	if _, err := h.db.Event(t.Context(), 2); err == nil {
		t.Error("a channel post created a meetup")
	}
}

// lastReplyTo is the bot's last reply to message id in a chat.
func lastReplyTo(h *harness, chatID int64, id int) string {
	var reply string
	for _, m := range h.fake.BotMessages(chatID) {
		if m.ReplyTo == id {
			reply = m.Text
		}
	}
	return reply
}

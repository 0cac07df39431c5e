package bot_test

import (
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot/bot/telegramtest"
	"github.com/meetupbot/meetupbot/bot/text"
)

// sayInTopic writes in a forum topic and returns the bot's reply to it.
func (h *harness) sayInTopic(chat tgbotapi.Chat, from tgbotapi.User, thread int, msg string) telegramtest.Message {
	h.t.Helper()
	id := h.fake.SendInTopic(chat, from, thread, msg)
	var reply telegramtest.Message
	h.fake.Await(h.t, wait, "a reply to "+msg, func() bool {
		for _, m := range h.fake.BotMessages(chat.ID) {
			if m.ReplyTo == id {
				reply = m
				return true
			}
		}
		return false
	})
	return reply
}

func newForum(t *testing.T) (*harness, tgbotapi.Chat, int) {
	h := newHarness(t)
	forum := h.fake.Forum(-1003, "Stammtisch Forum")
	h.fake.SetAdmins(forum.ID, h.olga)
	meetups := h.fake.Topic(forum.ID, "Meetups")
	return h, forum, meetups
}

// TestForumTopics: a command in a topic is answered there; /topic makes a
// topic the meetups' home, where announcements, answers' notices, reminders
// and posts then go; /topic off returns them to General.
func TestForumTopics(t *testing.T) {
	h, forum, meetups := newForum(t)
	chat := h.fake.Topic(forum.ID, "Plaudern")
	if reply := h.sayInTopic(forum, h.anna, chat, "/help"); reply.Thread != chat {
		t.Errorf("/help in topic %d answered in %d", chat, reply.Thread)
	}
	if reply := h.sayInTopic(forum, h.olga, meetups, "/topic"); reply.Thread != meetups || !strings.Contains(reply.Text, "Stammtisch Forum") {
		t.Errorf("/topic reply %q in topic %d, want a confirmation in %d", reply.Text, reply.Thread, meetups)
	}
	created := h.sayInTopic(forum, h.olga, chat, "/newevent 10.12.2026 19:00 | Stammtisch | Café | 1")
	if created.Thread != chat {
		t.Errorf("/newevent answered in topic %d, want %d where it was sent", created.Thread, chat)
	}
	ann := h.awaitAnnouncement(forum.ID)
	if ann.Thread != meetups {
		t.Errorf("announcement in topic %d, want the meetups' topic %d", ann.Thread, meetups)
	}
	h.pressButton(forum.ID, h.anna, ann, "Ich komme")
	h.pressButton(forum.ID, h.cem, ann, "Ich komme")
	h.pressButton(forum.ID, h.anna, ann, "Kann nicht")
	promoted := h.awaitBotMessage(forum.ID, "rückt von der Warteliste nach")
	if promoted.Thread != meetups {
		t.Errorf("promotion notice in topic %d, want %d", promoted.Thread, meetups)
	}
	h.say(h.fake.Private(h.olga), h.olga, "/post 1 Bis Donnerstag!")
	post := h.awaitBotMessage(forum.ID, "Bis Donnerstag!")
	if post.Thread != meetups {
		t.Errorf("/post landed in topic %d, want %d", post.Thread, meetups)
	}
	h.clock.Set(time.Date(2026, 12, 9, 19, 0, 0, 0, berlin))
	if r := h.awaitBotMessage(forum.ID, "<b>Erinnerung:</b>"); r.Thread != meetups {
		t.Errorf("reminder in topic %d, want %d", r.Thread, meetups)
	}
	if reply := h.sayInTopic(forum, h.olga, chat, "/topic off"); !strings.Contains(reply.Text, "General") {
		t.Errorf("/topic off: %q", reply.Text)
	}
	h.say(h.fake.Private(h.olga), h.olga, "/post Jetzt in General")
	if p := h.awaitBotMessage(forum.ID, "Jetzt in General"); p.Thread != 0 {
		t.Errorf("after /topic off a post landed in topic %d, want General", p.Thread)
	}
}

// TestClosedTopic: Telegram refuses posts to the closed meetups' topic; the
// organizer is told privately once, the reminder waits, and goes out once
// into the topic set next.
func TestClosedTopic(t *testing.T) {
	h, forum, meetups := newForum(t)
	h.say(h.fake.Private(h.olga), h.olga, "/start")
	h.sayInTopic(forum, h.olga, meetups, "/topic")
	h.sayInTopic(forum, h.olga, meetups, "/newevent 10.12.2026 19:00 | Stammtisch | Café | 10")
	h.awaitAnnouncement(forum.ID)
	h.fake.CloseTopic(forum.ID, meetups)

	h.clock.Set(time.Date(2026, 12, 9, 19, 0, 0, 0, berlin))
	h.awaitBotMessage(h.olga.ID, "geschlossen oder gelöscht")
	posted := h.say(h.fake.Private(h.olga), h.olga, "/post Noch ein Hinweis")
	mustContain(t, posted.Text, de(text.TopicWaiting, "Stammtisch Forum"))
	h.idle()
	told := 0
	for _, m := range h.fake.BotMessages(h.olga.ID) {
		if strings.Contains(m.Text, "geschlossen oder gelöscht") && strings.Contains(m.Text, "Öffne es wieder") {
			told++
		}
	}
	if told != 1 {
		t.Errorf("the organizer was told %d times, want once", told)
	}
	reply := h.say(h.fake.Private(h.olga), h.olga, "/announce 1")
	mustContain(t, reply.Text, de(text.TopicWaiting, "Stammtisch Forum"))

	other := h.fake.Topic(forum.ID, "Neues Thema")
	h.sayInTopic(forum, h.olga, other, "/topic")
	reminder := h.awaitBotMessage(forum.ID, "<b>Erinnerung:</b>")
	if reminder.Thread != other {
		t.Errorf("the waiting reminder went to topic %d, want the new one %d", reminder.Thread, other)
	}
	if p := h.awaitBotMessage(forum.ID, "Noch ein Hinweis"); p.Thread != other {
		t.Errorf("the waiting post went to topic %d, want %d", p.Thread, other)
	}
	h.expectCount(forum.ID, "<b>Erinnerung:</b>", 1)
}

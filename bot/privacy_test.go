package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestMyData(t *testing.T) {
	h := newHarness(t)
	ann := h.createAndAnnounce("10.12.2026 19:00 | Stamm<tisch> | Café")
	h.pressButton(h.group.ID, h.anna, ann, "Begleitung")
	mustContain(t, h.say(h.group, h.anna, "/mydata").Text, "nur im privaten Chat", "https://t.me/meetup_test_bot")

	private := h.fake.Private(h.anna)
	data := h.say(private, h.anna, "/mydata").Text
	mustContain(t, data, "Telegram-ID: 2", "Vorname: Anna", "Social Media Stammtisch", "#1 Stamm&lt;tisch&gt;", "dabei (+1)", "/forgetme")
	mustNotContain(t, data, "Von dir angelegt")
	mustContain(t, h.say(h.fake.Private(h.olga), h.olga, "/mydata").Text, "Von dir angelegt", "#1 Stamm&lt;tisch&gt;")
}

// /forgetme deletes a member after they confirm: their place at an upcoming
// meetup goes to the waiting list, and nothing names them any more.
func TestForgetMe(t *testing.T) {
	h := newHarness(t)
	ann := h.createAndAnnounce("10.12.2026 19:00 | Stammtisch | Café | 1")
	h.pressButton(h.group.ID, h.anna, ann, "Ich komme")
	h.pressButton(h.group.ID, h.ben, ann, "Ich komme")
	h.awaitText(h.group.ID, ann.ID, "⏳ 1 auf der Warteliste")

	mustContain(t, h.say(h.group, h.anna, "/forgetme").Text, "nur im privaten Chat")
	private := h.fake.Private(h.anna)
	ask := h.say(private, h.anna, "/forgetme")
	mustContain(t, ask.Text, "Soll ich alles löschen")
	if got := h.press(h.group.ID, h.anna, ann.ID, "forget"); !strings.Contains(got.Text, "veraltet") {
		t.Errorf("forget pressed in the group: toast %q, want it refused", got.Text)
	}
	if m, _ := h.db.Member(context.Background(), h.anna.ID); m.FirstName != "Anna" {
		t.Fatalf("a forged press deleted the member: %+v", m)
	}

	mustContain(t, h.pressButton(private.ID, h.anna, ask, "alles löschen").Text, "Gelöscht")
	h.awaitText(private.ID, ask.ID, "Ich habe alles über dich gelöscht")
	h.awaitText(h.group.ID, ann.ID, "✅ 1 dabei · 🤔 0 vielleicht · ⏳ 0 auf der Warteliste")
	mustContain(t, h.awaitBotMessage(h.group.ID, "rückt von der Warteliste nach").Text, "Ben")
	list := h.say(h.group, h.cem, "/attendees").Text
	mustContain(t, list, "1. Ben")
	mustNotContain(t, list, "Anna")
	if m, _ := h.db.Member(context.Background(), h.anna.ID); m.FirstName != "" || m.Started {
		t.Errorf("member after /forgetme: %+v, want nothing stored", m)
	}
	data, _ := h.db.MemberData(context.Background(), h.anna.ID)
	if len(data.Answers) != 0 || len(data.Groups) != 0 {
		t.Errorf("data after /forgetme: %+v, want none", data)
	}
}

// After the retention period the names of a past meetup's attendees are
// deleted; its counts stay.
func TestRetentionAnonymisesPastMeetups(t *testing.T) {
	h := newHarness(t)
	ann := h.createAndAnnounce("10.12.2026 19:00 | Stammtisch | Café")
	h.pressButton(h.group.ID, h.anna, ann, "Ich komme")
	h.pressButton(h.group.ID, h.ben, ann, "Vielleicht")
	h.clock.Set(time.Date(2027, 12, 1, 12, 0, 0, 0, berlin))
	mustContain(t, h.say(h.group, h.cem, "/attendees 1").Text, "1. Anna")
	h.clock.Set(time.Date(2027, 12, 11, 12, 0, 0, 0, berlin))
	h.fake.Await(t, wait, "the old meetup to be anonymised", func() bool {
		return strings.Contains(h.logs.String(), "anonymised the answers of old meetups")
	})
	list := h.say(h.group, h.cem, "/attendees 1").Text
	mustContain(t, list, "Namen sind nach der Aufbewahrungsfrist gelöscht", "Zusammen, mit Begleitungen: 1 dabei · 1 vielleicht")
	mustNotContain(t, list, "Anna", "Ben")
}

package bot_test

import (
	"strings"
	"testing"

	"github.com/meetupbot/meetupbot/bot/text"
)

// Hostile and careless input gets a clear answer naming the problem and the
// right syntax, and changes nothing; the fake Bot API refuses any message
// over 4096 characters or with broken HTML, so every answer here fits.
func TestHostileInputGetsClearAnswers(t *testing.T) {
	h := newHarness(t)
	h.createAndAnnounce("10.12.2026 19:00 | Stammtisch | Café | 2")
	stored := h.snapshot()
	tests := []struct {
		command string
		want    []string
	}{
		{"/newevent 10.12.2026 19:00 | " + strings.Repeat("T", 121) + " | Café", []string{"Der Titel ist zu lang (121 Zeichen, höchstens 120)", "/newevent &lt;Datum&gt;"}},
		{"/newevent 10.12.2026 19:00 | T | " + strings.Repeat("🍺", 201), []string{"Der Ort ist zu lang (201 Zeichen, höchstens 200)"}},
		{"/newevent 10.12.2026 19:00 | T | V | 0", []string{"„0“ ist keine gültige Platzzahl"}},
		{"/newevent 10.12.2026 19:00 | T | V | 99999999999999999999", []string{"ist keine gültige Platzzahl", "1 bis 10000"}},
		{"/newevent 01.01.1970 19:00 | T | V", []string{"liegt in der Vergangenheit"}},
		{"/newevent 31.12.9999 19:00 | T | V", []string{"mehr als drei Jahre in der Zukunft"}},
		{"/newevent 31.02.2027 19:00 | T | V", []string{de(text.NoSuchDay, 31, "Februar")}},
		{"/newevent 10.12.2026 19:00 | <b>T</b> | " + strings.Repeat("x", 5000), []string{"Der Ort ist zu lang"}},
		{"/rsvp ja +10", []string{"Höchstens 9 Begleitungen"}},
		{"/rsvp ja -1", []string{"„-1“ verstehe ich nicht"}},
		{"/rsvp ja 99999999999999999999", []string{"„99999999999999999999“ verstehe ich nicht", "/rsvp [ja|vielleicht|nein]"}},
		{"/editevent 1 capacity -5", []string{"„-5“ ist keine gültige Platzzahl"}},
		{"/editevent 1 title " + strings.Repeat("\u200fم", 121), []string{"Der Titel ist zu lang"}},
		{"/addspeaker 1 " + strings.Repeat("N", 81) + " | Thema", []string{"Der Name ist zu lang"}},
		{"/addspeaker 1 Jana | Thema | javascript:alert(1)", []string{"ist kein Link"}},
		{"/post " + strings.Repeat("p", 4001), []string{"Der Text ist zu lang (4001 Zeichen, höchstens 4000)"}},
		{"/schedule add 0 18 * * 1 | " + strings.Repeat("p", 4001), []string{"Der Text ist zu lang"}},
		{"/reminders 999999h", []string{"ist keine Vorlaufzeit"}},
		{"/timezone ../../etc/passwd", []string{"ist keine Zeitzone"}},
	}
	for _, tt := range tests {
		reply := h.say(h.group, h.olga, tt.command)
		mustContain(t, reply.Text, tt.want...)
	}
	// A party larger than all places is refused rather than left waiting
	// for places that can never come.
	mustContain(t, h.say(h.group, h.ben, "/rsvp ja +5").Text, "So viele Begleitungen passen nicht")
	h.idle()
	if after := h.snapshot(); after != stored {
		t.Errorf("refused input changed the stored state:\nbefore %s\nafter  %s", stored, after)
	}
}

// Names with HTML, Markdown, right-to-left marks and emoji are shown as
// typed, never as markup.
func TestStrangeNamesAreShownAsTyped(t *testing.T) {
	h := newHarness(t)
	ann := h.createAndAnnounce("10.12.2026 19:00 | Stammtisch | Café")
	names := []string{"<b>Bold</b> & co", "*Stern* _kursiv_ [x](http://e.org)", "\u200fمرحبا", "👩‍👩‍👧‍👦 Familie", strings.Repeat("Ü", 64)}
	for i, name := range names {
		h.pressButton(h.group.ID, h.fake.User(int64(200+i), name, "de"), ann, "Ich komme")
	}
	list := h.say(h.group, h.anna, "/attendees").Text
	mustContain(t, list, "&lt;b&gt;Bold&lt;/b&gt; &amp; co", "*Stern* _kursiv_ [x](http://e.org)", "\u200fمرحبا", "👩‍👩‍👧‍👦 Familie", strings.Repeat("Ü", 64))
}

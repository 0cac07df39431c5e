package bot_test

import (
	"strings"
	"testing"

	"github.com/meetupbot/meetupbot/bot/text"
)

// TestRepliesHaveNoGlitches sends the inputs that showed formatting
// artefacts, empty quotes and misread lead times, and checks the replies.
func TestRepliesHaveNoGlitches(t *testing.T) {
	h := newHarness(t)
	h.createAndAnnounce("10.12.2026 19:00 | Stammtisch | Café | 10")
	tests := []struct {
		from string
		text string
		want string
	}{
		{"olga", "/pin", de(text.NeedSwitch)},
		{"olga", "/pin vielleicht", de(text.BadSwitch, "vielleicht")},
		{"anna", "/remindme vielleicht", de(text.BadSwitch, "vielleicht")},
		{"olga", "/cancelevent", de(text.NeedEventRef)},
		{"olga", "/repeat", de(text.NeedEventRef)},
		{"olga", "/schedule remove", de(text.NeedPostRef)},
		{"olga", "/reminders 48h 3h", "2 Tage vorher und 3 Stunden vorher"},
		{"olga", "/editevent 1 kapazitaet 50", de(text.EventUpdated, 1, "Stammtisch")},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			from := h.anna
			if tt.from == "olga" {
				from = h.olga
			}
			reply := h.say(h.group, from, tt.text).Text
			mustContain(t, reply, tt.want)
			mustNotContain(t, reply, "%!", "„“", "“”")
		})
	}
	if ev, _ := h.db.Event(t.Context(), 1); ev.Capacity != 50 {
		t.Errorf("capacity after /editevent 1 kapazitaet 50: %d", ev.Capacity)
	}
	help := h.say(h.group, h.olga, "/help").Text
	if !strings.Contains(help, "titel|datum|zeit|ort") {
		t.Errorf("the German help does not name the German field names:\n%s", help)
	}
}

package bot_test

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/meetupbot/meetupbot/bot/text"
)

// TestUnchangedCardsAreNotEdited: settings that change nothing a card
// shows cost no edit.
func TestUnchangedCardsAreNotEdited(t *testing.T) {
	h := newHarness(t)
	h.createAndAnnounce("10.12.2026 19:00 | Stammtisch | Café | 10")
	before := len(h.fake.Calls("editMessageText"))
	h.say(h.group, h.olga, "/timezone Europe/Berlin")
	h.say(h.group, h.olga, "/language de")
	h.idle()
	if n := len(h.fake.Calls("editMessageText")) - before; n != 0 {
		t.Errorf("%d edits after settings that change nothing on the card", n)
	}
}

// TestOlderCopiesRetire: a second /next in a chat takes the buttons off the
// first copy, and later changes edit only the live copies.
func TestOlderCopiesRetire(t *testing.T) {
	h := newHarness(t)
	ann := h.createAndAnnounce("10.12.2026 19:00 | Stammtisch | Café | 10")
	first := h.say(h.group, h.anna, "/next")
	second := h.say(h.group, h.anna, "/next")
	h.idle()
	if old := h.message(h.group.ID, first.ID); len(old.Buttons) != 0 {
		t.Errorf("the older copy still has buttons: %+v", old.Buttons)
	}
	h.pressButton(h.group.ID, h.cem, second, "Ich komme")
	h.idle()
	h.awaitText(h.group.ID, second.ID, de(text.CardGoing, 1))
	h.awaitText(h.group.ID, ann.ID, de(text.CardGoing, 1))
	for _, c := range h.fake.Calls("editMessageText") {
		if c.Params.Get("message_id") == strconv.Itoa(first.ID) && c.Params.Get("reply_markup") != "" {
			t.Errorf("the retired copy was edited with buttons again")
		}
	}
}

// TestRepliesGoFirstInABusyGroup: while a burst of presses keeps the
// announcement's edits coming under Telegram's limits (enforced by the
// fake, scaled down in time), a member's command is answered without
// waiting behind them, and no limit is broken. The outbox's own tests
// check the order and the reserve exactly.
func TestRepliesGoFirstInABusyGroup(t *testing.T) {
	h := newHarness(t, func(h *harness) { h.cfg.Limits = scaledBotLimits })
	h.fake.EnforceLimits(scaledFakeLimits)
	ann := h.createAndAnnounce("10.12.2026 19:00 | Stammtisch | Café")
	for i := range 30 {
		u := h.fake.User(int64(200+i), fmt.Sprint("Gast", i), "de")
		h.fake.Press(h.group.ID, u, ann.ID, "r:1:y")
		if i == 20 {
			h.awaitText(h.group.ID, ann.ID, "dabei")
		}
	}
	asked := time.Now()
	reply := h.say(h.group, h.anna, "/events")
	answered := time.Time{}
	for _, c := range h.fake.Calls("sendMessage") {
		if c.Params.Get("reply_to_message_id") == strconv.Itoa(reply.ReplyTo) {
			answered = c.At
		}
	}
	edits := 0
	for _, c := range h.fake.Calls("editMessageText") {
		if c.At.After(asked) && c.At.Before(answered) {
			edits++
		}
	}
	if edits > 1 {
		t.Errorf("%d card edits went out between the command and its reply, want at most the one in flight", edits)
	}
	h.awaitText(h.group.ID, ann.ID, de(text.CardGoing, 30))
	if v := h.fake.Violations(); len(v) > 0 {
		t.Errorf("the bot broke Telegram's limits: %v", v)
	}
}

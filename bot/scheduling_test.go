package bot_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/meetupbot/meetupbot/bot/telegramtest"
	"github.com/meetupbot/meetupbot/bot/text"
)

// botMessagesWith lists the bot's messages in a chat that contain text.
func (h *harness) botMessagesWith(chatID int64, text string) []telegramtest.Message {
	var found []telegramtest.Message
	for _, m := range h.fake.BotMessages(chatID) {
		if strings.Contains(m.Text, text) {
			found = append(found, m)
		}
	}
	return found
}

// posts counts the bot's messages that are exactly text.
func (h *harness) posts(chatID int64, text string) int {
	n := 0
	for _, m := range h.fake.BotMessages(chatID) {
		if m.Text == text {
			n++
		}
	}
	return n
}

// expectCount checks how many of the bot's messages in chat contain text,
// after the bot had time to send what it would.
func (h *harness) expectCount(chatID int64, text string, want int) {
	h.t.Helper()
	h.idle()
	if got := h.botMessagesWith(chatID, text); len(got) != want {
		h.t.Errorf("chat %d has %d messages with %q, want %d: %+v", chatID, len(got), text, want, got)
	}
}

// The acceptance run: a meetup two days ahead is announced, the 24-hour
// reminder reaches the group and the members who started the bot, and the
// 2-hour reminder goes out exactly once though the bot was down at its time.
func TestMeetupIsAnnouncedAndRemindedOnceAcrossARestart(t *testing.T) {
	h := newHarness(t)
	h.say(h.fake.Private(h.anna), h.anna, "/start")
	h.say(h.fake.Private(h.cem), h.cem, "/start")
	start := time.Date(2026, 12, 3, 19, 0, 0, 0, berlin)

	reply := h.say(h.group, h.olga, "/newevent 03.12.2026 19:00 | Stammtisch | Café Central | 20")
	mustContain(t, reply.Text, "Meetup #1 angelegt", "Die Ankündigung geht gleich raus")
	ann := h.awaitBotMessage(h.group.ID, "📣 <b>Stammtisch</b>")
	if len(ann.Buttons) == 0 {
		t.Fatalf("announcement without buttons: %+v", ann)
	}
	h.pressButton(h.group.ID, h.anna, ann, "Ich komme")
	h.pressButton(h.group.ID, h.ben, ann, "Ich komme")
	h.pressButton(h.group.ID, h.cem, ann, "Vielleicht")
	h.awaitText(h.group.ID, ann.ID, "✅ 2 dabei · 🤔 1 vielleicht")

	h.clock.Set(start.Add(-24*time.Hour - time.Minute))
	h.expectCount(h.group.ID, "<b>Erinnerung:</b>", 0)

	h.clock.Set(start.Add(-24 * time.Hour))
	first := h.awaitBotMessage(h.group.ID, "<b>Erinnerung:</b>")
	mustContain(t, first.Text, "Stammtisch beginnt in 1 Tag", "Donnerstag, 3. Dezember 2026, 19:00 Uhr", "Café Central",
		"✅ 2 dabei · 🤔 1 vielleicht", "18 von 20 Plätzen frei", `href="https://t.me/meetup_test_bot?start=e1"`)
	if first.ReplyTo != ann.ID {
		t.Errorf("group reminder replies to %d, want the announcement %d", first.ReplyTo, ann.ID)
	}
	private := h.awaitBotMessage(h.anna.ID, "<b>Erinnerung:</b>")
	mustContain(t, private.Text, "Du hast zugesagt")
	if len(private.Buttons) != 1 || len(private.Buttons[0]) != 2 {
		t.Errorf("private reminder buttons = %+v, want confirm and cancel", private.Buttons)
	}
	mustContain(t, h.awaitBotMessage(h.cem.ID, "<b>Erinnerung:</b>").Text, "„vielleicht“")
	h.expectCount(h.ben.ID, "<b>Erinnerung:</b>", 0)

	h.stop()
	h.clock.Set(start.Add(-2 * time.Hour))
	h.start()
	second := h.awaitBotMessage(h.group.ID, "beginnt in 2 Stunden")
	if second.ReplyTo != ann.ID {
		t.Errorf("second reminder replies to %d, want %d", second.ReplyTo, ann.ID)
	}
	h.awaitBotMessage(h.anna.ID, "beginnt in 2 Stunden")
	h.restart()
	h.expectCount(h.group.ID, "<b>Erinnerung:</b>", 2)
	h.expectCount(h.anna.ID, "<b>Erinnerung:</b>", 2)
	h.expectCount(h.cem.ID, "<b>Erinnerung:</b>", 2)
}

func TestPrivateReminderButtonsAnswer(t *testing.T) {
	h := newHarness(t)
	h.say(h.fake.Private(h.anna), h.anna, "/start")
	ann := h.createAndAnnounce("03.12.2026 19:00 | Stammtisch | Café | 20")
	h.pressButton(h.group.ID, h.anna, ann, "Ich komme")
	h.clock.Set(time.Date(2026, 12, 2, 19, 0, 0, 0, berlin))
	reminder := h.awaitBotMessage(h.anna.ID, "<b>Erinnerung:</b>")

	toast := h.pressButton(h.anna.ID, h.anna, reminder, "Ich kann nicht")
	mustContain(t, toast.Text, "Du kommst nicht")
	h.awaitText(h.group.ID, ann.ID, "✅ 0 dabei")
}

// A member who blocked the bot gets a 403 from Telegram; the others still get
// their reminder, and the bot stops writing to that member.
func TestBlockedMemberBreaksNothing(t *testing.T) {
	h := newHarness(t)
	h.say(h.fake.Private(h.anna), h.anna, "/start")
	h.say(h.fake.Private(h.ben), h.ben, "/start")
	ann := h.createAndAnnounce("03.12.2026 19:00 | Stammtisch | Café | 20")
	h.pressButton(h.group.ID, h.anna, ann, "Ich komme")
	h.pressButton(h.group.ID, h.ben, ann, "Ich komme")
	h.fake.Block(h.ben)
	before := h.privateSends(h.ben.ID)

	h.clock.Set(time.Date(2026, 12, 2, 19, 0, 0, 0, berlin))
	h.awaitBotMessage(h.anna.ID, "<b>Erinnerung:</b>")
	h.awaitBotMessage(h.group.ID, "<b>Erinnerung:</b>")
	h.fake.Await(t, wait, "the member who blocked the bot to be marked unreachable", func() bool {
		m, err := h.db.Member(context.Background(), h.ben.ID)
		return err == nil && !m.Started
	})
	h.clock.Set(time.Date(2026, 12, 3, 17, 0, 0, 0, berlin))
	h.awaitBotMessage(h.group.ID, "beginnt in 2 Stunden")
	h.awaitBotMessage(h.anna.ID, "beginnt in 2 Stunden")
	h.idle()
	if calls := h.privateSends(h.ben.ID) - before; calls != 1 {
		t.Errorf("the bot tried %d times to write to the member who blocked it, want 1 (then it stops)", calls)
	}
}

// privateSends counts sendMessage calls to a member, answered or not.
func (h *harness) privateSends(userID int64) int {
	n := 0
	for _, c := range h.fake.Calls("sendMessage") {
		if c.Params.Get("chat_id") == strconv.FormatInt(userID, 10) {
			n++
		}
	}
	return n
}

func TestCancelledMeetupIsNotReminded(t *testing.T) {
	h := newHarness(t)
	h.createAndAnnounce("03.12.2026 19:00 | Stammtisch | Café | 20")
	h.fake.Send(h.group, h.olga, "/cancelevent 1 Raum fehlt")
	h.awaitBotMessage(h.group.ID, "ist abgesagt")
	h.clock.Set(time.Date(2026, 12, 3, 18, 0, 0, 0, berlin))
	h.expectCount(h.group.ID, "<b>Erinnerung:</b>", 0)
}

func TestMovedMeetupMovesItsReminders(t *testing.T) {
	h := newHarness(t)
	h.createAndAnnounce("03.12.2026 19:00 | Stammtisch | Café | 20")
	mustContain(t, h.say(h.group, h.olga, "/editevent 1 date 05.12.2026").Text, "beginnt jetzt Samstag, 5. Dezember 2026")
	h.clock.Set(time.Date(2026, 12, 2, 19, 0, 0, 0, berlin))
	h.expectCount(h.group.ID, "<b>Erinnerung:</b>", 0)
	h.clock.Set(time.Date(2026, 12, 4, 19, 0, 0, 0, berlin))
	mustContain(t, h.awaitBotMessage(h.group.ID, "<b>Erinnerung:</b>").Text, "Samstag, 5. Dezember 2026")
	h.expectCount(h.group.ID, "<b>Erinnerung:</b>", 1)
}

func TestAnnouncementLeadTime(t *testing.T) {
	h := newHarness(t)
	reply := h.say(h.group, h.olga, "/newevent 20.01.2027 19:00 | Neujahrs-Stammtisch | Café")
	mustContain(t, reply.Text, "Ich kündige es am Mi., 06.01.2027, 19:00 an")
	mustContain(t, h.say(h.group, h.olga, "/editevent 1 announce 7d").Text, "am Mi., 13.01.2027, 19:00 an")
	h.clock.Set(time.Date(2027, 1, 6, 19, 0, 0, 0, berlin))
	h.expectCount(h.group.ID, "📣 <b>Neujahrs-Stammtisch", 0)
	h.clock.Set(time.Date(2027, 1, 13, 19, 0, 0, 0, berlin))
	h.awaitBotMessage(h.group.ID, "📣 <b>Neujahrs-Stammtisch")

	h.say(h.group, h.olga, "/newevent 20.02.2027 19:00 | Februar | Café")
	mustContain(t, h.say(h.group, h.olga, "/editevent 2 announce never").Text, "nicht von selbst angekündigt")
	h.clock.Set(time.Date(2027, 2, 19, 19, 0, 0, 0, berlin))
	h.expectCount(h.group.ID, "📣 <b>Februar", 0)
	h.say(h.group, h.olga, "/editevent 2 announce now")
	h.awaitBotMessage(h.group.ID, "📣 <b>Februar")
	mustContain(t, h.say(h.group, h.olga, "/editevent 2 announce now").Text, "schon angekündigt")
	mustContain(t, h.say(h.group, h.olga, "/editevent 2 announce soon").Text, "„soon“ verstehe ich nicht", "/editevent &lt;Meetup&gt;")
}

func TestPinnedAnnouncement(t *testing.T) {
	h := newHarness(t)
	mustContain(t, h.say(h.group, h.olga, "/pin on").Text, "werden angeheftet")
	ann := h.createAndAnnounce("03.12.2026 19:00 | Stammtisch | Café")
	h.fake.Await(t, wait, "the announcement to be pinned", func() bool {
		id, _ := h.fake.Pinned(h.group.ID)
		return id == ann.ID
	})
	if _, silent := h.fake.Pinned(h.group.ID); !silent {
		t.Error("the announcement was pinned with a notification")
	}
	mustContain(t, h.say(h.group, h.olga, "/pin maybe").Text, de(text.BadSwitch, "maybe"))
	mustContain(t, h.say(h.group, h.anna, "/pin off").Text, "Organisator:innen")
	mustContain(t, h.say(h.group, h.olga, "/pin off").Text, "nicht mehr angeheftet")
}

func TestGroupReminderSettings(t *testing.T) {
	h := newHarness(t)
	mustContain(t, h.say(h.group, h.olga, "/reminders").Text, "1 Tag vorher und 2 Stunden vorher")
	mustContain(t, h.say(h.group, h.olga, "/reminders 3h 48h").Text, "2 Tage vorher und 3 Stunden vorher")
	mustContain(t, h.say(h.group, h.olga, "/reminders soon").Text, "„soon“ ist keine Vorlaufzeit", "/reminders 48h 3h")
	mustContain(t, h.say(h.group, h.olga, "/reminders 1h 2h 3h 4h 5h 6h").Text, "Höchstens 5 Erinnerungen")
	mustContain(t, h.say(h.group, h.olga, "/reminders").Text, "2 Tage vorher und 3 Stunden vorher")

	h.createAndAnnounce("05.12.2026 19:00 | Stammtisch | Café")
	h.clock.Set(time.Date(2026, 12, 3, 19, 0, 0, 0, berlin))
	mustContain(t, h.awaitBotMessage(h.group.ID, "<b>Erinnerung:</b>").Text, "beginnt in 2 Tagen")
	mustContain(t, h.say(h.group, h.olga, "/reminders off").Text, "keine Erinnerungen")
	h.clock.Set(time.Date(2026, 12, 5, 16, 0, 0, 0, berlin))
	h.expectCount(h.group.ID, "<b>Erinnerung:</b>", 1)
}

func TestRemindMeOff(t *testing.T) {
	h := newHarness(t)
	private := h.fake.Private(h.anna)
	mustContain(t, h.say(h.group, h.anna, "/remindme on").Text, "erst schreiben, wenn du mich startest", "https://t.me/meetup_test_bot")
	h.say(private, h.anna, "/start")
	mustContain(t, h.say(private, h.anna, "/remindme").Text, "Du bekommst private Erinnerungen")
	mustContain(t, h.say(private, h.anna, "/remindme off").Text, "Keine privaten Erinnerungen mehr")
	mustContain(t, h.say(private, h.anna, "/remindme vielleicht").Text, de(text.BadSwitch, "vielleicht"))

	ann := h.createAndAnnounce("03.12.2026 19:00 | Stammtisch | Café")
	h.pressButton(h.group.ID, h.anna, ann, "Ich komme")
	h.clock.Set(time.Date(2026, 12, 2, 19, 0, 0, 0, berlin))
	h.awaitBotMessage(h.group.ID, "<b>Erinnerung:</b>")
	h.expectCount(h.anna.ID, "<b>Erinnerung:</b>", 0)
}

func TestTimeZonePerGroup(t *testing.T) {
	h := newHarness(t)
	h.say(h.group, h.olga, "/newevent 03.12.2026 19:00 | Stammtisch | Café")
	mustContain(t, h.say(h.group, h.olga, "/timezone").Text, "Europe/Berlin")
	mustContain(t, h.say(h.group, h.olga, "/timezone Europe/London").Text, "nutzt jetzt die Zeitzone Europe/London")
	mustContain(t, h.say(h.group, h.anna, "/events").Text, "03.12.2026, 18:00")
	mustContain(t, h.say(h.group, h.olga, "/timezone Mars/Olympus").Text, "„Mars/Olympus“ ist keine Zeitzone")
	mustContain(t, h.say(h.group, h.olga, "/newevent 04.12.2026 19:00 | London | Pub").Text, "Freitag, 4. Dezember 2026, 19:00 Uhr")
	mustContain(t, h.say(h.group, h.olga, "/timezone Europe/Berlin").Text, "Europe/Berlin")
	mustContain(t, h.say(h.group, h.anna, "/events").Text, "03.12.2026, 19:00", "04.12.2026, 20:00")
}

func TestRecurringPosts(t *testing.T) {
	h := newHarness(t)
	// The group sees the organizer's text as typed: escaped HTML.
	const post = "Heute &lt;b&gt;Vorbereitung&lt;/b&gt;!"
	reply := h.say(h.group, h.olga, "/schedule add 0 18 * * 1 | Heute <b>Vorbereitung</b>!")
	mustContain(t, reply.Text, "Regelmäßiger Post 1 angelegt", "zuerst am Mo., 07.12.2026, 18:00")
	for _, bad := range []struct{ command, reason string }{
		{"/schedule add every monday | x", "„every monday“ ist kein gültiger Zeitplan (das sind keine fünf gültigen cron-Felder)"},
		{"/schedule add * * * * * | x", "öfter als einmal pro Stunde"},
		{"/schedule add TZ=UTC 0 9 * * * | x", de(text.SpecZone)},
		{"/schedule add 0 0 30 2 * | x", de(text.SpecNever)},
		{"/schedule add 0 18 * * 1", "Zeitplan und Text werden mit | getrennt"},
		{"/schedule add 0 18 * * 1 |", "Der Text fehlt"},
	} {
		mustContain(t, h.say(h.group, h.olga, bad.command).Text, "⚠️ ", bad.reason, "/schedule add &lt;cron&gt;")
	}
	mustContain(t, h.say(h.group, h.olga, "/schedule add every monday | x").Text, "etwa <code>0 18 * * 1</code> für montags 18 Uhr")
	mustContain(t, h.say(h.group, h.olga, "/schedule list").Text, "<code>0 18 * * 1</code>", "nächster: Mo., 07.12.2026, 18:00", "Heute &lt;b&gt;Vorbereitung&lt;/b&gt;!")

	h.clock.Set(time.Date(2026, 12, 7, 17, 59, 0, 0, berlin))
	h.idle()
	if n := h.posts(h.group.ID, post); n != 0 {
		t.Errorf("%d posts before their time", n)
	}
	h.clock.Set(time.Date(2026, 12, 7, 18, 0, 0, 0, berlin))
	h.fake.Await(t, wait, "the first weekly post", func() bool { return h.posts(h.group.ID, post) == 1 })
	h.restart()
	h.clock.Set(time.Date(2026, 12, 14, 18, 0, 0, 0, berlin))
	h.fake.Await(t, wait, "the second weekly post", func() bool { return h.posts(h.group.ID, post) == 2 })

	mustContain(t, h.say(h.group, h.olga, "/schedule remove 9").Text, "Diesen regelmäßigen Post gibt es nicht")
	mustContain(t, h.say(h.group, h.olga, "/schedule remove 1").Text, "gelöscht")
	h.clock.Set(time.Date(2026, 12, 21, 18, 0, 0, 0, berlin))
	h.idle()
	if n := h.posts(h.group.ID, post); n != 2 {
		t.Errorf("%d posts, want 2: none after removing it", n)
	}
	mustContain(t, h.say(h.group, h.olga, "/schedule list").Text, "keine regelmäßigen Posts")
}

// A post due while the bot was down goes out if it is only a little late
// and is dropped with a log line if it is stale.
func TestRecurringPostAfterDowntime(t *testing.T) {
	h := newHarness(t)
	h.say(h.group, h.olga, "/schedule add 0 18 * * * | Tagespost")
	h.stop()
	h.clock.Set(time.Date(2026, 12, 1, 18, 30, 0, 0, berlin))
	h.start()
	h.awaitBotMessage(h.group.ID, "Tagespost")
	h.stop()
	h.clock.Set(time.Date(2026, 12, 3, 12, 0, 0, 0, berlin))
	h.start()
	h.expectCount(h.group.ID, "Tagespost", 1)
	mustContain(t, h.logs.String(), "dropped a job that is no longer useful", "the bot was away when the post was due")
	h.clock.Set(time.Date(2026, 12, 3, 18, 0, 0, 0, berlin))
	h.fake.Await(t, wait, "the next daily post", func() bool { return len(h.botMessagesWith(h.group.ID, "Tagespost")) == 2 })
}

// In the night clocks fall back, 02:30 happens twice; a post at 02:30 goes
// out once. In the night they spring forward, 02:30 does not exist; the post
// goes out at 03:30 with a log line instead of vanishing.
func TestRecurringPostAcrossDaylightSaving(t *testing.T) {
	h := newHarness(t)
	h.clock.Set(time.Date(2027, 10, 30, 12, 0, 0, 0, berlin))
	h.say(h.group, h.olga, "/schedule add 30 2 * * 0 | Sonntagspost")
	firstRun := time.Date(2027, 10, 31, 2, 30, 0, 0, berlin)
	h.clock.Set(firstRun)
	h.awaitBotMessage(h.group.ID, "Sonntagspost")
	h.clock.Set(firstRun.Add(time.Hour))
	h.expectCount(h.group.ID, "Sonntagspost", 1)
	if _, offset := h.clock.Now().Zone(); offset != 3600 {
		t.Fatalf("test clock is not in the repeated hour: %v", h.clock.Now())
	}

	h.clock.Set(time.Date(2028, 3, 25, 12, 0, 0, 0, berlin))
	h.fake.Await(t, wait, "the missed posts to be dropped", func() bool {
		return strings.Contains(h.logs.String(), "the bot was away when the post was due")
	})
	h.clock.Set(time.Date(2028, 3, 26, 3, 30, 0, 0, berlin))
	h.fake.Await(t, wait, "the post in the skipped hour", func() bool { return len(h.botMessagesWith(h.group.ID, "Sonntagspost")) == 2 })
	mustContain(t, h.logs.String(), "skipped by daylight saving")
}

// The series run: a meetup repeating every 2 months on the 2nd
// Thursday gets its next occurrence on the right date once it is over, and
// that one is announced by the same lead time.
func TestSeriesCreatesTheNextOccurrence(t *testing.T) {
	h := newHarness(t)
	h.createAndAnnounce("10.12.2026 19:00 | Stammtisch | Café Central | 40")
	reply := h.say(h.group, h.olga, "/repeat 1 every 2 months on the 2nd thursday")
	mustContain(t, reply.Text, "wiederholt sich alle 2 Monate am 2. Donnerstag", "Nächster Termin: Do., 11.02.2027, 19:00")
	mustContain(t, h.say(h.group, h.anna, "/events").Text, "🔁 alle 2 Monate am 2. Donnerstag · danach: Do., 11.02.2027, 19:00")
	mustContain(t, h.say(h.group, h.olga, "/repeat 1 every fortnight").Text, "„every fortnight“ verstehe ich nicht", "monatlich am letzten Freitag")

	h.clock.Set(time.Date(2026, 12, 10, 19, 0, 0, 0, berlin))
	h.fake.Await(t, wait, "the next occurrence", func() bool { return strings.Contains(h.logs.String(), "series continued") })
	h.clock.Set(time.Date(2026, 12, 11, 9, 0, 0, 0, berlin))
	events := h.say(h.group, h.anna, "/events").Text
	mustContain(t, events, "#2</b> Stammtisch", "Do., 11.02.2027, 19:00", "Café Central", "0/40")

	h.clock.Set(time.Date(2027, 1, 28, 19, 0, 0, 0, berlin))
	ann := h.awaitBotMessage(h.group.ID, "Donnerstag, 11. Februar 2027")
	mustContain(t, ann.Text, "#2")
	h.restart()
	h.expectCount(h.group.ID, "Donnerstag, 11. Februar 2027", 1)

	mustContain(t, h.say(h.group, h.olga, "/repeat 2 off").Text, "wiederholt sich nicht mehr")
	h.clock.Set(time.Date(2027, 2, 12, 9, 0, 0, 0, berlin))
	h.idle()
	if strings.Contains(h.say(h.group, h.anna, "/events").Text, "#3") {
		t.Error("a stopped series created another meetup")
	}
}

// A reminder stored while Telegram fails is sent once when it is back, even
// across a restart in between.
func TestStoredReminderSurvivesRestart(t *testing.T) {
	h := newHarness(t)
	h.createAndAnnounce("03.12.2026 19:00 | Stammtisch | Café")
	h.fake.Fail("sendMessage", 500, "Internal Server Error")
	h.clock.Set(time.Date(2026, 12, 2, 19, 0, 0, 0, berlin))
	h.fake.Await(t, wait, "a failed attempt to send the reminder", func() bool {
		for _, c := range h.fake.Calls("sendMessage") {
			if strings.Contains(c.Params.Get("text"), "<b>Erinnerung:</b>") {
				return true
			}
		}
		return false
	})
	h.stop()
	h.fake.Heal()
	h.start()
	h.awaitBotMessage(h.group.ID, "<b>Erinnerung:</b>")
	h.restart()
	h.expectCount(h.group.ID, "<b>Erinnerung:</b>", 1)
}

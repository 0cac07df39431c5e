package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/app"
	"github.com/meetupbot/meetupbot/bot/text"
	"github.com/meetupbot/meetupbot/storage"
)

func TestPrivateChatsFindTheirGroup(t *testing.T) {
	h := newHarness(t)
	h.createAndAnnounce("10.12.2026 19:00 | Stammtisch | Café | 10")
	private := h.fake.Private(h.anna)

	welcome := h.say(private, h.anna, "/start")
	mustContain(t, welcome.Text, "Hallo Anna", "/rsvp")
	mustNotContain(t, welcome.Text, "/newevent")
	mustContain(t, h.say(private, h.anna, "/events").Text, "Ich kenne dich noch aus keiner Gruppe")
	// Not in the group: the meetup might as well not exist.
	mustContain(t, h.say(private, h.anna, "/rsvp 1").Text, de(text.NotYourMeetup))
	// In the group without ever writing there: Telegram confirms it.
	h.fake.Join(h.group.ID, h.anna)
	h.clock.Advance(time.Minute)
	mustContain(t, h.say(private, h.anna, "/rsvp 1").Text, de(text.ToastGoing, 1, 10))
	h.say(h.group, h.anna, "/help")
	mustContain(t, h.say(private, h.anna, "/events").Text, "#1</b> Stammtisch", "✅ 1/10")

	card := h.say(private, h.anna, "/next")
	mustContain(t, card.Text, "Stammtisch", "1 dabei")
	if got := h.pressButton(h.anna.ID, h.anna, card, "Vielleicht"); got.Text != de(text.ToastMaybe) {
		t.Errorf("private card press: %q", got.Text)
	}
	h.awaitText(h.anna.ID, card.ID, "0 dabei · 🤔 1 vielleicht")

	second := h.fake.Group(-1002, "Zweite Gruppe")
	h.fake.SetAdmins(second.ID, h.olga)
	h.say(second, h.anna, "/help")
	h.say(second, h.olga, "/newevent 11.12.2026 18:00 | Zweites Treffen | Bar")
	mustContain(t, h.say(second, h.olga, "/editevent 1 title Gekapert").Text, de(text.OtherGroup))
	picker := h.say(private, h.anna, "/events")
	mustContain(t, picker.Text, de(text.PickGroup))
	if len(picker.Buttons) != 2 {
		t.Fatalf("picker buttons = %+v, want one per group", picker.Buttons)
	}
	h.pressButton(h.anna.ID, h.anna, picker, "Zweite Gruppe")
	list := h.awaitBotMessage(h.anna.ID, "Zweites Treffen")
	mustContain(t, list.Text, "Kommende Meetups in Zweite Gruppe")
	if got := h.press(h.anna.ID, h.anna, picker.ID, picker.Buttons[0][0].Data); got.Text != de(text.ToastOutdated) {
		t.Errorf("pressing a used picker again: %q", got.Text)
	}
}

func TestPostFromPrivateChat(t *testing.T) {
	h := newHarness(t)
	private := h.fake.Private(h.olga)
	h.say(h.group, h.olga, "/help")
	mustContain(t, h.say(private, h.olga, "/post Heute <b>19 Uhr</b> & Sekt!").Text, "In „Social Media Stammtisch“ gepostet")
	post := h.awaitBotMessage(h.group.ID, "Sekt")
	if post.Text != "Heute &lt;b&gt;19 Uhr&lt;/b&gt; &amp; Sekt!" {
		t.Errorf("posted text = %q", post.Text)
	}
	cmd := h.fake.Send(h.group, h.olga, "/post Bis gleich")
	h.awaitBotMessage(h.group.ID, "Bis gleich")
	h.fake.Await(t, wait, "the /post command deleted", func() bool {
		m, _ := h.fake.Message(h.group.ID, cmd)
		return m.Deleted
	})
	mustContain(t, h.say(private, h.olga, "/post").Text, "Der Text fehlt")

	second := h.fake.Group(-1002, "Zweite Gruppe")
	h.fake.SetAdmins(second.ID, h.olga)
	h.say(second, h.olga, "/help")
	picker := h.say(private, h.olga, "/post Hallo zusammen")
	mustContain(t, picker.Text, de(text.PickGroup))
	h.pressButton(h.olga.ID, h.olga, picker, "Zweite Gruppe")
	h.awaitBotMessage(second.ID, "Hallo zusammen")
	h.idle()
	for _, m := range h.fake.BotMessages(h.group.ID) {
		if strings.Contains(m.Text, "Hallo zusammen") {
			t.Errorf("post meant for the second group appeared in the first")
		}
	}
}

// An organizer's formatting, as Telegram sends it beside the text, is what
// the group reads; the rest stays escaped.
func TestPostKeepsFormatting(t *testing.T) {
	h := newHarness(t)
	private := h.fake.Private(h.olga)
	h.say(h.group, h.olga, "/help")
	// Offsets count UTF-16 units, as Telegram does: 🍺 is two.
	msg := "/post 🍺 Heute 19 Uhr <Café> & mehr hier"
	h.fake.SendFormatted(private, h.olga, msg, []tgbotapi.MessageEntity{
		{Type: "bold", Offset: 9, Length: 12},
		{Type: "italic", Offset: 15, Length: 6},
		{Type: "text_link", Offset: 36, Length: 4, URL: "https://example.org/?a=1&b=2"},
	})
	post := h.awaitBotMessage(h.group.ID, "Heute")
	want := `🍺 <b>Heute <i>19 Uhr</i></b> &lt;Café&gt; &amp; mehr <a href="https://example.org/?a=1&amp;b=2">hier</a>`
	if post.Text != want || !post.HTML {
		t.Errorf("posted %q (HTML %v), want %q", post.Text, post.HTML, want)
	}
	mustContain(t, h.lastBotMessage(h.olga.ID).Text, de(text.Posted, "Social Media Stammtisch"))

	// In the group too, where the command itself is removed.
	id := h.fake.SendFormatted(h.group, h.olga, "/post Bis gleich!", []tgbotapi.MessageEntity{{Type: "strikethrough", Offset: 6, Length: 3}})
	if post := h.awaitBotMessage(h.group.ID, "gleich"); post.Text != "<s>Bis</s> gleich!" {
		t.Errorf("posted %q, want %q", post.Text, "<s>Bis</s> gleich!")
	}
	h.fake.Await(t, wait, "the /post command deleted", func() bool {
		m, _ := h.fake.Message(h.group.ID, id)
		return m.Deleted
	})
}

func TestLanguages(t *testing.T) {
	h := newHarness(t)
	ann := h.createAndAnnounce("10.12.2026 19:00 | Stammtisch | Café | 10")
	mustContain(t, h.say(h.group, h.olga, "/language en").Text, "I speak English here now.")
	h.awaitText(h.group.ID, ann.ID, "Thursday, 10 December 2026, 19:00")
	card := h.message(h.group.ID, ann.ID)
	if card.Buttons[0][0].Text != "✅ Going" {
		t.Errorf("buttons after /language en: %+v", card.Buttons)
	}
	mustContain(t, h.say(h.group, h.anna, "/events").Text, "Upcoming meetups", "Thu 10 Dec 2026, 19:00")
	mustContain(t, h.say(h.group, h.olga, "/language fr").Text, "“fr” is not a language I speak")

	ben := h.fake.Private(h.ben)
	mustContain(t, h.say(ben, h.ben, "/start").Text, "Hi Ben!")
	mustContain(t, h.say(ben, h.ben, "/language de").Text, de(text.LanguageSet))
	mustContain(t, h.say(ben, h.ben, "/help").Text, de(text.HelpMembers))

	h.restart()
	mustContain(t, h.say(h.group, h.anna, "/next").Text, "Thursday")
}

func TestUnknownCommandsAndText(t *testing.T) {
	h := newHarness(t)
	h.silent(h.group, h.anna, "/frobnicate")
	h.silent(h.group, h.anna, "hallo zusammen")
	h.silent(h.group, h.anna, "/rsvp@some_other_bot")
	// Privately, the answer is short, for organizers too, whose help is
	// long: what went wrong and where the commands are.
	h.seen(h.olga)
	for _, who := range []tgbotapi.User{h.anna, h.olga} {
		private := h.fake.Private(who)
		if got := h.say(private, who, "/frobnicate <x>").Text; got != de(text.UnknownCommand, "/frobnicate") {
			t.Errorf("%s: /frobnicate answered %q, want %q", who.FirstName, got, de(text.UnknownCommand, "/frobnicate"))
		}
		if got := h.say(private, who, "hallo").Text; got != de(text.NotACommand) {
			t.Errorf("%s: text answered %q, want %q", who.FirstName, got, de(text.NotACommand))
		}
	}
	mustContain(t, h.say(h.group, h.anna, "/events@meetup_test_bot").Text, "kein Meetup geplant")
	mustContain(t, h.say(h.group, h.anna, "/next now").Text, "Dieser Befehl braucht keine Angaben")
	mustContain(t, h.say(h.group, h.anna, "/attendees abc").Text, "„abc“ ist keine Meetup-Nummer", "/attendees [Meetup]")
}

func TestHelpShowsOrganizerCommandsToOrganizers(t *testing.T) {
	h := newHarness(t)
	member := h.say(h.group, h.anna, "/help")
	mustContain(t, member.Text, "/rsvp", "/attendees")
	mustNotContain(t, member.Text, "/newevent")
	organizer := h.say(h.group, h.olga, "/help")
	mustContain(t, organizer.Text, "Für Organisator:innen", "/newevent", "/cancelevent")
	mustContain(t, h.say(h.fake.Private(h.olga), h.olga, "/help").Text, "/newevent")
}

// TestCommandMenusAreRegistered reads the menus as each member's app
// would show them, resolved by the fake the way Telegram documents it.
func TestCommandMenusAreRegistered(t *testing.T) {
	h := newHarness(t)
	h.fake.Await(t, wait, "six setMyCommands calls", func() bool { return len(h.fake.Calls("setMyCommands")) >= 6 })
	for _, c := range h.fake.Calls("setMyCommands") {
		if c.Status != 200 {
			t.Errorf("setMyCommands answered %d", c.Status)
		}
	}
	for _, tc := range []struct {
		name      string
		chatID    int64
		who       tgbotapi.User
		want      []string
		wantNoCmd string
	}{
		{"an organizer in the group", h.group.ID, h.olga, []string{"newevent: " + text.T(meetupbot.German, text.Menu("newevent")), "rsvp: "}, ""},
		{"a member in the group", h.group.ID, h.anna, []string{"rsvp: " + text.T(meetupbot.German, text.Menu("rsvp"))}, "newevent"},
		{"an English member in the group", h.group.ID, h.ben, []string{"rsvp: " + text.T(meetupbot.English, text.Menu("rsvp"))}, "newevent"},
		{"an organizer privately", h.olga.ID, h.olga, []string{"rsvp: "}, "newevent"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var menu []string
			for _, c := range h.fake.Commands(tc.chatID, tc.who) {
				menu = append(menu, c.Command+": "+c.Description)
			}
			joined := strings.Join(menu, "\n")
			mustContain(t, joined, tc.want...)
			if tc.wantNoCmd != "" {
				mustNotContain(t, joined, tc.wantNoCmd+": ")
			}
		})
	}
}

func TestCommandMenuFailureDoesNotStopTheBot(t *testing.T) {
	h := newHarness(t)
	h.stop()
	h.fake.Fail("setMyCommands", 400, "Bad Request: BOT_COMMANDS_TOO_MUCH")
	h.restart()
	mustContain(t, h.say(h.group, h.anna, "/events").Text, "kein Meetup geplant")
	mustContain(t, h.logs.String(), "register command menu")
}

func TestOrganizerIDsWorkWithoutAdminList(t *testing.T) {
	h := newHarness(t)
	h.stop()
	h.cfg.OrganizerIDs = []int64{h.cem.ID}
	h.fake.Fail("getChatAdministrators", 500, "Internal Server Error")
	h.restart()
	mustContain(t, h.say(h.group, h.cem, "/newevent 10.12.2026 19:00 | Stammtisch | Café").Text, "Meetup #1 angelegt")
	mustContain(t, h.say(h.group, h.olga, "/cancelevent 1").Text, "Das dürfen nur Organisator:innen")
	mustContain(t, h.logs.String(), "cannot fetch group administrators")
	h.fake.Heal()
	h.clock.Set(h.clock.Now().Add(10 * time.Minute))
	h.fake.Send(h.group, h.olga, "/cancelevent 1")
	h.awaitBotMessage(h.group.ID, "ist abgesagt")
}

// panickingStore fails the way a bug would, for one event's attendee list.
type panickingStore struct {
	*storage.DB
}

func (s panickingStore) Attendees(ctx context.Context, eventID int64) ([]meetupbot.Attendee, error) {
	if eventID == 1 {
		panic("bug in attendees")
	}
	return s.DB.Attendees(ctx, eventID)
}

// A panic counts as a failure: the update is tried again, and given up.
func TestPanicInHandlerIsRecovered(t *testing.T) {
	h := newHarness(t)
	h.createAndAnnounce("10.12.2026 19:00 | Stammtisch | Café")
	h.wrap = func(db *storage.DB) app.Store { return panickingStore{db} }
	h.restart()
	h.silent(h.group, h.anna, "/attendees 1")
	mustContain(t, h.logs.String(), "gave up on an update", "tries=3", "panic: bug in attendees", "panickingStore.Attendees")
	mustContain(t, h.say(h.group, h.anna, "/speakers 1").Text, "Noch keine Vorträge")
}

func TestLongAttendeeListFitsOneMessage(t *testing.T) {
	h := newHarness(t)
	ann := h.createAndAnnounce("10.12.2026 19:00 | Stammtisch | Café | 300")
	long := strings.Repeat("W", 60)
	for i := range 400 {
		u := h.fake.User(int64(1000+i), long+"<&>"+"🙂", "de")
		h.fake.Press(h.group.ID, u, ann.ID, "r:1:y")
	}
	h.awaitText(h.group.ID, ann.ID, "300 dabei · 🤔 0 vielleicht · ⏳ 100 auf der Warteliste")
	list := h.say(h.group, h.anna, "/attendees")
	mustContain(t, list.Text, "Dabei (300)", "weitere", "300 dabei · 0 vielleicht · 100 wartend", "&lt;&amp;&gt;🙂")
}

// TestStopDoesNotWaitForTheLongPoll stops the bot while getUpdates waits for
// news: Run must return without waiting for the poll to time out.
func TestStopDoesNotWaitForTheLongPoll(t *testing.T) {
	h := newHarness(t)
	h.stop()
	h.cfg.PollTimeout = time.Minute
	h.start()
	mustContain(t, h.say(h.group, h.anna, "/events").Text, "kein Meetup geplant")
	// Confirming the update is the start of the next long poll.
	h.fake.Await(t, wait, "the bot polling again", h.fake.Confirmed)
	h.stop()
}

// batchPanickingStore fails while storing several presses at once, as a
// bug set off by one press of a batch would; presses stored one at a time
// go through.
type batchPanickingStore struct {
	*storage.DB
}

func (s batchPanickingStore) AnswerPresses(ctx context.Context, presses []meetupbot.Press, now time.Time, allow func(meetupbot.Event, meetupbot.Press) bool, nights meetupbot.Nights, notify meetupbot.Notify) ([]meetupbot.PressResult, error) {
	if len(presses) > 1 {
		panic("bug in the batch")
	}
	return s.DB.AnswerPresses(ctx, presses, now, allow, nights, notify)
}

// A batch of presses that cannot be stored as a whole is handled press by
// press: every press is still answered and counted.
func TestFailedBatchFallsBackToSinglePresses(t *testing.T) {
	h := newHarness(t)
	ann := h.createAndAnnounce("10.12.2026 19:00 | Stammtisch | Café")
	h.wrap = func(db *storage.DB) app.Store { return batchPanickingStore{db} }
	h.restart()
	var queries []string
	for i := range 5 {
		queries = append(queries, h.fake.Press(h.group.ID, h.fake.User(int64(300+i), "Gast", "de"), ann.ID, "r:1:y"))
	}
	h.fake.Await(t, wait, "every press answered", func() bool {
		for _, q := range queries {
			if a, ok := h.fake.Answer(q); !ok || !strings.Contains(a.Text, "Du bist dabei") {
				return false
			}
		}
		return true
	})
	h.awaitText(h.group.ID, ann.ID, "✅ 5 dabei")
	mustContain(t, h.logs.String(), "panic while storing a batch of presses", "handling them one by one")
}

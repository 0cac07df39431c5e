package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/input"
	"github.com/meetupbot/meetupbot/bot/telegramtest"
	"github.com/meetupbot/meetupbot/bot/text"
)

// lastBotMessage is the newest message of the bot in a chat, once the bot
// is idle.
func (h *harness) lastBotMessage(chatID int64) telegramtest.Message {
	h.t.Helper()
	h.idle()
	messages := h.fake.BotMessages(chatID)
	if len(messages) == 0 {
		h.t.Fatalf("the bot wrote nothing in chat %d", chatID)
	}
	return messages[len(messages)-1]
}

// answer writes text in a member's private chat and returns the bot's
// next question (or whatever it says last).
func (h *harness) answer(from tgbotapi.User, text string) telegramtest.Message {
	h.t.Helper()
	h.fake.Send(h.fake.Private(from), from, text)
	return h.lastBotMessage(from.ID)
}

// guided sends /newevent privately as from and answers its questions in
// turn; it returns the bot's last message, the preview once all four are
// answered.
func (h *harness) guided(from tgbotapi.User, answers ...string) telegramtest.Message {
	h.t.Helper()
	m := h.say(h.fake.Private(from), from, "/newevent")
	for _, a := range answers {
		m = h.answer(from, a)
	}
	return m
}

// choose presses a button of a private message and returns the bot's last
// message after it.
func (h *harness) choose(from tgbotapi.User, m telegramtest.Message, label string) telegramtest.Message {
	h.t.Helper()
	if toast := h.pressButton(from.ID, from, m, label); toast.Text != "" {
		h.t.Errorf("pressing %q answered %q, want a silent answer", label, toast.Text)
	}
	return h.lastBotMessage(from.ID)
}

func buttonLabels(m telegramtest.Message) []string {
	var labels []string
	for _, row := range m.Buttons {
		for _, b := range row {
			labels = append(labels, b.Text)
		}
	}
	return labels
}

// seen makes the bot meet members in the group, as any chat there does,
// so their private commands find it.
func (h *harness) seen(users ...tgbotapi.User) {
	h.t.Helper()
	for _, u := range users {
		h.fake.Send(h.group, u, "Hallo")
	}
	h.idle()
}

// events lists a group's meetups as stored.
func (h *harness) events(groupID int64) []meetupbot.Event {
	h.t.Helper()
	h.idle()
	events, err := h.db.Events(context.Background(), groupID, time.Time{})
	if err != nil {
		h.t.Fatalf("list events: %v", err)
	}
	return events
}

func TestGuidedCreationFromTheGroup(t *testing.T) {
	h := newHarness(t)
	reply := h.say(h.group, h.olga, "/newevent")
	mustContain(t, reply.Text, de(text.DraftInGroup))
	if len(reply.Buttons) != 1 || reply.Buttons[0][0].URL != "https://t.me/"+h.fake.BotUser().UserName+"?start="+input.DraftPayload {
		t.Fatalf("group reply buttons = %+v, want one link to the private chat", reply.Buttons)
	}
	if messages := h.fake.BotMessages(h.olga.ID); len(messages) != 0 {
		t.Fatalf("the bot wrote privately to an organizer who never started it: %+v", messages)
	}

	// The link opens the private chat with "/start new".
	q := h.answer(h.olga, "/start "+input.DraftPayload)
	mustContain(t, q.Text, de(text.DraftResumed, "Social Media Stammtisch"), de(text.DraftAskWhen), de(text.DraftStepOf, 1, 4))
	if len(q.Buttons) != 0 {
		t.Errorf("a group without meetups got date suggestions: %v", buttonLabels(q))
	}
	q = h.answer(h.olga, "10.12. 19 Uhr")
	mustContain(t, q.Text, de(text.DraftAskTitle), de(text.DraftStepOf, 2, 4))
	q = h.answer(h.olga, "Social Media Stammtisch")
	mustContain(t, q.Text, de(text.DraftAskVenue))
	q = h.answer(h.olga, "Unperfekthaus <Essen>")
	mustContain(t, q.Text, de(text.DraftAskPlaces), de(text.DraftStepOf, 4, 4))
	if got := buttonLabels(q); len(got) != 1 || got[0] != de(text.OfferNoLimit) {
		t.Errorf("places offered %v, want only %q", got, de(text.OfferNoLimit))
	}
	question := q
	preview := h.choose(h.olga, q, de(text.OfferNoLimit))
	if m := h.message(h.olga.ID, question.ID); len(m.Buttons) != 0 || !strings.Contains(m.Text, "→ <b>"+de(text.OfferNoLimit)+"</b>") {
		t.Errorf("the answered question shows %q with buttons %v, want the answer and no buttons", m.Text, buttonLabels(m))
	}
	mustContain(t, preview.Text, de(text.DraftPreview, "Social Media Stammtisch"), "📣 <b>Social Media Stammtisch</b>",
		"Donnerstag, 10. Dezember 2026, 19:00 Uhr", "📍 Unperfekthaus &lt;Essen&gt;", de(text.CardUnlimited))
	if len(h.events(h.group.ID)) != 0 {
		t.Fatal("a meetup exists before the preview was confirmed")
	}

	done := h.choose(h.olga, preview, de(text.BtnCreate))
	if done.ID != preview.ID {
		t.Errorf("creation sent message %d, want the preview %d turned into the confirmation", done.ID, preview.ID)
	}
	mustContain(t, done.Text, de(text.EventCreated, 1, "Social Media Stammtisch", "Donnerstag, 10. Dezember 2026, 19:00 Uhr"), de(text.PlanNow))
	if len(done.Buttons) != 0 {
		t.Errorf("the confirmation kept buttons: %v", buttonLabels(done))
	}
	events := h.events(h.group.ID)
	if len(events) != 1 {
		t.Fatalf("%d meetups stored, want 1", len(events))
	}
	ev := events[0]
	want := time.Date(2026, 12, 10, 19, 0, 0, 0, berlin)
	if !ev.Start.Equal(want) || ev.Title != "Social Media Stammtisch" || ev.Venue != "Unperfekthaus <Essen>" || ev.Capacity != 0 || ev.CreatedBy != h.olga.ID {
		t.Errorf("stored %+v, want the answers given", ev)
	}
	ann := h.awaitBotMessage(h.group.ID, "📣 <b>Social Media Stammtisch</b>")
	mustContain(t, ann.Text, "📍 Unperfekthaus &lt;Essen&gt;", "#1")
	if len(ann.Buttons) == 0 {
		t.Error("the announcement has no answer buttons")
	}

	// Text after the meetup is created is no answer to anything.
	mustContain(t, h.answer(h.olga, "noch was").Text, de(text.NotACommand))

	// Now that Olga has started the bot, the first question follows her
	// /newevent into the private chat by itself.
	mustContain(t, h.say(h.group, h.olga, "/newevent").Text, de(text.DraftInGroup))
	mustContain(t, h.lastBotMessage(h.olga.ID).Text, de(text.DraftStart, "Social Media Stammtisch"), de(text.DraftAskWhen))
}

func TestGuidedCreationInTheReadersLanguage(t *testing.T) {
	h := newHarness(t)
	h.fake.SetAdmins(h.group.ID, h.olga, h.ben)
	h.seen(h.ben)
	private := h.fake.Private(h.ben)
	q := h.say(private, h.ben, "/newevent")
	mustContain(t, q.Text, text.T(meetupbot.English, text.DraftAskWhen))
	h.answer(h.ben, "Thu 10 Dec 7pm")
	h.answer(h.ben, "Stammtisch")
	h.answer(h.ben, "Café")
	preview := h.answer(h.ben, "no limit")
	// Ben reads English; the announcement he previews is the group's, in German.
	mustContain(t, preview.Text, text.T(meetupbot.English, text.DraftAllRight), "Donnerstag, 10. Dezember 2026, 19:00 Uhr", de(text.CardUnlimited))
}

func TestGuidedCreationOffersWhatTheGroupDidBefore(t *testing.T) {
	h := newHarness(t)
	h.createAndAnnounce("3.12. 19:00 | Social Media Stammtisch | Unperfekthaus | 40")
	private := h.fake.Private(h.olga)
	q := h.say(private, h.olga, "/newevent")
	mustContain(t, q.Text, de(text.DraftStart, "Social Media Stammtisch"), de(text.DraftAskWhen))
	// One meetup so far: the same weekday and time in the coming week.
	if got := buttonLabels(q); len(got) != 1 || got[0] != "Do., 10.12.2026, 19:00" {
		t.Fatalf("dates offered %v, want the coming Thursday at 19:00", got)
	}
	q = h.choose(h.olga, q, "Do., 10.12.2026, 19:00")
	q = h.choose(h.olga, q, de(text.OfferAsLast, "Social Media Stammtisch"))
	q = h.choose(h.olga, q, de(text.OfferAsLast, "Unperfekthaus"))
	if got := buttonLabels(q); len(got) != 2 || got[0] != de(text.OfferAsLast, "40 Plätze") {
		t.Errorf("places offered %v, want the last count first", got)
	}
	preview := h.choose(h.olga, q, de(text.OfferAsLast, "40 Plätze"))
	mustContain(t, preview.Text, "Donnerstag, 10. Dezember 2026, 19:00 Uhr", "📍 Unperfekthaus", de(text.CardFree, 40, 40))
	mustNotContain(t, preview.Text, "⚠️")
	h.choose(h.olga, preview, de(text.BtnCreate))

	// With two meetups a week apart, the rhythm is offered first.
	q = h.say(private, h.olga, "/newevent")
	if got := buttonLabels(q); len(got) == 0 || got[0] != "Do., 17.12.2026, 19:00" {
		t.Fatalf("dates offered %v, want the weekly rhythm: Thursday 17 December", got)
	}
	// The same evening as an existing meetup with the same title is
	// pointed out in the preview.
	for _, a := range []string{"10.12. 20 Uhr", "social media stammtisch", "Unperfekthaus", "40"} {
		preview = h.answer(h.olga, a)
	}
	mustContain(t, preview.Text, de(text.DraftTwin, 2, "Social Media Stammtisch", "Do., 10.12.2026, 19:00"))
}

func TestGuidedCreationRefusesBadAnswersAndCanChange(t *testing.T) {
	h := newHarness(t)
	h.seen(h.olga)
	private := h.fake.Private(h.olga)
	h.say(private, h.olga, "/newevent")
	tests := []struct{ answer, want string }{
		{"31.02. 19 Uhr", de(text.NoSuchDay, 31, "Februar")},
		{"31.02.", de(text.NoSuchDay, 31, "Februar")},
		{"Mi 10.12.", de(text.WrongWeekday, "Mi", "10.12.", "Donnerstag")},
		{"10.12.", de(text.MissingTime)},
		{"1.12.2026 9:00", de(text.DateInPast, "Di., 01.12.2026, 09:00")},
		{"gestern 19 Uhr", de(text.DateInPast, "Mo., 30.11.2026, 19:00")},
		{"", de(text.MissingDate)},
	}
	for _, tt := range tests {
		q := h.answer(h.olga, tt.answer)
		mustContain(t, q.Text, tt.want, de(text.DraftAskWhen))
	}
	mustContain(t, h.answer(h.olga, "Mi 18h").Text, de(text.DraftAskTitle))
	mustContain(t, h.answer(h.olga, strings.Repeat("x", 121)).Text, de(text.TooLong, de(text.FieldTitle), 121, 120), de(text.DraftAskTitle))
	h.answer(h.olga, "Stammtisch")
	h.answer(h.olga, "Café")
	mustContain(t, h.answer(h.olga, "viele").Text, de(text.BadCapacity, "viele", meetupbot.MaxCapacity), de(text.DraftAskPlaces))
	preview := h.answer(h.olga, "ohne Limit")
	mustContain(t, preview.Text, de(text.DraftPreview, "Social Media Stammtisch"), "Mittwoch, 2. Dezember 2026, 18:00 Uhr")

	// Text at the preview shows it again; the old one loses its buttons.
	again := h.answer(h.olga, "hm?")
	if again.ID == preview.ID || len(again.Buttons) == 0 || len(h.message(h.olga.ID, preview.ID).Buttons) != 0 {
		t.Errorf("text at the preview: new preview %d with %v, old one keeps %v", again.ID, buttonLabels(again), buttonLabels(h.message(h.olga.ID, preview.ID)))
	}
	h.pressButton(h.olga.ID, h.olga, again, de(text.BtnChange))
	h.idle()
	choices := h.message(h.olga.ID, again.ID)
	mustContain(t, strings.Join(buttonLabels(choices), " "), de(text.BtnWhen), de(text.BtnVenue), de(text.BtnBack))
	h.pressButton(h.olga.ID, h.olga, choices, de(text.BtnBack))
	h.idle()
	choices = h.message(h.olga.ID, again.ID)
	mustContain(t, strings.Join(buttonLabels(choices), " "), de(text.BtnCreate))
	h.pressButton(h.olga.ID, h.olga, choices, de(text.BtnChange))
	h.idle()
	q := h.choose(h.olga, h.message(h.olga.ID, again.ID), de(text.BtnVenue))
	mustContain(t, q.Text, de(text.DraftAskVenue), de(text.DraftCancelHint))
	mustNotContain(t, q.Text, de(text.DraftStepOf, 3, 4))
	preview = h.answer(h.olga, "Werkstatt")
	mustContain(t, preview.Text, "📍 Werkstatt", "Stammtisch")
	h.choose(h.olga, preview, de(text.BtnCreate))
	if events := h.events(h.group.ID); len(events) != 1 || events[0].Venue != "Werkstatt" || events[0].Title != "Stammtisch" {
		t.Errorf("stored %+v, want one meetup at the changed venue", events)
	}
}

func TestGuidedCreationCancel(t *testing.T) {
	h := newHarness(t)
	h.seen(h.olga)
	private := h.fake.Private(h.olga)
	mustContain(t, h.say(private, h.olga, "/cancel").Text, de(text.NothingToCancel))
	h.guided(h.olga, "10.12. 19 Uhr")
	mustContain(t, h.say(private, h.olga, "/cancel").Text, de(text.DraftCancelled))
	mustContain(t, h.answer(h.olga, "Stammtisch").Text, de(text.NotACommand))

	// Stop on the preview, and a press of the dead preview afterwards.
	preview := h.guided(h.olga, "10.12. 19 Uhr", "Stammtisch", "Café", "20")
	stopped := h.choose(h.olga, preview, de(text.BtnStop))
	mustContain(t, stopped.Text, de(text.DraftCancelled))
	if toast := h.press(h.olga.ID, h.olga, preview.ID, preview.Buttons[0][0].Data); toast.Text != de(text.ToastOutdated) {
		t.Errorf("pressing create after stop answered %q, want %q", toast.Text, de(text.ToastOutdated))
	}
	if events := h.events(h.group.ID); len(events) != 0 {
		t.Errorf("%d meetups after cancelling, want none", len(events))
	}
	// /cancel in the group, with nothing to cancel, may be for another bot.
	h.silent(h.group, h.olga, "/cancel")
}

func TestGuidedCreationSurvivesRestart(t *testing.T) {
	h := newHarness(t)
	h.seen(h.olga)
	h.guided(h.olga, "10.12. 19 Uhr", "Stammtisch")
	h.restart()
	q := h.answer(h.olga, "Unperfekthaus")
	mustContain(t, q.Text, de(text.DraftAskPlaces))
	h.restart()
	preview := h.answer(h.olga, "45")
	h.restart()
	h.choose(h.olga, preview, de(text.BtnCreate))
	events := h.events(h.group.ID)
	if len(events) != 1 || events[0].Title != "Stammtisch" || events[0].Venue != "Unperfekthaus" || events[0].Capacity != 45 {
		t.Fatalf("stored %+v, want the meetup answered across restarts", events)
	}
	// A second press of the same preview, as after a crash before the
	// answer went out, creates nothing more.
	if toast := h.press(h.olga.ID, h.olga, preview.ID, preview.Buttons[0][0].Data); toast.Text != de(text.ToastOutdated) {
		t.Errorf("second press of create answered %q, want %q", toast.Text, de(text.ToastOutdated))
	}
	if n := len(h.events(h.group.ID)); n != 1 {
		t.Errorf("%d meetups after pressing create twice, want 1", n)
	}
}

func TestGuidedCreationTwoOrganizersAtOnce(t *testing.T) {
	h := newHarness(t)
	h.fake.SetAdmins(h.group.ID, h.olga, h.cem)
	h.seen(h.olga, h.cem)
	olga, cem := h.fake.Private(h.olga), h.fake.Private(h.cem)
	h.say(olga, h.olga, "/newevent")
	h.say(cem, h.cem, "/newevent")
	for _, step := range [][2]string{{"10.12. 19 Uhr", "11.12. 18 Uhr"}, {"Stammtisch", "Workshop"}, {"Unperfekthaus", "Werkstatt"}} {
		h.fake.Send(olga, h.olga, step[0])
		h.fake.Send(cem, h.cem, step[1])
	}
	h.fake.Send(olga, h.olga, "30")
	h.fake.Send(cem, h.cem, "12")
	h.choose(h.cem, h.lastBotMessage(h.cem.ID), de(text.BtnCreate))
	h.choose(h.olga, h.lastBotMessage(h.olga.ID), de(text.BtnCreate))
	events := h.events(h.group.ID)
	if len(events) != 2 {
		t.Fatalf("%d meetups, want 2", len(events))
	}
	got := map[string]meetupbot.Event{}
	for _, ev := range events {
		got[ev.Title] = ev
	}
	if ev := got["Stammtisch"]; ev.Venue != "Unperfekthaus" || ev.Capacity != 30 || ev.CreatedBy != h.olga.ID || ev.Start.Day() != 10 {
		t.Errorf("Olga's meetup = %+v", ev)
	}
	if ev := got["Workshop"]; ev.Venue != "Werkstatt" || ev.Capacity != 12 || ev.CreatedBy != h.cem.ID || ev.Start.Day() != 11 {
		t.Errorf("Cem's meetup = %+v", ev)
	}
}

func TestGuidedCreationRefusals(t *testing.T) {
	h := newHarness(t)
	// Members who do not organize get the usual refusal.
	mustContain(t, h.say(h.group, h.anna, "/newevent").Text, de(text.OrganizersOnly))
	// An anonymous admin has no private chat to be asked in.
	id := h.fake.SendAsChat(h.group, telegramtest.AnonymousAdmin, h.group, "/newevent")
	h.idle()
	mustContain(t, lastReplyTo(h, h.group.ID, id), de(text.DraftAnonymous), "/newevent &lt;Datum&gt;")

	// A forged draft button in someone else's chat does nothing.
	h.seen(h.olga)
	private := h.fake.Private(h.olga)
	q := h.say(private, h.olga, "/newevent")
	data := input.DraftData(input.DraftChoice{Seq: 1, Step: meetupbot.StepPreview, Action: input.DraftCreate})
	annaChat := h.fake.Private(h.anna)
	prompt := h.say(annaChat, h.anna, "/help")
	if toast := h.press(annaChat.ID, h.anna, prompt.ID, data); toast.Text != de(text.ToastOutdated) {
		t.Errorf("forged press answered %q, want %q", toast.Text, de(text.ToastOutdated))
	}
	// A draft untouched for a day is dropped, not answered.
	h.clock.Advance(meetupbot.DraftIdle + time.Minute)
	mustContain(t, h.answer(h.olga, "10.12. 19 Uhr").Text, de(text.DraftExpired, "Social Media Stammtisch"))
	if toast := h.press(h.olga.ID, h.olga, q.ID, data); toast.Text != de(text.ToastOutdated) {
		t.Errorf("press on an expired draft answered %q", toast.Text)
	}

	// Someone who stops organizing before pressing create creates nothing.
	preview := h.guided(h.olga, "10.12. 19 Uhr", "Stammtisch", "Café", "20")
	h.fake.SetAdmins(h.group.ID, h.cem)
	h.clock.Advance(10 * time.Minute)
	done := h.choose(h.olga, preview, de(text.BtnCreate))
	mustContain(t, done.Text, de(text.DraftNoLonger, "Social Media Stammtisch"))
	if n := len(h.events(h.group.ID)); n != 0 {
		t.Errorf("%d meetups created by a former organizer", n)
	}
}

func TestMyDataShowsDraft(t *testing.T) {
	h := newHarness(t)
	h.seen(h.olga)
	private := h.fake.Private(h.olga)
	h.guided(h.olga, "10.12. 19 Uhr", "Stammtisch <b>")
	mustContain(t, h.say(private, h.olga, "/mydata").Text, de(text.DataDraft, "Social Media Stammtisch", "Do., 10.12.2026, 19:00 · Stammtisch &lt;b&gt;"))
	h.say(private, h.olga, "/forgetme")
	h.pressButton(private.ID, h.olga, h.lastBotMessage(private.ID), de(text.BtnForget))
	h.idle()
	if d, err := h.db.Draft(context.Background(), h.olga.ID); err != nil || d.Seq != 0 {
		t.Errorf("draft after /forgetme = %+v, %v; want none", d, err)
	}
}

// An organizer sent to the private chat by /newevent may open it by hand
// and press Start instead of following the link: Start shows the question
// waiting, with its buttons, not the help, and the next text answers it.
func TestStartShowsTheWaitingQuestion(t *testing.T) {
	h := newHarness(t)
	mustContain(t, h.say(h.group, h.olga, "/newevent").Text, de(text.DraftInGroup))
	q := h.answer(h.olga, "/start")
	mustContain(t, q.Text, de(text.DraftResumed, "Social Media Stammtisch"), de(text.DraftAskWhen), de(text.DraftStepOf, 1, 4))
	mustNotContain(t, q.Text, de(text.HelpMembers))
	mustContain(t, h.answer(h.olga, "10.12. 19 Uhr").Text, de(text.DraftAskTitle))
	h.answer(h.olga, "Stammtisch")
	question := h.answer(h.olga, "Café")
	mustContain(t, question.Text, de(text.DraftAskPlaces))

	again := h.answer(h.olga, "/start")
	if again.ID == question.ID || !strings.HasSuffix(again.Text, question.Text) ||
		strings.Join(buttonLabels(again), "|") != strings.Join(buttonLabels(question), "|") || len(again.Buttons) == 0 {
		t.Errorf("Start showed %q with %v, want the waiting question %q with %v", again.Text, buttonLabels(again), question.Text, buttonLabels(question))
	}
	if old := h.message(h.olga.ID, question.ID); len(old.Buttons) != 0 {
		t.Errorf("the question asked before Start keeps its buttons %v", buttonLabels(old))
	}
	preview := h.choose(h.olga, again, de(text.OfferNoLimit))
	mustContain(t, preview.Text, de(text.DraftPreview, "Social Media Stammtisch"), "📣 <b>Stammtisch</b>", "📍 Café")

	// Without a draft, Start greets as before.
	h.choose(h.olga, preview, de(text.BtnCreate))
	mustContain(t, h.answer(h.olga, "/start").Text, de(text.Welcome, h.olga.FirstName), de(text.HelpMembers))
}

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

// awaitButton waits for a bot message in a chat with a button labelled so.
func (h *harness) awaitButton(chatID int64, label string) telegramtest.Message {
	h.t.Helper()
	var found telegramtest.Message
	h.fake.Await(h.t, wait, "a message with the button "+label, func() bool {
		for _, m := range h.fake.BotMessages(chatID) {
			for _, l := range buttonLabels(m) {
				if l == label {
					found = m
					return true
				}
			}
		}
		return false
	})
	return found
}

// en is a text as English members read it.
func en(key text.Key, args ...any) string { return text.T(meetupbot.English, key, args...) }

// isCard reports whether a message is a proposal card: it opens with the
// card's heading up to the proposal's number, in either language.
func isCard(m telegramtest.Message) bool {
	for _, lang := range []meetupbot.Lang{meetupbot.German, meetupbot.English} {
		heading, _, _ := strings.Cut(text.T(lang, text.ProposalCard, "\x00", "", "", "", ""), "\x00")
		if strings.HasPrefix(m.Text, heading+"🎤") {
			return true
		}
	}
	return false
}

// card is the newest proposal card in an organizer's private chat.
func (h *harness) card(organizerID int64) telegramtest.Message {
	h.t.Helper()
	h.idle()
	var card telegramtest.Message
	for _, m := range h.fake.BotMessages(organizerID) {
		if isCard(m) {
			card = m
		}
	}
	if card.ID == 0 {
		h.t.Fatalf("no proposal card in chat %d", organizerID)
	}
	return card
}

// withTwoOrganizers makes Cem an admin too; both organizers have started
// the bot, as organizers who want proposals do.
func withTwoOrganizers(h *harness) {
	h.fake.SetAdmins(h.group.ID, h.olga, h.cem)
}

func TestProposeInBothWaysAndDecide(t *testing.T) {
	h := newHarness(t, withTwoOrganizers)
	h.seen(h.olga, h.cem, h.anna, h.ben)
	h.say(h.fake.Private(h.olga), h.olga, "/start")
	h.say(h.fake.Private(h.cem), h.cem, "/start")
	ann := h.createAndAnnounce("10.12. 19:00 | Stammtisch | Café | 40")

	// In the group, /propose points to the private chat.
	reply := h.say(h.group, h.anna, "/propose")
	mustContain(t, reply.Text, de(text.ProposeInGroup))
	if len(reply.Buttons) != 1 || !strings.HasSuffix(reply.Buttons[0][0].URL, "?start="+input.ProposePayload) {
		t.Errorf("group reply buttons %+v", reply.Buttons)
	}
	// Anna follows the link and answers three questions.
	q := h.startFrom(h.anna, reply.Buttons[0][0].URL)
	mustContain(t, q.Text, de(text.DraftProposeStart, "Social Media Stammtisch"), de(text.DraftAskTopic), de(text.DraftStepOf, 1, 3))
	mustContain(t, h.answer(h.anna, "Reels für Vereine").Text, de(text.DraftAskAbstract))
	linkQ := h.answer(h.anna, "Wie kleine Vereine mit kurzen Videos <wachsen>.")
	mustContain(t, linkQ.Text, de(text.DraftAskLink))
	receipt := h.choose(h.anna, linkQ, de(text.OfferNoLink))
	mustContain(t, receipt.Text, de(text.ProposalReceived, "🎤1", "Reels für Vereine"))

	// Both organizers get the card with the choices.
	for _, id := range []int64{h.olga.ID, h.cem.ID} {
		card := h.card(id)
		mustContain(t, card.Text, "Reels für Vereine", "Wie kleine Vereine mit kurzen Videos &lt;wachsen&gt;.", `tg://user?id=2`)
		if got := strings.Join(buttonLabels(card), "|"); got != de(text.BtnAcceptFor, 1, "Do., 10.12.2026")+"|"+de(text.BtnReserve)+"|"+de(text.BtnDecline) {
			t.Errorf("card buttons %q", got)
		}
	}

	// Both decide at once: Olga accepts it for #1, Cem puts it in reserve.
	olgaCard, cemCard := h.card(h.olga.ID), h.card(h.cem.ID)
	olgaPress := h.fake.Press(h.olga.ID, h.olga, olgaCard.ID, olgaCard.Buttons[0][0].Data)
	cemPress := h.fake.Press(h.cem.ID, h.cem, cemCard.ID, cemCard.Buttons[1][0].Data)
	h.idle()
	olgaToast, _ := h.fake.Answer(olgaPress)
	cemToast, _ := h.fake.Answer(cemPress)
	talk, err := h.db.Talk(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case olgaToast.Text == "" && cemToast.Text == de(text.AlreadyDecided):
		if talk.State != meetupbot.TalkScheduled || talk.EventID != 1 {
			t.Errorf("Olga won, but the talk is %+v", talk)
		}
		h.awaitText(h.group.ID, ann.ID, "Reels für Vereine")
		mustContain(t, h.awaitBotMessage(h.anna.ID, "🎉").Text, de(text.ProposalScheduled, "Reels für Vereine", "Stammtisch", "Donnerstag, 10. Dezember 2026, 19:00 Uhr", "Café"))
	case cemToast.Text == "" && olgaToast.Text == de(text.AlreadyDecided):
		if talk.State != meetupbot.TalkReserve {
			t.Errorf("Cem won, but the talk is %+v", talk)
		}
	default:
		t.Fatalf("toasts %q and %q: want one decision and one 'already decided'", olgaToast.Text, cemToast.Text)
	}
	for _, id := range []int64{h.olga.ID, h.cem.ID} {
		card := h.card(id)
		if len(card.Buttons) != 0 || !strings.Contains(card.Text, "✅") && !strings.Contains(card.Text, "📦") {
			t.Errorf("card after the decision: %q %v", card.Text, buttonLabels(card))
		}
	}

	// In one line, up to three open proposals a member.
	private := h.fake.Private(h.ben)
	// Ben reads English.
	mustContain(t, h.say(private, h.ben, "/propose Datenschutz | Was Vereine dürfen | https://example.org/dsgvo").Text, en(text.ProposalReceived, "🎤2", "Datenschutz"))
	h.say(private, h.ben, "/propose Zwei | Text")
	h.say(private, h.ben, "/propose Drei | Text")
	mustContain(t, h.say(private, h.ben, "/propose Vier | Text").Text, en(text.TooManyProposals, 3))
	// Asked by questions, the limit ends the questions too.
	h.say(private, h.ben, "/propose")
	h.answer(h.ben, "Fünf")
	h.answer(h.ben, "Text")
	mustContain(t, h.answer(h.ben, "ohne").Text, en(text.TooManyProposals, 3))
	mustContain(t, h.answer(h.ben, "noch was").Text, en(text.NotACommand))
	mustContain(t, h.say(private, h.ben, "/propose Nur ein Titel").Text, en(text.ProposeParts))
}

func TestTalksListAndScheduleFromReserve(t *testing.T) {
	h := newHarness(t)
	h.seen(h.olga, h.anna, h.ben)
	olga := h.fake.Private(h.olga)
	h.say(olga, h.olga, "/start")
	ann := h.createAndAnnounce("10.12. 19:00 | Stammtisch | Café | 40")
	h.say(h.fake.Private(h.anna), h.anna, "/propose Reels für Vereine | Kurze Videos")
	h.say(h.fake.Private(h.ben), h.ben, "/propose Geheimprojekt | Wird abgelehnt")
	h.say(h.fake.Private(h.ben), h.ben, "/propose Newsletter | Lange Texte")
	h.idle()
	var cards []telegramtest.Message
	for _, m := range h.fake.BotMessages(h.olga.ID) {
		if len(m.Buttons) > 0 {
			cards = append(cards, m)
		}
	}
	if len(cards) != 3 {
		t.Fatalf("%d cards, want 3", len(cards))
	}
	h.pressButton(h.olga.ID, h.olga, cards[0], de(text.BtnReserve))
	h.pressButton(h.olga.ID, h.olga, cards[1], de(text.BtnDecline))
	h.awaitBotMessage(h.ben.ID, en(text.ProposalDeclined, "Geheimprojekt"))

	// Members see the reserve, never a declined title nor names.
	member := h.say(h.group, h.anna, "/talks").Text
	mustContain(t, member, "Reels für Vereine")
	mustNotContain(t, member, "Geheimprojekt", "Newsletter", "Anna", "Ben")
	// Organizers see everything, privately, with buttons to schedule.
	list := h.say(olga, h.olga, "/talks")
	mustContain(t, list.Text, "Geheimprojekt · Ben", "Reels für Vereine · Anna", "Newsletter · Ben", de(text.TalksScheduleHint))
	if toast := h.pressButton(h.olga.ID, h.olga, list, "🎤1 → #1"); toast.Text != "" {
		t.Errorf("scheduling answered %q", toast.Text)
	}
	h.awaitText(h.group.ID, ann.ID, "Reels für Vereine")
	h.awaitText(h.olga.ID, list.ID, "🎤1</b> Reels für Vereine · Anna → #1")
	mustContain(t, h.say(h.group, h.anna, "/speakers").Text, "Reels für Vereine")

	// Anna's data lists her proposal; forgotten, the talk stays on the
	// meetup without her.
	mustContain(t, h.say(h.fake.Private(h.anna), h.anna, "/mydata").Text, de(text.DataProposals), "🎤1 Reels für Vereine")
	h.say(h.fake.Private(h.ben), h.ben, "/forgetme")
	h.pressButton(h.ben.ID, h.ben, h.lastBotMessage(h.ben.ID), en(text.BtnForget))
	// Ben's declined proposal goes; the one still to decide stays, his no
	// longer.
	talks, _ := h.db.Talks(context.Background(), h.group.ID)
	if len(talks) != 2 || talks[0].Title != "Reels für Vereine" || talks[1].Title != "Newsletter" || talks[1].ProposerID != 0 {
		t.Errorf("talks after Ben's /forgetme: %+v", talks)
	}
}

func TestTalkPollRanksTheReserve(t *testing.T) {
	h := newHarness(t)
	h.seen(h.olga, h.anna, h.ben, h.cem)
	h.say(h.fake.Private(h.olga), h.olga, "/start")
	mustContain(t, h.say(h.group, h.olga, "/talkpoll").Text, de(text.TalkPollTooFew, 0))
	for _, p := range []struct {
		who   int
		title string
	}{{0, "Reels für Vereine"}, {1, "Newsletter ohne Spam"}, {2, "Datenschutz kurz"}} {
		u := []tgbotapi.User{h.anna, h.ben, h.cem}[p.who]
		h.say(h.fake.Private(u), u, "/propose "+p.title+" | Worum es geht")
	}
	h.idle()
	for _, m := range h.fake.BotMessages(h.olga.ID) {
		if len(m.Buttons) > 0 {
			h.pressButton(h.olga.ID, h.olga, m, de(text.BtnReserve))
		}
	}

	h.fake.Send(h.group, h.olga, "/talkpoll")
	h.idle()
	var poll telegramtest.Message
	for _, m := range h.fake.BotMessages(h.group.ID) {
		if m.Poll != nil {
			poll = m
		}
	}
	if poll.Poll == nil || !poll.Poll.Anonymous || strings.Join(poll.Poll.Options, "|") != "Reels für Vereine|Newsletter ohne Spam|Datenschutz kurz" {
		t.Fatalf("poll %+v", poll.Poll)
	}
	mustContain(t, h.say(h.group, h.olga, "/talkpoll").Text, de(text.TalkPollRunning))
	// Three vote for the newsletter, one for reels; Cem changes his mind.
	for _, v := range []struct {
		who    tgbotapi.User
		option int
	}{{h.anna, 1}, {h.ben, 1}, {h.cem, 0}, {h.olga, 1}, {h.cem, 1}, {h.cem, 0}} {
		if err := h.fake.Vote(h.group.ID, v.who, poll.ID, v.option); err != nil {
			t.Fatal(err)
		}
	}
	h.idle()
	list := h.say(h.group, h.anna, "/talks").Text
	newsletter, reels := strings.Index(list, "Newsletter ohne Spam"), strings.Index(list, "Reels für Vereine")
	if newsletter < 0 || reels < 0 || newsletter > reels {
		t.Errorf("/talks does not rank the reserve by votes:\n%s", list)
	}
	mustContain(t, list, "Newsletter ohne Spam · "+de(text.TalkVotes, 3), "Reels für Vereine · "+de(text.TalkVotes, 1))

	closed := h.say(h.group, h.olga, "/talkpoll close")
	mustContain(t, closed.Text, de(text.TalkPollClosed), "Newsletter ohne Spam · "+de(text.TalkVotes, 3))
	if err := h.fake.Vote(h.group.ID, h.anna, poll.ID, 0); err == nil {
		t.Error("a closed poll took a vote")
	}
	mustContain(t, h.say(h.group, h.olga, "/talkpoll close").Text, de(text.NoTalkPoll))
	mustContain(t, h.say(h.group, h.olga, "/talkpoll jetzt").Text, de(text.TalkPollArgs, "jetzt"))
}

func TestSpeakerCare(t *testing.T) {
	h := newHarness(t)
	h.seen(h.olga, h.anna, h.cem)
	olga := h.fake.Private(h.olga)
	h.say(olga, h.olga, "/start")
	ann := h.createAndAnnounce("10.12. 19:00 | Stammtisch | Café | 40")
	h.say(h.fake.Private(h.anna), h.anna, "/propose Reels für Vereine | Kurze Videos")
	h.say(h.fake.Private(h.cem), h.cem, "/propose Newsletter | Lange Texte")
	h.idle()
	for _, m := range h.fake.BotMessages(h.olga.ID) {
		if len(m.Buttons) > 0 {
			h.pressButton(h.olga.ID, h.olga, m, de(text.BtnAcceptFor, 1, "Do., 10.12.2026"))
		}
	}
	// Each speaker hears the date, the venue and the programme.
	told := h.awaitBotMessage(h.anna.ID, "🎉")
	mustContain(t, told.Text, de(text.SpeakerScheduledOrder), "1. <b>Anna</b>: Reels für Vereine")

	// Olga sets the running order with lengths.
	order := h.say(h.group, h.olga, "/editevent 1 talks")
	mustContain(t, order.Text, "1. <b>Anna</b>: Reels für Vereine", "2. <b>Cem</b>: Newsletter", de(text.RunningOrderHint, 1))
	order = h.say(h.group, h.olga, "/editevent 1 vorträge 2:20 1:30")
	mustContain(t, order.Text, "1. <b>Cem</b>: Newsletter ("+de(text.TalkMinutes, 20)+")", "2. <b>Anna</b>: Reels für Vereine ("+de(text.TalkMinutes, 30)+")")
	h.awaitText(h.group.ID, ann.ID, "<b>Cem</b>: Newsletter ("+de(text.TalkMinutes, 20)+")")
	mustContain(t, h.say(h.group, h.olga, "/editevent 1 talks 1 1").Text, de(text.BadRunningOrder, "1", 2))
	mustContain(t, h.say(h.group, h.olga, "/editevent 1 talks 2").Text, de(text.RunningOrderIncomplete, 2))

	// Three days before, each speaker is asked; a restart does not ask again.
	h.clock.Set(time.Date(2026, 12, 7, 19, 0, 0, 0, berlin))
	annaQ := h.awaitButton(h.anna.ID, de(text.BtnSpeakerOK))
	mustContain(t, annaQ.Text, "In 3 Tagen", "Reels für Vereine", "Donnerstag, 10. Dezember 2026, 19:00 Uhr", "Café", "1. <b>Cem</b>")
	cemQ := h.awaitButton(h.cem.ID, de(text.BtnSpeakerOut))
	h.restart()
	h.expectCount(h.anna.ID, de(text.SpeakerScheduledOrder), 2)
	if toast := h.pressButton(h.anna.ID, h.anna, annaQ, de(text.BtnSpeakerOK)); toast.Text != de(text.ToastSpeakerOK) {
		t.Errorf("all set answered %q", toast.Text)
	}
	// Cem cannot come: Olga hears at once, the talk returns to reserve.
	if toast := h.pressButton(h.cem.ID, h.cem, cemQ, de(text.BtnSpeakerOut)); toast.Text != de(text.ToastSpeakerOut) {
		t.Errorf("withdrawing answered %q", toast.Text)
	}
	h.awaitBotMessage(h.olga.ID, de(text.SpeakerWithdrew, "Cem", "Newsletter", 1, "Do., 10.12.2026, 19:00"))
	h.fake.Await(t, wait, "Cem's talk gone from the announcement", func() bool {
		return !strings.Contains(h.message(h.group.ID, ann.ID).Text, "Newsletter")
	})
	talk, _ := h.db.Talk(context.Background(), 2)
	if talk.State != meetupbot.TalkReserve || talk.EventID != 0 {
		t.Errorf("withdrawn talk %+v, want it in reserve", talk)
	}
	// Someone else's press on Anna's reminder does nothing.
	if toast := h.press(h.cem.ID, h.cem, annaQ.ID, annaQ.Buttons[0][1].Data); toast.Text == de(text.ToastSpeakerOut) {
		t.Error("Cem withdrew Anna's talk")
	}
}

func TestFeedbackTheMorningAfter(t *testing.T) {
	h := newHarness(t)
	h.seen(h.olga, h.anna, h.ben, h.cem)
	for _, u := range []tgbotapi.User{h.olga, h.anna, h.ben, h.cem} {
		h.say(h.fake.Private(u), u, "/start")
	}
	ann := h.createAndAnnounce("3.12. 19:00 | Stammtisch | Café | 40")
	h.say(h.fake.Private(h.anna), h.anna, "/propose Reels für Vereine | Kurze Videos")
	h.pressButton(h.olga.ID, h.olga, h.card(h.olga.ID), de(text.BtnAcceptFor, 1, "Do., 03.12.2026"))
	h.say(h.group, h.olga, "/addspeaker 1 Jana | Datenschutz")
	for _, u := range []tgbotapi.User{h.anna, h.ben, h.cem} {
		h.pressButton(h.group.ID, u, ann, de(text.BtnGoing))
	}

	// The morning after: Ben and Cem rate both talks, Anna only Jana's.
	h.clock.Set(time.Date(2026, 12, 4, 9, 0, 0, 0, berlin))
	h.idle()
	questions := func(u tgbotapi.User) []telegramtest.Message {
		var qs []telegramtest.Message
		for _, m := range h.fake.BotMessages(u.ID) {
			if strings.Contains(m.Text, "⭐ <b>") {
				qs = append(qs, m)
			}
		}
		return qs
	}
	if n := len(questions(h.ben)); n != 2 {
		t.Fatalf("Ben got %d questions, want 2", n)
	}
	if qs := questions(h.anna); len(qs) != 1 || !strings.Contains(qs[0].Text, "Datenschutz") {
		t.Fatalf("Anna got %d questions, want one on Jana's talk", len(qs))
	}
	benReels := questions(h.ben)[0]
	mustContain(t, benReels.Text, en(text.FeedbackAsk, "Reels für Vereine", "Anna", "Stammtisch"))
	if toast := h.pressButton(h.ben.ID, h.ben, benReels, "4⭐"); toast.Text != en(text.ToastRated, "⭐⭐⭐⭐") {
		t.Errorf("rating answered %q", toast.Text)
	}
	// A second tap changes the rating; a reply adds a comment.
	h.pressButton(h.ben.ID, h.ben, h.awaitText(h.ben.ID, benReels.ID, en(text.FeedbackRated, "⭐⭐⭐⭐")), "5⭐")
	mustContain(t, h.answer(h.ben, "Sehr hilfreich, danke!").Text, en(text.CommentThanks))
	h.pressButton(h.cem.ID, h.cem, questions(h.cem)[0], "3⭐")
	h.pressButton(h.cem.ID, h.cem, questions(h.cem)[1], "5⭐")
	// Someone who was not there cannot rate.
	dora := h.fake.User(77, "Dora", "de")
	h.say(h.fake.Private(dora), dora, "/start")
	if toast := h.press(dora.ID, dora, 1, benReels.Buttons[0][0].Data); toast.Text != de(text.NotYourMeetup) {
		t.Errorf("a stranger's rating answered %q", toast.Text)
	}
	h.restart()
	if n := len(questions(h.ben)); n != 2 {
		t.Errorf("Ben was asked again after a restart: %d questions", n)
	}

	// A day later Anna gets her average and the comment, without names.
	h.clock.Set(time.Date(2026, 12, 5, 9, 0, 0, 0, berlin))
	summary := h.awaitBotMessage(h.anna.ID, "⭐ <b>Dein Vortrag")
	mustContain(t, summary.Text, de(text.FeedbackSummary, "Reels für Vereine", "Stammtisch", "4,0", 2), "• Sehr hilfreich, danke!")
	mustNotContain(t, summary.Text, "Ben", "Cem")
	if toast := h.press(h.cem.ID, h.cem, questions(h.cem)[0].ID, questions(h.cem)[0].Buttons[0][0].Data); toast.Text != de(text.ToastOutdated) {
		t.Errorf("rating after the summary answered %q", toast.Text)
	}
	olga := h.fake.Private(h.olga)
	mustContain(t, h.say(olga, h.olga, "/stats").Text, de(text.StatsTalk, "Reels für Vereine", de(text.TalkScore, "4,0", 2)), de(text.StatsTalk, "Datenschutz", de(text.TalkScore, "5,0", 1)))
	mustContain(t, h.say(olga, h.olga, "/talks").Text, de(text.TalksGiven, 1), "Reels für Vereine · Anna → #1 · "+de(text.TalkScore, "4,0", 2))
	mustContain(t, h.say(h.fake.Private(h.ben), h.ben, "/mydata").Text, en(text.DataRatings), "#1, 1: ⭐⭐⭐⭐⭐ Sehr hilfreich, danke!")
}

// TestCallForTalksAsTheStammtischWouldUseIt is the acceptance run.
func TestCallForTalksAsTheStammtischWouldUseIt(t *testing.T) {
	h := newHarness(t, withTwoOrganizers)
	dora := h.fake.User(77, "Dora", "de")
	h.seen(h.olga, h.cem, h.anna, h.ben, dora)
	for _, u := range []tgbotapi.User{h.olga, h.cem} {
		h.say(h.fake.Private(u), u, "/start")
	}
	first := h.createAndAnnounce("10.12. 19:00 | Stammtisch | Café | 40")
	// The meetup after is announced later; it exists all the same.
	h.say(h.group, h.olga, "/newevent 17.12. 19:00 | Stammtisch | Café | 40")

	// Three members propose; Olga accepts Anna's for the next meetup, Cem
	// puts the other two in reserve.
	for _, p := range []struct {
		who   tgbotapi.User
		title string
	}{{h.anna, "Reels für Vereine"}, {h.ben, "Newsletter"}, {dora, "Podcasts"}} {
		h.say(h.fake.Private(p.who), p.who, "/propose "+p.title+" | Worum es geht")
	}
	h.idle()
	cards := func(id int64) []telegramtest.Message {
		var cs []telegramtest.Message
		for _, m := range h.fake.BotMessages(id) {
			if isCard(m) {
				cs = append(cs, m)
			}
		}
		return cs
	}
	h.pressButton(h.olga.ID, h.olga, cards(h.olga.ID)[0], de(text.BtnAcceptFor, 1, "Do., 10.12.2026"))
	h.pressButton(h.cem.ID, h.cem, cards(h.cem.ID)[1], de(text.BtnReserve))
	h.pressButton(h.cem.ID, h.cem, cards(h.cem.ID)[2], de(text.BtnReserve))

	// The group votes on the reserve; the winner goes on the meetup after.
	h.fake.Send(h.group, h.olga, "/talkpoll")
	h.idle()
	var poll telegramtest.Message
	for _, m := range h.fake.BotMessages(h.group.ID) {
		if m.Poll != nil {
			poll = m
		}
	}
	for i, u := range []tgbotapi.User{h.anna, h.ben, dora, h.cem} {
		h.fake.Vote(h.group.ID, u, poll.ID, min(i, 1))
	}
	h.say(h.group, h.olga, "/talkpoll close")
	list := h.say(h.fake.Private(h.olga), h.olga, "/talks")
	h.pressButton(h.olga.ID, h.olga, list, "🎤3 → #2")
	if talk, _ := h.db.Talk(context.Background(), 3); talk.State != meetupbot.TalkScheduled || talk.EventID != 2 {
		t.Fatalf("the poll's winner: %+v, want it on meetup #2", talk)
	}

	// Anna confirms three days before; eight say yes and come.
	h.say(h.fake.Private(h.anna), h.anna, "/start")
	var audience []tgbotapi.User
	for i := range 8 {
		u := h.fake.User(int64(200+i), "Gast"+string(rune('A'+i)), "de")
		h.say(h.fake.Private(u), u, "/start")
		h.pressButton(h.group.ID, u, first, de(text.BtnGoing))
		audience = append(audience, u)
	}
	h.clock.Set(time.Date(2026, 12, 7, 19, 0, 0, 0, berlin))
	h.pressButton(h.anna.ID, h.anna, h.awaitButton(h.anna.ID, de(text.BtnSpeakerOK)), de(text.BtnSpeakerOK))

	// The morning after, the eight rate the talk: 5, 4, 5, 3, 4, 5, 4, 4.
	h.clock.Set(time.Date(2026, 12, 11, 9, 0, 0, 0, berlin))
	for i, u := range audience {
		q := h.awaitButton(u.ID, "5⭐")
		h.pressButton(u.ID, u, q, []string{"5⭐", "4⭐", "5⭐", "3⭐", "4⭐", "5⭐", "4⭐", "4⭐"}[i])
	}
	h.answer(audience[0], "Endlich verstehe ich Reels!")
	h.restart()
	h.clock.Set(time.Date(2026, 12, 12, 9, 0, 0, 0, berlin))
	summary := h.awaitBotMessage(h.anna.ID, "⭐ <b>Dein Vortrag")
	mustContain(t, summary.Text, de(text.FeedbackSummary, "Reels für Vereine", "Stammtisch", "4,3", 8), "• Endlich verstehe ich Reels!")

	// The whole backlog.
	backlog := h.say(h.fake.Private(h.olga), h.olga, "/talks").Text
	mustContain(t, backlog, de(text.TalksReserve, 1), "Newsletter · Ben", de(text.TalksScheduled, 1), "Podcasts · Dora → #2",
		de(text.TalksGiven, 1), "Reels für Vereine · Anna → #1 · "+de(text.TalkScore, "4,3", 8))
}

// TestForgetMeKeepsTheTalks: a speaker who asks to be forgotten leaves
// their talks behind without their name: the reserve talk the group voted
// for keeps its title and votes, every organizer who started the bot is
// told, and it can still go on a meetup's programme; a talk already on
// the programme keeps the name it shows there but no longer reaches her;
// a declined proposal goes.
func TestForgetMeKeepsTheTalks(t *testing.T) {
	h := newHarness(t, withTwoOrganizers)
	h.seen(h.olga, h.cem, h.anna, h.ben)
	olga, anna := h.fake.Private(h.olga), h.fake.Private(h.anna)
	h.say(olga, h.olga, "/start")
	h.say(h.fake.Private(h.cem), h.cem, "/start")
	ann := h.createAndAnnounce("10.12. 19:00 | Stammtisch | Café | 40")
	for _, p := range []struct {
		who      tgbotapi.User
		title    string
		decision text.Key
	}{{h.anna, "Reels für Vereine", text.BtnReserve}, {h.ben, "Newsletter", text.BtnReserve}, {h.anna, "Geheimtipp", text.BtnDecline}} {
		h.say(h.fake.Private(p.who), p.who, "/propose "+p.title+" | Worum es geht")
		h.pressButton(olga.ID, h.olga, h.card(h.olga.ID), de(p.decision))
	}
	h.fake.Send(h.group, h.olga, "/talkpoll")
	h.idle()
	var poll telegramtest.Message
	for _, m := range h.fake.BotMessages(h.group.ID) {
		if m.Poll != nil {
			poll = m
		}
	}
	for _, u := range []tgbotapi.User{h.ben, h.cem} {
		if err := h.fake.Vote(h.group.ID, u, poll.ID, 0); err != nil {
			t.Fatal(err)
		}
	}
	h.say(h.group, h.olga, "/talkpoll close")
	h.say(anna, h.anna, "/propose Instagram | Worum es geht")
	h.pressButton(olga.ID, h.olga, h.card(h.olga.ID), de(text.BtnAcceptFor, 1, "Do., 10.12.2026"))
	h.awaitBotMessage(anna.ID, "🎉")

	ask := h.say(anna, h.anna, "/forgetme")
	h.pressButton(anna.ID, h.anna, ask, de(text.BtnForget))
	h.awaitText(anna.ID, ask.ID, de(text.Forgotten))
	h.idle()

	talk, err := h.db.Talk(context.Background(), 1)
	if err != nil || talk.ProposerID != 0 || talk.Title != "Reels für Vereine" || talk.Votes != 2 || talk.State != meetupbot.TalkReserve {
		t.Errorf("Anna's reserve talk after /forgetme: %+v, %v; want it kept with its votes, without her", talk, err)
	}
	if _, err := h.db.Talk(context.Background(), 3); err == nil {
		t.Error("Anna's declined proposal was kept")
	}
	want := []string{
		de(text.SpeakerForgotten, "🎤1", "Reels für Vereine", "Social Media Stammtisch"),
		de(text.SpeakerForgotten, "🎤4", "Instagram", "Social Media Stammtisch"),
	}
	for _, o := range []tgbotapi.User{h.olga, h.cem} {
		var got []string
		for _, m := range h.fake.BotMessages(o.ID) {
			if strings.HasPrefix(m.Text, "🕶") {
				got = append(got, m.Text)
			}
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s was told %q, want %q", o.FirstName, got, want)
		}
	}
	for _, m := range h.fake.BotMessages(anna.ID) {
		if strings.Contains(m.Text, "🕶") {
			t.Errorf("the forgotten speaker got %q", m.Text)
		}
	}

	// The organizers still see the talk, now without a proposer, and can
	// put it on the programme, where it reads without a name.
	list := h.say(olga, h.olga, "/talks")
	mustContain(t, list.Text, "<b>🎤1</b> Reels für Vereine · "+de(text.TalkVotes, 2))
	mustNotContain(t, list.Text, "Anna", "Geheimtipp")
	h.pressButton(olga.ID, h.olga, list, "🎤1 → #1")
	h.awaitText(h.group.ID, ann.ID, "<b>🕶</b>: Reels für Vereine")
	ev, err := h.db.Event(context.Background(), 1)
	if err != nil || len(ev.Speakers) != 2 {
		t.Fatalf("meetup 1 speakers %+v, %v; want two", ev.Speakers, err)
	}
	if s := ev.Speakers[0]; s.TalkID != 4 || s.Name != "Anna" || s.MemberID != 0 {
		t.Errorf("the talk Anna had on the programme: %+v, want her name shown and her account gone", s)
	}
	if s := ev.Speakers[1]; s.TalkID != 1 || s.Name != "" || s.MemberID != 0 {
		t.Errorf("the reserve talk put on the programme: %+v, want no speaker", s)
	}
}

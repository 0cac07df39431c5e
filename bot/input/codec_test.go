package input

import (
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/text"
)

// TestParseEditSplitsOnEveryUnicodeSpace is the regression test of a panic:
// a no-break space or a carriage return after the field name made the
// value search run off the end of the string.
func TestParseEditSplitsOnEveryUnicodeSpace(t *testing.T) {
	tests := []struct {
		args string
		want Edit
	}{
		{"1 title\u00a0Neu", Edit{1, EditTitle, "Neu"}},
		{"1 title\rNeu", Edit{1, EditTitle, "Neu"}},
		{"1\u00a0title\u2003Neu Titel", Edit{1, EditTitle, "Neu Titel"}},
		{"1 ort\u00a0\u00a0Café\u00a0am Markt", Edit{1, EditVenue, "Café\u00a0am Markt"}},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			got, err := ParseEdit(tt.args)
			if err != nil || got != tt.want {
				t.Errorf("ParseEdit(%q) = %+v, %v, want %+v", tt.args, got, err, tt.want)
			}
		})
	}
}

// TestParseLeadTimeRefusesOverflow is the regression test of "213504d",
// which overflowed to 25 minutes and was accepted as a reminder.
func TestParseLeadTimeRefusesOverflow(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"14d", 14 * 24 * time.Hour, true},
		{"36h", 36 * time.Hour, true},
		{"3653d", MaxLeadTime, true},
		{"3654d", 0, false},
		{"213504d", 0, false},
		{"106752d", 0, false},
		{"99999999999999999999d", 0, false},
		{"100000h", 0, false},
		{"0d", 0, false},
		{"-1d", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := ParseLeadTime(tt.in)
			if ok != tt.ok || (ok && got != tt.want) {
				t.Errorf("ParseLeadTime(%q) = %v, %v, want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
	if _, err := ParseReminders("213504d"); inputKey(err) != text.BadReminder {
		t.Errorf("ParseReminders(213504d) error = %v, want %s", err, text.BadReminder)
	}
}

// TestErrorsQuoteAnExcerpt: an answer that echoed a 4,000-character
// argument was longer than Telegram accepts, so the member got nothing.
func TestErrorsQuoteAnExcerpt(t *testing.T) {
	long := strings.Repeat("x", 4000)
	for name, err := range map[string]error{
		"event ref": func() error { _, err := ParseEdit(long + " title y"); return err }(),
		"rsvp word": func() error { _, err := ParseRSVP(long); return err }(),
		"rule":      func() error { _, err := ParseRule(long, now); return err }(),
		"time zone": func() error { _, err := ParseTimeZone(long); return err }(),
	} {
		t.Run(name, func(t *testing.T) {
			in, ok := err.(*Error)
			if !ok {
				t.Fatalf("error = %v, want an input error", err)
			}
			for _, a := range in.Args {
				if s, ok := a.(string); ok && utf8.RuneCountInString(s) > excerptLen {
					t.Errorf("argument of %d characters echoed, want at most %d", utf8.RuneCountInString(s), excerptLen)
				}
			}
			if rendered := text.T(meetupbot.German, in.Key, in.Args...); utf8.RuneCountInString(rendered) > 1000 {
				t.Errorf("answer has %d characters", utf8.RuneCountInString(rendered))
			}
		})
	}
}

func TestParseButton(t *testing.T) {
	going := meetupbot.Answer{Status: meetupbot.StatusGoing, KeepGuests: true}
	tests := []struct {
		data string
		want Button
	}{
		{RSVPData(12, ActionGoing), Button{Kind: ButtonRSVP, EventID: 12, Answer: going}},
		{RSVPData(12, ActionGuest), Button{Kind: ButtonRSVP, EventID: 12, Answer: meetupbot.Answer{AddGuest: true}}},
		{RSVPData(12, ActionConfirm), Button{Kind: ButtonRSVP, EventID: 12, Answer: meetupbot.Answer{Confirm: true}, Question: true}},
		{RSVPData(12, ActionNotComing), Button{Kind: ButtonRSVP, EventID: 12, Answer: meetupbot.Answer{Status: meetupbot.StatusDeclined, Withdraw: true}, Question: true}},
		{OfferData(12, 7, ActionConfirm), Button{Kind: ButtonRSVP, EventID: 12, Answer: meetupbot.Answer{Confirm: true}, Question: true, For: 7}},
		{OfferData(12, 7, ActionNotComing), Button{Kind: ButtonRSVP, EventID: 12, Answer: meetupbot.Answer{Status: meetupbot.StatusDeclined, Withdraw: true}, Question: true, For: 7}},
		{"r:12:y:7", Button{}}, {"r:12:k:0", Button{}}, {"r:12:k:-7", Button{}}, {"r:12:k:x", Button{}},
		{PickData(-1001), Button{Kind: ButtonPickGroup, GroupID: -1001}},
		{ForgetData(), Button{Kind: ButtonForget}},
		{"r:0:y", Button{}}, {"r:-3:y", Button{}}, {"r:12:z", Button{}}, {"r:12", Button{}},
		{"x:12:y", Button{}}, {"r:12:y:extra", Button{}}, {"r:12:yy", Button{}}, {"pick:", Button{}}, {"pick:x", Button{}},
		{DraftData(DraftChoice{Seq: 7, Step: meetupbot.StepVenue, Action: DraftOffer, Offer: 1}),
			Button{Kind: ButtonDraft, Draft: DraftChoice{Seq: 7, Step: meetupbot.StepVenue, Action: DraftOffer, Offer: 1}}},
		{DraftData(DraftChoice{Seq: 7, Step: meetupbot.StepPreview, Action: DraftCreate}),
			Button{Kind: ButtonDraft, Draft: DraftChoice{Seq: 7, Step: meetupbot.StepPreview, Action: DraftCreate}}},
		{DraftData(DraftChoice{Seq: 7, Step: meetupbot.StepTitle, Action: DraftRevise}),
			Button{Kind: ButtonDraft, Draft: DraftChoice{Seq: 7, Step: meetupbot.StepTitle, Action: DraftRevise}}},
		{DoorData(DoorAction{EventID: 3, Page: 1, Member: 42}), Button{Kind: ButtonDoor, Door: DoorAction{EventID: 3, Page: 1, Member: 42}}},
		{DoorData(DoorAction{EventID: 3, Unnamed: 1}), Button{Kind: ButtonDoor, Door: DoorAction{EventID: 3, Unnamed: 1}}},
		{DoorData(DoorAction{EventID: 3, Page: 2}), Button{Kind: ButtonDoor, Door: DoorAction{EventID: 3, Page: 2}}},
		{"door:3:0:x", Button{}}, {"door:0:0:p", Button{}}, {"door:3:-1:p", Button{}}, {"door:3:0:-5", Button{}}, {"door:3:0", Button{}},
		{TalkData(TalkDecision{TalkID: 4, Action: TalkAccept, EventID: 2}), Button{Kind: ButtonTalk, Talk: TalkDecision{TalkID: 4, Action: TalkAccept, EventID: 2}}},
		{TalkData(TalkDecision{TalkID: 4, Action: TalkDecline}), Button{Kind: ButtonTalk, Talk: TalkDecision{TalkID: 4, Action: TalkDecline}}},
		{SpeakerData(3, 4, true), Button{Kind: ButtonSpeaker, Talk: TalkDecision{TalkID: 4, EventID: 3}, SpeakerOK: true}},
		{SpeakerData(3, 4, false), Button{Kind: ButtonSpeaker, Talk: TalkDecision{TalkID: 4, EventID: 3}}},
		{RatingData(3, 1, 4), Button{Kind: ButtonRating, Rating: meetupbot.Rating{EventID: 3, Talk: 1, Stars: 4}}},
		{CalendarData(5), Button{Kind: ButtonCalendar, EventID: 5}}, {"cal:x", Button{}}, {"cal:0", Button{}},
		{"fb:3:1:6", Button{}}, {"fb:3:1:0", Button{}}, {"fb:3:9:3", Button{}}, {"fb:3:-1:3", Button{}},
		{"spk:3:4:x", Button{}}, {"spk:0:4:y", Button{}}, {"spk:3:4", Button{}},
		{"talk:4:a", Button{}}, {"talk:4:r:2", Button{}}, {"talk:0:x", Button{}}, {"talk:4:q", Button{}}, {"talk:4:s:0", Button{}},
		{"d:7:when:o9", Button{}}, {"d:7:when:o", Button{}}, {"d:7:when:o12", Button{}}, {"d:7:sometime:ok", Button{}},
		{"d:0:when:o1", Button{}}, {"d:7:when:ok:1", Button{}}, {"d:7:when:nope", Button{}},
	}
	for _, tt := range tests {
		t.Run(tt.data, func(t *testing.T) {
			if got := ParseButton(tt.data); got != tt.want {
				t.Errorf("ParseButton(%q) = %+v, want %+v", tt.data, got, tt.want)
			}
		})
	}
}

func TestStartPayload(t *testing.T) {
	for _, id := range []int64{1, 42, 1 << 40} {
		p := StartPayload(id)
		if got, ok := ParseStartPayload(p); !ok || got != id {
			t.Errorf("ParseStartPayload(StartPayload(%d)) = %d, %v", id, got, ok)
		}
		if len(p) > 64 || strings.Trim(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != "" {
			t.Errorf("StartPayload(%d) = %q, not a valid start payload", id, p)
		}
	}
	for _, bad := range []string{"", "e", "e0", "x5", "e-1"} {
		if _, ok := ParseStartPayload(bad); ok {
			t.Errorf("ParseStartPayload(%q) accepted", bad)
		}
	}
}

func TestCheckinPayload(t *testing.T) {
	code := "ABCDEFGHIJKLMNOPQRSTUVWX27"
	p := CheckinPayload(code)
	if got, ok := ParseCheckinPayload(p); !ok || got != code || len(p) > 64 {
		t.Errorf("ParseCheckinPayload(%q) = %q, %v", p, got, ok)
	}
	for _, bad := range []string{"", "c", "e12", "c" + code[:25], "c" + code + "X", "cABCDEFGHIJKLMNOPQRSTUVW/+"} {
		if _, ok := ParseCheckinPayload(bad); ok {
			t.Errorf("ParseCheckinPayload(%q) accepted", bad)
		}
	}
	for _, tt := range []struct {
		payload string
		want    bool
	}{
		{p, true}, {"c" + code[:25], true}, {"c", true}, {"", false}, {"e12", false}, {"ics12", false},
		{DraftPayload, false}, {ProposePayload, false},
	} {
		if got := IsCheckinPayload(tt.payload); got != tt.want {
			t.Errorf("IsCheckinPayload(%q) = %v, want %v", tt.payload, got, tt.want)
		}
	}
}

func FuzzCallbackData(f *testing.F) {
	f.Add("r:1:y")
	f.Add("r:-1:g")
	f.Add("r:1:y:extra")
	f.Add("r:1:k:7")
	f.Add("pick:-1001")
	f.Add("d:3:venue:o2")
	f.Add("d:3:preview:ok")
	f.Add("door:3:0:42")
	f.Add("talk:4:a:2")
	f.Add("spk:3:4:y")
	f.Add("fb:3:1:4")
	f.Fuzz(func(t *testing.T, data string) {
		b := ParseButton(data)
		switch b.Kind {
		case ButtonRSVP:
			if b.EventID <= 0 || (b.Answer.Status == meetupbot.StatusNone && !b.Answer.AddGuest && !b.Answer.Confirm) {
				t.Errorf("ParseButton(%q) = %+v", data, b)
			}
			if len(data) > 64 {
				t.Errorf("ParseButton accepted %d bytes of data, more than Telegram sends", len(data))
			}
		case ButtonPickGroup:
			if b.GroupID == 0 {
				t.Errorf("ParseButton(%q) = %+v", data, b)
			}
		case ButtonRating:
			if again := ParseButton(RatingData(b.Rating.EventID, b.Rating.Talk, b.Rating.Stars)); again != b {
				t.Errorf("ParseButton(%q) = %+v, written back reads %+v", data, b, again)
			}
		case ButtonSpeaker:
			if again := ParseButton(SpeakerData(b.Talk.EventID, b.Talk.TalkID, b.SpeakerOK)); again != b {
				t.Errorf("ParseButton(%q) = %+v, written back reads %+v", data, b, again)
			}
		case ButtonTalk:
			if again := ParseButton(TalkData(b.Talk)); again != b || b.Talk.TalkID <= 0 {
				t.Errorf("ParseButton(%q) = %+v, written back reads %+v", data, b, again)
			}
		case ButtonDoor:
			if again := ParseButton(DoorData(b.Door)); again != b || b.Door.EventID <= 0 {
				t.Errorf("ParseButton(%q) = %+v, written back reads %+v", data, b, again)
			}
		case ButtonDraft:
			// What was understood writes back as data that reads the same.
			if again := ParseButton(DraftData(b.Draft)); again != b || b.Draft.Seq <= 0 {
				t.Errorf("ParseButton(%q) = %+v, written back reads %+v", data, b, again)
			}
		}
	})
}

func FuzzParseEdit(f *testing.F) {
	f.Add("3 title New title")
	f.Add("1 title\u00a0Neu")
	f.Add("1 title\r")
	f.Fuzz(func(t *testing.T, args string) {
		in, err := ParseEdit(args)
		mustBeInputError(t, args, err)
		if err == nil && (in.EventID <= 0 || in.Field == "") {
			t.Errorf("ParseEdit(%q) = %+v", args, in)
		}
	})
}

func FuzzParseSpeaker(f *testing.F) {
	f.Add("#2 Jana | Reels | https://example.org")
	f.Add("| |")
	f.Fuzz(func(t *testing.T, args string) {
		in, err := ParseSpeaker(args)
		mustBeInputError(t, args, err)
		if err == nil && (in.Speaker.Name == "" || in.Speaker.Topic == "" || utf8.RuneCountInString(in.Speaker.Name) > meetupbot.MaxSpeakerNameLen) {
			t.Errorf("ParseSpeaker(%q) = %+v", args, in)
		}
	})
}

func FuzzParsePropose(f *testing.F) {
	f.Add("Reels | Kurze Videos | https://example.org")
	f.Add("a \\| b | c")
	f.Fuzz(func(t *testing.T, args string) {
		p, err := ParsePropose(args)
		mustBeInputError(t, args, err)
		if err == nil && (p.Title == "" || p.Abstract == "" || utf8.RuneCountInString(p.Title) > meetupbot.MaxTalkTitleLen || utf8.RuneCountInString(p.Abstract) > meetupbot.MaxAbstractLen) {
			t.Errorf("ParsePropose(%q) = %+v", args, p)
		}
	})
}

func FuzzParseLeadTimes(f *testing.F) {
	f.Add("48h 3h")
	f.Add("213504d")
	f.Add("now")
	f.Add("48h 24h")
	f.Fuzz(func(t *testing.T, args string) {
		leads, err := ParseReminders(args)
		mustBeInputError(t, args, err)
		for _, d := range leads {
			if d <= 0 || d > 30*24*time.Hour {
				t.Errorf("ParseReminders(%q) gave lead %v", args, d)
			}
		}
		lead, err := ParseAnnounceLead(args)
		mustBeInputError(t, args, err)
		if lead.Before < 0 || lead.Before > 365*24*time.Hour {
			t.Errorf("ParseAnnounceLead(%q) = %+v", args, lead)
		}
		if d, ok := ParseLeadTime(args); ok && (d <= 0 || d > MaxLeadTime) {
			t.Errorf("ParseLeadTime(%q) = %v", args, d)
		}
		r, err := ParseReconfirm(args)
		mustBeInputError(t, args, err)
		if err == nil && r.Ask != 0 && (r.Deadline <= 0 || r.Deadline >= r.Ask || r.Ask > 30*24*time.Hour) {
			t.Errorf("ParseReconfirm(%q) = %+v", args, r)
		}
	})
}

func FuzzParseSmallArguments(f *testing.F) {
	f.Add("Europe/Berlin")
	f.Add("on")
	f.Add("#7")
	f.Add("unbegrenzt")
	f.Fuzz(func(t *testing.T, args string) {
		_, err := ParseTimeZone(args)
		mustBeInputError(t, args, err)
		_, err = ParseSwitch(args)
		mustBeInputError(t, args, err)
		_, err = ParseCapacity(args)
		mustBeInputError(t, args, err)
		if id, ok := ParseEventRef(args); ok && id <= 0 {
			t.Errorf("ParseEventRef(%q) = %d", args, id)
		}
	})
}

func TestParseEventArgNamesWhatIsMissing(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want text.Key
		id   int64
	}{{"", text.NeedEventRef, 0}, {"  ", text.NeedEventRef, 0}, {"x", text.BadEventRef, 0}, {"#3", "", 3}} {
		id, err := ParseEventArg(tt.in)
		if inputKey(err) != tt.want || id != tt.id {
			t.Errorf("ParseEventArg(%q) = %d, %v, want %d, %s", tt.in, id, err, tt.id, tt.want)
		}
	}
	for _, word := range []string{"kapazitaet", "plaetze", "ankuendigung"} {
		if _, err := ParseEdit("1 " + word + " 5"); err != nil {
			t.Errorf("ParseEdit(1 %s 5) = %v, want the field understood without umlauts", word, err)
		}
	}
}

func TestAgainData(t *testing.T) {
	if b := ParseButton(AgainData(-1001, true)); b.Kind != ButtonAgain || b.GroupID != -1001 {
		t.Errorf("ParseButton(AgainData(yes)) = %+v", b)
	}
	if b := ParseButton(AgainData(-1001, false)); b.Kind != ButtonNotAgain {
		t.Errorf("ParseButton(AgainData(no)) = %+v", b)
	}
	if b := ParseButton("again:x"); b.Kind != ButtonUnknown {
		t.Errorf("ParseButton(again:x) = %+v", b)
	}
}

func TestParseCommand(t *testing.T) {
	command := func(text string, length int) *tgbotapi.Message {
		return &tgbotapi.Message{Text: text, Entities: []tgbotapi.MessageEntity{{Type: "bot_command", Length: length}}}
	}
	tests := []struct {
		name string
		msg  *tgbotapi.Message
		want Command
		ok   bool
	}{
		{"plain", command("/next", 5), Command{Name: "next"}, true},
		{"with arguments", command("/RSVP ja +1", 5), Command{Name: "rsvp", Args: "ja +1"}, true},
		{"for this bot", command("/next@meetup_test_bot", 21), Command{Name: "next"}, true},
		{"for another bot", command("/next@other_bot", 15), Command{}, false},
		{"no entity", &tgbotapi.Message{Text: "/next"}, Command{}, false},
		{"entity longer than the text", command("", 6), Command{}, false},
		{"entity of one character", command("/", 1), Command{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseCommand(tt.msg, "meetup_test_bot")
			if got != tt.want || ok != tt.ok {
				t.Errorf("ParseCommand(%q) = %+v, %v; want %+v, %v", tt.msg.Text, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestCommandBody(t *testing.T) {
	type e = tgbotapi.MessageEntity
	command := func(n int) e { return e{Type: "bot_command", Offset: 0, Length: n} }
	tests := []struct {
		name         string
		text         string
		entities     []e
		want         string
		wantEntities []e
	}{
		{"plain", "/post Hallo", []e{command(5)}, "Hallo", nil},
		{"an entity moves to the body's start", "/post Heute 19 Uhr", []e{command(5), {Type: "bold", Offset: 12, Length: 6}},
			"Heute 19 Uhr", []e{{Type: "bold", Offset: 6, Length: 6}}},
		{"spaces around are trimmed", "/post@meetup_bot  \n 🍺 <b>Sekt</b>  ", []e{command(16), {Type: "italic", Offset: 26, Length: 4}},
			"🍺 <b>Sekt</b>", []e{{Type: "italic", Offset: 6, Length: 4}}},
		{"an entity over the trimmed space is cut to the body", "/post  ab  ", []e{command(5), {Type: "bold", Offset: 5, Length: 6}},
			"ab", []e{{Type: "bold", Offset: 0, Length: 2}}},
		{"entities outside the body are left out", "/post ab", []e{command(5), {Type: "bold", Offset: 0, Length: 5}, {Type: "bold", Offset: 8, Length: 1}}, "ab", nil},
		{"emoji before the body count twice", "/post 🍺🍺 x", []e{command(5), {Type: "bold", Offset: 11, Length: 1}},
			"🍺🍺 x", []e{{Type: "bold", Offset: 5, Length: 1}}},
		{"no body", "/post", []e{command(5)}, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &tgbotapi.Message{Text: tt.text, Entities: tt.entities}
			cmd, ok := ParseCommand(m, "meetup_bot")
			got, entities := CommandBody(m)
			if !ok || got != cmd.Args || got != tt.want || !slices.Equal(entities, tt.wantEntities) {
				t.Errorf("CommandBody(%q, %+v) = %q, %+v, want %q (as Args %q), %+v", tt.text, tt.entities, got, entities, tt.want, cmd.Args, tt.wantEntities)
			}
		})
	}
}

package input

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/text"
)

var (
	berlin, _ = time.LoadLocation("Europe/Berlin")
	now       = time.Date(2026, 12, 1, 10, 0, 0, 0, berlin)
)

func inputKey(err error) text.Key {
	var in *Error
	if errors.As(err, &in) {
		return in.Key
	}
	return ""
}

type parseCase[T comparable] struct {
	args    string
	want    T
	wantErr text.Key
}

// checkParser runs a parser over its table: each row either parses to want
// or fails with the input error wantErr.
func checkParser[T comparable](t *testing.T, name string, parse func(string) (T, error), tests []parseCase[T]) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			got, err := parse(tt.args)
			if key := inputKey(err); key != tt.wantErr || (err != nil) != (tt.wantErr != "") {
				t.Fatalf("%s(%q) error = %v, want %s", name, tt.args, err, tt.wantErr)
			}
			if err == nil && got != tt.want {
				t.Errorf("%s(%q) = %+v, want %+v", name, tt.args, got, tt.want)
			}
		})
	}
}

// mustBeInputError fails unless err is nil or a member's mistake with a text
// to show: a parser must never fail in any other way.
func mustBeInputError(t *testing.T, input string, err error) {
	t.Helper()
	var in *Error
	if err != nil && !errors.As(err, &in) {
		t.Fatalf("%q: error %v is not an input error", input, err)
	}
	if in != nil {
		if got := text.T(meetupbot.German, in.Key); got == string(in.Key) {
			t.Fatalf("%q: input error %q has no text", input, in.Key)
		}
	}
}

func TestParseNewEvent(t *testing.T) {
	tests := []parseCase[NewEvent]{
		{"2026-12-10 19:00 | Stammtisch | Café Central | 40", NewEvent{time.Date(2026, 12, 10, 18, 0, 0, 0, time.UTC), "Stammtisch", "Café Central", 40}, ""},
		{"10.12.2026 19.30 |  Stammtisch  | Café", NewEvent{time.Date(2026, 12, 10, 18, 30, 0, 0, time.UTC), "Stammtisch", "Café", 0}, ""},
		{"1.7.2027 9:05 | Sommer | Park | unbegrenzt", NewEvent{time.Date(2027, 7, 1, 7, 5, 0, 0, time.UTC), "Sommer", "Park", 0}, ""},
		{"10.12.2026 19:00 | Titel", NewEvent{}, text.EmptyField},
		{"10.12.2026 19:00", NewEvent{}, text.NewEventParts},
		{`10.12. 19 Uhr | Rock \| Pop | Café`, NewEvent{time.Date(2026, 12, 10, 18, 0, 0, 0, time.UTC), "Rock | Pop", "Café", 0}, ""},
		{"10.12.2026 19:00 | a | b | 1 | 2", NewEvent{}, text.NewEventParts},
		{"10.12.2026 | a | b", NewEvent{}, text.MissingTime},
		{"10/12/2026 19:00 | a | b", NewEvent{}, text.BadDate},
		{"2026-12-10 7pm | a | b", NewEvent{time.Date(2026, 12, 10, 18, 0, 0, 0, time.UTC), "a", "b", 0}, ""},
		{"2026-12-10 25:00 | a | b", NewEvent{}, text.BadTime},
		{"2026-12-01 09:59 | a | b", NewEvent{}, text.DateInPast},
		{"2026-12-01 10:00 | a | b", NewEvent{}, text.DateInPast},
		{"2030-12-10 19:00 | a | b", NewEvent{}, text.DateTooFar},
		{"2026-12-10 19:00 |  | b", NewEvent{}, text.EmptyField},
		{"2026-12-10 19:00 | a | " + strings.Repeat("v", 201), NewEvent{}, text.TooLong},
		{"2026-12-10 19:00 | a | b | 0", NewEvent{}, text.BadCapacity},
		{"2026-12-10 19:00 | a | b | 10001", NewEvent{}, text.BadCapacity},
	}
	checkParser(t, "ParseNewEvent", func(args string) (NewEvent, error) { return ParseNewEvent(args, berlin, now) }, tests)
}

func TestParseCapacity(t *testing.T) {
	tests := []parseCase[int]{
		{"40", 40, ""},
		{"10000", 10000, ""},
		{"unbegrenzt", 0, ""},
		{"Ohne  Limit", 0, ""},
		{"kein limit", 0, ""},
		{"No limit", 0, ""},
		{"-", 0, ""},
		{"0", 0, text.BadCapacity},
		{"viele", 0, text.BadCapacity},
		{"40 Leute", 0, text.BadCapacity},
	}
	checkParser(t, "ParseCapacity", ParseCapacity, tests)
}

func TestParsePropose(t *testing.T) {
	tests := []parseCase[Proposal]{
		{"Reels für Vereine | Wie kleine Vereine mit kurzen Videos wachsen", Proposal{"Reels für Vereine", "Wie kleine Vereine mit kurzen Videos wachsen", ""}, ""},
		{"Datenschutz \\| DSGVO | Was Vereine dürfen | https://example.org/folien", Proposal{"Datenschutz | DSGVO", "Was Vereine dürfen", "https://example.org/folien"}, ""},
		{"Titel | Text | ohne", Proposal{"Titel", "Text", ""}, ""},
		{"Nur ein Titel", Proposal{}, text.ProposeParts},
		{"a | b | c | d", Proposal{}, text.ProposeParts},
		{" | Text", Proposal{}, text.EmptyField},
		{strings.Repeat("t", 121) + " | Text", Proposal{}, text.TooLong},
		{"Titel | " + strings.Repeat("a", 1001), Proposal{}, text.TooLong},
		{"Titel | Text | kein-link", Proposal{}, text.BadLink},
	}
	checkParser(t, "ParsePropose", ParsePropose, tests)
}

func TestParseReconfirm(t *testing.T) {
	leads := func(ask, deadline time.Duration) meetupbot.ReconfirmLeads {
		return meetupbot.ReconfirmLeads{Ask: ask, Deadline: deadline}
	}
	tests := []parseCase[meetupbot.ReconfirmLeads]{
		{"48h 24h", leads(48*time.Hour, 24*time.Hour), ""},
		{"3d 36h", leads(72*time.Hour, 36*time.Hour), ""},
		{" 2d   12h ", leads(48*time.Hour, 12*time.Hour), ""},
		{"off", leads(0, 0), ""},
		{"aus", leads(0, 0), ""},
		{"24h 48h", leads(0, 0), text.ReconfirmOrder},
		{"24h 24h", leads(0, 0), text.ReconfirmOrder},
		{"48h", leads(0, 0), text.BadReconfirm},
		{"48h 24h 2h", leads(0, 0), text.BadReconfirm},
		{"bald 24h", leads(0, 0), text.BadReconfirm},
		{"60d 24h", leads(0, 0), text.BadReconfirm},
		{"48h -1h", leads(0, 0), text.BadReconfirm},
	}
	checkParser(t, "ParseReconfirm", ParseReconfirm, tests)
}

func TestParseRSVP(t *testing.T) {
	yes := meetupbot.StatusGoing
	tests := []parseCase[RSVP]{
		{"", RSVP{Answer: meetupbot.Answer{Status: yes}}, ""},
		{"ja", RSVP{Answer: meetupbot.Answer{Status: yes}}, ""},
		{"Yes +2", RSVP{Answer: meetupbot.Answer{Status: yes, Guests: 2}}, ""},
		{"+1", RSVP{Answer: meetupbot.Answer{Status: yes, Guests: 1}}, ""},
		{"vielleicht #3", RSVP{Answer: meetupbot.Answer{Status: meetupbot.StatusMaybe}, EventID: 3}, ""},
		{"3 nein", RSVP{Answer: meetupbot.Answer{Status: meetupbot.StatusDeclined}, EventID: 3}, ""},
		{"no", RSVP{Answer: meetupbot.Answer{Status: meetupbot.StatusDeclined}}, ""},
		{"yes +0", RSVP{Answer: meetupbot.Answer{Status: yes}}, ""},
		{"yes +10", RSVP{}, text.TooManyGuests},
		{"yes +x", RSVP{}, text.BadGuests},
		{"yes +-1", RSVP{}, text.BadGuests},
		{"maybe +1", RSVP{}, text.GuestsNeedYes},
		{"yes no", RSVP{}, text.BadRSVPWord},
		{"1 2", RSVP{}, text.BadRSVPWord},
		{"sure", RSVP{}, text.BadRSVPWord},
	}
	checkParser(t, "ParseRSVP", ParseRSVP, tests)
}

func TestParseSpeaker(t *testing.T) {
	tests := []parseCase[Speaker]{
		{"Jana | Reels", Speaker{Speaker: meetupbot.Speaker{Name: "Jana", Topic: "Reels"}}, ""},
		{"#2 Jana Schmidt | Reels | https://example.org/x", Speaker{EventID: 2, Speaker: meetupbot.Speaker{Name: "Jana Schmidt", Topic: "Reels", Link: "https://example.org/x"}}, ""},
		{"2Pac | Musik", Speaker{Speaker: meetupbot.Speaker{Name: "2Pac", Topic: "Musik"}}, ""},
		{"Jana", Speaker{}, text.SpeakerParts},
		{"Jana | Reels | javascript:alert(1)", Speaker{}, text.BadLink},
		{"Jana | Reels | example.org", Speaker{}, text.BadLink},
		{" | Reels", Speaker{}, text.EmptyField},
		{strings.Repeat("n", 81) + " | Reels", Speaker{}, text.TooLong},
	}
	checkParser(t, "ParseSpeaker", ParseSpeaker, tests)
}

func TestParseEdit(t *testing.T) {
	tests := []parseCase[Edit]{
		{"3 title New title here", Edit{3, EditTitle, "New title here"}, ""},
		{"#3 Ort  Café  am Markt", Edit{3, EditVenue, "Café  am Markt"}, ""},
		{"3 description line one\nline two", Edit{3, EditDescription, "line one\nline two"}, ""},
		{"3 kapazität 50", Edit{3, EditCapacity, "50"}, ""},
		{"3 title", Edit{}, text.EditParts},
		{"x title y", Edit{}, text.BadEventRef},
		{"3 colour red", Edit{}, text.BadField},
	}
	checkParser(t, "ParseEdit", ParseEdit, tests)
}

func TestParseRule(t *testing.T) {
	thursday := time.Date(2026, 12, 10, 19, 0, 0, 0, berlin)
	parse := func(s string) (meetupbot.Rule, error) { return ParseRule(s, thursday) }
	checkParser(t, "ParseRule", parse, []parseCase[meetupbot.Rule]{
		{"every 2 months on the 2nd thursday", meetupbot.Rule{Every: 2, Unit: meetupbot.Months, Nth: 2, Weekday: time.Thursday}, ""},
		{"monthly on the last friday", meetupbot.Rule{Every: 1, Unit: meetupbot.Months, Nth: meetupbot.LastWeek, Weekday: time.Friday}, ""},
		{"Every 4 Weeks", meetupbot.Rule{Every: 4, Unit: meetupbot.Weeks}, ""},
		{"weekly", meetupbot.Rule{Every: 1, Unit: meetupbot.Weeks}, ""},
		{"monthly", meetupbot.Rule{Every: 1, Unit: meetupbot.Months, Day: 10}, ""},
		{"monthly on the 15th", meetupbot.Rule{Every: 1, Unit: meetupbot.Months, Day: 15}, ""},
		{"every month on the first monday", meetupbot.Rule{Every: 1, Unit: meetupbot.Months, Nth: 1, Weekday: time.Monday}, ""},
		{"alle 2 Monate am 2. Donnerstag", meetupbot.Rule{Every: 2, Unit: meetupbot.Months, Nth: 2, Weekday: time.Thursday}, ""},
		{"monatlich am letzten Freitag", meetupbot.Rule{Every: 1, Unit: meetupbot.Months, Nth: meetupbot.LastWeek, Weekday: time.Friday}, ""},
		{"alle 4 Wochen", meetupbot.Rule{Every: 4, Unit: meetupbot.Weeks}, ""},
		{"wöchentlich", meetupbot.Rule{Every: 1, Unit: meetupbot.Weeks}, ""},
		{"jeden Monat am 1. Montag", meetupbot.Rule{Every: 1, Unit: meetupbot.Months, Nth: 1, Weekday: time.Monday}, ""},
		{"", meetupbot.Rule{}, text.BadRule},
		{"every fortnight", meetupbot.Rule{}, text.BadRule},
		{"every 0 weeks", meetupbot.Rule{}, text.BadRule},
		{"every 13 months", meetupbot.Rule{}, text.BadRule},
		{"every 2 weeks on thursday", meetupbot.Rule{}, text.BadRule},
		{"monthly on the 5th friday", meetupbot.Rule{}, text.BadRule},
		{"monthly on the 2nd friyay", meetupbot.Rule{}, text.BadRule},
		{"monthly on the 32nd", meetupbot.Rule{}, text.BadRule},
		{"daily", meetupbot.Rule{}, text.BadRule},
	})
}

func TestParseReminders(t *testing.T) {
	join := func(s string) (string, error) {
		leads, err := ParseReminders(s)
		var parts []string
		for _, d := range leads {
			parts = append(parts, d.String())
		}
		return strings.Join(parts, " "), err
	}
	checkParser(t, "ParseReminders", join, []parseCase[string]{
		{"48h 3h", "48h0m0s 3h0m0s", ""},
		{"3h 48h 3h", "48h0m0s 3h0m0s", ""},
		{"2d 90m", "48h0m0s 1h30m0s", ""},
		{"off", "", ""},
		{"aus", "", ""},
		{"soon", "", text.BadReminder},
		{"-2h", "", text.BadReminder},
		{"30s", "", text.BadReminder},
		{"31d", "", text.BadReminder},
		{"1h 2h 3h 4h 5h 6h", "", text.TooManyReminders},
	})
}

func TestParseAnnounceLead(t *testing.T) {
	checkParser(t, "ParseAnnounceLead", ParseAnnounceLead, []parseCase[AnnounceLead]{
		{"14d", AnnounceLead{Before: 14 * 24 * time.Hour}, ""},
		{"36h", AnnounceLead{Before: 36 * time.Hour}, ""},
		{"now", AnnounceLead{Now: true}, ""},
		{"Jetzt", AnnounceLead{Now: true}, ""},
		{"never", AnnounceLead{Never: true}, ""},
		{"nie", AnnounceLead{Never: true}, ""},
		{"0d", AnnounceLead{}, text.BadAnnounceLead},
		{"400d", AnnounceLead{}, text.BadAnnounceLead},
		{"soon", AnnounceLead{}, text.BadAnnounceLead},
	})
}

func TestParseScheduleAdd(t *testing.T) {
	checkParser(t, "ParseScheduleAdd", ParseScheduleAdd, []parseCase[ScheduleAdd]{
		{"0 18 * * 1 | Heute Stammtisch!", ScheduleAdd{"0 18 * * 1", "Heute Stammtisch!"}, ""},
		{"  @weekly   |  Wochenpost ", ScheduleAdd{"@weekly", "Wochenpost"}, ""},
		{"0 18 * * 1", ScheduleAdd{}, text.ScheduleParts},
		{" | text", ScheduleAdd{}, text.ScheduleParts},
		{"@weekly | ", ScheduleAdd{}, text.EmptyField},
		{"@weekly | " + strings.Repeat("x", MaxPostLen+1), ScheduleAdd{}, text.TooLong},
	})
}

func TestParseSwitchAndTimeZone(t *testing.T) {
	checkParser(t, "ParseSwitch", ParseSwitch, []parseCase[bool]{
		{"on", true, ""}, {"AN", true, ""}, {"off", false, ""}, {"aus", false, ""}, {"maybe", false, text.BadSwitch}, {"", false, text.NeedSwitch},
	})
	zone := func(s string) (string, error) {
		loc, err := ParseTimeZone(s)
		if err != nil {
			return "", err
		}
		return loc.String(), nil
	}
	checkParser(t, "ParseTimeZone", zone, []parseCase[string]{
		{"Europe/Vienna", "Europe/Vienna", ""},
		{" UTC ", "UTC", ""},
		{"Local", "", text.BadTimeZone},
		{"Mars/Olympus", "", text.BadTimeZone},
		{"Europe/Berlin Europe/Paris", "", text.BadTimeZone},
		{"", "", text.BadTimeZone},
	})
}

func FuzzParseNewEvent(f *testing.F) {
	f.Add("2026-12-10 19:00 | Stammtisch | Café Central | 40")
	f.Add("10.12.2026 19.30 | a | b | unbegrenzt")
	f.Add("31.02.2027 25:61 | | |")
	f.Fuzz(func(t *testing.T, args string) {
		in, err := ParseNewEvent(args, berlin, now)
		mustBeInputError(t, args, err)
		if err != nil {
			return
		}
		switch {
		case in.Title == "" || utf8.RuneCountInString(in.Title) > meetupbot.MaxTitleLen:
			t.Errorf("%q: title %q", args, in.Title)
		case in.Venue == "" || utf8.RuneCountInString(in.Venue) > meetupbot.MaxVenueLen:
			t.Errorf("%q: venue %q", args, in.Venue)
		case in.Capacity < 0 || in.Capacity > meetupbot.MaxCapacity:
			t.Errorf("%q: capacity %d", args, in.Capacity)
		case !in.Start.After(now) || in.Start.After(now.AddDate(3, 0, 1)):
			t.Errorf("%q: start %v", args, in.Start)
		}
	})
}

func FuzzParseRSVP(f *testing.F) {
	f.Add("ja +1 3")
	f.Add("vielleicht")
	f.Add("+99999999999999999999")
	f.Fuzz(func(t *testing.T, args string) {
		in, err := ParseRSVP(args)
		mustBeInputError(t, args, err)
		if err == nil && (in.Answer.Guests < 0 || in.Answer.Guests > meetupbot.MaxGuests || in.EventID < 0) {
			t.Errorf("ParseRSVP(%q) = %+v", args, in)
		}
	})
}

func FuzzParseRule(f *testing.F) {
	f.Add("every 2 months on the 2nd thursday")
	f.Add("monatlich am letzten Freitag")
	f.Add("every 99999999999999999999 weeks")
	start := time.Date(2026, 12, 31, 19, 0, 0, 0, berlin)
	f.Fuzz(func(t *testing.T, s string) {
		rule, err := ParseRule(s, start)
		mustBeInputError(t, s, err)
		if err != nil {
			return
		}
		if err := rule.Validate(); err != nil {
			t.Fatalf("ParseRule(%q) = %+v, which does not validate", s, rule)
		}
		if next := rule.Next(start, berlin); !next.After(start) || next.After(start.AddDate(1, 0, 7)) {
			t.Errorf("ParseRule(%q).Next(%v) = %v", s, start, next)
		}
	})
}

func FuzzParseScheduleAdd(f *testing.F) {
	f.Add("0 18 * * 1 | Heute Stammtisch!")
	f.Add("@weekly|")
	f.Add("TZ=Europe/Berlin 0 18 * * * | x")
	f.Fuzz(func(t *testing.T, args string) {
		in, err := ParseScheduleAdd(args)
		mustBeInputError(t, args, err)
		if err != nil {
			return
		}
		if in.Spec == "" || in.Text == "" {
			t.Errorf("ParseScheduleAdd(%q) = %+v", args, in)
		}
	})
}

func TestParseWhen(t *testing.T) {
	// now is Tuesday, 1 December 2026, 10:00 in Berlin.
	at := func(y int, m time.Month, d, h, mi int) time.Time {
		return time.Date(y, m, d, h, mi, 0, 0, berlin).UTC()
	}
	parse := func(s string) (time.Time, error) { return ParseWhen(s, berlin, now) }
	checkParser(t, "ParseWhen", parse, []parseCase[time.Time]{
		{"10.12.2026 19:00", at(2026, 12, 10, 19, 0), ""},
		{"10.12. 19 Uhr", at(2026, 12, 10, 19, 0), ""},
		{"10.12 19:00 Uhr", at(2026, 12, 10, 19, 0), ""},
		{"10.12.26 19h", at(2026, 12, 10, 19, 0), ""},
		{"2026-12-10 19.30", at(2026, 12, 10, 19, 30), ""},
		{"Do 10.12.2026 19:00", at(2026, 12, 10, 19, 0), ""},
		{"Do. 10.12. um 19 Uhr", at(2026, 12, 10, 19, 0), ""},
		{"10.12.2026, 19:00", at(2026, 12, 10, 19, 0), ""},
		{"Thu 10 Dec 7pm", at(2026, 12, 10, 19, 0), ""},
		{"10. Dezember 2026 19 Uhr", at(2026, 12, 10, 19, 0), ""},
		{"dec 10 7:30 pm", at(2026, 12, 10, 19, 30), ""},
		{"morgen 19 Uhr", at(2026, 12, 2, 19, 0), ""},
		{"tomorrow at 7pm", at(2026, 12, 2, 19, 0), ""},
		{"nächsten Donnerstag 19:00", at(2026, 12, 3, 19, 0), ""},
		{"next tuesday 18:30", at(2026, 12, 8, 18, 30), ""},
		{"5.1. 19 Uhr", at(2027, 1, 5, 19, 0), ""},
		{"1.12. 9 Uhr", at(2027, 12, 1, 9, 0), ""},
		{"12am 10.12.", at(2026, 12, 10, 0, 0), ""},
		{"19 Uhr", time.Time{}, text.MissingDate},
		{"10.12.2026", time.Time{}, text.MissingTime},
		{"Fr 10.12.2026 19:00", time.Time{}, text.WrongWeekday},
		{"Do 19:30", at(2026, 12, 3, 19, 30), ""},
		{"Di 19:30", at(2026, 12, 1, 19, 30), ""},
		{"Di 9:30", at(2026, 12, 8, 9, 30), ""},
		{"Mo. 19 Uhr", at(2026, 12, 7, 19, 0), ""},
		{"Mittwoch 18h", at(2026, 12, 2, 18, 0), ""},
		{"So 11:00", at(2026, 12, 6, 11, 0), ""},
		{"Fri 7pm", at(2026, 12, 4, 19, 0), ""},
		{"saturday 10:00", at(2026, 12, 5, 10, 0), ""},
		{"29.02. 19 Uhr", at(2028, 2, 29, 19, 0), ""},
		{"Do", time.Time{}, text.MissingTime},
		{"31.02.2027 19:00", time.Time{}, text.NoSuchDay},
		{"31.02.", time.Time{}, text.NoSuchDay},
		{"31.04. 19 Uhr", time.Time{}, text.NoSuchDay},
		{"29.02.2027 19:00", time.Time{}, text.NoLeapDay},
		{"Mi 10.12.", time.Time{}, text.WrongWeekday},
		{"Do 10.12.", time.Time{}, text.MissingTime},
		{"Mi 10.12. 19 Uhr", time.Time{}, text.WrongWeekday},
		{"gestern 19 Uhr", time.Time{}, text.DateInPast},
		{"yesterday 7pm", time.Time{}, text.DateInPast},
		{"heute 9 Uhr", time.Time{}, text.DateInPast},
		{"vorgestern 19 Uhr", time.Time{}, text.DateInPast},
		{"32.12. 19:00", time.Time{}, text.BadDate},
		{"10.12. 25 Uhr", time.Time{}, text.BadTime},
		{"10.12. 13pm", time.Time{}, text.BadTime},
		{"10.12. abends", time.Time{}, text.BadTime},
		{"bald 19 Uhr", time.Time{}, text.BadDate},
		{"10.12. 11.12. 19:00", time.Time{}, text.BadTime},
		{"10.12. morgen 19:00", time.Time{}, text.TwoDates},
		{"1.12.2026 9:00", time.Time{}, text.DateInPast},
		{"10.12.2035 19:00", time.Time{}, text.DateTooFar},
	})
	// What an answer names: the words as typed, and the facts that make
	// them wrong.
	for _, tt := range []struct {
		args string
		want []any
	}{
		{"10.12. abends", []any{"abends"}},
		{"10.12. Abends", []any{"Abends"}},
		{"Mi 10.12.", []any{"Mi", "10.12.", time.Thursday}},
		{"MITTWOCH 10. Dez 19 Uhr", []any{"MITTWOCH", "10. Dez", time.Thursday}},
		{"31.02.", []any{31, time.February}},
		{"29.02.2027 19:00", []any{2027}},
		{"gestern 19 Uhr", []any{time.Date(2026, 11, 30, 19, 0, 0, 0, berlin)}},
		{"Nächsten Freitag morgen 19:00", []any{"morgen"}},
	} {
		t.Run("names "+tt.args, func(t *testing.T) {
			_, err := parse(tt.args)
			var in *Error
			if !errors.As(err, &in) || !slices.EqualFunc(in.Args, tt.want, func(a, b any) bool {
				if at, ok := a.(time.Time); ok {
					bt, ok := b.(time.Time)
					return ok && at.Equal(bt)
				}
				return a == b
			}) {
				t.Errorf("ParseWhen(%q) = %v, want an answer naming %v", tt.args, err, tt.want)
			}
		})
	}
}

func FuzzParseWhen(f *testing.F) {
	for _, seed := range []string{"10.12. 19 Uhr", "Thu 10 Dec 7pm", "nächsten Donnerstag 19:00", "31.02.2027 25:61", "next next", "7 pm pm", "Do 19:30", "gestern 19 Uhr", "31.02.", "29.02.", "So"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		start, err := ParseWhen(s, berlin, now)
		mustBeInputError(t, s, err)
		if err == nil && (!start.After(now) || start.After(now.AddDate(3, 0, 2))) {
			t.Errorf("ParseWhen(%q) = %v", s, start)
		}
	})
}

func TestParseQuiet(t *testing.T) {
	tests := []struct {
		in      string
		want    meetupbot.QuietHours
		wantErr text.Key
	}{
		{"22:00-08:00", meetupbot.QuietHours{From: 22 * 60, To: 8 * 60}, ""},
		{"22-8", meetupbot.QuietHours{From: 22 * 60, To: 8 * 60}, ""},
		{"23:30 07.15", meetupbot.QuietHours{From: 23*60 + 30, To: 7*60 + 15}, ""},
		{"1 Uhr – 6 Uhr", meetupbot.QuietHours{From: 60, To: 6 * 60}, ""},
		{"off", meetupbot.QuietHours{}, ""},
		{"aus", meetupbot.QuietHours{}, ""},
		{"nachts", meetupbot.QuietHours{}, text.BadQuiet},
		{"22:00", meetupbot.QuietHours{}, text.BadQuiet},
		{"25:00-08:00", meetupbot.QuietHours{}, text.BadQuiet},
		{"22:7-08:00", meetupbot.QuietHours{}, text.BadQuiet},
		{"08:00-08:00", meetupbot.QuietHours{}, text.QuietEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseQuiet(tt.in)
			var in *Error
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("ParseQuiet(%q) failed: %v", tt.in, err)
			case tt.wantErr != "" && (!errors.As(err, &in) || in.Key != tt.wantErr):
				t.Fatalf("ParseQuiet(%q) = %v, want %s", tt.in, err, tt.wantErr)
			case got != tt.want:
				t.Errorf("ParseQuiet(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseReserve(t *testing.T) {
	tests := []struct {
		in      string
		want    Reservation
		wantErr text.Key
	}{
		{"", Reservation{}, ""},
		{"3", Reservation{EventID: 3}, ""},
		{"#3 off", Reservation{EventID: 3, Off: true}, ""},
		{"aus", Reservation{Off: true}, ""},
		{"morgen", Reservation{}, text.BadEventRef},
		{"3 4", Reservation{}, text.BadReserve},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseReserve(tt.in)
			var in *Error
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("ParseReserve(%q) failed: %v", tt.in, err)
			case tt.wantErr != "" && (!errors.As(err, &in) || in.Key != tt.wantErr):
				t.Fatalf("ParseReserve(%q) = %v, want %s", tt.in, err, tt.wantErr)
			case got != tt.want:
				t.Errorf("ParseReserve(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

package bot

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
	"time"

	"github.com/meetupbot/meetupbot"
)

var (
	berlin, _ = time.LoadLocation("Europe/Berlin")
	now       = time.Date(2026, 12, 1, 10, 0, 0, 0, berlin)
)

func inputKey(err error) msgKey {
	var in *inputError
	if errors.As(err, &in) {
		return in.key
	}
	return ""
}

type parseCase[T comparable] struct {
	args    string
	want    T
	wantErr msgKey
}

// checkParser runs a parser over its table: each row either parses to want
// or fails with the input error wantErr.
func checkParser[T comparable](t *testing.T, name string, parse func(string) (T, error), tests []parseCase[T]) {
	t.Helper()
	for _, tt := range tests {
		got, err := parse(tt.args)
		if key := inputKey(err); key != tt.wantErr || (err != nil) != (tt.wantErr != "") {
			t.Errorf("%s(%q) error = %v, want %s", name, tt.args, err, tt.wantErr)
			continue
		}
		if err == nil && got != tt.want {
			t.Errorf("%s(%q) = %+v, want %+v", name, tt.args, got, tt.want)
		}
	}
}

func TestParseNewEvent(t *testing.T) {
	tests := []parseCase[newEventInput]{
		{"2026-12-10 19:00 | Stammtisch | Café Central | 40", newEventInput{time.Date(2026, 12, 10, 18, 0, 0, 0, time.UTC), "Stammtisch", "Café Central", 40}, ""},
		{"10.12.2026 19.30 |  Stammtisch  | Café", newEventInput{time.Date(2026, 12, 10, 18, 30, 0, 0, time.UTC), "Stammtisch", "Café", 0}, ""},
		{"1.7.2027 9:05 | Sommer | Park | unbegrenzt", newEventInput{time.Date(2027, 7, 1, 7, 5, 0, 0, time.UTC), "Sommer", "Park", 0}, ""},
		{"10.12.2026 19:00 | Titel", newEventInput{}, errNewEventParts},
		{"10.12.2026 19:00 | a | b | 1 | 2", newEventInput{}, errNewEventParts},
		{"10.12.2026 | a | b", newEventInput{}, errNeedDateTime},
		{"10/12/2026 19:00 | a | b", newEventInput{}, errBadDate},
		{"2026-12-10 7pm | a | b", newEventInput{}, errBadTime},
		{"2026-12-01 09:59 | a | b", newEventInput{}, errDateInPast},
		{"2026-12-01 10:00 | a | b", newEventInput{}, errDateInPast},
		{"2030-12-10 19:00 | a | b", newEventInput{}, errDateTooFar},
		{"2026-12-10 19:00 |  | b", newEventInput{}, errEmptyField},
		{"2026-12-10 19:00 | a | " + strings.Repeat("v", 201), newEventInput{}, errTooLong},
		{"2026-12-10 19:00 | a | b | 0", newEventInput{}, errBadCapacity},
		{"2026-12-10 19:00 | a | b | 10001", newEventInput{}, errBadCapacity},
	}
	checkParser(t, "parseNewEvent", func(args string) (newEventInput, error) { return parseNewEvent(args, berlin, now) }, tests)
}

func TestParseRSVP(t *testing.T) {
	yes := meetupbot.StatusGoing
	tests := []parseCase[rsvpInput]{
		{"", rsvpInput{Answer: meetupbot.Answer{Status: yes}}, ""},
		{"ja", rsvpInput{Answer: meetupbot.Answer{Status: yes}}, ""},
		{"Yes +2", rsvpInput{Answer: meetupbot.Answer{Status: yes, Guests: 2}}, ""},
		{"+1", rsvpInput{Answer: meetupbot.Answer{Status: yes, Guests: 1}}, ""},
		{"vielleicht #3", rsvpInput{Answer: meetupbot.Answer{Status: meetupbot.StatusMaybe}, EventID: 3}, ""},
		{"3 nein", rsvpInput{Answer: meetupbot.Answer{Status: meetupbot.StatusDeclined}, EventID: 3}, ""},
		{"no", rsvpInput{Answer: meetupbot.Answer{Status: meetupbot.StatusDeclined}}, ""},
		{"yes +0", rsvpInput{Answer: meetupbot.Answer{Status: yes}}, ""},
		{"yes +10", rsvpInput{}, errTooManyGuests},
		{"yes +x", rsvpInput{}, errBadGuests},
		{"yes +-1", rsvpInput{}, errBadGuests},
		{"maybe +1", rsvpInput{}, errGuestsNeedYes},
		{"yes no", rsvpInput{}, errBadRSVPWord},
		{"1 2", rsvpInput{}, errBadRSVPWord},
		{"sure", rsvpInput{}, errBadRSVPWord},
	}
	checkParser(t, "parseRSVP", parseRSVP, tests)
}

func TestParseSpeaker(t *testing.T) {
	tests := []parseCase[speakerInput]{
		{"Jana | Reels", speakerInput{Speaker: meetupbot.Speaker{Name: "Jana", Topic: "Reels"}}, ""},
		{"#2 Jana Schmidt | Reels | https://example.org/x", speakerInput{EventID: 2, Speaker: meetupbot.Speaker{Name: "Jana Schmidt", Topic: "Reels", Link: "https://example.org/x"}}, ""},
		{"2Pac | Musik", speakerInput{Speaker: meetupbot.Speaker{Name: "2Pac", Topic: "Musik"}}, ""},
		{"Jana", speakerInput{}, errSpeakerParts},
		{"Jana | Reels | javascript:alert(1)", speakerInput{}, errBadLink},
		{"Jana | Reels | example.org", speakerInput{}, errBadLink},
		{" | Reels", speakerInput{}, errEmptyField},
		{strings.Repeat("n", 81) + " | Reels", speakerInput{}, errTooLong},
	}
	checkParser(t, "parseSpeaker", parseSpeaker, tests)
}

func TestParseEdit(t *testing.T) {
	tests := []parseCase[editInput]{
		{"3 title New title here", editInput{3, editTitle, "New title here"}, ""},
		{"#3 Ort  Café  am Markt", editInput{3, editVenue, "Café  am Markt"}, ""},
		{"3 description line one\nline two", editInput{3, editDescription, "line one\nline two"}, ""},
		{"3 kapazität 50", editInput{3, editCapacity, "50"}, ""},
		{"3 title", editInput{}, errEditParts},
		{"x title y", editInput{}, errBadEventRef},
		{"3 colour red", editInput{}, errBadField},
	}
	checkParser(t, "parseEdit", parseEdit, tests)
}

func TestParseRSVPData(t *testing.T) {
	tests := []struct {
		data string
		id   int64
		ok   bool
	}{
		{"r:12:y", 12, true}, {"r:12:g", 12, true}, {"r:0:y", 0, false}, {"r:-3:y", 0, false},
		{"r:12:z", 0, false}, {"r:12", 0, false}, {"x:12:y", 0, false}, {"r:12:y:extra", 0, false},
	}
	for _, tt := range tests {
		id, _, ok := parseRSVPData(tt.data)
		if ok != tt.ok || (ok && id != tt.id) {
			t.Errorf("parseRSVPData(%q) = %d, %v, want %d, %v", tt.data, id, ok, tt.id, tt.ok)
		}
	}
}

// TestCatalogIsComplete checks that every text key declared in texts.go
// exists in both languages with the same placeholders.
func TestCatalogIsComplete(t *testing.T) {
	file, err := parser.ParseFile(token.NewFileSet(), "texts.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var keys []msgKey
	ast.Inspect(file, func(n ast.Node) bool {
		spec, ok := n.(*ast.ValueSpec)
		if !ok || spec.Type == nil || len(spec.Values) == 0 {
			return true
		}
		if ident, ok := spec.Type.(*ast.Ident); ok && ident.Name == "msgKey" {
			for _, v := range spec.Values {
				keys = append(keys, msgKey(strings.Trim(v.(*ast.BasicLit).Value, `"`)))
			}
		}
		return true
	})
	for _, name := range append(append([]string{}, memberCommands...), organizerCommands...) {
		keys = append(keys, menuKey(name))
	}
	if len(keys) < 100 {
		t.Fatalf("found only %d keys in texts.go", len(keys))
	}
	for _, key := range keys {
		de, okDE := catalog[meetupbot.German][key]
		en, okEN := catalog[meetupbot.English][key]
		if !okDE || !okEN {
			t.Errorf("text %q: German %v, English %v", key, okDE, okEN)
			continue
		}
		if verbs(de) != verbs(en) {
			t.Errorf("text %q has placeholders %q in German and %q in English", key, verbs(de), verbs(en))
		}
	}
	for lang, texts := range catalog {
		if len(texts) != len(keys) {
			t.Errorf("%s has %d texts, want %d (one per key)", lang, len(texts), len(keys))
		}
	}
}

func verbs(format string) string {
	var out []string
	for i := 0; i < len(format)-1; i++ {
		if format[i] == '%' {
			out = append(out, format[i:i+2])
			i++
		}
	}
	return strings.Join(out, " ")
}

func TestParseRule(t *testing.T) {
	thursday := time.Date(2026, 12, 10, 19, 0, 0, 0, berlin)
	parse := func(s string) (meetupbot.Rule, error) { return parseRule(s, thursday) }
	checkParser(t, "parseRule", parse, []parseCase[meetupbot.Rule]{
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
		{"", meetupbot.Rule{}, errBadRule},
		{"every fortnight", meetupbot.Rule{}, errBadRule},
		{"every 0 weeks", meetupbot.Rule{}, errBadRule},
		{"every 13 months", meetupbot.Rule{}, errBadRule},
		{"every 2 weeks on thursday", meetupbot.Rule{}, errBadRule},
		{"monthly on the 5th friday", meetupbot.Rule{}, errBadRule},
		{"monthly on the 2nd friyay", meetupbot.Rule{}, errBadRule},
		{"monthly on the 32nd", meetupbot.Rule{}, errBadRule},
		{"daily", meetupbot.Rule{}, errBadRule},
	})
}

func TestParseReminders(t *testing.T) {
	join := func(s string) (string, error) {
		leads, err := parseReminders(s)
		var parts []string
		for _, d := range leads {
			parts = append(parts, d.String())
		}
		return strings.Join(parts, " "), err
	}
	checkParser(t, "parseReminders", join, []parseCase[string]{
		{"48h 3h", "48h0m0s 3h0m0s", ""},
		{"3h 48h 3h", "48h0m0s 3h0m0s", ""},
		{"2d 90m", "48h0m0s 1h30m0s", ""},
		{"off", "", ""},
		{"aus", "", ""},
		{"soon", "", errBadReminder},
		{"-2h", "", errBadReminder},
		{"30s", "", errBadReminder},
		{"31d", "", errBadReminder},
		{"1h 2h 3h 4h 5h 6h", "", errTooManyReminders},
	})
}

func TestParseAnnounceLead(t *testing.T) {
	checkParser(t, "parseAnnounceLead", parseAnnounceLead, []parseCase[announceLead]{
		{"14d", announceLead{before: 14 * 24 * time.Hour}, ""},
		{"36h", announceLead{before: 36 * time.Hour}, ""},
		{"now", announceLead{now: true}, ""},
		{"Jetzt", announceLead{now: true}, ""},
		{"never", announceLead{never: true}, ""},
		{"nie", announceLead{never: true}, ""},
		{"0d", announceLead{}, errBadAnnounceLead},
		{"400d", announceLead{}, errBadAnnounceLead},
		{"soon", announceLead{}, errBadAnnounceLead},
	})
}

func TestParseScheduleAdd(t *testing.T) {
	checkParser(t, "parseScheduleAdd", parseScheduleAdd, []parseCase[scheduleInput]{
		{"0 18 * * 1 | Heute Stammtisch!", scheduleInput{"0 18 * * 1", "Heute Stammtisch!"}, ""},
		{"  @weekly   |  Wochenpost ", scheduleInput{"@weekly", "Wochenpost"}, ""},
		{"0 18 * * 1", scheduleInput{}, errScheduleParts},
		{" | text", scheduleInput{}, errScheduleParts},
		{"@weekly | ", scheduleInput{}, errEmptyField},
		{"@weekly | " + strings.Repeat("x", maxPostLen+1), scheduleInput{}, errTooLong},
	})
}

func TestParseSwitchAndTimeZone(t *testing.T) {
	checkParser(t, "parseSwitch", parseSwitch, []parseCase[bool]{
		{"on", true, ""}, {"AN", true, ""}, {"off", false, ""}, {"aus", false, ""}, {"maybe", false, errBadSwitch}, {"", false, errBadSwitch},
	})
	zone := func(s string) (string, error) {
		loc, err := parseTimeZone(s)
		if err != nil {
			return "", err
		}
		return loc.String(), nil
	}
	checkParser(t, "parseTimeZone", zone, []parseCase[string]{
		{"Europe/Vienna", "Europe/Vienna", ""},
		{" UTC ", "UTC", ""},
		{"Local", "", errBadTimeZone},
		{"Mars/Olympus", "", errBadTimeZone},
		{"Europe/Berlin Europe/Paris", "", errBadTimeZone},
		{"", "", errBadTimeZone},
	})
}

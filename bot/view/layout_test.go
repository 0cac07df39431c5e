package view

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/input"
	"github.com/meetupbot/meetupbot/bot/text"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var berlin, _ = time.LoadLocation("Europe/Berlin")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./bot/view -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func context(lang meetupbot.Lang) Context {
	return Context{Lang: lang, Zone: berlin, Now: time.Date(2026, 12, 1, 10, 0, 0, 0, berlin), Bot: "meetup_test_bot"}
}

func fixture() (meetupbot.Event, []meetupbot.Attendee) {
	ev := meetupbot.Event{
		ID: 7, ChatID: -1001, Title: "Social Media Stammtisch #12", Venue: "Café Central, Marktplatz 3",
		Description: "Wir sprechen über Reels & <Shorts>.", Start: time.Date(2026, 12, 10, 18, 0, 0, 0, time.UTC),
		Capacity: 4, Tally: meetupbot.Tally{Going: 3, Guests: 1, Maybe: 1, Declined: 1, WaitingPeople: 1},
		Speakers: []meetupbot.Speaker{
			{Name: "Jana Schmidt", Topic: "Reels für Vereine", Link: "https://example.org/jana"},
			{Name: "Tom", Topic: "Datenschutz im Social Web"},
		},
	}
	person := func(id int64, name string, status meetupbot.Status, guests int, seq int64) meetupbot.Attendee {
		return meetupbot.Attendee{
			RSVP:   meetupbot.RSVP{EventID: 7, UserID: id, Status: status, Guests: guests, Seq: seq},
			Member: meetupbot.Member{ID: id, FirstName: name},
		}
	}
	return ev, []meetupbot.Attendee{
		person(1, "Anna", meetupbot.StatusGoing, 1, 1),
		person(2, "Ben <3", meetupbot.StatusGoing, 0, 2),
		person(3, "Cem", meetupbot.StatusMaybe, 0, 3),
		person(4, "Dana", meetupbot.StatusGoing, 0, 4),
		person(5, "Emil", meetupbot.StatusDeclined, 0, 5),
		person(6, "Fatma", meetupbot.StatusWaiting, 0, 6),
	}
}

var languages = []meetupbot.Lang{meetupbot.German, meetupbot.English}

func TestLayoutAnnouncement(t *testing.T) {
	ev, _ := fixture()
	for _, lang := range languages {
		golden(t, "announcement."+string(lang)+".golden", Card(context(lang), ev))
	}
	ev.Cancelled, ev.CancelReason = true, "Der Raum ist nicht verfügbar"
	golden(t, "announcement-cancelled.de.golden", Card(context(meetupbot.German), ev))
}

func TestLayoutAttendees(t *testing.T) {
	ev, list := fixture()
	for _, lang := range languages {
		golden(t, "attendees."+string(lang)+".golden", Attendees(context(lang), ev, list, false))
	}
}

func TestLayoutReminder(t *testing.T) {
	ev, _ := fixture()
	for _, lang := range languages {
		c := context(lang)
		c.Now = ev.Start.Add(-2 * time.Hour)
		golden(t, "reminder."+string(lang)+".golden", Reminder(c, ev))
	}
}

func TestLayoutNotices(t *testing.T) {
	ev, list := fixture()
	ev.Announcement = meetupbot.MessageRef{ChatID: ev.ChatID, MessageID: 3}
	list[0].Member.Started = true
	list[3].Member.Started, list[3].Member.LanguageCode = true, "en"
	change := meetupbot.EventChange{Event: ev, Promoted: list[3:4], Cancelled: true, Concerned: []meetupbot.Attendee{list[0], list[1], list[2]}}
	var sb strings.Builder
	for _, out := range Notices(context(meetupbot.German), meetupbot.German, change, nil) {
		fmt.Fprintf(&sb, "to %d (reply to %d):\n%s\n\n", out.ChatID, out.ReplyTo, out.Text)
	}
	golden(t, "notices.golden", sb.String())
}

func TestRSVPButtonsOnlyWhileOpen(t *testing.T) {
	ev, _ := fixture()
	c := context(meetupbot.German)
	rows := RSVPButtons(c, ev)
	var data []string
	for _, row := range rows {
		for _, b := range row {
			data = append(data, b.Data)
			if got := input.ParseButton(b.Data); (got.Kind != input.ButtonRSVP && got.Kind != input.ButtonCalendar) || got.EventID != ev.ID {
				t.Errorf("button %q reads as %+v", b.Data, got)
			}
		}
	}
	if len(data) != 5 {
		t.Errorf("RSVPButtons = %v, want going, maybe, can't, guest and calendar", data)
	}
	for name, closed := range map[string]func(*meetupbot.Event){
		"cancelled": func(e *meetupbot.Event) { e.Cancelled = true },
		"started":   func(e *meetupbot.Event) { e.Start = c.Now },
	} {
		e := ev
		closed(&e)
		if rows := RSVPButtons(c, e); rows != nil {
			t.Errorf("%s meetup has buttons %v", name, rows)
		}
	}
}

// TestProblem checks the one mapping from errors to what a member reads.
func TestProblem(t *testing.T) {
	c := context(meetupbot.English)
	tests := []struct {
		err       error
		want      text.Key
		withUsage bool
		known     bool
	}{
		{fmt.Errorf("edit event 3: %w", meetupbot.ErrEventNotFound), text.EventNotFound, false, true},
		{meetupbot.ErrNoSpeaker, text.NoSpeaker, true, true},
		{fmt.Errorf("answer: %w", meetupbot.ErrEventOver), text.EventOver, false, true},
		{ErrNoUpcoming, text.NoUpcoming, false, true},
		{errors.New("disk full"), text.InternalError, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.err.Error(), func(t *testing.T) {
			got, withUsage, known := Problem(c, tt.err)
			if got != c.T(tt.want, firstArgs(tt.want)...) || withUsage != tt.withUsage || known != tt.known {
				t.Errorf("Problem(%v) = %q, %v, %v, want %q, %v, %v", tt.err, got, withUsage, known, c.T(tt.want), tt.withUsage, tt.known)
			}
		})
	}
	_, err := input.ParseRSVP("yes " + strings.Repeat("<b>", 2000))
	got, withUsage, known := Problem(c, err)
	if !known || !withUsage || strings.Contains(got, "<b>") || len(got) > 200 {
		t.Errorf("Problem(input error) = %q, %v, %v: want an escaped excerpt with the usage", got, withUsage, known)
	}
	// Dates, weekdays and months in an input error read in the reader's
	// language and the group's zone.
	at := time.Date(2026, 11, 30, 18, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		arg  any
		lang meetupbot.Lang
		want string
	}{
		{time.Thursday, meetupbot.German, "Donnerstag"},
		{time.Thursday, meetupbot.English, "Thursday"},
		{time.March, meetupbot.German, "März"},
		{time.March, meetupbot.English, "March"},
		{at, meetupbot.German, ShortTime(context(meetupbot.German), at)},
		{at, meetupbot.English, ShortTime(context(meetupbot.English), at)},
		{"<Mi>", meetupbot.German, "&lt;Mi&gt;"},
	} {
		t.Run(fmt.Sprintf("%s %v", tt.lang, tt.arg), func(t *testing.T) {
			c := context(tt.lang)
			err := &input.Error{Key: text.BadRSVPWord, Args: []any{tt.arg}}
			if got, _, _ := Problem(c, err); got != "⚠️ "+c.T(text.BadRSVPWord, tt.want) {
				t.Errorf("Problem(%v) = %q, want it to read %q", tt.arg, got, tt.want)
			}
		})
	}
}

func firstArgs(key text.Key) []any {
	for _, p := range problems {
		if p.key == key {
			return p.args
		}
	}
	return nil
}

func TestSplitKeepsLinesWhole(t *testing.T) {
	line := strings.Repeat("x", 99)
	parts := Split(strings.Repeat(line+"\n", 100))
	if len(parts) < 3 {
		t.Fatalf("Split gave %d parts of a 10,000-character text", len(parts))
	}
	for _, p := range parts {
		if len(p) > MaxText {
			t.Errorf("part of %d characters", len(p))
		}
		for _, l := range strings.Split(p, "\n") {
			if l != line && l != "" {
				t.Errorf("a line was cut: %q", l)
			}
		}
	}
}

func TestWordingOfLeadsRulesAndLateReminders(t *testing.T) {
	group := meetupbot.Chat{Title: "Stammtisch"}
	leads := []time.Duration{48 * time.Hour, 3 * time.Hour}
	tests := []struct {
		name, got, want string
	}{
		{"two reminders, German", Reminders(context(meetupbot.German), group, leads), "⏰ Erinnerungen in „Stammtisch“: 2 Tage vorher und 3 Stunden vorher."},
		{"two reminders, English", Reminders(context(meetupbot.English), group, leads), "⏰ Reminders in “Stammtisch”: 2 days before and 3 hours before the start."},
		{"three reminders", Reminders(context(meetupbot.German), group, []time.Duration{24 * time.Hour, time.Hour, 30 * time.Minute}),
			"⏰ Erinnerungen in „Stammtisch“: 1 Tag vorher, 1 Stunde vorher und 30 Minuten vorher."},
		{"monthly on a day", Rule(context(meetupbot.German), meetupbot.Rule{Every: 1, Unit: meetupbot.Months, Day: 11}), "monatlich am 11. des Monats"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
	for _, tt := range []struct {
		left, want time.Duration
	}{
		{119 * time.Minute, 2 * time.Hour}, {7 * time.Minute, 5 * time.Minute}, {2 * time.Minute, 5 * time.Minute},
		{3*time.Hour + 10*time.Minute, 3 * time.Hour}, {50 * time.Hour, 48 * time.Hour}, {23*time.Hour + 59*time.Minute, 24 * time.Hour},
	} {
		if got := roundLead(tt.left); got != tt.want {
			t.Errorf("roundLead(%v) = %v, want %v", tt.left, got, tt.want)
		}
	}
}

// TestLayoutConfirmations shows what organizers read after each change:
// the value as it is now, and as it was.
func TestLayoutConfirmations(t *testing.T) {
	before, _ := fixture()
	group := meetupbot.Chat{ID: -1001, Title: "Social Media Stammtisch"}
	reminders := []time.Duration{48 * time.Hour, 3 * time.Hour}
	change := func(edit func(*meetupbot.Event)) meetupbot.Event {
		after := before
		edit(&after)
		return after
	}
	edits := []struct {
		field input.EditField
		after meetupbot.Event
	}{
		{input.EditTitle, change(func(e *meetupbot.Event) { e.Title = "Stammtisch <Spezial>" })},
		{input.EditDate, change(func(e *meetupbot.Event) { e.Start = e.Start.AddDate(0, 0, 7) })},
		{input.EditTime, change(func(e *meetupbot.Event) { e.Start = e.Start.Add(time.Hour) })},
		{input.EditVenue, change(func(e *meetupbot.Event) { e.Venue = "Werkstatt & Bar" })},
		{input.EditCapacity, change(func(e *meetupbot.Event) { e.Capacity = 1 })},
		{input.EditCapacity, change(func(e *meetupbot.Event) { e.Capacity = 0 })},
		{input.EditDescription, change(func(e *meetupbot.Event) { e.Description = "Neu" })},
		{input.EditDescription, change(func(e *meetupbot.Event) { e.Description = "" })},
		{input.EditAnnounce, change(func(e *meetupbot.Event) { e.AnnounceBefore = 7 * 24 * time.Hour })},
	}
	for _, lang := range languages {
		c := context(lang)
		var sb strings.Builder
		later := before
		later.Start = c.Now.AddDate(0, 1, 0)
		for _, ev := range []meetupbot.Event{before, later} {
			sb.WriteString(Created(c, group, ev, 14*24*time.Hour, reminders) + "\n\n")
		}
		sb.WriteString(Created(c, group, before, 14*24*time.Hour, nil) + "\n\n")
		for _, e := range edits {
			sb.WriteString(Edited(c, e.field, before, e.after) + "\n\n")
		}
		golden(t, "confirmations."+string(lang)+".golden", sb.String())
	}
}

// TestLayoutGuidedCreation shows every question of the guided creation
// with the answers offered, the preview and its buttons.
func TestLayoutGuidedCreation(t *testing.T) {
	last, _ := fixture()
	last.Start = time.Date(2026, 11, 26, 19, 0, 0, 0, berlin)
	group := meetupbot.Chat{ID: -1001, Title: "Social Media Stammtisch"}
	starts := meetupbot.SuggestStarts([]meetupbot.Event{last}, time.Date(2026, 12, 1, 10, 0, 0, 0, berlin), berlin)
	for _, lang := range languages {
		c := context(lang)
		var sb strings.Builder
		d := meetupbot.Draft{Seq: 3, GroupID: group.ID}
		for _, step := range meetupbot.EventSteps {
			d.Step = step
			d.Offers = DraftOffers(c, step, starts, &last)
			body, buttons := DraftQuestion(c, d)
			sb.WriteString(body + "\n" + keyboard(buttons) + "\n\n")
		}
		d.Step, d.Revising = meetupbot.StepVenue, true
		d.Offers = DraftOffers(c, d.Step, starts, &last)
		body, buttons := DraftQuestion(c, d)
		sb.WriteString(body + "\n" + keyboard(buttons) + "\n\n")
		d.Step, d.Revising, d.Offers = meetupbot.StepPreview, false, nil
		d.Event = meetupbot.Event{ChatID: group.ID, Title: "Social Media Stammtisch", Venue: "Unperfekthaus", Start: time.Date(2026, 12, 10, 19, 0, 0, 0, berlin), Capacity: 40}
		twin := d.Event
		twin.ID = 4
		body, buttons = DraftPreview(c, c, group, d, &twin)
		sb.WriteString(body + "\n" + keyboard(buttons) + "\n" + keyboard(DraftChanges(c, d)) + "\n\n")
		sb.WriteString(DraftAnswered(c, meetupbot.StepVenue, "Unperfekthaus <Essen>") + "\n")
		golden(t, "guided."+string(lang)+".golden", sb.String())
	}
}

// keyboard writes buttons one row a line, each as [label → data], and
// checks the data reads back as the draft button it was written for.
func keyboard(rows [][]meetupbot.Button) string {
	var sb strings.Builder
	for _, row := range rows {
		for _, b := range row {
			fmt.Fprintf(&sb, "[%s → %s] ", b.Text, b.Data)
		}
		sb.WriteString("\n")
	}
	return sb.String()
}

// TestLayoutReconfirmation shows every message of a reconfirmation: the
// question (privately in both languages, and the group's), the release,
// the claim, a claim that passed, a change of start and venue, and what
// organizers see in /attendees.
func TestLayoutReconfirmation(t *testing.T) {
	ev, list := fixture()
	ev.Announcement = meetupbot.MessageRef{ChatID: ev.ChatID, MessageID: 3}
	c := context(meetupbot.German)
	ev.AskReconfirm(ev.Start.Add(-48*time.Hour), 6*time.Hour, nil)
	list[0].Member.Started = true
	list[3].Member.Started, list[3].Member.LanguageCode = true, "en"
	list[0].Confirmed = true
	list[3].ClaimBy = ev.Start.Add(-18 * time.Hour)
	ev.Tally.Confirmed, ev.Released, ev.Promoted = 1, 1, 2
	going := []meetupbot.Attendee{list[0], list[1], list[3]}
	var sb strings.Builder
	write := func(title string, outs []meetupbot.Outgoing) {
		sb.WriteString("== " + title + "\n")
		for _, out := range outs {
			fmt.Fprintf(&sb, "to %d (reply to %d):\n%s\n%s\n", out.ChatID, out.ReplyTo, out.Text, keyboard(out.Buttons))
		}
	}
	write("question", ReconfirmQuestions(c, meetupbot.German, ev, going, ev.Start.Add(-24*time.Hour)))
	released := list[1]
	released.Status = meetupbot.StatusReleased
	organizers := []meetupbot.Member{list[2].Member}
	write("release", Notices(c, meetupbot.German, meetupbot.EventChange{Event: ev, Released: []meetupbot.Attendee{list[0], released}, Promoted: []meetupbot.Attendee{list[3]}}, organizers))
	expired := list[3]
	expired.Status, expired.ClaimBy = meetupbot.StatusWaiting, time.Time{}
	write("claim passed", Notices(c, meetupbot.German, meetupbot.EventChange{Event: ev, Expired: []meetupbot.Attendee{expired}}, organizers))
	open := ev
	open.Capacity = ev.Tally.Seats() + 1
	write("open to all", Notices(c, meetupbot.German, meetupbot.EventChange{Event: open, Opened: true}, organizers))
	before := ev
	before.Start, before.Venue = ev.Start.Add(-time.Hour), "Alte Mühle"
	write("change", Notices(c, meetupbot.German, meetupbot.EventChange{Event: ev, Before: &before, Concerned: []meetupbot.Attendee{list[0], list[1], list[2]}}, organizers))
	sb.WriteString("== organizers' list\n" + Attendees(c, ev, list, true) + "\n\n")
	sb.WriteString("== settings\n" + ReconfirmSetting(c, meetupbot.Chat{Title: "Stammtisch"}, meetupbot.ReconfirmLeads{Ask: 48 * time.Hour, Deadline: 24 * time.Hour}, 6*time.Hour) + "\n")
	sb.WriteString(ReconfirmSetting(context(meetupbot.English), meetupbot.Chat{Title: "Stammtisch"}, meetupbot.ReconfirmLeads{Ask: 36 * time.Hour, Deadline: 12 * time.Hour}, 6*time.Hour) + "\n")
	sb.WriteString(ReconfirmSetting(c, meetupbot.Chat{Title: "Stammtisch"}, meetupbot.ReconfirmLeads{}, 6*time.Hour) + "\n")
	golden(t, "reconfirm.golden", sb.String())
}

// TestLayoutGuestList shows the CSV file of /export in both languages.
func TestLayoutGuestList(t *testing.T) {
	ev, list := fixture()
	list[0].Confirmed, list[0].CheckedIn = true, ev.Start.Add(-10*time.Minute)
	list[1].Member.Username = "@ben"
	list[2].Member.FirstName = "+49 170 1234567"
	for i := range list {
		list[i].UpdatedAt = time.Date(2026, 12, 1, 9, i, 0, 0, time.UTC)
	}
	// Moving up changed Dana's answer later; she answered herself on the
	// 20th, and that is what the list says.
	list[3].AnsweredAt = time.Date(2026, 11, 20, 18, 30, 0, 0, time.UTC)
	for _, lang := range languages {
		name, data := GuestList(context(lang), ev, list)
		golden(t, "guestlist."+string(lang)+".golden", name+"\n"+string(data))
	}
}

func TestCellNeutralisesFormulas(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Anna", "Anna"}, {"", ""}, {"=1+1", "'=1+1"}, {"+49 170", "'+49 170"}, {"-x", "'-x"},
		{"@ben", "'@ben"}, {"\tx", "'\tx"}, {"a=b", "a=b"},
	}
	for _, tt := range tests {
		if got := cell(tt.in); got != tt.want {
			t.Errorf("cell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestLayoutDoor shows the check-in caption and the door list, and checks
// the QR code holds the link.
func TestLayoutDoor(t *testing.T) {
	ev, list := fixture()
	c := context(meetupbot.German)
	list[0].CheckedIn = ev.Start
	ev.Attendance = meetupbot.Attendance{Unconfirmed: 1, Guests: 1, WalkIns: 1, Unnamed: 2}
	walkIn := meetupbot.Attendee{RSVP: meetupbot.RSVP{UserID: 9, CheckedIn: ev.Start}, Member: meetupbot.Member{ID: 9, FirstName: "Gina"}}
	body, buttons := DoorList(c, ev, append(list, walkIn), 0)
	golden(t, "door.golden", CheckinCaption(c, ev)+"\n\n"+body+"\n"+keyboard(buttons))

	png, err := CheckinCode("https://t.me/meetup_test_bot?start=cABCDEFGHIJKLMNOPQRSTUVWX27")
	if err != nil || len(png) == 0 {
		t.Fatalf("CheckinCode = %d bytes, %v", len(png), err)
	}
}

func TestDoorListPages(t *testing.T) {
	ev, _ := fixture()
	var list []meetupbot.Attendee
	for i := range 95 {
		list = append(list, meetupbot.Attendee{RSVP: meetupbot.RSVP{UserID: int64(i + 1), Status: meetupbot.StatusGoing}, Member: meetupbot.Member{ID: int64(i + 1), FirstName: fmt.Sprintf("M%03d", i)}})
	}
	for page, want := range []int{40, 40, 15} {
		_, rows := DoorList(context(meetupbot.German), ev, list, page)
		names := 0
		buttons := 0
		for _, row := range rows {
			for _, b := range row {
				buttons++
				if a := input.ParseButton(b.Data); a.Door.Member != 0 {
					names++
				}
			}
		}
		if names != want || buttons > 100 {
			t.Errorf("page %d: %d names in %d buttons, want %d names", page, names, buttons, want)
		}
	}
}

// TestLayoutStats shows /stats with one meetup without a check-in, two
// with, and the forecast; and that the chart draws.
func TestLayoutStats(t *testing.T) {
	at := func(id int64, day int) meetupbot.Event {
		return meetupbot.Event{ID: id, Title: "Stammtisch", Start: time.Date(2026, 10, day, 19, 0, 0, 0, berlin)}
	}
	a, b, c3 := at(1, 1), at(2, 8), at(3, 15)
	a.Tally = meetupbot.Tally{Going: 30}
	b.Tally, b.Attendance, b.Released, b.Promoted = meetupbot.Tally{Going: 40, Confirmed: 30, Guests: 4, Maybe: 6},
		meetupbot.Attendance{Confirmed: 27, Unconfirmed: 5, Guests: 3, Maybe: 2, WalkIns: 3, Unnamed: 2}, 4, 5
	c3.Tally, c3.Attendance = meetupbot.Tally{Going: 38, Confirmed: 28, Guests: 2, Maybe: 5}, meetupbot.Attendance{Confirmed: 26, Unconfirmed: 4, Guests: 2, Maybe: 1, WalkIns: 1}
	next := meetupbot.Event{ID: 4, Title: "Stammtisch <4>", Start: time.Date(2026, 12, 10, 19, 0, 0, 0, berlin), Tally: meetupbot.Tally{Going: 50, Confirmed: 20, Guests: 6, Maybe: 8}}
	history := []meetupbot.Event{a, b, c3}
	rates, ok := meetupbot.LearnShowRates(history, next.Start)
	past := []meetupbot.Figures{meetupbot.FiguresOf(a), meetupbot.FiguresOf(b), meetupbot.FiguresOf(c3)}
	group := meetupbot.Chat{Title: "Social Media Stammtisch"}
	var sb strings.Builder
	for _, lang := range languages {
		sb.WriteString(Stats(context(lang), group, past, &next, rates, ok) + "\n\n")
	}
	few, _ := meetupbot.LearnShowRates(history[:2], next.Start)
	sb.WriteString(Stats(context(meetupbot.German), group, past[:2], &next, few, false) + "\n")
	golden(t, "stats.golden", sb.String())
	if png, err := StatsChart(context(meetupbot.German), past); err != nil || len(png) < 1000 {
		t.Errorf("StatsChart = %d bytes, %v", len(png), err)
	}
}

// TestStatsCountWords: every count in /stats and its forecast takes the
// word form its number asks for (CLDR: German and English both say "one"
// for 1 alone; 0 reads like 2).
func TestStatsCountWords(t *testing.T) {
	tests := []struct {
		lang                   meetupbot.Lang
		n                      int
		door, noDoor, forecast string
		rates, tooLittle       string
	}{
		{meetupbot.German, 0,
			"<b>#1</b> Do., 01.10.2026: 0 Zusagen, 0 gekommen (0 %), 0 nicht gekommen, 0 ohne Zusage · 0 Plätze freigegeben, 0 nachgerückt",
			"<b>#2</b> Do., 08.10.2026: 0 Zusagen, kein Check-in · 0 Plätze freigegeben, 0 nachgerückt",
			"🔮 <b>#3 Stammtisch</b> (Do., 10.12.2026): Erwartet ≈0 von 0 Zusagen.",
			"Gelernt aus 0 Meetups mit Check-in: bestätigt 100 %, unbestätigt 100 %, Begleitungen 100 %, vielleicht 100 %.",
			"🔮 Für eine Prognose brauche ich mindestens 2 Meetups mit Check-in (/checkin); bisher: 0."},
		{meetupbot.German, 1,
			"<b>#1</b> Do., 01.10.2026: 1 Zusage, 1 gekommen (100 %), 1 nicht gekommen, 1 ohne Zusage · 1 Platz freigegeben, 1 nachgerückt",
			"<b>#2</b> Do., 08.10.2026: 1 Zusage, kein Check-in · 1 Platz freigegeben, 1 nachgerückt",
			"🔮 <b>#3 Stammtisch</b> (Do., 10.12.2026): Erwartet ≈1 von 1 Zusage.",
			"Gelernt aus 1 Meetup mit Check-in: bestätigt 100 %, unbestätigt 100 %, Begleitungen 100 %, vielleicht 100 %.",
			"🔮 Für eine Prognose brauche ich mindestens 2 Meetups mit Check-in (/checkin); bisher: 1."},
		{meetupbot.German, 2,
			"<b>#1</b> Do., 01.10.2026: 2 Zusagen, 2 gekommen (100 %), 2 nicht gekommen, 2 ohne Zusage · 2 Plätze freigegeben, 2 nachgerückt",
			"<b>#2</b> Do., 08.10.2026: 2 Zusagen, kein Check-in · 2 Plätze freigegeben, 2 nachgerückt",
			"🔮 <b>#3 Stammtisch</b> (Do., 10.12.2026): Erwartet ≈2 von 2 Zusagen.",
			"Gelernt aus 2 Meetups mit Check-in: bestätigt 100 %, unbestätigt 100 %, Begleitungen 100 %, vielleicht 100 %.",
			"🔮 Für eine Prognose brauche ich mindestens 2 Meetups mit Check-in (/checkin); bisher: 2."},
		{meetupbot.English, 0,
			"<b>#1</b> Thu 1 Oct 2026: 0 yes, 0 came (0%), 0 no-shows, 0 without a yes · 0 places released, 0 moved up",
			"<b>#2</b> Thu 8 Oct 2026: 0 yes, no check-in · 0 places released, 0 moved up",
			"🔮 <b>#3 Stammtisch</b> (Thu 10 Dec 2026): expected ≈0 of 0 yeses.",
			"Learnt from 0 meetups with check-in: confirmed 100%, unconfirmed 100%, guests 100%, maybe 100%.",
			"🔮 For a forecast I need at least 2 meetups with check-in (/checkin); so far: 0."},
		{meetupbot.English, 1,
			"<b>#1</b> Thu 1 Oct 2026: 1 yes, 1 came (100%), 1 no-show, 1 without a yes · 1 place released, 1 moved up",
			"<b>#2</b> Thu 8 Oct 2026: 1 yes, no check-in · 1 place released, 1 moved up",
			"🔮 <b>#3 Stammtisch</b> (Thu 10 Dec 2026): expected ≈1 of 1 yes.",
			"Learnt from 1 meetup with check-in: confirmed 100%, unconfirmed 100%, guests 100%, maybe 100%.",
			"🔮 For a forecast I need at least 2 meetups with check-in (/checkin); so far: 1."},
		{meetupbot.English, 2,
			"<b>#1</b> Thu 1 Oct 2026: 2 yes, 2 came (100%), 2 no-shows, 2 without a yes · 2 places released, 2 moved up",
			"<b>#2</b> Thu 8 Oct 2026: 2 yes, no check-in · 2 places released, 2 moved up",
			"🔮 <b>#3 Stammtisch</b> (Thu 10 Dec 2026): expected ≈2 of 2 yeses.",
			"Learnt from 2 meetups with check-in: confirmed 100%, unconfirmed 100%, guests 100%, maybe 100%.",
			"🔮 For a forecast I need at least 2 meetups with check-in (/checkin); so far: 2."},
	}
	at := func(id int64, month, day int) meetupbot.Event {
		return meetupbot.Event{ID: id, Title: "Stammtisch", Start: time.Date(2026, time.Month(month), day, 19, 0, 0, 0, berlin)}
	}
	group := meetupbot.Chat{Title: "Stammtisch"}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", tt.lang, tt.n), func(t *testing.T) {
			n := tt.n
			past := []meetupbot.Figures{
				{Event: at(1, 10, 1), DoorUsed: true, Yes: n, Came: n, NoShows: n, WalkIns: n, Released: n, Promoted: n},
				{Event: at(2, 10, 8), Yes: n, Released: n, Promoted: n},
			}
			next := at(3, 12, 10)
			next.Tally = meetupbot.Tally{Going: n, Confirmed: n}
			rates := meetupbot.ShowRates{Confirmed: 1, Unconfirmed: 1, Guests: 1, Maybe: 1, Meetups: n}
			c := context(tt.lang)
			lines := strings.Split(Stats(c, group, past, &next, rates, true), "\n")
			want := []string{c.T(text.StatsHeader, "Stammtisch"), tt.door, tt.noDoor, "", tt.forecast, tt.rates}
			if !slices.Equal(lines, want) {
				t.Errorf("Stats with counts of %d:\n%s\nwant\n%s", n, strings.Join(lines, "\n"), strings.Join(want, "\n"))
			}
			if got := Stats(c, group, nil, &next, rates, false); !strings.HasSuffix(got, "\n"+tt.tooLittle) {
				t.Errorf("Stats without enough history = %q, want it to end in %q", got, tt.tooLittle)
			}
		})
	}
}

// TestLayoutTalks shows a proposal card before and after the decision,
// /talks for organizers and members, the programme, the speaker's reminder
// and the feedback question and summary.
func TestLayoutTalks(t *testing.T) {
	ev, _ := fixture()
	c := context(meetupbot.German)
	group := meetupbot.Chat{ID: -1001, Title: "Social Media Stammtisch"}
	anna := meetupbot.Member{ID: 1, FirstName: "Anna"}
	olga := meetupbot.Member{ID: 5, FirstName: "Olga"}
	talk := meetupbot.Talk{ID: 4, GroupID: -1001, ProposerID: 1, Title: "Reels für <Vereine>", Abstract: "Wie kleine Vereine\nmit kurzen Videos wachsen.", Link: "https://example.org/reels"}
	var sb strings.Builder
	body, buttons := ProposalCard(c, group, talk, anna, []meetupbot.Event{ev})
	sb.WriteString("== card\n" + body + "\n" + keyboard(buttons) + "\n")
	talk.State, talk.EventID = meetupbot.TalkScheduled, ev.ID
	sb.WriteString("== decided\n" + DecidedCard(c, group, talk, anna, olga, ev) + "\n\n")
	sb.WriteString("== proposer\n" + ProposerNotice(c, talk, ev, 1).Text + "\n\n")
	talks := []meetupbot.Talk{
		{ID: 1, ProposerID: 1, Title: "Newsletter", State: meetupbot.TalkReserve, Votes: 2},
		{ID: 2, ProposerID: 2, Title: "Geheim", State: meetupbot.TalkDeclined},
		{ID: 3, ProposerID: 2, Title: "Datenschutz", State: meetupbot.TalkReserve, Votes: 5},
		talk,
		{ID: 5, ProposerID: 1, Title: "Instagram", State: meetupbot.TalkGiven, EventID: 2, Score: meetupbot.Score{Sum: 13, Count: 3}},
		{ID: 6, ProposerID: 2, Title: "Neu eingereicht", State: meetupbot.TalkNew},
	}
	names := map[int64]string{1: "Anna", 2: "Ben"}
	body, buttons = Talks(c, group, talks, names, true, []meetupbot.Event{ev})
	sb.WriteString("== talks for organizers\n" + body + "\n" + keyboard(buttons) + "\n")
	body, _ = Talks(context(meetupbot.English), group, talks, names, false, nil)
	sb.WriteString("== talks for members\n" + body + "\n\n")
	ev.Speakers[0].Minutes, ev.Speakers[0].TalkID, ev.Speakers[0].MemberID = 20, 4, 1
	sb.WriteString("== programme\n" + RunningOrder(c, ev) + "\n\n")
	rc := c
	rc.Now = ev.Start.Add(-3 * 24 * time.Hour)
	reminder := SpeakerReminder(rc, ev, ev.Speakers[0])
	sb.WriteString("== speaker reminder\n" + reminder.Text + "\n" + keyboard(reminder.Buttons) + "\n")
	body, buttons = FeedbackQuestion(c, ev, 0, 4)
	sb.WriteString("== feedback\n" + body + "\n" + keyboard(buttons) + "\n")
	ev.Speakers[0].Score = meetupbot.Score{Sum: 17, Count: 4}
	sb.WriteString("== summary\n" + FeedbackSummary(c, ev, 0, []meetupbot.Rating{{Talk: 0, Stars: 5, Comment: "Sehr <gut>"}, {Talk: 0, Stars: 4}, {Talk: 1, Comment: "anderer Vortrag"}}) + "\n")
	sb.WriteString(FeedbackSummary(context(meetupbot.English), ev, 1, nil) + "\n")
	golden(t, "talks.golden", sb.String())
}

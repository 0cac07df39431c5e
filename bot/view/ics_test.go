package view

import (
	"bytes"
	"testing"

	ics "github.com/arran4/golang-ical"

	"github.com/meetupbot/meetupbot"
)

// TestCalendarLineEndings: RFC 5545 ends every content line in CRLF,
// including the continuation lines of a folded long property, and the
// file reads back unchanged.
func TestCalendarLineEndings(t *testing.T) {
	ev, _ := fixture()
	data := Calendar(context(meetupbot.German), "Stammtisch", []meetupbot.Event{ev})
	lines := bytes.SplitAfter(data, []byte("\n"))
	if last := lines[len(lines)-1]; len(last) != 0 {
		t.Errorf("the calendar ends without a line break: %q", last)
	}
	folded := 0
	for i, line := range lines[:len(lines)-1] {
		if !bytes.HasSuffix(line, []byte("\r\n")) {
			t.Errorf("line %d = %q, want it to end in CRLF", i+1, line)
		}
		if bytes.HasPrefix(line, []byte(" ")) {
			folded++
		}
	}
	if folded == 0 {
		t.Error("the fixture's description was not folded; the test no longer covers folded lines")
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("ParseCalendar: %v", err)
	}
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("%d events, want 1", len(events))
	}
	if got, want := events[0].GetProperty(ics.ComponentPropertyDescription).Value, calendarDescription(ev); got != want {
		t.Errorf("description read back = %q, want %q", got, want)
	}
}

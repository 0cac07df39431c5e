package view

import (
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/input"
)

// meetupLength is how long a meetup lasts in calendars: a meetup has a
// start only, and an evening is a fair guess.
const meetupLength = 3 * time.Hour

// Calendar is meetups as an iCalendar file (RFC 5545): each with a UID
// that stays the meetup's for good and a SEQUENCE that grows with every
// change calendars must follow, so a calendar that imported or subscribed
// to it replaces its copy; a cancelled meetup is STATUS:CANCELLED. Times
// are UTC, which every calendar reads right; the group's zone is named
// for display.
func Calendar(c Context, name string, events []meetupbot.Event) []byte {
	cal := ics.NewCalendarFor("meetupbot")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(name)
	cal.SetXWRCalName(name)
	cal.SetXWRTimezone(c.Zone.String())
	cal.SetRefreshInterval("PT1H")
	for _, ev := range events {
		e := cal.AddEvent("meetup-" + strconv.FormatInt(ev.ID, 10) + "@" + c.Bot + ".meetupbot")
		e.SetSequence(ev.Sequence)
		e.SetDtStampTime(ev.CreatedAt)
		e.SetCreatedTime(ev.CreatedAt)
		if !ev.UpdatedAt.IsZero() {
			e.SetModifiedAt(ev.UpdatedAt)
		}
		e.SetStartAt(ev.Start)
		e.SetEndAt(ev.Start.Add(meetupLength))
		e.SetSummary(ev.Title)
		e.SetLocation(ev.Venue)
		e.SetDescription(calendarDescription(ev))
		if c.Bot != "" {
			e.SetURL(input.StartLink(c.Bot, input.StartPayload(ev.ID)))
		}
		status := ics.ObjectStatusConfirmed
		if ev.Cancelled {
			status = ics.ObjectStatusCancelled
		}
		e.SetStatus(status)
	}
	// RFC 5545 ends every line, folded ones too, in CRLF; the library's
	// default is the build platform's newline.
	return []byte(cal.Serialize(ics.WithNewLineWindows))
}

// calendarDescription is the meetup's description and its talks, as plain
// text.
func calendarDescription(ev meetupbot.Event) string {
	var lines []string
	if ev.Description != "" {
		lines = append(lines, ev.Description)
	}
	for i, s := range ev.Speakers {
		line := strconv.Itoa(i+1) + ". " + s.Name + ": " + s.Topic
		if s.Link != "" {
			line += " " + s.Link
		}
		lines = append(lines, line)
	}
	if ev.Cancelled && ev.CancelReason != "" {
		lines = append(lines, ev.CancelReason)
	}
	return strings.Join(lines, "\n")
}

// CalendarFile names a meetup's calendar file.
func CalendarFile(ev meetupbot.Event) string {
	return "meetup-" + strconv.FormatInt(ev.ID, 10) + ".ics"
}

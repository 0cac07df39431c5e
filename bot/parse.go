package bot

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/meetupbot/meetupbot"
)

// inputError is a mistake in what a member typed. Its text is looked up in
// the reader's language, and the command's syntax is shown with it.
type inputError struct {
	key  msgKey
	args []any
}

func (e *inputError) Error() string { return fmt.Sprintf("bad input %s %v", e.key, e.args) }

func badInput(key msgKey, args ...any) error { return &inputError{key: key, args: args} }

// parseEventRef reads an event number written as 7 or #7.
func parseEventRef(s string) (int64, bool) {
	s = strings.TrimPrefix(s, "#")
	if s == "" || s[0] < '0' || s[0] > '9' {
		return 0, false
	}
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}

// parseDate reads 2026-12-10 or 10.12.2026.
func parseDate(s string) (y int, m time.Month, d int, err error) {
	var t time.Time
	var perr error
	if strings.Contains(s, "-") {
		t, perr = time.Parse("2006-01-02", s)
	} else {
		t, perr = time.Parse("2.1.2006", s)
	}
	if perr != nil {
		return 0, 0, 0, badInput(errBadDate, s)
	}
	return t.Year(), t.Month(), t.Day(), nil
}

// parseClock reads 19:00 (or 19.00, as Germans also write it).
func parseClock(s string) (hour, minute int, err error) {
	s = strings.Replace(s, ".", ":", 1)
	t, perr := time.Parse("15:04", s)
	if perr != nil {
		return 0, 0, badInput(errBadTime, s)
	}
	return t.Hour(), t.Minute(), nil
}

// parseStart reads a date and a time in loc and refuses the past.
func parseStart(date, clock string, loc *time.Location, now time.Time) (time.Time, error) {
	y, mo, d, err := parseDate(date)
	if err != nil {
		return time.Time{}, err
	}
	h, mi, err := parseClock(clock)
	if err != nil {
		return time.Time{}, err
	}
	return checkStart(time.Date(y, mo, d, h, mi, 0, 0, loc), now)
}

// maxAhead bounds how far ahead a meetup may be planned, to catch typos in
// the year.
const maxAhead = 3 * 366 * 24 * time.Hour

func checkStart(start, now time.Time) (time.Time, error) {
	if !start.After(now) {
		return time.Time{}, badInput(errDateInPast)
	}
	if start.Sub(now) > maxAhead {
		return time.Time{}, badInput(errDateTooFar)
	}
	return start.UTC(), nil
}

// parseCapacity reads a number of places, or a word for no limit (0).
func parseCapacity(s string) (int, error) {
	switch strings.ToLower(s) {
	case "-", "none", "unlimited", "keine", "unbegrenzt":
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > meetupbot.MaxCapacity {
		return 0, badInput(errBadCapacity, s, meetupbot.MaxCapacity)
	}
	return n, nil
}

// splitFields splits "a | b | c" and trims each part.
func splitFields(s string) []string {
	parts := strings.Split(s, "|")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

func checkText(field msgKey, s string, limit int) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", badInput(errEmptyField, field)
	}
	if n := utf8.RuneCountInString(s); n > limit {
		return "", badInput(errTooLong, field, n, limit)
	}
	return s, nil
}

// newEventInput is a parsed /newevent.
type newEventInput struct {
	Start    time.Time
	Title    string
	Venue    string
	Capacity int
}

// parseNewEvent reads "<date> <time> | <title> | <venue> [| <capacity>]".
func parseNewEvent(args string, loc *time.Location, now time.Time) (newEventInput, error) {
	var in newEventInput
	parts := splitFields(args)
	if len(parts) < 3 || len(parts) > 4 {
		return in, badInput(errNewEventParts)
	}
	when := strings.Fields(parts[0])
	if len(when) != 2 {
		return in, badInput(errNeedDateTime)
	}
	var err error
	if in.Start, err = parseStart(when[0], when[1], loc, now); err != nil {
		return in, err
	}
	if in.Title, err = checkText(fieldTitle, parts[1], meetupbot.MaxTitleLen); err != nil {
		return in, err
	}
	if in.Venue, err = checkText(fieldVenue, parts[2], meetupbot.MaxVenueLen); err != nil {
		return in, err
	}
	if len(parts) == 4 {
		if in.Capacity, err = parseCapacity(parts[3]); err != nil {
			return in, err
		}
	}
	return in, nil
}

// rsvpInput is a parsed /rsvp.
type rsvpInput struct {
	Answer  meetupbot.Answer
	EventID int64
}

var answerWords = map[string]meetupbot.Status{
	"yes": meetupbot.StatusGoing, "ja": meetupbot.StatusGoing, "y": meetupbot.StatusGoing, "j": meetupbot.StatusGoing,
	"maybe": meetupbot.StatusMaybe, "vielleicht": meetupbot.StatusMaybe, "evtl": meetupbot.StatusMaybe,
	"no": meetupbot.StatusDeclined, "nein": meetupbot.StatusDeclined, "n": meetupbot.StatusDeclined,
}

// parseRSVP reads "[yes|maybe|no|ja|vielleicht|nein] [+N] [event]" in any
// order; no answer means yes.
func parseRSVP(args string) (rsvpInput, error) {
	in := rsvpInput{Answer: meetupbot.Answer{Status: meetupbot.StatusGoing}}
	var sawAnswer, sawGuests bool
	for _, tok := range strings.Fields(strings.ToLower(args)) {
		if status, ok := answerWords[tok]; ok && !sawAnswer {
			in.Answer.Status, sawAnswer = status, true
			continue
		}
		if strings.HasPrefix(tok, "+") && !sawGuests {
			n, err := strconv.Atoi(tok[1:])
			if err != nil || n < 0 {
				return in, badInput(errBadGuests, tok)
			}
			if n > meetupbot.MaxGuests {
				return in, badInput(errTooManyGuests, meetupbot.MaxGuests)
			}
			in.Answer.Guests, sawGuests = n, true
			continue
		}
		if id, ok := parseEventRef(tok); ok && in.EventID == 0 {
			in.EventID = id
			continue
		}
		return in, badInput(errBadRSVPWord, tok)
	}
	if sawGuests && in.Answer.Status != meetupbot.StatusGoing {
		return in, badInput(errGuestsNeedYes)
	}
	return in, nil
}

// speakerInput is a parsed /addspeaker.
type speakerInput struct {
	EventID int64
	Speaker meetupbot.Speaker
}

// parseSpeaker reads "[event] <name> | <topic> [| <link>]".
func parseSpeaker(args string) (speakerInput, error) {
	var in speakerInput
	args = strings.TrimSpace(args)
	if first, rest, ok := strings.Cut(args, " "); ok {
		if id, isRef := parseEventRef(first); isRef {
			in.EventID, args = id, rest
		}
	}
	parts := splitFields(args)
	if len(parts) < 2 || len(parts) > 3 {
		return in, badInput(errSpeakerParts)
	}
	var err error
	if in.Speaker.Name, err = checkText(fieldSpeaker, parts[0], meetupbot.MaxSpeakerNameLen); err != nil {
		return in, err
	}
	if in.Speaker.Topic, err = checkText(fieldTopic, parts[1], meetupbot.MaxTopicLen); err != nil {
		return in, err
	}
	if len(parts) == 3 {
		if in.Speaker.Link, err = parseLink(parts[2]); err != nil {
			return in, err
		}
	}
	return in, nil
}

func parseLink(s string) (string, error) {
	if len(s) > meetupbot.MaxLinkLen {
		return "", badInput(errTooLong, fieldLink, len(s), meetupbot.MaxLinkLen)
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", badInput(errBadLink, s)
	}
	return u.String(), nil
}

// editField is a field /editevent can change.
type editField string

const (
	editTitle       editField = "title"
	editDate        editField = "date"
	editTime        editField = "time"
	editVenue       editField = "venue"
	editCapacity    editField = "capacity"
	editDescription editField = "description"
)

var editFieldWords = map[string]editField{
	"title": editTitle, "titel": editTitle,
	"date": editDate, "datum": editDate,
	"time": editTime, "zeit": editTime, "uhrzeit": editTime,
	"venue": editVenue, "ort": editVenue,
	"capacity": editCapacity, "kapazität": editCapacity, "plätze": editCapacity,
	"description": editDescription, "beschreibung": editDescription,
}

// editInput is a parsed /editevent.
type editInput struct {
	EventID int64
	Field   editField
	Value   string
}

// parseEdit reads "<event> <field> <value>"; the value may hold spaces and
// newlines, and may be "-" to clear a description.
func parseEdit(args string) (editInput, error) {
	var in editInput
	fields := strings.Fields(args)
	if len(fields) < 3 {
		return in, badInput(errEditParts)
	}
	id, ok := parseEventRef(fields[0])
	if !ok {
		return in, badInput(errBadEventRef, fields[0])
	}
	field, ok := editFieldWords[strings.ToLower(fields[1])]
	if !ok {
		return in, badInput(errBadField, fields[1])
	}
	rest := strings.TrimSpace(args)
	for range 2 {
		rest = strings.TrimSpace(rest[strings.IndexAny(rest, " \t\n"):])
	}
	return editInput{EventID: id, Field: field, Value: rest}, nil
}

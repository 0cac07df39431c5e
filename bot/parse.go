package bot

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
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
	editAnnounce    editField = "announce"
)

var editFieldWords = map[string]editField{
	"title": editTitle, "titel": editTitle,
	"date": editDate, "datum": editDate,
	"time": editTime, "zeit": editTime, "uhrzeit": editTime,
	"venue": editVenue, "ort": editVenue,
	"capacity": editCapacity, "kapazität": editCapacity, "plätze": editCapacity,
	"description": editDescription, "beschreibung": editDescription,
	"announce": editAnnounce, "ankündigung": editAnnounce, "ankündigen": editAnnounce,
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

// ParseLeadTime reads a Go duration ("36h", "90m") or whole days ("14d"),
// as organizers and the configuration write lead times.
func ParseLeadTime(s string) (time.Duration, bool) {
	if days, ok := strings.CutSuffix(strings.ToLower(s), "d"); ok {
		n, err := strconv.Atoi(days)
		return time.Duration(n) * 24 * time.Hour, err == nil && n > 0
	}
	d, err := time.ParseDuration(s)
	return d, err == nil && d > 0
}

// Bounds of lead times: reminders within a month, announcements within a
// year of the start.
const (
	maxReminderLead = 30 * 24 * time.Hour
	maxAnnounceLead = 365 * 24 * time.Hour
	minReminderLead = time.Minute
	maxReminders    = 5
)

// announceLead is a parsed "announce" value of /editevent.
type announceLead struct {
	before time.Duration
	never  bool
	now    bool
}

func parseAnnounceLead(s string) (announceLead, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "now", "jetzt", "sofort":
		return announceLead{now: true}, nil
	case "never", "nie", "off", "aus":
		return announceLead{never: true}, nil
	}
	d, ok := ParseLeadTime(strings.TrimSpace(s))
	if !ok || d > maxAnnounceLead {
		return announceLead{}, badInput(errBadAnnounceLead, s)
	}
	return announceLead{before: d}, nil
}

// parseReminders reads "/reminders 48h 3h" or "/reminders off". It returns
// the lead times longest first, without repeats.
func parseReminders(args string) ([]time.Duration, error) {
	fields := strings.Fields(args)
	if len(fields) == 1 && isOff(fields[0]) {
		return []time.Duration{}, nil
	}
	if len(fields) > maxReminders {
		return nil, badInput(errTooManyReminders, maxReminders)
	}
	leads := make([]time.Duration, 0, len(fields))
	for _, f := range fields {
		d, ok := ParseLeadTime(f)
		if !ok || d < minReminderLead || d > maxReminderLead {
			return nil, badInput(errBadReminder, f)
		}
		if !slices.Contains(leads, d) {
			leads = append(leads, d)
		}
	}
	slices.SortFunc(leads, func(a, b time.Duration) int { return cmp.Compare(b, a) })
	return leads, nil
}

func isOff(s string) bool {
	switch strings.ToLower(s) {
	case "off", "aus", "nein", "no":
		return true
	}
	return false
}

func isOn(s string) bool {
	switch strings.ToLower(s) {
	case "on", "an", "ein", "ja", "yes":
		return true
	}
	return false
}

// parseSwitch reads "on" or "off" in either language.
func parseSwitch(args string) (bool, error) {
	switch {
	case isOn(strings.TrimSpace(args)):
		return true, nil
	case isOff(strings.TrimSpace(args)):
		return false, nil
	}
	return false, badInput(errBadSwitch, args)
}

// scheduleInput is a parsed "/schedule add <spec> | <text>".
type scheduleInput struct {
	Spec string
	Text string
}

func parseScheduleAdd(args string) (scheduleInput, error) {
	spec, text, ok := strings.Cut(args, "|")
	if !ok {
		return scheduleInput{}, badInput(errScheduleParts)
	}
	in := scheduleInput{Spec: strings.Join(strings.Fields(spec), " ")}
	if in.Spec == "" {
		return in, badInput(errScheduleParts)
	}
	var err error
	in.Text, err = checkText(fieldText, text, maxPostLen)
	return in, err
}

var (
	weekdayWords = map[string]time.Weekday{
		"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
		"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
		"sonntag": time.Sunday, "montag": time.Monday, "dienstag": time.Tuesday, "mittwoch": time.Wednesday,
		"donnerstag": time.Thursday, "freitag": time.Friday, "samstag": time.Saturday,
	}
	ordinalWords = map[string]int{
		"1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "first": 1, "second": 2, "third": 3, "fourth": 4, "last": meetupbot.LastWeek,
		"1.": 1, "2.": 2, "3.": 3, "4.": 4, "ersten": 1, "zweiten": 2, "dritten": 3, "vierten": 4, "letzten": meetupbot.LastWeek,
	}
	unitWords = map[string]meetupbot.RuleUnit{
		"week": meetupbot.Weeks, "weeks": meetupbot.Weeks, "woche": meetupbot.Weeks, "wochen": meetupbot.Weeks,
		"month": meetupbot.Months, "months": meetupbot.Months, "monat": meetupbot.Months, "monate": meetupbot.Months,
	}
	fillerWords = map[string]bool{"the": true, "on": true, "am": true, "den": true, "dem": true, "of": true, "month": true, "monats": true, "im": true}
)

// parseRule reads a series rule in English or German:
//
//	every 2 months on the 2nd thursday · monthly on the last friday
//	every 4 weeks · weekly · monthly on the 15th
//	alle 2 Monate am 2. Donnerstag · monatlich am letzten Freitag · alle 4 Wochen
//
// A monthly rule without a day keeps the day of the month of start.
func parseRule(text string, start time.Time) (meetupbot.Rule, error) {
	words := strings.Fields(strings.ToLower(text))
	if len(words) == 0 {
		return meetupbot.Rule{}, badInput(errBadRule, text)
	}
	rule := meetupbot.Rule{Every: 1}
	switch words[0] {
	case "weekly", "wöchentlich":
		rule.Unit, words = meetupbot.Weeks, words[1:]
	case "monthly", "monatlich":
		rule.Unit, words = meetupbot.Months, words[1:]
	case "every", "alle", "jede", "jeden", "jedes":
		words = words[1:]
		if len(words) > 0 {
			if n, err := strconv.Atoi(strings.TrimSuffix(words[0], ".")); err == nil {
				rule.Every, words = n, words[1:]
			}
		}
		if len(words) == 0 || unitWords[words[0]] == "" {
			return rule, badInput(errBadRule, text)
		}
		rule.Unit, words = unitWords[words[0]], words[1:]
	default:
		return rule, badInput(errBadRule, text)
	}
	var rest []string
	for _, w := range words {
		if !fillerWords[w] {
			rest = append(rest, w)
		}
	}
	switch {
	case len(rest) == 0 && rule.Unit == meetupbot.Months:
		rule.Day = start.Day()
	case len(rest) == 0:
	case len(rest) == 1 && rule.Unit == meetupbot.Months:
		day, err := strconv.Atoi(strings.TrimRight(rest[0], ".stndrh"))
		if err != nil {
			return rule, badInput(errBadRule, text)
		}
		rule.Day = day
	case len(rest) == 2 && rule.Unit == meetupbot.Months:
		nth, okNth := ordinalWords[rest[0]]
		weekday, okDay := weekdayWords[rest[1]]
		if !okNth || !okDay {
			return rule, badInput(errBadRule, text)
		}
		rule.Nth, rule.Weekday = nth, weekday
	default:
		return rule, badInput(errBadRule, text)
	}
	if rule.Validate() != nil {
		return rule, badInput(errBadRule, text)
	}
	return rule, nil
}

// parseTimeZone accepts IANA zone names such as Europe/Berlin.
func parseTimeZone(name string) (*time.Location, error) {
	name = strings.TrimSpace(name)
	if name == "" || name == "Local" || strings.Contains(name, " ") {
		return nil, badInput(errBadTimeZone, name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, badInput(errBadTimeZone, name)
	}
	return loc, nil
}

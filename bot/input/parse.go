package input

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/text"
)

// Error is a mistake in what a member typed: a text of the catalog and its
// arguments. The reader's language is chosen when it is shown, with the
// command's syntax beside it.
type Error struct {
	Key  text.Key
	Args []any
}

func (e *Error) Error() string { return fmt.Sprintf("bad input %s %v", e.Key, e.Args) }

// Bad makes an Error. What the member typed is echoed as an excerpt, so an
// answer to a 4,000-character argument still fits in one message.
func Bad(key text.Key, args ...any) error {
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = Excerpt(s)
		}
	}
	return &Error{Key: key, Args: args}
}

// excerptLen is how much of a member's input an answer quotes.
const excerptLen = 40

// Excerpt cuts s to a short quote, marking the cut.
func Excerpt(s string) string {
	if utf8.RuneCountInString(s) <= excerptLen {
		return s
	}
	return string([]rune(s)[:excerptLen-1]) + "…"
}

// ParseEventArg reads the meetup number a command needs, naming what is
// wrong: nothing given, or not a number.
func ParseEventArg(s string) (int64, error) {
	if strings.TrimSpace(s) == "" {
		return 0, Bad(text.NeedEventRef)
	}
	id, ok := ParseEventRef(s)
	if !ok {
		return 0, Bad(text.BadEventRef, s)
	}
	return id, nil
}

// ParseEventRef reads an event number written as 7 or #7.
func ParseEventRef(s string) (int64, bool) {
	s = strings.TrimPrefix(s, "#")
	if s == "" || s[0] < '0' || s[0] > '9' {
		return 0, false
	}
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}

// maxAhead bounds how far ahead a meetup may be planned, to catch typos in
// the year.
const maxAhead = 3 * 366 * 24 * time.Hour

// CheckStart refuses a start that is past or too far ahead; the answer
// names the start, so "gestern 19 Uhr" reads back as the day it meant.
func CheckStart(start, now time.Time) (time.Time, error) {
	if !start.After(now) {
		return time.Time{}, Bad(text.DateInPast, start)
	}
	if start.Sub(now) > maxAhead {
		return time.Time{}, Bad(text.DateTooFar)
	}
	return start.UTC(), nil
}

// ParseCapacity reads a number of places, or a word for no limit (0).
func ParseCapacity(s string) (int, error) {
	switch strings.Join(strings.Fields(strings.ToLower(s)), " ") {
	case "-", "none", "unlimited", "no limit", "keine", "unbegrenzt", "ohne limit", "kein limit":
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > meetupbot.MaxCapacity {
		return 0, Bad(text.BadCapacity, s, meetupbot.MaxCapacity)
	}
	return n, nil
}

// splitFields splits "a | b | c" and trims each part; "\|" is a | that
// belongs to a part, as in a title.
func splitFields(s string) []string {
	const escaped = "\x00"
	parts := strings.Split(strings.ReplaceAll(s, `\|`, escaped), "|")
	for i := range parts {
		parts[i] = strings.TrimSpace(strings.ReplaceAll(parts[i], escaped, "|"))
	}
	return parts
}

func CheckText(field text.Key, s string, limit int) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", Bad(text.EmptyField, field)
	}
	if n := utf8.RuneCountInString(s); n > limit {
		return "", Bad(text.TooLong, field, n, limit)
	}
	return s, nil
}

// NewEvent is a parsed /newevent.
type NewEvent struct {
	Start    time.Time
	Title    string
	Venue    string
	Capacity int
}

// ParseNewEvent reads "<when> | <title> | <venue> [| <capacity>]", <when>
// as ParseWhen reads it.
func ParseNewEvent(args string, loc *time.Location, now time.Time) (NewEvent, error) {
	var in NewEvent
	parts := splitFields(args)
	switch {
	case len(parts) == 1:
		return in, Bad(text.NewEventParts)
	case len(parts) == 2:
		// Date and title are there: what is missing is the venue.
		return in, Bad(text.EmptyField, text.FieldVenue)
	case len(parts) > 4:
		return in, Bad(text.NewEventParts)
	}
	var err error
	if in.Start, err = ParseWhen(parts[0], loc, now); err != nil {
		return in, err
	}
	if in.Title, err = CheckText(text.FieldTitle, parts[1], meetupbot.MaxTitleLen); err != nil {
		return in, err
	}
	if in.Venue, err = CheckText(text.FieldVenue, parts[2], meetupbot.MaxVenueLen); err != nil {
		return in, err
	}
	if len(parts) == 4 {
		if in.Capacity, err = ParseCapacity(parts[3]); err != nil {
			return in, err
		}
	}
	return in, nil
}

// RSVP is a parsed /rsvp.
type RSVP struct {
	Answer  meetupbot.Answer
	EventID int64
}

var answerWords = map[string]meetupbot.Status{
	"yes": meetupbot.StatusGoing, "ja": meetupbot.StatusGoing, "y": meetupbot.StatusGoing, "j": meetupbot.StatusGoing,
	"maybe": meetupbot.StatusMaybe, "vielleicht": meetupbot.StatusMaybe, "evtl": meetupbot.StatusMaybe,
	"no": meetupbot.StatusDeclined, "nein": meetupbot.StatusDeclined, "n": meetupbot.StatusDeclined,
}

// ParseRSVP reads "[yes|maybe|no|ja|vielleicht|nein] [+N] [event]" in any
// order; no answer means yes.
func ParseRSVP(args string) (RSVP, error) {
	in := RSVP{Answer: meetupbot.Answer{Status: meetupbot.StatusGoing}}
	var sawAnswer, sawGuests bool
	for _, tok := range strings.Fields(strings.ToLower(args)) {
		if status, ok := answerWords[tok]; ok && !sawAnswer {
			in.Answer.Status, sawAnswer = status, true
			continue
		}
		if strings.HasPrefix(tok, "+") && !sawGuests {
			n, err := strconv.Atoi(tok[1:])
			if err != nil || n < 0 {
				return in, Bad(text.BadGuests, tok)
			}
			if n > meetupbot.MaxGuests {
				return in, Bad(text.TooManyGuests, meetupbot.MaxGuests)
			}
			in.Answer.Guests, sawGuests = n, true
			continue
		}
		if id, ok := ParseEventRef(tok); ok && in.EventID == 0 {
			in.EventID = id
			continue
		}
		return in, Bad(text.BadRSVPWord, tok)
	}
	if sawGuests && in.Answer.Status != meetupbot.StatusGoing {
		return in, Bad(text.GuestsNeedYes)
	}
	return in, nil
}

// Speaker is a parsed /addspeaker.
type Speaker struct {
	EventID int64
	Speaker meetupbot.Speaker
}

// ParseSpeaker reads "[event] <name> | <topic> [| <link>]".
func ParseSpeaker(args string) (Speaker, error) {
	var in Speaker
	args = strings.TrimSpace(args)
	if first, rest, ok := strings.Cut(args, " "); ok {
		if id, isRef := ParseEventRef(first); isRef {
			in.EventID, args = id, rest
		}
	}
	parts := splitFields(args)
	if len(parts) < 2 || len(parts) > 3 {
		return in, Bad(text.SpeakerParts)
	}
	var err error
	if in.Speaker.Name, err = CheckText(text.FieldSpeaker, parts[0], meetupbot.MaxSpeakerNameLen); err != nil {
		return in, err
	}
	if in.Speaker.Topic, err = CheckText(text.FieldTopic, parts[1], meetupbot.MaxTopicLen); err != nil {
		return in, err
	}
	if len(parts) == 3 {
		if in.Speaker.Link, err = ParseLink(parts[2]); err != nil {
			return in, err
		}
	}
	return in, nil
}

func ParseLink(s string) (string, error) {
	if len(s) > meetupbot.MaxLinkLen {
		return "", Bad(text.TooLong, text.FieldLink, len(s), meetupbot.MaxLinkLen)
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", Bad(text.BadLink, s)
	}
	return u.String(), nil
}

// EditField is a field /editevent can change.
type EditField string

const (
	EditTitle       EditField = "title"
	EditDate        EditField = "date"
	EditTime        EditField = "time"
	EditVenue       EditField = "venue"
	EditCapacity    EditField = "capacity"
	EditDescription EditField = "description"
	EditAnnounce    EditField = "announce"
	EditTalks       EditField = "talks"
)

var editFieldWords = map[string]EditField{
	"title": EditTitle, "titel": EditTitle,
	"date": EditDate, "datum": EditDate,
	"time": EditTime, "zeit": EditTime, "uhrzeit": EditTime,
	"venue": EditVenue, "ort": EditVenue,
	"capacity": EditCapacity, "kapazität": EditCapacity, "plätze": EditCapacity, "kapazitaet": EditCapacity, "plaetze": EditCapacity,
	"description": EditDescription, "beschreibung": EditDescription,
	"announce": EditAnnounce, "ankündigung": EditAnnounce, "ankündigen": EditAnnounce, "ankuendigung": EditAnnounce, "ankuendigen": EditAnnounce,
	"talks": EditTalks, "vorträge": EditTalks, "vortraege": EditTalks, "programm": EditTalks,
}

// Edit is a parsed /editevent.
type Edit struct {
	EventID int64
	Field   EditField
	Value   string
}

// ParseEdit reads "<event> <field> <value>"; the value may hold spaces and
// newlines, and may be "-" to clear a description.
func ParseEdit(args string) (Edit, error) {
	var in Edit
	fields := strings.Fields(args)
	if len(fields) < 2 {
		return in, Bad(text.EditParts)
	}
	id, ok := ParseEventRef(fields[0])
	if !ok {
		return in, Bad(text.BadEventRef, fields[0])
	}
	field, ok := editFieldWords[strings.ToLower(fields[1])]
	if !ok {
		return in, Bad(text.BadField, fields[1])
	}
	// Only the running order may be asked for without a new value: it is
	// shown.
	if len(fields) < 3 && field != EditTalks {
		return in, Bad(text.EditParts)
	}
	return Edit{EventID: id, Field: field, Value: afterFields(args, 2)}, nil
}

// ParseRunningOrder reads a new running order of n talks: each talk's
// number now, in the new order, with an optional length in minutes
// ("2 1:30" puts talk 2 first and gives talk 1 thirty minutes).
func ParseRunningOrder(value string, n int) ([]meetupbot.Slot, error) {
	fields := strings.Fields(value)
	order := make([]meetupbot.Slot, 0, len(fields))
	seen := map[int]bool{}
	for _, f := range fields {
		number, minutes, hasLength := strings.Cut(f, ":")
		var slot meetupbot.Slot
		var err error
		if slot.Number, err = strconv.Atoi(number); err != nil || slot.Number < 1 || slot.Number > n || seen[slot.Number] {
			return nil, Bad(text.BadRunningOrder, Excerpt(f), n)
		}
		if hasLength {
			if slot.Minutes, err = strconv.Atoi(minutes); err != nil || slot.Minutes < 1 || slot.Minutes > meetupbot.MaxTalkMinutes {
				return nil, Bad(text.BadRunningOrder, Excerpt(f), n)
			}
		}
		seen[slot.Number] = true
		order = append(order, slot)
	}
	if len(order) != n {
		return nil, Bad(text.RunningOrderIncomplete, n)
	}
	return order, nil
}

// afterFields is s without its first n fields, split as strings.Fields
// splits them: on any Unicode space, a no-break space included.
func afterFields(s string, n int) string {
	for range n {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		s = strings.TrimLeftFunc(s, func(r rune) bool { return !unicode.IsSpace(r) })
	}
	return strings.TrimSpace(s)
}

// ParseLeadTime reads a Go duration ("36h", "90m") or whole days ("14d"),
// as organizers and the configuration write lead times. Anything past
// MaxLeadTime is refused: no meetup is planned that far ahead, and a day
// count that large would overflow a time.Duration.
func ParseLeadTime(s string) (time.Duration, bool) {
	if days, ok := strings.CutSuffix(strings.ToLower(s), "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n <= 0 || n > int(MaxLeadTime/(24*time.Hour)) {
			return 0, false
		}
		return time.Duration(n) * 24 * time.Hour, true
	}
	d, err := time.ParseDuration(s)
	return d, err == nil && d > 0 && d <= MaxLeadTime
}

// MaxLeadTime is the longest lead time anything accepts: ten years.
const MaxLeadTime = 3653 * 24 * time.Hour

// Bounds of lead times: reminders within a month, announcements within a
// year of the start.
const (
	maxReminderLead = 30 * 24 * time.Hour
	maxAnnounceLead = 365 * 24 * time.Hour
	minReminderLead = time.Minute
	maxReminders    = 5
)

// AnnounceLead is a parsed "announce" value of /editevent.
type AnnounceLead struct {
	Before time.Duration
	Never  bool
	Now    bool
}

func ParseAnnounceLead(s string) (AnnounceLead, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "now", "jetzt", "sofort":
		return AnnounceLead{Now: true}, nil
	case "never", "nie", "off", "aus":
		return AnnounceLead{Never: true}, nil
	}
	d, ok := ParseLeadTime(strings.TrimSpace(s))
	if !ok || d > maxAnnounceLead {
		return AnnounceLead{}, Bad(text.BadAnnounceLead, s)
	}
	return AnnounceLead{Before: d}, nil
}

// ParseReminders reads "/reminders 48h 3h" or "/reminders off". It returns
// the lead times longest first, without repeats.
func ParseReminders(args string) ([]time.Duration, error) {
	fields := strings.Fields(args)
	if len(fields) == 1 && IsOff(fields[0]) {
		return []time.Duration{}, nil
	}
	if len(fields) > maxReminders {
		return nil, Bad(text.TooManyReminders, maxReminders)
	}
	leads := make([]time.Duration, 0, len(fields))
	for _, f := range fields {
		d, ok := ParseLeadTime(f)
		if !ok || d < minReminderLead || d > maxReminderLead {
			return nil, Bad(text.BadReminder, f)
		}
		if !slices.Contains(leads, d) {
			leads = append(leads, d)
		}
	}
	slices.SortFunc(leads, func(a, b time.Duration) int { return cmp.Compare(b, a) })
	return leads, nil
}

// Proposal is a parsed one-line /propose.
type Proposal struct {
	Title, Abstract, Link string
}

// ParsePropose reads "<title> | <abstract> [| <link>]".
func ParsePropose(args string) (Proposal, error) {
	var p Proposal
	parts := splitFields(args)
	if len(parts) < 2 || len(parts) > 3 {
		return p, Bad(text.ProposeParts)
	}
	var err error
	if p.Title, err = CheckText(text.FieldTopicTitle, parts[0], meetupbot.MaxTalkTitleLen); err != nil {
		return p, err
	}
	if p.Abstract, err = CheckText(text.FieldAbstract, parts[1], meetupbot.MaxAbstractLen); err != nil {
		return p, err
	}
	if len(parts) == 3 {
		if p.Link, err = ParseOptionalLink(parts[2]); err != nil {
			return p, err
		}
	}
	return p, nil
}

// ParseOptionalLink reads a link, or a word for none ("ohne", "none", "-").
func ParseOptionalLink(s string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "-", "ohne", "kein", "keiner", "none", "no":
		return "", nil
	}
	return ParseLink(strings.TrimSpace(s))
}

// ParseReconfirm reads /reconfirm's "<ask> <deadline>" (such as "48h
// 24h") or "off" (a zero ReconfirmLeads). Both are times before the start,
// within a month; the deadline comes after the question.
func ParseReconfirm(args string) (meetupbot.ReconfirmLeads, error) {
	fields := strings.Fields(args)
	if len(fields) == 1 && IsOff(fields[0]) {
		return meetupbot.ReconfirmLeads{}, nil
	}
	if len(fields) != 2 {
		return meetupbot.ReconfirmLeads{}, Bad(text.BadReconfirm, Excerpt(args))
	}
	var leads [2]time.Duration
	for i, f := range fields {
		d, ok := ParseLeadTime(f)
		if !ok || d < minReminderLead || d > maxReminderLead {
			return meetupbot.ReconfirmLeads{}, Bad(text.BadReconfirm, Excerpt(f))
		}
		leads[i] = d
	}
	if leads[1] >= leads[0] {
		return meetupbot.ReconfirmLeads{}, Bad(text.ReconfirmOrder, fields[1], fields[0])
	}
	return meetupbot.ReconfirmLeads{Ask: leads[0], Deadline: leads[1]}, nil
}

// IsClose reports whether s asks to close something, in either language.
func IsClose(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "close", "stop", "end", "schließen", "schliessen", "beenden", "ende":
		return true
	}
	return false
}

func IsOff(s string) bool {
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

// ParseSwitch reads "on" or "off" in either language.
func ParseSwitch(args string) (bool, error) {
	switch {
	case isOn(strings.TrimSpace(args)):
		return true, nil
	case IsOff(strings.TrimSpace(args)):
		return false, nil
	case strings.TrimSpace(args) == "":
		return false, Bad(text.NeedSwitch)
	}
	return false, Bad(text.BadSwitch, args)
}

// ScheduleAdd is a parsed "/schedule add <spec> | <text>".
type ScheduleAdd struct {
	Spec string
	Text string
}

// MaxPostLen stays under Telegram's 4096 characters, which count the text
// after entities are parsed, so escaping does not add to it.
const MaxPostLen = 4000

func ParseScheduleAdd(args string) (ScheduleAdd, error) {
	spec, body, ok := strings.Cut(args, "|")
	if !ok {
		return ScheduleAdd{}, Bad(text.ScheduleParts)
	}
	in := ScheduleAdd{Spec: strings.Join(strings.Fields(spec), " ")}
	if in.Spec == "" {
		return in, Bad(text.ScheduleParts)
	}
	var err error
	in.Text, err = CheckText(text.FieldText, body, MaxPostLen)
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

// ParseRule reads a series rule in English or German:
//
//	every 2 months on the 2nd thursday · monthly on the last friday
//	every 4 weeks · weekly · monthly on the 15th
//	alle 2 Monate am 2. Donnerstag · monatlich am letzten Freitag · alle 4 Wochen
//
// A monthly rule without a day keeps the day of the month of start.
func ParseRule(rule string, start time.Time) (meetupbot.Rule, error) {
	words := strings.Fields(strings.ToLower(rule))
	if len(words) == 0 {
		return meetupbot.Rule{}, Bad(text.BadRule, rule)
	}
	r := meetupbot.Rule{Every: 1}
	switch words[0] {
	case "weekly", "wöchentlich":
		r.Unit, words = meetupbot.Weeks, words[1:]
	case "monthly", "monatlich":
		r.Unit, words = meetupbot.Months, words[1:]
	case "every", "alle", "jede", "jeden", "jedes":
		words = words[1:]
		if len(words) > 0 {
			if n, err := strconv.Atoi(strings.TrimSuffix(words[0], ".")); err == nil {
				r.Every, words = n, words[1:]
			}
		}
		if len(words) == 0 || unitWords[words[0]] == "" {
			return r, Bad(text.BadRule, rule)
		}
		r.Unit, words = unitWords[words[0]], words[1:]
	default:
		return r, Bad(text.BadRule, rule)
	}
	var rest []string
	for _, w := range words {
		if !fillerWords[w] {
			rest = append(rest, w)
		}
	}
	switch {
	case len(rest) == 0 && r.Unit == meetupbot.Months:
		r.Day = start.Day()
	case len(rest) == 0:
	case len(rest) == 1 && r.Unit == meetupbot.Months:
		day, err := strconv.Atoi(strings.TrimRight(rest[0], ".stndrh"))
		if err != nil {
			return r, Bad(text.BadRule, rule)
		}
		r.Day = day
	case len(rest) == 2 && r.Unit == meetupbot.Months:
		nth, okNth := ordinalWords[rest[0]]
		weekday, okDay := weekdayWords[rest[1]]
		if !okNth || !okDay {
			return r, Bad(text.BadRule, rule)
		}
		r.Nth, r.Weekday = nth, weekday
	default:
		return r, Bad(text.BadRule, rule)
	}
	if r.Validate() != nil {
		return r, Bad(text.BadRule, rule)
	}
	return r, nil
}

// ParseTimeZone accepts IANA zone names such as Europe/Berlin.
func ParseTimeZone(name string) (*time.Location, error) {
	name = strings.TrimSpace(name)
	if name == "" || name == "Local" || strings.Contains(name, " ") {
		return nil, Bad(text.BadTimeZone, name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, Bad(text.BadTimeZone, name)
	}
	return loc, nil
}

// ParseQuiet reads a group's quiet hours: two times of day, as
// "22:00-08:00", "22-8" or "22:00 08:00", or off.
func ParseQuiet(args string) (meetupbot.QuietHours, error) {
	args = strings.TrimSpace(args)
	if IsOff(args) {
		return meetupbot.QuietHours{}, nil
	}
	// "22 Uhr - 8 Uhr" reads as "22-8".
	spoken := strings.ReplaceAll(strings.ToLower(args), "uhr", " ")
	fields := strings.FieldsFunc(spoken, func(r rune) bool { return r == '-' || r == '–' || r == ' ' })
	if len(fields) != 2 {
		return meetupbot.QuietHours{}, Bad(text.BadQuiet, args)
	}
	var ends [2]int
	for i, f := range fields {
		m, ok := clockMinutes(f)
		if !ok {
			return meetupbot.QuietHours{}, Bad(text.BadQuiet, f)
		}
		ends[i] = m
	}
	if ends[0] == ends[1] {
		return meetupbot.QuietHours{}, Bad(text.QuietEmpty, fields[0], fields[1])
	}
	return meetupbot.QuietHours{From: ends[0], To: ends[1]}, nil
}

// clockMinutes reads a time of day, "22:30", "22.30" or "22", as minutes
// after midnight.
func clockMinutes(s string) (int, bool) {
	hours, minutes, hasMinutes := strings.Cut(strings.ReplaceAll(s, ".", ":"), ":")
	h, err := strconv.Atoi(hours)
	if err != nil || h < 0 || h > 23 {
		return 0, false
	}
	m := 0
	if hasMinutes {
		if len(minutes) != 2 {
			return 0, false
		}
		if m, err = strconv.Atoi(minutes); err != nil || m < 0 || m > 59 {
			return 0, false
		}
	}
	return h*60 + m, true
}

// Reservation is a parsed "/reserve [meetup] [off]": 0 is the next meetup.
type Reservation struct {
	EventID int64
	Off     bool
}

// ParseReserve reads "/reserve", "/reserve 3", "/reserve off" or
// "/reserve 3 off".
func ParseReserve(args string) (Reservation, error) {
	var res Reservation
	fields := strings.Fields(args)
	if n := len(fields); n > 0 && IsOff(fields[n-1]) {
		res.Off, fields = true, fields[:n-1]
	}
	switch len(fields) {
	case 0:
		return res, nil
	case 1:
		id, ok := ParseEventRef(fields[0])
		if !ok {
			return res, Bad(text.BadEventRef, fields[0])
		}
		res.EventID = id
		return res, nil
	}
	return res, Bad(text.BadReserve, args)
}

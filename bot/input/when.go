package input

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/meetupbot/meetupbot/bot/text"
)

// ParseWhen reads when a meetup starts, as people write it in German or
// English: a date (10.12.2026, 10.12.26, 10.12., 2026-12-10, 10. Dezember,
// Thu 10 Dec, morgen, tomorrow, nächsten Donnerstag, next thursday) and a
// time (19:00, 19.30, 19 Uhr, 19:00 Uhr, 19h, 7pm, 7:30 pm), in loc. A date
// without a year is the next such day, and so is a weekday alone (Do
// 19:30). A weekday written beside a date must be that date's. Whatever is
// wrong is named, and the past refused.
func ParseWhen(s string, loc *time.Location, now time.Time) (time.Time, error) {
	// Words are matched in lower case but echoed as typed.
	typed := strings.Fields(strings.NewReplacer(",", " ").Replace(s))
	tokens := make([]string, len(typed))
	for i, t := range typed {
		tokens[i] = strings.ToLower(t)
	}
	w := whenParser{now: now.In(loc), typed: typed}
	for i := 0; i < len(tokens); i++ {
		consumed, err := w.token(tokens, i)
		if err != nil {
			return time.Time{}, err
		}
		i += consumed - 1
	}
	if !w.hasDate && w.weekdayText == "" {
		return time.Time{}, Bad(text.MissingDate)
	}
	// What is wrong with the date is named before anything is missing:
	// "31.02." and "Mi 10.12." need no time to be wrong.
	if w.hasDate {
		if w.day > daysIn(w.month, 2024) {
			return time.Time{}, Bad(text.NoSuchDay, w.day, w.month)
		}
		if !w.hasYear {
			w.year = w.nextYear(loc)
		}
		if w.day > daysIn(w.month, w.year) {
			return time.Time{}, Bad(text.NoLeapDay, w.year)
		}
		if wd := time.Date(w.year, w.month, w.day, 12, 0, 0, 0, loc).Weekday(); w.weekdayText != "" && wd != w.weekday {
			return time.Time{}, Bad(text.WrongWeekday, w.weekdayText, w.dateText, wd)
		}
	}
	if !w.hasTime {
		return time.Time{}, Bad(text.MissingTime)
	}
	if !w.hasDate {
		w.nextWeekday(loc)
	}
	start := time.Date(w.year, w.month, w.day, w.hour, w.minute, 0, 0, loc)
	return CheckStart(start, now)
}

// nextWeekday makes a weekday written without a date ("Do 19:30") the next
// such day whose time is still ahead: today, if it is that day and early
// enough.
func (w *whenParser) nextWeekday(loc *time.Location) {
	day := w.now.AddDate(0, 0, (int(w.weekday)-int(w.now.Weekday())+7)%7)
	if !time.Date(day.Year(), day.Month(), day.Day(), w.hour, w.minute, 0, 0, loc).After(w.now) {
		day = day.AddDate(0, 0, 7)
	}
	w.year, w.month, w.day = day.Year(), day.Month(), day.Day()
}

// nextYear is the year of the next such day: this year's, or the first
// year after in which it exists and is ahead (29 February waits for a leap
// year). Without a time yet, the day counts while it lasts.
func (w *whenParser) nextYear(loc *time.Location) int {
	hour, minute := 23, 59
	if w.hasTime {
		hour, minute = w.hour, w.minute
	}
	year := w.now.Year()
	for w.day > daysIn(w.month, year) || time.Date(year, w.month, w.day, hour, minute, 0, 0, loc).Before(w.now) {
		year++
	}
	return year
}

// daysIn is the number of days of a month in a year.
func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

type whenParser struct {
	now time.Time
	// typed are the tokens as the member wrote them, for echoing.
	typed []string

	hasDate, hasYear, hasTime bool
	year                      int
	month                     time.Month
	day                       int
	dateText                  string
	hour, minute              int
	weekday                   time.Weekday
	weekdayText               string
	// next is set by "nächsten"/"next": the weekday that follows is a date.
	next bool
}

var (
	isoDate    = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	dottedDate = regexp.MustCompile(`^(\d{1,2})\.(\d{1,2})(?:\.(\d{2}|\d{4})?)?$`)
	clockTime  = regexp.MustCompile(`^(\d{1,2})(?:[:.](\d{2}))?(uhr|h|am|pm)?$`)
	dayNumber  = regexp.MustCompile(`^(\d{1,2})\.?$`)
)

// token reads tokens[i] (and what belongs to it) and says how many it used.
func (w *whenParser) token(tokens []string, i int) (int, error) {
	tok, typed := tokens[i], w.typed[i]
	nextTok, typedPair := "", typed
	if i+1 < len(tokens) {
		nextTok, typedPair = tokens[i+1], typed+" "+w.typed[i+1]
	}
	switch {
	case fillers[tok]:
		return 1, nil
	case tok == "nächsten" || tok == "nächster" || tok == "naechsten" || tok == "kommenden" || tok == "next":
		w.next = true
		return 1, nil
	case relativeDays[tok] != 0 || tok == "heute" || tok == "today":
		return 1, w.setDate(w.now.AddDate(0, 0, relativeDays[tok]), typed)
	}
	if wd, ok := weekdayWord(strings.TrimSuffix(tok, ".")); ok {
		if w.next {
			days := (int(wd)-int(w.now.Weekday())+6)%7 + 1
			w.next = false
			return 1, w.setDate(w.now.AddDate(0, 0, days), typed)
		}
		w.weekday, w.weekdayText = wd, typed
		return 1, nil
	}
	if m := isoDate.FindStringSubmatch(tok); m != nil && !w.hasDate {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		return 1, w.setYMD(y, mo, d, typed)
	}
	if month, ok := monthWords[strings.TrimSuffix(nextTok, ".")]; ok && !w.hasDate {
		if m := dayNumber.FindStringSubmatch(tok); m != nil {
			d, _ := strconv.Atoi(m[1])
			return 2 + w.maybeYear(tokens, i+2), w.setDayMonth(d, month, typedPair)
		}
	}
	if month, ok := monthWords[strings.TrimSuffix(tok, ".")]; ok && !w.hasDate {
		if m := dayNumber.FindStringSubmatch(nextTok); m != nil {
			d, _ := strconv.Atoi(m[1])
			return 2 + w.maybeYear(tokens, i+2), w.setDayMonth(d, month, typedPair)
		}
		return 1, Bad(text.BadDate, typed)
	}
	// A dotted pair is a date until there is one, then a time (19.30).
	if m := dottedDate.FindStringSubmatch(tok); m != nil && !w.hasDate {
		d, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if m[3] == "" {
			return 1, w.setDayMonth(d, time.Month(mo), typed)
		}
		y, _ := strconv.Atoi(m[3])
		if y < 100 {
			y += 2000
		}
		return 1, w.setYMD(y, mo, d, typed)
	}
	if m := clockTime.FindStringSubmatch(tok); m != nil && !w.hasTime {
		suffix := m[3]
		used := 1
		if suffix == "" {
			switch nextTok {
			case "uhr", "h", "am", "pm", "a.m.", "p.m.":
				suffix, used = strings.ReplaceAll(nextTok, ".", ""), 2
			}
		}
		// A bare number is an hour only where a time is expected: after the
		// date, or with a suffix.
		if m[2] == "" && suffix == "" && !w.hasDate {
			return 1, Bad(text.BadDate, typed)
		}
		return used, w.setTime(m[1], m[2], suffix, strings.Join(w.typed[i:i+used], " "))
	}
	if w.hasDate && !w.hasTime {
		return 1, Bad(text.BadTime, typed)
	}
	return 1, Bad(text.BadDate, typed)
}

// maybeYear takes a year after "10 Dec" or "10. Dezember", if there is one.
func (w *whenParser) maybeYear(tokens []string, i int) int {
	if i >= len(tokens) {
		return 0
	}
	if y, err := strconv.Atoi(tokens[i]); err == nil && y >= 2000 && y < 2100 {
		w.year, w.hasYear = y, true
		return 1
	}
	return 0
}

func (w *whenParser) setDate(t time.Time, written string) error {
	return w.setYMD(t.Year(), int(t.Month()), t.Day(), written)
}

func (w *whenParser) setYMD(y, mo, d int, written string) error {
	w.year, w.hasYear = y, true
	return w.setDayMonth(d, time.Month(mo), written)
}

func (w *whenParser) setDayMonth(d int, mo time.Month, written string) error {
	if w.hasDate {
		return Bad(text.TwoDates, written)
	}
	if d < 1 || d > 31 || mo < 1 || mo > 12 {
		return Bad(text.BadDate, written)
	}
	w.hasDate, w.day, w.month, w.dateText = true, d, mo, written
	return nil
}

func (w *whenParser) setTime(hourText, minuteText, suffix, written string) error {
	h, _ := strconv.Atoi(hourText)
	mi := 0
	if minuteText != "" {
		mi, _ = strconv.Atoi(minuteText)
	}
	switch suffix {
	case "am", "pm":
		if h < 1 || h > 12 {
			return Bad(text.BadTime, written)
		}
		h %= 12
		if suffix == "pm" {
			h += 12
		}
	}
	if h > 23 || mi > 59 {
		return Bad(text.BadTime, written)
	}
	w.hasTime, w.hour, w.minute = true, h, mi
	return nil
}

var (
	fillers = map[string]bool{"um": true, "at": true, "am": true, "den": true, "the": true, "ab": true, "on": true}
	// relativeDays include the past, so "gestern" is answered as past, not
	// as a word the bot does not know.
	relativeDays = map[string]int{
		"morgen": 1, "tomorrow": 1, "übermorgen": 2, "uebermorgen": 2,
		"gestern": -1, "yesterday": -1, "vorgestern": -2,
	}
	monthWords = months()
	// weekdayShort are the abbreviations people write before a date.
	weekdayShort = map[string]time.Weekday{
		"mo": time.Monday, "mon": time.Monday, "di": time.Tuesday, "tue": time.Tuesday, "tues": time.Tuesday,
		"mi": time.Wednesday, "wed": time.Wednesday, "do": time.Thursday, "thu": time.Thursday, "thur": time.Thursday,
		"thurs": time.Thursday, "fr": time.Friday, "fri": time.Friday, "sa": time.Saturday, "sat": time.Saturday,
		"so": time.Sunday, "sun": time.Sunday,
	}
)

func months() map[string]time.Month {
	words := map[string]time.Month{}
	for i, names := range [][]string{
		{"januar", "jan", "january"}, {"februar", "feb", "february"}, {"märz", "maerz", "mär", "mrz", "march", "mar"},
		{"april", "apr"}, {"mai", "may"}, {"juni", "jun", "june"}, {"juli", "jul", "july"}, {"august", "aug"},
		{"september", "sep", "sept"}, {"oktober", "okt", "october", "oct"}, {"november", "nov"}, {"dezember", "dez", "december", "dec"},
	} {
		for _, n := range names {
			words[n] = time.Month(i + 1)
		}
	}
	return words
}

// weekdayWord reads a weekday, written out or abbreviated.
func weekdayWord(s string) (time.Weekday, bool) {
	if wd, ok := weekdayWords[s]; ok {
		return wd, true
	}
	wd, ok := weekdayShort[s]
	return wd, ok
}

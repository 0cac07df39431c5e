package view

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/text"
)

// exportOrder lists answers as organizers read a guest list: who comes,
// who waits, who may come, then the rest.
var exportOrder = map[meetupbot.Status]int{
	meetupbot.StatusGoing: 0, meetupbot.StatusWaiting: 1, meetupbot.StatusMaybe: 2,
	meetupbot.StatusDeclined: 3, meetupbot.StatusReleased: 4,
}

// GuestList is every answer to a meetup as a CSV file that LibreOffice and
// Excel open as they are: UTF-8 with a byte-order mark, and separated as
// the reader's spreadsheet expects (";" in German, where "," is the
// decimal mark; "," in English). A cell a spreadsheet would read as a
// formula is written with a leading apostrophe, so a member named
// "=HYPERLINK(…)" stays a name.
func GuestList(c Context, ev meetupbot.Event, list []meetupbot.Attendee) (name string, data []byte) {
	sorted := slices.Clone(list)
	slices.SortStableFunc(sorted, func(a, b meetupbot.Attendee) int {
		return cmp.Or(cmp.Compare(exportOrder[a.Status], exportOrder[b.Status]), cmp.Compare(a.Seq, b.Seq))
	})
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	if c.Lang == meetupbot.German {
		w.Comma = ';'
	}
	w.UseCRLF = true
	w.Write(strings.Split(c.T(text.CsvColumns), "|"))
	yesNo := func(v bool) string {
		if v {
			return c.T(text.CsvYes)
		}
		return c.T(text.CsvNo)
	}
	for _, a := range sorted {
		w.Write([]string{
			cell(a.Member.DisplayName()), cell(a.Member.Username), cell(Status(c, meetupbot.RSVP{Status: a.Status})),
			strconv.Itoa(a.Guests), stamp(c, a.Answered()), yesNo(a.Confirmed), stamp(c, a.CheckedIn),
		})
	}
	w.Flush()
	name = fmt.Sprintf("meetup-%d-%s.csv", ev.ID, ev.Start.In(c.Zone).Format("2006-01-02"))
	return name, buf.Bytes()
}

// stamp writes a time as spreadsheets read it; empty for none.
func stamp(c Context, at time.Time) string {
	if at.IsZero() {
		return ""
	}
	return at.In(c.Zone).Format("2006-01-02 15:04")
}

// cell neutralises what a spreadsheet would run as a formula (OWASP's
// advice on CSV injection).
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// GuestListCaption says what the file holds and how it is separated.
func GuestListCaption(c Context, ev meetupbot.Event, answers int) string {
	return c.T(text.ExportCaption, Esc(ev.Title), WhenShort(c, ev), answers)
}

package view

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	qr "github.com/piglig/go-qr"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/input"
	"github.com/meetupbot/meetupbot/bot/text"
)

// CheckinCode is the QR code of a meetup's check-in link as a PNG: large
// enough to scan from a phone held up at the door or a printout, with the
// quiet zone scanners need.
func CheckinCode(link string) ([]byte, error) {
	code, err := qr.EncodeText(link, qr.Medium)
	if err != nil {
		return nil, err
	}
	return code.ToPNGBytes(qr.NewQrCodeImgConfig(12, 4))
}

// CheckinCaption explains the code and when it works.
func CheckinCaption(c Context, ev meetupbot.Event) string {
	return c.T(text.CheckinCaption, Esc(ev.Title), When(c, ev),
		ShortTime(c, ev.Start.Add(-meetupbot.CheckinOpens)), ShortTime(c, ev.Start.Add(meetupbot.CheckinCloses)))
}

// doorPageSize keeps a door list page well inside Telegram's limit of 100
// buttons a message, with room for the counters and the pages.
const doorPageSize = 40

// DoorList is an organizer's list at the door: everyone who said yes, and
// everyone checked in without a yes, by name, each a button that ticks
// them off, with the counts and a counter for people without a name. Long
// lists have pages.
func DoorList(c Context, ev meetupbot.Event, list []meetupbot.Attendee, page int) (string, [][]meetupbot.Button) {
	var door []meetupbot.Attendee
	for _, a := range list {
		if a.Status == meetupbot.StatusGoing || !a.CheckedIn.IsZero() {
			door = append(door, a)
		}
	}
	slices.SortFunc(door, func(a, b meetupbot.Attendee) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.Member.DisplayName()), strings.ToLower(b.Member.DisplayName())), cmp.Compare(a.UserID, b.UserID))
	})
	pages := max((len(door)+doorPageSize-1)/doorPageSize, 1)
	page = min(max(page, 0), pages-1)
	at := ev.Attendance
	body := c.T(text.DoorHeader, Esc(ev.Title), at.Going()+at.Guests, ev.Tally.Seats(), at.Going(), ev.Tally.Going, at.WalkIns, at.Unnamed) + "\n" + c.T(text.DoorHint)
	if pages > 1 {
		body += "\n" + c.T(text.DoorPage, page+1, pages)
	}
	var rows [][]meetupbot.Button
	for i, a := range door[page*doorPageSize : min((page+1)*doorPageSize, len(door))] {
		label := "▫️ " + a.Member.DisplayName()
		if !a.CheckedIn.IsZero() {
			label = "✅ " + a.Member.DisplayName()
		}
		if a.Guests > 0 {
			label += " (+" + strconv.Itoa(a.Guests) + ")"
		}
		b := meetupbot.Button{Text: Truncate(label, 32), Data: input.DoorData(input.DoorAction{EventID: ev.ID, Page: page, Member: a.UserID})}
		if i%2 == 1 {
			rows[len(rows)-1] = append(rows[len(rows)-1], b)
		} else {
			rows = append(rows, []meetupbot.Button{b})
		}
	}
	rows = append(rows, []meetupbot.Button{
		{Text: c.T(text.BtnUnnamedPlus), Data: input.DoorData(input.DoorAction{EventID: ev.ID, Page: page, Unnamed: 1})},
		{Text: c.T(text.BtnUnnamedMinus), Data: input.DoorData(input.DoorAction{EventID: ev.ID, Page: page, Unnamed: -1})},
	})
	if pages > 1 {
		rows = append(rows, []meetupbot.Button{
			{Text: "◀", Data: input.DoorData(input.DoorAction{EventID: ev.ID, Page: (page + pages - 1) % pages})},
			{Text: "▶", Data: input.DoorData(input.DoorAction{EventID: ev.ID, Page: (page + 1) % pages})},
		})
	}
	return body, rows
}

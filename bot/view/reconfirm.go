package view

import (
	"fmt"
	"time"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/input"
	"github.com/meetupbot/meetupbot/bot/text"
)

// ReconfirmSetting says when a group's members are asked whether they
// still come, and what happens to silent ones' places.
func ReconfirmSetting(c Context, group meetupbot.Chat, leads meetupbot.ReconfirmLeads, claimWithin time.Duration) string {
	if leads.Ask <= 0 {
		return c.T(text.ReconfirmOff, Esc(group.Title))
	}
	return c.T(text.ReconfirmSet, Esc(group.Title), lead(c, leads.Ask), lead(c, leads.Deadline), Duration(c, claimWithin))
}

// QuietSetting says when a group's night is.
func QuietSetting(c Context, group meetupbot.Chat, hours meetupbot.QuietHours) string {
	if hours.Off() {
		return c.T(text.QuietNone, Esc(group.Title))
	}
	clock := func(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }
	return c.T(text.QuietSet, Esc(group.Title), clock(hours.From), clock(hours.To))
}

// ReconfirmButtons answer "Kommst du noch?" for whoever presses them: in a
// private chat that is the member asked; in the group, a member who holds
// a place they were asked about (anybody else is told so, and nothing
// changes).
func ReconfirmButtons(c Context, ev meetupbot.Event) [][]meetupbot.Button {
	return [][]meetupbot.Button{{
		{Text: c.T(text.BtnStillComing), Data: input.RSVPData(ev.ID, input.ActionConfirm)},
		{Text: c.T(text.BtnNotComing), Data: input.RSVPData(ev.ID, input.ActionNotComing)},
	}}
}

// OfferButtons answer an offer made in the group to one member: they act
// for that member only.
func OfferButtons(c Context, ev meetupbot.Event, memberID int64) [][]meetupbot.Button {
	return [][]meetupbot.Button{{
		{Text: c.T(text.BtnStillComing), Data: input.OfferData(ev.ID, memberID, input.ActionConfirm)},
		{Text: c.T(text.BtnNotComing), Data: input.OfferData(ev.ID, memberID, input.ActionNotComing)},
	}}
}

// ReconfirmQuestions ask the members going who must answer whether they
// still come, to answer by deadline: privately where they started the bot
// (in the morning, when asked at night), and in the group one message
// naming the others and saying why they are named. Each question loses its
// buttons once it is answered or moot.
func ReconfirmQuestions(group Context, fallback meetupbot.Lang, ev meetupbot.Event, asked []meetupbot.Attendee, deadline time.Time) []meetupbot.Outgoing {
	var outs []meetupbot.Outgoing
	var unreachable []meetupbot.Member
	for _, a := range asked {
		if !a.Member.Started {
			unreachable = append(unreachable, a.Member)
			continue
		}
		c := group.In(a.Member.PrivateLang(fallback))
		out := private(c, ev, a.Member, c.T(text.ReconfirmAsk, Esc(ev.Title), When(c, ev), ShortTime(c, deadline)))
		out.Buttons, out.Asks = ReconfirmButtons(c, ev), &meetupbot.Ask{EventID: ev.ID, UserID: a.UserID}
		outs = append(outs, out)
	}
	if len(unreachable) > 0 {
		out := groupNotice(group, ev, group.T(text.ReconfirmAskGroup, Esc(ev.Title), WhenShort(group, ev), ShortTime(group, deadline))+"\n\n"+unreached(group, unreachable))
		out.Buttons, out.Asks = ReconfirmButtons(group, ev), &meetupbot.Ask{EventID: ev.ID}
		outs = append(outs, out)
	}
	return outs
}

// releaseNotices tell members whose places went to the waiting list,
// privately, kindly and with the way back; the group hears how many places
// moved, not whose.
func releaseNotices(group Context, fallback meetupbot.Lang, ev meetupbot.Event, released []meetupbot.Attendee) []meetupbot.Outgoing {
	if len(released) == 0 {
		return nil
	}
	var outs []meetupbot.Outgoing
	for _, a := range released {
		if !a.Member.Started {
			continue
		}
		c := group.In(a.Member.PrivateLang(fallback))
		out := private(c, ev, a.Member, c.T(text.ReleasedPrivate, Esc(ev.Title), When(c, ev)))
		out.Buttons = [][]meetupbot.Button{{{Text: c.T(text.BtnGoing), Data: input.RSVPData(ev.ID, input.ActionGoing)}}}
		outs = append(outs, out)
	}
	return append(outs, groupNotice(group, ev, group.T(text.ReleasedGroup, seatsOf(released))))
}

// expiryNotices tell members who did not claim a place in time that it
// moved on and they wait again; the group hears that a place moved on.
func expiryNotices(group Context, fallback meetupbot.Lang, ev meetupbot.Event, expired []meetupbot.Attendee) []meetupbot.Outgoing {
	if len(expired) == 0 {
		return nil
	}
	var outs []meetupbot.Outgoing
	for _, a := range expired {
		if a.Member.Started {
			c := group.In(a.Member.PrivateLang(fallback))
			outs = append(outs, private(c, ev, a.Member, c.T(text.ExpiredPrivate, Esc(ev.Title), When(c, ev))))
		}
	}
	return append(outs, groupNotice(group, ev, group.T(text.ExpiredGroup, seatsOf(expired))))
}

// places counts the places of members, guests included.
func seatsOf(list []meetupbot.Attendee) int {
	n := 0
	for _, a := range list {
		n += a.Party()
	}
	return n
}

// ChangeLines say what moved: the start, the venue, or both, new beside
// old.
func ChangeLines(c Context, before, after meetupbot.Event) string {
	s := c.T(text.ChangeNotice, Esc(after.Title))
	if !before.Start.Equal(after.Start) {
		s += "\n" + c.T(text.ChangeStart, When(c, after), When(c, before))
	}
	if before.Venue != after.Venue {
		s += "\n" + c.T(text.ChangeVenue, Esc(after.Venue), Esc(before.Venue))
	}
	return s
}

// changeNotices tell everyone who had not said no that the meetup moved or
// changed its venue: privately where they started the bot, and once in the
// group (if it was announced there), naming the others and saying why.
func changeNotices(group Context, fallback meetupbot.Lang, before, ev meetupbot.Event, concerned []meetupbot.Attendee) []meetupbot.Outgoing {
	var outs []meetupbot.Outgoing
	var unreachable []meetupbot.Member
	for _, a := range concerned {
		if !a.Member.Started {
			unreachable = append(unreachable, a.Member)
			continue
		}
		c := group.In(a.Member.PrivateLang(fallback))
		outs = append(outs, private(c, ev, a.Member, ChangeLines(c, before, ev)))
	}
	if ev.Announcement.MessageID == 0 && len(unreachable) == 0 {
		return outs
	}
	body := ChangeLines(group, before, ev)
	if len(unreachable) > 0 {
		body += "\n\n" + unreached(group, unreachable)
	}
	return append(outs, groupNotice(group, ev, body))
}

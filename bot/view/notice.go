package view

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/text"
)

// Notices are the messages a change to a meetup causes: who moved up from
// the waiting list and, for a cancellation, everybody concerned. group is
// the group's context; each member reads in their own language.
func Notices(group Context, fallback meetupbot.Lang, change meetupbot.EventChange) []meetupbot.Outgoing {
	var outs []meetupbot.Outgoing
	switch {
	case change.Cancelled:
		outs = append(outs, cancellationNotices(group, fallback, change.Event, change.Concerned)...)
	case change.Before != nil:
		outs = append(outs, changeNotices(group, fallback, *change.Before, change.Event, change.Concerned)...)
	}
	outs = append(outs, releaseNotices(group, fallback, change.Event, change.Released)...)
	outs = append(outs, expiryNotices(group, fallback, change.Event, change.Expired)...)
	return append(outs, promotionNotices(group, fallback, change.Event, change.Promoted)...)
}

// promotionNotices tell members who moved up: in the group with a mention,
// and privately where they started the bot. After the reconfirmation
// question a place must be claimed; the group message then carries the
// buttons for those not written to privately.
func promotionNotices(group Context, fallback meetupbot.Lang, ev meetupbot.Event, promoted []meetupbot.Attendee) []meetupbot.Outgoing {
	var claimBy time.Time
	for _, p := range promoted {
		if !p.ClaimBy.IsZero() && (claimBy.IsZero() || p.ClaimBy.Before(claimBy)) {
			claimBy = p.ClaimBy
		}
	}
	var buttons [][]meetupbot.Button
	if !claimBy.IsZero() {
		buttons = ReconfirmButtons(group, ev)
	}
	return tellEach(group, fallback, ev, promoted, func(c Context, p meetupbot.Attendee) meetupbot.Outgoing {
		if p.ClaimBy.IsZero() {
			return meetupbot.Outgoing{ChatID: p.Member.ID, Text: c.T(text.PromotedPrivate, Esc(ev.Title), When(c, ev))}
		}
		return meetupbot.Outgoing{
			ChatID: p.Member.ID, Text: c.T(text.ClaimPrivate, Esc(ev.Title), When(c, ev), ShortTime(c, p.ClaimBy)),
			Buttons: ReconfirmButtons(c, ev),
		}
	}, func(mentions string) string {
		body := group.T(text.PromotedGroup, mentions, Esc(ev.Title))
		if !claimBy.IsZero() {
			body += " " + group.T(text.ClaimGroup, ShortTime(group, claimBy))
		}
		return body
	}, buttons)
}

// cancellationNotices tell the group, mentioning everyone concerned, and
// each of them privately where they started the bot.
func cancellationNotices(group Context, fallback meetupbot.Lang, ev meetupbot.Event, concerned []meetupbot.Attendee) []meetupbot.Outgoing {
	body := Cancellation(group, ev)
	var members []meetupbot.Member
	var private []meetupbot.Outgoing
	for _, a := range concerned {
		members = append(members, a.Member)
		if a.Member.Started {
			private = append(private, meetupbot.Outgoing{ChatID: a.Member.ID, Text: Cancellation(group.In(a.Member.PrivateLang(fallback)), ev)})
		}
	}
	if len(members) > 0 {
		body += "\n\n" + Mentions(members)
	}
	return append([]meetupbot.Outgoing{{ChatID: ev.ChatID, Thread: group.Topic, Text: body, ReplyTo: ev.Announcement.MessageID}}, private...)
}

// Status is a member's answer in words.
func Status(c Context, r meetupbot.RSVP) string {
	key := map[meetupbot.Status]text.Key{
		meetupbot.StatusGoing: text.StatusGoing, meetupbot.StatusMaybe: text.StatusMaybe,
		meetupbot.StatusDeclined: text.StatusDeclined, meetupbot.StatusWaiting: text.StatusWaiting,
		meetupbot.StatusReleased: text.StatusReleased,
	}[r.Status]
	if key == "" {
		return "–"
	}
	s := c.T(key)
	if r.Guests > 0 {
		s += fmt.Sprintf(" (+%d)", r.Guests)
	}
	return s
}

// MemberData is everything stored about a member, for /mydata. Each
// answer's time is written in the zone of its group.
func MemberData(c Context, d meetupbot.MemberData) string {
	m := d.Member
	yesNo := func(v bool) string {
		if v {
			return c.T(text.DataYes)
		}
		return c.T(text.DataNo)
	}
	zones := map[int64]meetupbot.Chat{}
	for _, g := range d.Groups {
		zones[g.ID] = g
	}
	var sb strings.Builder
	sb.WriteString(c.T(text.DataHeader))
	sb.WriteString("\n" + c.T(text.DataProfile, m.ID, Esc(m.FirstName), Esc(m.LastName), Esc(m.Username),
		Esc(m.LanguageCode), Esc(string(m.Lang)), yesNo(m.Started), yesNo(!m.NoReminders)))
	sb.WriteString("\n\n" + c.T(text.DataGroups))
	for _, g := range d.Groups {
		sb.WriteString("\n• " + Esc(g.Title))
	}
	sb.WriteString("\n\n" + c.T(text.DataAnswers))
	if len(d.Answers) == 0 {
		sb.WriteString("\n–")
	}
	for _, a := range d.Answers {
		in := c
		in.Zone = zones[a.Event.ChatID].Location(c.Zone)
		sb.WriteString(fmt.Sprintf("\n• #%d %s, %s: %s", a.Event.ID, Esc(a.Event.Title), WhenShort(in, a.Event), Status(c, a.RSVP)))
		switch {
		case a.RSVP.Confirmed:
			sb.WriteString(", " + c.T(text.DataConfirmed))
		case !a.RSVP.ClaimBy.IsZero():
			sb.WriteString(", " + c.T(text.DataClaimBy, ShortTime(in, a.RSVP.ClaimBy)))
		}
		if !a.RSVP.CheckedIn.IsZero() {
			sb.WriteString(", " + c.T(text.DataCheckedIn, ShortTime(in, a.RSVP.CheckedIn)))
		}
	}
	if len(d.Created) > 0 || len(d.Posts) > 0 {
		sb.WriteString("\n\n" + c.T(text.DataCreated))
		for _, ev := range d.Created {
			sb.WriteString(fmt.Sprintf("\n• #%d %s", ev.ID, Esc(ev.Title)))
		}
		for _, p := range d.Posts {
			sb.WriteString(fmt.Sprintf("\n• 🔁 <code>%s</code> %s", Esc(p.Spec), Esc(Truncate(p.Text, 60))))
		}
	}
	if len(d.Proposals) > 0 {
		sb.WriteString("\n\n" + c.T(text.DataProposals))
		for _, t := range d.Proposals {
			sb.WriteString(fmt.Sprintf("\n• #%d %s", t.ID, Esc(t.Title)))
		}
	}
	if len(d.Ratings) > 0 {
		sb.WriteString("\n\n" + c.T(text.DataRatings))
		for _, r := range d.Ratings {
			line := fmt.Sprintf("\n• #%d, %d: %s", r.EventID, r.Talk+1, Stars(r.Stars))
			if r.Comment != "" {
				line += " " + Esc(r.Comment)
			}
			sb.WriteString(line)
		}
	}
	if d.Pending != "" {
		sb.WriteString("\n\n" + c.T(text.DataPending, Esc(d.Pending)))
	}
	if d.Draft != nil {
		ev := d.Draft.Event
		var given []string
		if !ev.Start.IsZero() {
			in := c
			in.Zone = zones[d.Draft.GroupID].Location(c.Zone)
			given = append(given, WhenShort(in, ev))
		}
		for _, s := range []string{ev.Title, ev.Venue} {
			if s != "" {
				given = append(given, Esc(s))
			}
		}
		sb.WriteString("\n\n" + c.T(text.DataDraft, cmp.Or(Esc(zones[d.Draft.GroupID].Title), strconv.FormatInt(d.Draft.GroupID, 10)), cmp.Or(strings.Join(given, " · "), "–")))
	}
	sb.WriteString("\n\n" + c.T(text.DataFooter))
	return sb.String()
}

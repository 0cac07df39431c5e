package view

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/text"
)

// Notices are the messages a change to a meetup causes. Members hear
// privately what concerns their own place, each in their language, where
// they started the bot; the group hears counts, and names only of members
// the bot cannot reach otherwise, never of those who failed to confirm.
// organizers (those who started the bot) get a summary of places that
// changed hands. group is the group's context.
func Notices(group Context, fallback meetupbot.Lang, change meetupbot.EventChange, organizers []meetupbot.Member) []meetupbot.Outgoing {
	var outs []meetupbot.Outgoing
	switch {
	case change.Cancelled:
		outs = append(outs, cancellationNotices(group, fallback, change.Event, change.Concerned)...)
	case change.Before != nil:
		outs = append(outs, changeNotices(group, fallback, *change.Before, change.Event, change.Concerned)...)
	}
	outs = append(outs, releaseNotices(group, fallback, change.Event, change.Released)...)
	outs = append(outs, expiryNotices(group, fallback, change.Event, change.Expired)...)
	outs = append(outs, promotionNotices(group, fallback, change.Event, change.Promoted)...)
	if change.Opened {
		outs = append(outs, groupNotice(group, change.Event, group.T(text.OpenedGroup, change.Event.Free())))
	}
	return append(outs, placesSummary(group, fallback, change, organizers)...)
}

// groupNotice is a line to the group about a meetup, replying to its
// announcement.
func groupNotice(group Context, ev meetupbot.Event, body string) meetupbot.Outgoing {
	return meetupbot.Outgoing{ChatID: ev.ChatID, Thread: group.Topic, ReplyTo: ev.Announcement.MessageID, Text: body}
}

// private is an unprompted message to a member about a meetup: it waits
// through the group's night.
func private(c Context, ev meetupbot.Event, m meetupbot.Member, body string) meetupbot.Outgoing {
	return meetupbot.Outgoing{ChatID: m.ID, Text: body, NotBefore: c.Waking(ev)}
}

// unreached says why the group message names members: it concerns their
// answer, and the bot cannot write to them privately.
func unreached(group Context, members []meetupbot.Member) string {
	return group.T(text.NoticeUnreached, Mentions(members), Esc(StartLink(group, "")))
}

// promotionNotices tell members who moved up: privately where they
// started the bot, else in the group. After the reconfirmation question a
// place must be claimed: the offer carries buttons that act for that
// member only, and loses them once it is settled.
func promotionNotices(group Context, fallback meetupbot.Lang, ev meetupbot.Event, promoted []meetupbot.Attendee) []meetupbot.Outgoing {
	var outs []meetupbot.Outgoing
	var announced []meetupbot.Member
	for _, p := range promoted {
		c := group.In(p.Member.PrivateLang(fallback))
		switch {
		case p.Member.Started && p.ClaimBy.IsZero():
			outs = append(outs, private(c, ev, p.Member, c.T(text.PromotedPrivate, Esc(ev.Title), When(c, ev))))
		case p.Member.Started:
			out := private(c, ev, p.Member, c.T(text.ClaimPrivate, Esc(ev.Title), When(c, ev), ShortTime(c, p.ClaimBy)))
			out.Buttons, out.Asks = ReconfirmButtons(c, ev), &meetupbot.Ask{EventID: ev.ID, UserID: p.UserID}
			outs = append(outs, out)
		case p.ClaimBy.IsZero():
			announced = append(announced, p.Member)
		default:
			out := groupNotice(group, ev, group.T(text.OfferGroup, Mention(p.Member), Esc(ev.Title), When(group, ev), ShortTime(group, p.ClaimBy)))
			out.Buttons, out.Asks = OfferButtons(group, ev, p.UserID), &meetupbot.Ask{EventID: ev.ID, UserID: p.UserID}
			// The deadline counts from the morning: so does the offer.
			out.NotBefore = group.Waking(ev)
			outs = append(outs, out)
		}
	}
	if len(announced) > 0 {
		outs = append(outs, groupNotice(group, ev, group.T(text.PromotedGroup, Mentions(announced), Esc(ev.Title))))
	}
	return outs
}

// placesSummary tells the group's organizers, privately, who lost, let
// lapse or got a place, and when places are open to all: what the group
// is not told by name.
func placesSummary(group Context, fallback meetupbot.Lang, change meetupbot.EventChange, organizers []meetupbot.Member) []meetupbot.Outgoing {
	if len(change.Released)+len(change.Expired) == 0 && !change.Opened {
		return nil
	}
	ev := change.Event
	var outs []meetupbot.Outgoing
	for _, o := range organizers {
		c := group.In(o.PrivateLang(fallback))
		body := c.T(text.SummaryHeader, Esc(ev.Title), WhenShort(c, ev))
		if len(change.Released) > 0 {
			body += "\n" + c.T(text.SummaryReleased, names(change.Released))
		}
		if len(change.Expired) > 0 {
			body += "\n" + c.T(text.SummaryExpired, names(change.Expired))
		}
		if len(change.Promoted) > 0 {
			body += "\n" + c.T(text.SummaryPromoted, names(change.Promoted))
		}
		if change.Opened {
			body += "\n" + c.T(text.SummaryOpened, ev.Free())
		}
		body += "\n" + capacityLine(c, ev)
		outs = append(outs, private(c, ev, o, body))
	}
	return outs
}

// names lists members with their guests, for organizers' eyes.
func names(list []meetupbot.Attendee) string {
	parts := make([]string, len(list))
	for i, a := range list {
		parts[i] = Esc(a.Member.DisplayName())
		if a.Guests > 0 {
			parts[i] += fmt.Sprintf(" (+%d)", a.Guests)
		}
	}
	return strings.Join(parts, ", ")
}

// cancellationNotices tell each member concerned privately where they
// started the bot, and the group, naming those it cannot reach.
func cancellationNotices(group Context, fallback meetupbot.Lang, ev meetupbot.Event, concerned []meetupbot.Attendee) []meetupbot.Outgoing {
	body := Cancellation(group, ev)
	var members []meetupbot.Member
	var outs []meetupbot.Outgoing
	for _, a := range concerned {
		if !a.Member.Started {
			members = append(members, a.Member)
			continue
		}
		c := group.In(a.Member.PrivateLang(fallback))
		outs = append(outs, private(c, ev, a.Member, Cancellation(c, ev)))
	}
	if len(members) > 0 {
		body += "\n\n" + unreached(group, members)
	}
	return append([]meetupbot.Outgoing{groupNotice(group, ev, body)}, outs...)
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
			sb.WriteString("\n• " + TalkNumber(t.ID) + " " + Esc(t.Title))
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

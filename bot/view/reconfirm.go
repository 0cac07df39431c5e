package view

import (
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

// ReconfirmButtons answer "Kommst du noch?" for whoever presses them, so
// one message in the group serves everyone it mentions.
func ReconfirmButtons(c Context, ev meetupbot.Event) [][]meetupbot.Button {
	return [][]meetupbot.Button{{
		{Text: c.T(text.BtnStillComing), Data: input.RSVPData(ev.ID, input.ActionConfirm)},
		{Text: c.T(text.BtnNotComing), Data: input.RSVPData(ev.ID, input.ActionNotComing)},
	}}
}

// ReconfirmQuestions ask everyone going whether they still come, to answer
// by deadline: privately where they started the bot, and in the group one
// message mentioning the others.
func ReconfirmQuestions(group Context, fallback meetupbot.Lang, ev meetupbot.Event, going []meetupbot.Attendee, deadline time.Time) []meetupbot.Outgoing {
	var outs []meetupbot.Outgoing
	var unreached []meetupbot.Member
	for _, a := range going {
		if !a.Member.Started {
			unreached = append(unreached, a.Member)
			continue
		}
		c := group.In(a.Member.PrivateLang(fallback))
		outs = append(outs, meetupbot.Outgoing{
			ChatID: a.Member.ID, Text: c.T(text.ReconfirmAsk, Esc(ev.Title), When(c, ev), ShortTime(c, deadline)),
			Buttons: ReconfirmButtons(c, ev),
		})
	}
	if len(unreached) > 0 {
		outs = append(outs, meetupbot.Outgoing{
			ChatID: ev.ChatID, Thread: group.Topic, ReplyTo: ev.Announcement.MessageID,
			Text:    group.T(text.ReconfirmAskGroup, Esc(ev.Title), WhenShort(group, ev), ShortTime(group, deadline), Mentions(unreached)),
			Buttons: ReconfirmButtons(group, ev),
		})
	}
	return outs
}

// releaseNotices tell members whose places went to the waiting list,
// kindly and with the way back; the group learns it in one line.
func releaseNotices(group Context, fallback meetupbot.Lang, ev meetupbot.Event, released []meetupbot.Attendee) []meetupbot.Outgoing {
	return tellEach(group, fallback, ev, released, func(c Context, a meetupbot.Attendee) meetupbot.Outgoing {
		return meetupbot.Outgoing{
			ChatID: a.Member.ID, Text: c.T(text.ReleasedPrivate, Esc(ev.Title), When(c, ev)),
			Buttons: [][]meetupbot.Button{{{Text: c.T(text.BtnGoing), Data: input.RSVPData(ev.ID, input.ActionGoing)}}},
		}
	}, func(mentions string) string { return group.T(text.ReleasedGroup, mentions) }, nil)
}

// expiryNotices tell members who did not claim a place in time that it
// moved on and they wait again.
func expiryNotices(group Context, fallback meetupbot.Lang, ev meetupbot.Event, expired []meetupbot.Attendee) []meetupbot.Outgoing {
	return tellEach(group, fallback, ev, expired, func(c Context, a meetupbot.Attendee) meetupbot.Outgoing {
		return meetupbot.Outgoing{ChatID: a.Member.ID, Text: c.T(text.ExpiredPrivate, Esc(ev.Title), When(c, ev))}
	}, func(mentions string) string { return group.T(text.ExpiredGroup, mentions) }, nil)
}

// tellEach tells members news about a meetup: privately, each in their
// language, where they started the bot; and the group once, replying to
// the announcement, mentioning all of them, with buttons where some can
// only answer there.
func tellEach(group Context, fallback meetupbot.Lang, ev meetupbot.Event, who []meetupbot.Attendee,
	private func(c Context, a meetupbot.Attendee) meetupbot.Outgoing, groupText func(mentions string) string, buttons [][]meetupbot.Button) []meetupbot.Outgoing {
	if len(who) == 0 {
		return nil
	}
	var outs []meetupbot.Outgoing
	members := make([]meetupbot.Member, 0, len(who))
	for _, a := range who {
		members = append(members, a.Member)
		if a.Member.Started {
			outs = append(outs, private(group.In(a.Member.PrivateLang(fallback)), a))
		}
	}
	return append(outs, meetupbot.Outgoing{
		ChatID: ev.ChatID, Thread: group.Topic, ReplyTo: ev.Announcement.MessageID,
		Text: groupText(Mentions(members)), Buttons: buttons,
	})
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
// group (if it was announced there), mentioning the others.
func changeNotices(group Context, fallback meetupbot.Lang, before, ev meetupbot.Event, concerned []meetupbot.Attendee) []meetupbot.Outgoing {
	var outs []meetupbot.Outgoing
	var unreached []meetupbot.Member
	for _, a := range concerned {
		if !a.Member.Started {
			unreached = append(unreached, a.Member)
			continue
		}
		outs = append(outs, meetupbot.Outgoing{ChatID: a.Member.ID, Text: ChangeLines(group.In(a.Member.PrivateLang(fallback)), before, ev)})
	}
	if ev.Announcement.MessageID == 0 && len(unreached) == 0 {
		return outs
	}
	body := ChangeLines(group, before, ev)
	if len(unreached) > 0 {
		body += "\n\n" + Mentions(unreached)
	}
	return append(outs, meetupbot.Outgoing{ChatID: ev.ChatID, Thread: group.Topic, ReplyTo: ev.Announcement.MessageID, Text: body})
}

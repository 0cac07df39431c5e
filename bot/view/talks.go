package view

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/input"
	"github.com/meetupbot/meetupbot/bot/text"
)

// maxChoices is how many upcoming meetups a proposal can be accepted for
// with one tap.
const maxChoices = 3

// anonymous stands for a speaker or proposer who asked to be forgotten.
const anonymous = "🕶"

// TalkNumber is how a proposal's number is shown: with a microphone, so
// that it does not read as a meetup's "#n" next to it.
func TalkNumber(id int64) string { return "🎤" + strconv.FormatInt(id, 10) }

// ProposalCard is a proposal as organizers get it: title, proposer,
// abstract and link, with one button per upcoming meetup to accept it
// for, and reserve and decline.
func ProposalCard(c Context, group meetupbot.Chat, t meetupbot.Talk, proposer meetupbot.Member, upcoming []meetupbot.Event) (string, [][]meetupbot.Button) {
	var rows [][]meetupbot.Button
	for _, ev := range upcoming[:min(len(upcoming), maxChoices)] {
		rows = append(rows, []meetupbot.Button{{
			Text: c.T(text.BtnAcceptFor, ev.ID, dayOf(c, ev)),
			Data: input.TalkData(input.TalkDecision{TalkID: t.ID, Action: input.TalkAccept, EventID: ev.ID}),
		}})
	}
	rows = append(rows, []meetupbot.Button{
		{Text: c.T(text.BtnReserve), Data: input.TalkData(input.TalkDecision{TalkID: t.ID, Action: input.TalkToReserve})},
		{Text: c.T(text.BtnDecline), Data: input.TalkData(input.TalkDecision{TalkID: t.ID, Action: input.TalkDecline})},
	})
	return proposalBody(c, group, t, proposer), rows
}

func proposalBody(c Context, group meetupbot.Chat, t meetupbot.Talk, proposer meetupbot.Member) string {
	by := anonymous
	if proposer.ID != 0 {
		by = Mention(proposer)
	}
	body := c.T(text.ProposalCard, TalkNumber(t.ID), Esc(group.Title), by, Esc(t.Title), Esc(t.Abstract))
	if t.Link != "" {
		body += "\n🔗 " + Esc(t.Link)
	}
	return body
}

// DecidedCard is a proposal once decided: the buttons give way to who
// decided what.
func DecidedCard(c Context, group meetupbot.Chat, t meetupbot.Talk, proposer, decider meetupbot.Member, ev meetupbot.Event) string {
	body := proposalBody(c, group, t, proposer) + "\n\n"
	name := Esc(decider.DisplayName())
	switch t.State {
	case meetupbot.TalkScheduled:
		return body + c.T(text.DecidedScheduled, name, ev.ID, dayOf(c, ev))
	case meetupbot.TalkDeclined:
		return body + c.T(text.DecidedDeclined, name)
	}
	return body + c.T(text.DecidedReserve, name)
}

// TalkPollOptions are a poll's options: reserve talks by title, within
// Telegram's limit on an option's length.
func TalkPollOptions(talks []meetupbot.Talk) []string {
	options := make([]string, len(talks))
	for i, t := range talks {
		options[i] = Truncate(t.Title, 100)
	}
	return options
}

// ProposerNotice tells the proposer what became of their proposal.
func ProposerNotice(c Context, t meetupbot.Talk, ev meetupbot.Event, to int64) meetupbot.Outgoing {
	var body string
	switch t.State {
	case meetupbot.TalkScheduled:
		body = c.T(text.ProposalScheduled, Esc(t.Title), Esc(ev.Title), When(c, ev), Esc(ev.Venue)) +
			"\n\n" + c.T(text.SpeakerScheduledOrder) + "\n" + programme(c, ev)
		if ev.Description != "" {
			body += "\n\n" + Esc(ev.Description)
		}
	case meetupbot.TalkDeclined:
		body = c.T(text.ProposalDeclined, Esc(t.Title))
	default:
		body = c.T(text.ProposalReserved, Esc(t.Title))
	}
	return meetupbot.Outgoing{ChatID: to, Text: body}
}

// Talks lists a group's talks by state. Organizers see every proposal with
// its proposer, and buttons that put a reserve talk on an upcoming meetup;
// members see the reserve and what is scheduled, and never a declined one.
func Talks(c Context, group meetupbot.Chat, talks []meetupbot.Talk, names map[int64]string, organizer bool, upcoming []meetupbot.Event) (string, [][]meetupbot.Button) {
	sections := []struct {
		state  meetupbot.TalkState
		header text.Key
		shown  bool
	}{
		{meetupbot.TalkNew, text.TalksNew, organizer},
		{meetupbot.TalkReserve, text.TalksReserve, true},
		{meetupbot.TalkScheduled, text.TalksScheduled, true},
		{meetupbot.TalkGiven, text.TalksGiven, organizer},
		{meetupbot.TalkDeclined, text.TalksDeclined, organizer},
	}
	// The reserve in the order the group voted for it.
	talks = slices.Clone(talks)
	slices.SortStableFunc(talks, func(a, b meetupbot.Talk) int { return cmp.Compare(b.Votes, a.Votes) })
	var sb strings.Builder
	sb.WriteString(c.T(text.TalksHeader, Esc(group.Title)))
	var rows [][]meetupbot.Button
	listed := 0
	for _, s := range sections {
		var lines []string
		for _, t := range talks {
			if t.State != s.state || !s.shown {
				continue
			}
			line := "<b>" + TalkNumber(t.ID) + "</b> " + Esc(t.Title)
			if organizer && names[t.ProposerID] != "" {
				line += " · " + Esc(names[t.ProposerID])
			}
			if t.EventID != 0 {
				line += fmt.Sprintf(" → #%d", t.EventID)
			}
			if t.State == meetupbot.TalkReserve && t.Votes > 0 {
				line += " · " + c.T(text.TalkVotes, t.Votes)
			}
			if organizer && t.Score.Count > 0 {
				line += " · " + c.T(text.TalkScore, Average(c, t.Score), t.Score.Count)
			}
			lines = append(lines, line)
			if organizer && t.State == meetupbot.TalkReserve && len(rows) < 90 {
				var row []meetupbot.Button
				for _, ev := range upcoming[:min(len(upcoming), maxChoices)] {
					row = append(row, meetupbot.Button{
						Text: fmt.Sprintf("%s → #%d", TalkNumber(t.ID), ev.ID),
						Data: input.TalkData(input.TalkDecision{TalkID: t.ID, Action: input.TalkSchedule, EventID: ev.ID}),
					})
				}
				if len(row) > 0 {
					rows = append(rows, row)
				}
			}
		}
		if len(lines) == 0 {
			continue
		}
		listed += len(lines)
		section := "\n\n" + c.T(s.header, len(lines)) + "\n" + strings.Join(lines, "\n")
		if sb.Len()+len(section) > MaxText-200 {
			break
		}
		sb.WriteString(section)
	}
	if listed == 0 {
		sb.WriteString("\n\n" + c.T(text.TalksNone))
	}
	if len(rows) > 0 {
		sb.WriteString("\n\n" + c.T(text.TalksScheduleHint))
	}
	return sb.String(), rows
}

// RunningOrder is a meetup's programme, numbered, with lengths, and how to
// reorder it.
func RunningOrder(c Context, ev meetupbot.Event) string {
	s := c.T(text.RunningOrder, ev.ID, Esc(ev.Title)) + "\n" + programme(c, ev)
	if len(ev.Speakers) > 1 {
		s += "\n\n" + c.T(text.RunningOrderHint, ev.ID)
	}
	return s
}

// programme lists the talks of a meetup in their order.
func programme(c Context, ev meetupbot.Event) string {
	if len(ev.Speakers) == 0 {
		return c.T(text.SpkNone)
	}
	lines := make([]string, len(ev.Speakers))
	for i, s := range ev.Speakers {
		lines[i] = fmt.Sprintf("%d. %s", i+1, speakerLine(c, s))
	}
	return strings.Join(lines, "\n")
}

// SpeakerReminder reminds a speaker of their talk, with the programme, and
// asks whether all is set.
func SpeakerReminder(c Context, ev meetupbot.Event, s meetupbot.Speaker) meetupbot.Outgoing {
	body := c.T(text.SpeakerReminder, Duration(c, roundLead(ev.Start.Sub(c.Now))), Esc(s.Topic), Esc(ev.Title), When(c, ev), Esc(ev.Venue),
		c.T(text.SpeakerScheduledOrder)+"\n"+programme(c, ev))
	return meetupbot.Outgoing{ChatID: s.MemberID, Text: body, Buttons: [][]meetupbot.Button{{
		{Text: c.T(text.BtnSpeakerOK), Data: input.SpeakerData(ev.ID, s.TalkID, true)},
		{Text: c.T(text.BtnSpeakerOut), Data: input.SpeakerData(ev.ID, s.TalkID, false)},
	}}}
}

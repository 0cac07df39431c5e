package view

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/input"
	"github.com/meetupbot/meetupbot/bot/text"
)

// Card is the announcement: what, when, where, who speaks, and the live
// counts.
func Card(c Context, ev meetupbot.Event) string {
	var sb strings.Builder
	switch {
	case ev.Cancelled:
		sb.WriteString(c.T(text.CardCancelled) + "\n<s>" + Esc(ev.Title) + "</s>\n")
		if ev.CancelReason != "" {
			sb.WriteString(c.T(text.CardReason, Esc(ev.CancelReason)) + "\n")
		}
	case ev.Over(c.Now):
		sb.WriteString("<b>" + Esc(ev.Title) + "</b>\n" + c.T(text.CardOver) + "\n")
	default:
		sb.WriteString("📣 <b>" + Esc(ev.Title) + "</b>\n")
	}
	sb.WriteString("🗓 " + When(c, ev) + "\n")
	sb.WriteString("📍 " + Esc(ev.Venue) + "\n")
	if len(ev.Speakers) > 0 {
		sb.WriteString("\n" + c.T(text.CardSpeakers) + "\n")
		for _, s := range ev.Speakers {
			sb.WriteString("• " + speakerLine(c, s) + "\n")
		}
	}
	if ev.Description != "" {
		sb.WriteString("\n" + Esc(Truncate(ev.Description, MaxText-utf8.RuneCountInString(sb.String())-300)) + "\n")
	}
	going := c.T(text.CardGoing, ev.Tally.Seats())
	if ev.Tally.Guests > 0 {
		going += " " + c.T(text.CardGuests, ev.Tally.Guests)
	}
	sb.WriteString("\n" + going + " · " + c.T(text.CardOthers, ev.Tally.Maybe, ev.Tally.WaitingPeople) + "\n")
	sb.WriteString(capacityLine(c, ev))
	if ev.ID != 0 {
		// A meetup not yet created (a preview) has no number yet.
		sb.WriteString("\n#" + strconv.FormatInt(ev.ID, 10))
	}
	return sb.String()
}

// capacityLine says how many places are free, or that there is no limit.
func capacityLine(c Context, ev meetupbot.Event) string {
	if ev.Unlimited() {
		return c.T(text.CardUnlimited)
	}
	return c.T(text.CardFree, ev.Free(), ev.Capacity)
}

func speakerLine(c Context, s meetupbot.Speaker) string {
	line := "<b>" + Esc(s.Name) + "</b>: " + Esc(s.Topic)
	if s.Name == "" {
		// A talk whose proposer asked to be forgotten before it was given.
		line = "<b>" + anonymous + "</b>: " + Esc(s.Topic)
	}
	if s.Minutes > 0 {
		line += " (" + c.T(text.TalkMinutes, s.Minutes) + ")"
	}
	if s.Link != "" {
		line += ` <a href="` + Esc(s.Link) + `">🔗</a>`
	}
	return line
}

// RSVPButtons are the answer buttons, for meetups members can still answer.
func RSVPButtons(c Context, ev meetupbot.Event) [][]meetupbot.Button {
	if ev.Open(c.Now) != nil {
		return nil
	}
	return [][]meetupbot.Button{
		{
			{Text: c.T(text.BtnGoing), Data: input.RSVPData(ev.ID, input.ActionGoing)},
			{Text: c.T(text.BtnMaybe), Data: input.RSVPData(ev.ID, input.ActionMaybe)},
			{Text: c.T(text.BtnDeclined), Data: input.RSVPData(ev.ID, input.ActionDeclined)},
		},
		{
			{Text: c.T(text.BtnGuest), Data: input.RSVPData(ev.ID, input.ActionGuest)},
			{Text: c.T(text.BtnCalendar), Data: input.CalendarData(ev.ID)},
		},
	}
}

// Announcement is a meetup's announcement, ready to store and send.
func Announcement(c Context, ev meetupbot.Event) meetupbot.Outgoing {
	return meetupbot.Outgoing{ChatID: ev.ChatID, Thread: c.Topic, Text: Card(c, ev), Buttons: RSVPButtons(c, ev), Announces: ev.ID}
}

// Toast is the short answer to a button press.
func Toast(c Context, res meetupbot.AnswerResult) string {
	ev, r := res.Event, res.RSVP
	switch r.Status {
	case meetupbot.StatusGoing:
		if r.Confirmed && !res.Previous.Confirmed && res.Previous.Status == meetupbot.StatusGoing {
			return c.T(text.ToastConfirmed)
		}
		s := c.T(text.ToastGoingUnlimited, ev.Tally.Seats())
		if !ev.Unlimited() {
			s = c.T(text.ToastGoing, ev.Tally.Seats(), ev.Capacity)
		}
		if r.Guests > 0 {
			s += " " + c.T(text.ToastWithGuests, r.Guests)
		}
		return s
	case meetupbot.StatusWaiting:
		return c.T(text.ToastWaiting, res.Position)
	case meetupbot.StatusMaybe:
		return c.T(text.ToastMaybe)
	default:
		return c.T(text.ToastDeclined)
	}
}

// Answered confirms an /rsvp, with the meetup it was for.
func Answered(c Context, res meetupbot.AnswerResult) string {
	return Toast(c, res) + "\n" + Esc(res.Event.Title) + " · " + WhenShort(c, res.Event)
}

// Attendees lists who comes, who may come and who waits, trimmed with a
// count where the list would not fit in one message. For organizers (and
// only for them: whether someone answered is their business) it marks,
// once members were asked to reconfirm, who did, who must claim a place by
// when, and who did not answer.
func Attendees(c Context, ev meetupbot.Event, list []meetupbot.Attendee, organizer bool) string {
	marks := organizer && ev.Asked()
	var going, maybe, waiting []string
	for _, a := range list {
		name := Esc(a.Member.DisplayName())
		if a.Guests > 0 {
			name += fmt.Sprintf(" (+%d)", a.Guests)
		}
		switch a.Status {
		case meetupbot.StatusGoing:
			if marks {
				name += " " + confirmationMark(c, a.RSVP)
			}
			going = append(going, fmt.Sprintf("%d. %s", len(going)+1, name))
		case meetupbot.StatusMaybe:
			maybe = append(maybe, "• "+name)
		case meetupbot.StatusWaiting:
			waiting = append(waiting, fmt.Sprintf("%d. %s", len(waiting)+1, name))
		}
	}
	header := "👥 <b>" + Esc(ev.Title) + "</b>\n🗓 " + WhenShort(c, ev)
	footer := c.T(text.AttTotals, ev.Tally.Seats(), ev.Tally.Maybe, ev.Tally.WaitingPeople, ev.Tally.Declined) + "\n" + capacityLine(c, ev)
	sections := []struct {
		title string
		lines []string
	}{
		{c.T(text.AttGoing, ev.Tally.Seats()), going},
		{c.T(text.AttMaybe, ev.Tally.Maybe), maybe},
		{c.T(text.AttWaiting, ev.Tally.WaitingPeople), waiting},
	}
	budget := MaxText - utf8.RuneCountInString(header+footer) - 200
	var sb strings.Builder
	sb.WriteString(header)
	for _, s := range sections {
		if len(s.lines) == 0 {
			continue
		}
		sb.WriteString("\n\n" + s.title)
		budget -= utf8.RuneCountInString(s.title)
		for i, line := range s.lines {
			n := utf8.RuneCountInString(line) + 1
			if budget-n < 0 {
				sb.WriteString("\n" + c.T(text.AttMore, len(s.lines)-i))
				break
			}
			budget -= n
			sb.WriteString("\n" + line)
		}
	}
	switch {
	case ev.Anonymized:
		sb.WriteString("\n\n" + c.T(text.AttAnonymized))
	case len(going)+len(maybe)+len(waiting) == 0:
		sb.WriteString("\n\n" + c.T(text.AttNobody))
	}
	sb.WriteString("\n\n" + footer)
	if marks {
		sb.WriteString("\n" + c.T(text.AttReleased, ev.Tally.Confirmed, ev.Tally.Going, ev.Released, ev.Promoted))
	}
	return sb.String()
}

// confirmationMark says where a member going stands with reconfirmation.
func confirmationMark(c Context, r meetupbot.RSVP) string {
	switch {
	case r.Confirmed:
		return c.T(text.AttConfirmed)
	case !r.ClaimBy.IsZero():
		return c.T(text.AttClaimBy, ShortTime(c, r.ClaimBy))
	}
	return c.T(text.AttUnconfirmed)
}

// Speakers lists a meetup's talks in their running order.
func Speakers(c Context, ev meetupbot.Event) string {
	s := "🎤 <b>" + Esc(ev.Title) + "</b>\n🗓 " + WhenShort(c, ev) + "\n"
	if len(ev.Speakers) == 0 {
		return s + "\n" + c.T(text.SpkNone)
	}
	for i, sp := range ev.Speakers {
		s += fmt.Sprintf("\n%d. %s", i+1, speakerLine(c, sp))
	}
	return s
}

// EventList lists a group's upcoming meetups with their counts.
func EventList(c Context, group meetupbot.Chat, events []meetupbot.Event) string {
	var sb strings.Builder
	sb.WriteString(c.T(text.EvListHeader, Esc(group.Title)))
	for _, ev := range events {
		line := fmt.Sprintf("\n\n<b>#%d</b> %s\n%s · 📍 %s\n", ev.ID, Esc(ev.Title), WhenShort(c, ev), Esc(ev.Venue))
		switch {
		case ev.Cancelled:
			line += c.T(text.CardCancelled)
		case ev.Unlimited():
			line += c.T(text.EvListCountsUnlimited, ev.Tally.Seats(), ev.Tally.Maybe)
		default:
			line += c.T(text.EvListCounts, ev.Tally.Seats(), ev.Capacity, ev.Tally.Maybe, ev.Tally.WaitingPeople)
		}
		if ev.Series != nil && ev.NextID == 0 {
			line += "\n" + c.T(text.EvListSeries, Rule(c, *ev.Series), ShortTime(c, ev.Series.Next(ev.Start, c.Zone)))
		}
		if sb.Len()+len(line) > MaxText {
			break
		}
		sb.WriteString(line)
	}
	return sb.String()
}

// Cancellation says a meetup is off.
func Cancellation(c Context, ev meetupbot.Event) string {
	s := c.T(text.Cancellation, Esc(ev.Title), When(c, ev))
	if ev.CancelReason != "" {
		s += "\n" + c.T(text.CardReason, Esc(ev.CancelReason))
	}
	return s
}

// Reminder is what a reminder says, in the group and privately: when,
// where, how many come and how many places are free.
func Reminder(c Context, ev meetupbot.Event) string {
	return c.T(text.ReminderHeader, Esc(ev.Title), Duration(c, roundLead(ev.Start.Sub(c.Now)))) +
		"\n🗓 " + When(c, ev) + "\n📍 " + Esc(ev.Venue) + "\n" + c.T(text.CardGoing, ev.Tally.Seats()) +
		" · " + c.T(text.CardOthers, ev.Tally.Maybe, ev.Tally.WaitingPeople) + "\n" + capacityLine(c, ev)
}

// GroupReminder is the group's reminder, replying to the announcement and
// inviting members to start the bot for private ones.
func GroupReminder(c Context, ev meetupbot.Event) meetupbot.Outgoing {
	return meetupbot.Outgoing{
		ChatID: ev.ChatID, Thread: c.Topic,
		Text:    Reminder(c, ev) + "\n\n" + c.T(text.ReminderStartBot, Esc(StartLink(c, input.StartPayload(ev.ID)))),
		ReplyTo: ev.Announcement.MessageID,
	}
}

// PrivateReminder asks a member who comes or may come to confirm; one who
// confirmed already is not asked again, only offered the way out.
func PrivateReminder(c Context, ev meetupbot.Event, a meetupbot.Attendee) meetupbot.Outgoing {
	status := c.T(text.ReminderYouGo)
	buttons := [][]meetupbot.Button{{
		{Text: c.T(text.BtnConfirm), Data: input.RSVPData(ev.ID, input.ActionGoing)},
		{Text: c.T(text.BtnCancelVisit), Data: input.RSVPData(ev.ID, input.ActionDeclined)},
	}}
	switch {
	case a.Status == meetupbot.StatusMaybe:
		status = c.T(text.ReminderYouMaybe)
	case a.Confirmed || a.Reserved:
		status = c.T(text.ReminderYouConfirmed)
		buttons = [][]meetupbot.Button{{{Text: c.T(text.BtnCancelVisit), Data: input.RSVPData(ev.ID, input.ActionNotComing)}}}
	}
	out := private(c, ev, a.Member, Reminder(c, ev)+"\n\n"+status+"\n"+c.T(text.ReminderHowToStop))
	out.Buttons = buttons
	return out
}

// Duration writes a lead time in whole days, hours or minutes, in the
// dative the German texts around it need ("in 2 Tagen", "2 Stunden vor").
func Duration(c Context, d time.Duration) string {
	return inUnits(c, d, text.DurDays, text.DurHours, text.DurMinutes)
}

// inUnits writes d in whole days, hours or minutes, with the texts given
// for each.
func inUnits(c Context, d time.Duration, days, hours, minutes text.Key) string {
	switch {
	case d >= 24*time.Hour && d%(24*time.Hour) == 0:
		return c.T(days, int(d/(24*time.Hour)))
	case d >= time.Hour && d%time.Hour == 0:
		return c.T(hours, int(d/time.Hour))
	}
	return c.T(minutes, int(d/time.Minute))
}

// Rule writes a series rule the way organizers type it.
func Rule(c Context, r meetupbot.Rule) string {
	var s string
	switch {
	case r.Unit == meetupbot.Weeks && r.Every == 1:
		s = c.T(text.RuleWeekly)
	case r.Unit == meetupbot.Weeks:
		s = c.T(text.RuleEveryWeeks, r.Every)
	case r.Every == 1:
		s = c.T(text.RuleMonthly)
	default:
		s = c.T(text.RuleEveryMonths, r.Every)
	}
	if r.Unit != meetupbot.Months {
		return s
	}
	if r.Nth == 0 {
		return s + " " + c.T(text.RuleOnDay, r.Day)
	}
	weekday := r.Weekday.String()
	if c.Lang == meetupbot.German {
		weekday = germanWeekdays[r.Weekday]
	}
	if r.Nth == meetupbot.LastWeek {
		return s + " " + c.T(text.RuleOnLast, weekday)
	}
	return s + " " + c.T(text.RuleOnNth, ordinal(c.Lang, r.Nth), weekday)
}

func ordinal(lang meetupbot.Lang, n int) string {
	if lang == meetupbot.German {
		return strconv.Itoa(n) + "."
	}
	return strconv.Itoa(n) + [...]string{"", "st", "nd", "rd", "th"}[n]
}

// roundLead rounds the time left to what a person would say: five-minute
// steps under 50 minutes, hours under two days, days beyond. A reminder
// sent late says "in 2 hours", not "in 119 minutes".
func roundLead(d time.Duration) time.Duration {
	switch {
	case d < 50*time.Minute:
		return max(d.Round(5*time.Minute), 5*time.Minute)
	case d < 48*time.Hour:
		return d.Round(time.Hour)
	}
	return d.Round(24 * time.Hour)
}

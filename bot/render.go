package bot

import (
	"fmt"
	"html"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
)

// maxText is what the bot puts in one message, safely below Telegram's 4096
// characters.
const maxText = 4000

func esc(s string) string { return html.EscapeString(s) }

var (
	germanWeekdays = [...]string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"}
	germanMonths   = [...]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}
)

// when writes an event's start the way the language writes it, in the
// time zone of the event's group.
func (b *Bot) when(lang meetupbot.Lang, ev meetupbot.Event) string {
	return longTime(lang, ev.Start.In(b.zone(ev.ChatID)))
}

// whenShort is the compact form used in lists.
func (b *Bot) whenShort(lang meetupbot.Lang, ev meetupbot.Event) string {
	return shortTime(lang, ev.Start.In(b.zone(ev.ChatID)))
}

func longTime(lang meetupbot.Lang, t time.Time) string {
	if lang == meetupbot.German {
		return fmt.Sprintf("%s, %d. %s %d, %s Uhr", germanWeekdays[t.Weekday()], t.Day(), germanMonths[t.Month()-1], t.Year(), t.Format("15:04"))
	}
	return t.Format("Monday, 2 January 2006, 15:04")
}

func shortTime(lang meetupbot.Lang, t time.Time) string {
	if lang == meetupbot.German {
		return germanWeekdays[t.Weekday()][:2] + "., " + t.Format("02.01.2006, 15:04")
	}
	return t.Format("Mon 2 Jan 2006, 15:04")
}

func mention(m meetupbot.Member) string {
	return `<a href="tg://user?id=` + strconv.FormatInt(m.ID, 10) + `">` + esc(m.DisplayName()) + `</a>`
}

// fitMentions joins mentions, cutting the list short of the message limit.
func fitMentions(mentions []string) string {
	var sb strings.Builder
	for i, m := range mentions {
		if sb.Len()+len(m) > maxText/2 {
			sb.WriteString(fmt.Sprintf(" +%d", len(mentions)-i))
			break
		}
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(m)
	}
	return sb.String()
}

// eventCard is the announcement: what, when, where, who speaks, and the
// live counts.
func (b *Bot) eventCard(lang meetupbot.Lang, ev meetupbot.Event) string {
	var sb strings.Builder
	now := b.clock.Now()
	switch {
	case ev.Cancelled:
		sb.WriteString(b.t(lang, cardCancelled) + "\n<s>" + esc(ev.Title) + "</s>\n")
		if ev.CancelReason != "" {
			sb.WriteString(b.t(lang, cardReason, esc(ev.CancelReason)) + "\n")
		}
	case ev.Over(now):
		sb.WriteString("<b>" + esc(ev.Title) + "</b>\n" + b.t(lang, cardOver) + "\n")
	default:
		sb.WriteString("📣 <b>" + esc(ev.Title) + "</b>\n")
	}
	sb.WriteString("🗓 " + b.when(lang, ev) + "\n")
	sb.WriteString("📍 " + esc(ev.Venue) + "\n")
	if len(ev.Speakers) > 0 {
		sb.WriteString("\n" + b.t(lang, cardSpeakers) + "\n")
		for _, s := range ev.Speakers {
			sb.WriteString(speakerLine(s) + "\n")
		}
	}
	if ev.Description != "" {
		sb.WriteString("\n" + esc(truncate(ev.Description, maxText-utf8.RuneCountInString(sb.String())-300)) + "\n")
	}
	sb.WriteString("\n" + b.t(lang, cardGoing, ev.Tally.Seats()))
	if ev.Tally.Guests > 0 {
		sb.WriteString(" " + b.t(lang, cardGuests, ev.Tally.Guests))
	}
	sb.WriteString(" · " + b.t(lang, cardOthers, ev.Tally.Maybe, ev.Tally.WaitingPeople) + "\n")
	if ev.Unlimited() {
		sb.WriteString(b.t(lang, cardUnlimited))
	} else {
		sb.WriteString(b.t(lang, cardFree, ev.Free(), ev.Capacity))
	}
	sb.WriteString("\n#" + strconv.FormatInt(ev.ID, 10))
	return sb.String()
}

func speakerLine(s meetupbot.Speaker) string {
	line := "• <b>" + esc(s.Name) + "</b>: " + esc(s.Topic)
	if s.Link != "" {
		line += ` <a href="` + esc(s.Link) + `">🔗</a>`
	}
	return line
}

func truncate(s string, limit int) string {
	if limit < 1 {
		return ""
	}
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	return string([]rune(s)[:limit-1]) + "…"
}

// cardMessage is an event's card with its buttons, ready to send.
func (b *Bot) cardMessage(chatID int64, lang meetupbot.Lang, ev meetupbot.Event, replyTo int) tgbotapi.MessageConfig {
	msg := htmlMessage(chatID, b.eventCard(lang, ev), replyTo)
	if kb, ok := b.keyboard(lang, ev); ok {
		msg.ReplyMarkup = kb
	}
	return msg
}

// keyboard is the RSVP buttons, for events members can still answer.
func (b *Bot) keyboard(lang meetupbot.Lang, ev meetupbot.Event) (tgbotapi.InlineKeyboardMarkup, bool) {
	rows := b.rsvpButtons(lang, ev)
	return inlineKeyboard(rows), rows != nil
}

func (b *Bot) rsvpButtons(lang meetupbot.Lang, ev meetupbot.Event) [][]meetupbot.Button {
	if ev.Open(b.clock.Now()) != nil {
		return nil
	}
	return [][]meetupbot.Button{
		{
			{Text: b.t(lang, btnGoing), Data: rsvpData(ev.ID, 'y')},
			{Text: b.t(lang, btnMaybe), Data: rsvpData(ev.ID, 'm')},
			{Text: b.t(lang, btnDeclined), Data: rsvpData(ev.ID, 'n')},
		},
		{{Text: b.t(lang, btnGuest), Data: rsvpData(ev.ID, 'g')}},
	}
}

// toastText is the short answer to a button press.
func (b *Bot) toastText(lang meetupbot.Lang, res meetupbot.AnswerResult) string {
	ev, r := res.Event, res.RSVP
	switch r.Status {
	case meetupbot.StatusGoing:
		text := b.t(lang, toastGoingUnlimited, ev.Tally.Seats())
		if !ev.Unlimited() {
			text = b.t(lang, toastGoing, ev.Tally.Seats(), ev.Capacity)
		}
		if r.Guests > 0 {
			text += " " + b.t(lang, toastWithGuests, r.Guests)
		}
		return text
	case meetupbot.StatusWaiting:
		return b.t(lang, toastWaiting, res.Position)
	case meetupbot.StatusMaybe:
		return b.t(lang, toastMaybe)
	default:
		return b.t(lang, toastDeclined)
	}
}

// answerText confirms an /rsvp, with the event it was for.
func (b *Bot) answerText(lang meetupbot.Lang, res meetupbot.AnswerResult) string {
	return b.toastText(lang, res) + "\n" + esc(res.Event.Title) + " · " + b.whenShort(lang, res.Event)
}

// attendeesText lists who comes, who may come and who waits, trimmed with a
// count where the list would not fit in one message.
func (b *Bot) attendeesText(lang meetupbot.Lang, ev meetupbot.Event, list []meetupbot.Attendee) string {
	var going, maybe, waiting []string
	for _, a := range list {
		name := esc(a.Member.DisplayName())
		if a.Guests > 0 {
			name += fmt.Sprintf(" (+%d)", a.Guests)
		}
		switch a.Status {
		case meetupbot.StatusGoing:
			going = append(going, fmt.Sprintf("%d. %s", len(going)+1, name))
		case meetupbot.StatusMaybe:
			maybe = append(maybe, "• "+name)
		case meetupbot.StatusWaiting:
			waiting = append(waiting, fmt.Sprintf("%d. %s", len(waiting)+1, name))
		}
	}
	header := "👥 <b>" + esc(ev.Title) + "</b>\n🗓 " + b.whenShort(lang, ev)
	footer := b.t(lang, attTotals, ev.Tally.Seats(), ev.Tally.Maybe, ev.Tally.WaitingPeople, ev.Tally.Declined)
	if ev.Unlimited() {
		footer += "\n" + b.t(lang, cardUnlimited)
	} else {
		footer += "\n" + b.t(lang, cardFree, ev.Free(), ev.Capacity)
	}
	sections := []struct {
		title string
		lines []string
	}{
		{b.t(lang, attGoing, ev.Tally.Seats()), going},
		{b.t(lang, attMaybe, ev.Tally.Maybe), maybe},
		{b.t(lang, attWaiting, ev.Tally.WaitingPeople), waiting},
	}
	budget := maxText - utf8.RuneCountInString(header+footer) - 200
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
				sb.WriteString("\n" + b.t(lang, attMore, len(s.lines)-i))
				break
			}
			budget -= n
			sb.WriteString("\n" + line)
		}
	}
	switch {
	case ev.Anonymized:
		sb.WriteString("\n\n" + b.t(lang, attAnonymized))
	case len(going)+len(maybe)+len(waiting) == 0:
		sb.WriteString("\n\n" + b.t(lang, attNobody))
	}
	sb.WriteString("\n\n" + footer)
	return sb.String()
}

func (b *Bot) speakersText(lang meetupbot.Lang, ev meetupbot.Event) string {
	text := "🎤 <b>" + esc(ev.Title) + "</b>\n🗓 " + b.whenShort(lang, ev) + "\n"
	if len(ev.Speakers) == 0 {
		return text + "\n" + b.t(lang, spkNone)
	}
	for i, s := range ev.Speakers {
		text += fmt.Sprintf("\n%d. %s", i+1, strings.TrimPrefix(speakerLine(s), "• "))
	}
	return text
}

func (b *Bot) eventList(lang meetupbot.Lang, group meetupbot.Chat, events []meetupbot.Event) string {
	var sb strings.Builder
	sb.WriteString(b.t(lang, evListHeader, esc(group.Title)))
	for _, ev := range events {
		line := fmt.Sprintf("\n\n<b>#%d</b> %s\n%s · 📍 %s\n", ev.ID, esc(ev.Title), b.whenShort(lang, ev), esc(ev.Venue))
		if ev.Cancelled {
			line += b.t(lang, cardCancelled)
		} else if ev.Unlimited() {
			line += b.t(lang, evListCountsUnlimited, ev.Tally.Seats(), ev.Tally.Maybe)
		} else {
			line += b.t(lang, evListCounts, ev.Tally.Seats(), ev.Capacity, ev.Tally.Maybe, ev.Tally.WaitingPeople)
		}
		if ev.Series != nil && ev.NextID == 0 {
			loc := b.zone(ev.ChatID)
			line += "\n" + b.t(lang, evListSeries, b.ruleText(lang, *ev.Series), shortTime(lang, ev.Series.Next(ev.Start, loc).In(loc)))
		}
		if sb.Len()+len(line) > maxText {
			break
		}
		sb.WriteString(line)
	}
	return sb.String()
}

func (b *Bot) cancellationText(lang meetupbot.Lang, ev meetupbot.Event) string {
	text := b.t(lang, msgCancellation, esc(ev.Title), b.when(lang, ev))
	if ev.CancelReason != "" {
		text += "\n" + b.t(lang, cardReason, esc(ev.CancelReason))
	}
	return text
}

// duration writes a lead time in whole days, hours or minutes, in the
// dative the German texts around it need ("in 2 Tagen", "2 Stunden vor").
func (b *Bot) duration(lang meetupbot.Lang, d time.Duration) string {
	n, one, many := int(d/time.Minute), durMinute, durMinutes
	switch {
	case d >= 24*time.Hour && d%(24*time.Hour) == 0:
		n, one, many = int(d/(24*time.Hour)), durDay, durDays
	case d >= time.Hour && d%time.Hour == 0:
		n, one, many = int(d/time.Hour), durHour, durHours
	}
	if n == 1 {
		return b.t(lang, one)
	}
	return b.t(lang, many, n)
}

// ruleText writes a series rule the way organizers type it.
func (b *Bot) ruleText(lang meetupbot.Lang, r meetupbot.Rule) string {
	var text string
	switch {
	case r.Unit == meetupbot.Weeks && r.Every == 1:
		text = b.t(lang, ruleWeekly)
	case r.Unit == meetupbot.Weeks:
		text = b.t(lang, ruleEveryWeeks, r.Every)
	case r.Every == 1:
		text = b.t(lang, ruleMonthly)
	default:
		text = b.t(lang, ruleEveryMonths, r.Every)
	}
	if r.Unit != meetupbot.Months {
		return text
	}
	if r.Nth == 0 {
		return text + " " + b.t(lang, ruleOnDay, r.Day)
	}
	weekday := r.Weekday.String()
	if lang == meetupbot.German {
		weekday = germanWeekdays[r.Weekday]
	}
	if r.Nth == meetupbot.LastWeek {
		return text + " " + b.t(lang, ruleOnLast, weekday)
	}
	return text + " " + b.t(lang, ruleOnNth, ordinal(lang, r.Nth), weekday)
}

func ordinal(lang meetupbot.Lang, n int) string {
	if lang == meetupbot.German {
		return strconv.Itoa(n) + "."
	}
	return strconv.Itoa(n) + [...]string{"", "st", "nd", "rd", "th"}[n]
}

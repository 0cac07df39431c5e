// Package view draws every text, keyboard and message the bot sends, as
// plain functions of domain values and a per-update Context. It reads no
// database and keeps no state, so every layout is tested with golden files
// alone.
package view

import (
	"fmt"
	"html"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/input"
	"github.com/meetupbot/meetupbot/bot/text"
)

// Context is what a layout needs besides domain values: who reads it, in
// which time zone, when, and which bot they talk to.
type Context struct {
	Lang meetupbot.Lang
	// Zone is the time zone of the group the text is about.
	Zone *time.Location
	Now  time.Time
	// Bot is the bot's username, for deep links.
	Bot string
	// Topic is the forum topic where posts to the group go; 0 is General.
	Topic int
	// Night is the group's quiet hours: unprompted private messages wait
	// for the morning.
	Night meetupbot.Night
}

// Waking is when an unprompted private message about the meetup may go:
// zero for now, or the morning after when it is night (see Night.Morning).
func (c Context) Waking(ev meetupbot.Event) time.Time {
	if at := c.Night.Morning(c.Now, ev.Start); at.After(c.Now) {
		return at
	}
	return time.Time{}
}

// T renders a catalog text in the reader's language.
func (c Context) T(key text.Key, args ...any) string { return text.T(c.Lang, key, args...) }

// In is the same context for another reader's language.
func (c Context) In(lang meetupbot.Lang) Context {
	c.Lang = lang
	return c
}

// MaxText is what the bot puts in one message, safely below Telegram's 4096
// characters.
const MaxText = 4000

// Esc makes member text safe in an HTML message.
func Esc(s string) string { return html.EscapeString(s) }

var (
	germanWeekdays = [...]string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"}
	germanMonths   = [...]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}
)

func weekdayName(c Context, d time.Weekday) string {
	if c.Lang == meetupbot.German {
		return germanWeekdays[d]
	}
	return d.String()
}

func monthName(c Context, m time.Month) string {
	if c.Lang == meetupbot.German {
		return germanMonths[m-1]
	}
	return m.String()
}

// When writes a meetup's start the way the reader's language writes it.
func When(c Context, ev meetupbot.Event) string { return LongTime(c, ev.Start) }

// WhenShort is the compact form used in lists.
func WhenShort(c Context, ev meetupbot.Event) string { return ShortTime(c, ev.Start) }

// LongTime writes an instant in full, in the context's zone.
func LongTime(c Context, at time.Time) string {
	t := at.In(c.Zone)
	if c.Lang == meetupbot.German {
		return fmt.Sprintf("%s, %d. %s %d, %s Uhr", germanWeekdays[t.Weekday()], t.Day(), germanMonths[t.Month()-1], t.Year(), t.Format("15:04"))
	}
	return t.Format("Monday, 2 January 2006, 15:04")
}

// ShortTime writes an instant compactly, in the context's zone.
func ShortTime(c Context, at time.Time) string {
	t := at.In(c.Zone)
	if c.Lang == meetupbot.German {
		return germanWeekdays[t.Weekday()][:2] + "., " + t.Format("02.01.2006, 15:04")
	}
	return t.Format("Mon 2 Jan 2006, 15:04")
}

// Mention links a member's name to their profile.
func Mention(m meetupbot.Member) string {
	return `<a href="tg://user?id=` + strconv.FormatInt(m.ID, 10) + `">` + Esc(m.DisplayName()) + `</a>`
}

// Mentions joins mentions, cutting the list short of the message limit.
func Mentions(members []meetupbot.Member) string {
	var sb strings.Builder
	for i, m := range members {
		link := Mention(m)
		if sb.Len()+len(link) > MaxText/2 {
			sb.WriteString(fmt.Sprintf(" +%d", len(members)-i))
			break
		}
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(link)
	}
	return sb.String()
}

// Truncate cuts s to limit characters, marking the cut.
func Truncate(s string, limit int) string {
	if limit < 1 {
		return ""
	}
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	return string([]rune(s)[:limit-1]) + "…"
}

// Split cuts a text into messages under Telegram's limit, at line breaks,
// so no HTML tag is cut (every tag here opens and closes on one line).
func Split(s string) []string {
	var parts []string
	var sb strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if sb.Len() > 0 && utf8.RuneCountInString(sb.String())+utf8.RuneCountInString(line)+1 > MaxText {
			parts = append(parts, sb.String())
			sb.Reset()
		}
		if sb.Len() > 0 {
			sb.WriteString("\n")
		}
		sb.WriteString(line)
	}
	return append(parts, sb.String())
}

// Keyboard is Telegram's form of inline buttons.
func Keyboard(rows [][]meetupbot.Button) tgbotapi.InlineKeyboardMarkup {
	markup := tgbotapi.InlineKeyboardMarkup{InlineKeyboard: make([][]tgbotapi.InlineKeyboardButton, 0, len(rows))}
	for _, row := range rows {
		buttons := make([]tgbotapi.InlineKeyboardButton, 0, len(row))
		for _, btn := range row {
			if btn.URL != "" {
				buttons = append(buttons, tgbotapi.NewInlineKeyboardButtonURL(btn.Text, btn.URL))
			} else {
				buttons = append(buttons, tgbotapi.NewInlineKeyboardButtonData(btn.Text, btn.Data))
			}
		}
		markup.InlineKeyboard = append(markup.InlineKeyboard, buttons)
	}
	return markup
}

// StartLink is the deep link to the bot with a payload.
func StartLink(c Context, payload string) string { return input.StartLink(c.Bot, payload) }

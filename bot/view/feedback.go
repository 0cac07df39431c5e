package view

import (
	"math"
	"strconv"
	"strings"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/input"
	"github.com/meetupbot/meetupbot/bot/text"
)

// Stars draws a rating.
func Stars(n int) string { return strings.Repeat("⭐", n) }

// Average writes a mean of stars as the language writes decimals.
func Average(c Context, s meetupbot.Score) string {
	// Rounded as people round (4.25 is 4.3), not to even.
	avg := strconv.FormatFloat(math.Round(s.Average()*10)/10, 'f', 1, 64)
	if c.Lang == meetupbot.German {
		avg = strings.Replace(avg, ".", ",", 1)
	}
	return avg
}

// FeedbackQuestion asks a member who was at a meetup to rate its talk i,
// with five buttons; rated (1 to 5, 0 for not yet) is their rating so far.
func FeedbackQuestion(c Context, ev meetupbot.Event, i int, rated int) (string, [][]meetupbot.Button) {
	s := ev.Speakers[i]
	body := c.T(text.FeedbackAsk, Esc(s.Topic), Esc(s.Name), Esc(ev.Title))
	if rated > 0 {
		body += "\n\n" + c.T(text.FeedbackRated, Stars(rated))
	}
	row := make([]meetupbot.Button, 5)
	for n := range 5 {
		label := strconv.Itoa(n+1) + "⭐"
		if n+1 == rated {
			label = "✅ " + label
		}
		row[n] = meetupbot.Button{Text: label, Data: input.RatingData(ev.ID, i, n+1)}
	}
	return body, [][]meetupbot.Button{row}
}

// FeedbackQuestions ask everyone who was there, privately where they
// started the bot, to rate each talk but their own.
func FeedbackQuestions(group Context, fallback meetupbot.Lang, ev meetupbot.Event, there []meetupbot.Attendee) []meetupbot.Outgoing {
	var outs []meetupbot.Outgoing
	for _, a := range there {
		if !a.Member.Started {
			continue
		}
		c := group.In(a.Member.PrivateLang(fallback))
		for i, s := range ev.Speakers {
			if s.MemberID == a.UserID {
				continue
			}
			body, buttons := FeedbackQuestion(c, ev, i, 0)
			outs = append(outs, meetupbot.Outgoing{ChatID: a.Member.ID, Text: body, Buttons: buttons})
		}
	}
	return outs
}

// FeedbackSummary gives a speaker their talk's average and the comments,
// without names.
func FeedbackSummary(c Context, ev meetupbot.Event, i int, ratings []meetupbot.Rating) string {
	s := ev.Speakers[i]
	if s.Score.Count == 0 {
		return c.T(text.FeedbackNone, Esc(s.Topic), Esc(ev.Title))
	}
	body := c.T(text.FeedbackSummary, Esc(s.Topic), Esc(ev.Title), Average(c, s.Score), s.Score.Count)
	var comments []string
	for _, r := range ratings {
		if r.Talk == i && r.Comment != "" {
			comments = append(comments, "• "+Esc(r.Comment))
		}
	}
	if len(comments) > 0 {
		body += "\n\n" + c.T(text.FeedbackComments) + "\n" + Truncate(strings.Join(comments, "\n"), MaxText-500)
	}
	return body
}

// FeedbackSummaries give every speaker who started the bot their ratings.
func FeedbackSummaries(group Context, ev meetupbot.Event, speakers map[int64]meetupbot.Member, fallback meetupbot.Lang, ratings []meetupbot.Rating) []meetupbot.Outgoing {
	var outs []meetupbot.Outgoing
	for i, s := range ev.Speakers {
		m, ok := speakers[s.MemberID]
		if !ok || !m.Started {
			continue
		}
		outs = append(outs, meetupbot.Outgoing{ChatID: m.ID, Text: FeedbackSummary(group.In(m.PrivateLang(fallback)), ev, i, ratings)})
	}
	return outs
}

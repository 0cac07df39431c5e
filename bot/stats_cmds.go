package bot

import (
	"context"
	"time"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/text"
	"github.com/meetupbot/meetupbot/bot/view"
)

// statsMeetups is how many past meetups /stats lists and draws.
const statsMeetups = 8

// cmdStats shows organizers who really came to the group's past meetups,
// with a chart, and the turnout to expect at the next one.
func (b *Bot) cmdStats(ctx context.Context, r *request) error {
	now := b.clock.Now()
	events, err := b.meetups.Events(ctx, r.group.ID, time.Time{})
	if err != nil {
		return err
	}
	var past []meetupbot.Figures
	var next *meetupbot.Event
	for i, ev := range events {
		switch {
		case ev.Cancelled:
		case ev.Over(now):
			past = append(past, meetupbot.FiguresOf(ev))
		case next == nil:
			next = &events[i]
		}
	}
	rates, enough := meetupbot.LearnShowRates(events, now)
	past = past[max(len(past)-statsMeetups, 0):]
	c := b.context(ctx, r.group.ID, r.lang)
	group, err := b.dir.Chat(ctx, r.group.ID)
	if err != nil {
		return err
	}
	b.reply(r, view.Stats(c, group, past, next, rates, enough))
	for _, f := range past {
		if !f.DoorUsed {
			continue
		}
		png, err := view.StatsChart(c, past)
		if err != nil {
			return err
		}
		b.out.Send(r.chat.ID, view.Photo(r.chat.ID, "stats.png", png, c.T(text.StatsChartCaption, view.Esc(group.Title))).InThread(r.thread), nil)
		break
	}
	return nil
}

// forecast is the turnout the group's history expects at a meetup, for
// organizers' eyes; ok is false without enough history.
func (b *Bot) forecast(ctx context.Context, ev meetupbot.Event) (int, bool) {
	events, err := b.meetups.Events(ctx, ev.ChatID, time.Time{})
	if err != nil {
		return 0, false
	}
	rates, ok := meetupbot.LearnShowRates(events, b.clock.Now())
	return rates.Expect(ev), ok
}

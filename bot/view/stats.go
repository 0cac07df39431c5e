package view

import (
	"bytes"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/text"
)

// Stats lists, per past meetup (oldest first), the places taken at the
// start, who came, the no-shows and walk-ins, and the places that changed
// hands; then the forecast for the next meetup, or why there is none yet.
func Stats(c Context, group meetupbot.Chat, past []meetupbot.Figures, next *meetupbot.Event, rates meetupbot.ShowRates, enough bool) string {
	var sb strings.Builder
	sb.WriteString(c.T(text.StatsHeader, Esc(group.Title)))
	if len(past) == 0 {
		sb.WriteString("\n\n" + c.T(text.StatsNone))
	}
	for _, f := range past {
		day := dayOf(c, f.Event)
		// Each count is its own phrase: a text's plural form follows one
		// count, and these differ.
		yes, released := c.T(text.StatsYes, f.Yes), c.T(text.Places, f.Released)
		if f.DoorUsed {
			sb.WriteString("\n" + c.T(text.StatsLine, f.Event.ID, day, yes, f.Came, percent(f.ShowRate()), c.T(text.StatsNoShows, f.NoShows), f.WalkIns, released, f.Promoted))
		} else {
			sb.WriteString("\n" + c.T(text.StatsNoDoor, f.Event.ID, day, yes, released, f.Promoted))
		}
		for _, s := range f.Event.Speakers {
			if s.Score.Count > 0 {
				sb.WriteString("\n" + c.T(text.StatsTalk, Esc(s.Topic), c.T(text.TalkScore, Average(c, s.Score), s.Score.Count)))
			}
		}
	}
	sb.WriteString("\n\n")
	switch {
	case !enough:
		sb.WriteString(c.T(text.StatsTooLittle, meetupbot.MinHistory, rates.Meetups))
	case next == nil:
		sb.WriteString(c.T(text.StatsNoNext))
	default:
		sb.WriteString(c.T(text.StatsForecast, next.ID, Esc(next.Title), dayOf(c, *next), rates.Expect(*next), next.Tally.Seats()))
		sb.WriteString("\n" + c.T(text.StatsRates, rates.Meetups, percent(rates.Confirmed), percent(rates.Unconfirmed), percent(rates.Guests), percent(rates.Maybe)))
	}
	return sb.String()
}

func dayOf(c Context, ev meetupbot.Event) string {
	return ShortTime(c, ev.Start)[:strings.LastIndex(ShortTime(c, ev.Start), ",")]
}

func percent(r float64) int { return int(math.Round(100 * r)) }

// StatsChart draws places taken against who came, per meetup with a
// check-in, as a PNG sized for a phone in a Telegram chat.
func StatsChart(c Context, past []meetupbot.Figures) ([]byte, error) {
	var yes, came plotter.Values
	var names []string
	for _, f := range past {
		if !f.DoorUsed {
			continue
		}
		yes, came = append(yes, float64(f.Yes)), append(came, float64(f.Came+f.WalkIns))
		names = append(names, "#"+strconv.FormatInt(f.Event.ID, 10)+"\n"+dayOf(c, f.Event))
	}
	p := plot.New()
	p.Title.Text = c.T(text.ChartTitle)
	p.Title.TextStyle.Font.Size = vg.Points(16)
	p.Y.Min = 0
	// Headroom above the highest bar keeps the legend off the bars.
	highest := 1.0
	for i := range yes {
		highest = max(highest, yes[i], came[i])
	}
	p.Y.Max = math.Ceil(highest * 1.3)
	p.Y.Tick.Label.Font.Size = vg.Points(12)
	p.X.Tick.Label.Font.Size = vg.Points(11)
	width := vg.Points(18)
	bars := []struct {
		values plotter.Values
		label  text.Key
		color  color.RGBA
		offset vg.Length
	}{
		{yes, text.ChartYes, color.RGBA{R: 0x9e, G: 0xc5, B: 0xe8, A: 0xff}, -width / 2},
		{came, text.ChartCame, color.RGBA{R: 0x1f, G: 0x6f, B: 0xb4, A: 0xff}, width / 2},
	}
	for _, b := range bars {
		chart, err := plotter.NewBarChart(b.values, width)
		if err != nil {
			return nil, err
		}
		chart.Color, chart.LineStyle.Width, chart.Offset = b.color, 0, b.offset
		p.Add(chart)
		p.Legend.Add(c.T(b.label), chart)
	}
	p.Legend.Top = true
	p.Legend.TextStyle.Font.Size = vg.Points(12)
	p.NominalX(names...)
	img, err := p.WriterTo(vg.Points(480), vg.Points(320), "png")
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := img.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

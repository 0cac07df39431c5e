package bot_test

import (
	"bytes"
	"fmt"
	"image/png"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot/bot/telegramtest"
	"github.com/meetupbot/meetupbot/bot/text"
)

// doorList asks for a meetup's door list as Olga and returns it.
func (h *harness) doorList(eventID int64) telegramtest.Message {
	h.t.Helper()
	h.fake.Send(h.fake.Private(h.olga), h.olga, fmt.Sprintf("/checkin %d", eventID))
	h.idle()
	var list telegramtest.Message
	for _, m := range h.fake.BotMessages(h.olga.ID) {
		if strings.Contains(m.Text, "🚪 <b>") {
			list = m
		}
	}
	return list
}

// tick checks members in at the door by hand.
func (h *harness) tick(eventID int64, users ...tgbotapi.User) {
	h.t.Helper()
	list := h.doorList(eventID)
	for _, u := range users {
		h.pressButton(h.olga.ID, h.olga, list, u.FirstName)
	}
	h.idle()
}

func TestStatsAndForecast(t *testing.T) {
	h := newHarness(t)
	evening := func(day int) time.Time { return time.Date(2026, 12, day, 19, 0, 0, 0, berlin) }
	h.seen(h.olga)
	private := h.fake.Private(h.olga)

	mustContain(t, h.say(private, h.olga, "/stats").Text, de(text.StatsNone), de(text.StatsTooLittle, 2, 0))

	// 3 December: three yeses, two come.
	first := h.createAndAnnounce("3.12. 19:00 | Stammtisch | Café | 10")
	for _, u := range []tgbotapi.User{h.anna, h.ben, h.cem} {
		h.pressButton(h.group.ID, u, first, de(text.BtnGoing))
	}
	h.clock.Set(evening(3).Add(-time.Hour))
	h.tick(1, h.anna, h.ben)
	h.pressButton(h.olga.ID, h.olga, h.doorList(1), de(text.BtnUnnamedPlus))

	// One evening is not enough for a forecast.
	h.clock.Set(evening(4))
	h.idle()
	mustContain(t, h.say(private, h.olga, "/stats").Text, de(text.StatsTooLittle, 2, 1))

	// 10 December: two yeses, one comes.
	second := h.createAndAnnounce("10.12. 19:00 | Stammtisch | Café | 10")
	h.pressButton(h.group.ID, h.anna, second, de(text.BtnGoing))
	h.pressButton(h.group.ID, h.ben, second, de(text.BtnGoing))
	h.clock.Set(evening(10).Add(-time.Hour))
	h.tick(2, h.anna)

	// 17 December, announced: four yeses.
	h.clock.Set(evening(11))
	h.idle()
	third := h.createAndAnnounce("17.12. 19:00 | Stammtisch | Café | 10")
	for _, u := range []tgbotapi.User{h.anna, h.ben, h.cem, h.olga} {
		h.pressButton(h.group.ID, u, third, de(text.BtnGoing))
	}
	h.fake.Send(private, h.olga, "/stats")
	h.idle()
	var stats, chart telegramtest.Message
	for _, m := range h.fake.BotMessages(h.olga.ID) {
		switch {
		case m.Photo != nil:
			chart = m
		case strings.Contains(m.Text, "📊"):
			stats = m
		}
	}
	// 3 of 5 yeses came over both evenings: the forecast for four is 2.4.
	mustContain(t, stats.Text,
		de(text.StatsLine, 1, "Do., 03.12.2026", de(text.StatsYes, 3), 2, 67, de(text.StatsNoShows, 1), 1, de(text.Places, 0), 0),
		de(text.StatsLine, 2, "Do., 10.12.2026", de(text.StatsYes, 2), 1, 50, de(text.StatsNoShows, 1), 0, de(text.Places, 0), 0),
		de(text.StatsForecast, 3, "Stammtisch", "Do., 17.12.2026", 2, 4),
		de(text.StatsRates, 2, 60, 60, 60, 0))
	if chart.Photo == nil {
		t.Fatal("/stats sent no chart")
	}
	img, err := png.Decode(bytes.NewReader(chart.Photo.Data))
	if err != nil || img.Bounds().Dx() < 400 || img.Bounds().Dy() < 250 {
		t.Fatalf("chart: %v, %v", err, img)
	}
	mustContain(t, chart.Caption, de(text.StatsChartCaption, "Social Media Stammtisch"))
	// The organizers' private list carries the forecast; the group's not.
	mustContain(t, h.say(private, h.olga, "/attendees 3").Text, de(text.AttForecast, 2, 4))
	mustNotContain(t, h.say(h.group, h.olga, "/attendees 3").Text, "🔮")
}

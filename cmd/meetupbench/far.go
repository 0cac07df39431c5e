package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/telegramtest"
	"github.com/meetupbot/meetupbot/storage"
)

// telegramLimits are Telegram's documented limits, which the fake enforces
// in the reminders scenario.
var telegramLimits = telegramtest.Limits{
	PerChat: time.Second, GroupPerWindow: 20, GroupWindow: time.Minute,
	Global: 30, GlobalWindow: time.Second,
}

// reminderLead is how far ahead of the reminder the bot is started.
const reminderLead = 5 * time.Second

// reminders measures the private reminders to n members who said yes and
// started the bot: from when the reminder falls due to when the last one
// arrives, with the fake a round trip away and enforcing Telegram's limits.
// Beside it, the bare loop sends the same n messages one after the other.
func (b *bench) reminders(n int, rtt time.Duration) ([]Row, error) {
	scenario := fmt.Sprintf("private reminders to %d members, %v round trip", n, rtt)
	fmt.Fprintf(b.log, "%s …\n", scenario)
	b.latency = rtt
	defer func() { b.latency = 0 }()
	w := b.newWorld()
	defer w.fake.Close()
	group := w.group(0)
	members := make([]tgbotapi.User, n)
	for i := range members {
		members[i] = w.member(i)
	}
	w.fake.Started(members...)
	due := time.Now().Add(reminderLead)
	if err := seedReminder(w.dbPath, group, n, due); err != nil {
		return nil, err
	}
	w.fake.EnforceLimits(telegramLimits)
	bot, err := startProc(b.bot, append(w.env(), "REMINDERS=24h"))
	if err != nil {
		return nil, err
	}
	var last time.Time
	err = await(fmt.Sprintf("%d private reminders", n), 5*time.Minute, func() bool {
		got := 0
		for _, m := range members {
			if len(w.fake.BotMessages(m.ID)) > 0 {
				got++
			}
		}
		return got == n
	})
	if err != nil {
		bot.stop()
		return nil, fmt.Errorf("%s: %w\n%s", scenario, err, bot.stderr)
	}
	for _, c := range w.fake.Calls("sendMessage") {
		if id, _ := strconv.ParseInt(c.Params.Get("chat_id"), 10, 64); id > 0 && c.Status == 200 && c.At.After(last) {
			last = c.At
		}
	}
	violations := len(w.fake.Violations())
	rss, err := bot.stop()
	if err != nil {
		return nil, err
	}
	botRow := Row{Scenario: scenario, Runner: "bot", Count: n, Elapsed: last.Sub(due), PeakRSS: rss,
		Final: fmt.Sprintf("all delivered, %d limit violations", violations), Exact: true}
	bareRow, err := b.bareSends(members)
	botRow.Bare = &bareRow
	return []Row{botRow, bareRow}, err
}

// seedReminder stores a group whose meetup starts a day after due, with n
// members going, so the 24-hour reminder falls due at due.
func seedReminder(path string, group tgbotapi.Chat, n int, due time.Time) error {
	db, err := storage.Open(path, storage.Options{NoSync: true})
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	chat := meetupbot.Chat{ID: group.ID, Type: group.Type, Title: group.Title}
	now := time.Now()
	ev, err := db.CreateEvent(ctx, 0, meetupbot.Event{ChatID: chat.ID, Title: "Stammtisch", Venue: "Café",
		Start: due.Add(24 * time.Hour), Announced: true, CreatedAt: now, PlannedAt: now})
	if err != nil {
		return err
	}
	// Members said yes days ago, as they do: a yes of the last hours needs
	// no reminder.
	answered := now.AddDate(0, 0, -3)
	for i := range n {
		m := meetupbot.Member{ID: int64(1000 + i), FirstName: fmt.Sprintf("Mitglied %d", i)}
		if _, err := db.Touch(ctx, chat, m); err != nil {
			return err
		}
		if _, err := db.Touch(ctx, meetupbot.Chat{ID: m.ID, Type: "private"}, m); err != nil {
			return err
		}
		if _, err := db.Answer(ctx, 0, ev.ID, m.ID, meetupbot.Answer{Status: meetupbot.StatusGoing}, answered, meetupbot.Night{}, nil); err != nil {
			return err
		}
	}
	return nil
}

// bareSends is the floor of a client that sends one request at a time: the
// same messages through tgbotapi, each after the previous one's answer, to
// a fake as far away as the scenario's.
func (b *bench) bareSends(members []tgbotapi.User) (Row, error) {
	w := b.newWorld()
	defer w.fake.Close()
	w.fake.Started(members...)
	api, err := tgbotapi.NewBotAPIWithAPIEndpoint(telegramtest.Token, w.fake.Endpoint())
	if err != nil {
		return Row{}, err
	}
	began := time.Now()
	for _, m := range members {
		if _, err := api.Send(tgbotapi.NewMessage(m.ID, "Erinnerung")); err != nil {
			return Row{}, fmt.Errorf("bare send: %w", err)
		}
	}
	return Row{Scenario: "private reminders", Runner: "bare loop", Count: len(members), Elapsed: time.Since(began), Exact: true}, nil
}

// busyGroup measures how long members wait for the reply to a command in a
// group where presses keep the announcement's edits coming: presses spread
// over span, a command every span/commands, the fake a round trip away and
// enforcing Telegram's limits. Latency is from a command's arrival to its
// reply's.
func (b *bench) busyGroup(presses, commands int, span, rtt time.Duration) ([]Row, error) {
	scenario := fmt.Sprintf("busy group: %d presses and %d commands in %v, %v round trip", presses, commands, span, rtt)
	fmt.Fprintf(b.log, "%s …\n", scenario)
	b.latency = rtt
	defer func() { b.latency = 0 }()
	w := b.newWorld()
	defer w.fake.Close()
	group := w.group(0)
	bot, err := b.startBot(w)
	if err != nil {
		return nil, err
	}
	anns, err := w.createMeetups([]tgbotapi.Chat{group}, "")
	if err != nil {
		bot.stop()
		return nil, err
	}
	w.fake.EnforceLimits(telegramLimits)
	ann := anns[group.ID]
	began := time.Now()
	sent := map[int]time.Time{}
	every := span / time.Duration(presses)
	for i := range presses {
		time.Sleep(time.Until(began.Add(time.Duration(i) * every)))
		w.fake.Press(group.ID, w.member(i), ann.ID, eventData(ann)+"y")
		if i%(presses/commands) == presses/commands/2 {
			sent[w.fake.Send(group, w.member(presses+i), "/rsvp ja")] = time.Now()
		}
	}
	replied := map[int]time.Time{}
	err = await("a reply to every command", time.Minute, func() bool {
		for _, c := range w.fake.Calls("sendMessage") {
			id, _ := strconv.Atoi(c.Params.Get("reply_to_message_id"))
			if _, ok := sent[id]; ok && c.Status == 200 {
				replied[id] = c.At
			}
		}
		return len(replied) == len(sent)
	})
	if err != nil {
		bot.stop()
		return nil, fmt.Errorf("%s: %w", scenario, err)
	}
	var latencies []time.Duration
	for id, at := range sent {
		latencies = append(latencies, replied[id].Sub(at))
	}
	edits, closest := editsOf(w.fake, group.ID, ann.ID)
	violations := len(w.fake.Violations())
	rss, err := bot.stop()
	return []Row{{Scenario: scenario, Runner: "bot", Count: len(sent), Latencies: latencies, PeakRSS: rss,
		Edits: editSummary(edits, closest),
		Final: fmt.Sprintf("every command answered, %d limit violations", violations), Exact: true}}, err
}

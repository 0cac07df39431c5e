package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/telegramtest"
	"github.com/meetupbot/meetupbot/bot/text"
	"github.com/meetupbot/meetupbot/storage"
	bolt "go.etcd.io/bbolt"
)

const pressTimeout = 5 * time.Minute

// press is one button press of the scenario, in delivery order.
type press struct {
	group  tgbotapi.Chat
	member int
	// action is the last part of the callback data: y, m, n or g.
	action string
}

// eventData is the callback data prefix of an announcement's buttons.
func eventData(ann telegramtest.Message) string {
	data := ann.Buttons[0][0].Data
	return data[:strings.LastIndex(data, ":")+1]
}

// pushPresses queues all presses at once, as when a whole group presses
// within a minute, and returns their query ids.
func pushPresses(w *world, presses []press, anns map[int64]telegramtest.Message) []string {
	queries := make([]string, len(presses))
	for i, p := range presses {
		ann := anns[p.group.ID]
		queries[i] = w.fake.Press(p.group.ID, w.member(p.member), ann.ID, eventData(ann)+p.action)
	}
	return queries
}

// runBot runs presses through the real bot and returns its row; check
// looks at the announcements afterwards and says whether they are exact.
func (b *bench) runBot(scenario string, groupCount int, capacity string, presses []press,
	check func(w *world, anns map[int64]telegramtest.Message) (string, bool)) (Row, error) {
	w := b.newWorld()
	defer w.fake.Close()
	groups := make([]tgbotapi.Chat, groupCount)
	for i := range groups {
		groups[i] = w.group(i)
	}
	bot, err := b.startBot(w)
	if err != nil {
		return Row{}, err
	}
	anns, err := w.createMeetups(groups, capacity)
	if err != nil {
		bot.stop()
		return Row{}, fmt.Errorf("%s: %w", scenario, err)
	}
	if err := await("the bot to confirm every update", time.Minute, w.fake.Confirmed); err != nil {
		bot.stop()
		return Row{}, err
	}
	queries := pushPresses(w, presses, anns)
	elapsed, latencies, err := measure(w.fake, queries, pressTimeout)
	if err != nil {
		bot.stop()
		return Row{}, fmt.Errorf("%s: %w\n%s", scenario, err, bot.stderr)
	}
	final, exact := check(w, anns)
	if !exact {
		// The bot's own account of what went wrong.
		fmt.Fprintf(b.log, "  %s: final counts wrong; the bot logged:\n%s\n", scenario, tail(bot.stderr.String(), 4000))
	}
	edits, closest := 0, time.Duration(0)
	for _, g := range groups {
		n, gap := editsOf(w.fake, g.ID, anns[g.ID].ID)
		edits += n
		if gap > 0 && (closest == 0 || gap < closest) {
			closest = gap
		}
	}
	editText := editSummary(edits, closest)
	rss, err := bot.stop()
	if err != nil {
		return Row{}, err
	}
	return Row{
		Scenario: scenario, Runner: "bot", Count: len(presses), Elapsed: elapsed, Latencies: latencies,
		Edits: editText, Final: final, Exact: exact,
		PeakRSS: rss, DBPerRSVP: float64(fileSize(w.dbPath)) / float64(len(presses)),
	}, nil
}

// runBare runs the same presses through the bare loop.
func (b *bench) runBareLoop(scenario string, groups int, presses []press) (Row, error) {
	w := b.newWorld()
	defer w.fake.Close()
	anns := map[int64]telegramtest.Message{}
	for i := range groups {
		// The bare loop answers whatever is pressed; the message need not exist.
		anns[w.group(i).ID] = telegramtest.Message{ID: 1, Buttons: [][]telegramtest.Button{{{Data: "r:1:y"}}}}
	}
	bare, err := b.startBare(w)
	if err != nil {
		return Row{}, err
	}
	queries := pushPresses(w, presses, anns)
	elapsed, latencies, err := measure(w.fake, queries, pressTimeout)
	if err != nil {
		bare.stop()
		return Row{}, fmt.Errorf("%s, bare loop: %w", scenario, err)
	}
	rss, err := bare.stop()
	return Row{Scenario: scenario, Runner: "bare loop", Count: len(presses), Elapsed: elapsed,
		Latencies: latencies, Exact: true, PeakRSS: rss}, err
}

// pressScenario runs presses through the bot and the bare loop.
func (b *bench) pressScenario(scenario string, groups int, capacity string, presses []press,
	check func(w *world, anns map[int64]telegramtest.Message) (string, bool)) ([]Row, error) {
	fmt.Fprintf(b.log, "%s …\n", scenario)
	var botRuns, bareRuns []Row
	for range b.runsPerScenario {
		botRow, err := b.runBot(scenario, groups, capacity, presses, check)
		if err != nil {
			return nil, err
		}
		bareRow, err := b.runBareLoop(scenario, groups, presses)
		if err != nil {
			return nil, err
		}
		botRuns, bareRuns = append(botRuns, botRow), append(bareRuns, bareRow)
	}
	botRow, bareRow := median(botRuns), median(bareRuns)
	botRow.Bare = &bareRow
	return []Row{botRow, bareRow}, nil
}

// median picks the run of median throughput; one run is noise on a shared
// machine. A run whose counts were not exact is never hidden.
func median(runs []Row) Row {
	for _, r := range runs {
		if !r.Exact {
			return r
		}
	}
	sorted := slices.Clone(runs)
	slices.SortFunc(sorted, func(a, b Row) int { return cmp.Compare(a.perSecond(), b.perSecond()) })
	row := sorted[len(sorted)/2]
	if len(runs) > 1 {
		row.Note = fmt.Sprintf("median of %d runs", len(runs))
	}
	return row
}

// showsCounts checks each announcement ends on the going count want(group).
func showsCounts(want func(groupID int64) string) func(w *world, anns map[int64]telegramtest.Message) (string, bool) {
	return func(w *world, anns map[int64]telegramtest.Message) (string, bool) {
		for groupID, ann := range anns {
			text := want(groupID)
			err := await("the announcement to show "+text, 30*time.Second, func() bool {
				m, _ := w.fake.Message(groupID, ann.ID)
				return strings.Contains(m.Text, text)
			})
			if err != nil {
				m, _ := w.fake.Message(groupID, ann.ID)
				return fmt.Sprintf("WRONG: want %q, shows %q", text, m.Text), false
			}
		}
		return "exact", true
	}
}

func (b *bench) burst(n int) ([]Row, error) {
	presses := make([]press, n)
	for i := range presses {
		presses[i] = press{group: tgbotapi.Chat{ID: -1000}, member: i, action: "y"}
	}
	return b.pressScenario(fmt.Sprintf("burst, %d members", n), 1, "", presses,
		showsCounts(func(int64) string { return fmt.Sprintf("✅ %d dabei ·", n) }))
}

func (b *bench) manyGroups(groups, members int) ([]Row, error) {
	var presses []press
	for i := range members {
		for g := range groups {
			presses = append(presses, press{group: tgbotapi.Chat{ID: int64(-1000 - g)}, member: g*members + i, action: "y"})
		}
	}
	return b.pressScenario(fmt.Sprintf("%d groups × %d members", groups, members), groups, "", presses,
		showsCounts(func(int64) string { return fmt.Sprintf("✅ %d dabei ·", members) }))
}

// churnActions are the answers each member gives in turn.
var churnActions = []string{"y", "n", "m", "g", "y"}

func (b *bench) churn(members, capacity int) ([]Row, error) {
	var presses []press
	for _, action := range churnActions {
		for i := range members {
			presses = append(presses, press{group: tgbotapi.Chat{ID: -1000}, member: i, action: action})
		}
	}
	want := simulateChurn(members, capacity)
	de := func(key text.Key, args ...any) string { return text.T(meetupbot.German, key, args...) }
	counts := de(text.CardGoing, want.Seats()) + " " + de(text.CardGuests, want.Guests) + " · " + de(text.CardOthers, want.Maybe, want.WaitingPeople)
	return b.pressScenario(fmt.Sprintf("churn, %d members × 5, %d places", members, capacity), 1, fmt.Sprint(capacity), presses,
		showsCounts(func(int64) string { return counts }))
}

// simulateChurn applies the churn presses with the domain rules alone: the
// oracle the bot's final counts must equal. The answers mirror the bot's
// buttons.
func simulateChurn(members, capacity int) meetupbot.Tally {
	answers := map[string]meetupbot.Answer{
		"y": {Status: meetupbot.StatusGoing, KeepGuests: true}, "m": {Status: meetupbot.StatusMaybe},
		"n": {Status: meetupbot.StatusDeclined}, "g": {AddGuest: true},
	}
	now := time.Now()
	ev := &meetupbot.Event{ID: 1, Capacity: capacity, Start: now.AddDate(0, 0, 7)}
	rsvps := make([]meetupbot.RSVP, members)
	for _, action := range churnActions {
		for i := range members {
			next, err := meetupbot.Apply(ev, rsvps[i], answers[action], now)
			if err != nil {
				continue
			}
			rsvps[i] = next
			waiting := []int{}
			for j, r := range rsvps {
				if r.Status == meetupbot.StatusWaiting {
					waiting = append(waiting, j)
				}
			}
			slices.SortFunc(waiting, func(a, b int) int { return int(rsvps[a].Seq - rsvps[b].Seq) })
			for _, j := range waiting {
				if !ev.WantsPromotion(now) {
					break
				}
				ev.Promote(&rsvps[j], now, meetupbot.Night{})
			}
		}
	}
	return ev.Tally
}

// coldStart measures the time from starting the bot on a large database
// to its first getUpdates, and its memory.
func (b *bench) coldStart(meetups, members, rsvps int) ([]Row, error) {
	scenario := fmt.Sprintf("cold start, %d meetups, %d members, %d RSVPs", meetups, members, rsvps)
	fmt.Fprintf(b.log, "%s …\n", scenario)
	w := b.newWorld()
	defer w.fake.Close()
	if err := seedHistory(w.dbPath, meetups, members, rsvps); err != nil {
		return nil, err
	}
	started := time.Now()
	bot, err := b.startBot(w)
	if err != nil {
		return nil, err
	}
	var firstPoll time.Time
	err = await("the first getUpdates", time.Minute, func() bool {
		polls := w.fake.Polls()
		if len(polls) > 0 {
			firstPoll = polls[0]
		}
		return len(polls) > 0
	})
	// Let the scheduler's first look at the stored meetups finish too, so
	// peak memory includes it.
	time.Sleep(time.Second)
	rss, stopErr := bot.stop()
	if err != nil {
		return nil, err
	}
	return []Row{{
		Scenario: scenario, Runner: "bot", Count: rsvps, Exact: true, PeakRSS: rss,
		DBPerRSVP: float64(fileSize(w.dbPath)) / float64(rsvps),
		Note:      fmt.Sprintf("first getUpdates %d ms after start", firstPoll.Sub(started).Milliseconds()),
	}}, stopErr
}

// seedHistory builds a database of past meetups in ten groups, each with its
// share of the answers, without fsync (a bulk load, not the measurement).
func seedHistory(path string, meetups, members, rsvps int) error {
	db, err := storage.Open(path, storage.Options{NoSync: true})
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	now := time.Now()
	for m := range members {
		group := meetupbot.Chat{ID: int64(-1000 - m%10), Type: "supergroup", Title: fmt.Sprintf("Stammtisch %d", m%10)}
		if _, err := db.Touch(ctx, group, meetupbot.Member{ID: int64(1000 + m), FirstName: fmt.Sprintf("Mitglied %d", m)}); err != nil {
			return err
		}
	}
	perMeetup := rsvps / meetups
	for k := range meetups {
		start := now.Add(-time.Duration(k+1) * 300 * 24 * time.Hour / time.Duration(meetups))
		ev, err := db.CreateEvent(ctx, 0, meetupbot.Event{
			ChatID: int64(-1000 - k%10), Title: fmt.Sprintf("Stammtisch Nr. %d", k), Venue: "Café",
			Start: start, Capacity: perMeetup, Announced: true, CreatedAt: start.AddDate(0, 0, -30),
		})
		if err != nil {
			return err
		}
		for j := range perMeetup {
			user := int64(1000 + (k*7919+j*10)%members)
			if _, err := db.Answer(ctx, 0, ev.ID, user, meetupbot.Answer{Status: meetupbot.StatusGoing}, start.Add(-24*time.Hour), meetupbot.Night{}, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// render measures /attendees and the /next card for a meetup of n, through
// the bot, from command to reply.
func (b *bench) render(n, requests int) ([]Row, error) {
	fmt.Fprintf(b.log, "render, %d attendees …\n", n)
	w := b.newWorld()
	defer w.fake.Close()
	g := w.group(0)
	if err := seedMeetup(w.dbPath, g, n); err != nil {
		return nil, err
	}
	bot, err := b.startBot(w)
	if err != nil {
		return nil, err
	}
	var rows []Row
	for _, c := range []struct{ command, want string }{
		{"/attendees 1", fmt.Sprintf("Zusammen, mit Begleitungen: %d dabei", n)},
		{"/next", fmt.Sprintf("✅ %d dabei", n)},
	} {
		row := Row{Scenario: fmt.Sprintf("render %s, %d attendees", strings.Fields(c.command)[0], n), Runner: "bot", Count: requests, Exact: true}
		for i := range requests {
			// Each request comes from another member's private chat: the
			// outbox sends one message a second to a chat, which is
			// Telegram's limit and not what is measured here.
			member := w.member(len(rows)*requests + i)
			chat := w.fake.Private(member)
			// Telegram allows 30 messages a second overall; spacing the
			// requests keeps the outbox's pacing out of the measurement.
			time.Sleep(50 * time.Millisecond)
			sent := time.Now()
			id := w.fake.Send(chat, member, c.command)
			err := await("a reply to "+c.command, 30*time.Second, func() bool {
				for _, m := range w.fake.BotMessages(chat.ID) {
					if m.ID > id {
						if !strings.Contains(m.Text, c.want) {
							row.Final, row.Exact = "WRONG: "+m.Text[:min(len(m.Text), 200)], false
						}
						return true
					}
				}
				return false
			})
			if err != nil {
				bot.stop()
				return nil, err
			}
			row.Latencies = append(row.Latencies, time.Since(sent))
		}
		if row.Exact {
			row.Final = "exact"
		}
		rows = append(rows, row)
	}
	rss, err := bot.stop()
	for i := range rows {
		rows[i].PeakRSS = rss
	}
	return rows, err
}

// seedMeetup stores a meetup a week ahead with n members going.
func seedMeetup(path string, g tgbotapi.Chat, n int) error {
	db, err := storage.Open(path, storage.Options{NoSync: true})
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	group := meetupbot.Chat{ID: g.ID, Type: "supergroup", Title: g.Title}
	now := time.Now()
	ev, err := db.CreateEvent(ctx, 0, meetupbot.Event{ChatID: g.ID, Title: "Stammtisch", Venue: "Café",
		Start: now.AddDate(0, 0, 7), AnnounceNever: true, CreatedAt: now, PlannedAt: now})
	if err != nil {
		return err
	}
	for i := range n {
		m := meetupbot.Member{ID: int64(1000 + i), FirstName: fmt.Sprintf("Mitglied %d", i)}
		if _, err := db.Touch(ctx, group, m); err != nil {
			return err
		}
		if _, err := db.Answer(ctx, 0, ev.ID, m.ID, meetupbot.Answer{Status: meetupbot.StatusGoing}, now, meetupbot.Night{}, nil); err != nil {
			return err
		}
	}
	return nil
}

// rawBolt is the floor of durable storage: the same RSVP records written
// straight into bbolt with fsync, one transaction each and batched.
func (b *bench) rawBolt(n int) ([]Row, error) {
	fmt.Fprintf(b.log, "raw bbolt, %d records …\n", n)
	var rows []Row
	for _, perTx := range []int{1, 100} {
		path := filepath.Join(b.scenarioDir(), "raw.db")
		db, err := bolt.Open(path, 0o600, nil)
		if err != nil {
			return nil, err
		}
		start := time.Now()
		for i := 0; i < n; i += perTx {
			err := db.Update(func(tx *bolt.Tx) error {
				bucket, err := tx.CreateBucketIfNotExists([]byte("rsvps"))
				if err != nil {
					return err
				}
				for j := i; j < min(i+perTx, n); j++ {
					data, _ := json.Marshal(meetupbot.RSVP{EventID: 1, UserID: int64(1000 + j), Status: meetupbot.StatusGoing, Seq: int64(j), UpdatedAt: start})
					if err := bucket.Put([]byte(fmt.Sprintf("%016x", j)), data); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				db.Close()
				return nil, err
			}
		}
		elapsed := time.Since(start)
		db.Close()
		runner := "bbolt, one transaction per RSVP"
		if perTx > 1 {
			runner = fmt.Sprintf("bbolt, %d RSVPs per transaction", perTx)
		}
		rows = append(rows, Row{Scenario: fmt.Sprintf("storage floor, %d RSVPs", n), Runner: runner, Count: n,
			Elapsed: elapsed, Exact: true, DBPerRSVP: float64(fileSize(path)) / float64(n)})
	}
	return rows, nil
}

// tail is the end of a log, at most n bytes.
func tail(log string, n int) string {
	if len(log) <= n {
		return log
	}
	return "…" + log[len(log)-n:]
}

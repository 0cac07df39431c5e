package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/meetupbot/meetupbot/bot/telegramtest"
)

// Sizes are the scenario sizes.
type Sizes struct {
	// Bursts are the numbers of members pressing "going" at once; two
	// sizes show whether the cost of a press grows with what is stored.
	Bursts                      []int
	Groups, GroupMembers        int
	ChurnMembers, ChurnCapacity int
	ColdMeetups, ColdMembers    int
	ColdRSVPs                   int
	RenderAttendees, Requests   int
	// Over a real network (RoundTrip away): members pressing at once, a
	// longer burst, and private reminders to members under Telegram's
	// limits.
	RoundTrip                          time.Duration
	FarBurst, FarPresses, FarReminders int
	// A busy group: presses spread over BusySpan, and commands among them.
	BusyPresses, BusyCommands int
	BusySpan                  time.Duration
	// Runs repeats each press scenario; the table shows the median run.
	Runs int
}

// FullSizes are the sizes of the benchmark issue.
var FullSizes = Sizes{
	Bursts: []int{1000, 10000}, Groups: 100, GroupMembers: 100,
	ChurnMembers: 2000, ChurnCapacity: 500,
	ColdMeetups: 1000, ColdMembers: 20000, ColdRSVPs: 100000,
	RenderAttendees: 5000, Requests: 20,
	RoundTrip: 40 * time.Millisecond, FarBurst: 70, FarPresses: 1000, FarReminders: 1000,
	BusyPresses: 30, BusyCommands: 6, BusySpan: 30 * time.Second,
	Runs: 3,
}

// SmallSizes run every scenario in seconds, so CI keeps the suite alive.
var SmallSizes = Sizes{
	Bursts: []int{100, 300}, Groups: 4, GroupMembers: 25,
	ChurnMembers: 60, ChurnCapacity: 15,
	ColdMeetups: 20, ColdMembers: 300, ColdRSVPs: 1000,
	RenderAttendees: 300, Requests: 3,
	RoundTrip: 40 * time.Millisecond, FarBurst: 70, FarPresses: 200, FarReminders: 60,
	BusyPresses: 12, BusyCommands: 3, BusySpan: 3 * time.Second,
	Runs: 1,
}

// Row is one line of the table.
type Row struct {
	Scenario, Runner string
	// Count is presses, writes or requests.
	Count     int
	Elapsed   time.Duration
	Latencies []time.Duration
	// Edits describes the announcement edits; Final whether the final
	// counts were exact.
	Edits, Final string
	Exact        bool
	PeakRSS      int64
	DBPerRSVP    float64
	// Bare is the bare loop's row for the same updates.
	Bare *Row
	Note string
}

func (r Row) perSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Count) / r.Elapsed.Seconds()
}

func (r Row) percentile(p float64) time.Duration {
	if len(r.Latencies) == 0 {
		return 0
	}
	sorted := slices.Clone(r.Latencies)
	slices.Sort(sorted)
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}

// Report is the result of a run.
type Report struct {
	Rows  []Row
	Sizes Sizes
}

// Exact reports whether every scenario ended on the exact counts.
func (r Report) Exact() bool {
	for _, row := range r.Rows {
		if !row.Exact {
			return false
		}
	}
	return true
}

// Run runs the scenarios whose names contain only (all for "") and their
// baselines. Progress goes to log.
func Run(sizes Sizes, only string, log io.Writer) (Report, error) {
	dir, err := os.MkdirTemp("", "meetupbench")
	if err != nil {
		return Report{}, err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "meetupbot")
	fmt.Fprintln(log, "building meetupbot …")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/meetupbot/meetupbot/cmd/meetupbot").CombinedOutput(); err != nil {
		return Report{}, fmt.Errorf("build meetupbot: %v\n%s", err, out)
	}
	self, err := os.Executable()
	if err != nil {
		return Report{}, err
	}
	b := &bench{dir: dir, bot: bin, self: self, log: log, runsPerScenario: max(sizes.Runs, 1)}
	report := Report{Sizes: sizes}
	type step struct {
		name string
		run  func() ([]Row, error)
	}
	var steps []step
	for _, n := range sizes.Bursts {
		steps = append(steps, step{"burst", func() ([]Row, error) { return b.burst(n) }})
	}
	steps = append(steps,
		step{"groups", func() ([]Row, error) { return b.manyGroups(sizes.Groups, sizes.GroupMembers) }},
		step{"churn", func() ([]Row, error) { return b.churn(sizes.ChurnMembers, sizes.ChurnCapacity) }},
		step{"cold", func() ([]Row, error) { return b.coldStart(sizes.ColdMeetups, sizes.ColdMembers, sizes.ColdRSVPs) }},
		step{"render", func() ([]Row, error) { return b.render(sizes.RenderAttendees, sizes.Requests) }},
		step{"storage", func() ([]Row, error) { return b.rawBolt(slices.Max(sizes.Bursts)) }},
		step{"far burst", func() ([]Row, error) {
			return b.far(sizes.RoundTrip, func() ([]Row, error) { return b.burst(sizes.FarBurst) })
		}},
		step{"far presses", func() ([]Row, error) {
			return b.far(sizes.RoundTrip, func() ([]Row, error) { return b.burst(sizes.FarPresses) })
		}},
		step{"far reminders", func() ([]Row, error) { return b.reminders(sizes.FarReminders, sizes.RoundTrip) }},
		step{"far busy group", func() ([]Row, error) {
			return b.busyGroup(sizes.BusyPresses, sizes.BusyCommands, sizes.BusySpan, sizes.RoundTrip)
		}},
	)
	for _, s := range steps {
		if !strings.Contains(s.name, only) {
			continue
		}
		began := time.Now()
		rows, err := s.run()
		if err != nil {
			return report, err
		}
		fmt.Fprintf(log, "  took %v\n", time.Since(began).Round(time.Millisecond))
		report.Rows = append(report.Rows, rows...)
	}
	return report, nil
}

type bench struct {
	dir, bot, self  string
	log             io.Writer
	runs            int
	runsPerScenario int
	// latency is the round trip to the fake of the scenario running.
	latency time.Duration
}

// scenarioDir is a fresh directory for one run's database.
func (b *bench) scenarioDir() string {
	b.runs++
	d := filepath.Join(b.dir, fmt.Sprint(b.runs))
	os.MkdirAll(d, 0o700)
	return d
}

// far runs a scenario with the Bot API a round trip away.
func (b *bench) far(rtt time.Duration, scenario func() ([]Row, error)) ([]Row, error) {
	b.latency = rtt
	defer func() { b.latency = 0 }()
	rows, err := scenario()
	for i := range rows {
		rows[i].Scenario = fmt.Sprintf("%s, %v round trip", rows[i].Scenario, rtt)
	}
	return rows, err
}

// newWorld is a fresh fake Telegram, as far away as the scenario says.
func (b *bench) newWorld() *world {
	w := newWorld(b.scenarioDir())
	w.fake.SetLatency(b.latency)
	return w
}

func (b *bench) startBot(w *world) (*proc, error) {
	return startProc(b.bot, w.env())
}

func (b *bench) startBare(w *world) (*proc, error) {
	return startProc(b.self, append(w.env(), roleEnv+"=bare"))
}

// measure waits until every press is answered and returns the time from
// the first delivery to the last answer, and each press's latency from
// delivery to answer.
func measure(fake *telegramtest.Server, queries []string, timeout time.Duration) (time.Duration, []time.Duration, error) {
	answered := 0
	err := await(fmt.Sprintf("answers to %d presses", len(queries)), timeout, func() bool {
		for answered < len(queries) {
			if _, ok := fake.Answer(queries[answered]); !ok {
				return false
			}
			answered++
		}
		return true
	})
	if err != nil {
		return 0, nil, fmt.Errorf("%w (%d answered)", err, answered)
	}
	var first, last time.Time
	latencies := make([]time.Duration, 0, len(queries))
	for _, q := range queries {
		delivered, _ := fake.Delivered(q)
		a, _ := fake.Answer(q)
		if first.IsZero() || delivered.Before(first) {
			first = delivered
		}
		if a.At.After(last) {
			last = a.At
		}
		latencies = append(latencies, a.At.Sub(delivered))
	}
	return last.Sub(first), latencies, nil
}

// editsOf counts the edits of a message and returns the shortest time
// between two of them (0 for fewer than two).
func editsOf(fake *telegramtest.Server, chatID int64, messageID int) (int, time.Duration) {
	var times []time.Time
	for _, c := range fake.Calls("editMessageText") {
		if c.Params.Get("chat_id") == fmt.Sprint(chatID) && c.Params.Get("message_id") == fmt.Sprint(messageID) && c.Status == 200 {
			times = append(times, c.At)
		}
	}
	var closest time.Duration
	for i := 1; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); closest == 0 || gap < closest {
			closest = gap
		}
	}
	return len(times), closest
}

// editSummary says how many edits there were, and how close the closest.
func editSummary(edits int, closest time.Duration) string {
	if closest > 0 {
		return fmt.Sprintf("%d, ≥ %.2f s apart", edits, closest.Seconds())
	}
	return fmt.Sprint(edits)
}

func fileSize(path string) int64 {
	info, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return info.Size()
}

// Table renders the report as Markdown.
func (r Report) Table() string {
	var sb strings.Builder
	sb.WriteString("| Scenario | Runner | Count | Per second | vs bare loop | p50 | p99 | max | Announcement edits | Final counts | Peak RSS | DB bytes/RSVP |\n")
	sb.WriteString("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: |\n")
	for _, row := range r.Rows {
		ratio := "–"
		if row.Bare != nil && row.Bare.perSecond() > 0 {
			ratio = fmt.Sprintf("%.2f", row.perSecond()/row.Bare.perSecond())
		}
		rate := "–"
		if row.Elapsed > 0 {
			rate = fmt.Sprintf("%.0f", row.perSecond())
		}
		lat := func(d time.Duration) string {
			if len(row.Latencies) == 0 {
				return "–"
			}
			return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
		}
		rss, perRSVP := "–", "–"
		if row.PeakRSS > 0 {
			rss = fmt.Sprintf("%.1f MB", float64(row.PeakRSS)/(1<<20))
		}
		if row.DBPerRSVP > 0 {
			perRSVP = fmt.Sprintf("%.0f", row.DBPerRSVP)
		}
		runner := row.Runner
		if row.Note != "" {
			runner += " (" + row.Note + ")"
		}
		fmt.Fprintf(&sb, "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			row.Scenario, runner, row.Count, rate, ratio, lat(row.percentile(0.5)), lat(row.percentile(0.99)),
			lat(row.percentile(1)), dash(row.Edits), dash(row.Final), rss, perRSVP)
	}
	return sb.String()
}

func dash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

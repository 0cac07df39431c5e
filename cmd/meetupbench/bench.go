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
	// Runs repeats each press scenario; the table shows the median run.
	Runs int
}

// FullSizes are the sizes of the benchmark issue.
var FullSizes = Sizes{
	Bursts: []int{1000, 10000}, Groups: 100, GroupMembers: 100,
	ChurnMembers: 2000, ChurnCapacity: 500,
	ColdMeetups: 1000, ColdMembers: 20000, ColdRSVPs: 100000,
	RenderAttendees: 5000, Requests: 20, Runs: 3,
}

// SmallSizes run every scenario in seconds, so CI keeps the suite alive.
var SmallSizes = Sizes{
	Bursts: []int{100, 300}, Groups: 4, GroupMembers: 25,
	ChurnMembers: 60, ChurnCapacity: 15,
	ColdMeetups: 20, ColdMembers: 300, ColdRSVPs: 1000,
	RenderAttendees: 300, Requests: 3, Runs: 1,
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
}

// scenarioDir is a fresh directory for one run's database.
func (b *bench) scenarioDir() string {
	b.runs++
	d := filepath.Join(b.dir, fmt.Sprint(b.runs))
	os.MkdirAll(d, 0o700)
	return d
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

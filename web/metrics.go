package web

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics are the bot's counters, in Prometheus' text format at /metrics.
// No label carries personal data: update kinds, command names from the
// bot's own table, Bot API methods and status codes, job kinds.
type Metrics struct {
	Registry   *prometheus.Registry
	updates    *prometheus.CounterVec
	handling   *prometheus.HistogramVec
	commands   *prometheus.CounterVec
	requests   *prometheus.CounterVec
	retryAfter prometheus.Histogram
	jobs       *prometheus.CounterVec
	// unauthorized counts webhook requests without the secret.
	unauthorized prometheus.Counter
}

// NewMetrics registers the bot's metrics; backlog and dbSize are read at
// each scrape.
func NewMetrics(backlog func() (int, time.Duration), dbSize func() int64) *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		Registry: reg,
		updates: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "meetupbot_updates_total", Help: "Telegram updates handled, by type.",
		}, []string{"type"}),
		handling: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "meetupbot_update_seconds", Help: "Time to handle an update, by type.",
			Buckets: []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5},
		}, []string{"type"}),
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "meetupbot_commands_total", Help: "Commands run, by name.",
		}, []string{"command"}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "meetupbot_telegram_requests_total", Help: "Bot API calls, by method and HTTP status.",
		}, []string{"method", "status"}),
		retryAfter: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "meetupbot_telegram_retry_after_seconds", Help: "retry_after of the Bot API's 429 answers.",
			Buckets: []float64{1, 2, 5, 10, 30, 60, 300},
		}),
		jobs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "meetupbot_jobs_total", Help: "Scheduled jobs, by kind and outcome (done, late, dropped, failed).",
		}, []string{"kind", "outcome"}),
	}
	m.unauthorized = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "meetupbot_webhook_unauthorized_total", Help: "Webhook requests refused for a missing or wrong secret.",
	})
	reg.MustRegister(m.updates, m.handling, m.commands, m.requests, m.retryAfter, m.jobs, m.unauthorized,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "meetupbot_outbox_depth", Help: "Messages waiting to be sent."},
			func() float64 { n, _ := backlog(); return float64(n) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "meetupbot_outbox_oldest_seconds", Help: "How long the oldest waiting message has waited."},
			func() float64 { _, oldest := backlog(); return oldest.Seconds() }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "meetupbot_database_bytes", Help: "Size of the database file."},
			func() float64 { return float64(dbSize()) }),
	)
	return m
}

// Update counts a handled update of a kind and how long it took.
func (m *Metrics) Update(kind string, d time.Duration) {
	m.updates.WithLabelValues(kind).Inc()
	m.handling.WithLabelValues(kind).Observe(d.Seconds())
}

// Command counts a command run.
func (m *Metrics) Command(name string) { m.commands.WithLabelValues(name).Inc() }

// Request counts a Bot API call and, for a 429, how long Telegram asked to
// wait.
func (m *Metrics) Request(method string, status, retryAfter int) {
	m.requests.WithLabelValues(method, strconv.Itoa(status)).Inc()
	if status == 429 {
		m.retryAfter.Observe(float64(retryAfter))
	}
}

// Job counts a scheduled job's outcome.
func (m *Metrics) Job(kind, outcome string) { m.jobs.WithLabelValues(kind, outcome).Inc() }

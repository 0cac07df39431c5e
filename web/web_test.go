package web

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

var now = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

type feeds map[string]string

func (f feeds) CalendarFeed(_ context.Context, token string) ([]byte, bool, error) {
	if token == "broken" {
		return nil, false, errors.New("disk gone")
	}
	data, ok := f[token]
	return []byte(data), ok, nil
}

func server(rep Report, m *Metrics) *Server {
	if m == nil {
		m = NewMetrics(func() (int, time.Duration) { return 0, 0 }, func() int64 { return 0 })
	}
	return New(func(context.Context) Report { return rep }, m, feeds{"good": "BEGIN:VCALENDAR"}, func() time.Time { return now }, slog.New(slog.DiscardHandler))
}

func get(t *testing.T, s *Server, path string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

func TestHealthz(t *testing.T) {
	healthy := Report{LastAPISuccess: now.Add(-10 * time.Second), OldestQueued: time.Second}
	tests := []struct {
		name     string
		report   Report
		status   int
		problems []string
	}{
		{"healthy", healthy, 200, nil},
		{"database broken", Report{Database: errors.New("read failed"), LastAPISuccess: healthy.LastAPISuccess}, 503, []string{"database"}},
		{"telegram silent", Report{LastAPISuccess: now.Add(-DefaultBounds.APISilence - time.Second)}, 503, []string{"telegram"}},
		{"never reached telegram", Report{}, 503, []string{"telegram"}},
		{"outbox stuck", Report{LastAPISuccess: healthy.LastAPISuccess, OldestQueued: DefaultBounds.Queued + time.Second}, 503, []string{"outbox"}},
		{"scheduler behind", Report{LastAPISuccess: healthy.LastAPISuccess, SchedulerLag: DefaultBounds.Lag + time.Second}, 503, []string{"scheduler"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(t, server(tt.report, nil), "/healthz")
			var body healthBody
			if err := json.NewDecoder(rec.Body).Decode(&body); err != nil {
				t.Fatal(err)
			}
			if rec.Code != tt.status || strings.Join(body.Problems, ",") != strings.Join(tt.problems, ",") {
				t.Errorf("GET /healthz = %d %+v, want %d with problems %v", rec.Code, body, tt.status, tt.problems)
			}
		})
	}
}

func TestMetricsParse(t *testing.T) {
	m := NewMetrics(func() (int, time.Duration) { return 3, 42 * time.Second }, func() int64 { return 65536 })
	m.Update("message", 20*time.Millisecond)
	m.Update("callback_query", 5*time.Millisecond)
	m.Command("newevent")
	m.Request("sendMessage", 200, 0)
	m.Request("sendMessage", 429, 7)
	m.Job("remind", "done")
	rec := get(t, server(Report{}, m), "/metrics")
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(rec.Body)
	if err != nil {
		t.Fatalf("the metrics do not parse: %v", err)
	}
	value := func(name string, labels ...string) float64 {
		f, ok := families[name]
		if !ok {
			t.Fatalf("no metric %s", name)
		}
	next:
		for _, metric := range f.Metric {
			got := map[string]string{}
			for _, l := range metric.Label {
				got[l.GetName()] = l.GetValue()
			}
			for i := 0; i < len(labels); i += 2 {
				if got[labels[i]] != labels[i+1] {
					continue next
				}
			}
			switch {
			case metric.Counter != nil:
				return metric.Counter.GetValue()
			case metric.Gauge != nil:
				return metric.Gauge.GetValue()
			case metric.Histogram != nil:
				return float64(metric.Histogram.GetSampleCount())
			}
		}
		t.Fatalf("no %s with %v", name, labels)
		return 0
	}
	checks := []struct {
		name   string
		labels []string
		want   float64
	}{
		{"meetupbot_updates_total", []string{"type", "message"}, 1},
		{"meetupbot_update_seconds", []string{"type", "callback_query"}, 1},
		{"meetupbot_commands_total", []string{"command", "newevent"}, 1},
		{"meetupbot_telegram_requests_total", []string{"method", "sendMessage", "status", "429"}, 1},
		{"meetupbot_telegram_retry_after_seconds", nil, 1},
		{"meetupbot_jobs_total", []string{"kind", "remind", "outcome", "done"}, 1},
		{"meetupbot_outbox_depth", nil, 3},
		{"meetupbot_outbox_oldest_seconds", nil, 42},
		{"meetupbot_database_bytes", nil, 65536},
	}
	for _, c := range checks {
		if got := value(c.name, c.labels...); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
}

func TestCalendarFeed(t *testing.T) {
	s := server(Report{}, nil)
	tests := []struct {
		path   string
		status int
		body   string
	}{
		{"/calendar/good.ics", 200, "BEGIN:VCALENDAR"},
		{"/calendar/wrong.ics", 404, ""},
		{"/calendar/good", 404, ""},
		{"/calendar/.ics", 404, ""},
		{"/calendar/broken.ics", 500, ""},
	}
	for _, tt := range tests {
		rec := get(t, s, tt.path)
		body, _ := io.ReadAll(rec.Body)
		if rec.Code != tt.status || (tt.body != "" && string(body) != tt.body) {
			t.Errorf("GET %s = %d %q, want %d", tt.path, rec.Code, body, tt.status)
		}
		if tt.status == 200 && rec.Header().Get("Content-Type") != "text/calendar; charset=utf-8" {
			t.Errorf("GET %s has type %q", tt.path, rec.Header().Get("Content-Type"))
		}
	}
}

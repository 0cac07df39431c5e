// Package web is meetupbot's optional HTTP side: health for a supervisor,
// Prometheus metrics, and the groups' calendar feeds. It knows the bot only
// through the small interfaces it declares; cmd/meetupbot wires them.
package web

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Feeds serves the groups' calendars by their feed token.
type Feeds interface {
	CalendarFeed(ctx context.Context, token string) (data []byte, ok bool, err error)
}

// Updates handles an update Telegram posted to the webhook, returning once
// its effects are stored.
type Updates interface {
	HandleUpdate(ctx context.Context, raw []byte) error
}

// Webhook is where Telegram posts updates: the URL's path, the secret
// every request must carry, and who handles them.
type Webhook struct {
	Path    string
	Secret  string
	Updates Updates
}

// maxUpdate bounds a webhook request's body; an update is a few kilobytes.
const maxUpdate = 1 << 20

// Report is the bot's state as /healthz shows it.
type Report struct {
	// Database is the error of a read of the database, nil when it reads.
	Database error
	// LastAPISuccess is when a Bot API call last succeeded.
	LastAPISuccess time.Time
	// OldestQueued is how long the oldest message has waited to be sent.
	OldestQueued time.Duration
	// SchedulerLag is how far the scheduler is behind a due job.
	SchedulerLag time.Duration
}

// Bounds are how far each part may be behind before /healthz answers 503.
type Bounds struct {
	APISilence, Queued, Lag time.Duration
}

// DefaultBounds: polling calls the Bot API at least every PollTimeout, so
// two minutes without a success means Telegram or the network is down; a
// message or a job five minutes late means the bot is stuck.
var DefaultBounds = Bounds{APISilence: 2 * time.Minute, Queued: 5 * time.Minute, Lag: 5 * time.Minute}

// Server is the HTTP side.
type Server struct {
	mux     *http.ServeMux
	health  func(context.Context) Report
	feeds   Feeds
	now     func() time.Time
	log     *slog.Logger
	metrics *Metrics
	hook    Webhook
	// Bounds are the health bounds; DefaultBounds unless set before
	// serving.
	Bounds Bounds
}

// New builds the HTTP side: health from health, the metrics, and the
// feeds (nil serves none).
func New(health func(context.Context) Report, metrics *Metrics, feeds Feeds, now func() time.Time, log *slog.Logger) *Server {
	s := &Server{mux: http.NewServeMux(), health: health, feeds: feeds, now: now, log: log, metrics: metrics, Bounds: DefaultBounds}
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(metrics.Registry, promhttp.HandlerOpts{}))
	s.mux.HandleFunc("GET /calendar/{file}", s.calendar)
	return s
}

// AcceptWebhook takes Telegram's updates at hook.Path.
func (s *Server) AcceptWebhook(hook Webhook) {
	s.hook = hook
	s.mux.HandleFunc("POST "+hook.Path, s.webhook)
}

// webhook takes one update from Telegram. Requests without the secret are
// refused and counted; an update is acknowledged (200) only once its
// effects are stored, so a failure or a crash before that has Telegram
// post it again, and the bot recognises one it handled.
func (s *Server) webhook(w http.ResponseWriter, r *http.Request) {
	got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
	if subtle.ConstantTimeCompare([]byte(got), []byte(s.hook.Secret)) != 1 {
		s.metrics.unauthorized.Inc()
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxUpdate))
	if err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	// Handled to the end even if Telegram hangs up meanwhile. The bot logs
	// what went wrong, once, when it gives an update up; each 5xx is only
	// a request to post it again.
	if err := s.hook.Updates.HandleUpdate(context.WithoutCancel(r.Context()), body); err != nil {
		http.Error(w, "not handled", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// ServeHTTP serves the HTTP side.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// Serve answers on ln until ctx is done, then lets requests in flight end.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

type healthBody struct {
	Status           string   `json:"status"`
	Database         string   `json:"database"`
	LastAPISuccess   string   `json:"last_api_success,omitempty"`
	APISilenceSecs   float64  `json:"api_silence_seconds"`
	OldestQueuedSecs float64  `json:"oldest_queued_seconds"`
	SchedulerLagSecs float64  `json:"scheduler_lag_seconds"`
	Problems         []string `json:"problems,omitempty"`
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	rep := s.health(r.Context())
	now := s.now()
	body := healthBody{Status: "ok", Database: "ok", OldestQueuedSecs: rep.OldestQueued.Seconds(), SchedulerLagSecs: rep.SchedulerLag.Seconds()}
	if rep.Database != nil {
		body.Database = rep.Database.Error()
		body.Problems = append(body.Problems, "database")
	}
	silence := now.Sub(rep.LastAPISuccess)
	if !rep.LastAPISuccess.IsZero() {
		body.LastAPISuccess = rep.LastAPISuccess.Format(time.RFC3339)
		body.APISilenceSecs = silence.Seconds()
	}
	if rep.LastAPISuccess.IsZero() || silence > s.Bounds.APISilence {
		body.Problems = append(body.Problems, "telegram")
	}
	if rep.OldestQueued > s.Bounds.Queued {
		body.Problems = append(body.Problems, "outbox")
	}
	if rep.SchedulerLag > s.Bounds.Lag {
		body.Problems = append(body.Problems, "scheduler")
	}
	status := http.StatusOK
	if len(body.Problems) > 0 {
		body.Status, status = "unhealthy", http.StatusServiceUnavailable
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}

// calendar serves a group's feed at /calendar/<token>.ics. An unknown
// token gets the same 404 as any other path: a guess learns nothing.
func (s *Server) calendar(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok || token == "" || s.feeds == nil {
		http.NotFound(w, r)
		return
	}
	data, found, err := s.feeds.CalendarFeed(r.Context(), token)
	switch {
	case err != nil:
		s.log.Error("calendar feed", "error", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	case !found:
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, max-age=300")
	w.Write(data)
}

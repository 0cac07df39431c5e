package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/meetupbot/meetupbot/bot"
	"github.com/meetupbot/meetupbot/storage"
	"github.com/meetupbot/meetupbot/web"
)

// TestHTTPSide runs the built bot with HTTP_ADDR, as on a server, and reads
// its health, its metrics after a command, and a group's calendar feed.
func TestHTTPSide(t *testing.T) {
	s := newSetup(t)
	p := startBot(t, append(s.env, "HTTP_ADDR=127.0.0.1:0", "PUBLIC_URL=https://bot.example.org/")...)
	var base string
	listening := regexp.MustCompile(`msg="HTTP side listening" addr=(\S+)`)
	s.fake.Await(t, wait, "the HTTP side to listen", func() bool {
		m := listening.FindStringSubmatch(p.stderr.String())
		if m != nil {
			base = "http://" + m[1]
		}
		return m != nil
	})
	fetch := func(path string) (int, []byte) {
		t.Helper()
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, body
	}

	status, body := fetch("/healthz")
	var health map[string]any
	json.Unmarshal(body, &health)
	if status != 200 || health["status"] != "ok" || health["database"] != "ok" {
		t.Errorf("GET /healthz = %d %s", status, body)
	}

	// The container's HEALTHCHECK asks the same.
	if code := startBotArgs(t, []string{"health"}, "HTTP_ADDR="+strings.TrimPrefix(base, "http://")).exit(t); code != 0 {
		t.Errorf("meetupbot health = %d, want 0", code)
	}

	s.createMeetup(t, "Stammtisch | Café | 40")
	s.fake.Send(s.group, s.olga, "/calendar")
	reply := awaitBot(t, s.fake, s.group.ID, "https://bot.example.org/calendar/")
	feed := regexp.MustCompile(`https://bot\.example\.org(/calendar/[A-Z0-9]+\.ics)`).FindStringSubmatch(reply.Text)
	if feed == nil {
		t.Fatalf("no feed URL in %q", reply.Text)
	}
	status, body = fetch(feed[1])
	cal, err := ics.ParseCalendar(bytes.NewReader(body))
	if status != 200 || err != nil || len(cal.Events()) != 1 || cal.Events()[0].GetProperty(ics.ComponentPropertySummary).Value != "Stammtisch" {
		t.Errorf("GET %s = %d, %v:\n%s", feed[1], status, err, body)
	}
	if status, _ := fetch("/calendar/WRONGTOKEN.ics"); status != 404 {
		t.Errorf("a wrong feed token answered %d, want 404", status)
	}

	status, body = fetch("/metrics")
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(bytes.NewReader(body))
	if status != 200 || err != nil {
		t.Fatalf("GET /metrics = %d, %v", status, err)
	}
	commands := map[string]float64{}
	for _, m := range families["meetupbot_commands_total"].GetMetric() {
		commands[m.GetLabel()[0].GetValue()] = m.GetCounter().GetValue()
	}
	if commands["newevent"] != 1 || commands["calendar"] != 1 {
		t.Errorf("commands counted %v", commands)
	}
	if _, ok := families["meetupbot_telegram_requests_total"]; !ok || !strings.Contains(string(body), `method="getUpdates",status="200"`) {
		t.Errorf("Bot API calls not counted:\n%s", body)
	}
	if strings.Contains(string(body), s.olga.FirstName) {
		t.Error("a metric names a member")
	}
}

// TestHealthzWhenTelegramIsDown runs the bot in-process with a short bound
// on Telegram's silence and takes the fake Bot API off the network.
func TestHealthzWhenTelegramIsDown(t *testing.T) {
	s := newSetup(t)
	cfg, err := loadConfig(func(k string) string {
		for _, kv := range s.env {
			if name, value, _ := strings.Cut(kv, "="); name == k {
				return value
			}
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	db, err := storage.Open(s.dbPath, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	api, err := bot.Connect(cfg.Token, cfg.Endpoint, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	bounds := web.Bounds{APISilence: 3 * time.Second, Queued: time.Minute, Lag: time.Minute}
	opts := runOptions{listener: ln, bounds: &bounds, pollTimeout: time.Second}
	go func() { done <- runBot(ctx, api, db, opts, cfg, slog.New(slog.DiscardHandler)) }()
	defer func() { cancel(); <-done }()
	status := func() int {
		resp, err := http.Get(base + "/healthz")
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	s.fake.Await(t, wait, "healthy", func() bool { return status() == 200 })
	s.fake.Down()
	s.fake.Await(t, wait, "503 while Telegram is down", func() bool { return status() == 503 })
	s.fake.Up()
	s.fake.Await(t, wait, "healthy again", func() bool { return status() == 200 })
}

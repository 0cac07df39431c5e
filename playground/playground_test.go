package playground

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/telegramtest"
)

// wait bounds every wait for the bot; it is a deadline for a failure, not
// a pause.
const wait = 20 * time.Second

// page is a playground served on loopback, for tests that talk to it as
// the page does.
type page struct {
	t    *testing.T
	p    *Playground
	url  string
	host string
}

func newPage(t *testing.T, opts Options) *page {
	t.Helper()
	opts.Defaults = meetupbot.DefaultDefaults()
	// A fixed morning unless the test names another hour: the tests move
	// the clock by hours and days and must read the same calendar whenever
	// they run.
	if opts.Start.IsZero() {
		opts.Start = time.Date(2026, 12, 1, 9, 0, 0, 0, opts.Defaults.Location)
	}
	p, err := New(opts)
	if err != nil {
		t.Fatalf("New() = %v", err)
	}
	srv := httptest.NewServer(nil)
	srv.Config.Handler = p.Handler(srv.Listener.Addr().String())
	t.Cleanup(func() {
		srv.Close()
		if err := p.Close(); err != nil {
			t.Errorf("Close() = %v", err)
		}
	})
	return &page{t: t, p: p, url: srv.URL, host: srv.Listener.Addr().String()}
}

// post sends JSON as the page does and returns the status and the answer.
func (pg *page) post(path string, body any) (int, map[string]any) {
	pg.t.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, pg.url+path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", pg.url)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		pg.t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	var answer map[string]any
	json.NewDecoder(resp.Body).Decode(&answer)
	return resp.StatusCode, answer
}

// state is what the page shows a member looking at a chat.
func (pg *page) state(as, chat int64) pageState {
	pg.t.Helper()
	resp, err := http.Get(pg.url + "/api/state?as=" + strconv.FormatInt(as, 10) + "&chat=" + strconv.FormatInt(chat, 10))
	if err != nil {
		pg.t.Fatalf("GET /api/state: %v", err)
	}
	defer resp.Body.Close()
	var st pageState
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		pg.t.Fatalf("decode state: %v", err)
	}
	return st
}

// session is the running session, for checks on what the fake saw.
func (pg *page) session() *session {
	pg.p.mu.RLock()
	defer pg.p.mu.RUnlock()
	return pg.p.sess
}

func (pg *page) idle() {
	pg.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if err := pg.session().idle(ctx); err != nil {
		pg.t.Fatal(err)
	}
}

// TestScenarioPlaysTheStammtisch plays the guided scenario through the
// page's API and checks that the evening happened as told.
func TestScenarioPlaysTheStammtisch(t *testing.T) {
	pg := newPage(t, Options{})
	status, focus := pg.post("/api/scenario", map[string]string{"action": "start"})
	if status != http.StatusOK {
		t.Fatalf("start the scenario: %d %v", status, focus)
	}
	for range len(scenario) - 1 {
		if status, answer := pg.post("/api/scenario", map[string]string{"action": "next"}); status != http.StatusOK {
			t.Fatalf("next step: %d %v", status, answer)
		}
	}
	if status, _ := pg.post("/api/scenario", map[string]string{"action": "next"}); status != http.StatusConflict {
		t.Errorf("a step past the end answered %d, want %d", status, http.StatusConflict)
	}
	s := pg.session()
	group := pg.state(1, s.group.ID)
	if group.Scenario.Step != len(scenario) || !strings.Contains(group.Scenario.Note, handOver["de"]) {
		t.Errorf("after the last step the page shows step %d and %q, want the hand-over", group.Scenario.Step, group.Scenario.Note)
	}
	var announcement *pageMessage
	for i, m := range group.Messages {
		if m.FromBot && len(m.Buttons) > 0 && strings.Contains(m.HTML, "Social Media Stammtisch") && strings.Contains(m.HTML, "Café Central") {
			announcement = &group.Messages[i]
			break
		}
	}
	if announcement == nil {
		t.Fatalf("the group shows no announcement: %+v", group.Messages)
	}
	for _, want := range []string{"✅ 2 dabei", "Reels für Vereine", "Anna"} {
		if !strings.Contains(announcement.HTML, want) {
			t.Errorf("the announcement lacks %q:\n%s", want, announcement.HTML)
		}
	}
	if group.Pinned == nil || group.Pinned.ID != announcement.ID {
		t.Errorf("the pinned bar shows %+v, want the announcement #%d", group.Pinned, announcement.ID)
	}
	anna := pg.state(2, 2)
	for _, want := range []string{"Erinnerung", "Willkommen, Anna! ✅"} {
		if !anyMessage(anna.Messages, want) {
			t.Errorf("Anna's private chat lacks %q", want)
		}
	}
	if anyMessage(anna.Messages, "Kommst du noch?") {
		t.Error("Anna, a speaker with a reserved place, was asked whether she still comes")
	}
	olga := pg.state(1, 1)
	if !anyMessage(olga.Messages, "Das hat sich an den Plätzen getan") {
		t.Error("Olga was not told whose places went to the waiting list")
	}
	if anyMessage(group.Messages, "Nicht bestätigt, Platz freigegeben") {
		t.Error("the group was told whose places went to the waiting list")
	}
	if !anyMessage(olga.Messages, "Vortragsvorschlag 🎤1") {
		t.Error("Olga did not get Anna's proposal")
	}
	var qr *pageFile
	for _, m := range olga.Messages {
		if m.Photo != nil {
			qr = m.Photo
		}
	}
	if qr == nil || !strings.HasPrefix(qr.Link, "https://t.me/meetup_test_bot?start=") {
		t.Errorf("Olga's check-in photo reads %+v, want a start link to scan", qr)
	}
}

func anyMessage(messages []pageMessage, want string) bool {
	for _, m := range messages {
		if strings.Contains(m.HTML, want) {
			return true
		}
	}
	return false
}

// TestPageRefusesBadInput sends what a broken or hostile page could, and
// checks each gets a clear answer and changes nothing.
func TestPageRefusesBadInput(t *testing.T) {
	pg := newPage(t, Options{})
	group := pg.session().group.ID
	for _, tc := range []struct {
		name   string
		path   string
		body   any
		status int
		want   string
	}{
		{"an unknown member", "/api/send", map[string]any{"as": 42, "chat": group, "text": "hi"}, 400, "There is no such member."},
		{"someone else's private chat", "/api/send", map[string]any{"as": 2, "chat": 3, "text": "hi"}, 403, "Choose the member"},
		{"an empty message", "/api/send", map[string]any{"as": 2, "chat": group, "text": "  "}, 400, "The message is empty."},
		{"too long a message", "/api/send", map[string]any{"as": 2, "chat": group, "text": strings.Repeat("a", 4097)}, 400, "at most 4096"},
		{"not JSON", "/api/send", "{", 400, "not valid JSON"},
		{"a button that is not there", "/api/press", map[string]any{"as": 2, "chat": group, "message": 1, "data": "x"}, 409, "That button is gone."},
		{"a clock going back", "/api/clock", map[string]any{"move": "-1h"}, 400, "only moves forward"},
		{"the next job with nothing planned", "/api/clock", map[string]any{"move": "next"}, 409, "nothing planned"},
		{"a member without a name", "/api/members", map[string]any{"name": " ", "lang": "de"}, 400, "Give a first name."},
		{"a member in Klingon", "/api/members", map[string]any{"name": "Worf", "lang": "tlh"}, 400, "de or en"},
		{"a language for nobody", "/api/language", map[string]any{"as": 42, "lang": "en"}, 400, "no such member"},
		{"a poll that is not there", "/api/vote", map[string]any{"as": 2, "chat": group, "message": 7, "option": 0}, 409, "closed"},
		{"the next step of no scenario", "/api/scenario", map[string]any{"action": "next"}, 409, "not running"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var body any = tc.body
			if s, ok := tc.body.(string); ok {
				body = json.RawMessage(s)
			}
			status, answer := pg.post(tc.path, body)
			if status != tc.status || !strings.Contains(answer["en"].(string), tc.want) || answer["de"] == "" {
				t.Errorf("POST %s %v = %d %v, want %d with %q in both languages", tc.path, tc.body, status, answer, tc.status, tc.want)
			}
		})
	}
	pg.idle()
	if n := len(pg.session().fake.Messages(group)); n != 0 {
		t.Errorf("the group has %d messages after only bad input", n)
	}
	if n := len(pg.state(1, group).Members); n != 5 {
		t.Errorf("%d members after only bad input, want 5", n)
	}
}

// TestPageOnlyAnswersItsOwnHostAndOrigin keeps other web pages from using
// the playground through the visitor's browser.
func TestPageOnlyAnswersItsOwnHostAndOrigin(t *testing.T) {
	pg := newPage(t, Options{})
	_, port, _ := net.SplitHostPort(pg.host)
	for _, tc := range []struct {
		name, method, host, origin, contentType string
		status                                  int
	}{
		{"the page itself", "GET", pg.host, "", "", 200},
		{"localhost", "GET", "localhost:" + port, "", "", 200},
		{"a rebound name", "GET", "evil.example:" + port, "", "", http.StatusMisdirectedRequest},
		{"another port", "GET", "127.0.0.1:1", "", "", http.StatusMisdirectedRequest},
		{"a post from another site", "POST", pg.host, "https://evil.example", "application/json", http.StatusForbidden},
		{"a form post", "POST", pg.host, "", "application/x-www-form-urlencoded", http.StatusUnsupportedMediaType},
		{"a post from the page", "POST", pg.host, "http://" + pg.host, "application/json", http.StatusNoContent},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := "/"
			if tc.method == "POST" {
				path = "/api/language"
			}
			req, _ := http.NewRequest(tc.method, pg.url+path, strings.NewReader(`{"as":5,"lang":"en"}`))
			req.Host = tc.host
			if tc.origin != "" {
				req.Header.Set("Origin", tc.origin)
			}
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Errorf("%s %s for %s from %q = %d, want %d", tc.method, path, tc.host, tc.origin, resp.StatusCode, tc.status)
			}
			if tc.status == 200 && !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'self'") {
				t.Errorf("the page comes without its Content-Security-Policy")
			}
		})
	}
}

// TestResetStartsAfresh checks a reset brings back an empty group, and
// that a kept database is never reset.
func TestResetStartsAfresh(t *testing.T) {
	pg := newPage(t, Options{})
	old := pg.session()
	pg.post("/api/send", map[string]any{"as": 1, "chat": old.group.ID, "text": "/help"})
	pg.idle()
	if status, answer := pg.post("/api/reset", map[string]any{}); status != http.StatusNoContent {
		t.Fatalf("reset: %d %v", status, answer)
	}
	if st := pg.state(1, old.group.ID); len(st.Messages) != 0 || st.Scenario.Playing {
		t.Errorf("after a reset the group shows %d messages", len(st.Messages))
	}

	kept := newPage(t, Options{DatabasePath: filepath.Join(t.TempDir(), "kept.db")})
	if status, answer := kept.post("/api/reset", map[string]any{}); status != http.StatusConflict || !strings.Contains(answer["en"].(string), "DATABASE_PATH") {
		t.Errorf("a reset with DATABASE_PATH = %d %v, want a refusal naming it", status, answer)
	}
}

// TestFilesAreShownOrDownloaded checks photos come as images and every
// other file as a download, whatever type the bot gave it.
func TestFilesAreShownOrDownloaded(t *testing.T) {
	pg := newPage(t, Options{})
	s := pg.session()
	pg.post("/api/send", map[string]any{"as": 1, "chat": 1, "text": "/start"})
	pg.post("/api/send", map[string]any{"as": 1, "chat": s.group.ID, "text": "/newevent morgen 19 Uhr | Stammtisch | Café"})
	pg.idle()
	pg.post("/api/send", map[string]any{"as": 1, "chat": 1, "text": "/ics 1"})
	pg.idle()
	var doc *pageFile
	for _, m := range pg.state(1, 1).Messages {
		if m.Document != nil {
			doc = m.Document
		}
	}
	if doc == nil || !strings.HasSuffix(doc.Name, ".ics") {
		t.Fatalf("no calendar file in Olga's chat: %+v", doc)
	}
	resp, err := http.Get(pg.url + doc.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if got := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(got, "attachment") || !strings.Contains(string(body), "BEGIN:VCALENDAR") {
		t.Errorf("the calendar file comes as %q with %.40q, want a download of the calendar", got, body)
	}
	if resp, _ := http.Get(pg.url + "/api/file?chat=1&message=999"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a file that is not there answered %d", resp.StatusCode)
	}
}

// TestForumGroupsHaveTopics checks a forum group shows its topics, takes a
// message in one, and shows the bot's answer in the same topic.
func TestForumGroupsHaveTopics(t *testing.T) {
	pg := newPage(t, Options{Forum: true})
	group := pg.session().group.ID
	st := pg.state(1, group)
	var meetups int
	for _, tp := range st.Topics {
		if tp.Name == "Meetups" {
			meetups = tp.ID
		}
	}
	if len(st.Topics) != 2 || meetups == 0 {
		t.Fatalf("the forum shows the topics %+v, want General and Meetups", st.Topics)
	}
	if status, answer := pg.post("/api/send", map[string]any{"as": 2, "chat": group, "text": "/events", "thread": meetups}); status != http.StatusNoContent {
		t.Fatalf("send in a topic: %d %v", status, answer)
	}
	pg.idle()
	var said []pageMessage
	for _, m := range pg.state(2, group).Messages {
		if !m.Service {
			said = append(said, m)
		}
	}
	if len(said) != 2 || said[0].Topic != "Meetups" || !said[1].FromBot || said[1].Topic != "Meetups" {
		t.Errorf("after /events in Meetups the forum shows %+v, want the question and the answer there", said)
	}
}

// TestCommandMenusFollowTheMember checks the completion offers what the
// member's app would: organizer commands to the admin in the group, in
// the member's language.
func TestCommandMenusFollowTheMember(t *testing.T) {
	pg := newPage(t, Options{})
	s := pg.session()
	menu := func(as, chat int64) string {
		var names []string
		for _, c := range pg.state(as, chat).Commands {
			names = append(names, c.Command+" "+c.Description)
		}
		return strings.Join(names, "\n")
	}
	// The bot sets its menus as it starts, besides any update.
	s.fake.Await(t, wait, "the command menus", func() bool { return len(s.fake.Calls("setMyCommands")) >= 6 })
	for _, tc := range []struct {
		name     string
		as, chat int64
		want     string
		not      string
	}{
		{"the organizer in the group", 1, s.group.ID, "newevent ", ""},
		{"a member in the group", 2, s.group.ID, "rsvp Zusagen", "newevent"},
		{"an English member", 5, s.group.ID, "rsvp ", "Zusagen"},
		{"the organizer privately", 1, 1, "rsvp ", "newevent"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := menu(tc.as, tc.chat)
			if !strings.Contains(got, tc.want) || (tc.not != "" && strings.Contains(got, tc.not)) {
				t.Errorf("the menu reads:\n%s\nwant %q and not %q", got, tc.want, tc.not)
			}
		})
	}
}

// TestClockMovesAndJobsFollow moves the clock by the page's controls and
// checks the scheduler follows: the next job is the reconfirmation, and
// Anna is asked when the clock gets there.
func TestClockMovesAndJobsFollow(t *testing.T) {
	pg := newPage(t, Options{})
	s := pg.session()
	day := s.started.AddDate(0, 0, 3)
	start := time.Date(day.Year(), day.Month(), day.Day(), 19, 0, 0, 0, day.Location())
	pg.post("/api/send", map[string]any{"as": 2, "chat": 2, "text": "/start"})
	pg.post("/api/send", map[string]any{"as": 1, "chat": s.group.ID, "text": "/newevent " + start.Format("02.01.2006 15:04") + " | Stammtisch | Café"})
	pg.idle()
	var announcement pageMessage
	for _, m := range pg.state(2, s.group.ID).Messages {
		if m.FromBot && len(m.Buttons) > 0 {
			announcement = m
		}
	}
	if len(announcement.Buttons) == 0 {
		t.Fatal("no announcement")
	}
	status, answer := pg.post("/api/press", map[string]any{"as": 2, "chat": s.group.ID, "message": announcement.ID, "data": announcement.Buttons[0][0].Data})
	if status != http.StatusOK || answer["text"] == "" {
		t.Fatalf("Anna's press: %d %v", status, answer)
	}
	for _, tc := range []struct {
		move string
		want time.Time
	}{
		{"hour", s.started.Add(time.Hour)},
		{"day", s.started.Add(time.Hour).AddDate(0, 0, 1)},
		{"next", start.Add(-48 * time.Hour)},
	} {
		if status, answer := pg.post("/api/clock", map[string]string{"move": tc.move}); status != http.StatusNoContent {
			t.Fatalf("move %s: %d %v", tc.move, status, answer)
		}
		if got := s.clock.Now(); !got.Equal(tc.want) {
			t.Errorf("after %s the clock shows %v, want %v", tc.move, got, tc.want)
		}
		if got, want := pg.state(2, 2).Clock, formatTime(tc.want, "de"); got != want {
			t.Errorf("after %s the page shows %q, want %q", tc.move, got, want)
		}
	}
	if !anyMessage(pg.state(2, 2).Messages, "Kommst du noch?") {
		t.Error("at the reconfirmation's time Anna was not asked")
	}
}

// TestEventsFollowTheChats reads the page's event stream: one event at
// once, and another when the bot answers a member.
func TestEventsFollowTheChats(t *testing.T) {
	pg := newPage(t, Options{})
	pg.idle()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, pg.url+"/api/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if got := resp.Header.Get("Content-Type"); got != "text/event-stream" {
		t.Fatalf("the events come as %q", got)
	}
	events := bufio.NewScanner(resp.Body)
	next := func() string {
		t.Helper()
		for events.Scan() {
			if version, ok := strings.CutPrefix(events.Text(), "data: "); ok {
				return version
			}
		}
		t.Fatalf("the event stream ended: %v", events.Err())
		return ""
	}
	first := next()
	pg.post("/api/send", map[string]any{"as": 2, "chat": pg.session().group.ID, "text": "/help"})
	for version := next(); ; version = next() {
		if version == first {
			t.Fatalf("an event repeated the version %s", version)
		}
		if pg.state(2, pg.session().group.ID).Version == version && len(pg.state(2, pg.session().group.ID).Messages) == 2 {
			return
		}
	}
}

// TestClockStopsAtEveryJobOnTheWay plays the README's quick start, from a
// morning and from an evening: however far the clock jumps, each reminder
// goes out at its own time and none is dropped as late.
func TestClockStopsAtEveryJobOnTheWay(t *testing.T) {
	for _, tc := range []struct {
		name      string
		hour      int
		days      int
		reminders int
	}{
		// Both reminders (a day and two hours before) fall inside two days.
		{"from a morning, two days on", 9, 2, 2},
		// Set up at shorter notice than a day: only the two-hour reminder,
		// which falls before the start the day ends past.
		{"from an evening, a day on", 20, 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var log telegramtest.Log
			defaults := meetupbot.DefaultDefaults()
			pg := newPage(t, Options{
				Start:  time.Date(2026, 12, 1, tc.hour, 0, 0, 0, defaults.Location),
				Logger: slog.New(slog.NewTextHandler(&log, nil)),
			})
			s := pg.session()
			pg.post("/api/send", map[string]any{"as": 2, "chat": 2, "text": "/start"})
			pg.post("/api/send", map[string]any{"as": 1, "chat": s.group.ID, "text": "/newevent morgen 19 Uhr | Stammtisch | Café Central | 2"})
			pg.idle()
			var announcement pageMessage
			for _, m := range pg.state(2, s.group.ID).Messages {
				if m.FromBot && len(m.Buttons) > 0 {
					announcement = m
				}
			}
			if len(announcement.Buttons) == 0 {
				t.Fatal("no announcement")
			}
			if status, answer := pg.post("/api/press", map[string]any{"as": 2, "chat": s.group.ID, "message": announcement.ID, "data": announcement.Buttons[0][0].Data}); status != http.StatusOK {
				t.Fatalf("Anna's press: %d %v", status, answer)
			}
			for range tc.days {
				if status, answer := pg.post("/api/clock", map[string]string{"move": "day"}); status != http.StatusNoContent {
					t.Fatalf("+1 day: %d %v", status, answer)
				}
			}
			if got, want := s.clock.Now(), s.started.AddDate(0, 0, tc.days); !got.Equal(want) {
				t.Errorf("the clock shows %v, want %v", got, want)
			}
			var reminders int
			for _, m := range pg.state(2, 2).Messages {
				// The welcome speaks of reminders too; a reminder opens with
				// its alarm clock.
				if m.FromBot && strings.HasPrefix(m.HTML, "⏰") {
					reminders++
				}
			}
			if reminders != tc.reminders {
				t.Errorf("Anna got %d reminders, want %d", reminders, tc.reminders)
			}
			if strings.Contains(log.String(), "dropped a job") {
				t.Errorf("the scheduler dropped a job on the way:\n%s", log.String())
			}
		})
	}
}

// TestPageHasAnIcon checks the icon a browser asks for by itself is there,
// as the one the page links.
func TestPageHasAnIcon(t *testing.T) {
	pg := newPage(t, Options{})
	for _, path := range []string{"/favicon.ico", "/favicon.svg"} {
		t.Run(path, func(t *testing.T) {
			resp, err := http.Get(pg.url + path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/svg+xml" || !bytes.HasPrefix(body, []byte("<svg")) {
				t.Errorf("GET %s = %d %q %.20q, want the SVG icon", path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
			}
		})
	}
}

package playground

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/meetupbot/meetupbot/bot/telegramtest"
)

// Handler serves the page and its API. addr is where it listens: requests
// must name it (or localhost) as their host, so a web page elsewhere cannot
// reach the playground through DNS rebinding, and must come from the page
// itself.
func (p *Playground) Handler(addr string) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /", http.FileServerFS(staticFiles()))
	// Browsers ask for /favicon.ico whatever the page links; the SVG
	// answers, so the log shows no 404 and the tab its icon.
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/svg+xml")
		http.ServeFileFS(w, r, staticFiles(), "favicon.svg")
	})
	mux.HandleFunc("GET /api/state", p.state)
	mux.HandleFunc("GET /api/events", p.events)
	mux.HandleFunc("GET /api/file", p.file)
	mux.Handle("POST /api/send", act(p, send))
	mux.Handle("POST /api/press", act(p, press))
	mux.Handle("POST /api/vote", act(p, vote))
	mux.Handle("POST /api/clock", act(p, p.moveClock))
	mux.Handle("POST /api/members", act(p, p.addMember))
	mux.Handle("POST /api/language", act(p, p.setLanguage))
	mux.HandleFunc("POST /api/reset", p.resetPage)
	mux.HandleFunc("POST /api/scenario", p.playScenario)
	return guard(addr, mux)
}

// guard refuses requests for another host and posts from another origin,
// and sets headers that keep the page to its own scripts and styles.
func guard(addr string, next http.Handler) http.Handler {
	_, port, _ := net.SplitHostPort(addr)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, hostPort, err := net.SplitHostPort(r.Host)
		if err != nil || hostPort != port || !(host == "localhost" || r.Host == addr || isLoopback(host)) {
			http.Error(w, "unknown host", http.StatusMisdirectedRequest)
			return
		}
		if r.Method == http.MethodPost {
			if origin := r.Header.Get("Origin"); origin != "" && origin != "http://"+r.Host {
				http.Error(w, "cross-origin request", http.StatusForbidden)
				return
			}
			if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
				http.Error(w, "send JSON", http.StatusUnsupportedMediaType)
				return
			}
		}
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}

func isLoopback(host string) bool {
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// problem is an error the visitor reads, in both languages.
type problem struct {
	status int
	de, en string
}

func (e *problem) Error() string { return e.en }

func fail(w http.ResponseWriter, err error) {
	var pr *problem
	if !errors.As(err, &pr) {
		pr = &problem{http.StatusInternalServerError, "Das ging schief: " + err.Error(), "That went wrong: " + err.Error()}
	}
	writeJSON(w, pr.status, map[string]string{"de": pr.de, "en": pr.en})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// decode reads a request's JSON body into v.
func decode(r *http.Request, v any) error {
	r.Body = http.MaxBytesReader(nil, r.Body, 64<<10)
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		return &problem{http.StatusBadRequest, "Die Anfrage ist kein gültiges JSON.", "The request is not valid JSON."}
	}
	return nil
}

// withSession runs act on the current session, which no reset replaces
// meanwhile.
func (p *Playground) withSession(act func(*session) error) error {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return act(p.sess)
}

// act is how every action of the page is served: the JSON request is
// decoded, do runs on the current session, and its answer goes back as
// JSON (nothing: 204), or its problem in both languages.
func act[Req any](p *Playground, do func(r *http.Request, s *session, req Req) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req Req
		if err := decode(r, &req); err != nil {
			fail(w, err)
			return
		}
		var answer any
		err := p.withSession(func(s *session) (err error) {
			answer, err = do(r, s, req)
			return err
		})
		switch {
		case err != nil:
			fail(w, err)
		case answer == nil:
			w.WriteHeader(http.StatusNoContent)
		default:
			writeJSON(w, http.StatusOK, answer)
		}
	}
}

// memberIn finds the member a request acts as and checks they may act in
// the chat: the group, or their own private chat with the bot.
func memberIn(s *session, id, chatID int64) (member, error) {
	m, ok := s.member(id)
	if !ok {
		return member{}, errNoMember
	}
	if chatID != s.group.ID && chatID != m.user.ID {
		return member{}, &problem{http.StatusForbidden, "Wähle zuerst das Mitglied, dem dieser private Chat gehört.", "Choose the member whose private chat this is first."}
	}
	return m, nil
}

var errNoMember = &problem{http.StatusBadRequest, "Dieses Mitglied gibt es nicht.", "There is no such member."}

// maxText is Telegram's limit on a message a member writes.
const maxText = 4096

type sendRequest struct {
	As     int64  `json:"as"`
	Chat   int64  `json:"chat"`
	Text   string `json:"text"`
	Thread int    `json:"thread"`
}

func send(_ *http.Request, s *session, req sendRequest) (any, error) {
	m, err := memberIn(s, req.As, req.Chat)
	if err != nil {
		return nil, err
	}
	text := strings.TrimSpace(req.Text)
	switch {
	case text == "":
		return nil, &problem{http.StatusBadRequest, "Die Nachricht ist leer.", "The message is empty."}
	case utf8.RuneCountInString(text) > maxText:
		return nil, &problem{http.StatusBadRequest, fmt.Sprintf("Telegram nimmt höchstens %d Zeichen.", maxText), fmt.Sprintf("Telegram takes at most %d characters.", maxText)}
	}
	switch _, topic := s.topics[req.Thread]; {
	case req.Chat == s.group.ID && topic && req.Thread != 1:
		s.fake.SendInTopic(s.group, m.user, req.Thread, text)
	case req.Chat == s.group.ID:
		s.fake.Send(s.group, m.user, text)
	default:
		s.fake.Send(s.fake.Private(m.user), m.user, text)
	}
	return nil, nil
}

// answerWait bounds how long a press waits for the bot's answer; Telegram's
// app gives up after about as long.
const answerWait = 15 * time.Second

type pressRequest struct {
	As      int64  `json:"as"`
	Chat    int64  `json:"chat"`
	Message int    `json:"message"`
	Data    string `json:"data"`
}

func press(r *http.Request, s *session, req pressRequest) (any, error) {
	m, err := memberIn(s, req.As, req.Chat)
	if err != nil {
		return nil, err
	}
	msg, ok := s.fake.Message(req.Chat, req.Message)
	if !ok || msg.Deleted || !hasButton(msg, req.Data) {
		return nil, &problem{http.StatusConflict, "Diesen Knopf gibt es nicht mehr.", "That button is gone."}
	}
	q := s.fake.Press(req.Chat, m.user, req.Message, req.Data)
	ctx, cancel := context.WithTimeout(r.Context(), answerWait)
	defer cancel()
	answer, err := s.awaitAnswer(ctx, q)
	if err != nil {
		return nil, &problem{http.StatusGatewayTimeout, "Der Bot hat nicht geantwortet.", "The bot did not answer."}
	}
	return map[string]any{"text": answer.Text, "alert": answer.ShowAlert, "url": answer.URL}, nil
}

func hasButton(m telegramtest.Message, data string) bool {
	for _, row := range m.Buttons {
		for _, b := range row {
			if b.Data != "" && b.Data == data {
				return true
			}
		}
	}
	return false
}

type voteRequest struct {
	As      int64 `json:"as"`
	Chat    int64 `json:"chat"`
	Message int   `json:"message"`
	Option  int   `json:"option"`
}

func vote(_ *http.Request, s *session, req voteRequest) (any, error) {
	m, err := memberIn(s, req.As, req.Chat)
	if err != nil {
		return nil, err
	}
	if s.fake.Vote(req.Chat, m.user, req.Message, req.Option) != nil {
		return nil, &problem{http.StatusConflict, "Diese Umfrage ist beendet.", "This poll is closed."}
	}
	return nil, nil
}

type clockRequest struct {
	Move string `json:"move"`
}

// moveClock moves the bot's clock an hour, a day, or to the next job, and
// answers once everything that fell due is done.
func (p *Playground) moveClock(r *http.Request, s *session, req clockRequest) (any, error) {
	now := s.clock.Now()
	var to time.Time
	switch req.Move {
	case "hour":
		to = now.Add(time.Hour)
	case "day":
		to = now.AddDate(0, 0, 1)
	case "next":
		if to = s.main.NextJob(); to.IsZero() {
			return nil, &problem{http.StatusConflict, "Der Bot hat gerade nichts geplant.", "The bot has nothing planned."}
		}
	default:
		return nil, &problem{http.StatusBadRequest, "Die Uhr geht nur vor: hour, day oder next.", "The clock only moves forward: hour, day or next."}
	}
	ctx, cancel := context.WithTimeout(r.Context(), time.Minute)
	defer cancel()
	err := s.travel(ctx, to)
	p.touch()
	return nil, err
}

// Limits on the names of members the visitor adds.
const (
	maxMembers = 20
	maxName    = 32
)

var errLanguage = &problem{http.StatusBadRequest, "Sprache: de oder en.", "Language: de or en."}

type memberRequest struct {
	Name string `json:"name"`
	Lang string `json:"lang"`
}

func (p *Playground) addMember(_ *http.Request, s *session, req memberRequest) (any, error) {
	name := strings.Join(strings.Fields(req.Name), " ")
	switch {
	case name == "":
		return nil, &problem{http.StatusBadRequest, "Gib einen Vornamen an.", "Give a first name."}
	case utf8.RuneCountInString(name) > maxName:
		return nil, &problem{http.StatusBadRequest, fmt.Sprintf("Ein Name hat höchstens %d Zeichen.", maxName), fmt.Sprintf("A name has at most %d characters.", maxName)}
	case req.Lang != "de" && req.Lang != "en":
		return nil, errLanguage
	case len(s.members) >= maxMembers:
		return nil, &problem{http.StatusConflict, fmt.Sprintf("Mehr als %d Mitglieder braucht der Spielplatz nicht.", maxMembers), fmt.Sprintf("The playground needs no more than %d members.", maxMembers)}
	}
	added := s.addMember(name, req.Lang)
	p.touch()
	return map[string]int64{"id": added.user.ID}, nil
}

type languageRequest struct {
	As   int64  `json:"as"`
	Lang string `json:"lang"`
}

func (p *Playground) setLanguage(_ *http.Request, s *session, req languageRequest) (any, error) {
	if _, ok := s.member(req.As); !ok {
		return nil, errNoMember
	}
	if req.Lang != "de" && req.Lang != "en" {
		return nil, errLanguage
	}
	s.setLanguage(req.As, req.Lang)
	p.touch()
	return nil, nil
}

func (p *Playground) resetPage(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	err := p.reset()
	p.mu.Unlock()
	if errors.Is(err, errKeptDatabase) {
		err = &problem{http.StatusConflict, "Mit DATABASE_PATH bleibt die Datenbank: Neu starten würde sie löschen.", "With DATABASE_PATH the database is kept: a reset would erase it."}
	}
	if err != nil {
		fail(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// playScenario starts the scenario afresh or plays its next step, and
// says where to look.
func (p *Playground) playScenario(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Action string `json:"action"`
	}
	if err := decode(r, &req); err != nil {
		fail(w, err)
		return
	}
	p.mu.Lock()
	switch req.Action {
	case "start":
		if err := p.reset(); err != nil {
			p.mu.Unlock()
			if errors.Is(err, errKeptDatabase) {
				err = &problem{http.StatusConflict, "Das Szenario braucht eine frische Datenbank: starte ohne DATABASE_PATH.", "The scenario needs a fresh database: start without DATABASE_PATH."}
			}
			fail(w, err)
			return
		}
		p.step = 0
	case "next":
		if p.step < 0 || p.step >= len(scenario) {
			p.mu.Unlock()
			fail(w, &problem{http.StatusConflict, "Das Szenario läuft gerade nicht.", "The scenario is not running."})
			return
		}
	default:
		p.mu.Unlock()
		fail(w, &problem{http.StatusBadRequest, "action: start oder next.", "action: start or next."})
		return
	}
	index := p.step
	p.step++
	sess := p.sess
	p.mu.Unlock()
	p.touch()

	st := scenario[index]
	ctx, cancel := context.WithTimeout(r.Context(), time.Minute)
	defer cancel()
	err := p.withSession(func(s *session) error {
		if s != sess {
			return &problem{http.StatusConflict, "Inzwischen wurde neu gestartet.", "The playground was reset meanwhile."}
		}
		return st.act(ctx, s)
	})
	p.touch()
	if err != nil {
		fail(w, &problem{http.StatusConflict, "Dieser Schritt ging nicht: " + err.Error() + ". Starte das Szenario neu.", "This step failed: " + err.Error() + ". Start the scenario again."})
		return
	}
	focus := sess.members[st.focus].user.ID
	chat := focus
	if st.inChat {
		chat = sess.group.ID
	}
	writeJSON(w, http.StatusOK, map[string]int64{"as": focus, "chat": chat})
}

// file sends a photo to show or a document to download, as Telegram's
// app would. Only photos are shown in the page; anything else is a
// download, whatever type the bot gave it.
func (p *Playground) file(w http.ResponseWriter, r *http.Request) {
	chatID, _ := strconv.ParseInt(r.URL.Query().Get("chat"), 10, 64)
	id, _ := strconv.Atoi(r.URL.Query().Get("message"))
	var m telegramtest.Message
	var found bool
	p.withSession(func(s *session) error {
		m, found = s.fake.Message(chatID, id)
		return nil
	})
	switch {
	case !found || m.Deleted:
		http.NotFound(w, r)
	case m.Photo != nil:
		kind := "application/octet-stream"
		if m.Photo.MIME == "image/png" || m.Photo.MIME == "image/jpeg" {
			kind = m.Photo.MIME
		}
		w.Header().Set("Content-Type", kind)
		w.Header().Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": m.Photo.Name}))
		w.Write(m.Photo.Data)
	case m.Document != nil:
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": m.Document.Name}))
		w.Write(m.Document.Data)
	default:
		http.NotFound(w, r)
	}
}

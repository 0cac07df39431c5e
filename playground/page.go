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
	mux.HandleFunc("GET /api/state", p.state)
	mux.HandleFunc("GET /api/events", p.events)
	mux.HandleFunc("GET /api/file", p.file)
	mux.HandleFunc("POST /api/send", p.send)
	mux.HandleFunc("POST /api/press", p.press)
	mux.HandleFunc("POST /api/vote", p.vote)
	mux.HandleFunc("POST /api/clock", p.moveClock)
	mux.HandleFunc("POST /api/members", p.addMember)
	mux.HandleFunc("POST /api/language", p.setLanguage)
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

// actor finds the member a request acts as.
func actor(s *session, id int64) (member, error) {
	m, ok := s.member(id)
	if !ok {
		return member{}, &problem{http.StatusBadRequest, "Dieses Mitglied gibt es nicht.", "There is no such member."}
	}
	return m, nil
}

// chatFor checks that a member may act in a chat: the group, or their own
// private chat with the bot.
func chatFor(s *session, m member, chatID int64) error {
	if chatID == s.group.ID || chatID == m.user.ID {
		return nil
	}
	return &problem{http.StatusForbidden, "Wähle zuerst das Mitglied, dem dieser private Chat gehört.", "Choose the member whose private chat this is first."}
}

// maxText is Telegram's limit on a message a member writes.
const maxText = 4096

func (p *Playground) send(w http.ResponseWriter, r *http.Request) {
	var req struct {
		As     int64  `json:"as"`
		Chat   int64  `json:"chat"`
		Text   string `json:"text"`
		Thread int    `json:"thread"`
	}
	if err := decode(r, &req); err != nil {
		fail(w, err)
		return
	}
	err := p.withSession(func(s *session) error {
		m, err := actor(s, req.As)
		if err != nil {
			return err
		}
		if err := chatFor(s, m, req.Chat); err != nil {
			return err
		}
		text := strings.TrimSpace(req.Text)
		switch {
		case text == "":
			return &problem{http.StatusBadRequest, "Die Nachricht ist leer.", "The message is empty."}
		case utf8.RuneCountInString(text) > maxText:
			return &problem{http.StatusBadRequest, fmt.Sprintf("Telegram nimmt höchstens %d Zeichen.", maxText), fmt.Sprintf("Telegram takes at most %d characters.", maxText)}
		}
		if _, ok := s.topics[req.Thread]; req.Chat == s.group.ID && ok && req.Thread != 1 {
			s.fake.SendInTopic(s.group, m.user, req.Thread, text)
			return nil
		}
		if req.Chat == s.group.ID {
			s.fake.Send(s.group, m.user, text)
		} else {
			s.fake.Send(s.fake.Private(m.user), m.user, text)
		}
		return nil
	})
	if err != nil {
		fail(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// answerWait bounds how long a press waits for the bot's answer; Telegram's
// app gives up after about as long.
const answerWait = 15 * time.Second

func (p *Playground) press(w http.ResponseWriter, r *http.Request) {
	var req struct {
		As      int64  `json:"as"`
		Chat    int64  `json:"chat"`
		Message int    `json:"message"`
		Data    string `json:"data"`
	}
	if err := decode(r, &req); err != nil {
		fail(w, err)
		return
	}
	var answer telegramtest.CallbackAnswer
	err := p.withSession(func(s *session) error {
		m, err := actor(s, req.As)
		if err != nil {
			return err
		}
		if err := chatFor(s, m, req.Chat); err != nil {
			return err
		}
		msg, ok := s.fake.Message(req.Chat, req.Message)
		if !ok || msg.Deleted || !hasButton(msg, req.Data) {
			return &problem{http.StatusConflict, "Diesen Knopf gibt es nicht mehr.", "That button is gone."}
		}
		q := s.fake.Press(req.Chat, m.user, req.Message, req.Data)
		ctx, cancel := context.WithTimeout(r.Context(), answerWait)
		defer cancel()
		answer, err = s.awaitAnswer(ctx, q)
		if err != nil {
			return &problem{http.StatusGatewayTimeout, "Der Bot hat nicht geantwortet.", "The bot did not answer."}
		}
		return nil
	})
	if err != nil {
		fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"text": answer.Text, "alert": answer.ShowAlert, "url": answer.URL})
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

func (p *Playground) vote(w http.ResponseWriter, r *http.Request) {
	var req struct {
		As      int64 `json:"as"`
		Chat    int64 `json:"chat"`
		Message int   `json:"message"`
		Option  int   `json:"option"`
	}
	if err := decode(r, &req); err != nil {
		fail(w, err)
		return
	}
	err := p.withSession(func(s *session) error {
		m, err := actor(s, req.As)
		if err != nil {
			return err
		}
		if err := chatFor(s, m, req.Chat); err != nil {
			return err
		}
		if s.fake.Vote(req.Chat, m.user, req.Message, req.Option) != nil {
			return &problem{http.StatusConflict, "Diese Umfrage ist beendet.", "This poll is closed."}
		}
		return nil
	})
	if err != nil {
		fail(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// moveClock moves the bot's clock an hour, a day, or to the next job, and
// answers once everything that fell due is done.
func (p *Playground) moveClock(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Move string `json:"move"`
	}
	if err := decode(r, &req); err != nil {
		fail(w, err)
		return
	}
	err := p.withSession(func(s *session) error {
		now := s.clock.Now()
		var to time.Time
		switch req.Move {
		case "hour":
			to = now.Add(time.Hour)
		case "day":
			to = now.AddDate(0, 0, 1)
		case "next":
			to = s.sched.NextJob()
			if to.IsZero() {
				return &problem{http.StatusConflict, "Der Bot hat gerade nichts geplant.", "The bot has nothing planned."}
			}
		default:
			return &problem{http.StatusBadRequest, "Die Uhr geht nur vor: hour, day oder next.", "The clock only moves forward: hour, day or next."}
		}
		ctx, cancel := context.WithTimeout(r.Context(), time.Minute)
		defer cancel()
		err := s.travel(ctx, to)
		p.touch()
		return err
	})
	if err != nil {
		fail(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// Limits on the names of members the visitor adds.
const (
	maxMembers = 20
	maxName    = 32
)

func (p *Playground) addMember(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Name string `json:"name"`
		Lang string `json:"lang"`
	}
	if err := decode(r, &req); err != nil {
		fail(w, err)
		return
	}
	var added member
	err := p.withSession(func(s *session) error {
		name := strings.Join(strings.Fields(req.Name), " ")
		switch {
		case name == "":
			return &problem{http.StatusBadRequest, "Gib einen Vornamen an.", "Give a first name."}
		case utf8.RuneCountInString(name) > maxName:
			return &problem{http.StatusBadRequest, fmt.Sprintf("Ein Name hat höchstens %d Zeichen.", maxName), fmt.Sprintf("A name has at most %d characters.", maxName)}
		case req.Lang != "de" && req.Lang != "en":
			return &problem{http.StatusBadRequest, "Sprache: de oder en.", "Language: de or en."}
		case len(s.members) >= maxMembers:
			return &problem{http.StatusConflict, fmt.Sprintf("Mehr als %d Mitglieder braucht der Spielplatz nicht.", maxMembers), fmt.Sprintf("The playground needs no more than %d members.", maxMembers)}
		}
		added = s.addMember(name, req.Lang)
		return nil
	})
	if err != nil {
		fail(w, err)
		return
	}
	p.touch()
	writeJSON(w, http.StatusOK, map[string]int64{"id": added.user.ID})
}

func (p *Playground) setLanguage(w http.ResponseWriter, r *http.Request) {
	var req struct {
		As   int64  `json:"as"`
		Lang string `json:"lang"`
	}
	if err := decode(r, &req); err != nil {
		fail(w, err)
		return
	}
	err := p.withSession(func(s *session) error {
		if _, err := actor(s, req.As); err != nil {
			return err
		}
		if req.Lang != "de" && req.Lang != "en" {
			return &problem{http.StatusBadRequest, "Sprache: de oder en.", "Language: de or en."}
		}
		s.setLanguage(req.As, req.Lang)
		return nil
	})
	if err != nil {
		fail(w, err)
		return
	}
	p.touch()
	w.WriteHeader(http.StatusNoContent)
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

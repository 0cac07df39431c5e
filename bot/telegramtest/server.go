// Package telegramtest is a fake Telegram Bot API server over real HTTP, in
// the spirit of net/http/httptest. It speaks the Bot API's JSON to the real
// tgbotapi client, lets tests act as members (write in a chat, press a
// button), checks what the bot sends the way Telegram does (HTML entities,
// message length, callback data size, private chats nobody started) and
// records every call.
package telegramtest

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Token is the bot token the fake accepts unless told otherwise.
const Token = "123456:TEST-token-do-not-log"

// Message is a message in a chat as a member would see it.
type Message struct {
	ID      int
	ChatID  int64
	From    int64 // 0 for the bot
	Text    string
	HTML    bool
	Buttons [][]Button
	ReplyTo int
	Deleted bool
	Edits   int
	Silent  bool
	// Thread is the forum topic the message is in; 0 for General or a chat
	// without topics.
	Thread int
	// Document and Photo are the file a sendDocument or sendPhoto carried,
	// with its Caption (as sent, HTML included).
	Document *File
	Photo    *File
	Caption  string
	// Poll is the poll a sendPoll posted.
	Poll *Poll
}

// Button is an inline keyboard button.
type Button struct {
	Text string
	Data string
	URL  string
}

// Call is one request the bot made.
type Call struct {
	Method string
	Params url.Values
	// At is when the request arrived.
	At time.Time
	// Status is the HTTP status the fake answered with.
	Status int
}

// CallbackAnswer is the bot's answer to a button press.
type CallbackAnswer struct {
	Text      string
	ShowAlert bool
	// URL is the bot link the member's app opens.
	URL string
	// At is when the answer arrived.
	At time.Time
}

// Server is the fake Bot API.
type Server struct {
	token string
	bot   tgbotapi.User
	url   string

	// netMu guards the listener, which Down closes and Up opens again on
	// the same address.
	netMu sync.Mutex
	srv   *http.Server

	// closing ends long polls, so Close need not wait for their timeout.
	closing chan struct{}

	mu      sync.Mutex
	changed chan struct{}
	// version counts the changes notify announced.
	version    uint64
	updates    []pending
	nextUpdate int
	confirmed  int
	chats      map[int64]*chatLog
	users      map[int64]tgbotapi.User
	started    map[int64]bool
	// menus are the command menus set with setMyCommands.
	menus map[menuKey][]tgbotapi.BotCommand
	// allowed are the update kinds the bot asked for (all when empty).
	allowed map[string]bool
	// hook is the webhook set, if any; routes map public webhook URLs to
	// local addresses, as a proxy does.
	hook   *webhook
	routes map[string]string
	// hookAnswers are the HTTP statuses the bot answered each webhook post
	// of an update with, by update id (0: no answer).
	hookAnswers map[int][]int
	blocked     map[int64]bool
	admins      map[int64][]int64
	// members are who belongs to each group, for getChatMember.
	members map[int64]map[int64]bool
	// migrated maps upgraded groups to their supergroup's id.
	migrated map[int64]int64
	// removed are the groups the bot was removed from.
	removed map[int64]bool
	latency time.Duration
	// callbackTimeout is how long after delivery a button press may still
	// be answered.
	callbackTimeout time.Duration
	callbacks       map[string]*CallbackAnswer
	// delivered is when getUpdates first handed out each button press.
	delivered map[string]time.Time
	// polls are the arrival times of getUpdates calls, known before a long
	// poll ends.
	polls     []time.Time
	nextQuery int
	calls     []Call
	failures  map[string]*apiError
	limiter   limiter
}

type chatLog struct {
	chat     tgbotapi.Chat
	messages []*Message
	pinned   pin
	forum    bool
	topics   map[int]*topic
}

type pin struct {
	messageID int
	silent    bool
}

// NewServer starts a fake Bot API on a loopback port.
func NewServer() *Server {
	s := &Server{
		token:           Token,
		bot:             tgbotapi.User{ID: 999, IsBot: true, FirstName: "Meetup Bot", UserName: "meetup_test_bot"},
		closing:         make(chan struct{}),
		changed:         make(chan struct{}),
		nextUpdate:      1000,
		chats:           map[int64]*chatLog{},
		users:           map[int64]tgbotapi.User{},
		started:         map[int64]bool{},
		menus:           map[menuKey][]tgbotapi.BotCommand{},
		blocked:         map[int64]bool{},
		admins:          map[int64][]int64{},
		members:         map[int64]map[int64]bool{},
		migrated:        map[int64]int64{},
		removed:         map[int64]bool{},
		callbackTimeout: 15 * time.Second,
		callbacks:       map[string]*CallbackAnswer{},
		delivered:       map[string]time.Time{},
		hookAnswers:     map[int][]int{},
		failures:        map[string]*apiError{},
		limiter:         limiter{perChat: map[int64][]time.Time{}, waitUntil: map[int64]time.Time{}},
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(fmt.Sprintf("telegramtest: listen: %v", err))
	}
	s.url = "http://" + ln.Addr().String()
	s.serveOn(ln)
	return s
}

func (s *Server) serveOn(ln net.Listener) {
	s.srv = &http.Server{Handler: http.HandlerFunc(s.serve)}
	go s.srv.Serve(ln)
}

// Down takes the server off the network: connections are cut and new ones
// refused, as when Telegram is unreachable, until Up.
func (s *Server) Down() {
	s.netMu.Lock()
	defer s.netMu.Unlock()
	s.srv.Close()
}

// Up brings the server back on its address after Down.
func (s *Server) Up() {
	s.netMu.Lock()
	defer s.netMu.Unlock()
	ln, err := net.Listen("tcp", strings.TrimPrefix(s.url, "http://"))
	if err != nil {
		panic(fmt.Sprintf("telegramtest: listen again: %v", err))
	}
	s.serveOn(ln)
}

// URL is the server's base URL.
func (s *Server) URL() string { return s.url }

// Endpoint is the tgbotapi endpoint format for this server.
func (s *Server) Endpoint() string { return s.url + "/bot%s/%s" }

// BotUser is the bot's own account.
func (s *Server) BotUser() tgbotapi.User { return s.bot }

// Close stops the server, ending long polls in progress.
func (s *Server) Close() {
	close(s.closing)
	s.netMu.Lock()
	defer s.netMu.Unlock()
	s.srv.Close()
}

// notify wakes everyone waiting for a change; callers hold s.mu.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
	s.version++
}

// Fail makes every call of method fail with this HTTP status and
// description until Heal; tests use it to see the bot survive a failing API.
func (s *Server) Fail(method string, status int, description string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures[method] = &apiError{code: status, description: description}
}

// Heal ends every failure set by Fail.
func (s *Server) Heal() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.failures)
}

// Group makes a group chat known to the fake and returns it.
func (s *Server) Group(id int64, title string) tgbotapi.Chat {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.chat(tgbotapi.Chat{ID: id, Type: "supergroup", Title: title}).chat
}

// User makes a member known to the fake and returns them.
func (s *Server) User(id int64, firstName, languageCode string) tgbotapi.User {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := tgbotapi.User{ID: id, FirstName: firstName, UserName: strings.ToLower(firstName), LanguageCode: languageCode}
	s.users[id] = u
	return u
}

// Private is the private chat between a member and the bot.
func (s *Server) Private(u tgbotapi.User) tgbotapi.Chat {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.chat(tgbotapi.Chat{ID: u.ID, Type: "private", FirstName: u.FirstName, UserName: u.UserName}).chat
}

// SetAdmins sets a group's administrators.
func (s *Server) SetAdmins(chatID int64, users ...tgbotapi.User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.admins[chatID] = nil
	for _, u := range users {
		s.users[u.ID] = u
		s.admins[chatID] = append(s.admins[chatID], u.ID)
	}
}

func (s *Server) chat(c tgbotapi.Chat) *chatLog {
	if log, ok := s.chats[c.ID]; ok {
		return log
	}
	log := &chatLog{chat: c, topics: map[int]*topic{}}
	s.chats[c.ID] = log
	return log
}

// Send makes a member write text in a chat, as a command if it starts with
// "/". Writing in the private chat counts as starting the bot. It returns the
// message id.
func (s *Server) Send(chat tgbotapi.Chat, from tgbotapi.User, text string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.write(chat, from, nil, text, 0, nil)
}

// SendFormatted makes a member write formatted text, as Telegram's apps
// send it: the plain text, and entities beside it (offsets in UTF-16 code
// units) after the command's.
func (s *Server) SendFormatted(chat tgbotapi.Chat, from tgbotapi.User, text string, entities []tgbotapi.MessageEntity) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.write(chat, from, nil, text, 0, entities)
}

// write adds a member's message to a chat and queues its update; s.mu is
// held.
func (s *Server) write(chat tgbotapi.Chat, from tgbotapi.User, senderChat *tgbotapi.Chat, text string, thread int, entities []tgbotapi.MessageEntity) int {
	log := s.chat(chat)
	if chat.Type == "private" {
		s.started[from.ID] = true
		delete(s.blocked, from.ID)
	} else if senderChat == nil {
		s.users[from.ID] = from
		s.join(chat.ID, from.ID)
	}
	m := &Message{ID: len(log.messages) + 1, ChatID: chat.ID, From: from.ID, Text: text, Thread: thread}
	log.messages = append(log.messages, m)
	msg := &tgbotapi.Message{MessageID: m.ID, From: &from, SenderChat: senderChat, Chat: &log.chat,
		Date: int(time.Now().Unix()), Text: text, Entities: append(commandEntity(text), entities...)}
	s.push(pending{update: tgbotapi.Update{Message: msg}, thread: thread, forum: log.forum})
	return m.ID
}

// pushMessage queues a service message in a chat; s.mu is held.
func (s *Server) pushMessage(log *chatLog, msg *tgbotapi.Message, thread int) {
	m := &Message{ID: len(log.messages) + 1, ChatID: log.chat.ID, From: msg.From.ID, Thread: thread}
	log.messages = append(log.messages, m)
	msg.MessageID, msg.Chat, msg.Date = m.ID, &log.chat, int(time.Now().Unix())
	s.push(pending{update: tgbotapi.Update{Message: msg}, thread: thread, forum: log.forum})
}

// commandEntity marks a leading /command as Telegram does.
func commandEntity(text string) []tgbotapi.MessageEntity {
	if !strings.HasPrefix(text, "/") {
		return nil
	}
	n := strings.IndexAny(text, " \n")
	if n < 0 {
		n = len(text)
	}
	return []tgbotapi.MessageEntity{{Type: "bot_command", Offset: 0, Length: n}}
}

// Block makes a member block the bot: Telegram answers 403 to messages for
// them until they write to the bot again.
func (s *Server) Block(u tgbotapi.User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blocked[u.ID] = true
}

// Pinned returns the message pinned in a chat (0 for none) and whether it
// was pinned without a notification.
func (s *Server) Pinned(chatID int64) (messageID int, silent bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if log, ok := s.chats[chatID]; ok {
		return log.pinned.messageID, log.pinned.silent
	}
	return 0, false
}

// Polls returns when each getUpdates call arrived, including long polls
// still waiting.
func (s *Server) Polls() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time{}, s.polls...)
}

// Delivered returns when getUpdates first handed out a button press.
func (s *Server) Delivered(queryID string) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	at, ok := s.delivered[queryID]
	return at, ok
}

// Press makes a member press an inline button with this callback data on a
// message; data need not be on the message, so tests can forge it. It
// returns the callback query id.
func (s *Server) Press(chatID int64, from tgbotapi.User, messageID int, data string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	log := s.chat(tgbotapi.Chat{ID: chatID})
	s.nextQuery++
	id := "q" + strconv.Itoa(s.nextQuery)
	msg := &tgbotapi.Message{MessageID: messageID, Chat: &log.chat, From: &s.bot}
	thread := 0
	if m := log.find(messageID); m != nil {
		msg.Text, thread = m.Text, m.Thread
	}
	s.push(pending{update: tgbotapi.Update{CallbackQuery: &tgbotapi.CallbackQuery{
		ID: id, From: &from, Message: msg, ChatInstance: strconv.FormatInt(chatID, 10), Data: data,
	}}, thread: thread, forum: log.forum})
	return id
}

// Raw queues an update as given, for tests of odd or hostile updates. Its
// update id is set by the fake.
func (s *Server) Raw(u tgbotapi.Update) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.push(pending{update: u})
}

func (s *Server) push(p pending) {
	s.nextUpdate++
	p.update.UpdateID = s.nextUpdate
	s.updates = append(s.updates, p)
	s.notify()
}

func (l *chatLog) find(id int) *Message {
	if id < 1 || id > len(l.messages) {
		return nil
	}
	return l.messages[id-1]
}

// Messages returns copies of every message in a chat, oldest first.
func (s *Server) Messages(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	log, ok := s.chats[chatID]
	if !ok {
		return nil
	}
	out := make([]Message, 0, len(log.messages))
	for _, m := range log.messages {
		c := *m
		if m.Poll != nil {
			// The poll changes with votes; the copy is the poll now.
			poll := *m.Poll
			poll.Votes, poll.votes = poll.counts(), nil
			c.Poll = &poll
		}
		out = append(out, c)
	}
	return out
}

// BotMessages returns the bot's messages in a chat that were not deleted.
func (s *Server) BotMessages(chatID int64) []Message {
	var out []Message
	for _, m := range s.Messages(chatID) {
		if m.From == 0 && !m.Deleted {
			out = append(out, m)
		}
	}
	return out
}

// Message returns one message of a chat.
func (s *Server) Message(chatID int64, id int) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if log, ok := s.chats[chatID]; ok {
		if m := log.find(id); m != nil {
			return *m, true
		}
	}
	return Message{}, false
}

// Answer returns the bot's answer to a button press.
func (s *Server) Answer(queryID string) (CallbackAnswer, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.callbacks[queryID]
	if !ok || a == nil {
		return CallbackAnswer{}, false
	}
	return *a, true
}

// Calls returns the calls of one method, or all calls for "".
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Confirmed reports whether the bot confirmed every update queued so far,
// which it does only after handling them.
func (s *Server) Confirmed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.updates {
		if u.update.UpdateID > s.confirmed && s.wanted(u.update) {
			return false
		}
	}
	return true
}

// TB is the part of testing.TB that Await uses; the fake does not import
// testing, so the playground and the demo can use it in the binary.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
}

// Await waits until cond holds, checking after every change the fake sees,
// and fails the test after timeout with what.
func (s *Server) Await(tb TB, timeout time.Duration, what string, cond func() bool) {
	tb.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		changed := s.changed
		s.mu.Unlock()
		if cond() {
			return
		}
		select {
		case <-changed:
		case <-time.After(5 * time.Millisecond):
		case <-deadline.C:
			tb.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
	}
}

type apiResponse struct {
	OK          bool                         `json:"ok"`
	Result      any                          `json:"result,omitempty"`
	ErrorCode   int                          `json:"error_code,omitempty"`
	Description string                       `json:"description,omitempty"`
	Parameters  *tgbotapi.ResponseParameters `json:"parameters,omitempty"`
}

// apiError is a Bot API failure: HTTP status and description.
type apiError struct {
	code        int
	description string
	retryAfter  int
	migrateTo   int64
}

func badRequest(format string, args ...any) *apiError {
	return &apiError{code: 400, description: "Bad Request: " + fmt.Sprintf(format, args...)}
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if len(parts) != 2 || !strings.HasPrefix(parts[0], "bot") {
		writeJSON(w, 404, apiResponse{ErrorCode: 404, Description: "Not Found"})
		return
	}
	files, err := readForm(r)
	if err != nil {
		writeJSON(w, 400, apiResponse{ErrorCode: 400, Description: "Bad Request: " + err.Error()})
		return
	}
	method := parts[1]
	arrived := time.Now()
	s.mu.Lock()
	latency := s.latency
	s.mu.Unlock()
	if latency > 0 {
		time.Sleep(latency / 2)
		defer time.Sleep(latency - latency/2)
	}
	if parts[0] != "bot"+s.token {
		s.record(method, r.PostForm, 401, arrived)
		writeJSON(w, 401, apiResponse{ErrorCode: 401, Description: "Unauthorized"})
		return
	}
	var result any
	s.mu.Lock()
	apiErr := s.failures[method]
	s.mu.Unlock()
	switch {
	case apiErr != nil:
		// A failing method answers at once, as Telegram does.
	case method == "getUpdates" && s.webhookSet():
		apiErr = &apiError{code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
	case method == "getUpdates":
		s.mu.Lock()
		s.polls = append(s.polls, arrived)
		s.mu.Unlock()
		result, apiErr = s.getUpdates(r)
	default:
		s.mu.Lock()
		if apiErr = s.limiter.admit(method, r.PostForm, time.Now()); apiErr == nil {
			result, apiErr = s.call(method, r.PostForm, files)
		}
		s.mu.Unlock()
	}
	status := 200
	if apiErr != nil {
		status = apiErr.code
	}
	s.record(method, r.PostForm, status, arrived)
	if apiErr != nil {
		resp := apiResponse{ErrorCode: apiErr.code, Description: apiErr.description}
		if apiErr.retryAfter > 0 || apiErr.migrateTo != 0 {
			resp.Parameters = &tgbotapi.ResponseParameters{RetryAfter: apiErr.retryAfter, MigrateToChatID: apiErr.migrateTo}
		}
		writeJSON(w, apiErr.code, resp)
		return
	}
	writeJSON(w, 200, apiResponse{OK: true, Result: result})
}

func (s *Server) record(method string, params url.Values, status int, arrived time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, Call{Method: method, Params: params, At: arrived, Status: status})
	s.notify()
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (s *Server) getUpdates(r *http.Request) (any, *apiError) {
	offset, _ := strconv.Atoi(r.PostForm.Get("offset"))
	limit, _ := strconv.Atoi(r.PostForm.Get("limit"))
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout, _ := strconv.Atoi(r.PostForm.Get("timeout"))
	s.mu.Lock()
	s.allow(r.PostForm.Get("allowed_updates"))
	s.mu.Unlock()
	deadline := time.After(time.Duration(timeout) * time.Second)
	for {
		s.mu.Lock()
		if offset > 0 {
			kept := s.updates[:0]
			for _, u := range s.updates {
				if u.update.UpdateID >= offset {
					kept = append(kept, u)
				}
			}
			s.updates = kept
			if offset-1 > s.confirmed {
				s.confirmed = offset - 1
				s.notify()
			}
		}
		// Updates of kinds the bot did not ask for are never delivered.
		wanted := s.updates[:0]
		for _, u := range s.updates {
			if s.wanted(u.update) {
				wanted = append(wanted, u)
			}
		}
		s.updates = wanted
		batch := make([]json.RawMessage, 0, min(limit, len(s.updates)))
		now := time.Now()
		for _, u := range s.updates[:min(limit, len(s.updates))] {
			batch = append(batch, u.wire())
			if q := u.update.CallbackQuery; q != nil {
				if _, seen := s.delivered[q.ID]; !seen {
					s.delivered[q.ID] = now
				}
			}
		}
		changed := s.changed
		s.mu.Unlock()
		if len(batch) > 0 || timeout == 0 {
			return batch, nil
		}
		select {
		case <-changed:
		case <-deadline:
			return batch, nil
		case <-r.Context().Done():
			return batch, nil
		case <-s.closing:
			return batch, nil
		}
	}
}

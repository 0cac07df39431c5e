package telegramtest

import (
	"encoding/json"
	"fmt"
	"net/url"

	"strings"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Poll is a native poll the bot sent, with the votes members gave.
type Poll struct {
	ID        string
	Question  string
	Options   []string
	Anonymous bool
	Closed    bool
	// Votes counts the votes for each option, in the copies Messages
	// returns.
	Votes []int
	// votes maps a member to the option they chose.
	votes map[int64]int
}

// Telegram's limits on polls.
const (
	maxPollQuestion = 300
	maxPollOption   = 100
	minPollOptions  = 2
	maxPollOptions  = 10
)

// sendPoll posts a poll; options come as strings or, in newer clients,
// as InputPollOption objects.
func (s *Server) sendPoll(p url.Values) (any, *apiError) {
	log, m, apiErr := s.newMessage(p)
	if apiErr != nil {
		return nil, apiErr
	}
	question := p.Get("question")
	if n := utf8.RuneCountInString(question); n == 0 || n > maxPollQuestion {
		return nil, badRequest("poll question length must not exceed %d", maxPollQuestion)
	}
	var raw []json.RawMessage
	if err := json.Unmarshal([]byte(p.Get("options")), &raw); err != nil {
		return nil, badRequest("can't parse options JSON object")
	}
	if len(raw) < minPollOptions || len(raw) > maxPollOptions {
		return nil, badRequest("poll must have %d-%d options", minPollOptions, maxPollOptions)
	}
	poll := &Poll{ID: fmt.Sprintf("poll-%d-%d", m.ChatID, m.ID), Question: question, Anonymous: p.Get("is_anonymous") != "false", votes: map[int64]int{}}
	for _, r := range raw {
		var option string
		if json.Unmarshal(r, &option) != nil {
			var object struct{ Text string }
			json.Unmarshal(r, &object)
			option = object.Text
		}
		if n := utf8.RuneCountInString(option); n == 0 || n > maxPollOption {
			return nil, badRequest("poll options length must not exceed %d", maxPollOption)
		}
		poll.Options = append(poll.Options, option)
	}
	if apiErr := fill(m, p, false); apiErr != nil {
		return nil, apiErr
	}
	m.Poll = poll
	log.messages = append(log.messages, m)
	wired := s.wire(log, m)
	state := poll.state()
	wired.Poll = &state
	return wired, nil
}

// stopPoll closes a poll the bot sent and returns its final state.
func (s *Server) stopPoll(p url.Values) (any, *apiError) {
	m, apiErr := s.target(p)
	if apiErr != nil {
		if strings.Contains(apiErr.description, "not found") {
			return nil, badRequest("message with poll to stop not found")
		}
		return nil, apiErr
	}
	if m.Poll == nil {
		return nil, badRequest("message with poll to stop not found")
	}
	if m.Poll.Closed {
		return nil, badRequest("poll has already been closed")
	}
	m.Poll.Closed = true
	return m.Poll.state(), nil
}

// state is the poll as the Bot API shows it.
func (p *Poll) state() tgbotapi.Poll {
	counts := p.counts()
	state := tgbotapi.Poll{ID: p.ID, Question: p.Question, TotalVoterCount: len(p.votes), IsClosed: p.Closed, IsAnonymous: p.Anonymous, Type: "regular"}
	for i, text := range p.Options {
		state.Options = append(state.Options, tgbotapi.PollOption{Text: text, VoterCount: counts[i]})
	}
	return state
}

func (p *Poll) counts() []int {
	counts := make([]int, len(p.Options))
	for _, option := range p.votes {
		counts[option]++
	}
	return counts
}

// Vote makes a member choose an option (from 0) of the poll in a message,
// or change their choice, as Telegram's app does; the bot gets the poll's
// new state as a poll update. A closed poll takes no votes.
func (s *Server) Vote(chatID int64, u tgbotapi.User, messageID, option int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	log, ok := s.chats[chatID]
	if !ok || log.find(messageID) == nil || log.find(messageID).Poll == nil {
		return fmt.Errorf("no poll in message %d of chat %d", messageID, chatID)
	}
	poll := log.find(messageID).Poll
	if poll.Closed || option < 0 || option >= len(poll.Options) {
		return fmt.Errorf("poll %s is closed or has no option %d", poll.ID, option)
	}
	poll.votes[u.ID] = option
	state := poll.state()
	s.push(pending{update: tgbotapi.Update{Poll: &state}})
	return nil
}

// updateKind is the field an update fills, as allowed_updates names it.
func updateKind(u tgbotapi.Update) string {
	switch {
	case u.Message != nil:
		return "message"
	case u.CallbackQuery != nil:
		return "callback_query"
	case u.MyChatMember != nil:
		return "my_chat_member"
	case u.Poll != nil:
		return "poll"
	}
	return "other"
}

// allow remembers a getUpdates call's allowed_updates, which Telegram keeps
// until the next call that sets them; s.mu is held.
func (s *Server) allow(param string) {
	if param == "" {
		return
	}
	var kinds []string
	if json.Unmarshal([]byte(param), &kinds) != nil {
		return
	}
	s.allowed = map[string]bool{}
	for _, k := range kinds {
		s.allowed[k] = true
	}
}

// wanted reports whether the bot asked for updates of this kind; with no
// allowed_updates given, Telegram sends all but a few kinds.
func (s *Server) wanted(u tgbotapi.Update) bool {
	return len(s.allowed) == 0 || s.allowed[updateKind(u)]
}

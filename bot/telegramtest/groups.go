package telegramtest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// What real groups do that a plain fake would not: they are upgraded to
// supergroups, have forum topics, anonymous admins and linked channels,
// remove the bot, and sit tens of milliseconds away.

// Telegram's own accounts that appear as the sender of messages.
var (
	// AnonymousAdmin is the sender of messages an admin posts as the group.
	AnonymousAdmin = tgbotapi.User{ID: 1087968824, IsBot: true, FirstName: "Group", UserName: "GroupAnonymousBot"}
	// ChannelBot is the sender of messages posted on behalf of a channel.
	ChannelBot = tgbotapi.User{ID: 136817688, IsBot: true, FirstName: "Channel", UserName: "Channel_Bot"}
	// ServiceAccount is the sender of posts forwarded automatically from a
	// group's linked channel.
	ServiceAccount = tgbotapi.User{ID: 777000, FirstName: "Telegram"}
)

// pending is an update with the fields tgbotapi v5.5.1 does not know,
// added to its JSON when getUpdates hands it out.
type pending struct {
	update tgbotapi.Update
	// thread is the forum topic of the message (or of the pressed
	// message); 0 for none.
	thread int
	forum  bool
}

// wire encodes the update as the Bot API sends it.
func (p pending) wire() json.RawMessage {
	raw, _ := json.Marshal(p.update)
	if p.thread == 0 && !p.forum {
		return raw
	}
	var m map[string]any
	json.Unmarshal(raw, &m)
	patch := func(msg map[string]any) {
		if msg == nil {
			return
		}
		if p.thread != 0 {
			msg["message_thread_id"] = p.thread
			msg["is_topic_message"] = true
		}
		if chat, ok := msg["chat"].(map[string]any); ok && p.forum {
			chat["is_forum"] = true
		}
	}
	if msg, ok := m["message"].(map[string]any); ok {
		patch(msg)
	}
	if q, ok := m["callback_query"].(map[string]any); ok {
		if msg, ok := q["message"].(map[string]any); ok {
			patch(msg)
		}
	}
	raw, _ = json.Marshal(m)
	return raw
}

// SetLatency makes every request take d longer, half on the way there and
// half on the way back, as a Bot API server tens of milliseconds away does.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// SetCallbackTimeout sets how long after delivery Telegram accepts the
// answer to a button press (about 15 seconds on the real servers).
func (s *Server) SetCallbackTimeout(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.callbackTimeout = d
}

// BasicGroup makes a basic group known to the fake: the kind Telegram
// upgrades to a supergroup, with a new id, when it grows or gets topics.
func (s *Server) BasicGroup(id int64, title string) tgbotapi.Chat {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.chat(tgbotapi.Chat{ID: id, Type: "group", Title: title}).chat
}

// Upgrade turns a basic group into a supergroup with a new id, as Telegram
// does: the old chat gets a service message with migrate_to_chat_id, the
// new one a service message with migrate_from_chat_id, admins and members
// carry over, and every later send to the old id is refused with the new
// id in the error's parameters.
func (s *Server) Upgrade(oldID int64, by tgbotapi.User) tgbotapi.Chat {
	return s.upgrade(oldID, by, true)
}

// UpgradeUnseen upgrades a group without the bot seeing the service
// messages, as when they were lost while it was not polling: the bot
// learns of it only from Telegram refusing a send to the old id.
func (s *Server) UpgradeUnseen(oldID int64, by tgbotapi.User) tgbotapi.Chat {
	return s.upgrade(oldID, by, false)
}

func (s *Server) upgrade(oldID int64, by tgbotapi.User, announce bool) tgbotapi.Chat {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.chat(tgbotapi.Chat{ID: oldID})
	newID := -1000000000000 + oldID
	upgraded := s.chat(tgbotapi.Chat{ID: newID, Type: "supergroup", Title: old.chat.Title})
	s.admins[newID] = append([]int64{}, s.admins[oldID]...)
	for id := range s.members[oldID] {
		s.join(newID, id)
	}
	s.migrated[oldID] = newID
	if announce {
		s.pushMessage(old, &tgbotapi.Message{From: &by, MigrateToChatID: newID}, 0)
		s.pushMessage(upgraded, &tgbotapi.Message{From: &by, MigrateFromChatID: oldID}, 0)
	}
	return upgraded.chat
}

// Forum makes a supergroup with topics known to the fake.
func (s *Server) Forum(id int64, title string) tgbotapi.Chat {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := tgbotapi.Chat{ID: id, Type: "supergroup", Title: title}
	log := s.chat(c)
	if !log.forum {
		log.forum = true
		// General exists from the start: its id is that of the chat's first
		// message.
		log.messages = append(log.messages, &Message{ID: generalTopic, ChatID: id, From: -1, Text: "General"})
	}
	return log.chat
}

// Topic creates a forum topic and returns its message_thread_id.
func (s *Server) Topic(chatID int64, name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	log := s.chat(tgbotapi.Chat{ID: chatID})
	// A topic's id is the id of the service message that created it.
	m := &Message{ID: len(log.messages) + 1, ChatID: chatID, From: -1, Text: "topic created: " + name}
	log.messages = append(log.messages, m)
	log.topics[m.ID] = &topic{name: name}
	return m.ID
}

// generalTopic is the id of a forum's General topic; messages sent without
// a message_thread_id go there.
const generalTopic = 1

// CloseTopic closes a topic (generalTopic for General): members and bots
// without the right to manage topics can no longer post in it.
func (s *Server) CloseTopic(chatID int64, thread int) {
	s.setTopic(chatID, thread, func(t *topic) { t.closed = true })
}

// ReopenTopic reopens a closed topic.
func (s *Server) ReopenTopic(chatID int64, thread int) {
	s.setTopic(chatID, thread, func(t *topic) { t.closed = false })
}

// DeleteTopic deletes a topic with its messages.
func (s *Server) DeleteTopic(chatID int64, thread int) {
	s.setTopic(chatID, thread, func(t *topic) { t.deleted = true })
}

func (s *Server) setTopic(chatID int64, thread int, change func(*topic)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	log := s.chat(tgbotapi.Chat{ID: chatID})
	t, ok := log.topics[thread]
	if !ok {
		t = &topic{}
		log.topics[thread] = t
	}
	change(t)
}

type topic struct {
	name            string
	closed, deleted bool
}

// SendInTopic makes a member write in a forum topic.
func (s *Server) SendInTopic(chat tgbotapi.Chat, from tgbotapi.User, thread int, text string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.write(chat, from, nil, text, thread, nil)
}

// SendAsChat makes a message appear as posted by senderChat: the group
// itself for an anonymous admin (from AnonymousAdmin), or a channel
// (from ChannelBot).
func (s *Server) SendAsChat(chat tgbotapi.Chat, from tgbotapi.User, senderChat tgbotapi.Chat, text string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.write(chat, from, &senderChat, text, 0, nil)
}

// AutoForward makes a post of the group's linked channel appear in the
// group, as Telegram forwards it automatically.
func (s *Server) AutoForward(chat, channel tgbotapi.Chat, text string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	log := s.chat(chat)
	m := &Message{ID: len(log.messages) + 1, ChatID: chat.ID, From: ServiceAccount.ID, Text: text}
	log.messages = append(log.messages, m)
	from := ServiceAccount
	msg := &tgbotapi.Message{MessageID: m.ID, From: &from, SenderChat: &channel, Chat: &log.chat,
		Date: int(time.Now().Unix()), Text: text, IsAutomaticForward: true, Entities: commandEntity(text)}
	s.push(pending{update: tgbotapi.Update{Message: msg}, forum: log.forum})
	return m.ID
}

// RemoveBot removes the bot from a group, as an admin kicking it does:
// a my_chat_member update arrives, and every later send there is refused
// with 403.
func (s *Server) RemoveBot(chatID int64, by tgbotapi.User) {
	s.memberChange(chatID, by, "administrator", "kicked")
}

// RemoveBotUnseen removes the bot without the update reaching it, as when
// it was lost while the bot was not polling: the bot learns of it from
// Telegram's 403.
func (s *Server) RemoveBotUnseen(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.removed[chatID] = true
}

// AddBot adds the bot (back) to a group as an admin.
func (s *Server) AddBot(chatID int64, by tgbotapi.User) {
	s.memberChange(chatID, by, "left", "administrator")
}

func (s *Server) memberChange(chatID int64, by tgbotapi.User, was, is string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	log := s.chat(tgbotapi.Chat{ID: chatID})
	s.removed[chatID] = is == "kicked" || is == "left"
	bot := s.bot
	s.push(pending{update: tgbotapi.Update{MyChatMember: &tgbotapi.ChatMemberUpdated{
		Chat: log.chat, From: by, Date: int(time.Now().Unix()),
		OldChatMember: tgbotapi.ChatMember{User: &bot, Status: was},
		NewChatMember: tgbotapi.ChatMember{User: &bot, Status: is},
	}}})
}

// Started marks members as having started the bot long ago, so it may
// write to them privately, without a message each.
func (s *Server) Started(users ...tgbotapi.User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range users {
		s.users[u.ID] = u
		s.started[u.ID] = true
	}
}

// Join makes a member part of a group without writing in it, as getChatMember
// will then say.
func (s *Server) Join(chatID int64, u tgbotapi.User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[u.ID] = u
	s.join(chatID, u.ID)
}

// Leave makes a member leave a group.
func (s *Server) Leave(chatID int64, u tgbotapi.User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.members[chatID], u.ID)
}

func (s *Server) join(chatID, userID int64) {
	if s.members[chatID] == nil {
		s.members[chatID] = map[int64]bool{}
	}
	s.members[chatID][userID] = true
}

// getChatMember answers as Telegram does: a member's status in the chat,
// "left" for anyone who is not in it; s.mu is held.
func (s *Server) getChatMember(p url.Values) (any, *apiError) {
	chatID, _ := strconv.ParseInt(p.Get("chat_id"), 10, 64)
	userID, _ := strconv.ParseInt(p.Get("user_id"), 10, 64)
	log, ok := s.chats[chatID]
	if !ok || log.chat.Type == "private" {
		return nil, badRequest("chat not found")
	}
	if apiErr := s.refusal(log); apiErr != nil {
		return nil, apiErr
	}
	u, known := s.users[userID]
	if !known {
		return nil, badRequest("user not found")
	}
	status := "left"
	switch {
	case containsID(s.admins[chatID], userID):
		status = "administrator"
	case s.members[chatID][userID]:
		status = "member"
	}
	return tgbotapi.ChatMember{User: &u, Status: status}, nil
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// refusal is how Telegram refuses any call about a group the bot can no
// longer reach: upgraded away, or removed from; s.mu is held.
func (s *Server) refusal(log *chatLog) *apiError {
	if to, ok := s.migrated[log.chat.ID]; ok {
		return &apiError{code: 400, description: "Bad Request: group chat was upgraded to a supergroup chat", migrateTo: to}
	}
	if s.removed[log.chat.ID] {
		kind := "supergroup"
		if log.chat.Type == "group" {
			kind = "group"
		}
		return &apiError{code: 403, description: fmt.Sprintf("Forbidden: bot was kicked from the %s chat", kind)}
	}
	return nil
}

// topicRefusal is how Telegram refuses a message to a forum topic that is
// closed or gone; s.mu is held.
func (s *Server) topicRefusal(log *chatLog, thread int) *apiError {
	if !log.forum {
		return nil
	}
	if thread == 0 {
		thread = generalTopic
	}
	t, ok := log.topics[thread]
	switch {
	case thread != generalTopic && (!ok || t.deleted):
		return badRequest("message thread not found")
	case ok && t.closed:
		return badRequest("TOPIC_CLOSED")
	}
	return nil
}

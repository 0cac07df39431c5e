package input

import (
	"encoding/json"
	"strings"
	"unicode"
	"unicode/utf16"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
)

// Chat is a Telegram chat as the domain knows it.
func Chat(c *tgbotapi.Chat) meetupbot.Chat {
	return meetupbot.Chat{ID: c.ID, Type: c.Type, Title: c.Title}
}

// Member is a Telegram user as the domain knows them.
func Member(u *tgbotapi.User) meetupbot.Member {
	return meetupbot.Member{ID: u.ID, FirstName: u.FirstName, LastName: u.LastName, Username: u.UserName, LanguageCode: u.LanguageCode}
}

// Command is a slash command and what follows it.
type Command struct {
	// Name is lower case, without the slash and any @botname.
	Name string
	Args string
}

// ParseCommand reads a command sent to this bot. A command addressed to
// another bot (/next@other_bot) is not for us.
func ParseCommand(m *tgbotapi.Message, botUserName string) (Command, bool) {
	if !m.IsCommand() {
		return Command{}, false
	}
	// tgbotapi slices the text by the entity's length; an entity longer
	// than the text (which Telegram never sends, but a forged update may)
	// must not be trusted.
	if e := m.Entities[0]; e.Length < 2 || e.Length > len(m.Text) {
		return Command{}, false
	}
	if _, to, addressed := strings.Cut(m.CommandWithAt(), "@"); addressed && !strings.EqualFold(to, botUserName) {
		return Command{}, false
	}
	return Command{Name: strings.ToLower(m.Command()), Args: strings.TrimSpace(m.CommandArguments())}, true
}

// CommandBody is the text after a command, trimmed as Args is, with the
// formatting that lies in it: the entities moved to count from the body's
// start (in UTF-16 code units, as Telegram counts), cut to it, and the
// command's own left out. m must be a command ParseCommand took.
func CommandBody(m *tgbotapi.Message) (string, []tgbotapi.MessageEntity) {
	runes := []rune(m.Text)
	width := func(r rune) int { return max(utf16.RuneLen(r), 1) }
	i, offset := 0, 0
	for ; i < len(runes) && offset < m.Entities[0].Length; i++ {
		offset += width(runes[i])
	}
	for ; i < len(runes) && unicode.IsSpace(runes[i]); i++ {
		offset += width(runes[i])
	}
	j := len(runes)
	for j > i && unicode.IsSpace(runes[j-1]) {
		j--
	}
	length := 0
	for _, r := range runes[i:j] {
		length += width(r)
	}
	var entities []tgbotapi.MessageEntity
	for _, e := range m.Entities[1:] {
		rel := e.Offset - offset
		if e.Offset < 0 || e.Length <= 0 || rel >= length {
			continue
		}
		start, end := max(rel, 0), rel+min(e.Length, length-rel)
		if start >= end {
			continue
		}
		e.Offset, e.Length = start, end-start
		entities = append(entities, e)
	}
	return string(runes[i:j]), entities
}

// ParsePending reads a command a member sent privately and that waited for
// them to pick a group ("/name args").
func ParsePending(pending string) Command {
	name, args, _ := strings.Cut(strings.TrimPrefix(pending, "/"), " ")
	return Command{Name: strings.ToLower(name), Args: strings.TrimSpace(args)}
}

// Pending is the form in which a command waits for its group.
func (c Command) Pending() string { return "/" + c.Name + " " + c.Args }

// Press is the press a button update makes, or false for anything but an
// answer button on a message.
func Press(updateID int, q *tgbotapi.CallbackQuery) (meetupbot.Press, bool) {
	if q == nil || q.From == nil || q.Message == nil || q.Message.Chat == nil {
		return meetupbot.Press{}, false
	}
	b := ParseButton(q.Data)
	if b.Kind != ButtonRSVP {
		return meetupbot.Press{}, false
	}
	chat := Chat(q.Message.Chat)
	return meetupbot.Press{
		UpdateID: updateID, QueryID: q.ID, Chat: chat, Member: Member(q.From), EventID: b.EventID, Answer: b.Answer,
		Pressed: meetupbot.MessageRef{ChatID: chat.ID, MessageID: q.Message.MessageID}, OnQuestion: b.Question, For: b.For,
	}, true
}

// Update is a Telegram update with what tgbotapi v5.5.1 predates: the forum
// topic a message is in, and whether its chat has topics.
type Update struct {
	tgbotapi.Update
	// Thread is the forum topic of the message, or of the message whose
	// button was pressed; 0 for General or a chat without topics.
	Thread int
	Forum  bool
}

// topicFields are the fields of a message that tgbotapi drops.
type topicFields struct {
	Thread int  `json:"message_thread_id"`
	Topic  bool `json:"is_topic_message"`
	Chat   struct {
		IsForum bool `json:"is_forum"`
	} `json:"chat"`
}

// DecodeUpdates reads getUpdates' result (or a webhook's body, one at a
// time) with the fields tgbotapi does not know.
func DecodeUpdates(raw json.RawMessage) ([]Update, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, err
	}
	updates := make([]Update, 0, len(items))
	for _, item := range items {
		u, err := DecodeUpdate(item)
		if err != nil {
			return nil, err
		}
		updates = append(updates, u)
	}
	return updates, nil
}

// DecodeUpdate reads one update.
func DecodeUpdate(raw json.RawMessage) (Update, error) {
	var u Update
	if err := json.Unmarshal(raw, &u.Update); err != nil {
		return u, err
	}
	var extra struct {
		Message       *topicFields `json:"message"`
		CallbackQuery *struct {
			Message *topicFields `json:"message"`
		} `json:"callback_query"`
	}
	if err := json.Unmarshal(raw, &extra); err != nil {
		return u, err
	}
	msg := extra.Message
	if extra.CallbackQuery != nil {
		msg = extra.CallbackQuery.Message
	}
	if msg != nil {
		u.Forum = msg.Chat.IsForum
		// Only is_topic_message makes message_thread_id a forum topic;
		// elsewhere it names a thread of replies, which the bot ignores.
		if u.Forum && msg.Topic {
			u.Thread = msg.Thread
		}
	}
	return u, nil
}

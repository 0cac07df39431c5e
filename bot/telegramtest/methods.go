package telegramtest

import (
	"encoding/json"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// maxTextLen is Telegram's limit on a message's text after entity parsing,
// in UTF-16 code units.
const maxTextLen = 4096

// maxCallbackData is Telegram's limit on callback_data, in bytes.
const maxCallbackData = 64

// call handles every method but getUpdates; s.mu is held.
func (s *Server) call(method string, p url.Values, files map[string]upload) (any, *apiError) {
	switch method {
	case "setWebhook":
		return s.setWebhook(p)
	case "deleteWebhook":
		return s.deleteWebhook()
	case "sendPoll":
		return s.sendPoll(p)
	case "stopPoll":
		return s.stopPoll(p)
	case "sendDocument":
		return s.sendFile(p, files, "document")
	case "sendPhoto":
		return s.sendFile(p, files, "photo")
	case "getMe":
		return s.bot, nil
	case "sendMessage":
		return s.sendMessage(p)
	case "editMessageText":
		return s.editMessage(p, true)
	case "editMessageReplyMarkup":
		return s.editMessage(p, false)
	case "deleteMessage":
		chatID, _ := strconv.ParseInt(p.Get("chat_id"), 10, 64)
		id, _ := strconv.Atoi(p.Get("message_id"))
		log, ok := s.chats[chatID]
		if !ok || log.find(id) == nil || log.find(id).Deleted {
			return nil, badRequest("message to delete not found")
		}
		log.find(id).Deleted = true
		return true, nil
	case "answerCallbackQuery":
		id := p.Get("callback_query_id")
		delivered, seen := s.delivered[id]
		stale := seen && time.Since(delivered) > s.callbackTimeout
		if _, done := s.callbacks[id]; done || stale || id == "" || !strings.HasPrefix(id, "q") {
			return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
		}
		// Bots without a game may only open their own chat with a start
		// parameter.
		if url := p.Get("url"); url != "" && !strings.HasPrefix(url, "https://t.me/"+s.bot.UserName+"?start=") {
			return nil, badRequest("URL_INVALID")
		}
		s.callbacks[id] = &CallbackAnswer{Text: p.Get("text"), ShowAlert: p.Get("show_alert") == "true", URL: p.Get("url"), At: time.Now()}
		return true, nil
	case "pinChatMessage":
		chatID, _ := strconv.ParseInt(p.Get("chat_id"), 10, 64)
		id, _ := strconv.Atoi(p.Get("message_id"))
		log, ok := s.chats[chatID]
		if !ok || log.find(id) == nil || log.find(id).Deleted {
			return nil, badRequest("message to pin not found")
		}
		log.pinned = pin{messageID: id, silent: p.Get("disable_notification") == "true"}
		return true, nil
	case "getChatMember":
		return s.getChatMember(p)
	case "getChatAdministrators":
		chatID, _ := strconv.ParseInt(p.Get("chat_id"), 10, 64)
		log, ok := s.chats[chatID]
		if !ok || log.chat.Type == "private" {
			return nil, badRequest("chat not found")
		}
		if apiErr := s.refusal(log); apiErr != nil {
			return nil, apiErr
		}
		members := []tgbotapi.ChatMember{}
		for _, id := range s.admins[chatID] {
			u := s.users[id]
			members = append(members, tgbotapi.ChatMember{User: &u, Status: "administrator"})
		}
		return members, nil
	case "setMyCommands":
		return s.setMyCommands(p)
	case "deleteMyCommands":
		return s.deleteMyCommands(p)
	}
	return nil, &apiError{code: 404, description: "Not Found: method " + method + " not implemented by telegramtest"}
}

func (s *Server) sendMessage(p url.Values) (any, *apiError) {
	log, m, apiErr := s.newMessage(p)
	if apiErr != nil {
		return nil, apiErr
	}
	if apiErr := fill(m, p, true); apiErr != nil {
		return nil, apiErr
	}
	log.messages = append(log.messages, m)
	return s.wire(log, m), nil
}

// newMessage checks what every send checks (the chat, whether the bot may
// write there, the topic, the message replied to) and returns the message
// to fill, not yet added to the chat.
func (s *Server) newMessage(p url.Values) (*chatLog, *Message, *apiError) {
	chatID, err := strconv.ParseInt(p.Get("chat_id"), 10, 64)
	if err != nil {
		return nil, nil, badRequest("chat_id is empty")
	}
	log, ok := s.chats[chatID]
	if !ok {
		if _, isUser := s.users[chatID]; !isUser {
			return nil, nil, badRequest("chat not found")
		}
		log = s.chat(tgbotapi.Chat{ID: chatID, Type: "private"})
	}
	if apiErr := s.refusal(log); apiErr != nil {
		return nil, nil, apiErr
	}
	thread, _ := strconv.Atoi(p.Get("message_thread_id"))
	if !log.forum {
		thread = 0
	}
	if apiErr := s.topicRefusal(log, thread); apiErr != nil {
		return nil, nil, apiErr
	}
	if log.chat.Type == "private" && s.blocked[chatID] {
		return nil, nil, &apiError{code: 403, description: "Forbidden: bot was blocked by the user"}
	}
	if log.chat.Type == "private" && !s.started[chatID] {
		return nil, nil, &apiError{code: 403, description: "Forbidden: bot can't initiate conversation with a user"}
	}
	m := &Message{ID: len(log.messages) + 1, ChatID: chatID, Silent: p.Get("disable_notification") == "true", Thread: thread}
	if to, _ := strconv.Atoi(p.Get("reply_to_message_id")); to != 0 {
		if log.find(to) == nil && p.Get("allow_sending_without_reply") != "true" {
			return nil, nil, badRequest("message to be replied not found")
		}
		m.ReplyTo = to
	}
	return log, m, nil
}

func (s *Server) editMessage(p url.Values, withText bool) (any, *apiError) {
	m, apiErr := s.target(p)
	if apiErr != nil {
		return nil, apiErr
	}
	// Like Telegram, an edit without reply_markup removes the keyboard.
	edited := *m
	edited.Buttons = nil
	if apiErr := fill(&edited, p, withText); apiErr != nil {
		return nil, apiErr
	}
	if edited.Text == m.Text && sameButtons(edited.Buttons, m.Buttons) {
		return nil, badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
	}
	edited.Edits++
	*m = edited
	return s.wire(s.chats[m.ChatID], m), nil
}

func (s *Server) target(p url.Values) (*Message, *apiError) {
	chatID, _ := strconv.ParseInt(p.Get("chat_id"), 10, 64)
	id, _ := strconv.Atoi(p.Get("message_id"))
	log, ok := s.chats[chatID]
	if !ok {
		return nil, badRequest("chat not found")
	}
	if apiErr := s.refusal(log); apiErr != nil {
		return nil, apiErr
	}
	m := log.find(id)
	if m == nil || m.Deleted {
		return nil, badRequest("message to edit not found")
	}
	if m.From != 0 {
		return nil, badRequest("message can't be edited")
	}
	return m, nil
}

// fill sets text and buttons from the request, checking them as Telegram does.
func fill(m *Message, p url.Values, withText bool) *apiError {
	if withText {
		text := p.Get("text")
		m.HTML = strings.EqualFold(p.Get("parse_mode"), "HTML")
		if m.HTML {
			plain, ok := parseHTML(text)
			if !ok {
				return badRequest("can't parse entities: unsupported start tag or unescaped character")
			}
			text = plain
		}
		if strings.TrimSpace(text) == "" {
			return badRequest("message text is empty")
		}
		if len(utf16.Encode([]rune(text))) > maxTextLen {
			return badRequest("message is too long")
		}
		m.Text = p.Get("text")
	}
	if raw := p.Get("reply_markup"); raw != "" {
		var markup tgbotapi.InlineKeyboardMarkup
		if err := json.Unmarshal([]byte(raw), &markup); err != nil {
			return badRequest("can't parse reply keyboard markup JSON object")
		}
		m.Buttons = nil
		for _, row := range markup.InlineKeyboard {
			var r []Button
			for _, b := range row {
				btn := Button{Text: b.Text}
				if b.CallbackData != nil {
					if len(*b.CallbackData) > maxCallbackData || *b.CallbackData == "" {
						return badRequest("BUTTON_DATA_INVALID")
					}
					btn.Data = *b.CallbackData
				}
				if b.URL != nil {
					btn.URL = *b.URL
				}
				r = append(r, btn)
			}
			m.Buttons = append(m.Buttons, r)
		}
	}
	return nil
}

func sameButtons(a, b [][]Button) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}

// wire is the message as the Bot API returns it.
func (s *Server) wire(log *chatLog, m *Message) tgbotapi.Message {
	bot := s.bot
	chat := log.chat
	return tgbotapi.Message{MessageID: m.ID, From: &bot, Chat: &chat, Date: int(time.Now().Unix()), Text: m.Text}
}

var allowedTags = map[string]bool{
	"b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true, "s": true, "strike": true,
	"del": true, "a": true, "code": true, "pre": true, "tg-spoiler": true, "blockquote": true, "span": true,
}

// parseHTML checks text the way Telegram's HTML parse mode does (only its
// tags, balanced, and every & an entity) and returns the plain text.
func parseHTML(text string) (string, bool) {
	var plain strings.Builder
	var open []string
	for i := 0; i < len(text); {
		switch text[i] {
		case '<':
			end := strings.IndexByte(text[i:], '>')
			if end < 0 {
				return "", false
			}
			tag := text[i+1 : i+end]
			closing := strings.HasPrefix(tag, "/")
			name := strings.TrimPrefix(tag, "/")
			if sp := strings.IndexAny(name, " \t\n"); sp >= 0 {
				name = name[:sp]
			}
			if !allowedTags[name] {
				return "", false
			}
			if closing {
				if len(open) == 0 || open[len(open)-1] != name {
					return "", false
				}
				open = open[:len(open)-1]
			} else {
				open = append(open, name)
			}
			i += end + 1
		case '&':
			end := strings.IndexByte(text[i:], ';')
			if end < 0 || !entity.MatchString(text[i:i+end+1]) {
				return "", false
			}
			plain.WriteString(html.UnescapeString(text[i : i+end+1]))
			i += end + 1
		case '>':
			return "", false
		default:
			plain.WriteByte(text[i])
			i++
		}
	}
	return plain.String(), len(open) == 0
}

var entity = regexp.MustCompile(`^&(lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});$`)

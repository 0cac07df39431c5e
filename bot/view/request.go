package view

import (
	"encoding/json"
	"strconv"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
)

// Request is one Bot API call as it goes on the wire. The bot builds its
// own rather than tgbotapi's configs, whose fields stop at Bot API 5.x:
// forum topics (message_thread_id) came later, and tgbotapi's configs
// cannot be extended outside its package.
type Request struct {
	Method string
	Params tgbotapi.Params
	// Files are uploaded with the request (multipart), as a document.
	Files []tgbotapi.RequestFile
}

// InThread sends a message into a forum topic; 0 leaves it in General.
func (r Request) InThread(thread int) Request {
	if thread != 0 {
		r.Params["message_thread_id"] = strconv.Itoa(thread)
	}
	return r
}

// Message is a message in HTML parse mode without link previews, replying
// to replyTo where set, and sent anyway if that message is gone.
func Message(chatID int64, body string, replyTo int, buttons [][]meetupbot.Button) Request {
	p := tgbotapi.Params{
		"chat_id":                  strconv.FormatInt(chatID, 10),
		"text":                     body,
		"parse_mode":               tgbotapi.ModeHTML,
		"disable_web_page_preview": "true",
	}
	if replyTo != 0 {
		p["reply_to_message_id"] = strconv.Itoa(replyTo)
		p["allow_sending_without_reply"] = "true"
	}
	addKeyboard(p, buttons)
	return Request{Method: "sendMessage", Params: p}
}

// Outgoing is a stored message as Telegram is sent it.
func Outgoing(out meetupbot.Outgoing) Request {
	switch {
	case out.Edits.MessageID != 0 && out.Text == "":
		return EditButtons(out.Edits, out.Buttons)
	case out.Edits.MessageID != 0:
		return Edit(out.Edits, out.Text, out.Buttons)
	}
	return Message(out.ChatID, out.Text, out.ReplyTo, out.Buttons).InThread(out.Thread)
}

// Edit replaces a message's text and buttons; no buttons removes them.
func Edit(ref meetupbot.MessageRef, body string, buttons [][]meetupbot.Button) Request {
	p := tgbotapi.Params{
		"chat_id":                  strconv.FormatInt(ref.ChatID, 10),
		"message_id":               strconv.Itoa(ref.MessageID),
		"text":                     body,
		"parse_mode":               tgbotapi.ModeHTML,
		"disable_web_page_preview": "true",
	}
	addKeyboard(p, buttons)
	return Request{Method: "editMessageText", Params: p}
}

// EditButtons replaces a message's buttons and keeps its text; no buttons
// removes them.
func EditButtons(ref meetupbot.MessageRef, buttons [][]meetupbot.Button) Request {
	p := tgbotapi.Params{"chat_id": strconv.FormatInt(ref.ChatID, 10), "message_id": strconv.Itoa(ref.MessageID)}
	addKeyboard(p, buttons)
	return Request{Method: "editMessageReplyMarkup", Params: p}
}

// Poll posts an anonymous single-answer poll.
func Poll(chatID int64, question string, options []string) Request {
	encoded, _ := json.Marshal(options)
	return Request{Method: "sendPoll", Params: tgbotapi.Params{
		"chat_id": strconv.FormatInt(chatID, 10), "question": question, "options": string(encoded),
		"is_anonymous": "true", "type": "regular",
	}}
}

// Document uploads a file to a chat with an HTML caption.
func Document(chatID int64, name string, data []byte, caption string) Request {
	return upload("sendDocument", "document", chatID, name, data, caption)
}

// Photo uploads a picture (PNG or JPEG) to a chat with an HTML caption.
func Photo(chatID int64, name string, data []byte, caption string) Request {
	return upload("sendPhoto", "photo", chatID, name, data, caption)
}

func upload(method, field string, chatID int64, name string, data []byte, caption string) Request {
	return Request{Method: method, Params: tgbotapi.Params{
		"chat_id": strconv.FormatInt(chatID, 10), "caption": caption, "parse_mode": tgbotapi.ModeHTML,
	}, Files: []tgbotapi.RequestFile{{Name: field, Data: tgbotapi.FileBytes{Name: name, Bytes: data}}}}
}

// Delete removes a message.
func Delete(ref meetupbot.MessageRef) Request {
	return Request{Method: "deleteMessage", Params: tgbotapi.Params{
		"chat_id": strconv.FormatInt(ref.ChatID, 10), "message_id": strconv.Itoa(ref.MessageID),
	}}
}

// Pin pins a message without notifying the group.
func Pin(ref meetupbot.MessageRef) Request {
	return Request{Method: "pinChatMessage", Params: tgbotapi.Params{
		"chat_id": strconv.FormatInt(ref.ChatID, 10), "message_id": strconv.Itoa(ref.MessageID),
		"disable_notification": "true",
	}}
}

func addKeyboard(p tgbotapi.Params, buttons [][]meetupbot.Button) {
	if len(buttons) == 0 {
		return
	}
	markup, _ := json.Marshal(Keyboard(buttons))
	p["reply_markup"] = string(markup)
}

package telegramtest

import (
	"encoding/json"
	"net/url"
	"regexp"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// menuKey names one command menu: a scope with its chat and member, in one
// language ("" for every language without its own menu).
type menuKey struct {
	scope  string
	chatID int64
	userID int64
	lang   string
}

var commandName = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

// Telegram's limits on a command menu.
const (
	maxCommands           = 100
	maxCommandDescription = 256
)

var menuScopes = map[string]bool{
	"default": true, "all_private_chats": true, "all_group_chats": true, "all_chat_administrators": true,
	"chat": true, "chat_administrators": true, "chat_member": true,
}

// setMyCommands stores a command menu; an empty list deletes it.
func (s *Server) setMyCommands(p url.Values) (any, *apiError) {
	var commands []tgbotapi.BotCommand
	if err := json.Unmarshal([]byte(p.Get("commands")), &commands); err != nil {
		return nil, badRequest("can't parse commands JSON")
	}
	if len(commands) > maxCommands {
		return nil, badRequest("BOT_COMMANDS_TOO_MUCH")
	}
	for _, c := range commands {
		if !commandName.MatchString(c.Command) || c.Description == "" || len(c.Description) > maxCommandDescription {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
	}
	return s.setMenu(p, commands)
}

func (s *Server) deleteMyCommands(p url.Values) (any, *apiError) {
	return s.setMenu(p, nil)
}

// setMenu stores the menu of the scope and language p names, or deletes
// it for no commands.
func (s *Server) setMenu(p url.Values, commands []tgbotapi.BotCommand) (any, *apiError) {
	key, apiErr := parseMenuKey(p)
	if apiErr != nil {
		return nil, apiErr
	}
	if len(commands) == 0 {
		delete(s.menus, key)
		return true, nil
	}
	s.menus[key] = commands
	return true, nil
}

func parseMenuKey(p url.Values) (menuKey, *apiError) {
	key := menuKey{scope: "default", lang: p.Get("language_code")}
	if raw := p.Get("scope"); raw != "" && raw != "null" {
		var scope tgbotapi.BotCommandScope
		if err := json.Unmarshal([]byte(raw), &scope); err != nil || !menuScopes[scope.Type] {
			return menuKey{}, badRequest("can't parse BotCommandScope")
		}
		key.scope, key.chatID, key.userID = scope.Type, scope.ChatID, scope.UserID
	}
	if key.lang != "" && len(key.lang) != 2 {
		return menuKey{}, badRequest("LANG_CODE_INVALID")
	}
	return key, nil
}

// Commands is the command menu a member's app shows in a chat, found the
// way Telegram documents it: from the narrowest scope to the default, each
// first in the member's language and then without one.
func (s *Server) Commands(chatID int64, user tgbotapi.User) []tgbotapi.BotCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	var scopes []menuKey
	if log, ok := s.chats[chatID]; ok && log.chat.Type != "private" {
		admin := containsID(s.admins[chatID], user.ID)
		scopes = append(scopes, menuKey{scope: "chat_member", chatID: chatID, userID: user.ID})
		if admin {
			scopes = append(scopes, menuKey{scope: "chat_administrators", chatID: chatID})
		}
		scopes = append(scopes, menuKey{scope: "chat", chatID: chatID})
		if admin {
			scopes = append(scopes, menuKey{scope: "all_chat_administrators"})
		}
		scopes = append(scopes, menuKey{scope: "all_group_chats"})
	} else {
		scopes = append(scopes, menuKey{scope: "chat", chatID: chatID}, menuKey{scope: "all_private_chats"})
	}
	scopes = append(scopes, menuKey{scope: "default"})
	for _, key := range scopes {
		for _, lang := range []string{user.LanguageCode, ""} {
			key.lang = lang
			if commands, ok := s.menus[key]; ok {
				return append([]tgbotapi.BotCommand{}, commands...)
			}
		}
	}
	return nil
}

// HasStarted reports whether a member started the bot, so it may write to
// them privately.
func (s *Server) HasStarted(userID int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.started[userID] && !s.blocked[userID]
}

// Changes returns a count of the changes the fake has seen (updates queued
// and confirmed, every call the bot made) and a channel closed at the next
// one, for pages and scripts that follow the chats live.
func (s *Server) Changes() (uint64, <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.version, s.changed
}

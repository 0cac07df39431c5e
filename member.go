package meetupbot

// Member is a Telegram user the bot has met.
type Member struct {
	ID        int64  `json:"id"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name,omitempty"`
	Username  string `json:"username,omitempty"`
	// LanguageCode is what the member's Telegram app reports.
	LanguageCode string `json:"language_code,omitempty"`
	// Lang is the member's own choice for private chats; empty follows the app.
	Lang Lang `json:"lang,omitempty"`
	// Started is set once the member opened a private chat with the bot, the
	// only way a bot may write to them privately.
	Started bool `json:"started,omitempty"`
}

// DisplayName is how the member is shown in lists.
func (m Member) DisplayName() string {
	name := m.FirstName
	if m.LastName != "" {
		name += " " + m.LastName
	}
	if name == "" && m.Username != "" {
		return "@" + m.Username
	}
	return name
}

// PrivateLang is the language of the member's private chat with the bot.
func (m Member) PrivateLang(fallback Lang) Lang {
	if m.Lang != "" {
		return m.Lang
	}
	if l, ok := ParseLang(m.LanguageCode); ok {
		return l
	}
	return fallback
}

// Chat is a Telegram chat the bot is in.
type Chat struct {
	ID    int64  `json:"id"`
	Type  string `json:"type"`
	Title string `json:"title,omitempty"`
	// Lang overrides the bot's default language for a group; empty keeps it.
	Lang Lang `json:"lang,omitempty"`
}

// IsGroup reports whether meetups can live in this chat.
func (c Chat) IsGroup() bool { return c.Type == "group" || c.Type == "supergroup" }

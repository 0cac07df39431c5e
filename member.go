package meetupbot

import "time"

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
	// NoReminders turns off private reminders (/remindme off).
	NoReminders bool `json:"no_reminders,omitempty"`
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
	// TimeZone is the IANA zone of the group's meetups; empty keeps the
	// bot's default.
	TimeZone string `json:"time_zone,omitempty"`
	// Reminders are the lead times of reminders when CustomReminders is set
	// (empty: none); otherwise the bot's defaults apply.
	Reminders       []time.Duration `json:"reminders,omitempty"`
	CustomReminders bool            `json:"custom_reminders,omitempty"`
	// Pin pins each announcement, silently.
	Pin bool `json:"pin,omitempty"`
	// MigratedTo is the supergroup this group was upgraded to; everything
	// of the group lives there now.
	MigratedTo int64 `json:"migrated_to,omitempty"`
	// Removed is set while the bot is not in the group: nothing is sent
	// there and no job runs for it until the bot is added again.
	Removed bool `json:"removed,omitempty"`
	// Topic is the forum topic where the group's meetups are announced and
	// discussed; 0 is General (or a group without topics).
	Topic int `json:"topic,omitempty"`
	// TopicBlocked is set when Telegram refused a post to the topic
	// (closed or deleted); posts wait until an organizer sets it again.
	TopicBlocked bool `json:"topic_blocked,omitempty"`
	// Reconfirm is the group's own reconfirmation (a zero one: off); nil
	// follows the bot's defaults.
	Reconfirm *ReconfirmLeads `json:"reconfirm,omitempty"`
	// TalkPoll is the group's last poll on its reserve of talks.
	TalkPoll *TalkPoll `json:"talk_poll,omitempty"`
	// Quiet are the group's own quiet hours (equal ends: none); nil follows
	// the bot's defaults.
	Quiet *QuietHours `json:"quiet,omitempty"`
	// FeedToken is the unguessable part of the group's calendar feed URL;
	// empty until somebody asks for the feed.
	FeedToken string `json:"feed_token,omitempty"`
}

// Location is the group's time zone, or fallback.
func (c Chat) Location(fallback *time.Location) *time.Location {
	if c.TimeZone == "" {
		return fallback
	}
	if loc, err := time.LoadLocation(c.TimeZone); err == nil {
		return loc
	}
	return fallback
}

// ReminderLeads are the group's reminder lead times, or defaults.
func (c Chat) ReminderLeads(defaults []time.Duration) []time.Duration {
	if c.CustomReminders {
		return c.Reminders
	}
	return defaults
}

// ReconfirmLeads are the group's reconfirmation times, or defaults; a
// zero Ask means the group does not reconfirm.
func (c Chat) ReconfirmLeads(defaults ReconfirmLeads) ReconfirmLeads {
	if c.Reconfirm != nil {
		return *c.Reconfirm
	}
	return defaults
}

// QuietHours are the group's quiet hours, or defaults.
func (c Chat) QuietHours(defaults QuietHours) QuietHours {
	if c.Quiet != nil {
		return *c.Quiet
	}
	return defaults
}

// IsGroup reports whether meetups can live in this chat: a group that was
// upgraded lives on under its new id.
func (c Chat) IsGroup() bool {
	return (c.Type == "group" || c.Type == "supergroup") && c.MigratedTo == 0
}

package main

import (
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/meetupbot/meetupbot"
)

func TestLoadConfig(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string
		check   func(config) bool
	}{
		{"defaults", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc"}, "", func(c config) bool {
			return c.DatabasePath == "meetupbot.db" && c.Language == "de" && c.Location.String() == "Europe/Berlin" && c.Endpoint == "" && c.OrganizerIDs == nil &&
				c.AnnounceBefore == 14*24*time.Hour && slices.Equal(c.Reminders, []time.Duration{24 * time.Hour, 2 * time.Hour}) &&
				c.Retention == 365*24*time.Hour
		}},
		{"retention off", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "RETENTION": "off"}, "", func(c config) bool { return c.Retention == 0 }},
		{"bad retention", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "RETENTION": "a year"}, "RETENTION: is \"a year\"", nil},
		{"everything set", map[string]string{
			"TELEGRAM_BOT_TOKEN": "1:abc", "TELEGRAM_API_ENDPOINT": "http://localhost:8081/bot%s/%s",
			"DATABASE_PATH": "/var/lib/bot.db", "ORGANIZER_IDS": " 12, 34 ,", "BOT_TIMEZONE": "America/New_York", "BOT_LANGUAGE": "en",
			"ANNOUNCE_BEFORE": "72h", "REMINDERS": "48h, 90m",
		}, "", func(c config) bool {
			return c.DatabasePath == "/var/lib/bot.db" && c.Language == "en" && c.Location.String() == "America/New_York" &&
				slices.Equal(c.OrganizerIDs, []int64{12, 34}) && c.Endpoint == "http://localhost:8081/bot%s/%s" &&
				c.AnnounceBefore == 72*time.Hour && slices.Equal(c.Reminders, []time.Duration{48 * time.Hour, 90 * time.Minute})
		}},
		{"reminders off", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "REMINDERS": "off"}, "", func(c config) bool {
			return c.Reminders != nil && len(c.Reminders) == 0
		}},
		{"reconfirm set", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "RECONFIRM": "36h,12h", "CLAIM_WITHIN": "3h"}, "", func(c config) bool {
			return *c.Reconfirm == meetupbot.ReconfirmLeads{Ask: 36 * time.Hour, Deadline: 12 * time.Hour} && c.ClaimWithin == 3*time.Hour
		}},
		{"reconfirm by default", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc"}, "", func(c config) bool {
			return *c.Reconfirm == meetupbot.ReconfirmLeads{Ask: 48 * time.Hour, Deadline: 24 * time.Hour} && c.ClaimWithin == 6*time.Hour
		}},
		{"quiet hours set", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "QUIET_HOURS": "23:00-07:30"}, "", func(c config) bool {
			return *c.Quiet == meetupbot.QuietHours{From: 23 * 60, To: 7*60 + 30}
		}},
		{"quiet hours off", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "QUIET_HOURS": "off"}, "", func(c config) bool {
			return c.Quiet.Off()
		}},
		{"quiet hours by default", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc"}, "", func(c config) bool {
			return c.Quiet == nil || *c.Quiet == meetupbot.DefaultQuiet()
		}},
		{"quiet hours unreadable", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "QUIET_HOURS": "nachts"}, "QUIET_HOURS: is \"nachts\"", nil},
		{"reconfirm off", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "RECONFIRM": "off"}, "", func(c config) bool {
			return c.Reconfirm != nil && c.Reconfirm.Ask == 0 && c.Filled().Reconfirm.Ask == 0
		}},
		{"reconfirm in the wrong order", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "RECONFIRM": "12h,36h"}, "RECONFIRM: is \"12h,36h\"", nil},
		{"speaker reminder", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "SPEAKER_REMINDER": "5d"}, "", func(c config) bool {
			return c.SpeakerReminder == 5*24*time.Hour
		}},
		{"bad speaker reminder", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "SPEAKER_REMINDER": "soon"}, "SPEAKER_REMINDER: is \"soon\"", nil},
		{"json logs at debug", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "LOG_FORMAT": "json", "LOG_LEVEL": "debug"}, "", func(c config) bool {
			return c.LogFormat == "json" && c.LogLevel == slog.LevelDebug
		}},
		{"bad log format", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "LOG_FORMAT": "xml"}, "LOG_FORMAT: is \"xml\"", nil},
		{"bad log level", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "LOG_LEVEL": "loud"}, "LOG_LEVEL: is \"loud\"", nil},
		{"http side", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "HTTP_ADDR": ":8080", "PUBLIC_URL": "https://bot.example.org/"}, "", func(c config) bool {
			return c.HTTPAddr == ":8080" && c.PublicURL == "https://bot.example.org"
		}},
		{"bad http address", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "HTTP_ADDR": "8080"}, "HTTP_ADDR: is \"8080\"", nil},
		{"public url without http side", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "PUBLIC_URL": "https://bot.example.org"}, "PUBLIC_URL: is set, but HTTP_ADDR is not", nil},
		{"bad public url", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "HTTP_ADDR": ":8080", "PUBLIC_URL": "bot.example.org"}, "PUBLIC_URL: is \"bot.example.org\"", nil},
		{"webhook", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "HTTP_ADDR": ":8080", "WEBHOOK_URL": "https://bot.example.org/telegram"}, "", func(c config) bool {
			return c.WebhookURL == "https://bot.example.org/telegram"
		}},
		{"webhook without http side", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "WEBHOOK_URL": "https://bot.example.org/telegram"}, "WEBHOOK_URL: is set, but HTTP_ADDR is not", nil},
		{"webhook over http", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "HTTP_ADDR": ":8080", "WEBHOOK_URL": "http://bot.example.org/telegram"}, "WEBHOOK_URL: is \"http://bot.example.org/telegram\"", nil},
		{"bad claim time", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "CLAIM_WITHIN": "30d"}, "CLAIM_WITHIN: is \"30d\"", nil},
		{"bad lead time", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "ANNOUNCE_BEFORE": "two weeks"}, "ANNOUNCE_BEFORE: is \"two weeks\"", nil},
		{"bad reminder", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "REMINDERS": "24h,-2h"}, "REMINDERS: has \"-2h\"", nil},
		{"no token", map[string]string{}, "TELEGRAM_BOT_TOKEN: is required", nil},
		{"token with spaces", map[string]string{"TELEGRAM_BOT_TOKEN": "1:a b"}, "TELEGRAM_BOT_TOKEN: is malformed", nil},
		{"endpoint without placeholders", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "TELEGRAM_API_ENDPOINT": "http://localhost:8081"}, "TELEGRAM_API_ENDPOINT: is \"http://localhost:8081\"", nil},
		{"organizer id not a number", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "ORGANIZER_IDS": "12,@olga"}, "ORGANIZER_IDS: has \"@olga\"", nil},
		{"unknown time zone", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "BOT_TIMEZONE": "Mars/Olympus"}, "BOT_TIMEZONE: is \"Mars/Olympus\"", nil},
		{"unknown language", map[string]string{"TELEGRAM_BOT_TOKEN": "1:abc", "BOT_LANGUAGE": "fr"}, "BOT_LANGUAGE: is \"fr\"; expected de or en", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := loadConfig(func(k string) string { return tt.env[k] })
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("loadConfig() error = %v, want it to start with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("loadConfig() error = %v", err)
			}
			if !tt.check(cfg) {
				t.Errorf("loadConfig() = %+v", cfg)
			}
		})
	}
}

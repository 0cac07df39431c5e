package main

import (
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/input"
	"github.com/meetupbot/meetupbot/bot/text"
)

// config is what the environment (and .env) sets.
type config struct {
	Token        string
	Endpoint     string
	DatabasePath string
	OrganizerIDs []int64
	// HTTPAddr is where the optional HTTP side listens (health, metrics,
	// calendar feeds); empty: none. PublicURL is how it is reached from
	// outside, for the feed links.
	HTTPAddr  string
	PublicURL string
	// WebhookURL, when set, has Telegram post updates there instead of
	// long polling; it needs the HTTP side behind a proxy with TLS.
	WebhookURL string
	// LogFormat is "text" or "json"; LogLevel the least important level
	// logged.
	LogFormat string
	LogLevel  slog.Level
	// Defaults are what groups get until they set their own; variables
	// left unset keep meetupbot.DefaultDefaults.
	meetupbot.Defaults
}

// configError names the variable that is wrong and what it should be.
type configError struct {
	name, want string
}

func (e *configError) Error() string { return e.name + ": " + e.want }

// env reads a variable, trimmed, or its fallback when unset or empty.
func env(getenv func(string) string, name, fallback string) string {
	if v := strings.TrimSpace(getenv(name)); v != "" {
		return v
	}
	return fallback
}

// databasePath is all that `meetupbot backup` needs of the configuration.
func databasePath(getenv func(string) string) string {
	return env(getenv, "DATABASE_PATH", "meetupbot.db")
}

// loadConfig reads the configuration; the first bad variable is reported.
func loadConfig(getenv func(string) string) (config, error) {
	get := func(name, fallback string) string { return env(getenv, name, fallback) }
	cfg := config{
		Token:        get("TELEGRAM_BOT_TOKEN", ""),
		Endpoint:     get("TELEGRAM_API_ENDPOINT", ""),
		DatabasePath: databasePath(getenv),
		Defaults:     meetupbot.DefaultDefaults(),
	}
	if cfg.Token == "" {
		return cfg, &configError{"TELEGRAM_BOT_TOKEN", "is required: the token @BotFather gave you, like 123456:ABC-DEF..."}
	}
	if strings.ContainsAny(cfg.Token, " /?#%") {
		return cfg, &configError{"TELEGRAM_BOT_TOKEN", "is malformed: expected the token @BotFather gave you, like 123456:ABC-DEF..."}
	}
	if cfg.Endpoint != "" && (strings.Count(cfg.Endpoint, "%s") != 2 ||
		!(strings.HasPrefix(cfg.Endpoint, "http://") || strings.HasPrefix(cfg.Endpoint, "https://"))) {
		return cfg, &configError{"TELEGRAM_API_ENDPOINT", fmt.Sprintf("is %q; expected a URL with two %%s for token and method, like http://localhost:8081/bot%%s/%%s", cfg.Endpoint)}
	}
	for _, field := range strings.Split(get("ORGANIZER_IDS", ""), ",") {
		field = strings.TrimSpace(field)
		if field == "" {
			continue
		}
		id, err := strconv.ParseInt(field, 10, 64)
		if err != nil || id <= 0 {
			return cfg, &configError{"ORGANIZER_IDS", fmt.Sprintf("has %q; expected comma-separated numeric Telegram user ids, like 12345,67890", field)}
		}
		cfg.OrganizerIDs = append(cfg.OrganizerIDs, id)
	}
	if zone := get("BOT_TIMEZONE", ""); zone != "" {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			return cfg, &configError{"BOT_TIMEZONE", fmt.Sprintf("is %q; expected an IANA time zone, like Europe/Berlin", zone)}
		}
		cfg.Location = loc
	}
	if lang := get("BOT_LANGUAGE", ""); lang != "" {
		if !text.Supported(meetupbot.Lang(lang)) {
			return cfg, &configError{"BOT_LANGUAGE", fmt.Sprintf("is %q; expected de or en", lang)}
		}
		cfg.Language = meetupbot.Lang(lang)
	}
	var ok bool
	if lead := get("ANNOUNCE_BEFORE", ""); lead != "" {
		if cfg.AnnounceBefore, ok = input.ParseLeadTime(lead); !ok {
			return cfg, &configError{"ANNOUNCE_BEFORE", fmt.Sprintf("is %q; expected a duration like 14d or 336h", lead)}
		}
	}
	switch reminders := get("REMINDERS", ""); reminders {
	case "":
	case "off":
		cfg.Reminders = []time.Duration{}
	default:
		cfg.Reminders = nil
		for _, field := range strings.Split(reminders, ",") {
			d, ok := input.ParseLeadTime(strings.TrimSpace(field))
			if !ok {
				return cfg, &configError{"REMINDERS", fmt.Sprintf("has %q; expected comma-separated durations like 24h,2h, or off", field)}
			}
			cfg.Reminders = append(cfg.Reminders, d)
		}
	}
	if reconfirm := get("RECONFIRM", ""); reconfirm != "" {
		leads, err := input.ParseReconfirm(strings.ReplaceAll(reconfirm, ",", " "))
		if err != nil {
			return cfg, &configError{"RECONFIRM", fmt.Sprintf("is %q; expected two durations, when to ask and when to release, like 48h,24h, or off", reconfirm)}
		}
		cfg.Reconfirm = &leads
	}
	if quiet := get("QUIET_HOURS", ""); quiet != "" {
		hours, err := input.ParseQuiet(quiet)
		if err != nil {
			return cfg, &configError{"QUIET_HOURS", fmt.Sprintf("is %q; expected two times of day, like 22:00-08:00, or off", quiet)}
		}
		cfg.Quiet = &hours
	}
	if claim := get("CLAIM_WITHIN", ""); claim != "" {
		if cfg.ClaimWithin, ok = input.ParseLeadTime(claim); !ok || cfg.ClaimWithin > 7*24*time.Hour {
			return cfg, &configError{"CLAIM_WITHIN", fmt.Sprintf("is %q; expected a duration up to 7d, like 6h", claim)}
		}
	}
	if lead := get("SPEAKER_REMINDER", ""); lead != "" {
		if cfg.SpeakerReminder, ok = input.ParseLeadTime(lead); !ok || cfg.SpeakerReminder > 30*24*time.Hour {
			return cfg, &configError{"SPEAKER_REMINDER", fmt.Sprintf("is %q; expected a duration up to 30d, like 3d", lead)}
		}
	}
	cfg.HTTPAddr, cfg.PublicURL = get("HTTP_ADDR", ""), strings.TrimSuffix(get("PUBLIC_URL", ""), "/")
	if cfg.HTTPAddr != "" {
		if _, _, err := net.SplitHostPort(cfg.HTTPAddr); err != nil {
			return cfg, &configError{"HTTP_ADDR", fmt.Sprintf("is %q; expected host:port, like :8080 or 127.0.0.1:8080", cfg.HTTPAddr)}
		}
	}
	if cfg.PublicURL != "" {
		if u, err := url.Parse(cfg.PublicURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return cfg, &configError{"PUBLIC_URL", fmt.Sprintf("is %q; expected the https URL the HTTP side is reached at, like https://bot.example.org", cfg.PublicURL)}
		}
		if cfg.HTTPAddr == "" {
			return cfg, &configError{"PUBLIC_URL", "is set, but HTTP_ADDR is not: nothing would answer at it"}
		}
	}
	if cfg.WebhookURL = get("WEBHOOK_URL", ""); cfg.WebhookURL != "" {
		if u, err := url.Parse(cfg.WebhookURL); err != nil || u.Scheme != "https" || u.Host == "" {
			return cfg, &configError{"WEBHOOK_URL", fmt.Sprintf("is %q; expected the public https URL Telegram posts to, like https://bot.example.org/telegram", cfg.WebhookURL)}
		}
		if cfg.HTTPAddr == "" {
			return cfg, &configError{"WEBHOOK_URL", "is set, but HTTP_ADDR is not: nothing would take the updates"}
		}
	}
	switch cfg.LogFormat = get("LOG_FORMAT", "text"); cfg.LogFormat {
	case "text", "json":
	default:
		return cfg, &configError{"LOG_FORMAT", fmt.Sprintf("is %q; expected text or json", cfg.LogFormat)}
	}
	if level := get("LOG_LEVEL", "info"); cfg.LogLevel.UnmarshalText([]byte(level)) != nil {
		return cfg, &configError{"LOG_LEVEL", fmt.Sprintf("is %q; expected debug, info, warn or error", level)}
	}
	switch retention := get("RETENTION", ""); retention {
	case "":
	case "off":
		cfg.Retention = 0
	default:
		if cfg.Retention, ok = input.ParseLeadTime(retention); !ok {
			return cfg, &configError{"RETENTION", fmt.Sprintf("is %q; expected a duration like 365d, or off", retention)}
		}
	}
	return cfg, nil
}

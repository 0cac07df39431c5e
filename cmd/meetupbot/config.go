package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot"
)

// config is what the environment (and .env) sets.
type config struct {
	Token        string
	Endpoint     string
	DatabasePath string
	OrganizerIDs []int64
	Location     *time.Location
	Language     meetupbot.Lang
	// AnnounceBefore and Reminders are the lead times of announcements and
	// reminders, for groups that have not set their own.
	AnnounceBefore time.Duration
	Reminders      []time.Duration
	// Retention is how long answers to past meetups are kept; 0 keeps them.
	Retention time.Duration
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
	zone := get("BOT_TIMEZONE", "Europe/Berlin")
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return cfg, &configError{"BOT_TIMEZONE", fmt.Sprintf("is %q; expected an IANA time zone, like Europe/Berlin", zone)}
	}
	cfg.Location = loc
	switch lang := get("BOT_LANGUAGE", "de"); lang {
	case "de", "en":
		cfg.Language = meetupbot.Lang(lang)
	default:
		return cfg, &configError{"BOT_LANGUAGE", fmt.Sprintf("is %q; expected de or en", lang)}
	}
	lead := get("ANNOUNCE_BEFORE", "14d")
	var ok bool
	if cfg.AnnounceBefore, ok = bot.ParseLeadTime(lead); !ok {
		return cfg, &configError{"ANNOUNCE_BEFORE", fmt.Sprintf("is %q; expected a duration like 14d or 336h", lead)}
	}
	cfg.Reminders = []time.Duration{}
	if reminders := get("REMINDERS", "24h,2h"); reminders != "off" {
		for _, field := range strings.Split(reminders, ",") {
			d, ok := bot.ParseLeadTime(strings.TrimSpace(field))
			if !ok {
				return cfg, &configError{"REMINDERS", fmt.Sprintf("has %q; expected comma-separated durations like 24h,2h, or off", field)}
			}
			cfg.Reminders = append(cfg.Reminders, d)
		}
	}
	if retention := get("RETENTION", "365d"); retention != "off" {
		if cfg.Retention, ok = bot.ParseLeadTime(retention); !ok {
			return cfg, &configError{"RETENTION", fmt.Sprintf("is %q; expected a duration like 365d, or off", retention)}
		}
	}
	return cfg, nil
}

package bot

import (
	"log/slog"
	"slices"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
)

// adminCache remembers each group's administrators for a while, since every
// organizer command would otherwise cost a getChatAdministrators call.
type adminCache struct {
	api   Telegram
	ttl   time.Duration
	clock meetupbot.Clock
	log   *slog.Logger

	mu     sync.Mutex
	groups map[int64]adminList
}

type adminList struct {
	ids     []int64
	fetched time.Time
}

func newAdminCache(api Telegram, ttl time.Duration, clock meetupbot.Clock, log *slog.Logger) *adminCache {
	return &adminCache{api: api, ttl: ttl, clock: clock, log: log, groups: map[int64]adminList{}}
}

// isAdmin reports whether the user administers the group. When Telegram
// cannot be asked, the last known list is used, or nobody counts as admin.
func (c *adminCache) isAdmin(chatID, userID int64) bool {
	now := c.clock.Now()
	c.mu.Lock()
	list, ok := c.groups[chatID]
	c.mu.Unlock()
	if !ok || now.Sub(list.fetched) > c.ttl {
		members, err := c.api.GetChatAdministrators(tgbotapi.ChatAdministratorsConfig{ChatConfig: tgbotapi.ChatConfig{ChatID: chatID}})
		if err != nil {
			c.log.Warn("cannot fetch group administrators", "chat", chatID, "error", err)
		} else {
			list = adminList{fetched: now}
			for _, m := range members {
				if m.User != nil {
					list.ids = append(list.ids, m.User.ID)
				}
			}
			c.mu.Lock()
			c.groups[chatID] = list
			c.mu.Unlock()
		}
	}
	return slices.Contains(list.ids, userID)
}

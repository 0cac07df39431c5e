package bot

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
)

// Who may do what: organizers are a group's admins (or listed in the
// configuration); members are those the bot has seen in the group, or whom
// Telegram confirms with getChatMember. Both lookups are cached, failures
// too, so a group that is gone or a flaky API cannot turn every command
// into a round of calls.

// failedLookupTTL is how long a lookup that failed is trusted as "no".
const failedLookupTTL = 5 * time.Minute

// notMemberTTL is how long Telegram's "not a member" is trusted: someone
// who just joined the group should not wait long to answer privately.
const notMemberTTL = time.Minute

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
	ids []int64
	// until is when the list must be asked for again.
	until time.Time
}

func newAdminCache(api Telegram, ttl time.Duration, clock meetupbot.Clock, log *slog.Logger) *adminCache {
	return &adminCache{api: api, ttl: ttl, clock: clock, log: log, groups: map[int64]adminList{}}
}

// isAdmin reports whether the user administers the group. When Telegram
// cannot be asked, the last known list is used, or nobody counts as admin,
// and the failure is remembered for failedLookupTTL.
func (c *adminCache) isAdmin(chatID, userID int64) bool {
	return slices.Contains(c.list(chatID), userID)
}

// ids lists the group's administrators as last known.
func (c *adminCache) ids(chatID int64) []int64 {
	return append([]int64{}, c.list(chatID)...)
}

// list is the group's administrators, asked again once the cached list is
// stale.
func (c *adminCache) list(chatID int64) []int64 {
	now := c.clock.Now()
	c.mu.Lock()
	list, ok := c.groups[chatID]
	c.mu.Unlock()
	if !ok || !now.Before(list.until) {
		members, err := c.api.GetChatAdministrators(tgbotapi.ChatAdministratorsConfig{ChatConfig: tgbotapi.ChatConfig{ChatID: chatID}})
		if err != nil {
			c.log.Warn("cannot fetch group administrators", "chat", chatID, "error", err)
			list.until = now.Add(failedLookupTTL)
		} else {
			list = adminList{until: now.Add(c.ttl)}
			for _, m := range members {
				if m.User != nil {
					list.ids = append(list.ids, m.User.ID)
				}
			}
		}
		c.mu.Lock()
		c.groups[chatID] = list
		c.mu.Unlock()
	}
	return list.ids
}

// forget drops what is known of a group, as when its id changes.
func (c *adminCache) forget(chatID int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.groups, chatID)
}

// memberCache remembers getChatMember's answers for people the bot has not
// seen in a group.
type memberCache struct {
	api   Telegram
	ttl   time.Duration
	clock meetupbot.Clock
	log   *slog.Logger

	mu      sync.Mutex
	answers map[[2]int64]membership
}

type membership struct {
	member bool
	until  time.Time
}

func newMemberCache(api Telegram, ttl time.Duration, clock meetupbot.Clock, log *slog.Logger) *memberCache {
	return &memberCache{api: api, ttl: ttl, clock: clock, log: log, answers: map[[2]int64]membership{}}
}

// isMember asks Telegram whether the user belongs to the group. A failed
// lookup counts as "no" for failedLookupTTL.
func (c *memberCache) isMember(groupID, userID int64) bool {
	key := [2]int64{groupID, userID}
	now := c.clock.Now()
	c.mu.Lock()
	known, ok := c.answers[key]
	c.mu.Unlock()
	if ok && now.Before(known.until) {
		return known.member
	}
	m, err := c.api.GetChatMember(tgbotapi.GetChatMemberConfig{ChatConfigWithUser: tgbotapi.ChatConfigWithUser{ChatID: groupID, UserID: userID}})
	known = membership{until: now.Add(c.ttl)}
	if err != nil {
		c.log.Warn("cannot check group membership", "chat", groupID, "error", err)
		known.until = now.Add(failedLookupTTL)
	} else {
		known.member = m.IsCreator() || m.IsAdministrator() || m.Status == "member" || (m.Status == "restricted" && m.IsMember)
		if !known.member {
			known.until = now.Add(notMemberTTL)
		}
	}
	c.mu.Lock()
	c.answers[key] = known
	c.mu.Unlock()
	return known.member
}

// organizerIDs are the group's organizers: its admins and the configured
// organizers.
func (b *Bot) organizerIDs(groupID int64) []int64 {
	ids := b.admins.ids(groupID)
	for _, id := range b.cfg.OrganizerIDs {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}

// isOrganizer reports whether the user may run organizer commands in a group.
func (b *Bot) isOrganizer(groupID, userID int64) bool {
	return slices.Contains(b.cfg.OrganizerIDs, userID) || (groupID != 0 && b.admins.isAdmin(groupID, userID))
}

// isMember reports whether the member belongs to the group: seen there by
// the bot, an organizer of it, or confirmed by Telegram (and then
// remembered as seen).
func (b *Bot) isMember(ctx context.Context, group meetupbot.Chat, m meetupbot.Member) bool {
	if b.memberGroups(ctx, m.ID)[group.ID] || b.isOrganizer(group.ID, m.ID) {
		return true
	}
	if !b.members.isMember(group.ID, m.ID) {
		return false
	}
	if _, err := b.touch(ctx, group, m); err != nil {
		// Telegram confirmed it; remembering only saves asking again.
		b.log.Warn("remember a group member", "error", err)
	}
	return true
}

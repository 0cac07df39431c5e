package bot

import (
	"context"
	"fmt"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/input"
	"github.com/meetupbot/meetupbot/bot/text"
	"github.com/meetupbot/meetupbot/bot/view"
)

// groupStore follows a group through what Telegram does to it.
type groupStore interface {
	MigrateGroup(ctx context.Context, updateID int, oldID, newID int64, now time.Time, announce func(meetupbot.Event) meetupbot.Outgoing) (bool, error)
	SetBotInGroup(ctx context.Context, updateID int, chat meetupbot.Chat, in bool, now time.Time, announce func(meetupbot.Event) meetupbot.Outgoing) (int, error)
}

// migrate follows a group Telegram upgraded to a supergroup. It learns of
// it from the service message in either chat or from a refused send; the
// first moves everything, the others find nothing left to move.
func (b *Bot) migrate(ctx context.Context, updateID int, oldID, newID int64) error {
	group := b.groupContext(ctx, oldID)
	moved, err := b.groups.MigrateGroup(ctx, updateID, oldID, newID, b.clock.Now(), func(ev meetupbot.Event) meetupbot.Outgoing {
		return view.Announcement(group, ev)
	})
	if err != nil {
		return fmt.Errorf("move upgraded group %d to %d: %w", oldID, newID, err)
	}
	if !moved {
		return nil
	}
	b.log.Info("group upgraded to a supergroup; its meetups moved along", "from", oldID, "to", newID)
	b.admins.forget(oldID)
	b.cfg.Planner.Replan()
	b.sendStored(ctx)
	return nil
}

// onMembership follows the bot being added to a group, removed from it, and
// added again.
func (b *Bot) onMembership(ctx context.Context, updateID int, u *tgbotapi.ChatMemberUpdated) error {
	chat := input.Chat(&u.Chat)
	if !chat.IsGroup() {
		return nil
	}
	if _, err := b.touch(ctx, chat, meetupbot.Member{}); err != nil {
		return err
	}
	switch is := u.NewChatMember.Status; is {
	case "member", "administrator":
		was := u.OldChatMember.Status
		if was == "left" || was == "kicked" || was == "" {
			if err := b.setBotInGroup(ctx, updateID, chat, true); err != nil {
				return err
			}
			b.say(chat.ID, text.T(b.groupLang(ctx, chat.ID), text.GroupIntro, view.Esc(b.cfg.Self.UserName)))
		}
	case "left", "kicked":
		return b.setBotInGroup(ctx, updateID, chat, false)
	}
	return nil
}

// setBotInGroup stops everything for a group the bot was removed from
// (dropping what was queued for it) and resumes it when the bot is back,
// with the upcoming meetups announced afresh: the old announcements may
// be gone, and members missed what changed meanwhile.
func (b *Bot) setBotInGroup(ctx context.Context, updateID int, chat meetupbot.Chat, in bool) error {
	group := b.groupContext(ctx, chat.ID)
	n, err := b.groups.SetBotInGroup(ctx, updateID, chat, in, b.clock.Now(), func(ev meetupbot.Event) meetupbot.Outgoing {
		return view.Announcement(group, ev)
	})
	if err != nil {
		return fmt.Errorf("record the bot's membership of group %d (in: %v): %w", chat.ID, in, err)
	}
	if in {
		b.log.Info("bot added to a group", "chat", chat.ID, "announcements", n)
	} else {
		b.log.Info("bot removed from a group; nothing is sent there until it is added again", "chat", chat.ID, "dropped_messages", n)
	}
	b.admins.forget(chat.ID)
	b.cfg.Planner.Replan()
	b.sendStored(ctx)
	return nil
}

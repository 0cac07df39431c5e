package bot

import (
	"context"
	"time"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/view"
)

// groupStore follows a group through what Telegram does to it.
type groupStore interface {
	MigrateGroup(ctx context.Context, updateID int, oldID, newID int64, now time.Time, announce func(meetupbot.Event) meetupbot.Outgoing) (bool, error)
}

// migrate follows a group Telegram upgraded to a supergroup. It learns of
// it from the service message in either chat or from a refused send; the
// first moves everything, the others find nothing left to move.
func (b *Bot) migrate(ctx context.Context, updateID int, oldID, newID int64) {
	group := b.groupContext(ctx, oldID)
	moved, err := b.groups.MigrateGroup(ctx, updateID, oldID, newID, b.clock.Now(), func(ev meetupbot.Event) meetupbot.Outgoing {
		return view.Announcement(group, ev)
	})
	if err != nil {
		b.log.Error("move an upgraded group", "from", oldID, "to", newID, "error", err)
		return
	}
	if !moved {
		return
	}
	b.log.Info("group upgraded to a supergroup; its meetups moved along", "from", oldID, "to", newID)
	b.admins.forget(oldID)
	b.cfg.Planner.Replan()
	b.sendStored(ctx)
}

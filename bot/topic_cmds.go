package bot

import (
	"context"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/input"
	"github.com/meetupbot/meetupbot/bot/text"
	"github.com/meetupbot/meetupbot/bot/view"
)

// topicStore keeps where in a forum a group's meetups live.
type topicStore interface {
	SetTopic(ctx context.Context, updateID int, chatID int64, topic int) (meetupbot.Chat, error)
}

// cmdTopic makes the forum topic it is sent in the group's place for
// meetups, or with "off" returns them to General.
func (b *Bot) cmdTopic(ctx context.Context, r *request) error {
	if r.private() {
		b.reply(r, r.T(text.TopicSendInside))
		return nil
	}
	topic := r.thread
	switch {
	case input.IsOff(r.Args):
		topic = 0
	case r.Args != "":
		return input.Bad(text.BadSwitch, r.Args)
	case !r.forum:
		b.reply(r, r.T(text.TopicNotForum))
		return nil
	case r.thread == 0:
		b.reply(r, r.T(text.TopicSendInside))
		return nil
	}
	if _, err := b.topics.SetTopic(ctx, r.update, r.group.ID, topic); err != nil {
		return err
	}
	if topic == 0 {
		b.reply(r, r.T(text.TopicOff, view.Esc(r.group.Title)))
	} else {
		b.reply(r, r.T(text.TopicSet, view.Esc(r.group.Title)))
	}
	b.resendStored(ctx)
	return nil
}

// topicBlocked records that the group's topic refuses posts, and tells its
// organizers privately, once, what failed and how to mend it.
func (b *Bot) topicBlocked(ctx context.Context, groupID int64) {
	was := false
	group, err := b.settings.UpdateChat(ctx, 0, groupID, func(c *meetupbot.Chat) {
		was, c.TopicBlocked = c.TopicBlocked, true
	})
	if err != nil {
		b.log.Error("record a blocked topic", "chat", groupID, "error", err)
		return
	}
	if was {
		return
	}
	b.log.Warn("the group's meetup topic is closed or deleted; posts wait for /topic", "chat", groupID, "topic", group.Topic)
	for _, m := range b.reachableOrganizers(ctx, group.ID) {
		b.say(m.ID, text.T(m.PrivateLang(b.cfg.Language), text.TopicProblem, view.Esc(group.Title)))
	}
}

// topicWarning is a line for replies that would otherwise promise a post
// to a group whose topic refuses posts.
func (b *Bot) topicWarning(ctx context.Context, r *request) string {
	if chat, err := b.dir.Chat(ctx, r.group.ID); err == nil && chat.TopicBlocked {
		return "\n" + r.T(text.TopicWaiting, view.Esc(chat.Title))
	}
	return ""
}

package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/meetupbot/meetupbot"
	bolt "go.etcd.io/bbolt"
)

// MigrateGroup moves everything of a group that Telegram upgraded to a
// supergroup to the new id, in one transaction: the chat's settings, its
// meetups, who was seen in it, its recurring posts, and the messages queued
// for it (queued anew, so they are sent to the new id). Message ids of the
// old chat mean nothing in the new one, so announcements and their copies
// are forgotten, and announce draws a fresh announcement for each upcoming
// meetup that had one. Moving a group that was moved already does nothing
// and reports false.
func (db *DB) MigrateGroup(ctx context.Context, updateID int, oldID, newID int64, now time.Time, announce func(meetupbot.Event) meetupbot.Outgoing) (bool, error) {
	moved := false
	err := db.update(ctx, updateID, func(tx *bolt.Tx) error {
		chats := tx.Bucket(bucketChats)
		old := meetupbot.Chat{ID: oldID}
		if _, err := getJSON(chats, id64(oldID), &old); err != nil {
			return err
		}
		if old.MigratedTo != 0 {
			return nil
		}
		moved = true
		upgraded := old
		if _, err := getJSON(chats, id64(newID), &upgraded); err != nil {
			return err
		}
		// The new chat keeps what Telegram says of it and takes the group's
		// settings.
		upgraded.ID, upgraded.Type = newID, "supergroup"
		if upgraded.Title == "" {
			upgraded.Title = old.Title
		}
		upgraded.Lang, upgraded.TimeZone, upgraded.Pin = old.Lang, old.TimeZone, old.Pin
		upgraded.Reminders, upgraded.CustomReminders = old.Reminders, old.CustomReminders
		old.MigratedTo = newID
		if err := putJSON(chats, id64(oldID), old); err != nil {
			return err
		}
		if err := putJSON(chats, id64(newID), upgraded); err != nil {
			return err
		}
		queued, err := moveOutbox(tx, oldID, newID)
		if err != nil {
			return err
		}
		if err := moveEvents(tx, oldID, newID, now, queued, announce); err != nil {
			return err
		}
		if err := movePairs(tx.Bucket(bucketMemberChats), oldID, newID); err != nil {
			return err
		}
		posts, err := chatPosts(tx, oldID)
		if err != nil {
			return err
		}
		for _, p := range posts {
			p.ChatID = newID
			if err := putJSON(tx.Bucket(bucketPosts), id64(p.ID), p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("move group %d to %d: %w", oldID, newID, err)
	}
	return moved, nil
}

// SetBotInGroup records whether the bot is in a group. Removed, the group's
// queued messages are dropped in the same transaction (Telegram would
// refuse them) and their number returned. Added again, announce draws a
// fresh announcement of each upcoming meetup that had one, queued in the
// same transaction, and their number is returned.
func (db *DB) SetBotInGroup(ctx context.Context, updateID int, chat meetupbot.Chat, in bool, now time.Time, announce func(meetupbot.Event) meetupbot.Outgoing) (int, error) {
	n := 0
	err := db.update(ctx, updateID, func(tx *bolt.Tx) error {
		chats := tx.Bucket(bucketChats)
		stored := chat
		if _, err := getJSON(chats, id64(chat.ID), &stored); err != nil {
			return err
		}
		if stored.Removed == !in {
			return nil
		}
		stored.Removed = !in
		if err := putJSON(chats, id64(chat.ID), stored); err != nil {
			return err
		}
		if !in {
			var err error
			n, err = dropOutbox(tx, chat.ID)
			return err
		}
		var fresh []meetupbot.Outgoing
		for _, id := range chatEventIDs(tx, chat.ID) {
			ev, err := getEvent(tx, id)
			if err != nil {
				return err
			}
			if ev.Announced && ev.Open(now) == nil {
				fresh = append(fresh, announce(ev))
			}
		}
		n = len(fresh)
		_, err := queue(tx, fresh)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("record bot in group %d as %v: %w", chat.ID, in, err)
	}
	return n, nil
}

// SetTopic makes a forum topic the group's place for meetups (0: General)
// and sends what waited for a closed or deleted topic there, in one
// transaction.
func (db *DB) SetTopic(ctx context.Context, updateID int, chatID int64, topic int) (meetupbot.Chat, error) {
	chat := meetupbot.Chat{ID: chatID}
	err := db.update(ctx, updateID, func(tx *bolt.Tx) error {
		chats := tx.Bucket(bucketChats)
		if _, err := getJSON(chats, id64(chatID), &chat); err != nil {
			return err
		}
		chat.Topic, chat.TopicBlocked = topic, false
		if err := putJSON(chats, id64(chatID), chat); err != nil {
			return err
		}
		keys, moved, err := chatOutbox(tx, chatID)
		if err != nil {
			return err
		}
		for i, k := range keys {
			moved[i].Thread = topic
			if err := putJSON(tx.Bucket(bucketOutbox), k, moved[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return chat, fmt.Errorf("set the topic of chat %d: %w", chatID, err)
	}
	return chat, nil
}

// dropOutbox deletes the messages queued for a chat.
func dropOutbox(tx *bolt.Tx, chatID int64) (int, error) {
	keys, _, err := chatOutbox(tx, chatID)
	if err != nil {
		return 0, err
	}
	return len(keys), deleteKeys(tx.Bucket(bucketOutbox), keys)
}

// moveOutbox queues the old chat's messages anew for the new chat, and
// reports which meetups already have an announcement among them.
func moveOutbox(tx *bolt.Tx, oldID, newID int64) (map[int64]bool, error) {
	keys, outs, err := chatOutbox(tx, oldID)
	if err != nil {
		return nil, err
	}
	announced := map[int64]bool{}
	for i := range outs {
		outs[i].ChatID, outs[i].ReplyTo = newID, 0
		if outs[i].Announces != 0 {
			announced[outs[i].Announces] = true
		}
	}
	if err := deleteKeys(tx.Bucket(bucketOutbox), keys); err != nil {
		return nil, err
	}
	_, err = queue(tx, outs)
	return announced, err
}

// chatOutbox lists the keys and messages queued for a chat.
func chatOutbox(tx *bolt.Tx, chatID int64) ([][]byte, []meetupbot.Outgoing, error) {
	var keys [][]byte
	var outs []meetupbot.Outgoing
	err := tx.Bucket(bucketOutbox).ForEach(func(k, v []byte) error {
		var out meetupbot.Outgoing
		if err := unmarshal(v, &out); err != nil {
			return err
		}
		if out.ChatID == chatID {
			keys = append(keys, append([]byte{}, k...))
			outs = append(outs, out)
		}
		return nil
	})
	return keys, outs, err
}

// chatEventIDs lists the meetups of a chat, from the chat's index.
func chatEventIDs(tx *bolt.Tx, chatID int64) []int64 {
	var ids []int64
	prefix := id64(chatID)
	c := tx.Bucket(bucketChatEvents).Cursor()
	for k, _ := c.Seek(prefix); k != nil && string(k[:8]) == string(prefix); k, _ = c.Next() {
		ids = append(ids, int64(beUint64(k[8:])))
	}
	return ids
}

func moveEvents(tx *bolt.Tx, oldID, newID int64, now time.Time, queued map[int64]bool, announce func(meetupbot.Event) meetupbot.Outgoing) error {
	index := tx.Bucket(bucketChatEvents)
	var fresh []meetupbot.Outgoing
	for _, id := range chatEventIDs(tx, oldID) {
		ev, err := getEvent(tx, id)
		if err != nil {
			return err
		}
		hadAnnouncement := ev.Announcement.MessageID != 0
		ev.ChatID, ev.Announcement, ev.Cards = newID, meetupbot.MessageRef{}, nil
		if hadAnnouncement && ev.Open(now) == nil && !queued[ev.ID] && announce != nil {
			fresh = append(fresh, announce(ev))
		}
		if err := putJSON(tx.Bucket(bucketEvents), id64(ev.ID), ev); err != nil {
			return err
		}
		if err := index.Delete(pair(oldID, id)); err != nil {
			return err
		}
		if err := index.Put(pair(newID, id), nil); err != nil {
			return err
		}
	}
	_, err := queue(tx, fresh)
	return err
}

// movePairs rewrites keys (member, oldID) to (member, newID).
func movePairs(b *bolt.Bucket, oldID, newID int64) error {
	var members []int64
	err := b.ForEach(func(k, _ []byte) error {
		if int64(beUint64(k[8:])) == oldID {
			members = append(members, int64(beUint64(k[:8])))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, m := range members {
		if err := b.Delete(pair(m, oldID)); err != nil {
			return err
		}
		if err := b.Put(pair(m, newID), nil); err != nil {
			return err
		}
	}
	return nil
}

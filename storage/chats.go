package storage

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/meetupbot/meetupbot"
	bolt "go.etcd.io/bbolt"
)

// Touch records a chat and a member as Telegram shows them now, and that the
// member belongs to the group, and returns the member as stored, with their
// settings. It writes only when something changed, so the common case costs
// one read.
func (db *DB) Touch(ctx context.Context, chat meetupbot.Chat, m meetupbot.Member) (meetupbot.Member, error) {
	var stored meetupbot.Member
	var changed bool
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var err error
		stored, changed, err = touch(tx, chat, m, false)
		return err
	})
	if err != nil || !changed {
		return stored, err
	}
	err = db.update(ctx, 0, func(tx *bolt.Tx) error {
		stored, _, err = touch(tx, chat, m, true)
		return err
	})
	return stored, err
}

// touch compares what Telegram shows with what is stored and, with write,
// stores the difference.
func touch(tx *bolt.Tx, chat meetupbot.Chat, m meetupbot.Member, write bool) (meetupbot.Member, bool, error) {
	changed := false
	if chat.ID != 0 {
		var stored meetupbot.Chat
		found, err := getJSON(tx.Bucket(bucketChats), id64(chat.ID), &stored)
		if err != nil {
			return m, false, err
		}
		if !found || stored.Title != chat.Title || stored.Type != chat.Type {
			changed = true
			stored.ID, stored.Title, stored.Type = chat.ID, chat.Title, chat.Type
			if write {
				if err := putJSON(tx.Bucket(bucketChats), id64(chat.ID), stored); err != nil {
					return m, false, fmt.Errorf("save chat %d: %w", chat.ID, err)
				}
			}
		}
	}
	if m.ID == 0 {
		return m, changed, nil
	}
	var stored meetupbot.Member
	if _, err := getJSON(tx.Bucket(bucketMembers), id64(m.ID), &stored); err != nil {
		return m, false, err
	}
	stored, memberChanged := stored.Observe(m, chat)
	if memberChanged {
		changed = true
		if write {
			if err := putJSON(tx.Bucket(bucketMembers), id64(m.ID), stored); err != nil {
				return m, false, fmt.Errorf("save member %d: %w", m.ID, err)
			}
		}
	}
	if chat.IsGroup() {
		key := pair(m.ID, chat.ID)
		if tx.Bucket(bucketMemberChats).Get(key) == nil {
			changed = true
			if write {
				if err := tx.Bucket(bucketMemberChats).Put(key, nil); err != nil {
					return m, false, err
				}
			}
		}
	}
	return stored, changed, nil
}

// Chat returns a stored chat, or one with just its id if the bot never saw it.
func (db *DB) Chat(ctx context.Context, id int64) (meetupbot.Chat, error) {
	c := meetupbot.Chat{ID: id}
	return c, db.record(ctx, bucketChats, id, &c)
}

// UpdateChat changes a chat's settings.
func (db *DB) UpdateChat(ctx context.Context, updateID int, id int64, edit func(*meetupbot.Chat)) (meetupbot.Chat, error) {
	c := meetupbot.Chat{ID: id}
	if err := db.editRecord(ctx, updateID, bucketChats, id, &c, func() { edit(&c) }); err != nil {
		return c, fmt.Errorf("update chat %d: %w", id, err)
	}
	return c, nil
}

// Groups lists every group chat the bot has seen.
func (db *DB) Groups(ctx context.Context) ([]meetupbot.Chat, error) {
	var chats []meetupbot.Chat
	err := db.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketChats).ForEach(func(_, v []byte) error {
			var c meetupbot.Chat
			if err := unmarshal(v, &c); err != nil {
				return err
			}
			if c.IsGroup() {
				chats = append(chats, c)
			}
			return nil
		})
	})
	sortChats(chats)
	return chats, err
}

// MemberGroups lists the groups in which the bot has seen this member.
func (db *DB) MemberGroups(ctx context.Context, userID int64) ([]meetupbot.Chat, error) {
	var chats []meetupbot.Chat
	err := db.view(ctx, func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketMemberChats).Cursor()
		prefix := id64(userID)
		for k, _ := c.Seek(prefix); k != nil && string(k[:8]) == string(prefix); k, _ = c.Next() {
			chat := meetupbot.Chat{ID: int64(beUint64(k[8:]))}
			if _, err := getJSON(tx.Bucket(bucketChats), k[8:], &chat); err != nil {
				return err
			}
			chats = append(chats, chat)
		}
		return nil
	})
	sortChats(chats)
	return chats, err
}

func sortChats(chats []meetupbot.Chat) {
	sort.Slice(chats, func(i, j int) bool { return chats[i].Title < chats[j].Title })
}

// Member returns a stored member, or one with just its id.
func (db *DB) Member(ctx context.Context, id int64) (meetupbot.Member, error) {
	m := meetupbot.Member{ID: id}
	return m, db.record(ctx, bucketMembers, id, &m)
}

// UpdateMember changes a member's settings.
func (db *DB) UpdateMember(ctx context.Context, updateID int, id int64, edit func(*meetupbot.Member)) (meetupbot.Member, error) {
	m := meetupbot.Member{ID: id}
	if err := db.editRecord(ctx, updateID, bucketMembers, id, &m, func() { edit(&m) }); err != nil {
		return m, fmt.Errorf("update member %d: %w", id, err)
	}
	return m, nil
}

// record reads one record into v; a missing record leaves v as it is.
func (db *DB) record(ctx context.Context, bucket []byte, id int64, v any) error {
	return db.view(ctx, func(tx *bolt.Tx) error {
		_, err := getJSON(tx.Bucket(bucket), id64(id), v)
		return err
	})
}

// editRecord reads one record into v, lets edit change v, and stores it,
// in one transaction.
func (db *DB) editRecord(ctx context.Context, updateID int, bucket []byte, id int64, v any, edit func()) error {
	return db.update(ctx, updateID, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		if _, err := getJSON(b, id64(id), v); err != nil {
			return err
		}
		edit()
		return putJSON(b, id64(id), v)
	})
}

// SetPending remembers a command a member sent privately until they pick the
// group it is meant for.
func (db *DB) SetPending(ctx context.Context, updateID int, userID int64, command string) error {
	return db.update(ctx, updateID, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPending).Put(id64(userID), []byte(command))
	})
}

// TakePending returns and forgets the member's remembered command.
func (db *DB) TakePending(ctx context.Context, updateID int, userID int64) (string, error) {
	var command string
	err := db.update(ctx, updateID, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketPending)
		command = string(b.Get(id64(userID)))
		return b.Delete(id64(userID))
	})
	return command, err
}

// Summary counts the groups the bot is in and their meetups still ahead,
// for the first log line.
func (db *DB) Summary(ctx context.Context, now time.Time) (groups, upcoming int, err error) {
	list, err := db.Groups(ctx)
	if err != nil {
		return 0, 0, err
	}
	in := map[int64]bool{}
	for _, g := range list {
		if !g.Removed {
			in[g.ID] = true
		}
	}
	err = db.view(ctx, func(tx *bolt.Tx) error {
		return eachEvent(tx, func(ev meetupbot.Event) error {
			if in[ev.ChatID] && !ev.Cancelled && ev.Start.After(now) {
				upcoming++
			}
			return nil
		})
	})
	return len(in), upcoming, err
}

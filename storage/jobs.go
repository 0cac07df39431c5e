package storage

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/meetupbot/meetupbot"
	bolt "go.etcd.io/bbolt"
)

// ScheduledEvents lists meetups starting after since, and meetups of a
// series whose next occurrence is not created yet, for the scheduler.
func (db *DB) ScheduledEvents(ctx context.Context, since time.Time) ([]meetupbot.Event, error) {
	var events []meetupbot.Event
	err := db.view(ctx, func(tx *bolt.Tx) error {
		return eachEvent(tx, func(ev meetupbot.Event) error {
			if ev.Start.After(since) || (ev.Series != nil && ev.NextID == 0) {
				events = append(events, ev)
			}
			return nil
		})
	})
	return events, err
}

// QueueAnnouncement marks a meetup announced and stores its announcement for
// sending, in one transaction. Unless again is set, a meetup announced
// before gives meetupbot.ErrJobDone.
func (db *DB) QueueAnnouncement(ctx context.Context, updateID int, eventID int64, out meetupbot.Outgoing, again bool, now time.Time) (meetupbot.Outgoing, error) {
	err := db.update(ctx, updateID, func(tx *bolt.Tx) error {
		ev, err := getEvent(tx, eventID)
		if err != nil {
			return err
		}
		if ev.Announced && !again {
			return meetupbot.ErrJobDone
		}
		if err := ev.Open(now); err != nil {
			return err
		}
		ev.Announced = true
		out.Announces = ev.ID
		if err := putJSON(tx.Bucket(bucketEvents), id64(ev.ID), ev); err != nil {
			return err
		}
		outs, err := queue(tx, []meetupbot.Outgoing{out})
		out = outs[0]
		return err
	})
	if err != nil {
		return out, fmt.Errorf("announce event %d: %w", eventID, err)
	}
	return out, nil
}

// SkipAnnouncement marks a meetup's announcement done without sending it.
func (db *DB) SkipAnnouncement(ctx context.Context, eventID int64) error {
	err := db.update(ctx, 0, func(tx *bolt.Tx) error {
		ev, err := getEvent(tx, eventID)
		if err != nil {
			return err
		}
		if ev.Announced {
			return meetupbot.ErrJobDone
		}
		ev.Announced = true
		return putJSON(tx.Bucket(bucketEvents), id64(ev.ID), ev)
	})
	if err != nil {
		return fmt.Errorf("skip announcement of event %d: %w", eventID, err)
	}
	return nil
}

// QueueReminder marks the reminder before (of the meetup starting at start)
// sent and stores its messages, in one transaction. A reminder already sent,
// or planned for a start the meetup no longer has, gives
// meetupbot.ErrJobDone.
func (db *DB) QueueReminder(ctx context.Context, eventID int64, start time.Time, before time.Duration, outs []meetupbot.Outgoing) ([]meetupbot.Outgoing, error) {
	err := db.update(ctx, 0, func(tx *bolt.Tx) error {
		ev, err := getEvent(tx, eventID)
		if err != nil {
			return err
		}
		if ev.WasReminded(before) || !ev.Start.Equal(start) || ev.Cancelled {
			return meetupbot.ErrJobDone
		}
		ev.Reminded = append(ev.Reminded, before)
		if err := putJSON(tx.Bucket(bucketEvents), id64(ev.ID), ev); err != nil {
			return err
		}
		outs, err = queue(tx, outs)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("remind of event %d: %w", eventID, err)
	}
	return outs, nil
}

// ContinueSeries creates the next occurrence of a series and links it, in
// one transaction; a series already continued gives meetupbot.ErrJobDone.
func (db *DB) ContinueSeries(ctx context.Context, eventID int64, next meetupbot.Event) (meetupbot.Event, error) {
	err := db.update(ctx, 0, func(tx *bolt.Tx) error {
		ev, err := getEvent(tx, eventID)
		if err != nil {
			return err
		}
		if ev.Series == nil || ev.NextID != 0 {
			return meetupbot.ErrJobDone
		}
		if next, err = createEvent(tx, next); err != nil {
			return err
		}
		ev.NextID = next.ID
		return putJSON(tx.Bucket(bucketEvents), id64(ev.ID), ev)
	})
	if err != nil {
		return next, fmt.Errorf("continue series of event %d: %w", eventID, err)
	}
	return next, nil
}

// AddPost stores a recurring post, at most meetupbot.MaxPosts per group.
func (db *DB) AddPost(ctx context.Context, updateID int, post meetupbot.Post) (meetupbot.Post, error) {
	err := db.update(ctx, updateID, func(tx *bolt.Tx) error {
		existing, err := chatPosts(tx, post.ChatID)
		if err != nil {
			return err
		}
		if len(existing) >= meetupbot.MaxPosts {
			return meetupbot.ErrTooManyPosts
		}
		posts := tx.Bucket(bucketPosts)
		seq, err := posts.NextSequence()
		if err != nil {
			return err
		}
		post.ID = int64(seq)
		return putJSON(posts, id64(post.ID), post)
	})
	if err != nil {
		return post, fmt.Errorf("add post in chat %d: %w", post.ChatID, err)
	}
	return post, nil
}

// RemovePost deletes a group's recurring post.
func (db *DB) RemovePost(ctx context.Context, updateID int, chatID, postID int64) (meetupbot.Post, error) {
	var post meetupbot.Post
	err := db.update(ctx, updateID, func(tx *bolt.Tx) error {
		posts := tx.Bucket(bucketPosts)
		found, err := getJSON(posts, id64(postID), &post)
		if err != nil {
			return err
		}
		if !found || post.ChatID != chatID {
			return meetupbot.ErrPostNotFound
		}
		return posts.Delete(id64(postID))
	})
	if err != nil {
		return post, fmt.Errorf("remove post %d: %w", postID, err)
	}
	return post, nil
}

// Posts lists every recurring post.
func (db *DB) Posts(ctx context.Context) ([]meetupbot.Post, error) {
	return db.posts(ctx, 0)
}

// ChatPosts lists a group's recurring posts, oldest first.
func (db *DB) ChatPosts(ctx context.Context, chatID int64) ([]meetupbot.Post, error) {
	return db.posts(ctx, chatID)
}

func (db *DB) posts(ctx context.Context, chatID int64) ([]meetupbot.Post, error) {
	var list []meetupbot.Post
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var err error
		list, err = chatPosts(tx, chatID)
		return err
	})
	return list, err
}

// chatPosts lists the posts of one chat, or of all for chatID 0. Groups
// keep a handful, so a scan is cheaper than an index to maintain.
func chatPosts(tx *bolt.Tx, chatID int64) ([]meetupbot.Post, error) {
	var list []meetupbot.Post
	err := tx.Bucket(bucketPosts).ForEach(func(_, v []byte) error {
		var p meetupbot.Post
		if err := unmarshal(v, &p); err != nil {
			return err
		}
		if chatID == 0 || p.ChatID == chatID {
			list = append(list, p)
		}
		return nil
	})
	sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
	return list, err
}

// SetTimeZone sets a group's time zone and when each of its posts runs
// next on the new clock, in one transaction: a crash between the two would
// leave posts on the old zone's schedule.
func (db *DB) SetTimeZone(ctx context.Context, updateID int, chatID int64, zone string, next func(meetupbot.Post) time.Time) (meetupbot.Chat, error) {
	chat := meetupbot.Chat{ID: chatID}
	err := db.update(ctx, updateID, func(tx *bolt.Tx) error {
		chats := tx.Bucket(bucketChats)
		if _, err := getJSON(chats, id64(chatID), &chat); err != nil {
			return err
		}
		chat.TimeZone = zone
		if err := putJSON(chats, id64(chatID), chat); err != nil {
			return err
		}
		list, err := chatPosts(tx, chatID)
		if err != nil {
			return err
		}
		for _, p := range list {
			p.Next = next(p)
			if err := putJSON(tx.Bucket(bucketPosts), id64(p.ID), p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return chat, fmt.Errorf("set time zone of chat %d: %w", chatID, err)
	}
	return chat, nil
}

// FirePost moves a post on to its following run and stores its message,
// in one transaction. A run already done gives meetupbot.ErrJobDone.
func (db *DB) FirePost(ctx context.Context, postID int64, due, following time.Time, outs []meetupbot.Outgoing) ([]meetupbot.Outgoing, error) {
	err := db.update(ctx, 0, func(tx *bolt.Tx) error {
		posts := tx.Bucket(bucketPosts)
		var p meetupbot.Post
		found, err := getJSON(posts, id64(postID), &p)
		if err != nil {
			return err
		}
		if !found || !p.Next.Equal(due) {
			return meetupbot.ErrJobDone
		}
		p.Next = following
		if err := putJSON(posts, id64(p.ID), p); err != nil {
			return err
		}
		outs, err = queue(tx, outs)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("fire post %d: %w", postID, err)
	}
	return outs, nil
}

// Package storage keeps meetupbot's state in a bbolt file. Every change and its
// consequences (an answer and the waiting-list promotion it causes) commit in
// one transaction, together with the id of the Telegram update that caused
// them, so a redelivered update is recognised.
package storage

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/meetupbot/meetupbot"
	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// SchemaVersion is the layout this code reads and writes.
const SchemaVersion = 1

// ErrLocked means another process has the database open.
var ErrLocked = errors.New("database is in use by another process (is another meetupbot running?)")

var (
	bucketMeta        = []byte("meta")
	bucketHandled     = []byte("handled_updates")
	bucketChats       = []byte("chats")
	bucketMembers     = []byte("members")
	bucketMemberChats = []byte("member_chats")
	bucketEvents      = []byte("events")
	bucketChatEvents  = []byte("chat_events")
	bucketRSVPs       = []byte("rsvps")
	bucketWaitlist    = []byte("waitlist")
	bucketPending     = []byte("pending_commands")
	bucketPosts       = []byte("posts")
	bucketOutbox      = []byte("outbox")
	bucketPressed     = []byte("pressed")
	bucketDrafts      = []byte("drafts")
	bucketCheckins    = []byte("checkin_codes")
	bucketTalks       = []byte("talks")
	bucketGroupTalks  = []byte("group_talks")
	bucketRatings     = []byte("ratings")
	bucketFeeds       = []byte("calendar_feeds")
	// bucketQueuedAsks indexes stored messages that ask a member about
	// their place (event, member, message seq), so they are dropped when
	// the answer is settled before they went out.
	bucketQueuedAsks = []byte("queued_asks")
	// bucketPoisoned keeps the updates given up after failing to store,
	// for the operator; they outlive the handled marks below the offset.
	bucketPoisoned = []byte("poisoned_updates")

	keySchema = []byte("schema_version")
	keyOffset = []byte("update_offset")
)

var allBuckets = [][]byte{
	bucketMeta, bucketHandled, bucketChats, bucketMembers, bucketMemberChats,
	bucketEvents, bucketChatEvents, bucketRSVPs, bucketWaitlist, bucketPending,
	bucketPosts, bucketOutbox, bucketPressed, bucketDrafts, bucketCheckins,
	bucketTalks, bucketGroupTalks, bucketRatings, bucketFeeds, bucketQueuedAsks,
	bucketPoisoned,
}

// DB is meetupbot's database.
type DB struct {
	bolt *bolt.DB
}

// Options tune Open.
type Options struct {
	// LockTimeout bounds the wait for another process's lock on the file.
	LockTimeout time.Duration
	// NoSync skips fsync on commit. Only for building test and benchmark
	// databases in bulk: a crash can lose what it wrote.
	NoSync bool
	// ReadOnly opens an existing database for reading only, as `meetupbot
	// check` does; it shares the file with other readers but waits for a
	// running bot.
	ReadOnly bool
}

// Open opens or creates the database at path with mode 0600.
func Open(path string, opts Options) (*DB, error) {
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = 3 * time.Second
	}
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.LockTimeout, NoSync: opts.NoSync, ReadOnly: opts.ReadOnly})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("open %s: %w", path, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db := &DB{bolt: b}
	if opts.ReadOnly {
		return db, nil
	}
	if err := db.migrate(); err != nil {
		b.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

func (db *DB) migrate() error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		meta := tx.Bucket(bucketMeta)
		if v := meta.Get(keySchema); v != nil {
			if got := int(binary.BigEndian.Uint64(v)); got > SchemaVersion {
				return fmt.Errorf("schema version %d is newer than this program's %d", got, SchemaVersion)
			}
		}
		return meta.Put(keySchema, u64(SchemaVersion))
	})
}

// Close closes the database file.
func (db *DB) Close() error { return db.bolt.Close() }

// WriteTo writes a consistent copy of the whole database, for backups.
func (db *DB) WriteTo(w io.Writer) (int64, error) {
	var n int64
	err := db.Copy(func(_ int64, writeTo func(io.Writer) (int64, error)) error {
		var err error
		n, err = writeTo(w)
		return err
	})
	return n, err
}

// Copy calls fn with the size of a consistent copy of the database and a
// function that writes that copy, both from one read transaction, so a
// reader on the other end of a connection can tell a complete copy from a
// cut one.
func (db *DB) Copy(fn func(size int64, writeTo func(io.Writer) (int64, error)) error) error {
	return db.bolt.View(func(tx *bolt.Tx) error {
		return fn(tx.Size(), tx.WriteTo)
	})
}

// update runs fn in a write transaction and, for a change caused by a
// Telegram update (updateID not 0), records that update as handled in the
// same transaction: a crash leaves either both or neither.
func (db *DB) update(ctx context.Context, updateID int, fn func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.bolt.Update(func(tx *bolt.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		if updateID != 0 {
			return tx.Bucket(bucketHandled).Put(u64(uint64(updateID)), nil)
		}
		return nil
	})
}

// eachEvent calls fn with every stored meetup.
func eachEvent(tx *bolt.Tx, fn func(ev meetupbot.Event) error) error {
	return tx.Bucket(bucketEvents).ForEach(func(_, v []byte) error {
		var ev meetupbot.Event
		if err := unmarshal(v, &ev); err != nil {
			return err
		}
		return fn(ev)
	})
}

func (db *DB) view(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.bolt.View(fn)
}

// Handled reports whether the effects of this update are already stored.
func (db *DB) Handled(ctx context.Context, updateID int) (bool, error) {
	var handled bool
	err := db.view(ctx, func(tx *bolt.Tx) error {
		handled = tx.Bucket(bucketHandled).Get(u64(uint64(updateID))) != nil
		return nil
	})
	return handled, err
}

// PoisonedUpdate is an update the bot gave up on: its effects failed to
// store every time it was tried. Only ids are kept, never what a member
// wrote.
type PoisonedUpdate struct {
	UpdateID int       `json:"update"`
	Kind     string    `json:"kind"`
	ChatID   int64     `json:"chat"`
	At       time.Time `json:"at"`
}

// Poison records an update as given up, and as handled, so that Telegram
// delivering it again changes nothing.
func (db *DB) Poison(ctx context.Context, updateID int, kind string, chatID int64, at time.Time) error {
	return db.update(ctx, updateID, func(tx *bolt.Tx) error {
		return putJSON(tx.Bucket(bucketPoisoned), u64(uint64(updateID)), PoisonedUpdate{UpdateID: updateID, Kind: kind, ChatID: chatID, At: at})
	})
}

// PoisonedUpdates lists the updates given up, oldest first.
func (db *DB) PoisonedUpdates(ctx context.Context) ([]PoisonedUpdate, error) {
	var poisoned []PoisonedUpdate
	err := db.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPoisoned).ForEach(func(k, v []byte) error {
			var p PoisonedUpdate
			if err := unmarshal(v, &p); err != nil {
				return err
			}
			poisoned = append(poisoned, p)
			return nil
		})
	})
	return poisoned, err
}

// Offset is the getUpdates offset to resume from.
func (db *DB) Offset(ctx context.Context) (int, error) {
	var offset int
	err := db.view(ctx, func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketMeta).Get(keyOffset); v != nil {
			offset = int(binary.BigEndian.Uint64(v))
		}
		return nil
	})
	return offset, err
}

// SaveOffset stores the offset after a fully handled batch and forgets the
// handled marks below it: Telegram will not deliver those updates again.
func (db *DB) SaveOffset(ctx context.Context, offset int) error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		handled := tx.Bucket(bucketHandled)
		// Deleting through a cursor while iterating skips keys in bbolt.
		var stale [][]byte
		c := handled.Cursor()
		for k, _ := c.First(); k != nil && binary.BigEndian.Uint64(k) < uint64(offset); k, _ = c.Next() {
			stale = append(stale, k)
		}
		for _, k := range stale {
			if err := handled.Delete(k); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keyOffset, u64(uint64(offset)))
	})
}

func u64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func id64(id int64) []byte { return u64(uint64(id)) }

func pair(a, b int64) []byte {
	k := make([]byte, 16)
	binary.BigEndian.PutUint64(k, uint64(a))
	binary.BigEndian.PutUint64(k[8:], uint64(b))
	return k
}

func getJSON(b *bolt.Bucket, key []byte, v any) (bool, error) {
	data := b.Get(key)
	if data == nil {
		return false, nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		return true, fmt.Errorf("decode record %x: %w", key, err)
	}
	return true, nil
}

func putJSON(b *bolt.Bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, data)
}

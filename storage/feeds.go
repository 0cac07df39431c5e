package storage

import (
	"context"
	"fmt"

	"github.com/meetupbot/meetupbot"
	bolt "go.etcd.io/bbolt"
)

// FeedToken returns the group's calendar feed token, made with newToken
// the first time or, with renew, again, which ends the old feed URL.
func (db *DB) FeedToken(ctx context.Context, updateID int, groupID int64, renew bool, newToken func() string) (string, error) {
	var token string
	err := db.update(ctx, updateID, func(tx *bolt.Tx) error {
		chats, feeds := tx.Bucket(bucketChats), tx.Bucket(bucketFeeds)
		c := meetupbot.Chat{ID: groupID}
		if _, err := getJSON(chats, id64(groupID), &c); err != nil {
			return err
		}
		if c.FeedToken != "" && !renew {
			token = c.FeedToken
			return nil
		}
		if c.FeedToken != "" {
			if err := feeds.Delete([]byte(c.FeedToken)); err != nil {
				return err
			}
		}
		c.FeedToken = newToken()
		token = c.FeedToken
		if err := feeds.Put([]byte(token), id64(groupID)); err != nil {
			return err
		}
		return putJSON(chats, id64(groupID), c)
	})
	if err != nil {
		return "", fmt.Errorf("calendar feed of group %d: %w", groupID, err)
	}
	return token, nil
}

// GroupByFeed finds the group of a calendar feed token; ok is false for a
// token that is no group's (or no longer).
func (db *DB) GroupByFeed(ctx context.Context, token string) (meetupbot.Chat, bool, error) {
	var c meetupbot.Chat
	found := false
	err := db.view(ctx, func(tx *bolt.Tx) error {
		id := tx.Bucket(bucketFeeds).Get([]byte(token))
		if id == nil {
			return nil
		}
		found = true
		_, err := getJSON(tx.Bucket(bucketChats), id, &c)
		return err
	})
	return c, found, err
}

var keyWebhookSecret = []byte("webhook_secret")

// WebhookSecret is the secret Telegram sends with every webhook request,
// made with newSecret the first time and kept, so a restart does not
// change it under requests in flight.
func (db *DB) WebhookSecret(ctx context.Context, newSecret func() string) (string, error) {
	var secret string
	err := db.update(ctx, 0, func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if v := meta.Get(keyWebhookSecret); v != nil {
			secret = string(v)
			return nil
		}
		secret = newSecret()
		return meta.Put(keyWebhookSecret, []byte(secret))
	})
	return secret, err
}

package playground

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/app"
	"github.com/meetupbot/meetupbot/bot"
	"github.com/meetupbot/meetupbot/bot/outbox"
	"github.com/meetupbot/meetupbot/bot/telegramtest"
	"github.com/meetupbot/meetupbot/storage"
)

// limits are Telegram's sending limits ten times faster: the page shows
// the pacing without making its visitor wait a minute for the twentieth
// message to a group.
var limits = outbox.Limits{
	Global: 3 * time.Millisecond, PerChat: 100 * time.Millisecond, GroupPerMinute: 20, GroupWindow: 6 * time.Second,
	Edit: 300 * time.Millisecond, MaxAttempts: 8, Backoff: 50 * time.Millisecond,
}

// latency is the round trip to the fake: real Telegram is tens of
// milliseconds away, and the page should feel like it.
const latency = 30 * time.Millisecond

// groupID is the playground group's id, a supergroup's as Telegram gives
// them.
const groupID = -1001234567890

// member is someone the visitor can act as.
type member struct {
	user  tgbotapi.User
	admin bool
}

// session is one run of the real bot and scheduler against a fresh fake
// Telegram: "reset" ends it and starts another.
type session struct {
	fake  *telegramtest.Server
	db    *storage.DB
	clock *meetupbot.ManualClock
	// started is the clock's time when the session began.
	started time.Time
	// main is the bot and its scheduler, wired as in production.
	main  *app.Main
	group tgbotapi.Chat
	// topics are the forum topics by thread id, when the group is a forum.
	topics  map[int]string
	members []member
	// tempDir holds the database when no path was given; removed at close.
	tempDir string
	stop    context.CancelFunc
	done    chan error
}

// sessionOptions are what stays the same across resets.
type sessionOptions struct {
	databasePath string
	forum        bool
	defaults     meetupbot.Defaults
	start        time.Time
	log          *slog.Logger
}

// startSession opens the database, starts the fake with the group and its
// members, and runs the bot and the scheduler until close.
func startSession(opts sessionOptions) (_ *session, err error) {
	s := &session{fake: telegramtest.NewServer(), topics: map[int]string{}}
	defer func() {
		if err != nil {
			s.fake.Close()
			if s.tempDir != "" {
				os.RemoveAll(s.tempDir)
			}
		}
	}()
	s.fake.SetLatency(latency)
	path := opts.databasePath
	if path == "" {
		if s.tempDir, err = os.MkdirTemp("", "meetupbot-playground"); err != nil {
			return nil, err
		}
		path = filepath.Join(s.tempDir, "playground.db")
	}
	if s.db, err = storage.Open(path, storage.Options{}); err != nil {
		return nil, err
	}
	api, err := bot.Connect(telegramtest.Token, s.fake.Endpoint(), time.Minute)
	if err != nil {
		s.db.Close()
		return nil, err
	}
	s.started = opts.start.In(opts.defaults.Location)
	s.clock = meetupbot.NewManualClock(s.started)
	s.setUp(opts.forum)

	s.main = app.New(api, s.db, s.clock, app.Config{Bot: bot.Config{
		Defaults: opts.defaults, PollTimeout: 50 * time.Second,
		Limits: limits, Pacing: meetupbot.SystemClock{},
	}}, opts.log)
	ctx, stop := context.WithCancel(context.Background())
	s.stop, s.done = stop, make(chan error, 1)
	go func() { s.done <- s.main.Run(ctx) }()
	return s, nil
}

// setUp makes the group and its people: an organizer who is the group's
// admin and four members, one of them writing in English.
func (s *session) setUp(forum bool) {
	const title = "Social Media Stammtisch"
	if forum {
		s.group = s.fake.Forum(groupID, title)
		s.topics[1] = "General"
		s.topics[s.fake.Topic(groupID, "Meetups")] = "Meetups"
	} else {
		s.group = s.fake.Group(groupID, title)
	}
	for i, p := range []struct {
		name, lang string
	}{{"Olga", "de"}, {"Anna", "de"}, {"Ben", "de"}, {"Cem", "de"}, {"Dana", "en"}} {
		u := s.fake.User(int64(i+1), p.name, p.lang)
		s.fake.Join(groupID, u)
		s.members = append(s.members, member{user: u, admin: i == 0})
	}
	s.fake.SetAdmins(groupID, s.members[0].user)
}

// close stops the bot and the scheduler and removes a temporary database.
func (s *session) close() error {
	s.stop()
	errs := []error{<-s.done, s.db.Close()}
	s.fake.Close()
	if s.tempDir != "" {
		errs = append(errs, os.RemoveAll(s.tempDir))
	}
	return errors.Join(errs...)
}

// member finds someone the visitor can act as.
func (s *session) member(id int64) (member, bool) {
	i := slices.IndexFunc(s.members, func(m member) bool { return m.user.ID == id })
	if i < 0 {
		return member{}, false
	}
	return s.members[i], true
}

// addMember makes a new member who joins the group.
func (s *session) addMember(name, lang string) member {
	id := int64(len(s.members) + 1)
	u := s.fake.User(id, name, lang)
	s.fake.Join(groupID, u)
	m := member{user: u}
	s.members = append(s.members, m)
	return m
}

// setLanguage changes the language a member's app is set to, which
// Telegram sends along with every update of theirs.
func (s *session) setLanguage(id int64, lang string) {
	for i, m := range s.members {
		if m.user.ID == id {
			s.members[i].user = s.fake.User(id, m.user.FirstName, lang)
		}
	}
}

// idle waits until everything the last input caused is done: every update
// handled, every due job run, every message sent.
func (s *session) idle(ctx context.Context) error {
	for {
		_, changed := s.fake.Changes()
		// Asked in the order work flows, so no handover is missed in
		// between.
		confirmed := s.fake.Confirmed()
		quiet, activity := s.main.Idle()
		if confirmed && quiet {
			return nil
		}
		// The scheduler's Busy changes without the fake or the activity
		// seeing it, so it is asked again shortly.
		select {
		case <-ctx.Done():
			return fmt.Errorf("the bot is still busy: %w", context.Cause(ctx))
		case <-changed:
		case <-activity:
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// awaitAnswer waits for the bot's answer to a button press.
func (s *session) awaitAnswer(ctx context.Context, queryID string) (telegramtest.CallbackAnswer, error) {
	for {
		_, changed := s.fake.Changes()
		if a, ok := s.fake.Answer(queryID); ok {
			return a, nil
		}
		select {
		case <-ctx.Done():
			return telegramtest.CallbackAnswer{}, fmt.Errorf("no answer to the press: %w", context.Cause(ctx))
		case <-changed:
		}
	}
}

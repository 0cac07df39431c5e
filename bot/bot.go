// Package bot is meetupbot's Telegram side: the update loop, command and
// button routing, organizer checks, message texts in German and English,
// keyboards, and the outbox that keeps Telegram's limits.
package bot

import (
	"context"
	"log/slog"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
)

// Store is the state the bot reads and changes.
type Store interface {
	Handled(ctx context.Context, updateID int) (bool, error)
	Offset(ctx context.Context) (int, error)
	SaveOffset(ctx context.Context, offset int) error

	Touch(ctx context.Context, chat meetupbot.Chat, m meetupbot.Member) (meetupbot.Member, error)
	Chat(ctx context.Context, id int64) (meetupbot.Chat, error)
	UpdateChat(ctx context.Context, id int64, edit func(*meetupbot.Chat)) (meetupbot.Chat, error)
	Groups(ctx context.Context) ([]meetupbot.Chat, error)
	MemberGroups(ctx context.Context, userID int64) ([]meetupbot.Chat, error)
	Member(ctx context.Context, id int64) (meetupbot.Member, error)
	UpdateMember(ctx context.Context, id int64, edit func(*meetupbot.Member)) (meetupbot.Member, error)
	SetPending(ctx context.Context, userID int64, command string) error
	TakePending(ctx context.Context, userID int64) (string, error)

	CreateEvent(ctx context.Context, ev meetupbot.Event) (meetupbot.Event, error)
	Event(ctx context.Context, id int64) (meetupbot.Event, error)
	Events(ctx context.Context, chatID int64, from time.Time) ([]meetupbot.Event, error)
	EditEvent(ctx context.Context, id int64, now time.Time, edit func(*meetupbot.Event) error) (meetupbot.EventChange, error)
	Answer(ctx context.Context, eventID, userID int64, a meetupbot.Answer, now time.Time) (meetupbot.AnswerResult, error)
	AnswerPresses(ctx context.Context, presses []meetupbot.Press, now time.Time, allow func(meetupbot.Event, meetupbot.Press) bool) ([]meetupbot.PressResult, error)
	RSVP(ctx context.Context, eventID, userID int64) (meetupbot.RSVP, error)
	Attendees(ctx context.Context, eventID int64) ([]meetupbot.Attendee, error)

	QueueAnnouncement(ctx context.Context, eventID int64, out meetupbot.Outgoing, again bool, now time.Time) (meetupbot.Outgoing, error)
	SkipAnnouncement(ctx context.Context, eventID int64) error
	QueueReminder(ctx context.Context, eventID int64, start time.Time, before time.Duration, outs []meetupbot.Outgoing) ([]meetupbot.Outgoing, error)
	ContinueSeries(ctx context.Context, eventID int64, next meetupbot.Event) (meetupbot.Event, error)
	AddPost(ctx context.Context, post meetupbot.Post) (meetupbot.Post, error)
	RemovePost(ctx context.Context, chatID, postID int64) (meetupbot.Post, error)
	ChatPosts(ctx context.Context, chatID int64) ([]meetupbot.Post, error)
	ReschedulePosts(ctx context.Context, chatID int64, next func(meetupbot.Post) time.Time) error
	FirePost(ctx context.Context, postID int64, due, following time.Time, outs []meetupbot.Outgoing) ([]meetupbot.Outgoing, error)

	MemberData(ctx context.Context, userID int64) (meetupbot.MemberData, error)
	Forget(ctx context.Context, userID int64, now time.Time) ([]meetupbot.EventChange, error)

	Queue(ctx context.Context, outs []meetupbot.Outgoing) ([]meetupbot.Outgoing, error)
	Outbox(ctx context.Context, after uint64) ([]meetupbot.Outgoing, error)
	Delivered(ctx context.Context, out meetupbot.Outgoing, messageID int) (meetupbot.Event, meetupbot.MessageRef, error)
}

// Planner is the scheduler, as far as commands need it.
type Planner interface {
	// Replan says that meetups, group settings or posts changed, so jobs
	// may have moved.
	Replan()
	// NextPost checks a cron spec and says when it first runs after after.
	NextPost(spec string, loc *time.Location, after time.Time) (time.Time, error)
}

// Telegram is the part of the Telegram client the bot calls.
type Telegram interface {
	Send(c tgbotapi.Chattable) (tgbotapi.Message, error)
	Request(c tgbotapi.Chattable) (*tgbotapi.APIResponse, error)
	GetUpdates(config tgbotapi.UpdateConfig) ([]tgbotapi.Update, error)
	GetChatAdministrators(config tgbotapi.ChatAdministratorsConfig) ([]tgbotapi.ChatMember, error)
}

// Config is how the bot behaves.
type Config struct {
	// Self is the bot's own account, for deep links and @mentions.
	Self tgbotapi.User
	// Language is every group's language until an organizer sets another.
	Language meetupbot.Lang
	// Location is the time zone of groups that have not set their own.
	Location *time.Location
	// AnnounceBefore is how long before the start a new meetup is announced.
	AnnounceBefore time.Duration
	// Reminders are the reminder lead times of groups that have not set
	// their own.
	Reminders []time.Duration
	// Planner is told about changes that move scheduled jobs.
	Planner Planner
	// OrganizerIDs are organizers in every chat, besides each group's admins.
	OrganizerIDs []int64
	// AdminCacheTTL is how long a group's administrator list is trusted.
	AdminCacheTTL time.Duration
	// PollTimeout is the long-polling timeout of getUpdates.
	PollTimeout time.Duration
	// ShutdownGrace bounds how long queued messages are still sent after
	// the bot is told to stop.
	ShutdownGrace time.Duration
	Limits        Limits
	Logger        *slog.Logger
}

// Bot runs meetups from group chats.
type Bot struct {
	api    Telegram
	store  Store
	clock  meetupbot.Clock
	cfg    Config
	log    *slog.Logger
	out    *outbox
	admins *adminCache
	// commands maps a command name to how it is handled.
	commands map[string]command
	// answers sends the answers to batches of presses in order.
	answers answerChain

	// storedMu serialises reading the stored outbox, so each stored
	// message is queued once; storedUpTo is the last one queued.
	storedMu   sync.Mutex
	storedUpTo uint64

	zonesMu sync.Mutex
	zones   map[string]*time.Location
}

// New builds a bot; Run starts it.
func New(api Telegram, store Store, clock meetupbot.Clock, cfg Config) *Bot {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	if cfg.Language == "" {
		cfg.Language = meetupbot.German
	}
	if cfg.AdminCacheTTL <= 0 {
		cfg.AdminCacheTTL = 5 * time.Minute
	}
	if cfg.PollTimeout <= 0 {
		cfg.PollTimeout = 50 * time.Second
	}
	if cfg.ShutdownGrace <= 0 {
		cfg.ShutdownGrace = 3 * time.Second
	}
	if cfg.AnnounceBefore <= 0 {
		cfg.AnnounceBefore = 14 * 24 * time.Hour
	}
	if cfg.Limits == (Limits{}) {
		cfg.Limits = TelegramLimits()
	}
	b := &Bot{api: api, store: store, clock: clock, cfg: cfg, log: cfg.Logger, zones: map[string]*time.Location{}}
	b.out = newOutbox(api, cfg.Limits, cfg.Logger, b.unreachable)
	b.admins = newAdminCache(api, cfg.AdminCacheTTL, clock, cfg.Logger)
	b.commands = b.commandTable()
	return b
}

// Run handles updates until ctx is done, then sends what is still queued
// for at most the shutdown grace period.
func (b *Bot) Run(ctx context.Context) error {
	b.registerCommands()
	drainCtx, cancelDrain := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelDrain()
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		b.out.run(ctx, drainCtx)
	}()
	// Messages stored before a restart go first; announcements are brought
	// up to date, since edits queued before a crash were lost with it.
	b.sendStored(ctx)
	b.refreshAllCards(ctx)
	err := b.poll(ctx)
	timer := time.AfterFunc(b.cfg.ShutdownGrace, cancelDrain)
	defer timer.Stop()
	<-sent
	return err
}

// refreshAllCards queues an edit of every upcoming meetup's announcement
// and cards; one that is already exact costs a "not modified" answer.
func (b *Bot) refreshAllCards(ctx context.Context) {
	groups, err := b.store.Groups(ctx)
	if err != nil {
		b.log.Error("list groups", "error", err)
		return
	}
	for _, g := range groups {
		b.refreshGroupCards(ctx, g.ID)
	}
}

// unreachable records that a member blocked the bot or never started it, so
// nobody tries to write to them privately until they press Start again.
func (b *Bot) unreachable(ctx context.Context, chatID int64) {
	if chatID <= 0 {
		return
	}
	if _, err := b.store.UpdateMember(ctx, chatID, func(m *meetupbot.Member) { m.Started = false }); err != nil {
		b.log.Error("mark member unreachable", "member", chatID, "error", err)
	}
}

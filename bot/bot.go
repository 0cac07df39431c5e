// Package bot is meetupbot's Telegram side: the update loop, routing and the
// use cases. An update flows one way: input reads what the member meant,
// the domain's rules decide, storage commits the change with the messages
// it causes, view draws them, and the outbox sends them.
package bot

import (
	"context"
	"log/slog"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/outbox"
	"github.com/meetupbot/meetupbot/bot/view"
)

// Store is everything the bot keeps: the union of the roles its parts
// declare where they use them.
type Store interface {
	updateLog
	directory
	meetups
	settings
	jobStore
	privacyStore
	sentStore
	groupStore
	topicStore
	draftStore
	doorStore
	talkStore
	feedbackStore
	feedStore
}

// Planner is the scheduler, as far as commands need it.
type Planner interface {
	// Replan says that meetups, group settings or posts changed, so jobs
	// may have moved.
	Replan()
	// NextPost checks a cron spec and says when it first runs after after.
	NextPost(spec string, loc *time.Location, after time.Time) (time.Time, error)
}

// Telegram is the part of the Telegram client the bot calls. Updates and
// messages go through MakeRequest, since tgbotapi's types predate forum
// topics; callback answers and menus through tgbotapi's own configs.
type Telegram interface {
	outbox.Sender
	Request(c tgbotapi.Chattable) (*tgbotapi.APIResponse, error)
	GetChatAdministrators(config tgbotapi.ChatAdministratorsConfig) ([]tgbotapi.ChatMember, error)
	GetChatMember(config tgbotapi.GetChatMemberConfig) (tgbotapi.ChatMember, error)
}

// Config is how the bot behaves.
type Config struct {
	// Self is the bot's own account, for deep links and @mentions.
	Self tgbotapi.User
	// Defaults are every group's settings until its organizers change them.
	meetupbot.Defaults
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
	// Limits are Telegram's sending limits; zero means Telegram's own.
	Limits outbox.Limits
	// Pacing is the clock of the outbox and of the poll loop's backoff; nil
	// is the bot's one clock, the meetups'. Only tests and the playground,
	// which move the meetups' clock by hand, keep the wall clock here: the
	// Bot API counts its limits in real time, and a message must not wait
	// for someone to move the meetups' clock before it goes out.
	Pacing meetupbot.Clock
	// Activity, when set, counts work in flight, for tests and the
	// playground to wait until the bot is idle.
	Activity *meetupbot.Activity
	// PublicURL is where the optional HTTP side is reached from outside,
	// for calendar feed links; empty without one.
	PublicURL string
	// Metrics, when set, counts updates and commands.
	Metrics Metrics
	// WebhookURL, when set, has Telegram post updates there (with
	// WebhookSecret in every request) instead of long polling; the HTTP
	// side hands them to HandleUpdate.
	WebhookURL    string
	WebhookSecret string
	Logger        *slog.Logger
}

// Metrics count what the bot handles, for the operator's dashboard.
type Metrics interface {
	// Update counts a handled update of a kind and how long it took.
	Update(kind string, d time.Duration)
	// Command counts a command run, by its name in the command table.
	Command(name string)
}

type noMetrics struct{}

func (noMetrics) Update(string, time.Duration) {}
func (noMetrics) Command(string)               {}

// Backlog is how many messages wait in the outbox and how long the oldest
// has waited.
func (b *Bot) Backlog() (int, time.Duration) { return b.out.Backlog() }

// Bot runs meetups from group chats.
type Bot struct {
	api      Telegram
	updates  updateLog
	dir      directory
	meetups  meetups
	settings settings
	jobs     jobStore
	privacy  privacyStore
	sent     sentStore
	groups   groupStore
	topics   topicStore
	drafts   draftStore
	door     doorStore
	talks    talkStore
	feedback feedbackStore
	feeds    feedStore
	clock    meetupbot.Clock
	pacing   meetupbot.Clock
	cfg      Config
	log      *slog.Logger
	out      *outbox.Outbox
	admins   *adminCache
	members  *memberCache
	activity *meetupbot.Activity
	// commands maps a command name to how it is handled.
	commands map[string]command
	// answers sends the answers to batches of presses in order.
	answers answerChain
	// webhookChats orders each chat's updates posted to the webhook.
	webhookChats chatLocks
	// tries counts failed tries of updates, polled or posted.
	tries tries

	// storedMu serialises reading the stored outbox, so each stored
	// message is queued once; storedUpTo is the last one read,
	// storedQueued those queued and not yet sent or refused, storedHeld the
	// first held for the night, storedParked those a closed topic refused.
	storedMu     sync.Mutex
	storedUpTo   uint64
	storedHeld   uint64
	storedQueued map[uint64]bool
	storedParked map[uint64]bool

	zonesMu sync.Mutex
	zones   map[string]*time.Location
}

// New builds a bot; Run starts it.
func New(api Telegram, store Store, clock meetupbot.Clock, cfg Config) *Bot {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	cfg.Defaults = cfg.Defaults.Filled()
	if cfg.Pacing == nil {
		cfg.Pacing = clock
	}
	if cfg.AdminCacheTTL <= 0 {
		cfg.AdminCacheTTL = 5 * time.Minute
	}
	if cfg.PollTimeout <= 0 {
		cfg.PollTimeout = 50 * time.Second
	}
	if cfg.Metrics == nil {
		cfg.Metrics = noMetrics{}
	}
	if cfg.ShutdownGrace <= 0 {
		cfg.ShutdownGrace = 3 * time.Second
	}
	b := &Bot{
		api: api, updates: store, dir: store, meetups: store, settings: store, jobs: store, privacy: store, sent: store, groups: store, topics: store, drafts: store, door: store, talks: store, feedback: store, feeds: store,
		clock: clock, pacing: cfg.Pacing, cfg: cfg, log: cfg.Logger, activity: cfg.Activity,
		zones: map[string]*time.Location{}, storedQueued: map[uint64]bool{}, storedParked: map[uint64]bool{},
	}
	b.out = outbox.New(api, cfg.Limits, cfg.Pacing, cfg.Logger, cfg.Activity, b.refused)
	b.admins = newAdminCache(api, cfg.AdminCacheTTL, clock, cfg.Logger)
	b.members = newMemberCache(api, cfg.AdminCacheTTL, clock, cfg.Logger)
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
		b.out.Run(ctx, drainCtx)
	}()
	// Messages stored before a restart go first; announcements are brought
	// up to date, since edits queued before a crash were lost with it.
	b.sendStored(ctx)
	b.refreshAllCards(ctx)
	b.answerLeftovers(ctx)
	var err error
	if b.cfg.WebhookURL != "" {
		err = b.serveWebhook(ctx)
	} else {
		err = b.poll(ctx)
	}
	timer := time.AfterFunc(b.cfg.ShutdownGrace, cancelDrain)
	defer timer.Stop()
	<-sent
	return err
}

// context is what the views need to draw for a group: the reader's
// language, the group's zone and topic, the time, and the bot's name.
func (b *Bot) context(ctx context.Context, groupID int64, lang meetupbot.Lang) view.Context {
	var chat meetupbot.Chat
	if groupID != 0 {
		chat, _ = b.dir.Chat(ctx, groupID)
	}
	return b.contextOf(chat, lang)
}

// contextOf draws for a group already read.
func (b *Bot) contextOf(chat meetupbot.Chat, lang meetupbot.Lang) view.Context {
	return view.Context{Lang: lang, Zone: b.location(chat), Now: b.clock.Now(), Bot: b.cfg.Self.UserName, Topic: chat.Topic, Night: b.nightOf(chat)}
}

// nightOf is a group's quiet hours in its zone.
func (b *Bot) nightOf(chat meetupbot.Chat) meetupbot.Night {
	return meetupbot.Night{Hours: chat.QuietHours(*b.cfg.Quiet), Zone: b.location(chat)}
}

// groupContext draws in a group's own language.
func (b *Bot) groupContext(ctx context.Context, groupID int64) view.Context {
	chat, _ := b.dir.Chat(ctx, groupID)
	return b.contextOf(chat, b.orDefault(chat.Lang))
}

// location is the time zone of a group's meetups; zones are loaded once.
func (b *Bot) location(chat meetupbot.Chat) *time.Location {
	if chat.TimeZone == "" {
		return b.cfg.Location
	}
	b.zonesMu.Lock()
	defer b.zonesMu.Unlock()
	if loc, ok := b.zones[chat.TimeZone]; ok {
		return loc
	}
	loc := chat.Location(b.cfg.Location)
	b.zones[chat.TimeZone] = loc
	return loc
}

func (b *Bot) groupLang(ctx context.Context, chatID int64) meetupbot.Lang {
	chat, _ := b.dir.Chat(ctx, chatID)
	return b.orDefault(chat.Lang)
}

// orDefault is lang, or the bot's language where none was chosen.
func (b *Bot) orDefault(lang meetupbot.Lang) meetupbot.Lang {
	if lang == "" {
		return b.cfg.Language
	}
	return lang
}

// chatLang is the language the bot speaks in a chat: a group's own setting
// or the default; in private, the member's choice or their app's language.
func (b *Bot) chatLang(ctx context.Context, chat meetupbot.Chat, from meetupbot.Member) meetupbot.Lang {
	if chat.Type == "private" {
		return from.PrivateLang(b.cfg.Language)
	}
	return b.groupLang(ctx, chat.ID)
}

// notify renders the notices of a change to a meetup of a group, for
// storage to commit with the change, and says the group's night, by which
// offers in it are timed.
func (b *Bot) notify(ctx context.Context, groupID int64) (meetupbot.Night, meetupbot.Notify) {
	nights, notify := b.notifyGroups(ctx, []int64{groupID})
	return nights.Of(groupID), notify
}

// reachableOrganizers are the group's organizers who started the bot, to
// be told privately what the group is not.
func (b *Bot) reachableOrganizers(ctx context.Context, groupID int64) []meetupbot.Member {
	var organizers []meetupbot.Member
	for _, id := range b.organizerIDs(groupID) {
		if m, err := b.dir.Member(ctx, id); err == nil && m.Started {
			organizers = append(organizers, m)
		}
	}
	return organizers
}

// refused learns from Telegram's refusals: a member who blocked the bot or
// never started it is not written to privately until they press Start
// again.
func (b *Bot) refused(ctx context.Context, chatID int64, refusal *tgbotapi.Error) {
	if refusal.MigrateToChatID != 0 {
		if err := b.migrate(ctx, 0, chatID, refusal.MigrateToChatID); err != nil {
			b.log.Error("move an upgraded group", "error", err)
		}
		return
	}
	switch {
	case chatID < 0 && refusal.Code == 403:
		// Removed from the group without the bot seeing the update.
		chat, _ := b.dir.Chat(ctx, chatID)
		if chat.IsGroup() && !chat.Removed {
			if err := b.setBotInGroup(ctx, 0, chat, false); err != nil {
				b.log.Error("record the bot's removal from a group", "error", err)
			}
		}
	case chatID > 0 && refusal.Code == 403:
		if _, err := b.settings.UpdateMember(ctx, 0, chatID, func(m *meetupbot.Member) { m.Started = false }); err != nil {
			b.log.Error("mark member unreachable", "member", chatID, "error", err)
		}
	}
}

// Command meetupbot runs the meetup bot. It is the only place that wires the
// Telegram side, the storage and the clock together.
//
//	meetupbot [serve]        run the bot (the default)
//	meetupbot backup <file>  copy the database
//	meetupbot check          check configuration, database and token
//	meetupbot health         ask the running bot's /healthz
//	meetupbot version        the version and commit
//	meetupbot playground     try the bot in a browser, without Telegram
//	meetupbot help           show this help
package main

import (
	"cmp"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // BOT_TIMEZONE must work on hosts without a zoneinfo database.

	"github.com/joho/godotenv"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/app"
	"github.com/meetupbot/meetupbot/bot"
	"github.com/meetupbot/meetupbot/storage"
	"github.com/meetupbot/meetupbot/web"
)

// Exit statuses.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

// pollTimeout is the long-polling timeout; the HTTP client allows a margin on
// top of it, so a silent network cannot hang the bot.
const pollTimeout = 50 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `usage: meetupbot [serve]        run the bot
       meetupbot backup <file>  write a consistent copy of the database, also while the bot runs
       meetupbot check          check the configuration, the database and the token, and list the groups
       meetupbot health         ask the running bot's /healthz (for a container's HEALTHCHECK)
       meetupbot version        the version and the commit it was built from
       meetupbot playground [-addr 127.0.0.1:8080] [-forum]
                                try the bot in the browser, with no token: the real bot
                                against a built-in fake Telegram

Configuration comes from the environment and a .env file; see .env.example.`

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	command := "serve"
	if len(args) > 0 {
		command = args[0]
	}
	switch {
	case command == "serve" && len(args) <= 1:
	case command == "backup" && len(args) == 2:
	case command == "check" && len(args) == 1:
	case command == "health" && len(args) == 1:
	case command == "version" && len(args) == 1:
		fmt.Fprintln(stdout, version())
		return exitOK
	case command == "playground":
		return runPlayground(ctx, args[1:], getenv, stdout, stderr)
	case command == "help" || command == "-h" || command == "--help":
		fmt.Fprintln(stderr, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "meetupbot: unknown command %q\n%s\n", strings.Join(args, " "), usage)
		return exitUsage
	}
	if err := godotenv.Load(); err != nil && !errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stderr, "meetupbot: .env: %v\n", err)
		return exitUsage
	}
	if command == "health" {
		return health(ctx, getenv("HTTP_ADDR"), stdout, stderr)
	}
	if command == "backup" {
		n, err := backup(ctx, databasePath(getenv), args[1])
		if err != nil {
			fmt.Fprintf(stderr, "meetupbot: backup: %v\n", err)
			return exitFailed
		}
		fmt.Fprintf(stderr, "meetupbot: backup of %s written to %s (%d bytes)\n", databasePath(getenv), args[1], n)
		return exitOK
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "meetupbot: %v\n", err)
		if cfg.Token == "" {
			fmt.Fprintln(stderr, "meetupbot: no token yet? Try the bot in your browser without one: go run ./cmd/meetupbot playground")
		}
		return exitUsage
	}
	if command == "check" {
		return check(ctx, cfg, stdout, stderr)
	}
	log := newLogger(stderr, cfg.LogFormat, cfg.LogLevel)
	if err := serve(ctx, cfg, log); err != nil {
		log.Error("meetupbot stopped", "error", bot.RedactError(err, cfg.Token))
		return exitFailed
	}
	return exitOK
}

func serve(ctx context.Context, cfg config, log *slog.Logger) (err error) {
	// A start that fails before the bot runs leaves no new database file
	// behind: a wrong token must not leave an empty meetupbot.db to puzzle
	// over.
	_, statErr := os.Stat(cfg.DatabasePath)
	created, running := errors.Is(statErr, fs.ErrNotExist), false
	defer func() {
		if err != nil && created && !running {
			os.Remove(cfg.DatabasePath)
		}
	}()
	db, err := storage.Open(cfg.DatabasePath, storage.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	api, err := bot.Connect(cfg.Token, cfg.Endpoint, pollTimeout+10*time.Second)
	if err != nil {
		return err
	}
	groups, upcoming, err := db.Summary(ctx, time.Now())
	if err != nil {
		return err
	}
	log.Info("meetupbot started", "bot", "@"+api.Self.UserName, "mode", webhookMode(cfg), "database", cfg.DatabasePath,
		"groups", groups, "upcoming_meetups", upcoming, "language", cfg.Language, "timezone", cfg.Location.String())
	backups, err := serveBackups(cfg.DatabasePath, db, log)
	if err != nil {
		return err
	}
	defer backups.Close()
	var opts runOptions
	if cfg.WebhookURL != "" {
		if opts.webhookSecret, err = db.WebhookSecret(ctx, rand.Text); err != nil {
			return err
		}
	}
	if cfg.HTTPAddr != "" {
		if opts.listener, err = net.Listen("tcp", cfg.HTTPAddr); err != nil {
			return fmt.Errorf("listen on HTTP_ADDR: %w", err)
		}
		log.Info("HTTP side listening", "addr", opts.listener.Addr().String(), "public_url", cfg.PublicURL)
	}
	running = true
	err = runBot(ctx, api, db, opts, cfg, log)
	log.Info("meetupbot stopped")
	return err
}

// webhookMode names how updates arrive, for the first log line.
func webhookMode(cfg config) string {
	if cfg.WebhookURL != "" {
		return "webhook"
	}
	return "polling"
}

// newLogger writes log lines, as text or JSON, from level up, in which
// every time, the line's own and any attribute, is RFC 3339 in the host's
// zone with its offset, so times read alike whatever stored them.
func newLogger(w io.Writer, format string, level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{
		Level: level,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Value.Kind() == slog.KindTime {
				return slog.String(a.Key, a.Value.Time().Local().Format(time.RFC3339))
			}
			return a
		},
	}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// runOptions are what a serve or a test sets up before the bot runs.
type runOptions struct {
	// listener, when set, serves the HTTP side: health, metrics, feeds,
	// and the webhook with webhookSecret.
	listener      net.Listener
	webhookSecret string
	// bounds and pollTimeout, when set, replace the health bounds and the
	// long-polling timeout: a test cannot wait minutes for Telegram to
	// count as down.
	bounds      *web.Bounds
	pollTimeout time.Duration
}

// webhookPath is the path Telegram posts to, which the proxy passes on.
func webhookPath(webhookURL string) string {
	u, err := url.Parse(webhookURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}

// runBot runs the bot and its scheduler on the database until ctx is done,
// with the HTTP side when opts has a listener.
func runBot(ctx context.Context, api bot.Client, db *storage.DB, opts runOptions, cfg config, log *slog.Logger) error {
	appCfg := app.Config{Bot: bot.Config{
		Defaults:      cfg.Defaults,
		OrganizerIDs:  cfg.OrganizerIDs,
		PollTimeout:   cmp.Or(opts.pollTimeout, pollTimeout),
		PublicURL:     cfg.PublicURL,
		WebhookURL:    cfg.WebhookURL,
		WebhookSecret: opts.webhookSecret,
	}}
	clock := meetupbot.SystemClock{}
	var m *app.Main
	var metrics *web.Metrics
	if opts.listener != nil {
		metrics = web.NewMetrics(func() (int, time.Duration) { return m.Backlog() }, func() int64 { return fileSize(cfg.DatabasePath) })
		api.Observe = metrics.Request
		appCfg.Bot.Metrics, appCfg.Jobs = metrics, metrics
	}
	m = app.New(api, db, clock, appCfg, log)
	httpCtx, stopHTTP := context.WithCancel(ctx)
	defer stopHTTP()
	served := make(chan error, 1)
	if opts.listener != nil {
		health := func(ctx context.Context) web.Report {
			_, oldest := m.Backlog()
			_, dbErr := db.Handled(ctx, 0)
			return web.Report{Database: dbErr, LastAPISuccess: api.LastSuccess(), OldestQueued: oldest, SchedulerLag: m.Lag()}
		}
		srv := web.New(health, metrics, m, clock.Now, log)
		if opts.bounds != nil {
			srv.Bounds = *opts.bounds
		}
		if cfg.WebhookURL != "" {
			srv.AcceptWebhook(web.Webhook{Path: webhookPath(cfg.WebhookURL), Secret: opts.webhookSecret, Updates: m})
		}
		go func() { served <- srv.Serve(httpCtx, opts.listener) }()
	} else {
		served <- nil
	}
	err := m.Run(ctx)
	stopHTTP()
	if httpErr := <-served; httpErr != nil && err == nil {
		err = fmt.Errorf("HTTP side: %w", httpErr)
	}
	return err
}

// fileSize is a file's size, 0 when it cannot be read.
func fileSize(path string) int64 {
	info, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return info.Size()
}

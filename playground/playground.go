// Package playground runs the real bot and scheduler against the fake Bot
// API and serves a page that looks and works like Telegram, so anyone can
// try every command and button without a token or the internet.
package playground

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/meetupbot/meetupbot"
)

//go:embed static
var static embed.FS

// DefaultAddr is where the page is served unless told otherwise: loopback
// only, since whoever reaches the page acts as every member.
const DefaultAddr = "127.0.0.1:8080"

// Options configure the playground.
type Options struct {
	// DatabasePath keeps the meetups across runs; empty: a temporary
	// database, removed at the end and renewed by reset.
	DatabasePath string
	// Forum makes the group a forum with topics.
	Forum bool
	// Defaults are the groups' settings, as in the real bot.
	Defaults meetupbot.Defaults
	// Start is where the bot's clock starts, and starts again on reset;
	// zero is the current hour in the bot's zone. Tests set it, so they
	// read the same calendar at any hour of the day.
	Start  time.Time
	Logger *slog.Logger
}

// Playground is the running bot with its page.
type Playground struct {
	opts sessionOptions
	// mu guards sess (read-locked while a request acts on it, locked to
	// replace it), the scenario's progress and qrLinks.
	mu   sync.RWMutex
	sess *session
	// step is the scenario's next step; -1 while it is not being played.
	step int
	// qrLinks caches what the QR codes in photos say, by chat and message.
	qrLinks map[[2]int64]string
	// page counts changes the fake does not see (the clock, the scenario,
	// members, a reset) and wakes the live pages.
	pageMu      sync.Mutex
	pageVersion uint64
	pageChanged chan struct{}
}

// New starts the bot, the scheduler and the fake.
func New(opts Options) (*Playground, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	defaults := opts.Defaults.Filled()
	if opts.Start.IsZero() {
		// The clock starts at the hour, in the bot's zone, so times on the
		// page read like a calendar's.
		opts.Start = time.Now().In(defaults.Location).Truncate(time.Hour)
	}
	p := &Playground{
		opts:        sessionOptions{databasePath: opts.DatabasePath, forum: opts.Forum, defaults: defaults, start: opts.Start, log: opts.Logger},
		step:        -1,
		qrLinks:     map[[2]int64]string{},
		pageChanged: make(chan struct{}),
	}
	sess, err := startSession(p.opts)
	if err != nil {
		return nil, err
	}
	p.sess = sess
	return p, nil
}

// Close stops the bot and removes a temporary database.
func (p *Playground) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.sess.close()
}

// reset replaces the session with a fresh one; the caller holds p.mu.
func (p *Playground) reset() error {
	if p.opts.databasePath != "" {
		return errKeptDatabase
	}
	if err := p.sess.close(); err != nil {
		p.opts.log.Warn("playground: closing the old session", "error", err)
	}
	sess, err := startSession(p.opts)
	if err != nil {
		return err
	}
	p.sess, p.step = sess, -1
	clear(p.qrLinks)
	p.touch()
	return nil
}

var errKeptDatabase = errors.New("reset would erase DATABASE_PATH")

// touch tells live pages that something changed besides the chats.
func (p *Playground) touch() {
	p.pageMu.Lock()
	defer p.pageMu.Unlock()
	p.pageVersion++
	close(p.pageChanged)
	p.pageChanged = make(chan struct{})
}

// Serve serves the page on l until ctx is done.
func (p *Playground) Serve(ctx context.Context, l net.Listener) error {
	srv := &http.Server{Handler: p.Handler(l.Addr().String()), ReadHeaderTimeout: 10 * time.Second,
		BaseContext: func(net.Listener) context.Context { return ctx }}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(l); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Run starts the playground on addr, prints where to open it, and serves
// until ctx is done.
func Run(ctx context.Context, addr string, opts Options, out io.Writer) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	p, err := New(opts)
	if err != nil {
		l.Close()
		return err
	}
	url := "http://" + l.Addr().String() + "/"
	fmt.Fprintf(out, "meetupbot playground: open %s in your browser (Ctrl+C stops it)\n", url)
	if host, _, _ := net.SplitHostPort(l.Addr().String()); !net.ParseIP(host).IsLoopback() {
		fmt.Fprintf(out, "meetupbot playground: listening on %s: everyone who reaches it can act as every member\n", host)
	}
	serveErr := p.Serve(ctx, l)
	return errors.Join(serveErr, p.Close())
}

func staticFiles() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the embedded directory is part of the build
	}
	return sub
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/meetupbot/meetupbot/bot"
	"github.com/meetupbot/meetupbot/storage"
)

// version is the module version and the commit the binary was built from,
// as the Go toolchain records them.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "meetupbot (no build information)"
	}
	v := "meetupbot " + info.Main.Version
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		v += " commit " + rev[:min(len(rev), 12)]
		if settings["vcs.modified"] == "true" {
			v += " (modified)"
		}
		if at := settings["vcs.time"]; at != "" {
			v += " of " + at
		}
	}
	return v + ", " + info.GoVersion
}

// check tells an operator whether the bot would start: the configuration
// (already read), the database, and the token. It never prints the token.
func check(ctx context.Context, cfg config, stdout, stderr io.Writer) int {
	ok := true
	db, err := storage.Open(cfg.DatabasePath, storage.Options{ReadOnly: true, LockTimeout: time.Second})
	switch {
	case errors.Is(err, storage.ErrLocked):
		fmt.Fprintf(stdout, "database %s: in use by a running meetupbot, not read\n", cfg.DatabasePath)
	case errors.Is(err, fs.ErrNotExist):
		fmt.Fprintf(stdout, "database %s: not there yet; the first start creates it\n", cfg.DatabasePath)
	case err != nil:
		fmt.Fprintf(stderr, "meetupbot: database: %v\n", err)
		ok = false
	default:
		groups, err := db.Groups(ctx)
		db.Close()
		if err != nil {
			fmt.Fprintf(stderr, "meetupbot: database: %v\n", err)
			ok = false
			break
		}
		fmt.Fprintf(stdout, "database %s: %d groups\n", cfg.DatabasePath, len(groups))
		for _, g := range groups {
			state := ""
			if g.Removed {
				state = " (the bot was removed)"
			}
			fmt.Fprintf(stdout, "  %s (%d)%s\n", g.Title, g.ID, state)
		}
	}
	api, err := bot.Connect(cfg.Token, cfg.Endpoint, 20*time.Second)
	if err != nil {
		fmt.Fprintf(stderr, "meetupbot: telegram: %v\n", bot.RedactError(err, cfg.Token))
		return exitFailed
	}
	fmt.Fprintf(stdout, "telegram: the token belongs to @%s\n", api.Self.UserName)
	if !ok {
		return exitFailed
	}
	fmt.Fprintln(stdout, "ok: "+strings.TrimPrefix(version(), "meetupbot "))
	return exitOK
}

// health asks the running bot's /healthz, for a container's HEALTHCHECK in
// an image that has no curl: exit 0 when healthy.
func health(ctx context.Context, addr string, stdout, stderr io.Writer) int {
	if addr == "" {
		fmt.Fprintln(stderr, "meetupbot: health: HTTP_ADDR is not set, so there is no /healthz to ask")
		return exitUsage
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		fmt.Fprintf(stderr, "meetupbot: health: HTTP_ADDR: %v\n", err)
		return exitUsage
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/healthz", nil)
	if err != nil {
		fmt.Fprintf(stderr, "meetupbot: health: %v\n", err)
		return exitFailed
	}
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		fmt.Fprintf(stderr, "meetupbot: health: %v\n", err)
		return exitFailed
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	fmt.Fprintf(stdout, "%s", body)
	if resp.StatusCode != http.StatusOK {
		return exitFailed
	}
	return exitOK
}

package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/playground"
)

// runPlayground serves the playground until ctx is done. It reads
// DATABASE_PATH from the environment only, not from .env: a .env file
// belongs to a real bot, whose database the playground's made-up groups
// must not mix into.
func runPlayground(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("playground", flag.ContinueOnError)
	flags.SetOutput(stderr)
	addr := flags.String("addr", playground.DefaultAddr, "where to serve the page; other than loopback, everyone who reaches it acts as every member")
	forum := flags.Bool("forum", false, "make the group a forum with topics")
	if err := flags.Parse(args); err != nil {
		return exitUsage
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "meetupbot: playground takes no arguments, only -addr and -forum\n%s\n", usage)
		return exitUsage
	}
	opts := playground.Options{
		DatabasePath: getenv("DATABASE_PATH"),
		Forum:        *forum,
		Defaults:     meetupbot.DefaultDefaults(),
		Logger:       newLogger(stderr, "text", slog.LevelWarn),
	}
	if err := playground.Run(ctx, *addr, opts, stdout); err != nil {
		fmt.Fprintf(stderr, "meetupbot: playground: %v\n", err)
		return exitFailed
	}
	return exitOK
}

// Command meetupbench measures the bot under RSVP bursts: it runs the real
// meetupbot binary (real tgbotapi client, bbolt on disk with fsync) against
// the fake Bot API over loopback, runs a bare tgbotapi loop and raw bbolt
// writes on the same updates as baselines, and prints one table.
//
//	go run ./cmd/meetupbench            # full size, as in BENCHMARKS.md
//	go run ./cmd/meetupbench -size small
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	if os.Getenv(roleEnv) == "bare" {
		// The baseline loop runs as its own process, like the bot.
		os.Exit(runBare())
	}
	size := flag.String("size", "full", "full (the sizes of the issue) or small (seconds, for CI)")
	only := flag.String("only", "", "run only the scenarios whose name contains this")
	flag.Parse()
	sizes, ok := map[string]Sizes{"full": FullSizes, "small": SmallSizes}[*size]
	if !ok {
		fmt.Fprintf(os.Stderr, "meetupbench: -size must be full or small, not %q\n", *size)
		os.Exit(2)
	}
	report, err := Run(sizes, *only, os.Stderr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "meetupbench: %v\n", err)
		os.Exit(1)
	}
	fmt.Print(report.Table())
	if !report.Exact() {
		fmt.Fprintln(os.Stderr, "meetupbench: some final counts were not exact")
		os.Exit(1)
	}
}

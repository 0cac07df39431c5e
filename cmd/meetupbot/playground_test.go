package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/meetupbot/meetupbot/bot/telegramtest"
)

// TestPlaygroundCommand starts `meetupbot playground` as a newcomer would,
// with no token and no .env, opens the URL it prints, and stops it.
func TestPlaygroundCommand(t *testing.T) {
	t.Chdir(t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The URL is read from the output as it is written: the test waits on
	// the line, not on a clock.
	stdout, printed := io.Pipe()
	var stderr telegramtest.Log
	exit := make(chan int, 1)
	go func() {
		code := run(ctx, []string{"playground", "-addr", "127.0.0.1:0"}, func(string) string { return "" }, printed, &stderr)
		printed.Close()
		exit <- code
	}()
	url := regexp.MustCompile(`open (http://127\.0\.0\.1:\d+/) in your browser`)
	lines := bufio.NewScanner(stdout)
	var base string
	for base == "" && lines.Scan() {
		if m := url.FindStringSubmatch(lines.Text()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		t.Fatalf("no URL printed; exit %d, stderr:\n%s", <-exit, stderr.String())
	}
	go io.Copy(io.Discard, stdout)
	resp, err := http.Get(base + "api/state")
	if err != nil {
		t.Fatal(err)
	}
	var state struct {
		Members []struct{ Name string } `json:"members"`
	}
	json.NewDecoder(resp.Body).Decode(&state)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || len(state.Members) != 5 {
		t.Errorf("the playground answered %d with %d members, want the group's five", resp.StatusCode, len(state.Members))
	}
	page, err := http.Get(base)
	if err != nil {
		t.Fatal(err)
	}
	page.Body.Close()
	if page.StatusCode != http.StatusOK || !strings.HasPrefix(page.Header.Get("Content-Type"), "text/html") {
		t.Errorf("the page answered %d %s", page.StatusCode, page.Header.Get("Content-Type"))
	}
	cancel()
	select {
	case code := <-exit:
		if code != exitOK {
			t.Errorf("playground exit %d; stderr:\n%s", code, stderr.String())
		}
	case <-time.After(wait):
		t.Fatal("the playground did not stop")
	}
}

func TestPlaygroundCommandRefusesBadArguments(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"playground", "now"}, exitUsage, "playground takes no arguments"},
		{[]string{"playground", "-port", "80"}, exitUsage, "flag provided but not defined: -port"},
		{[]string{"playground", "-addr", "256.0.0.1:80"}, exitFailed, "listen on 256.0.0.1:80"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var stdout, stderr strings.Builder
			if code := run(context.Background(), tc.args, func(string) string { return "" }, &stdout, &stderr); code != tc.code || !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("run(%q) = %d, stderr %q; want %d with %q", tc.args, code, stderr.String(), tc.code, tc.want)
			}
		})
	}
}

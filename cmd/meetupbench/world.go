package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot/bot/telegramtest"
)

// roleEnv makes the bench's own binary run the bare loop (see runBare); an
// environment variable rather than an argument, so a test binary can do it
// too.
const roleEnv = "MEETUPBENCH_ROLE"

// world is one scenario's fake Telegram and database directory.
type world struct {
	fake   *telegramtest.Server
	dir    string
	dbPath string
	olga   tgbotapi.User
}

func newWorld(dir string) *world {
	fake := telegramtest.NewServer()
	return &world{fake: fake, dir: dir, dbPath: filepath.Join(dir, "meetupbot.db"), olga: fake.User(1, "Olga", "de")}
}

func (w *world) env() []string {
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"TELEGRAM_BOT_TOKEN=" + telegramtest.Token,
		"TELEGRAM_API_ENDPOINT=" + w.fake.Endpoint(),
		"DATABASE_PATH=" + w.dbPath,
		"BOT_LANGUAGE=de",
		// The bot runs on the real clock, at any hour: nothing it measures
		// may wait for the morning.
		"QUIET_HOURS=off",
	}
}

// group makes a group with Olga as its administrator.
func (w *world) group(i int) tgbotapi.Chat {
	g := w.fake.Group(int64(-1000-i), fmt.Sprintf("Stammtisch %d", i))
	w.fake.SetAdmins(g.ID, w.olga)
	return g
}

// member is the i-th member of the bench; ids above 1000 leave room for
// the organizers.
func (w *world) member(i int) tgbotapi.User {
	return w.fake.User(int64(1000+i), fmt.Sprintf("Mitglied %d", i), "de")
}

// proc is a child process: the bot or the bare loop.
type proc struct {
	cmd    *exec.Cmd
	stderr *telegramtest.Log
	done   chan error
}

func startProc(bin string, env []string) (*proc, error) {
	p := &proc{cmd: exec.Command(bin), stderr: &telegramtest.Log{}, done: make(chan error, 1)}
	p.cmd.Env = env
	p.cmd.Stderr = p.stderr
	if err := p.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { p.done <- p.cmd.Wait() }()
	return p, nil
}

// stop ends the process with SIGTERM and returns its peak resident memory,
// read from /proc before it exits. (wait4's ru_maxrss is no use here: a
// child started by a large parent inherits the parent's peak.)
func (p *proc) stop() (int64, error) {
	peak, peakErr := peakRSS(p.cmd.Process.Pid)
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
		return 0, fmt.Errorf("process did not stop on SIGTERM; stderr:\n%s", p.stderr)
	}
	return peak, peakErr
}

// peakRSS reads a process's high-water mark of resident memory (VmHWM).
func peakRSS(pid int) (int64, error) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("read peak memory: %w", err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kib int64
			if _, err := fmt.Sscanf(strings.TrimSpace(rest), "%d kB", &kib); err != nil {
				return 0, fmt.Errorf("parse %q: %w", line, err)
			}
			return kib * 1024, nil
		}
	}
	return 0, errors.New("no VmHWM in /proc status")
}

// await polls cond until it holds or timeout passes.
func await(what string, timeout time.Duration, cond func() bool) error {
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			return fmt.Errorf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(2 * time.Millisecond)
	}
	return nil
}

// createMeetups has Olga create a meetup a week ahead in each group, all
// at once, and returns the announcements the bot posts for them at once.
func (w *world) createMeetups(groups []tgbotapi.Chat, capacity string) (map[int64]telegramtest.Message, error) {
	day := time.Now().AddDate(0, 0, 7).Format("02.01.2006")
	args := day + " 19:00 | Stammtisch | Café"
	if capacity != "" {
		args += " | " + capacity
	}
	sent := map[int64]int{}
	for _, g := range groups {
		sent[g.ID] = w.fake.Send(g, w.olga, "/newevent "+args)
	}
	anns := map[int64]telegramtest.Message{}
	err := await("the announcements", 5*time.Minute, func() bool {
		for _, g := range groups {
			if _, ok := anns[g.ID]; ok {
				continue
			}
			for _, m := range w.fake.BotMessages(g.ID) {
				if m.ID > sent[g.ID] && len(m.Buttons) > 0 {
					anns[g.ID] = m
				}
			}
		}
		return len(anns) == len(groups)
	})
	return anns, err
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/telegramtest"
	"github.com/meetupbot/meetupbot/bot/text"
	"github.com/meetupbot/meetupbot/storage"
)

const wait = 15 * time.Second

// buildBinary builds meetupbot once per test run, so tests can run, kill
// and restart it as a real process.
var buildBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "meetupbot-bin")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "meetupbot")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", errors.New(string(out))
	}
	return bin, nil
})

type process struct {
	cmd    *exec.Cmd
	stderr *telegramtest.Log
	done   chan error
}

func startBot(t *testing.T, env ...string) *process {
	t.Helper()
	return startBotArgs(t, nil, env...)
}

func startBotArgs(t *testing.T, args []string, env ...string) *process {
	t.Helper()
	bin, err := buildBinary()
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	p := &process{cmd: exec.Command(bin, args...), stderr: &telegramtest.Log{}, done: make(chan error, 1)}
	p.cmd.Dir = t.TempDir()
	p.cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, env...)
	p.cmd.Stderr = p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
	})
	return p
}

// exit waits for the process to end and returns its exit status.
func (p *process) exit(t *testing.T) int {
	t.Helper()
	select {
	case <-p.done:
		p.done <- nil
		return p.cmd.ProcessState.ExitCode()
	case <-time.After(wait):
		t.Fatalf("process still running after %v; stderr:\n%s", wait, p.stderr)
		return -1
	}
}

// setup is a fake Telegram with a group, Olga as its admin, and the
// environment that points a bot process at them and at a fresh database.
type setup struct {
	fake   *telegramtest.Server
	group  tgbotapi.Chat
	olga   tgbotapi.User
	dbPath string
	env    []string
}

func newSetup(t *testing.T) *setup {
	t.Helper()
	fake := telegramtest.NewServer()
	t.Cleanup(fake.Close)
	s := &setup{fake: fake, group: fake.Group(-1001, "Stammtisch"), olga: fake.User(1, "Olga", "de"),
		dbPath: filepath.Join(t.TempDir(), "bot.db")}
	fake.SetAdmins(s.group.ID, s.olga)
	s.env = []string{
		"TELEGRAM_BOT_TOKEN=" + telegramtest.Token, "TELEGRAM_API_ENDPOINT=" + fake.Endpoint(),
		"DATABASE_PATH=" + s.dbPath, "BOT_LANGUAGE=de",
		// The process runs on the real clock, at any hour: nothing may
		// wait for the morning.
		"QUIET_HOURS=off",
	}
	return s
}

// createMeetup has Olga create a meetup a month ahead (the process runs on
// the real clock) and waits for the reply.
func (s *setup) createMeetup(t *testing.T, args string) {
	t.Helper()
	day := time.Now().AddDate(0, 1, 0).Format("02.01.2006")
	s.fake.Send(s.group, s.olga, "/newevent "+day+" 19:00 | "+args)
	awaitBot(t, s.fake, s.group.ID, "Meetup #1 angelegt")
}

// goingAll has members press "going" on the announcement, one after the
// other, and waits until every press is answered.
func (s *setup) goingAll(t *testing.T, ann telegramtest.Message, members ...tgbotapi.User) {
	t.Helper()
	var queries []string
	for _, m := range members {
		queries = append(queries, s.fake.Press(s.group.ID, m, ann.ID, "r:1:y"))
	}
	s.fake.Await(t, wait, "every press answered", func() bool {
		for _, q := range queries {
			if _, ok := s.fake.Answer(q); !ok {
				return false
			}
		}
		return true
	})
}

// TestBadConfigurationExitsWithStatus2 checks a bad start says what is
// wrong in one line, and that a newcomer without a token is pointed to the
// playground.
func TestBadConfigurationExitsWithStatus2(t *testing.T) {
	tests := []struct {
		env  []string
		want []string
	}{
		{nil, []string{"meetupbot: TELEGRAM_BOT_TOKEN: is required", "meetupbot: no token yet? Try the bot in your browser without one: go run ./cmd/meetupbot playground"}},
		{[]string{"TELEGRAM_BOT_TOKEN=1:abc", "BOT_LANGUAGE=fr"}, []string{"meetupbot: BOT_LANGUAGE: is \"fr\"; expected de or en"}},
	}
	for _, tt := range tests {
		p := startBot(t, tt.env...)
		if code := p.exit(t); code != 2 {
			t.Errorf("env %v: exit status %d, want 2", tt.env, code)
		}
		lines := strings.Split(strings.TrimSpace(p.stderr.String()), "\n")
		ok := len(lines) == len(tt.want)
		for i := 0; ok && i < len(lines); i++ {
			ok = strings.HasPrefix(lines[i], tt.want[i])
		}
		if !ok {
			t.Errorf("env %v: stderr %q, want lines starting %q", tt.env, p.stderr, tt.want)
		}
	}
}

// TestKilledBotLosesNothing kills the bot with SIGKILL after members
// answered, starts it again on the same database and checks everything is
// still there, and that a second copy on the same database refuses to start.
func TestKilledBotLosesNothing(t *testing.T) {
	s := newSetup(t)
	fake, group, olga, env := s.fake, s.group, s.olga, s.env
	anna, ben, cem := fake.User(2, "Anna", "de"), fake.User(3, "Ben", "de"), fake.User(4, "Cem", "de")
	first := startBot(t, env...)
	s.createMeetup(t, "Stammtisch | Café | 2")
	fake.Send(group, olga, "/announce 1")
	ann := awaitBot(t, fake, group.ID, "2 von 2 Plätzen frei")
	s.goingAll(t, ann, anna, ben, cem)

	second := startBot(t, env...)
	if code := second.exit(t); code != 1 || !strings.Contains(second.stderr.String(), "in use by another process") {
		t.Errorf("second instance: exit %d, stderr %q; want 1 and a clear message", code, second.stderr)
	}

	first.cmd.Process.Signal(syscall.SIGKILL)
	first.exit(t)
	restarted := startBot(t, env...)
	fake.Send(group, anna, "/attendees 1")
	list := awaitBot(t, fake, group.ID, "Warteliste (1)")
	for _, want := range []string{"1. Anna", "2. Ben", "1. Cem", "0 von 2 Plätzen frei"} {
		if !strings.Contains(list.Text, want) {
			t.Errorf("after SIGKILL and restart /attendees lacks %q:\n%s", want, list.Text)
		}
	}
	restarted.cmd.Process.Signal(syscall.SIGTERM)
	if code := restarted.exit(t); code != 0 {
		t.Errorf("SIGTERM: exit status %d, want 0; stderr:\n%s", code, restarted.stderr)
	}
	for _, p := range []*process{first, second, restarted} {
		if strings.Contains(p.stderr.String(), telegramtest.Token) {
			t.Errorf("the bot token appears in the log:\n%s", p.stderr)
		}
	}
}

func awaitBot(t *testing.T, fake *telegramtest.Server, chatID int64, text string) telegramtest.Message {
	t.Helper()
	var found telegramtest.Message
	fake.Await(t, wait, "a bot message with "+text, func() bool {
		for _, m := range fake.BotMessages(chatID) {
			if strings.Contains(m.Text, text) {
				found = m
				return true
			}
		}
		return false
	})
	return found
}

// TestKillDuringBurstCountsEveryClickOnce kills the bot with SIGKILL in the
// middle of 600 button presses (300 members each press "going" and "+1"),
// restarts it, and checks that every press is counted exactly once: a +1
// applied twice would show as a second guest.
func TestKillDuringBurstCountsEveryClickOnce(t *testing.T) {
	const members = 300
	s := newSetup(t)
	fake, group, olga, env, dbPath := s.fake, s.group, s.olga, s.env, s.dbPath
	first := startBot(t, env...)
	s.createMeetup(t, "Stammtisch | Café")
	fake.Send(group, olga, "/announce 1")
	ann := awaitBot(t, fake, group.ID, "Keine Platzbegrenzung")

	var queries []string
	for i := range members {
		u := fake.User(int64(100+i), fmt.Sprint("Mitglied ", i), "de")
		queries = append(queries, fake.Press(group.ID, u, ann.ID, "r:1:y"), fake.Press(group.ID, u, ann.ID, "r:1:g"))
	}
	answered := func() int {
		n := 0
		for _, q := range queries {
			if _, ok := fake.Answer(q); ok {
				n++
			}
		}
		return n
	}
	fake.Await(t, wait, "the burst to be under way", func() bool { return answered() >= 100 })
	first.cmd.Process.Signal(syscall.SIGKILL)
	first.exit(t)
	atKill := answered()
	if atKill == len(queries) {
		t.Fatalf("all %d presses were answered before the kill; the test needs the kill mid-burst", atKill)
	}

	restarted := startBot(t, env...)
	awaitBot(t, fake, group.ID, text.T(meetupbot.German, text.CardGoing, 2*members)+" "+text.T(meetupbot.German, text.CardGuests, members))
	// A batch's answers go out while the next batch is fetched, which
	// confirms the first to Telegram; a kill in between leaves that batch
	// stored and counted but unanswered. The restarted bot answers the
	// presses stored in the last seconds, so every spinner stops.
	fake.Await(t, wait, "every press answered after the restart", func() bool { return answered() == len(queries) })
	stopAt := time.Now()
	restarted.cmd.Process.Signal(syscall.SIGTERM)
	if code := restarted.exit(t); code != 0 {
		t.Fatalf("SIGTERM: exit status %d; stderr:\n%s", code, restarted.stderr)
	}
	// The bound on shutdown; it takes milliseconds, so noise cannot
	// reach it.
	if took := time.Since(stopAt); took > 5*time.Second {
		t.Errorf("SIGTERM took %v to stop the bot, want under 5s", took)
	}

	db, err := storage.Open(dbPath, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ev, err := db.Event(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Tally.Going != members || ev.Tally.Guests != members {
		t.Errorf("after SIGKILL at %d of %d answered presses: %d going with %d guests, want %d and %d",
			atKill, len(queries), ev.Tally.Going, ev.Tally.Guests, members, members)
	}
	t.Logf("killed after %d of %d presses were answered; all counted once and answered after the restart",
		atKill, len(queries))
}

// TestBackupWhileRunning copies the database of a running bot, and of a
// stopped one, and checks both copies hold the meetup.
func TestBackupWhileRunning(t *testing.T) {
	s := newSetup(t)
	env, dbPath, dir := s.env, s.dbPath, t.TempDir()
	bot := startBot(t, env...)
	s.createMeetup(t, "Stammtisch vor dem Backup | Café")

	running := filepath.Join(dir, "running.db")
	backupCmd := func(dest string) *process {
		p := startBotArgs(t, []string{"backup", dest}, env...)
		if code := p.exit(t); code != 0 {
			t.Fatalf("backup to %s: exit %d; stderr:\n%s", dest, code, p.stderr)
		}
		return p
	}
	if info, err := os.Stat(dbPath + ".backup.sock"); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("backup socket: %v, %v; want mode 0600", info, err)
	}
	backupCmd(running)
	bot.cmd.Process.Signal(syscall.SIGTERM)
	bot.exit(t)
	stopped := filepath.Join(dir, "stopped.db")
	backupCmd(stopped)

	for _, path := range []string{running, stopped} {
		db, err := storage.Open(path, storage.Options{})
		if err != nil {
			t.Fatalf("open backup %s: %v", path, err)
		}
		ev, err := db.Event(context.Background(), 1)
		db.Close()
		if err != nil || ev.Title != "Stammtisch vor dem Backup" {
			t.Errorf("backup %s: meetup 1 = %q, %v", path, ev.Title, err)
		}
		if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
			t.Errorf("backup %s: mode %v, %v; want 0600", path, info.Mode().Perm(), err)
		}
	}

	// A missing folder, as in a first nightly run of the README's cron
	// line, is created for the owner alone; an existing one keeps its mode.
	nested := filepath.Join(dir, "backups", "2026", "x.db")
	backupCmd(nested)
	for _, folder := range []string{filepath.Join(dir, "backups"), filepath.Dir(nested)} {
		if info, err := os.Stat(folder); err != nil || !info.IsDir() || info.Mode().Perm() != 0o700 {
			t.Errorf("backup folder %s: %v, %v; want a directory with mode 0700", folder, info, err)
		}
	}
	if info, err := os.Stat(nested); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("backup %s: %v, %v; want mode 0600", nested, info, err)
	}
	shared := filepath.Join(dir, "shared")
	if err := os.Mkdir(shared, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(shared, 0o755); err != nil {
		t.Fatal(err)
	}
	backupCmd(filepath.Join(shared, "x.db"))
	if info, err := os.Stat(shared); err != nil || info.Mode().Perm() != 0o755 {
		t.Errorf("the existing folder %s: %v, %v; want its mode 0755 kept", shared, info, err)
	}

	// A folder that cannot be made (a file is in its place) is an error.
	failed := startBotArgs(t, []string{"backup", filepath.Join(running, "x.db")}, env...)
	if code := failed.exit(t); code != 1 || !strings.Contains(failed.stderr.String(), "meetupbot: backup: create the backup folder:") {
		t.Errorf("backup below a file: exit %d, stderr %q; want 1 and a message", code, failed.stderr)
	}
}

// TestKillAfterAChangeKeepsItsNotices kills the bot the moment a change is
// visible (the announcement edited to its new counts) while Telegram takes
// no new messages, so nothing the change caused has been sent. The notices
// to the members who moved up were committed with the change: after the
// restart each goes out, and only once.
func TestKillAfterAChangeKeepsItsNotices(t *testing.T) {
	s := newSetup(t)
	fake, group, olga, env := s.fake, s.group, s.olga, s.env
	anna, ben, cem := fake.User(2, "Anna", "de"), fake.User(3, "Ben", "de"), fake.User(4, "Cem", "de")
	de := func(key text.Key, args ...any) string { return text.T(meetupbot.German, key, args...) }
	first := startBot(t, env...)
	for _, u := range []tgbotapi.User{ben, cem} {
		fake.Send(fake.Private(u), u, "/start")
		awaitBot(t, fake, u.ID, "Hallo")
	}
	s.createMeetup(t, "Stammtisch | Café | 1")
	fake.Send(group, olga, "/announce 1")
	ann := awaitBot(t, fake, group.ID, de(text.CardFree, 1, 1))
	s.goingAll(t, ann, anna, ben, cem)

	fake.Fail("sendMessage", 502, "Bad Gateway")
	fake.Send(group, olga, "/editevent 1 capacity 3")
	fake.Await(t, wait, "the announcement to show the new capacity", func() bool {
		m, _ := fake.Message(group.ID, ann.ID)
		return strings.Contains(m.Text, de(text.CardGoing, 3))
	})
	first.cmd.Process.Signal(syscall.SIGKILL)
	first.exit(t)
	promotion := "Ein Platz ist frei geworden"
	for _, u := range []tgbotapi.User{ben, cem} {
		for _, m := range fake.BotMessages(u.ID) {
			if strings.Contains(m.Text, promotion) {
				t.Fatalf("%s was told before the kill; the test needs the notices unsent", u.FirstName)
			}
		}
	}

	fake.Heal()
	restarted := startBot(t, env...)
	awaitBot(t, fake, ben.ID, promotion)
	awaitBot(t, fake, cem.ID, promotion)
	restarted.cmd.Process.Signal(syscall.SIGTERM)
	if code := restarted.exit(t); code != 0 {
		t.Errorf("SIGTERM: exit status %d, want 0; stderr:\n%s", code, restarted.stderr)
	}
	count := func(chatID int64, want string) int {
		n := 0
		for _, m := range fake.BotMessages(chatID) {
			if strings.Contains(m.Text, want) {
				n++
			}
		}
		return n
	}
	for _, c := range []struct {
		chatID int64
		what   string
		want   int
	}{{ben.ID, promotion, 1}, {cem.ID, promotion, 1}, {group.ID, "rückt von der Warteliste nach", 0}} {
		// Both started the bot: they hear it privately, and the group is
		// not told their names.
		if n := count(c.chatID, c.what); n != c.want {
			t.Errorf("chat %d got %d messages with %q, want %d", c.chatID, n, c.what, c.want)
		}
	}
}

// TestWhatTheOperatorReads: the first log line names the bot, the mode,
// the database, the groups and upcoming meetups; every time in the log is
// RFC 3339 with an offset; a wrong token says so and leaves no database.
func TestWhatTheOperatorReads(t *testing.T) {
	t.Run("start line", func(t *testing.T) {
		s := newSetup(t)
		p := startBot(t, s.env...)
		s.createMeetup(t, "Stammtisch | Café")
		p.cmd.Process.Signal(syscall.SIGTERM)
		if code := p.exit(t); code != 0 {
			t.Fatalf("exit %d; stderr:\n%s", code, p.stderr)
		}
		first := strings.SplitN(p.stderr.String(), "\n", 2)[0]
		for _, want := range []string{"meetupbot started", "bot=@meetup_test_bot", "mode=polling", "database=" + s.dbPath, "groups=0", "upcoming_meetups=0"} {
			if !strings.Contains(first, want) {
				t.Errorf("first log line lacks %q: %s", want, first)
			}
		}
		rfc3339 := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$`)
		times := regexp.MustCompile(`(?:^| )(?:time|due|start|next)=(\S+)`)
		for _, line := range strings.Split(strings.TrimSpace(p.stderr.String()), "\n") {
			for _, m := range times.FindAllStringSubmatch(line, -1) {
				if !rfc3339.MatchString(m[1]) {
					t.Errorf("time %q is not RFC 3339 with an offset: %s", m[1], line)
				}
			}
		}
		restarted := startBot(t, s.env...)
		awaitLog(t, restarted, "meetupbot started")
		if line := strings.SplitN(restarted.stderr.String(), "\n", 2)[0]; !strings.Contains(line, "groups=1") || !strings.Contains(line, "upcoming_meetups=1") {
			t.Errorf("after a meetup was created the start line reads: %s", line)
		}
	})
	t.Run("unknown token", func(t *testing.T) {
		s := newSetup(t)
		env := append([]string{}, s.env...)
		env[0] = "TELEGRAM_BOT_TOKEN=42:not-the-token"
		p := startBot(t, env...)
		if code := p.exit(t); code != 1 {
			t.Errorf("exit status %d, want 1", code)
		}
		mustSay := "Telegram does not know this token: check TELEGRAM_BOT_TOKEN"
		if !strings.Contains(p.stderr.String(), mustSay) {
			t.Errorf("stderr %q does not say %q", p.stderr, mustSay)
		}
		if _, err := os.Stat(s.dbPath); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("a failed start left the database file behind: %v", err)
		}
	})
}

func awaitLog(t *testing.T, p *process, text string) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !strings.Contains(p.stderr.String(), text) {
		if time.Now().After(deadline) {
			t.Fatalf("the log never said %q:\n%s", text, p.stderr)
		}
		select {
		case <-time.After(10 * time.Millisecond):
		case <-p.done:
			p.done <- nil
			t.Fatalf("the bot exited before saying %q:\n%s", text, p.stderr)
		}
	}
}

package main

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"image/png"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot"
	"github.com/meetupbot/meetupbot/bot/outbox"
	"github.com/meetupbot/meetupbot/bot/telegramtest"
	"github.com/meetupbot/meetupbot/storage"
	qr "github.com/piglig/go-qr"
)

// demoLimits are Telegram's limits ten times faster, so the demo does not
// make its reader wait for the per-group pacing.
var demoLimits = outbox.Limits{
	Global: 3 * time.Millisecond, PerChat: 100 * time.Millisecond, GroupPerMinute: 20, GroupWindow: 6 * time.Second,
	Edit: 300 * time.Millisecond, MaxAttempts: 8, Backoff: 50 * time.Millisecond,
}

// demo runs a meetup from its creation through reconfirmation and the
// reminder to the door against the fake Bot
// API, with the real client, a real database in a temporary directory and a
// clock the script moves, and prints the chats as the members see them.
func demo(ctx context.Context, out io.Writer) error {
	fake := telegramtest.NewServer()
	defer fake.Close()
	dir, err := os.MkdirTemp("", "meetupbot-demo")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db, err := storage.Open(filepath.Join(dir, "demo.db"), storage.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	api, err := bot.Connect(telegramtest.Token, fake.Endpoint(), pollTimeout+10*time.Second)
	if err != nil {
		return err
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return err
	}
	now := time.Now().In(berlin).Truncate(time.Hour)
	clock := meetupbot.NewManualClock(now)
	cfg := config{Defaults: meetupbot.DefaultDefaults()}
	botCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	opts := runOptions{clock: clock, pacing: meetupbot.SystemClock{}, limits: demoLimits}
	go func() { done <- runBot(botCtx, api, db, opts, cfg, slog.New(slog.DiscardHandler)) }()
	defer func() {
		stop()
		<-done
	}()

	s := &script{fake: fake, out: out, shown: map[int64]int{}}
	s.group = fake.Group(-1001, "Social Media Stammtisch")
	olga, anna := fake.User(1, "Olga", "de"), fake.User(2, "Anna", "de")
	ben, cem := fake.User(3, "Ben", "de"), fake.User(4, "Cem", "de")
	fake.SetAdmins(s.group.ID, olga)
	start := time.Date(now.Year(), now.Month(), now.Day()+4, 19, 0, 0, 0, berlin)

	s.note("Olga, an admin of the group, creates a meetup four days ahead with 3 places. The bot announces it at once.")
	if err := s.say(s.group, olga, "/newevent "+start.Format("02.01.2006")+" 19:00 | Social Media Stammtisch | Café Central | 3", 2); err != nil {
		return err
	}
	s.note("Anna and Olga start the bot privately, so it may write to them.")
	if err := s.say(fake.Private(anna), anna, "/start", 1); err != nil {
		return err
	}
	if err := s.say(fake.Private(olga), olga, "/start", 1); err != nil {
		return err
	}
	s.note("Anna says yes, Ben brings a guest, Cem says yes too: the meetup is full, so Cem waits.")
	for _, p := range []struct {
		who   tgbotapi.User
		label string
	}{{anna, "Ich komme"}, {ben, "Begleitung"}, {cem, "Ich komme"}} {
		if err := s.press(p.who, p.label); err != nil {
			return err
		}
	}
	s.note("Anna proposes a talk, in one line. Olga, who organizes the group, gets it privately and accepts it for the meetup; Anna hears so, with the programme.")
	if err := s.say(fake.Private(anna), anna, "/propose Reels für Vereine | Wie kleine Vereine mit kurzen Videos wachsen", 1); err != nil {
		return err
	}
	if err := s.expect(olga.ID, 1); err != nil {
		return err
	}
	if err := s.pressOn(olga, olga.ID, "Für #1"); err != nil {
		return err
	}
	if err := s.expect(anna.ID, 1); err != nil {
		return err
	}
	s.note("48 hours before the start the bot asks everyone going whether they still come: Anna privately, Ben (who never started the bot) in the group. Anna, a speaker now, is also asked whether all is set for her talk (three days before, which has passed too).")
	clock.Set(start.Add(-48 * time.Hour))
	if err := s.expect(anna.ID, 2); err != nil {
		return err
	}
	if err := s.pressOn(anna, anna.ID, "Alles klar"); err != nil {
		return err
	}
	if err := s.expect(s.group.ID, 1); err != nil {
		return err
	}
	if err := s.pressOn(anna, anna.ID, "Ja, ich komme"); err != nil {
		return err
	}
	s.note("24 hours before, Ben has not answered and Cem is waiting: Ben's two places go to the waiting list, Cem moves up and has six hours to claim his place. The 24-hour reminders go out too.")
	clock.Set(start.Add(-24 * time.Hour))
	if err := s.expect(s.group.ID, 3); err != nil {
		return err
	}
	if err := s.expect(anna.ID, 1); err != nil {
		return err
	}
	if err := s.pressOn(cem, s.group.ID, "Ja, ich komme"); err != nil {
		return err
	}
	s.note("Two hours before the start the last reminders go out, and Olga prepares the door: a QR code to show at the entrance, and a list to tick people off by hand.")
	clock.Set(start.Add(-2 * time.Hour))
	if err := s.expect(s.group.ID, 1); err != nil {
		return err
	}
	if err := s.expect(anna.ID, 1); err != nil {
		return err
	}
	if err := s.say(fake.Private(olga), olga, "/checkin", 2); err != nil {
		return err
	}
	s.note("Anna scans the code with her phone camera; Telegram opens the bot, she taps Start.")
	link, err := s.scan(olga.ID)
	if err != nil {
		return err
	}
	_, payload, _ := strings.Cut(link, "?start=")
	if err := s.say(fake.Private(anna), anna, "/start "+payload, 1); err != nil {
		return err
	}
	s.note("Cem has no phone with him: Olga ticks him off.")
	if err := s.pressOn(olga, olga.ID, "Cem"); err != nil {
		return err
	}
	s.note("The announcement, kept up to date all along, now reads:")
	if err := s.await("the final counts", func() bool {
		m, _ := fake.Message(s.group.ID, s.announcement.ID)
		return strings.Contains(m.Text, "✅ 2 dabei")
	}); err != nil {
		return err
	}
	m, _ := fake.Message(s.group.ID, s.announcement.ID)
	s.show("Bot", m)
	return nil
}

// script acts as members and prints what the chats show.
type script struct {
	fake         *telegramtest.Server
	out          io.Writer
	group        tgbotapi.Chat
	announcement telegramtest.Message
	// shown counts the bot messages printed per chat.
	shown map[int64]int
}

func (s *script) note(text string) { fmt.Fprintf(s.out, "\n# %s\n", text) }

// say writes text in chat and prints the bot's next replies.
func (s *script) say(chat tgbotapi.Chat, from tgbotapi.User, text string, replies int) error {
	where := chat.Title
	if chat.Type == "private" {
		where = from.FirstName + " privately"
	}
	fmt.Fprintf(s.out, "[%s] %s: %s\n", where, from.FirstName, text)
	s.fake.Send(chat, from, text)
	return s.expect(chat.ID, replies)
}

// press presses the announcement's button with this label and prints the
// answer only the presser sees.
func (s *script) press(from tgbotapi.User, label string) error {
	for _, row := range s.announcement.Buttons {
		for _, b := range row {
			if strings.Contains(b.Text, label) {
				q := s.fake.Press(s.group.ID, from, s.announcement.ID, b.Data)
				var answer telegramtest.CallbackAnswer
				err := s.await("the answer to "+from.FirstName+"'s press", func() bool {
					var ok bool
					answer, ok = s.fake.Answer(q)
					return ok
				})
				fmt.Fprintf(s.out, "[%s] %s presses „%s“ and sees: %s\n", s.group.Title, from.FirstName, b.Text, answer.Text)
				return err
			}
		}
	}
	return fmt.Errorf("the announcement has no button %q", label)
}

// pressOn presses the button with this label on the newest bot message in
// a chat that has one, as from, and prints the answer and what the
// message shows then.
func (s *script) pressOn(from tgbotapi.User, chatID int64, label string) error {
	messages := s.fake.BotMessages(chatID)
	for i := len(messages) - 1; i >= 0; i-- {
		for _, row := range messages[i].Buttons {
			for _, b := range row {
				if !strings.Contains(b.Text, label) {
					continue
				}
				q := s.fake.Press(chatID, from, messages[i].ID, b.Data)
				var answer telegramtest.CallbackAnswer
				err := s.await("the answer to "+from.FirstName+"'s press", func() bool {
					var ok bool
					answer, ok = s.fake.Answer(q)
					return ok
				})
				fmt.Fprintf(s.out, "%s presses „%s“ and sees: %s\n", from.FirstName, b.Text, answer.Text)
				return err
			}
		}
	}
	return fmt.Errorf("no message in chat %d has a button %q", chatID, label)
}

// scan reads the newest QR code in a chat, as a phone camera would.
func (s *script) scan(chatID int64) (string, error) {
	messages := s.fake.BotMessages(chatID)
	for i := len(messages) - 1; i >= 0; i-- {
		if p := messages[i].Photo; p != nil {
			img, err := png.Decode(bytes.NewReader(p.Data))
			if err != nil {
				return "", err
			}
			return qr.Decode(img)
		}
	}
	return "", fmt.Errorf("no QR code in chat %d", chatID)
}

// expect waits for n more bot messages in a chat and prints them.
func (s *script) expect(chatID int64, n int) error {
	want := s.shown[chatID] + n
	if err := s.await(fmt.Sprintf("%d bot messages in chat %d", want, chatID), func() bool {
		return len(s.fake.BotMessages(chatID)) >= want
	}); err != nil {
		return err
	}
	for _, m := range s.fake.BotMessages(chatID)[s.shown[chatID]:want] {
		if len(m.Buttons) > 0 && chatID == s.group.ID && strings.HasPrefix(m.Text, "📣") {
			s.announcement = m
		}
		s.show("Bot", m)
	}
	s.shown[chatID] = want
	return nil
}

func (s *script) await(what string, cond func() bool) error {
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			return fmt.Errorf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return nil
}

var tag = regexp.MustCompile(`<[^>]*>`)

// show prints a message as a chat shows it: markup rendered away, long
// texts cut, buttons in brackets.
func (s *script) show(who string, m telegramtest.Message) {
	lines := strings.Split(html.UnescapeString(tag.ReplaceAllString(m.Text, "")), "\n")
	if len(lines) > 12 {
		lines = append(lines[:12], "…")
	}
	where := s.group.Title
	if m.ChatID > 0 {
		where = "private"
	}
	switch {
	case m.Photo != nil:
		lines = append([]string{fmt.Sprintf("🖼 %s (%d×%d)", m.Photo.Name, m.Photo.Width, m.Photo.Height)}, strings.Split(html.UnescapeString(tag.ReplaceAllString(m.Caption, "")), "\n")...)
	case m.Document != nil:
		lines = append([]string{"📄 " + m.Document.Name}, strings.Split(html.UnescapeString(tag.ReplaceAllString(m.Caption, "")), "\n")...)
	}
	fmt.Fprintf(s.out, "[%s] %s:\n    %s\n", where, who, strings.Join(lines, "\n    "))
	var buttons []string
	for _, row := range m.Buttons {
		for _, b := range row {
			buttons = append(buttons, "["+b.Text+"]")
		}
	}
	if len(buttons) > 0 {
		fmt.Fprintf(s.out, "    %s\n", strings.Join(buttons, " "))
	}
}

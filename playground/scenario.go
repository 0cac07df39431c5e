package playground

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	qr "github.com/piglig/go-qr"
)

// step is one scene of the guided scenario: what happens, told in both
// languages, where to look afterwards, and the members' actions that make
// it happen.
type step struct {
	de, en string
	// focus is the chat the page shows after the step: the group, or the
	// private chat of the member it names (by index in session.members),
	// acting as that member.
	focus  int
	inChat bool
	act    func(ctx context.Context, s *session) error
}

// Who the scenario's people are, by their place in session.members.
const (
	olga = iota
	anna
	ben
	cem
)

// scenario plays the Stammtisch from its creation through reconfirmation
// and the reminders to the door. It is the one script of the bot's story:
// the page plays it step by step and the tests play it whole.
var scenario = []step{
	{
		de:    "Olga, Admin der Gruppe, lässt Ankündigungen anheften und legt ein Meetup in vier Tagen mit 3 Plätzen an. Der Bot kündigt es sofort an.",
		en:    "Olga, an admin of the group, has announcements pinned and creates a meetup four days ahead with 3 places. The bot announces it at once.",
		focus: olga, inChat: true,
		act: func(ctx context.Context, s *session) error {
			if err := s.say(ctx, s.group, olga, "/pin on"); err != nil {
				return err
			}
			start := s.meetupStart()
			return s.say(ctx, s.group, olga, "/newevent "+start.Format("02.01.2006")+" 19:00 | Social Media Stammtisch | Café Central | 3")
		},
	},
	{
		de:    "Anna und Olga starten den Bot privat, damit er ihnen schreiben darf.",
		en:    "Anna and Olga start the bot privately, so it may write to them.",
		focus: anna,
		act: func(ctx context.Context, s *session) error {
			if err := s.say(ctx, s.private(anna), anna, "/start"); err != nil {
				return err
			}
			return s.say(ctx, s.private(olga), olga, "/start")
		},
	},
	{
		de:    "Anna sagt zu, Ben bringt eine Begleitung mit, Cem sagt auch zu: Das Meetup ist voll, Cem kommt auf die Warteliste.",
		en:    "Anna says yes, Ben brings a guest, Cem says yes too: the meetup is full, so Cem waits.",
		focus: cem, inChat: true,
		act: func(ctx context.Context, s *session) error {
			for _, p := range []struct {
				who   int
				label string
			}{{anna, "Ich komme"}, {ben, "Begleitung"}, {cem, "Ich komme"}} {
				if err := s.pressOn(ctx, s.group.ID, p.who, p.label); err != nil {
					return err
				}
			}
			return nil
		},
	},
	{
		de:    "Anna schlägt einen Vortrag vor, in einer Zeile. Olga bekommt ihn privat und nimmt ihn für das Meetup an; Anna erfährt es, mit dem Programm.",
		en:    "Anna proposes a talk, in one line. Olga, who organizes the group, gets it privately and accepts it for the meetup; Anna hears so, with the programme.",
		focus: olga,
		act: func(ctx context.Context, s *session) error {
			if err := s.say(ctx, s.private(anna), anna, "/propose Reels für Vereine | Wie kleine Vereine mit kurzen Videos wachsen"); err != nil {
				return err
			}
			return s.pressOn(ctx, s.members[olga].user.ID, olga, "Für #1")
		},
	},
	{
		de:    "48 Stunden vorher fragt der Bot alle, die kommen, ob sie noch kommen: Ben (der den Bot nie gestartet hat) in der Gruppe, mit dem Grund, warum er dort genannt wird. Anna hat als Sprecherin einen reservierten Platz und muss nichts bestätigen; sie bestätigt nur ihren Vortrag.",
		en:    "48 hours before the start the bot asks everyone going whether they still come: Ben (who never started the bot) in the group, saying why he is named there. Anna, a speaker now, has a reserved place and need not confirm it; she only confirms her talk.",
		focus: anna,
		act: func(ctx context.Context, s *session) error {
			if err := s.travel(ctx, s.meetupStart().Add(-48*time.Hour)); err != nil {
				return err
			}
			return s.pressOn(ctx, s.members[anna].user.ID, anna, "Alles klar")
		},
	},
	{
		de:    "24 Stunden vorher hat Ben nicht geantwortet und Cem wartet: Die Gruppe liest nur, dass zwei Plätze frei werden, nicht wessen; Olga bekommt die Namen privat. Cem rückt nach, das Angebot in der Gruppe gilt nur ihm, und er bestätigt. Die Erinnerungen einen Tag vorher gehen auch raus.",
		en:    "24 hours before, Ben has not answered and Cem is waiting: the group reads only that two places are free, not whose; Olga gets the names privately. Cem moves up, the offer in the group is for him alone, and he claims it. The day-before reminders go out too.",
		focus: cem, inChat: true,
		act: func(ctx context.Context, s *session) error {
			if err := s.travel(ctx, s.meetupStart().Add(-24*time.Hour)); err != nil {
				return err
			}
			return s.pressOn(ctx, s.group.ID, cem, "Ja, ich komme")
		},
	},
	{
		de:    "Zwei Stunden vorher gehen die letzten Erinnerungen raus, und Olga bereitet den Einlass vor: ein QR-Code für die Tür und eine Liste zum Abhaken.",
		en:    "Two hours before the start the last reminders go out, and Olga prepares the door: a QR code to show at the entrance, and a list to tick people off by hand.",
		focus: olga,
		act: func(ctx context.Context, s *session) error {
			if err := s.travel(ctx, s.meetupStart().Add(-2*time.Hour)); err != nil {
				return err
			}
			return s.say(ctx, s.private(olga), olga, "/checkin")
		},
	},
	{
		de:    "Anna scannt den Code mit der Handykamera, Telegram öffnet den Bot, sie tippt auf Start. Cem hat kein Handy dabei: Olga hakt ihn ab. Die Ankündigung zeigt die Zahlen des Abends.",
		en:    "Anna scans the code with her phone camera; Telegram opens the bot, she taps Start. Cem has no phone with him: Olga ticks him off. The announcement shows the evening's counts.",
		focus: olga, inChat: true,
		act: func(ctx context.Context, s *session) error {
			link, err := s.scan(s.members[olga].user.ID)
			if err != nil {
				return err
			}
			_, payload, _ := strings.Cut(link, "?start=")
			if err := s.say(ctx, s.private(anna), anna, "/start "+payload); err != nil {
				return err
			}
			return s.pressOn(ctx, s.members[olga].user.ID, olga, "Cem")
		},
	},
}

// handOver is what the page says when the scenario is done.
var handOver = map[string]string{
	"de": "Jetzt bist du dran: Wähle oben, wer du bist, schreib Befehle (/help zeigt alle), drück Knöpfe und stell die Uhr vor. „Neu starten“ beginnt von vorn.",
	"en": "Your turn: choose above who you are, send commands (/help lists them), press buttons and move the clock. \"Reset\" starts afresh.",
}

// meetupStart is when the scenario's meetup begins: four days after the
// session started, at 19:00.
func (s *session) meetupStart() time.Time {
	d := s.started.AddDate(0, 0, 4)
	return time.Date(d.Year(), d.Month(), d.Day(), 19, 0, 0, 0, d.Location())
}

func (s *session) private(who int) tgbotapi.Chat { return s.fake.Private(s.members[who].user) }

// say writes text in a chat as one of the scenario's people and waits for
// the bot to be done with it.
func (s *session) say(ctx context.Context, chat tgbotapi.Chat, who int, text string) error {
	s.fake.Send(chat, s.members[who].user, text)
	return s.idle(ctx)
}

// pressOn presses the button whose label contains label on the newest bot
// message in a chat that has one, and waits for the bot.
func (s *session) pressOn(ctx context.Context, chatID int64, who int, label string) error {
	messages := s.fake.BotMessages(chatID)
	for i := len(messages) - 1; i >= 0; i-- {
		for _, row := range messages[i].Buttons {
			for _, b := range row {
				if b.Data == "" || !strings.Contains(b.Text, label) {
					continue
				}
				q := s.fake.Press(chatID, s.members[who].user, messages[i].ID, b.Data)
				if _, err := s.awaitAnswer(ctx, q); err != nil {
					return err
				}
				return s.idle(ctx)
			}
		}
	}
	return fmt.Errorf("no message has a button %q", label)
}

// travel moves the clock to at, stopping at every job that falls due on
// the way: each runs at its own time, in order, as on a real evening. A
// single jump would find them all late at once, and the scheduler drops
// what is stale by then (a reminder after the start).
func (s *session) travel(ctx context.Context, at time.Time) error {
	if err := s.idle(ctx); err != nil {
		return err
	}
	for {
		now := s.clock.Now()
		if !at.After(now) {
			return nil
		}
		// Once idle, the scheduler's next job lies ahead of the clock (or
		// none is planned), so every stop moves it forward.
		stop := at
		if next := s.main.NextJob(); !next.IsZero() && next.After(now) && next.Before(at) {
			stop = next
		}
		// The clock keeps its zone, so the page shows the bot's local time
		// whichever zone at came in (the scheduler's are UTC).
		s.clock.Set(stop.In(now.Location()))
		if err := s.idle(ctx); err != nil {
			return err
		}
	}
}

// scan reads the newest QR code in a chat, as a phone camera would.
func (s *session) scan(chatID int64) (string, error) {
	messages := s.fake.BotMessages(chatID)
	for i := len(messages) - 1; i >= 0; i-- {
		if p := messages[i].Photo; p != nil {
			return decodeQR(p.Data)
		}
	}
	return "", fmt.Errorf("no QR code in this chat")
}

func decodeQR(data []byte) (string, error) {
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return "", err
	}
	return qr.Decode(img)
}

package bot

import (
	"flag"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/storage"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./bot -run Layout -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// layoutFixture renders with a real (empty) database: the group has no
// settings, so the bot's defaults apply.
func layoutFixture(t *testing.T) (*Bot, meetupbot.Event, []meetupbot.Attendee) {
	db, err := storage.Open(filepath.Join(t.TempDir(), "layout.db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	b := New(nil, db, fixedClock(now), Config{Location: berlin, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	ev := meetupbot.Event{
		ID: 7, ChatID: -1001, Title: "Social Media Stammtisch #12", Venue: "Café Central, Marktplatz 3",
		Description: "Wir sprechen über Reels & <Shorts>.", Start: time.Date(2026, 12, 10, 18, 0, 0, 0, time.UTC),
		Capacity: 4, Tally: meetupbot.Tally{Going: 3, Guests: 1, Maybe: 1, Declined: 1, WaitingPeople: 1},
		Speakers: []meetupbot.Speaker{
			{Name: "Jana Schmidt", Topic: "Reels für Vereine", Link: "https://example.org/jana"},
			{Name: "Tom", Topic: "Datenschutz im Social Web"},
		},
	}
	person := func(id int64, name string, status meetupbot.Status, guests int, seq int64) meetupbot.Attendee {
		return meetupbot.Attendee{
			RSVP:   meetupbot.RSVP{EventID: 7, UserID: id, Status: status, Guests: guests, Seq: seq},
			Member: meetupbot.Member{ID: id, FirstName: name},
		}
	}
	list := []meetupbot.Attendee{
		person(1, "Anna", meetupbot.StatusGoing, 1, 1),
		person(2, "Ben <3", meetupbot.StatusGoing, 0, 2),
		person(3, "Cem", meetupbot.StatusMaybe, 0, 3),
		person(4, "Dana", meetupbot.StatusGoing, 0, 4),
		person(5, "Emil", meetupbot.StatusDeclined, 0, 5),
		person(6, "Fatma", meetupbot.StatusWaiting, 0, 6),
	}
	return b, ev, list
}

func TestLayoutAnnouncement(t *testing.T) {
	b, ev, _ := layoutFixture(t)
	for _, lang := range []meetupbot.Lang{meetupbot.German, meetupbot.English} {
		golden(t, "announcement."+string(lang)+".golden", b.eventCard(lang, ev))
	}
	ev.Cancelled, ev.CancelReason = true, "Der Raum ist nicht verfügbar"
	golden(t, "announcement-cancelled.de.golden", b.eventCard(meetupbot.German, ev))
}

func TestLayoutAttendees(t *testing.T) {
	b, ev, list := layoutFixture(t)
	for _, lang := range []meetupbot.Lang{meetupbot.German, meetupbot.English} {
		golden(t, "attendees."+string(lang)+".golden", b.attendeesText(lang, ev, list))
	}
}

func TestLayoutReminder(t *testing.T) {
	b, ev, _ := layoutFixture(t)
	for _, lang := range []meetupbot.Lang{meetupbot.German, meetupbot.English} {
		golden(t, "reminder."+string(lang)+".golden", b.reminderText(lang, ev, ev.Start.Add(-2*time.Hour)))
	}
}

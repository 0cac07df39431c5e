package storage

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/meetupbot/meetupbot"
)

// BenchmarkAnswerPresses stores presses of new members the way a burst
// arrives: 100 per transaction (one getUpdates batch), fsync on. Compare
// with BenchmarkAnswer, one transaction per press; ns/op is per press.
//
//	go test ./storage -run '^$' -bench Answer -cpuprofile cpu.out
func BenchmarkAnswerPresses(b *testing.B) {
	db := mustOpen(b, filepath.Join(b.TempDir(), "bench.db"))
	group := meetupbot.Chat{ID: -1, Type: "supergroup", Title: "Stammtisch"}
	ev, _ := db.CreateEvent(ctx, 0, meetupbot.Event{ChatID: group.ID, Title: "x", Start: start})
	allow := func(meetupbot.Event, meetupbot.Press) bool { return true }
	b.ResetTimer()
	for i := 0; i < b.N; i += 100 {
		batch := make([]meetupbot.Press, 0, 100)
		for j := i; j < min(i+100, b.N); j++ {
			batch = append(batch, meetupbot.Press{
				UpdateID: j + 1, Chat: group, EventID: ev.ID,
				Member: meetupbot.Member{ID: int64(1000 + j), FirstName: fmt.Sprint("Mitglied ", j)},
				Answer: meetupbot.Answer{Status: meetupbot.StatusGoing},
			})
		}
		if _, err := db.AnswerPresses(ctx, batch, now, allow, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAnswer(b *testing.B) {
	db := mustOpen(b, filepath.Join(b.TempDir(), "bench.db"))
	ev, _ := db.CreateEvent(ctx, 0, meetupbot.Event{ChatID: -1, Title: "x", Start: start})
	b.ResetTimer()
	for i := range b.N {
		if _, err := db.Answer(ctx, 0, ev.ID, int64(1000+i), meetupbot.Answer{Status: meetupbot.StatusGoing}, now.Add(time.Duration(i)), meetupbot.Night{}, nil); err != nil {
			b.Fatal(err)
		}
	}
}

package storage

import (
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/meetupbot/meetupbot"
)

func TestTalksDecideOnceAndForget(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "talks.db"))
	ev, _ := db.CreateEvent(ctx, 1, meetupbot.Event{ChatID: -1, Title: "Stammtisch", Start: start, CreatedAt: now})
	var talks []meetupbot.Talk
	for i := range 3 {
		tk, err := db.ProposeTalk(ctx, 10+i, meetupbot.Talk{GroupID: -1, ProposerID: 7, Title: "T", Abstract: "A"}, 0)
		if err != nil {
			t.Fatal(err)
		}
		talks = append(talks, tk)
	}
	if _, err := db.ProposeTalk(ctx, 20, meetupbot.Talk{GroupID: -1, ProposerID: 7, Title: "T", Abstract: "A"}, 0); !errors.Is(err, meetupbot.ErrTooManyProposals) {
		t.Errorf("a fourth open proposal = %v, want ErrTooManyProposals", err)
	}
	decide := func(state meetupbot.TalkState) func(*meetupbot.Talk, *meetupbot.Event) error {
		return func(tk *meetupbot.Talk, _ *meetupbot.Event) error { return tk.Decide(state, 1, now) }
	}
	if _, _, err := db.DecideTalk(ctx, 21, talks[0].ID, 0, now, decide(meetupbot.TalkDeclined), nil); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.DecideTalk(ctx, 22, talks[0].ID, 0, now, decide(meetupbot.TalkReserve), nil); !errors.Is(err, meetupbot.ErrAlreadyDecided) {
		t.Errorf("a second decision = %v, want ErrAlreadyDecided", err)
	}
	// A declined proposal no longer counts against the limit.
	if _, err := db.ProposeTalk(ctx, 23, meetupbot.Talk{GroupID: -1, ProposerID: 7, Title: "T", Abstract: "A"}, 0); err != nil {
		t.Errorf("proposing after a decline = %v", err)
	}
	schedule := func(tk *meetupbot.Talk, e *meetupbot.Event) error { return tk.Schedule(e, "Anna", 1, now) }
	if _, got, err := db.DecideTalk(ctx, 24, talks[1].ID, ev.ID, now, schedule, nil); err != nil || len(got.Speakers) != 1 || got.Speakers[0].TalkID != talks[1].ID {
		t.Fatalf("scheduling = %+v, %v", got.Speakers, err)
	}
	if _, err := db.Forget(ctx, 25, 7, now, nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	// Only the declined proposal goes; the scheduled one and those still
	// to decide stay, unlinked, and the programme no longer reaches them.
	left, _ := db.Talks(ctx, -1)
	var ids []int64
	for _, tk := range left {
		ids = append(ids, tk.ID)
		if tk.ProposerID != 0 {
			t.Errorf("talk %d after /forgetme has proposer %d, want none", tk.ID, tk.ProposerID)
		}
	}
	if want := []int64{talks[1].ID, talks[2].ID, talks[2].ID + 1}; !slices.Equal(ids, want) {
		t.Errorf("talks after /forgetme: %v, want %v", ids, want)
	}
	if got, _ := db.Event(ctx, ev.ID); len(got.Speakers) != 1 || got.Speakers[0].MemberID != 0 || got.Speakers[0].Name != "Anna" {
		t.Errorf("speakers after /forgetme: %+v, want the name kept and the account gone", got.Speakers)
	}
}

func TestFeedbackAskedOnceAndRatingsForgotten(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "feedback.db"))
	ev, _ := db.CreateEvent(ctx, 1, meetupbot.Event{ChatID: -1, Title: "Stammtisch", Start: start, CreatedAt: now,
		Speakers: []meetupbot.Speaker{{Name: "Anna", Topic: "Reels"}}})
	db.Answer(ctx, 2, ev.ID, 8, meetupbot.Answer{Status: meetupbot.StatusGoing}, now, meetupbot.Night{}, nil)
	asked := 0
	ask := func(_ meetupbot.Event, there []meetupbot.Attendee) []meetupbot.Outgoing {
		asked += len(there)
		return nil
	}
	after := start.Add(14 * time.Hour)
	if err := db.AskFeedback(ctx, ev.ID, after, ask); err != nil || asked != 1 {
		t.Fatalf("AskFeedback = %v, asked %d", err, asked)
	}
	if err := db.AskFeedback(ctx, ev.ID, after, ask); !errors.Is(err, meetupbot.ErrJobDone) || asked != 1 {
		t.Errorf("second AskFeedback = %v, asked %d", err, asked)
	}
	if _, err := db.Rate(ctx, 3, meetupbot.Rating{EventID: ev.ID, Talk: 0, UserID: 9, Stars: 5}); !errors.Is(err, meetupbot.ErrWrongChat) {
		t.Errorf("a rating by someone not there = %v", err)
	}
	db.Rate(ctx, 4, meetupbot.Rating{EventID: ev.ID, Talk: 0, UserID: 8, Stars: 2})
	got, err := db.Rate(ctx, 5, meetupbot.Rating{EventID: ev.ID, Talk: 0, UserID: 8, Stars: 4})
	if err != nil || got.Speakers[0].Score != (meetupbot.Score{Sum: 4, Count: 1}) {
		t.Errorf("after changing a rating: %+v, %v", got.Speakers[0].Score, err)
	}
	if _, err := db.Forget(ctx, 6, 8, after, nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	data, _ := db.MemberData(ctx, 8)
	kept, _ := db.Event(ctx, ev.ID)
	if len(data.Ratings) != 0 || kept.Speakers[0].Score.Count != 1 {
		t.Errorf("after /forgetme: ratings %+v, score %+v; want none, the score kept", data.Ratings, kept.Speakers[0].Score)
	}
	summed := false
	if err := db.SummarizeFeedback(ctx, ev.ID, func(meetupbot.Event, []meetupbot.Rating) []meetupbot.Outgoing { summed = true; return nil }); err != nil || !summed {
		t.Errorf("SummarizeFeedback = %v", err)
	}
	if err := db.SummarizeFeedback(ctx, ev.ID, nil); !errors.Is(err, meetupbot.ErrJobDone) {
		t.Errorf("second SummarizeFeedback = %v", err)
	}
}

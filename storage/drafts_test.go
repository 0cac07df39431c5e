package storage

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/meetupbot/meetupbot"
)

func TestDraftsCreateOnceAndSurviveReopening(t *testing.T) {
	path := filepath.Join(t.TempDir(), "drafts.db")
	db := mustOpen(t, path)
	d, err := db.SaveDraft(ctx, 7, 1, meetupbot.Draft{GroupID: -1001, Step: meetupbot.StepWhen, UpdatedAt: now})
	if err != nil || d.Seq == 0 {
		t.Fatalf("SaveDraft = %+v, %v; want a numbered draft", d, err)
	}
	if handled, _ := db.Handled(ctx, 7); !handled {
		t.Error("the update that saved the draft is not marked handled")
	}
	other, _ := db.SaveDraft(ctx, 0, 2, meetupbot.Draft{GroupID: -1001, Step: meetupbot.StepWhen, UpdatedAt: now})
	if other.Seq == d.Seq {
		t.Errorf("two drafts share number %d", d.Seq)
	}

	// The prompt is recorded only while the draft is at that question.
	if err := db.SetDraftPrompt(ctx, 1, d.Seq, meetupbot.StepWhen, 40); err != nil {
		t.Fatal(err)
	}
	if err := db.SetDraftPrompt(ctx, 1, d.Seq, meetupbot.StepTitle, 41); err != nil {
		t.Fatal(err)
	}
	if err := db.SetDraftPrompt(ctx, 1, d.Seq+100, meetupbot.StepWhen, 42); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = mustOpen(t, path)
	got, err := db.Draft(ctx, 1)
	if err != nil || got.Seq != d.Seq || got.Prompt != 40 || got.GroupID != -1001 {
		t.Fatalf("Draft after reopening = %+v, %v; want draft %d with prompt 40", got, err, d.Seq)
	}

	ev := meetupbot.Event{ChatID: -1001, Title: "Stammtisch", Start: now.Add(48 * time.Hour)}
	if _, err := db.CreateFromDraft(ctx, 8, 1, d.Seq+1, ev); !errors.Is(err, meetupbot.ErrDraftGone) {
		t.Errorf("CreateFromDraft with another draft's number = %v, want ErrDraftGone", err)
	}
	created, err := db.CreateFromDraft(ctx, 9, 1, d.Seq, ev)
	if err != nil || created.ID == 0 {
		t.Fatalf("CreateFromDraft = %+v, %v", created, err)
	}
	if _, err := db.CreateFromDraft(ctx, 10, 1, d.Seq, ev); !errors.Is(err, meetupbot.ErrDraftGone) {
		t.Errorf("second CreateFromDraft = %v, want ErrDraftGone", err)
	}
	events, _ := db.Events(ctx, -1001, time.Time{})
	if len(events) != 1 {
		t.Errorf("%d meetups, want 1", len(events))
	}
	if left, _ := db.Draft(ctx, 1); left.Seq != 0 {
		t.Errorf("draft left after creating: %+v", left)
	}
	dropped, err := db.DropDraft(ctx, 11, 2)
	if err != nil || dropped.Seq != other.Seq {
		t.Errorf("DropDraft = %+v, %v; want draft %d", dropped, err, other.Seq)
	}
	if dropped, _ := db.DropDraft(ctx, 12, 2); dropped.Seq != 0 {
		t.Errorf("DropDraft of nothing = %+v", dropped)
	}
}

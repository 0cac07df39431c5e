package meetupbot

import (
	"errors"
	"time"
)

// The morning after a meetup, those who were there rate each talk; a day
// later each speaker gets their average and the comments, anonymous.

// Feedback timing: asked at FeedbackHour the morning after, at most
// FeedbackGrace late after the bot was down; summed up a day later.
const (
	FeedbackHour    = 9
	FeedbackGrace   = 48 * time.Hour
	FeedbackSummary = 24 * time.Hour
	MaxCommentLen   = 300
)

// ErrNotRated means a comment came for a talk the member has not rated.
var ErrNotRated = errors.New("talk not rated yet")

// Rating is one member's stars for one talk of a meetup, with an optional
// comment.
type Rating struct {
	EventID int64  `json:"event_id"`
	Talk    int    `json:"talk"`
	UserID  int64  `json:"user_id"`
	Stars   int    `json:"stars"`
	Comment string `json:"comment,omitempty"`
}

// Score sums a talk's stars; it stays when the ratings are deleted after
// the retention period.
type Score struct {
	Sum   int `json:"sum,omitempty"`
	Count int `json:"count,omitempty"`
}

// Average is the mean number of stars.
func (s Score) Average() float64 {
	if s.Count == 0 {
		return 0
	}
	return float64(s.Sum) / float64(s.Count)
}

// FeedbackDue is when a meetup's feedback is asked: the next morning in
// its zone.
func (e *Event) FeedbackDue(loc *time.Location) time.Time {
	start := e.Start.In(loc)
	return time.Date(start.Year(), start.Month(), start.Day()+1, FeedbackHour, 0, 0, 0, loc)
}

// Rate records a member's stars for talk i (from 0), replacing their
// earlier ones, and keeps the talk's score.
func (e *Event) Rate(prev, next Rating) error {
	if next.Talk < 0 || next.Talk >= len(e.Speakers) || next.Stars < 1 || next.Stars > 5 {
		return ErrNoSpeaker
	}
	score := &e.Speakers[next.Talk].Score
	if prev.Stars != 0 {
		score.Sum -= prev.Stars
		score.Count--
	}
	score.Sum += next.Stars
	score.Count++
	return nil
}

// WasThere reports whether the member came to the meetup: checked in, or,
// where nobody checked in, said yes.
func (e *Event) WasThere(r RSVP) bool {
	if e.Attendance.Came() > 0 {
		return !r.CheckedIn.IsZero()
	}
	return r.Status == StatusGoing
}

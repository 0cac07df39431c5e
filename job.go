package meetupbot

import (
	"errors"
	"time"
)

// JobKind says what a scheduled job does.
type JobKind int

// The jobs the scheduler runs.
const (
	// JobAnnounce posts a meetup's announcement in its group.
	JobAnnounce JobKind = iota + 1
	// JobRemind reminds the group, and privately the members who come.
	JobRemind
	// JobPost sends an organizer's recurring post.
	JobPost
	// JobContinue creates the next meetup of a series once one has started.
	JobContinue
	// JobReconfirm asks everyone going whether they still come.
	JobReconfirm
	// JobRelease gives the places of those who did not answer to the
	// waiting list.
	JobRelease
	// JobClaims passes on the places of members who moved up and did not
	// confirm them in time.
	JobClaims
	// JobSpeaker reminds a speaker of their talk.
	JobSpeaker
	// JobFeedback asks those who came to rate the talks.
	JobFeedback
	// JobSummary gives each speaker their ratings.
	JobSummary
	// JobChangeNotice tells members that a meetup moved or changed its
	// venue, once the organizer's changes settled.
	JobChangeNotice
	// JobWake sends the messages held through the night.
	JobWake
)

func (k JobKind) String() string {
	switch k {
	case JobAnnounce:
		return "announce"
	case JobRemind:
		return "remind"
	case JobPost:
		return "post"
	case JobContinue:
		return "continue series"
	case JobReconfirm:
		return "reconfirm"
	case JobRelease:
		return "release"
	case JobClaims:
		return "expire claims"
	case JobSpeaker:
		return "remind speaker"
	case JobFeedback:
		return "ask for feedback"
	case JobSummary:
		return "sum up feedback"
	case JobChangeNotice:
		return "tell of a change"
	case JobWake:
		return "send held messages"
	}
	return "unknown"
}

// Job is one thing the scheduler does at one time. Jobs are derived from
// stored meetups, group settings and recurring posts; what is stored is
// whether each one is done, so moving a meetup moves its jobs.
type Job struct {
	Kind JobKind
	Due  time.Time
	// Event is the meetup of an announcement, reminder or series job.
	Event Event
	// Before is a reminder's lead time.
	Before time.Duration
	// Post is a recurring post; Following is its run after this one.
	Post      Post
	Following time.Time
	// Next is the start of a series' next occurrence.
	Next time.Time
	// TalkID is the talk of a speaker's reminder.
	TalkID int64
}

// MaxPosts bounds the recurring posts of one group.
const MaxPosts = 20

// MinPostInterval keeps a group from being flooded by its own schedule.
const MinPostInterval = time.Hour

// Why a cron spec for a recurring post is refused.
var (
	ErrBadSpec      = errors.New("invalid cron spec")
	ErrSpecZone     = errors.New("cron spec names a time zone")
	ErrSpecTooOften = errors.New("cron spec fires more than once an hour")
	ErrSpecNever    = errors.New("cron spec never fires")
)

// Post is a message an organizer has the bot send on a cron schedule.
type Post struct {
	ID     int64  `json:"id"`
	ChatID int64  `json:"chat_id"`
	Spec   string `json:"spec"`
	Text   string `json:"text"`
	// Next is when the post goes out next; it moves on in the transaction
	// that queues the post.
	Next      time.Time `json:"next"`
	CreatedBy int64     `json:"created_by"`
}

// Outgoing is a message that matters (an announcement, a reminder, a
// cancellation, a promotion): it is stored in the transaction that decides to
// send it and deleted once Telegram has it, so a restart does not lose it.
type Outgoing struct {
	Seq     uint64 `json:"-"`
	ChatID  int64  `json:"chat_id"`
	Text    string `json:"text"`
	ReplyTo int    `json:"reply_to,omitempty"`
	// Thread is the forum topic the message goes to; 0 for General.
	Thread  int        `json:"thread,omitempty"`
	Buttons [][]Button `json:"buttons,omitempty"`
	// Announces is the meetup this message announces; its message id
	// becomes the meetup's announcement once sent.
	Announces int64 `json:"announces,omitempty"`
	// Asks ties the message to the member's answer it asks for, so its
	// buttons go once that answer is settled.
	Asks *Ask `json:"asks,omitempty"`
	// Edits, when set, makes this an edit of that message: its buttons are
	// replaced by Buttons (none: removed), and its text by Text if given.
	Edits MessageRef `json:"edits,omitzero"`
	// NotBefore holds the message until then: the night is over, or a
	// change had time to settle.
	NotBefore time.Time `json:"not_before,omitzero"`
}

// Ask names what a message asks: a member's place at a meetup, or with
// UserID 0 the group's question to members the bot cannot write to.
type Ask struct {
	EventID int64 `json:"event_id"`
	UserID  int64 `json:"user_id,omitempty"`
}

// Button is an inline button: callback data, or a link.
type Button struct {
	Text string `json:"text"`
	Data string `json:"data,omitempty"`
	URL  string `json:"url,omitempty"`
}

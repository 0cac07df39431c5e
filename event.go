package meetupbot

import "time"

// Limits that keep every stored text displayable in one Telegram message
// together with the rest of an announcement.
const (
	MaxTitleLen       = 120
	MaxVenueLen       = 200
	MaxDescriptionLen = 1000
	MaxSpeakerNameLen = 80
	MaxTopicLen       = 200
	MaxLinkLen        = 300
	MaxSpeakers       = 6
	MaxCapacity       = 10000
	MaxGuests         = 9
	// MaxCards bounds how many live copies of an announcement (/next answers)
	// are kept up to date; older ones are answered as outdated.
	MaxCards = 8
)

// Event is one meetup in one group chat.
type Event struct {
	ID          int64     `json:"id"`
	ChatID      int64     `json:"chat_id"`
	Title       string    `json:"title"`
	Venue       string    `json:"venue"`
	Description string    `json:"description,omitempty"`
	Start       time.Time `json:"start"`
	// Capacity counts members and their guests; 0 means no limit.
	Capacity     int          `json:"capacity,omitempty"`
	Cancelled    bool         `json:"cancelled,omitempty"`
	CancelReason string       `json:"cancel_reason,omitempty"`
	Speakers     []Speaker    `json:"speakers,omitempty"`
	Announcement MessageRef   `json:"announcement,omitzero"`
	Cards        []MessageRef `json:"cards,omitempty"`
	Tally        Tally        `json:"tally"`
	// NextSeq numbers arrivals, so the waiting list keeps its order.
	NextSeq   int64     `json:"next_seq"`
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`

	// AnnounceBefore is how long before the start the announcement goes out
	// by itself; 0 means the bot's default lead time.
	AnnounceBefore time.Duration `json:"announce_before,omitempty"`
	// AnnounceNever leaves announcing to an organizer's /announce.
	AnnounceNever bool `json:"announce_never,omitempty"`
	// Announced is set in the transaction that queues the announcement, so
	// the scheduler never announces twice.
	Announced bool `json:"announced,omitempty"`
	// PlannedAt is when the start was set: reminders due before it are not
	// sent, so a meetup created or moved at short notice is not reminded of
	// at once.
	PlannedAt time.Time `json:"planned_at,omitzero"`
	// Reminded lists the reminder lead times already sent (or dropped) for
	// this start.
	Reminded []time.Duration `json:"reminded,omitempty"`
	// Series makes the meetup recur; NextID is the occurrence created after
	// this one.
	Series *Rule `json:"series,omitempty"`
	NextID int64 `json:"next_id,omitempty"`
	// Anonymized is set once the meetup's answers were deleted after the
	// retention period; its counts stay.
	Anonymized bool `json:"anonymized,omitempty"`

	// Reconfirm is the reconfirmation for the current start and venue;
	// nil until everyone going is asked.
	Reconfirm *Reconfirmation `json:"reconfirm,omitempty"`
	// Claims are the places members moved up into after the question and
	// have not confirmed yet.
	Claims []Claim `json:"claims,omitempty"`
	// Released and Promoted count the places that went from members who
	// did not reconfirm to the waiting list, and from the waiting list to
	// those who moved up, over the meetup's life.
	Released int `json:"released,omitempty"`
	Promoted int `json:"promoted,omitempty"`
	// Lapsed are the members who let an offer of a place lapse: they are
	// not offered one again for this start and venue.
	Lapsed []int64 `json:"lapsed,omitempty"`
	// MovedAt is when the start or venue last changed: a yes given before
	// it is about another evening and never counts as fresh.
	MovedAt time.Time `json:"moved_at,omitzero"`
	// OpenToAll is set once places stayed free while nobody an offer could
	// reach waited (see OpenUp).
	OpenToAll bool `json:"open_to_all,omitempty"`
	// Notice is a change of start or venue members have not been told of
	// yet: changes made within ChangeSettles are told in one notice.
	Notice *ChangeNotice `json:"notice,omitempty"`
	// Checkin is the unguessable part of the meetup's check-in link; empty
	// until an organizer asks for the code.
	Checkin    string     `json:"checkin,omitempty"`
	Attendance Attendance `json:"attendance,omitzero"`
	// FeedbackAsked is when those who came were asked to rate the talks;
	// Summarized is set once the speakers got their ratings.
	FeedbackAsked time.Time `json:"feedback_asked,omitzero"`
	Summarized    bool      `json:"summarized,omitempty"`
	// Sequence counts the changes calendars must follow (start, venue,
	// title, description, cancellation): a calendar file with a higher one
	// replaces the copy a member imported.
	Sequence  int       `json:"sequence,omitempty"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// ChangeSettles is how long a change of start or venue waits for the next
// one before members are told: an organizer who sets the date and then the
// time sends one notice, not two.
const ChangeSettles = 5 * time.Minute

// ChangeNotice is what members last heard of a meetup that changed since:
// its start and venue, and when they are told of the change.
type ChangeNotice struct {
	Start time.Time `json:"start"`
	Venue string    `json:"venue"`
	Due   time.Time `json:"due"`
}

// NoteChange records that the meetup moved or changed its venue from
// before: members are told ChangeSettles after the last of changes made in
// a row, against what they heard before the first.
func (e *Event) NoteChange(before Event, now time.Time) {
	if e.Notice == nil {
		e.Notice = &ChangeNotice{Start: before.Start, Venue: before.Venue}
	}
	e.Notice.Due = now.Add(ChangeSettles)
}

// Heard is the meetup as members last heard of it: the start and venue of
// a change not told yet.
func (e Event) Heard() Event {
	if e.Notice != nil {
		e.Start, e.Venue = e.Notice.Start, e.Notice.Venue
	}
	e.Notice = nil
	return e
}

// Reschedule moves the start. Reminders are planned afresh for the new
// start; those already due by now are not sent.
func (e *Event) Reschedule(start, now time.Time) {
	e.Start, e.PlannedAt, e.Reminded = start, now, nil
}

// WasReminded reports whether the reminder this long before the start was
// already sent or dropped.
func (e *Event) WasReminded(before time.Duration) bool {
	for _, d := range e.Reminded {
		if d == before {
			return true
		}
	}
	return false
}

// Planned is when the start was last set, for events stored before
// PlannedAt existed.
func (e *Event) Planned() time.Time {
	if e.PlannedAt.IsZero() {
		return e.CreatedAt
	}
	return e.PlannedAt
}

// Speaker gives a talk at a meetup.
type Speaker struct {
	Name  string `json:"name"`
	Topic string `json:"topic"`
	Link  string `json:"link,omitempty"`
	// TalkID is the proposal the talk came from; 0 for talks arranged
	// outside the bot (/addspeaker).
	TalkID int64 `json:"talk_id,omitempty"`
	// MemberID is the speaker's account, for the speaker's messages; 0 for
	// talks arranged outside the bot, or once the speaker was forgotten.
	MemberID int64 `json:"member_id,omitempty"`
	// Minutes is the talk's length in the running order; 0 leaves it open.
	Minutes int `json:"minutes,omitempty"`
	// Added is when the talk was put on the programme; Reminded and
	// Confirmed tell where the speaker's reminder stands.
	Added     time.Time `json:"added,omitzero"`
	Reminded  bool      `json:"reminded,omitempty"`
	Confirmed bool      `json:"confirmed,omitempty"`
	// Score sums the stars the talk got the morning after.
	Score Score `json:"score,omitzero"`
}

// MessageRef points at a message the bot sent and keeps up to date.
type MessageRef struct {
	ChatID    int64 `json:"chat_id"`
	MessageID int   `json:"message_id"`
}

// Tally keeps the counts of an event, so that showing them or applying one
// RSVP never needs to read all RSVPs.
type Tally struct {
	Going         int `json:"going"`
	Guests        int `json:"guests"`
	Maybe         int `json:"maybe"`
	Declined      int `json:"declined"`
	WaitingPeople int `json:"waiting_people"`
	// Confirmed counts the members going who reconfirmed (guests not
	// included).
	Confirmed int `json:"confirmed,omitempty"`
}

// Seats is the number of places taken, guests included.
func (t Tally) Seats() int { return t.Going + t.Guests }

// Unlimited reports whether the event has no capacity limit.
func (e *Event) Unlimited() bool { return e.Capacity <= 0 }

// Free is the number of free places; it is meaningless for unlimited events.
func (e *Event) Free() int {
	if free := e.Capacity - e.Tally.Seats(); free > 0 {
		return free
	}
	return 0
}

// Fits reports whether a party of this many people fits now.
func (e *Event) Fits(people int) bool {
	return e.Unlimited() || people <= e.Free()
}

// Over reports whether the event has started, so answers no longer change it.
func (e *Event) Over(now time.Time) bool { return !now.Before(e.Start) }

// Open reports whether members may still answer.
func (e *Event) Open(now time.Time) error {
	switch {
	case e.Cancelled:
		return ErrEventCancelled
	case e.Over(now):
		return ErrEventOver
	}
	return nil
}

// HasCard reports whether ref is a live copy of this event's announcement.
func (e *Event) HasCard(ref MessageRef) bool {
	if ref == e.Announcement {
		return true
	}
	for _, c := range e.Cards {
		if c == ref {
			return true
		}
	}
	return false
}

// AddCard keeps ref up to date from now on. Only the newest copy in each
// chat stays live, and at most MaxCards in all: the copies it replaces are
// returned, to lose their buttons once rather than cost an edit on every
// change while scrolled out of sight.
func (e *Event) AddCard(ref MessageRef) (retired []MessageRef) {
	kept := make([]MessageRef, 0, len(e.Cards)+1)
	for _, c := range e.Cards {
		if c.ChatID == ref.ChatID {
			retired = append(retired, c)
		} else {
			kept = append(kept, c)
		}
	}
	kept = append(kept, ref)
	if over := len(kept) - MaxCards; over > 0 {
		retired, kept = append(retired, kept[:over]...), kept[over:]
	}
	e.Cards = kept
	return retired
}

// LiveMessages lists every message that shows this event's counts, newest
// first: under Telegram's limits, the copy members just asked for is
// refreshed before older ones.
func (e *Event) LiveMessages() []MessageRef {
	refs := make([]MessageRef, 0, len(e.Cards)+1)
	for i := len(e.Cards) - 1; i >= 0; i-- {
		refs = append(refs, e.Cards[i])
	}
	if e.Announcement.MessageID != 0 {
		refs = append(refs, e.Announcement)
	}
	return refs
}

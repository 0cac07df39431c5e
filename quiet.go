package meetupbot

import "time"

// QuietHours are a group's night: nothing unprompted is sent privately
// then, and no deadline a member must meet ends then. From and To are
// minutes after midnight in the group's zone; From after To spans midnight
// (22:00–08:00). Equal ends mean the group has no quiet hours.
type QuietHours struct {
	From int `json:"from"`
	To   int `json:"to"`
}

// DefaultQuiet is 22:00 to 08:00: the hours a Stammtisch would not phone
// its members.
func DefaultQuiet() QuietHours { return QuietHours{From: 22 * 60, To: 8 * 60} }

// Off reports whether the group has no quiet hours.
func (q QuietHours) Off() bool { return q.From == q.To }

// Night is a group's quiet hours in its zone. The zero Night has none.
type Night struct {
	Hours QuietHours
	Zone  *time.Location
}

// Contains reports whether t falls into the night.
func (n Night) Contains(t time.Time) bool {
	if n.Zone == nil || n.Hours.Off() {
		return false
	}
	local := t.In(n.Zone)
	m := local.Hour()*60 + local.Minute()
	if n.Hours.From < n.Hours.To {
		return m >= n.Hours.From && m < n.Hours.To
	}
	return m >= n.Hours.From || m < n.Hours.To
}

// End is when the night around t ends: t itself when t is not at night.
func (n Night) End(t time.Time) time.Time {
	if !n.Contains(t) {
		return t
	}
	local := t.In(n.Zone)
	to := n.Hours.To
	end := time.Date(local.Year(), local.Month(), local.Day(), to/60, to%60, 0, 0, n.Zone)
	if !end.After(t) {
		end = time.Date(local.Year(), local.Month(), local.Day()+1, to/60, to%60, 0, 0, n.Zone)
	}
	return end
}

// Morning moves a time that falls into the night to the morning after: a
// deadline a member must meet, or an unprompted private message about a
// meetup. The last hours before a meetup are the exception: when that
// morning comes too late for the start, t stays where it is (organizers see
// such deadlines in their list of who must claim by when).
func (n Night) Morning(t, start time.Time) time.Time {
	if morning := n.End(t); morning.Before(start) {
		return morning
	}
	return t
}

// Nights gives the night of each group by its chat id, read before a
// change that may make offers.
type Nights func(chatID int64) Night

// Of is the night of a group; nil Nights have none.
func (n Nights) Of(chatID int64) Night {
	if n == nil {
		return Night{}
	}
	return n(chatID)
}

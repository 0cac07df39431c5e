package meetupbot

// MemberData is everything stored about one member, for /mydata.
type MemberData struct {
	Member  Member
	Groups  []Chat
	Answers []MemberAnswer
	// Pending is a command waiting for the member to pick a group.
	Pending string
	// Draft is a meetup or a proposal being made in a guided exchange.
	Draft *Draft
	// Proposals are the talks the member proposed; Ratings the stars they
	// gave talks.
	Proposals []Talk
	Ratings   []Rating
	// Created lists the meetups and recurring posts the member set up.
	Created []Event
	Posts   []Post
}

// MemberAnswer is one of a member's answers, with its meetup.
type MemberAnswer struct {
	Event Event
	RSVP  RSVP
}

// Withdraw removes an answer from a meetup's counts, as when its member asks
// to be forgotten: not a "no", just gone.
func (e *Event) Withdraw(r RSVP) {
	e.untally(r)
	e.DropClaim(r.UserID)
}

// Package meetupbot holds the domain of a community meetup run from a Telegram
// group: meetups (events), the answers of members (RSVPs), speakers, and the
// rules that decide who gets a place. It depends on the standard library only,
// so the rules can be tested without Telegram or a database.
package meetupbot

import "errors"

// Lang is the language a chat or member reads the bot in.
type Lang string

// The languages every text exists in.
const (
	German  Lang = "de"
	English Lang = "en"
)

// ParseLang accepts Telegram language codes such as "de-AT" or "en-GB".
func ParseLang(code string) (Lang, bool) {
	if len(code) < 2 {
		return "", false
	}
	switch Lang(code[:2]) {
	case German:
		return German, true
	case English:
		return English, true
	}
	return "", false
}

// Sentinel errors of the domain. The bot turns each into a translated answer.
var (
	ErrEventNotFound  = errors.New("event not found")
	ErrEventCancelled = errors.New("event is cancelled")
	ErrEventOver      = errors.New("event has already started")
	ErrNoRoom         = errors.New("not enough free places")
	ErrTooManyGuests  = errors.New("too many guests")
	ErrPartyTooLarge  = errors.New("party larger than the meetup's capacity")
	ErrWrongChat      = errors.New("button does not belong to a meetup of this chat")
	// ErrNotYours means a member pressed a button made for somebody else
	// (an offer to claim a place).
	ErrNotYours        = errors.New("button is meant for another member")
	ErrNoSpeaker       = errors.New("no such speaker")
	ErrTooManySpeakers = errors.New("too many speakers")
	// ErrJobDone means a scheduled job already ran (or was dropped).
	ErrJobDone      = errors.New("job already done")
	ErrTooManyPosts = errors.New("too many recurring posts")
	ErrPostNotFound = errors.New("no such recurring post")
)

package input

import (
	"strconv"
	"strings"

	"github.com/meetupbot/meetupbot"
)

// Every button's callback data and every deep-link payload is written and
// read here, so what one button sends is what its handler expects. Telegram
// limits callback data to 64 bytes and start payloads to 64 characters of
// A-Za-z0-9_-; every form below stays far inside both.

// ButtonKind says what a button does.
type ButtonKind int

// The buttons the bot sends.
const (
	// ButtonUnknown is data no button of this bot carries (an old
	// keyboard, or forged).
	ButtonUnknown ButtonKind = iota
	// ButtonRSVP answers for a meetup: "r:<event>:<y|m|n|g|k|q>", or
	// "r:<event>:<k|q>:<member>" on an offer made to one member in a group.
	ButtonRSVP
	// ButtonPickGroup runs a private command in the group picked: "pick:<chat>".
	ButtonPickGroup
	// ButtonForget confirms /forgetme: "forget".
	ButtonForget
	// ButtonAgain creates a meetup that looked like a duplicate after all:
	// "again:<chat>".
	ButtonAgain
	// ButtonNotAgain drops it: "again:no".
	ButtonNotAgain
	// ButtonDraft answers a question of a guided creation, or acts on its
	// preview: "d:<seq>:<step>:<choice>".
	ButtonDraft
	// ButtonDoor ticks a member on the door list, counts people without a
	// name, or turns its page: "door:<event>:<page>:<member>|+|-|p".
	ButtonDoor
	// ButtonTalk decides on a talk proposal:
	// "talk:<talk>:<a|s>:<event>", "talk:<talk>:r", "talk:<talk>:x".
	ButtonTalk
	// ButtonSpeaker answers a speaker's reminder: "spk:<event>:<talk>:<y|n>".
	ButtonSpeaker
	// ButtonRating rates talk i of a meetup: "fb:<event>:<i>:<1-5>".
	ButtonRating
	// ButtonCalendar asks for a meetup's calendar file: "cal:<event>".
	ButtonCalendar
)

// Button is what a press asks for.
type Button struct {
	Kind    ButtonKind
	EventID int64
	Answer  meetupbot.Answer
	GroupID int64
	// Draft is what a ButtonDraft asks for.
	Draft DraftChoice
	// Question is set for the answers to the reconfirmation question.
	Question bool
	// For is the member an offer's button was made for; 0: whoever presses.
	For int64
	// Door is what a ButtonDoor asks for.
	Door DoorAction
	// Talk is what a ButtonTalk asks for; for a ButtonSpeaker, its TalkID
	// and EventID, and SpeakerOK whether the speaker still comes.
	Talk      TalkDecision
	SpeakerOK bool
	// Rating is what a ButtonRating gives: its EventID, Talk (the talk's
	// place in the programme) and Stars.
	Rating meetupbot.Rating
}

// RatingData is the data of a rating's star button.
func RatingData(eventID int64, talk, stars int) string {
	return "fb:" + strconv.FormatInt(eventID, 10) + ":" + strconv.Itoa(talk) + ":" + strconv.Itoa(stars)
}

func parseRatingData(data string) (Button, bool) {
	parts := strings.Split(data, ":")
	if len(parts) != 4 {
		return Button{}, false
	}
	eventID, err1 := strconv.ParseInt(parts[1], 10, 64)
	talk, err2 := strconv.Atoi(parts[2])
	stars, err3 := strconv.Atoi(parts[3])
	if err1 != nil || err2 != nil || err3 != nil || eventID <= 0 || talk < 0 || talk >= meetupbot.MaxSpeakers || stars < 1 || stars > 5 {
		return Button{}, false
	}
	return Button{Kind: ButtonRating, Rating: meetupbot.Rating{EventID: eventID, Talk: talk, Stars: stars}}, true
}

// SpeakerData is the data of a speaker reminder's buttons.
func SpeakerData(eventID, talkID int64, ok bool) string {
	answer := "n"
	if ok {
		answer = "y"
	}
	return "spk:" + strconv.FormatInt(eventID, 10) + ":" + strconv.FormatInt(talkID, 10) + ":" + answer
}

func parseSpeakerData(data string) (Button, bool) {
	parts := strings.Split(data, ":")
	if len(parts) != 4 || (parts[3] != "y" && parts[3] != "n") {
		return Button{}, false
	}
	eventID, err1 := strconv.ParseInt(parts[1], 10, 64)
	talkID, err2 := strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil || eventID <= 0 || talkID <= 0 {
		return Button{}, false
	}
	return Button{Kind: ButtonSpeaker, Talk: TalkDecision{TalkID: talkID, EventID: eventID}, SpeakerOK: parts[3] == "y"}, true
}

// TalkDecision is an organizer's press on a proposal.
type TalkDecision struct {
	TalkID int64
	Action TalkAction
	// EventID is the meetup to schedule the talk for.
	EventID int64
}

// TalkAction is what a proposal's button decides.
type TalkAction byte

// The decisions on a proposal.
const (
	// TalkAccept accepts a new proposal for a meetup.
	TalkAccept TalkAction = 'a'
	// TalkSchedule puts a reserve talk on a meetup.
	TalkSchedule TalkAction = 's'
	// TalkToReserve keeps a new proposal for later.
	TalkToReserve TalkAction = 'r'
	// TalkDecline declines it.
	TalkDecline TalkAction = 'x'
)

// TalkData is the data of a proposal's button.
func TalkData(d TalkDecision) string {
	data := "talk:" + strconv.FormatInt(d.TalkID, 10) + ":" + string(d.Action)
	if d.Action == TalkAccept || d.Action == TalkSchedule {
		data += ":" + strconv.FormatInt(d.EventID, 10)
	}
	return data
}

func parseTalkData(data string) (TalkDecision, bool) {
	parts := strings.Split(data, ":")
	if len(parts) < 3 || len(parts[2]) != 1 {
		return TalkDecision{}, false
	}
	id, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || id <= 0 {
		return TalkDecision{}, false
	}
	d := TalkDecision{TalkID: id, Action: TalkAction(parts[2][0])}
	switch d.Action {
	case TalkAccept, TalkSchedule:
		if len(parts) != 4 {
			return TalkDecision{}, false
		}
		if d.EventID, err = strconv.ParseInt(parts[3], 10, 64); err != nil || d.EventID <= 0 {
			return TalkDecision{}, false
		}
	case TalkToReserve, TalkDecline:
		if len(parts) != 3 {
			return TalkDecision{}, false
		}
	default:
		return TalkDecision{}, false
	}
	return d, true
}

// DoorAction is a press on an organizer's door list: a member to tick or
// untick, a count of people without a name, or a page to show.
type DoorAction struct {
	EventID int64
	Page    int
	// Member is the member to tick (0 for the others).
	Member int64
	// Unnamed is +1 or -1 for people counted without a name.
	Unnamed int
}

// DoorData is the data of a door list's button.
func DoorData(a DoorAction) string {
	what := "p"
	switch {
	case a.Member != 0:
		what = strconv.FormatInt(a.Member, 10)
	case a.Unnamed > 0:
		what = "+"
	case a.Unnamed < 0:
		what = "-"
	}
	return "door:" + strconv.FormatInt(a.EventID, 10) + ":" + strconv.Itoa(a.Page) + ":" + what
}

func parseDoorData(data string) (DoorAction, bool) {
	parts := strings.Split(data, ":")
	if len(parts) != 4 {
		return DoorAction{}, false
	}
	id, err1 := strconv.ParseInt(parts[1], 10, 64)
	page, err2 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || id <= 0 || page < 0 || page > maxDoorPages {
		return DoorAction{}, false
	}
	a := DoorAction{EventID: id, Page: page}
	switch parts[3] {
	case "p":
	case "+":
		a.Unnamed = 1
	case "-":
		a.Unnamed = -1
	default:
		member, err := strconv.ParseInt(parts[3], 10, 64)
		if err != nil || member <= 0 {
			return DoorAction{}, false
		}
		a.Member = member
	}
	return a, true
}

// maxDoorPages bounds a door list: 10,000 places at 40 names a page.
const maxDoorPages = 250

// DraftChoice is a press in a guided creation: an offered answer to the
// question at Step, or an action on the preview.
type DraftChoice struct {
	Seq  int64
	Step meetupbot.DraftStep
	// Offer is the index of the answer offered, when Action is DraftOffer.
	Offer  int
	Action DraftAction
}

// DraftAction is what a button of a guided creation does.
type DraftAction string

// The actions of a guided creation's buttons.
const (
	// DraftOffer answers the question with an offered answer.
	DraftOffer DraftAction = "o"
	// DraftCreate creates what the preview shows.
	DraftCreate DraftAction = "ok"
	// DraftChange shows which answer to change.
	DraftChange DraftAction = "chg"
	// DraftRevise asks the question at Step again, then shows the preview.
	DraftRevise DraftAction = "re"
	// DraftBack returns from the choice of answers to the preview.
	DraftBack DraftAction = "back"
	// DraftStop cancels the draft.
	DraftStop DraftAction = "x"
)

// maxOffers bounds the answers offered for one question.
const maxOffers = 8

// DraftData is the data of a guided creation's button.
func DraftData(c DraftChoice) string {
	data := "d:" + strconv.FormatInt(c.Seq, 10) + ":" + string(c.Step) + ":" + string(c.Action)
	if c.Action == DraftOffer {
		data += strconv.Itoa(c.Offer)
	}
	return data
}

func parseDraftData(data string) (DraftChoice, bool) {
	parts := strings.Split(data, ":")
	if len(parts) != 4 {
		return DraftChoice{}, false
	}
	seq, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || seq <= 0 {
		return DraftChoice{}, false
	}
	c := DraftChoice{Seq: seq, Step: meetupbot.DraftStep(parts[2])}
	if !c.Step.Known() {
		return DraftChoice{}, false
	}
	switch a := DraftAction(parts[3]); a {
	case DraftCreate, DraftChange, DraftRevise, DraftBack, DraftStop:
		c.Action = a
		return c, true
	}
	offer, ok := strings.CutPrefix(parts[3], string(DraftOffer))
	if !ok || len(offer) != 1 || offer[0] < '0' || offer[0] >= '0'+maxOffers {
		return DraftChoice{}, false
	}
	c.Action, c.Offer = DraftOffer, int(offer[0]-'0')
	return c, true
}

// RSVPAction is one of the answer buttons.
type RSVPAction byte

// The answer buttons.
const (
	ActionGoing    RSVPAction = 'y'
	ActionMaybe    RSVPAction = 'm'
	ActionDeclined RSVPAction = 'n'
	ActionGuest    RSVPAction = 'g'
	// ActionConfirm answers the reconfirmation: "yes, I still come".
	ActionConfirm RSVPAction = 'k'
	// ActionNotComing answers it: "not after all".
	ActionNotComing RSVPAction = 'q'
)

// Question reports whether the action answers the reconfirmation question
// rather than sitting on a meetup's card.
func (a RSVPAction) Question() bool { return a == ActionConfirm || a == ActionNotComing }

var rsvpAnswers = map[RSVPAction]meetupbot.Answer{
	ActionGoing:    {Status: meetupbot.StatusGoing, KeepGuests: true},
	ActionMaybe:    {Status: meetupbot.StatusMaybe},
	ActionDeclined: {Status: meetupbot.StatusDeclined},
	ActionGuest:    {AddGuest: true},
	ActionConfirm:  {Confirm: true},
	// Not coming after all gives up a place held, and nothing else: from
	// anybody without a place it records no "no".
	ActionNotComing: {Status: meetupbot.StatusDeclined, Withdraw: true},
}

const forgetData = "forget"

// RSVPData is the data of an answer button.
func RSVPData(eventID int64, action RSVPAction) string {
	return "r:" + strconv.FormatInt(eventID, 10) + ":" + string(action)
}

// OfferData is the data of an answer to an offer made to one member in a
// group, which acts only for that member.
func OfferData(eventID, memberID int64, action RSVPAction) string {
	return RSVPData(eventID, action) + ":" + strconv.FormatInt(memberID, 10)
}

// PickData is the data of a group picker's button.
func PickData(chatID int64) string { return "pick:" + strconv.FormatInt(chatID, 10) }

// AgainData is the data of the buttons that confirm, or drop, a meetup
// that looked like a duplicate in the group.
func AgainData(chatID int64, yes bool) string {
	if !yes {
		return "again:no"
	}
	return "again:" + strconv.FormatInt(chatID, 10)
}

// ForgetData is the data of /forgetme's confirmation. It acts on whoever
// presses it, in their own private chat, so it cannot be aimed at anybody
// else.
func ForgetData() string { return forgetData }

// ParseButton reads callback data; anything not written by this package is
// ButtonUnknown.
func ParseButton(data string) Button {
	switch {
	case data == forgetData:
		return Button{Kind: ButtonForget}
	case data == "again:no":
		return Button{Kind: ButtonNotAgain}
	case strings.HasPrefix(data, "again:"):
		id, err := strconv.ParseInt(strings.TrimPrefix(data, "again:"), 10, 64)
		if err != nil || id == 0 {
			return Button{}
		}
		return Button{Kind: ButtonAgain, GroupID: id}
	case strings.HasPrefix(data, "cal:"):
		id, ok := ParseEventRef(strings.TrimPrefix(data, "cal:"))
		if !ok {
			return Button{}
		}
		return Button{Kind: ButtonCalendar, EventID: id}
	case strings.HasPrefix(data, "fb:"):
		b, ok := parseRatingData(data)
		if !ok {
			return Button{}
		}
		return b
	case strings.HasPrefix(data, "spk:"):
		b, ok := parseSpeakerData(data)
		if !ok {
			return Button{}
		}
		return b
	case strings.HasPrefix(data, "talk:"):
		d, ok := parseTalkData(data)
		if !ok {
			return Button{}
		}
		return Button{Kind: ButtonTalk, Talk: d}
	case strings.HasPrefix(data, "door:"):
		a, ok := parseDoorData(data)
		if !ok {
			return Button{}
		}
		return Button{Kind: ButtonDoor, Door: a}
	case strings.HasPrefix(data, "d:"):
		c, ok := parseDraftData(data)
		if !ok {
			return Button{}
		}
		return Button{Kind: ButtonDraft, Draft: c}
	case strings.HasPrefix(data, "pick:"):
		id, err := strconv.ParseInt(strings.TrimPrefix(data, "pick:"), 10, 64)
		if err != nil || id == 0 {
			return Button{}
		}
		return Button{Kind: ButtonPickGroup, GroupID: id}
	case strings.HasPrefix(data, "r:"):
		parts := strings.Split(data, ":")
		if (len(parts) != 3 && len(parts) != 4) || len(parts[2]) != 1 {
			return Button{}
		}
		id, err := strconv.ParseInt(parts[1], 10, 64)
		action := RSVPAction(parts[2][0])
		answer, known := rsvpAnswers[action]
		if err != nil || id <= 0 || !known {
			return Button{}
		}
		b := Button{Kind: ButtonRSVP, EventID: id, Answer: answer, Question: action.Question()}
		if len(parts) == 4 {
			member, err := strconv.ParseInt(parts[3], 10, 64)
			if err != nil || member <= 0 || !action.Question() {
				return Button{}
			}
			b.For = member
		}
		return b
	}
	return Button{}
}

// StartPayload is the deep-link payload that opens a meetup's card when a
// member starts the bot from it.
func StartPayload(eventID int64) string { return "e" + strconv.FormatInt(eventID, 10) }

// ParseStartPayload reads a payload made by StartPayload.
func ParseStartPayload(payload string) (eventID int64, ok bool) {
	id, found := strings.CutPrefix(payload, "e")
	if !found {
		return 0, false
	}
	return ParseEventRef(id)
}

// CheckinPayload is the deep-link payload of a meetup's check-in QR code.
func CheckinPayload(code string) string { return "c" + code }

// checkinCodeLen is the length of a check-in code: crypto/rand's Text, 128
// random bits in base32, within the characters Telegram allows in a start
// payload.
const checkinCodeLen = 26

// ParseCheckinPayload reads a payload made by CheckinPayload.
func ParseCheckinPayload(payload string) (code string, ok bool) {
	code, found := strings.CutPrefix(payload, "c")
	if !found || len(code) != checkinCodeLen || strings.Trim(code, startPayloadChars) != "" {
		return "", false
	}
	return code, true
}

// IsCheckinPayload reports whether a payload was meant as a check-in link,
// even one too damaged for ParseCheckinPayload.
func IsCheckinPayload(payload string) bool { return strings.HasPrefix(payload, "c") }

// startPayloadChars are the characters Telegram allows in a start payload.
const startPayloadChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"

// CalendarData is the data of a meetup's calendar button.
func CalendarData(eventID int64) string { return "cal:" + strconv.FormatInt(eventID, 10) }

// CalendarPayload is the deep-link payload that sends a meetup's calendar
// file once the member opens the private chat.
func CalendarPayload(eventID int64) string { return "ics" + strconv.FormatInt(eventID, 10) }

// ParseCalendarPayload reads a payload made by CalendarPayload.
func ParseCalendarPayload(payload string) (int64, bool) {
	id, found := strings.CutPrefix(payload, "ics")
	if !found {
		return 0, false
	}
	return ParseEventRef(id)
}

// ProposePayload is the deep-link payload that opens the private chat to
// propose a talk.
const ProposePayload = "propose"

// DraftPayload is the deep-link payload that continues a guided creation
// begun in a group in the private chat.
const DraftPayload = "new"

// StartLink is a deep link that opens a private chat with the bot and
// presses Start with payload.
func StartLink(botUserName, payload string) string {
	link := "https://t.me/" + botUserName
	if payload != "" {
		link += "?start=" + payload
	}
	return link
}

package view

import (
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/input"
	"github.com/meetupbot/meetupbot/bot/text"
)

var draftQuestions = map[meetupbot.DraftStep]text.Key{
	meetupbot.StepWhen:     text.DraftAskWhen,
	meetupbot.StepTitle:    text.DraftAskTitle,
	meetupbot.StepVenue:    text.DraftAskVenue,
	meetupbot.StepPlaces:   text.DraftAskPlaces,
	meetupbot.StepTopic:    text.DraftAskTopic,
	meetupbot.StepAbstract: text.DraftAskAbstract,
	meetupbot.StepLink:     text.DraftAskLink,
}

// maxOfferLabel keeps an offered answer on one line of a phone's keyboard.
const maxOfferLabel = 40

// DraftOffers are the common answers offered for a question of a guided
// creation: for a group with meetups before, the rhythm they keep and what
// the last one had (last is its newest meetup that was not cancelled, past
// the newest of starts); places can always be left open.
func DraftOffers(c Context, step meetupbot.DraftStep, starts []time.Time, last *meetupbot.Event) []meetupbot.Offer {
	var offers []meetupbot.Offer
	asLast := func(label, value string) {
		offers = append(offers, meetupbot.Offer{Label: c.T(text.OfferAsLast, Truncate(label, maxOfferLabel)), Value: value})
	}
	switch step {
	case meetupbot.StepWhen:
		for _, at := range starts {
			offers = append(offers, meetupbot.Offer{Label: ShortTime(c, at), Value: at.In(c.Zone).Format("2006-01-02 15:04")})
		}
	case meetupbot.StepTitle:
		if last != nil {
			asLast(last.Title, last.Title)
		}
	case meetupbot.StepVenue:
		if last != nil {
			asLast(last.Venue, last.Venue)
		}
	case meetupbot.StepPlaces:
		if last != nil && !last.Unlimited() {
			asLast(c.T(text.Places, last.Capacity), strconv.Itoa(last.Capacity))
		}
		offers = append(offers, meetupbot.Offer{Label: c.T(text.OfferNoLimit), Value: "-"})
	case meetupbot.StepLink:
		offers = append(offers, meetupbot.Offer{Label: c.T(text.OfferNoLink), Value: "-"})
	}
	return offers
}

// DraftQuestion asks a draft's current question, with its offered answers
// as buttons. A question asked again from the preview has no number: it
// is not part of the sequence any more.
func DraftQuestion(c Context, d meetupbot.Draft) (string, [][]meetupbot.Button) {
	footer := c.T(text.DraftCancelHint)
	if !d.Revising {
		footer = c.T(text.DraftStepOf, d.Number(), len(d.Steps())) + " · " + footer
	}
	body := c.T(draftQuestions[d.Step]) + "\n\n<i>" + footer + "</i>"
	var rows [][]meetupbot.Button
	short := true
	for _, o := range d.Offers {
		short = short && utf8.RuneCountInString(o.Label) <= maxOfferLabel/2
	}
	for i, o := range d.Offers {
		b := meetupbot.Button{Text: o.Label, Data: input.DraftData(input.DraftChoice{Seq: d.Seq, Step: d.Step, Action: input.DraftOffer, Offer: i})}
		// Short answers share a row; long ones would be cut off.
		if short && len(rows) > 0 && len(rows[len(rows)-1]) < 2 {
			rows[len(rows)-1] = append(rows[len(rows)-1], b)
			continue
		}
		rows = append(rows, []meetupbot.Button{b})
	}
	return body, rows
}

// DraftPreview shows the announcement a draft will make, as the group
// will read it (in), with the buttons to create it, change an answer, or
// stop. twin is a meetup of the group on the same evening with the same
// title, if there is one.
func DraftPreview(c, in Context, group meetupbot.Chat, d meetupbot.Draft, twin *meetupbot.Event) (string, [][]meetupbot.Button) {
	body := c.T(text.DraftPreview, Esc(group.Title)) + "\n\n" + Card(in, d.Event)
	if twin != nil {
		body += "\n\n" + c.T(text.DraftTwin, twin.ID, Esc(twin.Title), ShortTime(c, twin.Start))
	}
	body += "\n\n" + c.T(text.DraftAllRight)
	act := func(label text.Key, a input.DraftAction) meetupbot.Button {
		return meetupbot.Button{Text: c.T(label), Data: input.DraftData(input.DraftChoice{Seq: d.Seq, Step: meetupbot.StepPreview, Action: a})}
	}
	return body, [][]meetupbot.Button{
		{act(text.BtnCreate, input.DraftCreate)},
		{act(text.BtnChange, input.DraftChange), act(text.BtnStop, input.DraftStop)},
	}
}

// DraftChanges are the buttons that replace the preview's when the member
// wants to change an answer: one per question, and back.
func DraftChanges(c Context, d meetupbot.Draft) [][]meetupbot.Button {
	revise := func(label text.Key, step meetupbot.DraftStep) meetupbot.Button {
		return meetupbot.Button{Text: c.T(label), Data: input.DraftData(input.DraftChoice{Seq: d.Seq, Step: step, Action: input.DraftRevise})}
	}
	return [][]meetupbot.Button{
		{revise(text.BtnWhen, meetupbot.StepWhen), revise(text.BtnTitle, meetupbot.StepTitle)},
		{revise(text.BtnVenue, meetupbot.StepVenue), revise(text.BtnPlaces, meetupbot.StepPlaces)},
		{{Text: c.T(text.BtnBack), Data: input.DraftData(input.DraftChoice{Seq: d.Seq, Step: meetupbot.StepPreview, Action: input.DraftBack})}},
	}
}

// DraftAnswered is a question once answered by a button: the question and
// the answer, without the buttons.
func DraftAnswered(c Context, step meetupbot.DraftStep, answer string) string {
	return c.T(draftQuestions[step]) + "\n→ <b>" + Esc(answer) + "</b>"
}

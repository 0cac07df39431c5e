package playground

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/meetupbot/meetupbot/bot/telegramtest"
)

// The page's view of the playground, as JSON. Every text that reaches the
// page as HTML went through renderHTML; everything else the page sets as
// text.
type (
	pageState struct {
		Version    string        `json:"version"`
		Lang       string        `json:"lang"`
		Clock      string        `json:"clock"`
		NextJob    string        `json:"nextJob"`
		Me         pageMember    `json:"me"`
		Members    []pageMember  `json:"members"`
		Chats      []pageChat    `json:"chats"`
		Chat       pageChat      `json:"chat"`
		Messages   []pageMessage `json:"messages"`
		Pinned     *pageQuote    `json:"pinned,omitempty"`
		Topics     []pageTopic   `json:"topics,omitempty"`
		Commands   []pageCommand `json:"commands"`
		Scenario   pageScenario  `json:"scenario"`
		Resettable bool          `json:"resettable"`
		BotName    string        `json:"botName"`
		BotLink    string        `json:"botLink"`
	}
	pageMember struct {
		ID      int64  `json:"id"`
		Name    string `json:"name"`
		Lang    string `json:"lang"`
		Admin   bool   `json:"admin"`
		Started bool   `json:"started"`
	}
	pageChat struct {
		ID    int64  `json:"id"`
		Title string `json:"title"`
		// Private chats belong to a member; BotMessages counts what the bot
		// wrote there, for the unread marks.
		Private     bool  `json:"private"`
		Owner       int64 `json:"owner,omitempty"`
		BotMessages int   `json:"botMessages"`
	}
	pageTopic struct {
		ID   int    `json:"id"`
		Name string `json:"name"`
	}
	pageCommand struct {
		Command     string `json:"command"`
		Description string `json:"description"`
	}
	pageQuote struct {
		ID   int    `json:"id"`
		Text string `json:"text"`
	}
	pageMessage struct {
		ID       int            `json:"id"`
		FromBot  bool           `json:"fromBot"`
		FromID   int64          `json:"fromId,omitempty"`
		From     string         `json:"from"`
		Service  bool           `json:"service,omitempty"`
		HTML     string         `json:"html"`
		Edited   bool           `json:"edited,omitempty"`
		Silent   bool           `json:"silent,omitempty"`
		Topic    string         `json:"topic,omitempty"`
		ReplyTo  *pageQuote     `json:"replyTo,omitempty"`
		Buttons  [][]pageButton `json:"buttons,omitempty"`
		Photo    *pageFile      `json:"photo,omitempty"`
		Document *pageFile      `json:"document,omitempty"`
		Poll     *pagePoll      `json:"poll,omitempty"`
	}
	pageButton struct {
		Text string `json:"text"`
		Data string `json:"data,omitempty"`
		URL  string `json:"url,omitempty"`
	}
	pageFile struct {
		URL    string `json:"url"`
		Name   string `json:"name"`
		Size   int    `json:"size"`
		Width  int    `json:"width,omitempty"`
		Height int    `json:"height,omitempty"`
		// Link is the address a photo's QR code holds, for a phone camera
		// to open.
		Link string `json:"link,omitempty"`
	}
	pagePoll struct {
		Question string     `json:"question"`
		Options  []pageVote `json:"options"`
		Closed   bool       `json:"closed"`
	}
	pageVote struct {
		Text  string `json:"text"`
		Votes int    `json:"votes"`
	}
	pageScenario struct {
		// Step is how many steps were played; Total how many there are.
		Step    int    `json:"step"`
		Total   int    `json:"total"`
		Playing bool   `json:"playing"`
		Note    string `json:"note"`
	}
)

func (p *Playground) state(w http.ResponseWriter, r *http.Request) {
	as, _ := strconv.ParseInt(r.URL.Query().Get("as"), 10, 64)
	chatID, _ := strconv.ParseInt(r.URL.Query().Get("chat"), 10, 64)
	p.mu.RLock()
	st := p.read(p.sess, as, chatID)
	p.mu.RUnlock()
	writeJSON(w, http.StatusOK, st)
}

// read draws the page for a member looking at a chat; p.mu is read-locked.
// An unknown member or chat falls back to the organizer in the group, as
// after a reset.
func (p *Playground) read(s *session, as, chatID int64) pageState {
	me, ok := s.member(as)
	if !ok {
		me = s.members[0]
	}
	if chatID != s.group.ID && chatID != me.user.ID {
		chatID = s.group.ID
	}
	fakeVersion, _ := s.fake.Changes()
	p.pageMu.Lock()
	version := fmt.Sprintf("%p.%d.%d", s, fakeVersion, p.pageVersion)
	p.pageMu.Unlock()
	lang := me.user.LanguageCode
	bot := s.fake.BotUser()
	st := pageState{Messages: []pageMessage{},
		Version: version, Lang: lang, Clock: formatTime(s.clock.Now(), lang),
		Me: p.pageMember(s, me), Resettable: p.opts.databasePath == "",
		BotName: bot.FirstName, BotLink: "https://t.me/" + bot.UserName + "?start=",
		Scenario: pageScenario{Total: len(scenario), Step: max(p.step, 0), Playing: p.step >= 0},
	}
	if next := s.main.NextJob(); !next.IsZero() {
		st.NextJob = formatTime(next.In(s.clock.Now().Location()), lang)
	}
	switch {
	case p.step > 0 && lang == "en":
		st.Scenario.Note = scenario[p.step-1].en
	case p.step > 0:
		st.Scenario.Note = scenario[p.step-1].de
	}
	if p.step == len(scenario) {
		st.Scenario.Note += "\n\n" + handOver[lang]
	}
	for _, m := range s.members {
		st.Members = append(st.Members, p.pageMember(s, m))
	}
	st.Chats = append(st.Chats, pageChat{ID: s.group.ID, Title: s.group.Title, BotMessages: len(s.fake.BotMessages(s.group.ID))})
	for _, m := range s.members {
		st.Chats = append(st.Chats, pageChat{ID: m.user.ID, Title: m.user.FirstName, Private: true, Owner: m.user.ID, BotMessages: len(s.fake.BotMessages(m.user.ID))})
	}
	for _, c := range st.Chats {
		if c.ID == chatID {
			st.Chat = c
		}
	}
	for _, c := range s.fake.Commands(chatID, me.user) {
		st.Commands = append(st.Commands, pageCommand{Command: c.Command, Description: c.Description})
	}
	if chatID == s.group.ID && len(s.topics) > 0 {
		for id, name := range s.topics {
			st.Topics = append(st.Topics, pageTopic{ID: id, Name: name})
		}
		slices.SortFunc(st.Topics, func(a, b pageTopic) int { return cmp.Compare(a.ID, b.ID) })
	}
	messages := s.fake.Messages(chatID)
	byID := map[int]telegramtest.Message{}
	for _, m := range messages {
		byID[m.ID] = m
	}
	if pinned, _ := s.fake.Pinned(chatID); pinned != 0 {
		if m, ok := byID[pinned]; ok && !m.Deleted {
			st.Pinned = &pageQuote{ID: pinned, Text: excerpt(m.Text, m.HTML, 80)}
		}
	}
	for _, m := range messages {
		if m.Deleted || (m.From < 0 && len(s.topics) > 0 && m.ID == 1) {
			continue
		}
		st.Messages = append(st.Messages, p.pageMessage(s, chatID, m, byID))
	}
	return st
}

func (p *Playground) pageMember(s *session, m member) pageMember {
	return pageMember{ID: m.user.ID, Name: m.user.FirstName, Lang: m.user.LanguageCode, Admin: m.admin, Started: s.fake.HasStarted(m.user.ID)}
}

func (p *Playground) pageMessage(s *session, chatID int64, m telegramtest.Message, byID map[int]telegramtest.Message) pageMessage {
	pm := pageMessage{ID: m.ID, FromBot: m.From == 0, FromID: m.From, Edited: m.Edits > 0, Silent: m.Silent, Topic: s.topics[m.Thread]}
	switch {
	case m.From == 0:
		pm.From = s.fake.BotUser().FirstName
	case m.From < 0:
		// Telegram shows a topic's creation as a line in the chat.
		pm.Service = true
		if name, ok := s.topics[m.ID]; ok {
			m.Text, m.HTML = "# "+name, false
		}
	default:
		if who, ok := s.member(m.From); ok {
			pm.From = who.user.FirstName
		}
	}
	body, isHTML := m.Text, m.HTML
	if m.Photo != nil || m.Document != nil {
		// Captions are always sent as HTML by the bot; the fake keeps them
		// as sent.
		body, isHTML = m.Caption, true
	}
	pm.HTML = renderHTML(body, isHTML)
	if to, ok := byID[m.ReplyTo]; ok && m.ReplyTo != 0 {
		pm.ReplyTo = &pageQuote{ID: to.ID, Text: excerpt(to.Text, to.HTML, 60)}
	}
	for _, row := range m.Buttons {
		var r []pageButton
		for _, b := range row {
			r = append(r, pageButton{Text: b.Text, Data: b.Data, URL: b.URL})
		}
		pm.Buttons = append(pm.Buttons, r)
	}
	fileURL := fmt.Sprintf("/api/file?chat=%d&message=%d", chatID, m.ID)
	if f := m.Photo; f != nil {
		pm.Photo = &pageFile{URL: fileURL, Name: f.Name, Size: len(f.Data), Width: f.Width, Height: f.Height, Link: p.qrLink(chatID, m)}
	}
	if f := m.Document; f != nil {
		pm.Document = &pageFile{URL: fileURL, Name: f.Name, Size: len(f.Data)}
	}
	if poll := m.Poll; poll != nil {
		pm.Poll = &pagePoll{Question: poll.Question, Closed: poll.Closed}
		for i, o := range poll.Options {
			pm.Poll.Options = append(pm.Poll.Options, pageVote{Text: o, Votes: poll.Votes[i]})
		}
	}
	return pm
}

// qrLink reads the QR code in a photo once; p.mu is read-locked, so the
// cache has its own lock.
func (p *Playground) qrLink(chatID int64, m telegramtest.Message) string {
	key := [2]int64{chatID, int64(m.ID)}
	p.pageMu.Lock()
	link, seen := p.qrLinks[key]
	p.pageMu.Unlock()
	if seen {
		return link
	}
	link, err := decodeQR(m.Photo.Data)
	if err != nil || !strings.HasPrefix(link, "https://t.me/") {
		link = ""
	}
	p.pageMu.Lock()
	p.qrLinks[key] = link
	p.pageMu.Unlock()
	return link
}

var (
	weekdaysDE = [...]string{"So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"}
	weekdaysEN = [...]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
)

// formatTime shows the bot's clock as a member reads dates.
func formatTime(t time.Time, lang string) string {
	if lang == "en" {
		return weekdaysEN[t.Weekday()] + " " + t.Format("2 Jan 2006, 15:04")
	}
	return weekdaysDE[t.Weekday()] + " " + t.Format("02.01.2006, 15:04") + " Uhr"
}

// events tells the page, by Server-Sent Events, that something changed;
// the page then asks for its state. Changes that come in a burst are
// told once each time the page is ready for the next.
func (p *Playground) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	var last string
	for {
		p.mu.RLock()
		fakeVersion, fakeChanged := p.sess.fake.Changes()
		sess := p.sess
		p.mu.RUnlock()
		p.pageMu.Lock()
		version := fmt.Sprintf("%p.%d.%d", sess, fakeVersion, p.pageVersion)
		pageChanged := p.pageChanged
		p.pageMu.Unlock()
		if version != last {
			if _, err := fmt.Fprintf(w, "event: change\ndata: %s\n\n", version); err != nil {
				return
			}
			flusher.Flush()
			last = version
		}
		select {
		case <-r.Context().Done():
			return
		case <-fakeChanged:
		case <-pageChanged:
		}
	}
}

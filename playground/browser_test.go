package playground

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// screenshots, when set, is where the browser tests write the PNGs the
// README shows:
//
//	go test ./playground -run Browser -args -screenshots=$PWD/playground/screenshots
var screenshots = flag.String("screenshots", "", "write screenshots of the page to this directory")

// chromium finds a Chromium to drive. Without one the browser tests skip
// on a developer's machine, and fail in CI, which installs it.
func chromium(t *testing.T) string {
	t.Helper()
	candidates := []string{os.Getenv("CHROMIUM"), "chromium", "chromium-browser", "google-chrome", "headless_shell"}
	for _, name := range candidates {
		if name == "" {
			continue
		}
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no Chromium found, and CI must run the browser tests: apt-get install -y chromium")
	}
	t.Skip("no Chromium found (install Debian's chromium package, or set CHROMIUM to its path); the browser tests run in CI")
	return ""
}

// browser is headless Chromium on a playground page.
type browser struct {
	t   *testing.T
	ctx context.Context
	pg  *page
}

func newBrowser(t *testing.T, width, height int) *browser {
	t.Helper()
	path := chromium(t)
	pg := newPage(t, Options{})
	// The flags keep Chromium off the network it would otherwise try
	// (this machine refuses it), and --no-sandbox lets it run as root in CI.
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(width, height),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	// The browser starts with the first action on the tab's own context;
	// started on a context with a deadline, it would end with it.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	b := &browser{t: t, ctx: ctx, pg: pg}
	// The window's size includes what Chromium draws around the page; the
	// viewport is what the page gets, as on a phone's screen.
	b.run(chromedp.EmulateViewport(int64(width), int64(height)), chromedp.Navigate(pg.url+"/"))
	b.until("the chat list", `document.querySelectorAll("#chat-list button").length === 6`)
	return b
}

// run does actions in the page, failing the test on an error.
func (b *browser) run(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, wait)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("in the browser: %v", err)
	}
}

// until waits until a JavaScript condition holds in the page, as the page
// changes by itself after the bot acts.
func (b *browser) until(what, condition string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, wait)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](condition, chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		text, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.body.innerText`))
		b.t.Fatalf("waiting for %s (%s): %v\nthe page shows:\n%s", what, condition, err, text)
	}
}

// value evaluates JavaScript in the page.
func value[T any](b *browser, expression string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, wait)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expression))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expression, err)
	}
	return v
}

// script runs JavaScript in the page for its effect.
func script(expression string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](expression)
}

// choose picks the member the page acts as, with the switcher.
func (b *browser) choose(memberID int64) {
	b.t.Helper()
	b.run(chromedp.SetValue(chromedp.ID("as"), fmt.Sprint(memberID)),
		script(`document.getElementById("as").dispatchEvent(new Event("change"))`))
	// The messages are drawn afresh for the member: until they are, a
	// button found in them may be replaced before it is clicked.
	b.until("the switch of member", fmt.Sprintf(`document.getElementById("as").value === "%[1]d" && document.getElementById("messages").dataset.chat.endsWith(":%[1]d") && !document.querySelector("#chat-list button[aria-current=true]").disabled`, memberID))
}

// openChat clicks a chat in the list.
func (b *browser) openChat(chatID int64) {
	b.t.Helper()
	b.run(chromedp.Click(chromedp.CSS(fmt.Sprintf(`#chat-list button[data-chat="%d"]`, chatID))))
	b.until("the chat to open", fmt.Sprintf(`document.querySelector('#chat-list button[data-chat="%d"]').getAttribute("aria-current") === "true"`, chatID))
}

// pressOn clicks the button with this label on a message, and returns the
// toast it shows.
func (b *browser) pressOn(messageID, label string) string {
	b.t.Helper()
	b.run(script(`document.getElementById("toast").hidden = true`))
	b.run(chromedp.Click(chromedp.Search(fmt.Sprintf(`//ol[@id="messages"]/li[@data-id=%q]//button[contains(., %q)]`, messageID, label))))
	b.until("the toast", `!document.getElementById("toast").hidden`)
	return value[string](b, `document.getElementById("toast").textContent`)
}

func (b *browser) screenshot(name string) {
	b.t.Helper()
	if *screenshots == "" {
		return
	}
	b.until("the page at rest", `document.querySelector(".bar button:disabled:not(#next-job)") === null`)
	// On a phone the controls scroll sideways; the picture starts with
	// who the visitor is.
	b.run(script(`document.querySelector(".bar").scrollLeft = 0`))
	ctx, cancel := context.WithTimeout(b.ctx, wait)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*screenshots, name), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// TestBrowserMeetupAsANewcomerWouldTryIt is the "done when": create
// a meetup as the organizer, answer as three members, see the counts
// change in place and the waiting list move, jump a day ahead and get the
// reminder privately.
func TestBrowserMeetupAsANewcomerWouldTryIt(t *testing.T) {
	b := newBrowser(t, 1280, 860)
	s := b.pg.session()
	// 47 hours ahead: a day later the 24-hour reminder is an hour due.
	start := s.started.Add(47 * time.Hour)

	b.until("the organizer's command menu", `[...document.querySelectorAll("#commands option")].some(o => o.value === "/newevent")`)
	b.run(chromedp.Click(chromedp.ID("text")),
		chromedp.SendKeys(chromedp.ID("text"), "/newevent "+start.Format("02.01.2006 15:04")+" | Social Media Stammtisch | Café Central | 2"+kb.Enter))
	b.until("the announcement", `[...document.querySelectorAll("#messages li[data-from=bot]")].some(li => li.querySelector(".keyboard button") && li.textContent.includes("Café Central"))`)
	announcement := value[string](b, `[...document.querySelectorAll("#messages li[data-from=bot]")].find(li => li.querySelector(".keyboard button") && li.textContent.includes("Café Central")).dataset.id`)
	card := func(want string) string {
		return fmt.Sprintf(`document.querySelector('#messages li[data-id="%s"]').textContent.includes(%q)`, announcement, want)
	}

	// Anna opens her private chat, as a member would from the group, and
	// starts the bot so it may remind her.
	b.openChat(2)
	b.until("the START button", `!document.getElementById("start-bar").hidden`)
	if value[bool](b, `document.getElementById("text").checkVisibility()`) {
		t.Error("before START the private chat shows a text box, want only the START button")
	}
	b.run(chromedp.Click(chromedp.ID("start")))
	b.until("the bot's welcome", `document.querySelectorAll("#messages li[data-from=bot]").length > 0 && !document.getElementById("composer").hidden`)
	b.openChat(s.group.ID)
	b.until("a member's command menu", `document.querySelectorAll("#commands option").length > 0 && ![...document.querySelectorAll("#commands option")].some(o => o.value === "/newevent")`)

	if toast := b.pressOn(announcement, "Ich komme"); toast == "" {
		t.Error("Anna's press showed no toast")
	}
	b.until("Anna's yes in the announcement", card("1 dabei"))
	b.choose(3)
	b.pressOn(announcement, "Ich komme")
	b.until("Ben's yes, in the same message", card("2 dabei"))
	b.choose(4)
	if toast := b.pressOn(announcement, "Ich komme"); !strings.Contains(toast, "Warteliste") {
		t.Errorf("Cem's press on a full meetup showed %q, want his place on the waiting list", toast)
	}
	b.until("Cem on the waiting list", card("1 auf der Warteliste"))
	b.screenshot("group.png")
	b.choose(3)
	b.pressOn(announcement, "Kann nicht")
	b.until("Cem moving up as Ben drops out", card("2 dabei")+" && "+card("0 auf der Warteliste"))
	b.until("the group told of Cem moving up", `[...document.querySelectorAll("#messages li[data-from=bot]")].some(li => li.textContent.includes("Cem rückt von der Warteliste nach"))`)
	announcements := value[int](b, `[...document.querySelectorAll("#messages li[data-from=bot]")].filter(li => li.textContent.includes("Café Central") && li.querySelector(".keyboard")).length`)
	if announcements != 1 {
		t.Errorf("the group shows %d announcements, want the one, edited in place", announcements)
	}

	before := value[string](b, `document.getElementById("clock").textContent`)
	b.run(chromedp.Click(chromedp.CSS(`button[data-move="day"]`)))
	b.until("the clock a day later", fmt.Sprintf(`document.getElementById("clock").textContent !== %q`, before))
	b.until("an unread mark on Anna's chat", `document.querySelector('#chat-list button[data-chat="2"] .badge') !== null`)
	b.openChat(2)
	b.until("the reminder in Anna's private chat", `[...document.querySelectorAll("#messages li[data-from=bot]")].some(li => li.textContent.includes("Erinnerung") && li.textContent.includes("Social Media Stammtisch"))`)
	b.screenshot("private.png")
}

// TestBrowserScenarioHandsOver plays the guided scenario with the page's
// buttons and checks the page ends in the hand-over, in the chat of the
// last step.
func TestBrowserScenarioHandsOver(t *testing.T) {
	b := newBrowser(t, 1280, 900)
	b.run(chromedp.Click(chromedp.ID("scenario-start")))
	b.until("the question before the session is erased", `document.getElementById("confirm").open`)
	b.run(chromedp.Click(chromedp.ID("confirm-yes")))
	b.until("the first step", `document.getElementById("scenario-note").textContent.startsWith("1/")`)
	for step := 2; step <= len(scenario); step++ {
		b.until("the next step's button", `!document.getElementById("scenario-next").hidden && !document.getElementById("scenario-next").disabled`)
		b.run(chromedp.Click(chromedp.ID("scenario-next")))
		b.until(fmt.Sprintf("step %d", step), fmt.Sprintf(`document.getElementById("scenario-note").textContent.startsWith("%d/")`, step))
	}
	b.until("the hand-over", fmt.Sprintf(`document.getElementById("scenario-note").textContent.includes(%q) && document.getElementById("scenario-next").hidden`, handOver["de"][:20]))
	b.until("the evening's counts", `[...document.querySelectorAll("#messages li[data-from=bot]")].some(li => li.textContent.includes("✅ 2 dabei"))`)
	b.screenshot("scenario.png")
}

// TestBrowserPageIsAccessibleOnAPhone checks, in a phone-sized window,
// that every control has a label, nothing scrolls sideways, a member can
// be added, a hostile
// message stays text, and an English member's page and private chat are
// in English (the group keeps the group's language).
func TestBrowserPageIsAccessibleOnAPhone(t *testing.T) {
	b := newBrowser(t, 390, 844)
	unlabeled := value[[]string](b, `[...document.querySelectorAll("input, select, textarea")].filter(e => e.labels.length === 0 && !e.getAttribute("aria-label")).map(e => e.id)`)
	if len(unlabeled) > 0 {
		t.Errorf("controls without a label: %v", unlabeled)
	}
	overflow := value[bool](b, `document.documentElement.scrollWidth > document.documentElement.clientWidth`)
	if overflow {
		t.Error("the page scrolls sideways on a phone")
	}

	b.run(chromedp.Click(chromedp.ID("add-member")),
		chromedp.SendKeys(chromedp.ID("member-name"), "Emil"),
		chromedp.Click(chromedp.CSS(`#member-form button[type="submit"]`)))
	b.until("Emil in the switcher, chosen", `document.getElementById("as").selectedOptions[0].textContent === "Emil"`)

	b.choose(5) // Dana's app is in English.
	b.until("the page in English", `document.documentElement.lang === "en" && document.querySelector("#composer button").textContent === "Send"`)
	b.run(chromedp.SendKeys(chromedp.ID("text"), `<img src=x onerror="document.body.dataset.hacked=1">`+kb.Enter))
	b.until("Dana's message as text", `[...document.querySelectorAll("#messages li")].some(li => li.textContent.includes("<img src=x"))`)
	hacked := value[bool](b, `document.body.dataset.hacked === "1" || document.querySelector("#messages img") !== null`)
	if hacked {
		t.Error("a member's message became markup in the page")
	}
	b.openChat(5)
	b.run(chromedp.Click(chromedp.ID("start")))
	b.until("the composer after START", `!document.getElementById("composer").hidden`)
	b.run(chromedp.SendKeys(chromedp.ID("text"), "/help"+kb.Enter))
	b.until("the bot's help, privately in English", `[...document.querySelectorAll("#messages li[data-from=bot]")].some(li => li.textContent.includes("Commands"))`)
	b.screenshot("phone.png")
}

// TestBrowserResetAsksFirst checks that neither a reset nor the scenario
// erases the session until the visitor says yes.
func TestBrowserResetAsksFirst(t *testing.T) {
	b := newBrowser(t, 1280, 860)
	old := b.pg.session()
	b.pg.post("/api/send", map[string]any{"as": 1, "chat": old.group.ID, "text": "/help"})
	b.until("the help in the group", `document.querySelectorAll("#messages li[data-from=bot]").length === 1`)
	for _, button := range []string{"reset", "scenario-start"} {
		b.run(chromedp.Click(chromedp.ID(button)))
		b.until("the question before the session is erased", `document.getElementById("confirm").open && document.getElementById("confirm-text").textContent !== ""`)
		b.run(chromedp.Click(chromedp.ID("confirm-no")))
		b.until("the question gone", `!document.getElementById("confirm").open`)
		if b.pg.session() != old {
			t.Fatalf("%s, then Abbrechen, erased the session", button)
		}
	}
	if n := value[int](b, `document.querySelectorAll("#messages li").length`); n != 2 || !value[bool](b, `document.getElementById("scenario-note").hidden`) {
		t.Errorf("after two cancels the group shows %d messages, want the question and its help, and no scenario", n)
	}
	b.run(chromedp.Click(chromedp.ID("reset")))
	b.until("the question before the session is erased", `document.getElementById("confirm").open`)
	b.run(chromedp.Click(chromedp.ID("confirm-yes")))
	b.until("an empty group", `document.querySelectorAll("#messages li").length === 0 && !document.getElementById("confirm").open`)
	if b.pg.session() == old {
		t.Error("yes to the reset kept the old session")
	}
}

// TestBrowserPollCountsTheVotes checks a poll's counts read as a member
// says them: one vote, not "1 votes", in German and in English.
func TestBrowserPollCountsTheVotes(t *testing.T) {
	b := newBrowser(t, 1280, 860)
	s := b.pg.session()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	// The bot knows Anna in the group once she wrote there.
	steps := []func() error{
		func() error { return s.say(ctx, s.group, anna, "Hallo!") },
		func() error { return s.say(ctx, s.private(olga), olga, "/start") },
		func() error { return s.say(ctx, s.private(anna), anna, "/start") },
	}
	for _, title := range []string{"Reels für Vereine", "Newsletter, die man liest"} {
		steps = append(steps,
			func() error { return s.say(ctx, s.private(anna), anna, "/propose "+title+" | Worum es geht") },
			func() error { return s.pressOn(ctx, s.members[olga].user.ID, olga, "Reserve") })
	}
	steps = append(steps, func() error { return s.say(ctx, s.group, olga, "/talkpoll") })
	for _, step := range steps {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	b.until("the poll", `document.querySelector("#messages .poll button") !== null`)
	poll := value[int](b, `Number(document.querySelector("#messages li:has(.poll)").dataset.id)`)
	if status, answer := b.pg.post("/api/vote", map[string]any{"as": 2, "chat": s.group.ID, "message": poll, "option": 0}); status != http.StatusNoContent {
		t.Fatalf("Anna's vote: %d %v", status, answer)
	}
	options := `[...document.querySelectorAll("#messages .poll button")].map(b => b.textContent)`
	b.until("Anna's vote", `document.querySelector("#messages .poll button").textContent.includes("(100 %)")`)
	for _, tc := range []struct {
		as   int64
		lang string
		want []string
	}{
		{1, "de", []string{"Reels für Vereine — 1 Stimme (100 %)", "Newsletter, die man liest — 0 Stimmen (0 %)"}},
		{5, "en", []string{"Reels für Vereine — 1 vote (100 %)", "Newsletter, die man liest — 0 votes (0 %)"}},
	} {
		b.choose(tc.as)
		b.until("the page in the member's language", fmt.Sprintf(`document.documentElement.lang === %q`, tc.lang))
		if got := value[[]string](b, options); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("member %d reads the poll as %q, want %q", tc.as, got, tc.want)
		}
	}
}

// TestBrowserPhoneGivesTheChatTheScreen checks that on a phone's screen
// the messages get most of the height, also while the scenario's note is
// shown, and that nothing scrolls sideways.
func TestBrowserPhoneGivesTheChatTheScreen(t *testing.T) {
	b := newBrowser(t, 390, 844)
	check := func(when string) {
		t.Helper()
		share := value[float64](b, `document.getElementById("messages").getBoundingClientRect().height / window.innerHeight`)
		if share < 0.6 {
			t.Errorf("%s the messages get %.0f %% of the screen's height, want at least 60 %%", when, 100*share)
		}
		if value[bool](b, `document.documentElement.scrollWidth > document.documentElement.clientWidth`) {
			t.Errorf("%s the page scrolls sideways", when)
		}
	}
	check("at first")
	b.run(chromedp.Click(chromedp.ID("scenario-start")))
	b.until("the question before the session is erased", `document.getElementById("confirm").open`)
	b.run(chromedp.Click(chromedp.ID("confirm-yes")))
	b.until("the first step's note and announcement", `document.getElementById("scenario-note").textContent.startsWith("1/") && !document.getElementById("pinned").hidden`)
	check("with the scenario's note and a pinned message")
}

// TestBrowserQRCodeScannedByAnotherMember has Olga show the door's QR
// code and Anna scan it: Anna's private chat opens with START, and
// pressing it checks her in.
func TestBrowserQRCodeScannedByAnotherMember(t *testing.T) {
	b := newBrowser(t, 1280, 860)
	s := b.pg.session()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	// Within the hours before the start when the door is open.
	start := s.started.Add(2 * time.Hour)
	for _, say := range []struct {
		chat tgbotapi.Chat
		text string
	}{
		{s.private(olga), "/start"},
		{s.group, "/newevent " + start.Format("02.01.2006 15:04") + " | Stammtisch | Café Central"},
		{s.private(olga), "/checkin"},
	} {
		if err := s.say(ctx, say.chat, olga, say.text); err != nil {
			t.Fatal(err)
		}
	}
	b.openChat(1)
	b.until("the QR code with its scanner", `document.querySelector("#messages .scan select") !== null`)
	if who := value[string](b, `document.querySelector("#messages .scan select").value`); who == "1" {
		t.Error("the code is scanned by Olga, who shows it, unless told otherwise")
	}
	b.run(chromedp.SetValue(chromedp.CSS("#messages .scan select"), "2"),
		chromedp.Click(chromedp.CSS("#messages .scan button")))
	b.until("Anna's private chat with START", `document.querySelector('#chat-list button[data-chat="2"]').getAttribute("aria-current") === "true" && document.getElementById("as").value === "2" && !document.getElementById("start-bar").hidden`)
	if value[bool](b, `document.getElementById("text").checkVisibility()`) {
		t.Error("the chat a scan opened shows a text box beside START")
	}
	b.run(chromedp.Click(chromedp.ID("start")))
	b.until("Anna checked in", `[...document.querySelectorAll("#messages li[data-from=bot]")].some(li => li.textContent.includes("Willkommen, Anna!"))`)
	if checkedIn := s.fake.Messages(2); len(checkedIn) == 0 || !strings.HasPrefix(checkedIn[0].Text, "/start ") {
		t.Errorf("Anna's chat begins with %+v, want /start with the code's payload", checkedIn)
	}
}

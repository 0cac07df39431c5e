package bot_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/meetupbot/meetupbot/bot/text"
)

func TestExportSendsEveryAnswerAsASpreadsheet(t *testing.T) {
	h := newHarness(t)
	h.fake.SetAdmins(h.group.ID, h.olga, h.ben)
	ann := h.createAndAnnounce("10.12. 19:00 | Stammtisch | Café | 100")
	// More answers than one message could list, and a name that a
	// spreadsheet would run as a formula.
	trick := h.fake.User(500, `=HYPERLINK("http://evil.example","x")`, "de")
	h.pressButton(h.group.ID, trick, ann, de(text.BtnGoing))
	for i := range 120 {
		u := h.fake.User(int64(1000+i), fmt.Sprintf("Mitglied %03d mit einem recht langen Namen", i), "de")
		h.pressButton(h.group.ID, u, ann, de(text.BtnMaybe))
	}
	h.pressButton(h.group.ID, h.anna, ann, de(text.BtnGoing))

	// Only privately: the list names everyone.
	mustContain(t, h.say(h.group, h.olga, "/export").Text, "privat")
	h.idle()
	for _, m := range h.fake.BotMessages(h.group.ID) {
		if m.Document != nil {
			t.Fatalf("a guest list was posted in the group: %s", m.Document.Name)
		}
	}

	private := h.fake.Private(h.olga)
	h.fake.Send(private, h.olga, "/export 1")
	doc := h.lastBotMessage(h.olga.ID)
	if doc.Document == nil {
		t.Fatalf("no document in reply to /export: %+v", doc)
	}
	if doc.Document.Name != "meetup-1-2026-12-10.csv" || doc.Document.MIME != "text/csv; charset=utf-8" {
		t.Errorf("document %q of type %q", doc.Document.Name, doc.Document.MIME)
	}
	mustContain(t, doc.Caption, de(text.ExportCaption, "Stammtisch", "Do., 10.12.2026, 19:00", 122))
	data, found := bytes.CutPrefix(doc.Document.Data, []byte("\uFEFF"))
	if !found {
		t.Error("the CSV has no byte-order mark: Excel would misread umlauts")
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	if len(rows) != 123 {
		t.Fatalf("%d rows, want a header and 122 answers", len(rows))
	}
	if got := strings.Join(rows[0], "|"); got != de(text.CsvColumns) {
		t.Errorf("header %q", got)
	}
	// Going first, in the order they said yes; then maybe.
	if rows[1][0] != `'=HYPERLINK("http://evil.example","x")` || rows[1][1] != `'=hyperlink("http://evil.example","x")` || rows[2][0] != "Anna" || rows[2][1] != "anna" || rows[2][2] != de(text.StatusGoing) {
		t.Errorf("first rows %q, %q: want the neutralised formula, then Anna", rows[1], rows[2])
	}
	if rows[3][2] != de(text.StatusMaybe) || rows[122][0] != "Mitglied 119 mit einem recht langen Namen" {
		t.Errorf("rows 3 and 122: %q, %q", rows[3], rows[122])
	}

	// English readers get commas.
	ben := h.fake.Private(h.ben)
	h.seen(h.ben)
	h.fake.Send(ben, h.ben, "/export")
	en := h.lastBotMessage(h.ben.ID)
	if en.Document == nil || !bytes.Contains(en.Document.Data, []byte("Name,Username,Answer,Guests,Answered at,Confirmed,Checked in\r\n")) {
		t.Errorf("English export: %+v %q", en.Document, en.Text)
	}
}

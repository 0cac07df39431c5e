package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestDemo runs the offline demo as a new user would and checks its
// transcript tells the whole story.
func TestDemo(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"demo"}, func(string) string { return "" }, &out, &errOut); code != exitOK {
		t.Fatalf("demo exit %d; stderr:\n%s\nstdout:\n%s", code, errOut.String(), out.String())
	}
	for _, want := range []string{
		"Meetup #1 angelegt", "[✅ Ich komme] [🤔 Vielleicht] [❌ Kann nicht] [➕ Begleitung]",
		"Cem presses „✅ Ich komme“ and sees: Leider voll: Du bist Nr. 1 auf der Warteliste.",
		"Vortragsvorschlag #1", "Olga presses „✅ Für #1", "Dein Vortrag „Reels für Vereine“ ist angenommen", "Kommst du noch?", "Kommt ihr noch?", "Anna presses „✅ Ja, ich komme“ and sees: Danke! Dein Platz ist bestätigt.",
		"Nicht bestätigt, die Plätze gehen an die Warteliste: Ben", "Cem rückt von der Warteliste nach",
		"Cem presses „✅ Ja, ich komme“ and sees: Danke!", "Erinnerung: Social Media Stammtisch beginnt in 1 Tag",
		"[✅ Ich komme] [❌ Ich kann nicht]", "🖼 checkin.png", "Willkommen, Anna! ✅",
		"Olga presses „▫️ Cem“ and sees: Cem ist da ✅", "✅ 2 dabei · 🤔 0 vielleicht",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the demo does not show %q:\n%s", want, out.String())
		}
	}
}

package text

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"

	"github.com/meetupbot/meetupbot"
)

// declaredKeys are the keys keys.go declares.
func declaredKeys(t *testing.T) []Key {
	t.Helper()
	file, err := parser.ParseFile(token.NewFileSet(), "keys.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var keys []Key
	ast.Inspect(file, func(n ast.Node) bool {
		spec, ok := n.(*ast.ValueSpec)
		if !ok || spec.Type == nil {
			return true
		}
		if ident, ok := spec.Type.(*ast.Ident); ok && ident.Name == "Key" {
			for _, v := range spec.Values {
				s, err := strconv.Unquote(v.(*ast.BasicLit).Value)
				if err != nil {
					t.Fatal(err)
				}
				keys = append(keys, Key(s))
			}
		}
		return true
	})
	if len(keys) < 100 {
		t.Fatalf("found only %d keys in keys.go", len(keys))
	}
	return keys
}

// TestCatalogIsComplete checks that every language has every declared text
// and the same menu entries, with the same placeholders in every language
// and every plural form.
func TestCatalogIsComplete(t *testing.T) {
	keys := declaredKeys(t)
	reference := catalogs[fallback].catalog
	for lang, l := range catalogs {
		t.Run(string(lang), func(t *testing.T) {
			for _, key := range keys {
				if _, ok := l.catalog[key]; !ok {
					t.Errorf("text %q is missing", key)
				}
			}
			for key, entry := range l.catalog {
				if _, ok := reference[key]; !ok {
					t.Errorf("text %q is not in %s", key, fallback)
					continue
				}
				want := verbs(forms(reference[key])[0])
				for _, f := range forms(entry) {
					if got := verbs(f); got != want {
						t.Errorf("text %q has placeholders %q in %q, want %q", key, got, f, want)
					}
				}
				if p, ok := entry.(Plural); ok && p.Other == "" {
					t.Errorf("plural text %q has no Other form", key)
				}
			}
			if len(l.catalog) != len(reference) {
				t.Errorf("%d texts, want %d as in %s", len(l.catalog), len(reference), fallback)
			}
		})
	}
}

// TestEveryTextRenders fills every text with arguments of the kinds its
// placeholders ask for and fails on fmt's artefacts such as %!d(string=).
func TestEveryTextRenders(t *testing.T) {
	for lang, l := range catalogs {
		for key, entry := range l.catalog {
			var args []any
			for _, verb := range strings.Fields(verbs(forms(entry)[0])) {
				switch verb {
				case "%d":
					args = append(args, 2)
				default:
					args = append(args, "x")
				}
			}
			for _, n := range []int{1, 2} {
				if len(args) > 0 {
					if _, ok := args[0].(int); ok {
						args[0] = n
					}
				}
				if got := T(lang, key, args...); strings.Contains(got, "%!") {
					t.Errorf("T(%s, %q) = %q", lang, key, got)
				}
			}
		}
	}
}

func TestPlurals(t *testing.T) {
	tests := []struct {
		lang meetupbot.Lang
		key  Key
		args []any
		want string
	}{
		{meetupbot.German, ToastWithGuests, []any{1}, "Mit 1 Begleitung."},
		{meetupbot.German, ToastWithGuests, []any{2}, "Mit 2 Begleitungen."},
		{meetupbot.English, ToastWithGuests, []any{1}, "With 1 guest."},
		{meetupbot.English, ToastWithGuests, []any{3}, "With 3 guests."},
		{meetupbot.German, ReleasedGroup, []any{1}, "🔄 1 Platz war nicht bestätigt und geht an die Warteliste."},
		{meetupbot.German, ReleasedGroup, []any{2}, "🔄 2 Plätze waren nicht bestätigt und gehen an die Warteliste."},
		{meetupbot.English, OpenedGroup, []any{1}, "🎟 1 place is free, and nobody on the waiting list can take it. Whoever taps “Going” first gets it."},
		{meetupbot.German, DurDays, []any{1}, "1 Tag"},
		{meetupbot.German, DurDays, []any{2}, "2 Tagen"},
		{meetupbot.English, DurHours, []any{1}, "1 hour"},
		{meetupbot.German, AttForecast, []any{0, 0}, "🔮 Erwartet: ≈0 von 0 Zusagen"},
		{meetupbot.German, AttForecast, []any{2, 1}, "🔮 Erwartet: ≈2 von 1 Zusage"},
		{meetupbot.German, AttForecast, []any{1, 2}, "🔮 Erwartet: ≈1 von 2 Zusagen"},
		{meetupbot.English, AttForecast, []any{0, 0}, "🔮 Expected: ≈0 of 0 yeses"},
		{meetupbot.English, AttForecast, []any{2, 1}, "🔮 Expected: ≈2 of 1 yes"},
		{meetupbot.English, AttForecast, []any{1, 2}, "🔮 Expected: ≈1 of 2 yeses"},
	}
	for _, tt := range tests {
		if got := T(tt.lang, tt.key, tt.args...); got != tt.want {
			t.Errorf("T(%s, %s, %v) = %q, want %q", tt.lang, tt.key, tt.args, got, tt.want)
		}
	}
}

func TestMissingTextFallsBack(t *testing.T) {
	if got := T("fr", ToastMaybe); got != T(meetupbot.English, ToastMaybe) {
		t.Errorf("T(fr) = %q, want the English text", got)
	}
	if got := T(meetupbot.German, "no_such_key"); got != "no_such_key" {
		t.Errorf("T(unknown key) = %q, want the key", got)
	}
}

func verbs(format string) string {
	var out []string
	for i := 0; i < len(format)-1; i++ {
		if format[i] == '%' {
			// "%%" is a percent sign, not an argument.
			if format[i+1] != '%' {
				out = append(out, format[i:i+2])
			}
			i++
		}
	}
	return strings.Join(out, " ")
}

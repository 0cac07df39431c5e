package view

import (
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestFormatted(t *testing.T) {
	type e = tgbotapi.MessageEntity
	tests := []struct {
		name     string
		text     string
		entities []e
		want     string
	}{
		{"plain text is escaped", "a < b & c", nil, "a &lt; b &amp; c"},
		{"bold", "Heute 19 Uhr", []e{{Type: "bold", Offset: 6, Length: 6}}, "Heute <b>19 Uhr</b>"},
		{"every style", "b i u s p c", []e{
			{Type: "bold", Offset: 0, Length: 1}, {Type: "italic", Offset: 2, Length: 1}, {Type: "underline", Offset: 4, Length: 1},
			{Type: "strikethrough", Offset: 6, Length: 1}, {Type: "spoiler", Offset: 8, Length: 1}, {Type: "code", Offset: 10, Length: 1},
		}, "<b>b</b> <i>i</i> <u>u</u> <s>s</s> <tg-spoiler>p</tg-spoiler> <code>c</code>"},
		{"text inside entities is escaped", "x <y> & z", []e{{Type: "code", Offset: 2, Length: 3}}, "x <code>&lt;y&gt;</code> &amp; z"},
		{"a link", "Folien hier", []e{{Type: "text_link", Offset: 7, Length: 4, URL: "https://example.org/a?b=1&c=\"2\""}},
			`Folien <a href="https://example.org/a?b=1&amp;c=&#34;2&#34;">hier</a>`},
		{"a link of another scheme stays text", "klick", []e{{Type: "text_link", Offset: 0, Length: 5, URL: "javascript:alert(1)"}}, "klick"},
		{"a mention of a member without a name", "Anna kommt", []e{{Type: "text_mention", Offset: 0, Length: 4, User: &tgbotapi.User{ID: 42}}},
			`<a href="tg://user?id=42">Anna</a> kommt`},
		{"code with a language", "x := 1", []e{{Type: "pre", Offset: 0, Length: 6, Language: "go"}}, `<pre><code class="language-go">x := 1</code></pre>`},
		{"a quote", "Zitat", []e{{Type: "blockquote", Offset: 0, Length: 5}}, "<blockquote>Zitat</blockquote>"},
		{"what Telegram finds itself stays text", "@anna #tag https://x.org", []e{
			{Type: "mention", Offset: 0, Length: 5}, {Type: "hashtag", Offset: 6, Length: 4}, {Type: "url", Offset: 11, Length: 13},
		}, "@anna #tag https://x.org"},
		// 🍺 is two UTF-16 code units: the bold after it starts at 3, not 2.
		{"an emoji counts twice", "🍺 Sekt!", []e{{Type: "bold", Offset: 3, Length: 4}}, "🍺 <b>Sekt</b>!"},
		{"an emoji inside", "a 🍺🍺 b", []e{{Type: "italic", Offset: 2, Length: 4}}, "a <i>🍺🍺</i> b"},
		{"a family emoji of several code points", "👨‍👩‍👧 x", []e{{Type: "bold", Offset: 0, Length: 8}}, "<b>👨‍👩‍👧</b> x"},
		{"nested, the outer one first", "fett und kursiv", []e{
			{Type: "italic", Offset: 5, Length: 10}, {Type: "bold", Offset: 0, Length: 15},
		}, "<b>fett <i>und kursiv</i></b>"},
		{"nested, starting together", "ab", []e{{Type: "italic", Offset: 0, Length: 1}, {Type: "bold", Offset: 0, Length: 2}}, "<b><i>a</i>b</b>"},
		{"nested, ending together", "ab", []e{{Type: "bold", Offset: 0, Length: 2}, {Type: "italic", Offset: 1, Length: 1}}, "<b>a<i>b</i></b>"},
		{"a link inside bold", "🎉 Anmeldung hier", []e{
			{Type: "bold", Offset: 0, Length: 17}, {Type: "text_link", Offset: 13, Length: 4, URL: "https://x.org"},
		}, `<b>🎉 Anmeldung <a href="https://x.org">hier</a></b>`},
		{"overlapping without nesting still closes in order", "abc", []e{
			{Type: "bold", Offset: 0, Length: 2}, {Type: "italic", Offset: 1, Length: 2},
		}, "<b>a<i>b</i></b><i>c</i>"},
		{"an entity past the end is cut", "ab", []e{{Type: "bold", Offset: 1, Length: 99}}, "a<b>b</b>"},
		{"an entity inside an emoji moves past it", "🍺x", []e{{Type: "bold", Offset: 1, Length: 2}}, "🍺<b>x</b>"},
		{"nonsense entities are dropped", "ab", []e{
			{Type: "bold", Offset: -1, Length: 2}, {Type: "bold", Offset: 5, Length: 1}, {Type: "bold", Offset: 0, Length: 0},
			{Type: "text_mention", Offset: 0, Length: 1}, {Type: "bold", Offset: 1, Length: int(^uint(0) >> 1)},
		}, "a<b>b</b>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Formatted(tt.text, tt.entities); got != tt.want {
				t.Errorf("Formatted(%q, %+v) = %q, want %q", tt.text, tt.entities, got, tt.want)
			}
		})
	}
}

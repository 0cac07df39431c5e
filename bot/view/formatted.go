package view

import (
	"cmp"
	"html"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Formatted writes a member's text as HTML with the formatting Telegram
// sent beside it (bold, italic, links, code …), so a /post reads in the
// group as the organizer wrote it. Offsets count UTF-16 code units, as
// Telegram counts them; an emoji is two. Everything else is escaped, and
// entities that overlap without nesting, which Telegram never sends, still
// give well-formed HTML, so a forged update cannot make the post fail.
func Formatted(s string, entities []tgbotapi.MessageEntity) string {
	runes := []rune(s)
	// at[i] is where runes[i] begins in UTF-16; at[len(runes)] is the end.
	at := make([]int, len(runes)+1)
	for i, r := range runes {
		at[i+1] = at[i] + max(utf16.RuneLen(r), 1)
	}
	// An offset inside a surrogate pair moves to the end of the pair.
	index := func(offset int) int {
		i, _ := slices.BinarySearch(at, offset)
		return i
	}
	type span struct {
		start, end  int
		open, close string
	}
	var spans []span
	for _, e := range entities {
		openTag, closeTag, ok := entityTags(e)
		total := at[len(runes)]
		if !ok || e.Offset < 0 || e.Length <= 0 || e.Offset > total {
			continue
		}
		start, end := index(e.Offset), index(e.Offset+min(e.Length, total-e.Offset))
		if start < end {
			spans = append(spans, span{start, end, openTag, closeTag})
		}
	}
	// The outer of two entities starting together is the longer one.
	slices.SortStableFunc(spans, func(a, b span) int {
		return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(b.end, a.end))
	})
	var sb strings.Builder
	var open []span
	next := 0
	for i := 0; i <= len(runes); i++ {
		// Close what ends here, with everything opened inside it, and
		// reopen the inner ones that go on.
		if k := slices.IndexFunc(open, func(sp span) bool { return sp.end == i }); k >= 0 {
			for j := len(open) - 1; j >= k; j-- {
				sb.WriteString(open[j].close)
			}
			inner := slices.DeleteFunc(slices.Clone(open[k:]), func(sp span) bool { return sp.end == i })
			open = open[:k]
			for _, sp := range inner {
				sb.WriteString(sp.open)
				open = append(open, sp)
			}
		}
		for ; next < len(spans) && spans[next].start == i; next++ {
			sb.WriteString(spans[next].open)
			open = append(open, spans[next])
		}
		if i < len(runes) {
			sb.WriteString(html.EscapeString(string(runes[i])))
		}
	}
	return sb.String()
}

// entityTags are the HTML tags Telegram reads for an entity. Entities
// Telegram finds by itself (mentions, hashtags, plain links) need none;
// neither does a custom emoji, whose id tgbotapi does not carry: its
// fallback emoji is in the text.
func entityTags(e tgbotapi.MessageEntity) (openTag, closeTag string, ok bool) {
	switch e.Type {
	case "bold":
		return "<b>", "</b>", true
	case "italic":
		return "<i>", "</i>", true
	case "underline":
		return "<u>", "</u>", true
	case "strikethrough":
		return "<s>", "</s>", true
	case "spoiler":
		return "<tg-spoiler>", "</tg-spoiler>", true
	case "code":
		return "<code>", "</code>", true
	case "pre":
		if e.Language != "" {
			return `<pre><code class="language-` + Esc(e.Language) + `">`, "</code></pre>", true
		}
		return "<pre>", "</pre>", true
	case "blockquote":
		return "<blockquote>", "</blockquote>", true
	case "expandable_blockquote":
		return "<blockquote expandable>", "</blockquote>", true
	case "text_link":
		// Only links Telegram accepts in a message: another scheme would
		// make the whole post fail.
		u, err := url.Parse(e.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "tg" && u.Scheme != "mailto") {
			return "", "", false
		}
		return `<a href="` + Esc(e.URL) + `">`, "</a>", true
	case "text_mention":
		if e.User == nil {
			return "", "", false
		}
		return `<a href="tg://user?id=` + strconv.FormatInt(e.User.ID, 10) + `">`, "</a>", true
	}
	return "", "", false
}

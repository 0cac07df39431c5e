package playground

import (
	"html"
	"net/url"
	"regexp"
	"strings"
)

// tagNames maps the tags of Telegram's HTML parse mode to the tag the page
// shows them with; anything else is dropped.
var tagNames = map[string]string{
	"b": "b", "strong": "b", "i": "i", "em": "i", "u": "u", "ins": "u",
	"s": "s", "strike": "s", "del": "s", "code": "code", "pre": "pre",
	"blockquote": "blockquote", "tg-spoiler": "span", "span": "span", "a": "a",
}

var (
	tagPattern  = regexp.MustCompile(`<(/?)([a-zA-Z-]+)([^>]*)>`)
	hrefPattern = regexp.MustCompile(`href\s*=\s*"([^"]*)"`)
)

// renderHTML turns a message in Telegram's HTML into HTML the page may
// insert: every text run is unescaped and escaped again, every tag is
// rebuilt from the short list above without attributes, and links keep
// only an http(s) or tg address. Whatever the bot or a member put in a
// message, the output holds no markup that was not built here.
func renderHTML(text string, isHTML bool) string {
	if !isHTML {
		return html.EscapeString(text)
	}
	var out strings.Builder
	var open []string
	last := 0
	for _, m := range tagPattern.FindAllStringSubmatchIndex(text, -1) {
		out.WriteString(html.EscapeString(html.UnescapeString(text[last:m[0]])))
		last = m[1]
		closing, name, attrs := text[m[2]:m[3]] == "/", strings.ToLower(text[m[4]:m[5]]), text[m[6]:m[7]]
		tag, ok := tagNames[name]
		if !ok {
			continue
		}
		if closing {
			if len(open) > 0 && open[len(open)-1] == tag {
				open = open[:len(open)-1]
				out.WriteString("</" + tag + ">")
			}
			continue
		}
		open = append(open, tag)
		switch {
		case tag == "a":
			out.WriteString(`<a href="` + html.EscapeString(safeLink(attrs)) + `" rel="noopener noreferrer" target="_blank">`)
		case name == "tg-spoiler" || strings.Contains(attrs, "tg-spoiler"):
			out.WriteString(`<span class="spoiler">`)
		default:
			out.WriteString("<" + tag + ">")
		}
	}
	out.WriteString(html.EscapeString(html.UnescapeString(text[last:])))
	for i := len(open) - 1; i >= 0; i-- {
		out.WriteString("</" + open[i] + ">")
	}
	return out.String()
}

// safeLink is a link's address if it is one a chat may open, else "#".
func safeLink(attrs string) string {
	m := hrefPattern.FindStringSubmatch(attrs)
	if m == nil {
		return "#"
	}
	u, err := url.Parse(html.UnescapeString(m[1]))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http" && u.Scheme != "tg") {
		return "#"
	}
	return u.String()
}

// excerpt is the start of a message's plain text, for a reply's quote or
// the pinned bar.
func excerpt(text string, isHTML bool, n int) string {
	plain := text
	if isHTML {
		plain = html.UnescapeString(tagPattern.ReplaceAllString(text, ""))
	}
	plain = strings.Join(strings.Fields(plain), " ")
	if r := []rune(plain); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return plain
}

package playground

import "testing"

func TestRenderHTML(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		isHTML   bool
		want     string
	}{
		{"plain text is escaped", `<b>1 < 2 & "x"</b>`, false, `&lt;b&gt;1 &lt; 2 &amp; &#34;x&#34;&lt;/b&gt;`},
		{"Telegram tags are kept", "<b>Fett</b> <i>kursiv</i> <code>x</code>", true, "<b>Fett</b> <i>kursiv</i> <code>x</code>"},
		{"synonyms become one tag", "<strong>a</strong><em>b</em><del>c</del>", true, "<b>a</b><i>b</i><s>c</s>"},
		{"entities are escaped again", "Tom &amp; Jerry &lt;3 &#34;", true, "Tom &amp; Jerry &lt;3 &#34;"},
		{"an escaped script stays text", "&lt;script&gt;alert(1)&lt;/script&gt;", true, "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"unknown tags are dropped", `<script>alert(1)</script><img src=x onerror=alert(1)>`, true, "alert(1)"},
		{"attributes are dropped", `<b onclick="alert(1)">x</b>`, true, "<b>x</b>"},
		{"links keep a safe address", `<a href="https://t.me/bot?start=a_b">Start</a>`, true, `<a href="https://t.me/bot?start=a_b" rel="noopener noreferrer" target="_blank">Start</a>`},
		{"javascript links go nowhere", `<a href="javascript:alert(1)">x</a>`, true, `<a href="#" rel="noopener noreferrer" target="_blank">x</a>`},
		{"quotes in addresses are escaped", `<a href="https://x.org/?q=&quot;&gt;&lt;script&gt;">x</a>`, true, `<a href="https://x.org/?q=&#34;&gt;&lt;script&gt;" rel="noopener noreferrer" target="_blank">x</a>`},
		{"spoilers are marked", `<tg-spoiler>geheim</tg-spoiler> <span class="tg-spoiler">auch</span>`, true, `<span class="spoiler">geheim</span> <span class="spoiler">auch</span>`},
		{"unclosed tags are closed", "<b><i>x", true, "<b><i>x</i></b>"},
		{"stray closing tags are dropped", "x</b>", true, "x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := renderHTML(tc.in, tc.isHTML); got != tc.want {
				t.Errorf("renderHTML(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestExcerpt(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"<b>📣 Social Media Stammtisch</b>\nDo., 10.12.", "📣 Social Media Stammtisch Do.…"},
		{"kurz &amp; gut", "kurz & gut"},
	} {
		if got := excerpt(tc.in, true, 30); got != tc.want {
			t.Errorf("excerpt(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzRenderHTML(f *testing.F) {
	for _, seed := range []string{"<b>x</b>", `<a href="javascript:x">`, "<<b>>", "&lt;", "<a href=\"https://x\"><b>y</a>"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := renderHTML(in, true)
		for _, m := range tagPattern.FindAllStringSubmatch(out, -1) {
			if _, ok := tagNames[m[2]]; !ok || (m[2] != "a" && m[2] != "span" && m[3] != "") {
				t.Fatalf("renderHTML(%q) = %q has the tag %q", in, out, m[0])
			}
		}
	})
}

// Package text is the message catalog: every text the bot sends, one file
// per language, with plural forms chosen by CLDR's rules
// (golang.org/x/text/feature/plural), so "1 Begleitung" and "2 Begleitungen"
// are both right. Adding a language is adding one file with its Catalog and
// naming it in catalogs.
package text

import (
	"fmt"

	"github.com/meetupbot/meetupbot"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Catalog holds one language's texts: each entry is a fmt format string, or
// a Plural whose form is chosen by a count among the arguments.
type Catalog map[Key]any

// Plural is a text whose words change with a count. By is the 1-based
// argument that holds the count (0: the first). Forms a language does not
// use stay empty; Other is always set.
type Plural struct {
	By                    int
	Zero, One, Two, Other string
	Few, Many             string
}

type locale struct {
	tag     language.Tag
	catalog Catalog
}

// catalogs are the languages the bot speaks.
var catalogs = map[meetupbot.Lang]locale{
	meetupbot.German:  {language.German, german},
	meetupbot.English: {language.English, english},
}

// fallback is the language of a text missing in another.
const fallback = meetupbot.English

// Supported reports whether every text exists in lang.
func Supported(lang meetupbot.Lang) bool {
	_, ok := catalogs[lang]
	return ok
}

// T renders a text in a language. A text missing in lang is taken from the
// fallback language; one missing everywhere is a bug that the catalog test
// catches, and shows as its key rather than as nothing.
func T(lang meetupbot.Lang, key Key, args ...any) string {
	l, ok := catalogs[lang]
	entry, found := l.catalog[key]
	if !ok || !found {
		l = catalogs[fallback]
		if entry, found = l.catalog[key]; !found {
			return string(key)
		}
	}
	format := l.form(entry, args)
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// form picks the format of an entry for these arguments.
func (l locale) form(entry any, args []any) string {
	switch e := entry.(type) {
	case string:
		return e
	case Plural:
		return e.pick(l.tag, count(e.By, args))
	}
	return fmt.Sprint(entry)
}

func count(by int, args []any) int {
	if by > 0 {
		if by <= len(args) {
			if n, ok := args[by-1].(int); ok {
				return n
			}
		}
		return 0
	}
	for _, a := range args {
		if n, ok := a.(int); ok {
			return n
		}
	}
	return 0
}

func (p Plural) pick(tag language.Tag, n int) string {
	abs := max(n, -n)
	var form string
	switch plural.Cardinal.MatchPlural(tag, abs, 0, 0, 0, 0) {
	case plural.Zero:
		form = p.Zero
	case plural.One:
		form = p.One
	case plural.Two:
		form = p.Two
	case plural.Few:
		form = p.Few
	case plural.Many:
		form = p.Many
	}
	if form == "" {
		return p.Other
	}
	return form
}

// forms lists every format of an entry, for the catalog test.
func forms(entry any) []string {
	switch e := entry.(type) {
	case string:
		return []string{e}
	case Plural:
		var all []string
		for _, f := range []string{e.Zero, e.One, e.Two, e.Few, e.Many, e.Other} {
			if f != "" {
				all = append(all, f)
			}
		}
		return all
	}
	return nil
}

// Package textkey gives free text the one form in which it is compared as
// a key (a category, a channel, a country): two cells that look alike are
// the same string.
package textkey

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Canonical returns s in Unicode normalisation form C with its format
// characters (general category Cf: zero-width space U+200B, zero-width
// non-joiner and joiner U+200C/U+200D, word joiner U+2060, soft hyphen
// U+00AD, a byte-order mark U+FEFF inside the text, the marks of direction)
// removed. So "å" written precomposed (U+00E5, as most systems write it) and
// decomposed ("a" and U+030A, as macOS writes file names and what is pasted
// from them) are one string, and "fees" with an invisible zero-width space
// after it is "fees". Case and white space are the caller's.
//
// Text of ASCII alone is returned as it is, after one pass over its bytes
// and without allocating; so is text already in that form. s is valid
// UTF-8 (the readers refuse a value that is not).
func Canonical(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) {
		return s // ASCII has no format characters and is in every normal form
	}
	if hasFormat(s[i:]) {
		s = strings.Map(dropFormat, s)
	}
	return norm.NFC.String(s) // s itself when it is NFC already, without allocating
}

// hasFormat tells whether s holds a format character.
func hasFormat(s string) bool {
	for _, r := range s {
		if r >= 0xad && unicode.Is(unicode.Cf, r) {
			return true
		}
	}
	return false
}

func dropFormat(r rune) rune {
	if r >= 0xad && unicode.Is(unicode.Cf, r) {
		return -1
	}
	return r
}

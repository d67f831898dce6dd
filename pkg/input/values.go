package input

import (
	"fmt"
	"math"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/nollmission/nollmission/pkg/channel"
	"github.com/nollmission/nollmission/pkg/period"
	"github.com/nollmission/nollmission/pkg/textkey"
)

// parse fills row from one record, checking every value the same way
// whatever the file's format. The error it returns has only the column and
// value set; the reader puts it in its place.
func (c *columns) parse(rec []string, country string, b *period.Bucketer, row *Row) *DataError {
	bad := func(col int, reason, hint string) *DataError {
		return &DataError{Column: col + 1, Value: rec[col], Reason: reason, Hint: hint}
	}
	// control refuses a value read with a control character in it (it
	// could reach a terminal or a report through the output), or with
	// bytes that are not UTF-8 (text in another encoding).
	control := func(col int, lineBreaks bool) *DataError {
		if r, ok := controlChar(rec[col], lineBreaks); ok {
			return bad(col, controlReason(r), controlHint)
		}
		if !utf8.ValidString(rec[col]) {
			return bad(col, notUTF8, notUTF8Hint)
		}
		return nil
	}
	if err := control(c.period, false); err != nil {
		return err
	}
	m, form, err := b.Parse(strings.TrimSpace(rec[c.period]))
	if err != nil {
		return bad(c.period, err.Error(), periodHint(err))
	}
	row.Month, c.form = m, form

	row.Country = country
	if c.country != absent {
		if err := control(c.country, false); err != nil {
			return err
		}
		v := strings.TrimSpace(textkey.Canonical(rec[c.country]))
		if v == "" {
			return bad(c.country, "empty country", "fill in a country code such as SE, or drop the column to use --country")
		}
		code, ok := countryCode(v)
		if !ok {
			return bad(c.country, countryReason(v), countryHint(v))
		}
		row.Country = code
	}

	row.Count = 1
	if c.count != absent {
		if err := control(c.count, false); err != nil {
			return err
		}
		n, reason := parseCount(rec[c.count])
		if reason != "" {
			return bad(c.count, reason, countHint(reason))
		}
		row.Count = n
	}

	if c.channel != absent {
		if ch, seen := c.channels[rec[c.channel]]; seen {
			row.Channel = ch // checked when first read
		} else {
			if err := control(c.channel, false); err != nil {
				return err
			}
			ch, err := channel.Normalize(rec[c.channel])
			if err != nil {
				return bad(c.channel, "unknown channel", channel.Hint())
			}
			row.Channel = ch
			c.channels.keep(rec[c.channel], ch)
		}
	} else {
		row.Channel = channel.Unspecified
	}
	if c.category != absent {
		raw := rec[c.category]
		if isNormalCategory(raw) {
			row.Category = raw
		} else if category, seen := c.categories[raw]; seen {
			row.Category = category // checked when first read
		} else {
			// A category is free text: a line break in it (a quoted field
			// over two lines) is white space, folded like any other.
			if err := control(c.category, true); err != nil {
				return err
			}
			row.Category = normalizeCategory(raw)
			c.categories.keep(raw, row.Category)
		}
	} else {
		row.Category = ""
	}

	if c.score != absent {
		if err := control(c.score, false); err != nil {
			return err
		}
		s, ok := parseScore(rec[c.score])
		if !ok {
			return bad(c.score, "not a score from 1 to 5", "scores are whole numbers from 1 to 5")
		}
		row.Score = s
	}
	return nil
}

// countSum adds up the counts of one kind as they are read, from the
// counts of the files read before (Config.CountBefore): a row that takes the
// sum beyond int64 is refused at its line, rather than by the sum of a
// file or of every file, which names none.
type countSum struct{ total int64 }

// add adds the row's count; the error has only its column and value set.
func (s *countSum) add(c *columns, rec []string, row *Row) *DataError {
	if s.total <= math.MaxInt64-row.Count {
		s.total += row.Count
		return nil
	}
	e := &DataError{Reason: fmt.Sprintf("the counts add up beyond %d here", int64(math.MaxInt64)),
		Hint: "a count this large cannot be right; check the count column"}
	if c.count != absent {
		e.Column, e.Value = c.count+1, rec[c.count]
	}
	return e
}

// controlChar finds the first control character in s that no value may
// hold: a C0 control but tab (and, when lineBreaks, line feed and carriage
// return), DEL, or a C1 control (U+0080–U+009F). Any of them can drive a
// terminal (ESC starts a sequence that retitles or recolours it; so does
// U+009B, CSI), and none belongs in an export's values. It looks at bytes:
// a string of printable ASCII is checked in one pass without decoding.
func controlChar(s string, lineBreaks bool) (rune, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x20 && c < 0x7f:
		case c == '\t', lineBreaks && (c == '\n' || c == '\r'):
		case c < 0x20, c == 0x7f:
			return rune(c), true
		case c == 0xc2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9f:
			return rune(s[i+1]), true // U+0080–U+009F in UTF-8
		}
	}
	return 0, false
}

// TextProblem says what is wrong with a value another reader (the
// published figures) takes from a file, as the checks of the inputs do: a
// control character (controlChar: it could drive the terminal the value is
// printed on; line breaks are allowed when lineBreaks) or bytes that are
// not UTF-8. Both are "" when nothing is.
func TextProblem(s string, lineBreaks bool) (reason, hint string) {
	if r, ok := controlChar(s, lineBreaks); ok {
		return controlReason(r), controlHint
	}
	if !utf8.ValidString(s) {
		return notUTF8, notUTF8Hint
	}
	return "", ""
}

// controlNames are the control characters met in practice.
var controlNames = map[rune]string{0: "NUL", 7: "BEL", 8: "BS", '\n': "line feed", '\v': "vertical tab",
	'\f': "form feed", '\r': "carriage return", 0x1b: "ESC", 0x7f: "DEL", 0x85: "NEL", 0x9b: "CSI"}

// controlReason says which control character a value holds.
func controlReason(r rune) string {
	name := fmt.Sprintf("%U", r)
	if n, ok := controlNames[r]; ok {
		name += " " + n
	}
	return "a control character (" + name + ") in the value"
}

const controlHint = "no value may hold a control character (tab is allowed): remove it from the export; if the file is not text, or in another encoding, export it again as CSV UTF-8"

// countryCode reads a country as an ISO 3166 code of two letters, in
// either case: SE for Sweden. Anything else (SWE, Sverige, S E) is refused
// rather than kept as a country of its own, which the figures of SE would
// silently leave out; it also bounds the countries a file can hold to 676.
// Two letters that are no assigned code (UK, EL, EU) are refused too
// (assigned): --country GB would otherwise leave the rows written UK out.
func countryCode(s string) (string, bool) {
	if len(s) != 2 || !isLetter(s[0]) || !isLetter(s[1]) {
		return "", false
	}
	code := strings.ToUpper(s)
	return code, assigned(code)
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// letterPair indexes a code of two upper-case letters.
func letterPair(code string) int { return int(code[0]-'A')*26 + int(code[1]-'A') }

// withdrawnCodes are codes deleted from ISO 3166-1 whose country split
// into several (CLDR aliases each to a list, so x/text keeps them as they
// are): language.Region cannot tell them from assigned ones.
var withdrawnCodes = map[string]bool{"AN": true, "CS": true, "NT": true, "SU": true, "YU": true}

// assigned tells whether a code of two upper-case letters is an assigned
// ISO 3166-1 alpha-2 code, from x/text's region data (CLDR): a country or territory
// (not a group such as EU or a private-use code such as XX), under its
// own code (not an alias such as UK for GB or DD for DE), with a numeric
// code (not one reserved on request, such as AC, EA, EZ or UN), and not
// withdrawn. XK, Kosovo, is user-assigned in ISO 3166 but the code the EU,
// banks and CLDR use: it is kept, or Kosovo's rows could not be read.
//
// Each pair is looked up once, when first read (a table of all 676 took
// 0.3 ms, which every command with --country paid at start).
func assigned(code string) bool {
	slot := &assignedCodes[letterPair(code)]
	switch slot.Load() {
	case codeAssigned:
		return true
	case codeNotAssigned:
		return false
	}
	r, err := language.ParseRegion(code)
	ok := err == nil && r.IsCountry() && r.Canonicalize() == r && r.M49() != 0 &&
		r.ISO3() != "ZZZ" && !withdrawnCodes[code]
	if ok {
		slot.Store(codeAssigned)
	} else {
		slot.Store(codeNotAssigned)
	}
	return ok
}

// assignedCodes holds what assigned found of each pair of letters: 0 not
// yet looked up. Atomic, as files are read on several goroutines.
var assignedCodes [26 * 26]atomic.Uint32

const (
	codeAssigned    = 1
	codeNotAssigned = 2
)

// countryHint says how to write a country that is not an assigned
// two-letter code: the code of a country written as its three-letter or
// numeric ISO 3166 code (SWE, 752: SE), or as a code that is not ISO
// 3166's (UK: GB, EL: GR, DD: DE), or why a code is no country's (EU).
func countryHint(s string) string {
	const hint = "a country is a two-letter ISO 3166 code, such as SE, NO, DK or FI"
	code := strings.ToUpper(s)
	switch code {
	case "UK":
		return "write GB: GB is the ISO 3166 code for the United Kingdom; UK is not one"
	case "EL":
		return "write GR: GR is the ISO 3166 code for Greece; EL is the EU's own abbreviation"
	case "EU":
		return "EU is not a country: write each row's country, such as SE or DE"
	}
	r, err := language.ParseRegion(s)
	switch {
	case err != nil:
		return hint
	case len(s) == 2 && withdrawnCodes[code]:
		return fmt.Sprintf("%s is a withdrawn ISO 3166 code, of a country that split: write the code of the row's country today; %s", code, hint)
	case len(s) == 2 && r.IsCountry() && r.Canonicalize() != r && r.Canonicalize().IsCountry():
		return fmt.Sprintf("write %s: %s is not an ISO 3166 code now, %s is; %s", r.Canonicalize(), code, r.Canonicalize(), hint)
	case len(s) == 2 && r.IsGroup():
		return fmt.Sprintf("%s is a group of countries, not a country: write each row's country; %s", code, hint)
	case len(s) == 2 || !r.IsCountry():
		return hint
	}
	form := "three-letter"
	if allDigits(s) {
		form = "numeric"
	}
	return fmt.Sprintf("write %s: %s is its %s code; %s", r, code, form, hint)
}

// countryReason is the refusal of a country that is not an assigned
// two-letter code.
func countryReason(s string) string {
	if len(s) == 2 && isLetter(s[0]) && isLetter(s[1]) {
		return "not an ISO 3166 country code"
	}
	return "not a two-letter country code"
}

// ParseCountry reads a country code as the files' country column is read
// (for --country, so that the two agree): an assigned two-letter code,
// upper-cased.
func ParseCountry(s string) (string, error) {
	code, reason, hint := CountryOf(s)
	if reason != "" {
		return "", fmt.Errorf("%q is %s (%s)", s, reason, hint)
	}
	return code, nil
}

// CountryOf reads a country code as the files' country column is read (a
// published figure's country, so that the two agree): the code, upper-cased,
// or the reason it is refused and a hint.
func CountryOf(s string) (code, reason, hint string) {
	v := strings.TrimSpace(textkey.Canonical(s))
	code, ok := countryCode(v)
	if !ok {
		return "", countryReason(v), countryHint(v)
	}
	return code, "", ""
}

// A free-text value that is not UTF-8 in a file read as UTF-8: the file
// mixes encodings, and decoding it anyway would merge "Köp" and "Kåp".
const (
	notUTF8     = "not valid UTF-8, though the file was read as UTF-8"
	notUTF8Hint = "the file mixes encodings; save it as UTF-8, or pass --encoding windows-1252 if it is all Windows-1252"
)

// UnspecifiedCategory is the category of complaints without one.
const UnspecifiedCategory = "unspecified"

// normalizeCategory makes "Refunds ", "refunds" and "REFUNDS" one category:
// lower case, runs of white space one space, none around; and, as for
// every key, Unicode NFC with no format characters (textkey.Canonical), so
// that "återbetalning" with its å precomposed or decomposed, and "fees"
// with a zero-width space after it, are one category each. That form is
// also the category's name in the output. It runs once a row, so a
// category already in that form is returned as it is, and any other is
// built in one pass.
func normalizeCategory(s string) string {
	if isNormalCategory(s) {
		return s
	}
	// Canonical first, so that spellings that differ only in their
	// encoding or in invisible characters are one string before the rest.
	s = textkey.Canonical(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	if b.Len() == 0 {
		return UnspecifiedCategory
	}
	// Lower case can make a letter and its mark that NFC composes ("T"
	// and U+0308 have no precomposed form, "t" and U+0308 have: ẗ):
	// composed again, so that the name read back (aggregate's count rows)
	// is the same category.
	return textkey.Canonical(b.String())
}

// isNormalCategory tells a non-empty category of printable lower-case
// ASCII with single inner spaces: no control character (controlChar) and
// nothing to normalise.
func isNormalCategory(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x7f || 'A' <= c && c <= 'Z' || c < ' ' || c == ' ' && s[i+1] == ' ' {
			return false
		}
	}
	return true
}

package input

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nollmission/nollmission/pkg/channel"
	"github.com/nollmission/nollmission/pkg/period"
)

// parse fills row from one record, checking every value the same way
// whatever the file's format. The error it returns has only the column and
// value set; the reader puts it in its place.
func (c *columns) parse(rec []string, country string, b *period.Bucketer, row *Row) *DataError {
	bad := func(col int, reason, hint string) *DataError {
		return &DataError{Column: col + 1, Value: rec[col], Reason: reason, Hint: hint}
	}
	m, err := b.Month(strings.TrimSpace(rec[c.period]))
	if err != nil {
		return bad(c.period, err.Error(), "want "+period.Forms)
	}
	row.Month = m

	row.Country = country
	if c.country != absent {
		v := strings.ToUpper(strings.TrimSpace(rec[c.country]))
		if v == "" {
			return bad(c.country, "empty country", "fill in a country code such as SE, or drop the column to use --country")
		}
		if !utf8.ValidString(v) {
			return bad(c.country, notUTF8, notUTF8Hint)
		}
		row.Country = v
	}

	row.Count = 1
	if c.count != absent {
		n, reason := parseCount(rec[c.count])
		if reason != "" {
			return bad(c.count, reason, "counts are whole numbers of 0 or more, such as 12 (010 is ten)")
		}
		row.Count = n
	}

	if c.channel != absent {
		ch, err := channel.Normalize(rec[c.channel])
		if err != nil {
			return bad(c.channel, "unknown channel", channel.Hint())
		}
		row.Channel = ch
	} else {
		row.Channel = channel.Unspecified
	}
	if c.category != absent {
		if !utf8.ValidString(rec[c.category]) {
			return bad(c.category, notUTF8, notUTF8Hint)
		}
		row.Category = normalizeCategory(rec[c.category])
	} else {
		row.Category = ""
	}

	if c.score != absent {
		s, ok := parseScore(rec[c.score])
		if !ok {
			return bad(c.score, "not a score from 1 to 5", "scores are whole numbers from 1 to 5")
		}
		row.Score = s
	}
	return nil
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
// lower case, runs of white space one space, none around. It runs once a
// row, so a category already in that form is returned as it is, and any
// other is built in one pass.
func normalizeCategory(s string) string {
	if isNormalCategory(s) {
		return s
	}
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
	return b.String()
}

// isNormalCategory tells a non-empty category of lower-case ASCII with
// single inner spaces.
func isNormalCategory(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' || c < ' ' || c == ' ' && s[i+1] == ' ' {
			return false
		}
	}
	return true
}

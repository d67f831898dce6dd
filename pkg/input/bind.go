package input

import (
	"fmt"
	"strings"
)

// columns maps the columns of one file's header.
type columns struct {
	header                            []string
	period, country, count            int
	channel, category, score, nfields int
}

const absent = -1

// bindColumns finds the columns a kind needs; names match
// case-insensitively, surrounding spaces and a byte-order mark ignored.
// delimiter is the one the file's fields are split by (0 in a format
// without one), for the hints. The error has only its column and value
// set: the reader puts it in its place.
func bindColumns(kind Kind, header []string, delimiter rune) (*columns, *DataError) {
	names := make([]string, len(header))
	index := map[string]int{}
	for i, h := range header {
		n := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
		names[i] = n
		if _, dup := index[n]; !dup {
			index[n] = i
		}
	}
	first := func(candidates ...string) int {
		for _, c := range candidates {
			if i, ok := index[c]; ok {
				return i
			}
		}
		return absent
	}
	if err := ambiguous(kind, header, names, index); err != nil {
		return nil, err
	}
	cols := &columns{
		header:   names,
		nfields:  len(header),
		period:   first(periodColumns...),
		country:  first("country"),
		count:    first(kind.countColumns()...),
		channel:  absent,
		category: absent,
		score:    absent,
	}
	missing := func(what string, want []string) *DataError {
		hint := fmt.Sprintf("name it %s (case and surrounding spaces do not matter); a %s file looks like: %s", strings.Join(want, " or "), kind, exampleHeader(kind))
		if delimiter != 0 && len(header) == 1 && strings.ContainsAny(header[0], ",;\t|") {
			hint = fmt.Sprintf("the whole header is one column with the delimiter %s; if the file uses another, pass --delimiter or leave it to detection", DelimiterName(delimiter))
		}
		return &DataError{
			Reason: fmt.Sprintf("no %s column; the header has: %s", what, strings.Join(shown(names), ", ")),
			Hint:   hint}
	}
	if cols.period == absent {
		return nil, missing("period", periodColumns)
	}
	switch kind {
	case Complaints:
		cols.channel = first("channel")
		cols.category = first("category")
	case Surveys:
		if cols.score = first("score"); cols.score == absent {
			return nil, missing("score", []string{"score"})
		}
	}
	return cols, nil
}

// ambiguous refuses a header that leaves in doubt which column to read: a
// column the kind uses that appears twice, or two count columns (count and
// transactions): taking the first would silently drop the other.
func ambiguous(kind Kind, header, names []string, index map[string]int) *DataError {
	used := map[string]bool{"country": true, "channel": kind == Complaints, "category": kind == Complaints, "score": kind == Surveys}
	for _, n := range append(append([]string{}, periodColumns...), kind.countColumns()...) {
		used[n] = true
	}
	for i, n := range names {
		if used[n] && index[n] != i {
			return &DataError{Column: i + 1, Name: ShowName(n), Value: header[i],
				Reason: fmt.Sprintf("column %q appears twice (columns %d and %d)", n, index[n]+1, i+1),
				Hint:   "keep one of them, or rename the other"}
		}
	}
	counts := kind.countColumns()
	if a, okA := index[counts[0]]; okA {
		if b, okB := index[counts[1]]; okB {
			return &DataError{Column: b + 1, Name: counts[1], Value: header[b],
				Reason: fmt.Sprintf("two count columns, %s (column %d) and %s (column %d)", counts[0], a+1, counts[1], b+1),
				Hint:   "keep one count column, or rename the other"}
		}
	}
	return nil
}

// shown lists the header's names for a message; the empty names of
// trailing delimiters are left out.
func shown(names []string) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		if n != "" {
			out = append(out, ShowName(n))
		}
	}
	return out
}

func exampleHeader(kind Kind) string {
	return [...]string{
		"month,country,transactions (count rows) or timestamp,country (one row per purchase)",
		"month,country,channel,category,complaints (count rows) or date,channel (one row per complaint)",
		"month,country,score,responses (count rows) or timestamp,score (one row per answer)",
	}[kind]
}

// blank tells a row of empty fields.
func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// fit checks that a row has the header's fields. A trailing delimiter on
// the header or on the row (an empty last field) is not held against it.
// The error points at the first field beyond the header, or at the last
// field of a short row; in a delimited format (delimiter not 0), its hint
// names the delimiter, the likeliest cause.
func (c *columns) fit(rec []string, delimiter rune) *DataError {
	n := len(rec)
	if n == c.nfields {
		return nil
	}
	if n > c.nfields && blank(rec[c.nfields:]) || n < c.nfields && blank(c.header[n:]) {
		return nil
	}
	reason := fmt.Sprintf("the row has %s, the header has %d", plural(n, "field"), c.nfields)
	hint := "every value needs a column named in the header; name the column or clear the value"
	if delimiter != 0 {
		hint = fmt.Sprintf("every row needs as many fields as the header; quote fields that contain the delimiter (the delimiter is %s; --delimiter sets it)", DelimiterName(delimiter))
	}
	if n > c.nfields {
		return &DataError{Column: c.nfields + 1, Value: rec[c.nfields], Reason: reason, Hint: hint}
	}
	return &DataError{Column: n, Name: c.header[n-1], Value: rec[n-1], Reason: reason, Hint: hint}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

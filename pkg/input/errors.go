package input

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nollmission/nollmission/pkg/exit"
)

// DataError is bad input pinned to its place: file, physical line (or, in a
// file without lines, a place such as a sheet and cell), column and value.
// Every reader error the user can fix is one of these.
type DataError struct {
	File   string
	Line   int    // physical line, 1-based; 0 when the whole file is at fault
	Place  string // where in a file without lines: "Blad1!B17", "row group 2, row 17, column 3"
	Column int    // 1-based field number; 0 when no single column is at fault
	Name   string // the column's header name, when known
	Value  string
	// NoValue: the column is known and its value is not (a stream read
	// past it); no value is shown.
	NoValue bool
	Reason  string // what is wrong, e.g. "negative count"
	Hint    string // how to fix it, one short sentence
}

// NameColumn gives err, when it is a DataError that names a column and not
// its name (the CSV format knows the column of a stray quote, not the
// header), the name the header gives that column.
func NameColumn(err error, header []string) {
	var de *DataError
	if errors.As(err, &de) && de.Name == "" && de.Column > 0 && de.Column <= len(header) {
		de.Name = header[de.Column-1]
	}
}

// argumentError marks e as a mistake in the arguments rather than in a
// file: exit 2, as a bad flag value is, where bad file content is exit 3.
// It is still a DataError (errors.As finds it), with its hint.
func argumentError(e *DataError) error {
	return &exit.Error{Code: exit.Usage, Err: e, Hint: e.Hint}
}

// Error writes the error on one line that cannot drive a terminal: the
// value is quoted, and a control character anywhere else (a file, sheet or
// column named with one, a reason that repeats data) is escaped.
func (e *DataError) Error() string {
	s := Printable(e.File)
	if e.Line > 0 {
		s += ":" + strconv.Itoa(e.Line)
	}
	if e.Place != "" {
		s += ": " + Printable(e.Place) // names the column, if one is at fault
	}
	if e.Column > 0 {
		if e.Place == "" {
			s += fmt.Sprintf(": column %d", e.Column)
		}
		if e.Name != "" {
			s += fmt.Sprintf(" (%s)", ShowName(e.Name))
		}
		if !e.NoValue {
			s += fmt.Sprintf(": %q", e.Value)
		}
	}
	return s + ": " + Printable(e.Reason)
}

// Printable escapes what a terminal would act on rather than show: control
// characters (C0 with tab and line breaks, DEL, C1) as Go writes them in a
// quoted string (\x1b, \n, \u009b), and bytes that are not UTF-8 (\xf6).
// Other text is returned as it is.
func Printable(s string) string {
	clean := true
	for _, r := range s {
		if unicode.IsControl(r) || r == utf8.RuneError {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unicode.IsControl(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// ShowName writes a header name in a message as it is, or quoted when it
// holds a control character, a byte that is not UTF-8 or a comma, so that
// a message stays one unambiguous line.
func ShowName(name string) string {
	if strings.ContainsFunc(name, unicode.IsControl) || strings.ContainsRune(name, ',') || !utf8.ValidString(name) {
		return strconv.Quote(name)
	}
	return name
}

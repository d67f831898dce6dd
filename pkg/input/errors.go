package input

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
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
	Reason string // what is wrong, e.g. "negative count"
	Hint   string // how to fix it, one short sentence
}

func (e *DataError) Error() string {
	s := e.File
	if e.Line > 0 {
		s += ":" + strconv.Itoa(e.Line)
	}
	if e.Place != "" {
		s += ": " + e.Place // names the column, if one is at fault
	}
	if e.Column > 0 {
		if e.Place == "" {
			s += fmt.Sprintf(": column %d", e.Column)
		}
		if e.Name != "" {
			s += fmt.Sprintf(" (%s)", ShowName(e.Name))
		}
		s += fmt.Sprintf(": %q", e.Value)
	}
	return s + ": " + e.Reason
}

// ShowName writes a header name in a message as it is, or quoted when it
// holds a control character or a comma, so that a message stays one
// unambiguous line.
func ShowName(name string) string {
	if strings.ContainsFunc(name, unicode.IsControl) || strings.ContainsRune(name, ',') {
		return strconv.Quote(name)
	}
	return name
}

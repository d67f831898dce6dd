// Package output writes a command's report in the format asked for: a table
// for people, JSON for scripts, CSV for spreadsheets, Markdown for reports.
// Every format shows the same figures; one factory picks the writer.
package output

import (
	"bytes"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"

	"github.com/nollmission/nollmission/pkg/decimal"
)

// Format is an output format.
type Format string

const (
	FormatTable    Format = "table"
	FormatJSON     Format = "json"
	FormatCSV      Format = "csv"
	FormatMarkdown Format = "markdown"
)

// Formats lists the formats, for flag help and errors.
var Formats = []Format{FormatTable, FormatJSON, FormatCSV, FormatMarkdown}

// ParseFormat accepts a format name (md is markdown).
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case FormatTable, FormatJSON, FormatCSV, FormatMarkdown:
		return f, nil
	case "md":
		return FormatMarkdown, nil
	}
	return "", fmt.Errorf("unknown output format %q (want table, json, csv or markdown)", s)
}

// Align is a column's alignment.
type Align int

const (
	Left Align = iota
	Right
)

// Undefined marks a figure that does not exist (a rate for a month without
// purchases): a dash in the table views, an empty cell in CSV.
const Undefined = "–"

// Column is a table column; the name is printed as written.
type Column struct {
	Name  string
	Align Align
}

// Table is the tabular view of a report.
type Table struct {
	Columns []Column
	Rows    [][]string
	// Summary rows (full-year figures) close the table: a footer in the
	// table and Markdown views, plain rows in CSV.
	Summary [][]string
	// Notes are printed under the table and the Markdown; CSV leaves them
	// out so that it stays a plain grid.
	Notes []string
}

// Report is what a command produces: one JSON document and one table view
// of the same figures.
type Report struct {
	JSON  any
	Table *Table
}

// Write renders r in format f. It renders into memory first, so that a
// failure never leaves partial output on w.
func Write(w io.Writer, f Format, r Report) error {
	var buf bytes.Buffer
	var err error
	switch f {
	case FormatJSON:
		err = writeJSON(&buf, r.JSON)
	case FormatCSV:
		err = writeCSV(&buf, r.Table)
	case FormatMarkdown:
		err = writeMarkdown(&buf, r.Table)
	default:
		err = writeTable(&buf, r.Table)
	}
	if err != nil {
		return err
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return &WriteError{Err: err}
	}
	return nil
}

// WriteError is a failure to write the output (a closed pipe, a full disk,
// a folder that does not exist): exit 4, never mistaken for bad input.
type WriteError struct {
	Err  error
	Hint string
}

func (e *WriteError) Error() string { return "cannot write the output: " + e.Err.Error() }
func (e *WriteError) Unwrap() error { return e.Err }

// Figure formats an exact figure for the table views with the given
// decimals, rounded half away from zero; an undefined one (nil) is Undefined.
func Figure(r *big.Rat, decimals int) string {
	if r == nil {
		return Undefined
	}
	return decimal.Fixed(r, decimals)
}

// YearLabel names a year's summary in every table: "2019 full year", or,
// when months are missing, "2020 year to date (6 of 12 months)".
func YearLabel(year, monthsCovered int) string {
	if monthsCovered < 12 {
		return fmt.Sprintf("%d year to date (%d of 12 months)", year, monthsCovered)
	}
	return fmt.Sprintf("%d full year", year)
}

// Count formats a count.
func Count(n int64) string { return strconv.FormatInt(n, 10) }

// Package output writes a command's report in the format asked for: a table
// for people, JSON for scripts, CSV for spreadsheets, Markdown for reports.
// Every format shows the same figures; one factory picks the writer.
package output

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"iter"
	"math/big"
	"slices"
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

// ParseFormat accepts a format's name or alias (md is markdown).
func ParseFormat(s string) (Format, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	for _, w := range writers {
		if string(w.format) == name || slices.Contains(w.aliases, name) {
			return w.format, nil
		}
	}
	return "", fmt.Errorf("unknown output format %q (want %s)", s, FormatList())
}

// Formats lists the formats, for flag help and completion.
func Formats() []Format {
	out := make([]Format, len(writers))
	for i, w := range writers {
		out[i] = w.format
	}
	return out
}

// FormatList names the formats for a message: "table, json, csv or markdown".
func FormatList() string {
	names := make([]string, len(writers))
	for i, w := range writers {
		names[i] = string(w.format)
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
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
	// Stream, in a long view (Recorder.Records) only, makes the rows after
	// Rows as they are written, for a grid too long to hold whole (a
	// breakdown of a million keys): the CSV writer asks for each row and
	// keeps none. Table and Markdown, which measure their columns, are
	// never given one.
	Stream iter.Seq[[]string]
}

// Report is what a command produces: one JSON document and one table view
// of the same figures. Each view is built only when its format is asked
// for, so a table never pays for the JSON document, nor JSON for the table.
type Report interface {
	JSON() any
	Table() *Table
}

// Recorder is a Report with a long view for machine-read grids (CSV): one
// row per record, where Table is shaped for people.
type Recorder interface {
	Records() *Table
}

// Write renders r in format f onto w, as it is made. A failure to write is
// a WriteError; an --out file is written to a temporary file and put in
// place only when the run succeeds (cmdutil.IOStreams), so that a failed
// run never leaves a half-written one.
func Write(w io.Writer, f Format, r Report) error {
	for _, wr := range writers {
		if wr.format == f {
			return writeBuffered(w, func(bw io.Writer) error { return wr.write(bw, r) })
		}
	}
	return fmt.Errorf("unknown output format %q", f)
}

// WriteJSON writes doc, a JSON document, onto w as Write writes a report's:
// its StreamedJSON arrays element by element. It is for a command whose
// JSON document has no table view (aggregate's count rows, sql's queries).
func WriteJSON(w io.Writer, doc any) error {
	return writeBuffered(w, func(bw io.Writer) error { return writeJSON(bw, doc) })
}

// writeBuffered runs write onto w through a buffer, straight to w a block
// at a time, so that the text of a report of a million keys is never held
// whole: its figures were made from inputs already checked, and what can
// fail now is the writing (an --out file is written to a temporary file
// and put in place only when the run succeeds).
func writeBuffered(w io.Writer, write func(io.Writer) error) error {
	dst := &writeErrors{w: w}
	bw := bufio.NewWriterSize(dst, 64<<10)
	err := write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if dst.err != nil {
		return AsWriteError(dst.err)
	}
	return err
}

// writeErrors keeps the first error of the writer beneath, to tell a
// failure to write from a failure to make the text.
type writeErrors struct {
	w   io.Writer
	err error
}

func (e *writeErrors) Write(p []byte) (int, error) {
	n, err := e.w.Write(p)
	if err != nil && e.err == nil {
		e.err = err
	}
	return n, err
}

// AsWriteError is err, a failure to write the output, as a WriteError
// (exit 4); one already is is returned as it is.
func AsWriteError(err error) error {
	var we *WriteError
	if errors.As(err, &we) {
		return we
	}
	return &WriteError{Err: err}
}

// WriteError is a failure to write the output (a full disk, a folder that
// does not exist): exit 4, never mistaken for bad input.
type WriteError struct {
	Err  error
	Hint string
	// ToFile: Err comes from writing a named file and already says which.
	ToFile bool
}

func (e *WriteError) Error() string {
	if e.ToFile {
		return e.Err.Error()
	}
	return "cannot write the output: " + e.Err.Error()
}
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

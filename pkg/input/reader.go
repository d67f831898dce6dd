// Package input reads the exports (transactions, complaints, surveys) row
// by row, strictly: every value that cannot be read is a DataError naming its
// file, its place (a line; a sheet and cell; a row group and row), column and
// value, never a zero.
//
// Each format has its reader of records (records.go); binding the header's
// columns to their roles (bind.go) and checking the values (values.go) are
// the same for every format.
package input

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/nollmission/nollmission/pkg/period"
)

// Kind is one of the three kinds of input file.
type Kind int

const (
	Transactions Kind = iota
	Complaints
	Surveys
)

// Kinds lists every kind, in flag order.
var Kinds = []Kind{Transactions, Complaints, Surveys}

func (k Kind) String() string {
	return [...]string{"transactions", "complaints", "surveys"}[k]
}

// Data names the kind's data in messages: "survey data", not "surveys data".
func (k Kind) Data() string {
	return [...]string{"transactions data", "complaints data", "survey data"}[k]
}

// Flag is the command-line flag that names files of this kind.
func (k Kind) Flag() string { return "--" + k.String() }

// countColumns are the accepted names of the count column, in preference order.
func (k Kind) countColumns() []string {
	return [][]string{{"count", "transactions"}, {"count", "complaints"}, {"count", "responses"}}[k]
}

// countryColumns are the accepted names of the country column: the role's
// own, and what exports and Swedish sheets call it (a file with two of them
// is refused, not read by one).
var countryColumns = []string{"country", "country_code", "countrycode", "country code", "land", "landskod"}

// periodColumns are the accepted period columns, most precise first: when a
// file has several, the most precise one is used.
var periodColumns = []string{"timestamp", "date", "month"}

// Row is one parsed record: one event, or a count of events.
type Row struct {
	Month    period.Month
	Country  string
	Channel  string // complaints only
	Category string // complaints only
	Score    int    // surveys only
	Count    int64
}

// Config holds what reading needs beyond the bytes.
type Config struct {
	Bucketer *period.Bucketer
	Country  string // the country of rows in a file without a country column
	// Delimiter and Encoding override detection in CSV files (0 and
	// EncodingAuto detect).
	Delimiter rune
	Encoding  Encoding
	// Sheet names the sheet read from an Excel workbook; "" is the first
	// visible one.
	Sheet string
	// Columns names the column of a role where it is not one of the
	// accepted names (--columns).
	Columns ColumnMap
	// Headers gives the header of files that have none (--header): their
	// first line is data.
	Headers Headers
	// NoFastPath makes ReadSummed read every file as Read does (the
	// differential tests compare the two).
	NoFastPath bool
	// CountBefore is the sum of the counts of the kind read from other
	// files before this one: the row that takes the sum beyond int64 is
	// refused at its line.
	CountBefore int64
}

// FileStats describes one file that was read, for the JSON inputs list.
type FileStats struct {
	Kind   string `json:"kind"`
	Path   string `json:"path"`
	Rows   int64  `json:"rows"`
	Format string `json:"format"`          // csv, xlsx or parquet; postgresql for a database (pkg/load)
	Sheet  string `json:"sheet,omitempty"` // xlsx: the sheet read
	// How a CSV file is written; other formats have none of these.
	Delimiter   string `json:"delimiter,omitempty"`
	Encoding    string `json:"encoding,omitempty"`
	Compression string `json:"compression,omitempty"`
	// NaiveTimestamps counts the period values that are timestamps without
	// an offset (wall time of the naive zone), NaiveAtMidnight those of
	// them at 00:00:00, which are most likely dates kept as timestamps. They
	// are for the note that says how such timestamps were read, and are not
	// in the JSON, whose inputs say how files are written.
	NaiveTimestamps int64 `json:"-"`
	NaiveAtMidnight int64 `json:"-"`
}

// NaiveWithTime tells whether the file had timestamps without an offset and
// with a time of day: those the naive zone moves across midnights.
func (s FileStats) NaiveWithTime() bool { return s.NaiveTimestamps > s.NaiveAtMidnight }

// Read streams the rows of src to emit, one Row at a time (the Row is reused:
// copy what you keep). Memory does not grow with the number of rows. Rows
// whose fields are all empty (Excel pads with ";;;") are skipped.
//
// The commands only add rows up (ReadSummed); Read is the row-by-row
// reading that ReadSummed's fast path and every format are tested against
// (deadcode lists it as unreachable from main for that reason).
func Read(src Source, kind Kind, cfg Config, emit func(*Row) error) (FileStats, error) {
	return read(src, kind, cfg, emit, false)
}

// ReadSummed is Read for a caller that only adds the rows up: a Row may
// stand for several rows of the same month, country, channel, category and
// score, with their counts summed in Count. Files that allow it take the
// fast path (fast.go) unless cfg.NoFastPath; the sums, the stats and any
// error are those of Read.
func ReadSummed(src Source, kind Kind, cfg Config, emit func(*Row) error) (FileStats, error) {
	return read(src, kind, cfg, emit, !cfg.NoFastPath)
}

// read reads one file; summed lets a format add rows up its own faster way.
func read(src Source, kind Kind, cfg Config, emit func(*Row) error, summed bool) (_ FileStats, err error) {
	stats := FileStats{Kind: kind.String(), Path: src.Name}
	recs, err := openRecords(src, cfg)
	if err != nil {
		return stats, err
	}
	defer recs.Close()
	fromData := true // an error found in the file's header or rows, not in a setting or by emit
	defer func() {
		// A header or row that fails in a damaged compressed file: the
		// damage is the error.
		var de *DataError
		if d, ok := recs.(interface{ damagedBeneath() error }); ok && fromData && errors.As(err, &de) {
			if damaged := d.damagedBeneath(); damaged != nil {
				err = damaged
			}
		}
	}()
	// at puts an error of the format-neutral checks in its place: the file,
	// and where its column (or its whole row) is.
	at := func(e *DataError) *DataError {
		pos := recs.Position(e.Column - 1)
		e.File, e.Line, e.Place = src.Name, pos.Line, pos.Place
		return e
	}
	var delimiter rune
	if d, ok := recs.(delimited); ok {
		delimiter = d.Delimiter()
	}

	header := cfg.Headers.For(kind)
	given := header != nil // the file has no header: its first line is data
	if given {
		if err := recs.Headerless(len(header)); err != nil {
			return stats, err
		}
	} else {
		header, err = recs.Header()
		if err == io.EOF {
			return stats, &DataError{File: src.Name, Reason: "the file is empty", Hint: "a header line is required, e.g. " + exampleHeader(kind)}
		}
		if err != nil {
			return stats, err
		}
	}
	mapped := cfg.Columns.For(kind)
	cols, derr := bindColumns(kind, header, delimiter, mapped)
	if derr != nil {
		if given {
			// Nothing of the file is read yet: the header at fault is the
			// setting's.
			derr.File, derr.Place = src.Name, "the header given by --header"
			fromData = false
			return stats, derr
		}
		if i, ok := looksLikeData(kind, header, cfg.Bucketer, mapped); ok {
			return stats, at(dataInHeader(kind, header, i, delimiter, cfg.Bucketer))
		}
		if (cfg.Encoding == UTF16LE || cfg.Encoding == UTF16BE) && delimiter != 0 && !hasASCIILetter(header) {
			// Text of one byte a character read as UTF-16 is a header of
			// other letters, each two bytes: --encoding may be at fault,
			// as the hint of a wrong delimiter says of --delimiter.
			derr.Hint += fmt.Sprintf("; or is the file not in %s, as --encoding says? Pass its encoding, or leave it to detection (--encoding auto)", cfg.Encoding)
		}
		if s, ok := recs.(sheeted); ok && cfg.Sheet == "" {
			if others := s.otherSheets(); len(others) > 0 {
				derr.Hint += fmt.Sprintf("; or is the data on another sheet? --sheet names it (the workbook also has: %s)", strings.Join(others, ", "))
			}
		}
		return stats, at(derr)
	}
	caller := emit
	emit = func(r *Row) error {
		err := caller(r)
		fromData = fromData && err == nil // the caller's error is not the file's
		return err
	}
	country := strings.ToUpper(cfg.Country)
	sum := countSum{total: cfg.CountBefore}
	var row Row
	first := true
	var checks *firstRows // the checks of the first rows, until they decide
	if cr, ok := recs.(columnsRead); ok {
		// A role's columns, and those the checks read: before the first
		// row, every column they may read.
		cr.readOnly(func(i int) bool {
			return cols.isBound(i) || first && cols.mayWatch(i) || checks.watches(i)
		})
	}
	// The fast path is entered once the checks have settled, and again
	// after it left a row with a value in a watched column to the checks,
	// once they have decided that column: at most once a column.
	fastWatched := math.MaxInt // the columns watched when it was entered last
	for {
		rec, err := recs.Next()
		if err == io.EOF {
			if checks != nil {
				if err := checks.end(); err != nil {
					return stats, err
				}
			}
			recs.Describe(&stats)
			return stats, nil
		}
		if err != nil {
			NameColumn(err, cols.header)
			return stats, err
		}
		if blank(rec) {
			continue
		}
		if err := cols.fit(rec, delimiter); err != nil {
			if given {
				err.Reason = strings.Replace(err.Reason, "the header has", "the header given by --header has", 1)
			}
			return stats, at(err)
		}
		if first && given && !cfg.Bucketer.LooksLikePeriod(strings.TrimSpace(rec[cols.period])) {
			return stats, at(headerInData(kind, cols, rec))
		}
		if err := cols.parse(rec, country, cfg.Bucketer, &row); err != nil {
			err.Name = cols.header[err.Column-1]
			return stats, at(err)
		}
		if first {
			checks = cols.firstRows(kind, country)
		}
		if checks != nil {
			done, err := checks.see(rec, at)
			if err == nil && done {
				checks = nil
			}
			if err != nil {
				return stats, err
			}
		}
		if err := sum.add(cols, rec, &row); err != nil {
			if err.Column > 0 {
				err.Name = cols.header[err.Column-1]
			}
			return stats, at(err)
		}
		if cols.form == period.FormNaive {
			stats.NaiveTimestamps++
			if atMidnight(rec[cols.period]) {
				stats.NaiveAtMidnight++
			}
		}
		stats.Rows++
		if err := emit(&row); err != nil {
			return stats, err
		}
		first = false
		if summed && (checks == nil || checks.settled()) && checks.watching() < fastWatched {
			// The first rows have been checked: the rest may be added up
			// the format's faster way, up to a row with a value in a
			// column the checks still watch.
			watched := checks.watched()
			fastWatched = len(watched)
			if s, ok := recs.(summer); ok {
				got, err := s.sumRows(cols, rec, sum.total, country, watched, cfg, func(r *Row) error {
					sum.total += r.Count // the fast path stops short of an overflow
					return emit(r)
				})
				if err != nil {
					return stats, err
				}
				stats.Rows += got.rows
				stats.NaiveTimestamps += got.naive
				stats.NaiveAtMidnight += got.naiveAtMidnight
			}
		}
	}
}

// hasASCIILetter tells whether a header has a letter a-z or A-Z anywhere.
func hasASCIILetter(header []string) bool {
	for _, h := range header {
		for i := 0; i < len(h); i++ {
			if c := h[i] | 0x20; c >= 'a' && c <= 'z' {
				return true
			}
		}
	}
	return false
}

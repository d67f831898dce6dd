package input

import (
	"bufio"
	"bytes"
)

// records is one input file read in its format: a header of column names,
// then rows of values in the header's order, each with a position for
// errors. There is one implementation per format (csv.go, xlsx.go,
// parquet.go), and one outside the package, for a database query's result
// (pkg/load, through Source.Records); a file's format is told by its first
// bytes (openRecords). What the values mean, which
// column is which (bind.go) and whether a value is valid (values.go) is
// decided the same way for every format, so every format gets the same
// checks and the same errors.
type records interface {
	// Header returns the column names: io.EOF when the file has none, or
	// a DataError.
	Header() ([]string, error)
	// Headerless tells the format that the file has no header, in place
	// of Header: its first row is data, of width fields (the header the
	// setting gives). An error when the format names its columns itself.
	Headerless(width int) error
	// Next returns the next row: io.EOF after the last, or a DataError (a
	// reader outside the package may return its own error, such as a
	// database's, which is passed on as it is).
	// The slice may be reused by the next call; its strings may be kept.
	Next() ([]string, error)
	// Position is where field i of the header or row last returned is;
	// i = -1 is the header or row as a whole.
	Position(field int) position
	// Describe adds the format, and how the file is written (delimiter,
	// encoding, compression; sheet), to its stats, once it has been read to
	// its end.
	Describe(*FileStats)
	Close() error
}

// Records is the interface of a reader of records, for a source that opens
// its own (Source.Records): a database query's result is read with the same
// binding and checks as a file. Position is where a value is.
type (
	Records  = records
	Position = position
)

// position is where a value is in its file, as an error shows it.
type position struct {
	Line  int    // a text file's physical line, 1-based
	Place string // in a file without lines: a sheet and cell, a row group and row
}

// delimited is a format whose fields are split by a delimiter: a header of
// one field, or a row with more fields than the header, most likely means
// the delimiter is not the file's, and the hints say which one was used.
type delimited interface {
	Delimiter() rune
}

// sheeted is a format of several sheets: a header that is not there may be
// on another.
type sheeted interface {
	otherSheets() []string
}

// summer is a format that can add up the rows that follow the first rows
// faster than row by row (the CSV fast path, fast.go). The reader reads the
// first rows itself, for the checks of the first rows (up to
// firstRowsWindow, until they decide); last is the record read last (the
// last of those rows), and total the count of the kind added up so far
// (earlier files and those rows). sumRows emits sums as ReadSummed's rows and returns
// what they stand for; Next then goes on with the first row it left, if
// any, so that every error, and every row after it, is the general reader's.
// A row with a value in a watched column (one the checks of the first rows
// still read) is left to the general reader too. sumRows may be called
// again after the general reader has read on.
type summer interface {
	sumRows(cols *columns, last []string, total int64, country string, watched []int, cfg Config, emit func(*Row) error) (summed, error)
}

// columnsRead is a format told which columns are read once the header is
// bound: a value it cannot give (a formula without a saved value) is
// refused only in them.
type columnsRead interface {
	readOnly(reads func(col int) bool)
}

// summed is what a summer added up: rows, and the timestamps without an
// offset among their periods (all, and those at midnight).
type summed struct {
	rows, naive, naiveAtMidnight int64
}

// The first bytes of the formats told by content; anything else is CSV.
var (
	xlsxMagic    = []byte("PK\x03\x04") // a zip archive, as every workbook is
	parquetMagic = []byte("PAR1")
)

// openRecords opens src in the format its first bytes tell: a zip archive
// is an Excel workbook, PAR1 starts Parquet, and anything else is read as
// CSV, which may be compressed.
func openRecords(src Source, cfg Config) (records, error) {
	if src.Records != nil {
		return src.Records()
	}
	rc, err := src.Open()
	if err != nil {
		return nil, openError(src.Name, err)
	}
	in := bufio.NewReaderSize(rc, bufferSize)
	magic, _ := in.Peek(8) // a read error shows when the format reads on
	switch {
	case bytes.HasPrefix(magic, xlsxMagic):
		return openXLSX(src.Name, in, rc.Close, cfg)
	case bytes.HasPrefix(magic, parquetMagic):
		return openParquet(src.Name, in, rc)
	}
	return openCSV(src.Name, in, rc, cfg.Delimiter, cfg.Encoding)
}

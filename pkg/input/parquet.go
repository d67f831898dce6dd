package input

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/nollmission/nollmission/pkg/atomicfile"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// A Parquet file is read row group by row group, a few hundred rows at a
// time, so memory stays flat whatever the file's size. Its columns must be
// flat (no groups, lists or maps). Each value is given to the checks as
// the text a CSV export would hold:
//
//   - TIMESTAMP with isAdjustedToUTC is an instant, in RFC 3339 with Z
//     (2019-01-31T23:30:00Z); without it, a naive timestamp
//     (2019-01-31 23:30:00), wall time of no stated zone; INT96 (the
//     timestamps of Spark, Hive and Impala) is an instant;
//   - DATE is a date (2019-03-14); TIME a time of day, which is no period;
//   - integers (INT32, INT64, DECIMAL) are written out in full, a DECIMAL's
//     zeros after the point dropped (4286139.000 is 4286139, a count), as
//     is a whole FLOAT or DOUBLE; 2.5 stays 2.5, which no count is;
//   - strings (and byte arrays) are as they are;
//   - a null is an empty value.
//
// Parquet keeps its layout at the end of the file, so reading needs random
// access: a file on disk (or an embedded one) is read in place; anything
// else, such as standard input, is first copied to a temporary file,
// removed when reading ends. Compressed Parquet (gzip, zstd) is refused with
// a hint: Parquet compresses its pages itself.

const (
	// parquetBatch is how many rows are read at a time.
	parquetBatch = 256
	// maxEmptyReads is how many reads in a row may give no rows.
	maxEmptyReads = 100
)

// parquetRecords reads the rows of a Parquet file.
type parquetRecords struct {
	name    string
	file    *parquet.File
	header  []string
	text    []func(parquet.Value) string // writes a value of each column as text
	groups  []parquet.RowGroup
	group   int // the row group to read from, 0-based; len(groups) at the end
	rows    parquet.Rows
	batch   []parquet.Row
	n, next int // rows in batch, and the next one to return
	// The row last returned: its row group and its row in the group, from
	// 1; 0 before the first.
	atGroup, atRow int
	batchGroup     int // the row group the batch is from
	empty          int // reads in a row that gave no rows
	rec            []string
	close          func() error
	// The file, and where its data ends (its footer starts), for the
	// checks of a row group's pages (checkPageClaims).
	at      io.ReaderAt
	dataEnd int64
}

// openParquet opens a Parquet file; rc is the file opened, in its bytes
// read so far included.
func openParquet(name string, in io.Reader, rc io.ReadCloser) (_ records, err error) {
	r := &parquetRecords{name: name, close: rc.Close}
	defer func() {
		if p := recover(); p != nil { // parquet-go on a damaged file
			err = r.damaged(fmt.Errorf("%v", p))
		}
		if err != nil {
			r.Close()
		}
	}()
	at, size, err := r.randomAccess(in, rc)
	if err != nil {
		return nil, err
	}
	footer, err := checkFooter(at, size)
	if err != nil {
		return nil, r.damaged(err)
	}
	if err := checkFooterClaims(at, size, footer); err != nil {
		return nil, r.damaged(err)
	}
	r.at, r.dataEnd = at, size-8-footer
	r.file, err = parquet.OpenFile(at, size, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		return nil, r.damaged(err)
	}
	for i, field := range r.file.Schema().Fields() {
		if !field.Leaf() || field.Repeated() {
			return nil, &DataError{File: name, Column: i + 1, Name: field.Name(), Value: field.Name(),
				Reason: "a nested or repeated column (a group, list or map); only flat columns can be read",
				Hint:   "export the table with flat columns (select or unnest them)"}
		}
		r.header = append(r.header, field.Name())
		r.text = append(r.text, valueText(field.Type()))
	}
	r.groups = r.file.RowGroups()
	r.batch = make([]parquet.Row, parquetBatch)
	return r, nil
}

// randomAccess gives the file to read at any offset: the file itself when
// it is a regular file, else a copy in a temporary file that Close removes.
func (r *parquetRecords) randomAccess(in io.Reader, rc io.ReadCloser) (io.ReaderAt, int64, error) {
	if f, ok := rc.(interface {
		io.ReaderAt
		Stat() (fs.FileInfo, error)
	}); ok {
		if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
			return f, info.Size(), nil
		}
	}
	tmp, remove, err := atomicfile.CreateScratch("nollmission.parquet") // removed on a signal too
	if err != nil {
		return nil, 0, r.spoolError(err)
	}
	closeFile := r.close
	r.close = func() error { return errors.Join(remove(), closeFile()) }
	size, err := io.Copy(tmp, in)
	if err != nil {
		var de *DataError
		if errors.As(err, &de) {
			return nil, 0, de
		}
		return nil, 0, r.spoolError(err)
	}
	return tmp, size, nil
}

func (r *parquetRecords) spoolError(err error) error {
	return &DataError{File: r.name, Reason: "cannot copy the Parquet data to a temporary file: " + unwrapPath(err).Error(),
		Hint: "Parquet is read at random places, so data that is not a file is copied first; set TMPDIR to a folder with room, or pass the file by name"}
}

// checkFooter checks that the footer's length fits the file, before
// parquet-go allocates that much, and gives that length: the footer is the
// bytes before the file's last 8.
func checkFooter(at io.ReaderAt, size int64) (int64, error) {
	var tail [8]byte
	if size < 12 {
		return 0, errors.New("too short")
	}
	if _, err := at.ReadAt(tail[:], size-8); err != nil {
		return 0, err
	}
	if string(tail[4:]) != string(parquetMagic) {
		return 0, errors.New("no PAR1 at the end: the file is cut short")
	}
	footer := int64(binary.LittleEndian.Uint32(tail[:4]))
	if footer > size-12 {
		return 0, fmt.Errorf("its layout claims %d bytes, more than the file has", footer)
	}
	return footer, nil
}

// valueText returns how the values of a column of type t are written.
func valueText(t parquet.Type) func(parquet.Value) string {
	text := valueTextOf(t)
	return func(v parquet.Value) string {
		if v.IsNull() {
			return ""
		}
		return text(v)
	}
}

func valueTextOf(t parquet.Type) func(parquet.Value) string {
	if lt := t.LogicalType(); lt != nil {
		switch l := lt.Value.(type) {
		case *format.TimestampType:
			return timestampText(l, t.Kind())
		case *format.DateType:
			return func(v parquet.Value) string {
				return time.Unix(int64(v.Int32())*86400, 0).UTC().Format(time.DateOnly)
			}
		case *format.TimeType:
			perSecond := unitsPerSecond(l.Unit)
			return func(v parquet.Value) string {
				units := v.Int64()
				if t.Kind() == parquet.Int32 {
					units = int64(v.Int32())
				}
				return time.Unix(0, 0).UTC().Add(time.Duration(units * (1e9 / perSecond))).Format("15:04:05.999999999")
			}
		case *format.DecimalType:
			return decimalText(int(l.Scale), t.Kind())
		case *format.IntType:
			if !l.IsSigned && l.BitWidth == 64 {
				return func(v parquet.Value) string { return strconv.FormatUint(v.Uint64(), 10) }
			}
			if !l.IsSigned && l.BitWidth == 32 {
				return func(v parquet.Value) string { return strconv.FormatUint(uint64(v.Uint32()), 10) }
			}
		}
	}
	switch t.Kind() {
	case parquet.Boolean:
		return func(v parquet.Value) string { return strconv.FormatBool(v.Boolean()) }
	case parquet.Int32:
		return func(v parquet.Value) string { return strconv.FormatInt(int64(v.Int32()), 10) }
	case parquet.Int64:
		return func(v parquet.Value) string { return strconv.FormatInt(v.Int64(), 10) }
	case parquet.Int96:
		return int96Text
	case parquet.Float:
		return func(v parquet.Value) string { return strconv.FormatFloat(float64(v.Float()), 'f', -1, 32) }
	case parquet.Double:
		return func(v parquet.Value) string { return strconv.FormatFloat(v.Double(), 'f', -1, 64) }
	}
	return func(v parquet.Value) string { return string(v.ByteArray()) }
}

func unitsPerSecond(u format.TimeUnit) int64 {
	switch u.Value.(type) {
	case *format.MilliSeconds:
		return 1e3
	case *format.MicroSeconds:
		return 1e6
	}
	return 1e9
}

// Layouts of the timestamps given to the period parser.
const (
	instantLayout = "2006-01-02T15:04:05.999999999Z07:00" // UTC: ends in Z
	naiveLayout   = "2006-01-02 15:04:05.999999999"
)

func timestampText(l *format.TimestampType, kind parquet.Kind) func(parquet.Value) string {
	perSecond := unitsPerSecond(l.Unit)
	layout := naiveLayout
	if l.IsAdjustedToUTC {
		layout = instantLayout
	}
	return func(v parquet.Value) string {
		units := v.Int64()
		if kind == parquet.Int32 {
			units = int64(v.Int32())
		}
		sec, frac := units/perSecond, units%perSecond
		if frac < 0 {
			sec, frac = sec-1, frac+perSecond
		}
		return time.Unix(sec, frac*(1e9/perSecond)).UTC().Format(layout)
	}
}

// int96Text writes an INT96 timestamp: nanoseconds of the day, then the
// Julian day, as Spark, Hive and Impala write instants.
func int96Text(v parquet.Value) string {
	i := v.Int96()
	nanos := int64(i[1])<<32 | int64(i[0])
	const unixJulianDay = 2440588
	days := int64(i[2]) - unixJulianDay
	return time.Unix(days*86400, 0).UTC().Add(time.Duration(nanos)).Format(instantLayout)
}

// decimalText writes a DECIMAL with its point, without zeros after it.
func decimalText(scale int, kind parquet.Kind) func(parquet.Value) string {
	return func(v parquet.Value) string {
		var digits string
		switch kind {
		case parquet.Int32:
			digits = strconv.FormatInt(int64(v.Int32()), 10)
		case parquet.Int64:
			digits = strconv.FormatInt(v.Int64(), 10)
		default: // big-endian two's complement
			b := v.ByteArray()
			n := new(big.Int).SetBytes(b)
			if len(b) > 0 && b[0]&0x80 != 0 {
				n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
			}
			digits = n.String()
		}
		if scale <= 0 {
			return digits + strings.Repeat("0", -scale)
		}
		sign := ""
		if strings.HasPrefix(digits, "-") {
			sign, digits = "-", digits[1:]
		}
		if len(digits) <= scale {
			digits = strings.Repeat("0", scale-len(digits)+1) + digits
		}
		whole, frac := digits[:len(digits)-scale], strings.TrimRight(digits[len(digits)-scale:], "0")
		if frac == "" {
			return sign + whole
		}
		return sign + whole + "." + frac
	}
}

func (r *parquetRecords) Header() ([]string, error) { return r.header, nil }

// Headerless is refused: a Parquet file names its columns in its schema.
func (r *parquetRecords) Headerless(int) error {
	return &DataError{File: r.name, Reason: "--header is given for the file's kind, but a Parquet file names its columns itself: " + strings.Join(shown(r.header), ", "),
		Hint: "give --header only for the kind whose files have no header line (such as transactions=timestamp,country), and name Parquet columns with --columns"}
}

func (r *parquetRecords) Next() (rec []string, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = r.damaged(fmt.Errorf("%v", p))
		}
	}()
	for r.next == r.n {
		if err := r.fill(); err != nil {
			return nil, err
		}
	}
	values := r.batch[r.next]
	r.next++
	if r.atGroup != r.batchGroup+1 {
		r.atGroup, r.atRow = r.batchGroup+1, 0
	}
	r.atRow++
	r.rec = r.rec[:0]
	for range r.header {
		r.rec = append(r.rec, "")
	}
	for _, v := range values {
		if c := v.Column(); c >= 0 && c < len(r.rec) {
			r.rec[c] = r.text[c](v)
		}
	}
	return r.rec, nil
}

// fill reads the next rows, from the next row group when this one is done.
func (r *parquetRecords) fill() error {
	if r.rows == nil {
		if r.group >= len(r.groups) {
			return io.EOF
		}
		if groups := r.file.Metadata().RowGroups; r.group < len(groups) {
			if err := checkPageClaims(r.at, r.dataEnd, &groups[r.group]); err != nil {
				e := r.damaged(err).(*DataError)
				e.Place = fmt.Sprintf("row group %d", r.group+1)
				return e
			}
		}
		r.rows = r.groups[r.group].Rows()
	}
	n, err := r.rows.ReadRows(r.batch)
	r.n, r.next, r.batchGroup = n, 0, r.group
	if n == 0 && err == nil {
		// A damaged page can yield no values and no error, for ever.
		if r.empty++; r.empty > maxEmptyReads {
			return r.damaged(errors.New("a row group yields no rows, and does not end"))
		}
		return nil
	}
	r.empty = 0
	if err == io.EOF {
		if cerr := r.rows.Close(); cerr != nil {
			return r.damaged(cerr)
		}
		r.rows = nil
		r.group++
		return nil
	}
	if err != nil {
		return r.damaged(err)
	}
	return nil
}

// Position names the row group and the row in it (both from 1), and the
// column; before the first row, only the column.
func (r *parquetRecords) Position(field int) position {
	var place []string
	if r.atRow > 0 {
		place = append(place, fmt.Sprintf("row group %d, row %d", r.atGroup, r.atRow))
	}
	if field >= 0 {
		place = append(place, fmt.Sprintf("column %d", field+1))
	}
	return position{Place: strings.Join(place, ", ")}
}

func (r *parquetRecords) Describe(s *FileStats) { s.Format = "parquet" }

func (r *parquetRecords) Close() error {
	var errs []error
	if r.rows != nil {
		errs = append(errs, r.rows.Close())
		r.rows = nil
	}
	if r.close != nil {
		errs = append(errs, r.close())
		r.close = nil
	}
	return errors.Join(errs...)
}

func (r *parquetRecords) damaged(err error) error {
	var de *DataError
	if errors.As(err, &de) {
		return de
	}
	e := &DataError{File: r.name, Reason: "not a readable Parquet file: " + err.Error(),
		Hint: "the file is cut short or damaged; export it again"}
	e.Place = r.Position(-1).Place
	return e
}

package input

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"
)

// An Excel workbook (.xlsx) is read from one sheet, the first visible one
// or Config.Sheet, row by row through excelize's streaming Rows iterator
// (raw values: no number format applied), with the sheet's XML read beside
// it (xlsxsheet.go). The first row with a value is the header. Cells are
// read as they are stored, never as displayed: 5123456 shown as "5,123,456"
// is 5123456, and 5123456.0 is 5123456 (so a whole number stored as a float
// is a count, while 2.5 is not); see storedNumber. A number in a cell whose
// number format shows a date is a date serial, and is given to the checks
// as the date Excel shows ("2019-03-14"), or, when the format shows a time
// of day too, as a naive timestamp ("2019-03-14 09:30:00"); see excelSerial
// for the two date systems and the 1900 leap-year bug. A format that shows
// only a time of day gives the time ("09:30:00"), which is no period. A
// date cell (t="d") holds ISO 8601 text, given as it is. A formula without
// a saved value is refused where it would be read (the header, a column of
// a role, a column the checks of the first rows read): the workbook was
// written by a program that does not calculate (openpyxl, excelize), and ""
// would be read in its place. In a column nothing reads it is ignored.

type dateKind int

const (
	notDate dateKind = iota
	dateOnly
	dateAndTime
	timeOnly
)

// xlsxRecords reads one sheet of a workbook.
type xlsxRecords struct {
	name     string
	book     *excelize.File
	sheet    string // the sheet's name
	ref      string // the sheet as a cell reference names it: Blad1, 'Mitt blad'
	rows     *excelize.Rows
	row      int // the sheet row of the header or row last returned, 1-based
	width    int // the header's cells
	header   []string
	date1904 bool
	kinds    []dateKind // what each style's number format shows
	zip      *zip.Reader
	scan     *sheetScan
	// reads tells a column (0-based) whose values are read: a formula
	// without a saved value is refused there alone. nil: every column (the
	// header row).
	reads func(col int) bool
	rec   []string
	close func() error
}

// openXLSX opens the workbook whose bytes in holds; close closes the file.
func openXLSX(name string, in io.Reader, close func() error, cfg Config) (rec records, err error) {
	r := &xlsxRecords{name: name, close: close}
	defer func() {
		if p := recover(); p != nil { // excelize on a damaged workbook
			err = r.damaged(fmt.Errorf("%v", p))
		}
		if err != nil {
			r.Close()
		}
	}()
	// excelize reads the whole file into memory too; reading it here first
	// lets a zip archive that is not a workbook be told as such.
	data, err := io.ReadAll(in)
	if err != nil {
		return nil, &DataError{File: name, Reason: "cannot read: " + unwrapPath(err).Error(), Hint: "check that the path is a readable file"}
	}
	if r.zip, err = isWorkbook(name, data); err != nil {
		return nil, err
	}
	// A damaged zip can claim any size for a part, and excelize allocates
	// what it claims: no part of a real workbook unpacks to more than a
	// few hundred times its packed size (deflate's limit is about 1000).
	limit := int64(len(data))*200 + 64<<20
	r.book, err = excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: limit, UnzipXMLSizeLimit: min(excelize.StreamChunkSize, limit)})
	if err != nil {
		return nil, r.damaged(err)
	}
	if r.sheet, err = r.chooseSheet(cfg.Sheet); err != nil {
		return nil, err
	}
	r.ref = sheetRef(r.sheet)
	props, err := r.book.GetWorkbookProps()
	if err != nil {
		return nil, r.damaged(err)
	}
	r.date1904 = props.Date1904 != nil && *props.Date1904
	r.kinds = r.styleKinds()
	part, err := r.sheetPart(r.zip)
	if err != nil {
		return nil, r.damaged(err)
	}
	r.scan = &sheetScan{r: r, strings: -1}
	if r.scan.part, err = part.Open(); err != nil {
		return nil, r.damaged(err)
	}
	r.scan.dec = xml.NewDecoder(r.scan.part)
	r.scan.dec.CharsetReader = r.book.CharsetReader
	if r.rows, err = r.book.Rows(r.sheet); err != nil {
		return nil, r.damaged(err)
	}
	return r, nil
}

// isWorkbook refuses a zip archive that holds no Excel workbook (an xl/
// folder), saying what it holds instead.
func isWorkbook(name string, data []byte) (*zip.Reader, error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, &DataError{File: name, Reason: "a zip archive or .xlsx workbook that cannot be opened: " + err.Error(),
			Hint: "the file is cut short or damaged; save or export it again"}
	}
	var names []string
	for _, f := range z.File {
		if strings.HasPrefix(strings.ToLower(f.Name), "xl/") {
			return z, nil
		}
		names = append(names, f.Name)
	}
	holds := "nothing"
	if len(names) > 0 {
		holds = strings.Join(names[:min(len(names), 3)], ", ")
		if len(names) > 3 {
			holds += fmt.Sprintf(" and %d more", len(names)-3)
		}
	}
	return nil, &DataError{File: name, Reason: "a zip archive, not an Excel workbook: it holds " + holds,
		Hint: "pass an .xlsx workbook, or unzip the archive and pass the CSV inside (gzip and zstd files are read as they are)"}
}

// chooseSheet finds the sheet named (exactly, else ignoring case), or the
// first visible sheet when none is named.
func (r *xlsxRecords) chooseSheet(named string) (string, error) {
	sheets := r.book.GetSheetList()
	if len(sheets) == 0 {
		return "", &DataError{File: r.name, Reason: "the workbook has no sheet", Hint: "save the workbook again in Excel, or export the sheet as CSV"}
	}
	if named == "" {
		for _, s := range sheets {
			if visible, err := r.book.GetSheetVisible(s); err == nil && visible {
				return s, nil
			}
		}
		return sheets[0], nil
	}
	for _, s := range sheets {
		if s == named {
			return s, nil
		}
	}
	for _, s := range sheets {
		if strings.EqualFold(strings.TrimSpace(s), strings.TrimSpace(named)) {
			return s, nil
		}
	}
	// The flag asks for what the file does not have, as --country or
	// --year asking for what the data does not cover: a usage error.
	return "", argumentError(&DataError{File: r.name, Reason: fmt.Sprintf("no sheet named %q; the workbook has: %s", named, strings.Join(sheets, ", ")),
		Hint: "--sheet names the sheet to read; without it, the first visible sheet is read"})
}

// styleKinds tells what each style's number format shows, by the style's
// index (a cell's s), as excelize looks a format up: a custom code first.
func (r *xlsxRecords) styleKinds() []dateKind {
	styles := r.book.Styles
	if styles == nil || styles.CellXfs == nil {
		return nil // no styles: no dates
	}
	custom := map[int]string{}
	if styles.NumFmts != nil {
		for _, f := range styles.NumFmts.NumFmt {
			code := f.FormatCode
			if f.FormatCode16 != "" {
				code = f.FormatCode16
			}
			custom[f.NumFmtID] = code
		}
	}
	kinds := make([]dateKind, len(styles.CellXfs.Xf))
	for i, xf := range styles.CellXfs.Xf {
		id := 0
		if xf.NumFmtID != nil {
			id = *xf.NumFmtID
		}
		if code, ok := custom[id]; ok {
			kinds[i] = dateFormatKind(code)
		} else {
			kinds[i] = builtInDateKind(id)
		}
	}
	return kinds
}

// builtInDateKind tells the built-in number formats that show dates
// (ECMA-376 18.8.30, with the East Asian ones, 27–36 and 50–58).
func builtInDateKind(id int) dateKind {
	switch {
	case 14 <= id && id <= 17, 27 <= id && id <= 31, id == 36, 50 <= id && id <= 58:
		return dateOnly
	case id == 22:
		return dateAndTime
	case 18 <= id && id <= 21, 32 <= id && id <= 35, 45 <= id && id <= 47:
		return timeOnly
	}
	return notDate
}

// dateFormatKind tells what a custom number format shows, from the date and
// time codes of its first section (the one for positive numbers): y, d, m
// (a month, unless next to an hour or seconds), h, s, AM/PM, and elapsed
// [h], [m], [s]. Quoted text, escaped and padding characters, colours and
// locales ([Red], [$-41D]) and the word General are not codes.
func dateFormatKind(code string) dateKind {
	var date, clock, month bool
	lower := strings.ToLower(code)
	for i := 0; i < len(lower); i++ {
		switch c := lower[i]; c {
		case ';':
			i = len(lower) // only the first section
		case '"':
			if end := strings.IndexByte(lower[i+1:], '"'); end >= 0 {
				i += end + 1
			} else {
				i = len(lower)
			}
		case '\\', '_', '*':
			i++ // the next character is shown, or pads
		case '[':
			end := strings.IndexByte(lower[i:], ']')
			if end < 0 {
				i = len(lower)
				break
			}
			if inner := strings.Trim(lower[i+1:i+end], "hms"); inner == "" && end > 1 {
				clock = true // elapsed time: [h]:mm, [mm]:ss
			}
			i += end
		case 'g':
			if strings.HasPrefix(lower[i:], "general") {
				i += len("general") - 1
			}
		case 'e':
			// A year in some locales; E+ and E- are a number's exponent.
			if i+1 == len(lower) || lower[i+1] != '+' && lower[i+1] != '-' {
				date = true
			}
		case 'y', 'd':
			date = true
		case 'h', 's':
			clock = true
		case 'a':
			if strings.HasPrefix(lower[i:], "am/pm") || strings.HasPrefix(lower[i:], "a/p") {
				clock = true
			}
		case 'm':
			month = true
		}
	}
	// m is minutes next to h or s, and a month in a date; alone, a month.
	date = date || month && !clock
	switch {
	case date && clock:
		return dateAndTime
	case date:
		return dateOnly
	case clock:
		return timeOnly
	}
	return notDate
}

func (r *xlsxRecords) Header() (header []string, err error) {
	defer r.recoverInto(&err)
	for {
		cells, err := r.nextRow()
		if err != nil {
			if err == io.EOF {
				return nil, &DataError{File: r.name, Place: r.ref, Reason: "the sheet is empty",
					Hint: "a header row is required; --sheet names another sheet (the first visible one is read)"}
			}
			return nil, err
		}
		if !blank(cells) {
			r.width = len(cells)
			r.header = slices.Clone(cells)
			return slices.Clone(cells), nil
		}
	}
}

// Headerless: the sheet's rows are all data; a row is as wide as the header
// given, its empty cells at the end included.
func (r *xlsxRecords) Headerless(width int) error {
	r.width = width
	return nil
}

func (r *xlsxRecords) Next() (rec []string, err error) {
	defer r.recoverInto(&err)
	cells, err := r.nextRow()
	if err != nil {
		return nil, err
	}
	// excelize leaves out the empty cells at a row's end: they are empty
	// fields, not missing ones.
	for len(cells) < r.width {
		cells = append(cells, "")
	}
	r.rec = cells
	return cells, nil
}

// nextRow reads the next row of the sheet, an empty one included, with its
// date cells written as dates. The scan checks the row's XML before
// excelize's iterator reads it: the iterator merges rows out of order into
// one another.
func (r *xlsxRecords) nextRow() ([]string, error) {
	s := r.scan
	if !s.held && !s.done {
		if err := s.next(); err != nil {
			return nil, err
		}
	}
	if !r.rows.Next() {
		if err := r.rows.Error(); err != nil {
			return nil, r.damaged(err)
		}
		if s.held {
			return nil, r.damaged(errNotInStep)
		}
		return nil, io.EOF
	}
	r.row++ // the iterator stops at every row number, empty rows too
	cells, err := r.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, r.damaged(err)
	}
	r.rec = r.rec[:0]
	if !s.held || s.row != r.row {
		if len(cells) > 0 {
			return nil, r.damaged(errNotInStep)
		}
		return r.rec, nil // a row the sheet leaves out: empty
	}
	s.held = false
	for _, c := range s.cells {
		text, err := r.cellText(c, cells)
		if err != nil {
			return nil, err
		}
		// excelize leaves out empty cells but for formulas: so does a row.
		if text == "" && !c.hasF {
			continue
		}
		for len(r.rec) < c.col-1 {
			r.rec = append(r.rec, "")
		}
		r.rec = append(r.rec, text)
	}
	return r.rec, nil
}

// cellText is the text of a cell as it is stored: excelize's (raw) text of
// a string, a number as storedNumber writes it, or as a date when its
// number format shows one. cells is the row as excelize read it.
func (r *xlsxRecords) cellText(c scannedCell, cells []string) (string, error) {
	if c.hasF && (!c.hasV || c.v == "" && c.t != "str") {
		// An empty <v> is a formula's text result "" only in a text cell:
		// openpyxl writes <v></v> for every formula, with no type.
		if r.reads != nil && !r.reads(c.col-1) {
			return "", nil // a column nothing reads: ignored, as any value there
		}
		e := &DataError{File: r.name, Column: c.col, Value: "=" + c.formula,
			Reason: "a formula without a saved value (the program that wrote the workbook does not calculate)",
			Hint:   "open and save the workbook in Excel (or LibreOffice) so that its formulas have values, or write the values instead of the formulas"}
		if c.formula == "" {
			e.Value = "(a shared formula)"
		}
		e.Place = r.Position(c.col - 1).Place
		if c.col <= len(r.header) {
			e.Name = r.header[c.col-1]
		}
		return "", e
	}
	switch c.t {
	case "s":
		if err := r.checkString(c); err != nil {
			return "", err
		}
		fallthrough
	case "inlineStr":
		if c.col <= len(cells) {
			return cells[c.col-1], nil
		}
		return "", nil
	case "b":
		// As Excel shows them: a count column must not read TRUE as 1.
		switch strings.TrimSpace(c.v) {
		case "1":
			return "TRUE", nil
		case "0":
			return "FALSE", nil
		}
		return c.v, nil
	case "str", "d", "e":
		return c.v, nil
	}
	kind := notDate
	if c.style >= 0 && c.style < len(r.kinds) {
		kind = r.kinds[c.style]
	}
	if kind != notDate {
		if serial, err := strconv.ParseFloat(strings.TrimSpace(c.v), 64); err == nil {
			if text, ok := excelSerial(serial, r.date1904, kind); ok {
				return text, nil
			}
		}
		// No date Excel can show either (it shows ####): the number.
	}
	return storedNumber(c.v), nil
}

// checkString refuses a shared-string cell whose index is not in the
// workbook's table of shared strings: excelize reads it as "".
func (r *xlsxRecords) checkString(c scannedCell) error {
	s := r.scan
	if s.strings < 0 {
		n, err := s.countStrings(r.zip)
		if err != nil {
			return r.damaged(err)
		}
		s.strings = n
	}
	i, err := strconv.Atoi(strings.TrimSpace(c.v))
	switch {
	case strings.TrimSpace(c.v) == "":
		return nil // no value: an empty cell
	case err != nil:
		name := cellName(c.col, r.row)
		return r.broken(name, fmt.Sprintf("cell %s refers to shared string %q, not a number", name, c.v))
	case i < 0 || i >= s.strings:
		name := cellName(c.col, r.row)
		return r.broken(name, fmt.Sprintf("cell %s refers to shared string %d, and the workbook has %d (0 to %d)", name, i, s.strings, s.strings-1))
	}
	return nil
}

// storedNumber writes a number cell's stored value for the checks, as
// Excel holds it: to 15 significant digits, so that a count a formula left
// at 4286139.0000000009 is 4286139, as Excel shows it and writes it to CSV.
// A whole number is written in digits: 5123456.0 and 5.123456E6 are 5123456
// (a count), 1E+20 is 100000000000000000000 (too large). Digits alone are
// given as they are: 9007199254740993 is no float64 (2^53+1), and not
// rounded either. Any other number from 10^15 on that has more than 15
// significant digits is given as it is stored, as is text that is no number.
func storedNumber(v string) string {
	v = strings.TrimSpace(v)
	if v == "" || allDigits(strings.TrimPrefix(v, "-")) {
		return v
	}
	x, err := strconv.ParseFloat(v, 64)
	switch {
	case err != nil || math.IsInf(x, 0) || math.IsNaN(x):
		return v
	case math.Abs(x) < 1e15: // 15 digits hold its whole part: only a fraction is rounded
		x, _ = strconv.ParseFloat(strconv.FormatFloat(x, 'g', 15, 64), 64)
	case significantDigits(v) > 15:
		return v // 9007199254740993.0 would read as ...992
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// significantDigits counts the digits of a number's mantissa, without the
// zeros before and after them (1.2300E5: 3).
func significantDigits(v string) int {
	if i := strings.IndexAny(v, "eE"); i >= 0 {
		v = v[:i]
	}
	v = strings.Trim(strings.ReplaceAll(strings.TrimLeft(v, "+-"), ".", ""), "0")
	return len(v)
}

// excelSerial writes a date serial as the date (and time) it stands for.
// In the 1900 date system (Windows Excel's, and the usual one), day 1 is
// 1900-01-01 and day 60 is 1900-02-29, a day that never was: Lotus 1-2-3
// took 1900 for a leap year and Excel kept it, so from day 61 (1900-03-01)
// on, a serial counts from 1899-12-30, and before it from 1899-12-31. Day
// 60 and day 0 (Excel shows 1900-01-00) come out as the impossible dates
// they are, for the checks to refuse. In the 1904 system (early Mac Excel)
// day 0 is 1904-01-01. The time of day is rounded to the millisecond, which
// undoes the float's error (09:30 is stored as 0.39583333333333331).
func excelSerial(serial float64, date1904 bool, kind dateKind) (string, bool) {
	const msPerDay = 24 * 60 * 60 * 1000
	if !(serial >= 0 && serial < 2958466) { // 9999-12-31 is day 2958465 (NaN too)
		return "", false
	}
	ms := int64(math.Round(serial * msPerDay))
	days, msOfDay := ms/msPerDay, ms%msPerDay
	clock := fmt.Sprintf("%02d:%02d:%02d", msOfDay/3_600_000, msOfDay/60_000%60, msOfDay/1000%60)
	if frac := msOfDay % 1000; frac != 0 {
		clock += fmt.Sprintf(".%03d", frac)
	}
	if kind == timeOnly {
		return clock, true
	}
	var date string
	switch {
	case date1904:
		date = dayAfter(1904, 1, 1, days)
	case days == 0:
		date = "1900-01-00"
	case days == 60:
		date = "1900-02-29"
	case days < 60:
		date = dayAfter(1899, 12, 31, days)
	default:
		date = dayAfter(1899, 12, 30, days)
	}
	if len(date) != len("2006-01-02") {
		return "", false // beyond 9999-12-31 (in the 1904 system)
	}
	// A format that shows only the date does not drop the time the cell
	// holds: 2019-01-31 23:30 formatted as a date is read with its time,
	// which --naive-timezone UTC puts in February in Stockholm, where the
	// date alone would stay in January.
	if kind == dateOnly && msOfDay == 0 {
		return date, true
	}
	return date + " " + clock, true
}

// dayAfter is the date days days after y-m-d, as YYYY-MM-DD.
func dayAfter(y int, m time.Month, d int, days int64) string {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(days)).Format("2006-01-02")
}

// readOnly has formulas without a saved value refused only in the
// columns reads tells (records.go's columnsRead).
func (r *xlsxRecords) readOnly(reads func(col int) bool) { r.reads = reads }

// Position names a cell as Excel does (Blad1!B17), or a row (Blad1, row 17).
func (r *xlsxRecords) Position(field int) position {
	if field < 0 {
		return position{Place: fmt.Sprintf("%s, row %d", r.ref, r.row)}
	}
	col, err := excelize.ColumnNumberToName(field + 1)
	if err != nil {
		return position{Place: fmt.Sprintf("%s, row %d, column %d", r.ref, r.row, field+1)}
	}
	return position{Place: fmt.Sprintf("%s!%s%d", r.ref, col, r.row)}
}

// sheetRef writes a sheet's name as a cell reference does: quoted when it
// holds anything but letters, digits, '_' and '.', or starts with a digit.
func sheetRef(name string) string {
	plain := name != ""
	for i, c := range name {
		if !unicode.IsLetter(c) && !(unicode.IsDigit(c) && i > 0) && c != '_' && c != '.' {
			plain = false
		}
	}
	if plain {
		return name
	}
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

// otherSheets lists the workbook's sheets besides the one read, for the
// hint of a header that is not there.
func (r *xlsxRecords) otherSheets() []string {
	var others []string
	for _, s := range r.book.GetSheetList() {
		if s != r.sheet {
			others = append(others, s)
		}
	}
	return others
}

func (r *xlsxRecords) Describe(s *FileStats) {
	s.Format, s.Sheet = "xlsx", r.sheet
}

func (r *xlsxRecords) Close() error {
	var errs []error
	if r.scan != nil {
		errs = append(errs, r.scan.Close())
		r.scan = nil
	}
	if r.rows != nil {
		errs = append(errs, r.rows.Close())
		r.rows = nil
	}
	if r.book != nil {
		errs = append(errs, r.book.Close()) // removes excelize's temporary files
		r.book = nil
	}
	if r.close != nil {
		errs = append(errs, r.close())
		r.close = nil
	}
	return errors.Join(errs...)
}

// damaged is the error for a workbook excelize cannot read.
func (r *xlsxRecords) damaged(err error) error {
	var de *DataError
	if errors.As(err, &de) {
		return de
	}
	e := &DataError{File: r.name, Reason: "the workbook cannot be read: " + err.Error(),
		Hint: "the file is cut short or damaged; open and save it in Excel, or export the sheet as CSV"}
	if r.row > 0 {
		e.Place = fmt.Sprintf("%s, row %d", r.ref, r.row)
	} else if r.ref != "" {
		e.Place = r.ref
	}
	return e
}

// recoverInto turns a panic of excelize on a damaged sheet into an error.
func (r *xlsxRecords) recoverInto(err *error) {
	if p := recover(); p != nil {
		*err = r.damaged(fmt.Errorf("%v", p))
	}
}

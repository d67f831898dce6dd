package input

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/nollmission/nollmission/pkg/period"
)

// styled is a cell value with a number format: a built-in format's id
// (int) or a custom format's code (string).
type styled struct {
	value  any
	format any
}

// sheet is one sheet of a test workbook: rows from A1 down (nil cells are
// left empty).
type sheet struct {
	name   string
	rows   [][]any
	hidden bool
}

// workbook writes a workbook with excelize, as Excel would save it: the
// numbers as numbers, each in its number format.
func workbook(t testing.TB, date1904 bool, sheets ...sheet) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if date1904 {
		yes := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			t.Fatal(err)
		}
	}
	styles := map[any]int{}
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			for c, v := range row {
				if v == nil {
					continue
				}
				cell, err := excelize.CoordinatesToCellName(c+1, r+1)
				if err != nil {
					t.Fatal(err)
				}
				if st, ok := v.(styled); ok {
					id, seen := styles[st.format]
					if !seen {
						style := &excelize.Style{}
						switch f := st.format.(type) {
						case int:
							style.NumFmt = f
						case string:
							style.CustomNumFmt = &f
						}
						if id, err = f.NewStyle(style); err != nil {
							t.Fatal(err)
						}
						styles[st.format] = id
					}
					if err := f.SetCellStyle(s.name, cell, cell, id); err != nil {
						t.Fatal(err)
					}
					v = st.value
				}
				if x, ok := v.(float64); ok {
					err = f.SetCellFloat(s.name, cell, x, -1, 64)
				} else if fm, ok := v.(formula); ok {
					err = f.SetCellFormula(s.name, cell, string(fm))
				} else {
					err = f.SetCellValue(s.name, cell, v)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	// Excel hides no sheet that is active: the first visible one is.
	for i, s := range sheets {
		if !s.hidden {
			f.SetActiveSheet(i)
			break
		}
	}
	for _, s := range sheets {
		if s.hidden {
			if err := f.SetSheetVisible(s.name, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func bytesSource(name string, data []byte) Source {
	return Source{Name: name, Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
}

// readRows reads every row of src as kind.
func readRows(t testing.TB, src Source, kind Kind, cfg Config) ([]Row, FileStats, error) {
	t.Helper()
	var rows []Row
	stats, err := Read(src, kind, cfg, func(r *Row) error {
		rows = append(rows, *r)
		return nil
	})
	return rows, stats, err
}

// Serial numbers of the 1900 date system, checked against Excel.
const (
	serial20190314      = 43538.0            // 2019-03-14
	serial20190314T0930 = 43538.395833333336 // 2019-03-14 09:30:00
)

func TestExcelSerial(t *testing.T) {
	tests := []struct {
		serial   float64
		date1904 bool
		kind     dateKind
		want     string // "" when no date
	}{
		{1, false, dateOnly, "1900-01-01"},
		{59, false, dateOnly, "1900-02-28"},
		{60, false, dateOnly, "1900-02-29"}, // Lotus's day that never was: the checks refuse it
		{61, false, dateOnly, "1900-03-01"},
		{0, false, dateOnly, "1900-01-00"}, // as Excel shows it: refused too
		{0.5, false, dateAndTime, "1900-01-00 12:00:00"},
		{serial20190314, false, dateOnly, "2019-03-14"},
		{serial20190314T0930, false, dateAndTime, "2019-03-14 09:30:00"},
		{serial20190314T0930, false, dateOnly, "2019-03-14 09:30:00"}, // as stored, not as shown
		{43496.979166666664, false, dateOnly, "2019-01-31 23:30:00"},
		{serial20190314T0930, false, timeOnly, "09:30:00"},
		{43538.5 + 0.5/86400, false, dateAndTime, "2019-03-14 12:00:00.500"},
		{43538.999999999, false, dateAndTime, "2019-03-15 00:00:00"}, // rounds to the millisecond, past midnight
		{43555.979166666664, false, dateAndTime, "2019-03-31 23:30:00"},
		{2958465.999988426, false, dateAndTime, "9999-12-31 23:59:59"},
		{2958466, false, dateOnly, ""},
		{-1, false, dateOnly, ""},
		// The 1904 system counts from 1904-01-01: the same day is 1462
		// less, and 1904 is a leap year Excel has right.
		{0, true, dateOnly, "1904-01-01"},
		{59, true, dateOnly, "1904-02-29"},
		{60, true, dateOnly, "1904-03-01"},
		{serial20190314 - 1462, true, dateOnly, "2019-03-14"},
		{serial20190314T0930 - 1462, true, dateAndTime, "2019-03-14 09:30:00"},
		{2958465 - 1462, true, dateOnly, "9999-12-31"},
		{2958465 - 1461, true, dateOnly, ""},
	}
	for _, tt := range tests {
		got, ok := excelSerial(tt.serial, tt.date1904, tt.kind)
		if !ok {
			got = ""
		}
		if got != tt.want {
			t.Errorf("excelSerial(%v, 1904=%v, %d) = %q, want %q", tt.serial, tt.date1904, tt.kind, got, tt.want)
		}
	}
}

func TestDateFormatKind(t *testing.T) {
	tests := []struct {
		code string
		want dateKind
	}{
		{"General", notDate},
		{"0", notDate},
		{"#,##0", notDate},
		{"#,##0.00 \"kr\"", notDate},
		{"0.00E+00", notDate},
		{"##0.0e-0", notDate},
		{"[Red]#,##0;[Blue]-#,##0", notDate},
		{`#,##0\ "SEK";-#,##0\ "SEK"`, notDate},
		{"@", notDate},
		{`"day "0`, notDate}, // quoted: not codes
		{"yyyy-mm-dd", dateOnly},
		{"YYYY-MM-DD", dateOnly},
		{"d/m/yyyy", dateOnly},
		{"[$-41D]d mmmm yyyy;@", dateOnly},
		{"mmm-yy", dateOnly},
		{"mmmm", dateOnly}, // a month alone
		{"yyyy-mm-dd hh:mm", dateAndTime},
		{"yyyy-mm-dd hh:mm:ss.000", dateAndTime},
		{"m/d/yy h:mm AM/PM", dateAndTime},
		{"dd.mm.yyyy hh:mm;@", dateAndTime},
		{"hh:mm", timeOnly},
		{"mm:ss", timeOnly}, // minutes, next to seconds
		{"[h]:mm:ss", timeOnly},
		{"[mm]:ss", timeOnly},
		{"h AM/PM", timeOnly},
	}
	for _, tt := range tests {
		if got := dateFormatKind(tt.code); got != tt.want {
			t.Errorf("dateFormatKind(%q) = %d, want %d", tt.code, got, tt.want)
		}
	}
	for id, want := range map[int]dateKind{0: notDate, 3: notDate, 14: dateOnly, 17: dateOnly, 22: dateAndTime, 20: timeOnly, 46: timeOnly, 49: notDate} {
		if got := builtInDateKind(id); got != want {
			t.Errorf("builtInDateKind(%d) = %d, want %d", id, got, want)
		}
	}
}

// TestXLSXReadsAsCSV: a workbook as analysts save them (a date cell in each
// date format, counts shown with thousands separators, a count stored as a
// float, text that looks like a number, padding) reads as the same rows in
// CSV, whose text is what the cells hold.
func TestXLSXReadsAsCSV(t *testing.T) {
	cfg := testConfig(t)
	for _, date1904 := range []bool{false, true} {
		day := func(serial float64) float64 {
			if date1904 {
				return serial - 1462
			}
			return serial
		}
		book := workbook(t, date1904, sheet{name: "Blad1", rows: [][]any{
			{"Timestamp", "Country", "Channel", "Category", "Complaints", "Note"},
			{styled{day(serial20190314T0930), "yyyy-mm-dd hh:mm"}, "se", "IMY", "Refunds ", styled{5123456, 3}, "x"},
			{styled{day(serial20190314), 14}, "SE", "Allmänna reklamationsnämnden", nil, styled{5123456.0, 4}},
			{"2019-01-31T23:30:00Z", "NO", "kund-service", "Invoice\nnot received", "010"},
			{},
			{styled{day(43555.979166666664), 22}, "DK", "arn", "a", 1},
			{styled{day(43555.979166666664), "d/m/yyyy"}, "DK", "arn", "a", 2},
			{"2019-03", "FI", "fi", "b", styled{0, "#,##0 \"st\""}},
		}})
		csv := "timestamp,country,channel,category,complaints,note\n" +
			"2019-03-14 09:30:00,se,IMY,Refunds ,5123456,x\n" +
			"2019-03-14,SE,Allmänna reklamationsnämnden,,5123456,\n" +
			"2019-01-31T23:30:00Z,NO,kund-service,\"Invoice\nnot received\",010,\n" +
			",,,,,\n" +
			"2019-03-31 23:30:00,DK,arn,a,1,\n" +
			"2019-03-31 23:30:00,DK,arn,a,2,\n" + // shown as a date, read as stored
			"2019-03,FI,fi,b,0,\n"
		got, stats, err := readRows(t, bytesSource("cp.xlsx", book), Complaints, cfg)
		if err != nil {
			t.Fatalf("1904=%v: %v", date1904, err)
		}
		want, _, err := readRows(t, stringSource("cp.csv", csv), Complaints, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("1904=%v: the workbook reads as\n%+v\nthe CSV as\n%+v", date1904, got, want)
		}
		// 09:30 and the two 23:30 are timestamps without an offset, from
		// date cells that hold a time of day (one shows only the date).
		wantStats := FileStats{Kind: "complaints", Path: "cp.xlsx", Rows: 6, Format: "xlsx", Sheet: "Blad1", NaiveTimestamps: 3}
		if stats != wantStats {
			t.Errorf("stats %+v, want %+v", stats, wantStats)
		}
	}
	// And by hand, for the months: 23:30Z on January 31 is February in
	// Stockholm; 2019-03-31 23:30 without an offset is wall time: March.
	rows, _, err := readRows(t, bytesSource("cp.xlsx", workbook(t, false, sheet{name: "Blad1", rows: [][]any{
		{"timestamp", "complaints"},
		{"2019-01-31T23:30:00Z", 1},
		{styled{43555.979166666664, "yyyy-mm-dd hh:mm:ss"}, 2},
	}})), Complaints, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Month != period.MonthOf(2019, 2) || rows[1].Month != period.MonthOf(2019, 3) || rows[1].Count != 2 {
		t.Errorf("rows %+v", rows)
	}
}

// TestXLSXDateShownWithoutItsTime: a date cell that holds a time of day is
// read with it, whatever its format shows: the same three instants formatted
// m/d/yyyy (14) and m/d/yy h:mm (22), UTC wall time, are February, April and
// July in Stockholm either way. Read as the dates shown, they were January,
// March and June.
func TestXLSXDateShownWithoutItsTime(t *testing.T) {
	b, err := period.NewBucketerWith("Europe/Stockholm", period.Options{NaiveZone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Bucketer: b, Country: "SE"}
	want := []period.Month{period.MonthOf(2019, 2), period.MonthOf(2019, 4), period.MonthOf(2019, 7)}
	for _, format := range []any{14, 22} {
		rows, _, err := readRows(t, bytesSource("tx.xlsx", workbook(t, false, sheet{name: "Blad1", rows: [][]any{
			{"timestamp", "country"},
			{styled{43496.979166666664, format}, "SE"}, // 2019-01-31 23:30
			{styled{43555.9375, format}, "SE"},         // 2019-03-31 22:30
			{styled{43646.958333333336, format}, "SE"}, // 2019-06-30 23:00
		}})), Transactions, cfg)
		if err != nil {
			t.Fatal(err)
		}
		var got []period.Month
		for _, r := range rows {
			got = append(got, r.Month)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("format %v: months %v, want %v", format, got, want)
		}
	}
}

func TestXLSXSheets(t *testing.T) {
	book := workbook(t, false,
		sheet{name: "Info", rows: [][]any{{"read me"}}, hidden: true},
		sheet{name: "Köp 2019", rows: [][]any{{"month", "transactions"}, {"2019-01", 4286139}}},
		sheet{name: "Blad3", rows: [][]any{{"month", "transactions"}, {"2019-02", 4143507}}},
	)
	for _, tt := range []struct{ sheet, want string }{
		{"", "Köp 2019"}, // the first visible one
		{"Blad3", "Blad3"},
		{" blad3", "Blad3"},
		{"Info", "Info"},
	} {
		cfg := testConfig(t)
		cfg.Sheet = tt.sheet
		_, stats, err := readRows(t, bytesSource("tx.xlsx", book), Transactions, cfg)
		if tt.want == "Info" {
			// A sheet named is read whether it is hidden or not.
			if err == nil || err.Error() != `tx.xlsx: Info, row 1: no period column; the header has: read me` {
				t.Errorf("sheet %q: %v", tt.sheet, err)
			}
			continue
		}
		if err != nil || stats.Sheet != tt.want || stats.Rows != 1 {
			t.Errorf("sheet %q: %+v, %v", tt.sheet, stats, err)
		}
	}
}

func TestXLSXErrors(t *testing.T) {
	header := []any{"date", "country", "channel", "score", "count"}
	row := []any{styled{serial20190314, 14}, "SE", "kundservice", 5, 1}
	// rows puts the bad row on sheet row 17, after fifteen good ones.
	rows := func(bad ...any) [][]any {
		out := [][]any{header}
		for range 15 {
			out = append(out, row)
		}
		return append(out, bad)
	}
	tests := []struct {
		name  string
		kind  Kind
		sheet sheet
		want  string
	}{
		{"fractional count", Complaints, sheet{name: "Blad1", rows: rows(styled{serial20190314, 14}, "SE", "arn", 5, 2.5)},
			`tx.xlsx: Blad1!E17 (count): "2.5": not a whole number`},
		{"negative count", Complaints, sheet{name: "Blad1", rows: rows(styled{serial20190314, 14}, "SE", "arn", 5, -3)},
			`tx.xlsx: Blad1!E17 (count): "-3": negative count`},
		{"unknown channel", Complaints, sheet{name: "Blad1", rows: rows(styled{serial20190314, 14}, "SE", "fax", 5, 1)},
			`tx.xlsx: Blad1!C17 (channel): "fax": unknown channel`},
		{"score 6", Surveys, sheet{name: "Blad1", rows: rows(styled{serial20190314, 14}, "SE", "arn", 6, 1)},
			`tx.xlsx: Blad1!D17 (score): "6": not a score from 1 to 5`},
		{"bad date", Complaints, sheet{name: "Blad1", rows: rows("2019-02-30", "SE", "arn", 5, 1)},
			`tx.xlsx: Blad1!A17 (date): "2019-02-30": 2019-02-30 does not exist (February 2019 has 28 days)`},
		{"Excel's 1900-02-29", Complaints, sheet{name: "Blad1", rows: rows(styled{60.0, 14}, "SE", "arn", 5, 1)},
			`tx.xlsx: Blad1!A17 (date): "1900-02-29": 1900-02-29 does not exist (February 1900 has 28 days)`},
		{"a plain number as the date", Complaints, sheet{name: "Blad1", rows: rows(43538, "SE", "arn", 5, 1)},
			`tx.xlsx: Blad1!A17 (date): "43538": not a month, date or timestamp`},
		{"a time of day as the date", Complaints, sheet{name: "Blad1", rows: rows(styled{0.395833333333333, 20}, "SE", "arn", 5, 1)},
			`tx.xlsx: Blad1!A17 (date): "09:30:00": not a month, date or timestamp`},
		{"a channel formula, as excelize writes it", Complaints, sheet{name: "Blad1", rows: rows(styled{serial20190314, 14}, "SE", formula("F17"), 5, 1, "arn")},
			`tx.xlsx: Blad1!C17 (channel): "=F17": a formula without a saved value (the program that wrote the workbook does not calculate)`},
		{"a count formula", Complaints, sheet{name: "Blad1", rows: rows(styled{serial20190314, 14}, "SE", "arn", 5, formula("2*20"))},
			`tx.xlsx: Blad1!E17 (count): "=2*20": a formula without a saved value (the program that wrote the workbook does not calculate)`},
		{"a date formula", Complaints, sheet{name: "Blad1", rows: rows(styled{formula("DATE(2019,1,31)"), 14}, "SE", "arn", 5, 1)},
			`tx.xlsx: Blad1!A17 (date): "=DATE(2019,1,31)": a formula without a saved value (the program that wrote the workbook does not calculate)`},
		{"empty country", Complaints, sheet{name: "Blad1", rows: rows(styled{serial20190314, 14}, " ", "arn", 5, 1)},
			`tx.xlsx: Blad1!B17 (country): " ": empty country`},
		{"a value beyond the header", Complaints, sheet{name: "Blad1", rows: rows(styled{serial20190314, 14}, "SE", "arn", 5, 1, nil, "x")},
			`tx.xlsx: Blad1!G17: "x": the row has 7 fields, the header has 5`},
		{"text count", Complaints, sheet{name: "Mitt blad", rows: rows(styled{serial20190314, 14}, "SE", "arn", 5, "1,5")},
			`tx.xlsx: 'Mitt blad'!E17 (count): "1,5": not a whole number`},
		{"no period column", Complaints, sheet{name: "Blad1", rows: [][]any{nil, {"när", "count"}, {"2019-01", 1}}},
			`tx.xlsx: Blad1, row 2: no period column; the header has: när, count`},
		{"duplicate column", Complaints, sheet{name: "Blad1", rows: [][]any{{"month", "count", "Count"}, {"2019-01", 1, 2}}},
			`tx.xlsx: Blad1!C1 (count): "Count": column "count" appears twice (columns 2 and 3)`},
		{"empty sheet", Complaints, sheet{name: "Blad1"},
			`tx.xlsx: Blad1: the sheet is empty`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readRows(t, bytesSource("tx.xlsx", workbook(t, false, tt.sheet)), tt.kind, testConfig(t))
			var de *DataError
			if !errors.As(err, &de) || de.Hint == "" {
				t.Fatalf("error %v, want a DataError with a hint", err)
			}
			if err.Error() != tt.want {
				t.Errorf("error = %s\n   want %s", err, tt.want)
			}
		})
	}

	cfg := testConfig(t)
	cfg.Sheet = "Blad9"
	_, _, err := readRows(t, bytesSource("tx.xlsx", workbook(t, false, sheet{name: "Blad1"}, sheet{name: "Blad2"})), Complaints, cfg)
	if err == nil || err.Error() != `tx.xlsx: no sheet named "Blad9"; the workbook has: Blad1, Blad2` {
		t.Errorf("unknown sheet: %v", err)
	}
}

// TestNotAWorkbook: a zip archive that holds no workbook, and one cut
// short, are refused saying so; a compressed workbook is refused with the
// fix.
func TestNotAWorkbook(t *testing.T) {
	notBook, err := os.ReadFile("../../testdata/bad/workbook.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	book := workbook(t, false, sheet{name: "Blad1", rows: [][]any{{"month"}, {"2019-01"}}})
	for _, tt := range []struct{ name, content, want string }{
		{"zip without a workbook", string(notBook), `in.xlsx: a zip archive, not an Excel workbook: it holds [Content_Types].xml`},
		{"cut short", string(book[:len(book)/2]), `in.xlsx: a zip archive or .xlsx workbook that cannot be opened: zip: not a valid zip file`},
		{"gzip", gzipped(t, string(book)), `in.xlsx: a zip archive or Excel workbook compressed with gzip`},
	} {
		_, _, err := readRows(t, stringSource("in.xlsx", tt.content), Transactions, testConfig(t))
		var de *DataError
		if !errors.As(err, &de) || err.Error() != tt.want || de.Hint == "" {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.want)
		}
	}
}

// TestXLSXStreams: excelize's row iterator reads the sheet; what a row
// costs does not grow with the rows before it.
func TestXLSXStreams(t *testing.T) {
	rows := [][]any{{"date", "country", "transactions"}}
	for i := range 20000 {
		rows = append(rows, []any{styled{serial20190314 + float64(i%28), 14}, "SE", i})
	}
	book := workbook(t, false, sheet{name: "Blad1", rows: rows})
	n, sum := int64(0), int64(0)
	stats, err := Read(bytesSource("big.xlsx", book), Transactions, testConfig(t), func(r *Row) error {
		n++
		sum += r.Count
		return nil
	})
	if err != nil || n != 20000 || stats.Rows != n || sum != 19999*20000/2 {
		t.Fatalf("rows %d, sum %d, stats %+v, err %v", n, sum, stats, err)
	}
}

func TestSheetRef(t *testing.T) {
	for name, want := range map[string]string{"Blad1": "Blad1", "Köp_2019": "Köp_2019", "Mitt blad": "'Mitt blad'", "2019": "'2019'", "Kim's": "'Kim''s'"} {
		if got := sheetRef(name); got != want {
			t.Errorf("sheetRef(%q) = %s, want %s", name, got, want)
		}
	}
}

// A date format on a number that is no date, or on text, leaves the cell
// as it is stored.
func TestXLSXDateFormatNoDate(t *testing.T) {
	book := workbook(t, false, sheet{name: "Blad1", rows: [][]any{
		{"month", "category"},
		{"2019-01", styled{-5, 14}},
		{"2019-01", styled{"text", 22}},
	}})
	rows, _, err := readRows(t, bytesSource("cp.xlsx", book), Complaints, testConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Category != "-5" || rows[1].Category != "text" {
		t.Errorf("rows %+v", rows)
	}
}

// formula is a cell of a test workbook that holds a formula, written as
// excelize (and openpyxl) write them: without its value, for none of them
// calculates.
type formula string

// rawWorkbook writes a workbook by hand, for what excelize does not write:
// sheetData is the sheet's rows as XML, shared the table of shared strings
// (none when nil). Styles: 0 plain, 1 a date (format 14).
func rawWorkbook(t testing.TB, sheetData string, shared []string) []byte {
	t.Helper()
	const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	parts := map[string]string{
		"[Content_Types].xml": `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
		"_rels/.rels":         `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + rel + `officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":     `<workbook ` + ns + ` xmlns:r="` + strings.TrimSuffix(rel, "/") + `"><sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + rel + `worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="` + rel + `styles" Target="styles.xml"/><Relationship Id="rId3" Type="` + rel + `sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
		"xl/styles.xml":            `<styleSheet ` + ns + `><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>`,
		"xl/worksheets/sheet1.xml": `<worksheet ` + ns + `><sheetData>` + sheetData + `</sheetData></worksheet>`,
	}
	if shared != nil {
		var b strings.Builder
		for _, s := range shared {
			b.WriteString("<si><t>" + s + "</t></si>")
		}
		parts["xl/sharedStrings.xml"] = `<sst ` + ns + `>` + b.String() + `</sst>`
	}
	var out bytes.Buffer
	w := zip.NewWriter(&out)
	for _, name := range slices.Sorted(maps.Keys(parts)) {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(f, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+parts[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// xmlRow writes row n of a hand-made sheet: each cell is its XML (a string
// that starts with '<') or text, written as an inline string in the next
// column.
func xmlRow(n int, cells ...string) string {
	b := fmt.Sprintf(`<row r="%d">`, n)
	for i, c := range cells {
		if !strings.HasPrefix(c, "<") {
			c = fmt.Sprintf(`<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>`, string(rune('A'+i)), n, c)
		}
		b += c
	}
	return b + "</row>"
}

// TestXLSXCellsAsStored: what a sheet's XML stores is what is read, as the
// CSV twin reads its text: a formula's saved value, a shared string, a date
// cell's ISO 8601 text (with its offset), a number to Excel's 15 digits, a
// count in digits exactly.
func TestXLSXCellsAsStored(t *testing.T) {
	header := xmlRow(1, "timestamp", "country", "channel", "category", "complaints")
	tests := []struct {
		name, row string
		shared    []string
		csv       string // the row as CSV reads it
	}{
		{"a formula with its value", xmlRow(2, "2019-01-15", "SE", `<c r="C2" t="str"><f>F2</f><v>ARN</v></c>`, "fees", `<c r="E2"><f>2*20</f><v>40</v></c>`),
			nil, "2019-01-15,SE,ARN,fees,40"},
		{"a formula whose value is empty text", xmlRow(2, "2019-01-15", "SE", "arn", `<c r="D2" t="str"><f>""</f><v></v></c>`, "40"),
			nil, "2019-01-15,SE,arn,,40"},
		{"a shared string", xmlRow(2, "2019-01-15", "SE", `<c r="C2" t="s"><v>1</v></c>`, `<c r="D2" t="s"><v>0</v></c>`, "40"),
			[]string{"fees", "ARN"}, "2019-01-15,SE,ARN,fees,40"},
		{"a date cell with an offset", xmlRow(2, `<c r="A2" t="d"><v>2019-01-31T23:30:00Z</v></c>`, "SE", "arn", "fees", "40"),
			nil, "2019-01-31T23:30:00Z,SE,arn,fees,40"},
		{"a date cell without one", xmlRow(2, `<c r="A2" s="1" t="d"><v>2019-01-31T23:30:00</v></c>`, "SE", "arn", "fees", "40"),
			nil, "2019-01-31T23:30:00,SE,arn,fees,40"},
		{"a date serial", xmlRow(2, `<c r="A2" s="1"><v>43496</v></c>`, "SE", "arn", "fees", "40"),
			nil, "2019-01-31,SE,arn,fees,40"},
		{"a count in digits beyond a float64", xmlRow(2, "2019-01-15", "SE", "arn", "fees", `<c r="E2"><v>9007199254740993</v></c>`),
			nil, "2019-01-15,SE,arn,fees,9007199254740993"},
		{"a count with a formula's noise", xmlRow(2, "2019-01-15", "SE", "arn", "fees", `<c r="E2"><f>A9*B9</f><v>4286139.0000000009</v></c>`),
			nil, "2019-01-15,SE,arn,fees,4286139"},
		{"a count with an exponent", xmlRow(2, "2019-01-15", "SE", "arn", "fees", `<c r="E2"><v>5.123456E6</v></c>`),
			nil, "2019-01-15,SE,arn,fees,5123456"},
		{"a number as the category", xmlRow(2, "2019-01-15", "SE", "arn", `<c r="D2"><v>0.30000000000000004</v></c>`, "40"),
			nil, "2019-01-15,SE,arn,0.3,40"},
		{"rows without numbers, cells without references", `<row><c t="inlineStr"><is><t>timestamp</t></is></c><c t="inlineStr"><is><t>country</t></is></c><c t="inlineStr"><is><t>channel</t></is></c><c t="inlineStr"><is><t>category</t></is></c><c t="inlineStr"><is><t>complaints</t></is></c></row>` +
			`<row><c t="inlineStr"><is><t>2019-01-15</t></is></c><c t="inlineStr"><is><t>SE</t></is></c><c t="inlineStr"><is><t>arn</t></is></c><c r="E2"><v>40</v></c></row>`,
			nil, "2019-01-15,SE,arn,,40"},
		{"an empty row between", xmlRow(2, "2019-01-15", "SE", "arn", "fees", "40") + xmlRow(4, "2019-02-15", "SE", "arn", "fees", "2"),
			nil, "2019-01-15,SE,arn,fees,40\n,,,,\n2019-02-15,SE,arn,fees,2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sheet := header + tt.row
			if strings.HasPrefix(tt.row, "<row>") {
				sheet = tt.row
			}
			cfg := testConfig(t)
			got, _, err := readRows(t, bytesSource("cp.xlsx", rawWorkbook(t, sheet, tt.shared)), Complaints, cfg)
			if err != nil {
				t.Fatal(err)
			}
			want, _, err := readRows(t, stringSource("cp.csv", "timestamp,country,channel,category,complaints\n"+tt.csv+"\n"), Complaints, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("the workbook reads as\n%+v\nthe CSV as\n%+v", got, want)
			}
		})
	}
	// 23:30Z on January 31 is February in Stockholm: the offset is kept.
	rows, _, err := readRows(t, bytesSource("cp.xlsx", rawWorkbook(t, header+xmlRow(2, `<c r="A2" t="d"><v>2019-01-31T23:30:00Z</v></c>`, "SE", "arn", "fees", "40"), nil)), Complaints, testConfig(t))
	if err != nil || len(rows) != 1 || rows[0].Month != period.MonthOf(2019, 2) || rows[0].Count != 40 {
		t.Errorf("rows %+v, %v", rows, err)
	}
}

// TestXLSXSheetXMLErrors: what would be read as "" or dropped, or lead to
// an error about another cell, is refused naming the cell or row.
func TestXLSXSheetXMLErrors(t *testing.T) {
	header := xmlRow(1, "timestamp", "country", "channel", "category", "complaints")
	good := xmlRow(2, "2019-01-15", "SE", "arn", "fees", "40")
	tests := []struct {
		name, rows string
		shared     []string
		want       string
	}{
		{"a formula without a value", xmlRow(2, "2019-01-15", "SE", `<c r="C2"><f>F2</f></c>`, "fees", "40"), nil,
			`cp.xlsx: Blad1!C2 (channel): "=F2": a formula without a saved value (the program that wrote the workbook does not calculate)`},
		{"a formula with an empty value, as openpyxl writes it", xmlRow(2, "2019-01-15", "SE", "arn", "fees", `<c r="E2"><f>SUM(F2:G2)</f><v></v></c>`), nil,
			`cp.xlsx: Blad1!E2 (complaints): "=SUM(F2:G2)": a formula without a saved value (the program that wrote the workbook does not calculate)`},
		{"a shared formula without a value", good + xmlRow(3, "2019-01-15", "SE", "arn", `<c r="D3"><f t="shared" si="0"/></c>`, "40"), nil,
			`cp.xlsx: Blad1!D3 (category): "(a shared formula)": a formula without a saved value (the program that wrote the workbook does not calculate)`},
		{"a text formula without a value", xmlRow(2, `<c r="A2" t="str"><f>TEXT(B9,"yyyy-mm")</f></c>`, "SE", "arn", "fees", "40"), nil,
			`cp.xlsx: Blad1!A2 (timestamp): "=TEXT(B9,\"yyyy-mm\")": a formula without a saved value (the program that wrote the workbook does not calculate)`},
		{"a row numbered -5", strings.Replace(good, `r="2"`, `r="-5"`, 1), nil,
			`cp.xlsx: Blad1: a row numbered "-5": rows are numbered 1 to 1048576`},
		{"a shared string past the table", xmlRow(2, "2019-01-15", "SE", `<c r="C2" t="s"><v>7</v></c>`, "fees", "40"), []string{"ARN"},
			`cp.xlsx: Blad1!C2: cell C2 refers to shared string 7, and the workbook has 1 (0 to 0)`},
		{"a shared string and no table", xmlRow(2, "2019-01-15", "SE", "arn", `<c r="D2" t="s"><v>0</v></c>`, "40"), nil,
			`cp.xlsx: Blad1!D2: cell D2 refers to shared string 0, and the workbook has 0 (0 to -1)`},
		{"a shared string that is no number", xmlRow(2, "2019-01-15", "SE", `<c r="C2" t="s"><v>x</v></c>`, "fees", "40"), []string{"ARN"},
			`cp.xlsx: Blad1!C2: cell C2 refers to shared string "x", not a number`},
		{"rows out of order", xmlRow(3, "2019-01-15", "SE", "arn", "fees", "40") + good, nil,
			`cp.xlsx: Blad1: row 2 comes after row 3: the rows are out of order`},
		{"a row twice", good + good, nil,
			`cp.xlsx: Blad1: row 2 appears twice`},
		{"a cell twice", xmlRow(2, "2019-01-15", "SE", "arn", "fees", `<c r="E2"><v>40</v></c><c r="E2"><v>400</v></c>`), nil,
			`cp.xlsx: Blad1!E2: cell E2 appears twice`},
		{"cells right to left", `<row r="2"><c r="E2"><v>40</v></c><c r="B2" t="inlineStr"><is><t>SE</t></is></c><c r="A2" t="inlineStr"><is><t>2019-01-15</t></is></c></row>`, nil,
			`cp.xlsx: Blad1!B2: cell B2 comes after E2: the cells are out of order`},
		{"a cell of another row", xmlRow(2, "2019-01-15", "SE", "arn", "fees", `<c r="E5"><v>40</v></c>`), nil,
			`cp.xlsx: Blad1, row 2: cell E5 is in row 2`},
		{"XML cut in a row", good + `<row r="3"><c r="A3"><v>1</v></c><c r="B3"></row>`, nil,
			`cp.xlsx: Blad1, row 3: the workbook cannot be read: element <c> closed by </row>`},
		{"a date cell that is no date", xmlRow(2, `<c r="A2" t="d"><v>2019-01-31T25:30:00Z</v></c>`, "SE", "arn", "fees", "40"), nil,
			`cp.xlsx: Blad1!A2 (timestamp): "2019-01-31T25:30:00Z": 25:30:00 is not a time of day`},
		{"a count of 1E+20", xmlRow(2, "2019-01-15", "SE", "arn", "fees", `<c r="E2"><v>1E+20</v></c>`), nil,
			`cp.xlsx: Blad1!E2 (complaints): "100000000000000000000": too large (the largest count is 9223372036854775807)`},
		{"a count beyond a float64's digits", xmlRow(2, "2019-01-15", "SE", "arn", "fees", `<c r="E2"><v>9007199254740993.0</v></c>`), nil,
			`cp.xlsx: Blad1!E2 (complaints): "9007199254740993.0": a whole number with a decimal part, which a count is written without`},
		{"TRUE as a count", xmlRow(2, "2019-01-15", "SE", "arn", "fees", `<c r="E2" t="b"><v>1</v></c>`), nil,
			`cp.xlsx: Blad1!E2 (complaints): "TRUE": not a number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readRows(t, bytesSource("cp.xlsx", rawWorkbook(t, header+tt.rows, tt.shared)), Complaints, testConfig(t))
			var de *DataError
			if !errors.As(err, &de) || de.Hint == "" {
				t.Fatalf("error %v, want a DataError with a hint", err)
			}
			if err.Error() != tt.want {
				t.Errorf("error = %s\n   want %s", err, tt.want)
			}
		})
	}
}

// TestXLSXFormulaNotRead: a formula without a saved value is ignored in a
// column nothing reads, as any value there (a note, a cell beyond the
// header), and refused where its value would be read: a role's column, and
// a column the checks of the first rows still read (an unmapped count
// column of a month file, which would otherwise count each row as one).
func TestXLSXFormulaNotRead(t *testing.T) {
	noValue := func(ref string) string { return `<c r="` + ref + `"><f>SUM(X1:X9)</f></c>` }
	header := xmlRow(1, "timestamp", "country", "channel", "category", "complaints", "note")
	read := []struct {
		name, sheet string
		kind        Kind
		csv         string
	}{
		{"a note", header + xmlRow(2, "2019-01-15", "SE", "arn", "fees", "40", noValue("F2")), Complaints,
			"timestamp,country,channel,category,complaints,note\n2019-01-15,SE,arn,fees,40,\n"},
		{"beyond the header", header + xmlRow(2, "2019-01-15", "SE", "arn", "fees", "40", "x", noValue("XFD2")), Complaints,
			"timestamp,country,channel,category,complaints,note\n2019-01-15,SE,arn,fees,40,x\n"},
		{"a column the checks no longer read", xmlRow(1, "timestamp", "note") + xmlRow(2, "2019-01-15", "late") + xmlRow(3, "2019-01-16", noValue("B3")), Transactions,
			"timestamp,note\n2019-01-15,late\n2019-01-16,\n"},
	}
	for _, tt := range read {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := readRows(t, bytesSource("cp.xlsx", rawWorkbook(t, tt.sheet, nil)), tt.kind, testConfig(t))
			if err != nil {
				t.Fatal(err)
			}
			want, _, err := readRows(t, stringSource("cp.csv", tt.csv), tt.kind, testConfig(t))
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("the workbook reads as\n%+v\nthe CSV as\n%+v, %v", got, want, err)
			}
		})
	}
	refused := []struct{ name, sheet, want string }{
		{"a role's column", header + xmlRow(2, "2019-01-15", "SE", "arn", "fees", noValue("E2"), "x"),
			`cp.xlsx: Blad1!E2 (complaints): "=SUM(X1:X9)": a formula without a saved value`},
		{"an unmapped count column on the first row", xmlRow(1, "month", "country", "antal") + xmlRow(2, "2019-01", "SE", noValue("C2")),
			`cp.xlsx: Blad1!C2 (antal): "=SUM(X1:X9)": a formula without a saved value`},
		{"an unmapped count column, empty so far", xmlRow(1, "month", "country", "antal") + xmlRow(2, "2019-01", "SE") + xmlRow(3, "2019-01", "SE", noValue("C3")),
			`cp.xlsx: Blad1!C3 (antal): "=SUM(X1:X9)": a formula without a saved value`},
		{"the header", xmlRow(1, "month", "country", noValue("C1")) + xmlRow(2, "2019-01", "SE"),
			`cp.xlsx: Blad1!C1: "=SUM(X1:X9)": a formula without a saved value`},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readRows(t, bytesSource("cp.xlsx", rawWorkbook(t, tt.sheet, nil)), Complaints, testConfig(t))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %v\n   want %s…", err, tt.want)
			}
		})
	}
}

// TestXLSXValueFarRight: a value far beyond the header (XFD2, the last
// column, after a header that ends at C) is named in its own cell, not the
// first column after the header.
func TestXLSXValueFarRight(t *testing.T) {
	sheet := xmlRow(1, "month", "country", "complaints") +
		`<row r="2"><c r="A2" t="inlineStr"><is><t>2019-01</t></is></c><c r="B2" t="inlineStr"><is><t>SE</t></is></c><c r="C2"><v>3</v></c><c r="XFD2"><v>7</v></c></row>`
	_, _, err := readRows(t, bytesSource("cp.xlsx", rawWorkbook(t, sheet, nil)), Complaints, testConfig(t))
	const want = `cp.xlsx: Blad1!XFD2: "7": the row has 16384 fields, the header has 3`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v\n   want %s", err, want)
	}
}

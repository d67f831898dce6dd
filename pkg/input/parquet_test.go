package input

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"

	"github.com/nollmission/nollmission/pkg/period"
)

// parquetFile writes rows with parquet-go, rowsPerGroup to a row group.
func parquetFile[T any](t testing.TB, rowsPerGroup int64, rows ...T) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[T](&buf, parquet.MaxRowsPerRowGroup(rowsPerGroup))
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func millis(s string) int64 {
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return tm.UnixMilli()
}

// TestParquetValueText: each Parquet type is given to the checks as the
// text a CSV export would hold.
func TestParquetValueText(t *testing.T) {
	utc := time.Date(2019, 1, 31, 23, 30, 0, 0, time.UTC)
	tests := []struct {
		name  string
		node  parquet.Node
		value parquet.Value
		want  string
	}{
		{"timestamp ms, UTC", parquet.Timestamp(parquet.Millisecond), parquet.Int64Value(utc.UnixMilli()), "2019-01-31T23:30:00Z"},
		{"timestamp µs, UTC", parquet.Timestamp(parquet.Microsecond), parquet.Int64Value(utc.UnixMicro() + 250), "2019-01-31T23:30:00.00025Z"},
		{"timestamp ns, UTC", parquet.Timestamp(parquet.Nanosecond), parquet.Int64Value(utc.UnixNano() + 1), "2019-01-31T23:30:00.000000001Z"},
		{"timestamp ms, naive", parquet.TimestampAdjusted(parquet.Millisecond, false), parquet.Int64Value(utc.UnixMilli()), "2019-01-31 23:30:00"},
		{"timestamp before 1970", parquet.Timestamp(parquet.Millisecond), parquet.Int64Value(-1), "1969-12-31T23:59:59.999Z"},
		{"INT96 (Spark)", parquet.Leaf(parquet.Int96Type), parquet.Int96Value(int96(utc)), "2019-01-31T23:30:00Z"},
		{"date", parquet.Date(), parquet.Int32Value(17969), "2019-03-14"},
		{"time", parquet.Time(parquet.Millisecond), parquet.Int32Value(9*3600_000 + 30*60_000), "09:30:00"},
		{"int64", parquet.Leaf(parquet.Int64Type), parquet.Int64Value(4286139), "4286139"},
		{"int32", parquet.Int(32), parquet.Int32Value(-3), "-3"},
		{"uint64", parquet.Uint(64), parquet.Int64Value(-1), "18446744073709551615"},
		{"decimal(18,3) whole", parquet.Decimal(3, 18, parquet.Int64Type), parquet.Int64Value(4286139000), "4286139"},
		{"decimal(18,3) fraction", parquet.Decimal(3, 18, parquet.Int64Type), parquet.Int64Value(2500), "2.5"},
		{"decimal(9,2) small negative", parquet.Decimal(2, 9, parquet.Int32Type), parquet.Int32Value(-5), "-0.05"},
		{"decimal(38,9) fixed", parquet.Decimal(9, 38, parquet.FixedLenByteArrayType(16)),
			parquet.FixedLenByteArrayValue(bigEndian16(4286139_000000000)), "4286139"},
		{"decimal(38,9) fixed negative", parquet.Decimal(9, 38, parquet.FixedLenByteArrayType(16)),
			parquet.FixedLenByteArrayValue(bigEndian16(-1_500000000)), "-1.5"},
		{"double whole", parquet.Leaf(parquet.DoubleType), parquet.DoubleValue(5123456), "5123456"},
		{"double", parquet.Leaf(parquet.DoubleType), parquet.DoubleValue(2.5), "2.5"},
		{"float", parquet.Leaf(parquet.FloatType), parquet.FloatValue(0.1), "0.1"},
		{"boolean", parquet.Leaf(parquet.BooleanType), parquet.BooleanValue(true), "true"},
		{"string", parquet.String(), parquet.ByteArrayValue([]byte("Kundtjänst")), "Kundtjänst"},
		{"plain byte array", parquet.Leaf(parquet.ByteArrayType), parquet.ByteArrayValue([]byte("SE")), "SE"},
		{"null", parquet.Optional(parquet.String()), parquet.NullValue(), ""},
	}
	for _, tt := range tests {
		if got := valueText(tt.node.Type())(tt.value); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

func int96(tm time.Time) deprecated.Int96 {
	const unixJulianDay = 2440588
	days := tm.Unix() / 86400
	nanos := uint64(tm.Sub(time.Unix(days*86400, 0)))
	return deprecated.Int96{uint32(nanos), uint32(nanos >> 32), uint32(days + unixJulianDay)}
}

func bigEndian16(n int64) []byte {
	b := make([]byte, 16)
	for i := range b {
		b[15-i] = byte(n >> (8 * min(i, 7)))
	}
	return b
}

type complaintRecord struct {
	Timestamp  int64   `parquet:"timestamp,timestamp(millisecond)"`
	Country    string  `parquet:"country"`
	Channel    *string `parquet:"channel,optional"`
	Category   string  `parquet:"category"`
	Complaints int64   `parquet:"complaints"`
}

// TestParquetReadsAsCSV: the same rows in Parquet and in CSV read the same.
func TestParquetReadsAsCSV(t *testing.T) {
	imy, arn := "IMY", "Allmänna reklamationsnämnden"
	file := parquetFile(t, 2,
		complaintRecord{millis("2019-01-31T23:30:00Z"), "se", &imy, "Refunds ", 10},
		complaintRecord{millis("2019-01-31T22:30:00Z"), "SE", &arn, "", 2},
		complaintRecord{millis("2019-03-31T00:30:00Z"), "NO", nil, "Invoice\nnot received", 1},
		complaintRecord{millis("2019-12-31T23:30:00Z"), "NO", &arn, "x", 0},
		complaintRecord{millis("2019-10-27T00:30:00Z"), "DK", &imy, "y", 5123456},
	)
	csv := "timestamp,country,channel,category,complaints\n" +
		"2019-01-31T23:30:00Z,se,IMY,Refunds ,10\n" +
		"2019-01-31T22:30:00Z,SE,Allmänna reklamationsnämnden,,2\n" +
		"2019-03-31T00:30:00Z,NO,,\"Invoice\nnot received\",1\n" +
		"2019-12-31T23:30:00Z,NO,Allmänna reklamationsnämnden,x,0\n" +
		"2019-10-27T00:30:00Z,DK,IMY,y,5123456\n"
	cfg := testConfig(t)
	got, stats, err := readRows(t, bytesSource("cp.parquet", file), Complaints, cfg)
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := readRows(t, stringSource("cp.csv", csv), Complaints, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the Parquet file reads as\n%+v\nthe CSV as\n%+v", got, want)
	}
	if wantStats := (FileStats{Kind: "complaints", Path: "cp.parquet", Rows: 5, Format: "parquet"}); stats != wantStats {
		t.Errorf("stats %+v, want %+v", stats, wantStats)
	}
}

type instantRecord struct {
	Timestamp int64 `parquet:"timestamp,timestamp(microsecond)"`
}

type naiveRecord struct {
	Timestamp int64 `parquet:"timestamp,timestamp(millisecond:local)"`
}

type dateRecord struct {
	Date int32 `parquet:"date,date"` // days since 1970-01-01
}

// TestParquetBoundaryInstants puts instants next to the month ends of the
// reporting zone (Stockholm) in the months they fall in there; a naive
// timestamp is wall time (today: of the reporting zone), and a date is never
// shifted.
func TestParquetBoundaryInstants(t *testing.T) {
	instants := []struct {
		at   string
		want period.Month
	}{
		{"2019-01-31T22:59:59Z", period.MonthOf(2019, 1)},
		{"2019-01-31T23:30:00Z", period.MonthOf(2019, 2)},
		{"2019-03-31T00:30:00Z", period.MonthOf(2019, 3)},
		{"2019-03-31T01:30:00Z", period.MonthOf(2019, 3)}, // after the clocks went forward
		{"2019-03-31T21:59:59Z", period.MonthOf(2019, 3)},
		{"2019-03-31T22:00:00Z", period.MonthOf(2019, 4)},
		{"2019-10-27T00:30:00Z", period.MonthOf(2019, 10)}, // the hour that repeats
		{"2019-10-27T01:30:00Z", period.MonthOf(2019, 10)},
		{"2019-10-31T23:00:00Z", period.MonthOf(2019, 11)},
		{"2019-12-31T23:30:00Z", period.MonthOf(2020, 1)},
	}
	var records []instantRecord
	for _, in := range instants {
		records = append(records, instantRecord{millis(in.at) * 1000})
	}
	months := readMonths(t, parquetFile(t, 3, records...))
	for i, in := range instants {
		if months[i] != in.want {
			t.Errorf("%s is in %s, want %s", in.at, months[i], in.want)
		}
	}

	naive := readMonths(t, parquetFile(t, 100, naiveRecord{millis("2019-01-31T23:30:00Z")}, naiveRecord{millis("2019-12-31T23:30:00Z")}))
	if naive[0] != period.MonthOf(2019, 1) || naive[1] != period.MonthOf(2019, 12) {
		t.Errorf("naive timestamps in %v", naive)
	}
	day := func(y int, m time.Month, d int) dateRecord {
		return dateRecord{int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)}
	}
	dates := readMonths(t, parquetFile(t, 100, day(2019, 1, 31), day(2019, 3, 1)))
	if dates[0] != period.MonthOf(2019, 1) || dates[1] != period.MonthOf(2019, 3) {
		t.Errorf("dates in %v", dates)
	}
}

func readMonths(t *testing.T, file []byte) []period.Month {
	t.Helper()
	rows, _, err := readRows(t, bytesSource("tx.parquet", file), Transactions, testConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	months := make([]period.Month, len(rows))
	for i, r := range rows {
		months[i] = r.Month
	}
	return months
}

type surveyRecord struct {
	Date    string `parquet:"date"`
	Channel string `parquet:"channel"`
	Score   int32  `parquet:"score"`
	Count   int64  `parquet:"count"`
}

type nestedRecord struct {
	Month string   `parquet:"month"`
	Tags  []string `parquet:"tags,list"`
}

// TestParquetErrors: every check of the CSV path, placed in its row group
// and row (ten rows a group: the 23rd row is row 3 of group 3).
func TestParquetErrors(t *testing.T) {
	good := surveyRecord{"2019-03-14", "kundservice", 5, 1}
	rows := func(bad surveyRecord) []byte {
		records := make([]surveyRecord, 0, 30)
		for range 22 {
			records = append(records, good)
		}
		records = append(records, bad)
		for range 5 {
			records = append(records, good)
		}
		return parquetFile(t, 10, records...)
	}
	tests := []struct {
		name string
		kind Kind
		file []byte
		want string
	}{
		{"negative count", Complaints, rows(surveyRecord{"2019-03-14", "arn", 5, -3}),
			`sv.parquet: row group 3, row 3, column 4 (count): "-3": negative count`},
		{"unknown channel", Complaints, rows(surveyRecord{"2019-03-14", "fax", 5, 1}),
			`sv.parquet: row group 3, row 3, column 2 (channel): "fax": unknown channel`},
		{"score 6", Surveys, rows(surveyRecord{"2019-03-14", "arn", 6, 1}),
			`sv.parquet: row group 3, row 3, column 3 (score): "6": not a score from 1 to 5`},
		{"bad date", Surveys, rows(surveyRecord{"2019-02-30", "arn", 5, 1}),
			`sv.parquet: row group 3, row 3, column 1 (date): "2019-02-30": 2019-02-30 does not exist (February 2019 has 28 days)`},
		{"no period column", Transactions, parquetFile(t, 10, struct {
			When  string `parquet:"when"`
			Count int64  `parquet:"count"`
		}{"2019-01", 1}),
			`sv.parquet: no period column; the header has: when, count`},
		{"a nested column", Transactions, parquetFile(t, 10, nestedRecord{"2019-01", []string{"a"}}),
			`sv.parquet: column 2 (tags): "tags": a nested or repeated column (a group, list or map); only flat columns can be read`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readRows(t, bytesSource("sv.parquet", tt.file), tt.kind, testConfig(t))
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

// TestParquetDamaged: a file cut short, or whose layout claims more than
// the file has, is refused, never read in part.
func TestParquetDamaged(t *testing.T) {
	file := parquetFile(t, 10, surveyRecord{"2019-03-14", "arn", 5, 1})
	claims := bytes.Clone(file)
	claims[len(claims)-8] = 0xff
	claims[len(claims)-5] = 0x7f
	for name, content := range map[string][]byte{
		"cut short":          file[:len(file)-10],
		"a layout too large": claims,
		"the magic alone":    []byte("PAR1"),
	} {
		_, _, err := readRows(t, bytesSource("x.parquet", content), Surveys, testConfig(t))
		var de *DataError
		if !errors.As(err, &de) || !strings.HasPrefix(err.Error(), "x.parquet: not a readable Parquet file: ") || de.Hint == "" {
			t.Errorf("%s: %v", name, err)
		}
	}
	_, _, err := readRows(t, stringSource("x.parquet", zstded(t, string(file))), Surveys, testConfig(t))
	if err == nil || err.Error() != "x.parquet: a Parquet file compressed with zstd" {
		t.Errorf("compressed: %v", err)
	}
}

// TestParquetSpool: a file on disk is read in place; standard input is
// copied to a temporary file that is removed after reading, and after an
// error too.
func TestParquetSpool(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	file := parquetFile(t, 10, surveyRecord{"2019-03-14", "arn", 5, 1}, surveyRecord{"2019-03-14", "arn", 4, 2})
	path := filepath.Join(t.TempDir(), "sv.parquet")
	if err := os.WriteFile(path, file, 0o644); err != nil {
		t.Fatal(err)
	}
	spooled := 0
	errStop := errors.New("stop")
	for _, src := range []Source{FileSource(path), bytesSource(StdinName, file)} {
		for _, stop := range []bool{false, true} {
			n := int64(0)
			_, err := Read(src, Surveys, testConfig(t), func(r *Row) error {
				// While reading, standard input is in a temporary file.
				if entries, _ := os.ReadDir(tmp); src.Name == StdinName && len(entries) == 1 {
					spooled++
				}
				n += r.Count
				if stop {
					return errStop
				}
				return nil
			})
			if !stop && (err != nil || n != 3) || stop && err != errStop {
				t.Fatalf("%s: sum %d, err %v", src.Name, n, err)
			}
			if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
				t.Errorf("%s (stopped %v): %d files left in the temporary folder", src.Name, stop, len(entries))
			}
		}
	}
	if spooled == 0 {
		t.Error("standard input was not copied to a temporary file")
	}
}

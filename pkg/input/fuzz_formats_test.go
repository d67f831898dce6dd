package input

import (
	"testing"
	"time"

	"github.com/parquet-go/parquet-go/deprecated"

	"github.com/nollmission/nollmission/pkg/period"
)

// The fuzz targets of the workbook and Parquet readers feed them any bytes,
// from small files of every kind written by excelize and parquet-go (plain
// go test replays these seeds); a longer run is
//
//	go test -run '^$' -fuzz FuzzReadXLSX -fuzztime 60s -fuzzminimizetime 5s ./pkg/input
//	go test -run '^$' -fuzz FuzzReadParquet -fuzztime 60s -fuzzminimizetime 5s ./pkg/input
//
// Without -fuzzminimizetime these seem to stall after a few executions
// ("execs: 5 (0/sec)" for a minute): they do not. Each input that reaches
// new code is minimised before it joins the corpus, for up to 60 s by
// default, by running the target on shorter and shorter versions of it;
// the coordinator counts none of those runs, and the workbook and Parquet
// seeds are kilobytes long, so minimising one takes the whole 60 s (a
// goroutine dump of the worker shows it in minimizeBytes). A short
// -fuzzminimizetime lets the fuzzing go on; CI's 4-second runs end before
// the first minimisation matters.
//
// As for CSV: never a panic, only DataErrors that name the file and say how
// to fix it, and rows that make sense.

func FuzzReadXLSX(f *testing.F) {
	header := []any{"timestamp", "country", "channel", "category", "score", "count"}
	f.Add(workbook(f, false, sheet{name: "Blad1", rows: [][]any{
		header,
		{styled{serial20190314T0930, "yyyy-mm-dd hh:mm"}, "SE", "imy", "Refunds", 5, styled{5123456, 3}},
		{styled{serial20190314, 14}, "no", "arn", nil, 1, 2.0},
		{"2019-01-31T23:30:00Z", "SE", "kundservice", "x", 3, "010"},
	}}))
	f.Add(workbook(f, true, sheet{name: "Info", hidden: true}, sheet{name: "Mitt blad", rows: [][]any{
		{"month", "transactions"}, {"2019-01", 4286139}, {styled{60.0, 14}, -1}, {styled{0.5, 20}, 2.5},
	}}))
	f.Add(workbook(f, false, sheet{name: "Blad1"}))
	// By hand: a formula with its value, shared strings, a date cell.
	f.Add(rawWorkbook(f, xmlRow(1, "timestamp", "channel", "category", "count")+
		xmlRow(2, `<c r="A2" t="d"><v>2019-01-31T23:30:00Z</v></c>`, `<c r="B2" t="s"><v>1</v></c>`, `<c r="C2" t="str"><f>D9</f><v>x</v></c>`, `<c r="D2"><v>1E+2</v></c>`)+
		`<row><c s="1"><v>43496</v></c><c t="s"><v>0</v></c></row>`, []string{"arn", "imy"}))
	f.Add([]byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"))
	fuzzFormat(f, "fuzz.xlsx")
}

func FuzzReadParquet(f *testing.F) {
	at := time.Date(2019, 1, 31, 23, 30, 0, 0, time.UTC)
	arn := "arn"
	f.Add(parquetFile(f, 2,
		complaintRecord{at.UnixMilli(), "SE", &arn, "Refunds", 3},
		complaintRecord{at.UnixMilli() + 3600_000, "no", nil, "", 0},
		complaintRecord{-1, "SE", &arn, "x", -1},
	))
	f.Add(parquetFile(f, 1, surveyRecord{"2019-03-14", "kundservice", 5, 1}, surveyRecord{"2019-02-30", "fax", 6, -3}))
	f.Add(parquetFile(f, 10, struct {
		Timestamp deprecated.Int96 `parquet:"timestamp"`
		Count     int64            `parquet:"count,decimal(2:18)"`
		Score     float64          `parquet:"score"`
	}{int96(at), 150, 5}))
	f.Add(parquetFile(f, 10, nestedRecord{"2019-01", []string{"a"}}))
	f.Add([]byte("PAR1"))
	fuzzFormat(f, "fuzz.parquet")
}

// fuzzFormat reads any bytes as each kind.
func fuzzFormat(f *testing.F, name string) {
	cfg := Config{Bucketer: testConfigBucketer(f), Country: "SE"}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, kind := range Kinds {
			stats, emitted, ok := readChecked(t, name, data, kind, cfg)
			if !ok {
				continue
			}
			if stats.Rows != emitted || stats.Format == "" {
				t.Fatalf("stats %+v after %d rows", stats, emitted)
			}
		}
	})
}

func testConfigBucketer(tb testing.TB) *period.Bucketer {
	b, err := period.NewBucketer("Europe/Stockholm")
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

package input

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"
)

// The files in testdata/formats hold the same rows as CSV, as an Excel
// workbook (written by excelize) and as Parquet (written by parquet-go), for
// end-to-end tests that compare the figures of each format. go test
// ./pkg/input -run TestFormatFixtures -fixtures writes them anew.
var writeFixtures = flag.Bool("fixtures", false, "write testdata/formats anew")

const fixtureDir = "../../testdata/formats"

type fixtureComplaint struct {
	Timestamp  int64  `parquet:"timestamp,timestamp(millisecond:local)"`
	Country    string `parquet:"country"`
	Channel    string `parquet:"channel"`
	Category   string `parquet:"category"`
	Complaints int64  `parquet:"complaints"`
}

type fixtureTransaction struct {
	Month        string `parquet:"month"`
	Country      string `parquet:"country"`
	Transactions int64  `parquet:"transactions"`
}

// fixtureComplaints are wall times next to month ends, as a warehouse
// exports timestamps without an offset.
var fixtureComplaints = []struct {
	at                         string
	country, channel, category string
	complaints                 int64
}{
	{"2019-01-31 23:30:00", "SE", "kundservice", "refunds", 3},
	{"2019-02-01 00:30:00", "SE", "arn", "fees", 1},
	{"2019-03-31 01:30:00", "SE", "imy", "refunds", 2},
	{"2019-10-27 02:30:00", "NO", "kundservice", "invoice not received", 4},
	{"2019-12-31 23:30:00", "SE", "social_media", "fees", 1},
}

var fixtureTransactions = []fixtureTransaction{
	{"2019-01", "SE", 4286139}, {"2019-02", "SE", 4143507}, {"2019-03", "SE", 4512345},
	{"2019-10", "NO", 1200000}, {"2019-12", "SE", 5123456},
}

func TestFormatFixtures(t *testing.T) {
	if *writeFixtures {
		writeFormatFixtures(t)
	}
	cfg := testConfig(t)
	for _, kind := range []Kind{Transactions, Complaints} {
		csv := filepath.Join(fixtureDir, kind.String()+".csv")
		want, _, err := readRows(t, FileSource(csv), kind, cfg)
		if err != nil || len(want) != 5 {
			t.Fatalf("%s: %d rows, %v", csv, len(want), err)
		}
		for _, ext := range []string{".xlsx", ".parquet"} {
			path := filepath.Join(fixtureDir, kind.String()+ext)
			got, _, err := readRows(t, FileSource(path), kind, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s reads as\n%+v\n%s as\n%+v", path, got, csv, want)
			}
		}
	}
}

func writeFormatFixtures(t *testing.T) {
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(fixtureDir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(fixtureDir, 0o755); err != nil {
		t.Fatal(err)
	}

	csv := "timestamp,country,channel,category,complaints\n"
	rows := [][]any{{"timestamp", "country", "channel", "category", "complaints"}}
	var records []fixtureComplaint
	for _, c := range fixtureComplaints {
		at, err := time.Parse(time.DateTime, c.at)
		if err != nil {
			t.Fatal(err)
		}
		csv += c.at + "," + c.country + "," + c.channel + "," + c.category + "," + itoa(c.complaints) + "\n"
		serial := float64(at.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC))) / float64(24*time.Hour)
		rows = append(rows, []any{styled{serial, "yyyy-mm-dd hh:mm:ss"}, c.country, c.channel, c.category, styled{c.complaints, 3}})
		records = append(records, fixtureComplaint{at.UnixMilli(), c.country, c.channel, c.category, c.complaints})
	}
	write("complaints.csv", []byte(csv))
	write("complaints.xlsx", workbook(t, false, sheet{name: "Klagomål", rows: rows}))
	write("complaints.parquet", parquetFile(t, 2, records...))

	csv = "month,country,transactions\n"
	rows = [][]any{{"month", "country", "transactions"}}
	for _, tx := range fixtureTransactions {
		csv += tx.Month + "," + tx.Country + "," + itoa(tx.Transactions) + "\n"
		rows = append(rows, []any{tx.Month, tx.Country, styled{tx.Transactions, 3}})
	}
	write("transactions.csv", []byte(csv))
	write("transactions.xlsx", workbook(t, false, sheet{name: "Köp", rows: rows}))
	write("transactions.parquet", parquetFile(t, 2, fixtureTransactions...))
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

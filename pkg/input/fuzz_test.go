package input

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"
)

// The fuzz targets feed any bytes to the reader of each kind. Plain `go test`
// replays the seeds (the corpus of bad files, the sample data, the published
// tables and every dialect of a small export); a longer run is
//
//	go test -fuzz=FuzzReadComplaints -fuzztime=60s ./pkg/input
//
// The reader must never panic, must fail only with a DataError that names
// the file and says how to fix it, and must emit rows that make sense.

func FuzzReadTransactions(f *testing.F) { fuzzRead(f, Transactions) }
func FuzzReadComplaints(f *testing.F)   { fuzzRead(f, Complaints) }
func FuzzReadSurveys(f *testing.F)      { fuzzRead(f, Surveys) }

// seedDirs hold the files the fuzzers start from.
var seedDirs = []string{"../../testdata/bad", "../../testdata/published", "../sample/data"}

func fuzzRead(f *testing.F, kind Kind) {
	seeds := 0
	for _, dir := range seedDirs {
		entries, err := os.ReadDir(dir)
		if err != nil {
			f.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
				continue
			}
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
			seeds++
		}
	}
	if seeds < 15 {
		f.Fatalf("only %d seed files", seeds)
	}
	for _, s := range dialectSeeds(f) {
		f.Add([]byte(s))
	}
	cfg := Config{Bucketer: testConfigBucketer(f), Country: "SE"}
	f.Fuzz(func(t *testing.T, data []byte) {
		stats, emitted, ok := readChecked(t, "fuzz.csv", data, kind, cfg)
		if !ok {
			return
		}
		// The seeds include workbooks and Parquet files (testdata/bad):
		// only CSV has a delimiter, an encoding and a compression.
		csv := stats.Format == "csv"
		if stats.Rows != emitted || csv == (stats.Delimiter == "" || stats.Encoding == "" || stats.Compression == "") {
			t.Fatalf("stats %+v after %d rows", stats, emitted)
		}
	})
}

// dialectSeeds are a small export of each kind in every dialect.
func dialectSeeds(f *testing.F) []string {
	plain := []string{
		render(swedishRows, ",", "\n", false),
		"month,country,transactions\n2019-01,SE,4286139\n2019-02,SE,4143507\n",
		"timestamp,country,score\n2019-01-31T23:30:00Z,SE,5\n2019-02-01 08:00:00,SE,1\n",
		"date,score,responses\n2020-01-15,4,12\n",
	}
	var out []string
	for _, s := range plain {
		semicolon := strings.NewReplacer(",", ";").Replace(s)
		le, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(s)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, s,
			"\uFEFF"+strings.ReplaceAll(semicolon, "\n", "\r\n"),
			"sep=;\n"+semicolon,
			strings.NewReplacer(",", "\t").Replace(s),
			windows1252(f, s),
			gzipped(f, s),
			zstded(f, windows1252(f, semicolon)),
			le,
		)
	}
	return out
}

// readChecked reads data as kind and fails t on a row no reader may emit
// (a negative count, no country, a month out of range, a control
// character, a score out of 1 to 5) or an error that is not a whole
// DataError naming the file. It returns the file's stats, the rows emitted,
// and whether the read succeeded.
func readChecked(t *testing.T, name string, data []byte, kind Kind, cfg Config) (FileStats, int64, bool) {
	t.Helper()
	emitted := int64(0)
	stats, err := Read(bytesSource(name, data), kind, cfg, func(r *Row) error {
		emitted++
		if r.Count < 0 || r.Country == "" || r.Month.Number() < 1 || r.Month.Number() > 12 {
			t.Fatalf("nonsense row %+v", r)
		}
		if hasControl(r.Country + r.Category) {
			t.Fatalf("a control character in %+v", r)
		}
		if kind == Surveys && (r.Score < 1 || r.Score > 5) {
			t.Fatalf("score %d", r.Score)
		}
		return nil
	})
	if err != nil {
		var de *DataError
		if !errors.As(err, &de) {
			t.Fatalf("%T %v is not a DataError", err, err)
		}
		if de.File != name || de.Reason == "" || de.Hint == "" || hasControl(de.Error()) {
			t.Fatalf("incomplete error %#v", de)
		}
		return stats, emitted, false
	}
	return stats, emitted, true
}

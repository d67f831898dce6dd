package input

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"golang.org/x/text/encoding/unicode"

	"github.com/nollmission/nollmission/pkg/period"
)

// The fast path is an optimisation, never a second semantics: for any bytes,
// ReadSummed must give the sums, the stats and the error (file, line,
// column, value, reason, hint) that adding up Read's rows gives. These tests
// compare the two on the test corpus, on files made to trip the fast path,
// and (FuzzFastEqualsGeneral) on whatever the fuzzer makes of them; the
// blocks are made small so that a small file is many blocks on every core.

// sumKey is what a Dataset keys its counts by.
type sumKey struct {
	Month    period.Month
	Country  string
	Channel  string
	Category string
	Score    int
}

// outcome is everything a caller of a reader can see.
type outcome struct {
	sums  map[sumKey]int64 // a key with a zero sum still makes its month exist
	stats FileStats
	err   error
}

func readOutcome(read func(Source, Kind, Config, func(*Row) error) (FileStats, error), name string, content []byte, kind Kind, cfg Config) outcome {
	src := Source{Name: name, Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(string(content))), nil }}
	o := outcome{sums: map[sumKey]int64{}}
	total := int64(0)
	o.stats, o.err = read(src, kind, cfg, func(r *Row) error {
		// As a Dataset adds up: a total beyond int64 is an error.
		if total > math.MaxInt64-r.Count {
			return errOverflow
		}
		total += r.Count
		o.sums[sumKey{r.Month, r.Country, r.Channel, r.Category, r.Score}] += r.Count
		return nil
	})
	return o
}

var errOverflow = errors.New("the counts add up beyond int64")

// compareReaders fails when the fast path and the general reader differ on
// content read as kind.
func compareReaders(t *testing.T, name string, content []byte, kind Kind, cfg Config) {
	t.Helper()
	general := readOutcome(Read, name, content, kind, cfg)
	fast := readOutcome(ReadSummed, name, content, kind, cfg)
	if !sameError(general.err, fast.err) {
		t.Fatalf("%s as %s: errors differ\ngeneral: %#v\nfast:    %#v", name, kind, general.err, fast.err)
	}
	if general.stats != fast.stats {
		t.Fatalf("%s as %s: stats differ\ngeneral: %+v\nfast:    %+v", name, kind, general.stats, fast.stats)
	}
	if !reflect.DeepEqual(general.sums, fast.sums) {
		t.Fatalf("%s as %s: sums differ\ngeneral: %v\nfast:    %v", name, kind, general.sums, fast.sums)
	}
}

func sameError(a, b error) bool {
	var da, db *DataError
	if errors.As(a, &da) && errors.As(b, &db) {
		return *da == *db
	}
	if a == nil || b == nil {
		return a == b
	}
	return a.Error() == b.Error()
}

// withBlockSize cuts files into blocks of n bytes for one test.
func withBlockSize(t testing.TB, n int) {
	saved := blockSize
	blockSize = n
	t.Cleanup(func() { blockSize = saved })
}

// corpus is every file the tests and scripts read: the bad-file corpus, the
// exports of testdata/exports and the formats of testdata/formats, the
// sample data, the published tables and the files inside the end-to-end
// scripts.
func corpus(t testing.TB) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, dir := range []string{"../../testdata/bad", "../../testdata/published", "../sample/data", "../../testdata/exports", "../../testdata/formats"} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() || strings.HasPrefix(e.Name(), ".") || e.Name() == "transactions_long31.csv.zst" {
				// The zstd stream with a 2 GiB window tests the decompressor,
				// not the fast path (input_encodings.txtar reads it): its
				// decoder's window is allocated, and zeroed when the memory
				// is reused, so in a process that reads it again and again
				// (these tests, a fuzz worker) each read costs seconds.
				continue
			}
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			files[filepath.Join(dir, e.Name())] = b
		}
	}
	scripts, err := filepath.Glob("../../testdata/script/*.txtar")
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, script := range scripts {
		a, err := txtar.ParseFile(script)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range a.Files {
			files[script+"/"+f.Name] = f.Data
		}
	}
	if len(files) < 50 {
		t.Fatalf("only %d corpus files", len(files))
	}
	return files
}

func TestFastEqualsGeneralOnCorpus(t *testing.T) {
	cfg := testConfig(t)
	files := corpus(t)
	for _, size := range []int{1 << 20, 256, 64} {
		t.Run(fmt.Sprintf("blocks of %d bytes", size), func(t *testing.T) {
			withBlockSize(t, size)
			for name, content := range files {
				for _, kind := range Kinds {
					compareReaders(t, name, content, kind, cfg)
				}
			}
		})
	}
}

func TestFastEqualsGeneralOnTrickyFiles(t *testing.T) {
	cfg := testConfig(t)
	naiveUTC := naiveUTCConfig(t)
	for _, size := range []int{1 << 20, 512, 64} {
		withBlockSize(t, size)
		for _, tt := range trickyFiles(t) {
			for _, kind := range Kinds {
				compareReaders(t, fmt.Sprintf("%s (blocks of %d)", tt.name, size), []byte(tt.content), kind, cfg)
			}
			compareReaders(t, fmt.Sprintf("%s (blocks of %d, naive UTC)", tt.name, size), []byte(tt.content), Transactions, naiveUTC)
		}
	}
}

// naiveUTCConfig reads timestamps without an offset as UTC
// (--naive-timezone UTC): the fast lane puts them in months itself only
// from the 3rd to the 26th, and counts them, and those at midnight, as the
// general reader does.
func naiveUTCConfig(t testing.TB) Config {
	t.Helper()
	b, err := period.NewBucketerWith("Europe/Stockholm", period.Options{NaiveZone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	return Config{Bucketer: b, Country: "SE"}
}

// FuzzFastEqualsGeneral compares the two paths on any bytes, from the
// corpus, the tricky files and every dialect of a small export on:
//
//	go test -run '^$' -fuzz FuzzFastEqualsGeneral -fuzztime 60s ./pkg/input
func FuzzFastEqualsGeneral(f *testing.F) {
	for _, content := range corpus(f) {
		f.Add(content)
	}
	for _, tt := range trickyFiles(f) {
		if len(tt.content) < 100_000 {
			f.Add([]byte(tt.content))
		}
	}
	for _, s := range dialectSeeds(f) {
		f.Add([]byte(s))
	}
	withBlockSize(f, 64)
	bucketer, err := period.NewBucketer("Europe/Stockholm")
	if err != nil {
		f.Fatal(err)
	}
	cfg := Config{Bucketer: bucketer, Country: "SE"}
	// The same bytes as a file without a header (its first line is data),
	// with a column named by the setting.
	headerless := cfg
	var err2 error
	if headerless.Headers, err2 = ParseHeaders([]string{"timestamp,country,n"}); err2 != nil {
		f.Fatal(err2)
	}
	if headerless.Columns, err2 = ParseColumnMap([]string{"count=n"}); err2 != nil {
		f.Fatal(err2)
	}
	naiveUTC := naiveUTCConfig(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, kind := range Kinds {
			compareReaders(t, "fuzz.csv", data, kind, cfg)
		}
		compareReaders(t, "fuzz.csv", data, Transactions, headerless)
		compareReaders(t, "fuzz.csv", data, Transactions, naiveUTC)
	})
}

// trickyFiles are files made to trip the fast path: each is a header and
// rows, with the line that matters repeated around so that it lands
// mid-file, in a block other than the first.
func trickyFiles(t testing.TB) []struct{ name, content string } {
	const tx = "timestamp,country,amount\n"
	clean := strings.Repeat("2019-03-14T09:30:00+01:00,SE,100\n2019-03-31T22:30:00Z,NO,5\n", 40)
	far := strings.Repeat("2019-01-31T23:30:00Z,SE,1\n", 3000) // past the decoder's 64 KiB window
	bigLine := "2019-03-14,SE," + strings.Repeat("x", maxRecordBytes+10) + "\n"
	utf16le, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(tx + clean + "2019-04-01,ÅL,1\n" + clean)
	if err != nil {
		t.Fatal(err)
	}
	return append([]struct{ name, content string }{
		{"clean", tx + clean},
		{"no final line break", tx + clean + "2019-05-01T00:00:00+02:00,DK,1"},
		{"final carriage return", tx + clean + "2019-05-01,DK,1\r"},
		{"CRLF", strings.ReplaceAll(tx+clean, "\n", "\r\n")},
		{"CRLF with a stray carriage return", strings.ReplaceAll(tx+clean, "\n", "\r\n") + "2019-05-01,D\rK,1\r\n" + clean},
		{"valid quoted field mid-file", tx + clean + `2019-04-01,"SE",1` + "\n" + clean},
		{"quoted line break mid-file", tx + clean + "2019-04-01,\"S\nE\",1\n" + clean},
		{"unterminated quote mid-file", tx + clean + `2019-04-01,"SE,1` + "\n" + clean},
		{"bare quote mid-file", tx + clean + `2019-04-01,S"E,1` + "\n" + clean},
		{"bad date mid-file, then another", tx + clean + "2019-02-30,SE,1\n" + clean + "2019-13-01,SE,1\n" + clean},
		{"bad time of day", tx + clean + "2019-03-14T24:00:00Z,SE,1\n" + clean},
		{"bad offset", tx + clean + "2019-03-14T10:00:00+25:00,SE,1\n" + clean},
		{"comma fraction splits the field", tx + clean + "2019-03-14T09:30:00,5Z,SE,1\n" + clean},
		{"ragged: an extra value", tx + clean + "2019-04-01,SE,1,oops\n" + clean},
		{"ragged: a short row", tx + clean + "2019-04-01,SE\n" + clean},
		{"ragged: extra blank fields", tx + clean + "2019-04-01,SE,1,, \t,\n" + clean},
		{"blank rows and empty lines", tx + clean + ",,\n  , ,\t\n\n\r\n" + clean},
		{"a row of spaces", tx + clean + "   \n" + clean},
		{"Excel padding rows mid-file", strings.ReplaceAll(tx+clean, ",", ";") + ";;\r\n;;\r\n" + strings.ReplaceAll(clean, ",", ";")},
		{"empty period", tx + clean + ",SE,1\n" + clean},
		{"empty country", tx + clean + "2019-04-01, ,1\n" + clean},
		{"country case and spaces", tx + clean + "2019-04-01, se ,1\n2019-04-01,Se,1\n2019-04-01,\tSE\t,1\n" + clean},
		{"country beyond ASCII", tx + clean + "2019-04-01,SÉ,1\n2019-04-01,\u00a0SE,1\n" + clean},
		{"long country names", tx + clean + "2019-04-01,united kingdom of great britain,1\n2019-04-01,Sverige,1\n" + clean},
		{"three-letter country code", tx + clean + "2019-04-01,SWE,1\n" + clean},
		{"country codes in every case", tx + "2019-04-01,se,1\n2019-04-01,sE,1\n2019-04-01,Se,1\n2019-04-01, SE\t,1\n" + clean},
		{"many countries", tx + manyCountries(40) + clean},
		{"control bytes in a country", tx + clean + "2019-04-01,S\x01E,1\n" + clean},
		{"NUL bytes past the sniffed window", tx + far + "2019-04-01,SE\x00,1\n" + clean},
		{"NUL byte in a value nobody reads", tx + far + "2019-04-01,SE,1\x00\n" + clean},
		{"NUL byte in a value nobody reads, last line", tx + clean + "2019-04-01,SE,\x00"},
		{"control characters in a period", tx + clean + "2019-04-01\x1b,SE,1\n" + clean + "\v2019-04-01,SE,1\n2019-04-01\f,SE,1\n2019-04-01\r,SE,1\n" + clean},
		{"control characters in a country", tx + clean + "2019-04-01,SE\x7f,1\n2019-04-01,\vSE,1\n2019-04-01,S\u009bE,1\n2019-04-01,SE\u0085,1\n" + clean},
		{"escape sequence in a value nobody reads", tx + clean + "2019-04-01,SE,\x1b]0;pwned\x07\x1b[31mEVIL\n" + clean},
		{"count rows, control characters around the count", "month,country,count\n2019-01,SE,1\n2019-01,SE,\v2\n2019-01,SE,3\f\n2019-01,SE,\t4\t\n2019-01,SE,5\x1b\n"},
		{"count rows, a C1 control after the count", "month,country,count\n2019-01,SE,1\n2019-01,SE,2\u0085\n"},
		{"naive timestamps", tx + "2019-01-31 22:59:59,SE,1\n2019-01-31 23:00:00,SE,1\n2019-01-31T23:30:00.5,SE,1\n2019-02-14 00:00:00,SE,1\n" +
			"2019-02-14 00:00:00.000,SE,1\n2019-02-14T00:00:00,SE,1\n2019-02-14 00:00:01,SE,1\n2019-03-01 00:00:00,SE,1\n2019-03-31 01:30:00,SE,1\n" +
			"2019-10-27 02:30:00,SE,1\n2019-12-31 23:59:59.999999,SE,1\n" + clean + "2019-06-15 12:00:00,SE,1\n2019-06-15 00:00,SE,1\n"},
		{"periods of every form", tx + "2019-03,SE,1\n2019-03-14,SE,1\n2019-03-14 09:30,SE,1\n2019-03-14t09:30:00.123456z,SE,1\n2019-03-31T23:30:00+0100,SE,1\n2019-03-31 22:59:59.9-01:00,SE,1\n" + clean},
		{"periods with spaces", tx + " 2019-03-14 ,SE,1\n\t2019-03 ,SE,1\n\u00a02019-03,SE,1\n" + clean},
		{"months years apart", tx + "1999-12-31T23:30:00Z,SE,1\n2030-06-01,SE,1\n1850-06-30T23:30:00Z,SE,1\n2250-01-31T23:30:00Z,SE,1\n0000-01,SE,1\n" + clean},
		{"a line longer than the record limit", tx + clean + bigLine + clean},
		{"windows-1252 letter past the window", "timestamp,country,note\n" + far + "2019-04-01,SE,\xe5\n" + clean},
		{"utf-8 letter past the window", "timestamp,country,note\n" + far + "2019-04-01,SE,å\n" + clean},
		{"windows-1252 header", "timestamp,country,belopp \xf6re\n" + clean + "2019-04-01,SE,\xe5\n" + clean},
		{"invalid utf-8 after a valid window", "timestamp,country,note\n2019-04-01,SE,å\n" + far + "2019-04-01,SE,\xff\n" + clean},
		{"utf-8 after a windows-1252 window", "timestamp,country,note\n2019-04-01,SE,\xe5\n" + far + "2019-04-01,SE,å\n" + clean},
		{"utf-8 and windows-1252 in the window", "timestamp,country,note\n2019-04-01,SE,å\n" + clean + "2019-04-01,SE,\xe5\n" + clean},
		{"utf-16", utf16le},
		{"gzip", gzipped(t, tx+clean+"2019-02-30,SE,1\n"+clean)},
		{"zstd", zstded(t, tx+clean)},
		{"sep= line, semicolons", "sep=;\n" + strings.ReplaceAll(tx+clean+"2019-13,SE,1\n", ",", ";")},
		{"tabs", strings.ReplaceAll(tx+clean+"2019-04-01\tSE\t1\textra\n", ",", "\t")},
		{"byte-order mark", "\uFEFF" + tx + clean},
		{"blank lines before the header", "\n\n" + tx + clean + "2019-02-30,SE,1\n"},
		{"quoted header", `"timestamp","country"` + "\n" + clean},
		{"header with a quoted line break", "\"time\nstamp\",timestamp,country\n" + "x,2019-04-01,SE\n" + clean},
		{"header with a trailing delimiter", "timestamp,country,\n2019-04-01,SE\n2019-04-01,SE,\n2019-04-01,SE,,\n2019-04-01\n" + clean},
		{"header with an empty name inside", "timestamp,,country\n2019-04-01,x,SE\n2019-04-01,,SE\n"},
		{"duplicate columns", "timestamp,country,country,timestamp\n2019-04-01,SE,NO,2019-05-01\n"},
		{"no country column", "date,amount\n2019-04-01,5\n2019-04-02,6\n"},
		{"one column", "month\n2019-04\n\n 2019-05\n  \n"},
		{"count rows", "month,country,transactions\n2019-01,SE,4286139\n2019-01,SE, 007\n2019-01,SE,010\n2019-02,SE,0\n2019-03,NO,\u00a012\n"},
		{"count rows, bad counts", "month,country,transactions\n2019-01,SE,1\n2019-01,SE,1.5\n"},
		{"count rows, negative", "month,country,count\n2019-01,SE,1\n2019-01,SE,-1\n"},
		{"count rows, empty", "month,country,count\n2019-01,SE,1\n2019-01,SE,\n"},
		{"count rows, too large", "month,country,count\n2019-01,SE,99999999999999999999\n"},
		{"count rows, nineteen digits", "month,country,count\n2019-01,SE,1000000000000000000\n2019-01,SE,0000000000000000001\n"},
		{"count rows that overflow their sum", "month,country,count\n2019-01,SE,9223372036854775807\n2019-02,SE,1\n2019-03,SE,x\n"},
		{"count rows that overflow a month", "month,country,count\n2019-01,SE,9223372036854775807\n2019-01,SE,9223372036854775807\n2019-03,SE,1\n"},
		{"count rows that overflow twice", "month,country,count\n" + strings.Repeat("2019-01,SE,9223372036854775807\n", 3)},
		{"count rows that overflow across blocks", "month,country,count\n2019-01,SE,9223372036854775000\n" + strings.Repeat("2019-02,SE,100\n", 20)},
	}, trickyKindFiles(t)...)
}

// manyCountries is rows of 2n country codes, half of them in lower case.
func manyCountries(n int) string {
	var b strings.Builder
	for i := range n {
		j := i + n
		fmt.Fprintf(&b, "2019-04-01,%c%c,1\n2019-04-01,%c%c,1\n", 'A'+i%26, 'A'+i/26, 'a'+j%26, 'A'+j/26)
	}
	return b.String()
}

// TestFastEqualsGeneralOnBareQuotes: a stray quote past the first rows,
// in a regular file (whose field is read again for its value), is the same
// error (line, column, name, value) whether the fast path read the lines
// before it and handed over or the general reader read them all.
func TestFastEqualsGeneralOnBareQuotes(t *testing.T) {
	const tx = "timestamp,country,amount\n"
	rows := strings.Repeat("2019-03-14T09:30:00+01:00,SE,100\n", 4998) // lines 2 to 4999
	far := strings.Repeat("2019-01-31T23:30:00Z,SE,1\n", 3000)         // past the decoder's 64 KiB window
	const bad = `2019-04-01T10:00:00+02:00,SE,1"00` + "\n"             // line 5000
	purchases := tx + rows + bad + rows
	want := `in.csv:5000: column 3 (amount): "1\"00": a quote inside an unquoted field`
	tests := []struct{ name, content, want string }{
		{"purchases, line 5000", purchases, want},
		{"purchases, line 5000, CRLF", strings.ReplaceAll(purchases, "\n", "\r\n"), want},
		{"purchases, line 5000, semicolons", strings.ReplaceAll(purchases, ",", ";"), want},
		{"purchases, line 5000, gzip", gzipped(t, purchases), want},
		{"purchases, line 5000, zstd", zstded(t, purchases), want},
		{"a quoted field before it", tx + rows + `2019-04-01T10:00:00+02:00,"S,E",1"00` + "\n" + rows, want},
		{"windows-1252 letter past the window", "timestamp,country,note\n" + far + "2019-04-01,SE,\xe5\n2019-04-01,SE,\xe5\"x\n",
			`in.csv:3003: column 3 (note): "å\"x": a quote inside an unquoted field`},
		{"utf-8 letter past the window", "timestamp,country,note\n" + far + "2019-04-01,SE,å\n2019-04-01,SE,å\"x\n",
			`in.csv:3003: column 3 (note): "å\"x": a quote inside an unquoted field`},
		{"no header line", rows + bad, `in.csv:4999: column 3 (amount): "1\"00": a quote inside an unquoted field`},
	}
	headerless := testConfig(t)
	var err error
	if headerless.Headers, err = ParseHeaders([]string{"timestamp,country,amount"}); err != nil {
		t.Fatal(err)
	}
	for _, size := range []int{1 << 20, 512} {
		withBlockSize(t, size)
		for _, tt := range tests {
			cfg := testConfig(t)
			if strings.HasPrefix(tt.name, "no header") {
				cfg = headerless
			}
			src := fileSourceOf(t, "in.csv", tt.content)
			_, general := Read(src, Transactions, cfg, func(*Row) error { return nil })
			_, fast := ReadSummed(src, Transactions, cfg, func(*Row) error { return nil })
			if !sameError(general, fast) {
				t.Errorf("%s (blocks of %d): errors differ\ngeneral: %#v\nfast:    %#v", tt.name, size, general, fast)
			}
			if general == nil || general.Error() != tt.want {
				t.Errorf("%s (blocks of %d): error = %v\nwant %s", tt.name, size, general, tt.want)
			}
		}
	}
}

// TestFastPathReadsCleanFilesWhole checks that the differential tests
// exercise the fast path: a clean file is read by it to the end, on every
// core, with the sums counted by hand.
func TestFastPathReadsCleanFilesWhole(t *testing.T) {
	withBlockSize(t, 100)
	content := "timestamp,country,amount\n" + strings.Repeat("2019-01-31T23:30:00Z,se,1\n2019-01-31T22:30:00Z,NO,1\n", 500)
	plan, f := planFor(t, content, Transactions)
	sums := newFileSums()
	got := plan.run(f.fastText(), sums)
	if got.rest != nil {
		t.Fatal("the fast path left a clean file to the general reader")
	}
	if got.lines != 1000 || sums.rows != 1000 {
		t.Fatalf("lines %d, rows %d; want 1000", got.lines, sums.rows)
	}
	counts := map[string]int64{}
	for k, c := range sums.cells {
		counts[plan.names.values[countryNames][k.country()]+" "+k.month().String()] += c.count
	}
	// 23:30Z on 31 January is February in Stockholm, 22:30Z still January.
	want := map[string]int64{"SE 2019-02": 500, "NO 2019-01": 500}
	if !reflect.DeepEqual(counts, want) {
		t.Fatalf("sums %v, want %v", counts, want)
	}
}

// TestFastPathHandsOver checks where the fast path stops: at the start of
// the first line it does not read, in file order, whichever block and
// worker it falls to; the general reader gets the text from there on.
func TestFastPathHandsOver(t *testing.T) {
	row := "2019-03-14T09:30:00+01:00,SE\n"
	tests := []struct {
		name, line  string
		rows        int   // rows in all
		at          []int // rows before the line
		beyondASCII bool
	}{
		{"quote", `2019-03-14,"SE"` + "\n", 300, []int{0, 1, 37, 299}, false},
		{"bad date", "2019-02-30,SE\n", 300, []int{0, 1, 37, 299}, false},
		{"ragged", "2019-03-14,SE,x\n", 300, []int{0, 1, 37, 299}, false},
		{"empty country", "2019-03-14,\n", 300, []int{0, 1, 37, 299}, false},
		// Beyond the window the decoder looks at first, the first byte
		// beyond ASCII (it goes on through a decoder: sumRows).
		{"a byte beyond ASCII", "2019-03-14,S\xc3\xa5\n", 3000, []int{2300, 2999}, true},
		// A quote first: the general reader's (which decodes the line).
		{"a quote before a byte beyond ASCII", "2019-03-14,\"S\xc3\xa5\n", 3000, []int{2300, 2999}, false},
	}
	for _, tt := range tests {
		for _, at := range tt.at {
			withBlockSize(t, 150)
			body := strings.Repeat(row, at) + tt.line + strings.Repeat(row, tt.rows-at) + tt.line
			plan, f := planFor(t, "timestamp,country\n"+body, Transactions)
			text := f.fastText()
			plan.undecided = text.undecided
			sums := newFileSums()
			got := plan.run(text, sums)
			if got.rest == nil || got.lines != at || sums.rows != int64(at) || got.beyondASCII != tt.beyondASCII {
				t.Fatalf("%s after %d rows: lines %d, rows %d, rest %v, beyond ASCII %v", tt.name, at, got.lines, sums.rows, got.rest != nil, got.beyondASCII)
			}
			rest, err := io.ReadAll(got.rest)
			if err != nil || string(rest) != body[len(row)*at:] {
				t.Fatalf("%s after %d rows: the rest is %.40q…, %v", tt.name, at, rest, err)
			}
		}
	}
}

// planFor opens content and reads its header, as Read does.
func planFor(t *testing.T, content string, kind Kind) (*fastPlan, *CSVFile) {
	t.Helper()
	f, err := OpenCSV(stringSource("in.csv", content), 0, EncodingAuto)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	header, err := f.Read()
	if err != nil {
		t.Fatal(err)
	}
	cols, err := bind("in.csv", kind, header, f.Line(0), f.Dialect().Delimiter)
	if err != nil {
		t.Fatal(err)
	}
	plan := newFastPlan(cols, header, f.Dialect().Delimiter, "SE", testConfig(t).Bucketer)
	if plan == nil {
		t.Fatal("no fast path for the file")
	}
	return plan, f
}

// TestFastPathEligibility lists which files take the fast path: every
// kind; only a delimiter beyond ASCII and a header that spans lines are
// read row by row.
func TestFastPathEligibility(t *testing.T) {
	tests := []struct {
		header    string
		kind      Kind
		delimiter rune
		fast      bool
	}{
		{"timestamp,country,order_id", Transactions, ',', true},
		{"month,country,transactions", Transactions, ',', true},
		{"date", Transactions, ',', true},
		{"date,country,complaints", Complaints, ',', true},
		{"date,country,channel", Complaints, ',', true},
		{"date,category", Complaints, ',', true},
		{"month,country,channel,category,complaints", Complaints, ',', true},
		{"timestamp,score", Surveys, ',', true},
		{"month,score,responses", Surveys, ',', true},
		{"date,country", Transactions, '§', false},
		{"time\nstamp,date,country", Transactions, ',', false},
	}
	for _, tt := range tests {
		header := strings.Split(tt.header, ",")
		cols, err := bind("in.csv", tt.kind, header, 1, tt.delimiter)
		if err != nil {
			t.Fatal(err)
		}
		if got := newFastPlan(cols, header, tt.delimiter, "SE", testConfig(t).Bucketer) != nil; got != tt.fast {
			t.Errorf("%q as %s: fast path %v, want %v", tt.header, tt.kind, got, tt.fast)
		}
	}
}

// TestFastPathMemoryIsFlat checks that the fast path allocates per file,
// not per row: ten times the rows, about the same allocations.
func TestFastPathMemoryIsFlat(t *testing.T) {
	cfg := testConfig(t)
	allocs := func(rows int) float64 {
		return testing.AllocsPerRun(2, func() {
			src := Source{Name: "gen.csv", Open: func() (io.ReadCloser, error) { return io.NopCloser(&generated{rows: rows}), nil }}
			stats, err := ReadSummed(src, Transactions, cfg, func(*Row) error { return nil })
			if err != nil || stats.Rows != int64(rows) {
				t.Fatalf("rows %d, err %v", stats.Rows, err)
			}
		})
	}
	small, large := allocs(20_000), allocs(200_000)
	if large > small+50 || large > 500 {
		t.Errorf("%.0f allocations for 20,000 rows, %.0f for 200,000: they grow with the rows", small, large)
	}
}

// TestDecoderDirectReads checks the decoder's reads straight into a large
// buffer against its buffered reads: the same text and the same encoding,
// wherever the first byte beyond ASCII falls (at the start, at the 64 KiB
// window's edges, at the end) and however the stream ends.
func TestDecoderDirectReads(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ascii := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('a' + rng.IntN(26))
		}
		return string(b)
	}
	var cases []string
	for _, at := range []int{0, 1, bufferSize - 1, bufferSize, bufferSize + 1, 3*bufferSize - 2} {
		for _, letter := range []string{"å", "\xe5", "\xc3"} { // UTF-8, Windows-1252, a cut UTF-8 sequence
			for _, after := range []int{0, 5, bufferSize - 2, bufferSize, 2 * bufferSize} {
				cases = append(cases, ascii(at)+letter+ascii(after), ascii(at)+letter+ascii(after)+"\xff")
			}
		}
	}
	cases = append(cases, ascii(3*bufferSize), "")
	for i, s := range cases {
		direct, encDirect, errDirect := decodeAll(s, 1<<20)
		buffered, encBuffered, errBuffered := decodeAll(s, 100)
		if direct != buffered || encDirect != encBuffered || fmt.Sprint(errDirect) != fmt.Sprint(errBuffered) {
			t.Fatalf("case %d (%d bytes): direct reads give %d bytes, %s, %v; buffered %d bytes, %s, %v",
				i, len(s), len(direct), encDirect, errDirect, len(buffered), encBuffered, errBuffered)
		}
	}
}

func decodeAll(s string, readSize int) (string, Encoding, error) {
	a := &autoDecoder{in: bufio.NewReaderSize(strings.NewReader(s), bufferSize), file: "in.csv", eol: '\n', line: 1}
	var out strings.Builder
	p := make([]byte, readSize)
	for {
		n, err := a.Read(p)
		out.Write(p[:n])
		if err == io.EOF {
			return out.String(), a.encoding(), nil
		}
		if err != nil {
			return out.String(), a.encoding(), err
		}
	}
}

// TestCountWord checks the count cells read a word at a time against
// parseCountBytes on the cell marks.fieldEnd finds: every length of digits,
// each ending of a cell, and the cells it must leave to parseCountBytes.
func TestCountWord(t *testing.T) {
	cells := []string{"0", "7", "007", "42", "886", "1895", "65535", "999999", "9999999", "12345678", "0000000",
		"", " 12", "12 ", "1x", "-1", "+1", "1.5", "1\x00", "١٢"}
	endings := []string{",", "\n", "\r\n", "\r", "\rx", ",9", "", "\n2019-01-01,SE,ST1,5\n"}
	for _, cell := range cells {
		for _, ending := range endings {
			for _, pad := range []string{"", "        "} { // with and without room for a word
				data := []byte(cell + ending + pad)
				var m marks
				m.mark(data, ',')
				n, e, ok := countWord(data, 0, ',')
				if !ok {
					continue
				}
				wantE := m.fieldEnd(0)
				want, reason := parseCountBytes(cellAt(data, 0, wantE))
				if reason != "" || n != want || e != wantE {
					t.Errorf("countWord(%q) = %d, %d; parseCountBytes: %d (%s), cell ends at %d", data, n, e, want, reason, wantE)
				}
			}
		}
	}
	// The usual cells are read a word at a time.
	for _, data := range []string{"886\n2019-01-01", "1895,SE,xxxx", "0\r\n2019-01-01", "1234567\n\n"} {
		if _, _, ok := countWord([]byte(data), 0, ','); !ok {
			t.Errorf("countWord(%q) left it to parseCountBytes", data)
		}
	}
}

// TestFileSumsEmitOrder checks that the sums come out by country, month,
// channel, category and score, the names in string order, whatever order
// the workers met them in.
func TestFileSumsEmitOrder(t *testing.T) {
	n := newNames()
	id := func(col int, v string) int32 {
		i, _ := n.id(col, v)
		return i
	}
	// Met in an order that is not the names' order.
	se, dk := id(countryNames, "SE"), id(countryNames, "DK")
	web, arn := id(channelNames, "web"), id(channelNames, "arn")
	lan, kort := id(categoryNames, "Lån"), id(categoryNames, "Kort")
	jan, feb := period.MonthOf(2019, 1), period.MonthOf(2019, 2)
	sums := newFileSums()
	for i, k := range []fastKey{
		makeKey(feb, se, arn, kort, 0), makeKey(jan, se, web, kort, 0), makeKey(jan, se, arn, lan, 0),
		makeKey(jan, se, arn, kort, 5), makeKey(jan, se, arn, kort, 1), makeKey(feb, dk, web, lan, 0),
	} {
		sums.cells[k] = &cell{count: int64(i + 1)}
	}
	var got []string
	if err := sums.emit(n, func(r *Row) error {
		got = append(got, fmt.Sprintf("%s %s %s %s %d %d", r.Country, r.Month, r.Channel, r.Category, r.Score, r.Count))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"DK 2019-02 web Lån 0 6",
		"SE 2019-01 arn Kort 1 5", "SE 2019-01 arn Kort 5 4", "SE 2019-01 arn Lån 0 3", "SE 2019-01 web Kort 0 2",
		"SE 2019-02 arn Kort 0 1",
	}
	if !slices.Equal(got, want) {
		t.Errorf("emitted\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

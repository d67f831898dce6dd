package input

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/nollmission/nollmission/pkg/period"
)

// swedishRows are the cells of a small complaints export with what makes
// dialects hard: Swedish letters, a delimiter inside a quoted field, a line
// break inside a quoted field.
var swedishRows = [][]string{
	{"month", "country", "channel", "category", "complaints"},
	{"2019-01", "SE", "Allmänna reklamationsnämnden", "avgift, hög; igen", "3"},
	{"2019-02", "se", "kundtjänst", "faktura\nsaknas", "2"},
}

// swedishWant is what every dialect of swedishRows reads as, by hand: ARN
// and customer service by their aliases, the category lower-cased with its
// line break folded.
var swedishWant = []Row{
	{Month: period.MonthOf(2019, 1), Country: "SE", Channel: "arn", Category: "avgift, hög; igen", Count: 3},
	{Month: period.MonthOf(2019, 2), Country: "SE", Channel: "customer_service", Category: "faktura saknas", Count: 2},
}

// render writes rows as CSV text: fields that hold the delimiter, a quote,
// a ',' or ';' or a line break are quoted.
func render(rows [][]string, delimiter, eol string, trailing bool) string {
	var b strings.Builder
	for _, row := range rows {
		for i, cell := range row {
			if i > 0 {
				b.WriteString(delimiter)
			}
			if strings.ContainsAny(cell, delimiter+"\",;\n\r") {
				cell = `"` + strings.ReplaceAll(cell, `"`, `""`) + `"`
			}
			b.WriteString(cell)
		}
		if trailing {
			b.WriteString(delimiter)
		}
		b.WriteString(eol)
	}
	return b.String()
}

func gzipped(t testing.TB, s string) string {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func zstded(t testing.TB, s string) string {
	w, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	return string(w.EncodeAll([]byte(s), nil))
}

func windows1252(t testing.TB, s string) string {
	t.Helper()
	out, err := charmap.Windows1252.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func utf16(t testing.TB, s string, e unicode.Endianness) string {
	t.Helper()
	out, err := unicode.UTF16(e, unicode.UseBOM).NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func readWith(t *testing.T, content string, delimiter rune, enc Encoding) ([]Row, FileStats, error) {
	t.Helper()
	cfg := testConfig(t)
	cfg.Delimiter, cfg.Encoding = delimiter, enc
	var rows []Row
	stats, err := Read(stringSource("in.csv", content), Complaints, cfg, func(r *Row) error {
		rows = append(rows, *r)
		return nil
	})
	return rows, stats, err
}

func TestDialects(t *testing.T) {
	comma := render(swedishRows, ",", "\n", false)
	excel := "\uFEFF" + render(swedishRows, ";", "\r\n", false) // Swedish Excel, CSV UTF-8
	// A file whose first non-ASCII letter comes after more than the sniffing
	// window of ASCII rows is still decoded as Windows-1252.
	var padding strings.Builder
	for padding.Len() <= bufferSize {
		padding.WriteString("2019-01,SE,kundservice,x,0\n")
	}
	far := render(swedishRows[:1], ",", "\n", false) + padding.String() + render(swedishRows[1:], ",", "\n", false)

	tests := []struct {
		name      string
		content   string
		delimiter rune     // override; 0 detects
		encoding  Encoding // override; "" detects
		want      Dialect
	}{
		{"comma LF", comma, 0, "", Dialect{',', UTF8, Uncompressed}},
		{"semicolon BOM CRLF", excel, 0, "", Dialect{';', UTF8, Uncompressed}},
		{"tab", render(swedishRows, "\t", "\n", false), 0, "", Dialect{'\t', UTF8, Uncompressed}},
		{"pipe asked for", render(swedishRows, "|", "\n", false), '|', "", Dialect{'|', UTF8, Uncompressed}},
		{"windows-1252 semicolon CRLF", windows1252(t, render(swedishRows, ";", "\r\n", false)), 0, "", Dialect{';', Windows1252, Uncompressed}},
		{"windows-1252 far down", windows1252(t, far), 0, "", Dialect{',', Windows1252, Uncompressed}},
		{"windows-1252 asked for", windows1252(t, comma), 0, Windows1252, Dialect{',', Windows1252, Uncompressed}},
		{"utf-8 asked for", excel, 0, UTF8, Dialect{';', UTF8, Uncompressed}},
		{"Excel sep= line", "sep=;\r\n" + render(swedishRows, ";", "\r\n", false), 0, "", Dialect{';', UTF8, Uncompressed}},
		{"quoted sep= line", "\"sep=|\"\n" + render(swedishRows, "|", "\n", false), 0, "", Dialect{'|', UTF8, Uncompressed}},
		{"trailing delimiter on every line", render(swedishRows, ";", "\r\n", true), 0, "", Dialect{';', UTF8, Uncompressed}},
		{"trailing delimiter on the header only", strings.Replace(comma, "\n", ",\n", 1), 0, "", Dialect{',', UTF8, Uncompressed}},
		{"Excel padding rows", excel + ";;;;\r\n;;;;\r\n", 0, "", Dialect{';', UTF8, Uncompressed}},
		{"classic Mac line ends", strings.ReplaceAll(render(swedishRows, ";", "\n", false), "\n", "\r"), 0, "", Dialect{';', UTF8, Uncompressed}},
		{"UTF-16LE tab (Excel Unicode Text)", utf16(t, render(swedishRows, "\t", "\r\n", false), unicode.LittleEndian), 0, "", Dialect{'\t', UTF16LE, Uncompressed}},
		{"UTF-16BE", utf16(t, comma, unicode.BigEndian), 0, "", Dialect{',', UTF16BE, Uncompressed}},
		{"gzip", gzipped(t, excel), 0, "", Dialect{';', UTF8, Gzip}},
		{"zstd", zstded(t, comma), 0, "", Dialect{',', UTF8, Zstd}},
		{"zstd of windows-1252 semicolon", zstded(t, windows1252(t, render(swedishRows, ";", "\r\n", false))), 0, "", Dialect{';', Windows1252, Zstd}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, stats, err := readWith(t, tt.content, tt.delimiter, tt.encoding)
			if err != nil {
				t.Fatal(err)
			}
			if tt.name == "windows-1252 far down" {
				rows = append(rows[:0], rows[len(rows)-2:]...) // the padding rows count 0
			}
			if len(rows) != len(swedishWant) {
				t.Fatalf("got %d rows, want %d: %+v", len(rows), len(swedishWant), rows)
			}
			for i := range swedishWant {
				if rows[i] != swedishWant[i] {
					t.Errorf("row %d = %+v, want %+v", i, rows[i], swedishWant[i])
				}
			}
			got := FileStats{Delimiter: stats.Delimiter, Encoding: stats.Encoding, Compression: stats.Compression}
			want := FileStats{Delimiter: string(tt.want.Delimiter), Encoding: string(tt.want.Encoding), Compression: string(tt.want.Compression)}
			if got != want {
				t.Errorf("dialect = %+v, want %+v", got, want)
			}
		})
	}
}

func TestDetectDelimiter(t *testing.T) {
	tests := []struct {
		head string
		want rune
	}{
		{"month,country,transactions\n", ','},
		{"månad;land;antal\r\n", ';'},
		{"month\tcountry\n", '\t'},
		{"date\n2019-01-01;x;y\n", ','},     // one column: comma; only the header counts
		{`"a;b;c",d` + "\n", ','},           // delimiters inside quotes do not count
		{"\"a\nb;c;d\",e,f\n", ','},         // nor does a line break inside quotes end the header
		{"a,b;c\n", ','},                    // a tie goes to the comma
		{"a;b\tc\td\n", '\t'},               // the most frequent wins
		{"month;country;transactions", ';'}, // no line break at all
		{"", ','},
	}
	for _, tt := range tests {
		if got := detectDelimiter([]byte(tt.head)); got != tt.want {
			t.Errorf("detectDelimiter(%q) = %q, want %q", tt.head, got, tt.want)
		}
	}
}

func TestParseDialectFlags(t *testing.T) {
	delims := map[string]rune{"": 0, "auto": 0, ",": ',', "comma": ',', ";": ';', "Semicolon": ';', "tab": '\t', `\t`: '\t', "\t": '\t', "|": '|', "pipe": '|'}
	for in, want := range delims {
		if got, err := ParseDelimiter(in); err != nil || got != want {
			t.Errorf("ParseDelimiter(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"colon", ":", "  ", "\"", ",,"} {
		if _, err := ParseDelimiter(bad); err == nil {
			t.Errorf("ParseDelimiter(%q) accepted", bad)
		}
	}
	encs := map[string]Encoding{"": EncodingAuto, "auto": EncodingAuto, "UTF-8": UTF8, "utf8": UTF8, "cp1252": Windows1252,
		"windows-1252": Windows1252, "latin1": Windows1252, "ISO-8859-1": Windows1252, "utf-16le": UTF16LE, "utf-16be": UTF16BE}
	for in, want := range encs {
		if got, err := ParseEncoding(in); err != nil || got != want {
			t.Errorf("ParseEncoding(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"ebcdic", "utf-32", "ascii7"} {
		if _, err := ParseEncoding(bad); err == nil {
			t.Errorf("ParseEncoding(%q) accepted", bad)
		}
	}
}

func TestDialectErrors(t *testing.T) {
	png := "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
	truncated := gzipped(t, "month,transactions\n2019-01,5\n")
	tests := []struct {
		name    string
		content string
		want    string // the whole message
	}{
		{"empty", "", `in.csv: the file is empty`},
		{"only a BOM", "\uFEFF", `in.csv: the file is empty`},
		{"only blank lines", "\r\n\n\r\n", `in.csv: the file is empty`},
		{"only a sep= line", "sep=;\r\n", `in.csv: the file is empty`},
		{"gzip of nothing", gzipped(t, ""), `in.csv: the file is empty`},
		{"UTF-16 BOM only", "\xff\xfe", `in.csv: the file is empty`},
		// A stray NUL is refused on its line, in a value nobody reads too
		// (transactions is no column of complaints), and past the first
		// 64 KiB; in a value read, with its column.
		{"NUL bytes", "month,transactions\n2019-01,\x00\x00\n", `in.csv:2: a NUL byte, which no text holds`},
		{"NUL bytes far down", "month,note\n" + strings.Repeat("2019-01,a\n", 10000) + "2019-01,a\x00\n2019-02,a\n", `in.csv:10002: a NUL byte, which no text holds`},
		{"NUL bytes in a quoted field", "month,note\n2019-01,\"a\nb\x00\nc\"\n", `in.csv:3: a NUL byte, which no text holds`},
		{"NUL byte in a value read", "month,complaints\n2019-01,1\x00\n", `in.csv:2: column 2 (complaints): "1\x00": a control character (U+0000 NUL) in the value`},
		{"many NUL bytes", "month\n" + strings.Repeat("\x00", 40), `in.csv: not a CSV text file: it looks like binary data (it has NUL bytes or control characters)`},
		{"control characters", strings.Repeat("\x01\x02\x03a", 10), `in.csv: not a CSV text file: it looks like binary data (it has NUL bytes or control characters)`},
		{"PNG", png, `in.csv: not a CSV text file: it looks like a PNG image`},
		{"xlsx cut short", "PK\x03\x04\x14\x00\x00\x00\x08\x00", `in.csv: a zip archive or .xlsx workbook that cannot be opened: zip: not a valid zip file`},
		{"gzipped Parquet", gzipped(t, "PAR1\x15\x00"), `in.csv: a Parquet file compressed with gzip`},
		{"binary inside gzip", gzipped(t, png), `in.csv: not a CSV text file: it looks like a PNG image`},
		{"truncated gzip", truncated[:len(truncated)-6], `in.csv: the gzip data ends early`},
		{"bad gzip header", "\x1f\x8b\x00\x00garbage", `in.csv: the gzip data is damaged: gzip: invalid header`},
		{"damaged zstd", "\x28\xb5\x2f\xfd" + strings.Repeat("\xff", 20), `in.csv: the zstd data is damaged`},
		{"bad sep= line", "sep=:\nmonth:transactions\n", `in.csv:1: column 1: "sep=:": the sep= line names no delimiter that can be read`},
		// Line numbers stay physical after a sep= line and a multi-line field.
		{"line after sep= and multi-line field", "sep=;\r\nmonth;category;complaints\r\n2019-01;\"a\r\nb\";1\r\n2019-02;c;-1\r\n",
			`in.csv:5: column 3 (complaints): "-1": negative count`},
		{"unterminated quote after sep=", "sep=;\nmonth;category\n2019-01;x\n2019-02;\"open\n2019-03;y\n",
			`in.csv:4: a quoted field starts in this row and is never closed`},
		// Read from a stream, the field's value is gone: its column, and
		// the byte (TestBareQuote reads files).
		{"bare quote", "month,category\n2019-01,ab\"c\n", `in.csv:2: column 2 (category): a quote inside an unquoted field, at byte 11 of the line`},
		{"Windows-1252 value shown decoded", windows1252(t, "month;channel\n2019-01;Konsumentverket\n2019-02;Kundtjänsten\n"),
			`in.csv:3: column 2 (channel): "Kundtjänsten": unknown channel`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, _, err := readWith(t, tt.content, 0, "")
			var de *DataError
			if !errors.As(err, &de) {
				t.Fatalf("error = %v (rows %d), want a DataError", err, len(rows))
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %s\n      want %s", err, tt.want)
			}
			if de.Hint == "" {
				t.Errorf("no hint for %s", err)
			}
		})
	}
}

// TestBareQuote: a quote inside an unquoted field is refused with its
// line, column, name and value, the field as the file writes it, whatever
// the file's dialect; in the header, without a name. From a stream (standard
// input) the value is gone: the column, and the byte of the line.
func TestBareQuote(t *testing.T) {
	const hint = `quote the whole field and double the inner quote: "a ""b"" c"`
	long := strings.Repeat("x", 3*bufferSize) // a line longer than every buffer
	tests := []struct {
		name    string
		content string
		stream  bool   // read as standard input is, not as a file
		header  string // --header: the file has none
		want    string // the whole message
	}{
		{"first column", "month,category\n2019-0\"1,x\n", false, "",
			`in.csv:2: column 1 (month): "2019-0\"1": a quote inside an unquoted field`},
		{"middle column", "month,category,complaints\n2019-01,ab\"c,1\n", false, "",
			`in.csv:2: column 2 (category): "ab\"c": a quote inside an unquoted field`},
		{"last column", "month,category,complaints\n2019-01,x,1\"2\n", false, "",
			`in.csv:2: column 3 (complaints): "1\"2": a quote inside an unquoted field`},
		{"last column, CRLF", "month,category,complaints\r\n2019-01,x,1\"2\r\n", false, "",
			`in.csv:2: column 3 (complaints): "1\"2": a quote inside an unquoted field`},
		{"last column, last line without a line break", "month,category\n2019-01,x\n2019-02,y\"\r", false, "",
			`in.csv:3: column 2 (category): "y\"": a quote inside an unquoted field`},
		{"a quote ending the field", "month,category,complaints\n2019-01,ab\",1\n", false, "",
			`in.csv:2: column 2 (category): "ab\"": a quote inside an unquoted field`},
		{"in the header", "month,cate\"gory\n2019-01,x\n", false, "",
			`in.csv:1: column 2: "cate\"gory": a quote inside an unquoted field`},
		{"first rows fine, far down", "month,category\n" + strings.Repeat("2019-01,x\n", 20000) + "2019-02,a\"b\n", false, "",
			`in.csv:20002: column 2 (category): "a\"b": a quote inside an unquoted field`},
		{"semicolons", "month;category;complaints\n2019-01;a,b\"c;1\n", false, "",
			`in.csv:2: column 2 (category): "a,b\"c": a quote inside an unquoted field`},
		{"sep= line", "sep=;\r\nmonth;category\r\n2019-01;a\"b\r\n", false, "",
			`in.csv:3: column 2 (category): "a\"b": a quote inside an unquoted field`},
		{"a quoted field with the delimiter before it", "month,category,channel\n2019-01,\"a, \"\"b\"\", c\",x\"y\n", false, "",
			`in.csv:2: column 3 (channel): "x\"y": a quote inside an unquoted field`},
		{"after a quoted line break", "month,category,channel\n2019-01,\"a,\nb\",x\"y,\"z\"\n", false, "",
			`in.csv:3: column 3 (channel): "x\"y": a quote inside an unquoted field`},
		{"a line longer than the buffers", "month,note,category\n2019-01," + long + ",a\"b\n", false, "",
			`in.csv:2: column 3 (category): "a\"b": a quote inside an unquoted field`},
		{"classic Mac line ends", "month,category\r2019-01,x\r2019-02,a\"b\r", false, "",
			`in.csv:3: column 2 (category): "a\"b": a quote inside an unquoted field`},
		{"UTF-16", utf16(t, "month;channel;category\r\n2019-01;Kundtjänst;för\"sent\r\n", unicode.LittleEndian), false, "",
			`in.csv:2: column 3 (category): "för\"sent": a quote inside an unquoted field`},
		{"Windows-1252", windows1252(t, "month;channel;category\r\n2019-01;Kundtjänst;för\"sent\r\n"), false, "",
			`in.csv:2: column 3 (category): "för\"sent": a quote inside an unquoted field`},
		{"gzip", gzipped(t, "month,category\n2019-01,x\n2019-02,a\"b\n"), false, "",
			`in.csv:3: column 2 (category): "a\"b": a quote inside an unquoted field`},
		{"zstd", zstded(t, "month,category\n2019-01,x\n2019-02,a\"b\n"), false, "",
			`in.csv:3: column 2 (category): "a\"b": a quote inside an unquoted field`},
		{"no header line", "2019-01,x\n2019-02,a\"b\n", false, "month,category",
			`in.csv:2: column 2 (category): "a\"b": a quote inside an unquoted field`},
		{"standard input", "month,category,complaints\n2019-01,ab\"c,1\n", true, "",
			`in.csv:2: column 2 (category): a quote inside an unquoted field, at byte 11 of the line`},
		{"standard input, gzip", gzipped(t, "month,category\n2019-01,x\n2019-02,a\"b\n"), true, "",
			`in.csv:3: column 2 (category): a quote inside an unquoted field, at byte 10 of the line`},
		{"standard input, in the header", "month,cate\"gory\n2019-01,x\n", true, "",
			`in.csv:1: column 2: a quote inside an unquoted field, at byte 11 of the line`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t)
			if tt.header != "" {
				var err error
				if cfg.Headers, err = ParseHeaders([]string{tt.header}); err != nil {
					t.Fatal(err)
				}
			}
			for _, how := range []struct {
				name string
				read func(Source, Kind, Config, func(*Row) error) (FileStats, error)
			}{{"Read", Read}, {"ReadSummed", ReadSummed}} {
				src := fileSourceOf(t, "in.csv", tt.content)
				if tt.stream {
					src = stringSource("in.csv", tt.content)
				}
				_, err := how.read(src, Complaints, cfg, func(*Row) error { return nil })
				var de *DataError
				if !errors.As(err, &de) {
					t.Fatalf("%s: error = %v, want a DataError", how.name, err)
				}
				if err.Error() != tt.want || de.Hint != hint {
					t.Errorf("%s: error = %s\n  hint %s\nwant %s", how.name, err, de.Hint, tt.want)
				}
			}
		})
	}
}

// TestQuoteNotClosed: csv says the same for a quote left open and for text
// after a closing quote ("ab"c); the two are told apart, the second with
// its column and the field as written.
func TestQuoteNotClosed(t *testing.T) {
	const after = `a quote inside a quoted field is written twice: "a ""b"" c"; or leave the field unquoted`
	const open = "close the quote: without it, everything to line %d is one field"
	tests := []struct {
		name       string
		content    string
		stream     bool
		want, hint string
	}{
		{"text after the quote", "month,category,complaints\n2019-01,\"ab\"c,1\n2019-02,x,1\n", false,
			`in.csv:2: column 2 (category): "\"ab\"c": text after the closing quote of a quoted field`, after},
		{"on the last line", "month,category\n2019-01,\"ab\"c\n", false,
			`in.csv:2: column 2 (category): "\"ab\"c": text after the closing quote of a quoted field`, after},
		{"a delimiter inside the quotes", "month,category,complaints\n2019-01,\"a,b\"c,1\n", false,
			`in.csv:2: column 2 (category): "\"a,b\"c": text after the closing quote of a quoted field`, after},
		{"semicolons, CRLF", "month;category;complaints\r\n2019-01;\"a;b\" ;1\r\n", false,
			`in.csv:2: column 2 (category): "\"a;b\" ": text after the closing quote of a quoted field`, after},
		{"after a quoted line break", "month,category\n2019-01,\"a\nb\"c\n", false,
			`in.csv:3: column 2 (category): text after the closing quote of a quoted field`, after},
		{"gzip", gzipped(t, "month,category\n2019-01,x\n2019-02,\"ab\"c\n"), false,
			`in.csv:3: column 2 (category): "\"ab\"c": text after the closing quote of a quoted field`, after},
		{"never closed", "month,category\n2019-01,\"ab\n2019-02,x\n", false,
			`in.csv:2: a quoted field starts in this row and is never closed`, fmt.Sprintf(open, 3)},
		{"never closed, on the last line", "month,category\n2019-01,\"ab\n", false,
			`in.csv:2: a quoted field starts in this row and is never closed`, fmt.Sprintf(open, 2)},
		{"standard input, more lines after", "month,category\n2019-01,\"ab\"c\n2019-02,x\n", true,
			`in.csv:2: column 2 (category): text after the closing quote of a quoted field`, after},
		{"standard input, never closed", "month,category\n2019-01,\"ab\n2019-02,x\n", true,
			`in.csv:2: a quoted field starts in this row and is never closed`, fmt.Sprintf(open, 3)},
		// The last line of a stream cannot be read again: either.
		{"standard input, the last line", "month,category\n2019-01,\"ab\"c\n", true,
			`in.csv:2: a quoted field starts in this row and is not closed, or has text after its closing quote`,
			`close the quote; a quote inside a quoted field is written twice: "a ""b"" c"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := fileSourceOf(t, "in.csv", tt.content)
			if tt.stream {
				src = stringSource("in.csv", tt.content)
			}
			_, err := Read(src, Complaints, testConfig(t), func(*Row) error { return nil })
			var de *DataError
			if !errors.As(err, &de) {
				t.Fatalf("error = %v, want a DataError", err)
			}
			if err.Error() != tt.want || de.Hint != tt.hint {
				t.Errorf("error = %s\n  hint %s\nwant %s\n  hint %s", err, de.Hint, tt.want, tt.hint)
			}
		})
	}
}

// TestHeaderOnly: a header without rows is no data, in every dialect.
func TestHeaderOnly(t *testing.T) {
	for _, content := range []string{"month,complaints\n", "\uFEFFmonth;complaints\r\n", "sep=;\nmonth;complaints", gzipped(t, "month\tcomplaints\n")} {
		rows, stats, err := readWith(t, content, 0, "")
		if err != nil || len(rows) != 0 || stats.Rows != 0 {
			t.Errorf("%q: %d rows, err %v", content, len(rows), err)
		}
	}
}

func TestRecordGuard(t *testing.T) {
	tests := []struct {
		name  string
		input string
		limit int
		want  string // "" when the input passes
	}{
		{"short records pass", "ab\ncd\n", 3, ""},
		{"a line over the limit", "ab\nabcdefgh\n", 5, "in.csv:2: the line is longer than 5 bytes"},
		{"a record of several short lines over the limit", "a\n\"b\nc\nd\ne\"\n", 5, "in.csv:2: a quoted field that starts on this line runs on for more than 5 bytes"},
		{"doubled quotes do not end the field", "\"a\"\"b\"\"c\nd\"\nok\n", 12, ""},
		{"a closed multi-line field passes", "h\n\"a\nb\"\nnext\n", 5, ""},
		{"no line break at all", strings.Repeat("x", 40), 16, "in.csv:1: the line is longer than 16 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A reader that gives a few bytes at a time crosses chunk boundaries.
			g := &recordGuard{r: &trickle{s: tt.input, n: 3}, file: "in.csv", limit: tt.limit, line: 1, start: 1}
			_, err := io.ReadAll(g)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("error = %q, want %q", got, tt.want)
			}
		})
	}
	// Through Read: a file of one 2 MiB line stops at the limit, naming line 2.
	_, _, err := readWith(t, "month,category\n2019-01,"+strings.Repeat("x", 2<<20)+"\n", 0, "")
	if err == nil || err.Error() != fmt.Sprintf("in.csv:2: the line is longer than %d bytes", maxRecordBytes) {
		t.Errorf("long line: %v", err)
	}
}

// trickle reads n bytes at a time.
type trickle struct {
	s string
	n int
}

func (r *trickle) Read(p []byte) (int, error) {
	if r.s == "" {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), r.n)], r.s)
	r.s = r.s[n:]
	return n, nil
}

// TestStreaming: reading allocates a bounded amount per row (encoding/csv's
// one string per record), not a growing buffer.
func TestStreaming(t *testing.T) {
	const rows = 20000
	allocs := testing.AllocsPerRun(3, func() {
		src := Source{Name: "gen.csv", Open: func() (io.ReadCloser, error) { return io.NopCloser(&generated{rows: rows}), nil }}
		n := int64(0)
		stats, err := Read(src, Transactions, testConfig(t), func(r *Row) error { n += r.Count; return nil })
		if err != nil || stats.Rows != rows || n != rows*7 {
			t.Fatalf("rows %d, sum %d, err %v", stats.Rows, n, err)
		}
	})
	if perRow := allocs / rows; perRow > 1.1 {
		t.Errorf("%.2f allocations per row, want at most encoding/csv's one", perRow)
	}
}

// generated yields a transactions file of count rows without holding it.
type generated struct {
	rows, done int
	pending    []byte
}

var (
	generatedHeader = []byte("date,country,transactions\n")
	generatedRow    = []byte("2019-03-14,SE,7\n")
)

func (g *generated) Read(p []byte) (int, error) {
	if len(g.pending) == 0 {
		switch {
		case g.done == 0 && g.pending == nil:
			g.pending = generatedHeader
		case g.done < g.rows:
			g.pending = generatedRow
			g.done++
		default:
			return 0, io.EOF
		}
	}
	n := copy(p, g.pending)
	g.pending = g.pending[n:]
	return n, nil
}

func BenchmarkRead(b *testing.B) {
	const rows = 100000
	b.ReportAllocs()
	for b.Loop() {
		src := Source{Name: "gen.csv", Open: func() (io.ReadCloser, error) { return io.NopCloser(&generated{rows: rows}), nil }}
		if _, err := Read(src, Transactions, benchConfig(b), func(*Row) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

func benchConfig(b *testing.B) Config {
	bk, err := period.NewBucketer("Europe/Stockholm")
	if err != nil {
		b.Fatal(err)
	}
	return Config{Bucketer: bk, Country: "SE"}
}

// zstdFrame is a zstd frame of one raw block holding text, whose header
// asks for a window of 1<<windowLog bytes, as zstd --long=N writes when it
// does not know the size of what it compresses (from a pipe).
func zstdFrame(windowLog int, text string) string {
	frame := []byte{0x28, 0xb5, 0x2f, 0xfd, 0x00, byte(windowLog-10) << 3}
	header := uint32(len(text))<<3 | 1 // a raw block, the last
	frame = append(frame, byte(header), byte(header>>8), byte(header>>16))
	return string(append(frame, text...))
}

// TestZstdLongWindows: zstd streams written with --long (windows above
// 8 MiB, up to 2 GiB) are read; a frame that asks for more is refused
// saying so, not called damaged.
func TestZstdLongWindows(t *testing.T) {
	text := "month,complaints\n2019-01,5\n"
	for _, windowLog := range []int{23, 27, 28, 31} {
		rows, stats, err := readWith(t, zstdFrame(windowLog, text), 0, "")
		if err != nil || len(rows) != 1 || rows[0].Count != 5 || stats.Compression != "zstd" {
			t.Errorf("a window of 2^%d: %v rows, %+v, %v", windowLog, rows, stats, err)
		}
	}
	_, _, err := readWith(t, zstdFrame(32, text), 0, "")
	var de *DataError
	if !errors.As(err, &de) || err.Error() != "in.csv: the zstd data asks for a window of more than 2 GiB, the most that is read" ||
		!strings.Contains(de.Hint, "--long=31") {
		t.Errorf("a window of 4 GiB: %v", err)
	}
}

// TestUTF16WithoutBOM: UTF-16 text without a byte-order mark (as some
// exports write it) is told by its NUL bytes and read as the text it is,
// in both byte orders, Swedish letters, CRLF and compression too; binary
// data with NUL bytes is not taken for it, and its hint names the flag.
func TestUTF16WithoutBOM(t *testing.T) {
	text := render(swedishRows, ";", "\r\n", false)
	for _, e := range []struct {
		endian unicode.Endianness
		name   Encoding
	}{{unicode.LittleEndian, UTF16LE}, {unicode.BigEndian, UTF16BE}} {
		noBOM, err := unicode.UTF16(e.endian, unicode.IgnoreBOM).NewEncoder().String(text)
		if err != nil {
			t.Fatal(err)
		}
		for name, content := range map[string]string{"plain": noBOM, "gzip": gzipped(t, noBOM)} {
			rows, stats, err := readWith(t, content, 0, "")
			if err != nil || !equalRows(rows, swedishWant) || stats.Encoding != string(e.name) || stats.Delimiter != ";" {
				t.Errorf("%s %s: %+v, %+v, %v", e.name, name, rows, stats, err)
			}
		}
	}
	tests := []struct {
		sample string
		want   Encoding
	}{
		{"m\x00o\x00n\x00t\x00h\x00\n\x00", UTF16LE},
		{"\x00m\x00o\x00n\x00t\x00h\x00\n", UTF16BE},
		{"k\x00\xf6\x00p\x00", UTF16LE}, // köp
		{"month\n", ""},
		{"m\x00", ""},                                            // too short to tell
		{strings.Repeat("m\x00o\x00", 50) + "\x00\x00", UTF16LE}, // a NUL character among a hundred
		{"\x01\x00\x02\x00\x03\x00\x04\x00", ""},                 // control characters, not text
		{"\x00\x00\x00\x00m\x00o\x00", ""},                       // NULs on both sides
		{"m\x00o\x00n\x00\xe5\x00\x00", UTF16LE},                 // an odd length
	}
	for _, tt := range tests {
		if got := utf16WithoutBOM([]byte(tt.sample)); got != tt.want {
			t.Errorf("utf16WithoutBOM(%q) = %q, want %q", tt.sample, got, tt.want)
		}
	}
	_, _, err := readWith(t, "month\n"+strings.Repeat("\x00\x01\x02\x03", 10), 0, "")
	var de *DataError
	if !errors.As(err, &de) || !strings.Contains(de.Hint, "--encoding utf-16le") {
		t.Errorf("binary data: %v, hint %q", err, de.Hint)
	}
}

func equalRows(a, b []Row) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestMixedEncodings: a file whose encoding was detected (UTF-8, or
// Windows-1252 when its bytes are not UTF-8) and that holds the other
// encoding too, far down or within the bytes the encoding is decided on,
// is an error naming the line of the other encoding and the line that
// decided, not letters turned to nonsense. A value read with the fault in
// it is refused with its column; a Windows-1252 file of the usual Swedish
// text, and a file read with --encoding, are read as before.
func TestMixedEncodings(t *testing.T) {
	header := "month,category,note,complaints\n"
	far := strings.Repeat("2019-01,refunds,,1\n", 4000) // past the 64 KiB window
	cp := func(s string) string { return windows1252(t, s) }
	tests := []struct {
		name, content string
		enc           Encoding
		want          string // the message, or "" for rows read
	}{
		{"Windows-1252, then UTF-8 far down", header + cp("2019-01,återbetalning,,1\n") + far + "2019-02,fees,Köp,1\n", "",
			`in.csv:4003: "2019-02,fees,Kö" is UTF-8, while line 2 is Windows-1252`},
		{"UTF-8, then Windows-1252 far down", header + "2019-01,återbetalning,,1\n" + far + cp("2019-02,fees,Köp,1\n"), "",
			`in.csv:4003: "2019-02,fees,K\xf6" is not UTF-8, while line 2 is UTF-8`},
		{"UTF-8, then Windows-1252 in a value read", header + "2019-01,återbetalning,,1\n" + far + cp("2019-02,köp,,1\n"), "",
			`in.csv:4003: column 2 (category): "k\xf6p": not valid UTF-8, though the file was read as UTF-8`},
		{"UTF-8, then Windows-1252 in the window", header + "2019-01,återbetalning,,1\n" + "2019-01,x,,1\n" + cp("2019-02,fees,Köp,1\n"), "",
			`in.csv:2: "2019-01,å" is UTF-8, while line 4 is Windows-1252`},
		{"Windows-1252, then UTF-8 in the window", header + cp("2019-01,återbetalning,,1\n") + "2019-01,x,,1\n" + "2019-02,fees,Köp,1\n", "",
			`in.csv:4: "2019-02,fees,Kö" is UTF-8, while line 2 is Windows-1252`},
		{"classic Mac line ends", strings.ReplaceAll(header+cp("2019-01,återbetalning,,1\n")+"2019-01,x,,1\n"+"2019-02,fees,Köp,1\n", "\n", "\r"), "",
			`in.csv:4: "2019-02,fees,Kö" is UTF-8, while line 2 is Windows-1252`},
		{"gzip", gzipped(t, header+cp("2019-01,återbetalning,,1\n")+far+"2019-02,fees,Köp,1\n"), "",
			`in.csv:4003: "2019-02,fees,Kö" is UTF-8, while line 2 is Windows-1252`},
		{"Swedish Windows-1252", header + cp("2019-01,Återbetalning,\"Öppet köp – 30 dagar, 5 € avgift\",1\n2019-01,Kundtjänst ÅÄÖ,“citat” 25°,1\n2019-01,ÅÅÄ,Ö Å,1\n") + far, "", ""},
		{"Swedish UTF-8", header + "2019-01,Återbetalning,\"Öppet köp – 30 dagar, 5 € avgift\",1\n2019-01,Kundtjänst ÅÄÖ,“citat” 25°,1\n" + far, "", ""},
		{"read as asked: Windows-1252", header + cp("2019-01,återbetalning,,1\n") + far + "2019-02,fees,Köp,1\n", Windows1252, ""},
		{"read as asked: UTF-8", header + "2019-01,återbetalning,,1\n" + far + cp("2019-02,fees,Köp,1\n"), UTF8, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, _, err := readWith(t, tt.content, 0, tt.enc)
			if tt.want == "" {
				if err != nil || len(rows) < 4000 {
					t.Fatalf("%d rows, %v", len(rows), err)
				}
				return
			}
			var de *DataError
			if !errors.As(err, &de) || err.Error() != tt.want || de.Hint == "" {
				t.Fatalf("error = %v\n   want %s", err, tt.want)
			}
		})
	}
}

func TestUTF8Text(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", -1},
		{"ascii only", -1},
		{"\xe5terbetalning k\xf6p", -1}, // Windows-1252
		{"\xc5\x92", 0},                 // Å’ in Windows-1252: Œ in UTF-8, the rare false alarm
		{"ab\xc3\xa5", 2},               // å in UTF-8
		{"x \xe2\x80\x93 y", 2},         // an en dash in UTF-8
		{"\xc3", -1},                    // cut short
		{"\xc0\x80", -1},                // an overlong form, not UTF-8
	}
	for _, tt := range tests {
		if got := utf8Text([]byte(tt.in)); got != tt.want {
			t.Errorf("utf8Text(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// A damaged gzip file decodes into rows that fail before its checksum
// does: the damage is the error, by either reader (for a regular file: a
// pipe's rest may never come). A failing row in a whole file keeps its own
// error.
func TestDamagedCompressionBeneathARow(t *testing.T) {
	// Past the first 64 KiB the reader sniffs, and more than the 3 MiB
	// the decompression reads ahead, so that the row is read first.
	text := "month,complaints\n" + strings.Repeat("2019-01,1\n", 500_000)
	damaged := storedGzip(t, text)
	damageRow(damaged, bytes.Index(damaged, []byte("2019-01,1\n2019-01,1\n"))+200_000)

	wholeButRagged := gzipped(t, strings.Replace(text, "2019-01,1\n", "2019-01;1\n", 600)[:len(text)])
	tests := []struct {
		name, content, want string
	}{
		{"a damaged gzip", string(damaged), "in.csv: the gzip data is damaged: gzip: invalid checksum"},
		{"a ragged row in a whole gzip", wholeButRagged, "in.csv:2: "},
	}
	for _, tt := range tests {
		for _, how := range []struct {
			name string
			read func(Source, Kind, Config, func(*Row) error) (FileStats, error)
		}{{"Read", Read}, {"ReadSummed", ReadSummed}} {
			_, err := how.read(fileSourceOf(t, "in.csv", tt.content), Complaints, testConfig(t), func(*Row) error { return nil })
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("%s, %s: %v; want %s…", tt.name, how.name, err, tt.want)
			}
		}
	}
}

// fileSourceOf is content in a regular file of a temporary directory,
// named name.
func fileSourceOf(t *testing.T, name, content string) Source {
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return Source{Name: name, Open: func() (io.ReadCloser, error) { return os.Open(path) }}
}

// A gzipped regular file past 8 MiB is decoded on two cores (a scout
// decodes segments ahead: gunzip.NewReaderAt): its rows are its text's
// rows, and damage in its middle is reported as damage.
func TestLargeGzipFileAsItsText(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	countries := []string{"SE", "NO", "DK", "FI"}
	var b strings.Builder
	b.WriteString("timestamp,country\n")
	for b.Len() < 40<<20 {
		fmt.Fprintf(&b, "2019-%02d-%02dT%02d:%02d:%02d+01:00,%s\n",
			1+r.IntN(12), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60), countries[r.IntN(len(countries))])
	}
	text := b.String()
	var z bytes.Buffer
	w, _ := gzip.NewWriterLevel(&z, gzip.BestSpeed)
	w.Write([]byte(text))
	w.Close()
	compressed := z.Bytes()
	if len(compressed) < 8<<20 {
		t.Fatalf("%d bytes of gzip: too few for the scout", len(compressed))
	}
	counts := func(src Source) (map[string]int64, error) {
		sums := map[string]int64{}
		_, err := Read(src, Complaints, testConfig(t), func(row *Row) error {
			sums[row.Month.String()+" "+row.Country] += row.Count
			return nil
		})
		return sums, err
	}
	want, err := counts(fileSourceOf(t, "in.csv", text))
	if err != nil {
		t.Fatal(err)
	}
	got, err := counts(fileSourceOf(t, "in.csv.gz", string(compressed)))
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(got, want) || len(want) != 48 {
		t.Errorf("the gzip file gives %d sums, %v; its text %d, %v", len(got), got, len(want), want)
	}

	damaged := bytes.Clone(compressed)
	damaged[len(damaged)/2] ^= 0x55
	_, err = counts(fileSourceOf(t, "in.csv.gz", string(damaged)))
	if err == nil || !strings.Contains(err.Error(), "the gzip data is damaged") {
		t.Errorf("damage in the middle: %v", err)
	}
}

// unread gives the file from where the reader that only peeked at it
// stands (a gzip file is then decoded at offsets, a scout ahead); not when
// the reader is another's, or did not read the file from its offset.
func TestUnreadGivesTheFileFromTheReader(t *testing.T) {
	content := "0123456789" + strings.Repeat("abcdefghij", 100)
	path := filepath.Join(t.TempDir(), "in.csv.gz")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	open := func(skip int64) (*CSVFile, *os.File) {
		file, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { file.Close() })
		if _, err := file.Seek(skip, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		f := &CSVFile{file: file, fileSize: int64(len(content)), source: bufio.NewReaderSize(file, 64)}
		f.source.Peek(20)
		return f, file
	}
	for _, skip := range []int64{0, 5} {
		f, _ := open(skip)
		ra, size, ok := f.unread(f.source)
		if !ok || size != int64(len(content))-skip {
			t.Fatalf("from byte %d: ok %v, size %d; want the %d bytes after it", skip, ok, size, int64(len(content))-skip)
		}
		got, _ := io.ReadAll(io.NewSectionReader(ra, 0, size))
		if string(got) != content[skip:] {
			t.Errorf("from byte %d: %.20q…; want %.20q…", skip, got, content[skip:])
		}
	}
	f, _ := open(0)
	if _, _, ok := f.unread(bufio.NewReader(strings.NewReader(content))); ok {
		t.Error("a reader that is not the file's: ok")
	}
	f, file := open(0)
	f.source.Discard(3)
	file.Seek(100, io.SeekStart) // the reader's bytes are no longer those before the file's offset
	if _, _, ok := f.unread(f.source); ok {
		t.Error("a reader that did not read the file from its offset: ok")
	}
}

// TestUTF16CutShort: UTF-16 text with an odd number of bytes (a file cut
// short) is refused as that, with or without a byte-order mark, plain or
// gzipped; the decoder would make the odd byte U+FFFD, and the last cell
// would be refused for a character the file never had.
func TestUTF16CutShort(t *testing.T) {
	const want = "in.csv: the UTF-16 text ends in the middle of a character: the file is cut short"
	text := "timestamp;country\r\n2019-01-05T10:00:00Z;SE\r\n"
	for _, bom := range []unicode.BOMPolicy{unicode.UseBOM, unicode.IgnoreBOM} {
		whole, err := unicode.UTF16(unicode.LittleEndian, bom).NewEncoder().String(text)
		if err != nil {
			t.Fatal(err)
		}
		cut := whole[:len(whole)-1]
		for name, content := range map[string]string{"plain": cut, "gzip": gzipped(t, cut)} {
			if _, _, err := readWith(t, content, 0, ""); err == nil || err.Error() != want {
				t.Errorf("%v %s: error %v, want %q", bom, name, err, want)
			}
		}
		if rows, _, err := readWith(t, whole, 0, ""); err != nil || len(rows) != 1 {
			t.Errorf("%v whole: %+v, %v", bom, rows, err)
		}
	}
}

// TestForcedEncodingHint: a file read as UTF-16 because --encoding says so,
// when it is not (text of one byte a character), fails on its header: the
// hint names --encoding, as a wrong --delimiter's names that flag, whether
// the header reads as other letters or the text ends in the middle of a
// character. Where the encoding was detected, or the header is one a file
// in that encoding can have, the hint does not blame the flag.
func TestForcedEncodingHint(t *testing.T) {
	utf16le := func(s string) string {
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	even := "month,channel\n2019-01,arn\n"  // 26 bytes
	odd := "month,channel\n2019-01,arn\n\n" // 27 bytes
	misnamed := "when,channel\n2019-01,arn\n"
	tests := []struct {
		name      string
		content   string
		encoding  Encoding
		wantFlag  bool   // the hint names --encoding
		wantError string // the start of the error
	}{
		{"UTF-8 read as utf-16le", even, UTF16LE, true, "in.csv:1: no period column"},
		{"UTF-8 read as utf-16be", even, UTF16BE, true, "in.csv:1: no period column"},
		{"UTF-8 of an odd length read as utf-16be", odd, UTF16BE, true, "in.csv: the UTF-16 text ends in the middle of a character"},
		{"UTF-16 with a misnamed column, as told", utf16le(misnamed), UTF16LE, false, "in.csv:1: no period column"},
		{"UTF-8 with a misnamed column, as told", misnamed, UTF8, false, "in.csv:1: no period column"},
		{"UTF-16 cut short, detected", utf16le(even)[:len(utf16le(even))-1], EncodingAuto, false, "in.csv: the UTF-16 text ends in the middle of a character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t)
			cfg.Encoding = tt.encoding
			compareReaders(t, "in.csv", []byte(tt.content), Complaints, cfg)
			_, _, err := readWith(t, tt.content, 0, tt.encoding)
			var de *DataError
			if !errors.As(err, &de) {
				t.Fatalf("error %v, want a DataError", err)
			}
			if !strings.HasPrefix(err.Error(), tt.wantError) {
				t.Errorf("error %q, want it to start %q", err, tt.wantError)
			}
			if got := strings.Contains(de.Hint, "--encoding"); got != tt.wantFlag {
				t.Errorf("hint %q names --encoding: %v, want %v", de.Hint, got, tt.wantFlag)
			}
		})
	}
}

package input

import (
	"errors"
	"io"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/nollmission/nollmission/pkg/period"
)

func stringSource(name, content string) Source {
	return Source{Name: name, Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(content)), nil }}
}

func testConfig(t *testing.T) Config {
	t.Helper()
	b, err := period.NewBucketer("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	return Config{Bucketer: b, Country: "SE"}
}

func readAll(t *testing.T, kind Kind, content string) ([]Row, error) {
	t.Helper()
	var rows []Row
	_, err := Read(stringSource("in.csv", content), kind, testConfig(t), func(r *Row) error {
		rows = append(rows, *r)
		return nil
	})
	return rows, err
}

func TestParseCount(t *testing.T) {
	tests := []struct {
		in     string
		want   int64
		reason string
	}{
		{"12", 12, ""},
		{"010", 10, ""}, // decimal, not octal
		{" 7 ", 7, ""},
		{"0", 0, ""},
		{"9223372036854775807", 9223372036854775807, ""},
		{"9223372036854775808", 0, "too large"},
		{"", 0, "empty count"},
		{"  ", 0, "empty count"},
		{"-3", 0, "negative count"},
		{"-0", 0, "a zero with a minus sign, which a count is written without"},
		{"1.5", 0, "not a whole number"},
		{"1,5", 0, "not a whole number"},
		{"2.0", 0, wholeWithFraction}, // whole: said so, still refused
		{"abc", 0, "not a number"},
		{"0x10", 0, "not a number"},
		{"+5", 0, "not a number"},
		{"1e3", 0, "in E-notation"},
		{"4.29E+06", 0, "in E-notation"},
		{"1 000", 0, "digits grouped with spaces"},
		{"4\u00a0286\u00a0139", 0, "digits grouped with spaces"},
		{"4,286,139", 0, "digits grouped with commas"},
		{"1,113", 0, "a thousands separator or a decimal comma"},
		{"1.113", 0, "a thousands separator or a decimal point"},
		{"113,00", 0, wholeWithFraction},
		{"123 45", 0, "not a number"}, // a Swedish postcode
		{"1.2.3", 0, "not a whole number"},
	}
	for _, tt := range tests {
		got, reason := parseCount(tt.in)
		if got != tt.want || !strings.HasPrefix(reason, tt.reason) || (tt.reason == "") != (reason == "") {
			t.Errorf("parseCount(%q) = %d, %q; want %d, %q", tt.in, got, reason, tt.want, tt.reason)
		}
	}
}

// TestNumberAsShown: numbers as spreadsheets and "cells as shown" exports
// write them are told, with what a count has not; plain digits and what is
// no number are not.
func TestNumberAsShown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"4 286 139", "digits grouped with spaces"},
		{"4\u00a0286\u00a0139", "digits grouped with spaces"}, // no-break space (0xA0 in Windows-1252)
		{"4\u202f286\u202f139", "digits grouped with spaces"}, // narrow no-break space
		{"4\u2009286\u2009139", "digits grouped with spaces"}, // thin space
		{"1 113", "digits grouped with spaces"},
		{"4 286 139,00", "digits grouped with spaces"},
		{"4,286,139", "digits grouped with commas"},
		{"4,286,139.00", "digits grouped with commas"},
		{"4.286.139", "digits grouped with points"},
		{"4.286.139,00", "digits grouped with points"},
		{"4'286'139", "digits grouped with apostrophes"},
		{"1,113", "a thousands separator or a decimal comma"},
		{"1.113", "a thousands separator or a decimal point"},
		{"113,00", "not a whole number"},
		{"4286139.00", "not a whole number"},
		{"1234,567", "not a whole number"},
		{"4.29E+06", "in E-notation, which can drop digits"},
		{"4,29E+06", "in E-notation, which can drop digits"},
		{"1e3", "in E-notation, which can drop digits"},
		{"4286139", ""},
		{"", ""},
		{"123 45", ""},        // a postcode
		{"070 123 45 67", ""}, // a telephone number
		{"1234 567", ""},
		{"1.2.3", ""},
		{"1,,113", ""},
		{",113", ""},
		{"113,", ""},
		{"1_113", ""},
		{"E5", ""},
		{"1e", ""},
		{"1e+-3", ""},
		{"1.2.3e4", ""},
		{"SE", ""},
	}
	for _, tt := range tests {
		if got := numberAsShown(tt.in); got != tt.want {
			t.Errorf("numberAsShown(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseScore(t *testing.T) {
	for in, want := range map[string]int{"1": 1, "5": 5, " 3 ": 3, "05": 5} {
		if got, ok := parseScore(in); !ok || got != want {
			t.Errorf("parseScore(%q) = %d, %v", in, got, ok)
		}
	}
	for _, bad := range []string{"0", "6", "4.5", "", "-1", "five", "10"} {
		if _, ok := parseScore(bad); ok {
			t.Errorf("parseScore(%q) accepted", bad)
		}
	}
}

func TestReadRows(t *testing.T) {
	rows, err := readAll(t, Complaints, "\uFEFF Month ,COUNTRY,Channel,Category,Complaints\n"+
		"2019-01,se,IMY,Refunds ,010\n"+
		"2019-01-31T23:30:00Z,SE,Allmänna reklamationsnämnden,,2\n"+
		"2019-02-03,NO,Kund-service,\"Invoice\nnot received\",1\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{
		{Month: period.MonthOf(2019, 1), Country: "SE", Channel: "datainspektionen", Category: "refunds", Count: 10},
		{Month: period.MonthOf(2019, 2), Country: "SE", Channel: "arn", Category: "unspecified", Count: 2},
		{Month: period.MonthOf(2019, 2), Country: "NO", Channel: "customer_service", Category: "invoice not received", Count: 1},
	}
	if len(rows) != len(want) {
		t.Fatalf("got %d rows, want %d", len(rows), len(want))
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Errorf("row %d = %+v, want %+v", i, rows[i], want[i])
		}
	}
}

func TestEventRowsAndDefaults(t *testing.T) {
	// No count column: one event a row; no country column: the configured
	// country; no channel column: unspecified.
	rows, err := readAll(t, Complaints, "date\n2019-03-01\n2019-03-02\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Count != 1 || r.Country != "SE" || r.Channel != "unspecified" {
			t.Errorf("row = %+v", r)
		}
	}
	// A header without rows is no data, not an error.
	if rows, err := readAll(t, Transactions, "month,transactions\n"); err != nil || len(rows) != 0 {
		t.Errorf("header only: %v rows, err %v", len(rows), err)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name    string
		kind    Kind
		content string
		want    string // the whole error message
	}{
		{"negative count", Transactions, "month,transactions\n2019-01,5\n2019-02,-3\n",
			`in.csv:3: column 2 (transactions): "-3": negative count`},
		{"empty count", Transactions, "month,count\n2019-01,\n",
			`in.csv:2: column 2 (count): "": empty count`},
		{"fractional count", Complaints, "month,complaints\n2019-01,1.5\n",
			`in.csv:2: column 2 (complaints): "1.5": not a whole number`},
		{"bad date", Transactions, "date,transactions\n2019-02-30,1\n",
			`in.csv:2: column 1 (date): "2019-02-30": 2019-02-30 does not exist (February 2019 has 28 days)`},
		{"month 13", Transactions, "month\n2019-13\n",
			`in.csv:2: column 1 (month): "2019-13": month 13 does not exist`},
		{"unknown channel", Complaints, "month,channel\n2019-01,fax\n",
			`in.csv:2: column 2 (channel): "fax": unknown channel`},
		{"empty country", Transactions, "month,country\n2019-01,\n",
			`in.csv:2: column 2 (country): "": empty country`},
		{"ragged row", Transactions, "month,transactions\n2019-01,1,2\n",
			`in.csv:2: column 3: "2": the row has 3 fields, the header has 2`},
		// Empty fields beyond the header are forgiven; the value after
		// them is what is named.
		{"a value after empty fields", Transactions, "month,transactions\n2019-01,1,,,note: preliminary\n",
			`in.csv:2: column 5: "note: preliminary": the row has 5 fields, the header has 2`},
		{"missing period column", Transactions, "when,transactions\n2019-01,1\n",
			`in.csv:1: no period column; the header has: when, transactions`},
		{"duplicate column", Transactions, "month,transactions,transactions\n2019-01,5,7\n",
			`in.csv:1: column 3 (transactions): "transactions": column "transactions" appears twice (columns 2 and 3)`},
		{"two count columns", Transactions, "month,count,Transactions\n2019-01,5,7\n",
			`in.csv:1: column 3 (transactions): "Transactions": two count columns, count (column 2) and transactions (column 3)`},
		{"two country columns", Transactions, "month,Land,country_code\n2019-01,NO,SE\n",
			`in.csv:1: column 2 (land): "Land": two country columns, country_code (column 3) and land (column 2)`},
		// UTF-8 first, a Windows-1252 byte (ö = 0xF6) past the 64 KiB the
		// encoding is decided on: an error, not a silent U+FFFD.
		{"mixed encodings", Complaints, "month,category\n2019-01,Återbetalning\n" + strings.Repeat("2019-01,refunds\n", 5000) + "2019-02,K\xf6p\n",
			`in.csv:5003: column 2 (category): "K\xf6p": not valid UTF-8, though the file was read as UTF-8`},
		{"missing score column", Surveys, "month,responses\n2019-01,1\n",
			`in.csv:1: no score column; the header has: month, responses`},
		{"score out of range", Surveys, "month,score\n2019-01,6\n",
			`in.csv:2: column 2 (score): "6": not a score from 1 to 5`},
		{"empty file", Transactions, "",
			`in.csv: the file is empty`},
		{"unterminated quote", Complaints, "month,category\n2019-01,\"refunds\n2019-02,x\n",
			`in.csv:2: a quoted field starts in this row and is never closed`},
		// The line is the physical line, right after a multi-line field.
		{"line after multi-line field", Complaints, "month,category,complaints\n2019-01,\"a\nb\nc\",1\n2019-01,d,x\n",
			`in.csv:5: column 3 (complaints): "x": not a number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readAll(t, tt.kind, tt.content)
			var de *DataError
			if !errors.As(err, &de) {
				t.Fatalf("error = %v, want a DataError", err)
			}
			if err.Error() != tt.want {
				t.Errorf("error = %s\n           want %s", err, tt.want)
			}
			if tt.name == "unterminated quote" && !strings.Contains(de.Hint, "line 3") {
				t.Errorf("hint %q does not say how far the open quote reaches", de.Hint)
			}
			if de.Hint == "" {
				t.Errorf("no hint for %s", err)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"b.csv", "a.csv"} {
		if err := writeFile(dir+"/"+n, "month\n"); err != nil {
			t.Fatal(err)
		}
	}
	srcs, err := Resolve([]string{dir + "/*.csv", dir + "/a.csv", dir + "/./a.csv", "-"}, strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range srcs {
		names = append(names, strings.TrimPrefix(s.Name, dir+"/"))
	}
	if got := strings.Join(names, " "); got != "a.csv b.csv <stdin>" {
		t.Errorf("sources = %s", got)
	}
	for _, bad := range [][]string{{dir + "/nope.csv"}, {dir + "/*.tsv"}, {"-", "-"}} {
		if _, err := Resolve(bad, nil); err == nil {
			t.Errorf("Resolve(%v) accepted", bad)
		}
	}
}

func TestNormalizeCategory(t *testing.T) {
	tests := []struct{ in, want string }{
		{"refunds", "refunds"},
		{"Refunds ", "refunds"},
		{"  REFUNDS\t", "refunds"},
		{"invoice  not\r\nreceived", "invoice not received"},
		{"Avgift, för HÖG", "avgift, för hög"},
		{"ÅTERBETALNING\u00a0sen", "återbetalning sen"}, // a no-break space is white space too
		{"a b", "a b"},
		{"", UnspecifiedCategory},
		{" \t\n", UnspecifiedCategory},
		// Written decomposed (macOS) or precomposed, å is one letter; the
		// name is the precomposed one (NFC).
		{"a\u030aterbetalning", "\u00e5terbetalning"},
		{"A\u030aTERBETALNING", "\u00e5terbetalning"},
		{"\u00c5terbetalning", "\u00e5terbetalning"},
		{"Avgift, fo\u0308r HO\u0308G", "avgift, för hög"},
		// Format characters (Cf) are invisible: gone.
		{"fees\u200b", "fees"},
		{"\ufefffees", "fees"},
		{"fe\u00ades", "fees"},
		{"fe\u2060es\u200d", "fees"},
		{"late \u200b fees", "late fees"}, // the spaces around it are one run
		{"\u200b", UnspecifiedCategory},
		{"\u200b \u00ad", UnspecifiedCategory},
		// T and U+0308 have no precomposed form, t and U+0308 have (ẗ).
		{"T\u0308", "\u1e97"},
		{"\u1e97", "\u1e97"},
	}
	for _, tt := range tests {
		if got := normalizeCategory(tt.in); got != tt.want {
			t.Errorf("normalizeCategory(%+q) = %+q, want %+q", tt.in, got, tt.want)
		}
	}
}

// TestNormalizeCategoryIsStable: a category's name read back (aggregate
// writes the names to count rows that are read again) is the same
// category, and a letter with a combining mark is the category of the
// precomposed letter, over the letters of the European scripts.
func TestNormalizeCategoryIsStable(t *testing.T) {
	marks := []string{"", "\u0300", "\u0301", "\u0302", "\u0303", "\u0308", "\u030a", "\u030c", "\u0327", "\u0328", "\u0342", "\u0345"}
	for r := rune(0x20); r < 0x2000; r++ {
		if unicode.IsControl(r) {
			continue
		}
		for _, m := range marks {
			s := "x" + string(r) + m
			got := normalizeCategory(s)
			if again := normalizeCategory(got); again != got {
				t.Fatalf("normalizeCategory(%+q) = %+q, and that is %+q", s, got, again)
			}
			if nfc := normalizeCategory(norm.NFC.String(s)); nfc != got {
				t.Fatalf("normalizeCategory(%+q) = %+q, of its NFC %+q", s, got, nfc)
			}
			if nfd := normalizeCategory(norm.NFD.String(s)); nfd != got {
				t.Fatalf("normalizeCategory(%+q) = %+q, of its NFD %+q", s, got, nfd)
			}
		}
	}
}

package output

import (
	"bytes"
	"errors"
	"math"
	"math/big"
	"strings"
	"testing"
)

func TestFigure(t *testing.T) {
	tests := []struct {
		r        *big.Rat
		decimals int
		want     string
	}{
		{nil, 0, Undefined},
		{big.NewRat(65, 2), 0, "33"},      // 32.5: half away from zero
		{big.NewRat(-65, 2), 0, "-33"},    // -32.5
		{big.NewRat(-1, 25), 1, "0.0"},    // -0.04 is 0.0, not -0.0
		{big.NewRat(-1, 3), 0, "0"},       // -0.33 is 0, not -0
		{big.NewRat(-1, 20), 1, "-0.1"},   // -0.05 rounds away from zero
		{big.NewRat(1681, 20), 1, "84.1"}, // 84.05
	}
	for _, tt := range tests {
		if got := Figure(tt.r, tt.decimals); got != tt.want {
			t.Errorf("Figure(%v, %d) = %q, want %q", tt.r, tt.decimals, got, tt.want)
		}
	}
}

func TestMarkdownEscapesPipes(t *testing.T) {
	tb := &Table{Columns: []Column{{Name: "category"}, {Name: "n|count", Align: Right}}, Rows: [][]string{{"a|b", "3"}}}
	var buf bytes.Buffer
	if err := Write(&buf, FormatMarkdown, fixed{table: tb}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	for _, l := range lines {
		// Three unescaped pipes: the two borders and one separator.
		if n := strings.Count(l, "|") - strings.Count(l, `\|`); n != 3 {
			t.Errorf("line %q has %d column separators, want 3", l, n)
		}
	}
	if !strings.Contains(buf.String(), `a\|b`) {
		t.Errorf("cell not escaped:\n%s", buf.String())
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"table": FormatTable, "JSON": FormatJSON, " csv ": FormatCSV, "md": FormatMarkdown, "markdown": FormatMarkdown} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseFormat("xml"); err == nil {
		t.Error("xml accepted")
	}
}

// fixed is a report with given views.
type fixed struct {
	doc     any
	table   *Table
	records *Table
}

func (f fixed) JSON() any       { return f.doc }
func (f fixed) Table() *Table   { return f.table }
func (f fixed) Records() *Table { return f.records }

// TestWriteViews: each format renders the view it needs; CSV prefers the
// long view, and a report without one falls back to the table.
func TestWriteViews(t *testing.T) {
	wide := &Table{Columns: []Column{{Name: "month"}, {Name: "a"}, {Name: "b"}}, Rows: [][]string{{"2019-01", "1", "2"}}}
	long := &Table{Columns: []Column{{Name: "month"}, {Name: "key"}, {Name: "n"}}, Rows: [][]string{{"2019-01", "a", "1"}, {"2019-01", "b", "2"}}}
	tests := []struct {
		format Format
		report Report
		want   string
	}{
		{FormatCSV, fixed{table: wide, records: long}, "month,key,n\n2019-01,a,1\n2019-01,b,2\n"},
		{FormatCSV, fixed{table: wide}, "month,a,b\n2019-01,1,2\n"},
		{FormatJSON, fixed{doc: map[string]int{"n": 1}, table: wide}, "{\n  \"n\": 1\n}\n"},
		{FormatMarkdown, fixed{table: wide, records: long}, "| month   | a | b |\n|:--------|:--|:--|\n| 2019-01 | 1 | 2 |\n"},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		if err := Write(&buf, tt.format, tt.report); err != nil {
			t.Fatal(err)
		}
		if buf.String() != tt.want {
			t.Errorf("%s =\n%s\nwant\n%s", tt.format, buf.String(), tt.want)
		}
	}
}

func TestFormatList(t *testing.T) {
	if got := FormatList(); got != "table, json, csv or markdown" {
		t.Errorf("FormatList = %q", got)
	}
	if _, err := ParseFormat("xml"); err == nil || err.Error() != `unknown output format "xml" (want table, json, csv or markdown)` {
		t.Errorf("ParseFormat(xml) = %v", err)
	}
}

// TestWriteErrors: a failure of the writer beneath is a WriteError (exit
// 4), one already a WriteError passes as it is, and a failure to make the
// text (a JSON value that has none) is not.
func TestWriteErrors(t *testing.T) {
	report := fixed{doc: map[string]string{"n": strings.Repeat("x", 100_000)}, table: &Table{}}
	var we *WriteError
	if err := Write(failingWriter{}, FormatJSON, report); !errors.As(err, &we) || we.Err.Error() != "disk full" {
		t.Errorf("a failing writer: %v, want a WriteError of disk full", err)
	}
	named := &WriteError{Err: errors.New("out.csv: no space"), ToFile: true}
	if err := Write(writerFailingWith{named}, FormatJSON, report); err != named {
		t.Errorf("a writer failing with a WriteError: %v, want it as it is", err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, FormatJSON, fixed{doc: math.NaN()}); err == nil || errors.As(err, &we) {
		t.Errorf("a document without JSON: %v, want an error that is no WriteError", err)
	}
}

type writerFailingWith struct{ err error }

func (w writerFailingWith) Write([]byte) (int, error) { return 0, w.err }

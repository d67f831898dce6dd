package output

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestNeutralize(t *testing.T) {
	tests := []struct{ in, want string }{
		// Text a spreadsheet would run gets a leading ' (OWASP).
		{`=HYPERLINK("http://evil.example","click")`, `'=HYPERLINK("http://evil.example","click")`},
		{"+1+1", "'+1+1"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"@SUM(1+1)", "'@SUM(1+1)"},
		{"\r=1+1", "'\r=1+1"},
		{"-", "'-"},
		{"-1e5", "'-1e5"},
		// A semicolon-locale spreadsheet splits at ';' and tab: each part counts.
		{"refunds;=1+1", "refunds;'=1+1"},
		{"a;;@x", "a;;'@x"},
		{"\t=1+1", "'\t'=1+1"},
		{"a\t-x;b", "a\t'-x;b"},
		{"-3;-4", "'-3;-4"},
		// Numbers stay numbers, however they are signed.
		{"-3", "-3"},
		{"-0.5", "-0.5"},
		{"+2", "+2"},
		{"-17,5", "-17,5"},
		{"-10.0 %", "-10.0 %"},
		{"-12%", "-12%"},
		// Ordinary text and figures are left alone.
		{"", ""},
		{"refunds", "refunds"},
		{"2019-01", "2019-01"},
		{"a-b=c", "a-b=c"},
		{"2019 full year", "2019 full year"},
		{"−3", "−3"}, // U+2212 starts no formula
	}
	for _, tt := range tests {
		if got := Neutralize(tt.in); got != tt.want {
			t.Errorf("Neutralize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestWriteCSVNeutralizes: the bytes a spreadsheet gets, quoting included.
func TestWriteCSVNeutralizes(t *testing.T) {
	table := &Table{
		Columns: []Column{{Name: "month"}, {Name: "category"}, {Name: "complaints", Align: Right}, {Name: "change", Align: Right}},
		Rows: [][]string{
			{"2019-01", `=HYPERLINK("http://evil.example","click")`, "3", "-0.5"},
			{"2019-02", "@SUM(A1:A2)", "2", Undefined},
			{"2019-03", "fees;=1+1", "1", "-3"},
		},
		Summary: [][]string{{"2019 full year", "", "6", "+2"}},
	}
	var b bytes.Buffer
	if err := writeCSV(&b, table); err != nil {
		t.Fatal(err)
	}
	want := "month,category,complaints,change\n" +
		`2019-01,"'=HYPERLINK(""http://evil.example"",""click"")",3,-0.5` + "\n" +
		"2019-02,'@SUM(A1:A2),2,\n" +
		"2019-03,fees;'=1+1,1,-3\n" +
		"2019 full year,,6,+2\n"
	if got := b.String(); got != want {
		t.Errorf("CSV =\n%s\nwant\n%s", got, want)
	}
}

// TestWriteCSVStream: a long view's streamed rows come after its rows and
// before its summary, each neutralised as the others; a write error stops
// the stream.
func TestWriteCSVStream(t *testing.T) {
	made := 0
	table := &Table{
		Columns: []Column{{Name: "period"}, {Name: "key"}},
		Rows:    [][]string{{"2019-01", "first"}},
		Stream: func(yield func([]string) bool) {
			for _, key := range []string{"=cmd", "b", "c"} {
				made++
				if !yield([]string{"2019-02", key}) {
					return
				}
			}
		},
		Summary: [][]string{{"2019", Undefined}},
	}
	var b strings.Builder
	if err := writeCSV(&b, table); err != nil {
		t.Fatal(err)
	}
	if want := "period,key\n2019-01,first\n2019-02,'=cmd\n2019-02,b\n2019-02,c\n2019,\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
	// Rows longer than the csv writer's buffer reach the failing writer
	// one by one.
	long := strings.Repeat("x", 5000)
	table.Rows = nil
	table.Stream = func(yield func([]string) bool) {
		for range 3 {
			made++
			if !yield([]string{"2019-02", long}) {
				return
			}
		}
	}
	made = 0
	if err := writeCSV(failingWriter{}, table); err == nil || made > 1 {
		t.Errorf("a failing writer: error %v after %d streamed rows; want an error, and the stream stopped", err, made)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

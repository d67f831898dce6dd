package output

import (
	"bytes"
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

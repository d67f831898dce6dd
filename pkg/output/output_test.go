package output

import (
	"bytes"
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
	if err := Write(&buf, FormatMarkdown, Report{Table: tb}); err != nil {
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

package locale

import (
	"math/big"
	"slices"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/output"
)

func TestParse(t *testing.T) {
	for in, want := range map[string]Lang{"sv": Swedish, " SV ": Swedish, "en": English, "EN": English} {
		if got, err := Parse(in); err != nil || got != want {
			t.Errorf("Parse(%q) = %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "se", "swedish", "de"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

func TestMonths(t *testing.T) {
	// As the programme's statistics page writes them.
	if got := strings.Join(Swedish.MonthAbbrs(), " "); got != "Jan Feb Mar Apr Maj Jun Jul Aug Sep Okt Nov Dec" {
		t.Errorf("Swedish months = %s", got)
	}
	if got := strings.Join(English.MonthAbbrs(), " "); got != "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec" {
		t.Errorf("English months = %s", got)
	}
	if Swedish.MonthName(5) != "maj" || English.MonthName(10) != "October" || Lang("").MonthAbbr(5) != "May" {
		t.Error("month names")
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct {
		lang      Lang
		in, want  string
		percent   string
		countIn   int64
		countWant string
	}{
		{Swedish, "84.0", "84,0", "84,0 %", 61948651, "61\u00a0948\u00a0651"},
		{English, "84.0", "84.0", "84.0%", 61948651, "61,948,651"},
		{Swedish, "-0.5", "-0,5", "-0,5 %", -1234, "−1\u00a0234"},
		{Swedish, "33", "33", "33 %", 999, "999"},
		{Swedish, "2019-01", "2019-01", "2019-01 %", 0, "0"}, // not a number: as is
		{Swedish, "–", "–", "– %", 1000, "1\u00a0000"},
	}
	for _, tt := range tests {
		if got := tt.lang.Number(tt.in); got != tt.want {
			t.Errorf("%s Number(%q) = %q, want %q", tt.lang, tt.in, got, tt.want)
		}
		if got := tt.lang.Percent(tt.in); got != tt.percent {
			t.Errorf("%s Percent(%q) = %q, want %q", tt.lang, tt.in, got, tt.percent)
		}
		if got := tt.lang.Count(tt.countIn); got != tt.countWant {
			t.Errorf("%s Count(%d) = %q, want %q", tt.lang, tt.countIn, got, tt.countWant)
		}
	}
	if got := Swedish.Figure(big.NewRat(1681, 20), 1); got != "84,1" { // 84.05: half away from zero
		t.Errorf("Figure = %q", got)
	}
	if Swedish.Percent("") != "" || Swedish.Figure(nil, 1) != "" {
		t.Error("an undefined figure is empty")
	}
}

func TestYearLabel(t *testing.T) {
	if got := Swedish.YearLabel(2020, 6); got != "2020 hittills i år (6 av 12 månader)" {
		t.Error(got)
	}
	if got := Swedish.YearLabel(2019, 12); got != "2019 helår" {
		t.Error(got)
	}
	if got := English.YearLabel(2020, 6); got != output.YearLabel(2020, 6) {
		t.Error(got)
	}
	// The patterns translate what output.YearLabel writes.
	c := NewCatalog(nil, YearLabelPatterns...)
	for _, covered := range []int{1, 6, 12} {
		got, ok := c.Translate(output.YearLabel(2020, covered))
		if !ok || got != Swedish.YearLabel(2020, covered) {
			t.Errorf("%d months: %q, %v", covered, got, ok)
		}
	}
}

func TestTranslateTable(t *testing.T) {
	c := NewCatalog(map[string]string{"month": "månad", "rate": "tal", "Rates are exact.": "Talen är exakta."},
		Pattern{Re: `Country (\S+)`, Repl: "Land $1"},
		Pattern{Re: `(\d+) or (\d+)`, Func: func(g []string) string { return g[1] + " eller " + g[2] }})
	in := &output.Table{
		Columns: []output.Column{{Name: "month"}, {Name: "rate", Align: output.Right}, {Name: "CI"}},
		Rows:    [][]string{{"2019-01", "33.7", "[31.5, 34.2]"}, {"2019-02", output.Undefined, "4 or 5"}},
		Summary: [][]string{{"2019 mean", "1.25", ""}},
		Notes:   []string{"Country SE", "Rates are exact.", "Untranslated 2.5"},
	}
	got, untranslated := TranslateTable(in, Swedish, c)
	want := &output.Table{
		Columns: []output.Column{{Name: "månad"}, {Name: "tal", Align: output.Right}, {Name: "CI"}},
		Rows:    [][]string{{"2019-01", "33,7", "[31,5, 34,2]"}, {"2019-02", output.Undefined, "4 eller 5"}},
		Summary: [][]string{{"2019 mean", "1,25", ""}},
		Notes:   []string{"Land SE", "Talen är exakta.", "Untranslated 2,5"},
	}
	if !tablesEqual(got, want) {
		t.Errorf("TranslateTable =\n%#v\nwant\n%#v", got, want)
	}
	if wantMiss := []string{"CI", "2019 mean", "Untranslated 2.5"}; !slices.Equal(untranslated, wantMiss) {
		t.Errorf("untranslated = %q, want %q", untranslated, wantMiss)
	}
	if same, miss := TranslateTable(in, English, c); same != in || miss != nil {
		t.Error("English must return the table itself")
	}
	if in.Rows[0][1] != "33.7" {
		t.Error("the input table was changed")
	}
}

func tablesEqual(a, b *output.Table) bool {
	rowsEqual := func(x, y [][]string) bool { return slices.EqualFunc(x, y, slices.Equal[[]string]) }
	return slices.Equal(a.Columns, b.Columns) && rowsEqual(a.Rows, b.Rows) && rowsEqual(a.Summary, b.Summary) && slices.Equal(a.Notes, b.Notes)
}

func TestTextsComplete(t *testing.T) {
	type texts struct {
		Title string
		Notes []string
		Inner struct{ A string }
	}
	good := Texts[texts]{English: {Title: "a", Notes: []string{"n"}, Inner: struct{ A string }{"x"}},
		Swedish: {Title: "b", Notes: []string{"m"}, Inner: struct{ A string }{"y"}}}
	if err := good.Complete(); err != nil {
		t.Error(err)
	}
	bad := Texts[texts]{English: {Title: "a", Notes: []string{""}}}
	err := bad.Complete()
	if err == nil || !strings.Contains(err.Error(), "en.Notes[0]") || !strings.Contains(err.Error(), "en.Inner.A") || !strings.Contains(err.Error(), "sv: no texts") {
		t.Errorf("Complete = %v", err)
	}
	if bad.In(Swedish).Title != "a" {
		t.Error("a language without texts falls back to English")
	}
}

// report is a report with an English table and, maybe, a long view.
type report struct{ table, records *output.Table }

func (r report) JSON() any              { return map[string]int{"n": 1} }
func (r report) Table() *output.Table   { return r.table }
func (r report) Records() *output.Table { return r.records }

// TestTranslated: the table view is translated; JSON and CSV are not.
func TestTranslated(t *testing.T) {
	en := &output.Table{Columns: []output.Column{{Name: "month"}, {Name: "95 % CI"}}, Rows: [][]string{{"2019-01", "1.5–2.5"}}}
	long := &output.Table{Columns: []output.Column{{Name: "month"}}}
	c := NewCatalog(map[string]string{"month": "månad"}, IntervalPatterns...)
	tr := Translated{Report: report{table: en}, Lang: Swedish, Catalog: c}
	got := tr.Table()
	if got.Columns[0].Name != "månad" || got.Columns[1].Name != "95 % KI" || got.Rows[0][1] != "1,5–2,5" {
		t.Errorf("table = %+v", got)
	}
	if tr.Records() != en || tr.JSON() == nil {
		t.Error("CSV must be the English table, and JSON the report's own")
	}
	if (Translated{Report: report{table: en, records: long}, Lang: Swedish, Catalog: c}).Records() != long {
		t.Error("a report's long view is its CSV")
	}
	for in, want := range map[string]string{
		"CSAT 99.9 % CI": "CSAT 99.9 % KI", "yes, with 95 % confidence": "ja, med 95 % säkerhet",
	} {
		if got, ok := c.Translate(in); !ok || got != want {
			t.Errorf("Translate(%q) = %q, %v", in, got, ok)
		}
	}
}

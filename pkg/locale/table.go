package locale

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"

	"github.com/nollmission/nollmission/pkg/output"
)

// Catalog translates the English texts of a finished table: a column name,
// a label cell or a note, matched whole, either exactly or by a pattern whose
// groups carry the variable parts (a year, a time zone). It lets a command
// build its table once, in English, and show it in another language.
type Catalog struct {
	exact map[string]string
	// patterns are compiled on first use: a run in English never needs
	// them, and compiling them at start-up cost every run a millisecond.
	patterns func() []Pattern
}

// Pattern translates the texts that match Re whole: with Repl, where $1, $2
// stand for Re's groups, or, when the groups need translating too, with
// Func, which gets the submatches (the whole text first).
type Pattern struct {
	Re   string
	Repl string
	Func func(groups []string) string
	re   *regexp.Regexp
}

// NewCatalog makes a catalog from exact translations and patterns.
func NewCatalog(exact map[string]string, patterns ...Pattern) *Catalog {
	return &Catalog{exact: exact, patterns: sync.OnceValue(func() []Pattern {
		compiled := make([]Pattern, len(patterns))
		for i, p := range patterns {
			p.re = regexp.MustCompile("^(?:" + p.Re + ")$")
			compiled[i] = p
		}
		return compiled
	})}
}

// Translate returns the translation of s, and whether the catalog has one.
func (c *Catalog) Translate(s string) (string, bool) {
	if t, ok := c.exact[s]; ok {
		return t, true
	}
	for _, p := range c.patterns() {
		m := p.re.FindStringSubmatch(s)
		switch {
		case m == nil:
		case p.Func != nil:
			return p.Func(m), true
		default:
			return p.re.ReplaceAllString(s, p.Repl), true
		}
	}
	return s, false
}

// decimalPoint is a decimal point between digits: "33.7", "[31.5, 34.2]".
var decimalPoint = regexp.MustCompile(`(\d)\.(\d)`)

// Translated is a report whose table view is built in English and shown in
// Lang through Catalog, so that its figures are the ones the English table
// shows; its JSON and its CSV (Records) stay as they are: they are never
// localised.
type Translated struct {
	output.Report
	Lang    Lang
	Catalog *Catalog
}

// Table is the report's table in Lang.
func (t Translated) Table() *output.Table {
	tb, _ := TranslateTable(t.Report.Table(), t.Lang, t.Catalog)
	return tb
}

// Records is the report's own long view, or its English table.
func (t Translated) Records() *output.Table {
	if r, ok := t.Report.(output.Recorder); ok {
		if tb := r.Records(); tb != nil {
			return tb
		}
	}
	return t.Report.Table()
}

// IntervalPatterns translate what the commands write about confidence
// intervals (--ci), for the catalogs of their tables.
var IntervalPatterns = []Pattern{
	{Re: `^(CSAT |DSAT )?(\d+(?:\.\d+)? %) CI$`, Repl: "${1}${2} KI"},
	{Re: `^yes, with (\d+(?:\.\d+)? %) confidence$`, Repl: "ja, med ${1} säkerhet"},
}

// TranslateTable returns t in language l: column names, cells and notes the
// catalog knows are translated, and every decimal point between digits
// becomes the language's separator. It also returns the texts with
// letters that the catalog does not know, which stay English: a test of the
// command asserts there are none. English returns t itself.
func TranslateTable(t *output.Table, l Lang, c *Catalog) (*output.Table, []string) {
	if l.known() == English {
		return t, nil
	}
	var untranslated []string
	numbers := func(s string) string { return decimalPoint.ReplaceAllString(s, "${1}"+l.Decimal()+"${2}") }
	text := func(s string) string {
		tr, ok := c.Translate(s)
		if !ok && hasLetters(s) {
			untranslated = append(untranslated, s)
		}
		return numbers(tr)
	}
	out := &output.Table{Columns: make([]output.Column, len(t.Columns))}
	for i, col := range t.Columns {
		out.Columns[i] = output.Column{Name: text(col.Name), Align: col.Align}
	}
	rows := func(in [][]string) [][]string {
		res := make([][]string, len(in))
		for i, row := range in {
			res[i] = make([]string, len(row))
			for j, cell := range row {
				res[i][j] = text(cell)
			}
		}
		return res
	}
	out.Rows, out.Summary = rows(t.Rows), rows(t.Summary)
	for _, n := range t.Notes {
		out.Notes = append(out.Notes, text(n))
	}
	return out, untranslated
}

func hasLetters(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

// YearLabel names a year's summary in the language: "2019 helår", "2020
// hittills i år (6 av 12 månader)"; English is output.YearLabel.
func (l Lang) YearLabel(year, monthsCovered int) string {
	if l.known() == English {
		return output.YearLabel(year, monthsCovered)
	}
	if monthsCovered < 12 {
		return fmt.Sprintf("%d hittills i år (%d av 12 månader)", year, monthsCovered)
	}
	return fmt.Sprintf("%d helår", year)
}

// YearLabelPatterns match what YearLabel writes in English, for catalogs of
// tables whose summary rows use output.YearLabel.
var YearLabelPatterns = []Pattern{
	{Re: `(\d{4}) full year`, Repl: "$1 helår"},
	{Re: `(\d{4}) year to date \((\d+) of 12 months\)`, Repl: "$1 hittills i år ($2 av 12 månader)"},
}

var countries = map[string][2]string{
	"SE": {"Sweden", "Sverige"},
	"NO": {"Norway", "Norge"},
	"DK": {"Denmark", "Danmark"},
	"FI": {"Finland", "Finland"},
	"DE": {"Germany", "Tyskland"},
	"GB": {"the United Kingdom", "Storbritannien"},
	"US": {"the United States", "USA"},
}

// Country names a country code in a sentence ("in Sweden", "i Sverige");
// a code it does not know is written as is.
func (l Lang) Country(code string) string {
	names, ok := countries[code]
	if !ok {
		return code
	}
	if l.known() == Swedish {
		return names[1]
	}
	return names[0]
}

// MonthColumns are twelve right-aligned columns named by the months' short
// names, for the wide (published) layout.
func (l Lang) MonthColumns() []output.Column {
	cols := make([]output.Column, 12)
	for i, name := range l.MonthAbbrs() {
		cols[i] = output.Column{Name: name, Align: output.Right}
	}
	return cols
}

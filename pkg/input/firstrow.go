package input

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/language"

	"github.com/nollmission/nollmission/pkg/channel"
	"github.com/nollmission/nollmission/pkg/period"
)

// The checks of a file's first line and first row: what warehouse exports
// get wrong without a word unless they are caught there.

// periodHint is the hint for a period value that cannot be read.
func periodHint(err error) string {
	if errors.Is(err, period.ErrEpochNotDeclared) {
		return "pass --period-format epoch-s if the digits count seconds since 1970, or epoch-ms if milliseconds (period-format: in the config file)"
	}
	return "want " + period.Forms
}

// looksLikeData tells a header line that is the first row of data of a file
// without a header (PostgreSQL's COPY … CSV, Snowflake's and Redshift's
// unloads): its first value has the shape of a period, or another does and
// no value is a column name the kind knows (a header may name a month, as a
// wide table's does). It returns the period's field.
func looksLikeData(kind Kind, header []string, b *period.Bucketer, mapped map[Role]string) (int, bool) {
	known := map[string]bool{}
	for _, role := range kind.Roles() {
		known[string(role)] = true
		if name, ok := mapped[role]; ok {
			known[headerName(name)] = true
		}
	}
	for _, n := range append(append(append([]string{}, periodColumns...), kind.countColumns()...), countryColumns...) {
		known[n] = true
	}
	at := -1
	for i, h := range header {
		if known[headerName(h)] {
			return 0, false
		}
		if at < 0 && b.LooksLikePeriod(strings.TrimSpace(h)) {
			at = i
		}
	}
	return at, at >= 0
}

// dataInHeader is the error for a first line that is data: it says so, and
// suggests a header built from the line's values.
func dataInHeader(kind Kind, line []string, at int, delimiter rune, b *period.Bucketer) *DataError {
	split := ""
	if len(line) == 1 && delimiter != 0 {
		// One field: the delimiter is not the file's either (Redshift's
		// UNLOAD writes |, which is not detected).
		for _, d := range delimiters {
			if d != delimiter && strings.ContainsRune(line[0], d) {
				line = strings.Split(line[0], string(d))
				split = fmt.Sprintf(", and --delimiter %s: the values are split by %s", delimiterWord(d), DelimiterName(d))
				break
			}
		}
	}
	suggested := suggestHeader(kind, line, b)
	return &DataError{Column: at + 1, Value: line[at],
		Reason: "the first line is data, not a header: this value is a period",
		Hint: fmt.Sprintf("if the file has no header line, name its columns with --header, such as --header %s (or %s=%s for %s files alone; a column named - is not read)%s",
			shellWord(suggested), kind, suggested, kind, split)}
}

// delimiterWord is how --delimiter names a delimiter.
func delimiterWord(d rune) string {
	return map[rune]string{',': "comma", ';': "semicolon", '\t': "tab", '|': "pipe"}[d]
}

// suggestHeader names the values of a line of data by what they look like:
// the period, a country code, a channel (complaints), a score (surveys), and
// when the period is a month or a date, the last whole number as the count
// (a count comes last in a GROUP BY query, an id first); - for the rest.
func suggestHeader(kind Kind, line []string, b *period.Bucketer) string {
	names := make([]string, len(line))
	taken := map[string]bool{}
	name := func(i int, n string) bool {
		if taken[n] || names[i] != "-" {
			return false
		}
		names[i], taken[n] = n, true
		return true
	}
	rollup := false // the period is a month or a date
	for i, raw := range line {
		v := strings.TrimSpace(raw)
		names[i] = "-"
		if b.LooksLikePeriod(v) && !taken["period"] {
			taken["period"] = true
			names[i] = "timestamp"
			if _, form, err := b.Parse(v); err == nil && (form == period.FormMonth || form == period.FormDate) {
				names[i], rollup = map[period.Form]string{period.FormMonth: "month", period.FormDate: "date"}[form], true
			}
			continue
		}
		if len(v) == 2 && unicode.IsLetter(rune(v[0])) && unicode.IsLetter(rune(v[1])) && name(i, "country") {
			continue
		}
		if kind == Complaints {
			if _, err := channel.Normalize(v); err == nil && name(i, "channel") {
				continue
			}
		}
		if kind == Surveys && len(v) == 1 {
			if _, ok := parseScore(v); ok {
				name(i, "score")
			}
		}
	}
	for i := len(line) - 1; rollup && i >= 0; i-- {
		if _, reason := parseCount(line[i]); reason == "" && name(i, "count") {
			break
		}
	}
	return strings.Join(names, ",")
}

// headerInData is the error for a file read without its header (--header
// given) whose first line is a header all the same.
func headerInData(kind Kind, cols *columns, rec []string) *DataError {
	return &DataError{Column: cols.period + 1, Name: cols.header[cols.period], Value: rec[cols.period],
		Reason: "the first line is a header, not data, though --header says " + kind.String() + " files have none",
		Hint:   fmt.Sprintf("drop --header for %s files (or give it for the kind whose files have no header line, such as %s=…), or delete the header line", kind, otherKind(kind))}
}

// firstRowsWindow is how many rows the checks of the first rows read of a
// column from its first value before they decide: a column of country
// codes is refused then. A column still empty after the first
// firstRowsWindow rows stays watched to the end of the file, or to its
// first value (reader.go, and the fast path, which leaves a line with a
// value in such a column to the general reader): a count or a country
// code that first shows on row 101 is refused as on row 1. Once only
// such columns are watched, a file's rows may be added up the format's
// faster way.
const firstRowsWindow = 100

// firstRows are the checks that the first rows of a file decide: a file of
// counts that would be read as events, and a country column under another
// name that would be ignored. Each watches the columns that may be one
// until a value says otherwise.
type firstRows struct {
	cols    *columns
	kind    Kind
	country string // every row's country, for the message
	month   bool   // the first row's period is a month
	rows    int
	// counts are the columns that may be counts, with only empty values
	// so far; countries those with only country codes (or empty values) so
	// far, codeAt the refusal at the first code of each, and since the row
	// of that code.
	counts, countries []int
	codeAt            map[int]*DataError
	since             map[int]int
}

// firstRows returns the checks of the file's first rows, nil when no column
// is in doubt; the first row is parsed (c.form is its period's form).
//
// A warehouse names an unnamed count column as it likes (BigQuery f0_,
// Spark count(1), DuckDB count_star(), antal in Swedish), and counting such
// rows one each is a figure wrong by a factor of millions; count=none says
// each row is one event. When the period is a month, any column of numbers
// is such a count. Dates and timestamps are checked for those names alone:
// event exports carry ids and amounts, but no column named as a count.
//
// A country column under a name that is not one of countryColumns (ctry,
// kundland) is not read, and every row would count for --country.
func (c *columns) firstRows(kind Kind, country string) *firstRows {
	f := &firstRows{cols: c, kind: kind, country: country, month: c.form == period.FormMonth, codeAt: map[int]*DataError{}, since: map[int]int{}}
	for i, name := range c.written {
		if i >= len(c.header) || c.isBound(i) || c.header[i] == "" || idLike(name) {
			continue // a column without a name is pandas' index
		}
		if c.count == absent && !c.countNone && (f.month || countNamed(c.header[i])) {
			f.counts = append(f.counts, i)
		}
		if c.country == absent && !c.countryNone {
			f.countries = append(f.countries, i)
		}
	}
	if len(f.counts) == 0 && len(f.countries) == 0 {
		return nil
	}
	return f
}

// mayWatch tells a column the checks of the first rows may watch, whatever
// the first row's period: before it is read.
func (c *columns) mayWatch(i int) bool {
	if i >= len(c.header) || i >= len(c.written) || c.isBound(i) || c.header[i] == "" || idLike(c.written[i]) {
		return false
	}
	return c.count == absent && !c.countNone || c.country == absent && !c.countryNone
}

// watches tells a column the checks still read (nil checks read none).
func (f *firstRows) watches(i int) bool {
	return f != nil && (slices.Contains(f.counts, i) || slices.Contains(f.countries, i))
}

// countNamed tells a column named as warehouses name an unnamed count:
// BigQuery f0_ (f1_ when an unnamed column comes before), count(1),
// count(*), count(id) and DuckDB's count_star(); antal in Swedish, antall
// in Norwegian.
func countNamed(name string) bool {
	if digits, ok := strings.CutPrefix(name, "f"); ok && strings.HasSuffix(digits, "_") && allDigits(digits[:len(digits)-1]) {
		return true
	}
	return strings.HasPrefix(name, "count(") && strings.HasSuffix(name, ")") || name == "count_star()" || name == "antal" || name == "antall"
}

// see checks one more row: the refusal of a count read as events comes at
// the row whose value shows it (the first row, unless its cell is empty);
// the refusal of an ignored country column once firstRowsWindow rows from
// its first code have said the same, or at the end of the file (end). at
// puts a refusal in its place. done: every column is decided.
func (f *firstRows) see(rec []string, at func(*DataError) *DataError) (done bool, err *DataError) {
	f.rows++
	var numbers []int
	counts := f.counts[:0]
	for _, i := range f.counts {
		switch v := strings.TrimSpace(rec[i]); {
		case v == "":
			counts = append(counts, i)
		case allDigits(v) || numberAsShown(v) != "":
			numbers = append(numbers, i)
		}
	}
	f.counts = counts
	if len(numbers) > 0 {
		return true, at(f.countRefusal(numbers, rec))
	}
	countries := f.countries[:0]
	for _, i := range f.countries {
		switch v := strings.TrimSpace(rec[i]); {
		case v == "":
			countries = append(countries, i)
		case countryLike(v):
			countries = append(countries, i)
			if f.codeAt[i] == nil {
				f.codeAt[i], f.since[i] = at(f.countryRefusal(i, rec)), f.rows
			}
		}
	}
	f.countries = countries
	for _, i := range f.countries {
		if f.codeAt[i] != nil && f.rows-f.since[i]+1 >= firstRowsWindow {
			return true, f.codeAt[i]
		}
	}
	return len(f.counts) == 0 && len(f.countries) == 0, nil
}

// settled tells that the checks have read their first rows and watch only
// columns empty so far: the rest of the file may be added up the faster
// way, which leaves a row with a value in them to the general reader.
func (f *firstRows) settled() bool {
	if f.rows < firstRowsWindow {
		return false
	}
	for _, i := range f.countries {
		if f.codeAt[i] != nil {
			return false
		}
	}
	return true
}

// watched are the columns the checks still read (nil checks read none).
func (f *firstRows) watched() []int {
	if f == nil {
		return nil
	}
	return append(slices.Clone(f.counts), f.countries...)
}

// watching is len(f.watched()).
func (f *firstRows) watching() int {
	if f == nil {
		return 0
	}
	return len(f.counts) + len(f.countries)
}

// end is the checks' decision at the end of the file: a column whose every
// value read was a country code is refused.
func (f *firstRows) end() *DataError {
	for _, i := range f.countries {
		if e := f.codeAt[i]; e != nil {
			return e
		}
	}
	return nil
}

// countRefusal refuses a file of counts read as events: the columns of
// numbers are named, the first with its value.
func (f *firstRows) countRefusal(numbers []int, rec []string) *DataError {
	c := f.cols
	i := numbers[0]
	name := strings.TrimSpace(c.written[i])
	whole := true // every value is plain digits
	var names []string
	for _, j := range numbers {
		names = append(names, ShowName(strings.TrimSpace(c.written[j])))
		whole = whole && allDigits(strings.TrimSpace(rec[j]))
	}
	number := "number"
	if whole {
		number = "whole number"
	}
	what := names[0] + " holds a " + number
	named := names[0] + " is a warehouse's name for a count and holds a " + number
	if len(names) > 1 {
		what = fmt.Sprintf("%s hold %ss", strings.Join(names, " and "), number)
		named = fmt.Sprintf("%s are warehouses' names for a count and hold %ss", strings.Join(names, " and "), number)
	}
	reason := fmt.Sprintf("the period is a month and %s, but no column is read as the count: each row would count as one event", what)
	if !f.month {
		reason = named + ", but no column is read as the count: each row would count as one event"
	}
	return &DataError{Column: i + 1, Name: name, Value: rec[i], Reason: reason,
		Hint: fmt.Sprintf("if %s counts %s, pass --columns %s; if each row really is one event, pass --columns %s",
			name, f.kind, shellWord(f.kind.String()+".count="+name), f.kind.String()+".count=none")}
}

// countryRefusal refuses a column of country codes that is not read as the
// country: every row would count for the one country.
func (f *firstRows) countryRefusal(i int, rec []string) *DataError {
	name := strings.TrimSpace(f.cols.written[i])
	return &DataError{Column: i + 1, Name: name, Value: rec[i],
		Reason: fmt.Sprintf("%s holds country codes, but no column is read as the country: every row would count for %s", ShowName(name), f.country),
		Hint: fmt.Sprintf("if %s is the country, pass --columns %s; if it is not, pass --columns %s (every row is --country's)",
			name, shellWord(f.kind.String()+".country="+name), f.kind.String()+".country=none")}
}

// countryLike tells a value written as the country column's are: a
// two-letter ISO 3166 code of a country, in upper case (NO, DK).
func countryLike(v string) bool {
	if len(v) != 2 || v[0] < 'A' || v[0] > 'Z' || v[1] < 'A' || v[1] > 'Z' {
		return false
	}
	r, err := language.ParseRegion(v)
	return err == nil && r.IsCountry()
}

// isBound tells a column read in a role.
func (c *columns) isBound(i int) bool {
	return i == c.period || i == c.country || i == c.count || i == c.channel || i == c.category || i == c.score
}

// idLike tells a column named as an identifier (id, customer_id,
// customerId): whole numbers, but never a count.
func idLike(name string) bool {
	n := strings.TrimSpace(name)
	lower := strings.ToLower(n)
	if lower == "id" || lower == "nr" {
		return true
	}
	for _, suffix := range []string{"_id", " id", "-id", ".id"} {
		if strings.HasSuffix(lower, suffix) {
			return true
		}
	}
	// customerId, customerID
	if len(n) > 2 && (strings.HasSuffix(n, "Id") || strings.HasSuffix(n, "ID")) && unicode.IsLower(rune(n[len(n)-3])) {
		return true
	}
	return false
}

// atMidnight tells a timestamp without an offset at 00:00:00: every digit
// of its time of day is a zero.
func atMidnight(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) < 16 {
		return false
	}
	for i := 11; i < len(s); i++ {
		switch s[i] {
		case '0', ':', '.', ',':
		default:
			return false
		}
	}
	return true
}

// shellWord quotes s for a shell when it holds anything but letters,
// digits and _ . , = - / : +.
func shellWord(s string) string {
	for _, c := range s {
		if !(c < unicode.MaxASCII && (unicode.IsLetter(c) || unicode.IsDigit(c)) || strings.ContainsRune("_.,=-/:+", c)) {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return s
}

// Package input reads the CSV exports (transactions, complaints, surveys) row
// by row, strictly: every value that cannot be read is a DataError naming its
// file, line, column and value, never a zero.
package input

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nollmission/nollmission/pkg/channel"
	"github.com/nollmission/nollmission/pkg/period"
)

// Kind is one of the three kinds of input file.
type Kind int

const (
	Transactions Kind = iota
	Complaints
	Surveys
)

// Kinds lists every kind, in flag order.
var Kinds = []Kind{Transactions, Complaints, Surveys}

func (k Kind) String() string {
	return [...]string{"transactions", "complaints", "surveys"}[k]
}

// Data names the kind's data in messages: "survey data", not "surveys data".
func (k Kind) Data() string {
	return [...]string{"transactions data", "complaints data", "survey data"}[k]
}

// Flag is the command-line flag that names files of this kind.
func (k Kind) Flag() string { return "--" + k.String() }

// countColumns are the accepted names of the count column, in preference order.
func (k Kind) countColumns() []string {
	return [][]string{{"count", "transactions"}, {"count", "complaints"}, {"count", "responses"}}[k]
}

// periodColumns are the accepted period columns, most precise first: when a
// file has several, the most precise one is used.
var periodColumns = []string{"timestamp", "date", "month"}

// Row is one parsed record: one event, or a count of events.
type Row struct {
	Month    period.Month
	Country  string
	Channel  string // complaints only
	Category string // complaints only
	Score    int    // surveys only
	Count    int64
}

// Config holds what reading needs beyond the bytes.
type Config struct {
	Bucketer *period.Bucketer
	Country  string // the country of rows in a file without a country column
	// Delimiter and Encoding override detection (0 and EncodingAuto detect).
	Delimiter rune
	Encoding  Encoding
	// NoFastPath makes ReadSummed read every file as Read does (the
	// differential tests compare the two).
	NoFastPath bool
}

// FileStats describes one file that was read, for the JSON inputs list.
type FileStats struct {
	Kind        string `json:"kind"`
	Path        string `json:"path"`
	Rows        int64  `json:"rows"`
	Delimiter   string `json:"delimiter"`
	Encoding    string `json:"encoding"`
	Compression string `json:"compression"`
}

// columns maps the columns of one file's header.
type columns struct {
	header                            []string
	period, country, count            int
	channel, category, score, nfields int
}

const absent = -1

// Read streams the rows of src to emit, one Row at a time (the Row is reused:
// copy what you keep). Memory does not grow with the number of rows. Rows
// whose fields are all empty (Excel pads with ";;;") are skipped.
func Read(src Source, kind Kind, cfg Config, emit func(*Row) error) (FileStats, error) {
	return read(src, kind, cfg, emit, false)
}

// ReadSummed is Read for a caller that only adds the rows up: a Row may
// stand for several rows of the same month, country, channel, category and
// score, with their counts summed in Count. Files that allow it take the
// fast path (fast.go) unless cfg.NoFastPath; the sums, the stats and any
// error are those of Read.
func ReadSummed(src Source, kind Kind, cfg Config, emit func(*Row) error) (FileStats, error) {
	return read(src, kind, cfg, emit, !cfg.NoFastPath)
}

func read(src Source, kind Kind, cfg Config, emit func(*Row) error, fast bool) (FileStats, error) {
	stats := FileStats{Kind: kind.String(), Path: src.Name}
	f, err := OpenCSV(src, cfg.Delimiter, cfg.Encoding)
	if err != nil {
		return stats, err
	}
	defer f.Close()

	header, err := f.Read()
	if err == io.EOF {
		return stats, &DataError{File: src.Name, Reason: "the file is empty", Hint: "a header line is required, e.g. " + exampleHeader(kind)}
	}
	if err != nil {
		return stats, err
	}
	cols, err := bind(src.Name, kind, header, f.Line(0), f.Dialect().Delimiter)
	if err != nil {
		return stats, err
	}
	country := strings.ToUpper(cfg.Country)
	var row Row
	if plan := fastPlanFor(fast, cols, header, f, country, cfg.Bucketer); plan != nil {
		headerLine := f.Line(0)
		got := plan.run(f.body)
		if err := emitSums(got.sums, emit); err != nil {
			return stats, err
		}
		stats.Rows = got.sums.rows
		if got.rest == nil {
			d := f.Dialect()
			stats.Delimiter, stats.Encoding, stats.Compression = string(d.Delimiter), string(d.Encoding), string(d.Compression)
			return stats, nil
		}
		f.resume(got.rest, headerLine+1+got.lines)
	}
	for {
		rec, err := f.Read()
		if err == io.EOF {
			d := f.Dialect()
			stats.Delimiter, stats.Encoding, stats.Compression = string(d.Delimiter), string(d.Encoding), string(d.Compression)
			return stats, nil
		}
		if err != nil {
			return stats, err
		}
		if blank(rec) {
			continue
		}
		if err := cols.fit(rec); err != nil {
			err.File, err.Line = src.Name, f.Line(err.Column-1)
			err.Hint += fmt.Sprintf(" (the delimiter is %s; --delimiter sets it)", DelimiterName(f.Dialect().Delimiter))
			return stats, err
		}
		if err := cols.parse(rec, country, cfg.Bucketer, &row); err != nil {
			err.File = src.Name
			err.Line = f.Line(err.Column - 1)
			err.Name = cols.header[err.Column-1]
			return stats, err
		}
		stats.Rows++
		if err := emit(&row); err != nil {
			return stats, err
		}
	}
}

// blank tells a row of empty fields.
func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// fit checks that a row has the header's fields. A trailing delimiter on
// the header or on the row (an empty last field) is not held against it.
// The error points at the first field beyond the header, or at the last
// field of a short row.
func (c *columns) fit(rec []string) *DataError {
	n := len(rec)
	if n == c.nfields {
		return nil
	}
	if n > c.nfields && blank(rec[c.nfields:]) || n < c.nfields && blank(c.header[n:]) {
		return nil
	}
	reason := fmt.Sprintf("the row has %s, the header has %d", plural(n, "field"), c.nfields)
	hint := "every row needs as many fields as the header; quote fields that contain the delimiter"
	if n > c.nfields {
		return &DataError{Column: c.nfields + 1, Value: rec[c.nfields], Reason: reason, Hint: hint}
	}
	return &DataError{Column: n, Name: c.header[n-1], Value: rec[n-1], Reason: reason, Hint: hint}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// bind finds the columns a kind needs; names match case-insensitively,
// surrounding spaces and a byte-order mark ignored.
func bind(file string, kind Kind, header []string, line int, delimiter rune) (*columns, error) {
	names := make([]string, len(header))
	index := map[string]int{}
	for i, h := range header {
		n := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
		names[i] = n
		if _, dup := index[n]; !dup {
			index[n] = i
		}
	}
	first := func(candidates ...string) int {
		for _, c := range candidates {
			if i, ok := index[c]; ok {
				return i
			}
		}
		return absent
	}
	if err := ambiguous(file, line, kind, header, names, index); err != nil {
		return nil, err
	}
	cols := &columns{
		header:   names,
		nfields:  len(header),
		period:   first(periodColumns...),
		country:  first("country"),
		count:    first(kind.countColumns()...),
		channel:  absent,
		category: absent,
		score:    absent,
	}
	missing := func(what string, want []string) error {
		hint := fmt.Sprintf("name it %s (case and surrounding spaces do not matter); a %s file looks like: %s", strings.Join(want, " or "), kind, exampleHeader(kind))
		if len(header) == 1 && strings.ContainsAny(header[0], ",;\t|") {
			hint = fmt.Sprintf("the whole header is one column with the delimiter %s; if the file uses another, pass --delimiter or leave it to detection", DelimiterName(delimiter))
		}
		return &DataError{File: file, Line: line,
			Reason: fmt.Sprintf("no %s column; the header has: %s", what, strings.Join(shown(names), ", ")),
			Hint:   hint}
	}
	if cols.period == absent {
		return nil, missing("period", periodColumns)
	}
	switch kind {
	case Complaints:
		cols.channel = first("channel")
		cols.category = first("category")
	case Surveys:
		if cols.score = first("score"); cols.score == absent {
			return nil, missing("score", []string{"score"})
		}
	}
	return cols, nil
}

// ambiguous refuses a header that leaves in doubt which column to read: a
// column the kind uses that appears twice, or two count columns (count and
// transactions): taking the first would silently drop the other.
func ambiguous(file string, line int, kind Kind, header, names []string, index map[string]int) error {
	used := map[string]bool{"country": true, "channel": kind == Complaints, "category": kind == Complaints, "score": kind == Surveys}
	for _, n := range append(append([]string{}, periodColumns...), kind.countColumns()...) {
		used[n] = true
	}
	for i, n := range names {
		if used[n] && index[n] != i {
			return &DataError{File: file, Line: line, Column: i + 1, Name: ShowName(n), Value: header[i],
				Reason: fmt.Sprintf("column %q appears twice (columns %d and %d)", n, index[n]+1, i+1),
				Hint:   "keep one of them, or rename the other"}
		}
	}
	counts := kind.countColumns()
	if a, okA := index[counts[0]]; okA {
		if b, okB := index[counts[1]]; okB {
			return &DataError{File: file, Line: line, Column: b + 1, Name: counts[1], Value: header[b],
				Reason: fmt.Sprintf("two count columns, %s (column %d) and %s (column %d)", counts[0], a+1, counts[1], b+1),
				Hint:   "keep one count column, or rename the other"}
		}
	}
	return nil
}

// shown lists the header's names for a message; the empty names of
// trailing delimiters are left out.
func shown(names []string) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		if n != "" {
			out = append(out, ShowName(n))
		}
	}
	return out
}

func exampleHeader(kind Kind) string {
	return [...]string{
		"month,country,transactions (count rows) or timestamp,country (one row per purchase)",
		"month,country,channel,category,complaints (count rows) or date,channel (one row per complaint)",
		"month,country,score,responses (count rows) or timestamp,score (one row per answer)",
	}[kind]
}

// parse fills row from one record. The error it returns has only the column
// and value set; Read adds the file and line.
func (c *columns) parse(rec []string, country string, b *period.Bucketer, row *Row) *DataError {
	bad := func(col int, reason, hint string) *DataError {
		return &DataError{Column: col + 1, Value: rec[col], Reason: reason, Hint: hint}
	}
	m, err := b.Month(strings.TrimSpace(rec[c.period]))
	if err != nil {
		return bad(c.period, err.Error(), "want "+period.Forms)
	}
	row.Month = m

	row.Country = country
	if c.country != absent {
		v := strings.ToUpper(strings.TrimSpace(rec[c.country]))
		if v == "" {
			return bad(c.country, "empty country", "fill in a country code such as SE, or drop the column to use --country")
		}
		if !utf8.ValidString(v) {
			return bad(c.country, notUTF8, notUTF8Hint)
		}
		row.Country = v
	}

	row.Count = 1
	if c.count != absent {
		n, reason := parseCount(rec[c.count])
		if reason != "" {
			return bad(c.count, reason, "counts are whole numbers of 0 or more, such as 12 (010 is ten)")
		}
		row.Count = n
	}

	if c.channel != absent {
		ch, err := channel.Normalize(rec[c.channel])
		if err != nil {
			return bad(c.channel, "unknown channel", channel.Hint())
		}
		row.Channel = ch
	} else {
		row.Channel = channel.Unspecified
	}
	if c.category != absent {
		if !utf8.ValidString(rec[c.category]) {
			return bad(c.category, notUTF8, notUTF8Hint)
		}
		row.Category = normalizeCategory(rec[c.category])
	} else {
		row.Category = ""
	}

	if c.score != absent {
		s, ok := parseScore(rec[c.score])
		if !ok {
			return bad(c.score, "not a score from 1 to 5", "scores are whole numbers from 1 to 5")
		}
		row.Score = s
	}
	return nil
}

// A free-text value that is not UTF-8 in a file read as UTF-8: the file
// mixes encodings, and decoding it anyway would merge "Köp" and "Kåp".
const (
	notUTF8     = "not valid UTF-8, though the file was read as UTF-8"
	notUTF8Hint = "the file mixes encodings; save it as UTF-8, or pass --encoding windows-1252 if it is all Windows-1252"
)

// UnspecifiedCategory is the category of complaints without one.
const UnspecifiedCategory = "unspecified"

// normalizeCategory makes "Refunds ", "refunds" and "REFUNDS" one category:
// lower case, runs of white space one space, none around. It runs once a
// row, so a category already in that form is returned as it is, and any
// other is built in one pass.
func normalizeCategory(s string) string {
	if isNormalCategory(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	if b.Len() == 0 {
		return UnspecifiedCategory
	}
	return b.String()
}

// isNormalCategory tells a non-empty category of lower-case ASCII with
// single inner spaces.
func isNormalCategory(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' || c < ' ' || c == ' ' && s[i+1] == ' ' {
			return false
		}
	}
	return true
}

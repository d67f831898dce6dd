// Package published reads files of published figures, the input of
// `nollmission verify`, in one of two shapes chosen by the header:
//
//   - one figure a row (the header has a metric column): its metric, period
//     and value as published, optional country and channel;
//   - a column per metric (the programme's own tables: period,rate or
//     month,authority,complaints): a period column named period, month or
//     year, one or more columns named after metrics (Metrics), optional
//     country and channel (or authority). Each value is one figure; an
//     empty cell is a figure not published.
//
// Reading is strict: every value that cannot be read is an input.DataError
// naming file, line, column and value. Whether the data can produce a figure
// (a known metric in the first shape, a known channel) is for verify to
// judge, not a reading error; but a column of the second shape that names no
// metric is refused, since it would check nothing.
package published

import (
	"errors"
	"fmt"
	"io"
	"math/big"
	"slices"
	"strings"

	"github.com/gocarina/gocsv"

	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/period"
)

// Period is a month, or a whole year (the full-year figure).
type Period struct {
	Month  period.Month // the month, when !IsYear
	Year   int
	IsYear bool
}

func (p Period) String() string {
	if p.IsYear {
		return fmt.Sprintf("%04d", p.Year)
	}
	return p.Month.String()
}

// MarshalText makes periods appear as "2019-03" or "2019" in JSON.
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// The metrics a published file may name, as written in a metric column or as
// the name of a column of figures. verify computes each of them.
const (
	MetricRate                = "rate"
	MetricSatisfiedPerMillion = "satisfied_per_million"
	MetricTransactions        = "transactions"
	MetricComplaints          = "complaints"
	MetricCSATPercent         = "csat_percent"
	MetricDSATPercent         = "dsat_percent"
)

// Metrics lists the metrics in the order the docs give them.
var Metrics = []string{MetricRate, MetricSatisfiedPerMillion, MetricTransactions, MetricComplaints, MetricCSATPercent, MetricDSATPercent}

// IsMetric tells whether name (lower case) is one of Metrics.
func IsMetric(name string) bool { return slices.Contains(Metrics, name) }

// Figure is one published figure and where it was read.
type Figure struct {
	File   string
	Line   int
	Metric string // lower case, as written otherwise: verify judges unknown ones
	Period Period
	// Value is the figure exactly as published; Precision is the number of
	// decimals it was written with, the precision it is compared at.
	Value     *big.Rat
	Precision int
	Text      string // the value as written, trimmed
	Column    int    // the value's column, 1-based, for an error that names it
	ValueName string // the value's column's name: value, or the metric's column
	Country   string // upper case; "" means the configured country
	Channel   string // as written, trimmed; "" when the row has none
}

// Column names, as they appear in the header (case and surrounding spaces do
// not matter).
const (
	ColMetric  = "metric"
	ColPeriod  = "period"
	ColValue   = "value"
	ColCountry = "country"
	ColChannel = "channel"
	// A file with a column per metric names its period column period,
	// month or year, and may name its channel column authority.
	ColMonth     = "month"
	ColYear      = "year"
	ColAuthority = "authority"
)

var required = []string{ColMetric, ColPeriod, ColValue}

// Header is the header of a file of one figure a row, for hints.
const Header = "metric,period,value,country,channel"

// Shapes names the two shapes a published-figures file may have, for hints.
const Shapes = "one figure a row (" + Header + ") or a period column and a column per metric (period,rate or month,authority,complaints)"

// record is one row as text: gocsv maps columns to fields by header name and
// converts nothing (every field is a string), so that "010" stays ten and an
// empty value stays an error, both judged by ParseDecimal. gocsv's
// package-level settings stay at their defaults: lineReader normalises and
// checks the header itself.
type record struct {
	Metric  string `csv:"metric"`
	Period  string `csv:"period"`
	Value   string `csv:"value"`
	Country string `csv:"country"`
	Channel string `csv:"channel"`
}

// Read reads every figure of one file, of either shape. The file is opened
// as every input is (gzip or zstd, UTF-8 with or without BOM or
// Windows-1252, delimiter , ; or tab detected), so that Swedish Excel
// exports with ; and "84,0" read as they are. A header with no rows, or
// rows whose every metric cell is empty, is no figures, not an error.
func Read(src input.Source) ([]Figure, error) {
	f, err := input.OpenCSV(src, 0, input.EncodingAuto)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	lr := &lineReader{csv: f, file: src.Name}
	// The header chooses the shape.
	if _, err := lr.Read(); err != nil {
		return nil, lr.readError(err)
	}
	if lr.perMetric {
		return lr.readPerMetric()
	}
	lr.replay = true // gocsv reads the header again
	var records []record
	if err := gocsv.UnmarshalCSV(lr, &records); err != nil {
		return nil, lr.readError(err)
	}
	figures := make([]Figure, 0, len(records))
	for i, rec := range records {
		fig, err := lr.figure(rec, lr.lines[i])
		if err != nil {
			return nil, err
		}
		figures = append(figures, fig)
	}
	return figures, nil
}

// readError is err as a DataError of the file.
func (r *lineReader) readError(err error) error {
	var de *input.DataError
	if errors.As(err, &de) {
		return de
	}
	return &input.DataError{File: r.file, Reason: "cannot read: " + err.Error()}
}

// lineReader is the CSV reader gocsv reads through: it checks the header
// and the shape of every row, and remembers the physical line of each row,
// which gocsv does not know. A file with a column per metric is read
// through it too, row by row (readPerMetric).
type lineReader struct {
	csv     *input.CSVFile
	file    string
	header  []string       // normalised names
	index   map[string]int // column of each name
	started bool
	replay  bool  // the next Read returns the header again
	checked []int // the columns whose values are read, checked for control characters in this order
	lines   []int // physical line of each data row

	// A file with a column per metric: the columns of each part.
	perMetric        bool
	period           int   // the period column
	metricCols       []int // the columns of figures, in file order
	country, channel int   // -1 when absent; channel may be named authority
	unnamed          []int // columns with an empty name (Excel pads with ;;)
}

func (r *lineReader) Read() ([]string, error) {
	if r.replay {
		r.replay = false
		return r.header, nil
	}
	for {
		rec, err := r.csv.Read()
		if errors.Is(err, io.EOF) {
			if !r.started {
				return nil, &input.DataError{File: r.file, Reason: "the file is empty", Hint: "a header line is required: " + Shapes}
			}
			return nil, io.EOF
		}
		if err != nil {
			if r.started {
				input.NameColumn(err, r.header) // a stray quote's column
			}
			return nil, err
		}
		if !r.started {
			r.started = true
			return r.bind(rec, r.csv.Line(0))
		}
		if blank(rec) {
			continue // Excel pads with ;;;
		}
		line := r.csv.Line(0)
		if len(rec) != len(r.header) {
			return nil, &input.DataError{File: r.file, Line: line,
				Reason: fmt.Sprintf("the row has %d fields, the header has %d", len(rec), len(r.header)),
				Hint: fmt.Sprintf(`every row needs as many fields as the header (the delimiter is %s); quote a value with a decimal comma in a comma-separated file ("84,0"), or separate with ;`,
					input.DelimiterName(r.csv.Dialect().Delimiter))}
		}
		// A value that could drive the terminal the report is shown on
		// is refused, as in the data files (a line break in a quoted
		// field is not: it drives nothing).
		for _, i := range r.checked {
			if reason, hint := input.TextProblem(rec[i], true); reason != "" {
				return nil, &input.DataError{File: r.file, Line: r.csv.Line(i), Column: i + 1, Name: r.header[i], Value: rec[i], Reason: reason, Hint: hint}
			}
		}
		r.lines = append(r.lines, line)
		return slices.Clone(rec), nil // the CSV reader reuses its record
	}
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

func (r *lineReader) ReadAll() ([][]string, error) {
	var all [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return all, nil
		}
		if err != nil {
			return nil, err
		}
		all = append(all, rec)
	}
}

// bind normalises the header (case, surrounding spaces) and chooses the
// shape: with a metric column, one figure a row, whose required columns must
// be there once each (columns of other names are ignored); else a column
// per metric (bindPerMetric).
func (r *lineReader) bind(header []string, line int) ([]string, error) {
	r.header = make([]string, len(header))
	for i, h := range header {
		r.header[i] = strings.ToLower(strings.TrimSpace(h))
	}
	if !slices.Contains(r.header, ColMetric) {
		return r.bindPerMetric(header, line)
	}
	for i, name := range r.header {
		switch {
		case name == ColAuthority:
			// As in a file with a column per metric: an authority is a
			// channel. Ignored, a complaints figure of one authority was
			// checked against every channel's.
			if c := slices.Index(r.header, ColChannel); c >= 0 {
				return nil, &input.DataError{File: r.file, Line: line, Column: i + 1, Value: header[i],
					Reason: fmt.Sprintf("columns %s and %s both name the channel", ColChannel, ColAuthority),
					Hint:   "keep one: an authority (arn, konsumentverket, ...) is read as a channel"}
			}
			r.header[i] = ColChannel
		case IsMetric(name):
			// Its figures would never be checked.
			return nil, &input.DataError{File: r.file, Line: line, Column: i + 1, Value: header[i],
				Reason: "a column named after a metric beside the metric column, whose figures would not be checked",
				Hint:   "write the file in one shape: " + Shapes}
		}
	}
	r.index = map[string]int{}
	for i, h := range header {
		name := r.header[i]
		if first, dup := r.index[name]; dup && isKnown(name) {
			return nil, &input.DataError{File: r.file, Line: line, Column: i + 1, Value: h,
				Reason: fmt.Sprintf("column %s is also column %d", name, first+1), Hint: "keep one column of each name"}
		}
		r.index[name] = i
	}
	for _, name := range required {
		if _, ok := r.index[name]; !ok {
			return nil, &input.DataError{File: r.file, Line: line,
				Reason: fmt.Sprintf("no %s column; the header has: %s", name, strings.Join(r.header, ", ")),
				Hint:   "a published-figures file looks like: " + Header + " (country and channel are optional)"}
		}
	}
	for _, name := range []string{ColMetric, ColPeriod, ColValue, ColCountry, ColChannel} {
		if i, ok := r.index[name]; ok {
			r.checked = append(r.checked, i)
		}
	}
	// gocsv matches names exactly: hand it the normalised ones.
	return r.header, nil
}

func isKnown(name string) bool {
	switch name {
	case ColMetric, ColPeriod, ColValue, ColCountry, ColChannel:
		return true
	}
	return false
}

// wideLayoutColumns are the columns of the layout rate and csat --layout
// wide write (a row per year, a month a column), in English and Swedish.
var wideLayoutColumns = map[string]bool{
	"jan": true, "feb": true, "mar": true, "apr": true, "may": true, "jun": true,
	"jul": true, "aug": true, "sep": true, "oct": true, "nov": true, "dec": true,
	"january": true, "february": true, "march": true, "april": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
	"januari": true, "februari": true, "mars": true, "maj": true, "juni": true, "juli": true,
	"augusti": true, "okt": true, "oktober": true,
	"full_year": true, "months_covered": true,
}

// bindPerMetric binds the header of a file with a column per metric: one
// period column (period, month or year), one or more columns named after a
// metric, and optional country and channel (or authority) columns. Any other
// name is refused: a misspelt metric would check nothing and pass.
func (r *lineReader) bindPerMetric(header []string, line int) ([]string, error) {
	r.perMetric = true
	r.index = map[string]int{}
	r.period, r.country, r.channel = -1, -1, -1
	headerError := func(i int, reason, hint string) error {
		return &input.DataError{File: r.file, Line: line, Column: i + 1, Value: header[i], Reason: reason, Hint: hint}
	}
	// rate --layout wide -o csv: say what the file is before its first
	// month is called an unknown metric.
	for i, name := range r.header {
		if wideLayoutColumns[name] {
			return nil, headerError(i, "a column of the layout rate and csat --layout wide write (a row per year, a month a column), which verify does not read",
				"verify reads "+Shapes+": a row per month (2019-03) or year (2019), not a column per month")
		}
	}
	for i, name := range r.header {
		if name == "" {
			r.unnamed = append(r.unnamed, i)
			continue
		}
		if first, dup := r.index[name]; dup {
			return nil, headerError(i, fmt.Sprintf("column %s is also column %d", name, first+1), "keep one column of each name")
		}
		r.index[name] = i
		switch {
		case name == ColPeriod || name == ColMonth || name == ColYear:
			if r.period >= 0 {
				return nil, headerError(i, fmt.Sprintf("columns %s and %s both name the period", r.header[r.period], name),
					"keep one period column, named period, month or year, with a month (2019-03) or a year (2019) in each row")
			}
			r.period = i
		case IsMetric(name):
			r.metricCols = append(r.metricCols, i)
		case name == ColCountry:
			r.country = i
		case name == ColChannel || name == ColAuthority:
			if r.channel >= 0 {
				return nil, headerError(i, fmt.Sprintf("columns %s and %s both name the channel", r.header[r.channel], name),
					"keep one: an authority (arn, konsumentverket, ...) is read as a channel")
			}
			r.channel = i
		default:
			return nil, headerError(i, "no metric of that name: verify knows "+strings.Join(Metrics, ", "),
				"name each column of figures after its metric, or delete the column (the others may be period, month or year, country, channel or authority): a column of no metric would check nothing; or write one figure a row: "+Header)
		}
	}
	if r.period < 0 {
		return nil, &input.DataError{File: r.file, Line: line,
			Reason: "no period column (period, month or year); the header has: " + strings.Join(r.header, ", "),
			Hint:   "name the column of months (2019-03) and years (2019) period, month or year"}
	}
	if len(r.metricCols) == 0 {
		return nil, &input.DataError{File: r.file, Line: line,
			Reason: fmt.Sprintf("no %s column; the header has: %s", ColMetric, strings.Join(r.header, ", ")),
			Hint:   "verify reads " + Shapes + "; the metrics are " + strings.Join(Metrics, ", ")}
	}
	for i, name := range r.header {
		if name != "" {
			r.checked = append(r.checked, i)
		}
	}
	return r.header, nil
}

// readPerMetric reads the rows of a file with a column per metric: each
// non-empty metric cell is one figure, in file order, row by row.
func (r *lineReader) readPerMetric() ([]Figure, error) {
	figures := []Figure{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return figures, nil
		}
		if err != nil {
			return nil, r.readError(err)
		}
		if figures, err = r.perMetricFigures(rec, figures); err != nil {
			return nil, err
		}
	}
}

// perMetricFigures appends the figures of the row last read. A row whose
// every metric cell is empty publishes nothing and is skipped.
func (r *lineReader) perMetricFigures(rec []string, figures []Figure) ([]Figure, error) {
	bad := func(i int, reason, hint string) error {
		return &input.DataError{File: r.file, Line: r.csv.Line(i), Column: i + 1, Name: r.header[i], Value: rec[i], Reason: reason, Hint: hint}
	}
	for _, i := range r.unnamed {
		if strings.TrimSpace(rec[i]) != "" {
			return nil, &input.DataError{File: r.file, Line: r.csv.Line(i), Column: i + 1, Value: rec[i],
				Reason: "a value in a column without a name",
				Hint:   "name the column after the metric it holds (" + strings.Join(Metrics, ", ") + "), or delete the value"}
		}
	}
	published := false
	for _, i := range r.metricCols {
		if strings.TrimSpace(rec[i]) != "" {
			published = true
		}
	}
	if !published {
		return figures, nil
	}
	p, err := ParsePeriod(strings.TrimSpace(rec[r.period]))
	if err != nil {
		return nil, bad(r.period, err.Error(), "want a month (2019-03) or a year (2019)")
	}
	var country, ch string
	if r.country >= 0 {
		if c := strings.TrimSpace(rec[r.country]); c != "" {
			code, reason, hint := input.CountryOf(c)
			if reason != "" {
				return nil, bad(r.country, reason, hint+"; or leave the country empty for --country's")
			}
			country = code
		}
	}
	if r.channel >= 0 {
		ch = strings.TrimSpace(rec[r.channel])
	}
	for _, i := range r.metricCols {
		text := strings.TrimSpace(rec[i])
		if text == "" {
			continue // not published
		}
		value, precision, err := ParseDecimal(text)
		if err != nil {
			return nil, bad(i, err.Error(), valueHint)
		}
		figures = append(figures, Figure{File: r.file, Line: r.csv.Line(i), Metric: r.header[i], Period: p,
			Value: value, Precision: precision, Text: text, Column: i + 1, ValueName: r.header[i], Country: country, Channel: ch})
	}
	return figures, nil
}

const valueHint = "write the value as published, such as 33, 84.0 or 84,0, without spaces, signs, % or thousands separators"

// figure checks and converts one record; line is its physical line.
func (r *lineReader) figure(rec record, line int) (Figure, error) {
	bad := func(col, value, reason, hint string) error {
		return &input.DataError{File: r.file, Line: line, Column: r.index[col] + 1, Name: col, Value: value, Reason: reason, Hint: hint}
	}
	f := Figure{File: r.file, Line: line}
	f.Metric = strings.ToLower(strings.TrimSpace(rec.Metric))
	if f.Metric == "" {
		return f, bad(ColMetric, rec.Metric, "empty metric", "name the metric, such as rate or complaints")
	}
	p, err := ParsePeriod(strings.TrimSpace(rec.Period))
	if err != nil {
		return f, bad(ColPeriod, rec.Period, err.Error(), "want a month (2019-03) or a year (2019)")
	}
	f.Period = p
	f.Text = strings.TrimSpace(rec.Value)
	f.Column, f.ValueName = r.index[ColValue]+1, ColValue
	if f.Value, f.Precision, err = ParseDecimal(f.Text); err != nil {
		return f, bad(ColValue, rec.Value, err.Error(), valueHint)
	}
	if c := strings.TrimSpace(rec.Country); c != "" {
		// As the data's country column reads it: UK, which no data row
		// can hold (GB), was a mismatch for "no rows for country UK".
		code, reason, hint := input.CountryOf(c)
		if reason != "" {
			return f, bad(ColCountry, rec.Country, reason, hint+"; or leave the country empty for --country's")
		}
		f.Country = code
	}
	f.Channel = strings.TrimSpace(rec.Channel)
	return f, nil
}

// ParsePeriod reads a month ("2019-03") or a year ("2019").
func ParsePeriod(s string) (Period, error) {
	switch len(s) {
	case 4:
		y, err := period.ParseYear(s)
		switch {
		case err != nil:
			return Period{}, errors.New("not a month or a year")
		case y < 1:
			return Period{}, errors.New("outside the years 0001 to 9999") // as a file's timestamps
		}
		return Period{Year: y, IsYear: true}, nil
	case 7:
		m, err := period.ParseMonth(s)
		if err != nil {
			if s[4] == '-' && strings.Trim(s[:4]+s[5:], "0123456789") == "" {
				return Period{}, err // a month that does not exist: say so
			}
			return Period{}, errors.New("not a month or a year")
		}
		if m.Year() < 1 {
			return Period{}, errors.New("outside the years 0001 to 9999")
		}
		return Period{Month: m, Year: m.Year()}, nil
	case 0:
		return Period{}, errors.New("empty period")
	}
	return Period{}, errors.New("not a month or a year")
}

// ParseDecimal reads a published value exactly: digits, optionally a decimal
// point or comma and more digits. The number of decimals written is its
// precision: "33" is 33 to 0 decimals, "33.0" and "33,0" to 1. Leading zeros
// are decimal ("010" is ten); anything else (empty, a sign, an exponent, a
// thousands separator, a percent sign) is refused with the reason.
func ParseDecimal(s string) (*big.Rat, int, error) {
	switch {
	case s == "":
		return nil, 0, errors.New("empty value")
	case s[0] == '-' && len(s) > 1 && s[1] >= '0' && s[1] <= '9':
		return nil, 0, errors.New("negative") // a figure, a tolerance: 0 or more
	}
	whole, frac, hasSep := strings.Cut(strings.Replace(s, ",", ".", 1), ".")
	if !isDigits(whole) || (hasSep && !isDigits(frac)) {
		return nil, 0, errors.New("not a decimal number")
	}
	r, ok := new(big.Rat).SetString(whole + "." + frac)
	if !ok {
		return nil, 0, errors.New("not a decimal number")
	}
	return r, len(frac), nil
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

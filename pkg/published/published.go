// Package published reads files of published figures, the input of
// `nollmission verify`: one figure a row, with its metric, period, value as
// published and optional country and channel. Reading is strict: every value
// that cannot be read is an input.DataError naming file, line, column and
// value. Whether the data can produce a figure (a known metric, a known
// channel) is for verify to judge, not a reading error.
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
)

var required = []string{ColMetric, ColPeriod, ColValue}

// Header is the header of a published-figures file, for hints.
const Header = "metric,period,value,country,channel"

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

// Read reads every figure of one file. The file is opened as every input
// is (gzip or zstd, UTF-8 with or without BOM or Windows-1252, delimiter
// , ; or tab detected), so that Swedish Excel exports with ; and "84,0" read
// as they are. A header with no rows is no figures, not an error.
func Read(src input.Source) ([]Figure, error) {
	f, err := input.OpenCSV(src, 0, input.EncodingAuto)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	lr := &lineReader{csv: f, file: src.Name}
	var records []record
	if err := gocsv.UnmarshalCSV(lr, &records); err != nil {
		var de *input.DataError
		if errors.As(err, &de) {
			return nil, de
		}
		return nil, &input.DataError{File: src.Name, Reason: "cannot read: " + err.Error()}
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

// lineReader is the CSV reader gocsv reads through: it checks the header
// and the shape of every row, and remembers the physical line of each row,
// which gocsv does not know.
type lineReader struct {
	csv     *input.CSVFile
	file    string
	header  []string       // normalised names
	index   map[string]int // column of each name
	started bool
	lines   []int // physical line of each data row
}

func (r *lineReader) Read() ([]string, error) {
	for {
		rec, err := r.csv.Read()
		if errors.Is(err, io.EOF) {
			if !r.started {
				return nil, &input.DataError{File: r.file, Reason: "the file is empty", Hint: "a header line is required: " + Header}
			}
			return nil, io.EOF
		}
		if err != nil {
			// A stray quote names its column; the header is known here.
			var de *input.DataError
			if r.started && errors.As(err, &de) && de.Name == "" && de.Column > 0 && de.Column <= len(r.header) {
				de.Name = r.header[de.Column-1]
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
		for _, name := range []string{ColMetric, ColPeriod, ColValue, ColCountry, ColChannel} {
			if i, ok := r.index[name]; ok {
				if reason, hint := input.TextProblem(rec[i], true); reason != "" {
					return nil, &input.DataError{File: r.file, Line: r.csv.Line(i), Column: i + 1, Name: name, Value: rec[i], Reason: reason, Hint: hint}
				}
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

// bind normalises the header (case, surrounding spaces) and checks that the
// required columns are there, once each. Columns of other names are ignored.
func (r *lineReader) bind(header []string, line int) ([]string, error) {
	r.header = make([]string, len(header))
	r.index = map[string]int{}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		r.header[i] = name
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
	f.Column = r.index[ColValue] + 1
	if f.Value, f.Precision, err = ParseDecimal(f.Text); err != nil {
		return f, bad(ColValue, rec.Value, err.Error(), "write the value as published, such as 33, 84.0 or 84,0, without spaces, signs, % or thousands separators")
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

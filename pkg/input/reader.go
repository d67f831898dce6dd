// Package input reads the CSV exports (transactions, complaints, surveys) row
// by row, strictly: every value that cannot be read is a DataError naming its
// file, line, column and value, never a zero.
package input

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

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
}

// FileStats describes one file that was read, for the JSON inputs list.
type FileStats struct {
	Kind string `json:"kind"`
	Path string `json:"path"`
	Rows int64  `json:"rows"`
}

// columns maps the columns of one file's header.
type columns struct {
	header                            []string
	period, country, count            int
	channel, category, score, nfields int
}

const absent = -1

// Read streams the rows of src to emit, one Row at a time (the Row is reused:
// copy what you keep). Memory does not grow with the number of rows.
func Read(src Source, kind Kind, cfg Config, emit func(*Row) error) (FileStats, error) {
	stats := FileStats{Kind: kind.String(), Path: src.Name}
	rc, err := src.Open()
	if err != nil {
		return stats, openError(src.Name, err)
	}
	defer rc.Close()

	cr := csv.NewReader(bufio.NewReaderSize(rc, 1<<16))
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1 // ragged rows get our own message, with the counts

	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return stats, &DataError{File: src.Name, Reason: "the file is empty", Hint: "a header line is required, e.g. " + exampleHeader(kind)}
	}
	if err != nil {
		return stats, csvError(src.Name, err)
	}
	cols, err := bind(src.Name, kind, header)
	if err != nil {
		return stats, err
	}
	country := strings.ToUpper(cfg.Country)
	var row Row
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return stats, nil
		}
		if err != nil {
			return stats, csvError(src.Name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != cols.nfields {
			return stats, &DataError{File: src.Name, Line: line,
				Reason: fmt.Sprintf("the row has %d fields, the header has %d", len(rec), cols.nfields),
				Hint:   "every row needs as many fields as the header; quote fields that contain the delimiter"}
		}
		if err := cols.parse(rec, country, cfg.Bucketer, &row); err != nil {
			err.File = src.Name
			err.Line, _ = cr.FieldPos(err.Column - 1)
			err.Name = cols.header[err.Column-1]
			return stats, err
		}
		stats.Rows++
		if err := emit(&row); err != nil {
			return stats, err
		}
	}
}

// bind finds the columns a kind needs; names match case-insensitively,
// surrounding spaces and a byte-order mark ignored.
func bind(file string, kind Kind, header []string) (*columns, error) {
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
		return &DataError{File: file, Line: 1,
			Reason: fmt.Sprintf("no %s column; the header has: %s", what, strings.Join(names, ", ")),
			Hint:   fmt.Sprintf("name it %s (case and surrounding spaces do not matter); a %s file looks like: %s", strings.Join(want, " or "), kind, exampleHeader(kind))}
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

// UnspecifiedCategory is the category of complaints without one.
const UnspecifiedCategory = "unspecified"

// normalizeCategory makes "Refunds ", "refunds" and "REFUNDS" one category.
func normalizeCategory(s string) string {
	s = strings.Join(strings.Fields(strings.ToLower(s)), " ")
	if s == "" {
		return UnspecifiedCategory
	}
	return s
}

// csvError turns an encoding/csv error (an unterminated quote, a stray quote)
// into a DataError with the physical line it happened on.
func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		reason := pe.Err.Error()
		hint := "check the quoting on this line"
		if errors.Is(pe.Err, csv.ErrQuote) {
			reason = "a quoted field is not closed"
			hint = fmt.Sprintf("the quote opened on line %d has no closing quote", pe.StartLine)
		} else if errors.Is(pe.Err, csv.ErrBareQuote) {
			reason = "a quote inside an unquoted field"
			hint = `quote the whole field and double the inner quote: "a ""b"" c"`
		}
		return &DataError{File: file, Line: pe.Line, Reason: reason, Hint: hint}
	}
	return &DataError{File: file, Reason: "cannot read: " + err.Error()}
}

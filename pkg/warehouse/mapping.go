// Package warehouse writes the SQL that counts a warehouse's rows into
// nollmission's count rows, so that a year of events is counted where it
// lives and only a few hundred rows travel. It knows the mapping of a kind
// of data onto a table (the warehouse section of the config file), checks
// it, and generates the query in each supported dialect. It runs nothing:
// commands run the queries.
package warehouse

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/period"
)

// PeriodType says what the period column holds, which decides how the
// engine finds its month in the reporting time zone.
type PeriodType string

const (
	// PeriodTimestamptz is an instant: TIMESTAMPTZ in PostgreSQL, Redshift
	// and DuckDB, TIMESTAMP in BigQuery and Spark, TIMESTAMP_TZ or
	// TIMESTAMP_LTZ in Snowflake.
	PeriodTimestamptz PeriodType = "timestamptz"
	// PeriodTimestamp is a naive wall time in the mapping's NaiveTimezone:
	// TIMESTAMP in PostgreSQL, Redshift and DuckDB, DATETIME in BigQuery,
	// TIMESTAMP_NTZ in Snowflake and Spark.
	PeriodTimestamp PeriodType = "timestamp"
	// PeriodDate is a calendar date, already of the reporting time zone.
	PeriodDate PeriodType = "date"
)

// PeriodTypes lists the period types in the order messages name them.
var PeriodTypes = []PeriodType{PeriodTimestamptz, PeriodTimestamp, PeriodDate}

// DefaultNaiveTimezone is the zone of naive timestamps when the mapping
// names none: warehouses usually store UTC.
const DefaultNaiveTimezone = "UTC"

// Config is the config file's warehouse section: the mapping of each kind
// that comes from the warehouse, nil for a kind that does not.
type Config struct {
	Transactions *Mapping `mapstructure:"transactions"`
	Complaints   *Mapping `mapstructure:"complaints"`
	Surveys      *Mapping `mapstructure:"surveys"`
}

// Mapping returns the mapping of kind, or nil.
func (c Config) Mapping(kind input.Kind) *Mapping {
	return [...]*Mapping{c.Transactions, c.Complaints, c.Surveys}[kind]
}

// Validate checks the mapping of every kind given.
func (c Config) Validate() error {
	for _, k := range input.Kinds {
		if m := c.Mapping(k); m != nil {
			if err := m.Validate(k); err != nil {
				return err
			}
		}
	}
	return nil
}

// Mapping tells where one kind of data is in the warehouse: a table or a
// query, and its columns. The mapstructure tags are the config file's keys
// under warehouse.<kind>.
type Mapping struct {
	// Table is a table or view, possibly qualified (analytics.purchases,
	// project.dataset.table): split at dots, each part quoted on its own.
	Table string `mapstructure:"table"`
	// Query is a SELECT used as a subquery instead of a table, verbatim:
	// it is the user's SQL, run with the user's rights.
	Query string `mapstructure:"query"`
	// Period is the column of each row's instant, time or date.
	Period string `mapstructure:"period"`
	// PeriodType is what Period holds.
	PeriodType PeriodType `mapstructure:"period_type"`
	// NaiveTimezone is the IANA zone of a PeriodTimestamp column;
	// DefaultNaiveTimezone when empty; unused with other period types.
	NaiveTimezone string `mapstructure:"naive_timezone"`
	// The optional columns, as in CSV: without Country every row is the
	// reporting country's; Channel and Category are for complaints; Score
	// is required for surveys; with Count each row stands for Count events.
	Country  string `mapstructure:"country"`
	Channel  string `mapstructure:"channel"`
	Category string `mapstructure:"category"`
	Score    string `mapstructure:"score"`
	Count    string `mapstructure:"count"`
}

// MappingError is a mistake in a mapping, named by its config key.
type MappingError struct {
	Key    string // the config key, such as warehouse.transactions.period_type
	Value  string // the value refused; empty when the key is missing
	Reason string
	Hint   string
}

func (e *MappingError) Error() string {
	if e.Value == "" {
		return e.Key + ": " + e.Reason
	}
	return fmt.Sprintf("%s: %q %s", e.Key, e.Value, e.Reason)
}

// Key is the config key of a mapping field, such as
// warehouse.surveys.score.
func Key(kind input.Kind, field string) string {
	return "warehouse." + kind.String() + "." + field
}

// maxTableParts allows database.schema.table (Snowflake) and
// project.dataset.table (BigQuery).
const maxTableParts = 3

// Validate checks m as the mapping of kind. It returns the first mistake,
// in the order of the keys in the config file.
func (m Mapping) Validate(kind input.Kind) error {
	bad := func(field, value, reason, hint string) error {
		return &MappingError{Key: Key(kind, field), Value: value, Reason: reason, Hint: hint}
	}
	switch {
	case m.Table == "" && m.Query == "":
		return bad("table", "", "missing: give table (such as analytics.purchases) or query (a SELECT)", "")
	case m.Table != "" && m.Query != "":
		return bad("query", "", "table and query are both given: give one of them", "")
	case m.Query != "" && cleanQuery(m.Query) == "":
		return bad("query", m.Query, "is empty", "give a SELECT, such as SELECT created_at FROM purchases WHERE NOT test")
	case m.Table != "":
		if err := checkTable(m.Table); err != "" {
			return bad("table", m.Table, err, "a table is a name or dotted path such as analytics.purchases; for anything else use query")
		}
	}

	if m.Period == "" {
		return bad("period", "", "missing: name the column of each row's date or time", "")
	}
	if err := checkColumn(m.Period); err != "" {
		return bad("period", m.Period, err, "")
	}
	switch m.PeriodType {
	case PeriodTimestamptz, PeriodTimestamp, PeriodDate:
	case "":
		return bad("period_type", "", "missing: "+periodTypeChoices(), "timestamptz for an instant, timestamp for a wall time without zone, date for a date")
	default:
		return bad("period_type", string(m.PeriodType), "is not "+periodTypeChoices(), "")
	}
	// Checked even when unused: the issue's own example names UTC beside
	// a timestamptz column, and a misspelt zone is a mistake either way.
	if m.NaiveTimezone != "" {
		if err := checkZone(m.NaiveTimezone); err != nil {
			return bad("naive_timezone", m.NaiveTimezone, err.Error(), "")
		}
	}

	optional := []struct {
		field, column string
		allowed       bool
		required      bool
	}{
		{"country", m.Country, true, false},
		{"channel", m.Channel, kind == input.Complaints, false},
		{"category", m.Category, kind == input.Complaints, false},
		{"score", m.Score, kind == input.Surveys, kind == input.Surveys},
		{"count", m.Count, true, false},
	}
	for _, o := range optional {
		switch {
		case o.column == "" && o.required:
			return bad(o.field, "", "missing: "+kind.Data()+" needs the column of scores 1 to 5", "")
		case o.column != "" && !o.allowed:
			return bad(o.field, o.column, "is given, but "+kind.Data()+" has no "+o.field, "only complaints have a channel and a category; only surveys have a score")
		case o.column != "":
			if err := checkColumn(o.column); err != "" {
				return bad(o.field, o.column, err, "")
			}
		}
	}
	return nil
}

func periodTypeChoices() string {
	names := make([]string, len(PeriodTypes))
	for i, p := range PeriodTypes {
		names[i] = string(p)
	}
	return "one of " + strings.Join(names, ", ")
}

// checkColumn refuses what no engine takes as a name, and spaces around a
// name, which are far likelier a typing mistake than a column's name. It
// returns the reason, or "".
func checkColumn(name string) string {
	switch {
	case name == "":
		return "is empty"
	case !utf8.ValidString(name):
		return "is not valid UTF-8"
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return "holds a control character"
	case strings.TrimSpace(name) != name:
		return "starts or ends with a space"
	}
	return ""
}

// checkTable checks a dotted table path part by part.
func checkTable(table string) string {
	parts := strings.Split(table, ".")
	if len(parts) > maxTableParts {
		return fmt.Sprintf("has %d dotted parts; at most %d (database.schema.table)", len(parts), maxTableParts)
	}
	for _, p := range parts {
		if p == "" {
			return "has an empty part"
		}
		if err := checkColumn(p); err != "" {
			return err
		}
	}
	return ""
}

// checkZone accepts an IANA zone name that Go knows, made only of the
// characters such names use, so that it reads the same in every engine's
// string literal (it is quoted all the same).
func checkZone(name string) error {
	notIANA := fmt.Errorf("is not an IANA time zone name such as Europe/Stockholm")
	if name == "" || name == "Local" {
		return notIANA
	}
	for _, r := range name {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("_+-/", r)) {
			return notIANA
		}
	}
	if _, err := period.LoadZone(name); err != nil {
		return notIANA
	}
	return nil
}

// naiveZone is the zone of a naive timestamp column.
func (m Mapping) naiveZone() string {
	if m.NaiveTimezone == "" {
		return DefaultNaiveTimezone
	}
	return m.NaiveTimezone
}

// source is the query's FROM item: the table's quoted parts, or the user's
// query in parentheses. The query goes on lines of its own so that a
// trailing -- comment ends before the closing parenthesis; a trailing
// semicolon, as pasted from a SQL console, is dropped.
func (m Mapping) source(e *engine) string {
	if m.Table != "" {
		parts := strings.Split(m.Table, ".")
		for i, p := range parts {
			parts[i] = e.ident(p)
		}
		return strings.Join(parts, ".")
	}
	return "(\n" + cleanQuery(m.Query) + "\n) AS " + e.ident("source")
}

// cleanQuery trims a query and drops the semicolons it ends with, as pasted
// from a SQL console, with any comments after them ("SELECT …; -- last
// year" keeps its comment, on a line of its own in the subquery). A
// semicolon is dropped only where the query's text, read both as
// PostgreSQL reads it (a backslash plain in a string, block comments
// nested, dollar quotes) and as the other engines do (a backslash escapes,
// block comments not nested), ends in it outside any string, identifier or
// comment; elsewhere the query is left as written, for the engine to
// refuse or run.
func cleanQuery(q string) string {
	q = strings.TrimSpace(q)
	for {
		a, b := lastCode(q, false), lastCode(q, true)
		if a < 0 || a != b || q[a] != ';' {
			return q
		}
		q = strings.TrimSpace(q[:a] + q[a+1:])
	}
}

// lastCode is the index of the last byte of q that is neither white space
// nor in a comment, or -1 if there is none or q ends inside a string, a
// quoted identifier or a block comment. postgres chooses PostgreSQL's
// lexical rules (standard strings, nested block comments, dollar quotes)
// over the other engines' (a backslash escapes in a string).
// https://www.postgresql.org/docs/current/sql-syntax-lexical.html
func lastCode(q string, postgres bool) int {
	last := -1
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case strings.HasPrefix(q[i:], "--"):
			end := strings.IndexByte(q[i:], '\n')
			if end < 0 {
				return last
			}
			i += end + 1
		case strings.HasPrefix(q[i:], "/*"):
			depth := 0
			for {
				switch {
				case i >= len(q):
					return -1
				case strings.HasPrefix(q[i:], "/*") && (postgres || depth == 0):
					depth++
					i += 2
				case strings.HasPrefix(q[i:], "*/"):
					depth--
					i += 2
				default:
					i++
				}
				if depth == 0 {
					break
				}
			}
		case c == '\'' || c == '"' || c == '`':
			i++
			for {
				if i >= len(q) {
					return -1
				}
				if q[i] == '\\' && !postgres {
					i += 2
					continue
				}
				if q[i] == c {
					if i+1 < len(q) && q[i+1] == c { // a doubled quote
						i += 2
						continue
					}
					break
				}
				i++
			}
			last = i
			i++
		case c == '$' && postgres && (i == 0 || !isIdentByte(q[i-1])):
			tag := dollarTag(q[i:])
			if tag == "" {
				last = i
				i++
				continue
			}
			end := strings.Index(q[i+len(tag):], tag)
			if end < 0 {
				return -1
			}
			i += len(tag) + end + len(tag)
			last = i - 1
		default:
			last = i
			i++
		}
	}
	return last
}

// dollarTag is the $tag$ (or $$) that opens a dollar-quoted string at the
// start of s, or "".
func dollarTag(s string) string {
	for j := 1; j < len(s); j++ {
		switch {
		case s[j] == '$':
			return s[:j+1]
		case s[j] == '_' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || j > 1 && s[j] >= '0' && s[j] <= '9':
		default:
			return ""
		}
	}
	return ""
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

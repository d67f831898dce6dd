package warehouse

import (
	"fmt"
	"strings"
)

// Dialect is an SQL engine's dialect.
type Dialect string

const (
	Postgres  Dialect = "postgres"
	Redshift  Dialect = "redshift"
	DuckDB    Dialect = "duckdb"
	BigQuery  Dialect = "bigquery"
	Snowflake Dialect = "snowflake"
	Spark     Dialect = "spark"
)

// Dialects lists the dialects in the order help and messages name them.
var Dialects = []Dialect{Postgres, Redshift, DuckDB, BigQuery, Snowflake, Spark}

// ParseDialect returns the dialect named s.
func ParseDialect(s string) (Dialect, error) {
	for _, d := range Dialects {
		if string(d) == s {
			return d, nil
		}
	}
	return "", fmt.Errorf("unknown dialect %q: want one of %s", s, dialectNames())
}

func dialectNames() string {
	names := make([]string, len(Dialects))
	for i, d := range Dialects {
		names[i] = string(d)
	}
	return strings.Join(names, ", ")
}

// engine is what the dialects' queries differ in. The query's shape is
// common SQL; each dialect's file says which documentation backs its parts.
type engine struct {
	// ident quotes one identifier (one part of a dotted name).
	ident func(name string) string
	// str quotes a string literal.
	str func(s string) string
	// text is the string type key columns are cast to before COALESCE, so
	// that a NULL of any column type (an integer score, an enum) becomes ''.
	text string
	// month is the reporting zone's month of the period column col, as
	// 'YYYY-MM' text, or NULL when col is NULL. Where the engine has
	// periods outside the years 1 to 9999 (infinities, BC years, whose
	// year the formats write without its era), such a period is written
	// as the engine writes the value (inRange), never as a month.
	month func(col string, t PeriodType, naiveZone, reportZone string) string
	// monthOut, where it is not nil, makes month's text a month in the
	// outer query, a count row at a time: month is then a month with
	// something more (PostgreSQL's era), which costs less a row than the
	// check that would leave it out.
	monthOut func(col string) string
	// whole is a count n (the count column, of any numeric type) as an
	// exact integer of at least 64 bits, to be summed exactly: a float
	// summed as a float drops units beyond 2^53, and prints as 7.0 or
	// 1e+16 in some engines. Where n is not a whole number from 0 to
	// 2^63-1 that the cast can take (NaN, an infinity, a larger one), it is
	// NULL, and the query then shows the group's largest count, which the
	// reader refuses; or the cast fails the query (PostgreSQL, Redshift),
	// which the reader words. A fraction may be rounded: the query shows
	// those first.
	whole func(n string) string
	// sum is the aggregate that adds up whole's integers exactly, or gives
	// NULL or an error where the total overflows, never a wrapped total.
	sum string
}

var engines = map[Dialect]*engine{
	Postgres:  postgres,
	Redshift:  redshift,
	DuckDB:    duckdb,
	BigQuery:  bigquery,
	Snowflake: snowflake,
	Spark:     spark,
}

// inRange is the month of a period whose year is from 1 to 9999, and the
// period as text otherwise: an infinite one, whose year is NULL or an
// infinity, or a BC one, which a 'YYYY' format writes as an AD year (44 BC
// as 0044). A NULL period stays NULL. Count rows of such a month are
// refused by the reader, as it refuses such years in files.
func inRange(year, month, text string) string {
	return "CASE WHEN " + year + " BETWEEN 1 AND 9999 THEN " + month + " ELSE " + text + " END"
}

// doubleQuoted quotes an identifier the SQL-standard way: in double quotes,
// an inner double quote doubled.
func doubleQuoted(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// singleQuoted quotes a literal the SQL-standard way: in single quotes, an
// inner single quote doubled, a backslash an ordinary character.
func singleQuoted(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// backslashQuoted quotes a literal where the backslash is an escape
// character: each backslash is escaped, then each quote q as quote.
func backslashQuoted(s string, q byte, quote string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	return string(q) + strings.ReplaceAll(s, string(q), quote) + string(q)
}

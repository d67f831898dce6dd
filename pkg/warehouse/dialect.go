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
	// 'YYYY-MM' text, or NULL when col is NULL.
	month func(col string, t PeriodType, naiveZone, reportZone string) string
}

var engines = map[Dialect]*engine{
	Postgres:  postgres,
	Redshift:  redshift,
	DuckDB:    duckdb,
	BigQuery:  bigquery,
	Snowflake: snowflake,
	Spark:     spark,
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

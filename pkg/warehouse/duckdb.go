package warehouse

// DuckDB. What the query uses, from the DuckDB documentation:
//   - AT TIME ZONE (the function timezone(zone, ts)), from the ICU
//     extension that DuckDB's builds ship: TIMESTAMPTZ AT TIME ZONE zone is
//     the wall time in zone (a TIMESTAMP); TIMESTAMP AT TIME ZONE zone reads
//     the wall time as zone's (a TIMESTAMPTZ), one the zone skips or
//     repeats by PostgreSQL's rule, which the tests check (naive.go).
//     Neither depends on the TimeZone setting. ICU has zone data of its
//     own, which may differ from the system's that nollmission and
//     PostgreSQL read (docs/warehouse.md).
//     https://duckdb.org/docs/stable/sql/functions/timestamptz
//   - strftime(timestamp or date, '%Y-%m'):
//     https://duckdb.org/docs/stable/sql/functions/dateformat
//   - CAST(x AS VARCHAR), coalesce:
//     https://duckdb.org/docs/stable/sql/expressions/cast
//     https://duckdb.org/docs/stable/sql/functions/utility
//   - count, min, sum: https://duckdb.org/docs/stable/sql/functions/aggregates
//   - Quoted identifiers ("" for a double quote inside; DuckDB matches them
//     case-insensitively but keeps their case in results):
//     https://duckdb.org/docs/stable/sql/dialect/keywords_and_identifiers
//   - String literals (a quote inside is doubled; a backslash is an
//     ordinary character outside E-prefixed strings):
//     https://duckdb.org/docs/stable/sql/data_types/literal_types
var duckdb = &engine{
	ident: doubleQuoted,
	str:   singleQuoted,
	text:  "VARCHAR",
	// A period outside the years 1 to 9999 is the value as text (year is
	// NULL for an infinity, negative before 1 AD, where strftime writes
	// -43-03 for 44 BC): https://duckdb.org/docs/stable/sql/functions/datepart
	month: func(col string, t PeriodType, naiveZone, reportZone string) string {
		local := col
		switch t {
		case PeriodTimestamptz:
			local = col + " AT TIME ZONE " + singleQuoted(reportZone)
		case PeriodTimestamp:
			local = "(" + col + " AT TIME ZONE " + singleQuoted(naiveZone) + ") AT TIME ZONE " + singleQuoted(reportZone)
		}
		return inRange("year("+local+")", "strftime("+local+", '%Y-%m')", "CAST("+local+" AS VARCHAR)")
	},
	// TRY_CAST is NULL where the cast fails (NaN, an infinity, beyond
	// BIGINT); the cast from a DOUBLE is exact for a whole number, and SUM
	// of BIGINT is a HUGEINT.
	// https://duckdb.org/docs/stable/sql/expressions/cast#try_cast
	whole: func(n string) string { return "TRY_CAST(" + n + " AS BIGINT)" },
	sum:   "SUM",
}

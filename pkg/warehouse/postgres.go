package warehouse

// PostgreSQL. What the query uses, from the PostgreSQL documentation:
//   - AT TIME ZONE: timestamptz AT TIME ZONE zone is the wall time in zone
//     (a timestamp); timestamp AT TIME ZONE zone reads the wall time as
//     zone's (a timestamptz), one the zone skips or repeats by the rule
//     nollmission reads files by (naive.go). Neither depends on the
//     session's TimeZone.
//     https://www.postgresql.org/docs/current/functions-datetime.html#FUNCTIONS-DATETIME-ZONECONVERT
//     https://www.postgresql.org/docs/current/datetime-invalid-input.html
//   - TO_CHAR(timestamp, 'YYYY-MM'): YYYY is the year in 4 or more digits,
//     MM the month 01–12. A date is cast to timestamp first (midnight, no
//     zone involved): left to itself, PostgreSQL would pick TO_CHAR's
//     timestamptz variant, which goes through the session's TimeZone.
//     https://www.postgresql.org/docs/current/functions-formatting.html
//   - CAST(x AS TEXT), COALESCE:
//     https://www.postgresql.org/docs/current/sql-expressions.html#SQL-SYNTAX-TYPE-CASTS
//     https://www.postgresql.org/docs/current/functions-conditional.html#FUNCTIONS-COALESCE-NVL-IFNULL
//   - COUNT, MIN, SUM: https://www.postgresql.org/docs/current/functions-aggregate.html
//   - Quoted identifiers ("" for a double quote inside) and string
//     constants (a quote inside doubled; a backslash is an ordinary
//     character since standard_conforming_strings became the default in
//     9.1): https://www.postgresql.org/docs/current/sql-syntax-lexical.html
var postgres = &engine{
	ident: doubleQuoted,
	str:   singleQuoted,
	text:  "TEXT",
	month: func(col string, t PeriodType, naiveZone, reportZone string) string {
		return pgMonth(singleQuoted, "TEXT", col, t, naiveZone, reportZone)
	},
	monthOut: pgMonthOut,
	whole:    pgWhole,
	sum:      "SUM",
}

// pgWhole is a count as a BIGINT. The cast from a float to BIGINT is exact
// for a whole number, and SUM of BIGINTs is a NUMERIC, exact; a cast from a
// float to NUMERIC is not (PostgreSQL keeps 15 significant digits:
// 9007199254740994 becomes 9007199254740990). A count the cast cannot take
// (NaN, an infinity, 2^63 or more) fails the query with "bigint out of
// range", which the reader words as the count's (load/database.go): a
// check of the range first, as NUMERIC, would cost every row a NUMERIC
// (the query took 1.18x the time on 3 million rows).
// https://www.postgresql.org/docs/current/datatype-numeric.html
// https://www.postgresql.org/docs/current/functions-aggregate.html (sum of bigint is numeric)
func pgWhole(n string) string { return "CAST(" + n + " AS BIGINT)" }

// pgMonthOut is the month of pgMonth's text: its era dropped from an AD
// month ('2019-03 AD'); anything else as it is, which the reader refuses
// ('0044-03 BC', '10000-01 AD', 'infinity'). Per count row, not per row.
func pgMonthOut(col string) string {
	return "CASE WHEN " + col + " LIKE '____-__ AD' THEN LEFT(" + col + ", 7) ELSE " + col + " END"
}

// Amazon Redshift. Its query is PostgreSQL's but for the string type and
// the string literal, and runs as it is on PostgreSQL, where the tests run
// it. From the Redshift documentation:
//   - AT TIME ZONE, with PostgreSQL's semantics (TIMESTAMPTZ in, TIMESTAMP
//     out and the reverse):
//     https://docs.aws.amazon.com/redshift/latest/dg/r_AT_TIME_ZONE.html
//   - TO_CHAR with YYYY and MM:
//     https://docs.aws.amazon.com/redshift/latest/dg/r_TO_CHAR.html
//     https://docs.aws.amazon.com/redshift/latest/dg/r_FORMAT_strings.html
//   - CAST(x AS VARCHAR): TEXT would be VARCHAR(256); a VARCHAR without a
//     length in an expression takes the length of its input (up to 65535):
//     https://docs.aws.amazon.com/redshift/latest/dg/r_Character_types.html
//     https://docs.aws.amazon.com/redshift/latest/dg/r_CAST_function.html
//   - COALESCE: https://docs.aws.amazon.com/redshift/latest/dg/r_NVL_function.html
//   - Delimited identifiers ("" for a double quote inside); note that
//     Redshift folds their ASCII letters to lower case unless
//     enable_case_sensitive_identifier is on, as it did when the table was
//     made: https://docs.aws.amazon.com/redshift/latest/dg/r_names.html
//   - String literals: a backslash escapes, so quote and backslash are
//     both doubled, as QUOTE_LITERAL does:
//     https://docs.aws.amazon.com/redshift/latest/dg/r_QUOTE_LITERAL.html
var redshift = &engine{
	ident: doubleQuoted,
	str:   redshiftQuoted,
	text:  "VARCHAR",
	month: func(col string, t PeriodType, naiveZone, reportZone string) string {
		return pgMonth(redshiftQuoted, "VARCHAR", col, t, naiveZone, reportZone)
	},
	// PostgreSQL's, which the tests run. SUM of BIGINT is a BIGINT
	// there, which fails on overflow.
	// https://docs.aws.amazon.com/redshift/latest/dg/r_SUM.html
	monthOut: pgMonthOut,
	whole:    pgWhole,
	sum:      "SUM",
}

func redshiftQuoted(s string) string { return backslashQuoted(s, '\'', "''") }

// pgMonth is the month expression PostgreSQL and Redshift share: the
// month with its era ('2019-03 AD', '0044-03 BC': YYYY alone would write
// 44 BC as 0044), which pgMonthOut makes a month; an infinity, for which
// TO_CHAR gives NULL, as its text ('infinity'); NULL for NULL. One
// conversion to the reporting zone a row: a check of the year first
// (EXTRACT) took 1.3x the time of the query on 3 million rows.
// https://www.postgresql.org/docs/current/functions-formatting.html (BC, AD)
// https://docs.aws.amazon.com/redshift/latest/dg/r_FORMAT_strings.html
func pgMonth(str func(string) string, text, col string, t PeriodType, naiveZone, reportZone string) string {
	var local, month string
	switch t {
	case PeriodTimestamptz:
		local = col + " AT TIME ZONE " + str(reportZone)
		month = "TO_CHAR(" + local + ", 'YYYY-MM BC')"
	case PeriodTimestamp:
		local = "(" + col + " AT TIME ZONE " + str(naiveZone) + ") AT TIME ZONE " + str(reportZone)
		month = "TO_CHAR(" + local + ", 'YYYY-MM BC')"
	default:
		local = col
		month = "TO_CHAR(CAST(" + col + " AS TIMESTAMP), 'YYYY-MM BC')"
	}
	return "COALESCE(" + month + ", CAST(" + local + " AS " + text + "))"
}

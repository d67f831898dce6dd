package warehouse

// PostgreSQL. What the query uses, from the PostgreSQL documentation:
//   - AT TIME ZONE: timestamptz AT TIME ZONE zone is the wall time in zone
//     (a timestamp); timestamp AT TIME ZONE zone reads the wall time as
//     zone's (a timestamptz). Neither depends on the session's TimeZone.
//     https://www.postgresql.org/docs/current/functions-datetime.html#FUNCTIONS-DATETIME-ZONECONVERT
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
	whole: pgWhole,
	sum:   "SUM",
}

// pgWhole is a count as a BIGINT, NULL where it is not one from 0 to
// 2^63-1. The cast from a float to BIGINT is exact for a whole number, and
// SUM of BIGINTs is a NUMERIC, exact; a cast from a float to NUMERIC is not
// (PostgreSQL keeps 15 significant digits: 9007199254740994 becomes
// 9007199254740990). The range is compared as NUMERIC, exact for an
// integer or NUMERIC column; a float's 15 digits still tell 2^63 (which
// the cast refuses) from the largest float below it. NaN, which PostgreSQL
// sorts above every number, and the infinities are outside it.
// https://www.postgresql.org/docs/current/datatype-numeric.html
// https://www.postgresql.org/docs/current/functions-aggregate.html (sum of bigint is numeric)
func pgWhole(n string) string {
	return "CAST(CASE WHEN CAST(" + n + " AS NUMERIC) BETWEEN 0 AND 9223372036854775807 THEN " + n + " END AS BIGINT)"
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
	// PostgreSQL's, which the tests run. Redshift's NUMERIC without a
	// precision is NUMERIC(18,0), so a count of 10^18 or more fails the
	// query (numeric overflow) rather than being shown; SUM of BIGINT is a
	// BIGINT there, which fails on overflow.
	// https://docs.aws.amazon.com/redshift/latest/dg/r_Numeric_types201.html
	// https://docs.aws.amazon.com/redshift/latest/dg/r_SUM.html
	whole: pgWhole,
	sum:   "SUM",
}

func redshiftQuoted(s string) string { return backslashQuoted(s, '\'', "''") }

// pgMonth is the month expression PostgreSQL and Redshift share. A period
// outside the years 1 to 9999 (EXTRACT gives a BC year as negative, an
// infinity's as an infinity) is the value as text: a timestamp's in the
// reporting zone ('0044-03-15 11:12:12 BC', 'infinity'), a date's as
// stored. TO_CHAR's YYYY would write 44 BC as 0044, and an infinity as
// NULL, which is a missing period's.
// https://www.postgresql.org/docs/current/functions-datetime.html#FUNCTIONS-DATETIME-EXTRACT
// https://docs.aws.amazon.com/redshift/latest/dg/r_EXTRACT_function.html
func pgMonth(str func(string) string, text, col string, t PeriodType, naiveZone, reportZone string) string {
	var local, month string
	switch t {
	case PeriodTimestamptz:
		local = col + " AT TIME ZONE " + str(reportZone)
		month = "TO_CHAR(" + local + ", 'YYYY-MM')"
	case PeriodTimestamp:
		local = "(" + col + " AT TIME ZONE " + str(naiveZone) + ") AT TIME ZONE " + str(reportZone)
		month = "TO_CHAR(" + local + ", 'YYYY-MM')"
	default:
		local = col
		month = "TO_CHAR(CAST(" + col + " AS TIMESTAMP), 'YYYY-MM')"
	}
	return inRange("EXTRACT(YEAR FROM "+local+")", month, "CAST("+local+" AS "+text+")")
}

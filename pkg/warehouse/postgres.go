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
		return pgMonth(singleQuoted, col, t, naiveZone, reportZone)
	},
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
		return pgMonth(redshiftQuoted, col, t, naiveZone, reportZone)
	},
}

func redshiftQuoted(s string) string { return backslashQuoted(s, '\'', "''") }

// pgMonth is the month expression PostgreSQL and Redshift share.
func pgMonth(str func(string) string, col string, t PeriodType, naiveZone, reportZone string) string {
	switch t {
	case PeriodTimestamptz:
		return "TO_CHAR(" + col + " AT TIME ZONE " + str(reportZone) + ", 'YYYY-MM')"
	case PeriodTimestamp:
		return "TO_CHAR((" + col + " AT TIME ZONE " + str(naiveZone) + ") AT TIME ZONE " + str(reportZone) + ", 'YYYY-MM')"
	default:
		return "TO_CHAR(CAST(" + col + " AS TIMESTAMP), 'YYYY-MM')"
	}
}

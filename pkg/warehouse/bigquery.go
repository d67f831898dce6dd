package warehouse

// BigQuery (GoogleSQL). Its TIMESTAMP is an instant (our timestamptz), its
// DATETIME a naive wall time (our timestamp). What the query uses, from the
// BigQuery documentation:
//   - FORMAT_TIMESTAMP(format, timestamp, time_zone): formats the instant
//     in the named zone, whatever the session:
//     https://cloud.google.com/bigquery/docs/reference/standard-sql/timestamp_functions#format_timestamp
//   - TIMESTAMP(datetime, time_zone): the instant of a DATETIME read as
//     wall time in time_zone (one the zone skips or repeats is read by
//     bigqueryInstant, without asking TIMESTAMP about it):
//     https://cloud.google.com/bigquery/docs/reference/standard-sql/timestamp_functions#timestamp
//   - FORMAT_DATE(format, date):
//     https://cloud.google.com/bigquery/docs/reference/standard-sql/date_functions#format_date
//   - %Y and %m: https://cloud.google.com/bigquery/docs/reference/standard-sql/format-elements#format_elements_date_time
//   - CAST(x AS STRING), COALESCE:
//     https://cloud.google.com/bigquery/docs/reference/standard-sql/conversion_functions#cast
//     https://cloud.google.com/bigquery/docs/reference/standard-sql/conditional_expressions#coalesce
//   - COUNT, MIN, SUM: https://cloud.google.com/bigquery/docs/reference/standard-sql/aggregate_functions
//   - Quoted identifiers are in backticks and "have the same escape
//     sequences as string literals": a backslash escapes, so \\ and \`.
//     Each part of project.dataset.table is quoted on its own, which
//     BigQuery's path expressions allow. String literals: \\ and \'.
//     https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical#quoted_identifiers
//     https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical#string_and_bytes_literals
//   - TIMESTAMP, DATETIME and DATE hold the years 1 to 9999 only, so no
//     period is a BC one or infinite; an instant near either end may fall
//     in year 0 or 10000 of the reporting zone, which the reader refuses.
//     https://cloud.google.com/bigquery/docs/reference/standard-sql/data-types#timestamp_type
var bigquery = &engine{
	ident: func(name string) string { return backslashQuoted(name, '`', "\\`") },
	str:   backslashLiteral,
	text:  "STRING",
	month: func(col string, t PeriodType, naiveZone, reportZone string) string {
		switch t {
		case PeriodTimestamptz:
			return "FORMAT_TIMESTAMP('%Y-%m', " + col + ", " + backslashLiteral(reportZone) + ")"
		case PeriodTimestamp:
			return "FORMAT_TIMESTAMP('%Y-%m', " + bigqueryInstant(col, naiveZone) + ", " + backslashLiteral(reportZone) + ")"
		default:
			return "FORMAT_DATE('%Y-%m', " + col + ")"
		}
	},
	// SAFE_CAST is NULL where the cast fails (NaN, an infinity, beyond
	// INT64); SUM of INT64 is an INT64, and fails on overflow.
	// https://cloud.google.com/bigquery/docs/reference/standard-sql/conversion_functions#safe_casting
	// https://cloud.google.com/bigquery/docs/reference/standard-sql/aggregate_functions#sum
	whole: func(n string) string { return "SAFE_CAST(" + n + " AS INT64)" },
	sum:   "SUM",
}

// bigqueryInstant is the TIMESTAMP of the DATETIME col read in zone, by
// PostgreSQL's rule where zone skips or repeats it (dayAround, naive.go):
//   - DATETIME_ADD, DATETIME_SUB: a DATETIME a day later or earlier, no
//     zone involved:
//     https://cloud.google.com/bigquery/docs/reference/standard-sql/datetime_functions#datetime_add
//   - TIMESTAMP_ADD, TIMESTAMP_SUB with INTERVAL 24 HOUR: 86,400 seconds,
//     "independent of any time zone":
//     https://cloud.google.com/bigquery/docs/reference/standard-sql/timestamp_functions#timestamp_add
//   - DATETIME(timestamp, time_zone): the wall time of the instant in the
//     zone:
//     https://cloud.google.com/bigquery/docs/reference/standard-sql/datetime_functions#datetime
//   - IF: https://cloud.google.com/bigquery/docs/reference/standard-sql/conditional_expressions#if
//   - The SAFE. prefix makes a function NULL instead of an error: a day
//     beyond 9999-12-31 or before 0001-01-01 leaves the other reading, and
//     an instant beyond the range of TIMESTAMP is a NULL month (refused,
//     naming the row) rather than a failed query:
//     https://cloud.google.com/bigquery/docs/reference/standard-sql/functions-reference#safe_prefix
func bigqueryInstant(col, zone string) string {
	z := backslashLiteral(zone)
	if fixedOffset(zone) {
		return "TIMESTAMP(" + col + ", " + z + ")"
	}
	later := "SAFE.TIMESTAMP_SUB(SAFE.TIMESTAMP(SAFE.DATETIME_ADD(" + col + ", INTERVAL 1 DAY), " + z + "), INTERVAL 24 HOUR)"
	earlier := "SAFE.TIMESTAMP_ADD(SAFE.TIMESTAMP(SAFE.DATETIME_SUB(" + col + ", INTERVAL 1 DAY), " + z + "), INTERVAL 24 HOUR)"
	return dayAround(col, later, earlier,
		func(x string) string { return "DATETIME(" + x + ", " + z + ")" },
		func(cond, a, b string) string { return "IF(" + cond + ", " + a + ", " + b + ")" })
}

// backslashLiteral is a string literal where a backslash escapes (BigQuery,
// Spark): \\ and \'.
func backslashLiteral(s string) string { return backslashQuoted(s, '\'', `\'`) }

package warehouse

// Snowflake. Snowflake has three timestamps: TIMESTAMP_TZ (an instant with
// an offset of its own), TIMESTAMP_LTZ (an instant shown in the session's
// zone) and TIMESTAMP_NTZ (a wall time), and TIMESTAMP is an alias of one
// of them (TIMESTAMP_NTZ unless TIMESTAMP_TYPE_MAPPING says otherwise). We
// assume period_type timestamptz for a TIMESTAMP_TZ or TIMESTAMP_LTZ
// column and timestamp for a TIMESTAMP_NTZ one: a TIMESTAMP_NTZ column
// mapped as timestamptz would be read in the session's zone. What the query
// uses, from the Snowflake documentation:
//   - CONVERT_TIMEZONE(target_tz, ts), two arguments: the instant of a
//     TIMESTAMP_TZ or TIMESTAMP_LTZ as a TIMESTAMP_TZ whose offset is the
//     target zone's; CONVERT_TIMEZONE(source_tz, target_tz, ts_ntz), three
//     arguments: the wall time of a TIMESTAMP_NTZ read in source_tz, as a
//     TIMESTAMP_NTZ wall time in target_tz:
//     https://docs.snowflake.com/en/sql-reference/functions/convert_timezone
//   - TO_CHAR(ts or date, 'YYYY-MM'): a TIMESTAMP_TZ is formatted with its
//     own offset (operations on TIMESTAMP_TZ use each value's offset, not
//     the session's), so no session setting enters:
//     https://docs.snowflake.com/en/sql-reference/functions/to_char
//     https://docs.snowflake.com/en/sql-reference/data-types-datetime
//     https://docs.snowflake.com/en/sql-reference/date-time-input-output
//   - CAST(x AS VARCHAR), COALESCE:
//     https://docs.snowflake.com/en/sql-reference/functions/cast
//     https://docs.snowflake.com/en/sql-reference/functions/coalesce
//   - COUNT, MIN, SUM: https://docs.snowflake.com/en/sql-reference/functions-aggregation
//   - Double-quoted identifiers keep their case ("" for a double quote
//     inside), so the output columns are lower case as nollmission reads
//     them: https://docs.snowflake.com/en/sql-reference/identifiers-syntax
//   - In single-quoted string constants a backslash escapes, so it is
//     doubled, and so is a quote:
//     https://docs.snowflake.com/en/sql-reference/data-types-text#escape-sequences-in-single-quoted-string-constants
var snowflake = &engine{
	ident: doubleQuoted,
	str:   snowflakeQuoted,
	text:  "VARCHAR",
	// A period outside the years 1 to 9999, which Snowflake can hold
	// though it recommends against, is the value as text:
	// https://docs.snowflake.com/en/sql-reference/functions/year
	month: func(col string, t PeriodType, naiveZone, reportZone string) string {
		local := col
		switch t {
		case PeriodTimestamptz:
			local = "CONVERT_TIMEZONE(" + snowflakeQuoted(reportZone) + ", " + col + ")"
		case PeriodTimestamp:
			local = snowflakeLocal(col, naiveZone, reportZone)
		}
		return inRange("YEAR("+local+")", "TO_CHAR("+local+", 'YYYY-MM')", "CAST("+local+" AS VARCHAR)")
	},
	// Snowflake's TRY_CAST takes strings only: the range is checked first
	// (NaN sorts above every number in Snowflake), then the count is cast
	// to NUMBER(38,0), whose SUM is exact and fails on overflow.
	// https://docs.snowflake.com/en/sql-reference/data-types-numeric#special-values
	// https://docs.snowflake.com/en/sql-reference/functions/sum
	whole: func(n string) string {
		return "CAST(CASE WHEN " + n + " BETWEEN 0 AND 9223372036854775807 THEN " + n + " END AS NUMBER(38,0))"
	},
	sum: "SUM",
}

func snowflakeQuoted(s string) string { return backslashQuoted(s, '\'', "''") }

// snowflakeLocal is the TIMESTAMP_NTZ wall time col of naiveZone as a wall
// time of reportZone, read by PostgreSQL's rule where naiveZone skips or
// repeats it (dayAround, naive.go), through the wall times of UTC:
//   - DATEADD(day, n, ts): a TIMESTAMP_NTZ n days later, no zone involved:
//     https://docs.snowflake.com/en/sql-reference/functions/dateadd
//   - CONVERT_TIMEZONE, three arguments (above), to and from 'UTC'.
//   - IFF: https://docs.snowflake.com/en/sql-reference/functions/iff
func snowflakeLocal(col, naiveZone, reportZone string) string {
	z, r := snowflakeQuoted(naiveZone), snowflakeQuoted(reportZone)
	if fixedOffset(naiveZone) {
		return "CONVERT_TIMEZONE(" + z + ", " + r + ", " + col + ")"
	}
	later := "DATEADD(day, -1, CONVERT_TIMEZONE(" + z + ", 'UTC', DATEADD(day, 1, " + col + ")))"
	earlier := "DATEADD(day, 1, CONVERT_TIMEZONE(" + z + ", 'UTC', DATEADD(day, -1, " + col + ")))"
	utc := dayAround(col, later, earlier,
		func(x string) string { return "CONVERT_TIMEZONE('UTC', " + z + ", " + x + ")" },
		func(cond, a, b string) string { return "IFF(" + cond + ", " + a + ", " + b + ")" })
	return "CONVERT_TIMEZONE('UTC', " + r + ", " + utc + ")"
}

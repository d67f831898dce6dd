package warehouse

import "strings"

// Spark SQL (3.4 or later, for convert_timezone). Spark's TIMESTAMP
// (TIMESTAMP_LTZ) is an instant (our timestamptz) and TIMESTAMP_NTZ a wall
// time (our timestamp). Spark formats and casts an instant in the session
// time zone (spark.sql.session.timeZone), so date_format(ts, 'yyyy-MM')
// alone would give the session's months, whatever the report says. The
// query therefore never formats an instant: it computes the reporting
// zone's calendar date as a DATE, and only formats that DATE (a DATE is
// turned into midnight of the session zone and back, which gives the same
// date in every zone). We assume nothing about the session's zone. From the
// Spark documentation and source:
//   - from_utc_timestamp(ts, zone) shifts the instant by zone's offset at
//     that instant, so that its UTC reading is zone's wall time
//     (DateTimeUtils.convertTz: the wall time in zone, read as UTC); no
//     session zone is involved:
//     https://spark.apache.org/docs/latest/api/sql/index.html#from_utc_timestamp
//   - unix_seconds(ts): seconds since 1970-01-01 00:00:00 UTC, rounded
//     down (Math.floorDiv in Spark's source, so exact before 1970 too);
//     dividing by 86400 and taking floor gives the day number exactly,
//     since a day boundary is at least 1/86400 away from any other
//     quotient, far more than a double's error:
//     https://spark.apache.org/docs/latest/api/sql/index.html#unix_seconds
//     https://spark.apache.org/docs/latest/api/sql/index.html#floor
//   - date_from_unix_date(days): the DATE that many days after 1970-01-01:
//     https://spark.apache.org/docs/latest/api/sql/index.html#date_from_unix_date
//   - convert_timezone(source_tz, target_tz, ts_ntz): a TIMESTAMP_NTZ wall
//     time read in source_tz, as the TIMESTAMP_NTZ wall time in target_tz;
//     casting a TIMESTAMP_NTZ to DATE drops the time, no zone involved:
//     https://spark.apache.org/docs/latest/api/sql/index.html#convert_timezone
//     https://spark.apache.org/docs/latest/sql-ref-datatypes.html
//   - date_format(date, 'yyyy-MM'): Java-style patterns, not %Y:
//     https://spark.apache.org/docs/latest/api/sql/index.html#date_format
//     https://spark.apache.org/docs/latest/sql-ref-datetime-pattern.html
//   - CAST(x AS STRING), coalesce, count, min, sum:
//     https://spark.apache.org/docs/latest/api/sql/index.html
//   - Delimited identifiers are in backticks, a backtick inside doubled:
//     https://spark.apache.org/docs/latest/sql-ref-identifier.html
//   - In string literals a backslash escapes (unless
//     spark.sql.parser.escapedStringLiterals is on, which a validated zone
//     name, without backslash or quote, does not notice): \\ and \'.
//     https://spark.apache.org/docs/latest/sql-ref-literals.html
var spark = &engine{
	ident: func(name string) string { return "`" + strings.ReplaceAll(name, "`", "``") + "`" },
	str:   backslashLiteral,
	text:  "STRING",
	month: func(col string, t PeriodType, naiveZone, reportZone string) string {
		var date string
		switch t {
		case PeriodTimestamptz:
			date = "date_from_unix_date(CAST(floor(unix_seconds(from_utc_timestamp(" + col + ", " + backslashLiteral(reportZone) + ")) / 86400) AS INT))"
		case PeriodTimestamp:
			date = "CAST(" + sparkLocal(col, naiveZone, reportZone) + " AS DATE)"
		default:
			date = col
		}
		// A date outside the years 1 to 9999 (Spark's proleptic calendar
		// has a year 0 and negative years) is the date as text:
		// https://spark.apache.org/docs/latest/api/sql/index.html#year
		return inRange("year("+date+")", "date_format("+date+", 'yyyy-MM')", "CAST("+date+" AS STRING)")
	},
	// try_cast is NULL where the cast fails (NaN, an infinity, beyond
	// BIGINT), in ANSI mode or not; try_sum is NULL on overflow, where
	// sum of BIGINT without ANSI mode wraps around (Spark 3.3 or later).
	// https://spark.apache.org/docs/latest/api/sql/index.html#try_cast
	// https://spark.apache.org/docs/latest/api/sql/index.html#try_sum
	whole: func(n string) string { return "try_cast(" + n + " AS BIGINT)" },
	sum:   "try_sum",
}

// sparkLocal is the TIMESTAMP_NTZ wall time col of naiveZone as a wall time
// of reportZone, read by PostgreSQL's rule where naiveZone skips or repeats
// it (dayAround, naive.go): convert_timezone reads a repeated wall time as
// its earlier instant (DateTimeUtils.convertTimestampNtzToAnotherTz takes
// LocalDateTime.atZone, which documents it), PostgreSQL the later.
//   - ts + INTERVAL 1 DAY on a TIMESTAMP_NTZ: a day later, no zone
//     involved: https://spark.apache.org/docs/latest/sql-ref-datatypes.html
//     https://spark.apache.org/docs/latest/sql-ref-literals.html#interval-literal
//   - convert_timezone (above), to and from 'UTC'.
//   - https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/time/LocalDateTime.html#atZone(java.time.ZoneId)
func sparkLocal(col, naiveZone, reportZone string) string {
	z, r := backslashLiteral(naiveZone), backslashLiteral(reportZone)
	if fixedOffset(naiveZone) {
		return "convert_timezone(" + z + ", " + r + ", " + col + ")"
	}
	later := "convert_timezone(" + z + ", 'UTC', " + col + " + INTERVAL 1 DAY) - INTERVAL 1 DAY"
	earlier := "convert_timezone(" + z + ", 'UTC', " + col + " - INTERVAL 1 DAY) + INTERVAL 1 DAY"
	utc := dayAround(col, "("+later+")", "("+earlier+")",
		func(x string) string { return "convert_timezone('UTC', " + z + ", " + x + ")" },
		func(cond, a, b string) string { return "CASE WHEN " + cond + " THEN " + a + " ELSE " + b + " END" })
	return "convert_timezone('UTC', " + r + ", " + utc + ")"
}

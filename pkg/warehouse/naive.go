package warehouse

import "time"

// A naive wall time that its zone skips (the clocks go forward) or repeats
// (they go back) is read by PostgreSQL's rule, as nollmission reads one in
// a file (period.wallOffset): a skipped wall time takes the offset in force
// before the change, so its instant is after the change; a repeated one is
// the later of its two instants.
// https://www.postgresql.org/docs/current/datetime-invalid-input.html
//
//   - PostgreSQL's AT TIME ZONE is the rule; Redshift's query is
//     PostgreSQL's, and its documentation gives AT TIME ZONE PostgreSQL's
//     semantics without a word on such wall times.
//   - DuckDB's AT TIME ZONE (ICU) reads them by the same rule: the tests
//     run it, and on its own zone data (ICU's copy of tzdata) DuckDB 1.5.6
//     read every skipped wall time of every zone from 1900 to 2039 with
//     the offset before the change, and every repeated one as the later
//     instant.
//   - BigQuery, Snowflake and Spark document no rule. Spark's
//     convert_timezone reads the wall time with Java's
//     LocalDateTime.atZone, which documents a repeated one as the earlier
//     instant; ZetaSQL, BigQuery's dialect, reads one with the offset
//     before the change (absl's TimeZone::At(...).pre), the earlier too.
//     Their queries therefore read the wall time without asking the
//     engine about it (dayAround): read a day later, and a day earlier,
//     both of which the zone has once (its offset does not change twice in
//     two days), and moved back and forward a day, the wall time is read
//     with the offset in force after the change and with the one before.
//     The first is an instant of the wall time when the wall time exists
//     after the change: it is repeated, and that is the later instant, or
//     it comes after the change. Else the second is the instant: the wall
//     time comes before the change, or was skipped and takes the offset
//     before it.
//
// In a zone whose offset never changes (UTC, the default naive zone) every
// wall time exists once, and the queries read it directly.

// fixedOffset reports whether the zone's offset never changes, in Go's zone
// data: every wall time exists once.
func fixedOffset(zone string) bool {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return false
	}
	start, end := time.Unix(0, 0).In(loc).ZoneBounds()
	return start.IsZero() && end.IsZero()
}

// dayAround is the instant of the wall time col in zone by the rule, from
// the engine's readings of the wall times a day later and a day earlier
// (see above): later and earlier are those instants, moved back and
// forward a day; wallOf(x) is the wall time of the instant x in zone;
// choose(cond, a, b) is a when cond holds, else b.
func dayAround(col, later, earlier string, wallOf func(string) string, choose func(cond, a, b string) string) string {
	return choose(wallOf(later)+" = "+col, later, earlier)
}

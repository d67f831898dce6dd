package warehouse

import (
	"fmt"
	"strings"

	"github.com/nollmission/nollmission/pkg/input"
)

// Query returns the SQL, in dialect d, that counts the rows m maps for kind
// into aggregate's count rows, the months being those of reportZone:
//
//	transactions  month,country,transactions
//	complaints    month,country,channel,category,complaints
//	surveys       month,country,score,responses
//
// The engine computes the month ('YYYY-MM') from the period column. Key
// columns are text, never NULL; rows are grouped and ordered by them (in
// the engine's collation: nollmission does not depend on the order).
//
// A column the mapping leaves out (country, channel, category) is left out
// of the rows too, as it would be of a CSV export, and the reader treats
// its absence as in a file: every row is --country's, complaints are
// unspecified. Values are emitted as stored: nollmission normalises
// channels and categories, and checks countries and scores, when it reads
// count rows, as it does for files.
//
// A period in no month of the years 0001 to 9999 (an infinity or a BC
// date in PostgreSQL and DuckDB, whose year formats would write 44 BC as
// 0044 or -43) has for its month something the reader refuses: in
// PostgreSQL and Redshift its month with the era ('0044-03 BC', '10000-01
// AD'), the era being dropped from the others' in the outer SELECT
// (monthOut), or its value ('infinity'); elsewhere the period as the
// engine writes it ('0044-03-15 (BC)'). BigQuery's periods are all within
// those years.
//
// NULLs never make rows vanish; they become empty strings. An empty month
// (a NULL period) or country the reader refuses, naming the row; an empty
// channel or category it takes as unspecified, like an empty cell; an
// empty score it refuses. Without a count column the count is COUNT(*).
// With one, a group holding a NULL count has a NULL total (an empty count,
// refused), a group holding a negative count shows the smallest (a
// negative count, refused), one holding a count with a fractional part
// shows the smallest such (not a whole number, refused), and one holding
// a count that is no 64-bit integer (NaN, an infinity, 2^63 or more)
// shows the largest (refused), where SUM would silently skip, net or
// round them into a whole total. Otherwise the total is the exact sum of
// the counts as integers, whatever the column's type: a float column
// summed as floats would lose units beyond 2^53. The total is text.
func Query(d Dialect, kind input.Kind, m Mapping, reportZone string) (string, error) {
	e, ok := engines[d]
	if !ok {
		return "", fmt.Errorf("unknown dialect %q: want one of %s", d, dialectNames())
	}
	if err := checkZone(reportZone); err != nil {
		return "", fmt.Errorf("reporting time zone %q %v", reportZone, err)
	}
	if err := m.Validate(kind); err != nil {
		return "", err
	}
	if err := CheckZones(d, kind, m, reportZone); err != nil {
		return "", err
	}

	// The inner SELECT turns each row into its key and count; the outer one
	// groups. Key expressions are written once, in the inner SELECT, so
	// every dialect can group by plain column names.
	type column struct{ name, expr string }
	text := func(col string) string {
		return "COALESCE(CAST(" + e.ident(col) + " AS " + e.text + "), '')"
	}
	monthKey := "month"
	if e.monthOut != nil {
		monthKey = "month_text" // month's text, which monthOut makes the month
	}
	keys := []column{{monthKey, "COALESCE(" + e.month(e.ident(m.Period), m.PeriodType, m.naiveZone(), reportZone) + ", '')"}}
	if m.Country != "" {
		keys = append(keys, column{"country", text(m.Country)})
	}
	switch kind {
	case input.Complaints:
		if m.Channel != "" {
			keys = append(keys, column{"channel", text(m.Channel)})
		}
		if m.Category != "" {
			keys = append(keys, column{"category", text(m.Category)})
		}
	case input.Surveys:
		keys = append(keys, column{"score", text(m.Score)})
	}

	inner := make([]string, 0, len(keys)+1)
	names := make([]string, len(keys))
	for i, k := range keys {
		inner = append(inner, k.expr+" AS "+e.ident(k.name))
		names[i] = e.ident(k.name)
	}
	total := "COUNT(*)"
	if m.Count != "" {
		n, whole := e.ident("count"), e.ident("whole")
		inner = append(inner, e.ident(m.Count)+" AS "+n, e.whole(e.ident(m.Count))+" AS "+whole)
		// A fractional count is shown as the group's smallest one, as a
		// negative count is: 0.5 and 0.5 would sum to a whole 1. The sum is
		// of whole's exact integers; a count whole cannot take (NaN, an
		// infinity, beyond 2^63-1) shows the group's largest. Every branch
		// is text, so that the engine does not give them a common type
		// that rounds the sum (a float's, in PostgreSQL, where a column of
		// double precision makes the CASE one).
		str := func(x string) string { return "CAST(" + x + " AS " + e.text + ")" }
		fraction := "MIN(CASE WHEN " + n + " <> FLOOR(" + n + ") THEN " + n + " END)"
		total = "CASE WHEN COUNT(" + n + ") < COUNT(*) THEN NULL" +
			" WHEN MIN(" + n + ") < 0 THEN " + str("MIN("+n+")") +
			" WHEN " + fraction + " IS NOT NULL THEN " + str(fraction) +
			" WHEN COUNT(" + whole + ") < COUNT(*) THEN " + str("MAX("+n+")") +
			" ELSE " + str(e.sum+"("+whole+")") + " END"
	}
	outer := append(append([]string{}, names...), total+" AS "+e.ident(countColumn(kind)))
	if e.monthOut != nil {
		outer[0] = e.monthOut(names[0]) + " AS " + e.ident("month")
	}

	var b strings.Builder
	b.WriteString("SELECT\n  " + strings.Join(outer, ",\n  ") + "\n")
	b.WriteString("FROM (\n  SELECT\n    " + strings.Join(inner, ",\n    ") + "\n")
	b.WriteString("  FROM " + m.source(e) + "\n")
	b.WriteString(") AS " + e.ident("events") + "\n")
	b.WriteString("GROUP BY " + strings.Join(names, ", ") + "\n")
	b.WriteString("ORDER BY " + strings.Join(names, ", ") + "\n")
	return b.String(), nil
}

// countColumn is the name of a kind's count in count rows.
func countColumn(kind input.Kind) string {
	return [...]string{"transactions", "complaints", "responses"}[kind]
}

// Probe returns the SQL, in dialect d, that selects the period column m
// maps, then its count column if it maps one, and no row (LIMIT 0), so
// that a database describes the columns' types without reading any data:
// a period_type that does not match the column (a timestamptz read as a
// naive timestamp, a date as an instant) would not fail, but move rows
// near midnight into the wrong month; and a count column of text would
// fail the query with an error about a function (sum(text)) that names
// neither column.
func Probe(d Dialect, m Mapping) (string, error) {
	e, ok := engines[d]
	if !ok {
		return "", fmt.Errorf("unknown dialect %q: want one of %s", d, dialectNames())
	}
	if m.Period == "" || checkColumn(m.Period) != "" {
		return "", fmt.Errorf("no valid period column to probe: %q", m.Period)
	}
	cols := e.ident(m.Period)
	if m.Count != "" {
		if checkColumn(m.Count) != "" {
			return "", fmt.Errorf("no valid count column to probe: %q", m.Count)
		}
		cols += ", " + e.ident(m.Count)
	}
	return "SELECT " + cols + "\nFROM " + m.source(e) + "\nLIMIT 0\n", nil
}

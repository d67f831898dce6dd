package warehouse_test

// Naive wall times that their zone skips or repeats, on the real engines:
// the month of each, from the query nollmission generates, must be the one
// the file route gives (aggregate with --naive-timezone), and the one
// written here by hand from PostgreSQL's rule (a skipped wall time takes
// the offset before the change, a repeated one is the later instant; see
// period.TestNaiveWallTimesInChanges for the instants).

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/cmd/root"
	"github.com/nollmission/nollmission/pkg/cmdutil/cmdtest"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/warehouse"
)

// wallTimes are naive wall times of one zone, read into months of another.
type wallTimes struct {
	naive, report string
	walls         []string
	// want are the count rows: month, country, transactions.
	want [][]string
}

var changeWalls = []wallTimes{
	// Asuncion skipped 00:00-01:00 on October 1st, 2017 and 2023: read
	// with -04 they are 04:00-05:00Z, October in La Paz (-04 all year).
	// time.Date read them with -03, September.
	{"America/Asuncion", "America/La_Paz",
		[]string{"2017-09-30 23:59:59", "2017-10-01 00:00:00", "2017-10-01 00:30:00", "2017-10-01 00:59:59", "2017-10-01 01:00:00", "2023-09-30 23:30:00", "2023-10-01 00:30:00"},
		[][]string{{"2017-09", "SE", "1"}, {"2017-10", "SE", "4"}, {"2023-09", "SE", "1"}, {"2023-10", "SE", "1"}}},
	// Goose Bay went back from 00:01 on 2009-11-01 to 23:01 on October
	// 31st: the later reading (-04) is November in Halifax (-03 until
	// 05:00Z), the first October.
	{"America/Goose_Bay", "America/Halifax",
		[]string{"2009-10-31 23:00:59", "2009-10-31 23:01:00", "2009-10-31 23:30:00", "2009-11-01 00:00:59", "2009-11-01 00:01:00"},
		[][]string{{"2009-10", "SE", "1"}, {"2009-11", "SE", "4"}}},
	// Havana went back from 01:00 to 00:00 on 2020-11-01: the later
	// reading (-05) is November in Bogota (-05), the first October.
	{"America/Havana", "America/Bogota",
		[]string{"2020-10-31 23:59:59", "2020-11-01 00:00:00", "2020-11-01 00:30:00", "2020-11-01 00:59:59", "2020-11-01 01:00:00"},
		[][]string{{"2020-10", "SE", "1"}, {"2020-11", "SE", "4"}}},
	// Singapore went from 23:29:59 on 1981-12-31 to 00:00: in its own
	// months a skipped wall time is January.
	{"Asia/Singapore", "Asia/Singapore",
		[]string{"1981-12-31 23:29:59", "1981-12-31 23:30:00", "1981-12-31 23:45:00", "1982-01-01 00:00:00"},
		[][]string{{"1981-12", "SE", "1"}, {"1982-01", "SE", "3"}}},
	// Away from a month's end the month says nothing of the rule (the
	// instants are in period.TestNaiveWallTimesInChanges), but the two
	// routes must still agree: New York's and Stockholm's changes.
	{"America/New_York", "UTC",
		[]string{"2018-03-11 02:30:00", "2018-11-04 01:30:00", "2018-11-04 01:00:00", "2018-03-31 20:00:00"},
		[][]string{{"2018-04", "SE", "1"}, {"2018-03", "SE", "1"}, {"2018-11", "SE", "2"}}},
	{"Europe/Stockholm", "America/New_York",
		[]string{"2019-03-31 02:30:00", "2019-10-27 02:30:00", "2019-11-01 04:59:59", "2019-11-01 05:00:00"},
		[][]string{{"2019-03", "SE", "1"}, {"2019-10", "SE", "2"}, {"2019-11", "SE", "1"}}},
}

// naiveSetupSQL makes nm.walls, the wall times of changeWalls, in SQL that
// PostgreSQL and DuckDB both take.
func naiveSetupSQL() []string {
	stmts := []string{"CREATE TABLE nm.walls (at_naive TIMESTAMP, naive_zone VARCHAR, report_zone VARCHAR, country VARCHAR)"}
	for _, c := range changeWalls {
		for _, w := range c.walls {
			stmts = append(stmts, fmt.Sprintf("INSERT INTO nm.walls VALUES (CAST(%s AS TIMESTAMP), %s, %s, 'SE')", lit(w), lit(c.naive), lit(c.report)))
		}
	}
	return stmts
}

// checkNaiveChanges runs, in dialect d, the query of each of changeWalls
// under every session zone, and checks its rows, and that aggregate reads
// them as it reads the same wall times in a file.
func checkNaiveChanges(t *testing.T, d warehouse.Dialect, runQueries func(t *testing.T, runs []run) []result) {
	var runs []run
	for _, c := range changeWalls {
		m := warehouse.Mapping{
			Query:         fmt.Sprintf("SELECT * FROM nm.walls WHERE naive_zone = %s AND report_zone = %s", lit(c.naive), lit(c.report)),
			Period:        "at_naive",
			PeriodType:    warehouse.PeriodTimestamp,
			NaiveTimezone: c.naive,
			Country:       "country",
		}
		q, err := warehouse.Query(d, input.Transactions, m, c.report)
		if err != nil {
			t.Fatalf("%s in %s: %v", c.naive, c.report, err)
		}
		for _, z := range sessionZones {
			runs = append(runs, run{Zone: z, SQL: q})
		}
	}
	// dayAround (naive.go), as the bigquery, snowflake and spark queries
	// read a naive wall time, in this engine's SQL: it must give the
	// engine's own reading of every wall time here.
	later := "(CAST(at_naive + INTERVAL '1 day' AS TIMESTAMP) AT TIME ZONE naive_zone) - INTERVAL '24 hours'"
	earlier := "(CAST(at_naive - INTERVAL '1 day' AS TIMESTAMP) AT TIME ZONE naive_zone) + INTERVAL '24 hours'"
	around := "CASE WHEN (" + later + ") AT TIME ZONE naive_zone = at_naive THEN " + later + " ELSE " + earlier + " END"
	for _, z := range sessionZones {
		runs = append(runs, run{Zone: z, SQL: "SELECT CAST(at_naive AS VARCHAR), naive_zone FROM nm.walls WHERE (at_naive AT TIME ZONE naive_zone) <> " + around + " ORDER BY 1, 2"})
	}
	results := runQueries(t, runs)
	for j, z := range sessionZones {
		r := results[len(changeWalls)*len(sessionZones)+j]
		if r.Err != "" || len(r.Rows) > 0 {
			t.Errorf("under session time zone %s: read a day later and a day earlier, these wall times are read otherwise: %q %s", z, r.Rows, r.Err)
		}
	}
	for i, c := range changeWalls {
		t.Run("naive "+c.naive+" in "+c.report, func(t *testing.T) {
			want := append([][]string{{"month", "country", "transactions"}}, c.want...)
			var got [][]string
			for j, z := range sessionZones {
				r := results[i*len(sessionZones)+j]
				if r.Err != "" {
					t.Fatalf("under session time zone %s: %s\n%s", z, r.Err, runs[i*len(sessionZones)+j].SQL)
				}
				got = append([][]string{r.Columns}, r.Rows...)
				slices.SortFunc(got[1:], func(a, b []string) int { return strings.Compare(a[0], b[0]) })
				if !slices.EqualFunc(got, sortedRows(want), slices.Equal) {
					t.Errorf("under session time zone %s:\n got %q\nwant %q", z, got, sortedRows(want))
				}
			}
			// The file route: the same wall times as CSV.
			file := "timestamp,country\n" + strings.Join(c.walls, ",SE\n") + ",SE\n"
			fromFile, code, errOut := aggregateIn(t, c.naive, c.report, file)
			fromRows, code2, errOut2 := aggregateIn(t, c.naive, c.report, toCSV(got))
			if code != 0 || code2 != 0 {
				t.Fatalf("aggregate: exit %d over the file (%s), %d over the rows (%s)", code, errOut, code2, errOut2)
			}
			if fromFile != fromRows {
				t.Errorf("aggregate over the wall times as CSV:\n%s\nover the engine's rows:\n%s", fromFile, fromRows)
			}
		})
	}
}

// sortedRows is rows with the data rows sorted by month.
func sortedRows(rows [][]string) [][]string {
	out := slices.Clone(rows)
	slices.SortFunc(out[1:], func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	return out
}

// aggregateIn runs nollmission aggregate over transactions given as CSV,
// with naive wall times of the zone naive, in months of report.
func aggregateIn(t *testing.T, naive, report, data string) (string, int, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rows.csv")
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	ios, out, errOut := cmdtest.Streams()
	code := root.Main([]string{"aggregate", "--transactions", path, "--naive-timezone", naive, "--timezone", report, "--country", "SE"}, ios, "test")
	return out.String(), code, errOut.String()
}

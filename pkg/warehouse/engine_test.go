package warehouse_test

// The generated queries on real engines: PostgreSQL (the postgres and the
// redshift query) and DuckDB, on the same events, which include the
// instants where Stockholm's month differs from UTC's. Each query's rows
// are checked as they come from the engine, the same under several session
// time zones, and then read by nollmission: aggregate over them must give
// the bytes aggregate gives over the same events written as CSV.

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nollmission/nollmission/pkg/cmd/root"
	"github.com/nollmission/nollmission/pkg/cmdutil/cmdtest"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/warehouse"
)

// reportZone is the reporting time zone of every query and aggregate run.
const reportZone = "Europe/Stockholm"

// sessionZones are the engines' session time zones each query runs under:
// the months must not depend on them.
var sessionZones = []string{"UTC", "America/Los_Angeles", "Asia/Kathmandu"}

// null stands for SQL NULL in rows.
const null = "<NULL>"

// event is one purchase, complaint or answer. An empty country, channel or
// category is NULL in the database and an empty cell in CSV.
type event struct {
	at                         string // RFC 3339, UTC
	country, channel, category string
	score                      int
}

// events, with the month each falls in in Stockholm.
var events = []event{
	{"2019-01-15T12:00:00Z", "SE", "IMY", "Refunds", 5},                                     // 2019-01
	{"2019-01-31T22:59:59Z", "SE", "IMY", "Refunds", 5},                                     // 2019-01, 23:59:59 in Stockholm
	{"2019-01-31T23:30:00Z", "SE", "imy", "Invoices not received", 4},                       // 2019-02, 00:30 in Stockholm
	{"2019-02-28T22:59:59Z", "NO", "Kundservice", "", 1},                                    // 2019-02
	{"2019-02-28T23:00:00Z", "NO", "Kundservice", "", 1},                                    // 2019-03, midnight in Stockholm
	{"2019-03-31T00:30:00Z", "SE", "", "Refunds", 3},                                        // 2019-03, 01:30 CET
	{"2019-03-31T01:30:00Z", "SE", "", "refunds ", 3},                                       // 2019-03, 03:30 CEST, after the skipped hour
	{"2019-10-27T00:30:00Z", "SE", "Allmänna reklamationsnämnden", "Declined purchases", 2}, // 2019-10, 02:30 CEST
	{"2019-10-27T01:30:00Z", "SE", "ARN", "Declined purchases", 2},                          // 2019-10, 02:30 CET, the repeated hour
	{"2019-10-31T22:59:59Z", "se", "FI", "Reminder fees", 4},                                // 2019-10
	{"2019-10-31T23:00:00Z", "SE", "FI", "Reminder fees", 4},                                // 2019-11
	{"2019-12-31T22:30:00Z", "SE", "customer_service", "Refunds", 5},                        // 2019-12
	{"2019-12-31T23:30:00Z", "SE", "customer_service", "Refunds", 5},                        // 2020-01
}

// wantEventRows are the rows the engines return for events, written out by
// hand from the months above: values as stored, NULLs as empty strings,
// sorted bytewise (the test clusters use the C collation).
var wantEventRows = map[input.Kind][][]string{
	input.Transactions: {
		{"month", "country", "transactions"},
		{"2019-01", "SE", "2"},
		{"2019-02", "NO", "1"},
		{"2019-02", "SE", "1"},
		{"2019-03", "NO", "1"},
		{"2019-03", "SE", "2"},
		{"2019-10", "SE", "2"},
		{"2019-10", "se", "1"},
		{"2019-11", "SE", "1"},
		{"2019-12", "SE", "1"},
		{"2020-01", "SE", "1"},
	},
	input.Complaints: {
		{"month", "country", "channel", "category", "complaints"},
		{"2019-01", "SE", "IMY", "Refunds", "2"},
		{"2019-02", "NO", "Kundservice", "", "1"},
		{"2019-02", "SE", "imy", "Invoices not received", "1"},
		{"2019-03", "NO", "Kundservice", "", "1"},
		{"2019-03", "SE", "", "Refunds", "1"},
		{"2019-03", "SE", "", "refunds ", "1"},
		{"2019-10", "SE", "ARN", "Declined purchases", "1"},
		{"2019-10", "SE", "Allmänna reklamationsnämnden", "Declined purchases", "1"},
		{"2019-10", "se", "FI", "Reminder fees", "1"},
		{"2019-11", "SE", "FI", "Reminder fees", "1"},
		{"2019-12", "SE", "customer_service", "Refunds", "1"},
		{"2020-01", "SE", "customer_service", "Refunds", "1"},
	},
	input.Surveys: {
		{"month", "country", "score", "responses"},
		{"2019-01", "SE", "5", "2"},
		{"2019-02", "NO", "1", "1"},
		{"2019-02", "SE", "4", "1"},
		{"2019-03", "NO", "1", "1"},
		{"2019-03", "SE", "3", "2"},
		{"2019-10", "SE", "2", "2"},
		{"2019-10", "se", "4", "1"},
		{"2019-11", "SE", "4", "1"},
		{"2019-12", "SE", "5", "1"},
		{"2020-01", "SE", "5", "1"},
	},
}

// columns names a table's columns: one period column per period type, and
// the rest.
type columns struct {
	schema, table                                            string
	atTZ, atNaive, onDate, country, channel, category, score string
}

var (
	plainTable = columns{"nm", "events", "at_tz", "at_naive", "on_date", "country", "channel", "category", "score"}
	// hostileTable has names with both quotes, a backtick, a backslash, a
	// semicolon and a dot (not in the table's own name, which is split at
	// dots).
	hostileTable = columns{`sch"ema`, "ev;en\"ts`", `at"tz; x.y`, "at`naive'", `on.date\`, `land"`, "kan;al`", "kate.gori'", `betyg"; DROP TABLE x; --`}
)

// setupSQL creates the tables of the tests and loads them, in SQL that
// PostgreSQL and DuckDB both take.
func setupSQL(t *testing.T) []string {
	stockholm, err := time.LoadLocation(reportZone)
	if err != nil {
		t.Fatal(err)
	}
	var stmts []string
	for _, c := range []columns{plainTable, hostileTable} {
		stmts = append(stmts,
			"CREATE SCHEMA "+ident(c.schema),
			fmt.Sprintf("CREATE TABLE %s.%s (%s TIMESTAMPTZ, %s TIMESTAMP, %s DATE, %s VARCHAR, %s VARCHAR, %s VARCHAR, %s INTEGER)",
				ident(c.schema), ident(c.table), ident(c.atTZ), ident(c.atNaive), ident(c.onDate), ident(c.country), ident(c.channel), ident(c.category), ident(c.score)))
		for _, e := range events {
			at, err := time.Parse(time.RFC3339, e.at)
			if err != nil {
				t.Fatal(err)
			}
			stmts = append(stmts, fmt.Sprintf("INSERT INTO %s.%s VALUES (CAST(%s AS TIMESTAMPTZ), CAST(%s AS TIMESTAMP), CAST(%s AS DATE), %s, %s, %s, %d)",
				ident(c.schema), ident(c.table),
				lit(at.Format("2006-01-02 15:04:05+00")), lit(at.Format("2006-01-02 15:04:05")), lit(at.In(stockholm).Format("2006-01-02")),
				litOrNull(e.country), litOrNull(e.channel), litOrNull(e.category), e.score))
		}
	}
	stmts = append(stmts,
		// Counts, one of them NULL and one negative.
		"CREATE TABLE nm.counted (day DATE, country VARCHAR, n BIGINT)",
		"INSERT INTO nm.counted VALUES ('2019-01-05', 'SE', 3), ('2019-01-20', 'SE', 4), ('2019-02-01', 'NO', NULL), ('2019-02-02', 'NO', 2), "+
			"('2019-03-01', 'SE', -1), ('2019-03-02', 'SE', 5), ('2019-04-01', 'SE', 0)",
		// Fractional counts, two of which sum to a whole number.
		"CREATE TABLE nm.fractional (day DATE, country VARCHAR, n FLOAT8)",
		"INSERT INTO nm.fractional VALUES ('2019-05-01', 'SE', 0.5), ('2019-05-02', 'SE', 0.5), ('2019-06-01', 'SE', 2), ('2019-06-02', 'SE', 1.25)",
		// Whole counts in floats whose float sum is wrong: 2^53 + 1 + 1 is
		// 2^53 in floats, and 10^16 + 1 is 10^16; and in decimals with a
		// scale, whose sum reads 7.00.
		"CREATE TABLE nm.floats (day DATE, country VARCHAR, n FLOAT8, d DECIMAL(18,2))",
		"INSERT INTO nm.floats VALUES ('2019-07-01', 'SE', 9007199254740992, 3), ('2019-07-02', 'SE', 1, 4), ('2019-07-03', 'SE', 1, 0), "+
			"('2019-08-01', 'SE', 10000000000000000, 1), ('2019-08-02', 'SE', 1, 1.00)",
		// Float counts no 64-bit integer holds, each in a month of its own.
		"CREATE TABLE nm.unbounded (day DATE, country VARCHAR, n FLOAT8)",
		"INSERT INTO nm.unbounded VALUES ('2019-09-01', 'SE', 1), ('2019-09-02', 'SE', CAST('NaN' AS FLOAT8)), ('2019-10-01', 'SE', CAST('Infinity' AS FLOAT8)), "+
			"('2019-11-01', 'SE', 2), ('2019-11-02', 'SE', 1e19), ('2019-12-01', 'SE', 9223372036854775807)",
		// Periods in no month: January 1st of 1 BC (366 days before 1 AD),
		// both infinities, a NULL, and one in a month.
		"CREATE TABLE nm.ancient (at_tz TIMESTAMPTZ, at_naive TIMESTAMP, on_date DATE, country VARCHAR)",
		"INSERT INTO nm.ancient VALUES "+
			"(CAST('0001-01-01 10:00:00+00' AS TIMESTAMPTZ) - INTERVAL '366 days', CAST('0001-01-01 10:00:00' AS TIMESTAMP) - INTERVAL '366 days', CAST(CAST('0001-01-01' AS DATE) - INTERVAL '366 days' AS DATE), 'SE'), "+
			"(CAST('infinity' AS TIMESTAMPTZ), CAST('infinity' AS TIMESTAMP), CAST('infinity' AS DATE), 'SE'), "+
			"(CAST('-infinity' AS TIMESTAMPTZ), CAST('-infinity' AS TIMESTAMP), CAST('-infinity' AS DATE), 'SE'), "+
			"(NULL, NULL, NULL, 'SE'), "+
			"(CAST('2019-01-10 10:00:00+00' AS TIMESTAMPTZ), CAST('2019-01-10 10:00:00' AS TIMESTAMP), CAST('2019-01-10' AS DATE), 'SE')",
		// A NULL period and a NULL country.
		"CREATE TABLE nm.gaps (at_tz TIMESTAMPTZ, country VARCHAR)",
		"INSERT INTO nm.gaps VALUES (NULL, 'SE'), (CAST('2019-01-10 10:00:00+00' AS TIMESTAMPTZ), NULL), (CAST('2019-01-11 10:00:00+00' AS TIMESTAMPTZ), 'SE')",
	)
	return append(stmts, naiveSetupSQL()...)
}

func ident(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
func lit(s string) string   { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
func litOrNull(s string) string {
	if s == "" {
		return "NULL"
	}
	return lit(s)
}

// mapping maps kind onto the table c with the period type p.
func mapping(kind input.Kind, p warehouse.PeriodType, c columns) warehouse.Mapping {
	m := warehouse.Mapping{Table: c.schema + "." + c.table, PeriodType: p, Country: c.country}
	m.Period = map[warehouse.PeriodType]string{warehouse.PeriodTimestamptz: c.atTZ, warehouse.PeriodTimestamp: c.atNaive, warehouse.PeriodDate: c.onDate}[p]
	switch kind {
	case input.Complaints:
		m.Channel, m.Category = c.channel, c.category
	case input.Surveys:
		m.Score = c.score
	}
	return m
}

// eventsCSV is events of kind as nollmission's event rows, without the
// country column when withCountry is false, keeping the events keep says.
func eventsCSV(kind input.Kind, withCountry bool, keep func(event) bool) string {
	header := []string{"timestamp"}
	if withCountry {
		header = append(header, "country")
	}
	header = append(header, map[input.Kind][]string{input.Complaints: {"channel", "category"}, input.Surveys: {"score"}}[kind]...)
	rows := [][]string{header}
	for _, e := range events {
		if !keep(e) {
			continue
		}
		row := []string{e.at}
		if withCountry {
			row = append(row, e.country)
		}
		switch kind {
		case input.Complaints:
			row = append(row, e.channel, e.category)
		case input.Surveys:
			row = append(row, fmt.Sprint(e.score))
		}
		rows = append(rows, row)
	}
	return toCSV(rows)
}

func all(event) bool { return true }

// toCSV writes rows as CSV; a NULL is an empty cell, as in a COPY.
func toCSV(rows [][]string) string {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	for _, r := range rows {
		out := make([]string, len(r))
		for i, v := range r {
			if v != null {
				out[i] = v
			}
		}
		_ = w.Write(out)
	}
	w.Flush()
	return b.String()
}

// aggregate runs nollmission aggregate on rows of kind given as CSV, and
// returns its output, exit code and messages.
func aggregate(t *testing.T, kind input.Kind, data string) (string, int, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rows.csv")
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	ios, out, errOut := cmdtest.Streams()
	code := root.Main([]string{"aggregate", kind.Flag(), path, "--timezone", reportZone, "--country", "SE"}, ios, "test")
	return out.String(), code, errOut.String()
}

// engineCase is a query and what its rows must be.
type engineCase struct {
	name string
	kind input.Kind
	m    warehouse.Mapping
	want [][]string // the header, then the rows, as the engine returns them
	// wantDuckDB is want in DuckDB, where it writes values otherwise.
	wantDuckDB [][]string
	// sameAs is the CSV of events aggregate must read as it reads the rows.
	sameAs string
	// refused says that aggregate must refuse the rows instead.
	refused bool
	// pgError is the error the query fails with in PostgreSQL and
	// Redshift, where it gives no rows.
	pgError string
}

// wallTimesIn is the events' UTC wall times read as zone's, as
// timestamp rows with zone's offsets.
func wallTimesIn(t *testing.T, zone string) string {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]string{{"timestamp"}}
	for _, e := range events {
		at, err := time.ParseInLocation(time.RFC3339[:19], strings.TrimSuffix(e.at, "Z"), loc)
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, []string{at.Format(time.RFC3339)})
	}
	return toCSV(rows)
}

func engineCases(t *testing.T) []engineCase {
	var cases []engineCase
	for _, c := range []struct {
		name string
		cols columns
	}{{"", plainTable}, {"hostile names/", hostileTable}} {
		for _, k := range input.Kinds {
			for _, p := range warehouse.PeriodTypes {
				cases = append(cases, engineCase{name: c.name + k.String() + "/" + string(p), kind: k, m: mapping(k, p, c.cols),
					want: wantEventRows[k], sameAs: eventsCSV(k, true, all)})
			}
		}
	}
	notNorway := func(e event) bool { return e.country != "NO" }
	cases = append(cases,
		engineCase{name: "query without country", kind: input.Transactions,
			m: warehouse.Mapping{Query: "SELECT * FROM nm.events WHERE country <> 'NO' -- a comment to the end of the line\n;", Period: "at_naive", PeriodType: warehouse.PeriodTimestamp},
			want: [][]string{
				{"month", "transactions"},
				{"2019-01", "2"}, {"2019-02", "1"}, {"2019-03", "2"}, {"2019-10", "3"}, {"2019-11", "1"}, {"2019-12", "1"}, {"2020-01", "1"},
			},
			sameAs: eventsCSV(input.Transactions, false, notNorway)},
		engineCase{name: "naive wall time of another zone", kind: input.Transactions,
			// at_naive holds UTC wall times; read as New York's they are 5
			// hours later, so 2019-12-31 22:30 becomes 2020-01 in Stockholm.
			m: warehouse.Mapping{Table: "nm.events", Period: "at_naive", PeriodType: warehouse.PeriodTimestamp, NaiveTimezone: "America/New_York"},
			want: [][]string{
				{"month", "transactions"},
				{"2019-01", "1"}, {"2019-02", "2"}, {"2019-03", "4"}, {"2019-10", "2"}, {"2019-11", "2"}, {"2020-01", "2"},
			},
			sameAs: wallTimesIn(t, "America/New_York")},
		engineCase{name: "counts", kind: input.Transactions,
			m: warehouse.Mapping{Query: "SELECT * FROM nm.counted WHERE n IS NOT NULL AND n >= 0", Period: "day", PeriodType: warehouse.PeriodDate, Country: "country", Count: "n"},
			want: [][]string{
				{"month", "country", "transactions"},
				{"2019-01", "SE", "7"}, {"2019-02", "NO", "2"}, {"2019-03", "SE", "5"}, {"2019-04", "SE", "0"},
			},
			sameAs: "date,country,count\n2019-01-05,SE,3\n2019-01-20,SE,4\n2019-02-02,NO,2\n2019-03-02,SE,5\n2019-04-01,SE,0\n"},
		engineCase{name: "NULL and negative counts surface", kind: input.Transactions,
			m: warehouse.Mapping{Table: "nm.counted", Period: "day", PeriodType: warehouse.PeriodDate, Country: "country", Count: "n"},
			want: [][]string{
				{"month", "country", "transactions"},
				{"2019-01", "SE", "7"}, {"2019-02", "NO", null}, {"2019-03", "SE", "-1"}, {"2019-04", "SE", "0"},
			},
			refused: true},
		// 0.5 and 0.5 summed to 1, which nollmission took (exit 0) where
		// the same rows as CSV are refused: "0.5": not a whole number.
		engineCase{name: "fractional counts surface", kind: input.Transactions,
			m: warehouse.Mapping{Table: "nm.fractional", Period: "day", PeriodType: warehouse.PeriodDate, Country: "country", Count: "n"},
			want: [][]string{
				{"month", "country", "transactions"},
				{"2019-05", "SE", "0.5"}, {"2019-06", "SE", "1.25"},
			},
			refused: true},
		// Summed as floats, July was 9007199254740992 and August
		// 10000000000000000 (or refused, printed 9.007199254740992e+15):
		// the counts are whole numbers, and their sum is exact.
		engineCase{name: "float counts sum exactly", kind: input.Transactions,
			m: warehouse.Mapping{Table: "nm.floats", Period: "day", PeriodType: warehouse.PeriodDate, Country: "country", Count: "n"},
			want: [][]string{
				{"month", "country", "transactions"},
				{"2019-07", "SE", "9007199254740994"}, {"2019-08", "SE", "10000000000000001"},
			},
			sameAs: "date,country,count\n2019-07-01,SE,9007199254740992\n2019-07-02,SE,1\n2019-07-03,SE,1\n2019-08-01,SE,10000000000000000\n2019-08-02,SE,1\n"},
		// Summed as decimals, the total read 7.00: not a whole number.
		engineCase{name: "decimal counts sum to a whole number", kind: input.Transactions,
			m: warehouse.Mapping{Table: "nm.floats", Period: "day", PeriodType: warehouse.PeriodDate, Country: "country", Count: "d"},
			want: [][]string{
				{"month", "country", "transactions"},
				{"2019-07", "SE", "7"}, {"2019-08", "SE", "2"},
			},
			sameAs: "date,country,count\n2019-07-01,SE,3\n2019-07-02,SE,4\n2019-08-01,SE,2\n"},
		// NaN, an infinity and 1e19 surface as the group's largest count,
		// as the engine writes it; 2^63 (the float nearest 2^63-1) too. In
		// PostgreSQL and Redshift the cast to BIGINT fails the query (a
		// check of the range first cost every row a NUMERIC), which
		// --database words (database_mapping.txtar).
		engineCase{name: "counts beyond 64 bits surface", kind: input.Transactions,
			m: warehouse.Mapping{Table: "nm.unbounded", Period: "day", PeriodType: warehouse.PeriodDate, Country: "country", Count: "n"},
			want: [][]string{
				{"month", "country", "transactions"},
				{"2019-09", "SE", "NaN"}, {"2019-10", "SE", "Infinity"}, {"2019-11", "SE", "1e+19"}, {"2019-12", "SE", "9.223372036854776e+18"},
			},
			wantDuckDB: [][]string{
				{"month", "country", "transactions"},
				{"2019-09", "SE", "nan"}, {"2019-10", "SE", "inf"}, {"2019-11", "SE", "1e+19"}, {"2019-12", "SE", "9.223372036854776e+18"},
			},
			pgError: "bigint out of range",
			refused: true},
		// A BC period was written as the AD year (TO_CHAR's YYYY: 0001-01
		// for 1 BC) and an infinite one as NULL; now a BC one is its month
		// with the era in PostgreSQL and Redshift, and the value as the
		// engine writes it elsewhere; an infinite one its value. No month
		// is either. (DuckDB's ICU has
		// Stockholm's mean time as +00:53:28, PostgreSQL's tzdata and Go's
		// +01:12:12.)
		ancientCase(warehouse.PeriodTimestamptz, "0001-01 BC", "0001-01-01 (BC) 10:53:28"),
		ancientCase(warehouse.PeriodTimestamp, "0001-01 BC", "0001-01-01 (BC) 10:53:28"),
		ancientCase(warehouse.PeriodDate, "0001-01 BC", "0001-01-01 (BC)"),
		engineCase{name: "NULL period and country surface", kind: input.Transactions,
			m: warehouse.Mapping{Table: "nm.gaps", Period: "at_tz", PeriodType: warehouse.PeriodTimestamptz, Country: "country"},
			want: [][]string{
				{"month", "country", "transactions"},
				{"", "SE", "1"}, {"2019-01", "", "1"}, {"2019-01", "SE", "1"},
			},
			refused: true},
	)
	return cases
}

// ancientCase reads nm.ancient by its column of period type p, where the
// BC period is written bc in PostgreSQL and bcDuckDB in DuckDB.
func ancientCase(p warehouse.PeriodType, bc, bcDuckDB string) engineCase {
	rows := func(bc string) [][]string {
		return [][]string{
			{"month", "country", "transactions"},
			{"", "SE", "1"}, {"-infinity", "SE", "1"}, {bc, "SE", "1"}, {"2019-01", "SE", "1"}, {"infinity", "SE", "1"},
		}
	}
	m := mapping(input.Transactions, p, plainTable)
	m.Table = "nm.ancient"
	return engineCase{name: "periods in no month surface/" + string(p), kind: input.Transactions, m: m,
		want: rows(bc), wantDuckDB: rows(bcDuckDB), refused: true}
}

// run is one query under one session time zone.
type run struct {
	Zone string `json:"zone"`
	SQL  string `json:"sql"`
}

// result is a query's column names and rows, NULL as null.
type result struct {
	Columns []string   `json:"columns"`
	Rows    [][]string `json:"rows"`
	Err     string     `json:"error,omitempty"` // the engine's, when the query failed
}

// checkEngine runs every case's query in dialect d with runQueries, under
// each session zone, and checks the rows and what aggregate makes of them.
func checkEngine(t *testing.T, d warehouse.Dialect, runQueries func(t *testing.T, runs []run) []result) {
	cases := engineCases(t)
	var runs []run
	for _, c := range cases {
		q, err := warehouse.Query(d, c.kind, c.m, reportZone)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for _, z := range sessionZones {
			runs = append(runs, run{Zone: z, SQL: q})
		}
	}
	results := runQueries(t, runs)
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.pgError != "" && (d == warehouse.Postgres || d == warehouse.Redshift) {
				for j, z := range sessionZones {
					if r := results[i*len(sessionZones)+j]; !strings.Contains(r.Err, c.pgError) {
						t.Errorf("under session time zone %s: error %q, rows %q; want the error %q", z, r.Err, r.Rows, c.pgError)
					}
				}
				return
			}
			var got [][]string
			for j, z := range sessionZones {
				r := results[i*len(sessionZones)+j]
				if r.Err != "" {
					t.Fatalf("under session time zone %s: %s\n%s", z, r.Err, runs[i*len(sessionZones)+j].SQL)
				}
				rows := append([][]string{r.Columns}, r.Rows...)
				if j == 0 {
					got = rows
				} else if !slices.EqualFunc(rows, got, slices.Equal) {
					t.Errorf("under session time zone %s the rows differ from those under %s:\n%v\n%v", z, sessionZones[0], rows, got)
				}
			}
			want := c.want
			if d == warehouse.DuckDB && c.wantDuckDB != nil {
				want = c.wantDuckDB
			}
			if !slices.EqualFunc(got, want, slices.Equal) {
				t.Errorf("rows:\n got %q\nwant %q\nquery:\n%s", got, want, runs[i*len(sessionZones)].SQL)
			}
			if c.sameAs == "" && !c.refused {
				t.Fatal("the case says neither what aggregate reads nor that it refuses")
			}
			fromRows, code, errOut := aggregate(t, c.kind, toCSV(got))
			if c.refused {
				if code != exit.BadInput {
					t.Errorf("aggregate took the rows (exit %d), want exit %d:\n%s%s", code, exit.BadInput, fromRows, errOut)
				}
				return
			}
			fromEvents, code2, errOut2 := aggregate(t, c.kind, c.sameAs)
			if code != 0 || code2 != 0 {
				t.Fatalf("aggregate: exit %d over the rows (%s), %d over the events (%s)", code, errOut, code2, errOut2)
			}
			if fromRows != fromEvents {
				t.Errorf("aggregate over the engine's rows:\n%s\nover the same events as CSV:\n%s", fromRows, fromEvents)
			}
		})
	}
}

package warehouse_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/testenv/pgtest"
	"github.com/nollmission/nollmission/pkg/warehouse"
)

// The postgres query, and the redshift one, whose SQL PostgreSQL also
// speaks (Redshift's own differences, identifier case folding and
// backslashes in string literals, do not show with these names and zones),
// on a real PostgreSQL server.
func TestQueryOnPostgreSQL(t *testing.T) {
	srv := pgtest.Start(t)
	t.Logf("PostgreSQL %s, started in %s", srv.Version, srv.Startup)
	srv.Exec(t, strings.Join(setupSQL(t), ";\n"))
	conn := srv.Connect(t)
	runQueries := func(t *testing.T, runs []run) []result {
		results := make([]result, len(runs))
		for i, r := range runs {
			results[i] = pgRows(t, conn, r)
		}
		return results
	}
	for _, d := range []warehouse.Dialect{warehouse.Postgres, warehouse.Redshift} {
		t.Run(string(d), func(t *testing.T) {
			checkEngine(t, d, runQueries)
			checkNaiveChanges(t, d, runQueries)
		})
	}
}

// pgRows runs r in PostgreSQL's simple protocol, whose results are text,
// as they would be in a CSV export.
func pgRows(t *testing.T, conn *pgx.Conn, r run) result {
	t.Helper()
	ctx := context.Background()
	if _, err := conn.Exec(ctx, fmt.Sprintf("SET TimeZone = %s", lit(r.Zone))); err != nil {
		t.Fatal(err)
	}
	rows, err := conn.Query(ctx, r.SQL, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		return result{Err: err.Error()}
	}
	defer rows.Close()
	var res result
	for _, f := range rows.FieldDescriptions() {
		res.Columns = append(res.Columns, f.Name)
	}
	for rows.Next() {
		var row []string
		for _, v := range rows.RawValues() {
			if v == nil {
				row = append(row, null)
			} else {
				row = append(row, string(v))
			}
		}
		res.Rows = append(res.Rows, row)
	}
	if err := rows.Err(); err != nil {
		return result{Err: err.Error()}
	}
	return res
}

// TestZonesPostgreSQLReadsAsAbbreviations asks a real PostgreSQL which IANA
// zone names it reads as abbreviations (pg_timezone_abbrevs, matched
// without regard to case, before pg_timezone_names): each one the postgres
// query takes must be read the same by PostgreSQL and Go at a few instants
// (UTC's names). CET, EET, MET and WET are read otherwise in summer.
func TestZonesPostgreSQLReadsAsAbbreviations(t *testing.T) {
	srv := pgtest.Start(t)
	conn := srv.Connect(t)
	ctx := context.Background()
	rows, err := conn.Query(ctx, `SELECT DISTINCT n.name FROM pg_timezone_names n JOIN pg_timezone_abbrevs a ON lower(a.abbrev) = lower(n.name) ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if len(names) < 7 {
		t.Fatalf("PostgreSQL reads only %v as abbreviations: want CET, EET, EST, … at least", names)
	}
	instants := []string{"2019-07-15T12:00:00Z", "2019-01-15T12:00:00Z", "1967-07-01T12:00:00Z", "1940-01-01T12:00:00Z", "1900-01-01T12:00:00Z"}
	m := warehouse.Mapping{Table: "t", Period: "p", PeriodType: warehouse.PeriodTimestamptz}
	for _, name := range names {
		loc, err := time.LoadLocation(name)
		if err != nil {
			continue // not a zone nollmission takes
		}
		differs := ""
		for _, at := range instants {
			ts, _ := time.Parse(time.RFC3339, at)
			var pg string
			if err := conn.QueryRow(ctx, `SELECT to_char($1::timestamptz AT TIME ZONE $2, 'YYYY-MM-DD HH24:MI:SS')`, at, name).Scan(&pg); err != nil {
				t.Fatal(err)
			}
			if goes := ts.In(loc).Format(time.DateTime); goes != pg {
				differs = fmt.Sprintf("at %s PostgreSQL reads %s, Go %s", at, pg, goes)
				break
			}
		}
		_, err = warehouse.Query(warehouse.Postgres, input.Transactions, m, name)
		switch {
		case err == nil && differs != "":
			t.Errorf("--timezone %s is taken, and %s", name, differs)
		case err != nil && differs == "":
			// EST, MST and HST where the system's tzdata keeps them fixed
			// offsets; upstream tzdata 2024b links them to America/Panama,
			// America/Phoenix and Pacific/Honolulu, whose pasts differ.
			t.Logf("--timezone %s is refused; PostgreSQL reads it as Go does with this machine's tzdata", name)
		case err != nil:
			t.Logf("--timezone %s is refused: %s", name, differs)
		}
	}
}

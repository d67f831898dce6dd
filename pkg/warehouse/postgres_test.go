package warehouse_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

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
		t.Run(string(d), func(t *testing.T) { checkEngine(t, d, runQueries) })
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
		t.Fatalf("%v\n%s", err, r.SQL)
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
		t.Fatalf("%v\n%s", err, r.SQL)
	}
	return res
}

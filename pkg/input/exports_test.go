package input

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/testenv"
	"github.com/nollmission/nollmission/pkg/testenv/pgtest"
)

// The files of testdata/exports that a program on this machine (or CI's)
// writes are checked against that program: the fixtures are what it
// exports, not what someone thought it does.

const exportsDir = "../../testdata/exports"

// exportSetup creates the purchases of testdata/exports, in SQL that
// PostgreSQL and DuckDB both run.
const exportSetup = `CREATE TABLE purchases (created_at TIMESTAMPTZ, country TEXT);
INSERT INTO purchases VALUES
 ('2019-01-31 22:30:00+00', 'SE'), ('2019-01-31 23:30:00+00', 'SE'),
 ('2019-03-31 00:30:00+00', 'SE'), ('2019-03-31 01:30:00+00', 'SE'),
 ('2019-10-27 00:30:00+00', 'SE'), ('2019-10-27 01:30:00.236+00', 'SE'),
 ('2019-12-31 23:30:00+00', 'SE')`

func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(exportsDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPostgreSQLWritesTheFixtures(t *testing.T) {
	srv := pgtest.Start(t)
	conn := srv.Connect(t)
	ctx := context.Background()
	for _, stmt := range strings.Split(exportSetup, ";") {
		srv.Exec(t, stmt)
	}
	srv.Exec(t, "CREATE TABLE purchases_naive AS SELECT created_at AT TIME ZONE 'UTC' AS created_at, country FROM purchases")
	tests := []struct{ file, zone, sql string }{
		{"postgresql_copy_header.csv", "UTC", "COPY (SELECT created_at, country FROM purchases ORDER BY created_at) TO STDOUT WITH (FORMAT csv, HEADER)"},
		{"postgresql_copy_stockholm.csv", "Europe/Stockholm", "COPY (SELECT created_at, country FROM purchases ORDER BY created_at) TO STDOUT WITH (FORMAT csv, HEADER)"},
		{"postgresql_copy.csv", "UTC", "COPY (SELECT created_at, country FROM purchases ORDER BY created_at) TO STDOUT WITH (FORMAT csv)"},
		{"postgresql_timestamp.csv", "UTC", "COPY (SELECT created_at, country FROM purchases_naive ORDER BY created_at) TO STDOUT WITH (FORMAT csv, HEADER)"},
		{"postgresql_count.csv", "UTC", "COPY (SELECT to_char(created_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM') AS month, country, count(*) FROM purchases GROUP BY 1, 2 ORDER BY 1, 2) TO STDOUT WITH (FORMAT csv, HEADER)"},
	}
	for _, tt := range tests {
		if _, err := conn.Exec(ctx, "SET TimeZone = '"+tt.zone+"'"); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if _, err := conn.PgConn().CopyTo(ctx, &out, tt.sql); err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		if want := fixture(t, tt.file); out.String() != want {
			t.Errorf("PostgreSQL %s writes\n%s\ntestdata/exports/%s holds\n%s", srv.Version, out.String(), tt.file, want)
		}
	}
}

// duckdbExport runs the setup and COPY statements in an in-memory DuckDB
// through its Node.js package (in bench/, as the warehouse tests do).
const duckdbExport = `
import { DuckDBInstance } from '@duckdb/node-api';
let text = '';
for await (const chunk of process.stdin) text += chunk;
const statements = JSON.parse(text);
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run("SET TimeZone = 'UTC'");
for (const sql of statements) await con.run(sql);
`

func TestDuckDBWritesTheFixtures(t *testing.T) {
	node := testenv.LookPath(t, "apt-get install nodejs npm", "node")
	bench, err := filepath.Abs(filepath.Join("..", "..", "bench"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(bench, "node_modules", "@duckdb", "node-api", "package.json")); err != nil {
		testenv.Missing(t, "DuckDB's Node.js package @duckdb/node-api", "cd bench && npm install --no-package-lock --no-audit --no-fund")
	}
	dir := t.TempDir()
	files := map[string]string{
		"duckdb_copy.csv":       "SELECT created_at, country FROM purchases ORDER BY created_at",
		"duckdb_timestamp.csv":  "SELECT created_at::TIMESTAMP AS created_at, country FROM purchases ORDER BY created_at",
		"duckdb_count_star.csv": "SELECT strftime(timezone('Europe/Stockholm', created_at), '%Y-%m') AS month, country, count(*) FROM purchases GROUP BY ALL ORDER BY ALL",
	}
	statements := strings.Split(exportSetup, ";")
	for name, query := range files {
		statements = append(statements, "COPY ("+query+") TO '"+filepath.Join(dir, name)+"'")
	}
	input, err := json.Marshal(statements)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "--input-type=module", "--eval", duckdbExport)
	cmd.Dir = bench
	cmd.Stdin = bytes.NewReader(input)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("DuckDB: %v\n%s", err, out)
	}
	for name := range files {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if want := fixture(t, name); string(got) != want {
			t.Errorf("DuckDB writes\n%s\ntestdata/exports/%s holds\n%s", got, name, want)
		}
	}
}

package warehouse_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/nollmission/nollmission/pkg/testenv"
	"github.com/nollmission/nollmission/pkg/warehouse"
)

// duckdbInstall is how to get DuckDB's Node.js package where the tests
// look for it: bench/ pins the version the benchmark uses.
const duckdbInstall = "cd bench && npm install --no-package-lock --no-audit --no-fund"

// duckdbScript runs, in one in-memory DuckDB, the setup statements and
// then each query under its session time zone, read as JSON on standard
// input; it prints each query's columns and rows as JSON, values as text
// and NULL as the marker given. It runs in bench/, where node resolves
// @duckdb/node-api.
const duckdbScript = `
import { DuckDBInstance } from '@duckdb/node-api';
let text = '';
for await (const chunk of process.stdin) text += chunk;
const { setup, runs, nullMarker } = JSON.parse(text);
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
for (const sql of setup) await con.run(sql);
const results = [];
for (const { zone, sql } of runs) {
  await con.run("SET TimeZone = '" + zone.replaceAll("'", "''") + "'");
  const reader = await con.runAndReadAll(sql);
  results.push({
    columns: reader.columnNames(),
    rows: reader.getRows().map((row) => row.map((v) => (v === null ? nullMarker : String(v)))),
  });
}
console.log(JSON.stringify(results));
`

// The duckdb query in real DuckDB, through its Node.js package.
func TestQueryOnDuckDB(t *testing.T) {
	node := testenv.LookPath(t, "apt-get install nodejs npm", "node")
	bench, err := filepath.Abs(filepath.Join("..", "..", "bench"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(bench, "node_modules", "@duckdb", "node-api", "package.json")); err != nil {
		testenv.Missing(t, "DuckDB's Node.js package @duckdb/node-api", duckdbInstall)
	}
	setup := setupSQL(t)
	runQueries := func(t *testing.T, runs []run) []result {
		input, err := json.Marshal(map[string]any{"setup": setup, "runs": runs, "nullMarker": null})
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(node, "--input-type=module", "--eval", duckdbScript)
		cmd.Dir = bench
		cmd.Stdin = bytes.NewReader(input)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("DuckDB: %v\n%s", err, stderr.String())
		}
		var results []result
		if err := json.Unmarshal(out, &results); err != nil {
			t.Fatalf("DuckDB's output: %v\n%s", err, out)
		}
		if len(results) != len(runs) {
			t.Fatalf("DuckDB ran %d queries of %d", len(results), len(runs))
		}
		return results
	}
	checkEngine(t, warehouse.DuckDB, runQueries)
	checkNaiveChanges(t, warehouse.DuckDB, runQueries)
}

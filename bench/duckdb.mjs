// The benchmark's DuckDB run: purchases per month and country of one CSV
// file, on 2 threads, the month being either the first 7 characters of the
// timestamp (the naive scanner's question) or the Stockholm month (ours).
// Prints month,country,purchases lines, and the query's own time on stderr.
//
//   node bench/duckdb.mjs FILE text|stockholm
import { DuckDBInstance } from '@duckdb/node-api';

const [file, question] = process.argv.slice(2);
if (!file || !['text', 'stockholm'].includes(question)) {
  console.error('usage: node bench/duckdb.mjs FILE text|stockholm');
  process.exit(2);
}
const start = performance.now();
const db = await DuckDBInstance.create(':memory:', { threads: '2' });
const con = await db.connect();
const month = question === 'stockholm'
  ? `strftime(timezone('Europe/Stockholm', "timestamp"::TIMESTAMPTZ), '%Y-%m')`
  : `substr("timestamp", 1, 7)`;
const sql = `SELECT ${month} AS month, country, count(*) AS purchases
  FROM read_csv('${file.replaceAll("'", "''")}', header = true, all_varchar = true)
  GROUP BY ALL ORDER BY month, country`;
const reader = await con.runAndReadAll(sql);
const seconds = (performance.now() - start) / 1000;
console.log(reader.getRows().map((row) => row.join(',')).join('\n'));
console.error(`duckdb query ${seconds.toFixed(3)} s`);

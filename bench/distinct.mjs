// The distinct-keys benchmark's DuckDB run, on 2 threads: a complaints
// file with one category a row, grouped as nollmission groups it.
//
//   node bench/distinct.mjs FILE top       the 20 largest categories (breakdown's table)
//   node bench/distinct.mjs FILE all OUT   every month, country, channel and category
//                                          with its complaints, sorted, as CSV in OUT
//                                          (aggregate's count rows)
//
// Prints the query's own time on stderr.
import { DuckDBInstance } from '@duckdb/node-api';

const [file, question, out] = process.argv.slice(2);
if (!file || !['top', 'all'].includes(question) || (question === 'all' && !out)) {
  console.error('usage: node bench/distinct.mjs FILE top | FILE all OUT');
  process.exit(2);
}
const quote = (s) => `'${s.replaceAll("'", "''")}'`;
const start = performance.now();
const db = await DuckDBInstance.create(':memory:', { threads: '2' });
const con = await db.connect();
const source = `read_csv(${quote(file)}, header = true, all_varchar = true)`;
if (question === 'top') {
  const reader = await con.runAndReadAll(`SELECT category, sum(complaints::BIGINT) AS complaints
    FROM ${source} GROUP BY category ORDER BY complaints DESC, category LIMIT 20`);
  console.log(reader.getRows().map((row) => row.join(',')).join('\n'));
} else {
  await con.run(`COPY (SELECT month, country, channel, category, sum(complaints::BIGINT) AS complaints
    FROM ${source} GROUP BY ALL ORDER BY ALL) TO ${quote(out)} (HEADER)`);
}
console.error(`duckdb query ${((performance.now() - start) / 1000).toFixed(3)} s`);

// DuckDB for bench/formats.sh, on 2 threads:
//
//   node bench/duckdb-formats.mjs parquet CSV PARQUET   # the purchase CSV as Parquet, as DuckDB writes it
//   node bench/duckdb-formats.mjs count FILE            # purchases per Stockholm month and country
//
// A .parquet file is read with read_parquet (its timestamp is a TIMESTAMPTZ);
// an .xlsx file with read_xlsx, from DuckDB's excel extension, which DuckDB
// downloads on first use (its date cells are TIMESTAMPs of UTC wall time).
// count prints month,country,purchases lines, and the query's own time on
// stderr.
import { DuckDBInstance } from '@duckdb/node-api';

const [mode, file, out] = process.argv.slice(2);
const quote = (s) => `'${s.replaceAll("'", "''")}'`;
const db = await DuckDBInstance.create(':memory:', { threads: '2' });
const con = await db.connect();
if (mode === 'parquet' && file && out) {
  await con.run(`COPY (SELECT "timestamp"::TIMESTAMPTZ AS "timestamp", country, store, order_id,
      amount_sek::DECIMAL(10, 2) AS amount_sek, payment_method
    FROM read_csv(${quote(file)}, header = true, all_varchar = true))
    TO ${quote(out)} (FORMAT parquet)`);
} else if (mode === 'count' && file) {
  const start = performance.now();
  let from, at;
  if (file.endsWith('.xlsx')) {
    await con.run('INSTALL excel; LOAD excel');
    from = `read_xlsx(${quote(file)}, header = true)`;
    at = `timezone('UTC', "timestamp")`;
  } else {
    from = `read_parquet(${quote(file)})`;
    at = `"timestamp"`;
  }
  const sql = `SELECT strftime(timezone('Europe/Stockholm', ${at}), '%Y-%m') AS month, country, count(*) AS purchases
    FROM ${from} GROUP BY ALL ORDER BY month, country`;
  const reader = await con.runAndReadAll(sql);
  const seconds = (performance.now() - start) / 1000;
  console.log(reader.getRows().map((row) => row.join(',')).join('\n'));
  console.error(`duckdb query ${seconds.toFixed(3)} s`);
} else {
  console.error('usage: node bench/duckdb-formats.mjs parquet CSV PARQUET | count FILE');
  process.exit(2);
}

// The benchmark's DuckDB runs: the question each nollmission command answers,
// asked of the same CSV files (gzip and zstd too, which DuckDB reads as
// they are), on 2 threads. Prints CSV lines, and the query's own time on
// stderr.
//
//   node bench/duckdb.mjs QUESTION FILE [FILE]
//
// Months are Stockholm months of the timestamp (or date), except for text,
// which takes its first 7 characters (the naive scanner's question).
// Channels are normalised as nollmission does for the spellings bench/gen
// writes (fi and imy are finansinspektionen and datainspektionen),
// categories are lower-cased; the questions of breakdown --by channel and
// --by category and of csat are about Sweden, as the commands' are by
// default.
//
//   text       purchases per month as written and country (FILE: purchases)
//   stockholm  purchases per month and country (rate, aggregate)
//   both       purchases, then complaints, per month and country (rate with both files)
//   channel    Swedish complaints per month and channel (breakdown --by channel)
//   category   Swedish complaints per month and category (breakdown --by category)
//   country    complaints per month and country (breakdown --by country)
//   complaints complaints per month, country, channel and category (aggregate)
//   score      Swedish survey answers per month and score (csat)
//   surveys    survey answers per month, country and score (aggregate)
//   counts     the purchases of count rows per month and country (rate, aggregate)
import { DuckDBInstance } from '@duckdb/node-api';

const [question, ...files] = process.argv.slice(2);
const month = (column) => `strftime(timezone('Europe/Stockholm', "${column}"::TIMESTAMPTZ), '%Y-%m')`;
const channel = `CASE lower(trim(channel)) WHEN 'fi' THEN 'finansinspektionen' WHEN 'imy' THEN 'datainspektionen' ELSE lower(trim(channel)) END`;
const from = (file) => `read_csv('${file.replaceAll("'", "''")}', header = true, all_varchar = true)`;
const questions = {
  text: (f) => [`SELECT substr("timestamp", 1, 7) AS month, country, count(*) FROM ${from(f)} GROUP BY ALL ORDER BY ALL`],
  stockholm: (f) => [`SELECT ${month('timestamp')} AS month, country, count(*) FROM ${from(f)} GROUP BY ALL ORDER BY ALL`],
  both: (tx, cp) => [questions.stockholm(tx)[0], questions.stockholm(cp)[0]],
  channel: (f) => [`SELECT ${month('timestamp')} AS month, ${channel} AS channel, count(*) FROM ${from(f)} WHERE country = 'SE' GROUP BY ALL ORDER BY ALL`],
  category: (f) => [`SELECT ${month('timestamp')} AS month, lower(category) AS category, count(*) FROM ${from(f)} WHERE country = 'SE' GROUP BY ALL ORDER BY ALL`],
  country: (f) => [`SELECT ${month('timestamp')} AS month, country, count(*) FROM ${from(f)} GROUP BY ALL ORDER BY ALL`],
  complaints: (f) => [`SELECT ${month('timestamp')} AS month, country, ${channel} AS channel, lower(category) AS category, count(*) FROM ${from(f)} GROUP BY ALL ORDER BY ALL`],
  score: (f) => [`SELECT ${month('timestamp')} AS month, score, count(*) FROM ${from(f)} WHERE country = 'SE' GROUP BY ALL ORDER BY ALL`],
  surveys: (f) => [`SELECT ${month('timestamp')} AS month, country, score, count(*) FROM ${from(f)} GROUP BY ALL ORDER BY ALL`],
  counts: (f) => [`SELECT strftime("date"::DATE, '%Y-%m') AS month, country, sum(transactions::BIGINT) FROM ${from(f)} GROUP BY ALL ORDER BY ALL`],
};
if (!questions[question] || files.length !== questions[question].length) {
  console.error(`usage: node bench/duckdb.mjs ${Object.keys(questions).join('|')} FILE [FILE]`);
  process.exit(2);
}
const start = performance.now();
const db = await DuckDBInstance.create(':memory:', { threads: '2' });
const con = await db.connect();
for (const sql of questions[question](...files)) {
  const reader = await con.runAndReadAll(sql);
  console.log(reader.getRows().map((row) => row.join(',')).join('\n'));
}
const seconds = (performance.now() - start) / 1000;
console.error(`duckdb query ${seconds.toFixed(3)} s`);

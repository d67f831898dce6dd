#!/usr/bin/env bash
# How fast nollmission reads Parquet and Excel workbooks, next to DuckDB
# reading the same file, and whether its memory stays flat on Parquet: the
# purchases of bench/gen (ROWS rows) as DuckDB writes them to Parquet, and
# XLSX_ROWS of them as a workbook (bench/xlsx: UTC wall time in date cells,
# read with --naive-timezone UTC; a sheet holds at most 1,048,576 rows); the
# question is purchases per Stockholm month and country (`nollmission
# aggregate`). Writes its section of bench/RESULTS.md (between the
# formats.sh markers; run.sh keeps it). Not part of CI.
#
#   bash bench/formats.sh [ROWS]     # default 10000000
#
# Settings (environment): RUNS (runs of each tool, default 3; the median wall
# time is reported), XLSX_ROWS (default 1000000), MEMORY_ROWS (the Parquet
# sizes of the memory check, default "1000000 ROWS"), KEEP=1 keeps the files
# in bench/out. DuckDB's excel extension is downloaded by DuckDB on first use;
# where it cannot be, DuckDB's xlsx run is skipped, with a note.
set -euo pipefail
cd "$(dirname "$0")/.."

rows=${1:-10000000}
runs=${RUNS:-3}
xlsx_rows=${XLSX_ROWS:-1000000}
memory_rows=${MEMORY_ROWS:-"1000000 $rows"}
out=bench/out
results=bench/RESULTS.md
mkdir -p "$out"
notes=()
note() { notes+=("$*"); echo "note: $*" >&2; }

cleanup() {
  if [ "${KEEP:-}" != 1 ]; then
    rm -f "$out"/formats-* "$out"/time.txt
  fi
}
trap cleanup EXIT

echo "building" >&2
go build -o "$out/nollmission" ./cmd/nollmission
go build -o "$out/gen" ./bench/gen
go build -o "$out/xlsx" ./bench/xlsx
if ! (cd bench && node -e "require.resolve('@duckdb/node-api')" 2>/dev/null); then
  echo "installing @duckdb/node-api into bench/node_modules" >&2
  (cd bench && npm install --no-package-lock --no-audit --no-fund >&2)
fi

# measure NAME N OUTPUT CMD...: as in run.sh: the median wall time of N runs
# in wall (seconds), the largest peak resident set in rss (MB).
measure() {
  local name=$1 n=$2 output=$3
  shift 3
  local walls=() i t0 t1 kb
  rss=0
  for ((i = 0; i < n; i++)); do
    t0=$EPOCHREALTIME
    if ! /usr/bin/time -f %M -o "$out/time.txt" "$@" > "$output" 2> "$out/formats-$name.err"; then
      wall=failed
      return 1
    fi
    t1=$EPOCHREALTIME
    walls+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')")
    kb=$(tail -1 "$out/time.txt")
    rss=$(awk -v a="$rss" -v b="$kb" 'BEGIN { r = b / 1024; printf "%.0f", (r > a ? r : a) }')
  done
  wall=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{ w[NR] = $1 } END { print w[int((NR + 1) / 2)] }')
  echo "$name: ${walls[*]} s, peak RSS $rss MB" >&2
}

group() { echo "$1" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta'; }
mb() { awk -v s="$(stat -c %s "$1")" 'BEGIN { printf "%.0f", s / 1e6 }'; }

lines=()
row() { lines+=("| $1 | $2 | $3 | $wall | $rss |"); }
checks=()
agree() { # agree LABEL FILE FILE: the same month,country,count lines
  if diff <(grep -E '^[0-9]{4}-[0-9]{2},' "$2" | sort) <(grep -E '^[0-9]{4}-[0-9]{2},' "$3" | sort) > /dev/null; then
    checks+=("$1: the same counts")
  else
    checks+=("$1: **the counts differ**")
  fi
}

# Parquet: ROWS purchases.
csv=$out/formats-$rows.csv
parquet=$out/formats-$rows.parquet
echo "generating $rows rows as CSV, then as Parquet (DuckDB)" >&2
"$out/gen" -rows "$rows" -out "$csv"
node bench/duckdb-formats.mjs parquet "$csv" "$parquet"
parquet_mb=$(mb "$parquet")
cat "$parquet" > /dev/null
measure parquet-nollmission "$runs" "$out/formats-parquet-n.out" "$out/nollmission" aggregate --transactions "$parquet" --quiet
row '**`nollmission aggregate`**' "Parquet, $(group "$rows") rows" "$parquet_mb"
measure parquet-duckdb "$runs" "$out/formats-parquet-d.out" node bench/duckdb-formats.mjs count "$parquet"
row 'DuckDB, 2 threads' "the same Parquet file" "$parquet_mb"
agree "\`nollmission aggregate\` and DuckDB on the Parquet file" "$out/formats-parquet-n.out" "$out/formats-parquet-d.out"
cat "$csv" > /dev/null
measure csv-nollmission "$runs" "$out/formats-csv-n.out" "$out/nollmission" aggregate --transactions "$csv" --quiet
row '`nollmission aggregate`' "the same rows as CSV" "$(mb "$csv")"
agree "\`nollmission aggregate\` on the Parquet file and on the CSV" "$out/formats-parquet-n.out" "$out/formats-csv-n.out"
rm -f "$csv"

# Excel: XLSX_ROWS purchases in one sheet.
xcsv=$out/formats-xlsx-$xlsx_rows.csv
xlsx=$out/formats-$xlsx_rows.xlsx
echo "generating $xlsx_rows rows as a workbook" >&2
"$out/gen" -rows "$xlsx_rows" -out "$xcsv"
"$out/xlsx" -in "$xcsv" -out "$xlsx"
xlsx_mb=$(mb "$xlsx")
measure xlsx-nollmission "$runs" "$out/formats-xlsx-n.out" "$out/nollmission" aggregate --transactions "$xlsx" --naive-timezone UTC --quiet
row '**`nollmission aggregate`**' "xlsx, $(group "$xlsx_rows") rows" "$xlsx_mb"
if measure xlsx-duckdb "$runs" "$out/formats-xlsx-d.out" node bench/duckdb-formats.mjs count "$xlsx"; then
  row 'DuckDB, 2 threads (excel extension)' "the same workbook" "$xlsx_mb"
  agree "\`nollmission aggregate\` and DuckDB on the workbook" "$out/formats-xlsx-n.out" "$out/formats-xlsx-d.out"
else
  if grep -q 'Failed to download extension "excel"' "$out/formats-xlsx-duckdb.err"; then
    note "DuckDB has no figure for the workbook: its excel extension (read_xlsx) could not be downloaded here (no connection to extensions.duckdb.org), and the npm package does not bundle it."
  else
    note "DuckDB did not read the workbook: $(head -c 300 "$out/formats-xlsx-duckdb.err" | tr '\n' ' ')"
  fi
fi
measure xlsx-csv-nollmission "$runs" "$out/formats-xlsx-csv-n.out" "$out/nollmission" aggregate --transactions "$xcsv" --quiet
row '`nollmission aggregate`' "the same rows as CSV" "$(mb "$xcsv")"
agree "\`nollmission aggregate\` on the workbook (--naive-timezone UTC) and on the CSV" "$out/formats-xlsx-n.out" "$out/formats-xlsx-csv-n.out"
rm -f "$xcsv"

# Memory: nollmission on Parquet files of more and more rows.
mem_lines=()
for n in $memory_rows; do
  file=$parquet
  if [ "$n" != "$rows" ]; then
    file=$out/formats-memory-$n.parquet
    "$out/gen" -rows "$n" -out "$out/formats-memory.csv"
    node bench/duckdb-formats.mjs parquet "$out/formats-memory.csv" "$file"
    rm -f "$out/formats-memory.csv"
  fi
  measure "memory-$n" 1 /dev/null "$out/nollmission" aggregate --transactions "$file" --quiet
  mem_lines+=("| $(group "$n") | $(mb "$file") | $wall | $rss |")
done
echo "go test -bench ParquetMemory" >&2
heap=$(go test -run '^$' -bench ParquetMemory -benchtime 1x ./pkg/input 2>&1 |
  awk '/^BenchmarkParquetMemory/ { for (i = 1; i <= NF; i++) if ($(i+1) == "peak-heap-MiB") { split($1, a, "="); sub(/-.*/, "", a[2]); printf "%s%s rows: %s MiB", sep, a[2], $i; sep = "; " } }')

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
load=$(cut -d' ' -f1-3 /proc/loadavg)
section=$(
  echo "<!-- formats.sh -->"
  echo "## Parquet and Excel workbooks"
  echo
  echo "Measured by \`bash bench/formats.sh $rows\` on $(date -u +%Y-%m-%d): $(nproc) cores ($cpu), $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1e6 }' /proc/meminfo), $(go version | awk '{ print $3 }'), DuckDB $(node -e "console.log(require('./bench/node_modules/@duckdb/node-api/package.json').version)" 2>/dev/null || echo '?')."
  if awk -v l="${load%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
    echo "**The machine was loaded while measuring (load average $load at the end, on $(nproc) cores): the times are indicative, not a benchmark of an idle machine; the memory figures and the agreement of the counts are not affected.**"
  else
    echo "Load average $load at the end, on $(nproc) cores."
  fi
  echo
  echo "The question: purchases per Stockholm month and country. The Parquet file is \`bench/gen\`'s purchases written by DuckDB (\`COPY … (FORMAT parquet)\`: a TIMESTAMPTZ, row groups of 122,880 rows); the workbook holds $(group "$xlsx_rows") of them on one sheet (\`bench/xlsx\`, excelize: UTC wall time in date cells, read with \`--naive-timezone UTC\`). Wall time is the median of $runs runs of the whole process; peak RSS is GNU time's."
  echo
  echo "| tool | file | MB | wall (s) | peak RSS (MB) |"
  echo "|---|---|--:|--:|--:|"
  for l in "${lines[@]}"; do echo "$l"; done
  echo
  echo "The answers agree:"
  for c in "${checks[@]}"; do echo "- $c"; done
  echo
  echo "Memory of \`nollmission aggregate\` on Parquet as the file grows (a row group at a time):"
  echo
  echo "| rows | MB | wall (s) | peak RSS (MB) |"
  echo "|--:|--:|--:|--:|"
  for l in "${mem_lines[@]}"; do echo "$l"; done
  echo
  echo "\`go test -bench ParquetMemory ./pkg/input\` (parquet-go's files, a million rows a row group), peak heap while reading: $heap."
  if [ ${#notes[@]} -gt 0 ]; then
    echo
    for n in "${notes[@]}"; do echo "Note: $n"; done
  fi
  echo "<!-- /formats.sh -->"
)
echo "$section"
# Replace the section in RESULTS.md, or add it at the end.
if grep -q '^<!-- formats.sh -->$' "$results" 2>/dev/null; then
  printf '%s\n' "$section" > "$out/formats-section.md"
  awk -v file="$out/formats-section.md" '
    /^<!-- formats.sh -->$/ { while ((getline line < file) > 0) print line; skip = 1; next }
    /^<!-- \/formats.sh -->$/ { skip = 0; next }
    !skip { print }' "$results" > "$results.tmp"
  mv "$results.tmp" "$results"
else
  { echo; echo "$section"; } >> "$results"
fi

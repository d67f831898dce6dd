#!/usr/bin/env bash
# How fast nollmission counts a year of purchases, next to cat, a naive Go
# scanner, DuckDB and Miller: the same file (ROWS purchase rows from
# bench/gen: RFC 3339 timestamps with offsets, a country, ~66 bytes a row),
# the same question (purchases per month and country), warm page cache.
# Prints a Markdown table and writes it to bench/RESULTS.md. Not part of CI.
#
#   bash bench/run.sh [ROWS]            # default 10000000 (~660 MB)
#
# Settings (environment): RUNS (runs of each fast tool, default 5; the
# median wall time is reported), MEMORY_ROWS (the sizes of the peak-memory
# check, default "1000000 ROWS 100000000"; a size the disk cannot hold is
# skipped), KEEP=1 keeps the generated files in bench/out (git-ignored).
# DuckDB is installed from npm into bench/node_modules and Miller from
# Debian when absent; a tool that cannot be had is skipped, with a note.
set -euo pipefail
cd "$(dirname "$0")/.."

rows=${1:-10000000}
runs=${RUNS:-5}
memory_rows=${MEMORY_ROWS:-"1000000 $rows 100000000"}
out=bench/out
results=bench/RESULTS.md
mkdir -p "$out"
notes=()
note() { notes+=("$*"); echo "note: $*" >&2; }

cleanup() {
  if [ "${KEEP:-}" != 1 ]; then
    rm -f "$out"/*.csv "$out"/*.out "$out"/*.err "$out"/time.txt "$out"/nollmission "$out"/naive "$out"/gen
  fi
}
trap cleanup EXIT

# bytes_free tells the free bytes where the files go; fits N tells whether
# N rows (and a margin of 2 GB) fit there.
bytes_free() { df -B1 --output=avail "$out" | tail -1; }
fits() { [ $(( $1 * 70 + 2000000000 )) -le "$(bytes_free)" ]; }

echo "building" >&2
go build -o "$out/nollmission" ./cmd/nollmission
go build -o "$out/naive" ./bench/naive
go build -o "$out/gen" ./bench/gen

# The tools to compare with, installed when absent.
duckdb=yes
if ! (cd bench && node -e "require.resolve('@duckdb/node-api')" 2>/dev/null); then
  echo "installing @duckdb/node-api into bench/node_modules" >&2
  if ! (cd bench && npm install --no-package-lock --no-audit --no-fund >&2); then
    duckdb=no
    note "DuckDB skipped: npm could not install @duckdb/node-api"
  fi
fi
miller=yes
if ! command -v mlr >/dev/null; then
  echo "installing Debian's miller" >&2
  if [ "$(id -u)" != 0 ] || ! { apt-get install -y miller >&2 || { apt-get update >&2 && apt-get install -y miller >&2; }; }; then
    miller=no
    note "Miller skipped: it is not installed, and apt-get could not install it (run as root, or apt-get install miller)"
  fi
fi

if ! fits "$rows"; then
  echo "bench: $rows rows need about $(( rows * 70 / 1000000 )) MB in $out; $(( $(bytes_free) / 1000000 )) MB are free" >&2
  exit 1
fi
tx=$out/transactions-$rows.csv
cp=$out/complaints-$rows.csv
echo "generating $rows rows" >&2
"$out/gen" -rows "$rows" -out "$tx" -complaints "$cp"
size=$(stat -c %s "$tx")
cat "$tx" > /dev/null # into the page cache

# measure NAME N OUTPUT CMD...: runs CMD N times with stdout to OUTPUT and
# sets wall (the median, in seconds) and rss (the largest peak resident set
# of the runs, in MB, from GNU time).
measure() {
  local name=$1 n=$2 output=$3
  shift 3
  local walls=() i t0 t1 kb
  rss=0
  for ((i = 0; i < n; i++)); do
    t0=$EPOCHREALTIME
    /usr/bin/time -f %M -o "$out/time.txt" "$@" > "$output" 2> "$out/$name.err"
    t1=$EPOCHREALTIME
    walls+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')")
    kb=$(tail -1 "$out/time.txt")
    rss=$(awk -v a="$rss" -v b="$kb" 'BEGIN { r = b / 1024; printf "%.0f", (r > a ? r : a) }')
  done
  wall=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{ w[NR] = $1 } END { print w[int((NR + 1) / 2)] }')
  echo "$name: ${walls[*]} s, peak RSS $rss MB" >&2
}

# group writes 10000000 as 10,000,000.
group() { echo "$1" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta'; }

names=() questions=() walls=() rsss=()
record() { names+=("$1"); questions+=("$2"); walls+=("$wall"); rsss+=("$rss"); }

measure cat "$runs" /dev/null cat "$tx"
record '`cat` (reads the file)' '—'
measure naive "$runs" "$out/naive.out" "$out/naive" "$tx"
record 'naive Go scanner, one core' 'month as written (first 7 bytes), no validation'
measure nollmission "$runs" "$out/nollmission.out" "$out/nollmission" rate --transactions "$tx" --complaints "$cp" -o csv --quiet
record '**`nollmission rate`**' '**Stockholm month, every value validated**'
ours=$wall
ours_rss=$rss
measure aggregate "$runs" "$out/aggregate.out" "$out/nollmission" aggregate --transactions "$tx" --quiet
record '`nollmission aggregate`' 'Stockholm month, every value validated; every country'
duckdb_stockholm=""
if [ "$duckdb" = yes ]; then
  measure duckdb-text "$runs" "$out/duckdb-text.out" node bench/duckdb.mjs "$tx" text
  record 'DuckDB, 2 threads' 'month as written (first 7 bytes)'
  measure duckdb-stockholm "$runs" "$out/duckdb-stockholm.out" node bench/duckdb.mjs "$tx" stockholm
  record 'DuckDB, 2 threads' 'Stockholm month'
  duckdb_stockholm=$wall
  duckdb_query=$(sed -n 's/^duckdb query //p' "$out/duckdb-stockholm.err")
fi
if [ "$miller" = yes ]; then
  measure miller 1 "$out/miller.out" mlr --icsv --ocsv --from "$tx" \
    put -q '@n[substr1($timestamp, 1, 7)][$country] += 1; end { emit @n, "month", "country" }'
  record "Miller $(mlr --version | awk '{ print $2 }')" 'month as written (first 7 bytes)'
fi

# The answers must agree: nollmission's with DuckDB's Stockholm months, the
# naive scanner's with DuckDB's and Miller's months as written.
checks=()
agree() { # agree LABEL FILE FILE: same month,country,count lines
  if diff <(grep -E '^[0-9]{4}-[0-9]{2},' "$2" | sort) <(grep -E '^[0-9]{4}-[0-9]{2},' "$3" | sort) > /dev/null; then
    checks+=("$1: the same counts")
  else
    checks+=("$1: **the counts differ**")
  fi
}
[ "$duckdb" = yes ] && agree '`nollmission aggregate` and DuckDB (Stockholm months)' "$out/aggregate.out" "$out/duckdb-stockholm.out"
[ "$duckdb" = yes ] && agree 'naive scanner and DuckDB (months as written)' "$out/naive.out" "$out/duckdb-text.out"
[ "$miller" = yes ] && agree 'naive scanner and Miller (months as written)' "$out/naive.out" "$out/miller.out"

# The peak-memory check: nollmission rate on more and more rows.
mem_lines=()
for n in $memory_rows; do
  file=$tx
  if [ "$n" != "$rows" ]; then
    if ! fits "$n"; then
      note "the memory check skipped $n rows: the disk has $(( $(bytes_free) / 1000000 )) MB free"
      continue
    fi
    file=$out/memory-$n.csv
    echo "generating $n rows" >&2
    "$out/gen" -rows "$n" -out "$file"
  fi
  measure "memory-$n" 1 /dev/null "$out/nollmission" rate --transactions "$file" --complaints "$cp" -o csv --quiet
  mem_lines+=("| $(group "$n") | $(group $(( $(stat -c %s "$file") / 1000000 ))) | $wall | $(awk -v s="$(stat -c %s "$file")" -v w="$wall" 'BEGIN { printf "%.0f", s / 1e6 / w }') | $rss |")
  [ "$file" != "$tx" ] && rm -f "$file"
done

# The report. bench/database.sh, formats.sh and distinct.sh keep their own
# sections after it.
kept=$(sed -n -e '/^<!-- database -->$/,/^<!-- \/database -->$/p' -e '/^<!-- formats.sh -->$/,/^<!-- \/formats.sh -->$/p' \
  -e '/^<!-- distinct -->$/,/^<!-- \/distinct -->$/p' "$results" 2>/dev/null || true)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
{
  echo "# Benchmark: purchases per month and country"
  echo
  echo "Measured by \`bash bench/run.sh $rows\` on $(date -u +%Y-%m-%d): $(nproc) cores ($cpu), $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1e6 }' /proc/meminfo), $(go version | awk '{ print $3 }'), warm page cache."
  echo "The file: $(group "$rows") purchase rows from \`bench/gen\` ($(group $(( size / 1000000 ))) MB: RFC 3339 timestamps with offsets, 2019 in time order, five countries)."
  echo "Wall time is the median of $runs runs (Miller: one run) of the whole process, start-up included; MB/s is the file's size over it; peak RSS is GNU time's maximum resident set size."
  echo
  echo "The question is purchases per month and country. \`nollmission rate\` answers it as the programme defines it: it parses and checks every row (the timestamp, its offset, the country, the row against the header), puts each purchase in its Stockholm month (offsets and daylight saving applied), and goes on to the complaints per million; \`aggregate\` writes the counts of every country. The naive scanner and the *month as written* queries take the first 7 bytes of the timestamp instead, which puts 2019-01-31T23:30:00Z in January rather than Stockholm's February."
  echo
  echo "| tool | month | wall (s) | MB/s | peak RSS (MB) | time ÷ nollmission's |"
  echo "|---|---|--:|--:|--:|--:|"
  for i in "${!names[@]}"; do
    mbs=$(awk -v s="$size" -v w="${walls[$i]}" 'BEGIN { printf "%.0f", s / 1e6 / w }')
    ratio=$(awk -v w="${walls[$i]}" -v o="$ours" 'BEGIN { printf "%.2f×", w / o }')
    echo "| ${names[$i]} | ${questions[$i]} | ${walls[$i]} | $mbs | ${rsss[$i]} | $ratio |"
  done
  echo
  echo "Targets:"
  naive_wall=${walls[1]}
  echo "- no slower than the naive scanner: $(awk -v o="$ours" -v n="$naive_wall" 'BEGIN { print (o <= n ? "**met**" : "**not met**") }') ($ours s against $naive_wall s)"
  if [ -n "$duckdb_stockholm" ]; then
    echo "- at least 7× faster than DuckDB on the Stockholm months: $(awk -v o="$ours" -v d="$duckdb_stockholm" 'BEGIN { printf "%s (%.1f×; DuckDB'"'"'s query alone: '"$duckdb_query"')", (d / o >= 7 ? "**met**" : "**not met**"), d / o }')"
  fi
  echo "- peak RSS under 64 MB: $(awk -v r="$ours_rss" 'BEGIN { print (r < 64 ? "**met**" : "**not met**") }') ($ours_rss MB)"
  echo
  echo "The answers agree:"
  for c in "${checks[@]}"; do echo "- $c"; done
  echo
  echo "Peak memory of \`nollmission rate\` as the file grows:"
  echo
  echo "| rows | MB | wall (s) | MB/s | peak RSS (MB) |"
  echo "|--:|--:|--:|--:|--:|"
  for l in "${mem_lines[@]}"; do echo "$l"; done
  if [ ${#notes[@]} -gt 0 ]; then
    echo
    for n in "${notes[@]}"; do echo "Note: $n"; done
  fi
} | tee "$results"
if [ -n "$kept" ]; then
  { echo; echo "$kept"; } >> "$results"
fi

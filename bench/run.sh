#!/usr/bin/env bash
# How fast nollmission answers each command on each kind of export, next to
# the naive scanner that splits the same fields (bench/naive: one core, no
# validation) and DuckDB asked the same question (bench/duckdb.mjs), on the
# same files from bench/gen, warm page cache:
#
#   purchases         ROWS rows (~66 bytes a row)        rate
#   complaint events  ROWS/5 rows, channel and category  breakdown --by channel, category, country
#   both              purchases and complaint events     rate
#   survey answers    ROWS/2 rows, a score               csat
#   count rows        ROWS/10 purchases per day, store   rate
#   purchases, gzip   the purchases through pigz -6      rate (and pigz -dc | wc -l)
#   purchases, zstd   the purchases through zstd -3      rate (and zstd -dc | wc -l)
#
# The tools of a row run in turn, round after round (RUNS rounds after a
# warm-up round), so that a machine whose speed drifts slows them alike;
# each time is the median of its rounds, each ratio the median of the
# rounds' ratios. It checks that the answers agree (nollmission aggregate
# against DuckDB, kind by kind), measures peak memory as the file grows,
# and writes the tables to bench/RESULTS.md with the machine, the date and
# its load. Not part of CI.
#
#   bash bench/run.sh [ROWS]            # default 10000000 (~660 MB of purchases)
#   bash bench/run.sh 1000000           # a quick run
#
# Settings (environment): RUNS (rounds, default 5), MEMORY_ROWS (the sizes
# of the peak-memory check, default "1000000 ROWS 100000000"; a size the
# disk cannot hold is skipped), KEEP=1 keeps the generated files in
# bench/out (git-ignored). DuckDB is installed from npm into
# bench/node_modules, pigz and zstd from Debian, when absent; a tool that
# cannot be had is left out, with a note. RESULTS.md's sections between
# <!-- profile --> and <!-- /profile --> (written by hand), and the sections
# of bench/database.sh, bench/formats.sh and bench/distinct.sh (each between
# its <!-- name --> and <!-- /name -->) are kept.
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
    rm -f "$out"/*.csv "$out"/*.gz "$out"/*.zst "$out"/*.out "$out"/*.err "$out"/time.txt "$out"/nollmission "$out"/naive "$out"/gen
  fi
}
trap cleanup EXIT

load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# bytes_free tells the free bytes where the files go; fits N BYTES_A_ROW
# tells whether N rows of that size (and a margin of 2 GB) fit there.
bytes_free() { df -B1 --output=avail "$out" | tail -1; }
fits() { [ $(( $1 * $2 + 2000000000 )) -le "$(bytes_free)" ]; }

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
    note "DuckDB left out: npm could not install @duckdb/node-api"
  fi
fi
have() { # have COMMAND DEBIAN_PACKAGE: installs the package when the command is absent
  command -v "$1" >/dev/null && return 0
  echo "installing Debian's $2" >&2
  [ "$(id -u)" = 0 ] && { apt-get install -y "$2" >&2 || { apt-get update >&2 && apt-get install -y "$2" >&2; }; } && command -v "$1" >/dev/null
}
pigz=yes zstd=yes
have pigz pigz || { pigz=no; note "pigz left out: not installed, and apt-get could not install it (run as root, or apt-get install pigz)"; }
have zstd zstd || { zstd=no; note "zstd left out: not installed, and apt-get could not install it (run as root, or apt-get install zstd)"; }

# The files: about 132 bytes a purchase row in all.
if ! fits "$rows" 132; then
  echo "bench: $rows rows need about $(( rows * 132 / 1000000 )) MB in $out; $(( $(bytes_free) / 1000000 )) MB are free" >&2
  exit 1
fi
tx=$out/purchases.csv cp=$out/complaints.csv ce=$out/complaint-events.csv
sv=$out/survey-answers.csv cn=$out/purchase-counts.csv
echo "generating the files ($rows purchase rows)" >&2
"$out/gen" -rows "$rows" -out "$tx" -complaints "$cp"
"$out/gen" -kind complaints -rows $(( rows / 5 )) -out "$ce"
"$out/gen" -kind surveys -rows $(( rows / 2 )) -out "$sv"
"$out/gen" -kind counts -rows $(( rows / 10 )) -out "$cn"
if [ "$pigz" = yes ]; then pigz -6 -c "$tx" > "$tx.gz"; else gzip -6 -c "$tx" > "$tx.gz"; fi
[ "$zstd" = yes ] && zstd -q -3 -T0 -f "$tx" -o "$tx.zst"
cat "$out"/*.csv "$out"/*.gz "$out"/*.zst > /dev/null 2>&1 || true # into the page cache

# run NAME CMD...: runs CMD once with stdout to $out/NAME.out, and adds its
# wall time (s) to walls[NAME] and its peak resident set (MB, from GNU
# time) to rss[NAME], the largest kept.
declare -A walls rss
run() {
  local name=$1 t0 t1 kb
  shift
  t0=$EPOCHREALTIME
  /usr/bin/time -f %M -o "$out/time.txt" "$@" > "$out/$name.out" 2> "$out/$name.err"
  t1=$EPOCHREALTIME
  walls[$name]+="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }') "
  kb=$(tail -1 "$out/time.txt")
  rss[$name]=$(awk -v a="${rss[$name]:-0}" -v b="$kb" 'BEGIN { r = b / 1024; printf "%.0f", (r > a ? r : a) }')
}

# median of the numbers given; ratio_median A B: the median of the
# round-by-round ratios of A's walls to B's.
median() { printf '%s\n' "$@" | sort -g | awk '{ w[NR] = $1 } END { if (NR % 2) print w[(NR + 1) / 2]; else printf "%.3f\n", (w[NR / 2] + w[NR / 2 + 1]) / 2 }'; }
wall() { median ${walls[$1]}; }
ratio_median() {
  local a=(${walls[$1]}) b=(${walls[$2]}) r=() i
  for i in "${!a[@]}"; do r+=("$(awk -v x="${a[$i]}" -v y="${b[$i]}" 'BEGIN { printf "%.3f", x / y }')"); done
  median "${r[@]}"
}

# round NAME:CMD...: runs each named command (a string, split as words;
# sh -c for a pipe) in turn, one warm-up round and RUNS counted rounds.
declare -A commands
run_named() {
  if [[ ${commands[$1]} == "sh -c "* ]]; then
    run "$1" sh -c "${commands[$1]#sh -c }"
  else
    run "$1" ${commands[$1]}
  fi
}
round() {
  local spec name i
  for spec in "$@"; do
    name=${spec%%:*}
    commands[$name]=${spec#*:}
    run_named "$name" # warm-up, then forgotten
    walls[$name]="" rss[$name]=0
  done
  for ((i = 0; i < runs; i++)); do
    for spec in "$@"; do
      run_named "${spec%%:*}"
    done
  done
  for spec in "$@"; do
    name=${spec%%:*}
    echo "  $name: ${walls[$name]}s, peak RSS ${rss[$name]} MB" >&2
  done
}

nm=$out/nollmission nv=$out/naive
# digits writes 10000000 as 10,000,000.
digits() { echo "$1" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta'; }
# The rows of the table: label, file, nollmission's run, naive's, DuckDB's,
# and another tool's.
rows_of_table=()
measure() { # measure ID LABEL FILE COMMAND NAIVE DUCKDB [OTHER_NAME OTHER_LABEL OTHER]
  local id=$1 label=$2 file=$3 ours=$4 naive=$5 duck=$6 other_name=${7:-} other_label=${8:-} other=${9:-}
  local specs=("$id-ours:$nm $ours -o csv --quiet" "$id-naive:$nv $naive")
  [ "$duckdb" = yes ] && specs+=("$id-duckdb:node bench/duckdb.mjs $duck")
  [ -n "$other" ] && specs+=("$id-$other_name:$other")
  echo "measuring: $label, $ours" | cut -c1-110 >&2
  round "${specs[@]}"
  rows_of_table+=("$id|$label|$file|$ours|$other_name|$other_label")
}

measure purchases "purchases" "$tx" "rate --transactions $tx --complaints $cp" "$tx" "stockholm $tx" cat '`cat \| wc -l`' "sh -c cat $tx | wc -l"
measure channel "complaint events" "$ce" "breakdown --by channel --complaints $ce" "-by 2 $ce" "channel $ce"
measure category "complaint events" "$ce" "breakdown --by category --complaints $ce" "-by 3 $ce" "category $ce"
measure country "complaint events" "$ce" "breakdown --by country --complaints $ce" "-by 1 $ce" "country $ce"
measure both "purchases + complaint events" "$tx $ce" "rate --transactions $tx --complaints $ce" "$tx $ce" "both $tx $ce"
measure surveys "survey answers" "$sv" "csat --surveys $sv" "-by 3 $sv" "score $sv"
measure counts "count rows" "$cn" "rate --transactions $cn --complaints $cp" "-sum 3 $cn" "counts $cn"
if [ "$pigz" = yes ]; then
  measure gzip "purchases, gzip" "$tx.gz" "rate --transactions $tx.gz --complaints $cp" "$tx.gz" "stockholm $tx.gz" pigz '`pigz -dc \| wc -l`' "sh -c pigz -dc $tx.gz | wc -l"
else
  measure gzip "purchases, gzip" "$tx.gz" "rate --transactions $tx.gz --complaints $cp" "$tx.gz" "stockholm $tx.gz"
fi
if [ "$zstd" = yes ]; then
  measure zstd "purchases, zstd" "$tx.zst" "rate --transactions $tx.zst --complaints $cp" "$tx.zst" "stockholm $tx.zst" zstd '`zstd -dc \| wc -l`' "sh -c zstd -dc $tx.zst | wc -l"
fi

# The answers must agree: nollmission aggregate, kind by kind, with DuckDB
# asked for the same counts (Stockholm months), and the naive scanner with
# DuckDB on the months as written.
checks=()
agree() { # agree LABEL FILE FILE: the same data lines, the header aside
  if diff <(grep -E '^[0-9]{4}-[0-9]{2},' "$2" | sort) <(grep -E '^[0-9]{4}-[0-9]{2},' "$3" | sort) > /dev/null; then
    checks+=("$1: the same counts")
  else
    checks+=("$1: **the counts differ**")
  fi
}
echo "checking the answers" >&2
if [ "$duckdb" = yes ]; then
  for k in "purchases:--transactions $tx:stockholm $tx" "complaint events:--complaints $ce:complaints $ce" \
    "survey answers:--surveys $sv:surveys $sv" "count rows:--transactions $cn:counts $cn"; do
    IFS=: read -r label flag question <<< "$k"
    run agg "$nm" aggregate $flag --quiet
    run agg-duckdb node bench/duckdb.mjs $question
    agree "$label: \`nollmission aggregate\` and DuckDB" "$out/agg.out" "$out/agg-duckdb.out"
  done
  run text-duckdb node bench/duckdb.mjs text "$tx"
  agree "purchases: the naive scanner and DuckDB (months as written)" "$out/purchases-naive.out" "$out/text-duckdb.out"
fi
run agg "$nm" aggregate --transactions "$tx" --quiet
for c in gz zst; do
  [ -f "$tx.$c" ] || continue
  run agg-c "$nm" aggregate --transactions "$tx.$c" --quiet
  agree "purchases: \`nollmission aggregate\` on the $c file and on the CSV" "$out/agg.out" "$out/agg-c.out"
done

# Peak memory of nollmission rate as the purchases grow.
mem_lines=()
for n in $memory_rows; do
  file=$tx
  if [ "$n" != "$rows" ]; then
    if ! fits "$n" 70; then
      note "the memory check left out $n rows: the disk has $(( $(bytes_free) / 1000000 )) MB free"
      continue
    fi
    file=$out/memory-$n.csv
    echo "generating $n rows" >&2
    "$out/gen" -rows "$n" -out "$file"
  fi
  walls[memory]="" rss[memory]=0
  run memory "$nm" rate --transactions "$file" --complaints "$cp" -o csv --quiet
  w=$(wall memory)
  mem_lines+=("| $(digits "$n") | $(digits $(( $(stat -c %s "$file") / 1000000 ))) | $w | $(awk -v s="$(stat -c %s "$file")" -v w="$w" 'BEGIN { printf "%.0f", s / 1e6 / w }') | ${rss[memory]} |")
  if [ "$file" != "$tx" ]; then rm -f "$file"; fi
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# The report, then the sections it keeps: the profile (written by hand),
# bench/database.sh's, formats.sh's and distinct.sh's.
section() { sed -n "/^<!-- $1 -->\$/,/^<!-- \/$1 -->\$/p" "$results" 2>/dev/null || true; }
kept_sections=()
for name in profile database formats.sh distinct; do
  kept_sections+=("$(section "$name")")
done
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
mb() { awk -v s="$(stat -c %s "$1")" 'BEGIN { printf "%.0f", s / 1e6 }'; }
size_of() { local s=0 f; for f in $1; do s=$(( s + $(stat -c %s "$f") )); done; echo "$s"; }
yes_no() { awk -v x="$1" "BEGIN { print ($2) ? \"**met**\" : \"**not met**\" }"; }
{
  echo "# Benchmark: every command on every kind of export"
  echo
  echo "Measured by \`bash bench/run.sh $rows\` on $(date -u +%Y-%m-%d): $(nproc) cores ($cpu), $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1e6 }' /proc/meminfo), $(go version | awk '{ print $3 }'), warm page cache; load average $load_start at the start, $load_end at the end (other processes share the machine when these are above 0; the ratios, taken round by round, hold better than the times)."
  echo "The files, from \`bench/gen\`: $(digits "$rows") purchase rows ($(mb "$tx") MB: RFC 3339 timestamps with offsets, 2019 in time order, five countries), $(digits $(( rows / 5 ))) complaint events ($(mb "$ce") MB: a channel, and a category as people write it, Swedish letters in UTF-8), $(digits $(( rows / 2 ))) survey answers ($(mb "$sv") MB), $(digits $(( rows / 10 ))) count rows ($(mb "$cn") MB: purchases per day, country and store), and the purchases compressed: gzip $(mb "$tx.gz") MB$([ -f "$tx.zst" ] && echo ", zstd $(mb "$tx.zst") MB")."
  echo "Each time is the median of $runs rounds, in which the tools of a row run in turn, whole processes, start-up included; a ratio is the median of the rounds' ratios. Peak RSS is GNU time's maximum resident set size, the largest of the rounds."
  echo
  echo "nollmission checks every value (the timestamp and its offset, the country, channel, category and score, the row against the header) and puts each row in its Stockholm month (offsets and daylight saving applied). The naive scanner (\`bench/naive\`) splits the same fields on one core, takes the first 7 bytes of the timestamp as the month and the other fields' bytes as they are, and checks nothing. DuckDB ($(cd bench && node -e "console.log(require('@duckdb/node-api/package.json').version)" 2>/dev/null || echo 'not installed'), 2 threads, \`bench/duckdb.mjs\`) answers the same question as the command: Stockholm months, channels and categories normalised, Sweden where the command reports on Sweden."
  echo
  echo "| data | \`nollmission\` | wall (s) | MB/s | peak RSS (MB) | naive scanner (s) | ÷ naive | DuckDB (s) | DuckDB ÷ nollmission | other (s) | ÷ other |"
  echo "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
  max_naive=0 min_duck=1000000 max_rss=0
  for r in "${rows_of_table[@]}"; do
    IFS='|' read -r id label file ours other_name other_label <<< "$r"
    w=$(wall "$id-ours")
    size=$(size_of "$file")
    cmd=$(echo "$ours" | sed -e "s#$out/##g" -e 's/ --quiet//')
    rn=$(ratio_median "$id-ours" "$id-naive")
    max_naive=$(awk -v a="$max_naive" -v b="$rn" 'BEGIN { print (b > a ? b : a) }')
    max_rss=$(awk -v a="$max_rss" -v b="${rss[$id-ours]}" 'BEGIN { print (b > a ? b : a) }')
    duck="—" dratio="—"
    if [ "$duckdb" = yes ]; then
      duck=$(wall "$id-duckdb")
      dratio=$(ratio_median "$id-duckdb" "$id-ours")
      min_duck=$(awk -v a="$min_duck" -v b="$dratio" 'BEGIN { print (b < a ? b : a) }')
      dratio="${dratio}×"
    fi
    ow="—" oratio="—"
    if [ -n "$other_name" ] && [ -n "${walls[$id-$other_name]:-}" ]; then
      ow="$(wall "$id-$other_name") ($other_label)"
      oratio="$(ratio_median "$id-ours" "$id-$other_name")×"
    fi
    echo "| $label | \`$cmd\` | $w | $(awk -v s="$size" -v w="$w" 'BEGIN { printf "%.0f", s / 1e6 / w }') | ${rss[$id-ours]} | $(wall "$id-naive") | ${rn}× | $duck | $dratio | $ow | $oratio |"
  done
  echo
  echo "Targets:"
  echo "- every command at most 1.0× the naive scanner: $(yes_no "$max_naive" 'x <= 1.0') (the largest ratio: ${max_naive}×)"
  echo "- rate on purchases at most 0.5× the naive scanner: $(yes_no "$(ratio_median purchases-ours purchases-naive)" 'x <= 0.5') ($(ratio_median purchases-ours purchases-naive)×)"
  if [ "$duckdb" = yes ]; then
    echo "- at least 5× faster than DuckDB on the same question: $(yes_no "$min_duck" 'x >= 5') (the smallest: ${min_duck}×)"
  fi
  if [ -n "${walls[gzip-pigz]:-}" ]; then
    echo "- gzip at most 1.0× \`pigz -dc | wc -l\`: $(yes_no "$(ratio_median gzip-ours gzip-pigz)" 'x <= 1.0') ($(ratio_median gzip-ours gzip-pigz)×)"
  fi
  echo "- peak RSS under 64 MB: $(yes_no "$max_rss" 'x < 64') (the largest: $max_rss MB)"
  echo
  echo "The answers agree:"
  for c in "${checks[@]}"; do echo "- $c"; done
  echo
  echo "Peak memory of \`nollmission rate\` as the purchases grow:"
  echo
  echo "| rows | MB | wall (s) | MB/s | peak RSS (MB) |"
  echo "|--:|--:|--:|--:|--:|"
  for l in "${mem_lines[@]}"; do echo "$l"; done
  if [ ${#notes[@]} -gt 0 ]; then
    echo
    for n in "${notes[@]}"; do echo "Note: $n"; done
  fi
} > "$results.new"
for s in "${kept_sections[@]}"; do
  if [ -n "$s" ]; then printf '\n%s\n' "$s" >> "$results.new"; fi
done
mv "$results.new" "$results"
cat "$results"

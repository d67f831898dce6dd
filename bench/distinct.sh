#!/usr/bin/env bash
# Memory and time with many distinct keys, next to DuckDB's GROUP BY on the
# same file: a complaints file of KEYS rows, each a category of its own,
# over the twelve months of 2019 (~42 bytes a row). Cases:
#   - breakdown --by category (the table: the 20 largest and "other"), and
#     DuckDB's top 20 categories;
#   - aggregate (every month, country, channel and category, sorted, as
#     CSV), and DuckDB's GROUP BY ALL ORDER BY ALL copied to a CSV file;
#   - breakdown --by category -o csv and -o json (every key, months and
#     years), which DuckDB has no one query for.
# Memory per key is the peak RSS over the keys. Sizes: SIZES (default
# "250000 1000000 2000000"): time and memory should grow in proportion.
# Appends its table to bench/RESULTS.md (replacing an earlier one). Not
# part of CI.
#
#   bash bench/distinct.sh            # RUNS=3 runs a case, the median reported
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-3}
sizes=${SIZES:-"250000 1000000 2000000"}
out=bench/out
results=bench/RESULTS.md
mkdir -p "$out"
trap 'rm -f "$out"/distinct-* "$out"/nollmission' EXIT

go build -o "$out/nollmission" ./cmd/nollmission
duckdb=yes
if ! (cd bench && node -e "require.resolve('@duckdb/node-api')" 2>/dev/null); then
  (cd bench && npm install --no-package-lock --no-audit --no-fund >&2) || duckdb=no
fi

# measure N CMD...: runs CMD N times (stdout to $out/distinct-stdout) and
# sets wall and cpu (the medians, s) and rss (the largest peak, MB).
measure() {
  local n=$1
  shift
  local walls=() cpus=() i
  rss=0
  for ((i = 0; i < n; i++)); do
    /usr/bin/time -f '%e %U %S %M' -o "$out/distinct-time" "$@" > "$out/distinct-stdout" 2> "$out/distinct-stderr"
    read -r w u s kb < <(tail -1 "$out/distinct-time")
    walls+=("$w")
    cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')")
    rss=$(awk -v a="$rss" -v b="$kb" 'BEGIN { r = b / 1024; printf "%.0f", (r > a ? r : a) }')
  done
  wall=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{ w[NR] = $1 } END { print w[int((NR + 1) / 2)] }')
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{ w[NR] = $1 } END { print w[int((NR + 1) / 2)] }')
  echo "$*: wall $wall s, cpu $cpu s, peak RSS $rss MB" >&2
}

# group writes 1000000 as 1,000,000.
group() { echo "$1" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta'; }

rows=()
checks=()
row() { # row KEYS TOOL: a line of the table from the last measure
  rows+=("| $(group "$1") | $2 | $wall | $cpu | $rss | $(awk -v r="$rss" -v k="$1" 'BEGIN { printf "%.0f", r * 1048576 / k }') |")
}

printf 'month,transactions\n' > "$out/distinct-tx.csv"
for m in 01 02 03 04 05 06 07 08 09 10 11 12; do printf '2019-%s,1000000\n' "$m" >> "$out/distinct-tx.csv"; done
for keys in $sizes; do
  file=$out/distinct-$keys.csv
  awk -v n="$keys" 'BEGIN {
    print "month,country,channel,category,complaints"
    for (i = 0; i < n; i++) printf "2019-%02d,SE,customer_service,category %07d,%d\n", i % 12 + 1, i, 1 + i % 5
  }' > "$file"
  cat "$file" > /dev/null # into the page cache

  measure "$runs" "$out/nollmission" breakdown --by category --complaints "$file" --transactions "$out/distinct-tx.csv" --quiet
  row "$keys" '`nollmission breakdown --by category` (table: 20 largest and other)'
  if [ "$duckdb" = yes ]; then
    measure "$runs" node bench/distinct.mjs "$file" top
    row "$keys" 'DuckDB, 2 threads: top 20 categories'
  fi
  measure "$runs" "$out/nollmission" aggregate --complaints "$file" --quiet
  cp "$out/distinct-stdout" "$out/distinct-ours.csv"
  row "$keys" '`nollmission aggregate` (every key, sorted CSV)'
  if [ "$duckdb" = yes ]; then
    measure "$runs" node bench/distinct.mjs "$file" all "$out/distinct-duckdb.csv"
    row "$keys" 'DuckDB, 2 threads: GROUP BY ALL ORDER BY ALL to CSV'
    if cmp -s <(tail -n +2 "$out/distinct-ours.csv") <(tail -n +2 "$out/distinct-duckdb.csv"); then
      checks+=("$(group "$keys") keys: \`aggregate\` and DuckDB wrote the same rows")
    else
      checks+=("$(group "$keys") keys: **\`aggregate\` and DuckDB differ**")
    fi
  fi
  measure 1 "$out/nollmission" breakdown --by category --complaints "$file" --transactions "$out/distinct-tx.csv" --quiet -o csv
  row "$keys" '`nollmission breakdown --by category -o csv` (every key)'
  measure 1 "$out/nollmission" breakdown --by category --complaints "$file" --transactions "$out/distinct-tx.csv" --quiet -o json
  row "$keys" '`nollmission breakdown --by category -o json` (every key)'
  rm -f "$file"
done
kept=$(go test -run '^$' -bench 'DistinctKeys' -benchtime 3x ./pkg/dataset | awk '/bytes\/key/ { for (i = 1; i < NF; i++) if ($(i + 1) == "bytes/key") print $i }')

table=$(
  echo "<!-- distinct -->"
  echo "## Many distinct keys"
  echo
  echo "Measured by \`bash bench/distinct.sh\` on $(date -u +%Y-%m-%d): $(nproc) cores, $(go version | awk '{ print $3 }'), load average $(cut -d' ' -f1 /proc/loadavg) (the machine is shared: compare CPU seconds, and the tools with each other). A complaints file with one category a row over the months of 2019; wall and CPU (user + system) are medians of $runs runs (the CSV and JSON breakdowns: one), peak RSS is GNU time's."
  echo
  echo "| keys | run | wall (s) | CPU (s) | peak RSS (MB) | RSS bytes a key |"
  echo "|--:|---|--:|--:|--:|--:|"
  for r in "${rows[@]}"; do echo "$r"; done
  echo
  echo "The dataset keeps $kept bytes a distinct key (\`go test -bench DistinctKeys ./pkg/dataset\`: the live heap after loading 1,000,000 keys)."
  for c in "${checks[@]}"; do echo "- $c"; done
  echo "<!-- /distinct -->"
)
# Replace an earlier table of this script, keep the rest of the file.
if [ -f "$results" ]; then
  sed '/^<!-- distinct -->$/,/^<!-- \/distinct -->$/d' "$results" > "$out/distinct-results"
else
  : > "$out/distinct-results"
fi
{ cat "$out/distinct-results"; echo; echo "$table"; } | cat -s > "$results"
echo "$table"

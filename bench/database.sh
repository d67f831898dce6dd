#!/usr/bin/env bash
# Counting purchases where they live against exporting them: ROWS purchase
# rows (bench/gen) in a throwaway PostgreSQL, counted by month and country
#   1. with `nollmission aggregate --database` (the count query runs in the
#      server; only count rows travel),
#   2. with `nollmission sql` run by psql and its count rows exported to CSV,
#      then read,
#   3. by exporting every row to CSV (psql \copy) and reading that.
# Reports the wall time (median of RUNS) and the bytes that leave the server,
# checks that the three give the same count rows, and writes its table into
# bench/RESULTS.md, between the database markers. Not part of CI.
#
#   bash bench/database.sh [ROWS]       # default 10000000
#
# Settings (environment): RUNS (default 3), KEEP=1 keeps bench/out. The
# server is Debian's PostgreSQL (apt-get install postgresql), started in a
# temporary directory, on a Unix socket only, as the postgres user when run
# as root, and removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

rows=${1:-10000000}
runs=${RUNS:-3}
out=bench/out
results=bench/RESULTS.md
mkdir -p "$out"

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
  echo "bench: PostgreSQL is not installed (apt-get install postgresql)" >&2
  exit 1
fi
as_server=()
if [ "$(id -u)" = 0 ]; then as_server=(runuser -u postgres --); fi

pgdir=$(mktemp -d /tmp/bench-pg-XXXXXX)
cleanup() {
  [ -f "$pgdir/data/postmaster.pid" ] && "${as_server[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$pgdir"
  if [ "${KEEP:-}" != 1 ]; then
    rm -f "$out"/db-*.csv "$out"/db-*.out "$out"/db-*.err "$out"/nollmission-db "$out"/gen-db "$out"/db.yaml
  fi
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] && chown postgres "$pgdir"

echo "building" >&2
go build -o "$out/nollmission-db" ./cmd/nollmission
go build -o "$out/gen-db" ./bench/gen

echo "starting PostgreSQL ($("$pgbin/postgres" --version))" >&2
"${as_server[@]}" "$pgbin/initdb" -D "$pgdir/data" -U postgres --auth trust --no-sync --no-instructions >/dev/null
"${as_server[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w start \
  -o "-k $pgdir -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=4GB" >/dev/null
url="postgres://postgres@/postgres?host=$pgdir&sslmode=disable"
psql=(env PGHOST="$pgdir" PGUSER=postgres PGDATABASE=postgres "$pgbin/psql" -X -q -v ON_ERROR_STOP=1)

tx=$out/db-transactions.csv
echo "generating and loading $rows rows" >&2
"$out/gen-db" -rows "$rows" -out "$tx"
csv_size=$(stat -c %s "$tx")
t0=$EPOCHREALTIME
"${psql[@]}" -c "CREATE TABLE purchases (created_at timestamptz, country text, store text, order_id text, amount_sek numeric, payment_method text)"
"${psql[@]}" -c "\\copy purchases FROM '$tx' CSV HEADER"
"${psql[@]}" -c "VACUUM ANALYZE purchases"
load_wall=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
table_size=$("${psql[@]}" -At -c "SELECT pg_total_relation_size('purchases')")
rm -f "$tx" # every approach below starts from the table

cat > "$out/db.yaml" <<'EOF'
warehouse:
  transactions:
    table: purchases
    period: created_at
    period_type: timestamptz
    country: country
EOF
query=$("$out/nollmission-db" sql --config "$out/db.yaml" | grep -v '^--' | tr '\n' ' ' | sed 's/; *$//')

# measure NAME CMD...: runs CMD RUNS times and sets wall to the median.
measure() {
  local name=$1
  shift
  local walls=() i t0
  for ((i = 0; i < runs; i++)); do
    t0=$EPOCHREALTIME
    "$@" > "$out/db-$name.out" 2> "$out/db-$name.err"
    walls+=("$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }')")
  done
  wall=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{ w[NR] = $1 } END { print w[int((NR + 1) / 2)] }')
  echo "$name: ${walls[*]} s" >&2
}

database() {
  "$out/nollmission-db" aggregate --config "$out/db.yaml" --database "$url" --kind transactions --quiet
}
export_counts() {
  "${psql[@]}" -c "\\copy ($query) TO '$out/db-counts.csv' CSV HEADER" &&
    "$out/nollmission-db" aggregate --transactions "$out/db-counts.csv" --quiet
}
export_rows() {
  # Every row and column, the period column named as nollmission reads it.
  "${psql[@]}" -c "\\copy (SELECT created_at AS timestamp, country, store, order_id, amount_sek, payment_method FROM purchases) TO '$out/db-rows.csv' CSV HEADER" &&
    "$out/nollmission-db" aggregate --transactions "$out/db-rows.csv" --quiet
}
measure database database
wall_database=$wall
measure counts export_counts
wall_counts=$wall
counts_size=$(stat -c %s "$out/db-counts.csv")
count_rows=$(($(wc -l < "$out/db-counts.csv") - 1))
measure rows export_rows
wall_rows=$wall
rows_size=$(stat -c %s "$out/db-rows.csv")
rm -f "$out/db-rows.csv"

agree="the same count rows"
if ! cmp -s "$out/db-database.out" "$out/db-rows.out" || ! cmp -s "$out/db-database.out" "$out/db-counts.out"; then
  agree="**the count rows differ**"
fi

# group writes 10000000 as 10,000,000.
group() { echo "$1" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta'; }
# The server sends a row as a DataRow message: 7 bytes, and 4 a value,
# besides the values as text.
wire() { awk -v text="$1" -v n="$2" -v cols="$3" 'BEGIN { printf "%.0f", text + n * (7 + 4 * cols) }'; }
wire_counts=$(wire "$counts_size" "$count_rows" 3)
wire_rows=$(wire "$rows_size" "$rows" 6)

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
section=$(
  echo "<!-- database -->"
  echo "## Counting in PostgreSQL versus exporting CSV"
  echo
  echo "Measured by \`bash bench/database.sh $rows\` on $(date -u +%Y-%m-%d): $(nproc) cores ($cpu), PostgreSQL $("$pgbin/postgres" --version | awk '{ print $3 }') on a Unix socket (fsync off), load average $(cut -d' ' -f1 /proc/loadavg) at the end (the machine is shared: times are indicative)."
  echo "The table: $(group "$rows") purchase rows from \`bench/gen\` in a \`timestamptz\` column with country, store, order, amount and payment method ($(group $((table_size / 1000000))) MB in PostgreSQL; $(group $((csv_size / 1000000))) MB as CSV; loaded in $load_wall s, not counted below)."
  echo "The question: purchases per month (Stockholm) and country, as \`aggregate\` writes them; wall time is the median of $runs runs, from the table to the count rows."
  echo
  echo "| how | wall (s) | rows leaving the server | bytes leaving the server |"
  echo "|---|--:|--:|--:|"
  echo "| **\`nollmission aggregate --database\`** | **$wall_database** | $(group "$count_rows") | ≈ $(group "$wire_counts") |"
  echo "| \`nollmission sql\` run by \`psql \\copy\` to CSV, then \`aggregate\` on the file | $wall_counts | $(group "$count_rows") | ≈ $(group "$wire_counts") |"
  echo "| every row exported by \`psql \\copy\` to CSV, then \`aggregate\` on the file | $wall_rows | $(group "$rows") | ≈ $(group "$wire_rows") |"
  echo
  echo "Bytes leaving the server: the rows as text, plus the 7 bytes of each row's message and 4 of each value in the protocol (the CSV files: $(group "$counts_size") and $(group "$rows_size") bytes). The three give $agree."
  echo "<!-- /database -->"
)
echo "$section"
if [ -f "$results" ] && grep -q '^<!-- database -->$' "$results"; then
  section="$section" awk '
    /^<!-- database -->$/ { print ENVIRON["section"]; skip = 1; next }
    /^<!-- \/database -->$/ { skip = 0; next }
    !skip { print }' "$results" > "$results.tmp" && mv "$results.tmp" "$results"
else
  { [ -f "$results" ] && echo; echo "$section"; } >> "$results"
fi

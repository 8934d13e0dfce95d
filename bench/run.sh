#!/usr/bin/env bash
# The benchmark (`make bench`; see bench/README.md): for each backend (SQLite, then PostgreSQL) it
# loads BENCH_HOLDERS holders and BENCH_PRODUCTS products, starts `mamon serve` (timing the cold
# start), drives wallet purchases and GET /api/products/ with wrk, runs the raw-database anchor of
# the same purchase transaction (bench/sqlite_anchor, pgbench + bench/pg_purchase.sql) at the same
# concurrency, records the server's memory, stops it, runs `mamon check`, and prints one table per
# backend (also written to bench/results/latest-<backend>.md).
# Loopback only, every step bounded in time, and whatever happens it stops what it started.
# Exit status: 0 clean; 1 when a request or raw transaction failed, the server did not stop
# cleanly, or `mamon check` found a ledger violation (the tables are still printed); 2 set-up error.
set -euo pipefail

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$BENCH_ROOT/bench/lib/processes.sh"
source "$BENCH_ROOT/bench/lib/server.sh"
source "$BENCH_ROOT/bench/lib/measure.sh"
source "$BENCH_ROOT/bench/lib/report.sh"

# ---- Knobs (bench/README.md) ----
BENCH_BACKENDS=${BENCH_BACKENDS:-"sqlite postgres"}
BENCH_HOLDERS=${BENCH_HOLDERS:-1000}
BENCH_PRODUCTS=${BENCH_PRODUCTS:-40}
BENCH_SECONDS=${BENCH_SECONDS:-10}
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-"8 64"}
BENCH_WRK_THREADS=${BENCH_WRK_THREADS:-2}
BENCH_BUILD_DIR=${BENCH_BUILD_DIR:-$BENCH_ROOT/build}
BENCH_SKIP_BUILD=${BENCH_SKIP_BUILD:-0}
MAMON_BIN=${MAMON_BIN:-$BENCH_BUILD_DIR/mamon}
ANCHOR_BIN=${BENCH_ANCHOR_BIN:-$BENCH_BUILD_DIR/sqlite_anchor}

conn_count=$(wc -w <<<"$BENCH_CONNECTIONS")
for n in "$BENCH_SECONDS" "$BENCH_HOLDERS" "$BENCH_PRODUCTS" "$BENCH_WRK_THREADS" $BENCH_CONNECTIONS; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "bench: knobs must be positive whole numbers (got '$n')" >&2; exit 2; }
done
(( BENCH_SECONDS <= 300 )) || { echo "bench: BENCH_SECONDS is at most 300" >&2; exit 2; }
# Holders 1..2*conn_count are the "one holder" wallets (one per run); spread runs use the rest.
(( BENCH_HOLDERS > 2 * conn_count )) || { echo "bench: BENCH_HOLDERS must exceed $((2 * conn_count))" >&2; exit 2; }

trap bench_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- Tools and build ----
install_bench_tools() {
  local wanted=(wrk curl python3) missing=() pkg
  [[ " $BENCH_BACKENDS " == *" postgres "* ]] && wanted+=(postgresql postgresql-client)
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  (( ${#missing[@]} == 0 )) && return 0
  local sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  echo "bench: installing ${missing[*]} (apt)" >&2
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

if [[ "$BENCH_SKIP_BUILD" != 1 ]]; then
  "$BENCH_ROOT/scripts/install-deps.sh"
  install_bench_tools
  cmake -S "$BENCH_ROOT" -B "$BENCH_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DMAMON_TESTS=OFF -DMAMON_BENCH=ON >/dev/null
  targets=(mamon)
  [[ " $BENCH_BACKENDS " == *" sqlite "* && -z "${BENCH_ANCHOR_BIN:-}" ]] && targets+=(sqlite_anchor)
  cmake --build "$BENCH_BUILD_DIR" --target "${targets[@]}"
fi
[[ -x "$MAMON_BIN" ]] || { echo "bench: $MAMON_BIN not found (make build)" >&2; exit 2; }

BENCH_TMP=$(mktemp -d /tmp/mamon-bench.XXXXXX)
cd "$BENCH_TMP"  # no .env of the repository may leak into the servers' configuration
SECRET_KEY="bench-secret-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
JWT_KEY="bench-jwt-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
export SECRET_KEY JWT_KEY
export ACCESS_TOKEN_MINUTES=60
unset DEBUG WORKERS
if [[ -n "${BENCH_WORKERS:-}" ]]; then export WORKERS=$BENCH_WORKERS; fi

BENCH_FAILED=0
progress() { printf '== %3ds %s\n' "$SECONDS" "$1" >&2; }

bench_backend() {
  local backend=$1 conns index errors
  local load_before
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  progress "$backend: loading $BENCH_HOLDERS holders, $BENCH_PRODUCTS products"
  prepare_database "$backend"
  start_server "$backend"
  login_tapper
  report_begin "$backend"
  local warm=1 spread_min=$((2 * conn_count + 1))
  progress "$backend: cold start ${COLD_START_MS} ms; warm-up ${warm} s"
  BENCH_SECONDS=$warm run_wrk purchase.lua 8 "$spread_min" "$BENCH_HOLDERS" "$backend-warmup"

  for conns in $BENCH_CONNECTIONS; do
    progress "$backend: purchases spread, $conns connections"
    run_wrk purchase.lua "$conns" "$spread_min" "$BENCH_HOLDERS" "$backend-spread-$conns"
    run_raw "$backend" "$conns" "$spread_min" "$BENCH_HOLDERS" "$backend-raw-spread-$conns"
    errors=$(describe_errors "$WRK_NON2XX" "$WRK_SOCKET_ERRORS" "$WRK_STATUSES" "$RAW_FAILED" "$RAW_NOTE")
    row_failed "$errors" && BENCH_FAILED=1
    report_row "purchase, spread over $((BENCH_HOLDERS - spread_min + 1)) holders" "$conns" \
      "$WRK_RPS" "$WRK_P99_MS" "$RAW_TPS" "$errors"
  done
  index=0
  for conns in $BENCH_CONNECTIONS; do
    progress "$backend: purchases on one holder, $conns connections"
    local wrk_holder=$((2 * index + 1)) raw_holder=$((2 * index + 2))
    run_wrk purchase.lua "$conns" "$wrk_holder" "$wrk_holder" "$backend-one-$conns"
    run_raw "$backend" "$conns" "$raw_holder" "$raw_holder" "$backend-raw-one-$conns"
    errors=$(describe_errors "$WRK_NON2XX" "$WRK_SOCKET_ERRORS" "$WRK_STATUSES" "$RAW_FAILED" "$RAW_NOTE")
    row_failed "$errors" && BENCH_FAILED=1
    report_row "purchase, one holder" "$conns" "$WRK_RPS" "$WRK_P99_MS" "$RAW_TPS" "$errors"
    index=$((index + 1))
  done
  for conns in $BENCH_CONNECTIONS; do
    progress "$backend: GET /api/products/, $conns connections"
    run_wrk products.lua "$conns" 1 1 "$backend-products-$conns"
    errors=$(describe_errors "$WRK_NON2XX" "$WRK_SOCKET_ERRORS" "$WRK_STATUSES" 0 "")
    row_failed "$errors" && BENCH_FAILED=1
    report_row "GET /api/products/ ($BENCH_PRODUCTS products)" "$conns" "$WRK_RPS" "$WRK_P99_MS" - "$errors"
  done

  # The server holds at most one database connection per worker thread: the raw anchor at that
  # concurrency is its ceiling without the client-count contention of the rows above.
  local workers ceiling
  workers=$(sed -n 's/.*(\([0-9]*\) workers).*/\1/p' "$SERVER_LOG" | head -n 1)
  progress "$backend: raw anchor at the server's $workers connections"
  BENCH_SECONDS=$(( (BENCH_SECONDS + 3) / 4 )) run_raw "$backend" "$workers" "$spread_min" \
    "$BENCH_HOLDERS" "$backend-raw-workers"
  ceiling="$(awk -v x="$RAW_TPS" 'BEGIN { printf "%.0f", x }') tx/s"
  [[ "$RAW_FAILED" == 0 ]] || { ceiling+=" ($RAW_FAILED failed)"; BENCH_FAILED=1; }

  server_memory
  stop_server
  server_log_summary "$BENCH_ROOT/bench/results/server-$backend.log"
  local check_status=0
  mamon check >"$BENCH_TMP/check-$backend.log" 2>&1 || check_status=$?
  [[ "$SERVER_EXIT" == 0 && "$check_status" == 0 ]] || BENCH_FAILED=1
  if [[ "$backend" == postgres ]]; then
    (cd / && "$BENCH_ROOT/scripts/pg-test-cluster.sh" stop "$BENCH_PG_DIR")
    BENCH_PG_DIR=""
  fi

  report_line "cold start (exec of \`mamon serve\` to first 200 of /healthz): ${COLD_START_MS} ms"
  report_line "server memory after the runs: VmRSS $((SERVER_RSS_KB / 1024)) MiB, VmHWM (peak) $((SERVER_HWM_KB / 1024)) MiB"
  report_line "server: $workers workers; SIGTERM: exit status $SERVER_EXIT after $STOP_MS ms"
  report_line "server access log, requests per status (warm-up and login included): $ACCESS_STATUSES"
  report_line "\`mamon check\` after the load: $([[ $check_status == 0 ]] && echo clean || echo "FAILED (exit $check_status): $(tr '\n' ' ' <"$BENCH_TMP/check-$backend.log" | cut -c1-300)")"
  if [[ "$backend" == sqlite ]]; then
    report_line "raw anchor: bench/sqlite_anchor (sqlite3 C API), threads = conns"
  else
    report_line "raw anchor: pgbench -M prepared -f bench/pg_purchase.sql, clients = conns"
  fi
  report_line "raw anchor at the server's own database concurrency ($workers connections, spread): $ceiling"
  report_line "each run ${BENCH_SECONDS} s, wrk -t $BENCH_WRK_THREADS; $(nproc) cores shared by wrk, server and database; load average (1/5/15 min) before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
  report_end
}

for backend in $BENCH_BACKENDS; do
  bench_backend "$backend"
done
exit "$BENCH_FAILED"

#!/usr/bin/env bash
# The benchmark (`make bench`; see bench/README.md): for each backend (SQLite, then PostgreSQL) it
# loads BENCH_HOLDERS holders and BENCH_PRODUCTS products, starts `mamon serve` (timing the cold
# start), drives wallet purchases, GET /api/products/ and GET /api/holders/{id}/ with wrk, runs the
# raw-database anchor of the same purchase transaction (bench/sqlite_anchor, pgbench +
# bench/pg_purchase.sql) at the same concurrency and the nginx anchor of the product list (the same
# bytes as a static file), times failed logins for known and unknown usernames, records the
# server's memory, stops it, runs `mamon check`, and prints one table per backend (also written to
# bench/results/latest-<backend>.md). The server (and nginx, and the SQLite anchor) run on one core,
# wrk, curl and pgbench on another (taskset; BENCH_PIN=0 turns that off).
# Loopback only, every step bounded in time, and whatever happens it stops what it started.
# Exit status: 0 clean; 1 when a request or raw transaction failed, the server did not stop
# cleanly, or `mamon check` found a ledger violation (the tables are still printed); 2 set-up error.
set -euo pipefail

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$BENCH_ROOT/bench/lib/processes.sh"
source "$BENCH_ROOT/bench/lib/server.sh"
source "$BENCH_ROOT/bench/lib/measure.sh"
source "$BENCH_ROOT/bench/lib/report.sh"
source "$BENCH_ROOT/bench/lib/nginx.sh"
source "$BENCH_ROOT/bench/lib/login.sh"

# ---- Knobs (bench/README.md) ----
BENCH_BACKENDS=${BENCH_BACKENDS:-"sqlite postgres"}
BENCH_HOLDERS=${BENCH_HOLDERS:-1000}
BENCH_PRODUCTS=${BENCH_PRODUCTS:-40}
BENCH_SECONDS=${BENCH_SECONDS:-10}
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-"8 64"}
BENCH_PIN=${BENCH_PIN:-1}
BENCH_SERVER_CORE=${BENCH_SERVER_CORE:-0}
BENCH_CLIENT_CORE=${BENCH_CLIENT_CORE:-1}
BENCH_LOGINS=${BENCH_LOGINS:-15}
BENCH_BUILD_DIR=${BENCH_BUILD_DIR:-$BENCH_ROOT/build}
BENCH_SKIP_BUILD=${BENCH_SKIP_BUILD:-0}
MAMON_BIN=${MAMON_BIN:-$BENCH_BUILD_DIR/mamon}
ANCHOR_BIN=${BENCH_ANCHOR_BIN:-$BENCH_BUILD_DIR/sqlite_anchor}

set_pinning "$BENCH_PIN" "$BENCH_SERVER_CORE" "$BENCH_CLIENT_CORE"
# One wrk thread when wrk has a core of its own (a second thread would only share it).
if (( ${#CLIENT_PIN[@]} > 0 )); then BENCH_WRK_THREADS=${BENCH_WRK_THREADS:-1}; fi
BENCH_WRK_THREADS=${BENCH_WRK_THREADS:-2}

conn_count=$(wc -w <<<"$BENCH_CONNECTIONS")
for n in "$BENCH_SECONDS" "$BENCH_HOLDERS" "$BENCH_PRODUCTS" "$BENCH_WRK_THREADS" "$BENCH_LOGINS" \
    $BENCH_CONNECTIONS; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "bench: knobs must be positive whole numbers (got '$n')" >&2; exit 2; }
done
(( BENCH_SECONDS <= 300 )) || { echo "bench: BENCH_SECONDS is at most 300" >&2; exit 2; }
# Holders 1..2*conn_count are the "one holder" wallets (one per run); spread runs use the rest.
(( BENCH_HOLDERS > 2 * conn_count )) || { echo "bench: BENCH_HOLDERS must exceed $((2 * conn_count))" >&2; exit 2; }
# Logins: one source address 127.0.0.k per login (3 per round, a warm-up round), and the fixture's
# users bench1..bench<BENCH_LOGINS+1> as the known users without a local password.
(( BENCH_LOGINS <= 60 )) || { echo "bench: BENCH_LOGINS is at most 60" >&2; exit 2; }
(( BENCH_HOLDERS > BENCH_LOGINS )) || { echo "bench: BENCH_HOLDERS must exceed BENCH_LOGINS" >&2; exit 2; }

trap bench_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- Tools and build ----
install_bench_tools() {
  local wanted=(wrk curl python3 nginx util-linux) missing=() pkg
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
  local -A products_rps=() products_p99=() products_errors=() nginx_rps=() nginx_p99=() nginx_errors=()
  local cpu_products=() cpu_nginx=() purchase_rates=()
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
  if [[ $backend == postgres ]]; then
    # The warm-up took purchases, order_lines and transfers from empty to about a thousand rows.
    # ANALYZE now, as autovacuum does within its first minute on a database in use: the plans the
    # server's long-lived connections cached while those tables were empty (the foreign-key
    # checks' sequential scans of purchases, slower with every sale) are re-planned. pgbench's
    # fresh connections plan anew anyway. bench/README.md, "A database in use".
    psql -q -X -d "$DATABASE_URL" -c ANALYZE >/dev/null
  fi
  # The raw anchor at the server's own concurrency, first on the database the purchase rows start
  # from and again after them (below): the hot rows' dead versions make the second lower or higher
  # depending on when autovacuum last passed, so the ceiling is the higher of the two.
  local workers ceiling_before ceiling_before_failed
  workers=$(sed -n 's/.*(\([0-9]*\) workers[);].*/\1/p' "$SERVER_LOG" | head -n 1)
  progress "$backend: raw anchor at the server's $workers connections, before the purchase rows"
  BENCH_SECONDS=$(( (BENCH_SECONDS + 3) / 4 )) run_raw "$backend" "$workers" "$spread_min" \
    "$BENCH_HOLDERS" "$backend-raw-workers-before"
  ceiling_before=$RAW_TPS ceiling_before_failed=$RAW_FAILED

  for conns in $BENCH_CONNECTIONS; do
    progress "$backend: purchases spread, $conns connections"
    run_wrk purchase.lua "$conns" "$spread_min" "$BENCH_HOLDERS" "$backend-spread-$conns"
    run_raw "$backend" "$conns" "$spread_min" "$BENCH_HOLDERS" "$backend-raw-spread-$conns"
    errors=$(describe_errors "$WRK_NON2XX" "$WRK_SOCKET_ERRORS" "$WRK_STATUSES" "$RAW_FAILED" "$RAW_NOTE")
    row_failed "$errors" && BENCH_FAILED=1
    purchase_rates+=("spread $conns $WRK_RPS")
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
    purchase_rates+=("one $conns $WRK_RPS")
    report_row "purchase, one holder" "$conns" "$WRK_RPS" "$WRK_P99_MS" "$RAW_TPS" "$errors"
    index=$((index + 1))
  done
  for conns in $BENCH_CONNECTIONS; do
    progress "$backend: GET /api/products/, $conns connections"
    run_wrk products.lua "$conns" 1 1 "$backend-products-$conns"
    errors=$(describe_errors "$WRK_NON2XX" "$WRK_SOCKET_ERRORS" "$WRK_STATUSES" 0 "")
    row_failed "$errors" && BENCH_FAILED=1
    products_rps[$conns]=$WRK_RPS products_p99[$conns]=$WRK_P99_MS products_errors[$conns]=$errors
    cpu_products+=("$WRK_CPU_PCT % at $conns")
  done

  # The nginx anchor: the same bytes, the same wrk script and settings, nginx on the server's core.
  fetch_products_body
  start_nginx
  for conns in $BENCH_CONNECTIONS; do
    progress "$backend: nginx, the same $PRODUCTS_BODY_BYTES bytes, $conns connections"
    run_wrk products.lua "$conns" 1 1 "$backend-nginx-$conns" "$NGINX_PORT"
    errors=$(describe_errors "$WRK_NON2XX" "$WRK_SOCKET_ERRORS" "$WRK_STATUSES" 0 "")
    row_failed "$errors" && BENCH_FAILED=1
    nginx_rps[$conns]=$WRK_RPS nginx_p99[$conns]=$WRK_P99_MS nginx_errors[$conns]=$errors
    cpu_nginx+=("$WRK_CPU_PCT % at $conns")
  done
  stop_nginx
  [[ "$NGINX_EXIT" == 0 ]] || { echo "bench: nginx stopped with status $NGINX_EXIT" >&2; BENCH_FAILED=1; }
  for conns in $BENCH_CONNECTIONS; do
    report_row "GET /api/products/ ($BENCH_PRODUCTS products; anchor: nginx)" "$conns" \
      "${products_rps[$conns]}" "${products_p99[$conns]}" "${nginx_rps[$conns]}" "${products_errors[$conns]}"
  done
  for conns in $BENCH_CONNECTIONS; do
    report_row "nginx: the same $PRODUCTS_BODY_BYTES bytes as a static file" "$conns" \
      "${nginx_rps[$conns]}" "${nginx_p99[$conns]}" - "${nginx_errors[$conns]}"
  done

  for conns in $BENCH_CONNECTIONS; do
    progress "$backend: GET /api/holders/{id}/, $conns connections"
    run_wrk holders.lua "$conns" 1 "$BENCH_HOLDERS" "$backend-holders-$conns"
    errors=$(describe_errors "$WRK_NON2XX" "$WRK_SOCKET_ERRORS" "$WRK_STATUSES" 0 "")
    row_failed "$errors" && BENCH_FAILED=1
    report_row "GET /api/holders/{id}/, spread over $BENCH_HOLDERS holders" "$conns" "$WRK_RPS" \
      "$WRK_P99_MS" - "$errors"
  done

  # The server holds at most one database connection per worker thread: the raw anchor at that
  # concurrency is its ceiling without the client-count contention of the rows above.
  local ceiling ceiling_tps
  progress "$backend: raw anchor at the server's $workers connections, after the purchase rows"
  BENCH_SECONDS=$(( (BENCH_SECONDS + 3) / 4 )) run_raw "$backend" "$workers" "$spread_min" \
    "$BENCH_HOLDERS" "$backend-raw-workers"
  ceiling_tps=$(awk -v a="$ceiling_before" -v b="$RAW_TPS" 'BEGIN { print (a + 0 > b + 0) ? a : b }')
  ceiling="$(awk -v x="$ceiling_before" 'BEGIN { printf "%.0f", x }') tx/s before the purchase rows,"
  ceiling+=" $(awk -v x="$RAW_TPS" 'BEGIN { printf "%.0f", x }') tx/s after them;"
  ceiling+=" the ceiling is the higher, $(awk -v x="$ceiling_tps" 'BEGIN { printf "%.0f", x }') tx/s"
  if [[ "$RAW_FAILED" != 0 || "$ceiling_before_failed" != 0 ]]; then
    ceiling+=" (failed: $ceiling_before_failed before, $RAW_FAILED after)"; BENCH_FAILED=1
  fi
  # Each purchase row's req/s over that ceiling (issue 7's purchase target: >= 0.6).
  local rate kind rate_conns rate_rps ceiling_ratios=()
  for rate in "${purchase_rates[@]}"; do
    read -r kind rate_conns rate_rps <<<"$rate"
    ceiling_ratios+=("$kind $rate_conns: $(ratio "$rate_rps" "$ceiling_tps")")
  done

  # Last, on an idle server: failed logins, known vs unknown usernames (bench/lib/login.sh).
  progress "$backend: failed logins, $BENCH_LOGINS known and $BENCH_LOGINS unknown usernames"
  measure_logins "$backend"
  (( LOGIN_OTHER == 0 )) || BENCH_FAILED=1

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
  report_line "purchase req/s ÷ that (target ≥ 0.6), per row (holders, conns): $(join_by ", " "${ceiling_ratios[@]}")"
  report_line "anchor of GET /api/products/: nginx $("$NGINX_BIN" -v 2>&1 | sed 's/^nginx version: nginx.//'), the same $PRODUCTS_BODY_BYTES bytes as a static file (one process, access log off, keep-alive), the same wrk script; ratio = mamon ÷ nginx (target ≥ 0.5)"
  report_line "wrk's own CPU, % of its core (near 100 with one thread: wrk was the limit): GET /api/products/ $(join_by ", " "${cpu_products[@]}") connections; nginx $(join_by ", " "${cpu_nginx[@]}") connections"
  report_line "failed logins (401), median of $BENCH_LOGINS each, every login another username from another address: known username with a wrong password ${LOGIN_KNOWN_MS} ms (n=$LOGIN_KNOWN_N), unknown username ${LOGIN_UNKNOWN_MS} ms (n=$LOGIN_UNKNOWN_N); relative difference ${LOGIN_RELDIFF} % (target < 20 %)"
  report_line "failed logins, known username without a local password: ${LOGIN_NOPW_MS} ms (n=$LOGIN_NOPW_N); answered 429 (not timed): $LOGIN_429; other answers: $LOGIN_OTHER"
  report_line "each run ${BENCH_SECONDS} s, wrk -t $BENCH_WRK_THREADS; $(nproc) cores; $(pin_note "$backend"); load average (1/5/15 min) before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
  report_end
}

for backend in $BENCH_BACKENDS; do
  bench_backend "$backend"
done
exit "$BENCH_FAILED"

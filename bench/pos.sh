#!/usr/bin/env bash
# The POS sale round trip (`make bench`, last part; see bench/README.md "POS sale round trip"):
# for each backend a fresh database with a few products in one category and BENCH_POS_TABLETS
# bar-staff users, `mamon serve`, then bench/pos.mjs: one headless Chromium with a browser
# context per tablet, each signed in through the web's login form as its own staff user, all
# tablets at once making BENCH_POS_SALES cash sales (a product tile, the cash button, the wait for
# the "sold" banner). It reports the round trip from the pay tap to the banner, measured in the page,
# and the server's part of it (Resource Timing of POST /api/purchases/), as p50/p90/p99/max, and
# sales/s; then it checks over the API that every sale is one purchase, stops the server with
# SIGTERM and runs `mamon check`. One table per backend, also in bench/results/pos-<backend>.md.
# Not pinned by default (BENCH_POS_PIN=1: the server on one core, node and Chromium on the other).
# Loopback only, every step bounded in time, and whatever happens it stops what it started (the
# server, the PostgreSQL cluster, node and Chromium, by pid).
# Exit status: 0 clean; 1 when a sale failed, the purchase count is off, the server did not stop
# cleanly or `mamon check` found a violation; 2 set-up error.
set -euo pipefail

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$BENCH_ROOT/bench/lib/processes.sh"
source "$BENCH_ROOT/bench/lib/server.sh"

# ---- Knobs (bench/README.md) ----
BENCH_BACKENDS=${BENCH_BACKENDS:-"sqlite postgres"}
BENCH_POS_TABLETS=${BENCH_POS_TABLETS:-8}
BENCH_POS_SALES=${BENCH_POS_SALES:-25}
# Unlike run.sh and pages.sh, not pinned by default: the load generator here is Chromium (a
# renderer per tablet, its network and GPU processes, node), far heavier than the server (under a
# millisecond per sale); on one core the tablets queue behind each other and the round trip
# measures that queue (SQLite, 8 tablets, one session: p50 ~250-370 ms pinned, ~30 ms not).
BENCH_POS_PIN=${BENCH_POS_PIN:-0}
BENCH_SERVER_CORE=${BENCH_SERVER_CORE:-0}
BENCH_CLIENT_CORE=${BENCH_CLIENT_CORE:-1}
BENCH_BUILD_DIR=${BENCH_BUILD_DIR:-$BENCH_ROOT/build}
BENCH_SKIP_BUILD=${BENCH_SKIP_BUILD:-0}
MAMON_BIN=${MAMON_BIN:-$BENCH_BUILD_DIR/mamon}
MAMON_CHROMIUM=${MAMON_CHROMIUM:-/usr/bin/chromium}
POS_WARMUP=2            # sales per tablet before the counted ones (first page loads, connections)
POS_SALE_MS=5000        # a sale's bound, pay tap to banner
POS_TABLETS_MAX=32      # contexts in one Chromium on a 2-core machine
POS_SALES_MAX=500
BROWSER_DIR="$BENCH_ROOT/tests/browser"  # playwright-core comes from the browser tests' node_modules

for n in "$BENCH_POS_TABLETS" "$BENCH_POS_SALES"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "bench pos: knobs must be positive whole numbers (got '$n')" >&2; exit 2; }
done
(( BENCH_POS_TABLETS <= POS_TABLETS_MAX )) || { echo "bench pos: BENCH_POS_TABLETS is at most $POS_TABLETS_MAX" >&2; exit 2; }
(( BENCH_POS_SALES <= POS_SALES_MAX )) || { echo "bench pos: BENCH_POS_SALES is at most $POS_SALES_MAX" >&2; exit 2; }
(( BENCH_POS_SALES > POS_WARMUP )) || { echo "bench pos: BENCH_POS_SALES must exceed the $POS_WARMUP warm-up sales" >&2; exit 2; }
for backend in $BENCH_BACKENDS; do
  [[ "$backend" == sqlite || "$backend" == postgres ]] || { echo "bench pos: unknown backend $backend (sqlite|postgres)" >&2; exit 2; }
done
[[ "$BENCH_POS_PIN" == 0 || "$BENCH_POS_PIN" == 1 ]] || { echo "bench pos: BENCH_POS_PIN is 0 or 1" >&2; exit 2; }
set_pinning "$BENCH_POS_PIN" "$BENCH_SERVER_CORE" "$BENCH_CLIENT_CORE"
[[ "$BENCH_POS_PIN" == 1 ]] || PIN_OFF_REASON="BENCH_POS_PIN=0"

# node and Chromium, by the pids bench/pos.mjs writes, before bench_cleanup stops the rest (the
# `timeout` around node, the server, the cluster, the temporary directory). Playwright starts
# Chromium as the leader of its own process group: the group goes, renderers included.
POS_PID_FILE=""
stop_browser() {
  [[ -n "$POS_PID_FILE" && -f "$POS_PID_FILE" ]] || return 0
  local node_pid browser_pid waited=0
  node_pid=$(sed -n 's/.*node=\([0-9]*\).*/\1/p' "$POS_PID_FILE")
  browser_pid=$(sed -n 's/.*browser=\([0-9]*\).*/\1/p' "$POS_PID_FILE")
  if [[ -n "$node_pid" ]] && kill -0 "$node_pid" 2>/dev/null; then
    kill -TERM "$node_pid" 2>/dev/null || true
    while kill -0 "$node_pid" 2>/dev/null && (( waited < 50 )); do sleep 0.1; waited=$((waited + 1)); done
    kill -KILL "$node_pid" 2>/dev/null || true
  fi
  if [[ -n "$browser_pid" ]] && kill -0 "$browser_pid" 2>/dev/null \
      && [[ "$(tr '\0' ' ' <"/proc/$browser_pid/cmdline" 2>/dev/null)" == *chrom* ]]; then
    if [[ "$(ps -o pgid= -p "$browser_pid" | tr -d ' ')" == "$browser_pid" ]]; then
      kill -KILL -- "-$browser_pid" 2>/dev/null || true
    else
      kill -KILL "$browser_pid" 2>/dev/null || true
    fi
  fi
  rm -f "$POS_PID_FILE"
}
# shellcheck disable=SC2317  # the EXIT trap runs it
pos_cleanup() {
  local status=$?
  set +e  # a cleanup step that fails must not skip the next one
  stop_browser
  (exit "$status")  # bench_cleanup takes the exit status from $?
  bench_cleanup
}
trap pos_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- Tools and build (as bench/instances.sh; `make bench` has built build/ in bench/run.sh) ----
if [[ "$BENCH_SKIP_BUILD" != 1 ]]; then
  "$BENCH_ROOT/scripts/install-deps.sh" --test   # chromium, node/npm, postgresql, curl, python3
  cmake -S "$BENCH_ROOT" -B "$BENCH_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DMAMON_TESTS=OFF >/dev/null
  cmake --build "$BENCH_BUILD_DIR" --target mamon
fi
[[ -x "$MAMON_BIN" ]] || { echo "bench pos: $MAMON_BIN not found (make build)" >&2; exit 2; }
if [[ ! -x "$MAMON_CHROMIUM" ]]; then
  echo "bench pos: installing chromium (apt)" >&2
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    chromium >/dev/null || { echo "bench pos: no Chromium at $MAMON_CHROMIUM (apt install chromium)" >&2; exit 2; }
fi
for tool in node curl python3; do
  command -v "$tool" >/dev/null || { echo "bench pos: $tool is missing (scripts/install-deps.sh --test)" >&2; exit 2; }
done
if [[ ! -f "$BROWSER_DIR/node_modules/playwright-core/package.json" ]]; then
  echo "bench pos: installing playwright-core (npm ci in tests/browser)" >&2
  (cd "$BROWSER_DIR" && timeout 600 npm ci --no-audit --no-fund >/dev/null) \
    || { echo "bench pos: npm ci in $BROWSER_DIR failed" >&2; exit 2; }
fi

BENCH_TMP=$(mktemp -d /tmp/mamon-bench-pos.XXXXXX)
cd "$BENCH_TMP"  # no .env of the repository may leak into the servers' configuration
SECRET_KEY="bench-secret-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
JWT_KEY="bench-jwt-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
export SECRET_KEY JWT_KEY TIME_ZONE=Europe/Amsterdam ACCESS_TOKEN_MINUTES=60
unset DEBUG WORKERS PUBLIC_URL
POS_FAILED=0
POS_USER_PREFIX=pos-tablet-
# The products: all in one category (the POS's first tab), cash prices like a bar's.
POS_PRODUCTS="1,2,3,4"
progress() { printf '== %3ds %s\n' "$SECONDS" "$1" >&2; }

write_pos_fixture() {
  cat >"$1" <<'EOF'
[
  {"model": "purchase.product", "pk": 1, "fields": {"name": "Pils", "price": 2.5, "color": "#FFCC00", "active": true, "image": ""}},
  {"model": "purchase.product", "pk": 2, "fields": {"name": "Speciaalbier", "price": 3.75, "color": "#AA5500", "active": true, "image": ""}},
  {"model": "purchase.product", "pk": 3, "fields": {"name": "Fris", "price": 1.75, "color": "#AA0000", "active": true, "image": ""}},
  {"model": "purchase.product", "pk": 4, "fields": {"name": "Chips", "price": 1.0, "color": "#33AA33", "active": true, "image": ""}},
  {"model": "purchase.category", "pk": 1, "fields": {"name": "Bar", "description": "", "products": [1, 2, 3, 4]}}
]
EOF
}

prepare_pos_database() {
  local backend=$1
  case "$backend" in
    sqlite)
      mkdir -p "$BENCH_TMP/sqlite"
      export DATABASE_URL="sqlite:///$BENCH_TMP/sqlite/mamon.sqlite3"  # 4 slashes: absolute
      ;;
    postgres)
      local out
      # From /: the cluster runs as user postgres, who may not enter the private $BENCH_TMP.
      out=$(cd / && timeout 120 "$BENCH_ROOT/scripts/pg-test-cluster.sh" start)
      BENCH_PG_DIR=$(sed -n 's/^dir=//p' <<<"$out")
      DATABASE_URL=$(sed -n 's/^url=//p' <<<"$out")
      export DATABASE_URL
      [[ -n "$BENCH_PG_DIR" && -n "$DATABASE_URL" ]] || { echo "bench pos: no PostgreSQL cluster" >&2; return 1; }
      ;;
  esac
  timeout 120 "$MAMON_BIN" migrate >"$BENCH_TMP/migrate-$backend.log" 2>&1 \
    || { cat "$BENCH_TMP/migrate-$backend.log" >&2; return 1; }
  write_pos_fixture "$BENCH_TMP/pos-fixture.json"
  timeout 120 "$MAMON_BIN" loaddata "$BENCH_TMP/pos-fixture.json" >"$BENCH_TMP/loaddata-$backend.log" 2>&1 \
    || { cat "$BENCH_TMP/loaddata-$backend.log" >&2; return 1; }
  local i
  : >"$BENCH_TMP/adduser-$backend.log"
  for ((i = 1; i <= BENCH_POS_TABLETS; i++)); do
    BENCH_POS_PW="$BENCH_PASSWORD" timeout 60 "$MAMON_BIN" adduser "$POS_USER_PREFIX$i" \
      --password-env BENCH_POS_PW --first-name Tablet --last-name "$i" --personnel "tablet$i" \
      >>"$BENCH_TMP/adduser-$backend.log" 2>&1 \
      || { cat "$BENCH_TMP/adduser-$backend.log" >&2; return 1; }
  done
}

# purchase_count -> the number of purchases, from the X-Total-Count of GET /api/purchases/ with the
# token of the first tablet's user (personnel see every purchase).
purchase_count() {
  local body token
  body=$(curl -fsS --max-time 10 -H 'Content-Type: application/json' \
    -d "{\"username\": \"${POS_USER_PREFIX}1\", \"password\": \"$BENCH_PASSWORD\"}" \
    "http://127.0.0.1:$SERVER_PORT/api/login/") || { echo "bench pos: API login failed" >&2; return 1; }
  token=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["access"])' <<<"$body")
  curl -fsS --max-time 10 -o /dev/null -D - -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$SERVER_PORT/api/purchases/?page_size=1" \
    | tr -d '\r' | sed -n 's/^[Xx]-[Tt]otal-[Cc]ount: *\([0-9]*\)$/\1/p'
}

# server_handling LOG -> "p50 / p99 ms (n=N)" of the server's own duration_us of the counted sales
# (each POST /api/purchases/ 201 in the access log, the first POS_WARMUP per user skipped): the time
# inside the server, without the browser's network stack, loopback and scheduling.
server_handling() {
  grep -o 'http method=POST path="/api/purchases/" status=201 duration_us=[0-9]* .* user_id=[0-9]*' "$1" \
    | sed 's/.*duration_us=\([0-9]*\) .*user_id=\([0-9]*\)/\2 \1/' \
    | awk -v warm="$POS_WARMUP" '{ if (++seen[$1] > warm) print $2 / 1000 }' | sort -g \
    | awk '{ v[NR] = $1 }
      function rank(q,  i) { i = int(q * NR); if (i < q * NR) i++; if (i < 1) i = 1; return v[i] }
      END { if (NR == 0) { print "-"; exit }
            printf "%.2f / %.2f ms (n=%d)\n", rank(0.5), rank(0.99), NR }'
}

# pos_field NAME LINE: the value of NAME=value in the BENCH_POS_RESULT line.
pos_field() { sed -n "s/.* $1=\\([^ ]*\\).*/\\1/p" <<<" $2"; }

pos_pin_note() {
  if (( ${#SERVER_PIN[@]} == 0 )); then
    echo "not pinned ($PIN_OFF_REASON): Chromium, node, the server and the database share all $(nproc) cores"
  else
    local note="pinned with taskset: mamon on core ${SERVER_PIN[2]}, node and Chromium (all ${BENCH_POS_TABLETS} tablets) on core ${CLIENT_PIN[2]}"
    [[ "$1" == sqlite ]] || note+=", PostgreSQL's own processes unpinned"
    echo "$note"
  fi
}

bench_pos_backend() {
  local backend=$1 load_before
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  progress "$backend: database, ${BENCH_POS_TABLETS} bar-staff users"
  prepare_pos_database "$backend" || exit 2
  start_server "$backend" || exit 2
  progress "$backend: ${BENCH_POS_TABLETS} tablets × ${BENCH_POS_SALES} sales in Chromium"
  POS_PID_FILE="$BENCH_TMP/pos-$backend.pids"
  local node_log="$BENCH_TMP/pos-$backend.log" samples="$BENCH_TMP/pos-samples-$backend.tsv"
  # Bound: the log-ins (15 s a step), then every sale of a tablet at its bound, plus a margin.
  local bound_s=$(( 60 + BENCH_POS_TABLETS * 20 + BENCH_POS_SALES * (POS_SALE_MS / 1000 + 1) ))
  local node_status=0
  BENCH_POS_URL="http://127.0.0.1:$SERVER_PORT" BENCH_POS_TABLETS=$BENCH_POS_TABLETS \
    BENCH_POS_SALES=$BENCH_POS_SALES BENCH_POS_WARMUP=$POS_WARMUP BENCH_POS_SALE_MS=$POS_SALE_MS \
    BENCH_POS_RUN_MS=$(( (bound_s - 10) * 1000 )) BENCH_POS_USER_PREFIX=$POS_USER_PREFIX \
    BENCH_POS_PASSWORD=$BENCH_PASSWORD BENCH_POS_PRODUCTS=$POS_PRODUCTS \
    BENCH_POS_PID_FILE=$POS_PID_FILE BENCH_POS_SAMPLES=$samples MAMON_CHROMIUM=$MAMON_CHROMIUM \
    run_bounded "$bound_s" "$node_log" "${CLIENT_PIN[@]}" node "$BENCH_ROOT/bench/pos.mjs" \
    || node_status=$?
  stop_browser  # normally gone already: pos.mjs closes what it opened
  grep '^bench pos:' "$node_log" >&2 || true
  local line
  line=$(grep '^BENCH_POS_RESULT ' "$node_log" | tail -n 1 || true)
  if [[ -z "$line" ]]; then
    echo "bench pos: $backend: bench/pos.mjs gave no result (status $node_status):" >&2
    tail -n 30 "$node_log" >&2
    (( node_status == 2 )) && exit 2
    POS_FAILED=1
    line="BENCH_POS_RESULT tablets=$BENCH_POS_TABLETS counted=0 made=0 failed=$BENCH_POS_TABLETS"
  fi
  (( node_status == 0 )) || POS_FAILED=1

  local made expected count
  made=$(pos_field made "$line")
  expected=$(( BENCH_POS_TABLETS * BENCH_POS_SALES ))
  count=$(purchase_count) || count="?"
  [[ "$count" == "$expected" ]] || { echo "bench pos: $backend: $count purchases, expected $expected" >&2; POS_FAILED=1; }

  stop_server
  [[ "$SERVER_EXIT" == 0 ]] || { echo "bench pos: $backend: the server stopped with status $SERVER_EXIT" >&2; POS_FAILED=1; }
  local check_status=0
  timeout 300 "$MAMON_BIN" check >"$BENCH_TMP/check-$backend.log" 2>&1 || check_status=$?
  if (( check_status != 0 )); then
    echo "bench pos: $backend: mamon check failed" >&2; cat "$BENCH_TMP/check-$backend.log" >&2; POS_FAILED=1
  fi
  if [[ "$backend" == postgres && -n "$BENCH_PG_DIR" ]]; then
    (cd / && "$BENCH_ROOT/scripts/pg-test-cluster.sh" stop "$BENCH_PG_DIR") || true
    BENCH_PG_DIR=""
  fi

  local out="$BENCH_ROOT/bench/results/pos-$backend.md" failed errors=none
  failed=$(pos_field failed "$line")
  [[ "$failed" == 0 ]] || errors="$failed tablets stopped at a failed sale"
  mkdir -p "$BENCH_ROOT/bench/results"
  cp "$samples" "$BENCH_ROOT/bench/results/pos-samples-$backend.tsv" 2>/dev/null || true
  {
    echo "### POS sale round trip on $backend ($(date -u +%Y-%m-%d), $(nproc) cores)"
    echo
    echo "| tablets | sales counted | round trip p50 ms | p90 ms | p99 ms | max ms | server p50 ms | server p99 ms | sales/s | errors |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    echo "| $(pos_field tablets "$line") | $(pos_field counted "$line") | $(pos_field rt_p50 "$line") | $(pos_field rt_p90 "$line") | $(pos_field rt_p99 "$line") | $(pos_field rt_max "$line") | $(pos_field server_p50 "$line") | $(pos_field server_p99 "$line") | $(pos_field sales_per_s "$line") | $errors |"
    echo
    echo "- round trip: the pay tap (capture-phase click on \`#pos-pay-cash\`) to the \"sold\" text in \`#pos-banner\` (MutationObserver), performance.now() in the page; server: Resource Timing of POST /api/purchases/, responseEnd − requestStart (n=$(pos_field server_n "$line"))"
    echo "- the server's own handling of those sales (its access log's duration_us), p50 / p99: $(server_handling "$SERVER_LOG")"
    echo "- ${BENCH_POS_SALES} cash sales per tablet, the first $POS_WARMUP not counted; sales/s = counted sales ÷ the counted phase's wall time ($(pos_field wall_ms "$line") ms), every tablet at once; a sale's bound ${POS_SALE_MS} ms"
    echo "- one headless Chromium ($("$MAMON_CHROMIUM" --version 2>/dev/null | head -n 1)), a browser context per tablet (1024×768, nl-NL), each its own bar-staff user signed in through /login/?next=/pos/"
    echo "- purchases in the database afterwards: $count (expected $expected; sales that showed their banner: $made); SIGTERM: exit status $SERVER_EXIT; \`mamon check\`: $([[ $check_status == 0 ]] && echo clean || echo "FAILED (exit $check_status)")"
    echo "- $(pos_pin_note "$backend"); load average (1/5/15 min) before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
  } >"$out"
  echo
  cat "$out"
}

for backend in $BENCH_BACKENDS; do bench_pos_backend "$backend"; done
exit "$POS_FAILED"

# Sourced by bench/run.sh: one backend's database and `mamon` server for the benchmark.
#   prepare_database BACKEND  -> DATABASE_URL exported, migrated, holders/products/tapper loaded
#   start_server              -> SERVER_PID, SERVER_PORT, COLD_START_MS (pinned: SERVER_PIN)
#   login_tapper              -> BENCH_TOKEN
#   server_memory             -> SERVER_RSS_KB, SERVER_HWM_KB
#   stop_server               -> SERVER_EXIT (0 expected: SIGTERM is a clean shutdown), STOP_MS
#   server_log_summary FILE   -> the log without access lines in FILE; ACCESS_STATUSES counts
# Needs BENCH_ROOT, BENCH_TMP, MAMON_BIN, BENCH_HOLDERS, BENCH_PRODUCTS from run.sh.

# 999,999.00 euros per wallet, just under limits::kMoneyAbsMaxCents; with products of 0.10..0.49
# a wallet pays for over two million sales, so no purchase of a bounded run can be refused.
BENCH_STAND_CENTS=99999900
BENCH_PASSWORD="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

mamon() { "$MAMON_BIN" "$@"; }

prepare_database() {
  local backend=$1
  case "$backend" in
    sqlite)
      export DATABASE_URL="sqlite:///$BENCH_TMP/sqlite/mamon.sqlite3"  # 4 slashes: absolute
      SQLITE_PATH="$BENCH_TMP/sqlite/mamon.sqlite3"
      mkdir -p "$BENCH_TMP/sqlite"
      ;;
    postgres)
      local out
      # From /: the cluster runs as user postgres, who may not enter the private $BENCH_TMP.
      out=$(cd / && "$BENCH_ROOT/scripts/pg-test-cluster.sh" start)
      BENCH_PG_DIR=$(sed -n 's/^dir=//p' <<<"$out")
      DATABASE_URL=$(sed -n 's/^url=//p' <<<"$out")
      export DATABASE_URL
      [[ -n "$BENCH_PG_DIR" && -n "$DATABASE_URL" ]] || { echo "bench: no PostgreSQL cluster" >&2; return 1; }
      ;;
    *) echo "bench: unknown backend $backend (sqlite|postgres)" >&2; return 1 ;;
  esac
  mamon migrate >"$BENCH_TMP/migrate-$backend.log" 2>&1 || { cat "$BENCH_TMP/migrate-$backend.log" >&2; return 1; }
  python3 "$BENCH_ROOT/bench/make_fixture.py" "$BENCH_HOLDERS" "$BENCH_PRODUCTS" "$BENCH_STAND_CENTS" \
    >"$BENCH_TMP/fixture.json"
  mamon loaddata "$BENCH_TMP/fixture.json" >"$BENCH_TMP/loaddata-$backend.log" 2>&1 \
    || { cat "$BENCH_TMP/loaddata-$backend.log" >&2; return 1; }
  # The login timing's known users (bench/lib/login.sh): a local password each, set by the server's
  # own code path; the fixture's bench<N> users are the known users without a local password.
  local i
  for ((i = 1; i <= BENCH_LOGINS + 1; i++)); do
    BENCH_TAPPER_PW="$BENCH_PASSWORD" mamon adduser "$(login_known_name "$i")" \
      --password-env BENCH_TAPPER_PW >>"$BENCH_TMP/adduser-$backend.log" 2>&1 \
      || { cat "$BENCH_TMP/adduser-$backend.log" >&2; return 1; }
  done
  BENCH_TAPPER_PW="$BENCH_PASSWORD" mamon adduser tapper --password-env BENCH_TAPPER_PW \
    --group Tapper --personnel tapper >>"$BENCH_TMP/adduser-$backend.log" 2>&1 \
    || { cat "$BENCH_TMP/adduser-$backend.log" >&2; return 1; }
}

now_ms() { date +%s%3N; }

# Cold start: from the exec of `mamon serve` to the first 200 of GET /healthz.
start_server() {
  local backend=$1
  SERVER_PORT=$(free_port)
  SERVER_LOG="$BENCH_TMP/server-$backend.log"
  local t0 t1
  t0=$(now_ms)
  # taskset execs mamon: $! is the server's own pid.
  BIND="127.0.0.1:$SERVER_PORT" "${SERVER_PIN[@]}" "$MAMON_BIN" serve >"$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
  BENCH_PIDS+=("$SERVER_PID")
  while true; do
    if curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$SERVER_PORT/healthz" 2>/dev/null; then break; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "bench: mamon serve exited during start-up:" >&2; cat "$SERVER_LOG" >&2; return 1
    fi
    if (( $(now_ms) - t0 > 30000 )); then echo "bench: server not healthy after 30 s" >&2; return 1; fi
    sleep 0.005
  done
  t1=$(now_ms)
  COLD_START_MS=$((t1 - t0))
}

login_tapper() {
  local body
  body=$(curl -fsS --max-time 10 -H 'Content-Type: application/json' \
    -d "{\"username\": \"tapper\", \"password\": \"$BENCH_PASSWORD\"}" \
    "http://127.0.0.1:$SERVER_PORT/api/login/") || { echo "bench: login failed" >&2; return 1; }
  BENCH_TOKEN=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["access"])' <<<"$body")
  BENCH_PERSONNEL_ID=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["user"]["personel"])' <<<"$body")
  export BENCH_TOKEN
}

server_memory() {
  SERVER_RSS_KB=$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status")
  SERVER_HWM_KB=$(awk '/^VmHWM:/ {print $2}' "/proc/$SERVER_PID/status")
}

stop_server() {
  local t0
  t0=$(now_ms)
  stop_pid "$SERVER_PID" 20
  STOP_MS=$(( $(now_ms) - t0 ))
  SERVER_EXIT=$BENCH_STOP_STATUS
}

# The access log has a line per request; keep the rest (warnings, errors) as evidence and count
# the access lines per status, to cross-check wrk's counts.
server_log_summary() {
  grep -v '\] \[info\] http method=' "$SERVER_LOG" >"$1" || true
  ACCESS_STATUSES=$(grep -o '\] \[info\] http method=[A-Z]* .* status=[0-9]*' "$SERVER_LOG" \
    | sed 's/.*method=\([A-Z]*\) .*status=\([0-9]*\)/\1 \2/' | sort | uniq -c \
    | awk '{printf "%s%s %s: %d", sep, $2, $3, $1; sep=", "}')
}

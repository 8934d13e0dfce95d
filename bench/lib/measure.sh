# Sourced by bench/run.sh: one measurement each, bounded in time, its numbers left in globals.
#   run_wrk SCRIPT CONNS HOLDER_MIN HOLDER_MAX LABEL [PORT]
#     -> WRK_RPS WRK_P99_MS WRK_NON2XX WRK_SOCKET_ERRORS WRK_STATUSES WRK_CPU_PCT
#     PORT defaults to the server's; wrk runs on the load generator's core (CLIENT_PIN), and
#     WRK_CPU_PCT is wrk's own CPU time (user + system) over the run, in % of one core: near 100
#     (with one wrk thread) means the load generator, not the server, was the limit.
#   run_raw BACKEND CONNS HOLDER_MIN HOLDER_MAX LABEL      -> RAW_TPS RAW_FAILED RAW_NOTE
# Each run's full output stays in $BENCH_TMP/<label>.log (copied to bench/results/ on trouble).
# Needs BENCH_SECONDS, BENCH_WRK_THREADS, SERVER_PORT, BENCH_TOKEN, BENCH_PERSONNEL_ID, ...

# field NAME LINE: the value of NAME=value in a "KEY=value KEY=value" line.
field() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"; }

run_wrk() {
  local script=$1 conns=$2 holder_min=$3 holder_max=$4 label=$5 port=${6:-$SERVER_PORT}
  local log="$BENCH_TMP/$label.log" threads=$BENCH_WRK_THREADS
  (( threads > conns )) && threads=$conns
  local status=0
  # bash -c ... times: wrk's CPU time (the shell's children's user and system time) after it ends;
  # `times` in the shell itself (a subshell would count none of them).
  BENCH_DIR="$BENCH_ROOT/bench" BENCH_HOLDER_MIN=$holder_min \
    BENCH_HOLDER_MAX=$holder_max BENCH_PRODUCTS=$BENCH_PRODUCTS \
    run_bounded $((BENCH_SECONDS + 30)) "$log" "${CLIENT_PIN[@]}" \
    bash -c '"$@"; status=$?; echo BENCH_CPU; times; exit $status' bench-wrk \
    wrk -t "$threads" -c "$conns" -d "${BENCH_SECONDS}s" --timeout 10s --latency \
    -s "$BENCH_ROOT/bench/$script" "http://127.0.0.1:$port" || status=$?
  local line
  line=$(grep '^BENCH_RESULT ' "$log" | tail -n 1 || true)
  if (( status != 0 )) || [[ -z "$line" ]]; then
    echo "bench: wrk $label failed (status $status):" >&2; tail -n 20 "$log" >&2
    WRK_RPS=0 WRK_P99_MS=- WRK_NON2XX=- WRK_SOCKET_ERRORS=- WRK_STATUSES=failed WRK_CPU_PCT=-
    return 0
  fi
  # After "BENCH_CPU", `times` prints the shell's own user and system time, then its children's
  # (wrk's): "0m1.234s 0m0.567s".
  WRK_CPU_PCT=$(sed -n '/^BENCH_CPU$/{n;n;p}' "$log" \
    | sed -n 's/^\([0-9]*\)m\([0-9.]*\)s \([0-9]*\)m\([0-9.]*\)s$/\1 \2 \3 \4/p' \
    | awk -v d="$(field seconds "$line")" '{ if (d > 0) printf "%.0f", 100 * ($1 * 60 + $2 + $3 * 60 + $4) / d }')
  [[ -n "$WRK_CPU_PCT" ]] || WRK_CPU_PCT=-
  WRK_RPS=$(field rps "$line")
  WRK_P99_MS=$(field p99_ms "$line")
  WRK_NON2XX=$(field non2xx "$line")
  WRK_SOCKET_ERRORS=$(field socket_errors "$line")
  WRK_STATUSES=$(field statuses "$line")
  # wrk's own count must agree with the script's (it counts non-2xx/3xx).
  local wrk_own
  wrk_own=$(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$log")
  if [[ -n "$wrk_own" && "$wrk_own" != "$WRK_NON2XX" ]]; then
    echo "bench: $label: wrk reports $wrk_own non-2xx/3xx responses, the script $WRK_NON2XX" >&2
  fi
  if [[ "$WRK_NON2XX" != 0 || "$WRK_SOCKET_ERRORS" != 0 ]]; then keep_log "$log"; fi
}

# Keeps the log of a run that had errors as evidence, in bench/results/.
keep_log() {
  mkdir -p "$BENCH_ROOT/bench/results"
  cp "$1" "$BENCH_ROOT/bench/results/"
  echo "bench: errors in $(basename "$1"), kept in bench/results/" >&2
}

# The same purchase transaction straight on the database, with CONNS clients.
run_raw() {
  local backend=$1 conns=$2 holder_min=$3 holder_max=$4 label=$5
  local log="$BENCH_TMP/$label.log" status=0
  RAW_NOTE=""
  if [[ "$backend" == sqlite ]]; then
    # The anchor does the server's database work in-process: on the server's core.
    run_bounded $((BENCH_SECONDS + 30)) "$log" "${SERVER_PIN[@]}" "$ANCHOR_BIN" --db "$SQLITE_PATH" \
      --seconds "$BENCH_SECONDS" --threads "$conns" --holder-min "$holder_min" \
      --holder-max "$holder_max" --products "$BENCH_PRODUCTS" --personnel "$BENCH_PERSONNEL_ID" \
      || status=$?
    local line
    line=$(grep '^ANCHOR_RESULT ' "$log" | tail -n 1 || true)
    RAW_TPS=$(field tps "$line")
    RAW_FAILED=$(field failed "$line")
    local busy
    busy=$(field busy_retries "$line")
    [[ -n "$busy" && "$busy" != 0 ]] && RAW_NOTE="$busy busy retries"
  else
    local threads=$BENCH_WRK_THREADS
    (( threads > conns )) && threads=$conns
    # pgbench is the load generator here (PostgreSQL does the work): on wrk's core.
    run_bounded $((BENCH_SECONDS + 30)) "$log" "${CLIENT_PIN[@]}" pgbench -n -M prepared -c "$conns" \
      -j "$threads" -T "$BENCH_SECONDS" -f "$BENCH_ROOT/bench/pg_purchase.sql" \
      -D holder_min="$holder_min" -D holder_max="$holder_max" -D products="$BENCH_PRODUCTS" \
      -D personnel="$BENCH_PERSONNEL_ID" -D now_us="$(date +%s%6N)" -D sales_name=sales \
      -D method=balance -D kind=purchase -D quantity=1 "$DATABASE_URL" || status=$?
    RAW_TPS=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time).*/\1/p' "$log")
    RAW_FAILED=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$log")
    local aborted
    aborted=$(grep -c 'aborted in command' "$log" || true)
    if [[ "$aborted" != 0 ]]; then
      RAW_NOTE="$aborted clients aborted"
      RAW_FAILED=$(( ${RAW_FAILED:-0} + aborted ))
    fi
  fi
  if (( status != 0 )) || [[ -z "$RAW_TPS" ]]; then
    echo "bench: raw anchor $label failed (status $status):" >&2; tail -n 20 "$log" >&2
    [[ -n "$RAW_TPS" ]] || RAW_TPS=0
    [[ -n "$RAW_FAILED" && "$RAW_FAILED" != 0 ]] || RAW_FAILED="?"
  fi
  : "${RAW_FAILED:=0}"
  if [[ "$RAW_FAILED" != 0 ]]; then keep_log "$log"; fi
}

# Sourced by bench/run.sh: every process the benchmark starts, and how it is stopped again.
# Background processes are registered by pid; bench_cleanup (the EXIT trap) ends exactly those,
# by pid, plus the PostgreSQL cluster and the temporary directory. Nothing is stopped by name.

BENCH_PIDS=()      # pids still to stop at exit
BENCH_PG_DIR=""    # the private PostgreSQL cluster's directory, if one is running
BENCH_TMP=""       # the run's temporary directory

# Core pinning (taskset, util-linux): the process under test (mamon, nginx, the SQLite anchor) on
# one core, the load generator (wrk, curl, pgbench) on the other, so they do not steal each other's
# CPU. set_pinning fills the two command prefixes (both stay empty when pinning is off);
# pin_note BACKEND says in words what was pinned where.
SERVER_PIN=()
CLIENT_PIN=()
PIN_OFF_REASON=""
set_pinning() {
  local enabled=$1 server_core=$2 client_core=$3
  SERVER_PIN=() CLIENT_PIN=() PIN_OFF_REASON=""
  if [[ "$enabled" != 1 ]]; then
    PIN_OFF_REASON="BENCH_PIN=0"
  elif [[ "$server_core" == "$client_core" ]] || ! taskset -c "$server_core" true 2>/dev/null \
      || ! taskset -c "$client_core" true 2>/dev/null; then
    PIN_OFF_REASON="cores $server_core and $client_core are not two usable cores here"
  else
    SERVER_PIN=(taskset -c "$server_core")
    CLIENT_PIN=(taskset -c "$client_core")
  fi
}

pin_note() {
  if (( ${#SERVER_PIN[@]} == 0 )); then
    echo "not pinned ($PIN_OFF_REASON): load generator, server and database share all $(nproc) cores"
  elif [[ "$1" == sqlite ]]; then
    echo "pinned with taskset: mamon, nginx and the SQLite anchor on core ${SERVER_PIN[2]}, wrk and curl on core ${CLIENT_PIN[2]}"
  else
    echo "pinned with taskset: mamon and nginx on core ${SERVER_PIN[2]}, wrk, curl and pgbench on core ${CLIENT_PIN[2]}, PostgreSQL's own processes unpinned"
  fi
}

bench_forget_pid() {
  local pid=$1 kept=() p
  for p in "${BENCH_PIDS[@]}"; do [[ "$p" == "$pid" ]] || kept+=("$p"); done
  BENCH_PIDS=("${kept[@]}")
}

# stop_pid PID GRACE_SECONDS: SIGTERM, wait up to GRACE_SECONDS, then SIGKILL. Sets
# BENCH_STOP_STATUS to the exit status (or "killed" when it had to be killed).
stop_pid() {
  local pid=$1 grace=$2 waited=0
  BENCH_STOP_STATUS=""
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && (( waited < grace * 10 )); do
      sleep 0.1
      waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null || true
      BENCH_STOP_STATUS="killed"
    fi
  fi
  local status=0
  wait "$pid" 2>/dev/null || status=$?
  [[ -n "$BENCH_STOP_STATUS" ]] || BENCH_STOP_STATUS=$status
  bench_forget_pid "$pid"
}

# run_bounded SECONDS OUTPUT_FILE COMMAND...: runs COMMAND with its output in OUTPUT_FILE, killed
# after SECONDS at the latest. In the background so that the EXIT trap can stop it at once.
# Returns the command's exit status (124 when the time ran out).
run_bounded() {
  local seconds=$1 output=$2
  shift 2
  timeout --kill-after=5 "$seconds" "$@" >"$output" 2>&1 &
  local pid=$!
  BENCH_PIDS+=("$pid")
  local status=0
  wait "$pid" || status=$?
  bench_forget_pid "$pid"
  return "$status"
}

bench_cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local pid
  for pid in "${BENCH_PIDS[@]}"; do stop_pid "$pid" 5; done
  if [[ -n "$BENCH_PG_DIR" ]]; then
    (cd / && "$BENCH_ROOT/scripts/pg-test-cluster.sh" stop "$BENCH_PG_DIR") || true
    BENCH_PG_DIR=""
  fi
  if [[ -n "$BENCH_TMP" && -d "$BENCH_TMP" ]]; then
    if [[ "${BENCH_KEEP_TMP:-0}" == 1 ]]; then
      echo "bench: kept $BENCH_TMP (BENCH_KEEP_TMP=1; remove it yourself)" >&2
    else
      rm -rf "$BENCH_TMP"
    fi
  fi
  exit "$status"
}

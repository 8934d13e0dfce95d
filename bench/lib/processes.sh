# Sourced by bench/run.sh: every process the benchmark starts, and how it is stopped again.
# Background processes are registered by pid; bench_cleanup (the EXIT trap) ends exactly those,
# by pid, plus the PostgreSQL cluster and the temporary directory. Nothing is stopped by name.

BENCH_PIDS=()      # pids still to stop at exit
BENCH_PG_DIR=""    # the private PostgreSQL cluster's directory, if one is running
BENCH_TMP=""       # the run's temporary directory

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

#!/usr/bin/env bash
# Scale-out benchmark (`make bench`, third part; docs/scaling.md): wallet purchases per second
# through Debian's nginx as a round-robin proxy, first with one `mamon serve` behind it, then with
# two on the same PostgreSQL database. Each instance gets BENCH_INSTANCE_WORKERS workers (default
# 2), so the pair has twice the threads and database connections of one. On a 2-core machine
# these are functional figures (the proxy path works and costs what it costs), not a speed-up:
# the instances, nginx, PostgreSQL and wrk all share the same two cores.
# Loopback only, bounded in time; whatever happens it stops what it started (by pid), then
# `mamon check` must be clean. Prints a table, also written to bench/results/latest-instances.md.
# Exit status: 0 clean; 1 when a request failed, an instance did not stop cleanly or the ledger
# check failed; 2 set-up error.
set -euo pipefail

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$BENCH_ROOT/bench/lib/processes.sh"
source "$BENCH_ROOT/bench/lib/server.sh"
source "$BENCH_ROOT/bench/lib/measure.sh"
source "$BENCH_ROOT/bench/lib/login.sh"

# ---- Knobs (bench/README.md) ----
BENCH_HOLDERS=${BENCH_HOLDERS:-1000}
BENCH_PRODUCTS=${BENCH_PRODUCTS:-40}
BENCH_SECONDS=${BENCH_SECONDS:-10}
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-"8 64"}
BENCH_INSTANCE_WORKERS=${BENCH_INSTANCE_WORKERS:-2}
BENCH_BUILD_DIR=${BENCH_BUILD_DIR:-$BENCH_ROOT/build}
BENCH_SKIP_BUILD=${BENCH_SKIP_BUILD:-0}
BENCH_LOGINS=0  # prepare_database's login users: none needed here
BENCH_WRK_THREADS=${BENCH_WRK_THREADS:-2}
MAMON_BIN=${MAMON_BIN:-$BENCH_BUILD_DIR/mamon}
NGINX_BIN=${NGINX_BIN:-/usr/sbin/nginx}

for n in "$BENCH_SECONDS" "$BENCH_HOLDERS" "$BENCH_PRODUCTS" "$BENCH_INSTANCE_WORKERS" \
    "$BENCH_WRK_THREADS" $BENCH_CONNECTIONS; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "bench: knobs must be positive whole numbers (got '$n')" >&2; exit 2; }
done
(( BENCH_SECONDS <= 300 )) || { echo "bench: BENCH_SECONDS is at most 300" >&2; exit 2; }
set_pinning 0 0 0  # nothing pinned: two instances, nginx and PostgreSQL share every core

trap bench_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ "$BENCH_SKIP_BUILD" != 1 ]]; then
  "$BENCH_ROOT/scripts/install-deps.sh" --test
  if ! command -v wrk >/dev/null; then  # as bench/run.sh: the load generator from Debian
    sudo_cmd=()
    [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
      wrk >/dev/null
  fi
  cmake -S "$BENCH_ROOT" -B "$BENCH_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DMAMON_TESTS=OFF >/dev/null
  cmake --build "$BENCH_BUILD_DIR" --target mamon
fi
[[ -x "$MAMON_BIN" ]] || { echo "bench: $MAMON_BIN not found (make build)" >&2; exit 2; }
for tool in wrk curl "$NGINX_BIN"; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (scripts/install-deps.sh --test)" >&2; exit 2; }
done

BENCH_TMP=$(mktemp -d /tmp/mamon-bench-instances.XXXXXX)
cd "$BENCH_TMP"  # no .env of the repository may leak into the servers' configuration
SECRET_KEY="bench-secret-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
JWT_KEY="bench-jwt-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
export SECRET_KEY JWT_KEY ACCESS_TOKEN_MINUTES=60
export TRUSTED_PROXIES=127.0.0.1/32 WORKERS=$BENCH_INSTANCE_WORKERS
unset DEBUG

BENCH_FAILED=0
progress() { printf '== %3ds %s\n' "$SECONDS" "$1" >&2; }

INSTANCE_PIDS=()
INSTANCE_PORTS=()
start_instance() {
  start_server "postgres-instance-$((${#INSTANCE_PIDS[@]} + 1))"
  INSTANCE_PIDS+=("$SERVER_PID")
  INSTANCE_PORTS+=("$SERVER_PORT")
}

PROXY_PID=""
PROXY_PORT=""
# start_proxy: nginx in front of every instance started so far (round robin, keep-alive
# connections to the upstreams, as docs/deployment.md's nginx does).
start_proxy() {
  local dir="$BENCH_TMP/proxy-${#INSTANCE_PORTS[@]}" port servers=""
  PROXY_PORT=$(free_port)
  mkdir -p "$dir/temp"
  for port in "${INSTANCE_PORTS[@]}"; do servers+="    server 127.0.0.1:$port max_fails=0;"$'\n'; done
  cat >"$dir/nginx.conf" <<EOF
# The benchmark's private proxy (bench/instances.sh); removed with the run's temporary directory.
daemon off;
master_process off;
worker_processes 1;
user $(id -un) $(id -gn);
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $dir/temp/body;
  proxy_temp_path $dir/temp/proxy;
  fastcgi_temp_path $dir/temp/fastcgi;
  uwsgi_temp_path $dir/temp/uwsgi;
  scgi_temp_path $dir/temp/scgi;
  keepalive_requests 1000000000;
  upstream mamon {
$servers    keepalive 128;
  }
  server {
    listen 127.0.0.1:$PROXY_PORT;
    location / {
      proxy_pass http://mamon;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_next_upstream off;
    }
  }
}
EOF
  "$NGINX_BIN" -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" >"$dir/stdout.log" 2>&1 &
  PROXY_PID=$!
  BENCH_PIDS+=("$PROXY_PID")
  local tries=0
  until curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$PROXY_PORT/healthz" 2>/dev/null; do
    kill -0 "$PROXY_PID" 2>/dev/null || { echo "bench: nginx exited:" >&2; cat "$dir/error.log" >&2; return 1; }
    tries=$((tries + 1))
    (( tries < 500 )) || { echo "bench: nginx not answering after 5 s" >&2; return 1; }
    sleep 0.01
  done
}

stop_proxy() {
  stop_pid "$PROXY_PID" 5
  [[ "$BENCH_STOP_STATUS" == 0 ]] || { echo "bench: nginx stopped with $BENCH_STOP_STATUS" >&2; BENCH_FAILED=1; }
}

ROWS=()
measure_through_proxy() {
  local conns errors
  for conns in $BENCH_CONNECTIONS; do
    progress "${#INSTANCE_PORTS[@]} instance(s) behind nginx: purchases, $conns connections"
    run_wrk purchase.lua "$conns" 1 "$BENCH_HOLDERS" "instances-${#INSTANCE_PORTS[@]}-$conns" "$PROXY_PORT"
    errors="none"
    if [[ "$WRK_NON2XX" != 0 || "$WRK_SOCKET_ERRORS" != 0 ]]; then
      errors="non-2xx $WRK_NON2XX, socket $WRK_SOCKET_ERRORS ($WRK_STATUSES)"
      BENCH_FAILED=1
    fi
    ROWS+=("| ${#INSTANCE_PORTS[@]} | $conns | $(awk -v x="$WRK_RPS" 'BEGIN { printf "%.0f", x }') | $WRK_P99_MS | $errors |")
  done
}

progress "loading $BENCH_HOLDERS holders, $BENCH_PRODUCTS products into PostgreSQL"
prepare_database postgres
start_instance
login_tapper
start_proxy
BENCH_SECONDS=1 run_wrk purchase.lua 8 1 "$BENCH_HOLDERS" instances-warmup "$PROXY_PORT"
measure_through_proxy
stop_proxy
start_instance
start_proxy
measure_through_proxy
stop_proxy

exits=()
for pid in "${INSTANCE_PIDS[@]}"; do
  stop_pid "$pid" 20
  exits+=("$BENCH_STOP_STATUS")
  [[ "$BENCH_STOP_STATUS" == 0 ]] || BENCH_FAILED=1
done
check="clean"
mamon check >"$BENCH_TMP/check.log" 2>&1 || { check="FAILED: $(tr '\n' ' ' <"$BENCH_TMP/check.log" | cut -c1-300)"; BENCH_FAILED=1; }

report="$BENCH_ROOT/bench/results/latest-instances.md"
mkdir -p "$(dirname "$report")"
{
  echo "### wallet purchases through nginx, one vs two instances (PostgreSQL)"
  echo
  echo "| instances | conns | req/s | p99 ms | errors |"
  echo "|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "- $BENCH_INSTANCE_WORKERS workers per instance; purchases spread over $BENCH_HOLDERS holders; each run ${BENCH_SECONDS} s, wrk -t $BENCH_WRK_THREADS"
  echo "- nginx $("$NGINX_BIN" -v 2>&1 | sed 's/^nginx version: nginx.//'): one process, round robin, keep-alive to the upstreams; nothing pinned, $(nproc) cores shared by instances, nginx, PostgreSQL and wrk"
  echo "- instances stopped with SIGTERM: exit status ${exits[*]}; \`mamon check\` after the load: $check"
} | tee "$report"
exit "$BENCH_FAILED"

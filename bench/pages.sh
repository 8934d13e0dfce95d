#!/usr/bin/env bash
# The website's page timings (`make bench`, after bench/run.sh; see bench/README.md "Pages"): for
# each backend it imports a history of BENCH_PAGE_PURCHASES wallet purchases (bench/make_fixture.py
# with PURCHASES: 1..3 lines each over 2026-01..2026-11, every tenth by the member bench-member),
# starts `mamon serve`, logs in through the web's own login form (a member and a Bestuur user),
# and fetches each page BENCH_PAGE_REQUESTS times one after the other with curl, after two
# warm-up requests. It reports the median and the 95th percentile of curl's total time per page
# (bench/results/pages-<backend>.md). Targets (issue 8): overview < 200 ms, home < 20 ms.
# The server on one core, curl on the other (taskset, as run.sh). Loopback only, every request
# bounded by curl --max-time, and whatever happens it stops what it started (bench/lib/processes.sh).
# Exit status: 0 clean; 1 when a page was not 200, the server did not stop cleanly or `mamon check`
# found a violation; 2 set-up error.
set -euo pipefail

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$BENCH_ROOT/bench/lib/processes.sh"
source "$BENCH_ROOT/bench/lib/server.sh"

BENCH_BACKENDS=${BENCH_BACKENDS:-"sqlite postgres"}
BENCH_HOLDERS=${BENCH_HOLDERS:-1000}
BENCH_PRODUCTS=${BENCH_PRODUCTS:-40}
BENCH_PAGE_PURCHASES=${BENCH_PAGE_PURCHASES:-100000}
BENCH_PAGE_REQUESTS=${BENCH_PAGE_REQUESTS:-30}
BENCH_PIN=${BENCH_PIN:-1}
BENCH_SERVER_CORE=${BENCH_SERVER_CORE:-0}
BENCH_CLIENT_CORE=${BENCH_CLIENT_CORE:-1}
BENCH_BUILD_DIR=${BENCH_BUILD_DIR:-$BENCH_ROOT/build}
MAMON_BIN=${MAMON_BIN:-$BENCH_BUILD_DIR/mamon}
for n in "$BENCH_HOLDERS" "$BENCH_PRODUCTS" "$BENCH_PAGE_PURCHASES" "$BENCH_PAGE_REQUESTS"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "bench pages: knobs must be positive whole numbers (got '$n')" >&2; exit 2; }
done
(( BENCH_PAGE_REQUESTS <= 1000 )) || { echo "bench pages: BENCH_PAGE_REQUESTS is at most 1000" >&2; exit 2; }
(( BENCH_PAGE_PURCHASES <= 1000000 )) || { echo "bench pages: BENCH_PAGE_PURCHASES is at most 1000000" >&2; exit 2; }
[[ -x "$MAMON_BIN" ]] || { echo "bench pages: $MAMON_BIN not found (run bench/run.sh or make build)" >&2; exit 2; }
set_pinning "$BENCH_PIN" "$BENCH_SERVER_CORE" "$BENCH_CLIENT_CORE"

trap bench_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
BENCH_TMP=$(mktemp -d /tmp/mamon-bench-pages.XXXXXX)
cd "$BENCH_TMP"  # no .env of the repository may leak into the servers' configuration
SECRET_KEY="bench-secret-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
JWT_KEY="bench-jwt-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
export SECRET_KEY JWT_KEY TIME_ZONE=Europe/Amsterdam
unset DEBUG WORKERS PUBLIC_URL
PAGES_FAILED=0
progress() { printf '== %3ds %s\n' "$SECONDS" "$1" >&2; }

# The pages and who opens them: "user|label|path".
PAGES=(
  "member|/home/ (10 % of the purchases are the member's)|/home/"
  "member|/home/ page 50|/home/?page=50"
  "board|/board/ overview, one month (Nov 2026)|/board/?start=2026-11-01&end=2026-11-30"
  "board|/board/ overview, eleven months (every purchase)|/board/?start=2026-01-01&end=2026-11-30"
  "board|/board/daily/ products x days, one month|/board/daily/?start=2026-11-01&end=2026-11-30"
  "board|/board/daily/ products x days, eleven months|/board/daily/?start=2026-01-01&end=2026-11-30"
  "board|/board/daily/ products x months, eleven months|/board/daily/?start=2026-01-01&end=2026-11-30&per=month"
  "board|/board/purchases/ one month, first page|/board/purchases/?start=2026-11-01&end=2026-11-30"
)

prepare_pages_database() {
  local backend=$1
  case "$backend" in
    sqlite)
      mkdir -p "$BENCH_TMP/sqlite"
      export DATABASE_URL="sqlite:///$BENCH_TMP/sqlite/mamon.sqlite3"
      ;;
    postgres)
      local out
      out=$(cd / && "$BENCH_ROOT/scripts/pg-test-cluster.sh" start)
      BENCH_PG_DIR=$(sed -n 's/^dir=//p' <<<"$out")
      DATABASE_URL=$(sed -n 's/^url=//p' <<<"$out")
      export DATABASE_URL
      ;;
    *) echo "bench pages: unknown backend $backend" >&2; return 1 ;;
  esac
  mamon migrate >"$BENCH_TMP/migrate-$backend.log" 2>&1 || { cat "$BENCH_TMP/migrate-$backend.log" >&2; return 1; }
  python3 "$BENCH_ROOT/bench/make_fixture.py" "$BENCH_HOLDERS" "$BENCH_PRODUCTS" "$BENCH_STAND_CENTS" \
    "$BENCH_PAGE_PURCHASES" "$BENCH_PASSWORD" >"$BENCH_TMP/pages-fixture.json"
  local t0
  t0=$(now_ms)
  mamon loaddata "$BENCH_TMP/pages-fixture.json" >"$BENCH_TMP/loaddata-$backend.log" 2>&1 \
    || { cat "$BENCH_TMP/loaddata-$backend.log" >&2; return 1; }
  LOAD_MS=$(( $(now_ms) - t0 ))
  BENCH_BOARD_PW="$BENCH_PASSWORD" mamon adduser bench-board --password-env BENCH_BOARD_PW \
    --group Bestuur >"$BENCH_TMP/adduser-$backend.log" 2>&1 \
    || { cat "$BENCH_TMP/adduser-$backend.log" >&2; return 1; }
}

# web_login USER JAR: the web's login form, as a browser fills it (WEB.md §2b): GET /login/ for
# the pre-login CSRF cookie and token, then POST username, password, csrf_token.
web_login() {
  local user=$1 jar=$2 form token status
  form=$(curl -fsS --max-time 10 -c "$jar" -b "$jar" "http://127.0.0.1:$SERVER_PORT/login/")
  token=$(sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' <<<"$form" | head -n 1)
  [[ -n "$token" ]] || { echo "bench pages: no csrf_token in the login form" >&2; return 1; }
  status=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
    --data-urlencode "username=$user" --data-urlencode "password=$BENCH_PASSWORD" \
    --data-urlencode "csrf_token=$token" --data-urlencode "next=/home/" \
    "http://127.0.0.1:$SERVER_PORT/login/")
  [[ "$status" == 303 ]] || { echo "bench pages: web login of $user answered $status" >&2; return 1; }
}

# time_page JAR PATH -> PAGE_P50_MS PAGE_P95_MS PAGE_BYTES PAGE_BAD (requests that were not 200)
time_page() {
  local jar=$1 path=$2 i out times=() bad=0 bytes=0
  for ((i = 0; i < BENCH_PAGE_REQUESTS + 2; i++)); do
    out=$("${CLIENT_PIN[@]}" curl -sS --max-time 30 -o /dev/null -b "$jar" \
      -w '%{http_code} %{time_total} %{size_download}' "http://127.0.0.1:$SERVER_PORT$path") || out="000 0 0"
    read -r code seconds size <<<"$out"
    [[ "$code" == 200 ]] || bad=$((bad + 1))
    bytes=$size
    (( i < 2 )) && continue  # warm-up
    times+=("$seconds")
  done
  read -r PAGE_P50_MS PAGE_P95_MS < <(printf '%s\n' "${times[@]}" | sort -g | awk '
    { t[NR] = $1 * 1000 }
    END { p50 = t[int((NR + 1) / 2)]; i95 = int(NR * 0.95 + 0.999); if (i95 > NR) i95 = NR;
          printf "%.1f %.1f\n", p50, t[i95] }')
  PAGE_BYTES=$bytes PAGE_BAD=$bad
}

bench_pages_backend() {
  local backend=$1 entry user label path jar out
  progress "$backend: importing $BENCH_PAGE_PURCHASES purchases"
  prepare_pages_database "$backend"
  start_server "$backend"
  web_login bench-member "$BENCH_TMP/member.jar"
  web_login bench-board "$BENCH_TMP/board.jar"
  out="$BENCH_ROOT/bench/results/pages-$backend.md"
  mkdir -p "$BENCH_ROOT/bench/results"
  {
    echo "### Pages on $backend: $BENCH_PAGE_PURCHASES purchases ($(date -u +%Y-%m-%d), $(nproc) cores)"
    echo
    echo "Import of the history: ${LOAD_MS} ms. $BENCH_PAGE_REQUESTS sequential requests per page after"
    echo "2 warm-up requests, curl's total time; $(pin_note "$backend")."
    echo
    echo "| page | median ms | p95 ms | bytes | errors |"
    echo "|---|---:|---:|---:|---|"
  } >"$out"
  for entry in "${PAGES[@]}"; do
    IFS='|' read -r user label path <<<"$entry"
    progress "$backend: $label"
    time_page "$BENCH_TMP/$user.jar" "$path"
    local errors=none
    if (( PAGE_BAD > 0 )); then errors="$PAGE_BAD not 200"; PAGES_FAILED=1; fi
    echo "| $label | $PAGE_P50_MS | $PAGE_P95_MS | $PAGE_BYTES | $errors |" >>"$out"
  done
  stop_server
  if [[ "$SERVER_EXIT" != 0 ]]; then
    echo "bench pages: the server stopped with status $SERVER_EXIT" >&2; PAGES_FAILED=1
  fi
  if ! mamon check >"$BENCH_TMP/check-$backend.log" 2>&1; then
    echo "bench pages: mamon check failed" >&2; cat "$BENCH_TMP/check-$backend.log" >&2; PAGES_FAILED=1
  fi
  if [[ "$backend" == postgres && -n "$BENCH_PG_DIR" ]]; then
    (cd / && "$BENCH_ROOT/scripts/pg-test-cluster.sh" stop "$BENCH_PG_DIR") || true
    BENCH_PG_DIR=""
  fi
  echo >>"$out"
  cat "$out"
}

for backend in $BENCH_BACKENDS; do bench_pages_backend "$backend"; done
exit "$PAGES_FAILED"

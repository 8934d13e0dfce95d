#!/usr/bin/env bash
# `make test`: the whole test suite, as CI runs it (.ci/run calls this).
#  1. installs missing Debian packages (build + PostgreSQL + test tools),
#  2. builds everything with warnings as errors,
#  3. starts a private PostgreSQL cluster on a free loopback port (stopped on exit, even on failure),
#  4. runs every ctest suite: unit, storage/service on SQLite and PostgreSQL, CLI, HTTP black-box,
#     and the browser tests (tests/browser: Debian's chromium + playwright-core from npm).
# The test build is instrumented with AddressSanitizer + UndefinedBehaviorSanitizer (STYLE rule 9):
# every suite — unit, storage/service on both databases, CLI and HTTP black-box against the real
# server binary — runs under the sanitizers, and any report fails the run.
# Environment: BUILD_DIR (default build-test), JOBS (default nproc), MAMON_SANITIZE=0 for a plain build,
# MAMON_BROWSER_TESTS=OFF to leave the browser tests out (`make test-quick` does).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --test

build_dir=${BUILD_DIR:-build-test}
jobs=${JOBS:-$(nproc)}
sanitize=ON
[[ "${MAMON_SANITIZE:-1}" == 0 ]] && sanitize=OFF
browser=${MAMON_BROWSER_TESTS:-ON}

# Under the sanitizers the build compiles at -Og with line tables only: on CI's 2 cores that is
# about 4x faster to compile than -O2 -g (the whole instrumented build in minutes, not half an
# hour), the suites are database- and process-bound anyway, and line tables are all the
# sanitizers' reports need. The plain build keeps -O2 -g.
opt_flags="-O2 -g"
[[ "$sanitize" == ON ]] && opt_flags="-Og -g1"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$opt_flags -DNDEBUG" -DMAMON_WERROR=ON \
  -DMAMON_SANITIZE="$sanitize" -DMAMON_TESTS=ON -DMAMON_BROWSER_TESTS="$browser" >/dev/null
cmake --build "$build_dir" -j "$jobs"

# The browser tests' npm packages, exactly as locked (playwright-core downloads no browser: the
# tests drive Debian's /usr/bin/chromium). --prefer-offline: npm's cache is enough once filled.
if [[ "$browser" != OFF ]]; then
  (cd tests/browser && npm ci --no-audit --no-fund --prefer-offline --loglevel=error >/dev/null)
fi

# The cluster is stopped however the run ends; the trap keeps the tests' exit status.
pg_cluster="$PWD/scripts/pg-test-cluster.sh"
pg_dir=""
cleanup() {
  local status=$?
  if [[ -n "$pg_dir" ]]; then "$pg_cluster" stop "$pg_dir" || true; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cluster=$("$pg_cluster" start)
pg_dir=$(sed -n 's/^dir=//p' <<<"$cluster")
export MAMON_TEST_PG_URL=$(sed -n 's/^url=//p' <<<"$cluster")
export MAMON_REQUIRE_PG=1
export MAMON_FIXTURES_DIR=${MAMON_FIXTURES_DIR:-$(cd .. && pwd)/shared/fixtures}
echo "test: PostgreSQL at $MAMON_TEST_PG_URL"

# Any sanitizer finding is fatal, in the test binaries and in the servers the black-box tests start.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:halt_on_error=1:detect_leaks=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
echo "test: sanitizers $sanitize"

cd "$build_dir"
ctest --output-on-failure -j "$jobs" --timeout 900 --no-tests=error

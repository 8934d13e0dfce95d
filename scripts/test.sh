#!/usr/bin/env bash
# `make test`: the whole test suite, as CI runs it (.ci/run calls this).
#  1. installs missing Debian packages (build + PostgreSQL + test tools),
#  2. builds everything with warnings as errors,
#  3. starts a private PostgreSQL cluster on a free loopback port (stopped on exit, even on failure),
#  4. runs every ctest suite: unit, storage/service on SQLite and PostgreSQL, CLI, HTTP black-box.
# Environment: BUILD_DIR (default build-test), JOBS (default nproc), MAMON_SANITIZE=1 for ASan+UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --test

build_dir=${BUILD_DIR:-build-test}
jobs=${JOBS:-$(nproc)}
sanitize=OFF
[[ "${MAMON_SANITIZE:-0}" == 1 ]] && sanitize=ON

cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMAMON_WERROR=ON \
  -DMAMON_SANITIZE="$sanitize" -DMAMON_TESTS=ON >/dev/null
cmake --build "$build_dir" -j "$jobs"

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

cd "$build_dir"
ctest --output-on-failure -j "$jobs" --timeout 900 --no-tests=error

#!/usr/bin/env bash
# Installs the Debian 12 packages Mamon needs to build, run and test (DESIGN.md §4).
# Idempotent: installs only what is missing. Needs root (or sudo) and Debian's apt; nothing else is
# downloaded. Usage: scripts/install-deps.sh [--test]   (--test adds PostgreSQL and test tools)
set -euo pipefail

build_packages=(
  build-essential cmake ninja-build pkg-config
  libboost1.81-dev libboost-url1.81-dev nlohmann-json3-dev libkainjow-mustache-dev
  libsqlite3-dev libpq-dev libjwt-dev libsodium-dev libssl-dev libcurl4-openssl-dev
  libspdlog-dev libcli11-dev zlib1g-dev
  sass-stylesheets-bulma libjs-chart.js libxlsxwriter-dev
)
test_packages=(
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  postgresql postgresql-contrib curl python3
  chromium python3-openpyxl python3-yaml
  nginx
)

wanted=("${build_packages[@]}")
if [[ "${1:-}" == "--test" ]]; then
  wanted+=("${test_packages[@]}")
  # The browser tests need Node with npm (tests/browser). Debian's nodejs/npm only when there is no
  # npm at all: a machine with its own Node (and npm) keeps it, since Debian's npm conflicts with it.
  if ! command -v npm >/dev/null 2>&1; then wanted+=(nodejs npm); fi
fi

missing=()
for pkg in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

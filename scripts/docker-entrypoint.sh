#!/bin/sh
# The image's entrypoint (Dockerfile). Runs `mamon migrate` (idempotent) before a `mamon` command
# that uses the database, unless MAMON_MIGRATE_ON_START=0, then replaces itself with the command so
# the server is PID 1's direct child (signals reach it; SIGTERM stops it gracefully) and its log
# goes to stdout.
#   (no arguments)            mamon serve
#   mamon SUBCOMMAND ...      migrate first, except for `mamon migrate` itself and help/--version
#   anything else (sh, ...)   run as is, no migration
set -eu

if [ "$#" -eq 0 ]; then
  set -- mamon serve
fi

if [ "$1" = "mamon" ] && [ "${MAMON_MIGRATE_ON_START:-1}" != "0" ]; then
  case "${2:-}" in
    "" | migrate | help | -h | --help | --version) ;;
    *)
      echo "docker-entrypoint: mamon migrate (MAMON_MIGRATE_ON_START=0 skips this)" >&2
      mamon migrate
      ;;
  esac
fi

exec "$@"

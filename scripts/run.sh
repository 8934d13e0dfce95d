#!/usr/bin/env bash
# `make run`: installs what is missing (apt), builds Release, migrates the database, loads the
# starter data into an empty database, then serves on 127.0.0.1:8000 (or $BIND) until Ctrl-C.
# First run: writes .env with fresh random SECRET_KEY/JWT_KEY and creates a demo bar-staff user
# whose password is printed once.
set -euo pipefail
cd "$(dirname "$0")/.."

make --no-print-directory build
mkdir -p var

if [[ ! -f .env ]]; then
  umask 077
  {
    echo "# Written by scripts/run.sh on first run. Keep it secret; never commit it."
    echo "SECRET_KEY=$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')"
    echo "JWT_KEY=$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')"
    echo "DATABASE_URL=${DATABASE_URL:-sqlite:///var/mamon.sqlite3}"
  } > .env
  echo "run: wrote .env with new secrets"
fi

mamon=build/src/mamon
[[ -x $mamon ]] || mamon=build/mamon
"$mamon" migrate

# Starter data only into an empty database (loaddata --if-empty says "skipped" otherwise).
if "$mamon" loaddata --if-empty data/starter.json | tee /dev/stderr | grep -q '^loaddata: skipped'; then
  echo "run: database already has data; starter data not loaded"
else
  demo_password=$(head -c 12 /dev/urandom | base64 | tr -d '/+=\n')
  MAMON_DEMO_PASSWORD="$demo_password" "$mamon" adduser tapper --password-env MAMON_DEMO_PASSWORD \
    --first-name Demo --last-name Tapper --group Tapper --personnel tapper
  MAMON_SUPERUSER_PASSWORD="$demo_password" "$mamon" createsuperuser --noinput --username admin
  MAMON_DEMO_PASSWORD="$demo_password" "$mamon" adduser lid --password-env MAMON_DEMO_PASSWORD \
    --first-name Demo --last-name Lid
  echo "run: starter data loaded; log in as 'admin' (superuser), 'lid' (member) or 'tapper' (bar staff) with password: $demo_password"
fi

exec "$mamon" serve --bind "${BIND:-127.0.0.1:8000}"

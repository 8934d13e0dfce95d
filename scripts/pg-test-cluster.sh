#!/usr/bin/env bash
# A private, throw-away PostgreSQL cluster for the tests: Debian's PostgreSQL binaries, a temporary
# data directory, a free loopback port, trust auth on 127.0.0.1 only.
#   scripts/pg-test-cluster.sh start   -> prints the DATABASE_URL of a fresh database; state in $PGTEST_DIR
#   scripts/pg-test-cluster.sh stop DIR -> stops the cluster and removes DIR
set -euo pipefail

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x "$pg_bin/initdb" ]] || { echo "pg-test-cluster: PostgreSQL server binaries not found (apt install postgresql)" >&2; exit 1; }

# initdb refuses to run as root; run the server as the 'postgres' system user then.
as_owner=()
if [[ $(id -u) -eq 0 ]]; then as_owner=(runuser -u postgres --); fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

case "${1:-}" in
  start)
    dir=$(mktemp -d /tmp/mamon-pg.XXXXXX)
    chmod 755 "$dir"
    [[ ${#as_owner[@]} -gt 0 ]] && chown postgres "$dir"
    port=$(free_port)
    "${as_owner[@]}" "$pg_bin/initdb" -D "$dir/data" -U mamon --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "$port" > "$dir/port"
    "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U mamon mamon
    echo "dir=$dir"
    echo "url=postgres://mamon@127.0.0.1:$port/mamon"
    ;;
  stop)
    dir="${2:?usage: pg-test-cluster.sh stop DIR}"
    if [[ -d "$dir/data" ]]; then
      "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac

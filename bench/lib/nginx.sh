# Sourced by bench/run.sh: the nginx anchor of the product list (issue 7, item 13): Debian's nginx
# serving the exact bytes of GET /api/products/ as a static file, measured like the server.
#   fetch_products_body         -> $BENCH_TMP/nginx/www/products.json, PRODUCTS_BODY_BYTES
#   start_nginx                 -> NGINX_PID, NGINX_PORT (pinned like the server: SERVER_PIN)
#   stop_nginx                  -> NGINX_EXIT
# A private instance: its own configuration, pid file, error log and temporary paths in
# $BENCH_TMP/nginx, listening on a free 127.0.0.1 port, no access log, in the foreground
# (daemon off) with master_process off, so the one process that serves is the pid that the EXIT
# trap stops (no orphaned worker if it ever has to be killed). Its URL is the same path,
# /api/products/, so the same wrk script drives it (its Authorization header is ignored).
# Needs BENCH_TMP, SERVER_PORT, BENCH_TOKEN, SERVER_PIN, free_port (server.sh), BENCH_PIDS.

NGINX_BIN=${NGINX_BIN:-/usr/sbin/nginx}

fetch_products_body() {
  mkdir -p "$BENCH_TMP/nginx/www"
  curl -fsS --max-time 10 -H "Authorization: Bearer $BENCH_TOKEN" \
    -o "$BENCH_TMP/nginx/www/products.json" "http://127.0.0.1:$SERVER_PORT/api/products/" \
    || { echo "bench: GET /api/products/ for the nginx anchor failed" >&2; return 1; }
  PRODUCTS_BODY_BYTES=$(wc -c <"$BENCH_TMP/nginx/www/products.json")
}

start_nginx() {
  local dir="$BENCH_TMP/nginx"
  NGINX_PORT=$(free_port)
  mkdir -p "$dir/temp"
  cat >"$dir/nginx.conf" <<EOF
# The benchmark's private nginx (bench/lib/nginx.sh); removed with the run's temporary directory.
daemon off;
master_process off;
worker_processes 1;
user $(id -un) $(id -gn);
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 75s;          # mamon: limits::kHttpIdleTimeoutSeconds
  keepalive_requests 1000000000;  # mamon never closes a keep-alive connection after N requests
  client_body_temp_path $dir/temp/body;
  proxy_temp_path $dir/temp/proxy;
  fastcgi_temp_path $dir/temp/fastcgi;
  uwsgi_temp_path $dir/temp/uwsgi;
  scgi_temp_path $dir/temp/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $dir/www;
    location = /api/products/ { try_files /products.json =404; }
  }
}
EOF
  # -e: the error log before the configuration is read (never /var/log/nginx); taskset execs nginx.
  "${SERVER_PIN[@]}" "$NGINX_BIN" -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" \
    >"$dir/stdout.log" 2>&1 &
  NGINX_PID=$!
  BENCH_PIDS+=("$NGINX_PID")
  local tries=0
  until curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$NGINX_PORT/api/products/" 2>/dev/null; do
    if ! kill -0 "$NGINX_PID" 2>/dev/null; then
      echo "bench: nginx exited during start-up:" >&2; cat "$dir/stdout.log" "$dir/error.log" >&2 2>/dev/null
      return 1
    fi
    tries=$((tries + 1))
    (( tries < 500 )) || { echo "bench: nginx not answering after 5 s" >&2; return 1; }
    sleep 0.01
  done
  # The same bytes as the server's answer, or the anchor measures something else.
  curl -fsS --max-time 5 -o "$dir/check.json" "http://127.0.0.1:$NGINX_PORT/api/products/"
  cmp -s "$dir/check.json" "$dir/www/products.json" \
    || { echo "bench: nginx does not serve the product list's bytes" >&2; return 1; }
}

stop_nginx() {
  stop_pid "$NGINX_PID" 5
  NGINX_EXIT=$BENCH_STOP_STATUS
}

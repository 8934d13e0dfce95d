# Sourced by bench/run.sh: how long a FAILED login takes, by whether the username exists (issue 7,
# Security 1: the time must not tell an attacker which usernames exist).
#   login_known_name I  -> the username of known login user I (created by prepare_database)
#   measure_logins      -> LOGIN_KNOWN_MS LOGIN_UNKNOWN_MS LOGIN_NOPW_MS (medians, "-" if none)
#                          LOGIN_KNOWN_N LOGIN_UNKNOWN_N LOGIN_NOPW_N (timed answers each)
#                          LOGIN_429 (answers 429: counted, never timed) LOGIN_OTHER (anything else)
#                          LOGIN_RELDIFF (|known - unknown| / the smaller median, in %)
# Round i (0 is a warm-up, not counted; then 1..BENCH_LOGINS) sends, in this order:
#   - a known user with a local password (login-known-<i+1>), wrong password;
#   - an unknown username (login-nobody-<i+1>);
#   - a known user without a local password (the fixture's bench<i+1>), any password.
# Every login names a different username and comes from its own source address 127.0.0.k (k from
# 2 upward, curl --interface; loopback only), so no per-username, per-address or per-pair limit is
# reached. Timed with curl's %{time_total} (connect to last byte), curl on the load generator's core.
# Needs SERVER_PORT, BENCH_LOGINS, BENCH_PASSWORD, BENCH_TMP, CLIENT_PIN.

login_known_name() { echo "login-known-$1"; }

# median FILE: the median of the numbers in FILE (one a line), 2 decimals; "-" for none.
median() {
  sort -n "$1" | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "-"; exit }
    if (NR % 2) printf "%.2f\n", v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

measure_logins() {
  local dir="$BENCH_TMP/logins-$1" log="$BENCH_TMP/logins-$1.log"
  mkdir -p "$dir"
  : >"$dir/known" ; : >"$dir/unknown" ; : >"$dir/nopw"
  : >"$log"
  LOGIN_429=0 LOGIN_OTHER=0
  local k=2 i kind name out code ms
  for ((i = 0; i <= BENCH_LOGINS; i++)); do
    for kind in known unknown nopw; do
      case "$kind" in
        known) name=$(login_known_name $((i + 1))) ;;
        unknown) name="login-nobody-$((i + 1))" ;;
        nopw) name="bench$((i + 1))" ;;
      esac
      out=$("${CLIENT_PIN[@]}" curl -sS -o /dev/null --max-time 5 --interface "127.0.0.$k" \
        -w '%{http_code} %{time_total}' -H 'Content-Type: application/json' \
        -d "{\"username\": \"$name\", \"password\": \"wrong-$BENCH_PASSWORD\"}" \
        "http://127.0.0.1:$SERVER_PORT/api/login/" 2>>"$log") || out="000 -"
      echo "round $i $kind $name from 127.0.0.$k: status ${out% *}, ${out#* } s" >>"$log"
      k=$((k + 1))
      (( i == 0 )) && continue  # warm-up
      code=${out%% *}
      case "$code" in
        401) awk -v s="${out#* }" 'BEGIN { printf "%.3f\n", s * 1000 }' >>"$dir/$kind" ;;
        429) LOGIN_429=$((LOGIN_429 + 1)) ;;
        *) LOGIN_OTHER=$((LOGIN_OTHER + 1)) ;;
      esac
    done
  done
  LOGIN_KNOWN_MS=$(median "$dir/known") LOGIN_KNOWN_N=$(wc -l <"$dir/known")
  LOGIN_UNKNOWN_MS=$(median "$dir/unknown") LOGIN_UNKNOWN_N=$(wc -l <"$dir/unknown")
  LOGIN_NOPW_MS=$(median "$dir/nopw") LOGIN_NOPW_N=$(wc -l <"$dir/nopw")
  LOGIN_RELDIFF=$(awk -v a="$LOGIN_KNOWN_MS" -v b="$LOGIN_UNKNOWN_MS" 'BEGIN {
    if (a == "-" || b == "-") { print "-"; exit }
    lo = (a < b) ? a : b; d = (a > b) ? a - b : b - a
    if (lo + 0 == 0) print "-"; else printf "%.0f\n", 100 * d / lo }')
  if (( LOGIN_429 != 0 || LOGIN_OTHER != 0 )); then
    echo "bench: failed logins: $LOGIN_429 answered 429, $LOGIN_OTHER something else (see below)" >&2
    grep -v 'status 401' "$log" >&2 || true
  fi
  return 0
}

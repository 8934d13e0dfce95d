# Sourced by bench/run.sh: the result table of one backend, printed and written to
# bench/results/latest-<backend>.md.
#   report_begin BACKEND; report_row ...; report_end  (report_line TEXT adds a line under the table)
#   describe_errors ... -> the errors cell; row_failed CELL -> whether it is a failure

report_begin() {
  REPORT_BACKEND=$1
  REPORT_FILE="$BENCH_ROOT/bench/results/latest-$1.md"
  mkdir -p "$BENCH_ROOT/bench/results"
  REPORT_ROWS=()
  REPORT_LINES=()
}

# ratio HTTP RAW: HTTP / RAW with 2 decimals, "-" without a raw number.
ratio() {
  awk -v h="$1" -v r="$2" 'BEGIN { if (r == "" || r == "-" || r + 0 == 0) print "-"; else printf "%.2f", h / r }'
}

# report_row SCENARIO CONNS RPS P99 ANCHOR ERRORS  (ANCHOR: raw tx/s, nginx req/s, or "-")
report_row() {
  local rps raw
  rps=$(awk -v x="$3" 'BEGIN { printf "%.0f", x }')
  raw="-"
  [[ "$5" == "-" ]] || raw=$(awk -v x="$5" 'BEGIN { printf "%.0f", x }')
  REPORT_ROWS+=("| $1 | $2 | $rps | $4 | $raw | $(ratio "$3" "$5") | $6 |")
}

report_line() { REPORT_LINES+=("$1"); }

# join_by SEPARATOR WORD...: the words joined by SEPARATOR.
join_by() {
  local separator=$1 out=""
  shift
  local word
  for word in "$@"; do out+="${out:+$separator}$word"; done
  echo "$out"
}

report_end() {
  {
    echo "### $REPORT_BACKEND"
    echo
    echo "| scenario | conns | req/s | p99 ms | anchor /s | ratio | errors |"
    echo "|---|---:|---:|---:|---:|---:|---|"
    printf '%s\n' "${REPORT_ROWS[@]}"
    echo
    printf -- '- %s\n' "${REPORT_LINES[@]}"
  } >"$REPORT_FILE"
  echo
  cat "$REPORT_FILE"
}

# describe_errors NON2XX SOCKET_ERRORS STATUSES RAW_FAILED RAW_NOTE: the errors cell, "none" if clean.
describe_errors() {
  local parts=()
  [[ "$1" == 0 ]] || parts+=("$1 non-2xx ($3)")
  [[ "$2" == 0 ]] || parts+=("$2 socket errors")
  [[ "$4" == 0 || "$4" == "-" ]] || parts+=("raw: $4 failed")
  [[ -z "$5" ]] || parts+=("raw: $5")
  if (( ${#parts[@]} == 0 )); then echo none; return; fi
  local joined
  joined=$(printf '%s; ' "${parts[@]}")
  echo "${joined%; }"
}

# row_failed CELL: the errors cell holds a real failure (busy retries are a note, not a failure).
row_failed() {
  [[ "$1" == *non-2xx* || "$1" == *socket* || "$1" == *failed* || "$1" == *aborted* ]]
}

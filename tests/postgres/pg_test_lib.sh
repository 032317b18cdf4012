# Shared by the PostgreSQL shell tests: a fresh schema in $HIKESHI_TEST_PG_URL per test and a
# `hikeshi serve` starter. Sourced, not run. Exits 77 (ctest: skipped) when the URL is unset.
if [ -z "${HIKESHI_TEST_PG_URL:-}" ]; then
  echo "skipped: HIKESHI_TEST_PG_URL is not set (scripts/test.sh starts a cluster)"
  exit 77
fi
failures=0
pass() { echo "ok: $1"; }
fail() {
  echo "FAIL: $1"
  failures=$((failures + 1))
}

# fresh_schema NAME: creates the schema and prints a URL whose search_path is it.
fresh_schema() {
  psql -q "$HIKESHI_TEST_PG_URL" -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $1 CASCADE; CREATE SCHEMA $1" >/dev/null
  local sep='?'
  [[ "$HIKESHI_TEST_PG_URL" == *\?* ]] && sep='&'
  echo "${HIKESHI_TEST_PG_URL}${sep}options=-c%20search_path%3D$1%2Cpublic"
}

# start_server DB LOGFILE: starts `hikeshi serve` on a free port; sets SERVER_PID and SERVER_URL.
start_server() {
  "$HIKESHI" serve --db "$1" --listen 127.0.0.1:0 >"$2" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    grep -q "listening on" "$2" && break
    sleep 0.1
  done
  SERVER_URL=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$2" | head -n 1)
  [ -n "$SERVER_URL" ] || {
    cat "$2"
    return 1
  }
}

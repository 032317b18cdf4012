#!/usr/bin/env bash
# HTTP load benchmark of `hikeshi serve` (SQLite) with wrk, optionally side by side with Request
# Tracker 5 (../shared/peers/rt) in the same run. Loopback only; every phase is bounded in time.
#
#   bench/http_load.sh            Hikeshi phases only
#   bench/http_load.sh --with-rt  then RT 5 with the peer script, and the ratios
#
# Environment: DURATION (seconds per phase, default 10), CONNECTIONS (default 64),
# BUILD (default build/release; built when missing), RT_* passed to the peer script.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
BUILD=${BUILD:-build/release}
WITH_RT=0
[ "${1:-}" = --with-rt ] && WITH_RT=1

[ -x "$BUILD/hikeshi" ] || { cmake --preset release >/dev/null && cmake --build --preset release; }
HIKESHI="$ROOT/$BUILD/hikeshi"
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
export HIKESHI_BENCH_DIR="$ROOT/bench"
RESULTS="$WORK/results.txt"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

start_server() {  # start_server SYNCHRONOUS
  local db="$WORK/bench-$1.db"
  printf '[store]\ndb = "%s"\nsqlite_synchronous = "%s"\n' "$db" "$1" >"$WORK/hikeshi.toml"
  echo 'bench password 123' | "$HIKESHI" user add bench --role responder --config "$WORK/hikeshi.toml" >/dev/null
  export HIKESHI_TOKEN
  HIKESHI_TOKEN=$("$HIKESHI" token create bench --config "$WORK/hikeshi.toml" 2>/dev/null | tail -n 1)
  "$HIKESHI" serve --config "$WORK/hikeshi.toml" --listen 127.0.0.1:0 >"$WORK/serve.out" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do grep -q "listening on" "$WORK/serve.out" && break; sleep 0.1; done
  URL=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$WORK/serve.out" | head -n 1)
  [ -n "$URL" ] || { cat "$WORK/serve.out"; exit 1; }
}

stop_server() {
  kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true; SERVER_PID=""
}

phase() {  # phase LABEL SCRIPT CONNECTIONS [QUERY]; HIKESHI_PACE_MS passes through
  local label=$1 script=$2 connections=$3 before after line
  export HIKESHI_LIST_QUERY=${4:-limit=50}
  before=$(cpu_ticks "$SERVER_PID")
  line=$(timeout $((DURATION + 30)) wrk -t2 -c"$connections" -d"${DURATION}s" --timeout 10s \
    -s "bench/wrk/$script" "$URL" | grep '^RESULT')
  after=$(cpu_ticks "$SERVER_PID")
  awk -v label="$label" -v c="$connections" -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
    { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } }
    END { rate = v["requests"] / (v["duration_us"] / 1e6);
          printf "%-34s c=%-3d %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d  server CPU %.3f ms/req\n",
                 label, c, rate, v["p50_us"] / 1000, v["p99_us"] / 1000, v["errors"],
                 ticks / hz * 1000 / v["requests"] }' <<<"$line" | tee -a "$RESULTS"
}

echo "Hikeshi $("$HIKESHI" --version 2>/dev/null | head -n 1), $(nproc) cores, $(date -u +%FT%TZ)" | tee "$RESULTS"
start_server normal
phase "create (synchronous=normal)" create.lua "$CONNECTIONS"
phase "create, 4 clients" create.lua 4
# Latency at the target rate: 64 connections pacing themselves to ~5,000 requests/s offered.
HIKESHI_PACE_MS=$(awk -v c="$CONNECTIONS" 'BEGIN { printf "%d", c / 5000 * 1000 }') \
  phase "create at ~5,000/s offered" create_paced.lua "$CONNECTIONS"
rows=$(sqlite3 "$WORK/bench-normal.db" 'SELECT count(*) FROM incidents')
echo "incidents in database: $rows" | tee -a "$RESULTS"
phase "list newest 50" list.lua "$CONNECTIONS" "limit=50"
phase "list filtered (state+category)" list.lua "$CONNECTIONS" "state=new&category=scan&limit=50"
phase "search 'ransomware' (FTS5)" list.lua "$CONNECTIONS" "q=ransomware&limit=50"
phase "search Japanese 'ランサム' (FTS5)" list.lua "$CONNECTIONS" "q=%E3%83%A9%E3%83%B3%E3%82%B5%E3%83%A0&limit=50"
stop_server
"$HIKESHI" verify --db "$WORK/bench-normal.db" | tee -a "$RESULTS"

start_server full
phase "create (synchronous=full)" create.lua "$CONNECTIONS"
stop_server

if [ "$WITH_RT" = 1 ]; then
  echo "--- Request Tracker 5 (../shared/peers/rt/run.sh), same machine, same run" | tee -a "$RESULTS"
  N_CREATE=${RT_N_CREATE:-100} N_TOTAL=${RT_N_TOTAL:-400} N_SEARCH=${RT_N_SEARCH:-10} \
    N_MAIL=${RT_N_MAIL:-10} PHASE_LIMIT=${RT_PHASE_LIMIT:-300} \
    bash "$ROOT/../shared/peers/rt/run.sh" >"$WORK/rt.log" 2>&1 || { tail -20 "$WORK/rt.log"; exit 1; }
  grep -E '^(A[1-4]|B) ' /tmp/rtpeer/results.txt | tee -a "$RESULTS"
  rate() { grep -E "^$1 " /tmp/rtpeer/results.txt | head -n 1 | grep -oE 'rate=[0-9.]+' | cut -d= -f2; }
  ours() { grep -F "$1" "$RESULTS" | head -n 1 | awk '{for (i = 1; i <= NF; i++) if ($i == "req/s") print $(i - 1)}'; }
  rt_basic=$(rate A2); rt_session=$(rate A4); h4=$(ours "create, 4 clients"); h64=$(ours "create (synchronous=normal)")
  awk -v h4="$h4" -v h64="$h64" -v b="$rt_basic" -v s="$rt_session" 'BEGIN {
    printf "ratio create, 4 clients: Hikeshi %.0f/s vs RT %.2f/s (basic auth) = %.0fx; vs RT %.2f/s (session) = %.0fx\n", h4, b, h4 / b, s, h4 / s;
    printf "ratio create, Hikeshi at %s vs RT best: %.0fx\n", "64 connections", h64 / (s > b ? s : b) }' | tee -a "$RESULTS"
fi
echo
echo "==== results"
cat "$RESULTS"

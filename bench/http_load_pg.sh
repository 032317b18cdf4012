#!/usr/bin/env bash
# HTTP load benchmark of `hikeshi serve` on PostgreSQL, with one and with two server processes on
# the same database (doc/performance.md, "PostgreSQL"). Starts a throw-away cluster
# (scripts/pg-test-cluster.sh) unless PG_URL names a database. Loopback only; every phase is
# bounded in time. With two servers, one wrk per server runs at the same time with half the
# connections each; rates are summed, latencies are the worse of the two, CPU is both servers'.
#
# Environment: DURATION (seconds per phase, default 10), CONNECTIONS (default 64),
# BUILD (default build/release), PG_URL, SERVERS ("1 2" by default), POOL (pool size, default 8).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
BUILD=${BUILD:-build/release}
SERVERS=${SERVERS:-"1 2"}
POOL=${POOL:-8}
[ -x "$BUILD/hikeshi" ] || { cmake --preset release >/dev/null && cmake --build --preset release --target hikeshi; }
HIKESHI="$ROOT/$BUILD/hikeshi"
WORK=$(mktemp -d)
PIDS=()
OWN_CLUSTER=0
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ "$OWN_CLUSTER" = 1 ] && scripts/pg-test-cluster.sh stop >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT
if [ -z "${PG_URL:-}" ]; then
  # Outside $WORK: the cluster belongs to the postgres user, who cannot enter root's mktemp dir.
  HIKESHI_PG_CLUSTER=$(mktemp -d /tmp/hikeshi-bench-pg.XXXXXX)
  export HIKESHI_PG_CLUSTER
  OWN_CLUSTER=1
  PG_URL=$(scripts/pg-test-cluster.sh start)
  # The test cluster runs without durability; a benchmark should not.
  psql -q "$PG_URL" -c "ALTER SYSTEM SET fsync = on" -c "ALTER SYSTEM SET synchronous_commit = on" \
    -c "ALTER SYSTEM SET full_page_writes = on" -c "SELECT pg_reload_conf()" >/dev/null
fi
export HIKESHI_BENCH_DIR="$ROOT/bench"
RESULTS="$WORK/results.txt"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
postgres_ticks() {  # CPU of every postgres process (server and backends)
  local total=0 t
  for pid in $(pgrep -x postgres); do t=$(cpu_ticks "$pid" 2>/dev/null || echo 0); total=$((total + t)); done
  echo "$total"
}

fresh_database() {  # a schema per server count, so each round starts empty
  psql -q "$PG_URL" -c "DROP SCHEMA IF EXISTS bench$1 CASCADE; CREATE SCHEMA bench$1" >/dev/null
  local sep='?'
  [[ "$PG_URL" == *\?* ]] && sep='&'
  DB="${PG_URL}${sep}options=-c%20search_path%3Dbench$1%2Cpublic"
  printf '[store]\ndb = "%s"\npostgres_pool_size = %d\n' "$DB" "$POOL" >"$WORK/hikeshi.toml"
  echo 'bench password 123' | "$HIKESHI" user add bench --role responder --config "$WORK/hikeshi.toml" >/dev/null
  export HIKESHI_TOKEN
  HIKESHI_TOKEN=$("$HIKESHI" token create bench --config "$WORK/hikeshi.toml" 2>/dev/null | tail -n 1)
}

start_servers() {  # start_servers N
  URLS=()
  SERVER_PIDS=()
  for i in $(seq 1 "$1"); do
    "$HIKESHI" serve --config "$WORK/hikeshi.toml" --listen 127.0.0.1:0 >"$WORK/serve$i.out" 2>&1 &
    PIDS+=($!)
    SERVER_PIDS+=($!)
    for _ in $(seq 1 100); do grep -q "listening on" "$WORK/serve$i.out" && break; sleep 0.1; done
    URLS+=("$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$WORK/serve$i.out" | head -n 1)")
  done
}

stop_servers() {
  for pid in "${SERVER_PIDS[@]}"; do kill -TERM "$pid"; wait "$pid" || true; done
}

phase() {  # phase LABEL SCRIPT CONNECTIONS [QUERY]
  local label=$1 script=$2 connections=$3 n=${#URLS[@]} before after pg_before pg_after
  export HIKESHI_LIST_QUERY=${4:-limit=50}
  before=0
  for pid in "${SERVER_PIDS[@]}"; do before=$((before + $(cpu_ticks "$pid"))); done
  pg_before=$(postgres_ticks)
  local i=0 loaders=()
  for url in "${URLS[@]}"; do
    i=$((i + 1))
    timeout $((DURATION + 30)) wrk -t1 -c"$((connections / n))" -d"${DURATION}s" --timeout 10s \
      -s "bench/wrk/$script" "$url" | grep '^RESULT' >"$WORK/wrk$i" &
    loaders+=($!)
  done
  wait "${loaders[@]}" || true
  after=0
  for pid in "${SERVER_PIDS[@]}"; do after=$((after + $(cpu_ticks "$pid"))); done
  pg_after=$(postgres_ticks)
  cat "$WORK"/wrk[0-9]* | awk -v label="$label" -v c="$connections" -v n="$n" \
    -v ticks=$((after - before)) -v pg=$((pg_after - pg_before)) -v hz="$(getconf CLK_TCK)" '
    { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      rate += v["requests"] / (v["duration_us"] / 1e6); requests += v["requests"]; errors += v["errors"]
      if (v["p50_us"] > p50) p50 = v["p50_us"]; if (v["p99_us"] > p99) p99 = v["p99_us"] }
    END { printf "%-34s servers=%d c=%-3d %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d  CPU/req hikeshi %.3f ms, postgres %.3f ms\n",
                 label, n, c, rate, p50 / 1000, p99 / 1000, errors,
                 ticks / hz * 1000 / requests, pg / hz * 1000 / requests }' | tee -a "$RESULTS"
  rm -f "$WORK"/wrk[0-9]*
}

echo "Hikeshi $("$HIKESHI" --version 2>/dev/null | head -n 1) on PostgreSQL $(psql -tA "$PG_URL" -c 'SHOW server_version'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)" | tee "$RESULTS"
for n in $SERVERS; do
  fresh_database "$n"
  start_servers "$n"
  phase "create" create.lua "$CONNECTIONS"
  phase "create, 4 clients" create.lua 4
  phase "notes on 4 hot incidents" note.lua "$CONNECTIONS"
  rows=$(psql -tA "$DB" -c 'SELECT count(*) FROM incidents')
  echo "incidents in database: $rows" | tee -a "$RESULTS"
  phase "list newest 50" list.lua "$CONNECTIONS" "limit=50"
  phase "list filtered (state+category)" list.lua "$CONNECTIONS" "state=new&category=scan&limit=50"
  phase "search 'ransomware' (pg_trgm)" list.lua "$CONNECTIONS" "q=ransomware&limit=50"
  phase "search Japanese 'ランサム' (pg_trgm)" list.lua "$CONNECTIONS" "q=%E3%83%A9%E3%83%B3%E3%82%B5%E3%83%A0&limit=50"
  stop_servers
  "$HIKESHI" verify --db "$DB" | tee -a "$RESULTS"
done
echo
echo "==== results"
cat "$RESULTS"

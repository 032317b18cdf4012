#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for the tests, on 127.0.0.1 and a free port.
#
#   export HIKESHI_PG_CLUSTER=$(mktemp -d)   # optional: start makes one and says so otherwise
#   scripts/pg-test-cluster.sh start          # initdb + start + createdb; prints the URL
#   scripts/pg-test-cluster.sh url            # prints the URL again
#   scripts/pg-test-cluster.sh stop           # stops the server and removes the directory
#
# Debian's initdb refuses to run as root, so when we are root the cluster belongs to the
# `postgres` system user and every server command runs as it (runuser). Durability is off
# (fsync, synchronous_commit): the data is thrown away after the run.
set -euo pipefail
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DB_NAME=hikeshi_test
DB_USER=hikeshi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

cluster_dir() {
  if [ -z "${HIKESHI_PG_CLUSTER:-}" ]; then
    echo "pg-test-cluster: set HIKESHI_PG_CLUSTER to the cluster directory" >&2
    exit 2
  fi
  echo "$HIKESHI_PG_CLUSTER"
}

start() {
  if [ -z "${HIKESHI_PG_CLUSTER:-}" ]; then
    HIKESHI_PG_CLUSTER=$(mktemp -d /tmp/hikeshi-pg.XXXXXX)
    echo "pg-test-cluster: HIKESHI_PG_CLUSTER=$HIKESHI_PG_CLUSTER" >&2
  fi
  local dir=$HIKESHI_PG_CLUSTER
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
  chmod 700 "$dir"
  as_owner "$BIN/initdb" -D "$dir/data" -U "$DB_USER" -A trust -E UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  local port started=0
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
      "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off \
       -c full_page_writes=off -c max_connections=300 -c shared_buffers=32MB" >/dev/null; then
      started=1
      break
    fi
  done
  if [ "$started" -ne 1 ]; then
    cat "$dir/server.log" >&2
    exit 1
  fi
  "$BIN/createdb" -h 127.0.0.1 -p "$port" -U "$DB_USER" "$DB_NAME"
  # pg_trgm once here, so tests that run in parallel do not race to create it.
  "$BIN/psql" -q -h 127.0.0.1 -p "$port" -U "$DB_USER" -d "$DB_NAME" \
    -c "CREATE EXTENSION IF NOT EXISTS pg_trgm" >/dev/null
  echo "postgresql://$DB_USER@127.0.0.1:$port/$DB_NAME" >"$dir/url"
  cat "$dir/url"
}

stop() {
  local dir
  dir=$(cluster_dir)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) cat "$(cluster_dir)/url" ;;
  *)
    echo "usage: $0 start|stop|url   (cluster directory in \$HIKESHI_PG_CLUSTER)" >&2
    exit 2
    ;;
esac

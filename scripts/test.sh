#!/usr/bin/env bash
# Every test: install dependencies, build with AddressSanitizer + UndefinedBehaviorSanitizer,
# build the web UI, run the GoogleTest suites, the end-to-end API and browser tests against a
# real `hikeshi serve`, the format
# check, and each libFuzzer target for a short time. Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
FUZZ_SECONDS=${FUZZ_SECONDS:-30}

bash scripts/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }

passed=0
failed=0
step() {  # step NAME COMMAND...: runs a step that is not a ctest test, counting it
  local name=$1
  shift
  echo "=== $name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name"; fi
}

# The web UI (npm ci + vite build into web/dist); the browser test in ctest serves it.
step "web UI build" bash scripts/build-web.sh
# A throw-away PostgreSQL cluster for the PostgreSQL store and API tests, stopped on any exit.
# The tests skip PostgreSQL only when HIKESHI_TEST_PG_URL is unset, so a failed start fails.
HIKESHI_PG_CLUSTER=$(mktemp -d /tmp/hikeshi-pg.XXXXXX)
export HIKESHI_PG_CLUSTER
trap 'scripts/pg-test-cluster.sh stop >/dev/null 2>&1 || true' EXIT
echo "=== PostgreSQL test cluster"
if HIKESHI_TEST_PG_URL=$(scripts/pg-test-cluster.sh start); then
  export HIKESHI_TEST_PG_URL
  echo "HIKESHI_TEST_PG_URL=$HIKESHI_TEST_PG_URL"
else
  echo "FAILED: PostgreSQL test cluster"
  failed=$((failed + 1))
fi

if cmake --preset debug && cmake --build --preset debug; then
  ctest --preset debug -j2 --timeout 600 2>&1 | tee build/debug/ctest.log
  summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' build/debug/ctest.log)
  if [ -n "$summary" ]; then
    total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$summary")
    bad=$(sed -E 's/.*passed, ([0-9]+) tests failed.*/\1/' <<<"$summary")
    passed=$((passed + total - bad))
    failed=$((failed + bad))
  else
    echo "FAILED: ctest printed no summary"
    failed=$((failed + 1))
  fi
else
  echo "FAILED: debug build"
  failed=$((failed + 1))
fi

fuzz_run() {
  local target=$1 corpus=$2 scratch
  scratch=$(mktemp -d)
  "build/fuzz/fuzz/$target" -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=2048 \
    -artifact_prefix="$scratch/" "$scratch" "$corpus" >"$scratch.log" 2>&1
  local rc=$?
  tail -n 3 "$scratch.log"
  if [ "$rc" != 0 ]; then  # what the target said and the input, so a finding can be reproduced
    grep -E 'ERROR|differ|runtime error|SUMMARY' "$scratch.log" | head -n 20
    for crash in "$scratch"/crash-* "$scratch"/leak-* "$scratch"/timeout-* "$scratch"/oom-*; do
      [ -f "$crash" ] && { echo "input ($crash), base64:"; head -c 4096 "$crash" | base64; }
    done
  fi
  rm -rf "$scratch" "$scratch.log"
  return "$rc"
}
if cmake --preset fuzz >/dev/null && cmake --build --preset fuzz; then
  for corpus in fuzz/corpus/*/; do
    target=$(basename "$corpus")_fuzz
    step "fuzz $target (${FUZZ_SECONDS}s)" fuzz_run "$target" "$corpus"
  done
else
  echo "FAILED: fuzz build"
  failed=$((failed + 1))
fi

echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# Mail intake benchmark, side by side in one run: Hikeshi's parse + extraction of a generated
# corpus of realistic 2–20 KB abuse mails on one core, Python's email package parsing the same
# files, the end-to-end import into SQLite (`hikeshi ingest mail DIR`), and optionally Request
# Tracker 5's mail gateway (rt-mailgate, ../shared/peers/rt). Loopback only; every phase is
# bounded in count and time.
#
#   bench/intake_bench.sh            Hikeshi and Python
#   bench/intake_bench.sh --with-rt  and RT 5's mail gateway, with the ratio
#
# Environment: MAILS (corpus size, default 5000), SECONDS_PER_PHASE (default 5),
# BUILD (default build/release; built when missing), RT_N_MAIL (default 30).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MAILS=${MAILS:-5000}
SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-5}
BUILD=${BUILD:-build/release}
WITH_RT=0
[ "${1:-}" = --with-rt ] && WITH_RT=1

if [ ! -x "$BUILD/hikeshi" ] || [ ! -x "$BUILD/bench/intake_corpus" ]; then
  cmake --preset release >/dev/null && cmake --build --preset release
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
RESULTS="$WORK/results.txt"
value() { grep -oE "$1=[0-9.]+" | head -n 1 | cut -d= -f2; }

echo "intake benchmark, $(nproc) cores, $(date -u +%FT%TZ)" | tee "$RESULTS"
"$BUILD/bench/intake_corpus" write "$WORK/corpus" "$MAILS" | tee -a "$RESULTS"

hikeshi_line=$("$BUILD/bench/intake_corpus" parse "$WORK/corpus" "$SECONDS_PER_PHASE")
echo "$hikeshi_line" | tee -a "$RESULTS"
python_line=$(timeout $((SECONDS_PER_PHASE * 4 + 60)) python3 bench/python_email_parse.py \
  "$WORK/corpus" "$SECONDS_PER_PHASE")
echo "$python_line" | tee -a "$RESULTS"

import_line=$(timeout 600 "$BUILD/hikeshi" ingest mail "$WORK/corpus" --db "$WORK/import.db" \
  --no-coordinate)
echo "import: $import_line" | tee -a "$RESULTS"
import_rate=$(grep -oE '\(([0-9]+)/s\)' <<<"$import_line" | tr -dc '0-9')

h=$(value rate <<<"$hikeshi_line")
p=$(value rate <<<"$python_line")
awk -v h="$h" -v p="$p" -v i="$import_rate" 'BEGIN {
  printf "ratio parse+extract (one core) vs Python email parse only: %.0f/s vs %.0f/s = %.1fx\n", h, p, h / p;
  printf "end-to-end import into SQLite: %d reports/s\n", i }' | tee -a "$RESULTS"

if [ "$WITH_RT" = 1 ]; then
  echo "--- Request Tracker 5 mail gateway (../shared/peers/rt/run.sh), same run" | tee -a "$RESULTS"
  N_CREATE=${RT_N_CREATE:-10} N_TOTAL=${RT_N_TOTAL:-20} N_SEARCH=${RT_N_SEARCH:-2} \
    N_MAIL=${RT_N_MAIL:-30} PHASE_LIMIT=${RT_PHASE_LIMIT:-300} \
    bash "$ROOT/../shared/peers/rt/run.sh" >"$WORK/rt.log" 2>&1 || { tail -20 "$WORK/rt.log"; exit 1; }
  grep -E '^C[12] ' /tmp/rtpeer/results.txt | tee -a "$RESULTS"
  rt_seq=$(grep -E '^C1 ' /tmp/rtpeer/results.txt | value rate)
  rt_par=$(grep -E '^C2 ' /tmp/rtpeer/results.txt | value rate)
  awk -v i="$import_rate" -v s="$rt_seq" -v q="$rt_par" 'BEGIN {
    best = s > q ? s : q;
    printf "ratio mail into the record: Hikeshi %d/s vs rt-mailgate %.2f/s (best of sequential and 4 clients) = %.0fx\n", i, best, i / best }' |
    tee -a "$RESULTS"
fi
echo
echo "==== results"
cat "$RESULTS"

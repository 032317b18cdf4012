#!/usr/bin/env bash
# Log triage benchmark, side by side in one run (doc/performance.md, "Log triage"):
#   - `hikeshi triage` (release build, --threads 2) with SigmaHQ's linux and web rules plus the
#     built-ins, over a generated corpus of real log lines (bench/triage_corpus.cc: loghub,
#     fail2ban's test logs and a web-attack access log, re-stamped, addresses varied, fixed seed);
#   - ripgrep searching the same files for the rules' literal keywords (bench/triage_keywords.cc;
#     fixed strings, case-insensitive as Sigma is, matching lines written to a file);
#   - fail2ban-regex with Debian's stock sshd filter on a slice of the sshd log (it is about a
#     thousand times slower; its rate is scaled per byte, and the output says so);
#   - peak memory (/usr/bin/time -v) of Hikeshi on a quarter of the corpus and on all of it, to
#     show it stays flat as the input grows.
# The corpus lives in a temporary directory, removed at the end.
#
#   bench/triage_bench.sh [SIZE_BYTES]     default 2 GiB (2147483648)
#
# Environment: BUILD (default build/release; built when missing), SEED (corpus seed),
# F2B_SLICE (bytes of the sshd log fail2ban-regex reads, default 8 MiB), THREADS (default 2),
# TMPDIR (where the corpus goes; needs SIZE × 1.3 free).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SIZE=${1:-2147483648}
BUILD=${BUILD:-build/release}
SEED=${SEED:-20261125}
F2B_SLICE=${F2B_SLICE:-8388608}
THREADS=${THREADS:-2}
SHARED=${HIKESHI_SHARED:-$ROOT/../shared}
RULES="$SHARED/data/sigma/rules"

if [ ! -x "$BUILD/hikeshi" ] || [ ! -x "$BUILD/bench/triage_corpus" ] ||
  [ ! -x "$BUILD/bench/triage_keywords" ]; then
  cmake --preset release >/dev/null
  cmake --build "$BUILD" --target hikeshi triage_corpus triage_keywords
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
RESULTS="$WORK/results.txt"
say() { echo "$*" | tee -a "$RESULTS"; }

say "triage benchmark, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
mkdir -p "$WORK/full" "$WORK/quarter" "$WORK/rules"
cp -r "$RULES/linux" "$RULES/web" "$WORK/rules/"  # one --rules directory: linux and web
HIKESHI_SHARED=$SHARED "$BUILD/bench/triage_corpus" "$WORK/full" "$SIZE" "$SEED" | tee -a "$RESULTS"
HIKESHI_SHARED=$SHARED "$BUILD/bench/triage_corpus" "$WORK/quarter" $((SIZE / 4)) "$SEED" >/dev/null
bytes=$(cat "$WORK/full/auth.log" "$WORK/full/access.log" | wc -c)
quarter_bytes=$(cat "$WORK/quarter/auth.log" "$WORK/quarter/access.log" | wc -c)
say "corpus lines: $(cat "$WORK/full/auth.log" "$WORK/full/access.log" | wc -l)"

# Warm the page cache so every tool reads from memory (the corpus is read once first).
cat "$WORK/full/auth.log" "$WORK/full/access.log" >/dev/null

# Runs "$@" under /usr/bin/time; sets elapsed (s), cpu (user+sys s) and rss (KiB).
measure() {
  local log="$WORK/time.txt"
  /usr/bin/time -v -o "$log" "$@"
  elapsed=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0;
    for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$log")
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$log")
  rss=$(awk -F': ' '/Maximum resident/ { print $2 }' "$log")
}

triage() {
  local dir=$1 out=$2
  set +e
  "$BUILD/hikeshi" triage "$dir" --rules "$WORK/rules" \
    --threads "$THREADS" --out "$out" 2>"$out.summary"
  local code=$?
  set -e
  [ "$code" -le 1 ] || { cat "$out.summary"; exit 1; }
}
export -f triage
export BUILD WORK THREADS

measure bash -c 'triage "$0" "$1"' "$WORK/quarter" "$WORK/quarter.jsonl"
q_elapsed=$elapsed q_rss=$rss
measure bash -c 'triage "$0" "$1"' "$WORK/full" "$WORK/full.jsonl"
h_elapsed=$elapsed h_cpu=$cpu h_rss=$rss
grep -E '^(hikeshi triage|rules):' "$WORK/full.jsonl.summary" | tee -a "$RESULTS"
say "hikeshi triage: $bytes bytes in ${h_elapsed}s (cpu ${h_cpu}s), $(wc -l <"$WORK/full.jsonl") findings, peak RSS ${h_rss} KiB"
say "hikeshi triage, quarter corpus: $quarter_bytes bytes in ${q_elapsed}s, peak RSS ${q_rss} KiB"

"$BUILD/bench/triage_keywords" "$RULES/linux" "$RULES/web" >"$WORK/keywords.txt"
measure bash -c 'rg -F -i -j "$0" -f "$1" "$2" >"$3" || [ $? -eq 1 ]' "$THREADS" \
  "$WORK/keywords.txt" "$WORK/full" "$WORK/rg.out"
r_elapsed=$elapsed r_cpu=$cpu r_rss=$rss
say "ripgrep ($(rg --version | sed -n 1p)): $(wc -l <"$WORK/keywords.txt") keywords, $(wc -l <"$WORK/rg.out") matching lines in ${r_elapsed}s (cpu ${r_cpu}s), peak RSS ${r_rss} KiB"

head -c "$F2B_SLICE" "$WORK/full/auth.log" >"$WORK/slice.log"
measure timeout 1800 fail2ban-regex "$WORK/slice.log" /etc/fail2ban/filter.d/sshd.conf \
  >"$WORK/f2b.out" 2>&1
f_elapsed=$elapsed f_cpu=$cpu
say "fail2ban-regex ($(fail2ban-regex --version 2>&1 | head -n 1)), stock sshd filter: $F2B_SLICE bytes of auth.log in ${f_elapsed}s (cpu ${f_cpu}s); $(grep -E '^Lines:' "$WORK/f2b.out")"

awk -v b="$bytes" -v h="$h_elapsed" -v hc="$h_cpu" -v r="$r_elapsed" -v rc="$r_cpu" \
  -v fb="$F2B_SLICE" -v f="$f_elapsed" -v fc="$f_cpu" -v hr="$h_rss" -v qr="$q_rss" 'BEGIN {
  printf "hikeshi: %.3f GB/s wall, %.0f MB per CPU-second\n", b / h / 1e9, b / hc / 1e6;
  printf "ratio hikeshi vs fail2ban-regex per byte (slice scaled): %.0fx wall, %.0fx CPU (fail2ban %.2f MB/s)\n", (b / h) / (fb / f), (b / hc) / (fb / fc), fb / f / 1e6;
  printf "ratio hikeshi time / ripgrep time: %.2f wall, %.2f CPU (ripgrep %.3f GB/s wall)\n", h / r, hc / rc, b / r / 1e9;
  printf "peak RSS: %.0f MiB on the quarter corpus, %.0f MiB on the full corpus\n", qr / 1024, hr / 1024 }' |
  tee -a "$RESULTS"
echo "--- results"
cat "$RESULTS"

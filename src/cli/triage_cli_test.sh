#!/usr/bin/env bash
# End-to-end test of `hikeshi triage`: exit codes, timeline formats, the summary on stderr.
# Usage: triage_cli_test.sh PATH/TO/hikeshi   (HIKESHI_SHARED points at ../shared)
set -uo pipefail
HIKESHI=$1
SHARED=${HIKESHI_SHARED:-$(dirname "$0")/../../../shared}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
failures=0
pass() { echo "ok: $1"; }
fail() { echo "FAIL: $1"; failures=$((failures + 1)); }
expect() {  # expect CODE DESCRIPTION COMMAND...
  local want=$1 what=$2
  shift 2
  "$@" >"$WORK/out" 2>"$WORK/err"
  local got=$?
  if [ "$got" = "$want" ]; then pass "$what"; else
    fail "$what: exit $got, wanted $want"; head -c 2000 "$WORK/out" "$WORK/err"; fi
}
contains() {  # contains DESCRIPTION FILE TEXT
  if grep -qF -- "$3" "$2"; then pass "$1"; else fail "$1: no '$3' in $2"; head -c 2000 "$2"; fi
}

WEB="$SHARED/data/evtx/attack-samples/Command and Control/web_attack_and_isp_webshell_localhost_access_log.txt"
SSH="$SHARED/data/logs/loghub/OpenSSH_2k.log"
[ -f "$WEB" ] && [ -f "$SSH" ] || { echo "FAIL: shared data missing under $SHARED"; exit 1; }

expect 1 "web attack log: findings, exit 1" "$HIKESHI" triage "$WEB"
contains "jsonl has Timesketch keys" "$WORK/out" '"timestamp_desc":"Event Recorded"'
contains "jsonl names the rule" "$WORK/out" '"rule_title":"Known web shell name requested"'
contains "summary on stderr" "$WORK/err" "Web scanner probe path"
lines=$(wc -l <"$WORK/out")
bad=$(grep -vc '^{"message":' "$WORK/out")
[ "$lines" -gt 0 ] && [ "$bad" = 0 ] && pass "one JSON object per line ($lines)" ||
  fail "jsonl lines: $lines, $bad not objects"
if command -v python3 >/dev/null; then
  python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$WORK/out" &&
    pass "every line parses as JSON" || fail "a line is not JSON"
fi

expect 1 "csv to a file" "$HIKESHI" triage "$SSH" --format csv --out "$WORK/t.csv"
head -n 1 "$WORK/t.csv" | grep -q '^datetime,timestamp_desc,message,rule_id' &&
  pass "csv header" || fail "csv header: $(head -n 1 "$WORK/t.csv")"
contains "ssh brute force found" "$WORK/t.csv" "SSH brute force,medium"
contains "summary shows brute-force sources" "$WORK/err" "src_ip=183.62.140.253"
[ ! -s "$WORK/out" ] && pass "nothing on stdout with --out" || fail "stdout not empty with --out"

expect 1 "--max-findings 2 keeps two" "$HIKESHI" triage "$WEB" --max-findings 2
[ "$(wc -l <"$WORK/out")" = 2 ] && pass "two findings on stdout" ||
  fail "--max-findings 2 printed $(wc -l <"$WORK/out") lines"
contains "the rest is named in a warning" "$WORK/err" "beyond the limit were not kept"
expect 1 "--max-findings 0 is no limit" "$HIKESHI" triage "$WEB" --max-findings 0
[ "$(wc -l <"$WORK/out")" = "$lines" ] && pass "all $lines findings with no limit" ||
  fail "--max-findings 0 printed $(wc -l <"$WORK/out") lines, wanted $lines"

expect 1 "html report" "$HIKESHI" triage "$WEB" --format html --out "$WORK/r.html"
contains "html page" "$WORK/r.html" "<!DOCTYPE html>"
contains "html by rule" "$WORK/r.html" "Known web shell name requested"
grep -qiE '<(script|link|img)|href=|url\(' "$WORK/r.html" && fail "html refers outside itself" ||
  pass "html is self-contained"

printf 'Nov 22 10:15:01 host sshd[1]: Connection closed by 192.0.2.1 port 22\n' >"$WORK/clean.log"
expect 0 "clean log: no findings, exit 0" "$HIKESHI" triage "$WORK/clean.log"
contains "says no findings" "$WORK/err" "no findings"
mkdir -p "$WORK/dir/sub" && cp "$WORK/clean.log" "$WORK/dir/sub/a.log"
expect 0 "a directory is recursed" "$HIKESHI" triage "$WORK/dir"
contains "one file read" "$WORK/err" "1 files"

expect 2 "missing path: exit 2" "$HIKESHI" triage "$WORK/nonexistent"
expect 2 "bad --format: exit 2" "$HIKESHI" triage "$WORK/clean.log" --format xml
expect 2 "bad --log-format: exit 2" "$HIKESHI" triage "$WORK/clean.log" --log-format evtx
expect 2 "no path: usage error" "$HIKESHI" triage

mkdir -p "$WORK/rules"
cat >"$WORK/rules/bad.yml" <<'YAML'
title: Windows only
id: 11111111-2222-3333-4444-555555555555
logsource:
    product: windows
    service: security
detection:
    sel:
        EventID: 4625
    condition: sel
YAML
expect 0 "a refused rule is reported, not fatal" "$HIKESHI" triage "$WORK/clean.log" --rules "$WORK/rules"
contains "refused rule named" "$WORK/err" "Windows only"

# --incident: findings on the incident's work log, reports for external sources only.
DB="$WORK/incident.db"
mkdir -p "$WORK/case"
for i in $(seq 10 21); do
  echo "Nov 24 10:15:$i web1 sshd[10$i]: Failed password for root from 45.77.12.34 port 5$i ssh2"
done >"$WORK/case/auth.log"
for i in $(seq 10 21); do
  echo "Nov 24 10:16:$i web1 sshd[20$i]: Failed password for admin from 192.0.2.5 port 6$i ssh2"
done >>"$WORK/case/auth.log"
expect 2 "--incident: an unknown incident is an error" "$HIKESHI" triage "$WORK/case" \
  --incident 7 --db "$DB"
contains "unknown incident named" "$WORK/err" "incident 7 does not exist"
"$HIKESHI" incident create --db "$DB" --title "web1 compromised" --category intrusion >/dev/null
expect 1 "--incident: findings attached, exit 1" "$HIKESHI" triage "$WORK/case" --incident 1 \
  --db "$DB" --as alice
contains "attachment summarised" "$WORK/err" "incident #1: 2 work-log entries, 1 reports filed"
expect 0 "incident show after triage" "$HIKESHI" incident show 1 --db "$DB"
contains "finding entry for the external source" "$WORK/out" "finding    [medium] SSH brute force: src_ip=45.77.12.34"
contains "finding entry for the documentation source" "$WORK/out" "SSH brute force: src_ip=192.0.2.5"
contains "entries by the responder given" "$WORK/out" "alice"
expect 0 "report list after triage" "$HIKESHI" report list --db "$DB"
contains "one report, channel triage, scan" "$WORK/out" "scan"
if grep -q "192.0.2.5" "$WORK/out"; then fail "a documentation address became a report"; else
  pass "no report for a documentation address"; fi
expect 0 "report show" "$HIKESHI" report show 1 --db "$DB"
contains "report via triage" "$WORK/out" "via triage"
contains "address is the observable" "$WORK/out" "ipv4      45.77.12.34"
contains "triaged as new (log lines present)" "$WORK/out" "status    new"
expect 0 "work-log chains still verify" "$HIKESHI" verify --db "$DB"

if [ "$failures" -gt 0 ]; then echo "$failures failures"; exit 1; fi
echo "all triage CLI tests passed"

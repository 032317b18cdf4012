#!/usr/bin/env bash
# Bulk mail and feed imports run coordination, and `hikeshi notify draft` drafts notices by hand
# (doc/coordination.md), on a scratch database with one [[ownership]] row.
# Usage: notify_cli_test.sh PATH/TO/hikeshi
set -uo pipefail
HIKESHI=$1
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
    fail "$what: exit $got, wanted $want"; cat "$WORK/out" "$WORK/err"; fi
}
contains() {  # contains DESCRIPTION TEXT: the last command's stdout+stderr contains TEXT
  if grep -qF -- "$2" "$WORK/out" "$WORK/err"; then pass "$1"; else
    fail "$1: no '$2' in output"; cat "$WORK/out" "$WORK/err"; fi
}

cat >"$WORK/hikeshi.toml" <<EOF
[store]
db = "$WORK/hikeshi.db"
[notify]
from = "csirt@team.example"
[lookup]
index = "$WORK/none.ownership"
[[ownership]]
address = "198.51.100.7"
owner = "Example Hosting KK"
country = "JP"
abuse_mailbox = "abuse@hosting.example"
EOF
export HIKESHI_CONFIG="$WORK/hikeshi.toml"

# Two scan reports from different reporters about one source, imported as a Maildir.
mkdir -p "$WORK/Maildir/new" "$WORK/Maildir/cur" "$WORK/Maildir/tmp"
scan_mail() {  # reporter target
  printf 'From: %s\r\nTo: abuse@team.example\r\nSubject: Port scan from 198.51.100.7\r\n' "$1"
  printf 'Message-ID: <%s@example>\r\nDate: Wed, 25 Nov 2026 01:00:00 +0000\r\n\r\n' "${1%@*}-$2"
  printf 'Port scan from 198.51.100.7 against our host %s:\r\n' "$2"
  printf '2026-11-25T01:00:01+00:00 fw DROP SRC=198.51.100.7 DST=%s DPT=22\r\n' "$2"
  printf '2026-11-25T01:00:02+00:00 fw DROP SRC=198.51.100.7 DST=%s DPT=23\r\n' "$2"
}
scan_mail soc@site-a.example 192.0.2.10 >"$WORK/Maildir/new/1.site-a"
scan_mail soc@site-b.example 203.0.113.20 >"$WORK/Maildir/new/2.site-b"
expect 0 "ingest mail of a Maildir" "$HIKESHI" ingest mail "$WORK/Maildir"
contains "the batch is coordinated" "2 joined incidents"
expect 0 "incident list" "$HIKESHI" incident list
contains "the compromised-source incident is opened" "Source likely compromised: 198.51.100.7"
[ "$(sqlite3 "$WORK/hikeshi.db" "SELECT count(*) FROM reports WHERE incident_id = 1")" = 2 ] &&
  pass "both reports are attached" || fail "reports attached"
[ "$(sqlite3 "$WORK/hikeshi.db" "SELECT recipient FROM notifications WHERE kind = 'abuse'")" = \
  abuse@hosting.example ] && pass "the owner's notice is drafted" || fail "automatic draft"

# A feed row about the same source joins the incident.
printf '"timestamp","ip","port","tag"\n"2026-11-25 01:15:07","198.51.100.7",22,"scan_ssh"\n' \
  >"$WORK/scan.csv"
expect 0 "ingest feed" "$HIKESHI" ingest feed "$WORK/scan.csv" --name shadowserver
contains "the feed batch is coordinated" "1 joined incidents"
[ "$(sqlite3 "$WORK/hikeshi.db" "SELECT count(*) FROM reports WHERE incident_id = 1")" = 3 ] &&
  pass "the feed report joined the incident" || fail "feed report not attached"

# An archive import with --no-coordinate stores and triages only.
mkdir -p "$WORK/Archive/new" "$WORK/Archive/cur" "$WORK/Archive/tmp"
scan_mail soc@site-c.example 192.0.2.30 >"$WORK/Archive/new/3.site-c"
expect 0 "ingest mail --no-coordinate" "$HIKESHI" ingest mail "$WORK/Archive" --no-coordinate
contains "nothing is coordinated" "0 joined incidents"
[ "$(sqlite3 "$WORK/hikeshi.db" "SELECT count(*) FROM reports WHERE incident_id = 1")" = 3 ] &&
  pass "the archived report stays unattached" || fail "--no-coordinate attached a report"

# Notices by hand: to the owner (the open draft is extended, not duplicated), or one recipient.
expect 0 "notify draft" "$HIKESHI" notify draft 1
contains "to the owner, in Japanese" "draft abuse ja to abuse@hosting.example"
contains "addresses without an owner are named" "skipped 192.0.2.10: no owner known"
[ "$(sqlite3 "$WORK/hikeshi.db" "SELECT count(*) FROM notifications WHERE kind = 'abuse'")" = 1 ] &&
  pass "aggregated into the open draft" || fail "a second abuse draft"
expect 0 "notify draft --to" "$HIKESHI" notify draft 1 --to desk@cc.example --lang en
contains "to the chosen recipient" "draft abuse en to desk@cc.example"
expect 0 "incident show" "$HIKESHI" incident show 1
contains "the request is in the work log" "asked for abuse notices"
expect 2 "an unknown language is refused" "$HIKESHI" notify draft 1 --lang de
expect 2 "an unknown incident is an error" "$HIKESHI" notify draft 99
expect 2 "--to and --contact exclude each other" "$HIKESHI" notify draft 1 --to a@b.example --contact 1

echo "notify_cli_test: $failures failure(s)"
[ "$failures" -eq 0 ]

#!/usr/bin/env bash
# End-to-end test of the hikeshi command line against a real SQLite file.
# Usage: cli_test.sh PATH/TO/hikeshi
set -uo pipefail
HIKESHI=$1
WORK=$(mktemp -d)
SERVER_PID=""
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
DB="$WORK/h.db"
failures=0
pass() { echo "ok: $1"; }
fail() { echo "FAIL: $1"; failures=$((failures + 1)); }
# expect CODE DESCRIPTION COMMAND...: runs the command, checks its exit code, keeps its output.
expect() {
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

expect 0 "db migrate creates a database" "$HIKESHI" db migrate --db "$DB"
expect 0 "migrate again is a no-op" "$HIKESHI" db migrate --db "$DB"
expect 0 "user add reads the password from stdin" \
  sh -c "echo 'correct horse battery' | '$HIKESHI' user add alice --role responder --db '$DB'"
expect 2 "duplicate user is refused" \
  sh -c "echo 'correct horse battery' | '$HIKESHI' user add alice --role viewer --db '$DB'"
expect 2 "unknown role is a usage error" \
  sh -c "echo 'correct horse battery' | '$HIKESHI' user add bob --role root --db '$DB'"
expect 2 "short password is refused" \
  sh -c "echo short | '$HIKESHI' user add carol --role viewer --db '$DB'"
expect 0 "token create" "$HIKESHI" token create alice --db "$DB"
token=$(tail -n 1 "$WORK/out")
[[ "$token" =~ ^hks_[A-Za-z0-9_-]{43}$ ]] && pass "token alone on the last line" ||
  fail "token line is '$token'"
expect 2 "token for an unknown user" "$HIKESHI" token create nobody --db "$DB"

expect 0 "incident create" "$HIKESHI" incident create --db "$DB" --as alice \
  --title "Port scan from 203.0.113.5" --category scan --severity high --tlp green
contains "create prints the id" "created incident #1"
expect 0 "incident create in Japanese" "$HIKESHI" incident create --db "$DB" \
  --title "ランサムウェア感染の疑い" --category intrusion
expect 2 "unknown category is refused" "$HIKESHI" incident create --db "$DB" --title x \
  --category malware
expect 2 "missing title is a usage error" "$HIKESHI" incident create --db "$DB"
expect 0 "incident log" "$HIKESHI" incident log 1 "Asked the ISP to filter" --db "$DB" --as alice
expect 0 "transition to triage" "$HIKESHI" incident transition 1 triage --db "$DB"
expect 2 "illegal transition is refused" "$HIKESHI" incident transition 1 closed --db "$DB"
contains "illegal transition is explained" "cannot move an incident from triage to closed"
expect 2 "unknown incident" "$HIKESHI" incident log 99 "x" --db "$DB"
expect 0 "incident show" "$HIKESHI" incident show 1 --db "$DB"
contains "show lists the note" "Asked the ISP to filter"
contains "show names the JPCERT/CC step" "初期対応"
expect 0 "incident list" "$HIKESHI" incident list --db "$DB"
contains "list shows both" "ランサムウェア感染の疑い"
expect 0 "incident search" "$HIKESHI" incident list --db "$DB" -q "ランサム"
if grep -q "Port scan" "$WORK/out"; then fail "search matched the wrong incident"; else
  pass "search finds only the match"; fi

expect 0 "verify a clean database" "$HIKESHI" verify --db "$DB"
contains "verify reports OK" "OK: 2 incidents"
expect 0 "verify --heads" "$HIKESHI" verify --db "$DB" --heads
grep -qE '^head incident #1 entries 3 [0-9a-f]{64}$' "$WORK/out" && pass "verify prints chain heads" ||
  { fail "verify --heads output"; cat "$WORK/out"; }

# Edit a work-log row behind Hikeshi's back (dropping the append-only triggers first).
cp "$DB" "$WORK/tampered.db"
triggers=$(sqlite3 "$WORK/tampered.db" \
  "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='worklog'")
for trigger in $triggers; do sqlite3 "$WORK/tampered.db" "DROP TRIGGER $trigger"; done
sqlite3 "$WORK/tampered.db" "UPDATE worklog SET text='nothing happened' WHERE incident_id=1 AND seq=2"
expect 1 "verify fails on an edited entry" "$HIKESHI" verify --db "$WORK/tampered.db"
contains "verify names the broken entry" "incident #1 entry 2"

cat >"$WORK/hikeshi.toml" <<TOML
[store]
db = "$WORK/from-config.db"
TOML
expect 0 "config file supplies the database" "$HIKESHI" incident create --config \
  "$WORK/hikeshi.toml" --title "from config"
[ -f "$WORK/from-config.db" ] && pass "config db created" || fail "config db not created"
expect 2 "missing config file is an error" "$HIKESHI" verify --config "$WORK/none.toml"
expect 2 "unknown subcommand" "$HIKESHI" frobnicate

# ingest feed: one report per row, bad rows named by line, the same file twice collapses.
cat >"$WORK/scan.csv" <<'CSV'
"timestamp","ip","port","tag","asn","geo"
"2026-11-22 01:15:07","203.0.113.5",22,"scan_ssh",64496,"JP"
"2026-11-22 01:15:08","not-an-ip",23,"scan_telnet",64496,"JP"
"2026-11-22 01:15:09","2001:db8::7",23,"honeypot_brute_force",64497,"JP"
CSV
expect 1 "ingest feed rejects a bad row (exit 1) and keeps the good ones" \
  "$HIKESHI" ingest feed "$WORK/scan.csv" --name shadowserver --db "$WORK/feed.db"
contains "the bad row is named by line" "scan.csv:3: \"not-an-ip\" is not an IP address"
contains "the good rows are stored" "ingested 2 reports (0 duplicates) from 3 rows"
expect 1 "the same feed again" "$HIKESHI" ingest feed "$WORK/scan.csv" --db "$WORK/feed.db" \
  --name shadowserver
contains "collapses into duplicates" "ingested 2 reports (2 duplicates)"
[ "$(sqlite3 "$WORK/feed.db" "SELECT count(*) FROM reports WHERE status = 'new'")" = 2 ] &&
  pass "two reports await triage" || fail "report statuses after two imports"
printf '{"ip":"198.51.100.7","tag":"phishing","time":1795000000}\n' >"$WORK/feed.jsonl"
expect 0 "ingest feed --format jsonl" "$HIKESHI" ingest feed "$WORK/feed.jsonl" --format jsonl \
  --db "$WORK/feed.db"
expect 2 "ingest feed of a missing file" "$HIKESHI" ingest feed "$WORK/none.csv" --db "$WORK/feed.db"
expect 2 "ingest feed with an unknown format" "$HIKESHI" ingest feed "$WORK/scan.csv" --format xml

# ingest mail: the MTA pipe (one message on stdin) and bulk imports (Maildir, mbox).
SHARED=${HIKESHI_SHARED:-$(dirname "$0")/../../../shared}
printf '%s\r\n' "From: Taro <taro@example.jp>" "To: abuse@example.net" "Subject: Port scan" \
  "Message-ID: <pipe-1@example.jp>" "" "Port scan from 203.0.113[.]9 at 2026-11-22T10:15:00+09:00" \
  "Nov 22 10:15:01 fw1 kernel: DROP SRC=203.0.113.9 DPT=22" \
  "Nov 22 10:15:02 fw1 kernel: DROP SRC=203.0.113.9 DPT=23" >"$WORK/pipe.eml"
expect 0 "ingest mail from a pipe" "$HIKESHI" ingest mail --db "$WORK/mail.db" <"$WORK/pipe.eml"
contains "the piped report is parsed and triaged" "report #1 new (scan)"
[ "$(sqlite3 "$WORK/mail.db" "SELECT original FROM observables WHERE value = '203.0.113.9'")" = \
  "203.0.113[.]9" ] && pass "the defanged address is kept as written" || fail "defanged original"
expect 75 "an unavailable database asks the MTA to retry (EX_TEMPFAIL)" \
  "$HIKESHI" ingest mail --db "$WORK/no/such/dir/mail.db" <"$WORK/pipe.eml"
mkdir -p "$WORK/Maildir/new" "$WORK/Maildir/cur" "$WORK/Maildir/tmp"
cp "$SHARED"/data/reports/arf/*.eml "$WORK/Maildir/new/"
arf_count=$(ls "$SHARED"/data/reports/arf/*.eml | wc -l)
expect 0 "ingest mail of a Maildir" "$HIKESHI" ingest mail "$WORK/Maildir" --db "$WORK/mail.db"
contains "every message of the Maildir is stored" "ingested $arf_count messages"
{ for f in "$SHARED"/data/reports/arf/bsd-*.eml; do echo "From MAILER-DAEMON Sun Nov 22 10:00:00 2026"; cat "$f"; echo; done; } >"$WORK/arf.mbox"
expect 0 "ingest mail of an mbox file" "$HIKESHI" ingest mail "$WORK/arf.mbox" --db "$WORK/mbox.db"
contains "every message of the mbox is stored" "ingested $(ls "$SHARED"/data/reports/arf/bsd-*.eml | wc -l) messages"

# report list/show and observable look-ups, defanged and full-width input included.
expect 0 "report list" "$HIKESHI" report list --db "$WORK/mail.db" --status new
contains "lists the piped report" "Port scan"
expect 0 "report show" "$HIKESHI" report show 1 --db "$WORK/mail.db"
contains "shows the observable with its spelling and flags" "203.0.113.9 (written 203.0.113[.]9) [documentation] [defanged]"
expect 0 "observable look-up, typed defanged" "$HIKESHI" observable "203.0.113[.]9" --db "$WORK/mail.db"
contains "finds the report" "203.0.113.9: 1 reports, 0 incidents"
expect 0 "observable look-up, typed full-width" "$HIKESHI" observable "２０３．０．１１３．９" --db "$WORK/mail.db"
expect 1 "observable nobody mentioned" "$HIKESHI" observable 198.51.100.250 --db "$WORK/mail.db"
expect 2 "report list with an unknown status" "$HIKESHI" report list --status bogus --db "$WORK/mail.db"

# serve: bootstraps an admin on an empty database, binds an ephemeral loopback port.
"$HIKESHI" serve --db "$WORK/serve.db" --listen 127.0.0.1:0 >"$WORK/serve.out" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do grep -q "listening on" "$WORK/serve.out" && break; sleep 0.1; done
url=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$WORK/serve.out" | head -n 1)
if [ -n "$url" ] && curl -fsS --max-time 5 "$url/api/v1/health" | grep -q '"ok"'; then
  pass "serve answers /api/v1/health"
else
  fail "serve did not come up"; cat "$WORK/serve.out"
fi
password=$(sed -n 's/^  password: //p' "$WORK/serve.out")
if [ -n "$password" ] && curl -fsS --max-time 10 -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" "$url/api/v1/auth/login" | grep -q admin; then
  pass "the printed admin password logs in"
else
  fail "bootstrap admin login"; cat "$WORK/serve.out"
fi
kill -TERM "$SERVER_PID"
wait "$SERVER_PID" && pass "serve stops cleanly on SIGTERM" || fail "serve exit status on SIGTERM"
SERVER_PID=""

# stats: one quarter as JSON and CSV (the numbers themselves: server/stats_test.cc, tests/api_stats_test.cc).
expect 0 "stats for one quarter" "$HIKESHI" stats --quarter 2026Q3 --db "$DB"
contains "stats names the quarter" '"period": "2026Q3"'
contains "stats periods are in JST" '"start": "2026-06-30T15:00:00.000000Z"'
expect 0 "stats as CSV by month" "$HIKESHI" stats --by month --from 2026-07 --to 2026-09 --format csv --db "$DB"
contains "CSV rows per month" "2026-08,incidents,scan,"
expect 2 "stats refuses a malformed quarter" "$HIKESHI" stats --quarter 2026Q5 --db "$DB"
expect 2 "stats refuses --quarter with --from" "$HIKESHI" stats --quarter 2026Q3 --from 2026Q1 --db "$DB"

echo "cli_test: $failures failure(s)"
[ "$failures" -eq 0 ]

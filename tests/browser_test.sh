#!/usr/bin/env bash
# The web UI in a real browser: builds web/dist (scripts/build-web.sh), starts `hikeshi serve` on
# a free loopback port with a fresh database and three users (admin, responder rita, viewer vic),
# then runs web/tests/browser.test.mjs (playwright-core + Debian's /usr/bin/chromium, headless).
# Screenshots of a failure go to $HIKESHI_SCREENSHOTS (default build/browser-screenshots).
# Usage: browser_test.sh PATH/TO/hikeshi   (HIKESHI_SEED_INCIDENTS: list size, default 10000)
set -uo pipefail
HIKESHI=$1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

[ -x /usr/bin/chromium ] || { echo "FAIL: /usr/bin/chromium missing (scripts/install-deps.sh)"; exit 1; }
bash "$ROOT/scripts/build-web.sh" || { echo "FAIL: the web UI does not build"; exit 1; }

DB="$WORK/h.db"
PASSWORD='correct horse battery staple'
for user in admin:admin rita:responder vic:viewer; do
  echo "$PASSWORD" | "$HIKESHI" user add "${user%%:*}" --role "${user##*:}" --db "$DB" >/dev/null ||
    { echo "FAIL: user add $user"; exit 1; }
done
TOKEN=$("$HIKESHI" token create rita --db "$DB" | tail -n 1)

# The list must paint quickly with many incidents on record. Creating 10 000 through the API
# takes about a minute under the sanitizers, so the fixture is written with SQL instead: rows
# only (no work-log entries; `hikeshi verify` is not part of this test). Bounded by the count.
SEED=${HIKESHI_SEED_INCIDENTS:-10000}
now_us=$(($(date +%s) * 1000000))
sqlite3 "$DB" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $SEED)
  INSERT INTO incidents (title, description, category, severity, tlp, state, reported_at,
    created_at, updated_at, version, log_count, log_head)
  SELECT 'Seeded scan ' || i || ' from 198.51.100.' || (i % 250), 'seeded for the list check',
    CASE i % 3 WHEN 0 THEN 'intrusion' ELSE 'scan' END, 'low', 'TLP:GREEN', 'open',
    $now_us - i * 60000000, $now_us - i * 60000000, $now_us - i * 60000000, 1, 0, ''
  FROM n;" || { echo "FAIL: seeding incidents"; exit 1; }
echo "seeded $SEED incidents"

# Triage findings attached to an incident (work-log entries of action "finding"); the source is
# a documentation address, so no report is filed.
for i in $(seq 10 21); do
  echo "Nov 24 10:16:$i web1 sshd[20$i]: Failed password for admin from 192.0.2.5 port 6$i ssh2"
done >"$WORK/auth.log"
"$HIKESHI" incident create --db "$DB" --title "web1 brute-forced" --category intrusion >/dev/null ||
  { echo "FAIL: incident create"; exit 1; }
FINDINGS_INCIDENT=$(sqlite3 "$DB" "SELECT max(id) FROM incidents")
"$HIKESHI" triage "$WORK/auth.log" --incident "$FINDINGS_INCIDENT" --db "$DB" --as rita >/dev/null 2>&1
[ $? -eq 1 ] || { echo "FAIL: triage --incident found nothing"; exit 1; }

# A one-entry ownership index (next to the database, where `serve` finds it) so the incident
# page's owner lookup has an answer for the public report's URL host.
cat >"$WORK/constituency.json" <<'JSON'
{"constituents": [{"name": "Example Bank Hosting", "netblocks": ["192.0.2.0/26"],
  "domains": ["bank-login.example.net"], "contacts": ["abuse@bank-hosting.example.net"],
  "language": "ja", "country": "JP"}]}
JSON
"$HIKESHI" db import constituency "$WORK/constituency.json" --db "$DB" >/dev/null ||
  { echo "FAIL: ownership import"; exit 1; }

"$HIKESHI" serve --db "$DB" --listen 127.0.0.1:0 --web-root "$ROOT/web/dist" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
BASE=""
for _ in $(seq 1 100); do  # up to 20 s for the server to bind
  BASE=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$WORK/serve.log" | head -n 1)
  [ -n "$BASE" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 0.2
done
[ -n "$BASE" ] || { echo "FAIL: hikeshi serve did not start"; cat "$WORK/serve.log"; exit 1; }
echo "hikeshi serve at $BASE"

HIKESHI_TOKEN=$TOKEN HIKESHI_FINDINGS_INCIDENT=$FINDINGS_INCIDENT SCREENSHOT_DIR=${HIKESHI_SCREENSHOTS:-$ROOT/build/browser-screenshots} \
  timeout 170 node "$ROOT/web/tests/browser.test.mjs" "$BASE"
status=$?
[ "$status" -eq 0 ] || { echo "--- server log (tail)"; tail -n 30 "$WORK/serve.log"; }
exit "$status"

#!/usr/bin/env bash
# `hikeshi db migrate` on PostgreSQL and `hikeshi db copy` from SQLite: everything arrives, every
# chain verifies with the same heads, ids are not reused afterwards, a non-empty destination is
# refused. Usage: db_copy_test.sh PATH/TO/hikeshi
set -uo pipefail
HIKESHI=$1
source "$(dirname "$0")/pg_test_lib.sh"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
SQLITE="$WORK/team.db"
PG=$(fresh_schema "copy_$$")

run() { "$@" >"$WORK/out" 2>&1; }

run "$HIKESHI" db migrate --db "$PG" && pass "db migrate on PostgreSQL" || { fail "db migrate"; cat "$WORK/out"; }
run "$HIKESHI" db migrate --db "$PG" && pass "migrate again is a no-op" || fail "second migrate"
grep -q "schema is up to date" "$WORK/out" && pass "migrate says so" || fail "migrate output"
# The destination must be empty for the copy, so migrate a second schema for it.
PG=$(fresh_schema "copy_dst_$$")

echo 'correct horse battery' | "$HIKESHI" user add alice --role responder --db "$SQLITE" >/dev/null
"$HIKESHI" token create alice --db "$SQLITE" >"$WORK/token"
TOKEN=$(tail -n 1 "$WORK/token")
"$HIKESHI" incident create --db "$SQLITE" --as alice --title "Port scan from 203.0.113.5" \
  --category scan >/dev/null
"$HIKESHI" incident create --db "$SQLITE" --title "ランサムウェア感染の疑い" --category intrusion >/dev/null
"$HIKESHI" incident log 1 "Asked the ISP to filter" --db "$SQLITE" --as alice >/dev/null
"$HIKESHI" incident transition 1 triage --db "$SQLITE" >/dev/null
# Coordination records (schema v4): a contact through the CLI; a correlation link and a claimed,
# approved notification as the ingest pipeline and the outbox leave them (no CLI writes those).
"$HIKESHI" contact add "JPCERT/CC" --email info@jpcert.or.jp --email cc@example.org \
  --kind coordination-centre --language ja --country JP --db "$SQLITE" >/dev/null ||
  fail "contact add on SQLite"
sqlite3 "$SQLITE" <<'SQL' || fail "coordination rows on SQLite"
INSERT INTO incident_links (id, incident_id, rule, key, report_ids, at)
  VALUES (1, 1, 'same-source', '203.0.113.5', '3,1', 1790000000000000);
INSERT INTO notifications (id, kind, state, category, recipient, cc, language, subject, body,
  attachment, items, period, message_id, approved_by, attempts, next_attempt_at, last_error,
  created_at, updated_at, sent_at, version)
  VALUES (7, 'abuse', 'approved', 'scan', 'abuse@isp.example', '', 'ja', '[hikeshi #7] スキャン',
  '本文', '', '["203.0.113.5"]', '2026-11-25T01', 'n7@hikeshi.example', 'alice', 1,
  1790000060000000, 'timed out', 1790000000000000, 1790000000000000, NULL, 3);
INSERT INTO notification_incidents (notification_id, incident_id) VALUES (7, 1), (7, 2);
SQL
"$HIKESHI" verify --db "$SQLITE" --heads | grep '^head' >"$WORK/heads.sqlite"

if run "$HIKESHI" db copy --from "sqlite:$SQLITE" --to "$PG"; then pass "db copy"; else
  fail "db copy"
  cat "$WORK/out"
fi
grep -q "^incidents: 2 rows" "$WORK/out" && pass "copy counts incidents" || { fail "incident count"; cat "$WORK/out"; }
grep -q "^worklog: 4 rows" "$WORK/out" && pass "copy counts entries" || fail "entry count"
grep -q "^verified: 2 work-log chains (4 entries)" "$WORK/out" && pass "copy verifies chains" ||
  fail "copy verification line"
for table in incident_links notifications contacts; do
  grep -q "^$table: 1 rows" "$WORK/out" && pass "copy counts $table" || fail "$table count"
done
grep -q "^notification_incidents: 2 rows" "$WORK/out" && pass "copy counts notification_incidents" ||
  fail "notification_incidents count"
sql_on_pg() { psql -qAt "$PG" -c "$1"; }
[ "$(sql_on_pg "SELECT incident_id, rule, key, report_ids FROM incident_links")" = \
  "1|same-source|203.0.113.5|3,1" ] && pass "link copied" || fail "link row"
[ "$(sql_on_pg "SELECT id, state, subject, attempts, next_attempt_at, version, sent_at IS NULL
  FROM notifications")" = "7|approved|[hikeshi #7] スキャン|1|1790000060000000|3|t" ] &&
  pass "notification copied (claim, attempts and version kept)" || fail "notification row"
[ "$(sql_on_pg "SELECT string_agg(incident_id::text, ',' ORDER BY incident_id)
  FROM notification_incidents WHERE notification_id = 7")" = "1,2" ] &&
  pass "notification incidents copied" || fail "notification_incidents rows"
run "$HIKESHI" contact show 1 --db "$PG"
grep -q "cc@example.org" "$WORK/out" && grep -q "coordination-centre" "$WORK/out" &&
  pass "contact copied" || { fail "contact on the copy"; cat "$WORK/out"; }
run "$HIKESHI" contact add "After the move" --email a@example.org --db "$PG"
[ "$(sql_on_pg "SELECT max(id) FROM contacts")" = 2 ] && pass "new contact ids follow the copied" ||
  { fail "contact id after copy"; cat "$WORK/out"; }
[ "$(sql_on_pg "SELECT nextval(pg_get_serial_sequence('notifications', 'id'))")" = 8 ] &&
  pass "new notification ids follow the copied" || fail "notification sequence"

"$HIKESHI" verify --db "$PG" --heads | grep '^head' >"$WORK/heads.pg"
if diff "$WORK/heads.sqlite" "$WORK/heads.pg"; then pass "hikeshi verify: same heads on both"; else
  fail "heads differ"; fi
run "$HIKESHI" incident list --db "$PG" -q "ランサム"
grep -q "ランサムウェア感染の疑い" "$WORK/out" && ! grep -q "Port scan" "$WORK/out" &&
  pass "Japanese search on the copy" || { fail "search on the copy"; cat "$WORK/out"; }
run "$HIKESHI" incident show 1 --db "$PG"
grep -q "Asked the ISP to filter" "$WORK/out" && pass "work log copied" || fail "work log text"
run "$HIKESHI" incident create --db "$PG" --title "after the move" --category scan
grep -q "created incident #3" "$WORK/out" && pass "new ids follow the copied ones" ||
  { fail "id after copy"; cat "$WORK/out"; }

# The copied API token still works against a server on the PostgreSQL database.
start_server "$PG" "$WORK/serve.out" || fail "serve on the copy"
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
  "$SERVER_URL/api/v1/incidents/2")
[ "$status" = 200 ] && pass "copied token authenticates" || fail "token after copy: $status"
kill -TERM "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null

run "$HIKESHI" db copy --from "sqlite:$SQLITE" --to "$PG"
[ $? = 2 ] && grep -q "already holds records" "$WORK/out" && pass "non-empty destination refused" ||
  { fail "copy into non-empty"; cat "$WORK/out"; }
run "$HIKESHI" db copy --from "$PG" --to "$PG"
[ $? = 2 ] && pass "--from must be SQLite" || fail "--from postgres accepted"

echo "$failures failures"
[ "$failures" -eq 0 ]

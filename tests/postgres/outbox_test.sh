#!/usr/bin/env bash
# Exactly-once delivery among several servers: two `hikeshi serve` processes on one PostgreSQL
# database, both running the outbox against a real OpenSMTPD on loopback (as
# tests/notify_smtp_test.sh), share a batch of approved, due notifications. Every notification
# must arrive exactly once (one Maildir file per Message-ID), be marked sent after one attempt,
# and carry one "sent" work-log entry. The notifications are written with psql as the outbox
# finds them after approval (drafting is covered by notify_smtp_test.sh).
# Usage: outbox_test.sh PATH/TO/hikeshi. Needs root (OpenSMTPD).
set -uo pipefail
HIKESHI=$1
source "$(dirname "$0")/pg_test_lib.sh"
WORK=$(mktemp -d)
chmod 755 "$WORK"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
finish() {
  echo "$failures failures"
  [ "$failures" -eq 0 ]
  exit
}
[ "$(id -u)" = 0 ] || { fail "this test starts OpenSMTPD and must run as root"; finish; }
[ -x /usr/sbin/smtpd ] || { fail "opensmtpd is not installed (scripts/install-deps.sh)"; finish; }

free_port() {
  for _ in $(seq 1 50); do
    local candidate=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then echo "$candidate"; return; fi
  done
}
PORT=$(free_port)
[ -n "$PORT" ] || { fail "no free port"; finish; }
mkdir -p "$WORK/Maildir"
chown nobody:nogroup "$WORK/Maildir"
cat >"$WORK/smtpd.conf" <<EOF
table recipients { "@" = "nobody" }
listen on 127.0.0.1 port $PORT
action "box" maildir "$WORK/Maildir" virtual <recipients>
match from local for any action "box"
EOF
/usr/sbin/smtpd -d -f "$WORK/smtpd.conf" >"$WORK/smtpd.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && pass "OpenSMTPD listens on 127.0.0.1:$PORT" ||
  { fail "OpenSMTPD did not start"; cat "$WORK/smtpd.log"; finish; }

PG=$(fresh_schema "outbox_$$")
cat >"$WORK/hikeshi.toml" <<EOF
[store]
db = "$PG"
[notify]
from = "csirt@team.example"
team = "Test CSIRT"
[smtp]
url = "smtp://127.0.0.1:$PORT"
tls = "none"
[outbox]
interval_seconds = 1
EOF
export HIKESHI_CONFIG="$WORK/hikeshi.toml"
"$HIKESHI" db migrate >/dev/null || { fail "db migrate"; finish; }
"$HIKESHI" incident create --title "Port scan from 198.51.100.7" --category scan >/dev/null ||
  { fail "incident create"; finish; }

COUNT=30
{
  echo "BEGIN;"
  for i in $(seq 1 "$COUNT"); do
    echo "INSERT INTO notifications (id, kind, state, category, recipient, cc, language, subject,
      body, attachment, items, period, message_id, approved_by, attempts, next_attempt_at,
      last_error, created_at, updated_at, sent_at, version) VALUES ($i, 'abuse', 'approved',
      'scan', 'owner$i@hosting.example', '', 'en', '[hikeshi #$i] Port scan', 'Please look.',
      '', '[]', 'p', 'notice-$i@team.example', 'alice', 0, 0, '', 0, 0, NULL, 1);
      INSERT INTO notification_incidents VALUES ($i, 1);"
  done
  echo "SELECT setval(pg_get_serial_sequence('notifications', 'id'), $COUNT); COMMIT;"
} | psql -q "$PG" >/dev/null || { fail "approved notifications"; finish; }

# Two servers, started together: both outboxes find all 30 due at once.
for name in a b; do
  "$HIKESHI" serve --listen 127.0.0.1:0 >"$WORK/serve_$name.out" 2>&1 &
  PIDS+=($!)
done
sent() { psql -qAt "$PG" -c "SELECT count(*) FROM notifications WHERE state = 'sent'"; }
for _ in $(seq 1 300); do  # at most 60 s
  [ "$(sent)" = "$COUNT" ] && break
  sleep 0.2
done
[ "$(sent)" = "$COUNT" ] && pass "all $COUNT notifications sent" ||
  { fail "only $(sent) of $COUNT sent"; tail -n 5 "$WORK"/serve_*.out; }
sleep 2  # a duplicate, if any, would be delivered by now
for name in a b; do
  grep -q "listening on" "$WORK/serve_$name.out" && pass "server $name is up" ||
    { fail "server $name"; cat "$WORK/serve_$name.out"; }
done

files=$(ls "$WORK/Maildir/new" 2>/dev/null | wc -l)
[ "$files" = "$COUNT" ] && pass "$COUNT mails delivered, no more" || fail "$files mails delivered"
dups=$(cat "$WORK"/Maildir/new/* 2>/dev/null | grep -i '^Message-ID:' | sort | uniq -d)
[ -z "$dups" ] && pass "no Message-ID delivered twice" || fail "delivered twice: $dups"
for i in 1 "$COUNT"; do
  [ "$(grep -l "^To: owner$i@hosting.example" "$WORK"/Maildir/new/* 2>/dev/null | wc -l)" = 1 ] &&
    pass "owner$i got one mail" || fail "owner$i mail count"
done
[ "$(psql -qAt "$PG" -c "SELECT count(*) FROM notifications WHERE attempts <> 1 OR version <> 3")" = 0 ] &&
  pass "each sent after one attempt, claimed once (version 1 → claim 2 → sent 3)" ||
  fail "attempts or versions: $(psql -qAt "$PG" -c "SELECT id, attempts, version FROM notifications WHERE attempts <> 1 OR version <> 3")"
[ "$(psql -qAt "$PG" -c "SELECT count(*) FROM worklog WHERE text LIKE 'notice #% sent to %'")" = "$COUNT" ] &&
  pass "one 'sent' work-log entry per notification" || fail "sent work-log entries"
grep -h "conflict\|changed meanwhile" "$WORK"/serve_*.out && fail "a server lost a claim" ||
  pass "no server lost a claim"
finish

#!/usr/bin/env bash
# End to end: a real Dovecot on loopback (STARTTLS with a throw-away certificate) holds an abuse
# mailbox; mail is delivered into it with IMAP APPEND; `hikeshi ingest imap` and `hikeshi serve`
# poll it and must end with stored, triaged reports, each message taken exactly once.
# Usage: imap_test.sh PATH/TO/hikeshi. Needs root (Dovecot drops to the mail user itself).
set -uo pipefail
HIKESHI=$1
SHARED=${HIKESHI_SHARED:-$(dirname "$0")/../../shared}
WORK=$(mktemp -d)
chmod 755 "$WORK"
DOVECOT_PID=""
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
  for pid in ${PG_A:-} ${PG_B:-}; do kill "$pid" 2>/dev/null; done
  [ -n "$DOVECOT_PID" ] && kill "$DOVECOT_PID" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
failures=0
pass() { echo "ok: $1"; }
fail() { echo "FAIL: $1"; failures=$((failures + 1)); }
finish() { echo "imap_test: $failures failure(s)"; [ "$failures" -eq 0 ]; exit; }

[ "$(id -u)" = 0 ] || { fail "this test starts Dovecot and must run as root"; finish; }
command -v dovecot >/dev/null || { fail "dovecot is not installed (scripts/install-deps.sh)"; finish; }

# A free loopback port.
PORT=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then PORT=$candidate; break; fi
done
[ -n "$PORT" ] || { fail "no free port"; finish; }

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/key.pem" -out "$WORK/cert.pem" -days 1 \
  -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
echo "abuse:{PLAIN}imap test password::::::" >"$WORK/passwd"
echo "imap test password" >"$WORK/imap-password"
mkdir -p "$WORK/run" "$WORK/state" "$WORK/home"
chown nobody:nogroup "$WORK/home"
cat >"$WORK/dovecot.conf" <<EOF
base_dir = $WORK/run
state_dir = $WORK/state
log_path = $WORK/dovecot.log
listen = 127.0.0.1
protocols = imap
ssl = yes
ssl_cert = <$WORK/cert.pem
ssl_key = <$WORK/key.pem
disable_plaintext_auth = yes
auth_mechanisms = plain
passdb {
  driver = passwd-file
  args = $WORK/passwd
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$WORK/home/%u
}
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  mailbox Processed {
    auto = create
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $PORT
  }
  inet_listener imaps {
    port = 0
  }
}
EOF
dovecot -F -c "$WORK/dovecot.conf" &
DOVECOT_PID=$!
IMAP="imap://127.0.0.1:$PORT"
CURL=(curl -sS --max-time 20 --ssl-reqd --cacert "$WORK/cert.pem" -u "abuse:imap test password")
for _ in $(seq 1 50); do "${CURL[@]}" "$IMAP/" -X NOOP >/dev/null 2>&1 && break; sleep 0.2; done
"${CURL[@]}" "$IMAP/" -X NOOP >/dev/null || { fail "dovecot did not start"; cat "$WORK/dovecot.log"; finish; }
pass "dovecot serves IMAP with STARTTLS on 127.0.0.1:$PORT"

deliver() {  # deliver FILE: APPEND the message to INBOX, as an MTA's delivery would
  "${CURL[@]}" -T "$1" "$IMAP/INBOX" || fail "APPEND $1"
}
# A Japanese report in ISO-2022-JP with log lines, a plain spam report, and a real ARF report.
jis() { printf '%s' "$1" | iconv -f UTF-8 -t ISO-2022-JP; }
{
  printf '%s\r\n' "From: =?ISO-2022-JP?B?$(jis '山田' | base64 -w0)?= <taro@example.jp>" \
    "To: abuse@example.net" "Subject: =?ISO-2022-JP?B?$(jis 'ポートスキャンのご報告' | base64 -w0)?=" \
    "Message-ID: <scan-1@example.jp>" "Date: Sun, 22 Nov 2026 10:20:00 +0900" "MIME-Version: 1.0" \
    "Content-Type: text/plain; charset=ISO-2022-JP" "Content-Transfer-Encoding: 7bit" ""
  jis 'ポートスキャンを検知しました。送信元は２０３．０．１１３．５です。'
  printf '\r\n%s\r\n' "Nov 22 10:15:01 fw1 kernel: DROP IN=eth0 SRC=203.0.113.5 DST=192.0.2.10 PROTO=TCP DPT=22" \
    "Nov 22 10:15:02 fw1 kernel: DROP IN=eth0 SRC=203.0.113.5 DST=192.0.2.10 PROTO=TCP DPT=23"
} >"$WORK/scan.eml"
printf '%s\r\n' "From: someone@example.org" "To: abuse@example.net" "Subject: spam" \
  "Message-ID: <spam-1@example.org>" "" "I got spam from your customer." >"$WORK/spam.eml"
deliver "$WORK/scan.eml"
deliver "$WORK/spam.eml"
arf=$(ls "$SHARED"/data/reports/arf/*.eml 2>/dev/null | head -n 1)
[ -n "$arf" ] && deliver "$arf" || fail "no ARF sample under $SHARED/data/reports/arf"

cat >"$WORK/hikeshi.toml" <<EOF
[store]
db = "$WORK/h.db"
[imap]
url = "$IMAP/INBOX"
username = "abuse"
password_file = "$WORK/imap-password"
ca_file = "$WORK/cert.pem"
move_to = "Processed"
interval_seconds = 1
EOF
out=$("$HIKESHI" ingest imap --config "$WORK/hikeshi.toml" 2>&1)
rc=$?
echo "$out"
[ "$rc" = 0 ] && pass "ingest imap exits 0" || fail "ingest imap exit $rc"
grep -q "3 new messages, 3 stored, 0 failed" <<<"$out" && pass "three messages stored" ||
  fail "three messages stored"
db() { sqlite3 "$WORK/h.db" "$1"; }
[ "$(db "SELECT count(*) FROM reports WHERE channel = 'imap'")" = 3 ] &&
  pass "three reports from channel imap" || fail "reports in the database"
[ "$(db "SELECT count(*) FROM reports WHERE status = 'received'")" = 0 ] &&
  pass "every report was parsed and triaged" ||
  { fail "reports left unparsed"; db "SELECT id, anomalies FROM reports"; }
[ "$(db "SELECT category FROM reports WHERE message_id = 'scan-1@example.jp'")" = scan ] &&
  pass "the ISO-2022-JP report is a scan" ||
  { fail "category of the Japanese report"; db "SELECT id, subject, category, triage_rule FROM reports"; }
[ "$(db "SELECT status FROM reports WHERE message_id = 'spam-1@example.org'")" = not-an-incident ] &&
  pass "plain spam is not an incident" || fail "spam status"
db "SELECT count(*) FROM observables WHERE value = '203.0.113.5'" | grep -qx 1 &&
  pass "the scanning address is an observable" || fail "observable 203.0.113.5"

"${CURL[@]}" "$IMAP/INBOX" -X 'UID SEARCH ALL' | grep -qE '^\* SEARCH\s*$' &&
  pass "taken messages were moved out of INBOX" || fail "INBOX still holds messages"
"${CURL[@]}" "$IMAP/Processed" -X 'UID SEARCH KEYWORD $HikeshiIngested' |
  grep -qE '^\* SEARCH [0-9]+ [0-9]+ [0-9]+' && pass "and marked \$HikeshiIngested" ||
  fail "keyword on moved messages"

out=$("$HIKESHI" ingest imap --config "$WORK/hikeshi.toml" 2>&1)
grep -q "0 new messages, 0 stored" <<<"$out" && pass "a second poll takes nothing twice" ||
  fail "second poll: $out"

# serve polls on its own.
"$HIKESHI" serve --config "$WORK/hikeshi.toml" --listen 127.0.0.1:0 >"$WORK/serve.out" 2>&1 &
SERVER_PID=$!
printf '%s\r\n' "From: late@example.org" "To: abuse@example.net" "Subject: Port scan" \
  "Message-ID: <late-1@example.org>" "" "scanning from 198.51.100.9" >"$WORK/late.eml"
deliver "$WORK/late.eml"
found=0
for _ in $(seq 1 100); do
  [ "$(db "SELECT count(*) FROM reports WHERE message_id = 'late-1@example.org'")" = 1 ] &&
    { found=1; break; }
  sleep 0.2
done
[ "$found" = 1 ] && pass "serve polls the mailbox and stores new mail" ||
  { fail "serve did not take the new message"; cat "$WORK/serve.out"; }
kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""

# Two servers on one PostgreSQL database with the same mailbox: only the lease holder polls;
# when it stops, it releases the lease and the other takes over.
if [ -n "${HIKESHI_TEST_PG_URL:-}" ]; then
  schema="imap_$$"
  psql -q "$HIKESHI_TEST_PG_URL" -c "SET client_min_messages = warning;
    DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" >/dev/null
  sep='?'
  [[ "$HIKESHI_TEST_PG_URL" == *\?* ]] && sep='&'
  PG="${HIKESHI_TEST_PG_URL}${sep}options=-c%20search_path%3D$schema%2Cpublic"
  sed "s|^db = .*|db = \"$PG\"|" "$WORK/hikeshi.toml" >"$WORK/pg.toml"
  pgcount() { psql -tA "$PG" -c "SELECT count(*) FROM reports WHERE message_id = '$1'"; }
  wait_for() {  # wait_for MESSAGE-ID: true once it is stored
    for _ in $(seq 1 100); do [ "$(pgcount "$1")" = 1 ] && return 0; sleep 0.2; done
    return 1
  }
  "$HIKESHI" db migrate --config "$WORK/pg.toml" >/dev/null
  "$HIKESHI" serve --config "$WORK/pg.toml" --listen 127.0.0.1:0 >"$WORK/pg-a.out" 2>&1 &
  PG_A=$!
  sleep 1
  "$HIKESHI" serve --config "$WORK/pg.toml" --listen 127.0.0.1:0 >"$WORK/pg-b.out" 2>&1 &
  PG_B=$!
  for n in 1 2 3; do
    printf '%s\r\n' "From: pg@example.org" "To: abuse@example.net" "Subject: Port scan $n" \
      "Message-ID: <pg-$n@example.org>" "" "scanning from 198.51.100.$n" >"$WORK/pg-$n.eml"
    deliver "$WORK/pg-$n.eml"
    wait_for "pg-$n@example.org" || fail "message pg-$n not stored on PostgreSQL"
    sleep 1.5  # both servers have had a poll interval to look at it
  done
  a=$(grep -c "stored" "$WORK/pg-a.out")
  b=$(grep -c "stored" "$WORK/pg-b.out")
  { [ "$a" -gt 0 ] && [ "$b" = 0 ]; } && pass "two servers: only the lease holder polls" ||
    { fail "two servers: both polled (a=$a b=$b)"; cat "$WORK/pg-a.out" "$WORK/pg-b.out"; }
  kill -TERM "$PG_A"; wait "$PG_A" 2>/dev/null
  printf '%s\r\n' "From: pg@example.org" "To: abuse@example.net" "Subject: Port scan 4" \
    "Message-ID: <pg-4@example.org>" "" "scanning from 198.51.100.4" >"$WORK/pg-4.eml"
  deliver "$WORK/pg-4.eml"
  taken=0
  if wait_for "pg-4@example.org"; then  # B logs the poll after marking the message: wait for it
    for _ in $(seq 1 100); do grep -q "stored" "$WORK/pg-b.out" && { taken=1; break; }; sleep 0.2; done
  fi
  [ "$taken" = 1 ] && pass "the other server takes over when the holder stops" ||
    { fail "no takeover"; cat "$WORK/pg-b.out"; }
  [ "$(psql -tA "$PG" -c "SELECT count(*) FROM reports WHERE message_id LIKE 'pg-%'")" = 4 ] &&
    pass "each message stored once" || fail "message count on PostgreSQL"
  kill -TERM "$PG_B"; wait "$PG_B" 2>/dev/null
fi

echo "wrong password" >"$WORK/imap-password"
"$HIKESHI" ingest imap --config "$WORK/hikeshi.toml" >"$WORK/out" 2>&1
rc=$?
[ "$rc" = 3 ] && pass "a refused login is 'unavailable' (exit 3)" ||
  { fail "wrong password: exit $rc"; cat "$WORK/out"; }
finish

#!/usr/bin/env bash
# End to end (issue 4): a real OpenSMTPD on loopback delivers to a Maildir. `hikeshi serve` with
# an ownership index imported from a small RPSL dump (the source's network) and one
# [[ownership]] row (the probed site) takes two scan reports from different reporters about one source,
# opens one "source likely compromised" incident, drafts a notice to the source's abuse mailbox
# (Japanese: the owner is in JP) with the X-ARF attachment and the configured Cc, and a warning
# to the probed target's contact; after approval the outbox sends both and the delivered bytes
# are checked; then a forwarded spam made an incident by hand leaves as an ARF report.
# Usage: notify_smtp_test.sh PATH/TO/hikeshi. Needs root (OpenSMTPD drops to its own users and
# delivers as `nobody`).
set -uo pipefail
HIKESHI=$(realpath "$1")
WORK=$(mktemp -d)
chmod 755 "$WORK"
SMTPD_PID=""
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
  [ -n "$SMTPD_PID" ] && kill "$SMTPD_PID" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
failures=0
pass() { echo "ok: $1"; }
fail() { echo "FAIL: $1"; failures=$((failures + 1)); }
finish() { echo "notify_smtp_test: $failures failure(s)"; [ "$failures" -eq 0 ]; exit; }

[ "$(id -u)" = 0 ] || { fail "this test starts OpenSMTPD and must run as root"; finish; }
[ -x /usr/sbin/smtpd ] || { fail "opensmtpd is not installed (scripts/install-deps.sh)"; finish; }
command -v jq >/dev/null || { fail "jq is needed"; finish; }

PORT=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then PORT=$candidate; break; fi
done
[ -n "$PORT" ] || { fail "no free port"; finish; }

# Every recipient is delivered, as `nobody`, into one Maildir.
mkdir -p "$WORK/Maildir"
chown nobody:nogroup "$WORK/Maildir"
cat >"$WORK/smtpd.conf" <<EOF
table recipients { "@" = "nobody" }
listen on 127.0.0.1 port $PORT
action "box" maildir "$WORK/Maildir" virtual <recipients>
match from local for any action "box"
EOF
/usr/sbin/smtpd -d -f "$WORK/smtpd.conf" >"$WORK/smtpd.log" 2>&1 &
SMTPD_PID=$!
for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && pass "OpenSMTPD listens on 127.0.0.1:$PORT" ||
  { fail "OpenSMTPD did not start"; cat "$WORK/smtpd.log"; finish; }

cat >"$WORK/hikeshi.toml" <<EOF
[store]
db = "$WORK/hikeshi.db"
[notify]
from = "csirt@team.example"
team = "Test CSIRT"
cc = "cc@coordination.example"
[smtp]
url = "smtp://127.0.0.1:$PORT"
tls = "none"
[outbox]
interval_seconds = 1
[[policy]]
category = "scan"
action = "warn first, stop the host if it continues"
automatic = false
[lookup]
index = "$WORK/owners.ownership"
[[ownership]]
address = "192.0.2.10"
owner = "Site A"
country = "DE"
abuse_mailbox = "noc@site-a.example"
EOF
export HIKESHI_CONFIG="$WORK/hikeshi.toml"
# The source's owner comes from an RPSL dump as a RIR publishes it: inetnum → org → abuse-c role.
cat >"$WORK/hosting.rpsl" <<'EOF'
organisation:   ORG-EHK1-TEST
org-name:       Example Hosting KK
abuse-c:        EHK1-TEST
source:         TEST

role:           Example Hosting Abuse
abuse-mailbox:  abuse@hosting.example
nic-hdl:        EHK1-TEST
source:         TEST

inetnum:        198.51.100.0 - 198.51.100.255
netname:        EXAMPLE-HOSTING
country:        JP
org:            ORG-EHK1-TEST
source:         TEST
EOF
"$HIKESHI" db import rpsl "$WORK/hosting.rpsl" >/dev/null 2>&1 && pass "RPSL dump imported" ||
  { fail "db import rpsl"; finish; }
"$HIKESHI" whois 198.51.100.7 | grep -q 'abuse@hosting.example' && pass "whois finds the abuse mailbox" ||
  { fail "whois"; "$HIKESHI" whois 198.51.100.7; }
echo 'correct horse battery' | "$HIKESHI" user add alice --role responder >/dev/null ||
  { fail "user add"; finish; }
TOKEN=$("$HIKESHI" token create alice 2>/dev/null | tail -n 1)
"$HIKESHI" serve --listen 127.0.0.1:0 >"$WORK/serve.out" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do grep -q "listening on" "$WORK/serve.out" && break; sleep 0.1; done
URL=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$WORK/serve.out" | head -n 1)
[ -n "$URL" ] && pass "serve is up" || { fail "serve did not come up"; cat "$WORK/serve.out"; finish; }
api() { curl -sS --max-time 10 -H "Authorization: Bearer $TOKEN" "$@"; }

report() {  # reporter consent target
  api -H 'Content-Type: application/json' -d "{\"reporter\":\"$1\",\"consent\":$2,
    \"subject\":\"Port scan from 198.51.100.7\",\"category\":\"scan\",
    \"text\":\"Port scan from 198.51.100.7 against our host $3:\\n2026-11-25T01:00:01+00:00 fw DROP SRC=198.51.100.7 DST=$3 DPT=22\\n2026-11-25T01:00:02+00:00 fw DROP SRC=198.51.100.7 DST=$3 DPT=23\\n\"}" \
    "$URL/api/v1/reports"
}
report soc@site-a.example true 192.0.2.10 >"$WORK/r1.json"
report soc@site-b.example false 203.0.113.20 >"$WORK/r2.json"
[ "$(jq -r .status "$WORK/r2.json")" = accepted ] && pass "the second report is accepted into an incident" ||
  { fail "second report status"; cat "$WORK/r1.json" "$WORK/r2.json"; }

api "$URL/api/v1/incidents" >"$WORK/incidents.json"
[ "$(jq '.items | length' "$WORK/incidents.json")" = 1 ] && pass "one incident" || fail "incident count"
INCIDENT=$(jq -r '.items[0].id' "$WORK/incidents.json")
[ "$(jq -r '.items[0].title' "$WORK/incidents.json")" = "Source likely compromised: 198.51.100.7" ] &&
  pass "titled source likely compromised" || fail "incident title"
api "$URL/api/v1/incidents/$INCIDENT/links" >"$WORK/links.json"
jq -e '.items[] | select(.rule == "multiple-reporters" and .key == "198.51.100.7")' "$WORK/links.json" >/dev/null &&
  pass "the multiple-reporters link is visible" || { fail "links"; cat "$WORK/links.json"; }

api "$URL/api/v1/incidents/$INCIDENT/notifications" >"$WORK/notices.json"
ABUSE=$(jq -r '.items[] | select(.kind == "abuse") | .id' "$WORK/notices.json")
WARNING=$(jq -r '.items[] | select(.kind == "warning") | .id' "$WORK/notices.json")
[ -n "$ABUSE" ] && [ -n "$WARNING" ] && pass "an abuse notice and a warning are drafted" ||
  { fail "drafts"; cat "$WORK/notices.json"; finish; }
jq -e ".items[] | select(.id == $ABUSE) | select(.state == \"draft\" and .language == \"ja\"
  and .recipient == \"abuse@hosting.example\" and .cc == \"cc@coordination.example\")" \
  "$WORK/notices.json" >/dev/null && pass "the notice is a Japanese draft to the abuse mailbox, Cc the centre" ||
  { fail "abuse draft fields"; cat "$WORK/notices.json"; }

sleep 2
[ -z "$(ls -A "$WORK/Maildir/new" 2>/dev/null)" ] && pass "nothing leaves before approval" || fail "sent without approval"
for id in "$ABUSE" "$WARNING"; do
  api -X POST "$URL/api/v1/notifications/$id/approve" | jq -e '.state == "approved"' >/dev/null &&
    pass "notice $id approved" || fail "approve $id"
done
for _ in $(seq 1 100); do
  [ "$(ls "$WORK/Maildir/new" 2>/dev/null | wc -l)" -ge 3 ] && break
  sleep 0.2
done
cd "$WORK/Maildir/new" 2>/dev/null || { fail "no Maildir"; cat "$WORK/smtpd.log"; finish; }
ABUSE_FILE=$(grep -l '^To: abuse@hosting.example' ./* | head -n 1)
WARN_FILE=$(grep -l '^To: noc@site-a.example' ./* | head -n 1)
[ -n "$ABUSE_FILE" ] && pass "the notice is delivered" || { fail "notice not delivered"; ls -la; tail "$WORK/smtpd.log"; }
[ -n "$WARN_FILE" ] && pass "the warning is delivered" || fail "warning not delivered"
[ "$(grep -l '^To: abuse@hosting.example' ./* | wc -l)" -ge 2 ] && pass "delivered to the recipient and the Cc" || fail "Cc copy"
if [ -n "$ABUSE_FILE" ]; then
  grep -q '^Cc: cc@coordination.example' "$ABUSE_FILE" && pass "Cc header" || fail "Cc header"
  grep -A1 "^Subject: \[hikeshi #$ABUSE\]" "$ABUSE_FILE" | grep -q "=?UTF-8?" && pass "ticket tag, Japanese subject encoded" || { fail "subject"; grep -A1 "^Subject" "$ABUSE_FILE"; }
  grep -q 'filename=xarf-1.json' "$ABUSE_FILE" && pass "X-ARF attachment" || fail "X-ARF attachment"
  grep -q '"ReportType": "PortScan"' "$ABUSE_FILE" && grep -q '"Version": "4"' "$ABUSE_FILE" &&
    pass "X-ARF v4 PortScan document" || fail "X-ARF content"
  ! grep -q 'soc@site-b.example' "$ABUSE_FILE" && pass "the non-consenting reporter is not disclosed" || fail "consent"
  # The Japanese body is base64 (7-bit transport); decode it and look for the greeting.
  body=$(awk 'BEGIN{RS="\r?\n\r?\n"} /Content-Type: text\/plain/{getline; print; exit}' "$ABUSE_FILE" | tr -d '\r' | base64 -d 2>/dev/null)
  echo "$body" | grep -q 'ご担当者様' && echo "$body" | grep -q '198.51.100.7' && echo "$body" | grep -q 'soc@site-a.example' &&
    pass "the Japanese body lists the source and the consenting reporter" || { fail "body"; echo "$body" | head -20; }
fi
[ -n "$WARN_FILE" ] && grep -q '192.0.2.10 probed by 198.51.100.7' "$WARN_FILE" && pass "the warning names the source" || fail "warning body"
cd /
api "$URL/api/v1/notifications/$ABUSE" | jq -e '.state == "sent" and .attempts == 1' >/dev/null &&
  pass "the notice is marked sent" || fail "notice state"

# The owner answers through the MTA pipe, keeping the tag: the notice is resolved.
printf 'From: abuse@hosting.example\r\nTo: csirt@team.example\r\nSubject: Re: [hikeshi #%s] scan\r\nMessage-ID: <reply-1@hosting.example>\r\nDate: Wed, 25 Nov 2026 02:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n当該ホストは停止し、対応済みです。\r\n' "$ABUSE" |
  "$HIKESHI" ingest mail >/dev/null 2>"$WORK/ingest.err" || { fail "ingest mail of the reply"; cat "$WORK/ingest.err"; }
api "$URL/api/v1/notifications/$ABUSE" | jq -e '.state == "resolved"' >/dev/null &&
  pass "the owner's reply resolves the notice" || { fail "reply threading"; api "$URL/api/v1/notifications/$ABUSE"; }
api "$URL/api/v1/incidents/$INCIDENT/worklog" | jq -e '[.items[] | select(.action == "decision")] | length >= 2' >/dev/null &&
  pass "approvals are logged as decisions" || fail "decision entries"

# Spam: a user forwards a spam mail (no consent); a responder makes it an incident and drafts by
# hand. The notice leaves as an RFC 5965 ARF report with the spam's headers, the user redacted.
printf 'From: carol@reporter.example\r\nTo: abuse@team.example\r\nSubject: Fwd: cheap pills\r\nMessage-ID: <fwd-spam-1@reporter.example>\r\nDate: Wed, 25 Nov 2026 03:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSpam sent from 198.51.100.9, full message attached.\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nReturn-Path: <bulk@spam.example>\r\nReceived: from spam.example ([198.51.100.9]) by mx.reporter.example for <carol@reporter.example>; Wed, 25 Nov 2026 02:59:00 +0000\r\nFrom: bulk@spam.example\r\nTo: carol@reporter.example\r\nSubject: cheap pills\r\nMessage-ID: <spam-1@spam.example>\r\n\r\nDear carol, buy now.\r\n--b--\r\n' |
  "$HIKESHI" ingest mail >"$WORK/spam.out" 2>&1 || { fail "ingest the forwarded spam"; cat "$WORK/spam.out"; }
SPAM_REPORT=$(api "$URL/api/v1/reports?q=cheap" | jq -r '.items[0].id')
api -H 'Content-Type: application/json' -d '{"action":"new-incident","title":"Spam run"}' \
  "$URL/api/v1/reports/$SPAM_REPORT/triage" >"$WORK/spam-incident.json"
SPAM_INCIDENT=$(jq -r '.incident.id' "$WORK/spam-incident.json")
api -H 'Content-Type: application/json' -d '{}' "$URL/api/v1/incidents/$SPAM_INCIDENT/notifications" >"$WORK/spam-notices.json"
SPAM_NOTICE=$(jq -r '.items[] | select(.recipient == "abuse@hosting.example") | .id' "$WORK/spam-notices.json")
[ -n "$SPAM_NOTICE" ] && pass "a spam notice is drafted for the sending network" ||
  { fail "spam draft"; cat "$WORK/spam-incident.json" "$WORK/spam-notices.json"; finish; }
api -X POST "$URL/api/v1/notifications/$SPAM_NOTICE/approve" >/dev/null
SPAM_FILE=""
for _ in $(seq 1 100); do
  SPAM_FILE=$(grep -l 'report-type=feedback-report' "$WORK"/Maildir/new/* 2>/dev/null | head -n 1)
  [ -n "$SPAM_FILE" ] && break
  sleep 0.2
done
[ -n "$SPAM_FILE" ] && pass "the spam notice is delivered as multipart/report" || { fail "no ARF delivered"; finish; }
grep -q '^Content-Type: message/feedback-report' "$SPAM_FILE" && grep -q '^Feedback-Type: abuse' "$SPAM_FILE" &&
  grep -q '^Source-IP: 198.51.100.9' "$SPAM_FILE" && grep -q '^Original-Mail-From: <bulk@spam.example>' "$SPAM_FILE" &&
  pass "the feedback report names the source" || { fail "feedback report"; cat "$SPAM_FILE"; }
grep -q '^Content-Type: text/rfc822-headers' "$SPAM_FILE" && grep -q '^Message-ID: <spam-1@spam.example>' "$SPAM_FILE" &&
  pass "the spam's header block is attached" || fail "original headers"
! grep -q 'carol' "$SPAM_FILE" && pass "the non-consenting reporter is redacted from the ARF report" || fail "ARF consent"
finish

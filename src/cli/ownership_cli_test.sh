#!/usr/bin/env bash
# End-to-end test of the ownership index: `db import` of every source kind, `whois` (text and
# JSON), per-source replacement, a corrupt index refused, and GET /api/v1/lookup on a running
# `serve` that reloads the index when it changes.
# Usage: ownership_cli_test.sh PATH/TO/hikeshi PATH/TO/tests/data
set -uo pipefail
HIKESHI=$1
DATA=$2
WORK=$(mktemp -d)
SERVER_PID=""
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
DB="$WORK/h.db"
INDEX="$WORK/h.db.ownership"
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
lacks() {
  if grep -qF -- "$2" "$WORK/out" "$WORK/err"; then fail "$1: '$2' in output"; else pass "$1"; fi
}

expect 2 "whois before any import names the missing index" "$HIKESHI" whois 192.0.2.1 --db "$DB"
contains "and says what to do" "run \`hikeshi db import\` first"

gzip -c "$DATA/rpsl/ripe-split.rpsl" >"$WORK/ripe.db.gz"
expect 0 "import a gzip RPSL dump" "$HIKESHI" db import rpsl "$WORK/ripe.db.gz" --db "$DB"
contains "counts the objects" "inetnum 5, inet6num 2, aut-num 3, role 2, irt 1, organisation 1"
contains "names the broken object" "broken inetnum starting at line"
contains "names the bad range" "inetnum: unparseable range 'this is not a range'"
contains "replaces the ripe source" "replaced sources: ripe"
lacks "no progress bar when stderr is not a terminal" "MB/s"
[ -f "$INDEX" ] && pass "index written next to the database" || fail "no $INDEX"
ls "$WORK" | grep -q '\.tmp\.' && fail "temporary file left behind" || pass "no temporary file left"

expect 0 "whois an address" "$HIKESHI" whois 192.0.2.70 --db "$DB"
contains "most specific netblock" "192.0.2.64/26"
contains "first abuse-c" "abuse@example.net"
contains "second abuse-c" "noc-abuse@example.net"
expect 0 "whois --json" "$HIKESHI" whois 2001:db8:abcd::1 --json --index "$INDEX"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["netblock"]=="2001:db8:abcd::/48" and d["abuse_mailboxes"]==["noc-abuse@example.net"] and d["source"]=="ripe", d' "$WORK/out" &&
  pass "JSON answer for IPv6" || fail "JSON answer for IPv6"
expect 1 "no owner for an address nobody holds" "$HIKESHI" whois 203.0.113.5 --db "$DB"
expect 0 "defanged input is normalised" "$HIKESHI" whois '198[.]51[.]100[.]15' --db "$DB"
contains "non-CIDR range piece" "198.51.100.12/30"

# AS numbers: the aut-num's as-name, its org's name and country, the abuse-c's mailbox.
expect 0 "whois an AS number" "$HIKESHI" whois AS64496 --db "$DB"
contains "names the aut-num" "aut-num:        AS64496"
contains "its as-name" "as-name:        EXAMPLE-AS"
contains "its organisation" "owner:          Example Access Ltd"
contains "the organisation's country" "country:        NL"
contains "its abuse mailbox" "abuse-mailbox:  abuse@example.net"
expect 0 "lower-case as, JSON" "$HIKESHI" whois as64511 --json --db "$DB"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["query"]=="AS64511" and d["netblock"]=="AS64511" and d["as_name"]=="EXAMPLE-TRANSIT" and d["country"]=="JP" and d["abuse_mailboxes"]==["noc-abuse@example.net"], d' "$WORK/out" &&
  pass "JSON answer for an AS number" || { fail "JSON answer for an AS number"; cat "$WORK/out"; }
expect 0 "full-width AS number" "$HIKESHI" whois 'ＡＳ６４５１０' --db "$DB"
contains "folded to AS64510" "EXAMPLE-ORG-ONLY"
expect 1 "an AS nobody imported" "$HIKESHI" whois AS64499 --db "$DB"
contains "says so" "AS64499: no owner known"

# A version 1 index (written before AS numbers) still answers addresses; AS queries say why not.
python3 - "$INDEX" "$WORK/v1.ownership" <<'PY'
import hashlib, struct, sys
data = open(sys.argv[1], "rb").read()
payload = data[88:]  # magic 8, version 4, reserved 4, length 8, SHA-256 hex 64
count = struct.unpack_from("<Q", payload, len(payload) - 8 - 12 * 3)[0]  # 3 aut-nums imported
assert count == 3, count
payload = payload[: len(payload) - 8 - 12 * count]
header = b"HKOWNIDX" + struct.pack("<IIQ", 1, 0, len(payload)) + hashlib.sha256(payload).hexdigest().encode()
open(sys.argv[2], "wb").write(header + payload)
PY
expect 0 "a version 1 index still answers addresses" "$HIKESHI" whois 192.0.2.70 --index "$WORK/v1.ownership" --db "$DB"
contains "the same netblock" "192.0.2.64/26"
expect 1 "a version 1 index has no AS numbers" "$HIKESHI" whois AS64496 --index "$WORK/v1.ownership" --db "$DB"
contains "and says to re-import" "re-run \`hikeshi db import rpsl\`"

expect 0 "import delegated statistics" "$HIKESHI" db import delegated "$DATA/rpsl/delegated-example-extended.txt" --db "$DB"
contains "names the bad delegated line" "line 11: unparseable start address"
expect 0 "import the national-CSIRT table" "$HIKESHI" db import csirt "$DATA/ownership/national-csirts.txt" --db "$DB"
expect 0 "import the constituency" "$HIKESHI" db import constituency "$DATA/ownership/constituency.json" --db "$DB"
expect 0 "constituency outranks RPSL" "$HIKESHI" whois 192.0.2.130 --db "$DB"
contains "our constituent" "Example University"
contains "its language" "ja"
contains "national CSIRT by country" "csirt-jp@example.org"
expect 0 "RPSL entries survived the other imports" "$HIKESHI" whois 192.0.2.70 --db "$DB"
contains "still RIPE" "ripe"
expect 0 "domain lookup on the registrable domain's subdomain" "$HIKESHI" whois www.example.edu --db "$DB"
contains "domain owner" "Example University"

echo '{"constituents": []}' >"$WORK/empty.json"
expect 0 "re-import an empty constituency" "$HIKESHI" db import constituency "$WORK/empty.json" --db "$DB"
expect 0 "the old constituency entries are gone" "$HIKESHI" whois 192.0.2.130 --db "$DB"
contains "RIPE answers again" "192.0.2.0/24"
expect 1 "and its domains too" "$HIKESHI" whois www.example.edu --db "$DB"

expect 2 "import of a missing file" "$HIKESHI" db import rpsl "$WORK/missing.db" --db "$DB"
expect 2 "unknown kind" "$HIKESHI" db import bogus "$WORK/empty.json" --db "$DB"

cp "$INDEX" "$WORK/good.ownership"
printf 'X' | dd of="$INDEX" bs=1 seek=200 conv=notrunc 2>/dev/null
expect 1 "a corrupt index is refused by whois" "$HIKESHI" whois 192.0.2.70 --db "$DB"
contains "names the corruption" "checksum mismatch"
expect 1 "serve refuses to start on a corrupt index" timeout 20 "$HIKESHI" serve --db "$DB" --listen 127.0.0.1:0
contains "serve names it" "checksum mismatch"
cp "$WORK/good.ownership" "$INDEX"

# The API: a signed-in caller asks; an import on the running server is picked up.
echo 'correct horse battery' | "$HIKESHI" user add vera --role viewer --db "$DB" >/dev/null 2>&1
token=$("$HIKESHI" token create vera --db "$DB" 2>/dev/null | tail -n 1)
"$HIKESHI" serve --db "$DB" --listen 127.0.0.1:0 >"$WORK/serve.out" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do grep -q "listening on" "$WORK/serve.out" && break; sleep 0.1; done
url=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$WORK/serve.out" | head -n 1)
grep -q "ownership index" "$WORK/serve.out" && pass "serve loads the index" || fail "serve did not load the index"
code=$(curl -s -o "$WORK/out" -w '%{http_code}' --max-time 5 "$url/api/v1/lookup?q=192.0.2.70")
[ "$code" = 401 ] && pass "lookup needs a login" || fail "anonymous lookup: $code"
code=$(curl -s -o "$WORK/out" -w '%{http_code}' --max-time 5 -H "Authorization: Bearer $token" \
  "$url/api/v1/lookup?q=192.0.2.70")
[ "$code" = 200 ] && pass "a viewer may look up" || fail "viewer lookup: $code"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["netblock"]=="192.0.2.64/26" and d["abuse_mailboxes"]==["abuse@example.net","noc-abuse@example.net"] and d["country"]=="DE" and d["national_csirt"]=="csirt-de@example.org" and d["constituent"] is False, d' "$WORK/out" &&
  pass "API answer" || { fail "API answer"; cat "$WORK/out"; }
code=$(curl -s -o "$WORK/out" -w '%{http_code}' --max-time 5 -H "Authorization: Bearer $token" \
  "$url/api/v1/lookup?q=as64496")
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["query"]=="AS64496" and d["netblock"]=="AS64496" and d["as_name"]=="EXAMPLE-AS" and d["owner"]=="Example Access Ltd" and d["country"]=="NL" and d["abuse_mailboxes"]==["abuse@example.net"], d' "$WORK/out" &&
  [ "$code" = 200 ] && pass "API answer for an AS number" || { fail "API answer for an AS number: $code"; cat "$WORK/out"; }
code=$(curl -s -o "$WORK/out" -w '%{http_code}' --max-time 5 -H "Authorization: Bearer $token" \
  "$url/api/v1/lookup?q=203.0.113.5")
[ "$code" = 404 ] && pass "unknown address is 404" || fail "unknown address: $code"
code=$(curl -s -o "$WORK/out" -w '%{http_code}' --max-time 5 -H "Authorization: Bearer $token" \
  "$url/api/v1/lookup?x=1")
[ "$code" = 400 ] && pass "missing q is 400" || fail "missing q: $code"
"$HIKESHI" db import constituency "$DATA/ownership/constituency.json" --db "$DB" >/dev/null 2>&1
reloaded=""
for _ in $(seq 1 40); do
  curl -s --max-time 5 -H "Authorization: Bearer $token" "$url/api/v1/lookup?q=192.0.2.130" |
    grep -q '"constituent":true' && reloaded=yes && break
  sleep 0.1
done
[ -n "$reloaded" ] && pass "serve reloads the index after an import" || fail "no reload"
kill "$SERVER_PID" && wait "$SERVER_PID" 2>/dev/null
SERVER_PID=""

[ "$failures" = 0 ] && echo "all ownership CLI tests passed" || echo "$failures failures"
[ "$failures" = 0 ]

#!/usr/bin/env bash
# hikeshi contact add|list|show|import|export end to end on a scratch database.
# Usage: contact_cli_test.sh PATH/TO/hikeshi
set -uo pipefail
HIKESHI=$1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DB="$WORK/contacts.db"
failures=0
pass() { echo "ok: $1"; }
fail() { echo "FAIL: $1"; failures=$((failures + 1)); }

"$HIKESHI" contact add "JPCERT/CC" --kind coordination-centre --email info@jpcert.or.jp \
  --language ja --country JP --db "$DB" | grep -q "added contact 1" && pass "contact add" || fail "contact add"
"$HIKESHI" contact add "Hosting NOC" --email noc@hosting.example --network 198.51.100.0/28 \
  --network 2001:db8::/32 --asn 64500 --domain Example.NET --db "$DB" | grep -q "added contact 2" &&
  pass "contact add with coverage" || fail "contact add with coverage"
"$HIKESHI" contact show 2 --db "$DB" | tr -d ' \n' |
  grep -q '"networks":\["198.51.100.0/28","2001:db8::/32"\]' && pass "networks shown" ||
  fail "networks shown"
"$HIKESHI" contact show 2 --db "$DB" | tr -d ' \n' | grep -q '"asns":\["AS64500"\]' &&
  pass "asn normalised" || fail "asn normalised"
"$HIKESHI" contact show 2 --db "$DB" | tr -d ' \n' | grep -q '"domains":\["example.net"\]' &&
  pass "domain normalised" || fail "domain normalised"
"$HIKESHI" contact add "Bad net" --email a@x.example --network 10.0.0.0/33 --db "$DB" >/dev/null 2>&1 &&
  fail "bad network accepted" || pass "a bad network is refused"
"$HIKESHI" contact add "Bad" --kind nonsense --db "$DB" >/dev/null 2>&1 && fail "unknown kind accepted" ||
  pass "an unknown kind is refused"
"$HIKESHI" contact list --db "$DB" | grep -q $'^1\tcoordination-centre\tJPCERT/CC\tinfo@jpcert.or.jp\tja$' &&
  pass "contact list" || fail "contact list"
"$HIKESHI" contact show 1 --db "$DB" | grep -q '"country": "JP"' && pass "contact show" || fail "contact show"
"$HIKESHI" contact show 9 --db "$DB" >/dev/null 2>&1 && fail "show of a missing contact" || pass "missing contact is an error"
"$HIKESHI" contact export --db "$DB" >"$WORK/export.json" && pass "contact export" || fail "contact export"
"$HIKESHI" contact import "$WORK/export.json" --db "$WORK/copy.db" | grep -q "imported 2 contact" &&
  pass "contact import of an export" || fail "contact import"
"$HIKESHI" contact export --db "$WORK/copy.db" | diff - "$WORK/export.json" >/dev/null &&
  pass "export → import → export is identical" || fail "round trip"
echo '[{"name":"x","emails":"not-an-array"}]' >"$WORK/bad.json"
"$HIKESHI" contact import "$WORK/bad.json" --db "$WORK/copy.db" >/dev/null 2>&1 && fail "bad import accepted" ||
  pass "a malformed import is refused"
[ "$("$HIKESHI" contact list --db "$WORK/copy.db" | wc -l)" = 2 ] && pass "a refused import stores nothing" ||
  fail "partial import"
echo "contact_cli_test: $failures failure(s)"
[ "$failures" -eq 0 ]

#!/usr/bin/env bash
# Two `hikeshi serve` processes on one PostgreSQL database, hammered on the same incidents with
# work-log notes and state transitions. Checks: every acknowledged note is stored exactly once,
# counts add up, `hikeshi verify` passes. Then again while one server is killed (SIGKILL)
# mid-run: nothing acknowledged is lost or doubled, and the chains still verify.
# Every loop is bounded in count and time. Usage: scaleout_test.sh PATH/TO/hikeshi
set -uo pipefail
HIKESHI=$1
source "$(dirname "$0")/pg_test_lib.sh"
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
DB=$(fresh_schema "scaleout_$$")
INCIDENTS=3
OPS=${SCALEOUT_OPS:-40}  # per worker; four workers, two on each server

"$HIKESHI" db migrate --db "$DB" >/dev/null || fail "migrate"
echo 'correct horse battery' | "$HIKESHI" user add alice --role responder --db "$DB" >/dev/null
TOKEN=$("$HIKESHI" token create alice --db "$DB" | tail -n 1)
for i in $(seq 1 "$INCIDENTS"); do
  "$HIKESHI" incident create --db "$DB" --title "shared incident $i" --category scan >/dev/null
  "$HIKESHI" incident transition "$i" triage --db "$DB" >/dev/null
  "$HIKESHI" incident transition "$i" open --db "$DB" >/dev/null
done

api() {  # api METHOD SERVER PATH BODY: prints the HTTP status, "000" when nothing came back
  curl -s -m 10 -o /dev/null -w '%{http_code}' -X "$1" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -d "$4" "$2$3"
}

# worker NAME SERVER: OPS rounds over the incidents; each round appends a uniquely named note
# and tries the next state of a cycle (another worker may have moved it first: 400 is fine).
# Acknowledged notes go to $WORK/acked.NAME, successful transitions to $WORK/moved.NAME.
worker() {
  local name=$1 server=$2 states=(contained recovered closed open) deadline=$((SECONDS + 90))
  : >"$WORK/acked.$name"
  : >"$WORK/moved.$name"
  for op in $(seq 1 "$OPS"); do
    [ "$SECONDS" -lt "$deadline" ] || break
    local incident=$(((op % INCIDENTS) + 1)) note="$name-$op"
    local status
    status=$(api POST "$server" "/api/v1/incidents/$incident/worklog" "{\"text\":\"$note\"}")
    if [ "$status" = 201 ]; then
      echo "$incident $note" >>"$WORK/acked.$name"
    elif [ "$status" = 000 ]; then
      echo "$incident $note" >>"$WORK/refused.$name"
    fi
    local to=${states[$((op % 4))]}
    if [ "$(api POST "$server" "/api/v1/incidents/$incident/transition" "{\"to\":\"$to\"}")" = 200 ]; then
      echo "$incident $to" >>"$WORK/moved.$name"
    fi
  done
}

entries_of() {  # entries_of INCIDENT: the work log as "action<TAB>text" lines
  curl -s -m 10 -H "Authorization: Bearer $TOKEN" "$SERVER_A/api/v1/incidents/$1/worklog" |
    python3 -c 'import json, sys
for entry in json.load(sys.stdin)["items"]: print(entry["action"] + "\t" + entry["text"])'
}

check_round() {  # check_round LABEL EXACT: EXACT=1 when no request can be in doubt
  local label=$1 exact=$2 acked moved stored doubled missing
  cat "$WORK"/acked.* >"$WORK/acked"
  cat "$WORK"/moved.* >"$WORK/moved"
  acked=$(wc -l <"$WORK/acked")
  moved=$(wc -l <"$WORK/moved")
  [ "$acked" -gt 0 ] && pass "$label: $acked notes and $moved transitions acknowledged" ||
    fail "$label: nothing acknowledged"
  : >"$WORK/notes"
  local total=0
  for i in $(seq 1 "$INCIDENTS"); do
    entries_of "$i" >"$WORK/log.$i"
    total=$((total + $(wc -l <"$WORK/log.$i")))
    awk -F'\t' -v i="$i" '$1 == "note" { print i " " $2 }' "$WORK/log.$i" >>"$WORK/notes"
  done
  doubled=$(sort "$WORK/notes" | uniq -d | wc -l)
  [ "$doubled" -eq 0 ] && pass "$label: no note stored twice" || fail "$label: $doubled notes doubled"
  missing=$(sort "$WORK/acked" | comm -23 - <(sort "$WORK/notes") | wc -l)
  [ "$missing" -eq 0 ] && pass "$label: every acknowledged note stored" ||
    fail "$label: $missing acknowledged notes missing"
  stored=$(wc -l <"$WORK/notes")
  local transitions
  transitions=$(cat "$WORK"/log.* | awk -F'\t' '$1 == "transition"' | wc -l)
  if [ "$exact" = 1 ]; then
    [ "$stored" -eq $((acked + BASE_NOTES)) ] && pass "$label: note count matches" ||
      fail "$label: $stored notes stored, $acked acknowledged + $BASE_NOTES before"
    [ "$transitions" -eq $((moved + BASE_TRANSITIONS)) ] && pass "$label: transition count matches" ||
      fail "$label: $transitions transitions stored, $moved acknowledged + $BASE_TRANSITIONS before"
  fi
  BASE_NOTES=$stored
  BASE_TRANSITIONS=$transitions
  "$HIKESHI" verify --db "$DB" >"$WORK/verify" 2>&1 && grep -q "^OK: $INCIDENTS incidents" "$WORK/verify" &&
    pass "$label: hikeshi verify" || { fail "$label: verify"; cat "$WORK/verify"; }
  rm -f "$WORK"/acked.* "$WORK"/moved.*
}

BASE_NOTES=0
BASE_TRANSITIONS=$((INCIDENTS * 2))

# Round 1: two servers, four workers, nobody dies.
start_server "$DB" "$WORK/a.out" || fail "server A"
PIDS+=("$SERVER_PID")
SERVER_A=$SERVER_URL
start_server "$DB" "$WORK/b.out" || fail "server B"
PIDS+=("$SERVER_PID")
PID_B=$SERVER_PID
SERVER_B=$SERVER_URL
worker a1 "$SERVER_A" &
W1=$!
worker a2 "$SERVER_A" &
W2=$!
worker b1 "$SERVER_B" &
W3=$!
worker b2 "$SERVER_B" &
W4=$!
wait "$W1" "$W2" "$W3" "$W4"
check_round "two servers" 1

# Round 2: server B is killed while its workers are busy.
worker ka1 "$SERVER_A" &
W1=$!
worker ka2 "$SERVER_A" &
W2=$!
worker kb1 "$SERVER_B" &
W3=$!
worker kb2 "$SERVER_B" &
W4=$!
# Killed once its workers have had some notes acknowledged, so it dies in the middle.
for _ in $(seq 1 300); do
  [ "$(cat "$WORK/acked.kb1" "$WORK/acked.kb2" 2>/dev/null | wc -l)" -ge 6 ] && break
  sleep 0.1
done
kill -KILL "$PID_B"
wait "$W1" "$W2" "$W3" "$W4"
[ -s "$WORK/acked.kb1" ] && [ -s "$WORK/refused.kb1" ] &&
  pass "server B answered, then was gone for the rest of the run" ||
  fail "server B was not killed mid-run"
check_round "one server killed mid-run" 0
grep -q . "$WORK/log.1" && pass "the survivor answers" || fail "survivor"

echo "$failures failures"
[ "$failures" -eq 0 ]

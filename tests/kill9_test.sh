#!/usr/bin/env bash
# kill -9 against the two kinds of long work (issue "Hardening"), on a fresh SQLite file, or on a
# fresh database in the PostgreSQL test cluster when its URL is given:
#   kill9_test.sh FOSTERMATCH_BINARY [POSTGRES_BASE_URL]
#   1. a CSV import answered 200, then the server killed: every line is there after a restart;
#   2. an import killed while its transaction is open: none of its lines, or all, never some;
#   3. the monthly batch (CLI) killed as it starts assigning, and as it starts storing: no run or
#      the whole run, never part of one; a rerun succeeds;
#   4. a run through the API reported done, then the server killed: the run is there;
#   5. 400 concurrent reads answered, then the server killed: each read's audit entry is there.
# Every wait is for an event (a line, a lock, a status), bounded, and fails when the bound passes.
set -euo pipefail
bin=$1
pg_base=${2:-}
work=$(mktemp -d)
pid=""
pg_db="fm_kill9_$$"
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  [ -n "$pg_base" ] && psql "$pg_base" -qc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$work/serve.log" ] && tail -20 "$work/serve.log" >&2; exit 1; }

# grep -q stops reading at its first match, and under pipefail the writer's SIGPIPE then fails
# the pipeline; matches reads its input to the end.
matches() { grep "$@" >/dev/null; }

# Per engine: a query (q), whether the import's transaction is open (import_in_flight), and the
# number of proposals a stored run's summary counts (report_proposals_sql).
if [ -z "$pg_base" ]; then
  db="$work/fm.db"
  export FOSTERMATCH_DB="sqlite3://$db"
  q() { sqlite3 -cmd ".timeout 5000" "$db" "$1"; }
  # The import holds SQLite's write lock from BEGIN to COMMIT, and nothing else writes here.
  import_in_flight() { ! sqlite3 -cmd ".timeout 0" "$db" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1; }
  report_proposals_sql="json_extract(report, '\$.summary.proposals')"
  engine=sqlite
else
  psql "$pg_base" -qc "CREATE DATABASE $pg_db" >/dev/null
  url=${pg_base/\/postgres\?//$pg_db?}
  export FOSTERMATCH_DB="$url"
  q() { psql "$url" -tAqc "$1"; }
  # The import's transaction has begun inserting training rows (it holds their table's lock).
  import_in_flight() {
    [ "$(q "select count(*) from pg_locks l join pg_class c on c.oid = l.relation
            where c.relname = 'trainings' and l.mode = 'RowExclusiveLock'")" != 0 ]
  }
  report_proposals_sql="(report::json)->'summary'->>'proposals'"
  engine=postgresql
fi

# Polls `cmd` every 20 ms until it succeeds; fails after `tries` attempts.
wait_for() {
  local tries=$1 what=$2
  shift 2
  for _ in $(seq "$tries"); do "$@" && return 0; sleep 0.02; done
  fail "timed out waiting for $what"
}

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
healthy() { curl -fs "$base/healthz" >/dev/null 2>&1; }
start_server() {
  "$bin" serve --listen "127.0.0.1:$port" >>"$work/serve.log" 2>&1 &
  pid=$!
  wait_for 500 "the server to start" healthy
}
kill_server() {
  kill -9 "$pid"
  wait "$pid" 2>/dev/null || true
  pid=""
}

"$bin" migrate >/dev/null
"$bin" demo-data --today 2026-11-25 --households 1000 --needs 200 >/dev/null 2>&1 || fail "demo-data"
homes=$(q "select count(*) from foster_parents")
admin=$("$bin" token create --role admin --label kill9 2>/dev/null)
trainer=$("$bin" token create --role trainer --label kill9 2>/dev/null)

# A CSV of `n` lines with external ids PREFIX-1…PREFIX-n, spread over the demo households.
csv() {
  local prefix=$1 n=$2
  echo "external_id,foster_parent_id,course,completed_on,hours,provider,outcome"
  awk -v p="$prefix" -v n="$n" -v h="$homes" \
    'BEGIN { for (i = 1; i <= n; i++) printf "%s-%d,%d,practical,2026-10-01,6,kill9,completed\n", p, i, (i % h) + 1 }'
}
import() {
  curl -s -o "$2" -w '%{http_code}' -H "Authorization: Bearer $trainer" -H 'Content-Type: text/csv' \
    --data-binary "@$1" "$base/api/v1/trainings/import"
}
lines_of() { q "select count(*) from trainings where external_id like '$1-%'"; }

# 1. Acknowledged, then killed: every line survives.
start_server
csv ACK 5000 >"$work/ack.csv"
code=$(import "$work/ack.csv" "$work/ack.json")
[ "$code" = 200 ] || fail "the import answered $code: $(cat "$work/ack.json")"
kill_server
start_server
[ "$(lines_of ACK)" = 5000 ] || fail "an acknowledged import lost lines: $(lines_of ACK) of 5000 after kill -9"
echo "kill -9 after an acknowledged import of 5000 lines: 5000 present"

# 2. Killed while the import's transaction is open: none of its lines or all of them.
mid_lines=200000
csv MID $mid_lines >"$work/mid.csv"
import "$work/mid.csv" "$work/mid.json" >"$work/mid.code" 2>/dev/null &
curl_pid=$!
wait_for 3000 "the import's transaction" import_in_flight
kill_server
wait $curl_pid 2>/dev/null || true
answered=$(cat "$work/mid.code" 2>/dev/null || true)
start_server
landed=$(lines_of MID)
[ "$landed" = 0 ] || [ "$landed" = $mid_lines ] || fail "an import killed mid-flight left $landed of $mid_lines lines"
[ "$answered" = 200 ] && [ "$landed" != $mid_lines ] && fail "an import answered 200 lost lines"
echo "kill -9 during an import of $mid_lines lines (HTTP status: ${answered:-none}): $landed present"
kill_server

# 3. The monthly batch on the command line, killed when a phase begins (its first log line).
runs() { q "select count(*) from match_runs where month = '2026-12'"; }
# Exits 0 if the month's stored run is whole: as many proposal rows as its summary counts.
run_is_whole() {
  [ "$(q "select $report_proposals_sql from match_runs where month = '2026-12'")" = \
    "$(q "select count(*) from match_proposals where month = '2026-12'")" ]
}
kill_batch_at() {
  local phase=$1
  mkfifo "$work/progress"
  "$bin" batch monthly --month 2026-12 >"$work/progress" 2>&1 &
  local bpid=$! seen=""
  while IFS= read -r line; do
    if [[ $line == *"$phase: 0/"* ]]; then
      kill -9 $bpid
      seen=yes
      break
    fi
  done <"$work/progress"
  wait $bpid 2>/dev/null || true
  rm -f "$work/progress"
  [ -n "$seen" ] || fail "the batch never reached the phase '$phase'"
}
# Killed as the assignment starts: nothing is stored until the last phase, so no run is expected,
# but the kill may land late on a busy machine; the promise is that no part of a run is stored.
kill_batch_at "assigning"
stored=$(runs)
if [ "$stored" = 0 ]; then
  [ "$(q "select count(*) from match_proposals where month = '2026-12'")" = 0 ] \
    || fail "a batch killed while assigning left proposals without a run"
else
  run_is_whole || fail "a batch killed while assigning left a partial run"
fi
echo "kill -9 of the batch while assigning: $stored run(s) stored, whole"
kill_batch_at "storing"
stored=$(runs)
[ "$stored" = 0 ] || run_is_whole || fail "a batch killed as it stored left a partial run"
echo "kill -9 of the batch as it starts storing: $stored run(s) stored, whole"
out=$("$bin" batch monthly --month 2026-12 2>/dev/null) || fail "the batch rerun failed"
grep -q "match run 2026-12" <<<"$out" || fail "the rerun printed no summary: $out"
[ "$(runs)" = 1 ] && run_is_whole || fail "the rerun did not store a whole run"
echo "the batch rerun after kill -9: stored, whole"

# 4. A run through the API, reported done, then the server killed: it survives.
start_server
code=$(curl -s -o "$work/run.json" -w '%{http_code}' -H "Authorization: Bearer $admin" \
  -H 'Content-Type: application/json' -d '{"month": "2027-01"}' "$base/api/v1/match-runs")
[ "$code" = 202 ] || fail "POST /match-runs answered $code: $(cat "$work/run.json")"
run_done() {
  curl -fs -H "Authorization: Bearer $admin" "$base/api/v1/match-runs/2027-01/status" | matches '"state":"done"'
}
wait_for 3000 "the run to finish" run_done
proposals=$(curl -fs -H "Authorization: Bearer $admin" "$base/api/v1/match-runs/2027-01" |
  python3 -c 'import json,sys; print(len(json.load(sys.stdin)["proposals"]))')
kill_server
start_server
after=$(curl -fs -H "Authorization: Bearer $admin" "$base/api/v1/match-runs/2027-01" |
  python3 -c 'import json,sys; print(len(json.load(sys.stdin)["proposals"]))') \
  || fail "a run reported done is gone after kill -9"
[ "$after" = "$proposals" ] || fail "a run reported done had $proposals proposals, $after after kill -9"
echo "kill -9 after a run through the API reported done: $after proposals present"
kill_server

# 5. Concurrent reads answered, then the server killed at once: every answered read's audit entry
#    is there (reads' entries are committed in groups, each before its read answers).
staff=$("$bin" token create --role staff --label kill9 2>/dev/null)
need=$(q "select min(id) from needs where status = 'open'")
read_entries() {
  q "select count(*) from audit_log where action = 'read' and entity = 'need'
     and entity_id = '$need' and detail = 'candidates'"
}
before=$(read_entries)
start_server
seq 400 | xargs -P 32 -I{} curl -s -o /dev/null -w '%{http_code}\n' \
  -H "Authorization: Bearer $staff" "$base/api/v1/needs/$need/candidates?limit=10" >"$work/reads.codes"
kill_server
answered=$(grep -c '^200$' "$work/reads.codes" || true)
[ "$answered" = 400 ] || fail "only $answered of 400 concurrent reads answered 200"
stored=$(( $(read_entries) - before ))
[ "$stored" = "$answered" ] || fail "$answered reads answered, $stored audit entries after kill -9"
echo "kill -9 right after 400 concurrent reads answered: $stored audit entries present"
echo "kill9 ($engine): 5 passed, 0 failed"

#!/usr/bin/env bash
# backup and restore of SQLite: demo data → backup (while a server runs) → a change → restore
# → the change is gone and every table equals the backup; restore refuses a database a server
# has open, a damaged file, a file that is not a fostermatch database, and PostgreSQL URLs.
bin=$1
source "$(dirname "$0")/common.sh"
export FOSTERMATCH_DB="sqlite3://$work/fm.db"
db="$work/fm.db"
dump() { sqlite3 "$1" .dump | grep -v '^INSERT INTO sqlite_sequence'; }

"$bin" demo-data --today 2026-11-25 --households 60 --needs 10 >/dev/null 2>&1 || fail "demo-data"
port=$(free_port)
start_server "$work/serve.log" serve --listen "127.0.0.1:$port"
token=$("$bin" token create --role admin --label backup-test 2>/dev/null)

# Online: the server keeps serving and writing while the copy is made.
"$bin" backup --to "$work/backup.db" | matches "schema version" || fail "backup --to"
dump "$db" >"$work/before.sql"
dump "$work/backup.db" | diff -q - "$work/before.sql" >/dev/null || fail "the backup differs from the database"

# A change after the backup: a new household through the API.
body='{"agency_id":1,"household_name":"復元後に消える家","region":"01101","types":["foster"],"registered_on":"2026-01-05","capacity":1,"accepts":{"age_min":0,"age_max":10}}'
curl -fs -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body" \
  "http://127.0.0.1:$port/api/v1/foster-parents" >/dev/null || fail "POST foster parent"
[ "$(sqlite3 "$db" "select count(*) from foster_parents where household_name = '復元後に消える家'")" = 1 ] \
  || fail "the change did not land"

# The server has the database open: restore refuses without --force.
out=$("$bin" restore --from "$work/backup.db" 2>&1) && fail "restore under a running server was allowed"
grep -q "open in another process" <<<"$out" || fail "restore's refusal does not say why: $out"
stop_server

"$bin" restore --from "$work/backup.db" | matches "restored" || fail "restore"
[ "$(sqlite3 "$db" "select count(*) from foster_parents where household_name = '復元後に消える家'")" = 0 ] \
  || fail "the change made after the backup survived the restore"
dump "$db" | diff - "$work/before.sql" >"$work/diff.log" || fail "the restored database differs from the backup"
# The restored database serves, and the token made before the backup still works.
start_server "$work/serve2.log" serve --listen "127.0.0.1:$port"
curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/foster-parents?limit=1" | matches '"items"' \
  || fail "the restored database does not serve"
stop_server

# Onto a new machine: no database, not even its folder, yet.
FOSTERMATCH_DB="sqlite3://$work/new/fm.db" "$bin" restore --from "$work/backup.db" >/dev/null || fail "restore to a new place"
dump "$work/new/fm.db" | diff -q - "$work/before.sql" >/dev/null || fail "the restore to a new place differs"

# Refusals: a damaged backup, a file that is no fostermatch database, a missing file, PostgreSQL.
cp "$work/backup.db" "$work/damaged.db"
size=$(stat -c %s "$work/damaged.db")
printf 'garbage%.0s' $(seq 2000) | dd of="$work/damaged.db" bs=1 seek=$((size / 2)) conv=notrunc status=none
out=$("$bin" restore --from "$work/damaged.db" 2>&1) && fail "a damaged backup was restored"
grep -Eq "damaged|malformed|not a database" <<<"$out" || fail "no clear word on a damaged backup: $out"
sqlite3 "$work/other.db" 'create table t (x); insert into t values (1);'
out=$("$bin" restore --from "$work/other.db" 2>&1) && fail "a foreign database was restored"
grep -q "not a fostermatch database" <<<"$out" || fail "no clear word on a foreign database: $out"
"$bin" restore --from "$work/missing.db" >/dev/null 2>&1 && fail "a missing backup was accepted"
out=$("$bin" --db 'postgresql://u@/x?host=/nowhere' restore --from "$work/backup.db" 2>&1) && fail "restore accepted PostgreSQL"
grep -q "pg_restore" <<<"$out" || fail "restore on PostgreSQL does not point to pg_restore: $out"
dump "$db" | diff -q - "$work/before.sql" >/dev/null || fail "a refused restore changed the database"
echo "backup/restore: passed"

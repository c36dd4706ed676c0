#!/usr/bin/env bash
# A database of the previous release's schema migrates to the current one and serves:
# tests/data/schema-v2-demo.sql is a demo city in the schema of migrations 0001–0002 (the schema
# before page sessions, commit 4e7f10e), frozen as SQL text. `fostermatch migrate` brings it to
# the newest version without losing a row; the server then ranks candidates and shows the pages.
bin=$1 src=$2
source "$(dirname "$0")/common.sh"
db="$work/old.db"
export FOSTERMATCH_DB="sqlite3://$db"
sqlite3 "$db" <"$src/tests/data/schema-v2-demo.sql" || fail "loading the old database"
[ "$(sqlite3 "$db" 'select max(version) from schema_migrations')" = 2 ] || fail "the fixture is not at schema 2"
count() { sqlite3 "$db" "select count(*) from $1"; }
tables="regions agencies foster_parents trainings needs placements match_runs audit_log api_tokens users"
before=$(for t in $tables; do echo "$t $(count "$t")"; done)

newest=$(ls "$src"/schema/[0-9]*.sql | wc -l)
"$bin" migrate >"$work/migrate.log" 2>&1 || fail "migrate"
grep -q "schema version $newest" "$work/migrate.log" || fail "migrate did not reach version $newest"
after=$(for t in $tables; do echo "$t $(count "$t")"; done)
[ "$before" = "$after" ] || fail "rows changed in the migration: $before / $after"
[ "$(sqlite3 "$db" 'pragma integrity_check')" = ok ] || fail "integrity after the migration"
[ "$(sqlite3 "$db" 'pragma foreign_key_check' | wc -l)" = 0 ] || fail "foreign keys after the migration"

port=$(free_port)
start_server "$work/serve.log" serve --listen "127.0.0.1:$port"
token=$("$bin" token create --role admin --label upgrade 2>/dev/null)
api() { curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$port$1"; }
api "/api/v1/foster-parents?limit=500" | python3 -c '
import json, sys
items = json.load(sys.stdin)["items"]
assert len(items) == int(sys.argv[1]), len(items)' "$(count foster_parents)" || fail "households after the upgrade"
need=$(sqlite3 "$db" "select id from needs where status = 'open' order by id limit 1")
api "/api/v1/needs/$need/candidates" | matches '"evaluated"' || fail "candidates after the upgrade"
# The pages need the sessions table the upgrade added: sign in.
printf 'upgrade password 1\n' | "$bin" user add --username upgrader --role admin >/dev/null 2>&1 || fail "user add"
curl -fs -c "$work/cookies" "http://127.0.0.1:$port/admin/login" -o "$work/login.html" || fail "login page"
csrf=$(grep -o 'name="csrf" value="[^"]*"' "$work/login.html" | head -1 | sed 's/.*value="//; s/"$//')
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$work/cookies" -c "$work/cookies" \
  --data-urlencode "username=upgrader" --data-urlencode "password=upgrade password 1" --data-urlencode "csrf=$csrf" \
  "http://127.0.0.1:$port/admin/login")
[[ $code == 303 || $code == 302 ]] || fail "signing in after the upgrade gave $code"
[ "$(count page_sessions)" = 1 ] || fail "no page session stored"
stop_server
echo "upgrade: passed"

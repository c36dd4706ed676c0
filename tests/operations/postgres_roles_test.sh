#!/usr/bin/env bash
# deploy/postgres-setup.sh on the test suite's PostgreSQL cluster: the owner role migrates; the
# service role serves, writes and runs the batch with row rights only, and can neither migrate
# nor create, alter or drop a table. Running the script again changes nothing.
bin=$1 src=$2 pg_dir=$3 pg_port=$4
source "$(dirname "$0")/common.sh"
export PGHOST=$pg_dir PGPORT=$pg_port PGUSER=postgres
# Roles are cluster-wide: names of this test's own.
database=fm_roles_test owner=fm_roles_owner service=fm_roles_service
drop_all() {
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $database" \
    -c "DROP ROLE IF EXISTS $service" -c "DROP ROLE IF EXISTS $owner" >/dev/null 2>&1 || true
}
drop_all
trap 'drop_all; cleanup' EXIT
setup() { "$src/deploy/postgres-setup.sh" --database $database --owner $owner --service $service; }
setup >"$work/setup.log" 2>&1 || fail "postgres-setup.sh: $(cat "$work/setup.log")"
grep -q "postgresql://$service:" "$work/setup.log" || fail "the script did not print the service URL"
url() { echo "postgresql://$1@/$database?host=$pg_dir&port=$pg_port"; }

out=$(FOSTERMATCH_DB=$(url $service) "$bin" migrate 2>&1) && fail "the service role migrated an empty database"
grep -q "fostermatch migrate" <<<"$out" || fail "the refusal does not say who migrates: $out"
FOSTERMATCH_DB=$(url $owner) "$bin" migrate >/dev/null 2>&1 || fail "the owner role cannot migrate"
setup >/dev/null 2>&1 || fail "postgres-setup.sh a second time"

export FOSTERMATCH_DB=$(url $service)
"$bin" migrate | matches "schema version" || fail "migrate on a current schema needs no rights"
"$bin" demo-data --today 2026-11-25 --households 30 --needs 5 >/dev/null 2>&1 || fail "demo-data as the service role"
"$bin" batch monthly --month 2026-11 >/dev/null 2>&1 || fail "batch monthly as the service role"
token=$("$bin" token create --role admin --label roles 2>/dev/null)
port=$(free_port)
start_server "$work/serve.log" serve --listen "127.0.0.1:$port"
body='{"agency_id":1,"household_name":"権限テスト家","region":"01101","types":["foster"],"registered_on":"2026-01-05","capacity":1,"accepts":{"age_min":0,"age_max":10}}'
curl -fs -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body" \
  "http://127.0.0.1:$port/api/v1/foster-parents" | matches '"id"' || fail "a write as the service role"
stop_server

as_service() { psql -X -q -U $service -d $database -v ON_ERROR_STOP=1 -c "$1" >/dev/null 2>&1; }
as_service "SELECT count(*) FROM foster_parents" || fail "the service role cannot read"
as_service "CREATE TABLE intruder (x int)" && fail "the service role created a table"
as_service "ALTER TABLE foster_parents ADD COLUMN intruder int" && fail "the service role altered a table"
as_service "DROP TABLE page_sessions" && fail "the service role dropped a table"
as_service "TRUNCATE audit_log" && fail "the service role truncated a table"
echo "postgres roles: passed"

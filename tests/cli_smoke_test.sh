#!/usr/bin/env bash
# The fostermatch binary end to end on a fresh SQLite file: migrate (twice), demo data, a token,
# serve, an authenticated request, durability of a write across kill -9, token list/revoke, SIGTERM
# shutdown, import, user add, migrate --regions, backup.
set -euo pipefail
bin=$1
work=$(mktemp -d)
trap 'kill -9 $pid 2>/dev/null || true; rm -rf "$work"' EXIT
export FOSTERMATCH_DB="sqlite3://$work/fm.db"
fail() { echo "FAIL: $*" >&2; [ -f "$work/serve.log" ] && tail -20 "$work/serve.log" >&2; exit 1; }

# grep -q stops reading at its first match, and under pipefail the writer's SIGPIPE then fails
# the pipeline; matches reads its input to the end.
matches() { grep "$@" >/dev/null; }

"$bin" --help | matches "serve" || fail "--help does not list serve"
"$bin" migrate | matches "schema version" || fail "migrate"
"$bin" migrate | matches "schema version" || fail "migrate is not idempotent"
"$bin" demo-data --today 2026-11-25 | matches "400 households" || fail "demo-data"
"$bin" demo-data --today 2026-11-25 >/dev/null 2>&1 && fail "demo-data must refuse a filled database"
token=$("$bin" token create --role admin --label smoke 2>/dev/null)
[[ $token == fm_* ]] || fail "token create printed '$token'"
[ "$(sqlite3 "$work/fm.db" "select count(*) from api_tokens where token_hash like '%$token%'")" = 0 ] \
  || fail "the token is stored in clear"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$port/healthz" | matches reachable || fail "healthz"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/agencies")
[ "$code" = 401 ] || fail "no token gave $code"
curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/agencies" | matches '"items"' \
  || fail "authenticated request"
grep -q "GET /api/v1/agencies 200" "$work/serve.log" || fail "no request log line"
grep -q "$token" "$work/serve.log" && fail "the token appears in the log"

# An accepted write survives kill -9 right after its response.
body='{"agency_id":1,"household_name":"耐久家","region":"01101","types":["foster"],"registered_on":"2026-01-05","capacity":1,"accepts":{"age_min":0,"age_max":10}}'
created=$(curl -fs -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body" \
  "http://127.0.0.1:$port/api/v1/foster-parents") || fail "POST foster parent"
kill -9 $pid
wait $pid 2>/dev/null || true
id=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["id"])' "$created")
"$bin" serve --listen "127.0.0.1:$port" >>"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/foster-parents/$id" | matches "耐久家" \
  || fail "the write acknowledged before kill -9 is gone"

# token list shows ids and roles, never a token; a token revoked on the command line gets 401 after
# the server's next data-version check (--version-check-ms, 200 ms; 5 s is the bound to fail at).
staff=$("$bin" token create --role staff --label revoke-me 2>/dev/null)
curl -fs -o /dev/null -H "Authorization: Bearer $staff" "http://127.0.0.1:$port/api/v1/regions" \
  || fail "a fresh staff token is refused"
listed=$("$bin" token list) || fail "token list"
grep -q $'\tstaff\t-\t.*\tactive\trevoke-me$' <<<"$listed" || fail "token list does not show the staff token: $listed"
grep -q "fm_" <<<"$listed" && fail "token list prints a token"
staff_id=$(echo "$listed" | awk -F'\t' '$6 == "revoke-me" {print $1}')
"$bin" token revoke "$staff_id" | matches "revoked" || fail "token revoke"
for _ in $(seq 50); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $staff" "http://127.0.0.1:$port/api/v1/regions")
  [ "$code" = 401 ] && break
  sleep 0.1
done
[ "$code" = 401 ] || fail "a revoked token gave $code"
"$bin" token list | matches $'\trevoked\trevoke-me$' || fail "token list does not show the revocation"
"$bin" token revoke "$staff_id" >/dev/null 2>&1 && fail "revoking twice must fail"

kill -TERM $pid
for _ in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
kill -0 $pid 2>/dev/null && fail "serve did not stop on SIGTERM"
wait $pid || fail "serve exited non-zero after SIGTERM"
grep -q "stopped" "$work/serve.log" || fail "no orderly stop"

printf 'external_id,foster_parent_id,course,completed_on,hours,provider,outcome\nCLI-1,1,practical,2026-10-01,6,x,completed\nCLI-2,1,yoga,2026-10-01,6,x,completed\n' > "$work/t.csv"
out=$("$bin" import trainings "$work/t.csv" 2>&1) && fail "an import with a bad line must exit non-zero"
grep -q "line 3: course" <<<"$out" || fail "import did not name the bad line: $out"
grep -q "inserted 1" <<<"$out" || fail "import did not keep the good line: $out"

# user add reads the password from stdin and stores only an Argon2id hash.
printf 'correct horse battery\n' | "$bin" user add --username alice --role staff | matches "user alice created" \
  || fail "user add"
hash=$(sqlite3 "$work/fm.db" "select password_hash from users where username = 'alice'")
[[ $hash == '$argon2id$'* ]] || fail "the password is not stored as an Argon2id hash: $hash"
printf 'short\n' | "$bin" user add --username bob --role staff >/dev/null 2>&1 && fail "a short password was accepted"
printf 'correct horse battery\n' | "$bin" user add --username alice --role staff >/dev/null 2>&1 \
  && fail "a taken username was accepted"

# migrate --regions loads (upserts) another city's regions; a bad file changes nothing.
printf 'code,name_ja,name_en,lat,lon\n01202,函館市,Hakodate,41.7687,140.7288\n' > "$work/regions.csv"
"$bin" migrate --regions "$work/regions.csv" >/dev/null 2>&1 || fail "migrate --regions"
[ "$(sqlite3 "$work/fm.db" "select name_en from regions where code = '01202'")" = Hakodate ] \
  || fail "migrate --regions did not load the region"
printf 'code,name_ja,name_en,lat,lon\n01203,小樽市,Otaru,north,141\n' > "$work/bad.csv"
"$bin" migrate --regions "$work/bad.csv" >/dev/null 2>&1 && fail "a bad regions file was accepted"
[ "$(sqlite3 "$work/fm.db" "select count(*) from regions where code = '01203'")" = 0 ] \
  || fail "a bad regions file left a region"

backup="$work/copy.db"
"$bin" backup "$backup" >/dev/null || fail "backup"
[ "$(sqlite3 "$backup" 'select count(*) from foster_parents')" = 401 ] || fail "backup content"
[ "$(sqlite3 "$backup" "select count(*) from users where username = 'alice'")" = 1 ] || fail "backup misses the user"
"$bin" backup "$backup" >/dev/null 2>&1 && fail "backup overwrote an existing file"
echo "cli smoke: 1 passed, 0 failed"

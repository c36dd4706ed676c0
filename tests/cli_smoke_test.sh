#!/usr/bin/env bash
# The fostermatch binary end to end on a fresh SQLite file: migrate (twice), demo data, a token,
# serve, an authenticated request, durability of a write across kill -9, SIGTERM shutdown.
set -euo pipefail
bin=$1
work=$(mktemp -d)
trap 'kill -9 $pid 2>/dev/null || true; rm -rf "$work"' EXIT
export FOSTERMATCH_DB="sqlite3://$work/fm.db"
fail() { echo "FAIL: $*" >&2; [ -f "$work/serve.log" ] && tail -20 "$work/serve.log" >&2; exit 1; }

"$bin" --help | grep -q "serve" || fail "--help does not list serve"
"$bin" migrate | grep -q "schema version" || fail "migrate"
"$bin" migrate | grep -q "schema version" || fail "migrate is not idempotent"
"$bin" demo-data --today 2026-11-25 | grep -q "400 households" || fail "demo-data"
"$bin" demo-data --today 2026-11-25 >/dev/null 2>&1 && fail "demo-data must refuse a filled database"
token=$("$bin" token create --role admin --label smoke 2>/dev/null)
[[ $token == fm_* ]] || fail "token create printed '$token'"
[ "$(sqlite3 "$work/fm.db" "select count(*) from api_tokens where token_hash like '%$token%'")" = 0 ] \
  || fail "the token is stored in clear"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$port/healthz" | grep -q reachable || fail "healthz"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/agencies")
[ "$code" = 401 ] || fail "no token gave $code"
curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/agencies" | grep -q '"items"' \
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
curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/foster-parents/$id" | grep -q "耐久家" \
  || fail "the write acknowledged before kill -9 is gone"

kill -TERM $pid
for _ in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
kill -0 $pid 2>/dev/null && fail "serve did not stop on SIGTERM"
wait $pid || fail "serve exited non-zero after SIGTERM"
grep -q "stopped" "$work/serve.log" || fail "no orderly stop"

printf 'external_id,foster_parent_id,course,completed_on,hours,provider,outcome\nCLI-1,1,practical,2026-10-01,6,x,completed\nCLI-2,1,yoga,2026-10-01,6,x,completed\n' > "$work/t.csv"
out=$("$bin" import trainings "$work/t.csv" 2>&1) && fail "an import with a bad line must exit non-zero"
echo "$out" | grep -q "line 3: course" || fail "import did not name the bad line: $out"
echo "$out" | grep -q "inserted 1" || fail "import did not keep the good line: $out"

backup="$work/copy.db"
"$bin" backup "$backup" >/dev/null || fail "backup"
[ "$(sqlite3 "$backup" 'select count(*) from foster_parents')" = 401 ] || fail "backup content"
echo "cli smoke: 1 passed, 0 failed"

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

kill -TERM $pid
for _ in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
kill -0 $pid 2>/dev/null && fail "serve did not stop on SIGTERM"
wait $pid || fail "serve exited non-zero after SIGTERM"
grep -q "stopped" "$work/serve.log" || fail "no orderly stop"

backup="$work/copy.db"
"$bin" backup "$backup" >/dev/null || fail "backup"
[ "$(sqlite3 "$backup" 'select count(*) from foster_parents')" = 400 ] || fail "backup content"
echo "cli smoke: 1 passed, 0 failed"

#!/usr/bin/env bash
# Scale-out end to end: PostgreSQL (a schema of its own in the ctest fixture's cluster), two
# `fostermatch serve` instances on loopback and nginx in front of both, run as the current user
# from a generated config in a temporary prefix. Checks, with curl:
#   - a write through one instance is read through the other at once, matching included
#     (a household suspended through A is no longer ranked by B), also through nginx;
#   - trainings imported with the CLI are ranked by both servers at once; a token revoked with
#     the CLI is refused by both within their version check (the bound to fail at is 5 s);
#   - POST /api/v1/match-runs on both instances at the same moment stores one run, seen by both;
#   - kill -9 of one instance while writes stream through nginx: every acknowledged write is
#     there, and nginx keeps serving reads and writes through the other.
#   scale_out_test.sh BIN        (FOSTERMATCH_TEST_PG: the fixture cluster's URL)
set -euo pipefail
bin=$1
base=${FOSTERMATCH_TEST_PG:?run through ctest, which starts the PostgreSQL fixture}
command -v nginx >/dev/null || PATH=$PATH:/usr/sbin
command -v nginx >/dev/null || { echo "nginx not found: deploy/setup.sh installs it" >&2; exit 1; }
work=$(mktemp -d)
schema="scale_$$"
pids=()
cleanup() {
  # TERM: the nginx master takes its worker along (a killed master would leave it running).
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  psql "$base" -qAtc "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for f in "$work"/*.log "$work"/nginx/error.log; do [ -f "$f" ] && { echo "--- $f" >&2; tail -15 "$f" >&2; }; done
  exit 1
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# Waits until `cmd…` succeeds; 30 s is the bound to fail at (the machine may be busy).
wait_for() { for _ in $(seq 300); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }
json() { python3 -c 'import json,sys; v=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }
now_ms() { date +%s%3N; }

psql "$base" -qAtc "CREATE SCHEMA $schema" || fail "create schema"
export FOSTERMATCH_DB="$base&options=-csearch_path%3D$schema"
"$bin" migrate >/dev/null || fail "migrate"
"$bin" demo-data --households 80 --needs 10 >/dev/null || fail "demo-data"
admin=$("$bin" token create --role admin --label scale 2>/dev/null)

pa=$(free_port) pb=$(free_port) pn=$(free_port)
A="http://127.0.0.1:$pa" B="http://127.0.0.1:$pb" N="http://127.0.0.1:$pn"
"$bin" serve --listen "127.0.0.1:$pa" --threads 1 --workers 4 >"$work/a.log" 2>&1 &
pid_a=$!
pids+=("$pid_a")
"$bin" serve --listen "127.0.0.1:$pb" --threads 1 --workers 4 >"$work/b.log" 2>&1 &
pids+=($!)

mkdir -p "$work/nginx"
# Workers run as the current user: `user` matters (and is allowed) only when that is root.
user_line=""
[ "$(id -u)" = 0 ] && user_line="user root;"
cat >"$work/nginx/nginx.conf" <<EOF
$user_line
daemon off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  upstream fostermatch {
    server 127.0.0.1:$pa max_fails=1 fail_timeout=30s;
    server 127.0.0.1:$pb max_fails=1 fail_timeout=30s;
    keepalive 8;
  }
  server {
    listen 127.0.0.1:$pn;
    location / {
      proxy_pass http://fostermatch;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_connect_timeout 2s;
      # A dead instance: try the other (a request already sent is not retried unless idempotent).
      proxy_next_upstream error timeout http_502 http_503;
    }
  }
}
EOF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
pids+=($!)
wait_for curl -fs "$A/healthz" || fail "instance A did not start"
wait_for curl -fs "$B/healthz" || fail "instance B did not start"
wait_for curl -fs "$N/healthz" || fail "nginx did not start"

get() { curl -s -H "Authorization: Bearer $admin" "$@"; }
send() {  # METHOD URL BODY → prints "STATUS BODY"
  curl -s -w '\n%{http_code}' -X "$1" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d "$3" "$2" | python3 -c 'import sys; b=sys.stdin.read().rsplit("\n",1); print(b[1], b[0])'
}
created_id() { [ "${1%% *}" = 201 ] || return 1; echo "${1#* }" | json 'v["id"]'; }
ranking() {  # BASE NEED HOUSEHOLD → "ranked" or "not ranked" (anything else is a failure)
  get "$1/api/v1/needs/$2/candidates?limit=100" |
    python3 -c 'import json,sys; print("ranked" if int(sys.argv[1]) in [c["foster_parent_id"] for c in json.load(sys.stdin)["candidates"]] else "not ranked")' "$3" \
    || fail "candidates through $1"
}
ranked() { [ "$(ranking "$@")" = ranked ]; }
not_ranked() { [ "$(ranking "$@")" = "not ranked" ]; }
household() {
  printf '{"agency_id":1,"household_name":"%s","region":"01101","types":["foster"],"registered_on":"2025-04-01","capacity":2,"accepts":{"age_min":0,"age_max":12,"max_siblings":2}}' "$1"
}

# 1. A write through A is read through B at once, matching included.
need=$(created_id "$(send POST "$A/api/v1/needs" '{"case_ref":"C-SCALE-1","region":"01101","child":{"age_years":6,"sex":"female"},"kind":"long_term","earliest_start":"2026-12-01"}')") \
  || fail "POST need through A"
get -f "$B/api/v1/needs/$need" >/dev/null || fail "a need created through A is not read through B"
fp=$(created_id "$(send POST "$A/api/v1/foster-parents" "$(household scale)")") || fail "POST household through A"
printf 'external_id,foster_parent_id,course,completed_on,hours,provider,outcome\nS-%s-1,%s,basic,2025-03-01,6,p,completed\nS-%s-2,%s,pre_registration,2025-03-02,6,p,completed\nS-%s-3,%s,practical,2025-06-01,6,p,completed\n' \
  "$fp" "$fp" "$fp" "$fp" "$fp" "$fp" >"$work/t.csv"
not_ranked "$A" "$need" "$fp" || fail "an untrained household is ranked by A"
not_ranked "$B" "$need" "$fp" || fail "an untrained household is ranked by B"
"$bin" import trainings "$work/t.csv" >/dev/null 2>&1 || fail "import trainings"
ranked "$A" "$need" "$fp" || fail "A does not rank a household the CLI import made ready"
ranked "$B" "$need" "$fp" || fail "B does not rank a household the CLI import made ready"
r=$(send PATCH "$A/api/v1/foster-parents/$fp" '{"status":"suspended"}')
[ "${r%% *}" = 200 ] || fail "PATCH through A: $r"
not_ranked "$B" "$need" "$fp" || fail "B still ranks a household suspended through A"
r=$(send PATCH "$N/api/v1/foster-parents/$fp" '{"status":"active"}')
[ "${r%% *}" = 200 ] || fail "PATCH through nginx: $r"
for _ in 1 2 3 4; do ranked "$N" "$need" "$fp" || fail "a read through nginx does not rank a reactivated household"; done

# 2. A token revoked with the CLI is refused by both instances within their version check.
staff=$("$bin" token create --role staff --label scale-revoke 2>/dev/null)
for base_url in "$A" "$B"; do
  curl -fs -o /dev/null -H "Authorization: Bearer $staff" "$base_url/api/v1/regions" || fail "staff token refused"
done
staff_id=$("$bin" token list | awk -F'\t' '$6 == "scale-revoke" {print $1}')
"$bin" token revoke "$staff_id" >/dev/null || fail "token revoke"
revoked_at=$(now_ms)
refused() { [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $staff" "$1/api/v1/regions")" = 401 ]; }
for _ in $(seq 200); do refused "$A" && refused "$B" && break; sleep 0.01; done
refused "$A" && refused "$B" || fail "a revoked token still works (bound: 200 polls)"
echo "scale-out: a CLI revocation was refused by both instances $(( $(now_ms) - revoked_at )) ms after the CLI returned"

# 3. POST /match-runs on both at once stores one run. The month's lock is held until both
#    instances have computed and wait on it: the moment two simultaneous starts would race.
month=2027-01
# The key MatchRunRepository::LockMonth takes for the month, and its halves as pg_locks shows them.
read -r key classid objid < <(python3 -c 'k=0x6d6174636800+2027*100+1; print(k, k>>32, k&0xffffffff)')
mkfifo "$work/lock.fifo"
psql "$base" -qAt <"$work/lock.fifo" >/dev/null 2>&1 &
pids+=($!)
exec 3>"$work/lock.fifo"
echo "SELECT pg_advisory_lock($key);" >&3
lock_count() {
  psql "$base" -qAtc "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = $classid AND objid = $objid AND granted = $1"
}
lock_held() { [ "$(lock_count true)" = 1 ]; }
wait_for lock_held || fail "the test could not take the month's lock"
for base_url in "$A" "$B"; do
  r=$(send POST "$base_url/api/v1/match-runs" "{\"month\":\"$month\"}")
  [ "${r%% *}" = 202 ] || [ "${r%% *}" = 200 ] || fail "POST match-runs: $r"
done
waiting() { [ "$(lock_count false)" = 2 ]; }
wait_for waiting || fail "the two runs did not both wait for the month's lock"
echo "SELECT pg_advisory_unlock_all();" >&3
exec 3>&-
stored() { get -f "$1/api/v1/match-runs/$month" | json 'v["created_at"]'; }
run_done() { [ "$(get "$1/api/v1/match-runs/$month/status" | json 'v["state"]')" = done ]; }
wait_for run_done "$A" && wait_for run_done "$B" || fail "the runs did not finish on both instances"
[ "$(stored "$A")" = "$(stored "$B")" ] || fail "the two instances show different runs"
runs=$(psql "$base" -qAtc "SELECT count(*) FROM $schema.audit_log WHERE action = 'run' AND entity_id = '$month'")
[ "$runs" = 1 ] || fail "the month was run $runs times"

# 4. kill -9 one instance while writes stream through nginx: nothing acknowledged is lost.
: >"$work/acked"
writer() {  # curl alone, to keep the stream dense; a write in flight to the killed instance may
  # fail: it was not acknowledged
  for i in $(seq 60); do
    code=$(curl -s -o "$work/written.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $admin" \
      -H 'Content-Type: application/json' -d "$(household "scale-$i")" "$N/api/v1/foster-parents") || code=000
    [ "$code" = 201 ] && grep -o '"id":[0-9]*' "$work/written.json" | head -n 1 | cut -d: -f2 >>"$work/acked"
  done
  return 0
}
writer &
writer_pid=$!
acked_at_least() { [ "$(wc -l <"$work/acked")" -ge "$1" ]; }
wait_for acked_at_least 20 || fail "writes through nginx did not get through"
kill -9 "$pid_a"
at_kill=$(wc -l <"$work/acked")
wait "$writer_pid" || true
acked=$(wc -l <"$work/acked")
[ "$acked" -ge 55 ] || fail "only $acked of 60 writes were acknowledged after one instance died"
while read -r id; do
  get -f -o /dev/null "$N/api/v1/foster-parents/$id" || fail "acknowledged household $id is gone"
done <"$work/acked"
for _ in $(seq 10); do get -f -o /dev/null "$N/api/v1/needs/$need" || fail "nginx stopped serving reads"; done
created_id "$(send POST "$N/api/v1/foster-parents" "$(household scale-after)")" >/dev/null \
  || fail "nginx stopped serving writes"
echo "scale-out: $acked of 60 writes acknowledged (kill -9 of one instance after $at_kill), none lost"
echo "scale-out test passed"

#!/usr/bin/env bash
# Load on loopback with wrk against a server on a fresh SQLite demo database.
#   tests/bench/http_bench.sh [build/service/fostermatch] [seconds]
set -euo pipefail
bin=${1:-build/service/fostermatch}
seconds=${2:-10}
work=$(mktemp -d)
export FOSTERMATCH_DB="sqlite3://$work/bench.db"
"$bin" demo-data --today 2026-11-25 >/dev/null 2>&1
token=$("$bin" token create --role staff 2>/dev/null)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" --log-level warn serve --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
need=$(sqlite3 "$work/bench.db" "select id from needs where status = 'open' order by id limit 1")
run() {
  echo "== $1"
  wrk -t2 -c32 -d"${seconds}s" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$port$1" \
    | grep -E "Requests/sec|Latency |50%|99%"
}
run /healthz
run "/api/v1/regions"
run "/api/v1/foster-parents?limit=50"
run "/api/v1/long-unplaced?limit=50"
run "/api/v1/needs/$need/candidates?limit=10"

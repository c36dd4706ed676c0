#!/usr/bin/env bash
# Reads' audit entries by group commit: wrk (2 threads, 64 connections) against `GET /` and a
# need's candidates, for each BINARY:WORKERS on a copy of one SQLite demo database, then the
# group commit's counters from /metrics.
#   tests/bench/audit_bench.sh SECONDS BINARY:WORKERS...
set -euo pipefail
seconds=$1; shift
work=$(mktemp -d)
first=${1%%:*}
FOSTERMATCH_DB="sqlite3://$work/seed.db" "$first" demo-data --today 2026-11-25 >/dev/null 2>&1
token=$(FOSTERMATCH_DB="sqlite3://$work/seed.db" "$first" token create --role staff 2>/dev/null)
need=$(sqlite3 "$work/seed.db" "select id from needs where status = 'open' order by id limit 1")
for spec in "$@"; do
  bin=${spec%%:*}; workers=${spec##*:}
  cp "$work/seed.db" "$work/run.db"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  FOSTERMATCH_DB="sqlite3://$work/run.db" "$bin" --log-level warn serve --listen "127.0.0.1:$port" --workers "$workers" >"$work/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
  for path in / "/api/v1/needs/$need/candidates?limit=10"; do
    echo "== $spec $path"
    wrk -t2 -c64 -d"${seconds}s" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$port$path" \
      | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors" | tr -s ' ' | tr "\n" " " || true; echo
  done
  (curl -s "http://127.0.0.1:$port/metrics" | grep -E "^fostermatch_audit_read_(commits|entries)_total" | tr "\n" " ") || true; echo
  kill $pid; wait $pid 2>/dev/null || true
done
rm -rf "$work"

#!/usr/bin/env bash
# The service under wrk on loopback (2 threads, 64 connections), on SQLite and on a throw-away
# PostgreSQL cluster, with the demo city and with 50,000 homes, all in one run; prints Markdown
# tables for the README: each request's 2xx/s as a ratio of the static `GET /` ceiling (a constant
# JSON document) measured in the same run, p50, p99 and errors; candidates while a client PATCHes a
# home every 100 ms; long-unplaced for one client; /healthz every 10 ms while other requests
# saturate the server; server RSS before and after a soak of mixed reads and writes. The probe and
# the writer are http_bench_paced.py, one connection from 127.0.0.2 (the 64 from 127.0.0.1 fill the
# server's per-client limit). Each measurement starts once the server and cluster are idle again.
#   tests/bench/http_bench.sh [BUILD_DIR|BINARY] [seconds] [soak_seconds]
# BUILD_DIR (default build-release) is configured as a Release build and fostermatch built in it;
# a path to a binary is used as it is. Subsets: BENCH_ENGINES="sqlite postgresql",
# BENCH_SIZES="demo 50000" (a number N means N homes and 15% as many open needs, the demo's mix).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
target=${1:-build-release}
seconds=${2:-10}
soak_seconds=${3:-300}
engines=${BENCH_ENGINES:-sqlite postgresql}
sizes=${BENCH_SIZES:-demo 50000}
threads=2 connections=64 timeout=10s
heavy_share=10  # serve's --heavy-workers + --heavy-queue, by default

if [ -f "$target" ] && [ -x "$target" ]; then
  bin=$target
else
  if [ ! -f "$target/CMakeCache.txt" ]; then
    cmake -S "$source_dir" -B "$target" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  grep -q '^CMAKE_BUILD_TYPE:STRING=Release$' "$target/CMakeCache.txt" \
    || echo "warning: $target is not a Release build" >&2
  cmake --build "$target" --target fostermatch >&2
  bin=$target/service/fostermatch
fi
bin=$(realpath "$bin")

work=$(mktemp -d)
results=$work/results.tsv
server_pid='' pg_dir='' background=()
cleanup() {
  for p in "${background[@]}" $server_pid; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -z "$pg_dir" ] || "$here/../pg_cluster.sh" stop "$pg_dir"
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_bin() { echo "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/$1"; }

# A cluster like tests/pg_cluster.sh's (unix socket only), but with fsync on: its commits are as
# durable as SQLite's synchronous=FULL ones, so the two engines pay for the same promise.
pg_start() {
  pg_dir=/tmp/fostermatch-bench-pg-$$ pg_port=$(free_port)
  rm -rf "$pg_dir" && mkdir -p "$pg_dir"
  [ "$(id -u)" != 0 ] || chown postgres:postgres "$pg_dir"
  as_postgres "$(pg_bin initdb)" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
    >"$pg_dir/initdb.log" 2>&1 || { cat "$pg_dir/initdb.log" >&2; exit 1; }
  as_postgres "$(pg_bin pg_ctl)" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
    -o "-k $pg_dir -p $pg_port -c listen_addresses='' -c max_connections=200" start >/dev/null \
    || { cat "$pg_dir/server.log" >&2; exit 1; }
}
psql_on() { psql -h "$pg_dir" -p "$pg_port" -U postgres -d "$1" -v ON_ERROR_STOP=1 -Atq -c "$2"; }

# The database URL for ENGINE and SIZE, created empty.
database() {
  case $1 in
    sqlite) echo "sqlite3://$work/$2.db" ;;
    postgresql)
      psql_on postgres "CREATE DATABASE bench_$2" >/dev/null
      echo "postgresql://postgres@/bench_$2?host=$pg_dir&port=$pg_port"
      ;;
  esac
}
query() {  # ENGINE SIZE SQL
  case $1 in
    sqlite) sqlite3 "$work/$2.db" "$3" ;;
    postgresql) psql_on "bench_$2" "$3" ;;
  esac
}

# CPU ticks of the server and of the cluster's processes: `settle` waits until they are idle,
# so that one measurement's leftover work (a queue of heavy pages) is not charged to the next.
busy_ticks() {
  local pids=$server_pid
  if [ -n "$pg_dir" ] && [ -f "$pg_dir/data/postmaster.pid" ]; then
    local postmaster
    postmaster=$(head -n 1 "$pg_dir/data/postmaster.pid")
    pids="$pids $postmaster $(pgrep -P "$postmaster" | tr '\n' ' ')"
  fi
  # Backends come and go: cat skips the files of those that ended.
  # shellcheck disable=SC2046,SC2086
  { cat $(printf '/proc/%s/stat ' $pids) 2>/dev/null || true; } | awk '{t += $14 + $15} END {print t + 0}'
}
settle() {
  local before after
  for _ in $(seq 240); do
    before=$(busy_ticks) && sleep 0.5 && after=$(busy_ticks)
    [ $((after - before)) -gt 3 ] || return 0
  done
  echo "warning: the server is still busy after 120 s" >&2
}

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$server_pid/status"; }

# wrk with http_bench.lua over the requests in FILE: NAME FILE THREADS CONNECTIONS SECONDS
# [TOKEN]; the RESULT line lands in $work/NAME.out.
load() {
  BENCH_REQUESTS=$2 BENCH_TOKEN=${6:-$staff_token} \
    wrk -t"$3" -c"$4" -d"$5s" --timeout "$timeout" -s "$here/http_bench.lua" "$base" >"$work/$1.out" 2>&1
}
# One client on one connection, a request every INTERVAL_MS: NAME FILE INTERVAL_MS SECONDS.
paced() {
  python3 "$here/http_bench_paced.py" "$base" "$2" "$3" "$4" "$staff_token" >"$work/$1.out" 2>&1
}
# The server's own count of responses by status class and by route (/metrics, free on loopback):
# `begin` notes it, `record` names the non-2xx answers given since, e.g. "5xx ×40 (by route: 503
# ×2 GET /healthz)"; the server's own 503s (a full heavy queue) have no route.
route_counts() {
  curl -fs "$base/metrics" | grep -E '^fostermatch_http_(responses|requests)_total' || true
}
begin() { settle; route_counts >"$work/counts.before"; }
non_2xx_since_begin() {
  route_counts | awk 'NR == FNR {before[$1] = $2; next}
    function label(name, len) {
      if (!match($1, name "=\"[^\"]*\"")) return ""
      return substr($1, RSTART + len + 2, RLENGTH - len - 3)
    }
    !/(status|code)="2/ && $2 - before[$1] > 0 {
      n = $2 - before[$1]
      if ($1 ~ /^fostermatch_http_responses_total/) { all = all sep1 label("code", 4) " ×" n; sep1 = ", " }
      else { routes = routes sep2 label("status", 6) " ×" n " " label("method", 6) " " label("route", 5); sep2 = ", " }
    }
    END { if (all != "") printf "%s%s", all, routes == "" ? "" : " (by route: " routes ")" }' \
    "$work/counts.before" -
}
# One row of results: ENGINE SIZE LABEL NAME [NOTE]
record() {
  local result note=${5:-} statuses
  result=$(grep '^RESULT' "$work/$4.out") || { cat "$work/$4.out" >&2; exit 1; }
  statuses=$(non_2xx_since_begin)
  [ -z "$statuses" ] || note="${note:+$note; }server: $statuses"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$4" "$3" "$(tr ' ' '\t' <<<"${result#RESULT }")" \
    "$note" >>"$results"
}
result_field() { grep '^RESULT' "$work/$1.out" | cut -d' ' -f"$2"; }
errors_of() { echo $(($(result_field "$1" 6) + $(result_field "$1" 7))); }
p99_ms() { awk -v us="$(result_field "$1" 5)" 'BEGIN {printf "%.1f ms", us / 1000}'; }
requests_per_s() {  # NAME → 2xx/s
  awk -v n="$(result_field "$1" 2)" -v d="$(result_field "$1" 3)" -v e="$(result_field "$1" 6)" \
    'BEGIN {printf "%.1f", (n - e) / (d / 1e6)}'
}

# The request files: one request a line (see http_bench.lua).
write_requests() {  # ENGINE SIZE
  local homes needs
  homes=$(query "$1" "$2" "SELECT id FROM foster_parents ORDER BY id")
  needs=$(query "$1" "$2" "SELECT id FROM needs WHERE status = 'open' ORDER BY id")
  echo "GET /" >"$work/ceiling.req"
  echo "GET /healthz" >"$work/healthz.req"
  echo "GET /api/v1/foster-parents?limit=50" >"$work/list.req"
  echo "GET /api/v1/long-unplaced?limit=50" >"$work/long_unplaced.req"
  sed 's|^|GET /api/v1/foster-parents/|' <<<"$homes" >"$work/by_id.req"
  sed 's|^|GET /api/v1/needs/|; s|$|/candidates|' <<<"$needs" >"$work/candidates.req"
  # The writer flips respite_only (a field the ranking reads) on 50 homes spread over the ids.
  awk -v n="$(wc -l <<<"$homes")" 'NR % int(n / 50 + 1) == 0' <<<"$homes" \
    | sed 's|^\(.*\)$|PATCH /api/v1/foster-parents/\1 application/json {"respite_only":{flip}}|' \
      >"$work/writer.req"
  # An import of 1,000 training lines, the same lines each time (every one an update after the first).
  awk 'BEGIN {srand(7); print "external_id,foster_parent_id,course,completed_on,hours,provider,outcome"}
       {id[NR] = $1} END {for (i = 0; i < 1000; i++)
         printf "BENCH-%d,%d,practical,2025-%02d-%02d,6,bench,completed\n", i, id[int(rand() * NR) + 1],
                int(rand() * 12) + 1, int(rand() * 28) + 1}' <<<"$homes" >"$work/import.csv"
  echo "POST /api/v1/trainings/import text/csv @$work/import.csv" >"$work/import.req"
  # The soak's readers: of every 10 requests 4 by id, 3 candidates, 2 lists, 1 long-unplaced page.
  awk -v homes="$work/by_id.req" -v needs="$work/candidates.req" '
    BEGIN {
      while ((getline l < homes) > 0) h[nh++] = l
      while ((getline l < needs) > 0) c[nc++] = l
      for (i = 0; i < 10000; i++) {
        k = i % 10
        if (k < 4) print h[i % nh]
        else if (k < 7) print c[i % nc]
        else if (k < 9) print "GET /api/v1/foster-parents?limit=50"
        else print "GET /api/v1/long-unplaced?limit=50"
      }
    }' >"$work/soak.req"
}

# Candidates while one client PATCHes every 100 ms, against candidates alone: three rounds
# interleaved with runs alone (alone, mixed, alone, mixed, alone, mixed, alone), each mixed run
# compared with the mean of the runs alone on either side, so that a drift of the machine or the
# server over the minute is not charged to the writes. The row is the round with the median ratio.
measure_under_writes() {  # ENGINE SIZE
  local e=$1 s=$2 round ratios=() alone_before alone_after mixed
  alone_before=$(requests_per_s candidates)
  begin  # the server's non-2xx answers are counted over all seven runs
  for round in 1 2 3; do
    settle
    paced "writer_$round" "$work/writer.req" 100 "$seconds" &
    background+=($!)
    load "mixed_$round" "$work/candidates.req" $threads $connections "$seconds"
    wait "${background[-1]}"
    mixed=$(requests_per_s "mixed_$round")
    settle
    load "alone_$round" "$work/candidates.req" $threads $connections "$seconds"
    alone_after=$(requests_per_s "alone_$round")
    ratios+=("$(awk -v a="$alone_before" -v b="$alone_after" -v m="$mixed" \
      'BEGIN {printf "%.2f", (a + b > 0 ? 2 * m / (a + b) : 0)}') $round")
    alone_before=$alone_after
  done
  local median all
  median=$(printf '%s\n' "${ratios[@]}" | sort -n | sed -n 2p)
  all=$(printf '%s\n' "${ratios[@]}" | cut -d' ' -f1 | paste -sd' ')
  round=${median#* }
  cp "$work/writer_$round.out" "$work/writer.out"
  cp "$work/mixed_$round.out" "$work/mixed.out"
  record "$e" "$s" 'candidates while a client PATCHes a home every 100 ms' mixed \
    "${median% *} of candidates alone (median of 3 rounds interleaved with runs alone: $all); \
$(result_field writer 2) PATCHes, p99 $(p99_ms writer), $(errors_of writer) errors"
}

# Every measurement of one engine at one size, into $results.
measure() {  # ENGINE SIZE
  local e=$1 s=$2
  begin
  load ceiling "$work/ceiling.req" $threads $connections "$seconds"
  record "$e" "$s" '`GET /` (static ceiling)' ceiling
  begin
  load by_id "$work/by_id.req" $threads $connections "$seconds"
  record "$e" "$s" '`GET /api/v1/foster-parents/{id}`' by_id "ids rotated"
  begin
  load list "$work/list.req" $threads $connections "$seconds"
  record "$e" "$s" '`GET /api/v1/foster-parents?limit=50`' list
  begin
  load candidates "$work/candidates.req" $threads $connections "$seconds"
  record "$e" "$s" '`GET /api/v1/needs/{id}/candidates`' candidates \
    "open needs rotated; each of the $(cut -d' ' -f1 "$work/cold_candidates.out") ranked once \
before, one client, in $(cut -d' ' -f2 "$work/cold_candidates.out") s"

  measure_under_writes "$e" "$s"

  begin
  load long_unplaced "$work/long_unplaced.req" $threads $connections "$seconds"
  record "$e" "$s" '`GET /api/v1/long-unplaced?limit=50`' long_unplaced
  # One page's own time (the target is per page), without 63 other clients queued before it.
  begin
  load single_long_unplaced "$work/long_unplaced.req" 1 1 "$seconds"
  record "$e" "$s" '`GET /api/v1/long-unplaced?limit=50`, one client' single_long_unplaced \
    "the first page after start took $(cat "$work/first_page.seconds") s"

  # A probe every 10 ms on one connection while 64 others saturate the server. Imports come from
  # as many clients as the heavy share admits (2 running + 8 queued by default): it stays full,
  # and no client is refused (64 would have 54 answered 503 at once, the share's load shedding).
  for busy in long_unplaced candidates import; do
    begin
    load "saturate_$busy" "$work/$busy.req" $threads \
      "$([ $busy = import ] && echo $heavy_share || echo $connections)" $((seconds + 1)) \
      "$([ $busy = import ] && echo "$trainer_token" || echo "$staff_token")" &
    background+=($!)
    sleep 0.5
    paced "probe_$busy" "$work/healthz.req" 10 "$seconds"
    wait "${background[-1]}"
    record "$e" "$s" "\`/healthz\` while ${busy//_/-} saturates" "probe_$busy" \
      "${busy//_/-}: $(requests_per_s "saturate_$busy") 2xx/s, $(result_field "saturate_$busy" 6) non-2xx, \
$(result_field "saturate_$busy" 7) socket errors"
  done

  begin
  local rss_before rss_after
  rss_before=$(rss_kib)
  paced soak_writer "$work/writer.req" 100 "$soak_seconds" &
  background+=($!)
  # RSS at the end of each fifth of the soak: caches filling up level off, a leak keeps growing.
  local sampler
  { for _ in 1 2 3 4 5; do sleep $((soak_seconds / 5)); echo $(($(rss_kib) / 1024)); done \
      | paste -sd' ' >"$work/soak_rss"; } &
  sampler=$!
  background+=("$sampler")
  load soak "$work/soak.req" $threads $connections "$soak_seconds"
  wait "${background[-2]}" "$sampler"
  settle
  rss_after=$(rss_kib)
  record "$e" "$s" "soak, ${soak_seconds} s: 4 by-id, 3 candidates, 2 lists, 1 long-unplaced + PATCH every 100 ms" \
    soak "RSS $((rss_before / 1024)) → $((rss_after / 1024)) MiB (each fifth: $(cat "$work/soak_rss")); \
$(result_field soak_writer 2) PATCHes, p99 $(p99_ms soak_writer), $(errors_of soak_writer) errors"
}

# The data through the CLI's own generator, the same seed on both engines.
load_data() {  # SIZE
  local options=(--today 2026-11-25)
  [ "$1" = demo ] || options+=(--households "$1" --needs $(($1 * 15 / 100)))
  "$bin" demo-data "${options[@]}" 2>/dev/null
}

start_server() {
  port=$(free_port) base=http://127.0.0.1:$port
  "$bin" --log-level warn serve --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 600); do curl -fs "$base/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done
  cat "$work/serve.log" >&2
  exit 1
}
stop_server() { kill "$server_pid" && wait "$server_pid" || true; server_pid=; }

warm_up() {  # builds what the first reads build, outside the measurements
  for path in / "/api/v1/foster-parents?limit=50" "$(sed -n '1s/^GET //p' "$work/candidates.req")"; do
    curl -fs -m 300 -H "Authorization: Bearer $staff_token" "$base$path" >/dev/null
  done
  curl -fs -m 300 -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $staff_token" \
    "$base/api/v1/long-unplaced?limit=50" >"$work/first_page.seconds"
  # Every open need ranked once, as a server that has been up a while has them: the measurements
  # are of a running server, and this cold pass is reported beside them.
  python3 - "$base" "$work/candidates.req" "$staff_token" >"$work/cold_candidates.out" <<'PY'
import http.client, sys, time, urllib.parse
base, requests, token = sys.argv[1:4]
url = urllib.parse.urlparse(base)
connection = http.client.HTTPConnection(url.hostname, url.port, timeout=300)
started, count = time.time(), 0
for line in open(requests):
    connection.request("GET", line.split()[1], headers={"Authorization": "Bearer " + token})
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        sys.exit(f"{line.strip()}: {response.status}")
    count += 1
print(f"{count} {time.time() - started:.1f}")
PY
}

started=$(date -u '+%Y-%m-%d %H:%M UTC') load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for engine in $engines; do
  [ "$engine" != postgresql ] || pg_start
  for size in $sizes; do
    export FOSTERMATCH_DB
    FOSTERMATCH_DB=$(database "$engine" "$size")
    echo "== $engine, $size: $(load_data "$size")" >&2
    staff_token=$("$bin" token create --role staff 2>/dev/null)
    trainer_token=$("$bin" token create --role trainer 2>/dev/null)
    write_requests "$engine" "$size"
    start_server
    warm_up
    measure "$engine" "$size"
    echo "$engine	$size	homes	$(wc -l <"$work/by_id.req")	$(wc -l <"$work/candidates.req")" >>"$work/sizes.tsv"
    stop_server
  done
  if [ "$engine" = postgresql ]; then "$here/../pg_cluster.sh" stop "$pg_dir"; pg_dir=; fi
done

pg_version=$(psql --version | awk '{print $3}')
machine="$started, $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), \
$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr), \
fostermatch $(git -C "$source_dir" rev-parse --short HEAD 2>/dev/null || echo '?') \
($(grep -m1 '^CMAKE_BUILD_TYPE' "$(dirname "$(dirname "$bin")")/CMakeCache.txt" 2>/dev/null | cut -d= -f2 || echo '?')), \
SQLite $(sqlite3 --version | cut -d' ' -f1), PostgreSQL $pg_version (fsync on, unix socket), \
wrk 2 threads / 64 connections, ${seconds} s each, load average $load_before before and \
$(cut -d' ' -f1-3 /proc/loadavg) after"
python3 "$here/http_bench_table.py" "$results" "$work/sizes.tsv" "$machine"

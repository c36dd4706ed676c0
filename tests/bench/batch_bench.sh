#!/usr/bin/env bash
# The monthly batch at national scale: 50,000 homes and 10,000 open needs in 47 clusters of 20
# regions on SQLite, timed end to end (load, rank, assign, write the run) with its peak memory.
# tests/bench/assignment_bench.sh compares the assignment itself with CBC.
#   tests/bench/batch_bench.sh [build] [assignment budget]
set -euo pipefail
build=${1:-build}
budget=${2:-2000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/tests/national_bench" --db "sqlite3://$work/national.db" --homes 50000 --needs 10000
/usr/bin/time -f 'whole batch: %e s wall, %U s user, peak memory %M KiB' \
  "$build/service/fostermatch" --db "sqlite3://$work/national.db" --log-level warn batch monthly \
  --assignment-budget "$budget"

#!/usr/bin/env bash
# The first matching read after one household's write, at national scale (50,000 homes on
# SQLite, or on PostgreSQL with a URL to an empty database): a full load (the cost of every read
# after any write before the change log) against the patched snapshot.
#   tests/bench/snapshot_bench.sh [build] [database URL]
set -euo pipefail
build=${1:-build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
url=${2:-sqlite3://$work/national.db}
"$build/tests/national_bench" --db "$url" --homes 50000 --needs 10000
"$build/tests/snapshot_bench" --db "$url" --writes 20

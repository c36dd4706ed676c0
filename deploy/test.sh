#!/usr/bin/env bash
# Sets up everything (packages, build) and runs the whole test suite. CTest starts and stops
# its own throw-away PostgreSQL cluster (tests/pg_cluster.sh); nothing else needs to run.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/setup.sh
cd build
ctest --output-on-failure --parallel "$(nproc)" --timeout 300

#!/usr/bin/env bash
# Sets up everything (packages, build) and runs the whole test suite. CTest starts and stops
# its own throw-away PostgreSQL cluster (tests/pg_cluster.sh); nothing else needs to run.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/setup.sh
# Formatting is part of the contract: every source file as .clang-format has it.
unformatted=$(git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run -Werror 2>&1 | grep -c 'error:' || true)
if [ "$unformatted" != 0 ]; then
  git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run -Werror 2>&1 | grep 'error:' | cut -d: -f1 | sort -u
  echo "test: the files above differ from .clang-format (run clang-format -i on them)"
  exit 1
fi
(cd build && ctest --output-on-failure --parallel "$(nproc)" --timeout 300)

# The whole suite again under ASan + UBSan (GCC), in build-sanitize/.
cmake --preset sanitize >/dev/null
start=$(date +%s)
cmake --build --preset sanitize --parallel "$(nproc)"
echo "test: sanitizer build in $(( $(date +%s) - start ))s"
ctest --preset sanitize --timeout 600

# Each libFuzzer target over its seed corpus once, no fuzzing (clang-14), in build-fuzz/.
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --parallel "$(nproc)"
ctest --test-dir build-fuzz --output-on-failure

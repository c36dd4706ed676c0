#!/bin/sh
# libFuzzer targets of fostermatch (tests/fuzz/*.cpp), built in their own directory with clang:
#
#   CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DFOSTERMATCH_FUZZ=ON \
#       -DFOSTERMATCH_BUILD_TESTS=OFF -DFOSTERMATCH_BUILD_BENCHMARKS=OFF
#   cmake --build build-fuzz --target fuzz --parallel 1
#
# Usage:
#   tests/fuzz/run.sh TARGET SECONDS      fuzz TARGET for SECONDS (e.g. fuzz_json_body 120)
#   tests/fuzz/run.sh --replay [BINARY]   run each target (or BINARY) over its seed corpus once,
#                                         no fuzzing; exit status non-zero if any input fails
#   tests/fuzz/run.sh --list              the targets
#
# FUZZ_BUILD_DIR (default: build-fuzz at the repository root) holds the binaries. Fuzzing starts
# from tests/fuzz/corpus/TARGET and keeps what it finds in FUZZ_BUILD_DIR/fuzz-corpus/TARGET (the
# seed corpus in git stays small); crashes land in FUZZ_BUILD_DIR/fuzz-artifacts/ — copy one into
# tests/fuzz/corpus/TARGET once fixed, so the replay keeps it fixed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
targets="fuzz_json_body fuzz_csv_import fuzz_query fuzz_router fuzz_http_request"
# ASan: report leaks too; UBSan: a report is a failure.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

replay() {  # replay BINARY: every seed file once
  binary=$1
  name=$(basename "$binary")
  corpus=$here/corpus/$name
  [ -x "$binary" ] || { echo "no fuzz binary $binary (build the fuzz target first)" >&2; return 1; }
  [ -d "$corpus" ] || { echo "no corpus $corpus" >&2; return 1; }
  count=$(find "$corpus" -type f | wc -l)
  # Files given one by one run once each: libFuzzer does not mutate them.
  find "$corpus" -type f -print0 | xargs -0 "$binary" -rss_limit_mb=2048 >/dev/null 2>"$build/$name.replay.log" || {
    cat "$build/$name.replay.log" >&2
    echo "$name: FAILED on its corpus" >&2
    return 1
  }
  echo "$name: $count inputs replayed, all passed"
}

case "${1:-}" in
  --list)
    echo "$targets" | tr ' ' '\n'
    ;;
  --replay)
    mkdir -p "$build"
    if [ $# -ge 2 ]; then
      replay "$2"
    else
      status=0
      for t in $targets; do replay "$build/tests/fuzz/$t" || status=1; done
      exit $status
    fi
    ;;
  fuzz_*)
    [ $# -eq 2 ] || { echo "usage: $0 TARGET SECONDS" >&2; exit 2; }
    target=$1
    seconds=$2
    binary=$build/tests/fuzz/$target
    [ -x "$binary" ] || { echo "no fuzz binary $binary" >&2; exit 1; }
    work=$build/fuzz-corpus/$target
    artifacts=$build/fuzz-artifacts/
    mkdir -p "$work" "$artifacts"
    exec "$binary" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$artifacts$target-" "$work" "$here/corpus/$target"
    ;;
  *)
    sed -n '2,22p' "$0" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# The mutation check, run by hand (never by ctest: it rebuilds once per mutant).
#
#   tests/mutation/run.sh [BUILD_DIR [MUTANT...]]      (default: build/, every mutant)
#
# Each mutant is a hand-written patch (tests/mutation/NAME.patch, made with `git diff` on a file
# under service/ or matching/) that breaks one README promise. One at a time it is applied with
# `git apply`, the test executables that guard the promise are rebuilt, their tests are run, and
# the mutant is reported KILLED (a test failed: the promise is guarded) or SURVIVED (every test
# passed: the promise is not). The patch is reverted with `git apply -R` after each mutant, and
# on any exit (failure, Ctrl-C) too; at the end the test executables are rebuilt from the
# restored tree. Exit status: 0 if every mutant was killed, 1 otherwise.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel)
build=$(realpath -m "${1:-$root/build}")
shift || true
jobs=${JOBS:-1}

# NAME → "TARGETS;CTEST REGEX": what guards the mutant.
guard() {
  case $1 in
    audit_*) echo "promises_tests;PromisesTest\.(EveryWriteRoute|TokenAndUser|EveryReadOfANeed)" ;;
    refresh_*) echo "promises_tests;PromisesTest\.(Candidates|LongUnplaced)" ;;
    scope_household) echo "promises_tests usecases_tests;(PromisesTest\.AnotherAgency|UseCasesTest\.AnAgency)" ;;
    sqlite_synchronous_off) echo "promises_tests storage_tests;(PromisesTest\.EveryPooledSession|SqliteStorage|Durability\.)" ;;
    placement_row_lock) echo "api_tests;RecordsApiTest\.ConcurrentPlacements.*/postgresql" ;;
    scale_out_*) echo "scale_out_tests;SharedDatabaseTest\." ;;
    changelog_*) echo "usecases_tests;MatchingSnapshotTest\." ;;
    html_escaping | csv_formula) echo "unit_tests;ReportEscaping\." ;;
    run_* | objective_*) echo "monthly_run_tests unit_tests;(MonthlyRun|Assignment)" ;;
    *) echo "promises_tests usecases_tests api_tests unit_tests;(PromisesTest|UseCasesTest|ReportEscaping)" ;;
  esac
}

if [ $# -gt 0 ]; then
  mutants=("$@")
else
  mutants=()
  for p in "$here"/*.patch; do mutants+=("$(basename "$p" .patch)"); done
fi

cd "$root" || exit 2
if ! git diff --quiet -- service matching; then
  echo "service/ or matching/ has uncommitted changes: commit or stash them first" >&2
  exit 2
fi
[ -f "$build/build.ninja" ] || { echo "no build in $build: configure and build first" >&2; exit 2; }

applied=""
restore() {
  if [ -n "$applied" ]; then
    git apply -R "$here/$applied.patch" || echo "could not revert $applied: run git apply -R $here/$applied.patch" >&2
    applied=""
  fi
}
trap restore EXIT
trap 'restore; exit 130' INT TERM

logs="$build/mutation"
mkdir -p "$logs"
declare -A result
all_targets=""
for name in "${mutants[@]}"; do
  patch="$here/$name.patch"
  IFS=';' read -r targets regex <<<"$(guard "$name")"
  all_targets="$all_targets $targets"
  log="$logs/$name.log"
  if ! git apply --check "$patch" 2>"$log"; then
    result[$name]="ERROR (does not apply)"
  else
    git apply "$patch" && applied=$name
    # shellcheck disable=SC2086
    if ! cmake --build "$build" --parallel "$jobs" --target $targets >>"$log" 2>&1; then
      result[$name]="ERROR (does not build)"
    else
      (cd "$build" && ctest -R "$regex" -j2 --output-on-failure) >>"$log" 2>&1
      rc=$?
      if grep -q "No tests were found" "$log"; then
        result[$name]="ERROR (no test matches $regex)"
      elif [ $rc -ne 0 ]; then
        result[$name]="KILLED"
      else
        result[$name]="SURVIVED"
      fi
    fi
    restore
  fi
  printf '%-28s %s   (%s)\n' "$name" "${result[$name]}" "$log"
done

# The binaries back in step with the restored tree.
# shellcheck disable=SC2086
cmake --build "$build" --parallel "$jobs" --target $(echo $all_targets | tr ' ' '\n' | sort -u) \
  >"$logs/restore.log" 2>&1 || echo "rebuilding after the run failed: see $logs/restore.log" >&2

echo
killed=0
for name in "${mutants[@]}"; do [ "${result[$name]}" = KILLED ] && killed=$((killed + 1)); done
echo "mutation check: $killed of ${#mutants[@]} mutants killed"
[ "$killed" -eq "${#mutants[@]}" ]

#!/usr/bin/env bash
# Times a 100,000-line training import into a fresh SQLite file with demo data, twice (the second
# run updates every line), through `fostermatch import trainings`.
#   tests/bench/import_bench.sh [build/service/fostermatch] [lines]
set -euo pipefail
bin=${1:-build/service/fostermatch}
lines=${2:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export FOSTERMATCH_DB="sqlite3://$work/bench.db"
"$bin" demo-data --today 2026-11-25 >/dev/null 2>&1
python3 - "$lines" > "$work/trainings.csv" <<'PY'
import random, sys
random.seed(7)
n = int(sys.argv[1])
courses = ["basic", "pre_registration", "renewal", "specialized", "practical", "other"]
print("external_id,foster_parent_id,course,completed_on,hours,provider,outcome")
for i in range(n):
    print(f"BENCH-{i},{random.randint(1, 400)},{random.choice(courses)},"
          f"20{random.randint(18, 26)}-{random.randint(1, 12):02d}-{random.randint(1, 28):02d},"
          f"{random.choice([2, 3, 6, 12])},\"里親トレーニング事業, 札幌\",completed")
PY
echo "import of $lines lines (new):      $("$bin" import trainings "$work/trainings.csv" 2>/dev/null)"
echo "import of $lines lines (re-sent):  $("$bin" import trainings "$work/trainings.csv" 2>/dev/null)"

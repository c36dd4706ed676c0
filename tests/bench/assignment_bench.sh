#!/usr/bin/env bash
# The monthly run's assignment against an established MIP solver, on the same instances: each
# city is written into a SQLite database, `fostermatch batch monthly` runs on it and writes the
# assignment problem it solved (--assignment-instance), then AssignExact (assignment_bench) and
# COIN-OR CBC (the `cbc` program, on the same integer program in LP format) solve that file,
# each on every core (the batch's default; CBC's `threads`).
# Prints one table row per instance: objective totals, children and sibling groups placed,
# proven or the gap, time and peak memory of each, and the whole batch's time and memory.
# Needs coinor-cbc (deploy/setup.sh installs it).
#   tests/bench/assignment_bench.sh [build] [cbc seconds limit] [instance names...]
set -euo pipefail
build=${1:-build}
cbc_limit=${2:-600}
shift $(( $# > 2 ? 2 : $# ))
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# name: homes needs clusters extra-flags
declare -A spec=(
  [demo]="demo"
  [city-1000x300]="1000 300 1"
  [city-2000x400]="2000 400 1"
  [city-5000x1500]="5000 1500 1"
  [siblings-2000x600]="2000 600 1 --sibling-heavy"
  [national-50000x10000]="50000 10000 47"
)
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(demo city-1000x300 city-2000x400 city-5000x1500 siblings-2000x600 national-50000x10000)
printf '%-22s %-10s %9s %7s %9s %8s %9s %8s %9s %8s %s\n' instance solver children groups proven gap_pts seconds peak_MiB batch_s batch_MiB total
for name in "${names[@]}"; do
  db="sqlite3://$work/$name.db"
  read -r -a s <<< "${spec[$name]}"
  if [ "${s[0]}" = demo ]; then
    "$build/service/fostermatch" --db "$db" --log-level warn demo-data > /dev/null
  else
    "$build/tests/national_bench" --db "$db" --homes "${s[0]}" --needs "${s[1]}" --clusters "${s[2]}" "${s[@]:3}" > /dev/null 2>&1
  fi
  /usr/bin/time -f '%e %M' -o "$work/batch.time" "$build/service/fostermatch" --db "$db" --log-level warn \
    batch monthly --assignment-instance "$work/$name.json" > /dev/null
  "$build/tests/assignment_bench" "$work/$name.json" > "$work/exact.json"
  python3 "$here/instance_to_lp.py" "$work/$name.json" "$work/$name.lp"
  /usr/bin/time -f '%e %M' -o "$work/cbc.time" cbc "$work/$name.lp" threads "$(nproc)" sec "$cbc_limit" solve solu "$work/$name.sol" > "$work/cbc.log" 2>&1 || true
  python3 - "$name" "$work" <<'PY'
import json, re, sys
name, work = sys.argv[1], sys.argv[2]
inst = json.load(open(f"{work}/{name}.json"))
exact = json.load(open(f"{work}/exact.json"))
batch_s, batch_kb = open(f"{work}/batch.time").read().split()
cbc_s, cbc_kb = open(f"{work}/cbc.time").read().split()
# Score points a value unit is worth: the objective's last level is the score in hundredths.
def row(solver, children, groups, proven, gap, seconds, mib, total):
    print(f"{name:<22} {solver:<10} {children:>9} {groups:>7} {proven:>9} {gap:>8} {seconds:>9} {mib:>8} "
          f"{float(batch_s):>9.2f} {int(batch_kb) // 1024:>9} {total}")
gap_units = exact["upper_bound"] - exact["total"]
row("fostermatch", exact["children"], exact["sibling_groups"], "yes" if exact["proven_optimal"] else "no",
    "0" if exact["proven_optimal"] else f"≤{gap_units / 100:.2f}" if gap_units < 10**6 else ">1 child",
    f"{exact['ms'] / 1000:.2f}", exact["peak_mib"], exact["total"])
sol = open(f"{work}/{name}.sol").read().splitlines() if inst["arcs"] else []
status = sol[0] if sol else "no arcs"
chosen = set()
for line in sol[1:]:
    parts = line.split()
    if len(parts) >= 3 and parts[1].startswith("x") and float(parts[2]) > 0.5:
        chosen.add(int(parts[1][1:]))
needs = inst["needs"]
placed = [inst["arcs"][k][0] for k in chosen]
total = sum(inst["arcs"][k][2] for k in chosen)
log = open(f"{work}/cbc.log").read()
bound = re.search(r"best possible ([-0-9.e+]+)", log)
proven = "yes" if status.startswith("Optimal") else "no"
row("CBC 2.10", sum(needs[n][1] for n in placed), sum(1 for n in placed if needs[n][1] > 1), proven,
    "0" if proven == "yes" else "?", f"{float(cbc_s):.2f}", int(cbc_kb) // 1024, total)
if proven == "yes" and exact["proven_optimal"] and total != exact["total"]:
    print(f"  totals differ: CBC {total}, fostermatch {exact['total']} (CBC works in floating point)")
PY
done

#!/usr/bin/env bash
# The monthly batch at national scale: 50,000 homes and 10,000 open needs in 47 clusters of 20
# regions on SQLite, timed end to end (load, rank, assign, write the run) with its peak memory;
# then the assignment alone against GLPK's MIP solver on an identical smaller instance (totals
# must match). Needs glpk-utils. (SciPy's linear_sum_assignment was the first choice, but Debian's
# python3-scipy pulls Boost 1.74 headers that conflict with the Boost 1.81 this project builds on.)
#   tests/bench/batch_bench.sh [build]
set -euo pipefail
build=${1:-build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/tests/national_bench" --db "sqlite3://$work/national.db" --homes 50000 --needs 10000
/usr/bin/python3 - "$build/service/fostermatch" "sqlite3://$work/national.db" <<'PY'
import resource, subprocess, sys, time
start = time.monotonic()
out = subprocess.run([sys.argv[1], "--db", sys.argv[2], "--log-level", "warn", "batch", "monthly",
                      "--month", "2026-11", "--assignment-budget", "50"], capture_output=True, text=True, check=True).stdout
seconds = time.monotonic() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(out.strip())
print(f"whole batch: {seconds:.2f} s wall, peak memory {peak:.0f} MiB")
PY
"$build/tests/national_bench" --instance "$work/instance.json" --homes 600 --needs 150 --budget 20000
/usr/bin/python3 - "$work/instance.json" "$work" <<'PY'
import json, re, subprocess, sys, time
inst, work = json.load(open(sys.argv[1])), sys.argv[2]
# The same integer program in CPLEX LP format: a binary per (need, home) arc; each need in at
# most one home; each home's places hold the siblings of the needs it takes.
lines = ["Maximize", " obj: " + " + ".join(f"{v} x{k}" for k, (_, _, v) in enumerate(inst["arcs"])), "Subject To"]
by_need, by_home = {}, {}
for k, (n, h, _) in enumerate(inst["arcs"]):
    by_need.setdefault(n, []).append(k)
    by_home.setdefault(h, []).append(k)
for n, ks in by_need.items():
    lines.append(f" n{n}: " + " + ".join(f"x{k}" for k in ks) + " <= 1")
for h, ks in by_home.items():
    lines.append(f" h{h}: " + " + ".join(f"{inst['slots'][inst['arcs'][k][0]]} x{k}" for k in ks) + f" <= {inst['free'][h]}")
lines += ["Binary", " " + " ".join(f"x{k}" for k in range(len(inst["arcs"]))), "End"]
open(f"{work}/instance.lp", "w").write("\n".join(lines) + "\n")
t = time.monotonic()
out = subprocess.run(["glpsol", "--tmlim", "240", "--lp", f"{work}/instance.lp", "-o", f"{work}/solution.txt"],
                     capture_output=True, text=True, check=True).stdout
ms = (time.monotonic() - t) * 1000
total = int(round(float(re.search(r"Objective:\s+obj = ([0-9.e+-]+)", open(f"{work}/solution.txt").read()).group(1))))
siblings = sum(1 for s in inst["slots"] if s > 1)
print(f"GLPK 5.0 MIP (glpsol): {inst['needs']} needs ({siblings} sibling groups), {len(inst['arcs'])} arcs: total {total} in {ms:.0f} ms")
print(f"AssignExact:           total {inst['exact_total']} in {inst['exact_ms']:.1f} ms")
print(f"totals {'match' if total == inst['exact_total'] else 'DIFFER'}; time ratio GLPK/AssignExact = {ms / inst['exact_ms']:.1f}")
sys.exit(0 if total == inst["exact_total"] else 1)
PY

"""Renders tests/bench/http_bench.sh's results as Markdown for the README: one table for each
engine and size, every rate as a ratio of the static ceiling measured in that block.
  http_bench_table.py RESULTS.tsv SIZES.tsv MACHINE_LINE
RESULTS rows: engine, size, name, label, requests, duration_us, p50_us, p99_us, non2xx,
socket_errors, note. SIZES rows: engine, size, "homes", homes, open needs."""

import csv
import sys

ENGINES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# One connection (paced, or one client alone): its rate says nothing against the ceiling.
PACED = ("probe_", "single_")


def ms(us):
    value = int(us) / 1000
    return f"{value:.2f} ms" if value < 10 else f"{value:.0f} ms"


def errors(row):
    non2xx, socket = int(row["non2xx"]), int(row["socket"])
    if non2xx == 0 and socket == 0:
        return "0"
    parts = []
    if non2xx:
        parts.append(f"{non2xx:,} non-2xx")
    if socket:
        parts.append(f"{socket:,} socket")
    return ", ".join(parts)


def rate(row):
    ok = int(row["requests"]) - int(row["non2xx"])
    return ok / (int(row["duration"]) / 1e6)


def main():
    fields = ["engine", "size", "name", "label", "requests", "duration", "p50", "p99", "non2xx",
              "socket", "note"]
    with open(sys.argv[1], newline="") as f:
        rows = [dict(zip(fields, r)) for r in csv.reader(f, delimiter="\t")]
    sizes = {}
    with open(sys.argv[2], newline="") as f:
        for engine, size, _, homes, needs in csv.reader(f, delimiter="\t"):
            sizes[(engine, size)] = (int(homes), int(needs))
    blocks = []
    for row in rows:
        key = (row["engine"], row["size"])
        if key not in blocks:
            blocks.append(key)
    print(sys.argv[3])
    for engine, size in blocks:
        homes, needs = sizes[(engine, size)]
        block = [r for r in rows if (r["engine"], r["size"]) == (engine, size)]
        ceiling = next(rate(r) for r in block if r["name"] == "ceiling")
        print(f"\n**{ENGINES.get(engine, engine)}, {'demo data' if size == 'demo' else 'generated'}: "
              f"{homes:,} homes, {needs:,} open needs**\n")
        print("| request | 2xx/s | ratio | p50 | p99 | errors | notes |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
        for r in block:
            paced = r["name"].startswith(PACED)
            done = int(r["requests"]) > 0
            print(f"| {r['label']} | {rate(r):,.0f} | "
                  f"{'—' if paced or not ceiling else f'{rate(r) / ceiling:.2f}'} | "
                  f"{ms(r['p50']) if done else '—'} | {ms(r['p99']) if done else '—'} | "
                  f"{errors(r)} | {r['note']} |")
    print("\n2xx/s counts successful responses only; p50/p99 are over every response, so a "
          "route that answers 503 fast looks fast there: read them with the errors.")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes a monthly run's assignment instance (fostermatch batch monthly --assignment-instance)
as the integer program it is, in CPLEX LP format, for an established MIP solver (CBC) to solve:
a binary per (need, home) arc; each need in at most one home; each home's free places hold the
siblings of the needs it takes; maximise the objective's weighted sum (the arcs' values).
    instance_to_lp.py instance.json out.lp"""
import json
import sys

inst = json.load(open(sys.argv[1]))
arcs, needs, homes = inst["arcs"], inst["needs"], inst["homes"]
by_need, by_home = {}, {}
for k, arc in enumerate(arcs):
    by_need.setdefault(arc[0], []).append(k)
    by_home.setdefault(arc[1], []).append(k)
with open(sys.argv[2], "w") as out:
    out.write("Maximize\n obj:")
    for k, arc in enumerate(arcs):
        out.write(f" + {arc[2]} x{k}")
        if k % 8 == 7:
            out.write("\n")
    out.write("\nSubject To\n")
    for n, ks in by_need.items():
        out.write(f" n{n}: " + " + ".join(f"x{k}" for k in ks) + " <= 1\n")
    for h, ks in by_home.items():
        out.write(f" h{h}: " + " + ".join(f"{needs[arcs[k][0]][1]} x{k}" for k in ks)
                  + f" <= {homes[h][1]}\n")
    out.write("Binary\n")
    for k in range(len(arcs)):
        out.write(f" x{k}\n")
    out.write("End\n")

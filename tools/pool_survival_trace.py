#!/usr/bin/python3
"""The pool's participants whose survival differs from their twin's: which draws saved them.

Usage: tools/pool_survival_trace.py [--build build] [--seed 1942] [--pairs 24] [--wc] [--as-run]

Runs RiskPool.DISABLED_ParticipantsPilot (tests/model/risk_pool_test.cpp) on
the given seed and pairs (--wc: the pool's working_capital_only option;
--as-run: the baseline with its five-year warm-up, lever_test::shrunk_as_run),
prints its summary lines (the test's own tallies: excess credit over the twin
in registered and other months), and from its per-firm trace tallies, for
the participants that lived where their twin died (rescued): the last month
up to the twin's exit in which a draw of the participant was registered with
the pool (its covered balance rose at the settlement; marked R in the
trace), how long before the twin's exit it came, and whether the twin in
that month drew nothing (refused on the ordinary terms), less, the same or
more. docs/model.md 7.9 ("Which draws saved the participants") quotes it.
"""
import argparse
import os
import re
import subprocess

ap = argparse.ArgumentParser()
ap.add_argument("--build", default="build")
ap.add_argument("--seed", type=int, default=1942)
ap.add_argument("--pairs", type=int, default=24)
ap.add_argument("--wc", action="store_true")
ap.add_argument("--as-run", action="store_true")
a = ap.parse_args()

env = dict(os.environ, INNOSIM_POOL_SEED=str(a.seed), INNOSIM_POOL_PAIRS=str(a.pairs),
           INNOSIM_POOL_WC="1" if a.wc else "0", INNOSIM_POOL_AS_RUN="1" if a.as_run else "0")
out = subprocess.run([os.path.join(a.build, "tests", "innosim_model_tests"), "--gtest_also_run_disabled_tests",
                      "--gtest_filter=RiskPool.DISABLED_ParticipantsPilot"], env=env, capture_output=True, text=True,
                     check=True).stdout
lines = out.splitlines()
for s in lines:
    if "] cold start" in s or "] as run" in s or "trace:" in s:
        print(s)

head = re.compile(r"rep (\d+) firm (\d+) registered ([\d.]+).*?: (alive|exited) \((\w+) at ([\d.]+).*?"
                  r"vs twin (alive|exited) \((\w+) at ([\d.]+)\)")
loan = re.compile(r"([\d.]+):([-+\d.e]+)(R?)")


def month(t):
    return round(12 * float(t))


tally = {"refused": 0, "less": 0, "same": 0, "more": 0, "none": 0}
lead = []  # months from the last registered draw up to the twin's exit to the exit
excess = []  # the participant's draw less the twin's in that month, yuan
for i, s in enumerate(lines):
    m = head.search(s)
    if not m or m.group(4) != "alive" or m.group(7) != "exited":
        continue  # only the rescued: alive with the pool, the twin exited
    exit_month = month(m.group(9))
    mine, twin = {}, {}
    for t, x, r in loan.findall(lines[i + 1].split(":", 1)[1]):
        d = mine.setdefault(month(t), [0.0, False])
        d[0] += float(x)
        d[1] |= r == "R"
    for t, x, _ in loan.findall(lines[i + 2].split(":", 1)[1]):
        twin[month(t)] = twin.get(month(t), 0.0) + float(x)
    reg = [mo for mo, (x, r) in mine.items() if r and mo <= exit_month]
    if not reg:
        tally["none"] += 1
        continue
    last = max(reg)
    p, q = mine[last][0], twin.get(last, 0.0)
    lead.append(exit_month - last)
    excess.append(p - q)
    if q <= 1e4:
        tally["refused"] += 1
    elif q < p - 1e4:
        tally["less"] += 1
    elif q > p + 1e4:
        tally["more"] += 1
    else:
        tally["same"] += 1

n = sum(tally.values())
print(f"rescued {n}: at the last registered draw up to the twin's exit the twin drew nothing {tally['refused']}, "
      f"less {tally['less']}, the same {tally['same']}, more {tally['more']}; no registered draw by then {tally['none']}")
if lead:
    lead.sort()
    print(f"months from that draw to the twin's exit: median {lead[len(lead) // 2]}, "
          f"0-1 months {sum(1 for x in lead if x <= 1)}, 2-6 {sum(1 for x in lead if 2 <= x <= 6)}, "
          f"> 6 {sum(1 for x in lead if x > 6)}; excess credit at it {sum(excess):.4g} yuan "
          f"(mean {sum(excess) / len(excess):.4g})")

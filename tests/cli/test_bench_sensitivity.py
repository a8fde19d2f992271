#!/usr/bin/python3
"""bench/sensitivity_bench.py runs and prints its documented JSON (a smoke
test of the harness on a 300-firm, one-year scenario at N = 4: the
interface, never the speed, which docs/performance.md measures).

usage: test_bench_sensitivity.py INNOSIM_EXE REPOSITORY_ROOT
"""
import json
import os
import subprocess
import sys

from cli_common import check, finish

exe, root = os.path.abspath(sys.argv[1]), sys.argv[2]
p = subprocess.run(["/usr/bin/python3", os.path.join(root, "bench", "sensitivity_bench.py"), exe, "--small", "--n", "4",
                    "--plain-runs", "4", "--rounds", "2"], capture_output=True, text=True, timeout=600)
check(p.returncode == 0, f"the harness: exit {p.returncode}: {p.stderr[-1500:]}")
if p.returncode == 0:
    j = json.loads(p.stdout)
    check(j["factors"] == 10 and j["n"] == 4 and j["points"] == 48, f"10 factors, N = 4, 48 points: {j}")
    s, r = j["sensitivity"], j["run"]
    check(len(s["rounds"]) == 2 and len(r["rounds"]) == 2, "two rounds of each")
    check(all(x["runs"] == 48 for x in s["rounds"]) and all(x["runs"] == 4 for x in r["rounds"]), "runs per job")
    for x in s["rounds"] + r["rounds"]:
        check(x["wall_seconds"] > 0 and x["runs_per_second"] > 0 and x["model_seconds_per_run"] > 0
              and x["machinery_share"] < 1, f"a job's numbers: {x}")
    check(abs(j["extrapolated_total_seconds"] - 6144 * s["best"]["wall_seconds"] / 48) < 1e-6 * j["extrapolated_total_seconds"],
          "the extrapolation is 6,144 runs at the best rate")
    for k in ("overhead_vs_run", "overhead_vs_run_median", "machinery_overhead"):
        check(isinstance(j[k], float), f"{k} reported")
p = subprocess.run(["/usr/bin/python3", os.path.join(root, "bench", "sensitivity_bench.py"), exe, "--n", "100"],
                   capture_output=True, text=True, timeout=60)
check(p.returncode == 2 and "power of two" in p.stderr, f"--n 100 refused: {p.returncode} {p.stderr}")
finish()

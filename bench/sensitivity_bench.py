#!/usr/bin/python3
"""Speed of `innosim sensitivity` against plain `innosim run` (issue 17,
"Speed"; docs/performance.md, "Sensitivity analysis").

Runs bench/sensitivity/ten-factors.yaml (Sobol', 10 factors of the default
scenario, one replication per point) at N = --n (512 is the issue's 6,144
points; a smaller power of two runs the first samples of the same kind of
design, whose points cover the same box, and the total is extrapolated from
its rate), then `innosim run` of the same scenario with --plain-runs
replications, each --rounds times, alternating, all with --jobs J. Prints
one JSON object:

- per job: runs, wall seconds, runs per second, model seconds per run (the
  mean of /runs wall_seconds: each run's own time inside the model), and the
  machinery's share: 1 - sum(model seconds) / (J x wall), the time the
  threads spent outside model runs (design, scheduling, saving each run's
  part, the analysis and the file);
- overhead_vs_run: the sensitivity's wall time per run over the plain run's,
  minus 1 (this also includes the cost difference between the design's
  parameter points and the default one);
- machinery_overhead: the sensitivity's machinery share minus the plain
  run's, the extra cost of the analysis machinery itself;
- extrapolated_total_seconds: 6,144 runs at the measured rate.

Best (least disturbed) and median over the rounds. --small runs a 300-firm,
one-year scenario instead (the smoke test tests/cli/test_bench.py's
companion, cli.bench_sensitivity, uses it: the interface, not the speed).

usage: sensitivity_bench.py INNOSIM_EXE [--n N] [--jobs J] [--rounds K]
                            [--plain-runs R] [--small] [--file SA.yaml]
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time

import h5py
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("exe")
ap.add_argument("--n", type=int, default=512)
ap.add_argument("--jobs", type=int, default=2)
ap.add_argument("--rounds", type=int, default=1)
ap.add_argument("--plain-runs", type=int, default=64)
ap.add_argument("--small", action="store_true")
ap.add_argument("--file", default=os.path.join(here, "sensitivity", "ten-factors.yaml"))
a = ap.parse_args()
if a.n < 4 or a.n & (a.n - 1):
    ap.error("--n must be a power of two, at least 4")

text = open(a.file, encoding="utf-8").read()
text = text.replace("method: {type: sobol, n: 512}", f"method: {{type: sobol, n: {a.n}}}")
if f"n: {a.n}" not in text:
    raise SystemExit("the benchmark file's method line was not found")
overrides = ["population.firms=300", "horizon_years=1"] if a.small else []
if overrides:
    text = text.replace("scenario: jiangmen-2025\n",
                        "scenario: jiangmen-2025\nset:\n" + "".join(
                            f"  {o.split('=')[0]}: {o.split('=')[1]}\n" for o in overrides))
factors = sum(1 for line in text.splitlines() if line.startswith("  firms.") or line.startswith("  policies."))


def job(argv, out):
    t0 = time.perf_counter()
    p = subprocess.run(argv, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(argv)}: exit {p.returncode}: {p.stderr[-2000:]}")
    with h5py.File(out, "r") as f:
        runs = f["runs"][()]
    ok = runs["status"] == b"ok"
    model = float(np.sum(runs["wall_seconds"][ok]))
    n = int(len(runs))
    os.remove(out)
    return {"runs": n, "wall_seconds": wall, "runs_per_second": n / wall, "model_seconds_per_run": model / n,
            "machinery_share": 1.0 - model / (a.jobs * wall)}


with tempfile.TemporaryDirectory() as d:
    sa = os.path.join(d, "sa.yaml")
    with open(sa, "w", encoding="utf-8") as f:
        f.write(text)
    rounds = {"sensitivity": [], "run": []}
    for _ in range(a.rounds):
        out = os.path.join(d, "sa.h5")
        rounds["sensitivity"].append(job([a.exe, "sensitivity", sa, "-o", out, "--jobs", str(a.jobs), "--quiet"], out))
        out = os.path.join(d, "run.h5")
        argv = [a.exe, "run", "jiangmen-2025", "--replications", str(a.plain_runs), "--jobs", str(a.jobs), "-o", out,
                "--quiet"]
        for o in overrides:
            argv += ["--set", o]
        rounds["run"].append(job(argv, out))


def summary(rs):
    best = min(rs, key=lambda r: r["wall_seconds"] / r["runs"])
    return {"best": best, "median_wall_seconds_per_run": statistics.median(r["wall_seconds"] / r["runs"] for r in rs),
            "rounds": rs}


s, r = summary(rounds["sensitivity"]), summary(rounds["run"])
per_run_s = s["best"]["wall_seconds"] / s["best"]["runs"]
per_run_r = r["best"]["wall_seconds"] / r["best"]["runs"]
points = a.n * (factors + 2)
print(json.dumps({
    "file": os.path.relpath(a.file, os.path.dirname(here)), "n": a.n, "factors": factors, "points": points,
    "jobs": a.jobs, "small": a.small, "sensitivity": s, "run": r,
    "overhead_vs_run": per_run_s / per_run_r - 1.0,
    "overhead_vs_run_median": s["median_wall_seconds_per_run"] / r["median_wall_seconds_per_run"] - 1.0,
    "machinery_overhead": s["best"]["machinery_share"] - r["best"]["machinery_share"],
    "extrapolated_total_seconds": 512 * (factors + 2) * per_run_s,
}, indent=1))

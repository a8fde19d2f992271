#!/usr/bin/python3
"""End-to-end tests of `innosim compare`: common random numbers make the
paired CI narrower than the unpaired one on a policy with a known-sign
effect (the risk-compensation pool raises borrowing), the variance-reduction
factor exceeds 1, the printed JSON equals the file's /comparisons tables,
every number is recomputed here from the metric matrices, the base group is
the file `innosim run` would write, and bad input exits 2.

usage: test_compare.py INNOSIM_EXE OUTPUT_PYTHON_DIR
"""
import json
import math
import os
import sys
import tempfile

import numpy as np

from cli_common import check, compare_datasets, finish, run

exe, pydir = os.path.abspath(sys.argv[1]), sys.argv[2]
sys.path.insert(0, pydir)
import innosim_results as ir  # noqa: E402

BASE = "jiangmen-2025"
REPS = 12  # enough pairs for the pool effect on borrowing (about +40 firms) to clear zero
T975 = {7: 2.364624251592785, 11: 2.200985160082949}  # Student t quantile 0.975 by degrees of freedom
SETTINGS = ["--replications", str(REPS), "--seed", "4", "--set", "horizon_years=3", "--set", "population.firms=1000"]


def close(a, b, rel=1e-9):
    if a is None or b is None:
        return a is b
    return a == b or abs(a - b) <= rel * max(abs(a), abs(b), 1e-300)


with tempfile.TemporaryDirectory() as d:
    pool = os.path.join(d, "pool.yaml")
    with open(pool, "w") as f:
        f.write(f"name: pool-on\nextends: {BASE}\npolicies:\n  risk_compensation_pool:\n    enabled: true\n")
    out = os.path.join(d, "c.h5")
    p = run(exe, "compare", BASE, pool, *SETTINGS, "--json", "-o", out, "--jobs", "2")
    check(p.returncode == 0, f"compare --json: exit {p.returncode}: {p.stderr}")
    j = json.loads(p.stdout)
    check(j["base"] == BASE and j["replications"] == REPS and j["seed"] == 4 and j["file"] == out, "json header")
    c = j["comparisons"][0]
    check(c["name"] == f"pool-on_vs_{BASE}" and c["pairs"] == REPS, f"comparison {c['name']} {c['pairs']}")
    rows = {m["metric"]: m for m in c["metrics"]}
    check(len(rows) == 13, f"13 headline metrics ({len(rows)})")

    # Known sign: the pool covers banks' losses, so more firms borrow.
    b = rows["borrowing_firms"]
    check(b["difference"] > 0 and b["ci_low"] > 0, f"pool raises borrowing: {b['difference']} [{b['ci_low']}, {b['ci_high']}]")
    for name in ("borrowing_firms", "firms_active", "employment", "tech_smes"):
        m = rows[name]
        check(m["variance_reduction"] is not None and m["variance_reduction"] > 1,
              f"{name}: variance-reduction factor {m['variance_reduction']} > 1")
        check(m["ci_high"] - m["ci_low"] < m["unpaired_ci_high"] - m["unpaired_ci_low"],
              f"{name}: paired CI narrower than unpaired")

    # Recompute everything from the metric matrices.
    with ir.open_results(out, use_pandas=False) as r:
        check(r.format_version == (1, 2), "format 1.2")
        check(r.scenarios() == [BASE, "pool-on"], f"scenarios {r.scenarios()}")
        check(r.comparisons() == [c["name"]], f"comparisons {r.comparisons()}")
        comp = r.comparison(c["name"])
        check(comp["attrs"]["base"] == BASE and comp["attrs"]["alternative"] == "pool-on", "comparison attrs")
        table = comp["metrics"]
        for i, name in enumerate(table["metric"]):
            m = rows[name]
            for field in ("base_mean", "alt_mean", "difference", "ci_low", "ci_high", "unpaired_ci_low",
                          "unpaired_ci_high", "variance_reduction"):
                v = float(table[field][i])
                want = m[field]
                ok = (want is None and not math.isfinite(v)) or (want is not None and v == want)
                check(ok, f"{name}.{field}: file {v} == printed {want}")
            xb = r.metric(BASE, name)[:, -1]
            xa = r.metric("pool-on", name)[:, -1]
            dd = xa - xb
            check(close(m["base_mean"], float(np.mean(xb))) and close(m["alt_mean"], float(np.mean(xa))),
                  f"{name}: means recomputed")
            check(close(m["difference"], float(np.mean(dd)), 1e-9) or abs(m["difference"] - np.mean(dd)) < 1e-9 *
                  max(1.0, abs(np.mean(xb))), f"{name}: difference recomputed")
            sd = float(np.std(dd, ddof=1))
            if sd > 0:
                check(close(m["ci_high"] - m["difference"], T975[REPS - 1] * sd / math.sqrt(REPS), 1e-6),
                      f"{name}: paired CI half-width t(7) sd/sqrt(n)")
                vrf = (np.var(xa, ddof=1) + np.var(xb, ddof=1)) / np.var(dd, ddof=1)
                check(close(m["variance_reduction"], float(vrf), 1e-6), f"{name}: VRF recomputed {vrf}")
        ce = comp["cost_effectiveness"]
        check(list(ce["outcome"]) == ["high_tech_enterprises", "innovations", "employment"], "outcomes")
        fb = r.metric(BASE, "fiscal_spending").sum(axis=1)
        fa = r.metric("pool-on", "fiscal_spending").sum(axis=1)
        hte = lambda s: sum(r.metric(s, m)[:, -1] for m in ("high_tech_enterprises", "gazelles", "unicorns"))
        outcomes = {"high_tech_enterprises": hte("pool-on") - hte(BASE),
                    "innovations": r.metric("pool-on", "innovations").sum(axis=1) -
                    r.metric(BASE, "innovations").sum(axis=1),
                    "employment": r.metric("pool-on", "employment")[:, -1] - r.metric(BASE, "employment")[:, -1]}
        printed = {e["outcome"]: e for e in c["cost_effectiveness"]}
        for i, name in enumerate(ce["outcome"]):
            e = printed[name]
            dy, dx = fa - fb, outcomes[name]
            check(close(e["spending_difference"], float(np.mean(dy)), 1e-6), f"{name}: spending difference")
            check(close(e["outcome_difference"], float(np.mean(dx)), 1e-6), f"{name}: outcome difference")
            check(close(e["ratio"], float(np.mean(dy) / np.mean(dx)), 1e-6), f"{name}: ratio")
            check(float(ce["ratio"][i]) == e["ratio"], f"{name}: ratio in the file == printed")
            check(e["spending_difference"] > 0, f"{name}: the pool costs money ({e['spending_difference']})")
            if e["ci_bounded"]:
                # Fieller: at each end, (mean(dy - rho dx))^2 = t^2 var(dy - rho dx) / n.
                for rho in (e["ci_low"], e["ci_high"]):
                    z = dy - rho * dx
                    lhs, rhs = np.mean(z) ** 2, T975[REPS - 1] ** 2 * np.var(z, ddof=1) / REPS
                    check(close(float(lhs), float(rhs), 1e-6), f"{name}: Fieller end {rho}")
                check(e["ci_low"] <= e["ratio"] <= e["ci_high"], f"{name}: ratio inside its CI")
            else:
                check(e["ci_low"] is None and e["ci_high"] is None, f"{name}: unbounded CI is null in JSON")

    p = run(exe, "inspect", out, "--json")
    ij = json.loads(p.stdout)
    check(ij["comparisons"] == [c["name"]] and ij["sweep"] is None and len(ij["scenarios"]) == 2,
          f"inspect --json: {ij['comparisons']}")

    # The base group is what `innosim run` writes with the same settings.
    ro = os.path.join(d, "run.h5")
    p = run(exe, "run", BASE, *SETTINGS, "-o", ro, "--quiet")
    check(p.returncode == 0, f"run: {p.stderr}")
    compare_datasets(out, ro, f"/scenarios/{BASE}/metrics", "compare's base vs run")
    compare_datasets(out, ro, f"/scenarios/{BASE}/summary", "compare's base vs run (summary)")

    # Text output: the same comparison, readable.
    p = run(exe, "compare", BASE, pool, *SETTINGS, "-o", os.path.join(d, "t.h5"))
    check(p.returncode == 0, f"compare text: {p.stderr}")
    for want in (f"pool-on vs {BASE} — {REPS} paired replications", "95% CI (paired)", "VRF",
                 "cost-effectiveness", "yuan per additional job", "results: "):
        check(want in p.stdout, f"text output has {want!r}")
    check("[compare]" in p.stderr, "progress on stderr")

    # Bad input.
    for args, what in (([BASE], "one scenario"), ([BASE, BASE], "same name twice"), ([BASE, "nope"], "unknown"),
                       ([BASE, pool, "--set", "horizon_years=-2"], "bad --set"), ([BASE, pool, "--jobs", "0"], "--jobs 0"),
                       ([BASE, pool, "-o", out], "existing -o")):
        p = run(exe, "compare", *args, "--replications", "2", "--quiet")
        check(p.returncode == 2, f"{what}: exit 2 ({p.returncode}: {p.stderr.strip()[:160]})")

finish()

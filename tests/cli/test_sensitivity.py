#!/usr/bin/python3
"""End-to-end tests of `innosim sensitivity`: the built-in test functions
against their analytic indices (through the same design and estimators as
the model), an analysis of the default scenario with a policy's paired
effect (file layout, one point rerun by hand with `innosim run`, the effect
equal to policy minus base run by run, --jobs 1 and 2 bit-identical), a
Morris analysis of a library variant, resume after SIGKILL identical to an
uninterrupted analysis, --max-runs, --dry-run, and problems reported as
file:line:column (exit 2, nothing written).

usage: test_sensitivity.py INNOSIM_EXE
"""
import glob
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

from cli_common import check, compare_datasets, finish, run

exe = os.path.abspath(sys.argv[1])
RATE, SHARE = "policies.loan_interest_subsidy.rate", "policies.tech_insurance.premium_subsidy_share"
POOL = "policies.risk_compensation_pool.coverage_share"


def write(d, name, text):
    path = os.path.join(d, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def table(f, path):
    return {n: f[path][n] for n in f[path].dtype.names}


def decode(a):
    return [x.decode() if isinstance(x, bytes) else x for x in a]


with tempfile.TemporaryDirectory() as d:
    # --- test functions: the analytic indices, through the same estimators --------------------------
    out = os.path.join(d, "ishigami.h5")
    p = run(exe, "sensitivity", "--test-function", "ishigami", "-o", out)
    check(p.returncode == 0, f"ishigami: exit {p.returncode}: {p.stderr}")
    check("0 of 6 outside their 95 % interval, 0 off by more than 0.02" in p.stdout, f"ishigami summary: {p.stdout}")
    with h5py.File(out, "r") as f:
        s = f["sensitivity"]
        check(s.attrs["test_function"] == "ishigami" and s.attrs["n"] == 16384 and s.attrs["method"] == "sobol",
              "ishigami attributes")
        t = table(f, "sensitivity/outputs/f/indices")
        check(decode(t["group"]) == ["x1", "x2", "x3"], f"groups {t['group']}")
        for name, exact in (("S1", [0.3139, 0.4424, 0.0]), ("ST", [0.5576, 0.4424, 0.2437])):
            est, lo, hi = t[name], t[name + "_ci_low"], t[name + "_ci_high"]
            check(np.allclose(t[name + "_analytic"], exact, atol=1e-4), f"{name} analytic values {t[name + '_analytic']}")
            check(np.all(np.abs(est - exact) <= 0.02), f"{name} within 0.02 of {exact}: {est}")
            check(np.all((lo <= np.array(exact)) & (np.array(exact) <= hi)), f"{name} intervals cover {exact}: {lo} {hi}")
        check(list(t["rank"]) == [1, 2, 3], f"ranked by ST: {t['rank']}")
        conv = table(f, "sensitivity/outputs/f/convergence")
        check(sorted(set(conv["n"])) == [4096, 8192, 16384], f"convergence at N/4, N/2, N: {set(conv['n'])}")
        check(f["sensitivity/unit_design"].shape == (16384 * 5, 3), "unit design rows N (k + 2)")

    p = run(exe, "sensitivity", "--test-function", "ishigami", "--n", "1024", "--lang", "zh")
    check(p.returncode == 0 and "一阶指数S1" in p.stdout and "总效应指数ST" in p.stdout and "与解析值比较" in p.stdout,
          f"--lang zh tables: {p.stdout}")
    p = run(exe, "sensitivity", "--test-function", "gfunction:0,1,9,99", "--n", "4096")
    check(p.returncode == 0 and "0 off by more than 0.02" in p.stdout, f"g-function: {p.returncode} {p.stdout}")
    p = run(exe, "sensitivity", "--test-function", "gfunction", "--method", "morris", "--trajectories", "40")
    m = re.search(r"mu\* orders (\d+) of (\d+) clearly ordered pairs", p.stdout)
    check(p.returncode == 0 and m and m.group(1) == m.group(2), f"Morris ranks the g-function as ST: {p.stdout}")
    for args, what in ((["--test-function", "rosenbrock"], "unknown function"),
                       (["--test-function", "ishigami", "--n", "1000"], "N not a power of two"),
                       (["--test-function", "ishigami", "--method", "fast"], "unknown method")):
        p = run(exe, "sensitivity", *args)
        check(p.returncode == 2, f"{what}: exit 2 ({p.returncode}: {p.stderr.strip()[:120]})")

    # --- the default scenario with a policy: paired effects ----------------------------------------
    sa = write(d, "sa.yaml", f"""# two factors of the default scenario, the risk pool's effect
scenario: jiangmen-2025
policy: risk-pool
set:
  horizon_years: 2
  population.firms: 400
factors:
  {RATE}: {{range: [0.1, 0.6]}}
  {POOL}: {{range: [0.2, 0.8], group: pool}}
method: {{type: sobol, n: 8}}
replications: 2
seed: 5
outputs:
  - firms_active
  - {{metric: firms_active, of: policy}}
  - {{metric: firms_active, of: effect}}
  - {{metric: fiscal_spending, at: 2026}}
bootstrap: {{resamples: 200}}
""")
    a1, a2 = os.path.join(d, "a1.h5"), os.path.join(d, "a2.h5")
    p = run(exe, "sensitivity", sa, "-o", a1, "--jobs", "1")
    check(p.returncode == 0, f"sensitivity --jobs 1: exit {p.returncode}: {p.stderr}")
    check("32 points x 2 replications x 2 scenarios (jiangmen-2025 and risk-pool) = 128 runs" in p.stderr,
          f"the plan on stderr: {p.stderr}")
    check("firms_active at the horizon (2027-01-01), effect of risk-pool (paired difference)" in p.stdout,
          f"labelled tables: {p.stdout[:400]}")
    check("seeds: " in p.stdout and "of a single run's variance" in p.stdout, "seeds' share printed")
    check(f"results: {a1}" in p.stdout, "results path")
    p = run(exe, "sensitivity", sa, "-o", a2, "--jobs", "2", "--lang", "zh")
    check(p.returncode == 0 and "存续企业：期末（2027-01-01），扩大风险补偿资金池的效应（配对差值）" in p.stdout and
          "随机种子：占单次运行方差的" in p.stdout, f"--lang zh labels: {p.stdout[:600]}")
    os.remove(a2)
    p = run(exe, "sensitivity", sa, "-o", a2, "--jobs", "2", "--quiet")
    check(p.returncode == 0 and p.stdout == "" and p.stderr == "", f"--quiet is silent: {p.stderr!r}")
    compare_datasets(a1, a2, "/sensitivity", "--jobs 1 vs 2")
    compare_datasets(a1, a2, "/", "--jobs 1 vs 2 (whole file)", skip_fields=("wall_seconds",))
    with h5py.File(a1, "r") as f:
        s = f["sensitivity"]
        check(s.attrs["policy_scenario"] == "risk-pool" and s.attrs["base_scenario"] == "jiangmen-2025", "scenarios")
        check(s.attrs["points"] == 32 and s.attrs["replications"] == 2 and s.attrs["seed"] == 5, "sizes")
        design = table(f, "sensitivity/design")
        check(decode(design["block"][:4]) == ["A", "AB", "AB", "B"], f"blocks {design['block'][:4]}")
        check(np.all((design[RATE] >= 0.1) & (design[RATE] <= 0.6)) and
              np.all((design[POOL] >= 0.2) & (design[POOL] <= 0.8)), "values inside the ranges")
        factors = table(f, "sensitivity/factors")
        check(decode(factors["group"]) == [RATE, "pool"], f"groups {factors['group']}")
        base = f["sensitivity/outputs/firms_active/values"][()]
        pol = f["sensitivity/outputs/policy.firms_active/values"][()]
        eff = f["sensitivity/outputs/effect.firms_active/values"][()]
        check(base.shape == (32, 2) and np.array_equal(eff, pol - base), "effect = policy - base, run by run")
        check(np.array_equal(f["sensitivity/outputs/firms_active/means"][()], base.mean(axis=1)), "means")
        out_attrs = f["sensitivity/outputs/fiscal_spending@2026"].attrs
        check(out_attrs["unit"] == "yuan" and "total in 2026" in out_attrs["label"], f"a flow's total: {dict(out_attrs)}")
        share = f["sensitivity/outputs/firms_active"].attrs["seed_share"]
        check(0 <= share <= 1, f"seed share {share}")
        runs = f["runs"][()]
        check(len(runs) == 128 and all(r_ == b"ok" for r_ in runs["status"]), "128 runs in /runs")
        check(decode(runs["scenario"][:2]) == ["jiangmen-2025", "risk-pool"] and list(runs["point"][:4]) == [0, 0, 0, 0],
              f"runs ordered by point, replication, scenario: {runs[:4]}")
        # Point 5 rerun by hand: the same scenario, seed and replications give the same numbers.
        row = 5
        rate, cov = float(design[RATE][row]), float(design[POOL][row])
    for scen, got in (("jiangmen-2025", base[row]), ("risk-pool", pol[row])):
        one = os.path.join(d, f"one-{scen}.h5")
        p = run(exe, "run", scen, "--set", "horizon_years=2", "--set", "population.firms=400", "--set",
                f"{RATE}={rate!r}", "--set", f"{POOL}={cov!r}", "--seed", "5", "--replications", "2", "-o", one,
                "--quiet")
        check(p.returncode == 0, f"innosim run of point {row}: {p.stderr}")
        with h5py.File(one, "r") as f:
            x = f[f"scenarios/{scen}/metrics/firms_active"][:, -1]
        check(np.array_equal(x, got), f"point {row} of {scen} rerun by hand: {x} vs {got}")

    # --- Morris on a library variant ----------------------------------------------------------------
    mo = write(d, "morris.yaml", f"""scenario: talent-services
set: {{horizon_years: 2, population.firms: 300}}
factors:
  {RATE}: {{range: [0.1, 0.6]}}
  {SHARE}: {{range: [0.2, 0.8]}}
  population.firms: {{range: [200, 800], scale: log}}
method: {{type: morris, trajectories: 4, levels: 4}}
replications: 1
outputs: [firms_active, {{metric: employment, at: 2025}}]
""")
    mh = os.path.join(d, "morris.h5")
    p = run(exe, "sensitivity", mo, "-o", mh, "--jobs", "2")
    check(p.returncode == 0, f"Morris on talent-services: {p.returncode} {p.stderr}")
    with h5py.File(mh, "r") as f:
        check(f["sensitivity"].attrs["method"] == "morris" and f["sensitivity"].attrs["trajectories"] == 4, "Morris attrs")
        t = table(f, "sensitivity/outputs/firms_active/indices")
        top = decode(t["group"])[list(t["rank"]).index(1)]
        check(top == "population.firms", f"the number of firms drives firms_active: {top}")
        check(np.all(t["mu_star_ci_low"] <= t["mu_star"]) and np.all(t["mu_star"] <= t["mu_star_ci_high"]), "mu* CI")
        dsg = table(f, "sensitivity/design")
        check(np.all((dsg["population.firms"] >= 200) & (dsg["population.firms"] <= 800)) and
              np.all(dsg["population.firms"] == np.round(dsg["population.firms"])), "integer factor on its range")

    # --- resume after SIGKILL: identical to an uninterrupted analysis -------------------------------
    # A smaller city than the default (6,000 firms, 10 years): long enough that
    # the kill lands after 3 of 32 runs (the poll is 10 ms; a run is ~0.1 s),
    # a tenth of the CPU (the default cost 56 s of CI's time, session 20).
    long = write(d, "long.yaml", f"""scenario: jiangmen-2025
set: {{horizon_years: 4, population.firms: 2000}}
factors:
  {RATE}: {{range: [0.1, 0.6]}}
  {SHARE}: {{range: [0.2, 0.8]}}
method: {{type: sobol, n: 8}}
replications: 1
seed: 3
outputs: [high_tech_enterprises, {{metric: fiscal_spending}}]
""")
    full = os.path.join(d, "full.h5")
    p = run(exe, "sensitivity", long, "-o", full, "--jobs", "2", "--quiet")
    check(p.returncode == 0, f"uninterrupted: {p.stderr}")
    killed = os.path.join(d, "killed.h5")
    proc = subprocess.Popen([exe, "sensitivity", long, "-o", killed, "--jobs", "2"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    parts = lambda: glob.glob(os.path.join(killed + ".parts", "runs", "*.run"))  # noqa: E731
    while len(parts()) < 3 and proc.poll() is None and time.time() < deadline:
        time.sleep(0.01)
    check(proc.poll() is None, "still running when killed (make the job longer?)")
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    kept = len(parts())
    check(not os.path.exists(killed) and 0 < kept < 32, f"SIGKILL: no file, {kept} of 32 runs kept")
    p = run(exe, "sensitivity", long, "-o", killed, "--resume", "--jobs", "1")
    check(p.returncode == 0 and "done before" in p.stderr, f"resume: {p.returncode} {p.stderr}")
    check(not os.path.exists(killed + ".parts"), "working directory removed")
    compare_datasets(full, killed, "/sensitivity", "SIGKILL + resume vs uninterrupted")
    compare_datasets(full, killed, "/", "SIGKILL + resume (whole file)", skip_fields=("wall_seconds",))
    changed = write(d, "changed.yaml", open(long).read().replace("seed: 3", "seed: 4"))
    stale = os.path.join(d, "stale.h5")
    proc = subprocess.Popen([exe, "sensitivity", long, "-o", stale, "--jobs", "2"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    while not glob.glob(os.path.join(stale + ".parts", "runs", "*.run")) and proc.poll() is None:
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    check(proc.returncode == 130 and "resume with:" in err and "sensitivity" in err, f"SIGINT: {proc.returncode} {err}")
    p = run(exe, "sensitivity", changed, "-o", stale, "--resume")
    check(p.returncode == 2 and "different sweep" in p.stderr or "different" in p.stderr,
          f"an edited file does not resume another analysis: {p.returncode} {p.stderr}")

    # --- guards and bad input ------------------------------------------------------------------------
    p = run(exe, "sensitivity", sa, "-o", os.path.join(d, "big.h5"), "--max-runs", "100")
    check(p.returncode == 2 and "needs 128 runs" in p.stderr, f"--max-runs: {p.returncode} {p.stderr}")
    p = run(exe, "sensitivity", sa, "-o", os.path.join(d, "dry.h5"), "--dry-run")
    check(p.returncode == 0 and "cost estimate: 128 runs at" in p.stderr, f"--dry-run: {p.returncode} {p.stderr}")
    check(not os.path.exists(os.path.join(d, "dry.h5")) and not os.path.exists(os.path.join(d, "dry.h5.parts")) and
          not os.path.exists(os.path.join(d, "big.h5.parts")), "--dry-run and --max-runs write nothing")
    bad = write(d, "bad.yaml", f"""scenario: jiangmen-2025
policy: risk-pool
factors:
  {RATE}: {{range: [0.1, 1.6]}}
  policies.risk_compensation_pool.enabled: {{range: [0, 1]}}
method: {{type: sobol, n: 100}}
outputs: [firms_activ, {{metric: employment, of: effekt}}]
replicatons: 2
""")
    p = run(exe, "sensitivity", bad, "-o", os.path.join(d, "bad.h5"))
    check(p.returncode == 2, f"bad file: exit 2 ({p.returncode})")
    for want in (f"{bad}:8:1: unknown key 'replicatons' (did you mean 'replications'?)",
                 f"{bad}:4:54: {RATE}: 1.6 is out of range",
                 f"{bad}:5:3: 'policies.risk_compensation_pool.enabled' is a boolean key",
                 f"{bad}:6:26: n must be a power of two",
                 f"{bad}:7:11: unknown metric 'firms_activ' (did you mean 'firms_active'?)",
                 f"{bad}:7:49: of must be base, policy or effect"):
        check(want in p.stderr, f"diagnostic {want!r} in {p.stderr!r}")
    late = write(d, "late.yaml", f"""scenario: jiangmen-2025
policy: no-such-policy
set: {{horizon_years: 2}}
factors:
  {RATE}: {{range: [0.1, 0.6]}}
method: {{type: morris, trajectories: 2}}
outputs: [{{metric: firms_active, at: 2040}}]
""")
    p = run(exe, "sensitivity", late, "-o", os.path.join(d, "bad.h5"))
    check(p.returncode == 2 and f"{late}:2:9: scenario '" in p.stderr, f"unknown policy located: {p.stderr!r}")
    late2 = write(d, "late2.yaml", open(late).read().replace("policy: no-such-policy\n", ""))
    p = run(exe, "sensitivity", late2, "-o", os.path.join(d, "bad.h5"))
    check(p.returncode == 2 and f"{late2}:6:11: output 'firms_active@2040': at 2040 is outside the run" in p.stderr,
          f"a year outside the run: {p.stderr!r}")
    check(not os.path.exists(os.path.join(d, "bad.h5")) and not os.path.exists(os.path.join(d, "bad.h5.parts")),
          "nothing written for bad input")

finish()

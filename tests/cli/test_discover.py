#!/usr/bin/python3
"""End-to-end tests of a sweep with a policy (paired effects at every point)
and of `innosim discover`: PRIM recovers a box planted in a hand-made
results file (limits, coverage, density, quasi-p values, --box, --above),
runs on a model sweep's paired effect and on a sensitivity analysis's
outputs, stores /discovery, and refuses bad input with exit 2.

usage: test_discover.py INNOSIM_EXE
"""
import os
import sys
import tempfile

import h5py
import numpy as np

from cli_common import check, finish, run

exe = os.path.abspath(sys.argv[1])
SHIFT, RELIEF = "policies.risk_compensation_pool.risk_shifting", "policies.risk_compensation_pool.screening_relief"


def write(d, name, text):
    path = os.path.join(d, name)
    with open(path, "w") as f:
        f.write(text)
    return path


with tempfile.TemporaryDirectory() as d:
    # --- a sweep with a policy: base, policy and their paired effect at every point --------------
    sw = write(d, "pool.yaml", f"""scenario: jiangmen-2025
policy: no-risk-pool
set: {{horizon_years: 4, population.firms: 1500}}
factors:
  {SHIFT}: {{range: [0, 3]}}
  {RELIEF}: {{range: [0, 1]}}
design: {{type: lhs, points: 40}}
replications: 1
seed: 3
metrics: [high_tech_enterprises, gazelles, loan_defaults]
""")
    sh = os.path.join(d, "pool.h5")
    p = run(exe, "sweep", sw, "-o", sh, "--jobs", "2")
    check(p.returncode == 0, f"sweep with a policy: {p.returncode} {p.stderr}")
    check("40 points x 1 replications x 2 scenarios (jiangmen-2025 and no-risk-pool) = 80 runs" in p.stderr,
          f"the plan: {p.stderr}")
    with h5py.File(sh, "r") as f:
        s = f["sweep"]
        check(s.attrs["policy_scenario"] == "no-risk-pool", "policy attribute")
        base = f["sweep/results/high_tech_enterprises"][()]
        pol = f["sweep/policy/results/high_tech_enterprises"][()]
        eff = f["sweep/effects/high_tech_enterprises"][()]
        check(base.shape == (40, 1) and np.array_equal(eff, pol - base), "effects = policy - base, run by run")
        # HTE status is a 3-year certificate (docs/model.md 7.12): a 500-firm city over 3 years saw no
        # effect of the pool at all. Since session 18's union (the opening loan book back-cast, 7.7) the
        # 1 bn pool of risk-pool changes nothing at 1,500 firms over 4 years (the baseline's pool never
        # binds there), so the policy is the pool's removal, which moves defaults at every point.
        check(not np.array_equal(f["sweep/policy/results/loan_defaults"][()], f["sweep/results/loan_defaults"][()]),
              "the policy changes something")
        runs = f["runs"][()]
        check(len(runs) == 80 and [r[0].decode() for r in runs[:2]] == ["jiangmen-2025", "no-risk-pool"],
              f"/runs: base and policy per point: {runs[:2]}")
    bad = write(d, "badpolicy.yaml", open(sw).read().replace("policy: no-risk-pool", "policy: no-such-scenario"))
    p = run(exe, "sweep", bad, "-o", os.path.join(d, "bad.h5"))
    check(p.returncode == 2 and f"{bad}:2:9: scenario '" in p.stderr and "no-such-scenario': no such file" in p.stderr, f"unknown policy: {p.stderr!r}")

    # --- discover on the model sweep's paired effect ---------------------------------------------
    # Defaults less HTE: the pool's effects move the two together (a run with 2 more defaults has 2 fewer
    # HTE, seen at seed 3), so their sum can be the same at every point and their difference is not.
    # Between the outcome's median and the next value it takes below it (or above it, when the
    # median is its lowest value), so the cases are neither none nor all whatever the model's
    # effects are (they are whole firms and often take only two or three values).
    with h5py.File(sh, "r") as f:
        outcome = (f["sweep/effects/loan_defaults"][()] - f["sweep/effects/high_tech_enterprises"][()])[:, 0]
    med = float(np.median(outcome))
    below, above = outcome[outcome < med], outcome[outcome > med]
    threshold = (med + float(below.max())) / 2 if below.size else (med + float(above.min())) / 2
    check(0 < np.count_nonzero(outcome < threshold) < len(outcome), f"some points and not all are cases: {outcome}")
    dh = os.path.join(d, "discover.h5")
    p = run(exe, "discover", sh, "--outcome", "effect.loan_defaults - effect.high_tech_enterprises", "--threshold",
            repr(threshold), "-o", dh)
    check(p.returncode == 0, f"discover: {p.returncode} {p.stderr}")
    check("peeling trajectory" in p.stdout and "In words: effect.loan_defaults - effect.high_tech_enterprises is below" in
          p.stdout and "quasi-p" in p.stdout, f"discover prints the trajectory and the box in words: {p.stdout}")
    with h5py.File(dh, "r") as f:
        g = f["discovery"]
        check(g.attrs["source"] == "sweep" and g.attrs["points"] == 40, f"attributes {dict(g.attrs)}")
        pts = f["discovery/points"][()]
        with h5py.File(sh, "r") as s:
            want = (s["sweep/effects/loan_defaults"][()] - s["sweep/effects/high_tech_enterprises"][()])[:, 0]
        check(np.array_equal(pts["outcome"], want), "the outcome at each point")
        check(np.array_equal(pts["interest"], (want < threshold).astype(np.int64)), "cases of interest")
        traj = f["discovery/trajectory"][()]
        check(traj["coverage"][0] == 1.0 and np.all(np.diff(traj["points"]) < 0), "trajectory from the whole space")
        box = f["discovery/box"][()]
        check(list(box["factor"]) == [SHIFT.encode(), RELIEF.encode()], f"box factors {box['factor']}")
        qp = box["quasi_p"][box["restricted"] == 1]
        check(np.all((qp >= 0) & (qp <= 1)), f"quasi-p values {qp}")
        check(f["discovery/trajectory_limits"].shape == (len(traj), 2, 2), "limits of every box")

    # --- a planted box in a hand-made file: PRIM recovers it -----------------------------------------
    rng = np.random.default_rng(1)
    P = 300
    x = rng.uniform(0, 1, (P, 3))
    y = np.where((x[:, 0] > 0.6) & (x[:, 1] < 0.5), 0.0, 10.0) + rng.normal(0, 1, P)
    syn = os.path.join(d, "synthetic.h5")
    with h5py.File(syn, "w") as f:
        f.attrs["filetype"] = "innosim-results"
        f.attrs["format_version"] = np.array([1, 2], dtype=np.int32)
        dt = np.dtype([("point", "<i8"), ("a", "<f8"), ("b", "<f8"), ("c", "<f8")])
        design = np.zeros(P, dtype=dt)
        design["point"] = np.arange(P)
        design["a"], design["b"], design["c"] = x[:, 0], x[:, 1], x[:, 2]
        f["sweep/design"] = design
        f["sweep/results/y"] = y.reshape(P, 1)
    out = os.path.join(d, "syn.h5")
    p = run(exe, "discover", syn, "--outcome", "y", "--threshold", "5", "-o", out)
    check(p.returncode == 0, f"discover synthetic: {p.stderr}")
    with h5py.File(out, "r") as f:
        box = {r["factor"].decode(): r for r in f["discovery/box"][()]}
        a = f["discovery/box"].attrs
        check(a["coverage"] >= 0.95 and a["density"] >= 0.95, f"the planted box: {dict(a)}")
        check(abs(box["a"]["lo"] - 0.6) < 0.03 and abs(box["b"]["hi"] - 0.5) < 0.03, f"limits {box['a']} {box['b']}")
        check(box["a"]["quasi_p"] < 1e-6 and box["b"]["quasi_p"] < 1e-6, "restrictions significant")
        check(box["c"]["restricted"] == 0 or box["c"]["quasi_p"] > 0.01, "the noise factor is not a restriction")
    check("a >= 0.6" in p.stdout and "b <= 0.49" in p.stdout or "b <= 0.5" in p.stdout, f"in words: {p.stdout}")
    p = run(exe, "discover", syn, "--outcome", "y", "--threshold", "5", "--box", "0", "-o", os.path.join(d, "b0.h5"))
    check(p.returncode == 0 and "box 0:" in p.stdout, f"--box 0: {p.stdout}")
    p = run(exe, "discover", syn, "--outcome", "-y", "--threshold", "-5", "--above", "-o", os.path.join(d, "ab.h5"))
    with h5py.File(os.path.join(d, "ab.h5"), "r") as f:
        check(f["discovery/box"].attrs["density"] >= 0.95, "--above on -y finds the same box")

    # --- discover on a sensitivity analysis's outputs ------------------------------------------------
    sa = write(d, "sa.yaml", f"""scenario: jiangmen-2025
policy: risk-pool
set: {{horizon_years: 2, population.firms: 300}}
factors:
  {SHIFT}: {{range: [0, 3]}}
  {RELIEF}: {{range: [0, 1]}}
method: {{type: morris, trajectories: 6}}
replications: 1
outputs: [{{metric: high_tech_enterprises, of: effect}}]
""")
    sah = os.path.join(d, "sa.h5")
    p = run(exe, "sensitivity", sa, "-o", sah, "--quiet")
    check(p.returncode == 0, f"sensitivity for discover: {p.stderr}")
    p = run(exe, "discover", sah, "--outcome", "effect.high_tech_enterprises", "--threshold", "1", "-o",
            os.path.join(d, "sad.h5"))
    check(p.returncode == 0 and "of 18 points" in p.stdout, f"discover on a sensitivity file: {p.stdout} {p.stderr}")

    # --- bad input: exit 2, nothing written --------------------------------------------------------
    for args, want in (([sh, "--outcome", "effect.high_tech_enterprise", "--threshold", "1"],
                        "at column 1: unknown name 'effect.high_tech_enterprise' (did you mean "
                        "'effect.high_tech_enterprises'?)"),
                       ([sh, "--outcome", "effect.gazelles +", "--threshold", "1"], "at column 18"),
                       ([sh, "--outcome", "effect.gazelles"], "--threshold is required"),
                       ([sh, "--threshold", "1"], "--outcome is required"),
                       ([sh, "--outcome", "gazelles", "--threshold", "1", "--box", "999"], "--box 999"),
                       ([sah.replace("sa.h5", "nope.h5"), "--outcome", "x", "--threshold", "1"], "nope.h5")):
        p = run(exe, "discover", *args, "-o", os.path.join(d, "never.h5"))
        check(p.returncode == 2 and want in p.stderr, f"{args}: exit 2 with {want!r}: {p.returncode} {p.stderr!r}")
    check(not os.path.exists(os.path.join(d, "never.h5")), "nothing written for bad input")
    one = os.path.join(d, "run.h5")
    run(exe, "run", "--set", "horizon_years=1", "--set", "population.firms=200", "--replications", "1", "-o", one,
        "--quiet")
    p = run(exe, "discover", one, "--outcome", "x", "--threshold", "1", "-o", os.path.join(d, "never.h5"))
    check(p.returncode == 2 and "holds no sweep and no sensitivity analysis" in p.stderr, f"a run file: {p.stderr!r}")

finish()

#!/usr/bin/python3
"""End-to-end tests of `innosim sweep`: the file layout (/sweep/design,
/sweep/results, /sweep/series, /runs with `point`), design properties (a
Latin hypercube has one point per stratum in each factor, Sobol points equal
those computed here from direction numbers, a grid is the full factorial),
bit-identical results for --jobs 1 and 2, a failing run recorded with
--on-error=continue and stop (exit 1), the Python reader, and sweep-file
problems reported as file:line:column (exit 2).

usage: test_sweep.py INNOSIM_EXE OUTPUT_PYTHON_DIR
"""
import json
import os
import sys
import tempfile

import h5py
import numpy as np

from cli_common import check, compare_datasets, finish, run

exe, pydir = os.path.abspath(sys.argv[1]), sys.argv[2]
sys.path.insert(0, pydir)
import innosim_results as ir  # noqa: E402

SMALL_SET = "set:\n  horizon_years: 2\n  population.firms: 500\n"
RATE, SHARE = "policies.loan_interest_subsidy.rate", "policies.tech_insurance.premium_subsidy_share"


def sobol_1d(n, m, s, a, bits=32):
    """Sobol' points of one dimension in Gray-code order, origin skipped (as boost::random::sobol)."""
    m = list(m)
    for k in range(len(m) + 1, bits + 1):
        mk = m[k - 1 - s] ^ (m[k - 1 - s] << s)
        for j in range(1, s):
            if (a >> (s - 1 - j)) & 1:
                mk ^= m[k - 1 - j] << j
        m.append(mk)
    v = [m[k] << (bits - 1 - k) for k in range(bits)]
    out, x = [], 0
    for i in range(n):
        c = 0
        while (i >> c) & 1:
            c += 1
        x ^= v[c]
        out.append(x / 2.0 ** bits)
    return out


def write(d, name, text):
    path = os.path.join(d, name)
    with open(path, "w") as f:
        f.write(text)
    return path


with tempfile.TemporaryDirectory() as d:
    # --- Latin hypercube, --jobs 1 vs 2 -------------------------------------------------
    lhs = write(d, "lhs.yaml", f"scenario: jiangmen-2025\n{SMALL_SET}factors:\n"
                f"  {RATE}: {{range: [0.1, 0.6]}}\n  {SHARE}: {{range: [0.2, 0.8]}}\n"
                "design: {type: lhs, points: 10}\nreplications: 2\nseed: 5\n"
                "metrics: [firms_active, high_tech_enterprises, fiscal_spending]\n")
    a, b = os.path.join(d, "lhs1.h5"), os.path.join(d, "lhs2.h5")
    p = run(exe, "sweep", lhs, "-o", a, "--jobs", "1")
    check(p.returncode == 0, f"lhs sweep --jobs 1: exit {p.returncode}: {p.stderr}")
    check("10 points x 2 replications" in p.stdout and f"results: {a}" in p.stdout, f"summary: {p.stdout!r}")
    check("[sweep]" in p.stderr, "progress on stderr")
    check(not os.path.exists(a + ".parts"), "working directory removed after the results are committed")
    p = run(exe, "sweep", lhs, "-o", b, "--jobs", "2", "--quiet")
    check(p.returncode == 0 and p.stdout == b + "\n" and p.stderr == "",
          f"--quiet sweep prints only the path: {p.stdout!r} {p.stderr!r}")
    compare_datasets(a, b, "/sweep", "sweep --jobs 1 vs 2")
    compare_datasets(a, b, "/", "sweep --jobs 1 vs 2 (whole file)", skip_fields=("wall_seconds",))
    with h5py.File(a, "r") as f:
        design = f["sweep/design"][()]
        check(design.dtype.names == ("point", RATE, SHARE), f"design fields {design.dtype.names}")
        check(list(design["point"]) == list(range(10)), "point ids")
        for name, lo, hi in ((RATE, 0.1, 0.6), (SHARE, 0.2, 0.8)):
            strata = np.floor(10 * (design[name] - lo) / (hi - lo)).astype(int)
            check(sorted(strata) == list(range(10)), f"{name}: one point per stratum ({sorted(strata)})")
        res = f["sweep/results/firms_active"]
        check(res.shape == (10, 2) and not np.isnan(res[()]).any(), f"results shape {res.shape}")
        check(res.attrs["unit"] == "firms" and res.attrs["time_years"] == 2.0, "results attributes")
        check(sorted(f["sweep/results"].keys()) == ["firms_active", "fiscal_spending", "high_tech_enterprises"],
              "kept metrics only")
        check("series" not in f["sweep"], "no series unless asked")
        attrs = f["sweep"].attrs
        check(attrs["design"] == "lhs" and attrs["points"] == 10 and attrs["replications"] == 2 and attrs["seed"] == 5,
              "sweep attributes")
        check(len(attrs["sweep_sha256"]) == 64 and "design: {type: lhs, points: 10}" in attrs["sweep_yaml"],
              "resolved sweep text and its hash")
        runs = f["runs"][()]
        check(list(runs["point"]) == [p_ for p_ in range(10) for _ in range(2)], "/runs ordered by point")
        check(list(runs["replication"]) == [0, 1] * 10, "/runs replications")
        check(all(s == b"ok" for s in runs["status"]), "every run ok")
        check(f.attrs["format_version"][1] >= 1, "format 1.1 or later")
    # The horizon values are the runs' own: point 0 replication 1 equals a plain run of that point.
    with h5py.File(a, "r") as f:
        x0, y0 = float(f["sweep/design"][0][RATE]), float(f["sweep/design"][0][SHARE])
        want = f["sweep/results/high_tech_enterprises"][0, 1]
    one = os.path.join(d, "one.h5")
    p = run(exe, "run", "--set", "horizon_years=2", "--set", "population.firms=500", "--set", f"{RATE}={x0!r}",
            "--set", f"{SHARE}={y0!r}", "--seed", "5", "--replications", "2", "-o", one, "--quiet")
    with h5py.File(one, "r") as f:
        check(f["scenarios/jiangmen-2025/metrics/high_tech_enterprises"][1, -1] == want,
              "a sweep point equals `innosim run` with its overrides")
    p = run(exe, "inspect", a)
    check(p.returncode == 0 and "sweep            lhs design, 10 points x 2 replications, seed 5" in p.stdout
          and f"  factor {RATE}" in p.stdout, f"inspect shows the sweep: {p.stdout!r}")
    p = run(exe, "inspect", a, "--json")
    sw = json.loads(p.stdout)["sweep"]
    check(sw["design"] == "lhs" and sw["points"] == 10 and sw["factors"] == [RATE, SHARE] and not sw["series"],
          f"inspect --json sweep {sw}")
    with ir.open_results(a, use_pandas=False) as r:
        check(r.has_sweep() and r.sweep()["design"] == "lhs", "reader: sweep attributes")
        check(r.sweep_design().shape == (10,), "reader: design")
        check(r.sweep_results("firms_active").shape == (10, 2), "reader: results")
        check(r.sweep_metrics() == ["firms_active", "high_tech_enterprises", "fiscal_spending"], "reader: metrics")
        check(list(r.runs()["point"])[:2] == [0, 0], "reader: runs with point")

    # --- Sobol: the points of boost::random::sobol, mapped onto the ranges; series ---------
    sob = write(d, "sobol.yaml", f"scenario: jiangmen-2025\n{SMALL_SET}factors:\n"
                f"  {RATE}: {{range: [0.1, 0.6]}}\n  {SHARE}: {{range: [0.2, 0.8]}}\n"
                "design: {type: sobol, points: 16}\nreplications: 1\nmetrics: [firms_active]\nseries: true\n")
    so = os.path.join(d, "sobol.h5")
    p = run(exe, "sweep", sob, "-o", so, "--quiet")
    check(p.returncode == 0, f"sobol sweep: {p.stderr}")
    # Dimension 2: primitive polynomial x + 1, m_1 = 1 (Joe-Kuo); dimension 1 is van der
    # Corput in Gray-code order (all m_k = 1).
    u2 = sobol_1d(16, [1], 1, 0)
    vdc, x = [], 0
    for i in range(16):
        c = 0
        while (i >> c) & 1:
            c += 1
        x ^= 1 << (31 - c)
        vdc.append(x / 2.0 ** 32)
    check(vdc[:3] == [0.5, 0.75, 0.25] and u2[:3] == [0.5, 0.25, 0.75], "independent Sobol' points")
    with h5py.File(so, "r") as f:
        dsg = f["sweep/design"][()]
        check(list(dsg[RATE]) == [0.1 + u * 0.5 for u in vdc], f"Sobol dimension 1: {list(dsg[RATE])[:4]}")
        check(list(dsg[SHARE]) == [0.2 + u * (0.8 - 0.2) for u in u2], f"Sobol dimension 2: {list(dsg[SHARE])[:4]}")
        series = f["sweep/series/firms_active"]
        t = f["sweep/time"][()]
        check(series.shape == (16, 1, 25) and len(t) == 25 and t[-1] == 2.0, f"series shape {series.shape}")
        check(np.array_equal(series[:, :, -1], f["sweep/results/firms_active"][()]), "results = series at the horizon")
    with ir.open_results(so, use_pandas=False) as r:
        check(r.sweep_series("firms_active").shape == (16, 1, 25) and len(r.sweep_time()) == 25, "reader: series")

    # --- a user design from a CSV file: the same points as the Sobol sweep give the same runs ---
    with h5py.File(so, "r") as f:
        dsg = f["sweep/design"][()]
        sobol_results = f["sweep/results/firms_active"][()]
    with open(os.path.join(d, "points.csv"), "w") as f:
        f.write(f"# the Sobol sweep's points, columns swapped\n{SHARE},{RATE}\n")
        for row in dsg:
            f.write(f"{float(row[SHARE])!r}, {float(row[RATE])!r}\n")
    user = write(d, "user.yaml", f"scenario: jiangmen-2025\n{SMALL_SET}design: {{type: file, path: points.csv}}\n"
                 "replications: 1\nmetrics: [firms_active]\n")
    uo = os.path.join(d, "user.h5")
    p = run(exe, "sweep", user, "-o", uo, "--quiet")
    check(p.returncode == 0, f"file design: {p.stderr}")
    with h5py.File(uo, "r") as f:
        check(f["sweep"].attrs["design"] == "file", "design attribute 'file'")
        udsg = f["sweep/design"][()]
        check(list(udsg.dtype.names) == ["point", SHARE, RATE], f"design columns {udsg.dtype.names}")
        check(list(udsg[RATE]) == list(dsg[RATE]) and list(udsg[SHARE]) == list(dsg[SHARE]), "the CSV's points")
        check(np.array_equal(f["sweep/results/firms_active"][()], sobol_results),
              "same points, same seed: the same results as the Sobol sweep")
    write(d, "bad.csv", f"{RATE},population.firms\n0.1,500\n1.5,500\n0.2,-1\n")
    badcsv = write(d, "badcsv.yaml", f"scenario: jiangmen-2025\ndesign: {{type: file, path: bad.csv}}\n")
    p = run(exe, "sweep", badcsv, "-o", os.path.join(d, "bad.h5"))
    check(p.returncode == 2, f"bad design file: exit 2 ({p.returncode})")
    csv = os.path.join(d, "bad.csv")
    for want in (f"{csv}:3:1: {RATE}: 1.5 is out of range", f"{csv}:4:5: population.firms: -1 is out of range"):
        check(want in p.stderr, f"diagnostic {want!r} in {p.stderr!r}")

    # --- --max-runs refuses before anything runs; --dry-run estimates and writes nothing ---------
    p = run(exe, "sweep", user, "-o", os.path.join(d, "big.h5"), "--max-runs", "15")
    check(p.returncode == 2 and "needs 16 runs" in p.stderr and "--max-runs 15" in p.stderr,
          f"--max-runs: {p.returncode} {p.stderr!r}")
    p = run(exe, "sweep", user, "-o", os.path.join(d, "dry.h5"), "--dry-run", "--jobs", "2")
    check(p.returncode == 0 and "cost estimate: 16 runs at" in p.stderr and "on 2 threads" in p.stderr,
          f"--dry-run prints the estimate: {p.returncode} {p.stderr!r}")
    check(not os.path.exists(os.path.join(d, "big.h5.parts")) and not os.path.exists(os.path.join(d, "dry.h5"))
          and not os.path.exists(os.path.join(d, "dry.h5.parts")), "--max-runs and --dry-run write nothing")

    # --- grid, and a failing run ------------------------------------------------------------
    zero = "".join(f"  initial.stage_shares.{s}: 0\n" for s in ("tech_sme", "high_tech", "gazelle", "unicorn"))
    grid = write(d, "grid.yaml", f"scenario: jiangmen-2025\n{SMALL_SET}{zero}factors:\n"
                 "  initial.stage_shares.startup: {values: [0.5, 0, 1]}\n"
                 f"  {RATE}: {{range: [0.2, 0.4], levels: 2}}\n"
                 "design: {type: grid}\nreplications: 2\nmetrics: [firms_active]\n")
    g = os.path.join(d, "grid.h5")
    p = run(exe, "sweep", grid, "-o", g, "--jobs", "2")
    check(p.returncode == 1, f"a failing run: exit 1 ({p.returncode})")
    check("point 2 replication 0 failed: initial.stage_shares must not all be zero" in p.stderr, f"{p.stderr!r}")
    with h5py.File(g, "r") as f:
        dsg = f["sweep/design"][()]
        check([tuple(r_)[1:] for r_ in dsg] == [(0.5, 0.2), (0.5, 0.4), (0, 0.2), (0, 0.4), (1, 0.2), (1, 0.4)],
              f"grid points {dsg}")
        runs = f["runs"][()]
        bad = [(int(r_["point"]), r_["status"].decode()) for r_ in runs if not r_["status"].startswith(b"ok")]
        check([pt for pt, _ in bad] == [2, 2, 3, 3], f"failed runs are points 2 and 3: {bad}")
        check(all(s == "failed: initial.stage_shares must not all be zero" for _, s in bad), "failure message")
        res = f["sweep/results/firms_active"][()]
        check(np.isnan(res[2:4]).all() and not np.isnan(res[[0, 1, 4, 5]]).any(), "failed points are NaN")
    gs = os.path.join(d, "grid-stop.h5")
    p = run(exe, "sweep", grid, "-o", gs, "--jobs", "1", "--on-error=stop", "--quiet")
    check(p.returncode == 1, f"--on-error=stop: exit 1 ({p.returncode})")
    with h5py.File(gs, "r") as f:
        status = [s.decode() for s in f["runs"]["status"]]
        check(status[:2] == ["ok", "ok"] and status[4].startswith("failed: ") and
              all(s.startswith("not run: ") for s in status[5:]), f"stop: later runs not run: {status}")

    # --- the per-point table, a reference point, flows as totals (issue 15 point 5) ------------
    COVER = "policies.risk_compensation_pool.coverage_share"
    pt = write(d, "points.yaml", f"scenario: risk-pool\n{SMALL_SET}factors:\n  {COVER}: {{values: [0.1, 0.5]}}\n"
               "design: {type: grid}\nreplications: 4\nseed: 3\nreference: 0\nseries: true\n"
               "metrics: [high_tech_enterprises, risk_pool_payouts]\n")
    po = os.path.join(d, "points.h5")
    p = run(exe, "sweep", pt, "-o", po, "--lang", "en")
    check(p.returncode == 0, f"sweep with a reference: {p.stderr}")
    for want in ("high_tech_enterprises on 2027-01-01", "risk_pool_payouts, total from 2025-01-01 to 2027-01-01",
                 "difference from point 0", "(reference)", "95% CI of the mean", "5%-95% of runs"):
        check(want in p.stdout, f"per-point table has {want!r}: {p.stdout!r}")
    with h5py.File(po, "r") as f:
        series = f["sweep/series/risk_pool_payouts"][()]
        res = f["sweep/results/risk_pool_payouts"][()]
        check(np.allclose(res, series.sum(axis=2), rtol=1e-12) and res.max() > 0,
              "a flow's result is its total over the run (the sum of its series), not its last month")
        check(f["sweep/results/risk_pool_payouts"].attrs["kind"] == "flow"
              and f["sweep/results/risk_pool_payouts"].attrs["statistic"] == "total from 2025-01-01 to 2027-01-01",
              "results say what they hold")
        hte = f["sweep/results/high_tech_enterprises"][()]
        check(np.array_equal(hte, f["sweep/series/high_tech_enterprises"][:, :, -1]), "a stock's result: at the horizon")
        for name, x in (("high_tech_enterprises", hte), ("risk_pool_payouts", res)):
            t = f[f"sweep/summary/{name}"][()]
            check(list(t["point"]) == [0, 1] and np.allclose(t["mean"], x.mean(axis=1), rtol=1e-12),
                  f"{name}: per-point means")
            check(np.allclose(t["p95"], np.percentile(x, 95, axis=1), rtol=1e-12), f"{name}: per-point p95")
            dd = x[1] - x[0]
            check(abs(t["difference"][1] - dd.mean()) <= 1e-9 * max(1.0, abs(dd.mean())) and t["difference"][0] == 0,
                  f"{name}: paired difference from the reference point")
            half = 3.182446305284263 * dd.std(ddof=1) / 2.0  # t(0.975, 3) sd / sqrt(4)
            check(abs((t["difference_ci_high"][1] - t["difference"][1]) - half) <= 1e-6 * max(1.0, half),
                  f"{name}: paired CI")
            check(int(f[f"sweep/summary/{name}"].attrs["reference_point"]) == 0, f"{name}: reference recorded")
        check("firms_active" not in f["sweep/summary"], "the table holds the metrics the sweep file lists")
    p = run(exe, "sweep", pt, "-o", os.path.join(d, "points-zh.h5"), "--lang", "zh")
    check(p.returncode == 0 and "高新技术企业（2027-01-01）" in p.stdout and "参照点" in p.stdout,
          f"per-point table in Chinese: {p.stdout!r}")
    p = run(exe, "sweep", "--example")
    check(p.returncode == 0 and p.stdout.startswith("# A sweep file") and "reference: 0" in p.stdout,
          f"sweep --example: {p.stdout[:80]!r}")
    ex = write(d, "example.yaml", p.stdout)
    p = run(exe, "sweep", ex, "-o", os.path.join(d, "example.h5"), "--quiet")
    check(p.returncode == 0 and p.stderr == "", f"the example sweep runs as printed: {p.stderr!r}")
    badref = write(d, "badref.yaml", f"scenario: risk-pool\n{SMALL_SET}factors:\n  {COVER}: {{values: [0.1, 0.5]}}\n"
                   "design: {type: grid}\nreplications: 1\nreference: 2\n")
    p = run(exe, "sweep", badref, "-o", os.path.join(d, "badref.h5"))
    check(p.returncode == 2 and f"{badref}:9:12: reference: point 2 is not a design point" in p.stderr,
          f"a reference off the design: {p.stderr!r}")

    # --- problems in the sweep file: file:line:column, exit 2, nothing written -----------------
    bad = write(d, "bad.yaml", "scenario: jiangmen-2025\nfactors:\n"
                f"  {RATE}: {{range: [0.1, 1.6]}}\n  policies.nope: {{values: [1]}}\n"
                "design: {type: lhs, points: 4}\nmetrics: [firms_activ]\nreplicatons: 3\n")
    p = run(exe, "sweep", bad, "-o", os.path.join(d, "bad.h5"))
    check(p.returncode == 2, f"bad sweep file: exit 2 ({p.returncode})")
    for want in (f"{bad}:7:1: unknown key 'replicatons' (did you mean 'replications'?)",
                 f"{bad}:3:54: {RATE}: 1.6 is out of range",
                 f"{bad}:4:3: unknown scenario key 'policies.nope'",
                 f"{bad}:6:11: unknown metric 'firms_activ' (did you mean 'firms_active'?)"):
        check(want in p.stderr, f"diagnostic {want!r} in {p.stderr!r}")
    bad2 = write(d, "bad2.yaml", "scenario: jiangmen-2025\nset:\n  population.firms: -5\nfactors:\n"
                 f"  {RATE}: {{range: [0.1, 0.2], levels: 2}}\ndesign: {{type: grid}}\n")
    p = run(exe, "sweep", bad2, "-o", os.path.join(d, "bad.h5"))
    check(p.returncode == 2 and f"{bad2}:3:21: set: population.firms: -5 is out of range" in p.stderr,
          f"a bad `set` value points at its line: {p.stderr!r}")
    bad3 = write(d, "bad3.yaml", "scenario: jiangmen-2025\nfactors: {horizon_years: {range: [1, 2]\n")
    p = run(exe, "sweep", bad3)
    check(p.returncode == 2 and p.stderr.startswith(f"{bad3}:"), f"YAML syntax error located: {p.stderr!r}")
    for args, what in (([], "no file"), ([lhs, "--jobs", "0"], "--jobs 0"), ([lhs, "--on-error=maybe"], "--on-error"),
                       ([lhs, "--resume"], "--resume without -o"), ([lhs, "-o", a], "existing -o")):
        p = run(exe, "sweep", *args, "--quiet")
        check(p.returncode == 2, f"{what}: exit 2 ({p.returncode}: {p.stderr.strip()[:160]})")
    check(not os.path.exists(os.path.join(d, "bad.h5")) and not os.path.exists(os.path.join(d, "bad.h5.parts")),
          "nothing written for a bad sweep file")

finish()

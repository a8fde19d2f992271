#!/usr/bin/python3
"""The warm-up option (issue 18, part 2) end to end.

A run of jiangmen-2025 with `warmup_years: 1` from 2025 (the baseline's own
warm-up, 3 years, set to 0 in the runs without one) is the last two years
of the same scenario simulated from 2024 for three years (whose policies are
the start year's: the baseline has no schedule step and no window that the
warm-up changes): every stock sample, every flow after the start date, the
firm panel and the event log, with times counted from the start date; the
start-date sample's flows are 0. The warm-up changes the state at the start
(the loan book and insured firms come out of the dynamics, not the seed's
figures). A policy variant whose instrument opens in 2026 is off in the
warm-up, so base and policy share it exactly. validate refuses a run longer
than 50 years in all; compare, sweep and calibrate accept the key.

usage: test_warmup.py INNOSIM_EXE
"""
import os
import sys
import tempfile

import h5py
import numpy as np

from cli_common import check, finish, run

exe = os.path.abspath(sys.argv[1])

COMMON = """replications: 2
seed: 3
population: {firms: 300}
outputs: {sampling: monthly, panel: true, panel_period: yearly, events: true}
"""


def write(d, name, text):
    path = os.path.join(d, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def series(path):
    """{metric: [replications x time]}, the time grid, kinds, panel and events of the one scenario in a run file."""
    with h5py.File(path, "r") as f:
        (name,) = list(f["scenarios"].keys())
        g = f["scenarios"][name]
        out = {k: g["metrics"][k][()] for k in g["metrics"].keys()}
        kinds = {k: g["metrics"][k].attrs["kind"] for k in g["metrics"].keys()}
        kinds = {k: (v.decode() if isinstance(v, bytes) else str(v)) for k, v in kinds.items()}
        time = g["time"][()]
        # Rows in a canonical order (SCHEMA.md: parallel replications may interleave).
        panel = g["firms"][()] if "firms" in g else None
        if panel is not None:
            panel = panel[np.lexsort((panel["firm_id"], panel["time"], panel["replication"]))]
        events = g["events"][()] if "events" in g else None
        if events is not None:
            events = events[np.lexsort((events["amount"], events["kind"], events["firm_id"], events["time"],
                                        events["replication"]))]
        return out, time, kinds, panel, events


with tempfile.TemporaryDirectory() as d:
    warm = write(d, "warm.yaml", "name: warm\nextends: jiangmen-2025\nstart_year: 2025\nhorizon_years: 2\n"
                 "warmup_years: 1\n" + COMMON)
    long_ = write(d, "long.yaml", "name: long\nextends: jiangmen-2025\nstart_year: 2024\nhorizon_years: 3\nwarmup_years: 0\n" + COMMON)
    cold = write(d, "cold.yaml", "name: cold\nextends: jiangmen-2025\nstart_year: 2025\nhorizon_years: 2\nwarmup_years: 0\n" + COMMON)
    outs = {}
    for name, path in (("warm", warm), ("long", long_), ("cold", cold)):
        outs[name] = os.path.join(d, name + ".h5")
        p = run(exe, "run", path, "-o", outs[name], "--jobs", "2", "--quiet")
        check(p.returncode == 0, f"run {name}: exit {p.returncode}: {p.stderr}")
    W, wt, kinds, wpanel, wevents = series(outs["warm"])
    L, lt, _, lpanel, levents = series(outs["long"])
    C, ct, _, _, _ = series(outs["cold"])
    check(len(wt) == 25 and wt[0] == 0.0 and wt[-1] == 2.0, f"the warm run's grid is the start date's: {wt[[0, -1]]}")
    check(np.array_equal(wt, ct), "the same time grid as a run without warm-up")
    check(len(lt) == 37, f"the long run has 37 samples ({len(lt)})")
    kinds_seen = set(kinds.values())
    check({"stock", "flow"} <= kinds_seen, f"metric kinds {kinds_seen}")
    # Present values are discounted to the start date (2025), the long run's to its own (2024): one year's
    # discount apart (session 20: they were discounted to the warm-up's first day).
    PV = {"net_fiscal_cost_pv": 0.08, "net_fiscal_cost_pv_borrowing": 0.02}
    for m, x in W.items():
        y = L[m][:, 12:]
        if m in PV:
            check(np.all(x[:, 0] == 0.0), f"{m}: 0 at the start date")
            check(np.allclose(x[:, 1:], y[:, 1:] * (1.0 + PV[m]), rtol=1e-12, atol=0),
                  f"{m}: the long run's x (1 + {PV[m]}): discounted to the start date, not the warm-up's")
            # As docs/model.md 2.6 states it, with t counted from the start date: the net cost discounted
            # from the sample, plus the funds' capital held since the previous sample charged over the period.
            t, net, held = wt, W["net_fiscal_cost"], W["capital_residual_value"]
            d_t = (1.0 + PV[m]) ** -t
            want = net[:, 1:] * d_t[1:] + (d_t[:-1] - d_t[1:]) * held[:, :-1]
            check(np.allclose(x[:, 1:], want, rtol=1e-9, atol=1e-3), f"{m}: 2.6's formula from the start date")
        elif kinds[m] == "flow":
            check(np.all(x[:, 0] == 0.0), f"{m}: a flow is 0 at the start date (its period is before the start)")
            check(np.array_equal(x[:, 1:], y[:, 1:], equal_nan=True), f"{m}: flows after the start = the long run's")
        else:
            check(np.array_equal(x, y, equal_nan=True), f"{m}: {kinds[m]} series = the long run's from 2025")
    # The state at the start date comes out of the warm-up, not the seed's figures.
    for m in ("tech_loans_outstanding", "insured_firms", "incubated_firms"):
        check(np.all(W[m][:, 0] != C[m][:, 0]), f"{m} at the start differs from the seed's set-up: "
              f"{W[m][:, 0]} vs {C[m][:, 0]}")
    check(np.all(C["insured_firms"][:, 0] == C["insured_firms"][0, 0]),
          "without warm-up the insured firms at t = 0 are the set-up's figure, the same in every replication")
    # Panel and events: the long run's from 2025, timed from the start date.
    if check(wpanel is not None and lpanel is not None, "panels written"):
        lp = lpanel[lpanel["time"] >= 1.0]
        check(len(wpanel) == len(lp) and len(wpanel) > 0, f"panel rows {len(wpanel)} vs {len(lp)}")
        check(np.array_equal(wpanel["time"], lp["time"] - 1.0), "panel times from the start date")
        check(np.array_equal(wpanel["firm_id"], lp["firm_id"]) and np.array_equal(wpanel["cash"], lp["cash"]),
              "panel rows = the long run's")
    if check(wevents is not None and levents is not None, "event logs written"):
        offset = 366.0 / 365.2425  # 1 January 2024 to 1 January 2025, in the events' years
        le = levents[levents["time"] >= offset]
        check(len(wevents) == len(le) and len(wevents) > 0, f"event rows {len(wevents)} vs {len(le)}")
        check(np.allclose(wevents["time"], le["time"] - offset, rtol=0, atol=1e-9) and wevents["time"].min() >= 0,
              "event times from the start date")
        check(np.array_equal(wevents["firm_id"], le["firm_id"]) and np.array_equal(wevents["amount"], le["amount"]),
              "events = the long run's")

    # A policy opening in 2026 is off in the warm-up: base and policy agree until then (points-linked credit
    # opens its lines at the review of 1 January 2026). With the 0.10 appraisal bonus (a sensitivity since
    # session 15; the baseline has the lever off, so the key acts on points-credit alone): without it the lines
    # change no loan in this small city (the guarantee adds no credit, docs/model.md 7.13), and the check that
    # the runs differ once the lines open would have nothing to see.
    cmp_out = os.path.join(d, "cmp.h5")
    p = run(exe, "compare", "jiangmen-2025", "points-credit", "--set", "warmup_years=2", "--set", "horizon_years=2",
            "--set", "population.firms=300", "--set", "policies.points_support.appraisal_bonus=0.1", "--replications", "2",
            "-o", cmp_out, "--quiet")
    check(p.returncode == 0, f"compare with a warm-up: exit {p.returncode}: {p.stderr}")
    if os.path.exists(cmp_out):
        with h5py.File(cmp_out, "r") as f:
            a = f["scenarios/jiangmen-2025/metrics/tech_loans_outstanding"][()]
            b = f["scenarios/points-credit/metrics/tech_loans_outstanding"][()]
            check(np.array_equal(a[:, :13], b[:, :13]), "base and points credit identical through 2025 (it opens in 2026)")
            check(not np.array_equal(a[:, 13:], b[:, 13:]), "and differ once the lines open")

    # A calibration of a warmed-up scenario: the targets' dates are the start date's calendar.
    calib = write(d, "calib.yaml", """scenario: jiangmen-2025
set: {population.firms: 300, horizon_years: 2, warmup_years: 1}
parameters:
  firms.credit_hurdle_high: {range: [0.0, 0.1]}
targets:
  - {name: loans_start, expr: "stock(tech_loans_outstanding, 2024-12-31)", observed: 1.4e11, rel_sd: 0.05, source: test}
  - {name: loans_2026, expr: "stock(tech_loans_outstanding, 2026-06-30)", observed: 1.6e11, rel_sd: 0.05, source: test}
replications: 2
search: {global: {design: sobol, points: 2}, local: {algorithm: bobyqa, max_evaluations: 4}, restarts: 0}
profile_points: 3
""")
    p = run(exe, "calibrate", calib, "--estimate", cwd=d)
    check(p.returncode == 0 and "at most" in p.stdout, f"calibrate --estimate with a warm-up: {p.returncode} {p.stderr}")
    early = calib.replace("calib.yaml", "early.yaml")
    with open(early, "w") as f:
        f.write(open(calib).read().replace("2024-12-31", "2024-11-30"))
    p = run(exe, "calibrate", early, "--estimate", cwd=d)
    check(p.returncode == 2 and "early.yaml:" in p.stderr, f"a date in the warm-up is refused: {p.returncode} {p.stderr}")

    # Bad input: the run may not pass 50 years in all; the key's own range.
    p = run(exe, "validate", "jiangmen-2025", "--set", "horizon_years=40", "--set", "warmup_years=11")
    check(p.returncode == 2 and "horizon_years + warmup_years is 51; at most 50" in p.stderr,
          f"validate: a 51-year run: {p.returncode} {p.stderr}")
    p = run(exe, "run", "jiangmen-2025", "--set", "horizon_years=40", "--set", "warmup_years=11", "-o",
            os.path.join(d, "no.h5"))
    check(p.returncode == 2 and not os.path.exists(os.path.join(d, "no.h5")), f"run: a 51-year run: {p.returncode}")
    p = run(exe, "validate", "jiangmen-2025", "--set", "warmup_years=1.5")
    check(p.returncode == 2 and "warmup_years" in p.stderr, f"validate: whole years only: {p.returncode} {p.stderr}")
    p = run(exe, "validate", warm)
    check(p.returncode == 0, f"validate a warm-up scenario: {p.stderr}")

finish()

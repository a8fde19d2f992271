#!/usr/bin/python3
"""End to end: the firm panel's birth_time and the exits table (format 1.3,
output/SCHEMA.md) as `innosim run --panel` writes them, read with h5py and
with the Python reader (pandas): every exit the model counts is a row, with
the cause it counts it under (the firm_exits_<cause> metrics), its age from
its birth, its stage and sector as the panel last saw them, and a loan
default exactly when the bank counted one. A warm-up shifts every time.

usage: test_exits.py INNOSIM_EXE OUTPUT_PYTHON_DIR
"""
import os
import sys
import tempfile

import h5py
import numpy as np

from cli_common import check, finish, run

exe, pydir = os.path.abspath(sys.argv[1]), sys.argv[2]
sys.path.insert(0, pydir)
import innosim_results as ir  # noqa: E402

SCN = "jiangmen-2025"
CAUSES = {"closure": 1, "borrower_default": 2, "insolvency": 3}
METRIC = {"closure": "firm_exits_closure", "borrower_default": "firm_exits_default",
          "insolvency": "firm_exits_insolvency"}


def check_file(path, label, warmup):
    with h5py.File(path, "r") as f:
        check(list(f.attrs["format_version"]) == [1, 4], f"{label}: format 1.4")
        g = f[f"scenarios/{SCN}"]
        check("exits" in g, f"{label}: an exits table with the panel")
        ex, panel = g["exits"][()], g["firms"][()]
        causes = h5py.check_enum_dtype(g["exits"].dtype["cause"])
        check(causes == CAUSES, f"{label}: cause enum {causes}")
        stages = h5py.check_enum_dtype(g["exits"].dtype["stage"])
        check(stages == {"startup": 0, "tech_sme": 1, "high_tech": 2, "gazelle": 3, "unicorn": 4},
              f"{label}: stage enum {stages}")
        reps = g.attrs["replications"]
        metric = lambda name: g[f"metrics/{name}"][()]  # noqa: E731
        total, defaults = metric("firm_exits"), metric("loan_defaults")
        check(len(ex) > 50, f"{label}: exits recorded ({len(ex)})")
        for r in range(reps):
            e = ex[ex["replication"] == r]
            # Every exit the metrics count is a row (the t = 0 flow is the set-up's: no exits).
            check(len(e) == int(total[r].sum()), f"{label} r{r}: {len(e)} rows, firm_exits sums to {total[r].sum()}")
            for name, code in CAUSES.items():
                n = int(np.sum(e["cause"] == code))
                check(n == int(metric(METRIC[name])[r].sum()), f"{label} r{r}: {name} rows {n} vs its metric")
            check(int(e["loan_default"].sum()) == int(defaults[r].sum()),
                  f"{label} r{r}: loan_default rows {e['loan_default'].sum()} vs loan_defaults {defaults[r].sum()}")
            check(len(np.unique(e["firm_id"])) == len(e), f"{label} r{r}: a firm exits once")
        check(bool(np.all(ex["time"] > 0)) and bool(np.all(ex["time"] <= g.attrs["horizon_years"] + 1e-9)),
              f"{label}: exit times within the run")
        check(bool(np.allclose(ex["age"], np.maximum(0, ex["time"] - ex["birth_time"]), atol=1e-9)),
              f"{label}: age = time - birth")
        check(bool(np.all(ex["age"] >= 0)), f"{label}: ages are not negative")
        check(bool(np.all(ex["employees"] >= 1)), f"{label}: head count as the firm left (not the cleared 0)")
        check(int(np.sum(ex["cause"] == 1)) > 0, f"{label}: closures happen")
        # The panel: a birth time on every row; an exited firm's last row is
        # the one after its exit (alive 0), with its birth time and sector.
        check(bool(np.all(np.isfinite(panel["birth_time"]))), f"{label}: birth_time on every panel row")
        # Birth on the event log's axis (days / 365.2425), panel times on the month grid: a few days apart at most.
        check(bool(np.all(panel["birth_time"] <= panel["time"] + 0.005)), f"{label}: born before observed")
        check(bool(np.any(panel["birth_time"] < 0)) and bool(np.any(panel["birth_time"] > 0)),
              f"{label}: incumbents born before the start, entrants after")
        dead = panel[panel["alive"] == 0]
        key = {(int(d["replication"]), int(d["firm_id"])): d for d in dead}
        matched = 0
        for e in ex:
            d = key.get((int(e["replication"]), int(e["firm_id"])))
            if d is None:
                continue  # exited after the last panel date
            matched += 1
            if not (abs(d["birth_time"] - e["birth_time"]) < 1e-9 and d["sector"] == e["sector"]
                    and d["time"] >= e["time"] - 1e-9):
                check(False, f"{label}: exit of firm {e['firm_id']} disagrees with its panel row")
                break
        check(matched >= 0.5 * len(ex), f"{label}: exits found dead in the panel ({matched} of {len(ex)})")
        births = {(int(p["replication"]), int(p["firm_id"])): p["birth_time"] for p in panel}
        check(all(abs(births[(int(e["replication"]), int(e["firm_id"]))] - e["birth_time"]) < 1e-9
                  for e in ex if (int(e["replication"]), int(e["firm_id"])) in births),
              f"{label}: one birth time per firm in the panel and the exits table")
        if warmup:
            check(bool(np.any(ex["birth_time"] < -warmup)), f"{label}: birth times count from the start date")
    # The reader, with pandas: cause and stage names, survival by cause.
    with ir.open_results(path) as r:
        check(r.has_exits(SCN), f"{label}: reader has_exits")
        df = r.exits(SCN)
        check(list(df.columns[:4]) == ["replication", "time", "firm_id", "cause"], f"{label}: columns {list(df.columns)}")
        check(set(df["cause_name"]) <= set(CAUSES), f"{label}: cause names {set(df['cause_name'])}")
        check(set(df["stage_name"]) <= {"startup", "tech_sme", "high_tech", "gazelle", "unicorn"},
              f"{label}: stage names")
        by_cause = df.groupby("cause_name")["age"].median()
        check(len(by_cause) >= 2, f"{label}: median age by cause {by_cause.to_dict()}")
        firms = r.firms(SCN)
        check("birth_time" in firms.columns, f"{label}: birth_time in the reader's panel")


with tempfile.TemporaryDirectory() as tmp:
    base = ["--replications", "2", "--set", "horizon_years=4", "--set", "population.firms=800",
            "--set", "outputs.sampling=monthly", "--panel", "--quiet"]
    out = os.path.join(tmp, "exits.h5")
    p = run(exe, "run", SCN, *base, "-o", out)
    check(p.returncode == 0, f"run --panel: exit {p.returncode}: {p.stderr}")
    if p.returncode == 0:
        check_file(out, "plain", 0)
        p = run(exe, "inspect", out)
        check("exits table" in p.stdout, f"inspect names the exits table: {p.stdout[:400]}")
    # Without the panel, no exits table.
    nopanel = os.path.join(tmp, "nopanel.h5")
    p = run(exe, "run", SCN, *[a for a in base if a != "--panel"], "-o", nopanel)
    with h5py.File(nopanel, "r") as f:
        check("exits" not in f[f"scenarios/{SCN}"], "no exits table without the panel")
    # A warm-up: times from the start date, births before it negative.
    warm = os.path.join(tmp, "warm.h5")
    p = run(exe, "run", SCN, *base, "--set", "warmup_years=2", "-o", warm)
    check(p.returncode == 0, f"run --panel with a warm-up: exit {p.returncode}: {p.stderr}")
    if p.returncode == 0:
        check_file(warm, "warm-up", 2)

finish()

#!/usr/bin/python3
"""The synthetic results file (tests/output/synthetic.hpp) read with the
Python reader module (output/python/innosim_results.py), with plain h5py as
SCHEMA.md shows, and through `innosim inspect` (text and --json); inspect
exits 2 on files that are not innosim results.

usage: test_output_python.py OUTPUT_TEST_HELPER INNOSIM_EXE OUTPUT_PYTHON_DIR
"""
import hashlib
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np

helper, innosim, pydir = sys.argv[1:4]
sys.path.insert(0, pydir)
import innosim_results as ir  # noqa: E402

try:
    import pandas as pd
except ImportError:
    pd = None

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL:", msg)


# The formulas of synthetic.hpp.
CHINESE = "江门 2025 科技金融"
A, B = CHINESE, "baseline"
REPS, TIMES, FIRMS, EVENTS = 3, 5, 20, 10
SEED_A = 20250101
T975_DF2 = 4.302652729749464


def time_a(t):
    return 0.5 * t


def value_a(m, r, t):
    return (m + 1) * 100.0 + 7.25 * r * t + 0.5 * t + 0.125 * r * r * m


def yaml_a():
    return f"name: {CHINESE}\nseed: 20250101\nreplications: 3\nhorizon_years: 2\n"


KIND_CODES = [1, 2, 5, 9]

d = tempfile.mkdtemp(prefix="innosim_output_py_")
try:
    path = os.path.join(d, "synthetic.h5")
    p = subprocess.run([helper, "write", path], capture_output=True, text=True, timeout=120)
    check(p.returncode == 0, f"helper write: exit {p.returncode}: {p.stderr}")

    # ---- reader module, structured arrays -------------------------------------------
    with ir.open_results(path, use_pandas=False) as r:
        check(r.format_version == (1, 4), f"format_version {r.format_version}")
        at = r.attrs()
        check(at["filetype"] == "innosim-results", f"filetype {at['filetype']!r}")
        check(at["n_ranks"] == 1, "n_ranks")
        check(r.scenarios() == [A, B], f"scenarios {r.scenarios()} (creation order)")
        sa = r.scenario(A)
        check(sa["seed"] == SEED_A and sa["replications"] == REPS and sa["horizon_years"] == 2.0, f"scenario {sa}")
        check(sa["scenario_yaml"] == yaml_a(), "scenario_yaml round-trip")
        check(sa["scenario_sha256"] == hashlib.sha256(yaml_a().encode("utf-8")).hexdigest(),
              "scenario_sha256 is SHA-256 of the UTF-8 bytes of scenario_yaml")
        check(np.array_equal(r.time(A), [time_a(t) for t in range(TIMES)]), "time grid")
        check(sa.get("start_year") == 2025 and np.array_equal(r.calendar_years(A), 2025 + r.time(A)),
              "1.2: start_year and calendar years")
        check(r.dates(A) == ["2025-01-01", "2025-07-01", "2026-01-01", "2026-07-01", "2027-01-01"],
              f"1.2: dates {r.dates(A)}")
        check(r.dates("baseline") is None and r.calendar_years("baseline") is None, "no calendar without start_year")
        ms = r.metrics(A)
        check(list(ms) == ["firms_alive", "vc_invested"], f"metric order {list(ms)}")
        check(ms["firms_alive"] == {"unit": "count", "description": "存活企业数 (live firms)", "kind": "stock",
                                    "period_months": 0}, f"metric info {ms}")
        check(ms["vc_invested"]["kind"] == "flow" and ms["vc_invested"]["period_months"] == 3, f"1.2 kind {ms}")
        for m, name in enumerate(ms):
            x = r.metric(A, name)
            want = np.array([[value_a(m, rep, t) for t in range(TIMES)] for rep in range(REPS)])
            check(x.shape == (REPS, TIMES) and x.dtype == np.float64, f"{name} shape {x.shape} {x.dtype}")
            check(np.array_equal(x, want), f"{name} values")
            s = r.summary(A, name)
            check(s.dtype.names == ("time", "mean", "sd", "ci_low", "ci_high", "n", "p5", "p25", "p50", "p75", "p95"),
                  f"summary fields {s.dtype.names}")
            for p in (5, 25, 50, 75, 95):  # 1.2: numpy's default percentile is the same type 7
                check(np.allclose(s[f"p{p}"], np.percentile(want, p, axis=0), rtol=1e-13, atol=0),
                      f"{name} summary p{p}")
            mean = want.mean(axis=0)
            sd = want.std(axis=0, ddof=1)
            half = T975_DF2 * sd / math.sqrt(REPS)
            check(np.allclose(s["mean"], mean, rtol=1e-13, atol=0), f"{name} summary mean")
            check(np.allclose(s["sd"], sd, rtol=1e-12, atol=1e-12), f"{name} summary sd")
            check(np.allclose(s["ci_low"], mean - half, rtol=1e-9), f"{name} ci_low")
            check(np.allclose(s["ci_high"], mean + half, rtol=1e-9), f"{name} ci_high")
            check(np.all(s["n"] == REPS), f"{name} n")
            check(np.array_equal(s["time"], r.time(A)), f"{name} summary time")
            lf = r.metric_frame(A, name)
            check(len(lf) == REPS * TIMES and lf["value"][TIMES + 2] == value_a(m, 1, 2), "metric_frame long form")
        xb = r.metric(B, "firms_alive")
        check(np.all(np.isnan(xb[1])) and xb[0, 2] == 42.5, f"baseline matrix {xb}")
        sb = r.summary(B, "firms_alive")
        check(np.all(sb["n"] == 1) and np.all(np.isnan(sb["sd"])), f"baseline summary {sb}")

        runs = r.runs()
        check(runs.dtype.names == ("scenario", "replication", "seed", "status", "wall_seconds"), "runs fields")
        check(list(runs["scenario"]) == [A, A, A, B, B], f"runs scenarios {list(runs['scenario'])}")
        check(list(runs["replication"]) == [0, 1, 2, 0, 1], "runs replication order")
        check(list(runs["seed"]) == [SEED_A * 1000 + i for i in range(3)] + [7000, 7001], "runs seeds")
        check(list(runs["status"]) == ["ok"] * 4 + ["failed: 模型错误 negative cash"], f"statuses {runs['status']}")

        check(r.stage_codes() == {"startup": 0, "tech_sme": 1, "high_tech": 2, "gazelle": 3, "unicorn": 4},
              "stage codes")
        check(r.has_firms(A) and not r.has_firms(B), "has_firms")
        f = r.firms(A)
        check(len(f) == REPS * TIMES * FIRMS, f"firm rows {len(f)}")
        check(h5py.check_enum_dtype(r.file["scenarios"][A]["firms"].dtype["stage"]) == r.stage_codes(),
              "stage enum in the file")
        order = [2, 0, 1]  # arrival order of the synthetic file
        k = 0
        ok = True
        for rep in order:
            for t in range(TIMES):
                for i in range(FIRMS):
                    row = f[k]
                    ok &= (row["replication"] == rep and row["firm_id"] == rep * 1000 + i and row["stage"] == i % 5
                           and row["sector"] == i % 7 - 1 and row["employees"] == 10.0 + i + t
                           and row["time"] == time_a(t) and row["incubated"] == (i % 2 == 0)
                           and row["alive"] == ((i + t) % 6 != 0) and row["cash"] == -2.5e5 + 1.0e5 * i)
                    k += 1
        check(ok, "firm panel values")
        f0 = r.firms(A, replication=0)
        check(len(f0) == TIMES * FIRMS and set(f0["replication"]) == {0}, "firms(replication=0)")
        check(sum(len(b) for b in r.iter_firms(A, block_rows=64)) == len(f), "iter_firms blocks")

        check(r.event_kinds(A) == {"loan": 1, "vc_round": 2, "subsidy": 5, "exit": 9}, f"kinds {r.event_kinds(A)}")
        ev = r.events(A)
        check(len(ev) == REPS * EVENTS, f"event rows {len(ev)}")
        check(ev["detail"][0] == "科技贷款 r=2 j=0", f"event detail {ev['detail'][0]!r}")
        check(list(ev["kind"][:4]) == KIND_CODES and ev["amount"][3] == 4.0e5, "event kinds and amounts")

        try:
            r.metric(A, "nope")
            check(False, "unknown metric accepted")
        except KeyError as e:
            check("firms_alive" in str(e), f"unknown metric message {e}")

    # ---- pandas, when installed -----------------------------------------------------
    if pd is not None:
        with ir.open_results(path) as r:
            df = r.summary(A, "firms_alive")
            check(isinstance(df, pd.DataFrame) and list(df.columns)[:2] == ["time", "mean"], "summary DataFrame")
            check(r.firms(A)["stage_name"].iloc[1] == "tech_sme", "firms stage_name column")
            check(r.events(A)["kind_name"].iloc[0] == "loan", "events kind_name column")
        with h5py.File(path, "r") as f:
            df = pd.DataFrame(f["runs"][()])  # as SCHEMA.md promises
            check(len(df) == 5 and list(df.columns)[0] == "scenario", "pd.DataFrame(f['runs'][()])")
        print("pandas checks ran")
    else:
        print("pandas not installed: DataFrame checks skipped")

    # ---- plain h5py, as SCHEMA.md shows -------------------------------------------
    with h5py.File(path, "r") as f:
        check(f.attrs["filetype"] == "innosim-results", "h5py filetype is str")
        check(list(f.attrs["format_version"]) == [1, 4], "h5py format_version")
        runs = f["runs"][()]
        check(runs["scenario"][0].decode() == A, "runs scenario bytes decode to the Chinese name")
        check(f["scenarios"][A]["time"].attrs["unit"] == "years", "time unit")
        fi = f["scenarios"][A]["firms"]
        check(fi.maxshape == (None,) and fi.chunks == (64,) and fi.compression == "gzip", "firms layout")

    # ---- errors -----------------------------------------------------------------------
    plain = os.path.join(d, "plain.h5")
    with h5py.File(plain, "w") as f:
        f["x"] = np.arange(3)
    future = os.path.join(d, "future.h5")
    shutil.copy(path, future)
    with h5py.File(future, "r+") as f:
        f.attrs["format_version"] = np.array([2, 0], dtype=np.int32)
    text = os.path.join(d, "text.h5")
    with open(text, "w") as f:
        f.write("not hdf5\n")
    missing = os.path.join(d, "missing.h5")
    for bad, word in ((plain, "filetype"), (future, "2.0"), (text, "not an HDF5 file")):
        try:
            ir.open_results(bad).close()
            check(False, f"reader accepted {bad}")
        except ir.ResultsFormatError as e:
            check(word in str(e), f"reader error for {bad} lacks {word!r}: {e}")
    try:
        ir.open_results(missing)
        check(False, "reader accepted a missing file")
    except FileNotFoundError:
        pass

    # ---- innosim inspect ------------------------------------------------------------
    p = subprocess.run([innosim, "inspect", path], capture_output=True, text=True, timeout=60)
    check(p.returncode == 0, f"inspect: exit {p.returncode}: {p.stderr}")
    out = p.stdout
    for want in ("format_version   1.4", "runs             5 (1 failed)", f'scenario "{A}"', 'scenario "baseline"',
                 "seed 20250101, replications 3, horizon 2 years, 5 time points",
                 "firms_alive [count]: 存活企业数 (live firms)", "vc_invested [yuan]: 累计风险投资",
                 "baseline replication 1 (seed 7001): failed: 模型错误 negative cash", "firm panel 300 rows",
                 "event log 30 rows"):
        check(want in out, f"inspect text lacks {want!r}:\n{out}")

    p = subprocess.run([innosim, "inspect", path, "--json"], capture_output=True, text=True, timeout=60)
    check(p.returncode == 0, f"inspect --json: exit {p.returncode}: {p.stderr}")
    try:
        j = json.loads(p.stdout)
    except ValueError as e:
        j = {}
        check(False, f"inspect --json is not JSON: {e}: {p.stdout!r}")
    if j:
        check(j["format_version"] == [1, 4] and j["filetype"] == "innosim-results", "json version")
        check(j["runs"] == {"count": 5, "failed": 1}, f"json runs {j['runs']}")
        check([s["name"] for s in j["scenarios"]] == [A, B], "json scenario names")
        s0 = j["scenarios"][0]
        check(s0["seed"] == SEED_A and s0["replications"] == 3 and s0["horizon_years"] == 2 and s0["n_time"] == 5,
              f"json scenario {s0}")
        check(s0["firm_rows"] == 300 and s0["event_rows"] == 30 and j["scenarios"][1]["firm_rows"] is None,
              "json table rows")
        check(s0["metrics"][1] == {"name": "vc_invested", "unit": "yuan",
                                   "description": "累计风险投资 cumulative VC investment"}, f"json metric {s0['metrics']}")
        check(j["failed_runs"][0]["status"] == "failed: 模型错误 negative cash", "json failed runs")
        check(j["command_line"] == "output_test_helper write", "json command_line")

    for bad, word in ((plain, "not an innosim results file"), (missing, "no such file"),
                      (future, "format version 2.0"), (text, "not an HDF5 file")):
        for extra in ([], ["--json"]):
            p = subprocess.run([innosim, "inspect", bad, *extra], capture_output=True, text=True, timeout=60)
            check(p.returncode == 2, f"inspect {os.path.basename(bad)} {extra}: exit {p.returncode}, expected 2")
            check(word in p.stderr and os.path.basename(bad) in p.stderr,
                  f"inspect {os.path.basename(bad)}: stderr lacks {word!r}: {p.stderr!r}")
            check(p.stdout == "", f"inspect {os.path.basename(bad)}: printed to stdout on error")
    p = subprocess.run([innosim, "inspect"], capture_output=True, text=True, timeout=60)
    check(p.returncode == 2, f"inspect without a file: exit {p.returncode}")
    p = subprocess.run([innosim, "inspect", path, "--no-such-flag"], capture_output=True, text=True, timeout=60)
    check(p.returncode == 2 and "no-such-flag" in p.stderr, "inspect with a bad flag")

    # ---- h5dump, as SCHEMA.md shows --------------------------------------------------
    if shutil.which("h5dump"):
        p = subprocess.run(["h5dump", "-a", "/filetype", path], capture_output=True, text=True, timeout=60)
        check(p.returncode == 0 and "innosim-results" in p.stdout, f"h5dump -a /filetype: {p.stdout} {p.stderr}")
        p = subprocess.run(["h5dump", "-d", f"/scenarios/{A}/summary/firms_alive", path],
                           capture_output=True, text=True, timeout=60)
        check(p.returncode == 0 and "ci_high" in p.stdout, "h5dump of a summary")
finally:
    shutil.rmtree(d, ignore_errors=True)

if failures:
    print(f"{len(failures)} failures")
    sys.exit(1)
print("all output python checks passed")

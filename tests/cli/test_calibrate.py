#!/usr/bin/python3
"""`innosim calibrate` end to end: a small synthetic calibration runs, writes
/calibration (read back with h5py) and a calibrated scenario that `innosim
run` accepts; --jobs 1 and 2 give identical files; a calibration killed with
SIGKILL resumes with --resume and ends identical to an uninterrupted one;
SIGINT prints the resume command, which works; --max-runs is honoured (refused
up front when too small, stopping the local search otherwise); bad files get
file:line:column and exit 2 with nothing written; --estimate prints the cost.

usage: test_calibrate.py INNOSIM_EXE
"""
import glob
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time

import h5py

import inputs
from cli_common import check, finish, run, same_calibration

exe = os.path.abspath(sys.argv[1])

# Two parameters, four targets made by the model at known values.
CALIB = inputs.calibration(replications=4, points=8, max_evaluations=25, restarts=1, profile_points=5,
                           extra_targets='  - {name: exit_growth, expr: "growth(firms_active, 2025-12-31, 2026-12-31)", '
                                         'sd: 0.01, source: synthetic}\n')


def parts(out):
    return glob.glob(os.path.join(out + ".parts", "runs", "*.run"))


with tempfile.TemporaryDirectory() as d:
    calib = os.path.join(d, "calib.yaml")
    with open(calib, "w") as f:
        f.write(CALIB)

    # --estimate: the plan and its cost, nothing written.
    p = run(exe, "calibrate", calib, "--estimate", cwd=d)
    check(p.returncode == 0, f"--estimate: exit {p.returncode}: {p.stderr}")
    check("at most" in p.stdout and "one run at the centre of the box took" in p.stdout, f"--estimate: {p.stdout}")
    check(not os.path.exists(os.path.join(d, "results")), "--estimate writes nothing")

    full = os.path.join(d, "full.h5")
    p = run(exe, "calibrate", calib, "-o", full, "--jobs", "2", cwd=d)
    check(p.returncode == 0, f"calibrate: exit {p.returncode}: {p.stderr}")
    for word in ("identification (", "J test:", "Jacobian (all parameters, weighted): rank", "firms.entry_rate_per_year", "exits_2025"):
        check(word in p.stdout, f"the report shows {word!r}")
    scen = os.path.join(d, "full-scenario.yaml")
    check(os.path.exists(scen), "the calibrated scenario is written beside the results")
    check(not os.path.exists(full + ".parts"), "the working directory is removed at the end")
    with h5py.File(full, "r") as f:
        c = f["/calibration"]
        par = c["parameters"][()]
        tgt = c["targets"][()]
        check(len(par) == 2 and len(tgt) == 4, "one row per parameter and per target")
        names = [x.decode() for x in par["parameter"]]
        check(names == ["firms.entry_rate_per_year", "firms.hazard_young"], f"parameter names: {names}")
        for row in par:
            check(row["lo"] <= row["estimate"] <= row["hi"], f"estimate within its range: {row}")
        check(par["synthetic_truth"][0] == 250 and par["synthetic_truth"][1] == 0.2, "the synthetic truth is recorded")
        check(c.attrs["j_df"] == 2, f"J test on 4 - 2 degrees of freedom: {c.attrs['j_df']}")
        check(0 <= c.attrs["j_p_value"] <= 1, "a J p-value")
        check(c.attrs["jacobian_rank"] == 2, "full-rank Jacobian")
        check(c["jacobian"].shape == (4, 2) and c["covariance"].shape == (2, 2), "Jacobian and covariance shapes")
        check(c["weighting"].shape == (4, 4) and c["omega"].shape == (4, 4), "W and Omega shapes")
        check(c["estimate_runs"].shape == (4, 4), "each target on each replication at the estimate")
        ev = c["evaluations"][()]
        stages = set(x.decode() for x in ev["stage"])
        for st in ("check", "global", "local-1", "jacobian", "profiles"):
            check(st in stages, f"evaluations of stage {st}")
        check(len(c["evaluation_moments"]) == len(ev), "one row of moments per evaluation")
        for n in names:
            prof = c["profiles"][n][()]
            check(len(prof) == 5, f"profile of {n} has profile_points rows")
        runs = f["/runs"][()]
        check(len(runs) == c.attrs["runs"], f"/runs has a row per run ({len(runs)} vs {c.attrs['runs']})")
        check(all(s.decode() == "ok" for s in runs["status"]), "every run ok")
        check(c.attrs["scenario_yaml"].startswith("# Calibrated by"), "the scenario is stored too")
        checks = c["checks"][()]
        check(len(checks) == 4 and all(len(v) > 0 for v in checks["verdict"]), "a check verdict per target")
    # The calibrated scenario runs as it is.
    p = run(exe, "run", scen, "--replications", "2", "-o", os.path.join(d, "run.h5"), "--quiet", cwd=d)
    check(p.returncode == 0, f"innosim run on the calibrated scenario: {p.stderr}")
    with open(scen) as f:
        text = f.read()
    check("extends: \"jiangmen-2025\"" in text and "entry_rate_per_year:" in text, f"calibrated scenario:\n{text}")

    # --jobs 1: the same file.
    one = os.path.join(d, "one.h5")
    p = run(exe, "calibrate", calib, "-o", one, "--jobs", "1", "--quiet", cwd=d)
    check(p.returncode == 0, f"--jobs 1: {p.stderr}")
    same_calibration(full, one, "--jobs 1 vs 2")

    # Existing outputs are not overwritten.
    p = run(exe, "calibrate", calib, "-o", one, "--quiet", cwd=d)
    check(p.returncode == 2 and "already exists" in p.stderr, f"existing -o refused: {p.returncode} {p.stderr}")

    # SIGKILL mid-way, then --resume: identical to the uninterrupted file.
    killed = os.path.join(d, "killed.h5")
    proc = subprocess.Popen([exe, "calibrate", calib, "-o", killed, "--jobs", "1", "--quiet"], cwd=d,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while len(parts(killed)) < 60 and proc.poll() is None and time.time() < deadline:
        time.sleep(0.01)
    alive = proc.poll() is None
    proc.kill()
    proc.communicate()
    check(alive, "the calibration was still running when killed (make it longer?)")
    check(len(parts(killed)) >= 60, "runs were saved before the kill")
    check(not os.path.exists(killed), "no results file after a kill")
    p = run(exe, "calibrate", calib, "-o", killed, "--quiet", cwd=d)
    check(p.returncode == 2 and "--resume" in p.stderr, f"a new start onto saved runs needs --resume: {p.stderr}")
    p = run(exe, "calibrate", calib, "-o", killed, "--resume", "--jobs", "2", "--quiet", cwd=d)
    check(p.returncode == 0, f"--resume after SIGKILL: {p.stderr}")
    same_calibration(full, killed, "resumed after SIGKILL")

    # SIGINT: stops, prints the resume command, which works.
    inter = os.path.join(d, "inter.h5")
    proc = subprocess.Popen([exe, "calibrate", calib, "-o", inter, "--jobs", "1"], cwd=d, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while len(parts(inter)) < 30 and proc.poll() is None and time.time() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    check(proc.returncode == 130, f"SIGINT: exit {proc.returncode}: {err[-500:]}")
    lines = err.splitlines()
    cmd = lines[lines.index("resume with:") + 1].strip() if "resume with:" in lines else None
    check(cmd is not None and "--resume" in cmd, f"the resume command is printed: {err[-500:]}")
    if cmd:
        p = subprocess.run(shlex.split(cmd) + ["--quiet"], capture_output=True, text=True, cwd=d, timeout=300)
        check(p.returncode == 0, f"the printed resume command works: {p.stderr}")
        same_calibration(full, inter, "resumed after SIGINT")

    # A resume with an edited file is refused.
    edited = os.path.join(d, "edited.yaml")
    with open(edited, "w") as f:
        f.write(CALIB.replace("seed: 3", "seed: 4"))
    ed_out = os.path.join(d, "ed.h5")
    proc = subprocess.Popen([exe, "calibrate", calib, "-o", ed_out, "--jobs", "1", "--quiet"], cwd=d,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while len(parts(ed_out)) < 10 and proc.poll() is None:
        time.sleep(0.01)
    proc.kill()
    proc.communicate()
    p = run(exe, "calibrate", edited, "-o", ed_out, "--resume", "--quiet", cwd=d)
    check(p.returncode == 2 and "different calibration" in p.stderr, f"an edited file does not resume: {p.stderr}")

    # --max-runs: too small for the fixed stages is refused before any run;
    # otherwise the local search stops at the budget.
    p = run(exe, "calibrate", calib, "-o", os.path.join(d, "tiny.h5"), "--max-runs", "50", cwd=d)
    check(p.returncode == 2 and "--max-runs 50 is below" in p.stderr, f"--max-runs too small: {p.stderr}")
    check(not os.path.exists(os.path.join(d, "tiny.h5.parts")), "nothing run when the budget is refused")
    capped = os.path.join(d, "capped.h5")
    p = run(exe, "calibrate", calib, "-o", capped, "--max-runs", "150", "--quiet", cwd=d)
    check(p.returncode == 0, f"--max-runs 150: {p.stderr}")
    if p.returncode == 0:
        with h5py.File(capped, "r") as f:
            c = f["/calibration"]
            check(c.attrs["runs"] <= 150, f"the budget holds: {c.attrs['runs']} runs")
            check(c.attrs["budget_stopped"] == 1, "the budget stopped the local search")
            check("--max-runs stopped the local search" in c.attrs["warnings"], "and says so")

    # The J test's degrees of freedom count every free parameter (referee 19 B5): two targets, the entry rate
    # and the pool's coverage share, which moves nothing with the pool off (not identified). Exactly identified:
    # no J test. Until session 20 the tool left the unidentified parameter out and printed "J on 1 d.f.".
    exact = os.path.join(d, "exact.yaml")
    with open(exact, "w") as f:
        f.write("scenario: jiangmen-2025\nset:\n  population.firms: 300\n  population.reference_firms: 300\n"
                "  warmup_years: 0\n  horizon_years: 2\n  policies.risk_compensation_pool.enabled: false\n"
                "parameters:\n  firms.entry_rate_per_year: {range: [100, 400]}\n"
                "  policies.risk_compensation_pool.coverage_share: {range: [0.1, 0.9]}\ntargets:\n" +
                inputs.CALIBRATION_TARGETS.split("\n")[0] + "\n" + inputs.CALIBRATION_TARGETS.split("\n")[1] + "\n" +
                "replications: 2\nseed: 3\nsearch:\n  global: {design: sobol, points: 4}\n"
                "  local: {algorithm: bobyqa, max_evaluations: 8}\n  restarts: 0\nprofile_points: 3\ncheck: false\n"
                "synthetic:\n  truth: {firms.entry_rate_per_year: 250, policies.risk_compensation_pool.coverage_share: 0.5}\n"
                "  seed: 77\n")
    ex = os.path.join(d, "exact.h5")
    p = run(exe, "calibrate", exact, "-o", ex, "--jobs", "2", "--lang", "en", cwd=d)
    check(p.returncode == 0, f"exactly identified: exit {p.returncode}: {p.stderr}")
    check("J test: none (exactly identified: as many targets as free parameters)" in p.stdout and
          "degrees of freedom" not in p.stdout, f"exactly identified: no J test printed: {p.stdout}")
    if p.returncode == 0:
        with h5py.File(ex, "r") as f:
            c = f["/calibration"]
            ident = [x.decode() for x in c["parameters"][()]["identification"]]
            check(ident[1] == "not identified", f"the coverage share is not identified: {ident}")
            check(c.attrs["j_df"] == 0, f"J on 2 targets - 2 free parameters = 0 d.f.: {c.attrs['j_df']}")
            check(c.attrs["j_test"] == "exactly identified (as many targets as free parameters), no J test",
                  f"the j_test attribute: {c.attrs['j_test']}")
        with open(os.path.join(d, "exact-scenario.yaml")) as f:
            head = f.read()
        check("no J test" in head and "degrees of freedom" not in head, f"the calibrated scenario's header: {head[:600]}")

    # Bad input: file:line:column, exit 2, nothing written.
    bad = os.path.join(d, "bad.yaml")
    with open(bad, "w") as f:
        f.write(CALIB.replace("stock(firms_active, 2026-12-31)", "stock(firms_activ, 2026-12-30)"))
    p = run(exe, "calibrate", bad, "-o", os.path.join(d, "bad.h5"), cwd=d)
    check(p.returncode == 2, f"bad file: exit {p.returncode}")
    check(f"{bad}:11:37:" in p.stderr and "unknown metric 'firms_activ'" in p.stderr, f"bad file: {p.stderr}")
    check(not os.path.exists(os.path.join(d, "bad.h5")) and not os.path.exists(os.path.join(d, "bad.h5.parts")),
          "nothing written for a bad file")
    p = run(exe, "calibrate", os.path.join(d, "missing.yaml"), cwd=d)
    check(p.returncode == 2 and ("no such file" in p.stderr or "cannot open" in p.stderr), f"missing file: {p.stderr}")

finish()

#!/usr/bin/python3
"""A sweep killed with SIGKILL mid-way (after at least one run is saved)
resumes with --resume and ends with every dataset identical to an
uninterrupted sweep's; SIGINT stops cleanly and prints the exact resume
command, which works; a resume with a changed sweep file is refused (exit
2); a new sweep onto an interrupted one needs --resume or --force.

usage: test_sweep_resume.py INNOSIM_EXE
"""
import glob
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time

from cli_common import check, compare_datasets, finish, run

exe = os.path.abspath(sys.argv[1])

# 32 runs of the baseline over 4 years in a city of 1,500 firms (about 0.1
# CPU-s each with the 5-year warm-up, 3 s for the sweep): long enough to
# interrupt a sweep between its first saved run and its last (the test polls
# every 10 ms), short enough that the five sweeps below cost CI a few CPU-s
# (with the default 6,000 firms and the warm-up they cost 58 s, session 20).
SWEEP = """scenario: jiangmen-2025
set:
  horizon_years: 4
  population.firms: 1500
factors:
  policies.loan_interest_subsidy.rate: {range: [0.1, 0.6]}
  policies.tech_insurance.premium_subsidy_share: {range: [0.2, 0.8]}
design: {type: sobol, points: 16}
replications: 2
seed: 3
series: true
"""


def parts_done(out):
    return glob.glob(os.path.join(out + ".parts", "runs", "*.run"))


def start(sweep, out, *extra):
    return subprocess.Popen([exe, "sweep", sweep, "-o", out, *extra], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for_a_run(proc, out):
    deadline = time.time() + 120
    while not parts_done(out) and proc.poll() is None and time.time() < deadline:
        time.sleep(0.01)
    check(len(parts_done(out)) >= 1, "at least one run saved before the interruption")
    check(proc.poll() is None, "the sweep was still running when interrupted (make it longer?)")


with tempfile.TemporaryDirectory() as d:
    sweep = os.path.join(d, "sweep.yaml")
    with open(sweep, "w") as f:
        f.write(SWEEP)
    full = os.path.join(d, "full.h5")
    p = run(exe, "sweep", sweep, "-o", full, "--jobs", "2", "--quiet")
    check(p.returncode == 0, f"uninterrupted sweep: {p.stderr}")

    # --- SIGKILL, then --resume -------------------------------------------------------------
    killed = os.path.join(d, "killed.h5")
    proc = start(sweep, killed, "--jobs", "2")
    wait_for_a_run(proc, killed)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    kept = len(parts_done(killed))
    check(not os.path.exists(killed), "SIGKILL: no results file")
    check(0 < kept < 32, f"SIGKILL: {kept} of 32 runs kept")
    p = run(exe, "sweep", sweep, "-o", killed, "--resume", "--jobs", "1")
    check(p.returncode == 0, f"resume after SIGKILL: exit {p.returncode}: {p.stderr}")
    check(f"({kept} done before)" in p.stderr or f"({kept + 1} done before)" in p.stderr or "done before" in p.stderr,
          f"resume reports the runs it skips: {p.stderr!r}")
    check(not os.path.exists(killed + ".parts"), "working directory removed after the resume")
    compare_datasets(full, killed, "/sweep", "SIGKILL + resume vs uninterrupted")
    compare_datasets(full, killed, "/", "SIGKILL + resume vs uninterrupted (whole file)", skip_fields=("wall_seconds",))

    # --- SIGINT: clean stop, the exact resume command -------------------------------------------
    stopped = os.path.join(d, "stopped.h5")
    proc = start(sweep, stopped, "--jobs", "2")
    wait_for_a_run(proc, stopped)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    check(proc.returncode == 130, f"SIGINT: exit 130 ({proc.returncode})")
    check(not os.path.exists(stopped), "SIGINT: no results file")
    lines = err.splitlines()
    cmd = lines[lines.index("resume with:") + 1].strip() if "resume with:" in lines else ""
    check(cmd.endswith(f"sweep {sweep} -o {stopped} --resume --jobs 2"), f"the resume command: {cmd!r}")
    check(f"are done and kept in {stopped}.parts" in err, f"SIGINT says what is kept: {err!r}")

    # A changed sweep file is refused; so is a fresh sweep onto the interrupted one.
    changed = os.path.join(d, "changed.yaml")
    with open(changed, "w") as f:
        f.write(SWEEP.replace("seed: 3", "seed: 4"))
    p = run(exe, "sweep", changed, "-o", stopped, "--resume")
    check(p.returncode == 2 and "different sweep" in p.stderr, f"changed sweep file refused: {p.returncode} {p.stderr!r}")
    p = run(exe, "sweep", sweep, "-o", stopped)
    check(p.returncode == 2 and "--resume" in p.stderr and "--force" in p.stderr, f"needs --resume or --force: {p.stderr!r}")
    check(not os.path.exists(stopped) and len(parts_done(stopped)) > 0, "refusals leave the saved runs alone")

    # The printed command finishes the sweep.
    p = subprocess.run(shlex.split(cmd) + ["--quiet"], capture_output=True, text=True, timeout=300)
    check(p.returncode == 0, f"the printed resume command works: {p.returncode} {p.stderr}")
    compare_datasets(full, stopped, "/", "SIGINT + resume vs uninterrupted", skip_fields=("wall_seconds",))

    # --force discards an interrupted sweep and starts over.
    forced = os.path.join(d, "forced.h5")
    proc = start(sweep, forced, "--jobs", "2")
    wait_for_a_run(proc, forced)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    p = run(exe, "sweep", changed, "-o", forced, "--force", "--quiet")
    check(p.returncode == 0 and os.path.exists(forced) and not os.path.exists(forced + ".parts"),
          f"--force starts over: {p.returncode} {p.stderr}")

    # Issue #19: a second `sweep --force` onto a running sweep deleted its parts,
    # and the first then wrote a file of the other sweep's numbers. Now the
    # lock is checked: refused, and the first sweep's file is its own.
    concurrent = os.path.join(d, "concurrent.h5")
    proc = start(sweep, concurrent, "--jobs", "1")
    wait_for_a_run(proc, concurrent)
    p = run(exe, "sweep", changed, "-o", concurrent, "--force", "--quiet")
    check(p.returncode == 2 and "another innosim sweep is working" in p.stderr,
          f"--force onto a running sweep is refused: {p.returncode} {p.stderr!r}")
    proc.communicate(timeout=300)
    check(proc.returncode == 0, f"the running sweep finishes: {proc.returncode}")
    compare_datasets(full, concurrent, "/sweep", "a sweep that a concurrent --force tried to discard")

    # --force never deletes a directory that is not provably a sweep's own.
    foreign = os.path.join(d, "foreign.h5")
    os.makedirs(foreign + ".parts/runs")
    with open(foreign + ".parts/runs/thesis.tex", "w") as f:
        f.write("precious")
    p = run(exe, "sweep", sweep, "-o", foreign, "--force", "--quiet")
    check(p.returncode == 2 and "not provably a sweep working directory" in p.stderr,
          f"--force refuses a foreign directory: {p.returncode} {p.stderr!r}")
    check(os.path.exists(foreign + ".parts/runs/thesis.tex"), "the foreign directory is left alone")

finish()

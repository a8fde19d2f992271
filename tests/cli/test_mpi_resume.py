#!/usr/bin/python3
"""Interrupted MPI jobs. A sweep under `mpirun -np 3` whose mpirun process
group is killed with SIGKILL once a run is saved leaves no rank running
(they notice that mpirun is gone) and keeps its finished runs; `mpirun ...
--resume` completes it, and every dataset equals the uninterrupted
single-process `--jobs 1` sweep's. A worker rank killed with SIGKILL makes
the job fail (mpirun stops every rank) with the finished runs kept for
--resume. `run` loses everything in that case: no results file.

usage: test_mpi_resume.py INNOSIM_EXE MPIEXEC
"""
import glob
import os
import signal
import sys
import tempfile
import time

import h5py

from cli_common import check, compare_datasets, finish, run
from mpi_common import alive, mpirun, rank_pids, start

exe, mpiexec = os.path.abspath(sys.argv[1]), sys.argv[2]

# 24 runs of about 0.15 s each on this machine: long enough to interrupt
# between the first saved run and the last.
SWEEP = """scenario: jiangmen-2025
set:
  population.firms: 3000
factors:
  policies.loan_interest_subsidy.rate: {range: [0.1, 0.6]}
  policies.tech_insurance.premium_subsidy_share: {range: [0.2, 0.8]}
design: {type: lhs, points: 12}
replications: 2
seed: 5
series: true
"""


def parts_done(out):
    return glob.glob(os.path.join(out + ".parts", "runs", "*.run"))


def wait_for_a_run(proc, out):
    deadline = time.time() + 120
    while not parts_done(out) and proc.poll() is None and time.time() < deadline:
        time.sleep(0.01)
    check(len(parts_done(out)) >= 1, "at least one run saved before the kill")
    check(proc.poll() is None, "the job was still running when killed (make it longer?)")


def wait_gone(pids, what):
    deadline = time.time() + 10
    while any(alive(p) for p in pids) and time.time() < deadline:
        time.sleep(0.05)
    check(not any(alive(p) for p in pids), f"{what}: no rank left running ({[p for p in pids if alive(p)]})")


with tempfile.TemporaryDirectory() as d:
    sweep = os.path.join(d, "sweep.yaml")
    with open(sweep, "w") as f:
        f.write(SWEEP)
    full = os.path.join(d, "full.h5")
    p = run(exe, "sweep", sweep, "-o", full, "--jobs", "1", "--quiet")
    check(p.returncode == 0, f"uninterrupted single-process sweep: {p.stderr}")

    # --- SIGKILL to mpirun's process group, then mpirun ... --resume ---------------------------
    killed = os.path.join(d, "killed.h5")
    proc = start(mpiexec, 3, exe, "sweep", sweep, "-o", killed, "--jobs", "1")
    wait_for_a_run(proc, killed)
    ranks = rank_pids(proc.pid)
    check(len(ranks) == 3, f"three ranks found: {ranks}")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    # OpenMPI gives every rank a process group of its own, so the kill
    # reached mpirun alone: the ranks must quit by themselves.
    wait_gone(ranks.values(), "mpirun killed")
    kept = len(parts_done(killed))
    check(not os.path.exists(killed), "mpirun killed: no results file")
    check(0 < kept < 24, f"mpirun killed: {kept} of 24 runs kept")
    p = mpirun(mpiexec, 3, exe, "sweep", sweep, "-o", killed, "--resume", "--jobs", "1")
    check(p.returncode == 0, f"resume after the kill: exit {p.returncode}: {p.stderr}")
    check("done before)" in p.stderr, f"resume reports the runs it skips: {p.stderr!r}")
    check(not os.path.exists(killed + ".parts"), "working directory removed after the resume")
    compare_datasets(full, killed, "/", "SIGKILL + resume vs uninterrupted", skip_fields=("wall_seconds",))
    with h5py.File(killed, "r") as f:
        check(int(f.attrs["n_ranks"]) == 3, "resumed file: n_ranks = 3")

    # --- a worker rank dies: the job fails, the finished runs are kept ----------------------------
    dead = os.path.join(d, "dead.h5")
    proc = start(mpiexec, 3, exe, "sweep", sweep, "-o", dead, "--jobs", "1")
    wait_for_a_run(proc, dead)
    ranks = rank_pids(proc.pid)
    os.kill(ranks[1], signal.SIGKILL)
    _, err = proc.communicate(timeout=60)
    check(proc.returncode != 0, f"a rank died: the job fails ({proc.returncode})")
    check("rank 1" in err and "signal 9" in err, f"mpirun names the rank that died: {err[-600:]!r}")
    wait_gone(ranks.values(), "a rank died")
    kept = len(parts_done(dead))
    check(not os.path.exists(dead) and 0 < kept < 24, f"a rank died: no results file, {kept} runs kept")
    p = mpirun(mpiexec, 3, exe, "sweep", sweep, "-o", dead, "--resume", "--jobs", "1", "--quiet")
    check(p.returncode == 0, f"resume after a rank died: exit {p.returncode}: {p.stderr}")
    compare_datasets(full, dead, "/", "dead rank + resume vs uninterrupted", skip_fields=("wall_seconds",))

    # --- run: a rank dies, nothing is written (not even a temporary) -----------------------------
    out = os.path.join(d, "run.h5")
    proc = start(mpiexec, 3, exe, "run", "--replications", "40", "--set", "population.firms=3000", "-o", out,
                 "--jobs", "1")
    deadline = time.time() + 60
    ranks = {}
    while len(ranks) < 3 and time.time() < deadline:
        ranks = rank_pids(proc.pid)
        time.sleep(0.05)
    time.sleep(1.0)  # a few runs done
    check(proc.poll() is None, "run still going when a rank is killed")
    os.kill(ranks[2], signal.SIGKILL)
    proc.communicate(timeout=60)
    check(proc.returncode != 0, f"run: a rank died, the job fails ({proc.returncode})")
    wait_gone(ranks.values(), "run: a rank died")
    # Rank 0 removes its temporary on mpirun's SIGTERM; only if it were
    # killed outright (SIGKILL) would a run.h5.tmp-<pid> stay behind.
    check(not os.path.exists(out), f"run: no results file: {sorted(os.listdir(d))}")

finish()

#!/usr/bin/python3
"""`innosim calibrate` under mpirun (3 ranks: rank 0 runs the search and
writes, 2 workers run the points it asks for, preparing each point's
scenario from its coordinates): the results are identical to one process
with --jobs 1; a job killed mid-way resumes under mpirun and ends identical
too; --estimate runs on rank 0 alone.

usage: test_mpi_calibrate.py INNOSIM_EXE MPIEXEC
"""
import glob
import os
import signal
import sys
import tempfile
import time

import h5py

import inputs
from cli_common import check, finish, run, same_calibration
from mpi_common import mpirun, start

exe = os.path.abspath(sys.argv[1])
mpiexec = sys.argv[2]

CALIB = inputs.calibration(replications=4, points=8, max_evaluations=20, restarts=0, profile_points=3)


with tempfile.TemporaryDirectory() as d:
    calib = os.path.join(d, "calib.yaml")
    with open(calib, "w") as f:
        f.write(CALIB)
    one = os.path.join(d, "one.h5")
    p = run(exe, "calibrate", calib, "-o", one, "--jobs", "1", "--quiet", cwd=d)
    check(p.returncode == 0, f"one process: {p.stderr}")

    ranks = os.path.join(d, "ranks.h5")
    p = mpirun(mpiexec, 3, exe, "calibrate", calib, "-o", ranks, "--jobs", "1")
    check(p.returncode == 0, f"mpirun -np 3: exit {p.returncode}: {p.stderr[-2000:]}")
    check("2 worker ranks run the points" in p.stderr, f"rank 0 says how the job is spread: {p.stderr[-800:]}")
    if p.returncode == 0:
        same_calibration(one, ranks, "3 ranks vs one process")
        with h5py.File(ranks, "r") as f:
            check(f.attrs["n_ranks"] == 3, "n_ranks recorded")

    p = mpirun(mpiexec, 3, exe, "calibrate", calib, "--estimate")
    check(p.returncode == 0 and p.stdout.count("one run at the centre") == 1, f"--estimate on rank 0 alone: {p.stdout} {p.stderr}")

    # Killed mid-way (the whole mpirun process group), resumed under mpirun.
    killed = os.path.join(d, "killed.h5")
    proc = start(mpiexec, 3, exe, "calibrate", calib, "-o", killed, "--jobs", "1", "--quiet")
    deadline = time.time() + 120
    while len(glob.glob(killed + ".parts/runs/*.run")) < 40 and proc.poll() is None and time.time() < deadline:
        time.sleep(0.01)
    running = proc.poll() is None
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()
    check(running, "the job was still running when killed")
    time.sleep(0.5)  # the ranks notice mpirun is gone and quit
    p = mpirun(mpiexec, 3, exe, "calibrate", calib, "-o", killed, "--resume", "--jobs", "1", "--quiet")
    check(p.returncode == 0, f"resume under mpirun: {p.stderr[-2000:]}")
    if p.returncode == 0:
        same_calibration(one, killed, "killed and resumed under mpirun vs one process")

finish()

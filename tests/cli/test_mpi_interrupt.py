#!/usr/bin/python3
"""Interrupting a job under mpirun (issue #19, point 6).

- Ctrl-C to mpirun (SIGINT to its process group, as a terminal sends it; the
  ranks are in process groups of their own): mpirun sends SIGTERM to every
  rank and SIGKILL a second later. Rank 0 stops at once and its temporary
  results file is gone (it was left behind as out.h5.tmp-<pid>): no file
  under any name. mpirun's own exit status on its own Ctrl-C is Open MPI's
  (1, ORTE_ERROR_DEFAULT_EXIT_CODE); it is not 0. Repeated, as it raced.
- SIGTERM to every process of the job (what `scancel` does): the same.
- SIGTERM or SIGINT to rank 0 alone: rank 0 stops, removes its temporary and
  ends the job with its status, which mpirun passes on: 143 or 130.
- A job that completes exits 0 with its file.

usage: test_mpi_interrupt.py INNOSIM_EXE MPIEXEC
"""
import os
import signal
import sys
import tempfile
import time

from cli_common import check, finish
from mpi_common import alive, mpirun, rank_pids, start

exe = os.path.abspath(sys.argv[1])
mpiexec = sys.argv[2]
JOB = ["run", "--replications", "400", "--set", "population.firms=3000", "--jobs", "1"]


# mpirun sends SIGKILL odls_base_sigkill_timeout seconds (default 1) after
# SIGTERM. Rank 0 removes its temporary in its signal handler, within
# milliseconds once it runs; but while the suite's parallel builds keep the
# disk busy, rank 0 can sit in a write for over a second, the SIGKILL comes
# first, and the temporary stays (1 run in about 4 at load 10-12; never on a
# quiet machine). 3 s here, as docs/experiments.md advises on busy machines:
# the test is about what innosim does when it gets the signal, not about the
# disk. Not more: the worker ranks do not end on SIGTERM within 10 s (they
# wait for rank 0), so the job ends at the SIGKILL, and "at once" is < 8 s.
SLOW_DISK = {"OMPI_MCA_odls_base_sigkill_timeout": "3"}


def launch(d, name):
    out = os.path.join(d, name)
    proc = start(mpiexec, 3, exe, *JOB, "-o", out, extra_env=SLOW_DISK)
    deadline = time.time() + 60
    ranks = {}
    while len(ranks) < 3 and time.time() < deadline:
        ranks = rank_pids(proc.pid)
        time.sleep(0.05)
    time.sleep(2.0)  # runs going, the temporary open
    check(proc.poll() is None, f"{name}: still running when signalled")
    check(any(n.startswith(name + ".tmp-") for n in os.listdir(d)), f"{name}: a temporary is being written")
    return proc, ranks


def ended(proc, ranks, d, name, t0, what):
    try:
        _, err = proc.communicate(timeout=60)
    except Exception:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        check(False, f"{what}: mpirun did not end within 60 s")
        return None, ""
    took = time.time() - t0
    check(took < 8, f"{what}: the job stopped at once ({took:.1f} s)")
    for pid in ranks.values():
        for _ in range(100):
            if not alive(pid):
                break
            time.sleep(0.05)
        check(not alive(pid), f"{what}: rank process {pid} gone")
    left = [n for n in os.listdir(d) if n.startswith(name)]
    check(not left, f"{what}: no results file and no temporary left: {left}")
    return proc.returncode, err


with tempfile.TemporaryDirectory() as d:
    # --- Ctrl-C to mpirun, three times ------------------------------------------------------------
    for k in range(3):
        name = f"ctrl-c-{k}.h5"
        proc, ranks = launch(d, name)
        t0 = time.time()
        os.killpg(proc.pid, signal.SIGINT)  # mpirun's group: the terminal's Ctrl-C
        code, err = ended(proc, ranks, d, name, t0, f"Ctrl-C to mpirun ({k + 1})")
        check(code not in (None, 0), f"Ctrl-C to mpirun: a failed job's status, not 0: {code}")

    # --- SIGTERM to every process, as scancel ---------------------------------------------------------
    name = "scancel.h5"
    proc, ranks = launch(d, name)
    t0 = time.time()
    for pid in ranks.values():
        os.kill(pid, signal.SIGTERM)
    os.kill(proc.pid, signal.SIGTERM)
    code, _ = ended(proc, ranks, d, name, t0, "SIGTERM to every process")
    check(code not in (None, 0), f"SIGTERM to every process: not 0: {code}")

    # --- a signal to rank 0 alone: its status is the job's ---------------------------------------------
    for sig, want in ((signal.SIGTERM, 143), (signal.SIGINT, 130)):
        name = f"rank0-{sig.name}.h5"
        proc, ranks = launch(d, name)
        t0 = time.time()
        os.kill(ranks[0], sig)
        code, err = ended(proc, ranks, d, name, t0, f"{sig.name} to rank 0")
        check(code == want, f"{sig.name} to rank 0: exit {want}: {code} {err[-400:]!r}")

    # --- a job that completes exits 0 -------------------------------------------------------------------
    out = os.path.join(d, "done.h5")
    p = mpirun(mpiexec, 3, exe, "run", "--replications", "6", "--set", "population.firms=500", "--set",
               "horizon_years=2", "--jobs", "1", "-o", out, "--quiet", timeout=120)
    check(p.returncode == 0 and os.path.isfile(out), f"a completed job exits 0 with its file: {p.returncode} "
          f"{p.stderr[-400:]!r}")

finish()

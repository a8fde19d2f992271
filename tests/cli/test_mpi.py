#!/usr/bin/python3
"""`mpirun -np 3 innosim run|compare|sweep|sensitivity` writes files whose datasets are
bit-identical to the single-process `--jobs 1` ones (every dataset: metrics,
summaries, firm panel, event log, comparisons, sweep results and series,
/runs but for wall_seconds), with root attribute n_ranks = 3; worker ranks
may run several threads (--jobs 2); a run that fails on a worker rank is
handled by --on-error as without MPI; problems before the start (bad input,
an existing output, ranks that prepared different runs) stop every rank
with exit 2 and one message from rank 0.

usage: test_mpi.py INNOSIM_EXE MPIEXEC
"""
import os
import sys
import tempfile

import h5py

import subprocess

import inputs
from cli_common import check, compare_datasets, finish, run
from inputs import write
from mpi_common import mpirun, mpirun_cmd, env

exe, mpiexec = os.path.abspath(sys.argv[1]), sys.argv[2]
SMALL = ["--set", "horizon_years=2", "--set", "population.firms=400"]
SCN = "jiangmen-2025"


def n_ranks(path):
    with h5py.File(path, "r") as f:
        return int(f.attrs["n_ranks"])


def same_files(single, mpi, label):
    compare_datasets(single, mpi, "/", label, skip_fields=("wall_seconds",))
    check(n_ranks(single) == 1, f"{label}: single process n_ranks = 1 ({n_ranks(single)})")
    check(n_ranks(mpi) == 3, f"{label}: n_ranks = 3 ({n_ranks(mpi)})")


with tempfile.TemporaryDirectory() as d:
    # --- run: 4 replications, workers with one and with two threads ----------------------------
    single = os.path.join(d, "run1.h5")
    p = run(exe, "run", "--replications", "4", *SMALL, "--panel", "--events", "--jobs", "1", "-o", single, "--quiet")
    check(p.returncode == 0, f"single-process run: {p.stderr}")
    for jobs in ("1", "2"):
        out = os.path.join(d, f"run-mpi-j{jobs}.h5")
        p = mpirun(mpiexec, 3, exe, "run", "--replications", "4", *SMALL, "--panel", "--events", "--jobs", jobs,
                   "-o", out)
        check(p.returncode == 0, f"mpirun run --jobs {jobs}: exit {p.returncode}: {p.stderr}")
        check("3 MPI ranks" in p.stderr and "2 worker ranks" in p.stderr, f"says how it runs: {p.stderr!r}")
        check(p.stdout.count("results: ") == 1 and "firms_active" in p.stdout,
              f"the headline table once (rank 0): {p.stdout!r}")
        same_files(single, out, f"run, workers --jobs {jobs}")

    # --- compare ---------------------------------------------------------------------------------
    single, out = os.path.join(d, "cmp1.h5"), os.path.join(d, "cmp-mpi.h5")
    p = run(exe, "compare", SCN, "risk-pool", "--replications", "4", *SMALL, "--jobs", "1", "-o", single, "--quiet")
    check(p.returncode == 0, f"single-process compare: {p.stderr}")
    p = mpirun(mpiexec, 3, exe, "compare", SCN, "risk-pool", "--replications", "4", *SMALL, "--jobs", "1", "-o", out,
               "--json")
    check(p.returncode == 0, f"mpirun compare: exit {p.returncode}: {p.stderr}")
    check(p.stdout.count('"comparisons"') == 1, f"one JSON object (rank 0): {p.stdout[:200]!r}")
    same_files(single, out, "compare")
    compare_datasets(single, out, "/comparisons", "compare: /comparisons")

    # --- sweep, with series ----------------------------------------------------------------------
    sweep = write(d, "sweep.yaml", inputs.head() + "factors:\n  policies.loan_interest_subsidy.rate: {range: [0.1, 0.6]}\n"
                  "  policies.tech_insurance.premium_subsidy_share: {range: [0.2, 0.8]}\n"
                  "design: {type: sobol, points: 6}\nreplications: 2\nseed: 3\nseries: true\n")
    single, out = os.path.join(d, "sweep1.h5"), os.path.join(d, "sweep-mpi.h5")
    p = run(exe, "sweep", sweep, "-o", single, "--jobs", "1", "--quiet")
    check(p.returncode == 0, f"single-process sweep: {p.stderr}")
    p = mpirun(mpiexec, 3, exe, "sweep", sweep, "-o", out, "--jobs", "2")
    check(p.returncode == 0, f"mpirun sweep: exit {p.returncode}: {p.stderr}")
    check(f"resume with:\n  mpirun -np 3 {exe} sweep {sweep} -o {out} --resume --jobs 2" in p.stderr,
          f"the resume command, up front: {p.stderr!r}")
    check(not os.path.exists(out + ".parts"), "working directory removed")
    same_files(single, out, "sweep")
    compare_datasets(single, out, "/sweep", "sweep: /sweep")

    # --- sensitivity (issue 17): Sobol' with a policy's paired effect, identical across ranks -----
    sa = write(d, "sa.yaml", inputs.pool_sensitivity(4, 2, 4, ["tech_loans_outstanding", "{metric: loan_defaults}",
                                                               "{metric: high_tech_enterprises, of: effect}"], firms=300))
    single, out = os.path.join(d, "sa1.h5"), os.path.join(d, "sa-mpi.h5")
    p = run(exe, "sensitivity", sa, "-o", single, "--jobs", "1", "--quiet")
    check(p.returncode == 0, f"single-process sensitivity: {p.stderr}")
    p = mpirun(mpiexec, 3, exe, "sensitivity", sa, "-o", out, "--jobs", "2")
    check(p.returncode == 0, f"mpirun sensitivity: exit {p.returncode}: {p.stderr}")
    check("[sensitivity] 64/64 runs (100%)" in p.stderr and "ETA 0:00" in p.stderr, f"progress: {p.stderr[-400:]}")
    same_files(single, out, "sensitivity")
    compare_datasets(single, out, "/sensitivity", "sensitivity: /sensitivity")

    # --- runs that fail on worker ranks: --on-error=continue and stop ----------------------------
    grid = write(d, "grid.yaml", inputs.failing_grid(
        [0.5, 0, 1], factors="  policies.loan_interest_subsidy.rate: {range: [0.2, 0.4], levels: 2}\n"))
    single, out = os.path.join(d, "grid1.h5"), os.path.join(d, "grid-mpi.h5")
    p = run(exe, "sweep", grid, "-o", single, "--jobs", "1", "--quiet")
    check(p.returncode == 1, f"single-process failing sweep: exit 1 ({p.returncode})")
    p = mpirun(mpiexec, 3, exe, "sweep", grid, "-o", out, "--jobs", "1")
    check(p.returncode == 1, f"mpirun failing sweep: exit 1 ({p.returncode}): {p.stderr}")
    check("point 2 replication 0 failed: initial.stage_shares must not all be zero" in p.stderr,
          f"the failure reported by rank 0: {p.stderr!r}")
    same_files(single, out, "failing sweep (--on-error=continue)")
    stopped = os.path.join(d, "grid-stop.h5")
    p = mpirun(mpiexec, 3, exe, "sweep", grid, "-o", stopped, "--jobs", "1", "--on-error=stop", "--quiet")
    check(p.returncode == 1, f"mpirun --on-error=stop: exit 1 ({p.returncode}): {p.stderr}")
    with h5py.File(stopped, "r") as f:
        status = [s.decode() for s in f["runs"]["status"]]
    first = next((i for i, s in enumerate(status) if s.startswith("failed: ")), None)
    check(first == 4 and status[:4] == ["ok"] * 4, f"--on-error=stop: runs before the failure ran: {status}")
    check(any(s.startswith("not run: ") for s in status[first + 1:]) if first is not None else False,
          f"--on-error=stop: later runs not run: {status}")

    # --- problems before the start: one message, exit 2, no file -----------------------------------
    p = mpirun(mpiexec, 3, exe, "run", "--replications", "2", *SMALL, "-o", os.path.join(d, "run1.h5"))
    check(p.returncode == 2 and p.stderr.count("already exists") == 1, f"existing output: {p.returncode} {p.stderr!r}")
    p = mpirun(mpiexec, 3, exe, "run", "no-such-scenario", "--replications", "2", "-o", os.path.join(d, "x.h5"))
    check(p.returncode == 2 and p.stderr.count("no-such-scenario") == 1, f"bad scenario: {p.returncode} {p.stderr!r}")
    # Ranks that prepared different runs (here: other --set on the workers) are refused.
    bad = os.path.join(d, "mismatch.h5")
    cmd = mpirun_cmd(mpiexec, 1, exe, "run", "--replications", "2", *SMALL, "-o", bad)
    cmd += [":", "-np", "2", exe, "run", "--replications", "2", *SMALL, "--set", "population.firms=401", "-o", bad]
    p = subprocess.run(cmd, capture_output=True, text=True, env=env(), timeout=120)
    check(p.returncode == 2 and "prepared other runs than rank 0" in p.stderr, f"mismatch: {p.returncode} {p.stderr!r}")
    check(not os.path.exists(bad), "mismatch: no file")
    # A worker rank that cannot start is reported by rank 0.
    cmd = mpirun_cmd(mpiexec, 1, exe, "run", "--replications", "2", *SMALL, "-o", bad)
    cmd += [":", "-np", "2", exe, "run", "--replications", "2", *SMALL, "--set", "population.firmz=1", "-o", bad]
    p = subprocess.run(cmd, capture_output=True, text=True, env=env(), timeout=120)
    check(p.returncode == 2 and "rank 1 cannot run this job" in p.stderr and "population.firmz" in p.stderr,
          f"worker problem: {p.returncode} {p.stderr!r}")
    # Commands that do not distribute run on rank 0 only.
    p = mpirun(mpiexec, 3, exe, "version")
    check(p.returncode == 0 and p.stdout.count("innosim ") == 1, f"version once: {p.stdout!r}")

finish()

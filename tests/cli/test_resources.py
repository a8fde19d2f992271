#!/usr/bin/python3
"""Resources checked before work starts, and memory that does not grow with
what a job writes (issue #19, point 4).

- A population (with entry over the horizon) that cannot fit in memory is
  refused with exit 2 and the numbers before any run, in run, compare and
  sweep (it ended in std::bad_alloc in every replication, a file of NaN rows).
- An output larger than the free disk space is refused likewise (on a small
  tmpfs, when this machine lets the test mount one); --skip-resource-check
  runs the job anyway (which then fails on the full disk, exit 1). The event
  log counts: a run that fits without it is refused with it.
- 100,000 replications start at once and stop at once on SIGINT: the metric
  matrices were filled with NaN up front (7.9 GB, Ctrl-C honoured 19 s late).
  Matrices are chunked, NaN their fill value: `run --replication r` of
  100,000 writes a small file, which h5py and `inspect` read (NaN rows for
  the replications not run).
- A crafted results file cannot make `inspect` allocate gigabytes: a
  1.4 MB file whose chunked /runs declares 4.2 GB is refused by the
  declared-size check; one declaring 1,000 times its size (within the
  allowance of chunked datasets) is stopped by the reading child process's
  address-space limit; both "damaged", exit 1, peak memory ~15 MiB.
- A sweep records no firm panel (it stores none): its peak memory with
  outputs.panel on is that with it off.
- The firm panel is written in blocks as a run goes (spooled: a block in
  memory, the rest in an unlinked temporary file): the peak memory of a run
  with a 20-year monthly panel is that of the same run without it (it was
  170 MB more).

usage: test_resources.py INNOSIM_EXE
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

from cli_common import check, finish, run

exe = os.path.abspath(sys.argv[1])


def measure(args):
    """Peak RSS (MiB) of one innosim process, measured in a fresh interpreter."""
    code = ("import resource,subprocess,sys;"
            "p=subprocess.run(sys.argv[1:],capture_output=True,text=True);"
            "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0);"
            "sys.stderr.write(p.stderr[-2000:])")
    p = subprocess.run([sys.executable, "-c", code, exe, *args], capture_output=True, text=True, timeout=900)
    rc, mb = p.stdout.split()
    return int(rc), float(mb), p.stderr


with tempfile.TemporaryDirectory() as d:
    out = os.path.join(d, "x.h5")

    # --- memory: refused up front, with the numbers --------------------------------------------------
    # warmup_years 0: the 50 simulated years are the horizon (the baseline warms up 5 years, and 55 are refused)
    huge = ["--set", "population.firms=1000", "--set", "firms.entry_rate_per_year=1e7", "--set", "horizon_years=50",
            "--set", "warmup_years=0"]
    t0 = time.time()
    p = run(exe, "run", "no-policy", *huge, "--replications", "1", "-o", out, "--quiet", timeout=120)
    check(p.returncode == 2 and "of memory" in p.stderr and "GiB" in p.stderr and "--skip-resource-check" in p.stderr
          and "firms" in p.stderr, f"an oversize entry over the horizon is refused with the numbers: {p.returncode} "
          f"{p.stderr!r}")
    check(time.time() - t0 < 20, f"refused before any run ({time.time() - t0:.1f} s)")
    check(not os.path.exists(out), "nothing written")
    # The initial population times --jobs: 10 million firms on 64 threads.
    p = run(exe, "run", "no-policy", "--set", "population.firms=10000000", "--jobs", "64", "-o", out, "--quiet",
            timeout=120)
    check(p.returncode == 2 and "64 at once" in p.stderr, f"population x --jobs refused: {p.returncode} {p.stderr!r}")
    p = run(exe, "compare", "no-policy", "risk-pool", *huge, "--replications", "1", "-o", out, "--quiet", timeout=120)
    check(p.returncode == 2 and "this compare needs" in p.stderr, f"compare refused: {p.returncode} {p.stderr!r}")
    sweep = os.path.join(d, "huge.yaml")
    with open(sweep, "w") as f:
        f.write("scenario: no-policy\nset:\n  population.firms: 1000\n  horizon_years: 50\n  warmup_years: 0\n"
                "factors:\n  firms.entry_rate_per_year: {values: [10, 10000000]}\n"
                "design: {type: grid}\nreplications: 1\nseed: 1\n")
    p = run(exe, "sweep", sweep, "-o", out, "--quiet", timeout=120)
    check(p.returncode == 2 and "this sweep needs" in p.stderr and not os.path.exists(out + ".parts"),
          f"sweep refused before its parts directory: {p.returncode} {p.stderr!r}")

    # --- disk: refused up front; the override runs the job anyway ----------------------------------------
    small = os.path.join(d, "small")
    os.mkdir(small)
    tmpfs = os.geteuid() == 0 and shutil.which("unshare") and subprocess.run(
        ["unshare", "-m", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {small}"], capture_output=True).returncode == 0
    if tmpfs:
        def in_small(*args):
            script = f"mount -t tmpfs -o size=256k tmpfs {small} && \"$0\" \"$@\"; rc=$?; ls -A {small}; exit $rc"
            return subprocess.run(["unshare", "-m", "sh", "-c", script, exe, *args], capture_output=True, text=True,
                                  timeout=300)
        args = ["run", "no-policy", "--set", "population.firms=300", "--set", "horizon_years=2", "--replications",
                "400", "-o", os.path.join(small, "x.h5"), "--quiet"]
        t0 = time.time()
        p = in_small(*args)
        check(p.returncode == 2 and "writes about" in p.stderr and "free" in p.stderr and p.stdout.strip() == "",
              f"an output larger than the free disk is refused up front: {p.returncode} {p.stderr!r} {p.stdout!r}")
        check(time.time() - t0 < 20, f"refused before any run ({time.time() - t0:.1f} s)")
        p = in_small(*args, "--skip-resource-check")
        check(p.returncode == 1 and "No space left on device" in p.stderr and p.stdout.strip() == "",
              f"--skip-resource-check runs it, which then fills the disk: {p.returncode} {p.stderr[-300:]!r} "
              f"{p.stdout!r}")
        # The event log counts: a run that fits without it is refused with it (it was let through, then
        # filled the disk). 8,000 firms over 3 years: 1.4 MB written without the log (its estimate
        # 1.5-1.75 MiB; the metrics added on 7 Dec 2026 took it past the 1.5 MiB this disk had),
        # 2.5 MB with it (about 60,000 events: their number depends on the model, hence the margins).
        # Session 16 (the tax-expenditure, relending and collateral metrics, and the 5-year warm-up):
        # 1.78 MiB written without the log (its estimate about 2 MiB, past the 2 MiB this disk had),
        # 2.60 MiB with it; the disk is 2.25 MiB.
        def in_mib(*args):
            script = f"mount -t tmpfs -o size=2304k tmpfs {small} && \"$0\" \"$@\"; rc=$?; ls -A {small}; exit $rc"
            return subprocess.run(["unshare", "-m", "sh", "-c", script, exe, *args], capture_output=True, text=True,
                                  timeout=300)
        args = ["run", "no-policy", "--set", "population.firms=8000", "--set", "horizon_years=3", "--replications",
                "1", "-o", os.path.join(small, "x.h5"), "--quiet"]
        p = in_mib(*args)
        check(p.returncode == 0 and "x.h5" in p.stdout, f"without its event log the run fits: {p.returncode} "
              f"{p.stderr[-300:]!r}")
        p = in_mib(*args, "--events")
        check(p.returncode == 2 and "writes about" in p.stderr and "x.h5" not in p.stdout,
              f"with its event log it is refused up front: {p.returncode} {p.stderr!r} {p.stdout!r}")
        p = in_mib(*args, "--events", "--skip-resource-check")
        check(p.returncode == 1 and "No space left on device" in p.stderr,
              f"and indeed it does not fit: {p.returncode} {p.stderr[-300:]!r}")
    else:
        print("no tmpfs here (not root, or no unshare): the disk check is not tested", flush=True)

    # --- 100,000 replications: nothing written up front, Ctrl-C at once ------------------------------------
    big = os.path.join(d, "big.h5")
    proc = subprocess.Popen([exe, "run", "no-policy", "--set", "population.firms=300", "--set", "horizon_years=2",
                             "--replications", "100000", "--jobs", "2", "-o", big],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)
    t0 = time.time()
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=60)
        check(proc.returncode == 130, f"100,000 replications, SIGINT: exit 130: {proc.returncode} {err[-300:]!r}")
        check(time.time() - t0 < 10, f"SIGINT honoured at once ({time.time() - t0:.1f} s)")
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        check(False, "SIGINT not honoured within 60 s")
    check(not any(n.startswith("big.h5") for n in os.listdir(d)), f"no file after SIGINT: {os.listdir(d)}")

    # One replication of 100,000: a small file, NaN rows for the others, readable.
    one = os.path.join(d, "one.h5")
    t0 = time.time()
    p = run(exe, "run", "no-policy", "--set", "population.firms=300", "--set", "horizon_years=2", "--replications",
            "100000", "--replication", "3", "-o", one, "--quiet", timeout=300)
    check(p.returncode == 0, f"run --replication 3 of 100,000: {p.returncode} {p.stderr[-300:]!r}")
    if p.returncode == 0:
        size = os.path.getsize(one)
        check(size < 64 * 2**20, f"the file holds what was written, not 100,000 rows of NaN: {size} bytes")
        with h5py.File(one, "r") as f:
            g = f["scenarios"][list(f["scenarios"].keys())[0]]["metrics"]
            m = g[list(g.keys())[0]]
            check(m.shape[0] == 100000 and m.chunks is not None, f"chunked [replications x time]: {m.shape} {m.chunks}")
            check(np.all(np.isfinite(m[3])) and np.all(np.isnan(m[0])) and np.all(np.isnan(m[99999])),
                  "row 3 written, the others NaN (the fill value)")
        p = run(exe, "inspect", one)
        check(p.returncode == 0 and "damaged" not in p.stderr, f"inspect reads it: {p.returncode} {p.stderr[-300:]!r}")
        p = run(exe, "inspect", one, "--json")
        check(p.returncode == 0, f"inspect --json reads it: {p.returncode} {p.stderr[-300:]!r}")

    # --- a crafted file cannot make inspect allocate gigabytes ---------------------------------------
    # A 1.4 MB file whose chunked /runs declares 4.2 GB: refused by the declared-size check; one
    # that declares 1,000 times its size (within a compressed or chunked dataset's allowance)
    # reaches the reader, whose child process's address space is limited: "damaged", exit 1,
    # and the process tree's peak memory stays far below what it declares.
    tiny = os.path.join(d, "tiny.h5")
    p = run(exe, "run", "no-policy", "--set", "population.firms=300", "--set", "horizon_years=1", "--replications",
            "2", "-o", tiny, "--quiet")
    check(p.returncode == 0, f"a small results file: {p.returncode} {p.stderr[-300:]!r}")
    if p.returncode == 0:
        for factor, label in ((3000, "4.2 GB in 1.4 MB"), (1000, "1,000 x the file")):
            crafted = os.path.join(d, f"crafted-{factor}.h5")
            shutil.copy(tiny, crafted)
            with h5py.File(crafted, "r+") as f:
                runs = f["runs"][()]
                del f["runs"]
                pad = max(0, 1400 * 1024 - os.path.getsize(crafted))
                f.create_dataset("padding", data=np.random.default_rng(1).integers(0, 255, pad, dtype=np.uint8))
            size = os.path.getsize(crafted) + 64 * 1024
            with h5py.File(crafted, "r+") as f:
                rows = factor * size // runs.dtype.itemsize
                f.create_dataset("runs", shape=(rows,), maxshape=(None,), dtype=runs.dtype, chunks=(1024,))
            declared = rows * runs.dtype.itemsize
            t0 = time.time()
            rc, mb, err = measure(["inspect", crafted])
            print(f"inspect of a crafted /runs ({label}): exit {rc}, peak {mb:.0f} MiB: {err.strip()[-160:]}", flush=True)
            check(rc == 1 and "damaged" in err, f"crafted /runs ({label}, {declared >> 20} MiB declared in a "
                  f"{os.path.getsize(crafted) >> 10} KiB file): exit 1, damaged: {rc} {err[-300:]!r}")
            check(mb < 600, f"crafted /runs ({label}): peak memory {mb:.0f} MiB, not the {declared >> 20} MiB declared")
            check(time.time() - t0 < 60, f"crafted /runs ({label}): refused promptly ({time.time() - t0:.1f} s)")

    # --- a sweep records no panel ---------------------------------------------------------------------
    def sweep_with(panel):
        path = os.path.join(d, f"sweep-{panel}.yaml")
        with open(path, "w") as f:
            f.write(f"scenario: no-policy\nset:\n  population.firms: 3000\n  horizon_years: 10\n"
                    f"  outputs.panel: {panel}\n  outputs.panel_period: monthly\n  outputs.events: {panel}\n"
                    "factors:\n  firms.entry_rate_per_year: {values: [300]}\n"
                    "design: {type: grid}\nreplications: 1\nseed: 1\n")
        return path
    rss = {}
    for panel in ("false", "true"):
        rc, rss[panel], err = measure(["sweep", sweep_with(panel), "-o", os.path.join(d, f"s-{panel}.h5"), "--jobs",
                                       "1", "--quiet"])
        check(rc == 0, f"sweep with outputs.panel {panel}: {rc} {err!r}")
    print(f"sweep peak RSS: {rss['false']:.1f} MiB without the panel, {rss['true']:.1f} MiB with it", flush=True)
    # The panel alone: 3,000+ firms x 121 months x 96 bytes, about 35 MB, and the event log.
    check(rss["true"] - rss["false"] < 8, f"a sweep does not record the panel it will not store: {rss}")

    # --- the panel in blocks: memory flat in its length ---------------------------------------------
    base = ["run", "no-policy", "--set", "population.firms=3000", "--set", "horizon_years=20", "--set",
            "outputs.panel_period=monthly", "--replications", "1", "--jobs", "1", "--quiet"]
    rc0, without, err0 = measure([*base, "-o", os.path.join(d, "p0.h5")])
    rc1, with_panel, err1 = measure([*base, "--panel", "-o", os.path.join(d, "p1.h5")])
    check(rc0 == 0 and rc1 == 0, f"runs with and without the panel: {rc0} {rc1} {err0!r} {err1!r}")
    print(f"run peak RSS: {without:.1f} MiB without the panel, {with_panel:.1f} MiB with a monthly panel "
          f"(20 years)", flush=True)
    if rc1 == 0:
        with h5py.File(os.path.join(d, "p1.h5"), "r") as f:
            firms = f["scenarios"][list(f["scenarios"].keys())[0]]["firms"]
            rows = firms.shape[0]
        check(rows > 3000 * 200, f"the panel has its rows: {rows}")
        # 700,000+ rows x 96 bytes (70 MB) if held whole; a block is 64 KiB.
        check(with_panel - without < 12, f"the panel is written in blocks, memory flat: {without} vs {with_panel}")

finish()

#!/usr/bin/python3
"""Where results go (issue #19, point 3).

- -o naming a device, a FIFO or a directory is refused (exit 2), --force
  included: `-o /dev/null --force` replaced the system's /dev/null.
- -o on a dangling symbolic link is refused before any run (it ran the whole
  job, then exited 2).
- A full disk while the results file is written: exit 1 (it segfaulted at
  exit, 139), the error said, nothing under the final name, no temporary
  left. On a small tmpfs mounted in a private mount namespace when this
  machine allows it (root, unshare), else with RLIMIT_FSIZE.

usage: test_output_guard.py INNOSIM_EXE
"""
import glob
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

from cli_common import check, finish, run

exe = os.path.abspath(sys.argv[1])
SMALL = ["--set", "horizon_years=1", "--set", "population.firms=300"]
SWEEP = """scenario: jiangmen-2025
set: {horizon_years: 1, population.firms: 300}
factors:
  policies.loan_interest_subsidy.rate: {values: [0.1, 0.5]}
design: {type: grid}
replications: 2
"""

with tempfile.TemporaryDirectory() as d:
    sweep = os.path.join(d, "sweep.yaml")
    open(sweep, "w").write(SWEEP)

    # --- devices, FIFOs, directories: never replaced ------------------------------------------
    null_before = os.stat("/dev/null")
    fifo = os.path.join(d, "fifo.h5")
    os.mkfifo(fifo)
    for target, word in (("/dev/null", "character device"), (fifo, "FIFO"), (d, "directory")):
        for cmd in (["run", "no-policy", *SMALL, "--replications", "1"], ["sweep", sweep]):
            t0 = time.time()
            p = run(exe, *cmd, "-o", target, "--force", "--quiet", timeout=60)
            check(p.returncode == 2 and word in p.stderr,
                  f"{cmd[0]} -o {target} --force is refused: {p.returncode} {p.stderr!r}")
            check(time.time() - t0 < 20, f"{cmd[0]} -o {target}: refused before the work")
    null_after = os.stat("/dev/null")
    check(stat.S_ISCHR(null_after.st_mode) and null_after.st_rdev == null_before.st_rdev, "/dev/null is untouched")
    check(stat.S_ISFIFO(os.stat(fifo).st_mode), "the FIFO is untouched")
    check(not glob.glob(os.path.join(d, "*.tmp-*")) and not os.path.exists("/dev/null.tmp"), "no temporary left")

    # --- a dangling symbolic link: refused up front --------------------------------------------
    dangling = os.path.join(d, "dangling.h5")
    os.symlink(os.path.join(d, "missing", "x.h5"), dangling)
    for cmd in (["run", "no-policy", *SMALL, "--replications", "500"], ["sweep", sweep], ["compare", "no-policy",
                                                                                          "risk-pool", *SMALL]):
        t0 = time.time()
        p = run(exe, *cmd, "-o", dangling, "--quiet", timeout=120)
        check(p.returncode == 2 and "dangling symbolic link" in p.stderr,
              f"{cmd[0]} -o DANGLING: exit 2 up front: {p.returncode} {p.stderr!r}")
        check(time.time() - t0 < 20, f"{cmd[0]} -o DANGLING: refused before the runs ({time.time() - t0:.1f} s)")

    # --- a full disk -------------------------------------------------------------------------
    small = os.path.join(d, "small")
    os.mkdir(small)
    target = os.path.join(small, "out.h5")
    # --skip-resource-check: the free space is checked before work starts
    # (test_resources.py); here the writes themselves must fail cleanly.
    args = ["run", "no-policy", *SMALL, "--replications", "2", "--panel", "-o", target, "--quiet",
            "--skip-resource-check"]
    sweep_args = ["sweep", sweep, "-o", target, "--quiet", "--skip-resource-check"]
    tmpfs = os.geteuid() == 0 and shutil.which("unshare") and subprocess.run(
        ["unshare", "-m", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {small}"], capture_output=True).returncode == 0

    def on_full_disk(cmd_args, size_kb):
        if tmpfs:
            # A private mount namespace: the tmpfs vanishes with the process.
            script = f"mount -t tmpfs -o size={size_kb}k tmpfs {small} && \"$0\" \"$@\"; rc=$?; ls -A {small}; exit $rc"
            return subprocess.run(["unshare", "-m", "sh", "-c", script, exe, *cmd_args], capture_output=True, text=True,
                                  timeout=300)

        def limit():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (size_kb * 1024, size_kb * 1024))
        p = subprocess.run([exe, *cmd_args], capture_output=True, text=True, timeout=300, preexec_fn=limit)
        p.stdout = "\n".join(os.listdir(small))
        return p

    how = "a 300 KiB tmpfs" if tmpfs else "RLIMIT_FSIZE"
    p = on_full_disk(args, 300)
    check(p.returncode == 1, f"run on a full disk ({how}): exit 1, not a crash: {p.returncode} {p.stderr[-400:]!r}")
    check("No space left on device" in p.stderr or "File too large" in p.stderr,
          f"the error is said: {p.stderr[-400:]!r}")
    check(p.stdout.strip() == "", f"nothing left behind (final name or temporary): {p.stdout!r}")
    # A sweep whose parts fill the disk (16 KiB: the manifest fits, the runs do not).
    p = on_full_disk(sweep_args, 16)
    check(p.returncode in (1, 2) and p.returncode >= 0, f"sweep on a full disk ({how}): a clean exit: {p.returncode} "
          f"{p.stderr[-400:]!r}")
    check("out.h5\n" not in p.stdout + "\n" and not p.stdout.startswith("out.h5\n"),
          f"no results file under the final name: {p.stdout!r}")
    print(f"full disk simulated with {how}", flush=True)

finish()

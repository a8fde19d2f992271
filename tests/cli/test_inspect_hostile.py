#!/usr/bin/python3
"""`innosim inspect` on hostile and damaged results files (issue #19).

- Byte-flipped copies of a real results file: inspect never dies of a signal
  (HDF5 1.10 segfaults on some; the file is read in a child process, whose
  crash becomes "damaged results file", exit 1); the committed file that
  crashed HDF5 (tests/data/crash-global-heap.h5) is reported so, and the one
  on which HDF5 loops (tests/data/loop-global-heap.h5) is stopped by the
  child's CPU limit.
- A crafted shape (a /runs table of 2^40 rows in a small file) is refused
  before anything is allocated.
- Escape sequences and invalid UTF-8 in a file's strings: never printed raw
  on a terminal; --json stays valid UTF-8 JSON.
- A FIFO named as the results file: refused at once (it blocked forever).
- A permission error says so (it said "no such file").

usage: test_inspect_hostile.py INNOSIM_EXE DATA_DIR
"""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile

import h5py
import numpy as np

from cli_common import check, finish, run

exe = os.path.abspath(sys.argv[1])
data = os.path.abspath(sys.argv[2])


def inspect(path, *extra, timeout=60):
    return run(exe, "inspect", path, *extra, timeout=timeout)


with tempfile.TemporaryDirectory() as d:
    good = os.path.join(d, "good.h5")
    p = run(exe, "run", "no-policy", "--set", "horizon_years=1", "--set", "population.firms=200",
            "--replications", "2", "-o", good, "--quiet")
    check(p.returncode == 0, f"a small results file: {p.stderr}")
    blob = open(good, "rb").read()

    # --- bit flips: never a signal ------------------------------------------------------------
    rng = random.Random(19)
    crashed = 0
    outcomes = {}
    for k in range(120):
        b = bytearray(blob)
        pos = rng.randrange(len(b))
        b[pos] ^= 1 << rng.randrange(8)
        f = os.path.join(d, f"flip{k}.h5")
        open(f, "wb").write(b)
        for extra in ((), ("--json",)):
            p = inspect(f, *extra)
            outcomes[p.returncode] = outcomes.get(p.returncode, 0) + 1
            check(p.returncode in (0, 1, 2), f"flip at byte {pos}{' --json' if extra else ''}: exit {p.returncode} "
                  f"(a signal is a crash of innosim): {p.stderr[-300:]!r}")
            if p.returncode == 0 and extra:
                try:
                    json.loads(p.stdout)
                except ValueError as e:
                    check(False, f"flip at byte {pos}: --json output is not JSON: {e}")
            if "damaged results file" in p.stderr:
                crashed += 1
        os.remove(f)
    print(f"bit flips: exit codes {outcomes}, {crashed} HDF5 crash(es) contained", flush=True)

    # The committed file whose global heap makes HDF5 1.10 crash.
    crash = os.path.join(data, "crash-global-heap.h5")
    p = inspect(crash)
    check(p.returncode == 1 and "damaged results file" in p.stderr,
          f"a file that crashes HDF5: exit 1, 'damaged results file': {p.returncode} {p.stderr!r}")

    # The committed file on whose global heap HDF5 1.10 loops for ever (found by the fuzz
    # target, tests/fuzz): the reading child's CPU limit stops it; inspect hung before.
    loop = os.path.join(data, "loop-global-heap.h5")
    p = inspect(loop, timeout=120)
    check(p.returncode == 1 and "damaged results file" in p.stderr and "CPU time" in p.stderr,
          f"a file on which HDF5 loops: exit 1, 'damaged results file', CPU limit: {p.returncode} {p.stderr!r}")

    # --- a crafted shape: refused before allocating --------------------------------------------
    crafted = os.path.join(d, "crafted.h5")
    shutil.copy(good, crafted)
    with h5py.File(crafted, "r+") as f:
        runs = f["runs"][()]
        del f["runs"]
        f.create_dataset("runs", shape=(2**40,), maxshape=(None,), dtype=runs.dtype, chunks=(1024,))
    p = inspect(crafted)
    check(p.returncode == 1 and ("more than a file of" in p.stderr or "damaged" in p.stderr),
          f"a 2^40-row /runs in a small file is refused: {p.returncode} {p.stderr[-300:]!r}")

    # --- escape sequences and invalid UTF-8 ---------------------------------------------------------
    hostile = os.path.join(d, "hostile.h5")
    shutil.copy(good, hostile)
    evil = b"innosim run \x1b]0;pwned\x07\x1b[2J\xff\xfe \xc2\x9b31m"
    with h5py.File(hostile, "r+") as f:
        f.attrs["command_line"] = np.bytes_(evil)
        f.attrs["created_utc"] = np.bytes_(b"\x1b[31mred\x1b[0m")
    p = subprocess.run([exe, "inspect", hostile], capture_output=True)
    check(p.returncode == 0, f"inspect of a file with escape sequences: {p.returncode} {p.stderr!r}")
    check(b"\x1b" not in p.stdout and b"\x07" not in p.stdout and b"\xc2\x9b" not in p.stdout,
          f"no escape sequence printed raw: {p.stdout[:400]!r}")
    check(b"\\x1b]0;pwned\\x07" in p.stdout and b"\\xff" in p.stdout and b"\\u009b" in p.stdout,
          f"escaped visibly: {p.stdout[:400]!r}")
    p = subprocess.run([exe, "inspect", hostile, "--json"], capture_output=True)
    check(p.returncode == 0, f"--json: {p.returncode}")
    try:
        j = json.loads(p.stdout.decode("utf-8"))  # strict: invalid UTF-8 raises
        check(j["command_line"].startswith("innosim run \x1b]0;pwned\x07"), f"--json keeps the text: {j['command_line']!r}")
        check("\ufffd" in j["command_line"], "invalid bytes become U+FFFD in JSON")
        check(b"\x1b" not in p.stdout, "--json escapes control characters")
    except (UnicodeDecodeError, ValueError) as e:
        check(False, f"--json output is not valid UTF-8 JSON: {e}: {p.stdout[:300]!r}")

    # --- a FIFO --------------------------------------------------------------------------------
    fifo = os.path.join(d, "fifo.h5")
    os.mkfifo(fifo)
    try:
        p = inspect(fifo, timeout=20)
        check(p.returncode == 2 and "FIFO" in p.stderr, f"a FIFO is refused: {p.returncode} {p.stderr!r}")
    except subprocess.TimeoutExpired:
        check(False, "inspect blocked on a FIFO")

    # --- a permission error is not "no such file" -----------------------------------------------
    setpriv = shutil.which("setpriv")
    if os.geteuid() == 0 and setpriv:
        locked = os.path.join(d, "locked.h5")
        shutil.copy(good, locked)
        os.chmod(locked, 0)
        os.chmod(d, 0o755)
        p = subprocess.run([setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", exe, "inspect", locked],
                           capture_output=True, text=True, timeout=60)
        check(p.returncode == 1 and "Permission denied" in p.stderr and "no such file" not in p.stderr,
              f"permission denied says so: {p.returncode} {p.stderr!r}")
    elif os.geteuid() != 0:
        locked = os.path.join(d, "locked.h5")
        shutil.copy(good, locked)
        os.chmod(locked, 0)
        p = inspect(locked)
        check(p.returncode == 1 and "Permission denied" in p.stderr, f"permission denied says so: {p.stderr!r}")

finish()

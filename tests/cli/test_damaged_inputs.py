#!/usr/bin/python3
"""Every command that reads a results file the user names survives a damaged
one (issue #19 point 2): `report` (HTML and --svg), `export` (csv, xlsx, and
csv --force into an existing directory), `discover` and `inspect --summary`
read it in child processes (app/results_input.hpp), so

- the committed file that crashes HDF5 1.10 (tests/data/crash-global-heap.h5)
  and the one on which it loops for ever (tests/data/loop-global-heap.h5):
  exit 1, "damaged results file" naming the file, and nothing written: no
  output, no temporary, an existing export directory untouched (they died of
  SIGSEGV or hung before);
- bit-flipped copies of a run file and of a sweep file (fixed positions, half
  of them inside the file's global heaps, where HDF5 1.10 crashed): never a
  signal, exit 0, 1 or 2, and on a failure nothing written;
- escape sequences and invalid UTF-8 in a file's strings: the report's page
  and the exported tables are valid UTF-8 without control characters, and
  what discover prints shows them escaped.

usage: test_damaged_inputs.py INNOSIM_EXE DATA_DIR
"""
import csv
import io
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import openpyxl

from cli_common import check, finish, run
from inputs import loan_rate_grid, write

exe = os.path.abspath(sys.argv[1])
data = os.path.abspath(sys.argv[2])


def commands(src, out, discover_outcome):
    """(label, argv, what it writes under `out`) of each reading command."""
    return [
        ("report", ["report", src, "-o", os.path.join(out, "r.html")]),
        ("report --svg", ["report", src, "--svg", os.path.join(out, "svg")]),
        ("export csv", ["export", src, "--format", "csv", "-o", os.path.join(out, "csv")]),
        ("export xlsx", ["export", src, "--format", "xlsx", "-o", os.path.join(out, "x.xlsx")]),
        ("discover", ["discover", src, "--outcome", discover_outcome, "--threshold", "0.5", "-o",
                      os.path.join(out, "d.h5")]),
        ("inspect --summary", ["inspect", src, "--summary"]),
    ]


def damaged_everywhere(src, out, label, timeout=120):
    """Each command on a file HDF5 cannot read: exit 1, the message naming the file, nothing written."""
    for name, argv in commands(src, out, "firms_active"):
        p = run(exe, *argv, timeout=timeout)
        check(p.returncode == 1 and "damaged results file" in p.stderr and src in p.stderr,
              f"{name} on {label}: exit 1, 'damaged results file' naming it: {p.returncode} {p.stderr[-400:]!r}")
        check(os.listdir(out) == [], f"{name} on {label}: nothing written, no temporary: {os.listdir(out)}")


with tempfile.TemporaryDirectory() as d:
    out = os.path.join(d, "out")
    os.mkdir(out)

    # --- the committed damaged files: every command --------------------------------------------
    crash = os.path.join(data, "crash-global-heap.h5")
    loop = os.path.join(data, "loop-global-heap.h5")
    damaged_everywhere(crash, out, "the file that crashes HDF5")
    damaged_everywhere(loop, out, "the file on which HDF5 loops")
    p = run(exe, "report", loop, "-o", os.path.join(out, "r.html"))
    check("CPU time" in p.stderr, f"the loop is stopped by the reading child's CPU limit: {p.stderr!r}")

    # --force into an existing export directory: the old tables stay as they were.
    old = os.path.join(d, "old-csv")
    os.mkdir(old)
    for t in ("series", "runs", "about"):
        with open(os.path.join(old, t + ".csv"), "w") as f:
            f.write("old\n")
    p = run(exe, "export", crash, "--format", "csv", "-o", old, "--force")
    check(p.returncode == 1 and "damaged results file" in p.stderr, f"export --force of a damaged file: {p.stderr!r}")
    check(sorted(os.listdir(old)) == ["about.csv", "runs.csv", "series.csv"] and
          all(open(os.path.join(old, t)).read() == "old\n" for t in os.listdir(old)),
          f"the existing directory is untouched: {os.listdir(old)}")

    # --- sound files to damage --------------------------------------------------------------------
    good = os.path.join(d, "run.h5")
    p = run(exe, "run", "no-policy", "--set", "horizon_years=1", "--set", "population.firms=200",
            "--replications", "2", "-o", good, "--quiet")
    check(p.returncode == 0, f"a small run file: {p.stderr}")
    sweep = os.path.join(d, "sweep.h5")
    p = run(exe, "sweep", write(d, "grid.yaml", loan_rate_grid(1, ["firms_active"], levels=12, firms=200)),
            "-o", sweep, "--quiet")
    check(p.returncode == 0, f"a small sweep file: {p.stderr}")
    for name, argv in commands(good, out, "firms_active")[:4] + commands(sweep, out, "firms_active")[4:5]:
        p = run(exe, *argv)
        check(p.returncode == 0, f"{name} on a sound file: {p.returncode} {p.stderr[-300:]!r}")
    shutil.rmtree(out)
    os.mkdir(out)

    # --- the output checked before the work; a write beyond `ulimit -f` is not "damaged" -----------
    p = run(exe, "report", crash, "--svg", "/dev/null")
    check(p.returncode == 2 and "not a directory" in p.stderr, f"--svg onto a device: refused first: {p.stderr!r}")
    limited = subprocess.run([exe, "export", good, "--format", "csv", "-o", os.path.join(out, "c")], text=True,
                             capture_output=True, timeout=300,
                             preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536)))
    check(limited.returncode == 1 and "file-size limit" in limited.stderr and "damaged" not in limited.stderr,
          f"export beyond ulimit -f: exit 1, said so: {limited.returncode} {limited.stderr!r}")
    check(os.listdir(out) == [], f"export beyond ulimit -f leaves nothing: {os.listdir(out)}")

    # --- bit flips: never a signal; a failure writes nothing -----------------------------------------
    def flips(blob, n, seed):
        """n (position, bit) pairs: half anywhere, half inside the global heap collections ("GCOL")."""
        rng = random.Random(seed)
        heaps = []
        at = blob.find(b"GCOL")
        while at >= 0:
            size = int.from_bytes(blob[at + 8:at + 16], "little")
            heaps.append((at, min(len(blob), at + max(size, 64))))
            at = blob.find(b"GCOL", at + 4)
        check(heaps, "the file has global heap collections to damage")
        out_ = []
        for k in range(n):
            if k % 2 and heaps:
                lo, hi = heaps[rng.randrange(len(heaps))]
                pos = rng.randrange(lo, hi)
            else:
                pos = rng.randrange(len(blob))
            out_.append((pos, rng.randrange(8)))
        return out_

    contained = 0
    outcomes = {}
    # The run file through report, report --svg, export csv, export xlsx and inspect --summary in
    # turn (an export takes a few CPU-seconds), the sweep file through discover.
    for src, seed, n, picks in ((good, 19, 20, (0, 1, 2, 3, 5)), (sweep, 21, 8, (4,))):
        blob = open(src, "rb").read()
        for k, (pos, bit) in enumerate(flips(blob, n, seed)):
            b = bytearray(blob)
            b[pos] ^= 1 << bit
            f = os.path.join(d, "flip.h5")
            open(f, "wb").write(b)
            for name, argv in [commands(f, out, "firms_active")[picks[k % len(picks)]]]:
                p = run(exe, *argv, timeout=300)
                outcomes[p.returncode] = outcomes.get(p.returncode, 0) + 1
                check(p.returncode in (0, 1, 2), f"{name}, bit {bit} of byte {pos} flipped: exit {p.returncode} "
                      f"(a signal is a crash of innosim): {p.stderr[-300:]!r}")
                if "damaged results file" in p.stderr:
                    contained += 1
                if p.returncode != 0:
                    check(os.listdir(out) == [], f"{name}, byte {pos}: failed ({p.returncode}) but wrote "
                          f"{os.listdir(out)}: {p.stderr[-200:]!r}")
                for e in os.listdir(out):
                    q = os.path.join(out, e)
                    shutil.rmtree(q) if os.path.isdir(q) else os.remove(q)
    # How many flips HDF5 does not survive depends on the file's layout (the model's numbers, compressed);
    # the committed files above are the ones that certainly crash and loop.
    print(f"bit flips: exit codes {outcomes}, {contained} reported as a damaged results file", flush=True)

    # --- escape sequences and invalid UTF-8 -----------------------------------------------------------
    hostile = os.path.join(d, "hostile.h5")
    shutil.copy(good, hostile)
    evil = b"innosim run \x1b]0;pwned\x07\x1b[2J\xff\xfe \xc2\x9b31m"
    with h5py.File(hostile, "r+") as f:
        f.attrs["command_line"] = np.bytes_(evil)
        f.attrs["created_utc"] = np.bytes_(b"\x1b[31mred\x1b[0m")
        m = f["scenarios/no-policy/metrics/firms_active"]
        m.attrs["description"] = np.bytes_(b"live firms \x1b[5m\xff")
    p = run(exe, "report", hostile, "-o", os.path.join(out, "h.html"))
    check(p.returncode == 0, f"report of a file with escape sequences: {p.stderr!r}")
    page = open(os.path.join(out, "h.html"), "rb").read()
    try:
        text = page.decode("utf-8")
        check("\x1b" not in text and "\x07" not in text and "\x9b" not in text,
              "the page holds no control character from the file")
        check("innosim run \ufffd]0;pwned\ufffd" in text, "the file's text is kept, its control characters replaced")
    except UnicodeDecodeError as e:
        check(False, f"the page is not valid UTF-8: {e}")
    p = run(exe, "export", hostile, "--format", "csv", "-o", os.path.join(out, "hcsv"))
    check(p.returncode == 0, f"export csv of the hostile file: {p.stderr!r}")
    for name in os.listdir(os.path.join(out, "hcsv")):
        raw = open(os.path.join(out, "hcsv", name), "rb").read()
        try:
            text = raw.decode("utf-8")
            check(not any(ord(c) < 0x20 and c not in "\r\n\t" or 0x7f <= ord(c) <= 0x9f for c in text),
                  f"{name}: no control character")
            list(csv.reader(io.StringIO(text)))
        except UnicodeDecodeError as e:
            check(False, f"{name} is not valid UTF-8: {e}")
    about = open(os.path.join(out, "hcsv", "about.csv"), encoding="utf-8-sig").read()
    check("innosim run \ufffd]0;pwned\ufffd" in about, f"about.csv keeps the command line: {about[:300]!r}")
    p = run(exe, "export", hostile, "--format", "xlsx", "-o", os.path.join(out, "h.xlsx"))
    check(p.returncode == 0, f"export xlsx of the hostile file: {p.stderr!r}")
    wb = openpyxl.load_workbook(os.path.join(out, "h.xlsx"), read_only=True)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    check(any("pwned" in c for c in cells) and not any("\x1b" in c or "\x07" in c for c in cells),
          "the workbook keeps the text, without its control characters")
    # discover prints the factors' names: a name with an escape sequence is shown escaped.
    rng = np.random.default_rng(1)
    P = 60
    x = rng.uniform(0, 1, (P, 2))
    syn = os.path.join(d, "synthetic.h5")
    with h5py.File(syn, "w") as f:
        f.attrs["filetype"] = "innosim-results"
        f.attrs["format_version"] = np.array([1, 2], dtype=np.int32)
        design = np.zeros(P, dtype=np.dtype([("point", "<i8"), ("a\x1b[31m", "<f8"), ("b", "<f8")]))
        design["point"] = np.arange(P)
        design["a\x1b[31m"], design["b"] = x[:, 0], x[:, 1]
        f["sweep/design"] = design
        f["sweep/results/y"] = np.where(x[:, 0] > 0.5, 0.0, 10.0).reshape(P, 1)
    p = run(exe, "discover", syn, "--outcome", "y", "--threshold", "5", "-o", os.path.join(out, "s.h5"))
    check(p.returncode == 0, f"discover of a factor with an escape sequence: {p.stderr!r}")
    check("\x1b" not in p.stdout and "a\\x1b[31m >= 0.5" in p.stdout, f"the factor is shown escaped: {p.stdout!r}")
    p = run(exe, "inspect", hostile, "--summary")
    check(p.returncode == 0 and "\x1b" not in p.stdout, f"inspect --summary escapes too: {p.returncode} {p.stdout[:300]!r}")

finish()

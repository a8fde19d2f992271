"""Helpers shared by the CLI end-to-end tests of run, compare and sweep."""
import math
import os
import re
import subprocess
import sys
import time

import h5py
import numpy as np

failures = []

# Small settings: each run takes a fraction of a second on a 2-core machine.
SMALL = ["--set", "horizon_years=2", "--set", "population.firms=500"]


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL:", msg, flush=True)
    return cond


def run(exe, *args, cwd=None, timeout=300, stdin=None):
    start = time.monotonic()
    p = subprocess.run([exe, *args], capture_output=True, text=True, cwd=cwd, timeout=timeout, input=stdin)
    # INNOSIM_TEST_TIMES=1 prints each command's wall time, to find what makes a test slow.
    if os.environ.get("INNOSIM_TEST_TIMES"):
        print(f"[{time.monotonic() - start:7.2f} s] {' '.join(str(a) for a in args)[:160]}", file=sys.stderr, flush=True)
    return p


def finish():
    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    print("all checks passed")


def parse_number(text):
    return float(text)  # Python reads "nan", "inf" and shortest round-trip text exactly


def parse_headline(stdout):
    """The results path `innosim run` prints last ("results: PATH"); ({} , path) for older callers.
    Tests read the numbers from `run --json`, which gives them exactly."""
    path = None
    for line in stdout.splitlines():
        if line.startswith("results: "):
            path = line[len("results: "):]
    return {}, path


def same(a, b):
    """Equal, NaN equal to NaN."""
    return a == b or (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b))


def datasets(path, under="/"):
    """{name: numpy value} of every dataset below `under` (recursively)."""
    out = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                out[name] = obj[()]
        f[under].visititems(visit)
    return out


def arrays_equal(a, b):
    """Bit-for-bit equality of two arrays (structured ones field by field), NaN == NaN."""
    if a.dtype.names:
        if a.dtype.names != b.dtype.names or a.shape != b.shape:
            return False
        return all(arrays_equal(a[n], b[n]) for n in a.dtype.names)
    if a.dtype.kind == "f":
        return a.shape == b.shape and np.array_equal(a.view(np.uint64) if a.dtype.itemsize == 8 else a,
                                                    b.view(np.uint64) if b.dtype.itemsize == 8 else b)
    return a.shape == b.shape and np.array_equal(a, b)


def compare_datasets(a_path, b_path, under, label, skip_fields=()):
    """Checks that every dataset below `under` is bit-identical in both files."""
    a, b = datasets(a_path, under), datasets(b_path, under)
    check(sorted(a) == sorted(b), f"{label}: same datasets ({sorted(a)[:5]}... vs {sorted(b)[:5]}...)")
    check(len(a) > 0, f"{label}: datasets exist below {under}")
    for name in sorted(set(a) & set(b)):
        x, y = a[name], b[name]
        if x.dtype.names and skip_fields:
            keep = [n for n in x.dtype.names if n not in skip_fields]
            x, y = x[keep], y[keep]
            x = np.array(x.tolist(), dtype=[(n, x.dtype[n]) for n in keep]) if len(x) else x
            y = np.array(y.tolist(), dtype=[(n, y.dtype[n]) for n in keep]) if len(y) else y
        check(arrays_equal(x, y), f"{label}: {under}/{name} differs")


# Names that stay as they are in Chinese text: the program, people, methods, formats, option values.
PROPER_NAMES = {"innosim", "git", "Sobol", "Saltelli", "Morris", "Fieller", "Friedman", "Fisher", "Bryant", "Lempert",
                "Erlang", "Ishigami", "gfunction", "NLopt", "Excel", "pandas", "Markdown", "shell", "Resource",
                "jiangmen", "sigma", "lambda", "sobol", "morris", "true", "false", "continue", "stop", "policy",
                "effect", "extends", "name", "Ctrl"}


def english_words(text, *remove):
    """English words left in Chinese output once what is not prose is out: the `remove` strings (temporary
    paths), the command line as typed, quoted text, file names, paths, dotted keys and snake_case names,
    options, scenario names (risk-pool), placeholders and acronyms in capitals, and PROPER_NAMES.
    ASCII boundaries: Python's \\b sees no boundary between "grid" and "设计"."""
    for r in remove:
        text = text.replace(r, " ")
    text = "\n".join(l for l in text.splitlines() if not l.startswith("命令："))
    text = re.sub(r"“[^”\n]*”|\"[^\"\n]*\"|(?<![A-Za-z])'[^'\n]*'|`[^`\n]*`", " ", text)  # Sobol' is no quote
    text = re.sub(r"\S+\.(h5|yaml|csv|xlsx|html|svg|md|parts)\b/?", " ", text)
    text = re.sub(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_*<>]+)+", " ", text)
    text = re.sub(r"[a-z][a-z0-9]*(_[a-z0-9]+)+", " ", text)
    text = re.sub(r"innosim \w+", " ", text)
    text = re.sub(r"(?<![A-Za-z0-9])--?[a-z][a-z-]*", " ", text)
    text = re.sub(r"(?<![A-Za-z0-9])[0-9a-f]{7,40}(?![A-Za-z0-9])", " ", text)  # git revisions
    text = re.sub(r"(?<![A-Za-z0-9])[a-z0-9]+(-[a-z0-9]+)+(?![A-Za-z0-9])", " ", text)
    text = re.sub(r"[\w.-]*/[\w/.<>-]*", " ", text)
    words = re.findall(r"(?<![A-Za-z])[A-Za-z][A-Za-z]{3,}(?![A-Za-z])", text)
    return {w for w in words if not w.isupper() and w not in PROPER_NAMES and w.capitalize() not in PROPER_NAMES
            and w.lower() not in PROPER_NAMES}


def same_calibration(a_path, b_path, label):
    """Two calibration results files hold the same /calibration and /runs, wall-clock times aside."""
    compare_datasets(a_path, b_path, "/calibration", label, skip_fields=("wall_seconds",))
    with h5py.File(a_path, "r") as fa, h5py.File(b_path, "r") as fb:
        ra, rb = fa["/runs"][()], fb["/runs"][()]
        keep = [n for n in ra.dtype.names if n != "wall_seconds"]
        check(ra[keep].tolist() == rb[keep].tolist(), f"{label}: /runs differs")

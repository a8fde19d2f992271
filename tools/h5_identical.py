#!/usr/bin/python3
"""Are two innosim results files the same, bit for bit, apart from what
differs between any two invocations (creation time, command line, version,
git revision, wall-clock seconds)? Used to show that a refactoring leaves
every result unchanged:

    /usr/bin/python3 tools/h5_identical.py OLD.h5 NEW.h5 [more pairs...]

Exit 0 when every pair matches; otherwise the first differences are printed
and the exit code is 1.
"""
import sys

import h5py
import numpy as np

# Root attributes that describe the invocation, not the results.
IGNORED_ROOT_ATTRS = {"created_utc", "command_line", "git_sha1", "innosim_version"}
# Attributes anywhere that name where the inputs were (the same sweep file may sit elsewhere).
IGNORED_ATTRS = {"sweep_file"}
# Columns of compound datasets that are wall-clock measurements.
IGNORED_FIELDS = {"wall_seconds"}


def same_value(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        if a.dtype.kind == "f":
            return a.tobytes() == b.tobytes()  # bit for bit, NaN included
        return bool(np.array_equal(a, b))
    return a == b


def compare_datasets(name, a, b, problems):
    if a.shape != b.shape or a.dtype != b.dtype:
        problems.append(f"{name}: shape/dtype {a.shape} {a.dtype} vs {b.shape} {b.dtype}")
        return
    da, db = a[()], b[()]
    if a.dtype.names:
        for field in a.dtype.names:
            if field in IGNORED_FIELDS:
                continue
            if not same_value(np.asarray(da[field]), np.asarray(db[field])):
                problems.append(f"{name}[{field}] differs")
    elif not same_value(np.asarray(da), np.asarray(db)):
        problems.append(f"{name} differs")


def compare_files(path_a, path_b):
    problems = []
    with h5py.File(path_a, "r") as fa, h5py.File(path_b, "r") as fb:
        def attrs(obj, name, root):
            ignored = IGNORED_ATTRS | (IGNORED_ROOT_ATTRS if root else set())
            keys_a = set(obj[0].attrs) - ignored
            keys_b = set(obj[1].attrs) - ignored
            if keys_a != keys_b:
                problems.append(f"{name}: attributes {sorted(keys_a ^ keys_b)} in one file only")
            for k in keys_a & keys_b:
                if not same_value(obj[0].attrs[k], obj[1].attrs[k]):
                    problems.append(f"{name}: attribute {k} differs")

        attrs((fa, fb), "/", True)
        names_a, names_b = [], []
        fa.visit(names_a.append)
        fb.visit(names_b.append)
        if set(names_a) != set(names_b):
            problems.append(f"objects in one file only: {sorted(set(names_a) ^ set(names_b))[:10]}")
        for name in sorted(set(names_a) & set(names_b)):
            oa, ob = fa[name], fb[name]
            attrs((oa, ob), name, False)
            if isinstance(oa, h5py.Dataset):
                compare_datasets(name, oa, ob, problems)
    return problems


def main(argv):
    if len(argv) < 2 or len(argv) % 2:
        print(__doc__, file=sys.stderr)
        return 2
    bad = 0
    for a, b in zip(argv[0::2], argv[1::2]):
        problems = compare_files(a, b)
        if problems:
            bad += 1
            print(f"DIFFERENT {a} {b}")
            for p in problems[:20]:
                print("  " + p)
        else:
            print(f"identical {a} {b}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

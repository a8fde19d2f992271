#!/usr/bin/python3
"""docs/experiments.md runs as written: the worked example's commands (the
fenced blocks marked `sh worked-example`), run from a directory where
`docs/` is the repository's, with innosim on the PATH; and the example
sensitivity and sweep files it shows, checked with --dry-run.

usage: test_experiments_docs.py INNOSIM_EXE REPOSITORY_ROOT
"""
import os
import re
import shlex
import subprocess
import sys
import tempfile

import h5py

from cli_common import check, finish

exe, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
doc = open(os.path.join(root, "docs", "experiments.md"), encoding="utf-8").read()
blocks = re.findall(r"^```(\S+)([^\n]*)\n(.*?)^```", doc, flags=re.S | re.M)
worked = [body for lang, info, body in blocks if lang == "sh" and "worked-example" in info]
check(len(worked) >= 1, "docs/experiments.md has a worked example")

env = dict(os.environ, PATH=os.path.dirname(exe) + os.pathsep + os.environ.get("PATH", ""))
with tempfile.TemporaryDirectory() as d:
    os.symlink(os.path.join(root, "docs"), os.path.join(d, "docs"))
    for body in worked:
        for line in body.splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            p = subprocess.run(shlex.split(line), cwd=d, env=env, capture_output=True, text=True, timeout=900)
            check(p.returncode == 0, f"`{line}`: exit {p.returncode}: {p.stderr[-800:]}")
            print(f"ran: {line}", flush=True)
    results = os.path.join(d, "pool-assumptions.h5")
    if check(os.path.exists(results), "the worked example wrote its results"):
        with h5py.File(results, "r") as f:
            outs = list(f["sensitivity/outputs"].keys())
            check(outs == ["effect.high_tech_enterprises", "effect.loan_defaults", "effect.fiscal_spending"],
                  f"the example's outputs: {outs}")

    # The example files shown in the text are valid: --dry-run checks them and times a probe.
    for marker, command in (("# sa.yaml", "sensitivity"), ("# sweep.yaml", "sweep")):
        text = [body for lang, info, body in blocks if lang == "yaml" and body.startswith(marker)]
        if not check(len(text) == 1, f"one example starting with {marker!r}"):
            continue
        path = os.path.join(d, marker[2:])
        with open(path, "w") as f:
            f.write(text[0])
        p = subprocess.run([exe, command, path, "--dry-run", "-o", os.path.join(d, "dry.h5")], capture_output=True,
                           text=True, timeout=300)
        check(p.returncode == 0 and "cost estimate" in p.stderr, f"{marker}: {p.returncode} {p.stderr[-600:]}")

finish()

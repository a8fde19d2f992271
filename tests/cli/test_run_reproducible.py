#!/usr/bin/python3
"""`innosim run` is reproducible: the resolved YAML of a scenario
(`show-scenario`) runs to bit-identical metrics and summaries, and --jobs 1
and --jobs 2 write bit-identical files (metrics, summaries, firm panel,
event log, /runs but for wall-clock times).

usage: test_run_reproducible.py INNOSIM_EXE
"""
import os
import sys
import tempfile

import h5py

from cli_common import SMALL, check, compare_datasets, finish, run

exe = os.path.abspath(sys.argv[1])
SCN = "jiangmen-2025"

with tempfile.TemporaryDirectory() as d:
    resolved = os.path.join(d, "resolved.yaml")
    p = run(exe, "show-scenario", SCN, *SMALL)
    check(p.returncode == 0, f"show-scenario: {p.stderr}")
    with open(resolved, "w", encoding="utf-8") as f:
        f.write(p.stdout)
    a, b = os.path.join(d, "embedded.h5"), os.path.join(d, "resolved.h5")
    p = run(exe, "run", SCN, *SMALL, "--replications", "3", "--seed", "11", "-o", a, "--quiet")
    check(p.returncode == 0, f"run embedded: {p.stderr}")
    p = run(exe, "run", resolved, "--replications", "3", "--seed", "11", "-o", b, "--quiet")
    check(p.returncode == 0, f"run resolved.yaml: {p.stderr}")
    for part in ("metrics", "summary"):
        compare_datasets(a, b, f"/scenarios/{SCN}/{part}", f"embedded vs resolved.yaml {part}")
    with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb:
        ga, gb = fa[f"scenarios/{SCN}"], fb[f"scenarios/{SCN}"]
        check(ga.attrs["scenario_sha256"] == gb.attrs["scenario_sha256"], "same scenario_sha256")
        check(ga.attrs["scenario_yaml"] == gb.attrs["scenario_yaml"], "same scenario_yaml")

    # --jobs 1 vs --jobs 2, with the streamed tables.
    j1, j2 = os.path.join(d, "j1.h5"), os.path.join(d, "j2.h5")
    for jobs, out in (("1", j1), ("2", j2)):
        p = run(exe, "run", *SMALL, "--replications", "5", "--jobs", jobs, "--panel", "--events", "-o", out,
                "--quiet")
        check(p.returncode == 0, f"--jobs {jobs}: {p.stderr}")
    compare_datasets(j1, j2, "/scenarios", "--jobs 1 vs 2")
    compare_datasets(j1, j2, "/", "--jobs 1 vs 2 (whole file)", skip_fields=("wall_seconds",))

finish()

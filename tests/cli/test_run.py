#!/usr/bin/python3
"""End-to-end tests of `innosim run`: -o and `innosim inspect` (text and
--json), the overwrite rules, the default output path, UTF-8 round trip of
the scenario text, the firm-panel stage and event-kind enums, the Python
reader against the printed table, a failing replication, bad input.

usage: test_run.py INNOSIM_EXE OUTPUT_PYTHON_DIR
"""
import json
import os
import re
import sys
import tempfile

import h5py
import numpy as np

from cli_common import SMALL, check, finish, parse_headline, run, same

exe, pydir = os.path.abspath(sys.argv[1]), sys.argv[2]
sys.path.insert(0, pydir)
import innosim_results as ir  # noqa: E402

SCN = "jiangmen-2025"


def close6(file_value, printed):
    """The printed value is the file's to 6 significant digits (NaN matches NaN)."""
    if same(file_value, printed):
        return True
    return abs(file_value - printed) <= 5e-6 * max(abs(file_value), 1e-300) + 1e-12
# Monthly sampling stated, so the grid is known whatever the library's default.
BASE = ["--replications", "3", *SMALL, "--set", "outputs.sampling=monthly"]

with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "out.h5")

    # --- run with -o, the printed table, inspect ------------------------------------
    p = run(exe, "run", *BASE, "--seed", "1", "-o", out)
    check(p.returncode == 0, f"run -o: exit {p.returncode}: {p.stderr}")
    table, path = parse_headline(p.stdout)
    check(path == out, f"run prints the results path ({path!r})")
    check(len(table) == 13, f"headline table has 13 metrics ({len(table)})")
    check("[run]" in p.stderr and "3/3 runs" in p.stderr, f"progress on stderr: {p.stderr!r}")
    check("[run]" not in p.stdout, "no progress on stdout")
    check(not any(n.startswith("out.h5.tmp") for n in os.listdir(tmp)), "no temporary left")

    p = run(exe, "inspect", out)
    check(p.returncode == 0, f"inspect: exit {p.returncode}")
    for want in ("format_version   1.2", f'scenario "{SCN}"', "runs             3 (0 failed)",
                 "seed 1, replications 3, horizon 2 years, 25 time points", "high_tech_enterprises [firms]"):
        check(want in p.stdout, f"inspect text has {want!r}")
    p = run(exe, "inspect", out, "--json")
    check(p.returncode == 0, f"inspect --json: exit {p.returncode}")
    j = json.loads(p.stdout)
    check(j["format_version"] == [1, 2], "json format_version")
    check(j["runs"] == {"count": 3, "failed": 0}, f"json runs {j['runs']}")
    s = j["scenarios"][0]
    check(s["name"] == SCN and s["replications"] == 3 and s["n_time"] == 25 and s["horizon_years"] == 2,
          f"json scenario {s['name']} {s['replications']} {s['n_time']}")
    check(s["firm_rows"] is None and s["event_rows"] is None, "no panel or event log unless asked")
    check("innosim run" in j["command_line"] and "-o" in j["command_line"], "command line recorded")

    # --- the Python reader agrees with the printed table (6 significant digits) -------
    with ir.open_results(out, use_pandas=False) as r:
        check(r.format_version == (1, 2), f"reader format_version {r.format_version}")
        check(r.scenarios() == [SCN], f"reader scenarios {r.scenarios()}")
        T = len(r.time(SCN))
        check(T == 25 and r.time(SCN)[-1] == 2.0, f"time grid of {T} points to 2 years")
        for name in r.metrics(SCN):
            check(r.metric(SCN, name).shape == (3, T), f"metric {name} has shape [3 x {T}]")
        for name, (mean, lo, hi, unit) in table.items():
            last = r.summary(SCN, name)[-1]
            check(close6(float(last["mean"]), mean) and close6(float(last["ci_low"]), lo)
                  and close6(float(last["ci_high"]), hi),
                  f"{name}: printed {mean} [{lo}, {hi}] == file {last['mean']} [{last['ci_low']}, {last['ci_high']}]")
            check(unit == r.metrics(SCN)[name]["unit"], f"{name}: unit {unit!r}")
            x = r.metric(SCN, name)[:, -1]
            check(close6(float(np.mean(x)), mean),
                  f"{name}: mean of the metric matrix {np.mean(x)} ~ printed {mean}")
        runs = r.runs()
        check(list(runs["status"]) == ["ok"] * 3 and list(runs["replication"]) == [0, 1, 2], "runs ok, in order")

    # --- overwrite rules ---------------------------------------------------------------
    before = open(out, "rb").read()
    p = run(exe, "run", *BASE, "-o", out)
    check(p.returncode == 2, f"-o existing: exit 2 ({p.returncode})")
    check("already exists" in p.stderr and "--force" in p.stderr, f"message names --force: {p.stderr!r}")
    check(open(out, "rb").read() == before, "existing file untouched")
    other = os.path.join(tmp, "other.bin")
    with open(other, "wb") as f:
        f.write(b"not a results file")
    p = run(exe, "run", *BASE, "-o", other, "--quiet")
    check(p.returncode == 2 and open(other, "rb").read() == b"not a results file", "foreign file untouched")
    p = run(exe, "run", *BASE, "--seed", "9", "-o", out, "--force", "--quiet")
    check(p.returncode == 0 and p.stdout == "" and p.stderr == "", f"--force --quiet: exit 0, silent ({p.stderr!r})")
    with h5py.File(out, "r") as f:
        check(int(f[f"scenarios/{SCN}"].attrs["seed"]) == 9, "--force replaced the file")

    # --- default output path: results/<scenario>-<UTC time>.h5, never overwritten ----
    cwd = os.path.join(tmp, "cwd")
    os.mkdir(cwd)
    p1 = run(exe, "run", *BASE, cwd=cwd)
    p2 = run(exe, "run", *BASE, cwd=cwd)
    check(p1.returncode == 0 and p2.returncode == 0, "runs without -o succeed")
    _, path1 = parse_headline(p1.stdout)
    _, path2 = parse_headline(p2.stdout)
    check(bool(path1) and re.fullmatch(rf"results/{SCN}-\d{{8}}T\d{{6}}Z(-\d+)?\.h5", path1 or ""),
          f"default path {path1!r}")
    check(path1 != path2, f"a second run gets a new name ({path1} vs {path2})")
    listed = sorted(os.listdir(os.path.join(cwd, "results")))
    check(len(listed) == 2 and all(n.endswith(".h5") for n in listed), f"two files under results/: {listed}")

    # --- UTF-8: a scenario whose description is Chinese --------------------------------
    scn_file = os.path.join(tmp, "江门.yaml")
    desc = "江门 科技金融：风险补偿资金池与科技保险"
    with open(scn_file, "w", encoding="utf-8") as f:
        f.write(f"name: utf8-test\nextends: {SCN}\ndescription: \"{desc}\"\n")
    utf = os.path.join(tmp, "utf8.h5")
    p = run(exe, "run", scn_file, *BASE, "-o", utf, "--quiet")
    check(p.returncode == 0, f"run of the Chinese scenario: {p.stderr}")
    shown = run(exe, "show-scenario", scn_file, "--set", "replications=3", *SMALL, "--set", "outputs.sampling=monthly")
    with h5py.File(utf, "r") as f:
        g = f["scenarios/utf8-test"]
        yaml_text = g.attrs["scenario_yaml"]
        yaml_text = yaml_text.decode("utf-8") if isinstance(yaml_text, bytes) else yaml_text
        check(desc in yaml_text, "the Chinese description is in scenario_yaml")
        check(yaml_text == shown.stdout, "scenario_yaml equals show-scenario's resolved text")
        import hashlib
        check(g.attrs["scenario_sha256"] == hashlib.sha256(yaml_text.encode("utf-8")).hexdigest(),
              "scenario_sha256 hashes the UTF-8 bytes")
        check("江门.yaml" in f.attrs["command_line"], "UTF-8 command line")

    # --- panel and event log: stage and event-kind enums --------------------------------
    pe = os.path.join(tmp, "panel.h5")
    p = run(exe, "run", *BASE, "--panel", "--events", "-o", pe, "--quiet")
    check(p.returncode == 0, f"--panel --events: {p.stderr}")
    with h5py.File(pe, "r") as f:
        g = f[f"scenarios/{SCN}"]
        firms, events = g["firms"], g["events"]
        stages = h5py.check_enum_dtype(firms.dtype["stage"])
        check(stages == {"startup": 0, "tech_sme": 1, "high_tech": 2, "gazelle": 3, "unicorn": 4},
              f"stage enum {stages}")
        st = firms["stage"]
        check(len(st) > 0 and st.min() >= 0 and st.max() <= 4, "stage codes in 0..4")
        check(np.all(np.diff(firms["replication"]) >= 0), "panel rows in replication order")
        kinds = h5py.check_enum_dtype(events.dtype["kind"])
        want = ["entry", "exit", "loan_default", "loan", "innovation", "certification", "investment",
                "venture_exit", "insurance_claim", "pool_payout"]
        # The model's codes are stable (files keep them); it may add kinds after these.
        check(all(kinds.get(n) == i for i, n in enumerate(want)), f"event kinds {kinds}")
        check(len(set(kinds.values())) == len(kinds), "event kind codes are distinct")
        k = events["kind"]
        check(len(k) > 0 and set(np.unique(k)) <= set(kinds.values()), "event codes are declared kinds")
        check(np.all(np.diff(events["replication"]) >= 0), "event rows in replication order")
    with ir.open_results(pe, use_pandas=False) as r:
        check(r.event_kinds(SCN) == kinds, "reader event_kinds")
        check(len(r.firms(SCN)) == r.file[f"scenarios/{SCN}/firms"].shape[0], "reader firms")

    # --- a failing replication is recorded, exit 1 --------------------------------------
    bad = os.path.join(tmp, "bad.h5")
    zero = [a for s in ("startup", "tech_sme", "high_tech", "gazelle", "unicorn")
            for a in ("--set", f"initial.stage_shares.{s}=0")]
    p = run(exe, "run", "--replications", "2", *SMALL, *zero, "-o", bad)
    check(p.returncode == 1, f"failing replications: exit 1 ({p.returncode})")
    check("replication 0 failed: initial.stage_shares must not all be zero" in p.stderr, f"stderr: {p.stderr!r}")
    with h5py.File(bad, "r") as f:
        status = [s.decode() for s in f["runs"]["status"]]
        check(all(s.startswith("failed: initial.stage_shares") for s in status), f"/runs status {status}")
        check(np.all(np.isnan(f[f"scenarios/{SCN}/metrics/firms_active"][()])), "failed rows are NaN")
    p = run(exe, "inspect", bad)
    check("runs             2 (2 failed)" in p.stdout, "inspect counts the failures")

    # --- bad input: exit 2, nothing written ---------------------------------------------
    for args, what in ((["no-such-scenario"], "unknown scenario"),
                       (["--jobs", "0"], "--jobs 0"),
                       (["--set", "horizon_years=-1"], "out-of-range --set"),
                       (["--set", "no.such.key=1"], "unknown key"),
                       (["--replications", "0"], "zero replications"),
                       (["--bogus"], "unknown option"),
                       (["-o", os.path.join(tmp, "no", "such", "dir.h5")], "missing directory")):
        p = run(exe, "run", *args, "--quiet", cwd=cwd)
        check(p.returncode == 2, f"{what}: exit 2 ({p.returncode}: {p.stderr.strip()[:200]})")
    check(sorted(os.listdir(os.path.join(cwd, "results"))) == listed, "bad input writes nothing")

finish()

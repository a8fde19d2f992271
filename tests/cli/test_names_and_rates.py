#!/usr/bin/python3
"""Issue 15 point 6, end to end: UTF-8 scenario names (江门-试点) are accepted
by validate, run, compare, inspect, report and export, and land in the
results file as UTF-8 group names; names that would break a file or group
name are still refused at file:line:column; a change of a rate is said in
percentage points (百分点 / pp), never in per cent.

usage: test_names_and_rates.py INNOSIM_EXE
"""
import csv
import json
import os
import sys
import tempfile

import h5py

from cli_common import check, finish, run

exe = os.path.abspath(sys.argv[1])
SMALL = ["--set", "horizon_years=2", "--set", "population.firms=400", "--replications", "3"]
NAME = "江门-试点"

with tempfile.TemporaryDirectory() as d:
    scen = os.path.join(d, "pilot.yaml")
    with open(scen, "w", encoding="utf-8") as f:
        f.write(f"name: {NAME}\ndescription: 风险补偿资金池试点（测试）\nextends: risk-pool\n")
    p = run(exe, "validate", scen)
    check(p.returncode == 0, f"validate accepts a Chinese name: {p.returncode} {p.stderr}")

    # run: the default output name carries the scenario's name; the group is the UTF-8 name.
    p = run(exe, "run", scen, *SMALL, "--quiet", cwd=d)
    path = p.stdout.strip()
    check(p.returncode == 0 and os.path.basename(path).startswith(NAME + "-") and path.endswith(".h5"),
          f"run: exit {p.returncode}, path {path!r}, {p.stderr[-300:]}")
    if p.returncode == 0:
        with h5py.File(os.path.join(d, path), "r") as f:
            check(list(f["scenarios"].keys()) == [NAME], f"group name in the file: {list(f['scenarios'].keys())}")
            runs = f["runs"][()]
            check({r.decode("utf-8") for r in runs["scenario"]} == {NAME}, "the /runs rows name it")
        p = run(exe, "inspect", os.path.join(d, path))
        check(p.returncode == 0 and f'scenario "{NAME}"' in p.stdout, f"inspect prints it: {p.stdout[:300]}")

    # compare with a library scenario: the comparison group is named after both.
    cmpf = os.path.join(d, "cmp.h5")
    p = run(exe, "compare", "jiangmen-2025", scen, *SMALL, "-o", cmpf, "--lang", "zh",
            "--metrics", "high_tech_enterprises,talent_sufficiency,pilot_utilization")
    check(p.returncode == 0, f"compare: {p.returncode} {p.stderr[-400:]}")
    check(NAME in p.stdout, "compare prints the Chinese name")
    if p.returncode == 0:
        with h5py.File(cmpf, "r") as f:
            check(f"{NAME}_vs_jiangmen-2025" in f["comparisons"], f"comparison group: {list(f['comparisons'])}")
        for fmt_ in ("csv",):
            out = os.path.join(d, "export")
            p = run(exe, "export", cmpf, "--format", fmt_, "-o", out, "--lang", "zh")
            check(p.returncode == 0, f"export: {p.stderr}")
            text = "".join(open(os.path.join(out, fn), encoding="utf-8-sig").read() for fn in os.listdir(out)) \
                if os.path.isdir(out) else ""
            check(NAME in text, "export keeps the name")
        rep = os.path.join(d, "cmp.html")
        p = run(exe, "report", cmpf, "-o", rep, "--lang", "zh")
        check(p.returncode == 0 and NAME in open(rep, encoding="utf-8").read(), f"report: {p.stderr}")

    # Refused: what cannot name a file or a group, or is invisible; at file:line:column.
    for bad, why in (("my run", "space"), ("a/b", "slash"), ("江门\u3000试点", "ideographic space"),
                     ("江门\u200b试点", "zero-width space"), ("-江门", "leading hyphen"), ("x" * 101, "too long"),
                     ("江" * 101, "too long in characters")):
        path = os.path.join(d, "bad.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(f'name: "{bad}"\nextends: jiangmen-2025\n')
        p = run(exe, "validate", path)
        check(p.returncode == 2 and f"{path}:1:7:" in p.stderr and "not a valid name" in p.stderr,
              f"name with a {why}: exit {p.returncode}, {p.stderr.strip()[:200]}")
    check(run(exe, "validate", scen, "--set", "name=江门_2").returncode == 0, "--set name= with Chinese")

    # Rates: levels in per cent, changes in percentage points, in both languages.
    for lang, pp, unit_col in (("zh", "百分点", "%（差值：百分点）"), ("en", "pp", "% (changes: pp)")):
        out = os.path.join(d, f"rates-{lang}.h5")
        p = run(exe, "compare", "jiangmen-2025", "risk-pool", *SMALL, "-o", out, "--lang", lang,
                "--metrics", "talent_sufficiency,pilot_utilization,mean_interest_cost")
        check(p.returncode == 0, f"compare rates {lang}: {p.stderr[-300:]}")
        rows = [l for l in p.stdout.splitlines() if l.rstrip().endswith(unit_col)]
        check(len(rows) >= 2, f"{lang}: rate rows say their changes are in {pp}: {p.stdout[:1500]}")
        check(f"{pp} a year" in p.stdout if lang == "en" else f"{pp}/年" in p.stdout,
              f"{lang}: a rate per year changes in {pp} a year")
    # The number shown is the change in points: 100 x the stored difference of shares.
    p = run(exe, "compare", "jiangmen-2025", "risk-pool", *SMALL, "-o", os.path.join(d, "r.h5"), "--json",
            "--metrics", "talent_sufficiency")
    if check(p.returncode == 0, f"compare --json: {p.stderr[-300:]}"):
        m = json.loads(p.stdout)["comparisons"][0]["metrics"][0]
        p = run(exe, "compare", "jiangmen-2025", "risk-pool", *SMALL, "-o", os.path.join(d, "r2.h5"), "--lang", "en",
                "--metrics", "talent_sufficiency")
        line = [l for l in p.stdout.splitlines() if l.startswith("talent_sufficiency")]
        diff = float(line[0].split()[3]) if line else float("nan")
        check(abs(diff - 100 * m["difference"]) <= max(1e-9, 0.006 * abs(100 * m["difference"])) or
              (abs(m["difference"]) < 5e-5 and abs(diff) < 5e-3),
              f"the printed change {diff} pp is 100 x the stored {m['difference']}")

finish()

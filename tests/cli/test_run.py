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
import subprocess
import sys
import tempfile

import h5py
import numpy as np

from cli_common import SMALL, check, finish, parse_headline, run, same

exe, pydir = os.path.abspath(sys.argv[1]), sys.argv[2]
sys.path.insert(0, pydir)
import innosim_results as ir  # noqa: E402

SCN = "jiangmen-2025"


# Monthly sampling stated, so the grid is known whatever the library's default.
BASE = ["--replications", "3", *SMALL, "--set", "outputs.sampling=monthly"]

with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "out.h5")

    # --- run with -o, the printed table, inspect ------------------------------------
    p = run(exe, "run", *BASE, "--seed", "1", "-o", out, "--lang", "en")
    check(p.returncode == 0, f"run -o: exit {p.returncode}: {p.stderr}")
    _, path = parse_headline(p.stdout)
    check(path == out, f"run prints the results path ({path!r})")
    text = p.stdout
    for want in ("stocks on 2027-01-01", "flows from 2025-01-01 to 2027-01-01", "95% CI of the mean",
                 "5%-95% of runs", "per year", "not a forecast interval"):
        check(want in text, f"headline table says {want!r}")
    stocks = text[text.index("stocks on"):text.index("flows from")]
    flows = text[text.index("flows from"):text.index("mean: over")]
    check("high_tech_enterprises" in stocks and "firms_active" in stocks, "stocks section")
    check("new_tech_loans" in flows and "net_fiscal_cost" in flows and "revenue" in flows, "flows section")
    # The government's cost is the model's net fiscal cost (issue 15 point 2), not the gross spending.
    check("fiscal_spending" not in text, f"the headline table shows no gross spending: {flows}")
    check(re.search(r"^net_fiscal_cost\s+[\d.,]+ (m|bn)\s", flows, re.M) is not None, f"money in m/bn yuan: {flows}")
    check("e+" not in text, "no exponent notation in the table")
    check("[run]" in p.stderr and "3/3 runs" in p.stderr, f"progress on stderr: {p.stderr!r}")
    check("[run]" not in p.stdout, "no progress on stdout")
    check(not any(n.startswith("out.h5.tmp") for n in os.listdir(tmp)), "no temporary left")

    p = run(exe, "inspect", out)
    check(p.returncode == 0, f"inspect: exit {p.returncode}")
    for want in ("format_version   1.4", f'scenario "{SCN}"', "runs             3 (0 failed)",
                 "seed 1, replications 3, horizon 2 years, 25 time points", "high_tech_enterprises [firms]"):
        check(want in p.stdout, f"inspect text has {want!r}")
    p = run(exe, "inspect", out, "--json")
    check(p.returncode == 0, f"inspect --json: exit {p.returncode}")
    j = json.loads(p.stdout)
    check(j["format_version"] == [1, 4], "json format_version")
    check(j["runs"] == {"count": 3, "failed": 0}, f"json runs {j['runs']}")
    s = j["scenarios"][0]
    check(s["name"] == SCN and s["replications"] == 3 and s["n_time"] == 25 and s["horizon_years"] == 2,
          f"json scenario {s['name']} {s['replications']} {s['n_time']}")
    check(s["firm_rows"] is None and s["event_rows"] is None, "no panel or event log unless asked")
    check("innosim run" in j["command_line"] and "-o" in j["command_line"], "command line recorded")

    # --- run --json: headline numbers exact; flows are totals, stocks values at the date ----
    js = os.path.join(tmp, "json.h5")
    p = run(exe, "run", *BASE, "--seed", "1", "-o", js, "--json")
    check(p.returncode == 0 and p.stderr == "", f"run --json: exit {p.returncode}, quiet stderr: {p.stderr!r}")
    head = json.loads(p.stdout)
    check(head["file"] == js and head["scenario"] == SCN and head["replications"] == 3 and head["start_year"] == 2025,
          f"run --json header {head}")
    rows = {row["metric"]: row for row in head["headline"]}
    check(len(rows) >= 13, f"headline has the headline metrics ({len(rows)})")
    with ir.open_results(js, use_pandas=False) as r:
        check(r.format_version == (1, 4), f"reader format_version {r.format_version}")
        check(r.scenarios() == [SCN], f"reader scenarios {r.scenarios()}")
        T = len(r.time(SCN))
        check(T == 25 and r.time(SCN)[-1] == 2.0, f"time grid of {T} points to 2 years")
        check(list(r.calendar_years(SCN)[[0, -1]]) == [2025.0, 2027.0] and r.dates(SCN)[-1] == "2027-01-01",
              "calendar years and dates")
        for name in r.metrics(SCN):
            check(r.metric(SCN, name).shape == (3, T), f"metric {name} has shape [3 x {T}]")
        for name, row in rows.items():
            info = r.metrics(SCN)[name]
            x = r.metric(SCN, name)
            check(row["kind"] == info["kind"], f"{name}: kind {row['kind']} as the file says")
            if row["kind"] == "flow":
                # A flow's headline is the sum of its series (set-up at t = 0 included).
                per_rep = np.array([sum(float(v) for v in x[i]) for i in range(3)])
                check(row["statistic"] == "total" and row["from_date"] == "2025-01-01"
                      and row["to_date"] == "2027-01-01", f"{name}: total over the run")
                check(info["unit"] == row["unit"] + " per month", f"{name}: file unit {info['unit']}")
                check(row["per_year"]["mean"] == row["stats"]["mean"] / 2.0, f"{name}: per year = total / 2 years")
            else:
                per_rep = x[:, -1]
                last = r.summary(SCN, name)[-1]
                check(row["stats"]["mean"] == float(last["mean"]) and row["stats"]["ci_low"] == float(last["ci_low"])
                      and row["stats"]["p95"] == float(last["p95"]), f"{name}: the stock is the summary's last row")
            check(abs(row["stats"]["mean"] - per_rep.mean()) <= 1e-12 * max(1.0, abs(per_rep.mean())),
                  f"{name}: mean {row['stats']['mean']} == {per_rep.mean()}")
            for q in (5, 25, 50, 75, 95):
                want = float(np.percentile(per_rep, q))
                check(abs(row["stats"][f"p{q}"] - want) <= 1e-9 * max(1.0, abs(want)), f"{name}: p{q}")
        nf = r.metric(SCN, "net_fiscal_cost")
        want = nf.sum(axis=1).mean()
        check(abs(rows["net_fiscal_cost"]["stats"]["mean"] - want) <= 1e-9 * abs(want) and
              abs(rows["net_fiscal_cost"]["stats"]["mean"]) > 12 * abs(nf[:, -1].mean()),
              "the net fiscal cost's headline is the total of its series, not its last month")
        check("fiscal_spending" not in rows, "no gross spending in the default headline")
        runs = r.runs()
        check(list(runs["status"]) == ["ok"] * 3 and list(runs["replication"]) == [0, 1, 2], "runs ok, in order")

    # --- --metrics: gross spending one option away, beside the net cost ------------------
    p = run(exe, "run", *BASE, "--seed", "1", "-o", os.path.join(tmp, "m.h5"), "--json", "--metrics",
            "net_fiscal_cost,fiscal_spending")
    mrows = {row["metric"]: row for row in json.loads(p.stdout)["headline"]} if p.returncode == 0 else {}
    check(list(mrows) == ["net_fiscal_cost", "fiscal_spending"] and
          mrows["net_fiscal_cost"]["stats"]["mean"] == rows["net_fiscal_cost"]["stats"]["mean"] and
          mrows["fiscal_spending"]["stats"]["mean"] > 0,
          f"run --metrics: the rows asked for, the net cost as in the default table: {p.returncode} {p.stderr!r}")
    p = run(exe, "run", *BASE, "--metrics", "fiscal_spendin", "-o", os.path.join(tmp, "never.h5"))
    check(p.returncode == 2 and "did you mean 'fiscal_spending'" in p.stderr and
          not os.path.exists(os.path.join(tmp, "never.h5")), f"run --metrics unknown: exit 2 before any run ({p.stderr!r})")

    # --- --at YEAR: stocks on 1 January of YEAR, flows totalled up to it ----------------
    p = run(exe, "run", *BASE, "--seed", "1", "-o", os.path.join(tmp, "at.h5"), "--json", "--at", "2026")
    check(p.returncode == 0, f"--at 2026: {p.stderr}")
    at = {row["metric"]: row for row in json.loads(p.stdout)["headline"]}
    with ir.open_results(js, use_pandas=False) as r:
        x = r.metric(SCN, "firms_active")[:, 12]
        check(at["firms_active"]["stats"]["mean"] == float(r.summary(SCN, "firms_active")[12]["mean"]),
              "--at: the stock on 2026-01-01")
        loans = r.metric(SCN, "new_tech_loans")[:, :13].sum(axis=1)
        check(abs(at["new_tech_loans"]["stats"]["mean"] - loans.mean()) <= 1e-9 * loans.mean(),
              "--at: flows totalled to 2026-01-01")
        check(at["new_tech_loans"]["to_date"] == "2026-01-01" and at["new_tech_loans"]["per_year"]["mean"]
              == at["new_tech_loans"]["stats"]["mean"], "--at: one year, per year = total")
    p = run(exe, "run", *BASE, "--at", "2031", "-o", os.path.join(tmp, "at2.h5"))
    check(p.returncode == 2 and "2025" in p.stderr and "2027" in p.stderr
          and not os.path.exists(os.path.join(tmp, "at2.h5")), f"--at off the run: exit 2 ({p.stderr!r})")

    # --- --lang zh: Chinese labels, no untranslated metric name ------------------------
    p = run(exe, "run", *BASE, "--seed", "1", "-o", os.path.join(tmp, "zh.h5"), "--lang", "zh")
    check(p.returncode == 0, f"--lang zh: {p.stderr}")
    names = set(ir.open_results(js).metrics(SCN))
    words = set(re.findall(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+", p.stdout))
    check(not (words & names), f"--lang zh: untranslated metric names {words & names}")
    for want in ("存量指标（2027-01-01）", "高新技术企业", "新增科技贷款", "亿", "均值的95%置信区间", "结果文件："):
        check(want in p.stdout, f"--lang zh table has {want!r}")
    # The results path is in the temporary directory (random letters): not a word to translate. ASCII
    # boundaries, not \b: Python's \w includes CJK, so "\bmean\b" never matches "均值mean的".
    english = set(re.findall(r"(?<![A-Za-z])[A-Za-z]{4,}(?![A-Za-z])", p.stdout.replace(tmp, ""))) - {"jiangmen"}
    check(not english, f"--lang zh: English words left {english}")
    env = dict(os.environ, LC_ALL="zh_CN.UTF-8")
    pz = subprocess.run([exe, "run", *BASE, "--seed", "1", "-o", os.path.join(tmp, "zh2.h5")], capture_output=True,
                        text=True, env=env)
    check(pz.returncode == 0 and "高新技术企业" in pz.stdout, "the locale chooses Chinese")
    p = run(exe, "run", *BASE, "--lang", "fr", "-o", os.path.join(tmp, "fr.h5"))
    check(p.returncode == 2 and "--lang" in p.stderr, f"--lang fr: exit 2 ({p.stderr!r})")

    # --- run --replication r reruns replication r alone, bit for bit --------------------
    one = os.path.join(tmp, "one.h5")
    p = run(exe, "run", *BASE, "--seed", "1", "--replication", "2", "-o", one, "--quiet")
    check(p.returncode == 0 and p.stdout.strip() == one, f"--replication 2 --quiet prints the path: {p.stdout!r}")
    with h5py.File(js, "r") as full, h5py.File(one, "r") as single:
        for name in full[f"scenarios/{SCN}/metrics"]:
            a = full[f"scenarios/{SCN}/metrics/{name}"][2]
            b = single[f"scenarios/{SCN}/metrics/{name}"][2]
            check(np.array_equal(a.view(np.uint64), b.view(np.uint64)), f"--replication 2: {name} equals row 2")
        check(np.all(np.isnan(single[f"scenarios/{SCN}/metrics/firms_active"][[0, 1]])), "other rows are NaN")
        status = [x.decode() for x in single["runs"]["status"]]
        check(status[2] == "ok" and all(x.startswith("not run: --replication 2") for x in status[:2]),
              f"/runs of --replication: {status}")
        seeds = list(single["runs"]["seed"])
        check(seeds == [1, 1, 1], f"/runs seeds: the seed each replication runs (or would run) with {seeds}")
    p = run(exe, "run", *BASE, "--replication", "3", "-o", os.path.join(tmp, "r3.h5"))
    check(p.returncode == 2 and "0 to 2" in p.stderr, f"--replication out of range: exit 2 ({p.stderr!r})")

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
    check(p.returncode == 0 and p.stdout == out + "\n" and p.stderr == "",
          f"--force --quiet: exit 0, only the path ({p.stdout!r}, {p.stderr!r})")
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

#!/usr/bin/python3
"""`innosim inspect FILE --summary` (issue 15 point 8): a short summary of
any results file, for people, in Chinese or English, end to end.

- A run file: the kind of file, its sampling, and the headline table that
  `run` printed, the same text; `--summary --json` gives exactly the rows of
  `run --json` (with `--at YEAR` too), and a flow's total is the sum of its
  series in the file.
- A compare file: the comparison tables `compare` printed, the same text.
- A sweep file: the per-point tables `sweep` printed, the same text.
- A sensitivity file (a test function), a calibration file, a discovery
  file: their indices, estimates and box, numbers equal to the file's.
- `--lang zh`: Chinese, no metric name and no English word left (paths,
  file names, dotted keys, the command line and proper names aside).
- Bad use exits 2: --at off the grid, an unknown metric, --at or --metrics
  without --summary, a missing file.

usage: test_inspect_summary.py INNOSIM_EXE
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np

from cli_common import SMALL, check, english_words, finish, run

exe = os.path.abspath(sys.argv[1])
SCN = "jiangmen-2025"
def block_of(stdout):
    """What a command printed, without its last 'results: PATH' line."""
    lines = stdout.rstrip("\n").splitlines()
    while lines and (lines[-1].startswith("results: ") or lines[-1].startswith("结果文件：") or not lines[-1].strip()):
        lines.pop()
    return "\n".join(lines).strip("\n")


with tempfile.TemporaryDirectory() as d:
    def path(name):
        return os.path.join(d, name)

    def summary(f, *more):
        p = run(exe, "inspect", f, "--summary", *more)
        check(p.returncode == 0, f"inspect {os.path.basename(f)} --summary {' '.join(more)}: {p.returncode} {p.stderr}")
        return p.stdout

    def zh_clean(text, label):
        check(re.search(r"[\u4e00-\u9fff]", text) is not None, f"{label}: Chinese text")
        left = english_words(text, d)
        check(not left, f"{label}: English words left in --lang zh: {sorted(left)}")

    # --- a run file --------------------------------------------------------------------------
    p = run(exe, "run", SCN, *SMALL, "--replications", "3", "--seed", "4", "-o", path("run.h5"))
    check(p.returncode == 0, f"run: {p.stderr}")
    printed = block_of(p.stdout)
    text = summary(path("run.h5"))
    for want in ("results of a run (innosim run)", "format 1.4", "runs: 3 (0 failed)",
                 f"sampling {SCN}: every month, 25 dates from 2025-01-01 to 2027-01-01",
                 "flows from 2025-01-01 to 2027-01-01", "per year", "95% CI of the mean", "5%-95% of runs"):
        check(want in text, f"run summary has {want!r}:\n{text}")
    check(printed in text, f"the summary reprints the table run printed:\n{printed}\n---\n{text}")
    pj = run(exe, "run", SCN, *SMALL, "--replications", "3", "--seed", "4", "-o", path("runj.h5"), "--json")
    sj = run(exe, "inspect", path("runj.h5"), "--summary", "--json")
    check(pj.returncode == 0 and sj.returncode == 0, f"--json: {pj.stderr} {sj.stderr}")
    rj, ij = json.loads(pj.stdout), json.loads(sj.stdout)
    check(ij["kind"] == "run" and ij["runs"] == {"ok": 3, "failed": 0, "not_run": 0}, f"kind and runs: {ij['runs']}")
    s0 = ij["scenarios"][0]
    check(s0["scenario"] == SCN and s0["sampling_months"] == 1 and s0["n_time"] == 25 and s0["start_year"] == 2025,
          f"scenario header: {s0}")
    check(s0["headline"] == rj["headline"], "inspect --summary --json = run --json, row for row")
    with h5py.File(path("runj.h5"), "r") as f:
        x = f[f"scenarios/{SCN}/metrics/net_fiscal_cost"][()]
        total = {r["metric"]: r for r in s0["headline"]}["net_fiscal_cost"]["stats"]["mean"]
        check(np.isclose(total, x.sum(axis=1).mean(), rtol=1e-12), f"flow total {total} = sum of its series")
    check("fiscal_spending" not in {r["metric"] for r in s0["headline"]}, "the headline's cost is the net one")
    # A file written before the model reported its net fiscal cost shows the gross spending in its place.
    # Such a file has none of the net cost's metrics: neither the total nor its split by level (city,
    # provincial, central: session 15), which the headline prints after the total.
    shutil.copy(path("runj.h5"), path("old.h5"))
    with h5py.File(path("old.h5"), "r+") as f:
        for group in ("metrics", "summary"):
            g = f.get(f"scenarios/{SCN}/{group}")
            for name in [n for n in (g.keys() if g is not None else []) if n.startswith("net_fiscal_cost")]:
                del g[name]
    so = run(exe, "inspect", path("old.h5"), "--summary", "--json")
    old_rows = [r["metric"] for r in json.loads(so.stdout)["scenarios"][0]["headline"]] if so.returncode == 0 else []
    check(old_rows[-1:] == ["fiscal_spending"] and "net_fiscal_cost" not in old_rows,
          f"an older file: fiscal_spending in the net cost's place ({so.returncode} {so.stderr!r} {old_rows})")
    pa = run(exe, "run", SCN, *SMALL, "--replications", "3", "--seed", "4", "-o", path("runat.h5"), "--json",
             "--at", "2026")
    sa = run(exe, "inspect", path("runat.h5"), "--summary", "--json", "--at", "2026")
    check(sa.returncode == 0 and json.loads(sa.stdout)["scenarios"][0]["headline"] == json.loads(pa.stdout)["headline"],
          "--at 2026: the rows of run --at 2026")
    zh = summary(path("run.h5"), "--lang", "zh")
    for want in ("一次运行的结果", "抽样：每月一次，共25个时点", "存量指标（2027-01-01）", "高新技术企业", "财政净成本",
                 "均值的95%置信区间", "年均"):
        check(want in zh, f"zh summary has {want!r}")
    with h5py.File(path("run.h5"), "r") as f:
        names = set(f[f"scenarios/{SCN}/metrics"])
    table = zh.split("\n", 3)[3]  # below the header lines (the command line names none)
    check(not (set(re.findall(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+", table)) & names), "zh: no metric name left")
    zh_clean(zh, "run summary")
    env_zh = dict(os.environ, LC_ALL="zh_CN.UTF-8")
    pz = subprocess.run([exe, "inspect", path("run.h5"), "--summary"], capture_output=True, text=True, env=env_zh)
    check(pz.returncode == 0 and "一次运行的结果" in pz.stdout, "the locale chooses Chinese")

    # --- a compare file: the tables compare printed --------------------------------------------
    for lang in ("en", "zh"):
        out = path(f"cmp-{lang}.h5")
        p = run(exe, "compare", SCN, "risk-pool", *SMALL, "--replications", "3", "-o", out, "--lang", lang)
        check(p.returncode == 0, f"compare: {p.stderr}")
        text = summary(out, "--lang", lang)
        check(block_of(p.stdout) in text, f"compare --lang {lang}: the summary reprints its tables")
        check(("a paired comparison of scenarios" if lang == "en" else "情景配对比较") in text, "compare: the kind")
        check(text.count("（基准情景：江门2025）" if lang == "zh" else f"\n{SCN}: 3 replications") >= 1,
              "compare: each scenario's headline table")
        if lang == "zh":
            zh_clean(text, "compare summary")
    cj = json.loads(run(exe, "inspect", path("cmp-en.h5"), "--summary", "--json").stdout)
    with h5py.File(path("cmp-en.h5"), "r") as f:
        g = "comparisons/risk-pool_vs_jiangmen-2025"
        stored = f[g + "/metrics"][()]
        rows = cj["comparisons"][0]["metrics"]
        check(cj["kind"] == "compare" and len(rows) == len(stored), "compare --json: every stored row")
        for r, s in zip(rows, stored):
            check(r["metric"] == s["metric"].decode() and r["difference"] == float(s["difference"]),
                  f"compare --json {r['metric']}: the stored difference, exactly")

    # --- a sweep file: the per-point tables sweep printed ---------------------------------------
    with open(path("sweep.yaml"), "w") as f:
        f.write("scenario: jiangmen-2025\nset:\n  horizon_years: 2\n  population.firms: 400\nfactors:\n"
                "  policies.loan_interest_subsidy.rate: {range: [0.1, 0.6], levels: 3}\ndesign: {type: grid}\n"
                "replications: 2\nreference: 1\nmetrics: [high_tech_enterprises, fiscal_spending]\n")
    for lang in ("en", "zh"):
        out = path(f"sweep-{lang}.h5")
        p = run(exe, "sweep", path("sweep.yaml"), "-o", out, "--lang", lang)
        check(p.returncode == 0, f"sweep: {p.stderr}")
        tables = block_of(p.stdout).split("\n", 1)[1]  # below the sweep's own first line
        text = summary(out, "--lang", lang)
        check(tables.strip("\n") in text, f"sweep --lang {lang}: the summary reprints its per-point tables:\n{text}")
        check(("grid design, 3 points x 2 replications" if lang == "en" else "网格设计，3个设计点") in text,
              f"sweep --lang {lang}: the design")
        # Under the factor, what it means (the schema's description; in Chinese its what_zh in its module's bind_keys).
        meaning = ("Share of a registered loan's interest the subsidy pays" if lang == "en" else
                   "贴息占备案贷款利息的比例（`form` 为 `share_of_interest` 时）")
        check(re.search(r"(factor|因素) policies\.loan_interest_subsidy\.rate.*\n    " + re.escape(meaning), text),
              f"sweep --lang {lang}: the factor's meaning under it:\n{text}")
        if lang == "zh":
            zh_clean(text, "sweep summary")

    # --- sensitivity (a test function), calibration, discovery -----------------------------------
    p = run(exe, "sensitivity", "--test-function", "ishigami", "--n", "64", "-o", path("sa.h5"), "--quiet")
    check(p.returncode == 0, f"sensitivity: {p.stderr}")
    text = summary(path("sa.h5"))
    check("a global sensitivity analysis" in text and "total ST" in text and re.search(r"\n +1  x1 ", text),
          f"sensitivity summary ranks the factors:\n{text}")
    sj = json.loads(run(exe, "inspect", path("sa.h5"), "--summary", "--json").stdout)
    with h5py.File(path("sa.h5"), "r") as f:
        out = list(f["sensitivity/outputs"])[0]
        st = f[f"sensitivity/outputs/{out}/indices"]["ST"]
        got = [r["ST"] for r in sj["sensitivity"]["outputs"][out]["indices"]]
        check(got == [float(v) for v in st], "sensitivity --json: the stored ST, exactly")
    zh_clean(summary(path("sa.h5"), "--lang", "zh"), "sensitivity summary")

    with open(path("cal.yaml"), "w") as f:
        f.write("scenario: jiangmen-2025\nset:\n  horizon_years: 2\n  population.firms: 300\nparameters:\n"
                "  firms.initial_borrower_share: {range: [0.2, 0.8]}\n"
                "targets:\n  - {name: loans, expr: \"stock(tech_loans_outstanding, 2026-12-31)\", sd: 1e8, source: x}\n"
                "  - {name: firms, expr: \"stock(firms_active, 2026-12-31)\", sd: 5, source: x}\n"
                "replications: 2\nseed: 3\nsearch:\n  global: {design: sobol, points: 4}\n"
                "  local: {algorithm: bobyqa, max_evaluations: 6}\n  restarts: 0\nprofile_points: 3\n"
                "synthetic:\n  truth: {firms.initial_borrower_share: 0.5}\n  seed: 5\n")
    p = run(exe, "calibrate", path("cal.yaml"), "-o", path("cal.h5"), "--quiet", cwd=d)
    check(p.returncode == 0, f"calibrate: {p.stderr}")
    text = summary(path("cal.h5"))
    check("a calibration (innosim calibrate)" in text and "firms.initial_borrower_share" in text and "targets matched" in text,
          f"calibration summary:\n{text}")
    cj = json.loads(run(exe, "inspect", path("cal.h5"), "--summary", "--json").stdout)
    with h5py.File(path("cal.h5"), "r") as f:
        check(cj["calibration"]["parameters"][0]["estimate"] == float(f["calibration/parameters"]["estimate"][0]),
              "calibration --json: the stored estimate, exactly")
    zh_clean(summary(path("cal.h5"), "--lang", "zh"), "calibration summary")

    with open(path("lhs.yaml"), "w") as f:
        f.write("scenario: jiangmen-2025\nset:\n  horizon_years: 1\n  population.firms: 300\nfactors:\n"
                "  policies.loan_interest_subsidy.rate: {range: [0.1, 0.6]}\n"
                "  firms.initial_borrower_share: {range: [0.2, 0.8]}\ndesign: {type: lhs, points: 24}\n"
                "replications: 1\nmetrics: [tech_loans_outstanding]\n")
    p = run(exe, "sweep", path("lhs.yaml"), "-o", path("lhs.h5"), "--quiet")
    check(p.returncode == 0, f"lhs sweep: {p.stderr}")
    with h5py.File(path("lhs.h5"), "r") as f:
        threshold = float(np.median(f["sweep/results/tech_loans_outstanding"][()]))
    p = run(exe, "discover", path("lhs.h5"), "--outcome", "tech_loans_outstanding", "--threshold", repr(threshold),
            "--above", "-o", path("disc.h5"), "--quiet")
    check(p.returncode == 0, f"discover: {p.stderr}")
    text = summary(path("disc.h5"))
    check("a scenario discovery (innosim discover)" in text and re.search(r"box \d+", text) and "coverage" in text,
          f"discovery summary:\n{text}")
    zh_clean(summary(path("disc.h5"), "--lang", "zh"), "discovery summary")

    # --- bad use: exit 2 ----------------------------------------------------------------------
    for args, why in ((["--summary", "--at", "2031"], "--at off the grid"),
                      (["--summary", "--metrics", "firms_alive"], "an unknown metric"),
                      (["--at", "2026"], "--at without --summary"),
                      (["--metrics", "firms_active"], "--metrics without --summary")):
        p = run(exe, "inspect", path("run.h5"), *args)
        check(p.returncode == 2 and p.stderr.strip(), f"{why}: exit 2 with a message ({p.returncode} {p.stderr!r})")
    p = run(exe, "inspect", path("missing.h5"), "--summary")
    check(p.returncode == 2 and "no such file" in p.stderr, f"a missing file: exit 2 ({p.returncode} {p.stderr!r})")

finish()

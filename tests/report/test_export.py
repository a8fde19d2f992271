#!/usr/bin/python3
"""End-to-end tests of `innosim export`: the xlsx workbook read back with
Debian's openpyxl and the CSV files with Python's csv module hold the same
numbers as the HDF5 file (read with h5py): every stored value of the
series, the stored statistics, the headline values (a stock at the horizon,
a flow's total), the stored contrasts, cost-effectiveness and paired
series, the sweep's results, the runs, a calibration's estimates, fit to
each target and check before fitting (the CSV files read with pandas too);
numbers are numbers, dates are dates, headers are in the chosen language;
bad input exits 2 and writes nothing.

usage: test_export.py INNOSIM_EXE
"""
import csv
import datetime
import math
import os
import sys
import tempfile

import h5py
import numpy as np
import openpyxl
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
import inputs  # noqa: E402
from cli_common import check, finish, run  # noqa: E402
from inputs import write  # noqa: E402

exe = os.path.abspath(sys.argv[1])
SMALL = ["--set", "horizon_years=2", "--set", "population.firms=400", "--replications", "3"]


def same(a, b, rel=0.0):
    """A cell equals a stored value: None for NaN, infinities as text, numbers equal to within `rel`.

    libxlsxwriter writes numbers with 16 significant digits ("%.16G", utility.h),
    one short of what every double needs to read back bit for bit, so the
    workbook is compared to 16 digits (rel 1e-15; Excel itself computes with
    15) and the CSV files, which print the shortest exact text, exactly."""
    if isinstance(b, bytes):
        b = b.decode()
    if isinstance(b, (float, np.floating)) and math.isnan(b):
        return a is None or a == ""
    if isinstance(b, (float, np.floating)) and math.isinf(b):
        return a in ("inf", "-inf") and (a == "inf") == (b > 0)
    if isinstance(a, str) and not isinstance(b, str):
        try:
            return float(a) == float(b)
        except ValueError:
            return False
    if a == b:
        return True
    return (isinstance(a, (int, float)) and isinstance(b, (int, float, np.integer, np.floating))
            and abs(float(a) - float(b)) <= rel * abs(float(b)))


XL = 1e-15  # the workbook's 16 significant digits


def t_of(t):
    """A time (years since start) as a key: whole months (the workbook holds 16 digits of it)."""
    return round(float(t) * 12)


def sheet_rows(wb, title):
    ws = wb[title]
    rows = list(ws.iter_rows(values_only=True))
    return list(rows[0]), rows[1:]


def table(f, path):
    return f[path][()]


def records(frame):
    """A pandas frame's rows as lists, an empty cell (NaN) as None, as openpyxl gives it."""
    return [[None if isinstance(v, float) and math.isnan(v) else v for v in row] for row in frame.itertuples(index=False)]


with tempfile.TemporaryDirectory() as d:
    cmpf = os.path.join(d, "cmp.h5")
    p = run(exe, "compare", "jiangmen-2025", "risk-pool", *SMALL, "-o", cmpf, "--quiet")
    check(p.returncode == 0, f"compare: {p.stderr}")

    # --- xlsx in Chinese ------------------------------------------------------------------
    xl = os.path.join(d, "cmp.zh.xlsx")
    p = run(exe, "export", cmpf, "--format", "xlsx", "--lang", "zh")
    check(p.returncode == 0 and f"工作簿：{xl}" in p.stdout, f"export xlsx: {p.returncode} {p.stdout!r} {p.stderr!r}")
    wb = openpyxl.load_workbook(xl, read_only=True)
    for title in ("时间序列", "统计摘要", "期末与合计", "配对对比", "成本效果", "配对差值随时间", "运行记录", "来源"):
        check(title in wb.sheetnames, f"sheet {title} in {wb.sheetnames}")
    with h5py.File(cmpf, "r") as f:
        # Every stored value of every metric, by (scenario, replication, time, metric).
        header, rows = sheet_rows(wb, "时间序列")
        check(header[:2] == ["情景", "重复运行"] and header[4] == "指标" and header[6] == "数值",
              f"series headers in Chinese: {header}")
        got = {}
        for r in rows:
            got[(r[0], int(r[1]), r[4], t_of(r[3]))] = r[6]
        check(isinstance(rows[0][2], datetime.datetime) and rows[0][2].year == 2025, f"dates are dates: {rows[0][2]!r}")
        check(isinstance(rows[0][6], (int, float)), "values are numbers")
        n = mismatches = 0
        for sc, g in f["scenarios"].items():
            t = g["time"][()]
            for m, ds in g["metrics"].items():
                x = ds[()]
                for r in range(x.shape[0]):
                    for k in range(x.shape[1]):
                        n += 1
                        if not same(got.get((sc, r, m, t_of(t[k]))), x[r, k], XL):
                            mismatches += 1
        check(n == len(rows) and mismatches == 0, f"series: {n} values in the file, {len(rows)} rows, {mismatches} differ")
        # The stored statistics, percentiles included.
        header, rows = sheet_rows(wb, "统计摘要")
        stats = {(r[0], r[1], t_of(r[3]), r[4]): r[6] for r in rows}
        s = table(f, "scenarios/risk-pool/summary/high_tech_enterprises")
        check(all(same(stats[("risk-pool", fld, t_of(s["time"][i]), "high_tech_enterprises")], s[fld][i], XL)
                  for i in range(len(s)) for fld in ("mean", "ci_low", "ci_high", "p5", "p50", "p95")),
              "summary: the stored statistics")
        # Headline: a stock at the horizon and a flow's total over every sample.
        header, rows = sheet_rows(wb, "期末与合计")
        head = {(r[0], r[1]): r for r in rows}
        hte = f["scenarios/jiangmen-2025/metrics/high_tech_enterprises"][()]
        spend = f["scenarios/jiangmen-2025/metrics/fiscal_spending"][()]
        check(math.isclose(head[("jiangmen-2025", "high_tech_enterprises")][4], hte[:, -1].mean(), rel_tol=1e-12),
              "headline: stock at the horizon")
        check(math.isclose(head[("jiangmen-2025", "fiscal_spending")][4], spend.sum(axis=1).mean(), rel_tol=1e-12),
              "headline: a flow's total is the sum of its series")
        check(head[("jiangmen-2025", "high_tech_enterprises")][2] == "高新技术企业", "headline: Chinese labels")
        # The stored contrasts and cost-effectiveness, as stored.
        header, rows = sheet_rows(wb, "配对对比")
        stored = table(f, "comparisons/risk-pool_vs_jiangmen-2025/metrics")
        names = list(stored.dtype.names)
        check(header[:2] == ["备选情景", "基准情景"] and header[2:] == names, f"contrasts columns {header}")
        check(len(rows) == len(stored) and all(same(rows[i][2 + j], stored[nm][i], XL) for i in range(len(stored))
                                               for j, nm in enumerate(names)), "contrasts: the stored table")
        header, rows = sheet_rows(wb, "成本效果")
        ce = table(f, "comparisons/risk-pool_vs_jiangmen-2025/cost_effectiveness")
        cls = header.index("classification")
        check([r[cls] for r in rows] == [c.decode() for c in ce["classification"]], "cost-effectiveness classes")
        header, rows = sheet_rows(wb, "配对差值随时间")
        ser = table(f, "comparisons/risk-pool_vs_jiangmen-2025/series/net_fiscal_cost")
        mine = [r for r in rows if r[2] == "net_fiscal_cost"]
        di = header.index("cumulative_difference")
        check(len(mine) == len(ser) and all(same(mine[i][di], ser["cumulative_difference"][i], XL) for i in range(len(ser))),
              "paired series as stored")
        header, rows = sheet_rows(wb, "运行记录")
        runs = table(f, "runs")
        check([r[3] for r in rows] == [str(s) for s in runs["seed"]], "runs: 64-bit seeds kept exactly (as text)")

    # --- CSV in English -------------------------------------------------------------------
    cd = os.path.join(d, "cmp-csv")
    p = run(exe, "export", cmpf, "--format", "csv", "--lang", "en", "-o", cd)
    check(p.returncode == 0 and f"in {cd}" in p.stdout, f"export csv: {p.stdout!r} {p.stderr!r}")
    with open(os.path.join(cd, "series.csv"), encoding="utf-8-sig", newline="") as fh:
        raw = fh.read()
    check(raw.startswith("scenario,replication,date"), "csv: English header after the BOM")
    with open(os.path.join(cd, "series.csv"), "rb") as fh:
        check(fh.read(3) == b"\xef\xbb\xbf", "csv: UTF-8 byte order mark for spreadsheet programs")
    rows = list(csv.reader(open(os.path.join(cd, "series.csv"), encoding="utf-8-sig", newline="")))[1:]
    with h5py.File(cmpf, "r") as f:
        x = f["scenarios/risk-pool/metrics/employment"][()]
        t = f["scenarios/risk-pool/time"][()]
        got = {(int(r[1]), float(r[3])): r[6] for r in rows if r[0] == "risk-pool" and r[4] == "employment"}
        check(all(float(got[(r, float(t[k]))]) == x[r, k] for r in range(x.shape[0]) for k in range(x.shape[1])) and
              all(float(r[3]) in set(map(float, t)) for r in rows if r[0] == "risk-pool"),
              "csv: exact numbers (shortest round-trip text)")
        check(rows[1][2] == "2025-02-01", f"csv: ISO dates ({rows[1][2]})")
    p = run(exe, "export", cmpf, "--format", "csv", "-o", cd)
    check(p.returncode == 2 and "--force" in p.stderr, "an existing directory needs --force")
    p = run(exe, "export", cmpf, "--format", "csv", "-o", cd, "--force", "--lang", "zh")
    check(p.returncode == 0, f"--force writes into it: {p.stderr}")
    with open(os.path.join(cd, "headline.csv"), encoding="utf-8-sig") as fh:
        check(fh.readline().startswith("情景,指标,名称"), "csv: Chinese headers")

    # --- a sweep --------------------------------------------------------------------------
    sy = os.path.join(d, "sweep.yaml")
    with open(sy, "w") as fh:
        fh.write("scenario: jiangmen-2025\nset:\n  horizon_years: 2\n  population.firms: 400\nfactors:\n"
                 "  policies.loan_interest_subsidy.rate: {range: [0.1, 0.6], levels: 3}\n"
                 "design: {type: grid}\nreplications: 2\nmetrics: [firms_active, fiscal_spending]\n")
    sf = os.path.join(d, "sweep.h5")
    p = run(exe, "sweep", sy, "-o", sf, "--quiet")
    check(p.returncode == 0, f"sweep: {p.stderr}")
    sx = os.path.join(d, "sweep.xlsx")
    p = run(exe, "export", sf, "--format", "xlsx", "--lang", "en", "-o", sx)
    check(p.returncode == 0, f"export sweep: {p.stderr}")
    wb = openpyxl.load_workbook(sx, read_only=True)
    header, rows = sheet_rows(wb, "sweep results")
    with h5py.File(sf, "r") as f:
        rate = "policies.loan_interest_subsidy.rate"
        check(header[:2] == ["design point", rate], f"sweep columns {header}")
        design = f["sweep/design"][()]
        ok = True
        for r in rows:
            p_, rep, metric, value = int(r[0]), int(r[2]), r[3], r[5]
            ok = ok and same(value, f["sweep/results/" + metric][p_, rep], XL) and same(r[1], design[rate][p_], XL)
        check(ok and len(rows) == 2 * 3 * 2, f"sweep results as stored ({len(rows)} rows)")

    # --- a calibration (innosim calibrate): the estimates, the fit to each target, the check ----
    calf = os.path.join(d, "calib.h5")
    p = run(exe, "calibrate", write(d, "calib.yaml", inputs.calibration()), "-o", calf, "--quiet")
    check(p.returncode == 0, f"calibrate: exit {p.returncode}: {p.stderr[-600:]}")
    with h5py.File(calf, "r") as f:
        params, targets = table(f, "calibration/parameters"), table(f, "calibration/targets")
        checks, attrs = table(f, "calibration/checks"), dict(f["calibration"].attrs)
    ident_zh = {"identified": "可识别", "weakly identified": "弱识别", "not identified": "不可识别"}
    # The estimates' columns, in order.
    EST = {k: i for i, k in enumerate(("parameter", "label", "estimate", "se", "ci95_low", "ci95_high", "identification",
                                       "profile_rise_low", "profile_rise_high", "verdict", "lo", "hi", "scale", "unit",
                                       "synthetic_truth"))}

    def check_estimates(rows, lang, rel):
        """The estimates sheet (xlsx rows or CSV records) against /calibration/parameters."""
        check(len(rows) == len(params) == 2, f"{lang}: a row per parameter ({len(rows)})")
        for r, stored in zip(rows, params):
            key = stored["parameter"].decode()
            check(r[EST["parameter"]] == key, f"{lang}: parameter {r[0]!r} = {key!r}")
            for fld in ("estimate", "se", "ci95_low", "ci95_high", "profile_rise_low", "profile_rise_high", "lo", "hi",
                        "synthetic_truth"):
                check(same(r[EST[fld]], stored[fld], rel), f"{lang} {key} {fld}: {r[EST[fld]]!r} vs {stored[fld]!r}")
            ident = stored["identification"].decode()
            check(r[EST["identification"]] == (ident_zh[ident] if lang == "zh" else ident),
                  f"{lang} {key}: identification {r[EST['identification']]!r}")
            check(r[EST["verdict"]] == stored["verdict"].decode(), f"{lang} {key}: the verdict as stored")
            check(r[EST["scale"]] == ({"zh": "对数", "en": "log"} if stored["log_scale"] else
                                      {"zh": "线性", "en": "linear"})[lang], f"{lang} {key}: scale")

    def check_targets(rows, lang, rel):
        """The targets sheet against /calibration/targets: target, expression, observed, sd, simulated, sd, z, source."""
        check(len(rows) == len(targets) == 3, f"{lang}: a row per target ({len(rows)})")
        for r, stored in zip(rows, targets):
            name = stored["target"].decode()
            check(r[0] == name and r[1] == stored["expression"].decode() and r[10] == stored["source"].decode(),
                  f"{lang}: target {name}: name, expression and source as stored ({r[0]!r}, {r[1]!r}, {r[10]!r})")
            for i, fld in enumerate(("observed", "observed_sd", "simulated", "simulated_sd", "simulated_se",
                                     "total_sd", "residual", "z")):
                check(same(r[2 + i], stored[fld], rel), f"{lang} {name} {fld}: {r[2 + i]!r} vs {stored[fld]!r}")

    # The workbook in Chinese.
    cx = os.path.join(d, "calib.zh.xlsx")
    p = run(exe, "export", calf, "--format", "xlsx", "--lang", "zh", "-o", cx)
    check(p.returncode == 0, f"export calibration xlsx: {p.stderr}")
    wb = openpyxl.load_workbook(cx, read_only=True)
    for title in ("校准参数估计", "校准目标拟合", "校准前检查", "运行记录", "来源"):
        check(title in wb.sheetnames, f"calibration sheet {title} in {wb.sheetnames}")
    header, rows = sheet_rows(wb, "校准参数估计")
    check(header[:3] == ["参数", "名称", "估计值"] and header[3].startswith("标准误") and len(header) == len(EST),
          f"estimates: Chinese headers {header}")
    check(all(isinstance(r[EST["estimate"]], (int, float)) for r in rows), "estimates are numbers")
    check_estimates(rows, "zh", XL)
    header, rows = sheet_rows(wb, "校准目标拟合")
    check(header[0] == "目标" and header[2] == "观测值" and header[9].startswith("z") and header[10] == "数据来源",
          f"targets: Chinese headers {header}")
    check_targets(rows, "zh", XL)
    header, rows = sheet_rows(wb, "校准前检查")
    check(len(rows) == len(checks) and all(
        same(r[1 + i], checks[fld][k], XL) for k, r in enumerate(rows)
        for i, fld in enumerate(("mean", "mean_fresh_seeds", "ergodic_z", "ergodic_ok", "drift", "drift_z",
                                 "stationary_ok"))), "the check before fitting as stored")
    header, rows = sheet_rows(wb, "来源")
    about = {r[0]: r[1] for r in rows}
    check(same(about.get("估计值处的目标函数Q"), attrs["objective"], XL) and
          same(about.get("J统计量"), attrs["j_statistic"], XL) and about.get("校准 SHA-256") ==
          attrs["calibration_sha256"], f"about: the objective, J and the calibration's SHA-256 {about}")
    check(about.get("结果文件") == calf, f"about: the results file as named ({about.get('结果文件')!r})")

    # The CSV files in English, read with pandas: exact numbers.
    cc = os.path.join(d, "calib-csv")
    p = run(exe, "export", calf, "--format", "csv", "--lang", "en", "-o", cc)
    check(p.returncode == 0, f"export calibration csv: {p.stderr}")
    # float_precision="round_trip": pandas' default parser may be off in the last bit.
    est = pd.read_csv(os.path.join(cc, "calibration_estimates.csv"), encoding="utf-8-sig", float_precision="round_trip")
    check(list(est.columns[:3]) == ["parameter", "label", "estimate"] and est.columns[4] == "95 % CI low",
          f"estimates.csv: English headers {list(est.columns)}")
    check_estimates(records(est), "en", 0.0)
    tg = pd.read_csv(os.path.join(cc, "calibration_targets.csv"), encoding="utf-8-sig", float_precision="round_trip")
    check(list(tg.columns[:3]) == ["target", "expression (metric and dates)", "observed"] and
          tg.columns[-1] == "source of the figure", f"targets.csv: English headers {list(tg.columns)}")
    check_targets(records(tg), "en", 0.0)

    # --- bad input ------------------------------------------------------------------------
    for args, what in ((["export", cmpf], "no --format"), (["export", cmpf, "--format", "pdf"], "bad --format"),
                       (["export", "--format", "csv"], "no file"),
                       (["export", os.path.join(d, "none.h5"), "--format", "xlsx"], "missing file"),
                       (["export", cmpf, "--format", "xlsx", "-o", xl], "existing workbook")):
        p = run(exe, *args)
        check(p.returncode == 2, f"{what}: exit 2 ({p.returncode}: {p.stderr.strip()})")
    check(not [fn for fn in os.listdir(d) if ".tmp-" in fn], "no temporary left behind")

finish()

#!/usr/bin/python3
"""End-to-end tests of `innosim report`, in a real browser (Debian's headless
Chromium, driven over the DevTools pipe by browser.py):

- reports of a run file, of a compare file made by `make run`'s scenario
  (jiangmen-2025) and a library variant (risk-pool), of a sweep, of a sweep
  with failed points and of a run whose replications all failed, each in
  Chinese and English;
- in the browser: no console message, no request but the page itself (the
  resolver answers nothing, and every request is logged), every chart's
  SVG present, drawn and named; the Chinese text of both versions rendered
  by a real CJK font (the font Chromium actually used, not the one asked
  for); printing gives A4 pages;
- the failures shown, not hidden; --svg writes every chart as its own SVG
  file; bad input exits 2 and writes nothing.

Screenshots and PDFs are kept in SHOT_DIR so a person can look.

usage: test_report.py INNOSIM_EXE SHOT_DIR
"""
import bisect
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from html import unescape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
import inputs  # noqa: E402
from browser import Browser  # noqa: E402
from cli_common import check, finish, run  # noqa: E402
from inputs import write  # noqa: E402

exe, shots = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
os.makedirs(shots, exist_ok=True)
SMALL = ["--set", "horizon_years=3", "--set", "population.firms=400", "--replications", "4"]
CJK = re.compile(r"[\u4e00-\u9fff]")


def make(d, *args):
    p = run(exe, *args, cwd=d)
    return p


def static_checks(name, html):
    """What the page must not contain to stay self-contained."""
    check("<script" not in html.lower(), f"{name}: no script")
    for bad in ("src=", "url(", "@import", "https://", "<img", "<link", "<iframe", "<object"):
        check(bad not in html, f"{name}: no {bad!r}")
    # The one http:// is the SVG namespace, which is a name, not a request.
    check(set(re.findall(r"http://[^\"' ]+", html)) <= {"http://www.w3.org/2000/svg"}, f"{name}: no http:// URL")
    check("Content-Security-Policy" in html and "default-src 'none'" in html, f"{name}: CSP forbids every fetch")


def pdf_pages(raw):
    """The MediaBox [w, h] of every page of a PDF (Chromium's PDFs keep page dictionaries uncompressed)."""
    return [(float(w), float(h)) for w, h in
            re.findall(rb"/Type\s*/Page\b[^s].*?/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", raw, re.S)]


def split_charts(pdf_path, html, lang):
    """The charts whose caption and source line fall on different pages of the printed PDF (pdftotext,
    Debian's poppler-utils, reads it page by page; whitespace is ignored). Each chart's caption is
    followed, before any other source line, by its own "Source:" line, the figure's last line."""
    txt = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf_path, "-"], capture_output=True, text=True,
                         check=True).stdout
    bounds, flat = [], ""
    for page in txt.split("\f"):
        bounds.append(len(flat))
        flat += re.sub(r"\s+", "", page)
    page_of = lambda off: bisect.bisect_right(bounds, off) - 1
    word = "数据来源：" if lang == "zh" else "Source:"
    captions = [unescape(c) for c in re.findall(r'<figure class="chart"[^>]*><figcaption>(.*?)</figcaption>', html)]
    split, cursor = [], 0
    for cap in captions:
        key = re.sub(r"\s+", "", cap)[:18]
        i = flat.find(key, cursor)
        j = flat.find(word, i + len(key)) if i >= 0 else -1
        if i < 0 or j < 0:
            split.append(f"{cap!r} not found")
            continue
        if page_of(i) != page_of(j):
            split.append(f"{cap!r}: pages {page_of(i) + 1}-{page_of(j) + 1}")
        cursor = j
    return captions, split


with tempfile.TemporaryDirectory() as d:
    # --- the results files ---------------------------------------------------------------
    runf, cmpf = os.path.join(d, "run.h5"), os.path.join(d, "cmp.h5")
    p = make(d, "run", *SMALL, "-o", runf, "--quiet")
    check(p.returncode == 0, f"run: {p.stderr}")
    p = make(d, "compare", "jiangmen-2025", "risk-pool", *SMALL, "-o", cmpf, "--quiet")
    check(p.returncode == 0, f"compare: {p.stderr}")
    sweep_yaml = write(d, "sweep.yaml", inputs.loan_rate_grid(3, ["firms_active", "high_tech_enterprises",
                                                                  "fiscal_spending"]))
    sweepf = os.path.join(d, "sweep.h5")
    p = make(d, "sweep", sweep_yaml, "-o", sweepf, "--quiet")
    check(p.returncode == 0, f"sweep: {p.stderr}")
    bad_yaml = write(d, "bad_sweep.yaml", inputs.failing_grid([0.5, 0]))
    badsweepf = os.path.join(d, "bad_sweep.h5")
    p = make(d, "sweep", bad_yaml, "-o", badsweepf, "--quiet")
    check(p.returncode == 1, f"sweep with failing points exits 1 ({p.returncode})")
    badrunf = os.path.join(d, "bad_run.h5")
    zero_set = [a for s in ("startup", "tech_sme", "high_tech", "gazelle", "unicorn")
                for a in ("--set", f"initial.stage_shares.{s}=0")]
    p = make(d, "run", "--replications", "2", "--set", "horizon_years=2", "--set", "population.firms=400",
             *zero_set, "-o", badrunf, "--quiet")
    check(p.returncode == 1, f"failing run exits 1 ({p.returncode})")

    # A sensitivity analysis of the pool's paired effect (tiny: 32 points, one replication),
    # and a built-in test function (no model runs).
    sa_yaml = write(d, "sa.yaml", inputs.pool_sensitivity(8, 1, 1, ["{metric: high_tech_enterprises, of: effect}",
                                                                    "{metric: fiscal_spending, of: effect}"]))
    saf, ishf = os.path.join(d, "sa.h5"), os.path.join(d, "ishigami.h5")
    p = make(d, "sensitivity", sa_yaml, "-o", saf, "--quiet")
    check(p.returncode == 0, f"sensitivity: {p.stderr}")
    p = make(d, "sensitivity", "--test-function", "ishigami", "--n", "512", "-o", ishf, "--quiet")
    check(p.returncode == 0, f"sensitivity --test-function: {p.stderr}")

    # A calibration (innosim calibrate; small: synthetic targets made at known values).
    cal_yaml = write(d, "calib.yaml", inputs.calibration())
    calf = os.path.join(d, "calib.h5")
    p = make(d, "calibrate", cal_yaml, "-o", calf)
    check(p.returncode == 0, f"calibrate: exit {p.returncode}: {p.stderr[-600:]}")

    # --- the reports ---------------------------------------------------------------------
    pages = []  # (name, path, lang, charts)
    for stem, src in (("run", runf), ("compare", cmpf), ("sweep", sweepf), ("bad_sweep", badsweepf),
                      ("bad_run", badrunf), ("sensitivity", saf), ("ishigami", ishf), ("calibration", calf)):
        for lang in ("zh", "en"):
            out = os.path.join(d, f"{stem}.{lang}.html")
            p = make(d, "report", src, "-o", out, "--lang", lang)
            check(p.returncode == 0, f"report {stem} {lang}: exit {p.returncode}: {p.stderr}")
            check(("报告：" if lang == "zh" else "report: ") + out in p.stdout,
                  f"report {stem} {lang} prints its path: {p.stdout!r}")
            if p.returncode != 0:
                continue
            html = open(out, encoding="utf-8").read()
            static_checks(f"{stem}.{lang}", html)
            check(f'<html lang="{"zh-CN" if lang == "zh" else "en"}">' in html, f"{stem}.{lang}: lang attribute")
            charts = html.count('<figure class="chart"')
            pages.append((f"{stem}.{lang}", out, lang, charts, html))

    by = {name: html for name, _, _, _, html in pages}
    # Sections in the order.
    for name in ("compare.en",):
        h = by[name]
        order = [h.find(f'id="{s}"') for s in ("summary", "outcomes", "differences", "tables", "provenance", "method",
                                                 "glossary")]
        check(all(x > 0 for x in order) and order == sorted(order), f"{name}: sections in order {order}")
    check(by["compare.en"].count('<figure class="chart" id="diff-') >= 10, "compare: a difference chart per metric")
    check("trade-off" in by["compare.en"] or "dominant" in by["compare.en"] or "dominated" in by["compare.en"] or
          "saves money" in by["compare.en"] or "no difference" in by["compare.en"], "compare: a cost-effectiveness class")
    check("/comparisons/risk-pool_vs_jiangmen-2025/cost_effectiveness" in by["compare.en"], "compare: CE table source")
    # The cost is compare's default since session 16: the net fiscal cost's present value at the social
    # discount rate (8 %, docs/model.md 2.6), and the page says at what rate and that outcomes are not
    # discounted.
    check("net_fiscal_cost_pv over the span, net fiscal cost, present value at the social discount rate "
          "(discounted to the start at 8 % a year; outcomes are not discounted)" in by["compare.en"] and
          "按每年8%折现到起始日；成果不折现" in by["compare.zh"],
          "compare: the cost basis and its discount rate under the cost-effectiveness table")
    check("/comparisons/risk-pool_vs_jiangmen-2025/series/" in by["compare.zh"], "compare: series sources")
    for name in ("run.en", "compare.zh"):
        check("SHA-256" in by[name] and "<details>" in by[name], f"{name}: resolved YAML and SHA-256 in provenance")
        check(by[name].count('class="source"') >= by[name].count('<figure class="chart"'),
              f"{name}: a source line under every chart")
    check(by["sweep.en"].count('<figure class="chart" id="sweep-') == 3, "sweep: a chart per factor and metric")
    check("Loan interest subsidy: rate (%)" in by["sweep.en"], "sweep: the factor in its unit")
    # What each factor means, from the schema (English) and the key catalogue (each key's what_zh in its module).
    check("Share of a registered loan&#39;s interest the subsidy pays" in by["sweep.en"].replace("&#x27;", "&#39;")
          and "贴息占备案贷款利息的比例" in by["sweep.zh"], "sweep: what the factor means, in each language")
    # Sensitivity: bars per output, switching values of the policy's effects (Green Book).
    check(by["sensitivity.en"].count('<figure class="chart" id="sens-') == 2, "sensitivity: a bar chart per output")
    check(by["sensitivity.en"].count("Switching values:") == 2 and "转换值" in by["sensitivity.zh"],
          "sensitivity: switching values of each effect")
    check("/sensitivity/outputs/effect.fiscal_spending/means" in by["sensitivity.en"], "switching values' source")
    check("test function" in by["ishigami.en"] and "x1" in by["ishigami.en"] and
          "Switching values" not in by["ishigami.en"], "test function: its note, no switching values")
    # Calibration: the estimates with standard errors, targets against simulated moments, the J test and
    # the identification diagnostics, each number as the file holds it, in both languages.
    import h5py  # noqa: E402
    with h5py.File(calf, "r") as f:
        cal_attrs = dict(f["calibration"].attrs)
        params = f["calibration/parameters"][()]
        targets = f["calibration/targets"][()]
    h_en, h_zh = by["calibration.en"], by["calibration.zh"]
    order = [h_en.find(f'id="{s}"') for s in ("summary", "calibration", "provenance", "method", "glossary")]
    check(all(x > 0 for x in order) and order == sorted(order), f"calibration: sections in order {order}")
    cal_sec = h_en.split('id="calibration"')[1].split('id="provenance"')[0]
    num = lambda x: f"{x:.4g}"
    for row in params:
        key = row["parameter"].decode()
        check(key in cal_sec, f"calibration: parameter {key} in the table")
        for field in ("estimate", "se", "ci95_low", "ci95_high"):
            if row[field] == row[field]:  # not NaN
                check(num(row[field]) in cal_sec.replace(",", ""), f"calibration: {key} {field} {num(row[field])}")
        check(num(row["synthetic_truth"]) in cal_sec, f"calibration: the true value of {key} beside its estimate")
    for row in targets:
        name = row["target"].decode()
        # A z that rounds to zero is printed unsigned ("0.00"), whichever side of 0 it fell (firms_2026 at
        # -0.0047 with the baseline's warm-up).
        z = f"{row['z']:+.2f}"
        z = "0.00" if z in ("+0.00", "-0.00") else z
        check(name in cal_sec and num(row["observed"]) in cal_sec.replace(",", "") and
              num(row["simulated"]) in cal_sec.replace(",", "") and z in cal_sec,
              f"calibration: target {name}: observed, simulated and z")
    j, df, pv = cal_attrs["j_statistic"], int(cal_attrs["j_df"]), cal_attrs["j_p_value"]
    if df > 0:
        m = re.search(r"J = ([-\d.e+]+) on (\d+) degrees of freedom, p = ([-\d.e+]+): the targets (reject|are jointly)",
                      h_en)
        check(bool(m) and abs(float(m.group(1)) - j) <= 5e-3 * abs(j) + 1e-12 and int(m.group(2)) == df and
              abs(float(m.group(3)) - pv) <= 5e-3 * abs(pv) + 1e-12 and (m.group(4) == "reject") == (pv < 0.05),
              f"calibration: the J test as stored (J {j}, df {df}, p {pv}): {m and m.group(0)}")
        check(f"自由度{df}" in h_zh, "calibration (zh): the J test")
    else:
        check("No J test" in h_en, "calibration: exactly identified, no J test")
    check(f"rank {int(cal_attrs['jacobian_rank'])} of 2" in cal_sec, "calibration: the Jacobian's rank")
    check('id="calib-fit"' in cal_sec and "/calibration/targets" in cal_sec and "/calibration/parameters" in cal_sec,
          "calibration: the fit chart and the sources")
    check("calibration_sha256" not in h_en and str(cal_attrs["calibration_sha256"]) in h_en,
          "calibration: its SHA-256 in the provenance")
    check("does not validate it" in h_en and "并不等于验证模型" in h_zh, "calibration: the caveat")
    check("参数估计" in h_zh and "标准误" in h_zh and "观测值" in h_zh and "可识别" in h_zh, "calibration (zh) labels")

    # Failures shown, not hidden.
    check("2 of 4 runs failed" in by["bad_sweep.en"] and "point 1" in by["bad_sweep.en"] and
          "initial.stage_shares must not all be zero" in by["bad_sweep.en"], "bad sweep: the failures shown")
    check("2/4次运行失败" in by["bad_sweep.zh"], "bad sweep (zh): the failures shown")
    check("2 of 2 runs failed" in by["bad_run.en"] and "No successful replication" in by["bad_run.en"],
          "bad run: the failures shown and no empty charts")
    # English has no Chinese outside names and the provenance; Chinese keeps metric keys out of its prose.
    zh_summary = by["compare.zh"].split('id="summary"')[1].split('id="outcomes"')[0]
    # ASCII boundaries, not \b: Python's \w includes CJK, so "\bfirms_active\b" never matches "企业firms_active家".
    check(not re.search(r"(?<![A-Za-z0-9_])(high_tech_enterprises|firms_active|net_fiscal_cost|fiscal_spending)"
                        r"(?![A-Za-z0-9_])", zh_summary),
          "zh summary: no untranslated metric names")

    # --- --svg: every chart on its own ----------------------------------------------------
    svgdir = os.path.join(d, "slides")
    p = make(d, "report", cmpf, "--svg", svgdir, "--lang", "en")
    check(p.returncode == 0, f"report --svg: {p.stderr}")
    files = sorted(os.listdir(svgdir)) if os.path.isdir(svgdir) else []
    check(len(files) == dict((n, c) for n, _, _, c, _ in pages)["compare.en"], f"--svg: one file per chart ({len(files)})")
    check(not os.path.exists(os.path.join(d, "cmp.html")), "--svg alone writes no HTML")
    for fn in files:
        root = ET.parse(os.path.join(svgdir, fn)).getroot()
        ns = "{http://www.w3.org/2000/svg}"
        check(root.tag == ns + "svg" and root.find(ns + "title") is not None and len(list(root)) > 5,
              f"{fn}: a titled, non-empty SVG")
    p = make(d, "report", cmpf, "--svg", svgdir, "--lang", "en")
    check(p.returncode == 2 and "--force" in p.stderr, "--svg refuses to overwrite without --force")

    # --- bad input ------------------------------------------------------------------------
    out = os.path.join(d, "run.en.html")
    before = open(out, "rb").read()
    p = make(d, "report", runf, "-o", out, "--lang", "en")
    check(p.returncode == 2 and "already exists" in p.stderr, f"existing -o refused: {p.returncode} {p.stderr!r}")
    check(open(out, "rb").read() == before, "existing report untouched")
    for args, what in ((["report"], "no file"), (["report", os.path.join(d, "none.h5")], "missing file"),
                       (["report", sweep_yaml], "not HDF5"), (["report", runf, "--lang", "fr"], "bad --lang")):
        p = make(d, *args)
        check(p.returncode == 2, f"{what}: exit 2 ({p.returncode}: {p.stderr.strip()})")
    check(not [f for f in os.listdir(d) if ".tmp-" in f], "no temporary left behind")

    # --- in the browser -------------------------------------------------------------------
    with Browser() as b:
        for name, path, lang, charts, html in pages:
            url = "file://" + path
            page = b.open(url)
            check(page.console == [], f"{name}: no console messages: {page.console[:3]}")
            check(page.requests == [url], f"{name}: no request but the page: {page.requests[:5]}")
            check(page.failed == [], f"{name}: no failed load: {page.failed[:3]}")
            svgs = page.eval("""Array.from(document.querySelectorAll('figure.chart > svg')).map(s => {
                const r = s.getBoundingClientRect(), b = s.getBBox();
                return [r.width, r.height, b.width, b.height, s.querySelectorAll('*').length,
                        (s.querySelector('title') || {}).textContent || ''];
            })""")
            check(len(svgs) == charts, f"{name}: {charts} charts in the page, {len(svgs)} drawn")
            for i, (rw, rh, bw, bh, n, title) in enumerate(svgs):
                check(rw > 100 and rh > 100 and bw > 100 and bh > 100 and n > 10 and title,
                      f"{name}: chart {i} drawn and named ({rw}x{rh}, {n} elements, {title!r})")
            # The Chinese text: in zh the title, in en the scenario's Chinese name in the provenance.
            sel = "h1" if lang == "zh" else "td.other-lang"
            if lang == "zh" or 'class="other-lang"' in html:
                text = page.eval(f"document.querySelector('{sel}').textContent")
                check(bool(CJK.search(text or "")), f"{name}: {sel} holds Chinese ({text!r})")
                fonts = page.fonts(sel)
                cjk = [f for f, g in fonts if "CJK" in f and g > 0]
                check(bool(cjk), f"{name}: Chinese rendered by a CJK font: {fonts}")
                check(not any("LastResort" in f or "Tofu" in f for f, _ in fonts), f"{name}: no missing glyphs {fonts}")
            page.screenshot(os.path.join(shots, f"{name}.png"))
            if name in ("compare.zh", "compare.en", "sweep.en", "calibration.zh", "calibration.en"):
                pdf = os.path.join(shots, f"{name}.pdf")
                raw = page.pdf(pdf)
                sizes = pdf_pages(raw)
                check(len(sizes) >= 4, f"{name}: printed to {len(sizes)} pages")
                check(all(abs(w - 595.3) < 2 and abs(h - 841.9) < 2 for w, h in sizes), f"{name}: A4 pages {set(sizes)}")
                # No chart split across two pages (print CSS: break-inside: avoid on every figure).
                caps, split = split_charts(pdf, html, lang)
                check(len(caps) == charts and not split, f"{name}: {len(caps)} charts, split or lost in print: {split}")
            page.close()

finish()

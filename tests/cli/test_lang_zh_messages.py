#!/usr/bin/python3
"""`--lang zh` for the messages test_lang_zh.py does not reach (issue 15 point 6,
the lead's list): the resource check, writing and reading results files,
report and export, compare's refusal of other calendars, calibrate (its plan,
progress, printed report and errors), verify, schema and show-scenario,
sweep/sensitivity/discover/inspect errors. Each command is run with
`--lang zh`; its stdout and stderr must hold Chinese and no English word once
what is not prose is taken out (paths, numbers, metric and scenario keys,
option names, quoted user text, proper names: cli_common.english_words), and
the exit status is the one the English run has. Each case also runs with
`--lang en` and must hold no Chinese there: the English text is unchanged.

usage: test_lang_zh_messages.py INNOSIM_EXE
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import inputs
from cli_common import SMALL, check, english_words, finish

exe = os.path.abspath(sys.argv[1])
CJK = re.compile(r"[\u4e00-\u9fff]")
# Words that are names in these messages: programs, formats, libraries, option values, the M/M/c symbols,
# keys of the calibration file and the YAML keys a message names.
NAMES = {"mpirun", "xlsx", "html", "yaml", "mmc", "HDF5", "Omega", "Sigma_obs", "Sigma_sim", "diagonal", "full",
         "synthetic", "truth", "weighting", "lambda", "lambda_obs", "Little", "Jacobian", "warmup", "horizon",
         "replications", "seed", "servers", "verify", "schema", "show", "scenario", "report", "export", "inspect",
         "discover", "calibrate", "sensitivity", "sweep", "compare", "validate", "run", "help", "name", "extends",
         "start_year", "horizon_years", "outputs", "sampling", "format", "none", "bobyqa", "cobyla", "sqrt", "pool",
         # the scenario keys' descriptions: distributions and the authors they cite
         "Beta", "Bottazzi", "Secchi", "Cowan", "Drexler", "Yanez", "Hall", "Mairesse", "Mohnen", "Chen"}


def run(*args, cwd=None, env_extra=None, timeout=600):
    e = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
    e.pop("LC_MESSAGES", None)
    if env_extra:
        e.update(env_extra)
    return subprocess.run([exe, *args], capture_output=True, text=True, env=e, cwd=cwd, timeout=timeout)


def units_clean(text, label):
    """No number a deputy must count the digits of: no exponent, no 1e8 yuan written out (a run of eight or
    more digits, commas and all, that is not part of a path, a seed or a git revision)."""
    # The VRF column is a ratio of variances: it prints "> 1,000×" beyond 1,000 (not 7,867,614), so it is
    # checked like any other cell.
    lines = text.splitlines()
    body = re.sub(r"\S*/\S*", " ", "\n".join(lines))  # paths
    body = re.sub(r"(随机种子|seed)\s*\d+", " ", body)
    check(not re.search(r"\d\.?\d*e[+-]\d+", body), f"{label}: exponent notation: {body[-1500:]}")
    # ASCII neighbours: Python's \w includes CJK, so "支出1,234,567,890元" would hide behind \w.
    long_runs = re.findall(r"(?<![A-Za-z0-9_.])\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?(?![A-Za-z0-9_])|"
                           r"(?<![A-Za-z0-9_.])\d{8,}(?![A-Za-z0-9_])", body)
    check(not long_runs, f"{label}: unscaled large numbers {long_runs[:5]}: {body[-1500:]}")


def names_out(text):
    text = re.sub(r"\S+=\S+", " ", text)  # dotted.path=value
    # Whole words only: "pool" is a group's name, "risk-pool" a scenario's and "institutions.banks" a key's
    # (cli_common takes those out).
    return re.sub(r"(?<![A-Za-z_.-])(" + "|".join(sorted(map(re.escape, NAMES), key=len, reverse=True)) +
                  r")(?![A-Za-z_.-])", " ", text)


# A full-disk message names the metric whose summary it could not write, and which one depends on where
# the disk fills (the file's layout: session 15's two new metrics moved it onto "prototypes", a metric's
# name, which has no underscore to mark it as one).
NAMES |= {"prototypes"}
# The scenario's top-level keys and sections (a message lists them: "顶层分组：population, outputs, ...").
NAMES |= set(re.findall(r"^([a-z_]+):", run("show-scenario", "jiangmen-2025").stdout, flags=re.M))

with tempfile.TemporaryDirectory() as d:
    def both(label, args, code, want=(), cwd=None, en=True):
        """Runs `args` with --lang zh and --lang en: the same exit status `code`; zh all Chinese (and each of
        `want` in it), en without Chinese. Returns the zh process. en=False: the English run is another
        test's (a long job whose English output cli.calibrate, cli.sweep or cli.sensitivity check)."""
        pz = run(*args, "--lang", "zh", cwd=cwd)
        pe = run(*args, "--lang", "en", cwd=cwd) if en else subprocess.CompletedProcess(args, code, "", "")
        text = pz.stdout + pz.stderr
        check(pz.returncode == code, f"{label} (zh): exit {pz.returncode}, expected {code}: {text[-600:]}")
        check(pe.returncode == code, f"{label} (en): exit {pe.returncode}, expected {code}: {(pe.stdout + pe.stderr)[-600:]}")
        check(CJK.search(text) is not None, f"{label} (zh): no Chinese in {text[-400:]!r}")
        left = english_words(names_out(text), d)
        check(not left, f"{label} (zh): English words left: {sorted(left)}\n{text[-2500:]}")
        check(not CJK.search(pe.stdout + pe.stderr), f"{label} (en): Chinese in the English text: {pe.stderr[-300:]!r}")
        for w in want:
            check(w in text, f"{label} (zh): {w!r} in {text[-1500:]!r}")
        return pz

    out = os.path.join(d, "never.h5")

    # --- the resource check: memory (and disk on a small tmpfs when we may mount one) -----------------
    # warmup_years 0: the 50 simulated years are the horizon (the baseline warms up 5 years, and 55 are refused)
    huge = ["--set", "population.firms=1000", "--set", "firms.entry_rate_per_year=1e7", "--set", "horizon_years=50",
            "--set", "warmup_years=0"]
    both("run, memory refused", ["run", "no-policy", *huge, "--replications", "1", "-o", out, "--quiet"], 2,
         want=("内存", "--skip-resource-check"))
    both("run, population x --jobs refused", ["run", "no-policy", "--set", "population.firms=10000000", "--jobs", "64",
                                              "-o", out, "--quiet"], 2, want=("--jobs 下同时运行64次",))
    check(not os.path.exists(out), "nothing written")
    small = os.path.join(d, "small")
    os.mkdir(small)
    if os.geteuid() == 0 and shutil.which("unshare") and subprocess.run(
            ["unshare", "-m", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {small}"], capture_output=True).returncode == 0:
        def in_small(*args):
            script = f"mount -t tmpfs -o size=256k tmpfs {small} && \"$0\" \"$@\""
            return subprocess.run(["unshare", "-m", "sh", "-c", script, exe, *args], capture_output=True, text=True,
                                  timeout=300, env=dict(os.environ, LC_ALL="C.UTF-8"))
        args = ["run", "no-policy", "--set", "population.firms=300", "--set", "horizon_years=2", "--replications",
                "400", "-o", os.path.join(small, "x.h5"), "--quiet"]
        for extra, code, want in (([], 2, "可用空间"), (["--skip-resource-check"], 1, "设备上没有剩余空间")):
            p = in_small(*args, *extra, "--lang", "zh")
            left = english_words(names_out(p.stderr), d)
            check(p.returncode == code and want in p.stderr and not left,
                  f"a full disk {extra} (zh): exit {p.returncode}, {want!r}, English words {sorted(left)}: {p.stderr!r}")
    else:
        print("no tmpfs here (not root, or no unshare): the full-disk messages are not tested", flush=True)

    # --- output files that cannot be written -----------------------------------------------------------
    os.symlink(os.path.join(d, "nowhere", "x.h5"), os.path.join(d, "dangling.h5"))
    os.mkfifo(os.path.join(d, "fifo.h5"))
    os.mkdir(os.path.join(d, "dir.h5"))
    for name, want in (("dangling.h5", "失效的符号链接"), ("fifo.h5", "命名管道"), ("dir.h5", "是一个目录"),
                       (os.path.join("missing", "x.h5"), "不存在")):
        both(f"run -o {name} --force", ["run", "jiangmen-2025", *SMALL, "-o", os.path.join(d, name), "--force"], 2,
             want=(want,))

    # --- results files: run, compare (refusal and the table), then report, export, inspect ----------------
    runf = os.path.join(d, "run.h5")
    both("run", ["run", "jiangmen-2025", *SMALL, "--replications", "2", "-o", runf, "--force"], 0, want=("结果文件：",))
    cmpf = os.path.join(d, "cmp.h5")
    both("compare", ["compare", "jiangmen-2025", "risk-pool", *SMALL, "--replications", "2", "-o", cmpf, "--force"], 0)
    three = os.path.join(d, "three.yaml")
    with open(three, "w") as f:
        f.write("name: three\nextends: risk-pool\nhorizon_years: 3\nstart_year: 2026\n")
    p = both("compare, other calendar", ["compare", "jiangmen-2025", three, "--set", "population.firms=300",
                                         "-o", out], 2, want=("无法把“three”与基准情景", "它始于2026年", "它运行3年"))
    check("；" in p.stderr, f"the reasons are joined in Chinese: {p.stderr!r}")
    not_h5 = os.path.join(d, "not.h5")
    with open(not_h5, "w") as f:
        f.write("plain text\n")
    for cmd, extra in (("report", []), ("export", ["--format", "csv"]), ("inspect", []), ("inspect", ["--summary"])):
        both(f"{cmd} of a text file", [cmd, not_h5, *extra], 2, want=("不是HDF5文件",))
        both(f"{cmd} of a directory", [cmd, os.path.join(d, "dir.h5"), *extra], 2, want=("是一个目录",))
        both(f"{cmd} of no file", [cmd, os.path.join(d, "gone.h5"), *extra], 2, want=("没有这个文件",))
    both("export without --format", ["export", cmpf], 2, want=("--format csv",))
    both("export --format pdf", ["export", cmpf, "--format", "pdf"], 2, want=("--format 只能是",))
    both("report with no file", ["report"], 2, want=("没有给出结果文件",))
    rep = os.path.join(d, "cmp.html")
    p = both("report", ["report", cmpf, "-o", rep, "--svg", os.path.join(d, "svg"), "--force"], 0,
             want=("报告：", "个SVG文件"))
    csvdir = os.path.join(d, "csv")
    both("export csv", ["export", cmpf, "--format", "csv", "-o", csvdir, "--force"], 0, want=("个CSV文件",))
    both("export csv again", ["export", cmpf, "--format", "csv", "-o", csvdir], 2, want=("输出目录",))
    both("export xlsx", ["export", cmpf, "--format", "xlsx", "-o", os.path.join(d, "cmp.xlsx"), "--force"], 0,
         want=("工作簿：",))
    both("inspect --summary", ["inspect", cmpf, "--summary"], 0)
    both("inspect --summary, unknown metric", ["inspect", cmpf, "--summary", "--metrics", "firms_alive"], 2,
         want=("未知指标",))
    both("run --metrics, unknown metric", ["run", "jiangmen-2025", *SMALL, "--metrics", "firms_alive", "-o", out], 2,
         want=("未知指标",))

    # --- verify, schema, show-scenario ----------------------------------------------------------------
    both("verify mmc", ["verify", "mmc", "--horizon", "2000", "--warmup", "200", "--replications", "4"], 0,
         want=("理论值", "利用率"))
    both("verify, unknown", ["verify", "mm1"], 2, want=("未知的检验",))
    both("verify, no subcommand", ["verify"], 2, want=("用法",))
    both("show-scenario, two names", ["show-scenario", "a", "b"], 2, want=("需要一个情景",))
    both("show-scenario, unknown", ["show-scenario", "no-such"], 2, want=("没有这个文件",))
    # schema's reference: the frame, types, units, every key group's label and description and every key's own
    # description in Chinese (its what_zh in its module's bind_keys), in text and in Markdown; English unchanged.
    pool_key = "资金池对纳入补偿的贷款本金损失的补偿比例（江门邑科贷：30%–40%）。"
    for args in (["schema"], ["schema", "risk_compensation_pool"], ["schema", "--markdown"]):
        p = run(*args, "--lang", "zh")
        pe = run(*args, "--lang", "en")
        md = "--markdown" in args
        check(p.returncode == 0 and pe.returncode == 0 and pool_key in p.stdout and "风险补偿资金池" in p.stdout
              and ("| 键 | 类型 | 默认值 | 单位 | 范围 | 含义 |" in p.stdout and "## 情景库" in p.stdout if md else
                   "：（分组）" in p.stdout and ":  (section)" in pe.stdout and "（分组）" not in pe.stdout)
              and pe.stdout.startswith("# Scenario files" if md else "Scenario keys")
              and not any(w in pe.stdout for w in (pool_key, "情景文件", "| 键 |", "开启或关闭该政策工具")),
              f"{' '.join(args)} --lang zh: {p.stdout[:600]}")
        frame, fenced = [], False
        for line in p.stdout.splitlines():
            if md:
                if line.startswith("```"):
                    fenced = not fenced
                if fenced or line.startswith("```"):
                    continue  # the guide's YAML examples are scenario text
                cells = line.split(" | ")
                if line.startswith("| `") and len(cells) == 6:  # a key's row: path, default, range are names
                    line = " ".join([cells[1], cells[3], cells[5]])
                frame.append(line)
                continue
            if line.startswith("  ") and not line.startswith("   "):
                # the key path, its default and its choices are what a scenario says: names
                line = re.sub(r"默认值 [^，]*|可选：[^，]*", " ", line.split("  ", 2)[-1])
            frame.append(line)
        if md:  # a key's row: | `path` | type | `default` | unit | range | meaning |
            rows = [line.split(" | ") for line in p.stdout.splitlines() if line.startswith("| `")]
            untranslated = sorted({r[3] for r in rows if len(r) == 6 and re.search(r"[A-Za-z]", r[3])})
        else:
            untranslated = sorted(set(re.findall(r"单位：([^\n，]*[A-Za-z][^\n，]*)$", p.stdout, flags=re.M)))
        check(not untranslated, f"{' '.join(args)} --lang zh: units without Chinese (schema_unit_zh, "
                                f"app/cmd_scenario.cpp): {untranslated}")
        left = english_words(names_out("\n".join(frame)), d)
        check(not left, f"{' '.join(args)} --lang zh: English words left (a key's description: "
                        f"its what_zh in its module's bind_keys): {sorted(left)[:20]}")
        if not md:  # every key's description line is Chinese
            lines = p.stdout.splitlines()
            bare = [lines[i].split()[0] for i in range(len(lines) - 1) if lines[i].startswith("  ")
                    and not lines[i].startswith("   ") and not CJK.search(lines[i + 1])]
            check(not bare, f"{' '.join(args)} --lang zh: keys whose description is not Chinese: {bare[:10]}")
    both("schema, no match", ["schema", "nothing_like_this"], 2, want=("没有情景键",))
    both("schema --markdown PATTERN", ["schema", "--markdown", "rate"], 2, want=("--markdown",))

    # --- sweep, sensitivity, discover: options and files refused -----------------------------------------
    both("sweep, no file", ["sweep"], 2, want=("没有给出扫描文件",))
    both("sweep --resume without -o", ["sweep", os.path.join(d, "x.yaml"), "--resume"], 2, want=("--resume 需要 -o",))
    both("sensitivity, both", ["sensitivity", os.path.join(d, "x.yaml"), "--test-function", "ishigami"], 2,
         want=("不要两者都给",))
    both("sensitivity, unknown test function", ["sensitivity", "--test-function", "sine"], 2, want=("未知的测试函数",))
    both("discover, no outcome", ["discover", cmpf], 2, want=("--outcome",))
    both("discover of a comparison", ["discover", cmpf, "--outcome", "high_tech_enterprises", "--threshold", "1"], 2,
         want=("既没有参数扫描",))

    # --- calibrate: the plan, the progress, the printed report and an error ------------------------------------
    calib = os.path.join(d, "calib.yaml")
    with open(calib, "w") as f:
        f.write(inputs.calibration(extra_targets='  - {name: loans_2026, expr: "stock(tech_loans_outstanding, '
                                                 '2026-12-31)", sd: 1.0e+8, source: synthetic}\n'
                                                 '  - {name: growth_2026, expr: "growth(firms_active, 2025-12-31, '
                                                 '2026-12-31)", sd: 0.01, source: synthetic}\n'))
    both("calibrate --estimate", ["calibrate", calib, "--estimate"], 0, want=("在参数范围中心运行一次用时",), cwd=d)
    p = both("calibrate", ["calibrate", calib, "-o", os.path.join(d, "cal.h5"), "--force", "--jobs", "2"], 0,
             want=("可识别性", "J检验", "目标函数", "校准后的情景："), cwd=d, en=False)
    # Units in its tables too: the loans target in 亿元, the growth target in per cent.
    check(re.search(r"^loans_2026\s+[\d.]+亿\s+[\d.]+亿\s+[\d.]+亿.*元$", p.stdout, re.M) and
          re.search(r"^growth_2026\s.*%$", p.stdout, re.M), f"calibrate (zh): targets in 亿元 and %: {p.stdout}")
    units_clean(p.stdout, "calibrate (zh)")
    both("calibrate --name", ["calibrate", calib, "--name", "-x", "-o", out], 2, want=("--name 只能",))

    # --- units in every zh table (GB/T 15835: 万元/亿元; 百分点 for changes of rates) ------------------------
    swf = os.path.join(d, "units-sweep.yaml")
    with open(swf, "w") as f:
        f.write("scenario: jiangmen-2025\nset:\n  horizon_years: 2\n  population.firms: 300\nfactors:\n"
                "  policies.loan_interest_subsidy.rate: {range: [0.1, 0.6], levels: 3}\ndesign: {type: grid}\n"
                "replications: 2\nreference: 0\nmetrics: [net_fiscal_cost, mean_interest_cost, tech_loans_outstanding]\n")
    swh = os.path.join(d, "units-sweep.h5")
    p = both("sweep (units)", ["sweep", swf, "-o", swh, "--force"], 0, want=("亿", "%/年（差值：百分点/年）"), en=False)
    units_clean(p.stdout, "sweep (zh)")
    p = both("inspect --summary of the sweep", ["inspect", swh, "--summary"], 0, want=("亿", "百分点"))
    units_clean(p.stdout, "inspect --summary of the sweep (zh)")
    for method, want in (("{type: sobol, n: 8}", ("（百分点/年）", "均值", "亿元")),
                         ("{type: morris, trajectories: 4, levels: 4}", ("（百分点/年）", "效应单位：", "万元"))):
        saf = os.path.join(d, "units-sa.yaml")
        with open(saf, "w") as f:
            f.write("scenario: jiangmen-2025\npolicy: risk-pool\nset:\n  horizon_years: 2\n  population.firms: 300\n"
                    "factors:\n  policies.loan_interest_subsidy.rate: {range: [0.1, 0.6]}\n"
                    "  policies.risk_compensation_pool.coverage_share: {range: [0.2, 0.8], group: pool}\n"
                    f"method: {method}\nreplications: 2\nseed: 5\noutputs:\n  - {{metric: net_fiscal_cost}}\n"
                    "  - {metric: mean_interest_cost, of: effect}\nbootstrap: {resamples: 200}\n")
        sah = os.path.join(d, "units-sa.h5")
        p = both(f"sensitivity {method} (units)", ["sensitivity", saf, "-o", sah, "--force"], 0, want=want, en=False)
        units_clean(p.stdout, f"sensitivity {method} (zh)")
        check(not re.search(r"\d %", p.stdout), f"sensitivity (zh): per cent without a space: {p.stdout}")
        p = both(f"inspect --summary of sensitivity {method}", ["inspect", sah, "--summary"], 0, want=("（百分点/年）",))
        units_clean(p.stdout, f"inspect --summary of sensitivity {method} (zh)")
    for cmd, f in (("run", runf), ("compare", cmpf)):
        p = run("inspect", f, "--summary", "--lang", "zh")
        check("亿" in p.stdout, f"inspect --summary of the {cmd} (zh): 亿元")
        units_clean(p.stdout, f"inspect --summary of the {cmd} (zh)")
    html = open(rep, encoding="utf-8").read() if os.path.exists(rep) else ""
    zh_rep = os.path.join(d, "cmp.zh.html")
    p = run("report", cmpf, "-o", zh_rep, "--force", "--lang", "zh")
    html = open(zh_rep, encoding="utf-8").read() if p.returncode == 0 else ""
    check("亿元" in html and "万元" in html, "report (zh): money in 亿元/万元")
    units_clean(re.sub(r"<[^>]+>", " ", html.split("<svg")[0]), "report (zh), before its charts")

finish()

#!/usr/bin/python3
"""`--lang zh` (or a Chinese locale) for everything a user reads, not only
the tables (issue 15 point 6): progress lines, warnings, error messages and
--help come from the zh/en catalogue (experiments/labels.hpp).

- run, compare, sweep and inspect --summary with --lang zh: stdout and
  stderr (progress lines, the sweep's cost estimate) hold Chinese and no
  English word once what is not prose is taken out (paths, the temporary
  directory's name, numbers, file names, metric and scenario keys, option
  names, quoted user text, proper names: cli_common.english_words).
- Bad scenario files: each problem still names file:line:column, the exit
  status is 2, and the message is Chinese (an unknown key with its
  suggestion, a non-number, a duplicate key, a quoted number, a value out of
  range, a YAML syntax error), from validate and from run; a bad sweep file
  (unknown key, empty range, design, replications, metric); a bad --set; a
  bad option; an existing -o file.
- `--help --lang zh` of every command and `innosim help --lang zh`; a
  Chinese locale (LC_ALL=zh_CN.UTF-8) without --lang does the same; with
  --lang en (or the C locale) every message stays as it was.

usage: test_lang_zh.py INNOSIM_EXE
"""
import os
import re
import subprocess
import sys
import tempfile

from cli_common import SMALL, check, english_words, finish

exe = os.path.abspath(sys.argv[1])
SCN = "jiangmen-2025"
CJK = re.compile(r"[\u4e00-\u9fff]")
COMMANDS = ["run", "compare", "sweep", "sensitivity", "discover", "calibrate", "check-seed", "validate", "scenarios",
            "show-scenario", "schema", "inspect", "report", "export"]


def run(*args, env=None, cwd=None):
    e = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8") if env is None else env
    e.pop("LC_MESSAGES", None)
    return subprocess.run([exe, *args], capture_output=True, text=True, env=e, cwd=cwd, timeout=300)


# Words that are names, not prose: the commands, formats and programs named in the text, and every
# scenario key (a message names the key it is about: "seed：-1超出范围").
NAMES = set(COMMANDS) | {"help", "verify", "version", "show", "scenario", "mpirun", "xlsx", "html", "yaml", "mmc"}
KEYS = set(re.findall(r"^\s*([a-z_]+):", run("show-scenario", SCN).stdout, flags=re.M))


def alternation(words):
    return "|".join(sorted(words, key=len, reverse=True))


def prose(text):
    """`text` without assignments (dotted.path=value), git revisions, the names above, and a scenario key
    where a message names it ("seed：-1超出范围")."""
    text = re.sub(r"\S+=\S+", " ", text)
    text = re.sub(r"[a-z_]+(\.[a-z_]+)+", " ", text)  # dotted keys, whole
    text = re.sub(r"(?<![A-Za-z0-9])[0-9a-f]{7,40}(?![A-Za-z0-9])", " ", text)  # ASCII bounds: \w includes CJK
    text = re.sub(r"(?<![A-Za-z_])(" + alternation(NAMES) + r")(?![A-Za-z_])", " ", text)
    return re.sub(r"(?<![A-Za-z_])(" + alternation(KEYS) + r")(?=[：:])", " ", text)


with tempfile.TemporaryDirectory() as d:
    def chinese(text, label, exit_code=None, p=None):
        if p is not None and exit_code is not None:
            check(p.returncode == exit_code, f"{label}: exit {p.returncode}, expected {exit_code}: {p.stderr[-400:]}")
        check(CJK.search(text) is not None, f"{label}: no Chinese in {text[-300:]!r}")
        left = english_words(prose(text), d)
        check(not left, f"{label}: English words left: {sorted(left)}\n{text[-1500:]}")

    # --- the main commands, stdout and stderr -------------------------------------------------
    out = os.path.join(d, "run.h5")
    p = run("run", SCN, *SMALL, "--replications", "2", "-o", out, "--lang", "zh")
    chinese(p.stdout + p.stderr, "run --lang zh", 0, p)
    check("已完成2/2次运行（100%）" in p.stderr, f"run: the progress line in Chinese: {p.stderr!r}")
    p = run("compare", SCN, "risk-pool", *SMALL, "--replications", "2", "-o", os.path.join(d, "cmp.h5"), "--lang", "zh")
    chinese(p.stdout + p.stderr, "compare --lang zh", 0, p)
    with open(os.path.join(d, "sweep.yaml"), "w") as f:
        f.write("scenario: jiangmen-2025\nset:\n  horizon_years: 2\n  population.firms: 400\nfactors:\n"
                "  policies.loan_interest_subsidy.rate: {range: [0.1, 0.6], levels: 3}\ndesign: {type: grid}\n"
                "replications: 2\nmetrics: [high_tech_enterprises, fiscal_spending]\n")
    p = run("sweep", os.path.join(d, "sweep.yaml"), "-o", os.path.join(d, "sweep.h5"), "--lang", "zh")
    chinese(p.stdout + p.stderr, "sweep --lang zh", 0, p)
    check("耗时估计" in p.stderr and "网格设计，3个设计点 × 每点2次重复" in p.stderr, f"sweep: its plan in Chinese: {p.stderr!r}")
    p = run("inspect", out, "--summary", "--lang", "zh")
    chinese(p.stdout + p.stderr, "inspect --summary --lang zh", 0, p)
    p = run("scenarios", "--lang", "zh")
    chinese(p.stdout, "scenarios --lang zh", 0, p)

    # --- errors: file:line:column kept, exit 2, Chinese ----------------------------------------
    bad = os.path.join(d, "bad.yaml")
    with open(bad, "w") as f:
        f.write("name: my-test\nextends: jiangmen-2025\nhorizon_years: ten\npolices:\n  loan_interest_subsidy:\n"
                "    rate: 0.5\n")
    bad3 = os.path.join(d, "bad3.yaml")
    with open(bad3, "w") as f:
        f.write("name: t3\nhorizon_years: 3\nhorizon_years: 4\nreplications: \"4\"\nseed: -1\noutputs:\n"
                "  panel: maybe\n")
    bad2 = os.path.join(d, "bad2.yaml")
    with open(bad2, "w") as f:
        f.write("name: t2\nhorizon_years: 3\n  population: [\n")
    expect = {bad: [(3, 16, "应为数字"), (4, 1, "未知的键")], bad2: [(3, 13, "YAML语法错误")],
              bad3: [(3, 1, "重复的键"), (4, 15, "请去掉引号"), (5, 7, "超出范围"), (7, 10, "应为 true 或 false")]}
    for path, problems in expect.items():
        for cmd in ("validate", "run"):
            p = run(cmd, path, "--lang", "zh", *(["-o", os.path.join(d, "never.h5")] if cmd == "run" else []))
            label = f"{cmd} {os.path.basename(path)} --lang zh"
            chinese(p.stderr, label, 2, p)
            for line, column, words in problems:
                check(re.search(re.escape(f"{path}:{line}:{column}: ") + r".*" + re.escape(words), p.stderr),
                      f"{label}: {path}:{line}:{column} with {words!r} in {p.stderr!r}")
            check(not os.path.exists(os.path.join(d, "never.h5")), f"{label}: nothing written")
    p = run("validate", bad, "--lang", "zh")
    check("（是否应为“policies”？）" in p.stderr, f"the suggestion translated: {p.stderr!r}")
    badsw = os.path.join(d, "badsw.yaml")
    with open(badsw, "w") as f:
        f.write("scenario: jiangmen-2025\nfactors:\n  policies.loan_interest_subsidy.rat: {range: [0.1, 0.6]}\n"
                "  policies.loan_interest_subsidy.rate: {range: [0.3, 0.1]}\ndesign: {type: grd}\nreplications: 0\n"
                "metrics: [firms_alive]\n")
    p = run("sweep", badsw, "--lang", "zh", "-o", os.path.join(d, "never.h5"))
    chinese(p.stderr, "sweep of a bad sweep file --lang zh", 2, p)
    for line, column in ((3, 3), (4, 48), (5, 16), (6, 15), (7, 11)):
        check(f"{badsw}:{line}:{column}: " in p.stderr, f"bad sweep file: {line}:{column} named: {p.stderr!r}")
    for args, label in ((["run", SCN, "--set", "horizon_years=x", "--lang", "zh"], "a bad --set"),
                        (["run", SCN, "--bogus", "--lang", "zh"], "an unknown option"),
                        (["run", SCN, "--replications", "x", "--lang", "zh"], "a bad option value"),
                        (["run", SCN, "-o", out, "--lang", "zh"], "an existing -o file"),
                        (["run", "no-such-scenario", "--lang", "zh"], "no such scenario"),
                        (["frobnicate", "--lang", "zh"], "an unknown command")):
        p = run(*args)
        chinese(p.stderr, label, 2, p)
    p = run("run", SCN, "--set", "horizon_years=x", "--lang", "zh")
    check("<--set>:1:15: horizon_years：应为数字" in p.stderr, f"--set keeps its place: {p.stderr!r}")

    # --- --help of every command ----------------------------------------------------------------
    for cmd in COMMANDS:
        p = run(cmd, "--help", "--lang", "zh")
        chinese(p.stdout, f"{cmd} --help --lang zh", 0, p)
        check("--lang" in p.stdout, f"{cmd} --help lists --lang")
    p = run("verify", "mmc", "--help", "--lang", "zh")
    chinese(p.stdout, "verify mmc --help --lang zh", 0, p)
    p = run("help", "--lang", "zh")
    chinese(p.stdout, "help --lang zh", 0, p)
    p = run("help", "run", "--lang", "zh")
    check(p.stdout == run("run", "--help", "--lang", "zh").stdout, "help run --lang zh = run --help --lang zh")

    # --- the locale chooses, --lang overrides, English stays English ----------------------------
    zh_env = dict(os.environ, LC_ALL="zh_CN.UTF-8")
    p = run("run", "--help", env=zh_env)
    chinese(p.stdout, "run --help under LC_ALL=zh_CN.UTF-8", 0, p)
    p = run("validate", bad, env=zh_env)
    chinese(p.stderr, "validate under LC_ALL=zh_CN.UTF-8", 2, p)
    p = run("validate", bad, "--lang", "en", env=zh_env)
    check(p.returncode == 2 and "unknown key 'polices' (did you mean 'policies'?)" in p.stderr
          and not CJK.search(p.stderr), f"--lang en overrides the locale: {p.stderr!r}")
    p = run("validate", bad)
    check(p.stderr == f"{bad}:3:16: horizon_years: expected a number, got \"ten\"\n"
                      f"{bad}:4:1: unknown key 'polices' (did you mean 'policies'?)\n", f"English as before: {p.stderr!r}")
    p = run("run", "--help")
    check(p.stdout.startswith("innosim run [SCENARIO] [options]") and not CJK.search(p.stdout), "English help as before")
    p = run("run", SCN, "--lang", "fr")
    check(p.returncode == 2 and "--lang" in p.stderr, f"--lang fr: exit 2 ({p.stderr!r})")

finish()

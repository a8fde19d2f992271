#!/usr/bin/python3
"""The inert-parameter check end to end (issue 15 point 4): a --set path, a
key a scenario file sets or a sweep factor whose instrument is off (switched off, without budget, active
only outside the run) is named, in validate, run --set, compare --set and
sweep (which refuses unless --allow-inert). The pool's coverage is inert in
no-risk-pool (the pool in force is switched off) and not in the baseline or
risk-pool (it is on).

usage: test_inert.py INNOSIM_EXE
"""
import os
import re
import sys
import tempfile

from cli_common import check, finish, run

exe = os.path.abspath(sys.argv[1])
COVER = "policies.risk_compensation_pool.coverage_share"
SMALL = ["--replications", "1", "--set", "population.firms=200", "--set", "horizon_years=2"]

# validate
p = run(exe, "validate", "no-risk-pool", "--set", f"{COVER}=0.4")
check(p.returncode == 0 and "no-risk-pool: ok" in p.stdout, f"validate: valid ({p.returncode})")
check(f"--set {COVER} has no effect" in p.stderr and "policies.risk_compensation_pool.enabled = false" in p.stderr,
      f"validate warns on the baseline: {p.stderr!r}")
p = run(exe, "validate", "risk-pool", "--set", f"{COVER}=0.4")
check(p.returncode == 0 and p.stderr == "", f"validate: no warning in risk-pool ({p.stderr!r})")
p = run(exe, "validate", "jiangmen-2025", "--set", "policies.loan_interest_subsidy.budget_yuan=0",
        "--set", "policies.loan_interest_subsidy.rate=0.5")
check("policies.loan_interest_subsidy.rate has no effect" in p.stderr and "is 0, as it is in every year" in p.stderr,
      f"a zero budget: {p.stderr!r}")
p = run(exe, "validate", "risk-pool", "--set", "policies.risk_compensation_pool.start_year=2040",
        "--set", "policies.risk_compensation_pool.end_year=2045", "--set", f"{COVER}=0.4")
check(f"--set {COVER} has no effect" in p.stderr and "active only in 2040-2045, outside the run (2025-2034)" in p.stderr,
      f"a window outside the run: {p.stderr!r}")
check("end_year has no effect" not in p.stderr and "start_year has no effect" not in p.stderr,
      "the window's own years are not inert")
p = run(exe, "validate", "no-risk-pool", "--set", f"{COVER}=0.4", "--lang", "zh")
check("不起作用" in p.stderr and "风险补偿资金池未启用" in p.stderr, f"validate --lang zh: {p.stderr!r}")

with tempfile.TemporaryDirectory() as d:
    # validate: a key a scenario file sets itself, with its instrument off, is named with its place; the
    # same key in a file that switches the pool on is not; switches set to false and the library's files
    # (each documents its instruments, off ones included) draw no warning.
    off = os.path.join(d, "off.yaml")
    with open(off, "w") as f:
        f.write("name: off\nextends: no-risk-pool\npolicies:\n  risk_compensation_pool:\n    coverage_share: 0.5\n")
    p = run(exe, "validate", off)
    check(p.returncode == 0 and p.stderr.startswith(f"{off}:5:5: warning: {COVER} has no effect: ") and
          "policies.risk_compensation_pool.enabled = false" in p.stderr, f"validate a file: {p.stderr!r}")
    on = os.path.join(d, "on.yaml")
    with open(on, "w") as f:
        f.write("name: on\nextends: risk-pool\npolicies:\n  risk_compensation_pool:\n    coverage_share: 0.5\n"
                "  pilot_24h_zones: {enabled: false}\n")
    p = run(exe, "validate", on)
    check(p.returncode == 0 and p.stderr == "", f"validate a file with the pool on: {p.stderr!r}")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    library = os.path.join(root, "scenarios", "library")
    files = sorted(os.path.join(library, n) for n in os.listdir(library) if n.endswith(".yaml"))
    p = run(exe, "validate", *files)
    check(p.returncode == 0 and p.stderr == "", f"the library's files validate without warnings: {p.stderr!r}")

    # run --set
    p = run(exe, "run", "no-risk-pool", *SMALL, "--set", f"{COVER}=0.4", "-o", os.path.join(d, "r.h5"), "--quiet")
    check(p.returncode == 0 and f"innosim run: warning: --set {COVER} has no effect" in p.stderr,
          f"run --set warns: {p.stderr!r}")
    p = run(exe, "run", "risk-pool", *SMALL, "--set", f"{COVER}=0.4", "-o", os.path.join(d, "r2.h5"), "--quiet")
    check(p.returncode == 0 and "no effect" not in p.stderr, f"run risk-pool --set: no warning ({p.stderr!r})")

    # compare --set: inert only if it is inert in every scenario compared
    p = run(exe, "compare", "no-risk-pool", "no-policy", *SMALL, "--set", f"{COVER}=0.4",
            "-o", os.path.join(d, "c.h5"), "--quiet")
    check(p.returncode == 0 and f"--set {COVER} has no effect" in p.stderr, f"compare: inert in both: {p.stderr!r}")
    p = run(exe, "compare", "no-risk-pool", "risk-pool", *SMALL, "--set", f"{COVER}=0.4",
            "-o", os.path.join(d, "c2.h5"), "--quiet")
    check(p.returncode == 0 and "no effect" not in p.stderr, f"compare with risk-pool: not inert ({p.stderr!r})")

    # sweep: refused unless --allow-inert
    def sweep_file(scn):
        path = os.path.join(d, f"{scn}.yaml")
        with open(path, "w") as f:
            f.write(f"scenario: {scn}\nset:\n  horizon_years: 2\n  population.firms: 200\n"
                    f"  policies.risk_compensation_pool.leverage_cap: 8\n"
                    f"factors:\n  {COVER}: {{values: [0.2, 0.4]}}\nreplications: 1\ndesign: {{type: grid}}\n")
        return path
    base = sweep_file("no-risk-pool")
    out = os.path.join(d, "s.h5")
    p = run(exe, "sweep", base, "-o", out)
    check(p.returncode == 2 and f"{os.path.basename(base)}:7:3: factor '{COVER}' has no effect" in p.stderr
          and "--allow-inert" in p.stderr and not os.path.exists(out), f"sweep refuses an inert factor: {p.stderr!r}")
    p = run(exe, "sweep", base, "-o", out, "--allow-inert", "--quiet")
    check(p.returncode == 0 and os.path.exists(out) and "warning" in p.stderr, f"--allow-inert runs it: {p.stderr!r}")
    check(re.search(r"\.yaml:5:\d+: warning: set: policies.risk_compensation_pool.leverage_cap has no effect", p.stderr),
          f"the set: override is named at its line: {p.stderr!r}")
    p = run(exe, "sweep", sweep_file("risk-pool"), "-o", os.path.join(d, "s2.h5"), "--quiet")
    check(p.returncode == 0 and "no effect" not in p.stderr, f"sweep over risk-pool: not inert ({p.stderr!r})")

finish()

#!/usr/bin/python3
"""`innosim check-seed` end to end: a small calibration file with one target
that passes and one that fails, an identity (an input the scenario sets,
checked, never fitted) and a validation pattern, runs and exits 1
with the right rows and verdicts; without the failing target it exits 0; the
CSV is written (atomically, not overwritten without --force) with exact
numbers; --first-replication runs the replications from N on (fresh ones, out
of the fit's sample); another SCENARIO is run in place of the file's base; a malformed
file exits 2 with file:line:column and writes nothing; --lang zh prints the
table in Chinese with no English prose.

usage: test_check_seed.py INNOSIM_EXE
"""
import csv
import os
import sys
import tempfile

from cli_common import check, english_words, finish, run

exe = os.path.abspath(sys.argv[1])

# A cold start (warmup_years 0): the identity below says the city at the start date is the 300 firms
# the scenario sets, which holds only without the baseline's 5-year warm-up (docs/model.md 1.2.3; with
# it the city has grown to about 3,400 firms by then).
HEAD = ("scenario: jiangmen-2025\nset:\n  population.firms: 300\n  population.reference_firms: 300\n"
        "  warmup_years: 0\n  horizon_years: 2\nreplications: 3\nseed: 5\n"
        "parameters:\n  firms.entry_rate_per_year: {range: [100, 400]}\n")
PASSES = ("  - name: alive_ok\n    expr: stock(firms_active, 2025-12-31)\n    observed: 300\n    sd: 30\n"
          "    tolerance: {range: [1, 1000000]}\n    source: test\n")
FAILS = ("  - name: alive_far\n    expr: stock(firms_active, 2025-12-31)\n    observed: 1000000\n    rel_sd: 0.1\n"
         "    source: test\n")
VALIDATION = ("validation:\n  - name: alive_growth\n    expr: growth(firms_active, 2024-12-31, 2025-06-30)\n"
              "    observed: 0\n    tolerance: {at_least: -1}\n    source: test\n")
IDENTITY = ("identities:\n  - name: alive_start\n    expr: stock(firms_active, 2024-12-31)\n    observed: 300\n"
            "    tolerance: {range: [299, 301]}\n    source: test (population.firms is an input)\n")


def rows(stdout):
    """name -> the table's line, for the rows the test wrote."""
    out = {}
    for line in stdout.splitlines():
        parts = line.split()
        if parts and parts[0] in ("alive_ok", "alive_far", "alive_start", "alive_growth"):
            out[parts[0]] = line
    return out


with tempfile.TemporaryDirectory() as d:
    calib = os.path.join(d, "calib.yaml")
    with open(calib, "w") as f:
        f.write(HEAD + "targets:\n" + PASSES + FAILS + IDENTITY + VALIDATION)

    # One passes, one fails: exit 1, both rows with their verdicts, the validation pattern marked.
    out_csv = os.path.join(d, "fit.csv")
    p = run(exe, "check-seed", "--calibration", calib, "--reps", "2", "--jobs", "2", "--csv", out_csv, "--lang", "en",
            cwd=d)
    check(p.returncode == 1, f"a failing target: exit 1, got {p.returncode}: {p.stderr}")
    r = rows(p.stdout)
    check(set(r) == {"alive_ok", "alive_far", "alive_start", "alive_growth"}, f"every row printed: {p.stdout}")
    check("identity" in r.get("alive_start", "") and r.get("alive_start", "").rstrip().endswith("pass"),
          f"the identity is marked and passes (300 firms at the start): {r.get('alive_start')}")
    check(r.get("alive_ok", "").rstrip().endswith("pass"), f"alive_ok passes: {r.get('alive_ok')}")
    check("fail" in r.get("alive_far", ""), f"alive_far fails: {r.get('alive_far')}")
    check("validation" in r.get("alive_growth", "") and "pass" in r.get("alive_growth", ""),
          f"the validation pattern is marked and passes: {r.get('alive_growth')}")
    check("2025-12-31" in r.get("alive_ok", "") and "2024-12-31 – 2025-06-30" in r.get("alive_growth", ""),
          f"each row shows its date or period: {p.stdout}")
    check("[900,000, 1,100,000]" in r.get("alive_far", ""), f"a point figure's band is within 10 %: {r.get('alive_far')}")
    check("1 of 4 fail" in p.stdout, f"the summary line: {p.stdout}")
    check("identity: an input the scenario sets" in p.stdout, f"the footnote says what an identity is: {p.stdout}")
    check("jiangmen-2025, 2 replications of seed 5" in p.stdout, f"--reps and the file's seed: {p.stdout}")
    with open(out_csv, encoding="utf-8-sig") as f:
        table = list(csv.DictReader(f))
    check([t["name"] for t in table] == ["alive_ok", "alive_far", "alive_start", "alive_growth"], f"CSV rows: {table}")
    if len(table) == 4:
        check([t["verdict"] for t in table] == ["pass", "fail", "pass", "pass"], f"CSV verdicts: {table}")
        check([t["kind"] for t in table] == ["target", "target", "identity", "validation"], f"CSV kinds: {table}")
        check(float(table[1]["band_low"]) == 900000 and float(table[1]["band_high"]) == 1100000, f"CSV band: {table[1]}")
        check(table[0]["replications"] == "2" and float(table[0]["ci_low"]) <= float(table[0]["mean"])
              <= float(table[0]["ci_high"]), f"CSV mean inside its CI: {table[0]}")
        check(table[3]["kind"] == "validation" and table[3]["band_high"] == "", f"CSV one-sided band: {table[3]}")
    before = open(out_csv, "rb").read()
    p = run(exe, "check-seed", "--calibration", calib, "--reps", "2", "--csv", out_csv, cwd=d)
    check(p.returncode == 2 and "already exists" in p.stderr, f"--csv is not overwritten: {p.returncode} {p.stderr}")
    check(open(out_csv, "rb").read() == before, "the CSV is left as it was")

    # Every row passes: exit 0. Another scenario in place of the file's base.
    ok = os.path.join(d, "ok.yaml")
    with open(ok, "w") as f:
        f.write(HEAD + "targets:\n" + PASSES + VALIDATION)
    p = run(exe, "check-seed", "no-policy", "-c", ok, "--reps", "2", "--jobs", "2", "--lang", "en", cwd=d)
    check(p.returncode == 0, f"all pass: exit 0, got {p.returncode}: {p.stderr}")
    check("all 2 pass" in p.stdout and "scenario no-policy" in p.stdout, f"all pass, on no-policy: {p.stdout}")

    # --first-replication: fresh replications (keyed by seed and replication), out of the fit's sample. The
    # runs 0-3 are the runs 0-1 and 2-3: the mean over four is the mean of the two means, exactly up to rounding.
    def csv_means(first, reps, name):
        out = os.path.join(d, f"first{first}_{reps}.csv")
        p = run(exe, "check-seed", "-c", ok, "--reps", str(reps), "--first-replication", str(first), "--jobs", "2",
                "--csv", out, "--lang", "en", "--quiet", cwd=d)
        check(p.returncode == 0, f"--first-replication {first}: exit {p.returncode}: {p.stderr}")
        with open(out, encoding="utf-8-sig") as f:
            table = {t["name"]: t for t in csv.DictReader(f)}
        check(table[name]["first_replication"] == str(first) and table[name]["replications"] == str(reps),
              f"the CSV says which replications ran: {table[name]}")
        return float(table[name]["mean"]), p.stdout
    m01, out01 = csv_means(0, 2, "alive_ok")
    m23, out23 = csv_means(2, 2, "alive_ok")
    m03, _ = csv_means(0, 4, "alive_ok")
    check(abs(m03 - (m01 + m23) / 2) <= 1e-9 * abs(m03), f"runs 0-3 = runs 0-1 and 2-3: {m03} vs {m01}, {m23}")
    check(m23 != m01, f"replications 2-3 are other runs than 0-1: {m01} {m23}")
    check("(replications 2 to 3)" in out23 and "(replications" not in out01, f"the header names them: {out23[:200]}")
    p = run(exe, "check-seed", "-c", ok, "--reps", "2", "--first-replication", "-1", cwd=d)
    check(p.returncode == 2 and "--first-replication" in p.stderr, f"a negative first replication: {p.stderr}")

    # --lang zh: the same table in Chinese.
    p = run(exe, "check-seed", "--calibration", calib, "--reps", "2", "--lang", "zh", "--quiet", cwd=d)
    check(p.returncode == 1, f"zh: exit 1, got {p.returncode}")
    check("通过" in p.stdout and "未通过" in p.stdout and "验证模式" in p.stdout and "恒等核对" in p.stdout and
          "4 项中 1 项未通过" in p.stdout,
          f"zh verdicts: {p.stdout}")
    left = english_words(p.stdout, d)
    check(not left, f"zh output has English words {sorted(left)}: {p.stdout}")

    # Malformed: a bad tolerance, an unknown key in an identity and an unknown metric in a validation pattern,
    # each at its line and column.
    bad = os.path.join(d, "bad.yaml")
    with open(bad, "w") as f:
        f.write(HEAD + "targets:\n" + PASSES.replace("{range: [1, 1000000]}", "{within: 2}") +
                IDENTITY.replace("    observed: 300", "    observd: 300") +
                VALIDATION.replace("growth(firms_active", "growth(no_such_metric"))
    lines = open(bad).read().splitlines()
    tol_line = next(i for i, l in enumerate(lines) if "within: 2" in l) + 1
    tol_col = lines[tol_line - 1].index("2}") + 1
    expr_line = next(i for i, l in enumerate(lines) if "no_such_metric" in l) + 1
    expr_col = lines[expr_line - 1].index("no_such_metric") + 1
    key_line = next(i for i, l in enumerate(lines) if "observd" in l) + 1
    key_col = lines[key_line - 1].index("observd") + 1
    bad_csv = os.path.join(d, "bad.csv")
    p = run(exe, "check-seed", "--calibration", bad, "--csv", bad_csv, "--lang", "en", cwd=d)
    check(p.returncode == 2, f"malformed: exit 2, got {p.returncode}: {p.stderr}")
    check(f"bad.yaml:{tol_line}:{tol_col}: tolerance.within must be in (0, 1)" in p.stderr,
          f"the bad tolerance at {tol_line}:{tol_col}: {p.stderr}")
    check(f"bad.yaml:{expr_line}:{expr_col}:" in p.stderr and "no_such_metric" in p.stderr,
          f"the unknown metric at {expr_line}:{expr_col}: {p.stderr}")
    check(f"bad.yaml:{key_line}:{key_col}: unknown key 'observd'" in p.stderr and "in an identity" in p.stderr,
          f"the identity's unknown key at {key_line}:{key_col}: {p.stderr}")
    check(not os.path.exists(bad_csv) and p.stdout == "", "nothing written or printed on bad input")

    # No calibration file where the default points: exit 2, naming it.
    p = run(exe, "check-seed", "--reps", "2", cwd=d)
    check(p.returncode == 2 and "scenarios/calibration/jiangmen-2025.yaml" in p.stderr, f"missing default: {p.stderr}")
    p = run(exe, "check-seed", "--calibration", calib, "--reps", "1", cwd=d)
    check(p.returncode == 2 and "--reps" in p.stderr, f"--reps 1 is refused: {p.stderr}")

    # --help names the exit codes.
    p = run(exe, "check-seed", "--help", "--lang", "en")
    check(p.returncode == 0 and "Exit: 0 every row passes, 1 some row fails" in p.stdout, f"--help: {p.stdout}")

finish()

#!/usr/bin/python3
"""Limits checked before work starts (issue #19).

- The longest horizon the schema accepts (50 years) runs with balanced books
  in library scenarios, for several seeds; a longer one is refused (exit 2).
  Past about 75 years the books drifted apart and every run failed.
- `--seed -1` is refused (it silently became 2^64-1), as are overflow and
  junk; `--max-runs -1` too.
- `validate` reports what every replication would reject at run time: an
  all-zero initial.stage_shares (it said "ok"); `run` still runs it, each
  replication failing and recorded as failed (the failure tests use that).

usage: test_limits.py INNOSIM_EXE
"""
import os
import sys
import tempfile

from cli_common import check, finish, run

exe = os.path.abspath(sys.argv[1])
# warmup_years 0: the horizon alone is the simulated span the limit is about (the baseline warms up 5 years)
SMALL = ["--set", "population.firms=300", "--set", "warmup_years=0"]

with tempfile.TemporaryDirectory() as d:
    out = os.path.join(d, "x.h5")
    # --- the horizon: the maximum balances, beyond is refused ------------------------------------
    for scn in ("no-policy", "combined-package"):
        for seed in ("1", "2"):
            p = run(exe, "run", scn, *SMALL, "--set", "horizon_years=50", "--seed", seed, "--replications", "2",
                    "--jobs", "2", "-o", out, "--force", "--quiet", timeout=600)
            check(p.returncode == 0, f"{scn} seed {seed} at 50 years: books balance: {p.returncode} {p.stderr[-300:]!r}")
    p = run(exe, "run", "no-policy", *SMALL, "--set", "horizon_years=50.5", "-o", out, "--force", "--quiet")
    check(p.returncode == 2 and "horizon_years" in p.stderr, f"51 years refused: {p.returncode} {p.stderr!r}")

    # --- CLI integers ----------------------------------------------------------------------------
    for bad in ("-1", "18446744073709551616", "1e3", "0x10", ""):
        p = run(exe, "run", "no-policy", *SMALL, "--seed", bad, "-o", out, "--force", "--quiet")
        check(p.returncode == 2 and "seed" in p.stderr, f"--seed {bad!r} refused: {p.returncode} {p.stderr!r}")
    p = run(exe, "run", "no-policy", *SMALL, "--set", "horizon_years=1", "--replications", "1",
            "--seed", "18446744073709551615", "-o", out, "--force", "--quiet")
    check(p.returncode == 0, f"--seed 2^64-1 accepted: {p.returncode} {p.stderr!r}")
    p = run(exe, "compare", "no-policy", "risk-pool", "--seed", "-1", "-o", out, "--force", "--quiet")
    check(p.returncode == 2, f"compare --seed -1 refused: {p.returncode}")
    p = run(exe, "run", "no-policy", "--replications", "-1", "-o", out, "--force", "--quiet")
    check(p.returncode == 2, f"--replications -1 refused: {p.returncode}")
    p = run(exe, "run", "no-policy", "--jobs", "99999999999", "-o", out, "--force", "--quiet")
    check(p.returncode == 2, f"--jobs overflow refused: {p.returncode}")

    # --- validate checks what the model rejects at run time ----------------------------------------
    zero = os.path.join(d, "zero.yaml")
    with open(zero, "w") as f:
        f.write("name: zero\nextends: no-policy\ninitial:\n  stage_shares: {startup: 0, tech_sme: 0, high_tech: 0, "
                "gazelle: 0, unicorn: 0}\n")
    p = run(exe, "validate", zero)
    check(p.returncode == 2 and "initial.stage_shares" in p.stderr, f"validate: all-zero stage shares: {p.returncode} "
          f"{p.stdout!r} {p.stderr!r}")

finish()

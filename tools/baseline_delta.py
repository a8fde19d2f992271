#!/usr/bin/python3
"""What a change moves in a scenario, between two results files of the same
scenario, seed and replications written by two binaries (`innosim compare`
runs one binary only). Prints, per quantity, the two means and the paired
difference (variant - base) with its 95 % t interval over the replications.

  /usr/bin/python3 tools/baseline_delta.py BASE.h5 VARIANT.h5 [SCENARIO]

Quantities (docs/model.md 7.7, session 20): HTE+ (high_tech_enterprises +
gazelles + unicorns) and firms alive at the horizon; the technology-loan book
at 2025-07-31 (the sample dated 2025-08-01) and at the horizon (2035-01-01);
new loans and loan defaults summed over the run (the warm-up trimmed, as
`innosim run` writes it); registered subsidised loans and the subsidy paid.
"""
import sys

import h5py
import numpy as np
# Student t 0.975 quantiles for 1..10 degrees of freedom (no scipy needed).
T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228]


def t975(df):
    return T975[df - 1] if 1 <= df <= len(T975) else 1.96


def load(path, scenario):
    f = h5py.File(path, "r")
    g = f["scenarios/" + scenario]
    dates = [d.decode() if isinstance(d, bytes) else str(d) for d in g["date"][:]]
    m = g["metrics"]
    return dates, {k: m[k][:] for k in m.keys()}


def main():
    base, var = sys.argv[1], sys.argv[2]
    scenario = sys.argv[3] if len(sys.argv) > 3 else "jiangmen-2025"
    db, mb = load(base, scenario)
    dv, mv = load(var, scenario)
    assert db == dv, "the two files have different time grids"
    jul = db.index("2025-08-01")
    end = len(db) - 1
    hte = lambda m: m["high_tech_enterprises"] + m["gazelles"] + m["unicorns"]
    rows = [
        ("HTE+ at %s" % db[end], lambda m: hte(m)[:, end], 1),
        ("firms alive at %s" % db[end], lambda m: m["firms_active"][:, end], 1),
        ("loan book at 2025-07-31 (bn yuan)", lambda m: m["tech_loans_outstanding"][:, jul], 1e9),
        ("loan book at %s (bn yuan)" % db[end], lambda m: m["tech_loans_outstanding"][:, end], 1e9),
        ("new loans over the run (bn yuan)", lambda m: m["new_tech_loans"][:, 1:].sum(axis=1), 1e9),
        ("loan defaults over the run", lambda m: m["loan_defaults"][:, 1:].sum(axis=1), 1),
        ("subsidised loans registered (bn yuan)", lambda m: m["subsidy_registrations"][:, 1:].sum(axis=1), 1e9),
        ("interest subsidy paid (m yuan)", lambda m: m["fiscal_interest_subsidy"][:, 1:].sum(axis=1), 1e6),
    ]
    n = mb["firms_active"].shape[0]
    print("%s: %s (base) vs %s (variant), %d replications; paired difference [95 %% CI]" % (scenario, base, var, n))
    for name, fn, unit in rows:
        a, b = fn(mb) / unit, fn(mv) / unit
        d = b - a
        h = t975(n - 1) * d.std(ddof=1) / np.sqrt(n) if n > 1 else float("nan")
        print("  %-42s %12.4f %12.4f   %+10.4f [%+.4f, %+.4f]" % (name, a.mean(), b.mean(), d.mean(), d.mean() - h,
                                                                   d.mean() + h))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""The credit rows of docs/model.md 7.7d (session 20, credit20) from an
`innosim compare` file: paired differences (variant - base) on common random
numbers, 95 % Student t intervals, '*' where the interval excludes 0.

Stocks are read at the last sample (2035-01-01), flows summed over the run;
HTE+ = high_tech_enterprises + gazelles + unicorns (docs/model.md 1.2.3).
Also the share of the covered (pool) and guaranteed (points line) loans the
ordinary terms would have lent anyway, per scenario.

  /usr/bin/python3 tools/collateral_table.py compare.h5 [BASE]
"""
import sys

import h5py
import numpy as np
try:
    from scipy import stats
except ImportError:  # the t quantile falls back to 20 pairs' value
    stats = None

YUAN = ["tech_loans_outstanding", "new_tech_loans", "pool_covered_loans"]
HTE = ["high_tech_enterprises", "gazelles", "unicorns"]


def t975(n):
    try:
        return stats.t.ppf(0.975, n - 1)
    except Exception:  # pragma: no cover
        return 2.093 if n == 20 else 2.0


def outcome(g, name):
    m = g["metrics"]
    if name == "HTE+":
        return sum(m[k][:, -1] for k in HTE)
    if name not in m:
        return None
    x = m[name][()]
    kind = m[name].attrs.get("kind", b"stock")
    kind = kind.decode() if isinstance(kind, bytes) else kind
    return x[:, -1] if kind == "stock" else np.nansum(x, axis=1)


def main():
    path = sys.argv[1]
    base = sys.argv[2] if len(sys.argv) > 2 else "jiangmen-2025"
    rows = ["tech_loans_outstanding", "new_tech_loans", "loan_defaults", "HTE+", "hte_new_certifications", "hte_exits", "firm_exits_insolvency", "firms_active",
            "pool_covered_loans"]
    with h5py.File(path, "r") as f:
        sc = f["scenarios"]
        b = sc[base]
        print(f"base {base}: " + ", ".join(
            f"{r} {np.mean(outcome(b, r)) / (1e9 if r in YUAN else 1):.2f}" for r in rows))
        for name in sc:
            g = sc[name]
            reg, inf = outcome(g, "pool_registered_loans"), outcome(g, "pool_inframarginal_loans")
            gua, gan = outcome(g, "points_guaranteed_loans"), outcome(g, "points_guaranteed_anyway")
            s = f"{name}:"
            if reg is not None and reg.sum() > 0:
                s += f" pool registered {reg.mean() / 1e9:.2f} bn, made anyway {inf.sum() / reg.sum():.1%};"
            if gua is not None and gua.sum() > 0:
                s += f" points guaranteed {gua.mean() / 1e9:.2f} bn, made anyway {gan.sum() / gua.sum():.1%};"
            print(s)
        for name in sc:
            if name == base:
                continue
            cells = []
            for r in rows:
                a, c = outcome(sc[name], r), outcome(b, r)
                d = a - c
                d = d[np.isfinite(d)]
                n = len(d)
                scale = 1e9 if r in YUAN else 1.0
                mean, half = d.mean() / scale, t975(n) * d.std(ddof=1) / np.sqrt(n) / scale
                star = "*" if abs(mean) > half else ""
                cells.append(f"{r} {mean:+.2f}{star} [{mean - half:+.2f}, {mean + half:+.2f}]")
            print(f"{name} (n={n}): " + "; ".join(cells))


if __name__ == "__main__":
    main()

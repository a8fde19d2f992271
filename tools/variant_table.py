#!/usr/bin/python3
"""The variant table (docs/model.md 1.3; session 18's rules) from `innosim compare` files (tools/variant_table.sh writes them).

Usage: variant_table.py OUTDIR [BASE]
Every *.h5 in OUTDIR (files named direct* skipped) holds the base scenario and one or
more alternatives run on the same replications (common random numbers). For each
alternative and outcome: the mean paired difference (alt - base) and its 95 % t
interval; a p-value of the paired t test; Holm over the whole table (every
alternative x 6 outcomes); TOST against a margin of 0.1 % of the base's mean
(90 % interval inside +-margin). Marks (rules of session 17, 1.3):
  *   Holm-significant over the table and not shown smaller than the margin
  *=  Holm-significant over the table and 90 % interval inside +-margin
  =   90 % interval inside +-margin (not significant)
  (s) significant after Holm within the row only
Cost cells: PV at 8 %; undiscounted total, city, province, centre; after tax city,
province, centre (bn yuan), no stars.
"""
import glob
import os
import sys

import h5py
import numpy as np
from scipy import stats  # noqa: F401  (python3-scipy may be absent: fallback below)

OUT = ["HTE+", "firms", "jobs", "output (bn)", "loans (bn)", "defaults"]
COST = ["net_fiscal_cost_pv", "net_fiscal_cost", "net_fiscal_cost_city", "net_fiscal_cost_provincial",
        "net_fiscal_cost_central", "net_fiscal_cost_after_tax_city", "net_fiscal_cost_after_tax_provincial",
        "net_fiscal_cost_after_tax_central"]


def headline(g, metric):
    """Per-replication headline: a stock's value at the last date, a flow's total over the span."""
    d = g["metrics"][metric]
    a = d[()]
    kind = d.attrs.get("kind", b"stock")
    kind = kind.decode() if isinstance(kind, bytes) else kind
    if kind == "flow":
        return np.nansum(a, axis=1)
    return a[:, -1]


def outcomes(g):
    hte = sum(headline(g, m) for m in ("high_tech_enterprises", "gazelles", "unicorns"))
    return [hte, headline(g, "firms_active"), headline(g, "employment"), headline(g, "real_output") / 1e9,
            headline(g, "tech_loans_outstanding") / 1e9, headline(g, "loan_defaults")]


def tq(p, df):
    return stats.t.ppf(p, df)


def paired(d):
    n = len(d)
    m = d.mean()
    sd = d.std(ddof=1)
    se = sd / np.sqrt(n)
    if se == 0:
        p = 1.0 if m == 0 else 0.0
        return m, m, m, m, m, p
    h95 = tq(0.975, n - 1) * se
    h90 = tq(0.95, n - 1) * se
    p = 2 * stats.t.sf(abs(m / se), n - 1)
    return m, m - h95, m + h95, m - h90, m + h90, p


def holm(ps):
    ps = np.asarray(ps)
    order = np.argsort(ps)
    m = len(ps)
    adj = np.empty(m)
    run = 0.0
    for k, i in enumerate(order):
        run = max(run, min(1.0, (m - k) * ps[i]))
        adj[i] = run
    return adj


def fmt(x, nd=1):
    s = f"{x:+,.{nd}f}".replace("-", "\u2212")
    return s


def main():
    outdir = sys.argv[1]
    base = sys.argv[2] if len(sys.argv) > 2 else "jiangmen-2025"
    rows = []  # (variant, stats per outcome, costs)
    base_means = None
    for path in sorted(glob.glob(os.path.join(outdir, "*.h5"))):
        if os.path.basename(path).startswith("direct"):
            continue
        with h5py.File(path, "r") as f:
            sc = f["scenarios"]
            b = outcomes(sc[base])
            if base_means is None:
                base_means = [float(np.mean(x)) for x in b]
            for name in sc:
                if name == base:
                    continue
                a = outcomes(sc[name])
                st = [paired(a[i] - b[i]) for i in range(6)]
                costs = []
                for c in COST:
                    if c in sc[name]["metrics"]:
                        costs.append(float(np.mean(headline(sc[name], c) - headline(sc[base], c))) / 1e9)
                    else:
                        costs.append(float("nan"))
                rows.append((name, st, costs))
    margins = [abs(m) * 0.001 for m in base_means]
    allp = [s[5] for _, st, _ in rows for s in st]
    adj = holm(allp)
    print(f"base means: " + ", ".join(f"{o} {m:,.1f}" for o, m in zip(OUT, base_means)))
    print(f"margins (0.1 %): " + ", ".join(f"{o} {m:,.2f}" for o, m in zip(OUT, margins)))
    print(f"tests in the Holm family: {len(allp)}")
    print("| variant | " + " | ".join(OUT) + " | net fiscal cost, bn: PV 8 %; undiscounted: total; city; province; centre; after tax: city; province; centre |")
    print("|---" * (len(OUT) + 2) + "|")
    k = 0
    for name, st, costs in rows:
        row_adj = holm([s[5] for s in st])
        cells = []
        for i, s in enumerate(st):
            m, lo, hi, lo90, hi90, p = s
            sig_table = adj[k] < 0.05
            sig_row = row_adj[i] < 0.05
            k += 1
            eq = lo90 > -margins[i] and hi90 < margins[i]
            mark = ""
            if sig_table:
                mark = "*=" if eq else "*"
            elif eq:
                mark = "="
            if not sig_table and sig_row:
                mark += " (s)"
            nd = 0 if OUT[i] == "jobs" else 1
            cells.append(f"{fmt(m, nd)}{mark} [{fmt(lo, nd)}, {fmt(hi, nd)}]")
        cost = "; ".join(fmt(c, 2) for c in costs)
        print(f"| {name} | " + " | ".join(cells) + f" | {cost} |")
    per100(rows)


def per100(rows):
    """What each policy buys per 100 m yuan of PV cost at 8 %; rows with |PV cost| >= 50 m (pre-registered 18)."""
    print()
    print("| variant | PV cost (bn) | HTE+ per 100 m | firms per 100 m | jobs per 100 m |")
    print("|---|---|---|---|---|")
    for name, st, costs in rows:
        pv = costs[0]
        if not abs(pv) >= 0.05:
            continue
        cells = []
        for i in (0, 1, 2):
            m, lo, hi = st[i][0], st[i][1], st[i][2]
            r = [x / (pv * 10) for x in (m, lo, hi)]
            lo_r, hi_r = min(r[1], r[2]), max(r[1], r[2])
            ns = " n.s." if lo <= 0 <= hi else ""
            cells.append(f"{fmt(r[0])} [{fmt(lo_r)}, {fmt(hi_r)}]{ns}")
        print(f"| {name} | {fmt(pv, 2)} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

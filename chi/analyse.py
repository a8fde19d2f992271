#!/usr/bin/python3
"""chi18: rows vs selection strength. Reads chi_<X>.h5 (innosim compare outputs), prints paired effects
(variant - baseline) per outcome at each chi, and the per-replication difference in differences (high - low)."""
import sys, h5py, numpy as np
from scipy import stats
BASE = 'jiangmen-2025'
VARS = ['planned-measures', 'no-matching-platform', 'no-policy', 'no-tech-credit-terms']
FLOW = {'real_output', 'loan_defaults'}
OUT = [('HTE+', ['high_tech_enterprises', 'gazelles', 'unicorns']), ('firms', ['firms_active']),
       ('jobs', ['employment']), ('output (bn)', ['real_output']), ('loans (bn)', ['tech_loans_outstanding']),
       ('defaults', ['loan_defaults'])]
SCALE = {'output (bn)': 1e-9, 'loans (bn)': 1e-9}

def per_rep(f, scen, metrics):
    tot = 0
    for m in metrics:
        a = f[f'/scenarios/{scen}/metrics/{m}'][()]
        tot = tot + (a.sum(axis=1) if m in FLOW else a[:, -1])
    return tot

def ci(d):
    n = len(d); m = d.mean(); h = stats.t.ppf(0.975, n - 1) * d.std(ddof=1) / np.sqrt(n)
    return m, m - h, m + h

def load(path):
    f = h5py.File(path, 'r'); res = {}
    for v in VARS:
        for name, ms in OUT:
            d = (per_rep(f, v, ms) - per_rep(f, BASE, ms)) * SCALE.get(name, 1)
            res[(v, name)] = d
    return res

if __name__ == '__main__':
    files = sys.argv[1:]          # e.g. chi_0.2.h5 chi_1.5.h5 chi_3.0.h5 (low, default, high)
    R = [load(p) for p in files]
    def fmt(t):
        m, lo, hi = t; s = '*' if lo > 0 or hi < 0 else ''
        return f'{m:+.1f}{s} [{lo:+.1f}, {hi:+.1f}]' if abs(m) < 1000 else f'{m:+,.0f}{s} [{lo:+,.0f}, {hi:+,.0f}]'
    print('| row | outcome | ' + ' | '.join(files) + ' | DiD last-first | verdict |')
    for v in VARS:
        for name, _ in OUT:
            cells = [ci(r[(v, name)]) for r in R]
            did = ci(R[-1][(v, name)] - R[0][(v, name)])
            sig = [(c[1] > 0 or c[2] < 0) for c in cells]
            signs = {np.sign(c[0]) for c, s in zip(cells, sig) if s}
            verdict = []
            if did[1] > 0 or did[2] < 0: verdict.append('chi drives')
            if len(signs) > 1: verdict.append('NOT IDENTIFIED IN SIGN')
            if sig[1 if len(cells) > 2 else 0]:
                mags = [abs(c[0]) for c in cells]
                if min(mags) == 0 or max(mags) / min(mags) > 2: verdict.append('size not identified')
            print(f'| {v} | {name} | ' + ' | '.join(fmt(c) for c in cells) + f' | {fmt(did)} | {"; ".join(verdict) or "-"} |')

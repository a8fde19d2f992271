#!/usr/bin/python3
"""The covered-stock decay ratio of RiskPool.CoveredStockHoldsInTheLibraryScenario
(tests/model/risk_pool_test.cpp; docs/model.md 1.2.4 and 7.9) read from an
`innosim run` results file, so that a scenario other than risk-pool (a
calibration on top of it) can be held to the same rule.

R = mean of the monthly pool_covered_loans over samples dated 2028-01-01 to the
end / its mean over samples dated 2026-01-01 to 2027-12-31, per replication;
the rule: R >= 0.8 in every replication (pre-registered, SESSION20.md NEWS
05:15, calib20).

usage: covered_stock_ratio.py RESULTS.h5
  e.g. innosim run scenarios/calibration/loan-book-calibrated.yaml \
         --set policies.risk_compensation_pool.fund_yuan=1000000000 \
         --replications 4 --jobs 2 -o lb.h5 --force
       tools/covered_stock_ratio.py lb.h5
(fund_yuan 1 bn is the risk-pool variant's one change to the baseline.)
Exit 0 when every replication passes, 1 otherwise.
"""
import sys

import h5py
import numpy as np

THRESHOLD = 0.8

with h5py.File(sys.argv[1], "r") as f:
    ok = True
    for name, g in f["scenarios"].items():
        dates = np.array([d.decode() for d in g["date"][()]])
        stock = g["metrics"]["pool_covered_loans"][()]  # replications x samples
        early = (dates >= "2026-01-01") & (dates < "2028-01-01")
        late = dates >= "2028-01-01"
        for rep in range(stock.shape[0]):
            a, b = stock[rep, early].mean(), stock[rep, late].mean()
            r = b / a
            ok &= bool(r >= THRESHOLD)
            print(f"{name} replication {rep}: covered stock, mean 2026-27 {a:.4g}, mean from 2028 {b:.4g} yuan: "
                  f"R = {r:.3f} {'pass' if r >= THRESHOLD else 'FAIL'}")
sys.exit(0 if ok else 1)

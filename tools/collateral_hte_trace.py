#!/usr/bin/python3
"""Which firms hold the HTE+ certificate at the horizon without the risk pool
but not with it, and the reverse (session 20, credit20; docs/model.md 7.7d,
"The no-risk-pool HTE+ sign, traced"). Two `innosim run --panel` files of the
same seed and replications (common random numbers), the base with the pool
and the variant without it, with the same --set overrides:

  innosim run jiangmen-2025 --panel --replications R --seed 1 -o base.h5 --set ...
  innosim run no-risk-pool  --panel --replications R --seed 1 -o nopool.h5 --set ...
  /usr/bin/python3 tools/collateral_hte_trace.py base.h5 nopool.h5

Firms are paired by (replication, firm_id, birth_time): the same firm in the
two runs (incumbents and entrants born at the same time). HTE+ = stage
high_tech, gazelle or unicorn, alive, at the last panel row. A paired firm
"borrowed more with the pool" when its debt in the base exceeded its twin's
by more than 1 m yuan at some yearly row (the panel has no cover flag; with
common random numbers the pool is what differs). Its rivals are the firms of
its sector; "sector credit gain" is the sector's summed debt gain of the other
firms that borrowed more with the pool, read at the row before the horizon.
"""
import sys

import h5py
import numpy as np
import pandas as pd

HTE_STAGES = (2, 3, 4)
THRESHOLD = 1e6  # yuan: a debt gain above this is the pool's credit (Assumption of the trace)


def panel(path):
    with h5py.File(path, "r") as f:
        (name,) = list(f["scenarios"])
        d = f["scenarios"][name]["firms"][()]
    df = pd.DataFrame({k: d[k] for k in d.dtype.names})
    df["stage"] = df["stage"].astype(int)
    return df


def main():
    base, var = panel(sys.argv[1]), panel(sys.argv[2])
    key = ["replication", "firm_id", "birth_time"]
    t_end = base["time"].max()
    t_pre = sorted(base["time"].unique())[-2]
    rows = []
    for r in sorted(base["replication"].unique()):
        b, v = base[base.replication == r], var[var.replication == r]
        m = b.merge(v, on=key + ["time"], suffixes=("_b", "_v"), how="inner")
        gain = m.assign(dd=m.debt_b - m.debt_v).groupby("firm_id")["dd"].max()
        borrowed_more = set(gain[gain > THRESHOLD].index)
        end_b = b[b.time == t_end].set_index(["firm_id", "birth_time"])
        end_v = v[v.time == t_end].set_index(["firm_id", "birth_time"])
        hte_b = set(end_b[(end_b.alive == 1) & end_b.stage.isin(HTE_STAGES)].index)
        hte_v = set(end_v[(end_v.alive == 1) & end_v.stage.isin(HTE_STAGES)].index)
        paired = set(end_b.index) & set(end_v.index)
        pre = m[m.time == t_pre].set_index("firm_id")
        sector_gain = (pre[pre.index.isin(borrowed_more)].assign(g=lambda x: x.debt_b - x.debt_v)
                       .groupby("sector_b")["g"].sum())
        for label, only, other_end in (("only without the pool", hte_v - hte_b, end_b),
                                       ("only with the pool", hte_b - hte_v, end_v)):
            for k in only:
                fid, bt = k
                if k not in paired:
                    rows.append(dict(rep=r, set=label, kind="unpaired (entry differs)"))
                    continue
                o = other_end.loc[k]
                alive_other = bool(o.alive)
                kind = ("borrowed more with the pool" if fid in borrowed_more else "no own credit gain")
                p = pre.loc[fid] if fid in pre.index else None
                rows.append(dict(
                    rep=r, set=label, kind=kind,
                    fate_other="exited" if not alive_other else f"stage {int(o.stage)}",
                    entrant=bt > 0,
                    rev_ratio=(p.revenue_b / p.revenue_v) if p is not None and p.revenue_v > 0 else np.nan,
                    sector_gain=sector_gain.get(p.sector_b, 0.0) / 1e6 if p is not None else np.nan))
    df = pd.DataFrame(rows)
    nrep = base.replication.nunique()
    print(f"{nrep} replications; HTE+ at t = {t_end} years; counts are per replication")
    print(df.groupby(["set", "kind"]).size().div(nrep).rename("firms a replication").to_string())
    paired_df = df[df.kind != "unpaired (entry differs)"]
    print("\nfate in the other run (per replication):")
    print(paired_df.groupby(["set", "kind", "fate_other"]).size().div(nrep).to_string())
    print("\nrevenue with / without the pool the year before the horizon (median) and the sector's credit gain (m yuan, median):")
    print(paired_df.groupby(["set", "kind"])[["rev_ratio", "sector_gain"]].median().to_string())


if __name__ == "__main__":
    main()

"""The small input files the end-to-end tests write: sweep, sensitivity and
calibration files over the library scenario jiangmen-2025 at a small size
(a few hundred firms, two years), so that each shape is written once and a
change of the file formats is made in one place.

Each function returns the file's text; write() puts it in a directory."""
import os


def write(d, name, text):
    """Writes `text` to d/name and returns the path."""
    path = os.path.join(d, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def head(firms=400, horizon=2, scenario="jiangmen-2025", policy=None, extra_set=""):
    """The lines every small input file starts with: the base scenario (and a policy), and `set:`."""
    text = f"scenario: {scenario}\n" + (f"policy: {policy}\n" if policy else "")
    # Cold starts: these inputs test the tools (sweeps, sensitivity, calibration), and the baseline's
    # 5-year warm-up (docs/model.md 1.2.3) would make each run 3.5 times longer for nothing they check.
    return text + f"set:\n  horizon_years: {horizon}\n  warmup_years: 0\n  population.firms: {firms}\n" + extra_set


# Every initial stage share but the startups' zero: a point whose startup share is 0 has all
# shares zero, which the model refuses at run time (a failing run on purpose).
ZERO_SHARES = "".join(f"  initial.stage_shares.{s}: 0\n" for s in ("tech_sme", "high_tech", "gazelle", "unicorn"))


def loan_rate_grid(replications, metrics, levels=3, firms=400):
    """A grid sweep of the loan-interest subsidy's rate over [0.1, 0.6]."""
    return (head(firms) + "factors:\n"
            f"  policies.loan_interest_subsidy.rate: {{range: [0.1, 0.6], levels: {levels}}}\n"
            f"design: {{type: grid}}\nreplications: {replications}\nmetrics: [{', '.join(metrics)}]\n")


def failing_grid(startup_values, factors="", replications=2, metrics=("firms_active",)):
    """A grid sweep whose points with startup share 0 fail (ZERO_SHARES), with more factors if given."""
    values = ", ".join(str(v) for v in startup_values)
    return (head(extra_set=ZERO_SHARES) + f"factors:\n  initial.stage_shares.startup: {{values: [{values}]}}\n" +
            factors + f"design: {{type: grid}}\nreplications: {replications}\nmetrics: [{', '.join(metrics)}]\n")


def pool_sensitivity(n, replications, seed, outputs, firms=400):
    """Sobol' indices (N = n) of outputs of jiangmen-2025 with the risk pool as the policy, over the
    pool's risk shifting and the firms' payout share (log scale)."""
    return (head(firms, policy="risk-pool") + "factors:\n"
            "  policies.risk_compensation_pool.risk_shifting: {range: [0, 3]}\n"
            "  firms.payout_share: {range: [0.02, 0.5], scale: log}\n"
            f"method: {{type: sobol, n: {n}}}\nreplications: {replications}\nseed: {seed}\noutputs:\n" +
            "".join(f"  - {o}\n" for o in outputs))


# The targets of the synthetic calibrations: made by the model at known parameter values.
CALIBRATION_TARGETS = (
    '  - {name: firms_2026, expr: "stock(firms_active, 2026-12-31)", sd: 3, source: synthetic}\n'
    '  - {name: entries_2025, expr: "flow(firm_entries, 2025-01-01, 2025-12-31)", sd: 3, source: synthetic}\n'
    '  - {name: exits_2025, expr: "flow(firm_exits, 2025-01-01, 2025-12-31)", sd: 3, source: synthetic}\n')


def calibration(replications=2, points=4, max_evaluations=10, restarts=0, profile_points=3, extra_targets=""):
    """A small synthetic calibration of the entry rate and the young firms' hazard (true values 250 and 0.2)."""
    # population.reference_firms: the entry rate is this city's, not scaled from 6,000 firms (docs/model.md 5.9).
    return ("scenario: jiangmen-2025\nset:\n  population.firms: 300\n  population.reference_firms: 300\n"
            "  warmup_years: 0\n  horizon_years: 2\nparameters:\n"
            "  firms.entry_rate_per_year: {range: [100, 400]}\n"
            "  firms.hazard_young: {range: [0.05, 0.4], log: true}\n"
            "targets:\n" + CALIBRATION_TARGETS + extra_targets +
            f"replications: {replications}\nseed: 3\nsearch:\n  global: {{design: sobol, points: {points}}}\n"
            f"  local: {{algorithm: bobyqa, max_evaluations: {max_evaluations}}}\n  restarts: {restarts}\n"
            f"profile_points: {profile_points}\n"
            "synthetic:\n  truth: {firms.entry_rate_per_year: 250, firms.hazard_young: 0.2}\n  seed: 77\n")

// Equity for technology (技术入股; docs/model.md 7.18): books with the lever
// on (the labs' dividends and stake sales booked on both sides), the lever off
// leaving a run unchanged, common random numbers, the policy sign on
// technology-transfer deals over paired replications (with a placebo whose
// stake cap admits no deal), and validation of the scenario keys.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "innosim/engine/statistics.hpp"
#include "lever_helpers.hpp"

using namespace innosim::model;
using namespace innosim::model::lever_test;
using innosim::engine::Welford;

namespace {

Params equity_on(Params p) {
  p.equity.programme.enabled = true;
  return p;
}

}  // namespace

TEST(EquityForTechnology, BooksBalanceAndTheLabsAreOwners) {
  // 5.5 years, books checked at every sample: every deal on equity terms
  // moves no money at the deal; the labs' dividends (firm -> labs) and stake
  // sales (external -> labs) are booked on both sides, and the researchers
  // receive their share of both (labs -> external).
  const Params p = equity_on(small(1500, 5.5));
  Ecosystem e(p, 4, 0);
  e.set_check_books_every_sample(true);  // throws on any imbalance or overspent budget
  const RunResult r = e.run();
  EXPECT_TRUE(r.books.ok()) << r.books.worst;
  const double deals = total_of(r, "equity_deals"), income = total_of(r, "lab_equity_income");
  EXPECT_GT(deals, 0.0);
  EXPECT_LE(deals, total_of(r, "tech_transfer_deals"));
  EXPECT_GT(income, 0.0);
  const auto& value = r.series[metric_index("lab_equity_value")];
  EXPECT_EQ(value.front(), 0.0);
  EXPECT_GT(value.back(), 0.0);
  std::printf("[ equity ] deals on equity terms %.0f of %.0f, labs' equity income %.6g yuan, stakes' value at the horizon %.6g yuan\n",
              deals, total_of(r, "tech_transfer_deals"), income, value.back());
  // No government money: the fiscal lines are the off run's in the first
  // year, before any stake can have changed a firm's fortunes through a review.
  const RunResult off = run_checked(small(1500, 5.5), 4, 0);
  EXPECT_EQ(r.series[metric_index("fiscal_spending")][0], off.series[metric_index("fiscal_spending")][0]);
}

TEST(EquityForTechnology, LeverOffChangesNothing) {
  // Every equity key but the switch changed, the switch off: the run is the
  // default run, series for series and value for value.
  const Params base = small(1500, 3);
  Params off = base;
  off.equity.programme.start_year = 2025;
  off.equity.share_of_results = 1.0;
  off.equity.max_stake = 1.0;
  const RunResult b = Ecosystem(off, 7, 1).run();
  EXPECT_TRUE(differing_metrics(Ecosystem(base, 7, 1).run(), b).empty());
  EXPECT_EQ(total_of(b, "equity_deals") + total_of(b, "lab_equity_income") + total_of(b, "lab_equity_value"), 0.0);
}

TEST(EquityForTechnology, SwitchingOnShiftsNoOtherStream) {
  // Common random numbers: the offer is each result's own hashed draw and an
  // equity deal takes the same adoption draw as a cash deal, so the entry
  // stream and the labs' streams are untouched, although more deals change
  // the pool of results and the adopters.
  const Params base = small(1500, 4);
  const RunResult a = Ecosystem(base, 11, 0).run();
  const RunResult b = Ecosystem(equity_on(base), 11, 0).run();
  EXPECT_TRUE(same_metrics(a, b, {"firm_entries", "research_results", "spinoffs"}));
  EXPECT_GT(total_of(b, "equity_deals"), 0.0);
  EXPECT_FALSE(same_metrics(a, b, {"tech_transfer_deals"}));
}

TEST(EquityForTechnology, PairedRaiseAdoptionPlaceboDoesNot) {
  // Paired replications (same seed and replication on and off). Measured:
  // technology-transfer deals over the run, on / off - 1. On equity terms the
  // adopter pays nothing up front, so the cash factor exp(-s_c upfront / cash)
  // is 1 and more recommendations end in a deal. The placebo switches the
  // lever on with s_max = 0, which admits no stake: every series must be the
  // off run's to the last digit, so the sign cannot come from switching the
  // programme on or from chance.
  //
  // How many pairs (a power calculation). Since firms' finance (issue 13)
  // spreads a lever's effects through prices, credit and banks' capital, the
  // ~100 deals of a replication move by a few either way once the first extra
  // deal changes an adopter's fortunes. Measured over 96 pairs: mean +6.95 %,
  // s.d. 6.0 % per pair, 83 higher, 4 equal, 9 lower (a pair is higher with
  // probability ~0.87). The old design (16 pairs, >= 14 higher, t > 4) sat on
  // its bar: P(>= 14 of 16 | 0.87) = 0.63 and the expected t was 4.6, so any
  // change of the baseline path flipped it. With 48 pairs the expected paired
  // t is 8.0 (power of t > 4 above 0.99) and the sign test below has power
  // above 0.999 at the measured share, while the evidence it asks for is
  // stronger than 14 of 16 (one-sided binomial p 0.002): p < 0.001 against
  // "higher and lower equally likely", ties left out.
  const Params base = small(1500, 5.5);
  Params placebo = equity_on(base);
  placebo.equity.max_stake = 0.0;
  Welford effect;
  int higher = 0, lower = 0;
  // Pre-registered in session 15 (referee 15: the t bar had been lowered from
  // 4 to 3 after t 3.69 was seen on replications 0..47): the test now runs on
  // replications 48..95, never run under the value test of 7.18 item 4a, with
  // the bars committed before its first run: sign test p < 0.001, mean above
  // 2 %, paired t above 3 (the power bar for the +3.44 % effect seen on
  // 0..47: expected t about 3.7).
  constexpr int reps = 48;
  constexpr std::uint64_t first = 48;
  for (std::uint64_t rep = first; rep < first + reps; ++rep) {
    const RunResult r_off = Ecosystem(base, 21, rep).run();
    const RunResult r_on = run_checked(equity_on(base), 21, rep);
    const RunResult r_zero = Ecosystem(placebo, 21, rep).run();
    const double d_off = total_of(r_off, "tech_transfer_deals");
    const double d_on = total_of(r_on, "tech_transfer_deals");
    higher += d_on > d_off;
    lower += d_on < d_off;
    EXPECT_TRUE(differing_metrics(r_off, r_zero).empty()) << "replication " << rep;
    effect.add(d_on / d_off - 1.0);
    if (rep < first + 8)
      std::printf("[ equity ] rep %llu: deals off %.0f on %.0f (%+.1f %%), placebo %.0f; on equity terms %.0f; SME deals off "
                  "%.0f on %.0f; labs' equity income %.4g yuan, stakes at the horizon %.4g yuan\n",
                  static_cast<unsigned long long>(rep), d_off, d_on, 100 * (d_on / d_off - 1),
                  total_of(r_zero, "tech_transfer_deals"), total_of(r_on, "equity_deals"),
                  total_of(r_off, "sme_tech_transfer_deals"), total_of(r_on, "sme_tech_transfer_deals"),
                  total_of(r_on, "lab_equity_income"), r_on.series[metric_index("lab_equity_value")].back());
  }
  // One-sided sign test: P(X >= higher) for X ~ Binomial(higher + lower, 1/2).
  const int n = higher + lower;
  double p_sign = 0;
  for (int k = higher; k <= n; ++k)
    p_sign += std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) - n * std::log(2.0));
  const double t = effect.mean() / (effect.sd() / std::sqrt(static_cast<double>(reps)));
  std::printf("[ equity ] %d pairs: deals %+.2f %% (s.d. %.2f %%), paired t %.2f; %d higher, %d lower, sign test p %.2g\n", reps,
              100 * effect.mean(), 100 * effect.sd(), t, higher, lower, p_sign);
  // Session 15: on plat15's branch, with the value test (7.18 item 4a) and
  // before the union, the effect fell to +3.44 % on replications 0..47 (t
  // 3.69), failing the old t > 4 bar; the bars below were then set before any
  // run of replications 48..95. On the union (equity deals exempt from the
  // value test, c57d168, with the session's other changes) the first run of
  // 48..95 gave +20.12 % (s.d. 11.80 %, t 11.81; 47 higher, 1 lower, sign p
  // 1.7e-13), and 0..47 gives +21.32 % (t 18.3): the halving was the branch's,
  // not the union's.
  EXPECT_GT(effect.mean(), 0.02);
  EXPECT_GT(t, 3.0);
  EXPECT_LT(p_sign, 0.001);
}

TEST(EquityForTechnology, ScenarioKeysAreValidated) {
  const std::string k = "policies.equity_for_technology.";
  const auto ds = diagnostics_of({k + "share_of_results=1.5", k + "max_stake=-0.1", k + "budget_yuan=1",
                                  k + "min_stage=tech_sme", k + "delivery=automatic"});
  const std::string all = listed(ds);
  EXPECT_EQ(ds.size(), 5u) << all;
  // No budget (the government pays nothing), no eligibility by stage, no delivery mode.
  const std::vector<std::string> expected = {
      "share_of_results: 1.5 is out of range: must be in [0, 1] share", "max_stake: -0.1 is out of range",
      "unknown key 'policies.equity_for_technology.budget_yuan'", "unknown key 'policies.equity_for_technology.min_stage'",
      "unknown key 'policies.equity_for_technology.delivery'"};
  EXPECT_TRUE(unmentioned(ds, expected).empty()) << all;
  EXPECT_TRUE(diagnostics_of({k + "enabled=true", k + "share_of_results=1", k + "max_stake=0"}).empty());
}

TEST(EquityForTechnology, LibraryScenarioSwitchesItOnAndTheBaselineDoesNot) {
  const Params base = library("jiangmen-2025");
  EXPECT_FALSE(base.equity.programme.enabled);
  Params p = library("equity-for-technology");
  EXPECT_TRUE(p.equity.programme.enabled);
  EXPECT_EQ(p.equity.programme.start_year, 2026);
  EXPECT_EQ(p.equity.share_of_results, 0.5);
  EXPECT_EQ(p.equity.max_stake, 0.1);
  // Two years of the library scenario: no deal on equity terms in 2025, some from 2026.
  p.horizon_years = 2;
  const RunResult r = run_checked(p, 1, 0);
  const auto& deals = r.series[metric_index("equity_deals")];
  double in_2025 = 0, in_2026 = 0;
  for (std::size_t t = 0; t < deals.size(); ++t) (t <= 12 ? in_2025 : in_2026) += deals[t];
  EXPECT_EQ(in_2025, 0.0);
  EXPECT_GT(in_2026, 0.0);
  std::printf("[ equity ] library variant, 2 years: deals on equity terms in 2026 %.0f of %.0f\n", in_2026,
              total_of(r, "tech_transfer_deals"));
}

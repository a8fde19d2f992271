// The guidance fund and the sci-tech bonds (docs/model.md 7.11, issue 14,
// referee note on the guidance fund): the fund's share of exit proceeds is
// capped at cost plus the loan rate and the excess ceded (让利), or its
// proceeds go to the treasury and reduce its net fiscal cost; its capital is
// paid in by yearly tranches; the bonds are LP money of the private vintages,
// not the fund's. Books are checked at every sample (1e-9).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "lever_helpers.hpp"

using namespace innosim::model;
using namespace innosim::model::lever_test;

namespace {

/// A small city with many exits (short holding periods), no bonds unless asked.
Params exits_often(double years) {
  Params p = small(1500, years);
  p.venture.exit_years_mean = 2;
  p.venture.sci_tech_bonds_yuan_per_year = 0;
  return p;
}

}  // namespace

TEST(Guidance, ExitShareIsCappedAtCostPlusTheLoanRate) {
  // 128号 art 15: at cost within 3 years, cost plus the 1-year loan rate
  // (simple interest) after; a loss is shared pro rata; off: pro rata.
  VentureParams vp;
  vp.guidance_cap_rate = 0.03;
  vp.guidance_cap_free_years = 3;
  EXPECT_DOUBLE_EQ(guidance_exit_share(vp, 250, 100, 2), 100);             // gain within 3 years: at cost
  EXPECT_DOUBLE_EQ(guidance_exit_share(vp, 250, 100, 5), 100 * 1.15);      // after: cost x (1 + 0.03 x 5)
  EXPECT_DOUBLE_EQ(guidance_exit_share(vp, 60, 100, 5), 60);               // a loss: pro rata
  EXPECT_DOUBLE_EQ(guidance_exit_share(vp, 101, 100, 4), 101);             // below the cap
  vp.guidance_cede_excess = false;
  EXPECT_DOUBLE_EQ(guidance_exit_share(vp, 250, 100, 5), 250);
}

TEST(Guidance, CededReturnsConserveMoneyAndBindTheFund) {
  // With the cap the fund's proceeds never exceed its cost plus the loan
  // rate over the run; the excess goes to the private side, money conserved.
  Params p = exits_often(6);
  const RunResult capped = run_checked(p, 21, 0);
  ASSERT_TRUE(capped.books.ok()) << capped.books.worst;
  EXPECT_LT(capped.books.worst_gap, 1e-9) << capped.books.worst;
  const double invested = total_of(capped, "guidance_investment"), got = total_of(capped, "guidance_exit_proceeds");
  const double ceded = total_of(capped, "guidance_proceeds_ceded");
  EXPECT_GT(invested, 0.0);
  EXPECT_GT(got, 0.0);
  EXPECT_GT(ceded, 0.0);
  EXPECT_LE(got, invested * (1.0 + p.venture.guidance_cap_rate * p.horizon_years));
  p.venture.guidance_cede_excess = false;
  const RunResult pro_rata = run_checked(p, 21, 0);
  EXPECT_EQ(total_of(pro_rata, "guidance_proceeds_ceded"), 0.0);
  // The first exits are the same stakes in both runs (the first round is
  // identical): uncapped, the fund gets more at the first sale year.
  EXPECT_GT(total_of(pro_rata, "guidance_exit_proceeds"), got);
  std::printf("[ guidance ] invested %.4g, proceeds %.4g capped (ceded %.4g) vs %.4g pro rata\n", invested, got, ceded,
              total_of(pro_rata, "guidance_exit_proceeds"));
}

TEST(Guidance, ProceedsToTheTreasuryReduceTheNetCostAndAreNotReinvested) {
  Params p = exits_often(6);
  p.venture.guidance_to_treasury = true;
  const RunResult r = run_checked(p, 22, 0);
  ASSERT_TRUE(r.books.ok()) << r.books.worst;
  EXPECT_LT(r.books.worst_gap, 1e-9) << r.books.worst;
  const double returned = total_of(r, "capital_returned");
  EXPECT_GT(returned, 0.0);
  EXPECT_NEAR(returned, total_of(r, "guidance_exit_proceeds"), 1e-9 * returned);
  // Capital at net cost: paid in, less returned, less what the funds hold at the end.
  const double paid = total_of(r, "fiscal_guidance_fund");
  const double residual = r.series[metric_index("capital_residual_value")].back();
  EXPECT_NEAR(total_of(r, "capital_net_cost"), paid - returned - residual, 1e-9 * paid);
  // Not recycled: the fund never invests more than the capital paid in.
  EXPECT_LE(total_of(r, "guidance_investment"), paid * (1 + 1e-12));
  std::printf("[ guidance ] to the treasury: paid in %.4g, returned %.4g, residual %.4g, invested %.4g\n", paid, returned,
              residual, total_of(r, "guidance_investment"));
}

TEST(Guidance, CapitalIsPaidInByYearlyTranches) {
  // 210号 art 24: 2 bn over 5 tranches, the first at the start, one at each
  // of the next four reviews; nothing after.
  Params p = small(1500, 6.5);
  p.venture.guidance_fund_yuan = 2e9;
  p.venture.guidance_paid_in_years = 5;
  const RunResult r = run_checked(p, 23, 0);
  ASSERT_TRUE(r.books.ok()) << r.books.worst;
  const auto& paid = r.series[metric_index("fiscal_guidance_fund")];
  std::vector<double> tranches;
  for (double v : paid)
    if (v > 0) tranches.push_back(v);
  ASSERT_EQ(tranches.size(), 5u);
  for (double v : tranches) EXPECT_NEAR(v, 0.4e9, 1e-3);
  EXPECT_LT(r.time_years[static_cast<std::size_t>(std::find_if(paid.begin(), paid.end(), [](double v) { return v > 0; }) - paid.begin())],
            1.0);  // the first tranche in the first year, not the whole capital
  // The fund never invests more in a year than it holds: at most the first tranche in the first round.
  EXPECT_LE(r.series[metric_index("guidance_investment")][0], 0.4e9 * (1 + 1e-12));
}

TEST(Guidance, SciTechBondsAreLpMoneyOfThePrivateVintages) {
  // The seed: state firms' sci-tech bonds 充实私募基金的资本来源. They add to
  // each later vintage's early-stage and growth funds, not to the guidance
  // fund, and stay when the guidance fund is switched off.
  Params p = small(1500, 3);
  p.venture.guidance.enabled = false;
  p.venture.sci_tech_bonds_yuan_per_year = 5e8;
  Ecosystem e(p, 24, 0);
  e.set_check_books_every_sample(true);
  const RunResult r = e.run();
  ASSERT_TRUE(r.books.ok()) << r.books.worst;
  const double k = 1500.0 / p.reference_firms;  // venture money scales with the city (5.9)
  std::vector<double> by_vintage(4, 0.0);
  for (const VentureFund& fund : e.venture_funds())
    if (fund.max_stage != Stage::startup || fund.min_stage != Stage::startup)  // early-stage and growth funds, not angel money
      by_vintage[static_cast<std::size_t>(fund.vintage - p.start_year)] += fund.committed;
  EXPECT_NEAR(by_vintage[0], k * p.venture.private_vc_yuan_per_year, 1e-3);  // no bonds at the start ("还将")
  for (std::size_t y = 1; y < by_vintage.size(); ++y)
    EXPECT_NEAR(by_vintage[y], k * (p.venture.private_vc_yuan_per_year + 5e8), 1e-3) << "vintage " << y;
  EXPECT_EQ(total_of(r, "guidance_investment"), 0.0);
}

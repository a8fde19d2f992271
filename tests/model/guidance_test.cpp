// The guidance fund and the sci-tech bonds (docs/model.md 7.11, issue 14,
// referee note on the guidance fund): the fund's share of exit proceeds is
// capped at cost plus the loan rate and the excess ceded (让利), or its stake
// bought back by the partners (art 15), or shared pro rata; or its
// proceeds go to the treasury and reduce its net fiscal cost; its capital is
// paid in by yearly tranches; the bonds are LP money of the private vintages,
// not the fund's; private commitments respond to the private LPs' trailing
// multiple, ceded money included. Books are checked at every sample (1e-9).
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
  vp.guidance_exit_rule = GuidanceExit::cap_at_exit;
  vp.guidance_cap_rate = 0.03;
  vp.guidance_cap_free_years = 3;
  EXPECT_DOUBLE_EQ(guidance_exit_share(vp, 250, 100, 2), 100);             // gain within 3 years: at cost
  EXPECT_DOUBLE_EQ(guidance_exit_share(vp, 250, 100, 5), 100 * 1.15);      // after: cost x (1 + 0.03 x 5)
  EXPECT_DOUBLE_EQ(guidance_exit_share(vp, 60, 100, 5), 60);               // a loss: pro rata
  EXPECT_DOUBLE_EQ(guidance_exit_share(vp, 101, 100, 4), 101);             // below the cap
  vp.guidance_cede_excess = false;
  EXPECT_DOUBLE_EQ(guidance_exit_share(vp, 250, 100, 5), 250);
}

TEST(Guidance, FollowOnCarryPaysTheLeadAShareOfTheGainOnly) {
  // 跟进投资 (128号 ch. 4): the gain pays the lead fund's performance reward,
  // the rest of the pro-rata proceeds comes back; a loss is shared pro rata;
  // the art 15 price plays no part, so the holding period does not matter.
  VentureParams vp;
  vp.guidance_exit_rule = GuidanceExit::follow_on_carry;
  vp.guidance_carry_share = 0.2;
  EXPECT_DOUBLE_EQ(guidance_exit_share(vp, 250, 100, 2), 250 - 0.2 * 150);
  EXPECT_DOUBLE_EQ(guidance_exit_share(vp, 250, 100, 9), 250 - 0.2 * 150);
  EXPECT_DOUBLE_EQ(guidance_exit_share(vp, 60, 100, 5), 60);
  EXPECT_FALSE(guidance_buy_back_due(vp, 250, 100, 2, true));  // never bought back
  vp.guidance_carry_share = 0;
  EXPECT_DOUBLE_EQ(guidance_exit_share(vp, 250, 100, 5), 250);
  vp.guidance_carry_share = 0.2;
  vp.guidance_cede_excess = false;
  EXPECT_DOUBLE_EQ(guidance_exit_share(vp, 250, 100, 5), 250);
  EXPECT_EQ(VentureParams{}.guidance_exit_rule, GuidanceExit::follow_on_carry);  // the default (7.11)
}

TEST(Guidance, CededReturnsConserveMoneyAndBindTheFund) {
  // With the cap the fund's proceeds never exceed its cost plus the loan
  // rate over the run; the excess goes to the private side, money conserved.
  Params p = exits_often(6);
  p.venture.guidance_exit_rule = GuidanceExit::cap_at_exit;
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
  // Exit proceeds and the prices of stakes bought back (nil unless the exit rule is buy_back).
  EXPECT_NEAR(returned, total_of(r, "guidance_exit_proceeds") + total_of(r, "guidance_buy_back"), 1e-9 * returned);
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

TEST(Guidance, CommitmentResponseIsClippedAndNeutralAtZeroElasticity) {
  VentureParams vp;
  vp.commitment_reference_multiple = 2.0;
  vp.commitment_elasticity = 0.5;
  EXPECT_DOUBLE_EQ(commitment_response(vp, 0.0), 1.0);         // no vintage old enough: the base
  EXPECT_DOUBLE_EQ(commitment_response(vp, 2.0), 1.0);         // at the reference
  EXPECT_NEAR(commitment_response(vp, 2.42), 1.1, 1e-12);      // (1.21)^0.5
  EXPECT_DOUBLE_EQ(commitment_response(vp, 32.0), 2.0);        // 16^0.5 = 4, clipped at the ceiling
  EXPECT_DOUBLE_EQ(commitment_response(vp, 0.125), 0.5);       // (1/16)^0.5 = 0.25, clipped at the floor
  vp.commitment_elasticity = 0;
  EXPECT_DOUBLE_EQ(commitment_response(vp, 8.0), 1.0);         // fixed commitments
}

TEST(Guidance, BuyBackIsExercisedWhenTheStakeIsWorthMoreThanThePrice) {
  // 128号 art 15 held by rational partners: at cost at the last review
  // before the price steps up (year 2 of 3), at cost plus interest after,
  // and before any sale; never on a stake worth less than the price.
  VentureParams vp;
  vp.guidance_exit_rule = GuidanceExit::buy_back;
  vp.guidance_cap_rate = 0.03;
  vp.guidance_cap_free_years = 3;
  EXPECT_FALSE(guidance_buy_back_due(vp, 150, 100, 1, false));  // the price is still flat: wait
  EXPECT_TRUE(guidance_buy_back_due(vp, 150, 100, 1, true));    // but before a sale
  EXPECT_TRUE(guidance_buy_back_due(vp, 150, 100, 2, false));   // the last review at cost
  EXPECT_FALSE(guidance_buy_back_due(vp, 90, 100, 2, false));   // a loser: the option lapses
  EXPECT_FALSE(guidance_buy_back_due(vp, 110, 100, 5, false));  // below cost x 1.15
  EXPECT_TRUE(guidance_buy_back_due(vp, 120, 100, 5, false));
  EXPECT_DOUBLE_EQ(guidance_strike(vp, 100, 2), 100);
  EXPECT_DOUBLE_EQ(guidance_strike(vp, 100, 5), 115);
  vp.guidance_exit_rule = GuidanceExit::cap_at_exit;
  EXPECT_FALSE(guidance_buy_back_due(vp, 150, 100, 2, true));
  vp.guidance_exit_rule = GuidanceExit::equal_shares;
  EXPECT_DOUBLE_EQ(guidance_exit_share(vp, 250, 100, 5), 250);
}

namespace {

/// Private LP commitments per vintage (early-stage and growth funds), from the fund list.
std::vector<double> private_by_vintage(const Ecosystem& e, const Params& p) {
  std::vector<double> v;
  for (const VentureFund& fund : e.venture_funds()) {
    if (!fund.responds) continue;
    const auto y = static_cast<std::size_t>(fund.vintage - p.start_year);
    if (v.size() <= y) v.resize(y + 1, 0.0);
    v[y] += fund.committed;
  }
  return v;
}

}  // namespace

TEST(Guidance, PrivateCommitmentsRiseAfterGoodReturnsOnlyWithAnElasticity) {
  // Mechanism: the same city, with exits valued at twice the revenue
  // multiple (better returns for private LPs). With eps = 0.5 the later
  // vintages are larger than in the ordinary run; with eps = 0 every vintage
  // is the base, in both runs. Guidance off, no bonds: only private money.
  Params p = small(1500, 8);
  p.venture.guidance.enabled = false;
  p.venture.sci_tech_bonds_yuan_per_year = 0;
  const double k = 1500.0 / p.reference_firms;  // venture money scales with the city (5.9)
  for (const double eps : {0.0, 0.5}) {
    p.venture.commitment_elasticity = eps;
    std::vector<double> vintages[2], multiples[2];
    for (int good = 0; good < 2; ++good) {
      Params q = p;
      if (good) q.firm.valuation_revenue_multiple *= 2;
      Ecosystem e(q, 31, 0);
      e.set_check_books_every_sample(true);
      const RunResult r = e.run();
      ASSERT_TRUE(r.books.ok()) << r.books.worst;
      EXPECT_LT(r.books.worst_gap, 1e-9) << r.books.worst;
      vintages[good] = private_by_vintage(e, q);
      multiples[good] = r.series[metric_index("private_lp_multiple")];
    }
    ASSERT_EQ(vintages[0].size(), 9u);  // 2025-2033
    // Vintages before 2028 have no vintage of age 3 to look at: the base in every run.
    for (std::size_t y = 0; y < 3; ++y)
      for (int good = 0; good < 2; ++good) EXPECT_NEAR(vintages[good][y], k * p.venture.private_vc_yuan_per_year, 1e-3);
    EXPECT_GT(*std::max_element(multiples[1].begin(), multiples[1].end()), *std::max_element(multiples[0].begin(), multiples[0].end()));
    double later[2] = {0, 0};
    for (int good = 0; good < 2; ++good)
      for (std::size_t y = 3; y < vintages[good].size(); ++y) later[good] += vintages[good][y];
    std::printf("[ guidance ] eps %.1f: vintages 2028-2033 %.4g (ordinary) vs %.4g (good returns); peak multiple %.3f vs %.3f\n", eps,
                later[0], later[1], *std::max_element(multiples[0].begin(), multiples[0].end()),
                *std::max_element(multiples[1].begin(), multiples[1].end()));
    if (eps == 0) {
      for (int good = 0; good < 2; ++good)
        for (double v : vintages[good]) EXPECT_NEAR(v, k * p.venture.private_vc_yuan_per_year, 1e-3);  // exactly the base
    } else {
      EXPECT_GT(later[1], later[0] * 1.05);
      for (std::size_t y = 3; y < vintages[1].size(); ++y) EXPECT_GT(vintages[1][y], vintages[0][y]) << "vintage " << y;
    }
  }
}

TEST(Guidance, BuyBackReturnsTheMoneySoonerThanTheCapAtExit) {
  // Same city and seed, fixed commitments: under buy_back the partners buy
  // the winning stakes at cost at the review of year 2, so by then the fund
  // has received more than under the cap at exit, and recycles it sooner.
  // Last-resort entry, where the fund's cash binds its investment: under
  // follow-on entry (the default) its cash does not bind in this city (each
  // deal takes at most a third of a lead's round and 5 m), so money back
  // sooner is not invested sooner (session 15: 3.66e8 by year 2.5 either way).
  Params p = small(1500, 6);
  p.venture.guidance.enabled = true;  // explicitly: the library baseline may have it off (a planned measure)
  p.venture.guidance_entry = GuidanceEntry::last_resort;
  p.venture.sci_tech_bonds_yuan_per_year = 0;
  p.venture.commitment_elasticity = 0;
  double early[2], all[2], invested_early[2];
  const GuidanceExit rules[2] = {GuidanceExit::cap_at_exit, GuidanceExit::buy_back};
  for (int i = 0; i < 2; ++i) {
    p.venture.guidance_exit_rule = rules[i];
    const RunResult r = run_checked(p, 32, 0);
    ASSERT_TRUE(r.books.ok()) << r.books.worst;
    EXPECT_LT(r.books.worst_gap, 1e-9) << r.books.worst;
    const auto& got = r.series[metric_index("guidance_exit_proceeds")];
    const auto& bought = r.series[metric_index("guidance_buy_back")];
    const auto& inv = r.series[metric_index("guidance_investment")];
    early[i] = all[i] = invested_early[i] = 0;
    for (std::size_t t = 0; t < got.size(); ++t) {
      all[i] += got[t] + bought[t];
      if (r.time_years[t] <= 2.5) early[i] += got[t] + bought[t], invested_early[i] += inv[t];
    }
    if (i == 0) {
      EXPECT_EQ(total_of(r, "guidance_buy_back"), 0.0);
    } else {
      EXPECT_GT(total_of(r, "guidance_buy_back"), 0.0);
    }
  }
  std::printf("[ guidance ] received by year 2.5: %.4g (cap at exit) vs %.4g (buy-back); over 6 years %.4g vs %.4g; invested by 2.5: %.4g vs %.4g\n",
              early[0], early[1], all[0], all[1], invested_early[0], invested_early[1]);
  EXPECT_GT(early[1], early[0]);
  EXPECT_GT(invested_early[1], invested_early[0]);  // the money back at year 2 is invested in that year's round
}

TEST(Guidance, CededValueIsBookedReportedAndCountsInPrivateReturns) {
  // Books balance under each rule; what is ceded is reported as a leakage
  // out of the city (private LPs are outside its accounts); nothing is ceded
  // under equal shares; under the cap what is ceded raises the private LPs'
  // multiple above equal shares.
  Params p = exits_often(6);
  p.venture.guidance.enabled = true;
  p.venture.commitment_elasticity = 0;
  double multiple[4] = {0, 0, 0, 0};
  const GuidanceExit rules[4] = {GuidanceExit::cap_at_exit, GuidanceExit::buy_back, GuidanceExit::equal_shares,
                                 GuidanceExit::follow_on_carry};
  for (int i = 0; i < 4; ++i) {
    p.venture.guidance_exit_rule = rules[i];
    const RunResult r = run_checked(p, 33, 0);
    ASSERT_TRUE(r.books.ok()) << r.books.worst;
    EXPECT_LT(r.books.worst_gap, 1e-9) << r.books.worst;
    const double out = total_of(r, "guidance_ceded_out_of_city"), at_exit = total_of(r, "guidance_proceeds_ceded");
    const auto& m = r.series[metric_index("private_lp_multiple")];
    multiple[i] = *std::find_if(m.begin(), m.end(), [](double v) { return v > 0; });
    std::printf("[ guidance ] rule %d: ceded out of the city %.4g (at exits %.4g), bought back %.4g, first private multiple %.4f\n", i, out,
                at_exit, total_of(r, "guidance_buy_back"), multiple[i]);
    if (rules[i] == GuidanceExit::equal_shares) {
      EXPECT_EQ(out, 0.0);
      EXPECT_EQ(total_of(r, "guidance_buy_back"), 0.0);
    } else {
      EXPECT_GT(out, 0.0);
      EXPECT_GE(out, at_exit * (1 - 1e-12));
    }
    if (rules[i] == GuidanceExit::cap_at_exit || rules[i] == GuidanceExit::follow_on_carry) {
      EXPECT_NEAR(out, at_exit, 1e-9 * out);  // no buy-backs: all ceded at exits
      EXPECT_EQ(total_of(r, "guidance_buy_back"), 0.0);
    }
    if (rules[i] == GuidanceExit::follow_on_carry) {
      // At each exit the lead gets c of the gain, the fund at least (1 - c) of it
      // plus its cost, so what is ceded is at most c / (1 - c) of what it receives.
      const double c = p.venture.guidance_carry_share;
      EXPECT_LE(out, c / (1 - c) * total_of(r, "guidance_exit_proceeds") * (1 + 1e-12));
    }
  }
  // Under buy_back the fund recycles more, and the private vintages take its extra last-resort deals with
  // their crowded-in money, so no order is asserted there (7.11, the table).
  EXPECT_GT(multiple[0], multiple[2]);
  EXPECT_GT(multiple[3], multiple[2]);  // the carry raises the private LPs' multiple too
}

TEST(Guidance, FollowOnMoneyGoesOnlyIntoDealsAPrivateFundLeads) {
  // 跟进投资 (7.11): guidance money enters a round only after a private fund
  // has chosen the firm and can pay the whole round, and then takes at most
  // φ times the lead's own part and at most g_max. Every guidance stake is
  // held by a private lead with at least 1/φ times as much of its own money.
  Params p = small(1500, 4);
  p.venture.guidance.enabled = true;
  p.venture.sci_tech_bonds_yuan_per_year = 0;
  ASSERT_EQ(p.venture.guidance_entry, GuidanceEntry::follow_on);  // the default
  Ecosystem e(p, 41, 0);
  e.set_check_books_every_sample(true);
  const RunResult r = e.run();
  ASSERT_TRUE(r.books.ok()) << r.books.worst;
  const double phi = p.venture.guidance_follow_share, cap = p.venture.guidance_project_cap_yuan;
  int stakes = 0;
  for (const Firm& f : e.firms()) {
    if (!f.alive || !(f.guidance_invested > 0)) continue;
    ++stakes;
    EXPECT_GE(f.venture_fund, 0) << "firm " << f.id;
    EXPECT_LE(f.guidance_invested, phi * (f.venture_invested - f.guidance_invested) * (1 + 1e-12)) << "firm " << f.id;
    EXPECT_LE(f.guidance_invested, cap * (1 + 1e-12)) << "firm " << f.id;
  }
  EXPECT_GT(stakes, 0) << "no guidance stake: the test would not see the rule";
  // No private decision, no guidance money: private funds too small to pay
  // any round (they exist, so a last-resort deal has a fund to sit in) lead
  // nothing, and the follow-on fund invests nothing; the former last-resort
  // rule invests in the same city, so the assertion can fail.
  Params q = p;
  q.venture.private_vc_yuan_per_year = 1000;
  q.venture.angel_yuan_per_year = 1000;
  const RunResult follow = run_checked(q, 41, 0);
  ASSERT_TRUE(follow.books.ok()) << follow.books.worst;
  EXPECT_EQ(total_of(follow, "guidance_investment"), 0.0);
  EXPECT_EQ(total_of(follow, "venture_investment"), 0.0);
  q.venture.guidance_entry = GuidanceEntry::last_resort;
  const RunResult last = run_checked(q, 41, 0);
  ASSERT_TRUE(last.books.ok()) << last.books.worst;
  EXPECT_GT(total_of(last, "guidance_investment"), 0.0);
  std::printf("[ guidance ] follow-on: %d stakes at the end, %.4g invested; without private leads %.4g (last resort %.4g)\n", stakes,
              total_of(r, "guidance_investment"), total_of(follow, "guidance_investment"), total_of(last, "guidance_investment"));
}

TEST(Guidance, ManagementFeeIsACityOutlayCountedOnceWhetherOrNotTheFundsGainsCount) {
  // The fee (a yearly rate on the fund's stakes at cost, 7.11) is paid by
  // the fund to its manager, guidance_fund -> external, and booked on its own
  // fiscal line, guidance_fee: an outlay of the city (the fund is city
  // money, 2.6) whose money leaves the fund's account; fees charged and not
  // yet paid are owed on it. Books checked at every sample (the line against
  // the fund's ledger flow). Against the same city and seed without the fee
  // the fund invests the same (its cash does not bind under follow-on entry
  // here), so the net fiscal cost must be higher by exactly the fees charged,
  // all of it the city's, and the capital line's net cost the same (the fund
  // counts the fees it paid as held, so they count once). Both with the
  // fund's gains counted and under the default prudent cap at paid-in
  // capital: before session 16 the fee lowered only what the fund holds, and
  // a fund above its capital showed no fee at all under the cap (referee 15
  // B6); the run without gains asserts the cap binds, so that it is that case.
  for (const bool gains : {true, false}) {
    SCOPED_TRACE(gains ? "gains counted" : "capped at paid-in capital");
    Params p = exits_often(6);
    p.venture.guidance.enabled = true;
    p.fiscal.count_fund_gains = gains;
    p.risk_pool.programme.enabled = false;  // the guidance fund is the only capital: the residual is its
    Params free = p;
    free.venture.guidance_fee_rate = 0;
    ASSERT_GT(p.venture.guidance_fee_rate, 0.0);
    Ecosystem e(p, 42, 0);
    e.set_check_books_every_sample(true);
    const RunResult r = e.run();
    ASSERT_TRUE(r.books.ok()) << r.books.worst;
    EXPECT_LT(r.books.worst_gap, 1e-9) << r.books.worst;
    const RunResult f = run_checked(free, 42, 0);
    ASSERT_TRUE(f.books.ok()) << f.books.worst;
    const double fees = total_of(r, "guidance_management_fee"), owed = e.guidance_fee_owed();
    EXPECT_GT(fees, 0.0);
    EXPECT_EQ(total_of(f, "guidance_management_fee"), 0.0);
    EXPECT_EQ(total_of(r, "fiscal_guidance_fee"), fees);  // the line is what the fund paid
    // At most the rate on everything the fund ever invested, for every year of the run.
    EXPECT_LE(fees + owed, p.venture.guidance_fee_rate * total_of(r, "guidance_investment") * p.horizon_years);
    const auto& inv = r.series[metric_index("guidance_investment")];
    const auto& inv_free = f.series[metric_index("guidance_investment")];
    ASSERT_EQ(inv, inv_free) << "the fee changed what the fund invests: the exact comparison below does not hold";
    const double paid_in = total_of(r, "fiscal_guidance_fund"), tol = 1e-9 * paid_in;
    const double residual = r.series[metric_index("capital_residual_value")].back();
    const double net = total_of(r, "net_fiscal_cost"), net_free = total_of(f, "net_fiscal_cost");
    std::printf("[ guidance ] %s: fees paid %.6g (owed %.6g); net fiscal cost %.6g vs %.6g without the fee; the fund's "
                "capital net cost %.6g vs %.6g; residual %.6g vs %.6g, paid in %.6g\n",
                gains ? "gains counted" : "capped", fees, owed, net, net_free, total_of(r, "capital_net_cost"),
                total_of(f, "capital_net_cost"), residual, f.series[metric_index("capital_residual_value")].back(), paid_in);
    EXPECT_NEAR(net - net_free, fees + owed, tol);
    EXPECT_NEAR(total_of(r, "net_fiscal_cost_city") - total_of(f, "net_fiscal_cost_city"), fees + owed, tol);
    EXPECT_NEAR(total_of(r, "fiscal_outlay_city") - total_of(f, "fiscal_outlay_city"), fees, tol);
    for (const char* level : {"net_fiscal_cost_central", "net_fiscal_cost_provincial"})
      EXPECT_EQ(total_of(r, level), total_of(f, level)) << level;
    EXPECT_NEAR(total_of(r, "capital_net_cost"), total_of(f, "capital_net_cost"), tol);
    // Under the cap the fund holds more than its capital at the end: the case in which the fee was invisible.
    // (The capital is what is left on the line after the fees still advanced from principal, 2.6.)
    if (!gains) {
      EXPECT_NEAR(residual, paid_in, tol);
    }
  }
}

TEST(Guidance, GrossSpendingCountsAFeeAdvancedFromPrincipalOnce) {
  // Referee 16 B6: gross fiscal_spending counted a fee the fund advanced from
  // its principal twice, once as capital paid in and again on the fee line.
  // Now a fee is paid from the fund's realised gains first; what it advances
  // from principal (粤财预〔2025〕55号) is moved off the capital line, and moved
  // back when later gains make it up (补回). So the two guidance lines
  // together must equal what the government paid in plus the fees paid out
  // of gains: every yuan once. Same city and seed (exits every 2 years on
  // average), books checked at every sample, the lines' totals at the end
  // against the ledger:
  // - every exit at most at cost (ipo_exit_share 0): the fund never gains,
  //   every fee is advanced, so the lines together are exactly the capital
  //   paid in (the accounting before session 17, paid in + fees, fails this);
  // - every exit at the valuation (1): gains make advances up, so some
  //   advance is made up and the lines are the capital plus the fees less
  //   the advances left.
  // In both, gross spending is the outlays plus capital over the levels.
  const Fiscal fund = fiscal_line("guidance_fund"), fee = fiscal_line("guidance_fee");
  for (const double q : {0.0, 1.0}) {
    SCOPED_TRACE(q);
    Params p = exits_often(6);
    p.venture.ipo_exit_share = q;
    p.venture.guidance.enabled = true;
    Ecosystem e(p, 42, 0);
    e.set_check_books_every_sample(true);
    const RunResult r = e.run();
    ASSERT_TRUE(r.books.ok()) << r.books.worst;
    EXPECT_LT(r.books.worst_gap, 1e-9) << r.books.worst;
    const double paid_in = e.ledger().paid_out(Account::government, fiscal_line_info(fund).flow);
    const double fees = e.ledger().paid_out(Account::guidance_fund, fiscal_line_info(fee).flow);
    const double advanced = e.guidance_fees_advanced(), made_up = e.guidance_fees_made_up();
    const double lines = e.fiscal_total(fund) + e.fiscal_total(fee);
    const double tol = 1e-9 * paid_in;
    std::printf("[ guidance ] ipo_exit_share %g: paid in %.6g, fees %.6g (advanced from principal and not made up %.6g, "
                "made up %.6g), proceeds %.6g; the two lines %.6g\n",
                q, paid_in, fees, advanced, made_up, total_of(r, "guidance_exit_proceeds"), lines);
    ASSERT_GT(paid_in, 0.0);
    ASSERT_GT(fees, 0.0);
    EXPECT_NEAR(lines, paid_in + fees - advanced, tol);
    EXPECT_NEAR(e.fiscal_total(fee), fees, tol);  // the fee line still shows every fee
    double levels = 0;
    for (const char* m : {"fiscal_outlay_central", "fiscal_outlay_provincial", "fiscal_outlay_city", "fiscal_capital_central",
                          "fiscal_capital_provincial", "fiscal_capital_city"})
      levels += total_of(r, m);
    EXPECT_NEAR(total_of(r, "fiscal_spending"), levels, 1e-9 * total_of(r, "fiscal_spending"));
    if (q == 0.0) {
      EXPECT_EQ(made_up, 0.0);
      EXPECT_NEAR(advanced, fees, tol);
      EXPECT_NEAR(lines, paid_in, tol) << "a fee advanced from principal is counted twice";
    } else {
      EXPECT_GT(total_of(r, "guidance_exit_proceeds"), 0.0);
      EXPECT_GT(made_up, 0.0) << "no advance was made up from gains: the 补回 branch is not exercised";
      EXPECT_LT(advanced, fees);
      EXPECT_GT(lines, paid_in);
    }
  }
}


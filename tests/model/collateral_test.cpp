// The collateral test and the working-capital rollover (docs/model.md 7.7d):
// a loan's uncovered part is limited by the firm's pledgeable assets times
// the loan-to-value ratio; the pool's cover and the points line's guarantee
// lend beyond it up to their cover, and only for firms it constrains; a
// firm that passes the interest-cover test keeps its working capital by
// rollover. Books are checked at every sample of every run.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <limits>

#include "innosim/engine/statistics.hpp"
#include "innosim/model/ecosystem.hpp"
#include "lever_helpers.hpp"

using namespace innosim::model;
using innosim::engine::Welford;

namespace {

// A working-capital request large enough to meet the test: two months of
// revenue, at least 200,000 yuan.
double request_of(const Firm& f) { return std::max(2e5, 2.0 * f.revenue); }

double at_end(const RunResult& r, const char* metric) { return r.series[metric_index(metric)].back(); }

}  // namespace

TEST(Collateral, BindsForFirmsWithFewAssetsOnly) {
  // The same city on the same seed at its start (the opening book does not
  // depend on the test), without and with the collateral test (LTV 0.6), no
  // pool and no points line: for each firm the same request is quoted by
  // both. A firm whose collateral room (0.6 x (receivables + equipment) less
  // its uncovered debt) is below what the bank would lend otherwise is cut
  // to that room (or refused below 10,000 yuan); a firm with room for the
  // whole request gets what it got without the test. Exact: one state, two
  // rules. The cut firms hold fewer pledgeable assets per yuan of debt and
  // request: per yuan of the request alone they hold as much as the others
  // (3.57 against 3.55 at the start), as the opening loans were sized on
  // cash flow, not on assets (7.7).
  Params on = lever_test::small(1500, 1);
  on.risk_pool.programme.enabled = false;
  on.bank.collateral_ltv = 0.6;
  Params off = on;
  off.bank.collateral_ltv = 0;
  Ecosystem a(off, 31, 0), b(on, 31, 0);
  ASSERT_EQ(a.firms().size(), b.firms().size());
  int constrained = 0, unconstrained = 0;
  double assets_constrained = 0, assets_unconstrained = 0;
  for (std::size_t i = 0; i < a.firms().size(); ++i) {
    const Firm& f = a.firms()[i];
    const Firm& g = b.firms()[i];
    ASSERT_EQ(f.id, g.id);
    const double want = request_of(f);
    const Banks::Quote qa = a.credit_quote(f, want, false), qb = b.credit_quote(g, want, false);
    const double room = b.collateral_room(g);
    // Pledgeable assets per yuan of what they must secure (the uncovered debt and the request).
    const double pledgeable = (f.receivables + f.fixed_assets) / (f.debt - f.covered_debt + want);
    EXPECT_EQ(a.collateral_room(f), std::numeric_limits<double>::infinity()) << "the test is off at LTV 0";
    EXPECT_LE(qb.amount, qa.amount + 1e-6) << "firm " << f.id << ": the collateral test must never lend more";
    if (room >= want) {
      EXPECT_EQ(qb.amount, qa.amount) << "firm " << f.id << ": collateral for the whole request, yet cut";
      ++unconstrained;
      assets_unconstrained += pledgeable;
    } else if (qa.amount > room + 1e4) {
      EXPECT_EQ(qb.amount, room > 1e4 ? room : 0.0) << "firm " << f.id << ": not cut to its collateral room";
      ++constrained;
      assets_constrained += pledgeable;
    }
  }
  std::printf("[ collateral ] LTV 0.6 at the start: %d firms cut to their collateral room (pledgeable assets %.2f x their "
              "uncovered debt and request), %d with room for the request (%.2f x)\n",
              constrained, constrained ? assets_constrained / constrained : 0.0, unconstrained,
              unconstrained ? assets_unconstrained / unconstrained : 0.0);
  EXPECT_GT(constrained, 20) << "the test must bind for some firms";
  EXPECT_GT(unconstrained, 20) << "and leave others alone";
  EXPECT_LT(assets_constrained / constrained, assets_unconstrained / unconstrained)
      << "the firms it binds for must hold fewer pledgeable assets";
}

TEST(Collateral, CoverAndTheLineLendBeyondCollateralForConstrainedFirmsOnly) {
  // points-credit (the baseline's pool and the points line from 2026) with
  // the collateral test at LTV 0.6, in mid-2026: for each firm the same
  // request is quoted; the ordinary terms never lend beyond the collateral
  // room; a firm whose room covers the request gets no cover and no
  // guarantee and no more than the ordinary terms; some constrained firms
  // get more than the ordinary terms, through the pool's cover and through
  // the line's guarantee.
  Params p = lever_test::shrunk("points-credit", 1500, 2);
  p.bank.collateral_ltv = 0.6;
  // Room in the pool: the claim is about whom cover serves, not about the
  // cap. Since session 17 a renewal competes for the room it held (7.9),
  // so in this small city the baseline's 26.1 m pool is at its cap in
  // mid-2026 (no room, or the lottery's admission closed) and no quote got
  // cover at cap 35 (0 firms lent more by the pool; 231 before the fix).
  p.risk_pool.leverage_cap = 1000;
  Ecosystem e(p, 32, 0);
  e.set_check_books_every_sample(true);
  e.run_until_years(1.5);
  ASSERT_TRUE(e.check_books().ok());
  int unconstrained = 0, by_pool = 0, by_line = 0, constrained = 0;
  for (const Firm& f : e.firms()) {
    const double want = request_of(f);
    const Banks::Quote q = e.credit_quote(f, want, false);
    const double room = e.collateral_room(f);
    EXPECT_LE(q.ordinary, room + 1e-6) << "firm " << f.id << ": ordinary terms beyond the collateral";
    EXPECT_GE(q.amount, q.ordinary - 1e-6) << "firm " << f.id << ": cover must not lend less";
    if (room >= want) {
      ++unconstrained;
      EXPECT_EQ(q.amount, q.ordinary) << "firm " << f.id << ": unconstrained, yet lent more with cover";
      EXPECT_EQ(q.cover + q.guaranteed, 0.0) << "firm " << f.id << ": cover for a loan its collateral secures";
    } else {
      ++constrained;
      if (q.amount > q.ordinary + 1e4) {
        EXPECT_GT(q.cover + q.guaranteed, 0.0);
        EXPECT_LE(q.amount, room + q.cover + q.guaranteed + 1e-6) << "firm " << f.id << ": beyond collateral and cover";
        (q.guaranteed > 0 ? by_line : by_pool) += 1;
      }
    }
  }
  std::printf("[ collateral ] points-credit, LTV 0.6, mid-2026: %d firms constrained, of which lent more by the pool's "
              "cover %d, by the points line's guarantee %d; %d unconstrained\n",
              constrained, by_pool, by_line, unconstrained);
  EXPECT_GT(unconstrained, 20);
  EXPECT_GT(by_pool, 0) << "the pool's cover must lend beyond collateral for some constrained firm";
  EXPECT_GT(by_line, 0) << "the points line must lend beyond collateral for some constrained firm";
}

TEST(Collateral, PoolRaisesCreditWhenCollateralBinds) {
  // The baseline with and without its pool, both with the collateral test
  // at LTV 0.6, paired on replications (common random numbers), 1,500
  // firms, 3 years: the pool's cover lends beyond collateral, so new loans
  // are higher with it (two-sided 95 % interval above 0). The pre-registered
  // sign (docs 7.7c); without the test the pool's effect on the stock was
  // inconclusive (7.7c, slack-capital table).
  constexpr int pairs = 4;
  Welford loans, stock;
  for (int rep = 0; rep < pairs; ++rep) {
    Params with = lever_test::shrunk("jiangmen-2025", 1500, 3), without = lever_test::shrunk("no-risk-pool", 1500, 3);
    with.bank.collateral_ltv = without.bank.collateral_ltv = 0.6;
    const RunResult a = lever_test::run_checked(with, 33, static_cast<std::uint64_t>(rep));
    const RunResult b = lever_test::run_checked(without, 33, static_cast<std::uint64_t>(rep));
    loans.add(lever_test::total_of(a, "new_tech_loans") - lever_test::total_of(b, "new_tech_loans"));
    stock.add(at_end(a, "tech_loans_outstanding") - at_end(b, "tech_loans_outstanding"));
  }
  const auto l = innosim::engine::confidence_interval(loans);
  const auto s = innosim::engine::confidence_interval(stock);
  std::printf("[ collateral ] pool vs none at LTV 0.6, %d pairs, 3 years: new loans %+.4g [%+.4g, %+.4g], stock at the end "
              "%+.4g [%+.4g, %+.4g] yuan\n",
              pairs, loans.mean(), l.low, l.high, stock.mean(), s.low, s.high);
  EXPECT_GT(l.low, 0.0) << "the pool must raise new loans when collateral binds";
}

TEST(Collateral, RolloverKeepsAPassingFirmsWorkingCapital) {
  // Working capital appraised on interest cover (ICR 2) and rolled over at
  // maturity when the firm passes (无还本续贷, 7.8, 7.7d), against the same
  // city where no firm passes the renewal (renewal cut-off 1), both with the
  // collateral test at LTV 0.6, paired on replications, 1,500 firms, 2
  // years: with rollover firms repay less principal and keep more debt.
  constexpr int pairs = 3;
  Welford stock;
  for (int rep = 0; rep < pairs; ++rep) {
    Params roll = lever_test::small(1500, 2);
    roll.bank.collateral_ltv = 0.6;
    roll.bank.working_capital_interest_cover = 2.0;
    Params none = roll;
    none.bank.renewal_cutoff = 1.0;
    const RunResult a = lever_test::run_checked(roll, 34, static_cast<std::uint64_t>(rep));
    const RunResult b = lever_test::run_checked(none, 34, static_cast<std::uint64_t>(rep));
    stock.add(at_end(a, "tech_loans_outstanding") - at_end(b, "tech_loans_outstanding"));
  }
  const auto s = innosim::engine::confidence_interval(stock);
  std::printf("[ collateral ] rollover vs none (ICR 2, LTV 0.6), %d pairs, 2 years: loan stock %+.4g [%+.4g, %+.4g] yuan\n",
              pairs, stock.mean(), s.low, s.high);
  EXPECT_GT(s.low, 0.0) << "rollover must keep firms' loans";
}

TEST(Collateral, PoolAddsNoMoreLoansThanItCovers) {
  // The baseline with and without its pool, collateral test at LTV 0.6,
  // paired on replications, 1,500 firms, 4 years, the fund scaled with the
  // city (a quarter of 26.1 m, so the cap binds as in the full city). Cover
  // is made to act only by lending beyond collateral: no ceiling bonus
  // (kappa 0), no screening relief, and Lambda 3 so the ceiling does not
  // bind first (at the default 0.5 the pool works mostly through kappa's
  // higher ceiling on the secured part, 7.7d). Then a loan the pool made
  // possible is covered or amortises, so the loan stock the pool adds at the
  // end is of the order of the stock it covers. Before session 17 a renewal
  // at the cover's end was refused for want of the room it held itself and
  // rolled over uncovered beyond collateral: 3.33 yuan of stock per covered
  // yuan, gain - 2 x covered +0.21 bn [+0.13, +0.29] (10 pairs, same
  // set-up through the CLI on main e0765a7); after: 0.48, -0.30 bn
  // [-0.53, -0.07]. The bound 2 was set after those two measurements, to
  // lie between them; the pre-registered 0.3-1.2 is for the full city at
  // the defaults (docs 7.7d, results).
  constexpr int pairs = 10;
  Welford bound, gain, covered;
  for (int rep = 0; rep < pairs; ++rep) {
    Params with = lever_test::shrunk("jiangmen-2025", 1500, 4), without = lever_test::shrunk("no-risk-pool", 1500, 4);
    for (Params* p : {&with, &without}) {
      p->bank.collateral_ltv = 0.6;
      p->bank.lambda = 3;
      p->risk_pool.ceiling_bonus_per_coverage = 0;
      p->risk_pool.screening_relief = 0;
    }
    with.risk_pool.fund_yuan *= 0.25;
    const RunResult a = lever_test::run_checked(with, 35, static_cast<std::uint64_t>(rep));
    const RunResult b = lever_test::run_checked(without, 35, static_cast<std::uint64_t>(rep));
    const double g = at_end(a, "tech_loans_outstanding") - at_end(b, "tech_loans_outstanding");
    const double c = at_end(a, "pool_covered_loans");
    gain.add(g);
    covered.add(c);
    bound.add(g - 2.0 * c);
  }
  const auto h = innosim::engine::confidence_interval(bound);
  const auto gi = innosim::engine::confidence_interval(gain);
  std::printf("[ collateral ] pool vs none at LTV 0.6, kappa 0, relief 0, fund x 0.25, %d pairs, 4 years: loan stock %+.4g "
              "[%+.4g, %+.4g], covered stock %.4g, gain per covered yuan %.3f; gain - 2 covered [%+.4g, %+.4g] yuan\n",
              pairs, gain.mean(), gi.low, gi.high, covered.mean(), gain.mean() / covered.mean(), h.low, h.high);
  EXPECT_GT(covered.mean(), 5e7) << "the pool must cover loans";
  EXPECT_LT(h.high, 0.0) << "the pool adds more than twice the loan stock it covers: loans outlive their cover";
}

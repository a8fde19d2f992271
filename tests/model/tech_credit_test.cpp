// The tech-credit product's concession and the relending behind it
// (docs/model.md 7.7, 2.6): the concessional rate reaches only NEW loans
// drawn while the product is open to the firm, and only within the city's
// relending room Q_rl / s_rl less the concessional principal outstanding, so
// the quasi-fiscal cost and the behaviour share one coverage (referee 16 B1,
// B6: the rate used to reach every eligible firm's new loans while the quota
// capped only the cost). Books are checked at every sample of every run.
#include <gtest/gtest.h>

#include <algorithm>
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

double at_end(const RunResult& r, const char* metric) { return r.series[metric_index(metric)].back(); }

// The concessional principal the firms hold: debt x their concessional share.
double held(const Ecosystem& e) {
  double s = 0;
  for (const Firm& f : e.firms()) s += f.debt * static_cast<double>(f.tech_share);
  return s;
}

}  // namespace

TEST(TechCreditScope, AQuotaOfZeroIsNoConcessionAtAll) {
  // With no relending quota there is no room, so no loan is discounted: every
  // series equals the run without the concession (spread_discount 0), on the
  // same seed. Under the old rule the quota capped only the cost, so the two
  // runs differed in loans, firms and output. The default's concession must
  // change the loans (else this test would pass for an inert product).
  const Params p = small(1500, 3);
  Params zero = p;
  zero.tech_credit.relending_quota_yuan = 0;
  Params off = p;
  off.tech_credit.spread_discount = 0;
  const RunResult a = run_checked(zero, 41, 0), b = run_checked(off, 41, 0), base = run_checked(p, 41, 0);
  EXPECT_EQ(differing_metrics(a, b), std::vector<std::string>{});
  for (double v : a.series[metric_index("relending_balance")]) ASSERT_EQ(v, 0.0);
  EXPECT_NE(at_end(base, "tech_loans_outstanding"), at_end(b, "tech_loans_outstanding"));
  EXPECT_GT(at_end(base, "relending_balance"), 0.0);
}

TEST(TechCreditScope, LoansMadeBeforeTheProductOpenedAreNotDiscounted) {
  // The product opens a year after the start, with no quota limit (so only
  // the coverage rule is tested). Before it opens no firm holds a
  // concessional share, though eligible firms borrow (the opening book, the
  // first year's draws). After it, the relent balance is at most the relent
  // share of the new loans made since it opened: the old loans stay at their
  // terms. Under the old rule the whole balance of every eligible firm was
  // relent against from the first month (tens of times the new loans).
  Params p = small(1500, 3);
  p.tech_credit.relending_quota_yuan = 1e300;
  p.tech_credit.programme.start_year = p.start_year + 1;
  Ecosystem e(p, 44, 0);
  e.set_check_books_every_sample(true);
  e.run_until_years(0.99);
  double before = 0;
  for (const Firm& f : e.firms()) {
    ASSERT_EQ(f.tech_share, 0.0f) << "firm " << f.id << ": discounted before the product opened";
    before += f.debt;
  }
  EXPECT_EQ(e.concessional_balance(), 0.0);
  EXPECT_GT(before, 0.0);
  const RunResult r = e.run();
  const auto& rb = r.series[metric_index("relending_balance")];
  const auto& loans = r.series[metric_index("new_tech_loans")];
  double since = 0;  // new loans in the periods ending at 1.0 and after (the first may hold a few from before)
  for (std::size_t t = 0; t < rb.size(); ++t) {
    if (r.time_years[t] < 1.0 - 1e-9) {
      ASSERT_EQ(rb[t], 0.0) << "at " << r.time_years[t];
      continue;
    }
    since += loans[t];
    ASSERT_LE(rb[t], p.tech_credit.relending_share * since + 1.0) << "at " << r.time_years[t];
  }
  EXPECT_GT(rb.back(), 0.0) << "the concession must reach the new loans";
  std::printf("[ tech credit ] product open from year 1, no quota: relent %.4g yuan at the end against %.4g of new loans "
              "since it opened (debt at its opening %.4g)\n",
              rb.back(), since, before);
}

TEST(TechCreditScope, TheRoomCapsTheDiscountedPrincipal) {
  // A quota small enough to bind in the small city (0.3 bn yuan of relending:
  // 0.5 bn of principal at the 60 % share). Each quarter the firms'
  // concessional principal adds up to the module's running balance, never
  // exceeds Q_rl / s_rl, and the room is used. The relending metric is the
  // relent share of that balance, never above the quota, and the cost is the
  // rate gap on at most the quota.
  Params p = small(1500, 3);
  p.tech_credit.relending_quota_yuan = 3e8;
  const double cap = p.tech_credit.relending_quota_yuan / p.tech_credit.relending_share;
  Ecosystem e(p, 42, 0);
  e.set_check_books_every_sample(true);
  double peak = 0;
  for (int q = 1; q <= 12; ++q) {
    e.run_until_years(0.25 * q);
    const double b = e.concessional_balance();
    EXPECT_NEAR(held(e), b, 1e-9 * cap + 1.0) << "quarter " << q;
    ASSERT_LE(b, cap) << "quarter " << q;
    peak = std::max(peak, b);
  }
  EXPECT_GT(peak, 0.95 * cap) << "the room must bind with this quota";
  const RunResult r = e.run();
  for (double v : r.series[metric_index("relending_balance")]) ASSERT_LE(v, p.tech_credit.relending_quota_yuan);
  const double years = r.time_years.back() - r.time_years.front();
  const double gap = p.tech_credit.central_bank_rate - p.tech_credit.relending_rate;
  EXPECT_LE(total_of(r, "quasi_fiscal_relending"), gap * p.tech_credit.relending_quota_yuan * years * (1 + 1e-12));
  std::printf("[ tech credit ] room %.4g yuan of principal: peak concessional balance %.4g, at the end %.4g; relending %.4g\n",
              cap, peak, e.concessional_balance(), at_end(r, "relending_balance"));
}

TEST(TechCreditScope, TheQuotaLimitsWhatTheConcessionDoes) {
  // Paired (common random numbers), two-sided: the same concession without
  // the quota's limit (out of reach) against the default quota. Without the
  // limit more principal is discounted, so firms borrow more: the paired
  // difference in the loan book at the end is positive, its 95 % CI (t, 5
  // degrees of freedom: 2.571) excluding 0 from below; a negative CI fails as
  // much as one covering 0. Under the old rule the quota did not touch
  // behaviour: the difference was exactly 0 and this test failed.
  const Params p = small(1500, 3);
  Params wide = p;
  wide.tech_credit.relending_quota_yuan = 1e300;
  Welford d;
  for (std::uint64_t rep = 0; rep < 6; ++rep) {
    const RunResult a = run_checked(wide, 43, rep), b = run_checked(p, 43, rep);
    d.add(at_end(a, "tech_loans_outstanding") - at_end(b, "tech_loans_outstanding"));
  }
  const double half = 2.571 * d.sd() / std::sqrt(static_cast<double>(d.count()));
  std::printf("[ tech credit ] loans without the quota's limit minus with it: %+.4g yuan [%+.4g, %+.4g], 6 pairs\n",
              d.mean(), d.mean() - half, d.mean() + half);
  EXPECT_GT(d.mean() - half, 0.0) << "the quota must limit the concession's effect on loans";
}

// The risk-compensation pool run as 邑科贷-type pools run (issue 14 point 2,
// docs/model.md 7.9): banks register eligible loans, additional and
// inframarginal alike; the pool pays a share of the defaulted principal's
// loss (more for first loans); covered loans are capped at a multiple of the
// fund; eligibility by qualification. What it must show: the pool's
// behaviour and payouts do not depend on capital it never uses.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "lever_helpers.hpp"

using namespace innosim::model;
using namespace innosim::model::lever_test;

namespace {

constexpr int FIRMS = 3000;
constexpr double K = FIRMS / 6000.0;

Params pool_city(double fund, double cap) {
  Params p = small(FIRMS, 6);
  p.sampling_months = 3;
  p.risk_pool.programme.enabled = true;
  p.risk_pool.fund_yuan = fund * K;
  p.risk_pool.leverage_cap = cap;
  return p;
}

double max_of(const RunResult& r, const char* metric) {
  const auto& v = r.series[metric_index(metric)];
  return *std::max_element(v.begin(), v.end());
}

}  // namespace

TEST(RiskPool, UnusedCapitalChangesNothing) {
  // 1 bn vs 4 bn with the same rules and a leverage cap that never binds:
  // every metric but the capital paid in (fiscal spending on the pool line)
  // is the same, value for value, payouts included.
  for (std::uint64_t rep = 0; rep < 3; ++rep) {
    const RunResult one = run_checked(pool_city(1e9, 1000), 11, rep);
    const RunResult four = run_checked(pool_city(4e9, 1000), 11, rep);
    ASSERT_TRUE(one.books.ok()) << one.books.worst;
    ASSERT_TRUE(four.books.ok()) << four.books.worst;
    EXPECT_GT(total_of(one, "risk_pool_payouts"), 0.0) << "the pool must pay out for the test to mean anything";
    // The cap never bound: the most covered was well below cap x the smaller fund net of its payouts.
    EXPECT_LT(max_of(one, "pool_covered_loans"), 0.5 * 1000 * (1e9 * K - total_of(one, "risk_pool_payouts")));
    const auto differ = differing_metrics(one, four, {"fiscal_spending", "fiscal_risk_pool"});
    std::string listed_metrics;
    for (const auto& m : differ) listed_metrics += m + " ";
    EXPECT_TRUE(differ.empty()) << "capital the pool never uses changed: " << listed_metrics;
    EXPECT_NEAR(total_of(four, "fiscal_risk_pool") - total_of(one, "fiscal_risk_pool"), 3e9 * K, 1.0);
  }
  // The same comparison with a cap that binds on the smaller fund shows the
  // test can see capital that is used.
  const RunResult one = Ecosystem(pool_city(1e9, 2), 11, 0).run();
  const RunResult four = Ecosystem(pool_city(4e9, 2), 11, 0).run();
  EXPECT_FALSE(differing_metrics(one, four, {"fiscal_spending", "fiscal_risk_pool"}).empty());
}

TEST(RiskPool, RegistersLoansBanksWouldHaveMadeAnyway) {
  // Cover is registered on eligible loans whether or not it adds credit; the
  // pool reports how much it covered that banks would have lent anyway.
  Ecosystem e(pool_city(1e9, 10), 5, 0);
  e.set_check_books_every_sample(true);
  const RunResult r = e.run();
  ASSERT_TRUE(r.books.ok()) << r.books.worst;
  const double registered = total_of(r, "pool_registered_loans"), anyway = total_of(r, "pool_inframarginal_loans");
  std::printf("covered new loans %.4g yuan, of which made anyway %.4g (share %.3f)\n", registered, anyway, anyway / registered);
  EXPECT_GT(registered, 0.0);
  EXPECT_GT(anyway, 0.0) << "inframarginal loans must be registered too";
  EXPECT_LT(anyway, registered) << "some cover must add credit";
  // First loans get the higher share; a covered balance's share lies between the two.
  int covered = 0;
  for (const Firm& f : e.firms()) {
    if (!(f.alive && f.covered_debt > 0)) continue;
    ++covered;
    EXPECT_GE(f.pool_coverage, 0.3 - 1e-12);
    EXPECT_LE(f.pool_coverage, 0.4 + 1e-12);
  }
  EXPECT_GT(covered, 0);
}

TEST(RiskPool, QualificationsDecideWhoIsCovered) {
  // Tech SMEs and above qualify by their rung; incubator tenants and core-IP
  // holders by their own qualification. Switching the latter two off covers
  // fewer loans; raising the rung to high-tech fewer still.
  auto registered = [](Params p) { return total_of(Ecosystem(p, 5, 0).run(), "pool_registered_loans"); };
  Params all = pool_city(1e9, 1000), ladder_only = all, hte_only = all;
  ladder_only.risk_pool.incubator_tenants = ladder_only.risk_pool.core_ip = false;
  hte_only.risk_pool.incubator_tenants = hte_only.risk_pool.core_ip = false;
  hte_only.risk_pool.programme.min_stage = Stage::high_tech;
  const double a = registered(all), l = registered(ladder_only), h = registered(hte_only);
  std::printf("registered: all qualifications %.4g, ladder only %.4g, high-tech and above %.4g\n", a, l, h);
  EXPECT_GT(a, l);
  EXPECT_GT(l, h);
  EXPECT_GT(h, 0.0);
}

// The risk-compensation pool run as 邑科贷-type pools run (issue 14 point 2,
// docs/model.md 7.9): banks register eligible loans, additional and
// inframarginal alike; the pool pays a share of the defaulted principal's
// loss (more for first loans); covered loans are capped at a multiple of the
// fund; eligibility by qualification. What it must show: the pool's
// behaviour and payouts do not depend on capital it never uses.
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
  // 1 bn vs 4 bn with the same rules and a leverage cap that never binds.
  // Only the capital paid in and what the fund still holds may differ, and
  // by exactly the 3 bn never used; the net fiscal cost (capital less the
  // change in residual value, 2.6) and every outcome are the same, payouts
  // included.
  const double extra = 3e9 * K;
  // Legitimately different: the 3 bn paid in (gross spending, the pool's
  // line, and the provincial and city capital, half each, 2.6) and the
  // fund's residual value.
  const std::vector<std::string> capital_paid = {"fiscal_spending", "fiscal_risk_pool"};
  const std::vector<std::string> capital_by_level = {"fiscal_capital_provincial", "fiscal_capital_city"};
  const std::vector<std::string> residual = {"capital_residual_value"};
  // Net of the residual value: equal. They are capital less a change in a
  // balance of 1-4 bn, so they agree to the rounding of that balance (one
  // unit in the last place of 4 bn is 4.8e-7 yuan), not bit for bit.
  const std::vector<std::string> net = {"capital_net_cost",   "net_fiscal_cost_provincial", "net_fiscal_cost_city",
                                        "net_fiscal_cost",    "net_fiscal_cost_pv",         "net_fiscal_cost_to_date",
                                        "net_fiscal_cost_after_tax"};
  std::vector<std::string> not_bitwise = capital_paid;
  not_bitwise.insert(not_bitwise.end(), capital_by_level.begin(), capital_by_level.end());
  not_bitwise.insert(not_bitwise.end(), residual.begin(), residual.end());
  not_bitwise.insert(not_bitwise.end(), net.begin(), net.end());
  const auto series = [](const RunResult& r, const std::string& m) -> const std::vector<double>& {
    return r.series[metric_index(m)];
  };
  for (std::uint64_t rep = 0; rep < 3; ++rep) {
    const RunResult one = run_checked(pool_city(1e9, 1000), 11, rep);
    const RunResult four = run_checked(pool_city(4e9, 1000), 11, rep);
    ASSERT_TRUE(one.books.ok()) << one.books.worst;
    ASSERT_TRUE(four.books.ok()) << four.books.worst;
    const double payouts = total_of(one, "risk_pool_payouts");
    EXPECT_GT(payouts, 0.0) << "the pool must pay out for the test to mean anything";
    // The cap never bound: the most covered was well below cap x the smaller fund net of its payouts.
    EXPECT_LT(max_of(one, "pool_covered_loans"), 0.5 * 1000 * (1e9 * K - payouts));
    // Every other metric (outcomes, payouts, registrations, tax, every outlay): equal value for value.
    const auto differ = differing_metrics(one, four, not_bitwise);
    std::string listed_metrics;
    for (const auto& m : differ) listed_metrics += m + " ";
    EXPECT_TRUE(differ.empty()) << "capital the pool never uses changed: " << listed_metrics;
    // The capital paid in: +3 bn once, in the sample the pool opens (half of
    // it in each of the provincial and city lines).
    const auto paid_once = [&](const std::string& m, double amount) {
      const auto &a = series(one, m), &b = series(four, m);
      ASSERT_EQ(a.size(), b.size());
      int opened = 0;
      for (std::size_t t = 0; t < a.size(); ++t) {
        if (a[t] == b[t]) continue;
        ++opened;
        EXPECT_NEAR(b[t] - a[t], amount, 1e-6) << m << " at sample " << t;
      }
      EXPECT_EQ(opened, 1) << m << ": the capital is paid in once";
    };
    for (const auto& m : capital_paid) paid_once(m, extra);
    for (const auto& m : capital_by_level) paid_once(m, 0.5 * extra);
    // The residual value: 3 bn more at every sample from the opening on
    // (each fund's payouts are the same yuan).
    {
      const auto &a = series(one, "capital_residual_value"), &b = series(four, "capital_residual_value");
      bool opened = false;
      for (std::size_t t = 0; t < a.size(); ++t) {
        opened = opened || a[t] != b[t];
        if (opened) {
          EXPECT_NEAR(b[t] - a[t], extra, 1e-5) << "residual value at sample " << t;
        }
      }
      EXPECT_TRUE(opened);
    }
    // Net fiscal cost: the same, sample by sample, to the rounding of a 4 bn balance.
    for (const auto& m : net) {
      const auto &a = series(one, m), &b = series(four, m);
      ASSERT_EQ(a.size(), b.size());
      double worst = 0;
      for (std::size_t t = 0; t < a.size(); ++t) worst = std::max(worst, std::fabs(a[t] - b[t]));
      EXPECT_LE(worst, 1e-5) << m << " differs by up to " << worst << " yuan with 1 bn vs 4 bn";
    }
    std::printf("replication %llu: payouts %.6g yuan; net fiscal cost %.10g (1 bn) vs %.10g (4 bn); gross %.6g vs %.6g\n",
                static_cast<unsigned long long>(rep), payouts, total_of(one, "net_fiscal_cost"), total_of(four, "net_fiscal_cost"),
                total_of(one, "fiscal_spending"), total_of(four, "fiscal_spending"));
  }
  // The same comparison with a cap that binds on the smaller fund shows the
  // test can see capital that is used: outcomes and the net cost differ.
  const RunResult one = Ecosystem(pool_city(1e9, 2), 11, 0).run();
  const RunResult four = Ecosystem(pool_city(4e9, 2), 11, 0).run();
  EXPECT_FALSE(differing_metrics(one, four, not_bitwise).empty());
  EXPECT_GT(std::fabs(total_of(four, "pool_registered_loans") - total_of(one, "pool_registered_loans")), 0.0);
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

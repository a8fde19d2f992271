// What issue 13 asks firms' finance and demand to show, by paired
// replications on common random numbers (docs/model.md 8.3): a subsidy with a
// budget that never binds raises debt without raising the default rate;
// a productivity shock raises real output; a bank-capital shock cuts lending
// for a time; a city ten times as large behaves like ten cities. Every sign
// is tested two-sided (the 95 % interval of the paired mean).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <vector>

#include "innosim/engine/statistics.hpp"
#include "innosim/model/ecosystem.hpp"
#include "lever_helpers.hpp"

using namespace innosim::model;
using innosim::engine::Welford;

namespace {

// Sum of a flow over the samples whose time (years since the start) lies in (from, to].
double flow_between(const RunResult& r, const char* metric, double from, double to) {
  const auto& v = r.series[metric_index(metric)];
  double s = 0;
  for (std::size_t t = 1; t < v.size(); ++t)
    if (r.time_years[t] > from + 1e-9 && r.time_years[t] <= to + 1e-9) s += v[t];
  return s;
}
double total(const RunResult& r, const char* metric) { return flow_between(r, metric, 0.0, 1e9); }
double at_end(const RunResult& r, const char* metric) { return r.series[metric_index(metric)].back(); }

struct Interval {
  double mean, low, high;
};
// Two-sided 95 % interval of a mean over replications (Student t).
Interval interval(const Welford& w) {
  const auto ci = innosim::engine::confidence_interval(w);
  return {w.mean(), ci.low, ci.high};
}

// Runs base and alt on replications 0..reps-1 and collects each metric's paired difference.
struct Pairs {
  std::vector<Welford> d;
  explicit Pairs(std::size_t n) : d(n) {}
};
Pairs paired(const Params& base, const Params& alt, int reps,
             const std::vector<std::function<double(const RunResult&, const RunResult&)>>& diffs) {
  Pairs p(diffs.size());
  for (int r = 0; r < reps; ++r) {
    const RunResult b = Ecosystem(base, 2025, static_cast<std::uint64_t>(r)).run();
    const RunResult a = Ecosystem(alt, 2025, static_cast<std::uint64_t>(r)).run();
    EXPECT_TRUE(b.books.ok()) << b.books.worst;
    EXPECT_TRUE(a.books.ok()) << a.books.worst;
    for (std::size_t k = 0; k < diffs.size(); ++k) p.d[k].add(diffs[k](b, a));
  }
  return p;
}

void print(const char* what, const Interval& i) { std::printf("  %-44s %+.6g [%+.6g, %+.6g]\n", what, i.mean, i.low, i.high); }

}  // namespace

TEST(FirmFinance, SubsidyWithABudgetThatNeverBindsRaisesDebtNotDefaults) {
  // Bach (2014), subsidised (not guaranteed) loans: more debt, no rise in
  // defaults. On vs off over the default 10 years, with a budget that never
  // binds, so every eligible loan is subsidised all the time.
  Params off, on;
  off.interest_subsidy.programme.enabled = false;
  on.interest_subsidy.programme.budget_yuan = Scheduled(1e13);
  // Default rate: defaults per borrower-year.
  auto rate = [](const RunResult& r) { return total(r, "loan_defaults") / (total(r, "borrowing_firms") / 12.0); };
  // 48 pairs, from a power calculation: the debt effect at the horizon is
  // +0.5 to +1.2 bn on a book of ~470 bn, and a pair's difference has a
  // standard deviation of ~1.9 bn (a few large borrowers' paths), so 80 %
  // power at 5 % for +0.8 bn needs ((1.96 + 0.84) x 1.9 / 0.8)^2 = 44 pairs.
  // At 20 pairs the lower bound straddled 0 with small unrelated changes
  // (the open-competition rule: +0.54 [-0.31, +1.39] bn; the programme off in
  // both arms: +1.01 [-0.13, +2.16]); at 48, +0.81 [+0.28, +1.34] and
  // +1.21 [+0.63, +1.78]. The assertions are unchanged.
  constexpr int pairs = 48;
  const Pairs p = paired(off, on, pairs,
                         {[](const RunResult& b, const RunResult& a) { return at_end(a, "tech_loans_outstanding") - at_end(b, "tech_loans_outstanding"); },
                          [](const RunResult& b, const RunResult& a) { return total(a, "mean_interest_cost") - total(b, "mean_interest_cost"); },
                          [&](const RunResult& b, const RunResult& a) { return rate(a) - rate(b); },
                          [](const RunResult& b, const RunResult& a) { return at_end(a, "firms_active") - at_end(b, "firms_active"); },
                          [](const RunResult& b, const RunResult& a) { return at_end(a, "borrowing_firms") - at_end(b, "borrowing_firms"); }});
  const Interval debt = interval(p.d[0]), cost = interval(p.d[1]), defaults = interval(p.d[2]), firms = interval(p.d[3]),
                 borrowers = interval(p.d[4]);
  std::printf("subsidy on vs off, budget never binding, %d replications, paired mean [95 %% CI]:\n", pairs);
  print("debt at the end (yuan)", debt);
  print("interest cost (sum of monthly means)", cost);
  print("default rate (defaults per borrower-year)", defaults);
  print("firms alive at the end", firms);
  print("borrowers at the end", borrowers);
  EXPECT_GT(debt.low, 0.0) << "debt must be higher";
  EXPECT_LT(cost.high, 0.0) << "interest cost must be lower";
  // Two-sided: the interval contains 0 or lies below it (no rise).
  EXPECT_LE(defaults.low, 0.0) << "the default rate must not rise";
  // Subsidised firms' survival is not lower: the interval contains 0 or lies above it.
  EXPECT_GE(firms.high, 0.0) << "fewer firms survive";
}

TEST(FirmFinance, ProductivityShockRaisesRealOutput) {
  // A uniform +5 % productivity (TFP) shock on 1 January 2026: with prices
  // a mark-up over unit cost and demand elastic to price, real output rises
  // and employment falls by less than 5 % (it may rise).
  Params base;
  base.horizon_years = 4;
  Params alt = base;
  alt.shocks.productivity_year = 2026;
  alt.shocks.productivity_change = 0.05;
  const Pairs p = paired(base, alt, 6,
                         {[](const RunResult& b, const RunResult& a) {
                            return flow_between(a, "real_output", 1.0, 4.0) / flow_between(b, "real_output", 1.0, 4.0) - 1.0;
                          },
                          [](const RunResult& b, const RunResult& a) { return at_end(a, "employment") / at_end(b, "employment") - 1.0; }});
  const Interval output = interval(p.d[0]), jobs = interval(p.d[1]);
  std::printf("+5 %% productivity from 2026, 6 replications, relative change [95 %% CI]:\n");
  print("real output 2026-2028", output);
  print("employment at the end", jobs);
  EXPECT_GT(output.low, 0.0) << "real output must rise";
  EXPECT_GT(jobs.low, -0.05) << "employment must fall by less than the shock";
}

TEST(FirmFinance, BankCapitalShockCutsLendingForATimeThenRecovers) {
  // Half of every bank's capital written off on 1 January 2027: below the
  // capital ratio's buffer banks tighten and lend less; they retain profit
  // and raise capital, and lending recovers (docs/model.md 7.8, 7.27).
  Params base;
  base.horizon_years = 8;
  Params alt = base;
  alt.shocks.bank_capital_year = 2027;
  alt.shocks.bank_capital_loss = 0.5;
  auto year_lending = [](double from) {
    return [from](const RunResult& b, const RunResult& a) {
      return flow_between(a, "new_tech_loans", from, from + 1.0) / flow_between(b, "new_tech_loans", from, from + 1.0) - 1.0;
    };
  };
  const Pairs p = paired(base, alt, 6, {year_lending(2.0), year_lending(7.0), [](const RunResult& b, const RunResult& a) {
                                          return at_end(a, "bank_capital_ratio") - at_end(b, "bank_capital_ratio");
                                        }});
  const Interval first = interval(p.d[0]), last = interval(p.d[1]), capital = interval(p.d[2]);
  std::printf("half of banks' capital lost on 1 January 2027, 6 replications [95 %% CI]:\n");
  print("new lending in 2027, relative", first);
  print("new lending in 2032, relative", last);
  print("capital ratio at the end, difference", capital);
  EXPECT_LT(first.high, 0.0) << "lending must fall after the shock";
  // Recovered: five years on, lending is no more than 5 % below the unshocked
  // city's (a catch-up of deferred loans may put it a little above; more
  // than 10 % above would be a boom the shock should not cause).
  EXPECT_GT(last.low, -0.05) << "lending has not recovered";
  EXPECT_LT(last.high, 0.10);
}

TEST(FirmFinance, TenTimesTheFirmsBehavesLikeTenCities) {
  // docs/model.md 5.9: the city's size figures (markets, banks' capital and
  // opening book, entry, programmes' capacities) scale with the population,
  // budgets stay in yuan. Per-firm outcomes of 600 and 6,000 firms agree:
  // each difference's 99 % interval (Welch; five outcomes, so about 5 % in
  // all) contains 0.
  Params small, large;
  small.initial_firms = 600;
  small.horizon_years = large.horizon_years = 5;
  struct Outcome {
    const char* name;
    std::function<double(const RunResult&, double)> per_firm;  // (run, initial firms)
  };
  const std::vector<Outcome> outcomes = {
      {"firms at the end / initial firms", [](const RunResult& r, double n) { return at_end(r, "firms_active") / n; }},
      {"employment per firm at the end", [](const RunResult& r, double) { return at_end(r, "employment") / at_end(r, "firms_active"); }},
      {"high-tech share at the end", [](const RunResult& r, double) { return at_end(r, "high_tech_enterprises") / at_end(r, "firms_active"); }},
      {"tech loans per firm at the end (m yuan)", [](const RunResult& r, double) { return at_end(r, "tech_loans_outstanding") / 1e6 / at_end(r, "firms_active"); }},
      {"defaults per initial firm", [](const RunResult& r, double n) { return total(r, "loan_defaults") / n; }},
  };
  std::vector<Welford> s(outcomes.size()), l(outcomes.size());
  for (int r = 0; r < 12; ++r) {
    const RunResult rs = Ecosystem(small, 2025, static_cast<std::uint64_t>(r)).run();
    for (std::size_t k = 0; k < outcomes.size(); ++k) s[k].add(outcomes[k].per_firm(rs, 600.0));
  }
  for (int r = 0; r < 4; ++r) {
    const RunResult rl = Ecosystem(large, 2025, static_cast<std::uint64_t>(r)).run();
    for (std::size_t k = 0; k < outcomes.size(); ++k) l[k].add(outcomes[k].per_firm(rl, 6000.0));
  }
  std::printf("per-firm outcomes, 600 firms (12 replications) vs 6,000 (4), 5 years; difference [99 %% Welch CI]:\n");
  for (std::size_t k = 0; k < outcomes.size(); ++k) {
    const double vs = s[k].variance() / static_cast<double>(s[k].count()), vl = l[k].variance() / static_cast<double>(l[k].count());
    const double se = std::sqrt(vs + vl);
    const double df = (vs + vl) * (vs + vl) / (vs * vs / (static_cast<double>(s[k].count()) - 1.0) + vl * vl / (static_cast<double>(l[k].count()) - 1.0));
    const double t = innosim::engine::student_t_quantile(0.99, df);
    const double d = l[k].mean() - s[k].mean();
    std::printf("  %-42s 600: %.5g  6,000: %.5g  difference %+.4g [%+.4g, %+.4g]\n", outcomes[k].name, s[k].mean(), l[k].mean(), d,
                d - t * se, d + t * se);
    EXPECT_LE(d - t * se, 0.0) << outcomes[k].name;
    EXPECT_GE(d + t * se, 0.0) << outcomes[k].name;
  }
}

TEST(FirmFinance, AnEarlyRepaymentAtTheReviewLeavesNoDebtResidueOutsideProfit) {
  // Regression (no-policy, seed 1, replication 19): at a review, a firm
  // repaid early (7.6) all but a residue of its loan below 1e-6 of the
  // repayment; the bank wrote the residue (1.18 yuan) off, a gain that fell
  // between the year's profit and the new equity reference and so was never
  // counted as profit. At the firm's closing a year later its owners were
  // paid 1.18 yuan more than its after-tax profit and paid-in equity (relative
  // gap 8.4e-8 against 1e-9). The residue is now paid with the repayment.
  Ecosystem e(innosim::model::lever_test::library("no-policy"), 1, 19);
  e.set_check_books_every_sample(true);  // throws on any imbalance
  const RunResult r = e.run();
  EXPECT_TRUE(r.books.ok()) << r.books.worst << " " << r.books.worst_gap;
  EXPECT_LT(r.books.worst_gap, 1e-9);
}

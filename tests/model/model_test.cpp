// Model part 1: mechanism tests with fixed streams, books, reproducibility.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <map>
#include <string>

#include "innosim/model/ecosystem.hpp"
#include "innosim/model/rules.hpp"

using namespace innosim::model;

namespace {

Params small(int firms = 1500, double years = 4) {
  Params p;
  p.initial_firms = firms;
  p.horizon_years = years;
  // The city's size figures scale with firms / population.reference_firms (docs/model.md 5.9).
  return p;
}

double total(const RunResult& r, const char* metric) {
  const auto& v = r.series[metric_index(metric)];
  double s = 0;
  for (std::size_t t = 1; t < v.size(); ++t) s += v[t];
  return s;
}

double last(const RunResult& r, const char* metric) { return r.series[metric_index(metric)].back(); }

}  // namespace

TEST(Rules, HteThresholdsByRevenueBand) {
  EXPECT_EQ(hte_rd_threshold(10e6), 0.05);
  EXPECT_EQ(hte_rd_threshold(50e6), 0.05);
  EXPECT_EQ(hte_rd_threshold(50e6 + 1), 0.04);
  EXPECT_EQ(hte_rd_threshold(200e6), 0.04);
  EXPECT_EQ(hte_rd_threshold(200e6 + 1), 0.03);
}

TEST(Rules, TechSmeScore) {
  Firm f;
  f.ip_count = 2;
  f.st_staff_share = 0.12;
  EXPECT_DOUBLE_EQ(tech_sme_score(f, 0.045), 12 + 45 + 12);
  f.ip_count = 10;
  f.st_staff_share = 0.5;
  EXPECT_DOUBLE_EQ(tech_sme_score(f, 0.2), 100);
}

TEST(Model, InitialPopulationMatchesSeed) {
  Params p;
  Ecosystem e(p, 1, 0);
  double debt = 0;
  int insured = 0;
  std::map<Stage, int> stages;
  for (const Firm& f : e.firms()) {
    debt += f.debt;
    insured += f.insurance_cover > 0;
    ++stages[f.stage];
    if (f.stage >= Stage::high_tech) {
      EXPECT_GE(f.st_staff_share, 0.10);
      EXPECT_GE(f.ip_count, 1.0);
      // Certified at the start: a certificate with 1 to 3 years left (7.12).
      EXPECT_TRUE(f.hte_certified);
      EXPECT_GE(f.hightech_share, 0.6f);
      EXPECT_GE(f.hte_until, p.start_year);
      EXPECT_LE(f.hte_until, p.start_year + 2);
    } else {
      EXPECT_FALSE(f.hte_certified);
    }
  }
  EXPECT_EQ(e.firms().size(), 6000u);
  EXPECT_NEAR(debt / 150e9, 1.0, 0.02);  // capped by ceilings, so slightly below at most
  EXPECT_EQ(insured, 440);  // policies in force at the start: the seed's flow a year earlier (7.10)
  EXPECT_EQ(stages[Stage::tech_sme], 2160);
  EXPECT_EQ(stages[Stage::high_tech], 1860);
  EXPECT_TRUE(e.check_books().ok());
}

TEST(Model, BooksBalanceEverySampleWithEveryProgrammeOn) {
  Params p = small();
  p.risk_pool.programme.enabled = true;
  p.venture.guidance.budget_yuan = Scheduled(3e8);
  Ecosystem e(p, 7, 1);
  e.set_check_books_every_sample(true);  // throws ModelError on any imbalance
  RunResult r = e.run();
  EXPECT_TRUE(r.books.ok()) << r.books.worst << " " << r.books.worst_gap;
  EXPECT_LT(r.books.worst_gap, 1e-9);
  EXPECT_GT(e.ledger().transfers(), 100000u);
  EXPECT_GT(total(r, "risk_pool_payouts"), 0.0);
  EXPECT_GT(total(r, "venture_investment"), 0.0);
  EXPECT_GT(total(r, "insurance_claims"), 0.0);
}

TEST(Model, BudgetsAreNeverOverspent) {
  Params p = small();
  p.interest_subsidy.programme.budget_yuan = Scheduled(5e6);  // tiny: the year's claims exceed it
  Ecosystem e(p, 3, 0);
  RunResult r = e.run();
  EXPECT_TRUE(r.books.budgets_ok);
  // A year's claims are paid after it (in the sample of the next January's
  // step), pro rata: the payment equals the envelope and never exceeds it.
  const auto& v = r.series[metric_index("fiscal_interest_subsidy")];
  for (int y = 0; y < 3; ++y) {
    double s = 0;
    for (int m = 2; m <= 13; ++m) s += v[static_cast<std::size_t>(12 * y + m)];
    EXPECT_LE(s, 5e6 * (1 + 1e-12));
    EXPECT_GT(s, 4.9e6);
  }
}

// Bitwise equality (NaN marks "no observation" in some metrics, and NaN != NaN).
bool same_bits(const std::vector<std::vector<double>>& a, const std::vector<std::vector<double>>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k)
    if (a[k].size() != b[k].size() || std::memcmp(a[k].data(), b[k].data(), a[k].size() * sizeof(double)) != 0)
      return false;
  return true;
}

TEST(Model, SameSeedSameResultsDifferentSeedDifferent) {
  Params p = small(800, 3);
  const RunResult a = Ecosystem(p, 11, 2).run();
  const RunResult b = Ecosystem(p, 11, 2).run();
  EXPECT_TRUE(same_bits(a.series, b.series));
  const RunResult c = Ecosystem(p, 11, 3).run();
  EXPECT_FALSE(same_bits(a.series, c.series));
}

TEST(Model, CommonRandomNumbersKeepEntryAcrossPolicies) {
  // A policy changes lending, not the entry stream or entrants' draws.
  Params p = small(800, 3);
  Params q = p;
  q.risk_pool.programme.enabled = true;
  const RunResult a = Ecosystem(p, 5, 0).run();
  const RunResult b = Ecosystem(q, 5, 0).run();
  EXPECT_EQ(a.series[metric_index("firm_entries")], b.series[metric_index("firm_entries")]);
  EXPECT_NE(a.series[metric_index("new_tech_loans")], b.series[metric_index("new_tech_loans")]);
}

TEST(Model, RdSpendingRaisesInnovation) {
  Params lo = small(1000, 3), hi = lo;
  lo.firm.rd_share_mean = 0.02;
  hi.firm.rd_share_mean = 0.08;
  double a = 0, b = 0;
  for (int rep = 0; rep < 3; ++rep) {
    a += total(Ecosystem(lo, 1, static_cast<std::uint64_t>(rep)).run(), "innovations");
    b += total(Ecosystem(hi, 1, static_cast<std::uint64_t>(rep)).run(), "innovations");
  }
  EXPECT_GT(b, 1.25 * a);  // concave: 1 - exp(-zeta RD / RD_ref)
}

TEST(Model, NoEntryAndNoHazardKeepsFirmsAlive) {
  Params p = small(500, 2);
  p.firm.entry_rate_per_year = 0;
  p.labs.spinoff_share = 0;
  p.firm.hazard_young = p.firm.hazard_old = 0;
  p.firm.strategic_default_rate = 0;
  p.insurance.loss_event_rate = 0;
  RunResult r = Ecosystem(p, 1, 0).run();
  EXPECT_EQ(total(r, "firm_entries"), 0.0);
  // Only insolvency (cash < 0 and no credit) can remove firms now.
  EXPECT_GT(last(r, "firms_active"), 350.0);
  EXPECT_EQ(total(r, "firm_exits"), 500.0 - last(r, "firms_active"));
}

TEST(Model, VentureFundsHaveVintagesLivesAndFocus) {
  Params p = small(1500, 9);
  p.venture.fund_life_years = 4;
  p.venture.investment_period_years = 2;
  Ecosystem e(p, 8, 0);
  e.set_check_books_every_sample(true);
  const RunResult r = e.run();
  ASSERT_TRUE(r.books.ok()) << r.books.worst;
  const double now = p.start_year + p.horizon_years;
  int closed = 0, vintages = 0, last_vintage = 0;
  for (const VentureFund& f : e.venture_funds()) {
    EXPECT_LE(f.min_stage, f.max_stage);
    if (f.vintage != last_vintage) ++vintages, last_vintage = f.vintage;
    if (f.end <= now) {
      EXPECT_FALSE(f.open) << "vintage " << f.vintage;
      EXPECT_EQ(f.cash, 0.0);  // returned to LPs
      ++closed;
    }
  }
  EXPECT_EQ(vintages, 10);  // 2025 .. 2034
  EXPECT_GT(closed, 0);
  // Stakes are held only by open funds whose focus covers the stage the firm had.
  for (const Firm& f : e.firms()) {
    if (f.venture_stake > 0) {
      EXPECT_TRUE(e.venture_funds()[static_cast<std::size_t>(f.venture_fund)].open);
    }
  }
  double proceeds = 0;
  for (double x : r.series[metric_index("venture_exit_proceeds")]) proceeds += x;
  EXPECT_GT(proceeds, 0.0);
}

// Every metric says what its values are, so tools total flows and read
// stocks at a date (issue 15: headline tables showed a flow's last month).
TEST(Metrics, CatalogueKinds) {
  std::map<std::string, MetricKind> kinds;
  for (const MetricInfo& m : metric_catalogue()) {
    kinds[m.name] = m.kind;
    const std::string unit = m.unit;
    EXPECT_EQ(unit.find("per period"), std::string::npos) << m.name << ": a flow's unit is its amount";
    EXPECT_STRNE(metric_kind_name(m.kind), "unknown") << m.name;
    if (std::strncmp(m.name, "fiscal_", 7) == 0) {
      EXPECT_EQ(m.kind, MetricKind::flow) << m.name;
    }
  }
  EXPECT_EQ(kinds.at("firms_active"), MetricKind::stock);
  EXPECT_EQ(kinds.at("high_tech_enterprises"), MetricKind::stock);
  EXPECT_EQ(kinds.at("tech_loans_outstanding"), MetricKind::stock);
  EXPECT_EQ(kinds.at("points_supported_firms"), MetricKind::stock);  // a running count for the year
  EXPECT_EQ(kinds.at("talent_sufficiency"), MetricKind::stock);
  EXPECT_EQ(kinds.at("new_tech_loans"), MetricKind::flow);
  EXPECT_EQ(kinds.at("fiscal_spending"), MetricKind::flow);
  EXPECT_EQ(kinds.at("innovations"), MetricKind::flow);
  EXPECT_EQ(kinds.at("loan_defaults"), MetricKind::flow);
  EXPECT_EQ(kinds.at("pilot_utilization"), MetricKind::mean);
  EXPECT_EQ(kinds.at("mean_interest_cost"), MetricKind::mean);
  EXPECT_EQ(kinds.at("pilot_mean_wait_days"), MetricKind::mean);
  EXPECT_STREQ(metric_kind_name(MetricKind::stock), "stock");
  EXPECT_STREQ(metric_kind_name(MetricKind::flow), "flow");
  EXPECT_STREQ(metric_kind_name(MetricKind::mean), "mean");
}

// Innovation-points liaison officers (docs/model.md 7.13): books and the
// fiscal line with the lever on, the lever off leaving a run unchanged,
// common random numbers, the policy sign on the top firms' take-up over
// paired replications (with a placebo that hires the same officers with the
// mechanism off), and validation of the scenario keys.
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

Params officers_on(Params p) {
  p.liaison.programme.enabled = true;
  return p;
}

/// The points-linked credit line on (off in the baseline, 7.13): the
/// programme only the top N may apply to, where the officers' effect on
/// take-up is measured.
Params line_on(Params p) {
  p.programmes.points_support.programme.enabled = true;
  return p;
}

}  // namespace

TEST(LiaisonOfficers, BooksBalanceAndSpendingEqualsTheFiscalLine) {
  // 5.5 years: the last sample (July) comes after the last annual review, so
  // every yuan paid is in some sample (a review's flows go to the next one).
  const Params p = officers_on(small(1500, 5.5));
  Ecosystem e(p, 4, 0);
  e.set_check_books_every_sample(true);  // throws on any imbalance or overspent budget
  const RunResult r = e.run();
  EXPECT_TRUE(r.books.ok()) << r.books.worst;

  // The top 200 need ceil(200 / 10) = 20 officers; the 3 m budget pays
  // exactly 20 at 150,000 yuan, hired at the start and at each of the 5 reviews.
  const LiaisonParams& lp = p.liaison;
  const double officers = std::ceil(p.top_points_firms / static_cast<double>(lp.firms_per_officer));
  const double line = e.fiscal_total(fiscal_line("liaison_officers"));
  EXPECT_DOUBLE_EQ(line, 6 * officers * lp.cost_per_officer_yuan);
  EXPECT_NEAR(total_of(r, "fiscal_liaison_officers"), line, 1e-9 * line);
  const auto& served = r.series[metric_index("liaison_firms")];
  for (std::size_t t = 0; t < served.size(); ++t) EXPECT_EQ(served[t], p.top_points_firms) << "sample " << t;
  EXPECT_GT(total_of(r, "liaison_applications"), 0.0);
  std::printf("[ liaison officers ] %.0f officers a year, spending %.6g yuan, applications only officers brought %.0f\n",
              officers, line, total_of(r, "liaison_applications"));

  // A budget for 6 officers serves the best 60 of the top 200 and is spent to the yuan.
  Params short_budget = p;
  short_budget.liaison.programme.budget_yuan = Scheduled(1e6);
  const RunResult r2 = run_checked(short_budget, 4, 0);
  for (double v : r2.series[metric_index("liaison_firms")]) EXPECT_EQ(v, 60.0);
  EXPECT_DOUBLE_EQ(total_of(r2, "fiscal_liaison_officers"), 6 * 6 * lp.cost_per_officer_yuan);
  EXPECT_LT(total_of(r2, "liaison_applications"), total_of(r, "liaison_applications"));
}

TEST(LiaisonOfficers, LeverOffChangesNothing) {
  // Every liaison key but the switch changed, the switch off: the run is the
  // default run, series for series and value for value.
  const Params base = small(1500, 3);
  Params off = base;
  LiaisonParams& l = off.liaison;
  l.programme.budget_yuan = Scheduled(500e6);
  l.programme.start_year = 2025;
  l.cost_per_officer_yuan = 1000;
  l.firms_per_officer = 1;
  l.take_up_boost = 1.0;
  const RunResult b = Ecosystem(off, 7, 1).run();
  EXPECT_TRUE(differing_metrics(Ecosystem(base, 7, 1).run(), b).empty());
  EXPECT_EQ(total_of(b, "liaison_firms") + total_of(b, "liaison_applications") + total_of(b, "fiscal_liaison_officers"), 0.0);
}

TEST(LiaisonOfficers, SwitchingOnShiftsNoOtherStream) {
  // Common random numbers: the officers draw nothing (a served firm's
  // application is decided by the draw it has anyway, against a higher
  // take-up), so the entry stream and the labs' streams are untouched,
  // although the extra grants change firms and so the run.
  const Params base = line_on(small(1500, 4));
  const RunResult a = Ecosystem(base, 11, 0).run();
  const RunResult b = Ecosystem(officers_on(base), 11, 0).run();
  EXPECT_TRUE(same_metrics(a, b, {"firm_entries", "research_results", "spinoffs"}));
  EXPECT_GT(total_of(b, "fiscal_liaison_officers"), 0.0);
  EXPECT_FALSE(same_metrics(a, b, {"points_supported_firms"}));
}

TEST(LiaisonOfficers, PairedRaiseTopFirmsTakeUpPlaceboDoesNot) {
  // Paired replications (same seed and replication on and off). Measured:
  // top firms that open a points-linked credit line (points_supported_firms)
  // over the run, on / off - 1. The line is opened in application mode
  // (take-up 0.6); an officer raises it to 0.6 + 0.3 x 0.4 = 0.72, so about a
  // fifth more of the top 200 hold one (every listed firm may open one).
  // The placebo hires the same officers with beta = 0: every series but the
  // officers' own and the spending must be the off run's to the last digit,
  // so the effect cannot come from the spending or from chance.
  const Params base = line_on(small(1500, 5.5));
  Params placebo = officers_on(base);
  placebo.liaison.take_up_boost = 0.0;
  const std::vector<std::string> own = {"liaison_firms", "fiscal_liaison_officers", "fiscal_spending",
                                       // the spending by level and the net fiscal cost (2.6)
                                       "fiscal_outlay_city", "net_fiscal_cost_city", "net_fiscal_cost",
                                       "net_fiscal_cost_pv", "net_fiscal_cost_pv_borrowing", "net_fiscal_cost_to_date", "net_fiscal_cost_after_tax",
                                              "net_fiscal_cost_after_tax_central", "net_fiscal_cost_after_tax_provincial", "net_fiscal_cost_after_tax_city"};
  Welford effect;
  for (std::uint64_t rep = 0; rep < 4; ++rep) {
    Ecosystem off(base, 21, rep), on(officers_on(base), 21, rep), zero(placebo, 21, rep);
    const RunResult r_off = off.run(), r_on = on.run(), r_zero = zero.run();
    ASSERT_TRUE(r_on.books.ok()) << r_on.books.worst;
    const double s_off = total_of(r_off, "points_supported_firms");
    const double s_on = total_of(r_on, "points_supported_firms");
    const double s_zero = total_of(r_zero, "points_supported_firms");
    EXPECT_GT(s_on, s_off) << "replication " << rep;
    const std::vector<std::string> differ = differing_metrics(r_off, r_zero, own);
    EXPECT_TRUE(differ.empty()) << "replication " << rep << ": " << (differ.empty() ? "" : differ.front());
    EXPECT_EQ(total_of(r_zero, "liaison_applications"), 0.0);
    EXPECT_EQ(zero.fiscal_total(fiscal_line("liaison_officers")), on.fiscal_total(fiscal_line("liaison_officers")));
    effect.add(s_on / s_off - 1.0);
    std::printf("[ liaison officers ] rep %llu: points credit lines off %.0f on %.0f (%+.1f %%), placebo %.0f; "
                "grants paid off %.0f on %.0f; applications only officers brought %.0f\n",
                static_cast<unsigned long long>(rep), s_off, s_on, 100 * (s_on / s_off - 1), s_zero,
                total_of(r_off, "grants_paid"), total_of(r_on, "grants_paid"),
                total_of(r_on, "liaison_applications"));
  }
  EXPECT_GT(effect.mean(), 0.1);
  EXPECT_GT(effect.mean() / (effect.sd() / 2.0), 4.0);  // paired t over 4 replications
}

TEST(LiaisonOfficers, ScenarioKeysAreValidated) {
  const std::string k = "policies.liaison_officers.";
  const auto ds = diagnostics_of({k + "cost_per_officer_yuan=0", k + "firms_per_officer=0", k + "take_up_boost=1.5",
                                  k + "budget_yuan=-5", k + "min_stage=tech_sme", k + "delivery=automatic"});
  const std::string all = listed(ds);
  EXPECT_EQ(ds.size(), 6u) << all;
  // Officers serve the top-N list: no eligibility by stage, no delivery mode of their own.
  const std::vector<std::string> expected = {
      "cost_per_officer_yuan: 0 is out of range", "firms_per_officer: 0 is out of range",
      "take_up_boost: 1.5 is out of range: must be in [0, 1] share", "budget_yuan: -5 is out of range",
      "unknown key 'policies.liaison_officers.min_stage'", "unknown key 'policies.liaison_officers.delivery'"};
  EXPECT_TRUE(unmentioned(ds, expected).empty()) << all;
  EXPECT_TRUE(diagnostics_of({k + "enabled=true", k + "take_up_boost=0", k + "firms_per_officer=200"}).empty());
}

TEST(LiaisonOfficers, BaselineHasThemFromTheStartAndTheCounterfactualDoesNot) {
  // The seed: "通过创新积分制遴选200强科技企业,配备科技联络员" (in force in
  // October 2025, issue 14 point 8), with assumed figures.
  Params p = library("jiangmen-2025");
  EXPECT_TRUE(p.liaison.programme.enabled);
  EXPECT_EQ(p.liaison.programme.budget_yuan.at(2025), 3e6);
  EXPECT_EQ(p.liaison.cost_per_officer_yuan, 150000);
  EXPECT_EQ(p.liaison.firms_per_officer, 10);
  EXPECT_FALSE(library("no-liaison-officers").liaison.programme.enabled);
  // Two years of the baseline: 20 officers from the set-up's programmes, again at the 2026 review.
  p.horizon_years = 2;
  const RunResult r = run_checked(p, 1, 0);
  const auto& served = r.series[metric_index("liaison_firms")];
  EXPECT_EQ(served[0], 200.0);
  EXPECT_EQ(served[13], 200.0);
  EXPECT_EQ(total_of(r, "fiscal_liaison_officers"), 2 * 20 * 150000.0);
  std::printf("[ liaison officers ] baseline, 2 years: applications only officers brought %.0f\n",
              total_of(r, "liaison_applications"));
}

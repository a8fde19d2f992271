// Talent services (housing, schooling, medical services; docs/model.md 7.23):
// books and the fiscal line with the lever on, the lever off leaving a run
// unchanged, common random numbers, the policy sign on the talent pool over
// paired replications (with a placebo that spends the same money through a
// mechanism switched off), and validation of the scenario keys.
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

Params services_on(Params p) {
  p.talent_services.programme.enabled = true;
  return p;
}

}  // namespace

TEST(TalentServices, BooksBalanceAndSpendingEqualsTheFiscalLine) {
  // 5.5 years: the last sample (July) comes after the last annual review, so
  // every yuan paid is in some sample (a review's flows go to the next one).
  const Params p = services_on(small(1500, 5.5));
  Ecosystem e(p, 4, 0);
  e.set_check_books_every_sample(true);  // throws on any imbalance or overspent budget
  const RunResult r = e.run();
  EXPECT_TRUE(r.books.ok()) << r.books.worst;

  // The budget (30 m) buys floor(30e6 / 36,000) = 833 whole places a year
  // (far below 30 % of the stock of a 1,500-firm city), bought at the start
  // and at each of the 5 reviews.
  const TalentServicesParams& sp = p.talent_services;
  const double places = std::floor(sp.programme.budget_yuan.at(2025) / sp.cost_per_person_yuan);
  const double line = e.fiscal_total(fiscal_line("talent_services"));
  EXPECT_DOUBLE_EQ(line, 6 * places * sp.cost_per_person_yuan);
  EXPECT_NEAR(total_of(r, "fiscal_talent_services"), line, 1e-9 * line);
  // Every sample holds the year's places, never more than the eligible share of the stock.
  const auto& served = r.series[metric_index("talent_served")];
  const auto& stock = r.series[metric_index("talent_stock")];
  for (std::size_t t = 0; t < served.size(); ++t) {
    EXPECT_EQ(served[t], places) << "sample " << t;
    EXPECT_LE(served[t], sp.eligible_share * stock[t]) << "sample " << t;
  }
  EXPECT_GT(total_of(r, "talent_retained"), 0.0);
  EXPECT_GT(total_of(r, "talent_attracted"), 0.0);
  std::printf("[ talent services ] places %.0f a year, spending %.6g yuan, stock at the horizon %.1f, retained %.1f, "
              "attracted %.1f\n",
              places, line, stock.back(), total_of(r, "talent_retained"), total_of(r, "talent_attracted"));

  // When the talent who need places are fewer than the budget buys, the
  // eligible share binds and the rest of the budget is not spent.
  Params few = p;
  few.talent_services.eligible_share = 0.01;
  Ecosystem e2(few, 4, 0);
  e2.set_check_books_every_sample(true);
  const RunResult r2 = e2.run();
  const auto& served2 = r2.series[metric_index("talent_served")];
  EXPECT_GT(served2[0], 0.0);
  EXPECT_LT(served2[0], places);
  EXPECT_EQ(served2[0], std::floor(0.01 * r2.series[metric_index("talent_stock")][0]));
  EXPECT_NEAR(total_of(r2, "fiscal_talent_services"), e2.fiscal_total(fiscal_line("talent_services")), 1e-3);
  EXPECT_LT(e2.fiscal_total(fiscal_line("talent_services")), line);
}

TEST(TalentServices, LeverOffChangesNothing) {
  // Every talent-services key but the switch changed, the switch off: the
  // run is the default run, series for series and value for value.
  const Params base = small(1500, 3);
  Params off = base;
  TalentServicesParams& s = off.talent_services;
  s.programme.budget_yuan = Scheduled(500e6);
  s.programme.start_year = 2025;
  s.cost_per_person_yuan = 1000;
  s.eligible_share = 1.0;
  s.retention_factor = 0.0;
  s.attraction = 20;
  const RunResult a = Ecosystem(base, 7, 1).run();
  const RunResult b = Ecosystem(off, 7, 1).run();
  ASSERT_EQ(a.series.size(), b.series.size());
  for (std::size_t m = 0; m < a.series.size(); ++m)
    EXPECT_TRUE(same_series(a.series[m], b.series[m])) << metric_catalogue()[m].name;
  for (const char* m : {"talent_served", "talent_retained", "talent_attracted", "fiscal_talent_services"})
    EXPECT_EQ(total_of(b, m), 0.0) << m;
}

TEST(TalentServices, SwitchingOnShiftsNoOtherStream) {
  // Common random numbers: the services draw nothing, so the entry stream
  // (arrival times, entrants' birth draws) and the labs' streams (result
  // arrivals, attributes, spin-offs) are untouched, although the larger pool
  // changes firms' R&D (7.23) and so the run.
  const Params base = small(1500, 4);
  const RunResult a = Ecosystem(base, 11, 0).run();
  const RunResult b = Ecosystem(services_on(base), 11, 0).run();
  for (const char* m : {"firm_entries", "research_results", "spinoffs"})
    EXPECT_TRUE(same_series(a.series[metric_index(m)], b.series[metric_index(m)])) << m;
  EXPECT_GT(total_of(b, "fiscal_talent_services"), 0.0);
  EXPECT_FALSE(same_series(a.series[metric_index("talent_stock")], b.series[metric_index("talent_stock")]));
}

TEST(TalentServices, PairedRaiseTheTalentPoolPlaceboDoesNot) {
  // Paired replications (same seed and replication on and off). Measured:
  // the talent stock at the horizon, on / off - 1. The services keep
  // N r_out (1 - rho) / 12 and draw N r_in eta / 12 more a month: with
  // N = 833, 833 (0.08 x 0.4 + 0.09 x 0.5) = 64 persons a year, about 0.3 %
  // of a 1,500-firm city's pool a year. The placebo spends the same money on
  // the same places with the mechanism off (rho = 1, eta = 0): its stock
  // must be the off run's to the last digit, so the effect cannot come from
  // the spending, from changed firms or from chance.
  const Params base = small(1500, 5.5);
  Params placebo = services_on(base);
  placebo.talent_services.retention_factor = 1.0;
  placebo.talent_services.attraction = 0.0;
  Welford effect;
  for (std::uint64_t rep = 0; rep < 4; ++rep) {
    Ecosystem off(base, 21, rep), on(services_on(base), 21, rep), zero(placebo, 21, rep);
    const RunResult r_off = off.run(), r_on = on.run(), r_zero = zero.run();
    ASSERT_TRUE(r_on.books.ok()) << r_on.books.worst;
    const double s_off = r_off.series[metric_index("talent_stock")].back();
    const double s_on = r_on.series[metric_index("talent_stock")].back();
    const double s_zero = r_zero.series[metric_index("talent_stock")].back();
    const double added = total_of(r_on, "talent_retained") + total_of(r_on, "talent_attracted");
    EXPECT_GT(s_on, s_off) << "replication " << rep;
    EXPECT_EQ(s_zero, s_off) << "replication " << rep;
    EXPECT_EQ(total_of(r_zero, "talent_retained") + total_of(r_zero, "talent_attracted"), 0.0);
    EXPECT_EQ(zero.fiscal_total(fiscal_line("talent_services")), on.fiscal_total(fiscal_line("talent_services")));
    // The gap is what the services added, grown at the pool's net rate
    // (cooperation projects of firms whose fate the services changed move it a little).
    EXPECT_GT(s_on - s_off, added);
    EXPECT_LT(s_on - s_off, 1.2 * added);
    effect.add(s_on / s_off - 1.0);
    std::printf("[ talent services ] rep %llu: stock off %.1f on %.1f (%+.3f %%), placebo %.1f; retained %.1f, "
                "attracted %.1f; sufficiency off %.4f on %.4f\n",
                static_cast<unsigned long long>(rep), s_off, s_on, 100 * (s_on / s_off - 1), s_zero,
                total_of(r_on, "talent_retained"), total_of(r_on, "talent_attracted"),
                r_off.series[metric_index("talent_sufficiency")].back(),
                r_on.series[metric_index("talent_sufficiency")].back());
  }
  EXPECT_GT(effect.mean(), 0.005);
  EXPECT_GT(effect.mean() / (effect.sd() / 2.0), 4.0);  // paired t over 4 replications
}

TEST(TalentServices, ScenarioKeysAreValidated) {
  const std::string k = "policies.talent_services.";
  const auto ds = diagnostics_of({k + "cost_per_person_yuan=0", k + "eligible_share=1.5", k + "retention_factor=1.2",
                                  k + "attraction=-1", k + "budget_yuan=-5", k + "min_stage=tech_sme"});
  const std::string all = listed(ds);
  EXPECT_EQ(ds.size(), 6u) << all;
  EXPECT_TRUE(mentions(ds, "cost_per_person_yuan: 0 is out of range")) << all;
  EXPECT_TRUE(mentions(ds, "eligible_share: 1.5 is out of range: must be in [0, 1] share")) << all;
  EXPECT_TRUE(mentions(ds, "retention_factor: 1.2 is out of range")) << all;
  EXPECT_TRUE(mentions(ds, "attraction: -1 is out of range")) << all;
  EXPECT_TRUE(mentions(ds, "budget_yuan: -5 is out of range")) << all;
  // Places are for talent, not firms: the section has no eligibility by stage.
  EXPECT_TRUE(mentions(ds, "unknown key 'policies.talent_services.min_stage'")) << all;
  // Good values load.
  EXPECT_TRUE(diagnostics_of({k + "enabled=true", k + "retention_factor=0", k + "eligible_share=1"}).empty());
}

TEST(TalentServices, LibraryScenarioSwitchesThemOnAndTheBaselineDoesNot) {
  const Params base = library("jiangmen-2025");
  EXPECT_FALSE(base.talent_services.programme.enabled);
  Params p = library("talent-services");
  EXPECT_TRUE(p.talent_services.programme.enabled);
  EXPECT_EQ(p.talent_services.programme.start_year, 2026);
  EXPECT_EQ(p.talent_services.programme.budget_yuan.at(2026), 30e6);
  EXPECT_EQ(p.talent_services.cost_per_person_yuan, 36000);
  // Two years of the library scenario: no places in 2025, places from the 2026 review.
  p.horizon_years = 2;
  Ecosystem e(p, 1, 0);
  e.set_check_books_every_sample(true);
  const RunResult r = e.run();
  const auto& served = r.series[metric_index("talent_served")];
  EXPECT_EQ(served[0], 0.0);
  EXPECT_EQ(served[12], 0.0);  // the 1 January 2026 sample comes before the review
  EXPECT_EQ(served[13], std::floor(30e6 / 36000));
  EXPECT_EQ(total_of(r, "fiscal_talent_services"), std::floor(30e6 / 36000) * 36000);
}

// The warm-up runs the start year's policies with the start year's budgets
// (issue 18, referee 15 D1; docs/model.md 1.2.3 and 7.22 item 6). With
// `warmup_years: 3` in the baseline, InertCheck found
// `policies.tech_centres.rd_boost` moving a run whose tech-centre budget is
// 0: centres were recognised without money (the grant paid nothing, the
// recognition and its R&D boost stood), and the three extra years gave
// enough centres for the boost to change an innovation draw. These tests fail
// on that rule.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "innosim/scenario/warmup.hpp"
#include "lever_helpers.hpp"

using namespace innosim::model;
using namespace innosim::model::lever_test;

namespace {

/// Firms that ended the run (alive or at their exit) as recognised technology centres.
int centres_in(const Ecosystem& e, const FirmArchive& a) {
  int n = 0;
  for (const auto& [id, f] : a.all(e)) n += f->tech_centre ? 1 : 0;
  return n;
}

}  // namespace

TEST(WarmupPolicies, ATechCentreBudgetOfZeroRecognisesNoCentreAndSilencesTheBoost) {
  // Six years of a 1,500-firm city at four centres a year: with the old rule
  // about 24 firms became centres on a budget of 0, and a boost of 3 (R&D
  // four times as effective for them) changed the run.
  for (const bool automatic : {false, true}) {
    Params p = small(1500, 6);
    auto& g = p.programmes.tech_centres;
    g.per_year = 4;
    g.programme.automatic = automatic;
    Params funded = p;
    g.programme.budget_yuan = Scheduled(0.0);
    Params boosted = p;
    boosted.programmes.tech_centres.rd_boost = 3.0;
    FirmArchive a, b, c;
    Ecosystem e0(p, 11, 0, &a), e1(boosted, 11, 0, &b), ef(funded, 11, 0, &c);
    const RunResult r0 = e0.run(), r1 = e1.run(), rf = ef.run();
    const std::string mode = automatic ? "automatic" : "application";
    EXPECT_GT(centres_in(ef, c), 0) << mode << ": the funded run must recognise centres (else the test is empty)";
    EXPECT_EQ(centres_in(e0, a), 0) << mode << ": centres recognised on a budget of 0";
    EXPECT_EQ(total_of(r0, "fiscal_tech_centres"), 0.0) << mode;
    EXPECT_EQ(differing_metrics(r0, r1), std::vector<std::string>{}) << mode << ": rd_boost moved a run with budget 0";
  }
}

TEST(WarmupPolicies, WarmupYearsHaveTheStartYearsBudgetsAndAZeroBudgetPaysNothingInThem) {
  // The baseline with a three-year warm-up: every Scheduled value in the
  // warm-up years 2022-2024 is its 2025 value (a budget the scenario did not
  // give is not spent before the start date), and with the tech-centre
  // budget 0 nothing is paid and no centre recognised over the warm-up.
  namespace sc = innosim::scenario;
  const sc::Scenario s = sc::load(full_schema(), "jiangmen-2025", {"warmup_years=3", "population.firms=1500"});
  const Params p = params_from(s), w = params_from(sc::warmup_run_scenario(s));
  ASSERT_EQ(w.start_year, p.start_year - 3);
  const std::vector<std::pair<const char*, const Programme*>> programmes = {
      {"tech_centres", &w.programmes.tech_centres.programme},
      {"tech_upgrade_provincial", &w.programmes.upgrade_provincial.programme},
      {"tech_upgrade_city", &w.programmes.upgrade_city.programme},
      {"interest_subsidy", &w.interest_subsidy.programme}};
  const std::vector<const Programme*> at_start = {&p.programmes.tech_centres.programme,
                                                  &p.programmes.upgrade_provincial.programme,
                                                  &p.programmes.upgrade_city.programme, &p.interest_subsidy.programme};
  for (std::size_t i = 0; i < programmes.size(); ++i) {
    const Programme& pw = *programmes[i].second;
    const Programme& p0 = *at_start[i];
    for (int y = w.start_year; y < p.start_year; ++y)
      EXPECT_EQ(pw.budget_yuan.at(y), p0.budget_yuan.at(p.start_year)) << programmes[i].first << " in " << y;
    for (int y = p.start_year; y < p.start_year + 10; ++y)
      EXPECT_EQ(pw.budget_yuan.at(y), p0.budget_yuan.at(y)) << programmes[i].first << " in " << y;
  }
  ASSERT_GT(p.programmes.tech_centres.programme.budget_yuan.at(p.start_year), 0.0) << "the baseline funds tech centres";

  const sc::Scenario zero = sc::load(full_schema(), "jiangmen-2025",
                                     {"warmup_years=3", "population.firms=1500", "horizon_years=1",
                                      "policies.tech_centres.budget_yuan=0", "policies.tech_centres.per_year=4"});
  Params z = params_from(sc::warmup_run_scenario(zero));
  ASSERT_EQ(z.horizon_years, 4.0);
  for (int y = z.start_year; y <= p.start_year; ++y) EXPECT_EQ(z.programmes.tech_centres.programme.budget_yuan.at(y), 0.0);
  FirmArchive a;
  Ecosystem e(z, 5, 0, &a);
  const RunResult r = e.run();
  EXPECT_EQ(total_of(r, "fiscal_tech_centres"), 0.0) << "paid in the warm-up with a budget of 0";
  EXPECT_EQ(centres_in(e, a), 0) << "recognised in the warm-up with a budget of 0";
}

// The two levers issue 18's calibration file gained in session 15
// (docs/model.md 7.11 and 7.22): the venture exit routes
// (`institutions.venture.ipo_exit_share`) and the technology centres' yearly
// rate with a fraction (`policies.tech_centres.per_year`). Each on one run,
// where the rule fixes the answer exactly.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "lever_helpers.hpp"

using namespace innosim::model;
using namespace innosim::model::lever_test;

namespace {

double last_of(const RunResult& r, const char* metric) {
  const auto& s = r.series[metric_index(metric)];
  return s.empty() ? std::nan("") : s.back();
}

}  // namespace

TEST(CalibrationLevers, ExitsAtCostLowerTheMultipleAndReturnAtMostTheMoneyPutIn) {
  // With commitments that do not respond to returns (elasticity 0, the
  // default) and no guidance fund (which would reinvest its proceeds), the
  // exit route moves only money that leaves the city (proceeds to outside
  // LPs), so the firms' paths are the same and the comparison is exact on one
  // run: fewer exits at the valuation cannot raise proceeds or the LPs'
  // multiples, and at q = 0 no exit pays more than it cost.
  Params p = small(1500, 8);
  p.venture.commitment_elasticity = 0;
  p.venture.guidance.enabled = false;
  Params q0 = p, q_low = p;
  q0.venture.ipo_exit_share = 0.0;
  q_low.venture.ipo_exit_share = 0.2;
  const RunResult all = run_checked(p, 3, 0), low = run_checked(q_low, 3, 0), none = run_checked(q0, 3, 0);
  const double invested = total_of(all, "venture_investment");
  const double proceeds_all = total_of(all, "venture_exit_proceeds");
  const double proceeds_low = total_of(low, "venture_exit_proceeds");
  const double proceeds_none = total_of(none, "venture_exit_proceeds");
  ASSERT_GT(proceeds_all, 0.0) << "no exits: the test cannot tell the routes apart";
  EXPECT_EQ(total_of(none, "venture_investment"), invested) << "the route must not change who is funded";
  EXPECT_LT(proceeds_low, proceeds_all);
  EXPECT_LE(proceeds_none, proceeds_low);
  EXPECT_LE(proceeds_none, invested) << "at q = 0 an exit returns at most its cost";
  const double m_all = last_of(all, "private_lp_multiple"), m_none = last_of(none, "private_lp_multiple");
  ASSERT_GT(m_all, 0.0) << "no vintage old enough at the horizon";
  EXPECT_LT(m_none, m_all);
  // DPI: distributions only, so never above the multiple that adds cash and holdings.
  EXPECT_GE(last_of(all, "private_lp_dpi"), 0.0);
  EXPECT_LE(last_of(all, "private_lp_dpi"), m_all);
  EXPECT_LT(last_of(none, "private_lp_dpi"), last_of(all, "private_lp_dpi"));
}

TEST(CalibrationLevers, TechCentresRecogniseTheYearlyRateWithItsFraction) {
  // Automatic delivery (no take-up draw, paid at once) and a budget that
  // never binds. Review k = 0 ... K - 1 recognises floor(r(k+1)) - floor(rk),
  // so the run recognises floor(rK) centres. At r = 3 every review
  // recognises 3, which gives K; the fractional rates must then match.
  const auto centres = [](double rate) {
    Params p = small(1500, 6);
    auto& g = p.programmes.tech_centres;
    g.programme.automatic = true;
    g.programme.budget_yuan = Scheduled(1e12);
    g.per_year = rate;
    const RunResult r = run_checked(p, 2, 0);
    return total_of(r, "fiscal_tech_centres") / g.grant_yuan;
  };
  const double at3 = centres(3.0);
  const double reviews = at3 / 3.0;
  ASSERT_NEAR(reviews, std::round(reviews), 1e-9) << at3 << " centres at 3 a year";
  ASSERT_GE(reviews, 5.0);
  for (const double rate : {1.46, 0.5}) {
    const double expected = std::floor(rate * reviews);
    EXPECT_NEAR(centres(rate), expected, 1e-6) << "rate " << rate << ", " << reviews << " reviews";
  }
}

// The opening tech-loan book (docs/model.md 5, step 7; issue 18 part 4's
// prerequisite): the seed's balance is stated at 1 January of
// initial.tech_loans_year and a run that starts earlier (the baseline's
// warm-up from 2020) opens at it back-cast by the seed's +13 % a year, so
// the five warm-up years grow a 2020-sized book to 2025 instead of a
// 2025-sized one (281.6 bn at 2025-07-31 in calib15's check, 1.2.3).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "innosim/scenario/warmup.hpp"
#include "lever_helpers.hpp"

using namespace innosim::model;
using namespace innosim::model::lever_test;

namespace {

double opening_debt(const Params& p) {
  Ecosystem e(p, 1, 0);
  double debt = 0;
  for (const Firm& f : e.firms()) debt += f.debt;
  return debt;
}

}  // namespace

TEST(OpeningBook, StatedAtItsYearAndBackCastToAnEarlierStart) {
  // A city of 1,500 firms (the balance scales by 1,500 / 6,000, 5.9).
  const Params p = small(1500, 1);
  const double stated = p.initial.tech_loans_yuan * 1500.0 / 6000.0;
  ASSERT_EQ(p.initial.tech_loans_year, 2025);
  ASSERT_EQ(p.start_year, 2025);
  // At the stated year: the stated balance (the ceilings may hold it a
  // little below, as Model.InitialPopulationMatchesSeed allows).
  EXPECT_NEAR(opening_debt(p) / stated, 1.0, 0.02);
  // Five years earlier: back-cast by (1 + g)^5. Within 0.5 %: the start
  // year's programmes lend a few tens of millions more during the set-up
  // (+0.09 % at 2025, +0.19 % at 2020); the old rule gave 1.84 here.
  Params early = p;
  early.start_year = 2020;
  const double want = stated / std::pow(1.0 + p.initial.tech_loans_growth, 5);
  EXPECT_NEAR(opening_debt(early) / want, 1.0, 0.005);
  EXPECT_LT(want, 0.6 * stated) << "g = 0.13 over five years is a factor 1.84";
  // Without growth the stated balance at any earlier start.
  Params flat = early;
  flat.initial.tech_loans_growth = 0;
  EXPECT_NEAR(opening_debt(flat) / stated, 1.0, 0.02);
  // A later start keeps the stated balance (no forward cast).
  Params late = p;
  late.start_year = 2030;
  EXPECT_NEAR(opening_debt(late) / stated, 1.0, 0.02);
}

// FAILED at its one pre-registered run (23:33 UTC, init18): mean 248.0 bn
// (229.5, 247.2, 256.8, 258.6) against [150, 160). The back-cast opening
// moves the 2025 book little (docs/model.md 5, "Warm-up": the book is the
// firms' own credit demand after five years). Kept disabled with its result
// until the credit demand is calibrated (issue 18 part 4); enable it then.
TEST(OpeningBook, DISABLED_BaselineBookAtJuly2025LiesInTheSeedsBand) {
  // Failed at its one run in session 18 (248.0 bn, the code's credit hurdle
  // 0.07 and T_am 10); pre-registered again unchanged (SESSION19.md NEWS
  // 02:45, loan19) with the loan book's calibration in jiangmen-2025
  // (docs/model.md 7.7) and passed at its one run (153.9 bn: 142.2 159.1
  // 152.2 162.2). Disabled again because the calibration is off in the
  // baseline (scenarios/calibration/loan-book-calibrated.yaml holds it:
  // with it on, RiskPool.CoveredStockHoldsInTheLibraryScenario fails);
  // enable it with the calibration.
  // Pre-registered (SESSION18.md NEWS, init18): the baseline jiangmen-2025
  // with its warm-up (5 years from 2020), 6,000 firms, seed 1, replications
  // 100..103 (never run by the measurements of docs 1.2.3): the mean of
  // stock(tech_loans_outstanding, 2025-07-31) lies in the seed's band
  // [150, 160) bn ("超1500亿", the calibration file's ≥ 150 bn, its fit
  // 155 ± 2.9 bn). About 4 x 1.5 CPU-s: in the ASan filter (tests/ci.cmake).
  namespace sc = innosim::scenario;
  const sc::Scenario s = sc::load(full_schema(), "jiangmen-2025", {"horizon_years=1"});
  ASSERT_EQ(sc::warmup_years(s), 5);
  const Params p = params_from(sc::warmup_run_scenario(s));
  ASSERT_EQ(p.start_year, 2020);
  ASSERT_EQ(p.initial_firms, 6000);
  ASSERT_EQ(p.horizon_years, 6.0);  // 2025-07-31 is the sample of month 67
  double sum = 0;
  std::vector<double> books;
  for (std::uint64_t r = 100; r < 104; ++r) {
    const RunResult run = Ecosystem(p, 1, r).run();
    const auto& loans = run.series[metric_index("tech_loans_outstanding")];
    ASSERT_GE(loans.size(), 68u);
    books.push_back(loans[67] / 1e9);
    sum += loans[67];
  }
  const double mean = sum / static_cast<double>(books.size()) / 1e9;
  std::printf("tech loans at 2025-07-31: mean %.1f bn (%.1f %.1f %.1f %.1f)\n", mean, books[0], books[1], books[2],
              books[3]);
  EXPECT_GE(mean, 150.0);
  EXPECT_LT(mean, 160.0);
}

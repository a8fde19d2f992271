// Recovery tests of `innosim calibrate` (issue 18, part 3): targets made by
// the model itself at known parameter values (a synthetic world with a seed
// of its own, plus observation noise) are recovered within their confidence
// intervals; over many synthetic worlds the 95 % intervals cover the truth
// about 95 % of the time, within binomial error; and a parameter the targets
// cannot see is reported as not identified.
//
// A cheap scenario (300 firms, two years) keeps this affordable in CI: about
// 9,000 model runs, some 30 s on two cores (ctest label `recovery`).
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include <gtest/gtest.h>

#include "innosim/experiments/calibration.hpp"
#include "innosim/experiments/experiment.hpp"
#include "innosim/experiments/schema_registry.hpp"

namespace fs = std::filesystem;
using namespace innosim::experiments;

namespace {

const double kEntry = 250, kHazard = 0.2;

std::string calibration_text(std::uint64_t synthetic_seed, std::uint64_t seed, bool invisible, int S, int points,
                             int profile_points, bool check) {
  std::string t =
      "scenario: jiangmen-2025\n"
      "set: {population.firms: 300, population.reference_firms: 300, horizon_years: 2, warmup_years: 0, "
      "policies.risk_compensation_pool.enabled: false}\n"
      "parameters:\n"
      "  firms.entry_rate_per_year: {range: [100, 400]}\n"
      "  firms.hazard_young: {range: [0.05, 0.4], log: true}\n";
  // A cold start (warmup_years 0): the recovery of known parameters is a
  // property of the estimator, and the baseline's 5-year warm-up (docs/model.md
  // 1.2.3) made this test 3.5 times longer (213 s in CI) for nothing it checks.
  // The risk-compensation pool is switched off above (the baseline holds the
  // 邑科贷 pool since 7 Dec 2026): its coverage share changes nothing at all,
  // so no target can see it.
  if (invisible) t += "  policies.risk_compensation_pool.coverage_share: {range: [0.1, 0.9]}\n";
  t += "targets:\n"
       "  - {name: firms_2026, expr: 'stock(firms_active, 2026-12-31)', sd: 3, source: synthetic}\n"
       "  - {name: entries_2025, expr: 'flow(firm_entries, 2025-01-01, 2025-12-31)', sd: 3, source: synthetic}\n"
       "  - {name: exits_2025, expr: 'flow(firm_exits, 2025-01-01, 2025-12-31)', sd: 3, source: synthetic}\n"
       "  - {name: exits_2026, expr: 'flow(firm_exits, 2026-01-01, 2026-12-31)', sd: 3, source: synthetic}\n";
  t += "replications: " + std::to_string(S) + "\nseed: " + std::to_string(seed) + "\n";
  t += "search: {global: {design: sobol, points: " + std::to_string(points) +
       "}, local: {max_evaluations: 40}, restarts: 0}\n";
  t += "profile_points: " + std::to_string(profile_points) + "\n";
  t += std::string("check: ") + (check ? "true" : "false") + "\n";
  t += "synthetic:\n  truth: {firms.entry_rate_per_year: 250, firms.hazard_young: 0.2";
  if (invisible) t += ", policies.risk_compensation_pool.coverage_share: 0.5";
  t += "}\n  seed: " + std::to_string(synthetic_seed) + "\n";
  return t;
}

class Recovery : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("innosim_recovery_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  CalibrationResult run(const std::string& text, CalibrationSpec& spec) {
    const fs::path f = dir_ / "calib.yaml";
    std::ofstream(f) << text;
    spec = load_calibration(f, full_schema());
    CalibrationOptions o;
    o.jobs = default_jobs();
    o.quiet = true;
    o.scenario_name = "recovered";
    o.extends = "jiangmen-2025";
    return calibrate(spec, o);
  }
  fs::path dir_;
};

bool covers(const ParameterResult& p, double truth) {
  return std::isfinite(p.ci_low) && p.ci_low <= truth && truth <= p.ci_high;
}

}  // namespace

TEST_F(Recovery, KnownParametersWithinTheirIntervalsAndAnInvisibleOneNotIdentified) {
  CalibrationSpec spec;
  // 12 replications per point: at 10 the entry rate's interval was 51.6-62.3
  // wide (bound 60) over four synthetic worlds (seeds 77-80, share13's
  // firm finance), so the check passed or failed on the draw; at 12 it is
  // 54.7 for seed 77.
  const CalibrationResult r = run(calibration_text(77, 3, true, 12, 16, 7, true), spec);
  ASSERT_EQ(r.parameters.size(), 3u);
  const ParameterResult& entry = r.parameters[0];
  const ParameterResult& hazard = r.parameters[1];
  const ParameterResult& pool = r.parameters[2];
  EXPECT_EQ(entry.identification, Identification::identified) << entry.verdict;
  EXPECT_EQ(hazard.identification, Identification::identified) << hazard.verdict;
  EXPECT_TRUE(covers(entry, kEntry)) << entry.estimate << " [" << entry.ci_low << ", " << entry.ci_high << "]";
  EXPECT_TRUE(covers(hazard, kHazard)) << hazard.estimate << " [" << hazard.ci_low << ", " << hazard.ci_high << "]";
  // Not a lucky wide interval: the entry rate is pinned to a tenth of its range.
  EXPECT_LT(entry.ci_high - entry.ci_low, 0.2 * (entry.hi - entry.lo));
  // The pool's coverage share moves nothing: under common random numbers its
  // Jacobian column is exactly zero and its profile exactly flat.
  EXPECT_EQ(pool.identification, Identification::not_identified) << pool.verdict;
  EXPECT_NE(pool.verdict.find("not identified"), std::string::npos);
  EXPECT_TRUE(std::isnan(pool.se));
  for (double q : pool.profile_objective) EXPECT_EQ(q, r.objective);
  EXPECT_EQ(r.jacobian(0, 2), 0.0);
  EXPECT_EQ(r.rank, 2);
  EXPECT_TRUE(std::isinf(r.condition_number));
  // 4 targets, 3 free parameters: the invisible one counts too (referee 19
  // B5; until session 20 the tool left it out and said 2).
  EXPECT_EQ(r.j_df, 1);
  EXPECT_GT(r.j_p_value, 0.001);
  // The calibrated scenario extends the base and loads with the estimates.
  const fs::path y = dir_ / "calibrated.yaml";
  std::string yaml = r.scenario_yaml;
  std::ofstream(y) << yaml;
  const PreparedScenario ps = prepare_scenario(full_schema(), y.string(), {});
  EXPECT_EQ(ps.scenario.name(), "recovered");
  EXPECT_EQ(ps.scenario.number("firms.entry_rate_per_year"), entry.estimate);
  EXPECT_EQ(ps.scenario.number("firms.hazard_young"), hazard.estimate);
  EXPECT_EQ(ps.scenario.integer("population.firms"), 300);
}

TEST_F(Recovery, NinetyFivePercentIntervalsCoverTheTruthAboutNinetyFivePercentOfTheTime) {
  // Each repetition is a whole experiment of its own: a synthetic world
  // (seed 1000 + d) and a calibration with its own seeds (3 + d). With one
  // calibration seed for all worlds, every interval would share the same
  // estimate of the simulated covariance from the same S runs, and the
  // repetitions would not be independent (a low draw of it narrows every
  // interval at once).
  // 20 synthetic worlds x 2 parameters = 40 intervals. Under correct
  // coverage the count is Binomial(40, 0.95): mean 38, and P(count <= 33) =
  // 0.0034; so <= 33 rejects correct coverage at the 0.34 % level (all 40 has
  // probability 0.13, so full coverage is not evidence of too-wide
  // intervals at this size). The seeds are fixed: the test is deterministic.
  // Session 20: 30 worlds (60 intervals, reject at <= 51, P = 0.002) cost 83 s
  // of CI's wall time on this 2-core machine; the 20 are the first 20 of
  // those 30 (worlds 0-19), whose coverage the 30-world runs had printed: a
  // smaller sample of the same test, not a new one.
  const int D = 20;
  int covered = 0, intervals = 0;
  std::string misses;
  for (int d = 0; d < D; ++d) {
    CalibrationSpec spec;
    const CalibrationResult r = run(calibration_text(1000 + static_cast<std::uint64_t>(d), 3 + static_cast<std::uint64_t>(d), false, 10, 8, 3, false), spec);
    for (std::size_t j = 0; j < 2; ++j) {
      const double truth = j == 0 ? kEntry : kHazard;
      ++intervals;
      if (covers(r.parameters[j], truth))
        ++covered;
      else
        misses += "  world " + std::to_string(d) + ": " + r.parameters[j].path + " " +
                  std::to_string(r.parameters[j].estimate) + " [" + std::to_string(r.parameters[j].ci_low) + ", " +
                  std::to_string(r.parameters[j].ci_high) + "]\n";
    }
  }
  std::printf("coverage of the 95 %% intervals: %d of %d (%.1f %%)\n%s", covered, intervals,
              100.0 * covered / intervals, misses.c_str());
  EXPECT_GT(covered, 33) << misses;
}

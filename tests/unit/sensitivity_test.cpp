// The designs and estimators of `innosim sensitivity` (experiments/
// sensitivity.hpp): scrambled Sobol' nets, Saltelli's and Morris's designs,
// the Sobol' and Morris estimators against functions whose indices are
// known (Ishigami, the g-function, linear functions, groups), bootstrap
// intervals, missing values, and the seed-noise share.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include <gtest/gtest.h>

#include "innosim/engine/error.hpp"
#include "innosim/engine/random.hpp"
#include "innosim/experiments/design.hpp"
#include "innosim/experiments/sensitivity.hpp"

using namespace innosim::experiments;

namespace {

std::vector<std::size_t> own_groups(std::size_t k) {
  std::vector<std::size_t> g(k);
  std::iota(g.begin(), g.end(), std::size_t{0});
  return g;
}

/// f at every row of the design (factor values from the unit coordinates).
std::vector<double> evaluate(const SaDesign& d, const TestFunction& f) {
  std::vector<double> y;
  std::vector<double> x(d.k);
  for (const auto& u : d.unit) {
    for (std::size_t i = 0; i < d.k; ++i) x[i] = f.factors[i].at_unit(u[i]);
    y.push_back(f.evaluate(x));
  }
  return y;
}

}  // namespace

TEST(ScrambledSobol, EveryPrefixOfTwoToTheMPointsIsStratifiedInEveryDimension) {
  const auto pts = scrambled_sobol(256, 6, 42);
  for (std::size_t m : {4u, 16u, 64u, 256u})
    for (std::size_t j = 0; j < 6; ++j) {
      std::set<std::size_t> cells;
      for (std::size_t p = 0; p < m; ++p) {
        ASSERT_GT(pts[p][j], 0.0);
        ASSERT_LT(pts[p][j], 1.0);
        cells.insert(static_cast<std::size_t>(pts[p][j] * static_cast<double>(m)));
      }
      EXPECT_EQ(cells.size(), m) << "dimension " << j << ", first " << m << " points";
    }
  // Two-dimensional strata of the net: 64 points, 8 x 8 cells, one each
  // (dimensions 0 and 1 of Sobol's sequence have t = 0).
  std::set<std::size_t> cells;
  for (std::size_t p = 0; p < 64; ++p)
    cells.insert(static_cast<std::size_t>(pts[p][0] * 8) * 8 + static_cast<std::size_t>(pts[p][1] * 8));
  EXPECT_EQ(cells.size(), 64u);
  // Keyed by the seed: the same points again, other points for another seed.
  EXPECT_EQ(scrambled_sobol(256, 6, 42), pts);
  EXPECT_NE(scrambled_sobol(256, 6, 43)[1], pts[1]);
  // Scrambled points are uniform: the mean of each coordinate is near 1/2.
  for (std::size_t j = 0; j < 6; ++j) {
    double s = 0;
    for (const auto& p : pts) s += p[j];
    EXPECT_NEAR(s / 256, 0.5, 0.01);
  }
}

TEST(SaltelliDesign, BlocksSwapTheGroupsColumns) {
  const std::vector<std::size_t> group_of = {0, 1, 0};  // factors 0 and 2 move together
  const SaDesign d = saltelli_design(8, group_of, 2, true, 5);
  ASSERT_EQ(d.rows.size(), 8u * (2 * 2 + 2));
  ASSERT_EQ(d.rows_per_sample(), 6u);
  for (std::size_t j = 0; j < 8; ++j) {
    const auto& a = d.unit[j * 6];
    const auto& b = d.unit[j * 6 + 5];
    EXPECT_EQ(d.rows[j * 6].block, SaBlock::A);
    EXPECT_EQ(d.rows[j * 6 + 5].block, SaBlock::B);
    EXPECT_EQ(d.rows[j * 6 + 1].block, SaBlock::AB);
    EXPECT_EQ(d.rows[j * 6 + 1].group, 0);
    EXPECT_EQ(d.unit[j * 6 + 1], (std::vector<double>{b[0], a[1], b[2]}));
    EXPECT_EQ(d.unit[j * 6 + 2], (std::vector<double>{a[0], b[1], a[2]}));
    EXPECT_EQ(d.rows[j * 6 + 3].block, SaBlock::BA);
    EXPECT_EQ(d.unit[j * 6 + 3], (std::vector<double>{a[0], b[1], a[2]}));
    EXPECT_EQ(d.unit[j * 6 + 4], (std::vector<double>{b[0], a[1], b[2]}));
    EXPECT_EQ(d.rows[j * 6 + 4].sample, static_cast<std::int64_t>(j));
  }
  EXPECT_THROW(saltelli_design(12, group_of, 2, false, 5), innosim::ConfigError);  // not a power of two
}

TEST(MorrisDesign, EachStepMovesOneGroupByDeltaOnTheGrid) {
  const std::vector<std::size_t> group_of = {0, 1, 1, 2};
  const SaDesign d = morris_design(30, 4, group_of, 3, 9);
  EXPECT_DOUBLE_EQ(d.delta, 4.0 / 6.0);
  ASSERT_EQ(d.rows.size(), 30u * 4);
  for (std::size_t t = 0; t < 30; ++t) {
    std::set<int> moved;
    for (std::size_t s = 0; s < 4; ++s) {
      const auto& x = d.unit[t * 4 + s];
      for (double v : x) {
        EXPECT_GE(v, 0.0);
        EXPECT_LE(v, 1.0);
        EXPECT_NEAR(v * 3, std::round(v * 3), 1e-12) << "on the 4-level grid";
      }
      if (s == 0) {
        EXPECT_EQ(d.rows[t * 4].group, -1);
        continue;
      }
      const auto& prev = d.unit[t * 4 + s - 1];
      const int g = d.rows[t * 4 + s].group;
      moved.insert(g);
      for (std::size_t i = 0; i < 4; ++i) {
        if (group_of[i] == static_cast<std::size_t>(g))
          EXPECT_NEAR(std::abs(x[i] - prev[i]), d.delta, 1e-12);
        else
          EXPECT_EQ(x[i], prev[i]);
      }
      // One-factor groups carry the sign of their step; a group of two has none.
      EXPECT_EQ(std::abs(d.rows[t * 4 + s].direction), g == 1 ? 0 : 1);
    }
    EXPECT_EQ(moved.size(), 3u) << "every group moves once per trajectory";
  }
}

// The acceptance values: Ishigami (a = 7, b = 0.1) at N = 2^14.
TEST(SobolIndices, IshigamiWithinTheBootstrapIntervalAndTwoHundredthsAtTwoToTheFourteen) {
  const TestFunction f = test_function("ishigami");
  EXPECT_NEAR(f.s1[0], 0.3139, 1e-4);
  EXPECT_NEAR(f.s1[1], 0.4424, 1e-4);
  EXPECT_EQ(f.s1[2], 0.0);
  EXPECT_NEAR(f.st[0], 0.5576, 1e-4);
  EXPECT_NEAR(f.st[1], 0.4424, 1e-4);
  EXPECT_NEAR(f.st[2], 0.2437, 1e-4);
  const SaDesign d = saltelli_design(1 << 14, own_groups(3), 3, false, 1);
  const SobolIndices s = sobol_indices(d, evaluate(d, f), {.resamples = 500, .confidence = 0.95, .seed = 1});
  EXPECT_EQ(s.n, 1u << 14);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(s.s1[i].estimate, f.s1[i], 0.02) << "S1 x" << i + 1;
    EXPECT_NEAR(s.st[i].estimate, f.st[i], 0.02) << "ST x" << i + 1;
    EXPECT_LE(s.s1[i].low, f.s1[i]) << "S1 x" << i + 1;
    EXPECT_GE(s.s1[i].high, f.s1[i]) << "S1 x" << i + 1;
    EXPECT_LE(s.st[i].low, f.st[i]) << "ST x" << i + 1;
    EXPECT_GE(s.st[i].high, f.st[i]) << "ST x" << i + 1;
    EXPECT_LT(s.s1[i].high - s.s1[i].low, 0.1);
  }
}

TEST(SobolIndices, GFunctionFirstSecondAndTotalOrder) {
  const TestFunction f = test_function("gfunction");
  EXPECT_NEAR(f.s1[0], 0.7162, 1e-4);
  EXPECT_NEAR(f.st[0], 0.7871, 1e-4);
  EXPECT_NEAR(f.st[1], 0.2422, 1e-4);
  const SaDesign d = saltelli_design(1 << 14, own_groups(8), 8, true, 3);
  const SobolIndices s = sobol_indices(d, evaluate(d, f), {.resamples = 300, .confidence = 0.95, .seed = 2});
  // 16 intervals of 95 %: about one is expected to miss by chance. Every
  // factor that matters (ST >= 0.001) must be covered; of the four a = 99
  // factors (ST = 0.0001, intervals 3 % wide) at most two may miss.
  int misses = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    EXPECT_NEAR(s.s1[i].estimate, f.s1[i], 0.02) << "S1 x" << i + 1;
    EXPECT_NEAR(s.st[i].estimate, f.st[i], 0.02) << "ST x" << i + 1;
    const bool in1 = s.s1[i].low <= f.s1[i] && f.s1[i] <= s.s1[i].high;
    const bool in_t = s.st[i].low <= f.st[i] && f.st[i] <= s.st[i].high;
    if (f.st[i] >= 0.001) {
      EXPECT_TRUE(in1) << "S1 x" << i + 1;
      EXPECT_TRUE(in_t) << "ST x" << i + 1;
    }
    misses += !in1 + !in_t;
  }
  EXPECT_LE(misses, 2);
  // S12 = V1 V2 / V for a product of independent terms.
  const double V1 = 1.0 / 3, V2 = 1.0 / 12, V = 1 / f.s1[0] * V1;
  EXPECT_NEAR(s.s2[0][1].estimate, V1 * V2 / V, 0.02);
  EXPECT_TRUE(s.s2[0][1].low <= V1 * V2 / V && V1 * V2 / V <= s.s2[0][1].high);
}

TEST(SobolIndices, GroupsGetTheIndicesOfTheirFactorsTogether) {
  // g-function a = (0, 1, 9): group {x1, x2} has S1 = ((1+V1)(1+V2) - 1)/V and ST = 1 - V3/V.
  const TestFunction f = test_function("gfunction:0,1,9");
  const double V1 = 1.0 / 3, V2 = 1.0 / 12, V3 = 1.0 / 300, V = (1 + V1) * (1 + V2) * (1 + V3) - 1;
  const SaDesign d = saltelli_design(1 << 13, {0, 0, 1}, 2, false, 4);
  ASSERT_EQ(d.rows_per_sample(), 4u);
  const SobolIndices s = sobol_indices(d, evaluate(d, f), {.resamples = 200, .confidence = 0.95, .seed = 3});
  EXPECT_NEAR(s.s1[0].estimate, ((1 + V1) * (1 + V2) - 1) / V, 0.02);
  EXPECT_NEAR(s.st[0].estimate, 1 - V3 / V, 0.02);
  EXPECT_NEAR(s.s1[1].estimate, V3 / V, 0.01);
  EXPECT_NEAR(s.st[1].estimate, V3 * (1 + V1) * (1 + V2) / V, 0.01);
}

TEST(SobolIndices, LinearFunctionAndMissingValuesAndConstants) {
  // y = 3 x1 + x2 (uniform on [0, 1]): S1 = ST = c_i^2 / sum c^2.
  const SaDesign d = saltelli_design(256, own_groups(2), 2, false, 8);
  std::vector<double> y;
  for (const auto& u : d.unit) y.push_back(3 * u[0] + u[1]);
  SobolIndices s = sobol_indices(d, y, {.resamples = 100, .confidence = 0.9, .seed = 1});
  EXPECT_NEAR(s.s1[0].estimate, 0.9, 0.02);
  EXPECT_NEAR(s.st[0].estimate, 0.9, 0.02);
  EXPECT_NEAR(s.st[1].estimate, 0.1, 0.01);
  EXPECT_LE(s.s1[0].low, s.s1[0].estimate);
  EXPECT_GE(s.s1[0].high, s.s1[0].estimate);
  // A missing value drops its whole sample, and only that one.
  y[5 * 4 + 1] = std::nan("");
  s = sobol_indices(d, y, {.resamples = 10, .confidence = 0.9, .seed = 1});
  EXPECT_EQ(s.n, 255u);
  EXPECT_EQ(s.dropped, 1u);
  // The convergence prefix: the first 64 samples only.
  s = sobol_indices(d, y, {.resamples = 10, .confidence = 0.9, .seed = 1}, 64);
  EXPECT_EQ(s.n, 63u);
  EXPECT_EQ(s.dropped, 1u);
  s = sobol_indices(d, y, {.resamples = 10, .confidence = 0.9, .seed = 1}, 4);
  EXPECT_EQ(s.n, 4u);
  // A constant output has no index (NaN), not a division by zero.
  std::vector<double> c(d.rows.size(), 2.0);
  s = sobol_indices(d, c, {.resamples = 10, .confidence = 0.9, .seed = 1});
  EXPECT_TRUE(std::isnan(s.s1[0].estimate));
  EXPECT_EQ(s.variance, 0.0);
}

TEST(MorrisIndices, LinearEffectsAreExactAndTheGFunctionIsRankedByTotalIndex) {
  const std::vector<std::size_t> g3 = own_groups(3);
  const SaDesign d = morris_design(20, 4, g3, 3, 2);
  std::vector<double> y;
  for (const auto& u : d.unit) y.push_back(2 * u[0] - 5 * u[1] + 0 * u[2]);
  const MorrisIndices m = morris_indices(d, y, {.resamples = 100, .confidence = 0.95, .seed = 1});
  EXPECT_NEAR(m.mu[0], 2, 1e-9);
  EXPECT_NEAR(m.mu[1], -5, 1e-9);
  EXPECT_NEAR(m.mu_star[1].estimate, 5, 1e-9);
  EXPECT_NEAR(m.sigma[0], 0, 1e-9);
  EXPECT_NEAR(m.mu_star[2].estimate, 0, 1e-12);

  // The check: Morris ranks the g-function's factors in the order of their total indices.
  const TestFunction f = test_function("gfunction");
  const SaDesign dm = morris_design(100, 4, own_groups(8), 8, 11);
  const MorrisIndices g = morris_indices(dm, evaluate(dm, f), {.resamples = 200, .confidence = 0.95, .seed = 2});
  for (std::size_t i = 0; i + 1 < 4; ++i) {
    EXPECT_GT(g.mu_star[i].estimate, g.mu_star[i + 1].estimate) << "x" << i + 1 << " before x" << i + 2;
    EXPECT_GT(g.mu_star[i].low, g.mu_star[i + 1].high) << "separated by their intervals";
  }
  for (std::size_t i = 4; i < 8; ++i) EXPECT_LT(g.mu_star[i].estimate, g.mu_star[3].estimate);
}

TEST(SeedNoise, SharesOfTheSeedsInRunsAndInMeans) {
  // y = 4 x + z_r + x w_r / 2: x uniform; z_r, w_r standard normal draws of
  // replication r, the same at every point (common random numbers).
  const SaDesign d = saltelli_design(64, own_groups(1), 1, false, 6);
  const std::size_t R = 400;
  innosim::engine::RandomStream rng(1, 0, 0, 1);
  const auto normal = [&] { return std::sqrt(-2 * std::log(rng.uniform_open01())) * std::cos(2 * M_PI * rng.uniform01()); };
  std::vector<double> z(R), w(R);
  for (std::size_t r = 0; r < R; ++r) {
    z[r] = normal();
    w[r] = normal();
  }
  std::vector<std::vector<double>> values;
  for (const auto& u : d.unit) {
    std::vector<double> reps;
    for (std::size_t r = 0; r < R; ++r) reps.push_back(4 * u[0] + z[r] + u[0] * w[r] / 2);
    values.push_back(reps);
  }
  const SeedNoise n = seed_noise(d, values);
  const double vs = 1 + 0.25 / 3, vf = 16.0 / 12;  // E_x Var(z + x w / 2); Var_x(4 x)
  EXPECT_NEAR(n.seed_variance, vs, 0.15);
  EXPECT_NEAR(n.factor_variance, vf, 0.15);
  EXPECT_NEAR(n.seed_share, vs / (vs + vf), 0.05);
  EXPECT_GE(n.seed_share, 0.0);
  EXPECT_LE(n.seed_share, 1.0);
  EXPECT_NEAR(n.mean_seed_share, (vs / R) / (vs / R + vf), 0.01);
  EXPECT_EQ(n.replications, R);
  EXPECT_EQ(row_means(values).size(), values.size());
  // Seeds alone (no factor): the seeds' share is 1, not more, whatever CRN does to the spread across points.
  std::vector<std::vector<double>> seeds_only;
  for (std::size_t i = 0; i < d.rows.size(); ++i) seeds_only.push_back({z[0], z[1]});
  EXPECT_DOUBLE_EQ(seed_noise(d, seeds_only).seed_share, 1.0);
  // One replication: no estimate of the seeds' share.
  std::vector<std::vector<double>> one;
  for (const auto& v : values) one.push_back({v[0]});
  EXPECT_TRUE(std::isnan(seed_noise(d, one).seed_share));
}

TEST(TestFunctions, ParseAndRefuse) {
  EXPECT_EQ(test_function("gfunction:0,1").factors.size(), 2u);
  EXPECT_THROW(test_function("gfunction:0,x"), std::invalid_argument);
  EXPECT_THROW(test_function("gfunction:-1"), std::invalid_argument);
  EXPECT_THROW(test_function("ishigami:1"), std::invalid_argument);
  EXPECT_THROW(test_function("rosenbrock"), std::invalid_argument);
}

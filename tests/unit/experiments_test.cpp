// innosim::experiments (app/): the designs of `innosim sweep` (Latin
// hypercube strata, Sobol points against direction numbers computed here),
// the paired statistics of `innosim compare`, the sweep file reader and the
// per-run store of a sweep, and the wire format of runs between MPI ranks.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <numeric>
#include <random>

#include <gtest/gtest.h>

#include "innosim/experiments/comparison.hpp"
#include "innosim/experiments/design.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/engine/statistics.hpp"
#include "innosim/experiments/labels.hpp"
#include "innosim/experiments/paired_stats.hpp"
#include "innosim/experiments/run_codec.hpp"
#include "innosim/experiments/run_store.hpp"
#include "innosim/experiments/sweep_file.hpp"

namespace fs = std::filesystem;
using namespace innosim::experiments;

namespace {

/// Sobol' points in Gray-code order (Antonov-Saleev) from direction numbers,
/// computed independently of Boost: m (the initial odd integers) and the
/// primitive polynomial (degree s, coefficients a) of one dimension.
std::vector<double> sobol_dimension(std::size_t n, std::vector<std::uint64_t> m, unsigned s, unsigned a) {
  constexpr unsigned kBits = 32;
  for (unsigned k = static_cast<unsigned>(m.size()) + 1; k <= kBits; ++k) {
    std::uint64_t mk = m[k - 1 - s] ^ (m[k - 1 - s] << s);
    for (unsigned j = 1; j < s; ++j)
      if ((a >> (s - 1 - j)) & 1u) mk ^= m[k - 1 - j] << j;
    m.push_back(mk);
  }
  std::vector<std::uint64_t> v(kBits);
  for (unsigned k = 0; k < kBits; ++k) v[k] = m[k] << (kBits - 1 - k);  // m_k / 2^k, as a 32-bit fraction
  std::vector<double> out;
  std::uint64_t x = 0;
  for (std::size_t i = 0; i < n; ++i) {  // the origin (x_0) is skipped, as Boost does
    unsigned c = 0;
    while ((i >> c) & 1u) ++c;  // lowest zero bit of i
    x ^= v[c];
    out.push_back(std::ldexp(static_cast<double>(x), -static_cast<int>(kBits)));
  }
  return out;
}

class TempDir : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("innosim_experiments_test_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return dir_ / name;
  }
  fs::path dir_;
};

}  // namespace

// ------------------------------------------------------------------ designs

TEST(Design, GridIsTheFullFactorialFirstFactorSlowest) {
  const auto g = grid_design({2, 3});
  ASSERT_EQ(g.size(), 6u);
  const std::vector<std::vector<std::size_t>> want = {{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}};
  EXPECT_EQ(g, want);
}

TEST(Design, LatinHypercubeHasOnePointPerStratumInEveryDimension) {
  for (std::size_t n : {1u, 2u, 7u, 100u, 1000u}) {
    const auto d = latin_hypercube(n, 4, 42);
    ASSERT_EQ(d.size(), n);
    for (std::size_t k = 0; k < 4; ++k) {
      std::vector<std::size_t> strata;
      for (const auto& p : d) {
        ASSERT_GT(p[k], 0.0);
        ASSERT_LT(p[k], 1.0);
        strata.push_back(static_cast<std::size_t>(std::floor(p[k] * static_cast<double>(n))));
      }
      std::sort(strata.begin(), strata.end());
      std::vector<std::size_t> all(n);
      std::iota(all.begin(), all.end(), std::size_t{0});
      EXPECT_EQ(strata, all) << n << " points, dimension " << k;
    }
  }
}

TEST(Design, LatinHypercubeDependsOnTheSeedOnlyAndDimensionsAreStable) {
  EXPECT_EQ(latin_hypercube(50, 3, 7), latin_hypercube(50, 3, 7));
  EXPECT_NE(latin_hypercube(50, 3, 7), latin_hypercube(50, 3, 8));
  // Adding a factor does not move the existing ones (one stream per dimension).
  const auto a = latin_hypercube(20, 2, 7), b = latin_hypercube(20, 3, 7);
  for (std::size_t i = 0; i < 20; ++i) {
    EXPECT_EQ(a[i][0], b[i][0]);
    EXPECT_EQ(a[i][1], b[i][1]);
  }
}

TEST(Design, SobolEqualsIndependentlyComputedPoints) {
  const std::size_t n = 256;
  const auto d = sobol_design(n, 3);
  // Dimension 1: van der Corput (all m = 1); 2: x + 1, m = 1; 3: x^2 + x + 1, m = 1, 3 (Joe-Kuo).
  const auto d1 = sobol_dimension(n, {1}, 1, 0);
  const auto d2 = sobol_dimension(n, {1}, 1, 0);
  const auto d3 = sobol_dimension(n, {1, 3}, 2, 1);
  // The recurrence for dimension 1 is the identity: all m_k = 1.
  std::vector<double> vdc;
  {
    std::uint64_t x = 0;
    for (std::size_t i = 0; i < n; ++i) {
      unsigned c = 0;
      while ((i >> c) & 1u) ++c;
      x ^= std::uint64_t{1} << (31 - c);
      vdc.push_back(std::ldexp(static_cast<double>(x), -32));
    }
  }
  EXPECT_EQ(d[0][0], 0.5);
  EXPECT_EQ(d[1][0], 0.75);
  EXPECT_EQ(d[1][1], 0.25);
  EXPECT_EQ(d[2][0], 0.25);
  EXPECT_EQ(d[2][1], 0.75);
  for (std::size_t i = 0; i < n; ++i) {
    EXPECT_EQ(d[i][0], vdc[i]) << "point " << i;
    EXPECT_EQ(d[i][1], d2[i]) << "point " << i;
    EXPECT_EQ(d[i][2], d3[i]) << "point " << i;
  }
  (void)d1;
  // Every dyadic block of 2^k consecutive points (from the start) is a (0,k,1)-net per dimension.
  for (std::size_t k = 0; k < 3; ++k) {
    std::vector<int> seen(128, 0);
    for (std::size_t i = 0; i < 127; ++i) ++seen[static_cast<std::size_t>(d[i][k] * 128)];
    EXPECT_EQ(std::count(seen.begin(), seen.end(), 1), 127) << "dimension " << k;
  }
  EXPECT_THROW(sobol_design(4, 0), innosim::ConfigError);
}

// ------------------------------------------------------------- paired stats

TEST(PairedStats, DifferenceIntervalsAndVarianceReduction) {
  const std::vector<double> base = {10, 12, 9, 14, 11, 13};
  std::vector<double> alt;
  const double eps[] = {1.1, 0.9, 1.0, 1.2, 0.8, 1.0};
  for (std::size_t i = 0; i < base.size(); ++i) alt.push_back(base[i] + eps[i]);
  const PairedContrast c = paired_contrast(base, alt);
  EXPECT_EQ(c.n, 6u);
  EXPECT_NEAR(c.difference, 1.0, 1e-12);
  innosim::engine::Welford a, b, d;
  for (std::size_t i = 0; i < base.size(); ++i) {
    a.add(base[i]);
    b.add(alt[i]);
    d.add(alt[i] - base[i]);
  }
  const double t5 = innosim::engine::student_t_quantile(0.95, 5);
  EXPECT_NEAR(c.ci_high - c.difference, t5 * d.sd() / std::sqrt(6.0), 1e-12);
  EXPECT_NEAR(c.variance_reduction, (a.variance() + b.variance()) / d.variance(), 1e-9);
  EXPECT_GT(c.variance_reduction, 50);  // strongly correlated pairs
  EXPECT_LT(c.ci_high - c.ci_low, c.unpaired_ci_high - c.unpaired_ci_low);
  EXPECT_NEAR(c.base_mean, a.mean(), 1e-12);
  EXPECT_NEAR(c.alt_mean, b.mean(), 1e-12);
}

TEST(PairedStats, FailedRunsDropTheirPair) {
  const double nan = std::nan("");
  const PairedContrast c = paired_contrast(std::vector<double>{1, nan, 3, 4}, std::vector<double>{2, 5, nan, 6});
  EXPECT_EQ(c.n, 2u);
  EXPECT_DOUBLE_EQ(c.difference, 1.5);
  const PairedContrast one = paired_contrast(std::vector<double>{1}, std::vector<double>{2});
  EXPECT_EQ(one.n, 1u);
  EXPECT_TRUE(std::isnan(one.ci_low));
}

// The p-value is the paired t test's: t = 3 / (sd / sqrt(5)) = 4.2426 on 4 d.f.
// gives 0.013236 (the t density integrated numerically); it is below 5 %
// exactly when the 95 % CI excludes 0.
TEST(PairedStats, PValueIsThePairedTTestsAndAgreesWithTheInterval) {
  const PairedContrast c = paired_contrast(std::vector<double>{0, 0, 0, 0, 0}, std::vector<double>{1, 2, 3, 4, 5});
  EXPECT_NEAR(c.p_value, 0.0132356, 2e-6);
  EXPECT_NEAR(c.se, std::sqrt(2.5 / 5), 1e-12);
  std::mt19937_64 rng(11);
  std::normal_distribution<double> noise(0.0, 1.0);
  int checked = 0;
  for (double shift : {0.0, 0.2, 0.4, 0.6, 0.8, 1.0}) {
    for (int k = 0; k < 20; ++k) {
      std::vector<double> base, alt;
      for (int i = 0; i < 10; ++i) {
        base.push_back(noise(rng));
        alt.push_back(base.back() + shift + noise(rng));
      }
      const PairedContrast d = paired_contrast(base, alt);
      EXPECT_EQ(d.p_value < 0.05, d.ci_low > 0 || d.ci_high < 0) << d.p_value << " [" << d.ci_low << ", " << d.ci_high << "]";
      ++checked;
    }
  }
  EXPECT_EQ(checked, 120);
  EXPECT_EQ(paired_contrast(std::vector<double>{1, 2}, std::vector<double>{1, 2}).p_value, 1.0);
  EXPECT_EQ(paired_contrast(std::vector<double>{1, 2}, std::vector<double>{2, 3}).p_value, 0.0);
  EXPECT_TRUE(std::isnan(paired_contrast(std::vector<double>{1}, std::vector<double>{2}).p_value));
}

// Holm's step-down adjustment on a worked example, in the order given; NaNs
// are outside the family.
TEST(PairedStats, HolmAdjustmentStepsDown) {
  const std::vector<double> adj = holm_adjusted(std::vector<double>{0.01, 0.04, 0.03, 0.005});
  ASSERT_EQ(adj.size(), 4u);
  EXPECT_NEAR(adj[0], 0.03, 1e-15);   // 2nd smallest: 3 x 0.01
  EXPECT_NEAR(adj[1], 0.06, 1e-15);   // 4th: 1 x 0.04, raised to the 3rd's 0.06
  EXPECT_NEAR(adj[2], 0.06, 1e-15);   // 3rd: 2 x 0.03
  EXPECT_NEAR(adj[3], 0.02, 1e-15);   // smallest: 4 x 0.005
  const double nan = std::nan("");
  const std::vector<double> some = holm_adjusted(std::vector<double>{nan, 0.01, 0.04, 0.9});
  EXPECT_TRUE(std::isnan(some[0]));
  EXPECT_NEAR(some[1], 0.03, 1e-15);
  EXPECT_NEAR(some[2], 0.08, 1e-15);
  EXPECT_NEAR(some[3], 0.9, 1e-15);
  EXPECT_EQ(holm_adjusted(std::vector<double>{0.6, 0.7}), (std::vector<double>{1.0, 1.0}));
  EXPECT_TRUE(holm_adjusted(std::vector<double>{}).empty());
}

// Two one-sided tests: equivalent at 5 % exactly when the 90 % paired CI lies
// inside the margin.
TEST(PairedStats, EquivalenceIsTheNinetyPercentIntervalInsideTheMargin) {
  const std::vector<double> base = {10, 12, 9, 14, 11, 13, 8, 10};
  const std::vector<double> alt = {10.3, 11.6, 9.4, 14.2, 10.7, 13.1, 8.2, 9.9};
  const PairedContrast c = paired_contrast(base, alt);
  const PairedContrast c90 = paired_contrast(base, alt, 0.90);
  const double edge = std::max(std::fabs(c90.ci_low), std::fabs(c90.ci_high));
  EXPECT_LT(equivalence_p(c, edge * 1.001), 0.05);
  EXPECT_GT(equivalence_p(c, edge * 0.999), 0.05);
  EXPECT_NEAR(equivalence_p(c, edge), 0.05, 1e-9);
  EXPECT_GT(equivalence_p(c, 0.01), 0.5);  // a margin far inside the noise: nothing shown
  EXPECT_THROW(equivalence_p(c, 0.0), innosim::InternalError);
}

TEST(PairedStats, FiellerIntervalAgainstItsDefiningInequality) {
  std::mt19937_64 rng(5);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::vector<double> dx, dy;
  for (int i = 0; i < 30; ++i) {
    const double x = 10 + noise(rng);
    dx.push_back(x);
    dy.push_back(3 * x + 2 * noise(rng));
  }
  const RatioEstimate e = fieller_ratio(dy, dx);
  ASSERT_TRUE(e.bounded());
  EXPECT_LT(e.ci_low, e.ratio);
  EXPECT_GT(e.ci_high, e.ratio);
  EXPECT_NEAR(e.ratio, 3.0, 0.2);
  // At the ends, (ybar - rho xbar)^2 = t^2 var(ybar - rho xbar) (the defining equation).
  innosim::engine::Welford wx, wy;
  for (int i = 0; i < 30; ++i) {
    wx.add(dx[static_cast<std::size_t>(i)]);
    wy.add(dy[static_cast<std::size_t>(i)]);
  }
  const double t = innosim::engine::student_t_quantile(0.95, 29);
  for (double rho : {e.ci_low, e.ci_high}) {
    innosim::engine::Welford z;
    for (int i = 0; i < 30; ++i) z.add(dy[static_cast<std::size_t>(i)] - rho * dx[static_cast<std::size_t>(i)]);
    const double lhs = z.mean() * z.mean(), rhs = t * t * z.variance() / 30;
    EXPECT_NEAR(lhs, rhs, 1e-9 * std::max(1.0, rhs));
  }
  // A denominator indistinguishable from zero: unbounded.
  std::vector<double> zx;
  for (int i = 0; i < 30; ++i) zx.push_back(noise(rng));
  const RatioEstimate u = fieller_ratio(dy, zx);
  EXPECT_FALSE(u.bounded());
  EXPECT_TRUE(std::isinf(u.ci_low) && u.ci_low < 0 && std::isinf(u.ci_high) && u.ci_high > 0);
}

// ----------------------------------------------------- cost-effectiveness

TEST(CostEffectiveness, AnOutcomeChangeOfExactlyZeroIsNoMoreOutcomeNotLess) {
  // Identical outcomes in every pair (common random numbers, a lever that
  // does not move the outcome) at a higher cost: dominated, and said as
  // "no more outcome", in both languages; at a lower cost: dominant, "the
  // same outcome".
  const std::vector<double> outcome = {120, 118, 125, 121}, cost = {1e6, 1.2e6, 0.9e6, 1.1e6};
  std::vector<double> more = cost, less = cost, same = cost, fewer = outcome;
  for (double& c : more) c += 5e4;
  for (double& c : less) c -= 5e4;
  for (double& x : fewer) x -= 2;
  const CeRow up = classify("high_tech_enterprises", cost, more, outcome, outcome);
  EXPECT_EQ(up.change.difference, 0.0);
  EXPECT_EQ(up.cls, CeClass::dominated);
  EXPECT_FALSE(up.ratio_shown);
  EXPECT_NE(up.reason.find("no more outcome"), std::string::npos) << up.reason;
  EXPECT_EQ(up.reason.find("less outcome"), std::string::npos) << up.reason;
  const std::string up_zh(tr(up.reason, Lang::zh)), dominated_zh(tr("dominated", Lang::zh));
  EXPECT_NE(up_zh, up.reason) << "no Chinese for: " << up.reason;
  EXPECT_EQ(up_zh.find("更少"), std::string::npos) << up_zh;
  EXPECT_EQ(dominated_zh.find("更少"), std::string::npos) << dominated_zh;

  const CeRow down = classify("high_tech_enterprises", cost, less, outcome, outcome);
  EXPECT_EQ(down.cls, CeClass::dominant);
  EXPECT_NE(down.reason.find("the same outcome"), std::string::npos) << down.reason;
  EXPECT_EQ(std::string(tr("dominant", Lang::zh)).find("更多"), std::string::npos);

  // The other boundaries and the plain cases, each with its Chinese.
  const CeRow flat_cost = classify("high_tech_enterprises", cost, same, outcome, fewer);
  EXPECT_EQ(flat_cost.cls, CeClass::dominated);
  EXPECT_EQ(flat_cost.reason, "less outcome for the same money");
  const CeRow worse = classify("high_tech_enterprises", cost, more, outcome, fewer);
  EXPECT_EQ(worse.cls, CeClass::dominated);
  EXPECT_EQ(worse.reason, "worse on both counts (less outcome for more money)");
  const CeRow nothing = classify("high_tech_enterprises", cost, same, outcome, outcome);
  EXPECT_EQ(nothing.cls, CeClass::no_difference);
  for (const CeRow* r : {&up, &down, &flat_cost, &worse, &nothing})
    EXPECT_NE(std::string(tr(r->reason, Lang::zh)), r->reason) << "no Chinese for: " << r->reason;
}

TEST(CostEffectiveness, NoClassIsClaimedThatTheIntervalsDoNotSupport) {
  // Changes whose 95% CIs include 0 are not read by the signs of their means:
  // the classes the old rule gave (by signs alone) would claim a cost saving,
  // a gain or a loss the runs do not show (issue 15: equity-for-technology was
  // "dominant" with both intervals through 0).
  const std::vector<double> base_cost = {1e6, 1.2e6, 0.9e6, 1.1e6, 1.05e6, 0.95e6};
  const std::vector<double> base_x = {120, 118, 125, 121, 119, 122};
  const auto plus = [](const std::vector<double>& v, const std::vector<double>& d) {
    std::vector<double> out = v;
    for (std::size_t i = 0; i < v.size(); ++i) out[i] += d[i];
    return out;
  };
  const std::vector<double> cost_ns_down = {-3e4, 2e4, -1e4, 1e4, -2e4, 1.5e4};   // mean < 0, CI through 0
  const std::vector<double> cost_ns_up = {3e4, -2e4, 1e4, -1e4, 2e4, -1.5e4};     // mean > 0, CI through 0
  const std::vector<double> cost_up = {5e4, 6e4, 4e4, 5.5e4, 4.5e4, 5e4};         // CI above 0
  const std::vector<double> cost_down = {-5e4, -6e4, -4e4, -5.5e4, -4.5e4, -5e4};  // CI below 0
  const std::vector<double> x_ns_up = {1, -1, 2, -1, 1, -1};                      // mean > 0, CI through 0
  const std::vector<double> x_ns_down = {-1, 1, -2, 1, -1, 1};
  const std::vector<double> x_up = {3, 4, 2, 3, 5, 3};
  const std::vector<double> x_down = {-3, -4, -2, -3, -5, -3};
  struct Case {
    const std::vector<double>* dc;
    const std::vector<double>* dx;
    CeClass want;
    const char* said;  // a part of the reason
  };
  const Case cases[] = {
      {&cost_ns_down, &x_ns_up, CeClass::not_detectable, "neither cost nor outcome differs detectably"},  // was dominant
      {&cost_ns_up, &x_ns_down, CeClass::not_detectable, "neither cost nor outcome differs detectably"},  // was dominated
      {&cost_ns_up, &x_ns_up, CeClass::not_detectable, "neither cost nor outcome differs detectably"},    // was trade-off
      {&cost_ns_down, &x_up, CeClass::more_outcome_cost_ns, "cost change is not significant"},            // was dominant
      {&cost_ns_up, &x_up, CeClass::more_outcome_cost_ns, "cost change is not significant"},              // was trade-off
      {&cost_ns_up, &x_down, CeClass::less_outcome_cost_ns, "cost change is not significant"},            // was dominated
      {&cost_up, &x_ns_down, CeClass::more_cost_outcome_ns, "outcome change is not significant"},         // was dominated
      {&cost_down, &x_ns_up, CeClass::less_cost_outcome_ns, "outcome change is not significant"},         // was dominant
      {&cost_down, &x_ns_down, CeClass::less_cost_outcome_ns, "outcome change is not significant"},  // was saves money
      // Significant both ways: the four classes, and a ratio for the trade-off alone.
      {&cost_down, &x_up, CeClass::dominant, "better on both counts"},
      {&cost_up, &x_down, CeClass::dominated, "worse on both counts"},
      {&cost_down, &x_down, CeClass::saves_money_loses_outcome, "saves money but loses outcome"},
      {&cost_up, &x_up, CeClass::trade_off, ""},
  };
  for (const Case& c : cases) {
    const CeRow r = classify("high_tech_enterprises", base_cost, plus(base_cost, *c.dc), base_x, plus(base_x, *c.dx));
    const std::string where = std::string(ce_class_name(c.want)) + " / " + c.said;
    EXPECT_EQ(r.cls, c.want) << where << ": got " << ce_class_name(r.cls) << " (" << r.reason << ")";
    EXPECT_EQ(r.ratio_shown, c.want == CeClass::trade_off) << where;
    if (c.want == CeClass::trade_off) {
      EXPECT_TRUE(r.reason.empty()) << r.reason;
      EXPECT_TRUE(r.outcome_significant && r.cost_significant);
      continue;
    }
    EXPECT_NE(r.reason.find(c.said), std::string::npos) << where << ": " << r.reason;
    // Said in Chinese too: the class and the reason.
    EXPECT_NE(std::string(tr(ce_class_name(r.cls), Lang::zh)), ce_class_name(r.cls)) << ce_class_name(r.cls);
    EXPECT_NE(std::string(tr(r.reason, Lang::zh)), r.reason) << "no Chinese for: " << r.reason;
    // The verdict from the stored numbers alone (what inspect --summary and report re-derive) is the same.
    const CeVerdict v = ce_verdict(r.cost, r.change, r.ratio.bounded());
    EXPECT_EQ(v.cls, r.cls);
    EXPECT_EQ(v.reason, r.reason);
  }
  // Exactly 0 in every pair is a change the data show (none); one pair shows nothing.
  const std::vector<double> zero(6, 0.0);
  EXPECT_EQ(classify("innovations", base_cost, plus(base_cost, zero), base_x, plus(base_x, x_ns_up)).cls,
            CeClass::not_detectable);
  EXPECT_EQ(classify("innovations", base_cost, plus(base_cost, cost_ns_up), base_x, base_x).cls, CeClass::not_detectable);
  const std::vector<double> one_cost = {1e6}, one_cost_alt = {0.9e6}, one_x = {10}, one_x_alt = {12};
  const CeRow one = classify("innovations", one_cost, one_cost_alt, one_x, one_x_alt);
  EXPECT_EQ(one.cls, CeClass::not_detectable);
  EXPECT_FALSE(one.ratio_shown);
  EXPECT_NE(std::string(tr(one.reason, Lang::zh)), one.reason);
  // Every class has its Chinese name.
  for (CeClass c : {CeClass::dominant, CeClass::dominated, CeClass::saves_money_loses_outcome, CeClass::trade_off,
                    CeClass::no_difference, CeClass::not_detectable, CeClass::more_outcome_cost_ns,
                    CeClass::less_outcome_cost_ns, CeClass::more_cost_outcome_ns, CeClass::less_cost_outcome_ns})
    EXPECT_NE(std::string(tr(ce_class_name(c), Lang::zh)), ce_class_name(c));
}

// --------------------------------------------------------------- sweep file

TEST_F(TempDir, SweepFileReadsEveryPart) {
  const fs::path f = write("s.yaml",
                           "scenario: jiangmen-2025\n"
                           "set: {horizon_years: 2}\n"
                           "factors:\n"
                           "  x.rate: {range: [0.1, 0.5], levels: 3}\n"
                           "  x.on: {values: [false, true]}\n"
                           "  x.n: {values: [1, 5]}\n"
                           "design: {type: grid}\n"
                           "replications: 4\n"
                           "seed: 9\n"
                           "metrics: [b, a]\n"
                           "series: true\n");
  innosim::scenario::Schema schema;
  innosim::scenario::declare_run_keys(schema);
  schema.number("x.rate", 0.3, "share", 0, 1, "a rate");
  schema.boolean("x.on", false, "a switch");
  schema.integer("x.n", 1, "count", 0, 10, "a count");
  const SweepSpec s = load_sweep(f, schema, {"a", "b", "c"});
  EXPECT_EQ(s.scenario, "jiangmen-2025");
  EXPECT_EQ(s.overrides, std::vector<std::string>{"horizon_years=2"});
  ASSERT_EQ(s.factors.size(), 3u);
  EXPECT_EQ(s.points, 12u);
  EXPECT_EQ(s.replications, 4);
  EXPECT_EQ(s.seed, 9u);
  EXPECT_EQ(s.metrics, (std::vector<std::string>{"a", "b"}));  // catalogue order
  EXPECT_TRUE(s.series);
  const auto d = s.design_values(9);
  ASSERT_EQ(d.size(), 12u);
  EXPECT_EQ(d[0], (std::vector<double>{0.1, 0, 1}));
  EXPECT_EQ(d[11], (std::vector<double>{0.5, 1, 5}));
  EXPECT_EQ(s.factors[1].override_for(1), "x.on=true");
  EXPECT_EQ(s.factors[2].override_for(5), "x.n=5");
  EXPECT_EQ(s.factors[0].override_for(0.1), "x.rate=0.1");
}

TEST_F(TempDir, SweepFileProblemsAsFileLineColumn) {
  const fs::path f = write("bad.yaml",
                           "scenario: jiangmen-2025\n"
                           "factors:\n"
                           "  x.rate: {range: [0.1, 1.5]}\n"
                           "  x.nope: {values: [1]}\n"
                           "design: {type: lhs}\n"
                           "metrics: [z]\n"
                           "colour: red\n");
  innosim::scenario::Schema schema;
  innosim::scenario::declare_run_keys(schema);
  schema.number("x.rate", 0.3, "share", 0, 1, "a rate");
  try {
    load_sweep(f, schema, {"a"});
    FAIL() << "no error";
  } catch (const innosim::scenario::ScenarioError& e) {
    std::vector<std::string> lines;
    for (const auto& d : e.diagnostics()) lines.push_back(d.to_string());
    const std::string all = ::testing::PrintToString(lines);
    const std::string name = f.string();
    EXPECT_NE(all.find(name + ":7:1: unknown key 'colour'"), std::string::npos) << all;
    EXPECT_NE(all.find(name + ":3:25: x.rate: 1.5 is out of range"), std::string::npos) << all;
    EXPECT_NE(all.find(name + ":4:3: unknown scenario key 'x.nope'"), std::string::npos) << all;
    EXPECT_NE(all.find(name + ":5:9: a lhs design needs points"), std::string::npos) << all;
    EXPECT_NE(all.find(name + ":6:11: unknown metric 'z'"), std::string::npos) << all;
  }
  const fs::path y = write("syntax.yaml", "scenario: [\n");
  try {
    load_sweep(y, schema, {"a"});
    FAIL() << "no error";
  } catch (const innosim::scenario::ScenarioError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].file, y.string());
    EXPECT_GT(e.diagnostics()[0].line, 0);
  }
}

// Issue #19: sweep files as strict as scenario files, every problem at
// file:line:column (ScenarioError, exit 2), never "invalid node" (exit 1).
TEST_F(TempDir, SweepFileAsStrictAsScenarios) {
  innosim::scenario::Schema schema;
  innosim::scenario::declare_run_keys(schema);
  schema.number("x.rate", 0.3, "share", 0, 1, "a rate");
  schema.boolean("x.on", false, "a switch");
  const auto problems = [&](const std::string& name, const std::string& text) {
    const fs::path f = write(name, text);
    try {
      load_sweep(f, schema, {"a"});
    } catch (const innosim::scenario::ScenarioError& e) {
      std::string all;
      for (const auto& d : e.diagnostics()) all += d.to_string() + "\n";
      return all;
    }
    return std::string("no error");
  };
  const std::string base = "scenario: jiangmen-2025\nfactors:\n  x.rate: {values: [0.1, 0.2]}\n";
  // design: without type (was yaml-cpp's "invalid node", exit 1, no position).
  std::string all = problems("notype.yaml", base + "design: {points: 4}\n");
  EXPECT_NE(all.find("notype.yaml:4:9: design needs type"), std::string::npos) << all;
  // YAML 1.1 booleans, as in scenarios.
  all = problems("yes.yaml", base + "design: {type: grid}\nseries: yes\n");
  EXPECT_NE(all.find("yes.yaml:5:9: series must be true or false, got 'yes' (YAML 1.1 words"), std::string::npos)
      << all;
  all = problems("onoff.yaml",
                 "scenario: jiangmen-2025\nfactors:\n  x.on: {values: [on, false]}\ndesign: {type: grid}\n");
  EXPECT_NE(all.find("onoff.yaml:3:19: a value of 'x.on' must be true or false"), std::string::npos) << all;
  EXPECT_EQ(problems("true.yaml", "scenario: jiangmen-2025\nfactors:\n  x.on: {values: [true, false]}\n"
                                  "design: {type: grid}\nseries: false\n"),
            "no error");
  // Invalid UTF-8 and forbidden control characters, with their position.
  all = problems("utf8.yaml", base + "design: {type: grid}\n# caf\xc3\n");
  EXPECT_NE(all.find("utf8.yaml:5:6: invalid UTF-8"), std::string::npos) << all;
  // A key given twice below the top level (yaml-cpp kept one silently).
  all = problems("dup.yaml", "scenario: jiangmen-2025\nfactors:\n  x.rate: {values: [0.1], values: [0.2]}\n"
                             "design: {type: grid}\n");
  EXPECT_NE(all.find("dup.yaml:3:27: duplicate key 'values'"), std::string::npos) << all;
  // The replications limit is the scenario key's, and names this file.
  all = problems("reps.yaml", base + "design: {type: grid}\nreplications: 200000\n");
  EXPECT_NE(all.find("reps.yaml:5:15: replications must be an integer in [1, 100000]"), std::string::npos) << all;
  EXPECT_EQ(all.find("--replications"), std::string::npos) << all;
  // A FIFO as the sweep file or the design file: refused, not read.
  const fs::path fifo = dir_ / "fifo.yaml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  try {
    load_sweep(fifo, schema, {"a"});
    FAIL() << "read a FIFO";
  } catch (const innosim::scenario::ScenarioError& e) {
    EXPECT_NE(e.diagnostics()[0].message.find("is a FIFO"), std::string::npos) << e.what();
  }
  ASSERT_EQ(::mkfifo((dir_ / "pts.csv").c_str(), 0600), 0);
  all = problems("csv.yaml", "scenario: jiangmen-2025\ndesign: {type: file, path: pts.csv}\n");
  EXPECT_NE(all.find("is a FIFO"), std::string::npos) << all;
}

TEST_F(TempDir, SweepFileDesignFromACsvFile) {
  innosim::scenario::Schema schema;
  innosim::scenario::declare_run_keys(schema);
  schema.number("x.rate", 0.3, "share", 0, 1, "a rate");
  schema.boolean("x.on", false, "a switch");
  schema.integer("x.n", 1, "count", 0, 10, "a count");
  write("pts.csv",
        "\xEF\xBB\xBF# my points\r\n"
        "x.n, \"x.rate\",x.on\r\n"
        "\r\n"
        "3, 0.25, true\r\n"
        "0,1,0\r\n");
  const fs::path f = write("s.yaml", "scenario: jiangmen-2025\ndesign: {type: file, path: pts.csv}\n");
  const SweepSpec s = load_sweep(f, schema, {"a"});
  EXPECT_EQ(s.design, DesignType::file);
  ASSERT_EQ(s.factors.size(), 3u);  // the columns, in column order
  EXPECT_EQ(s.factors[0].path, "x.n");
  EXPECT_EQ(s.factors[1].path, "x.rate");
  EXPECT_EQ(s.factors[2].override_for(1), "x.on=true");
  EXPECT_EQ(s.points, 2u);
  EXPECT_EQ(s.design_values(1), (std::vector<std::vector<double>>{{3, 0.25, 1}, {0, 1, 0}}));
  EXPECT_EQ(s.file_places[1][1].line, 5);
  EXPECT_EQ(s.file_places[1][1].column, 3);

  // With factors declared too: the columns must be exactly those, in any
  // order, and every value inside the factor's range.
  const fs::path g = write("g.yaml",
                           "scenario: jiangmen-2025\n"
                           "factors:\n"
                           "  x.rate: {range: [0.1, 0.5]}\n"
                           "  x.on: {values: [false, true]}\n"
                           "  x.n: {values: [3]}\n"
                           "design: {type: file, path: pts.csv}\n");
  try {
    load_sweep(g, schema, {"a"});
    FAIL() << "no error";
  } catch (const innosim::scenario::ScenarioError& e) {
    std::string all;
    for (const auto& d : e.diagnostics()) all += d.to_string() + "\n";
    const std::string csv = (dir_ / "pts.csv").string();
    EXPECT_NE(all.find(csv + ":5:1: 'x.n' = 0 is not one of the factor's values"), std::string::npos) << all;
    EXPECT_NE(all.find(csv + ":5:3: 'x.rate' = 1 is outside the factor's range [0.1, 0.5]"), std::string::npos) << all;
    EXPECT_EQ(e.diagnostics().size(), 2u) << all;
  }

  // Problems point into the CSV file: file:line:column.
  write("bad.csv",
        "x.rate,x.nope,x.n,x.rate\n"
        "0.5,1,2\n"
        "1.5,1,2.5,0\n"
        "abc,1,4,0\n");
  const fs::path b = write("b.yaml", "scenario: jiangmen-2025\ndesign: {type: file, path: bad.csv, points: 3}\n");
  try {
    load_sweep(b, schema, {"a"});
    FAIL() << "no error";
  } catch (const innosim::scenario::ScenarioError& e) {
    std::string all;
    for (const auto& d : e.diagnostics()) all += d.to_string() + "\n";
    const std::string csv = (dir_ / "bad.csv").string(), yaml = b.string();
    EXPECT_NE(all.find(yaml + ":2:37: unknown design key 'points'; a design has type and path"), std::string::npos)
        << all;
    EXPECT_NE(all.find(csv + ":1:8: unknown scenario key 'x.nope'"), std::string::npos) << all;
    EXPECT_NE(all.find(csv + ":1:19: column 'x.rate' is given twice"), std::string::npos) << all;
    EXPECT_NE(all.find(csv + ":2:1: this row has 3 values, the header 4 columns"), std::string::npos) << all;
    EXPECT_NE(all.find(csv + ":3:1: x.rate: 1.5 is out of range"), std::string::npos) << all;
    EXPECT_NE(all.find(csv + ":3:7: 'x.n' is an integer key: 2.5 is not an integer"), std::string::npos) << all;
    EXPECT_NE(all.find(csv + ":4:1: 'x.rate' must be a finite number, got 'abc'"), std::string::npos) << all;
  }
  const fs::path m = write("m.yaml", "scenario: jiangmen-2025\ndesign: {type: file, path: missing.csv}\n");
  try {
    load_sweep(m, schema, {"a"});
    FAIL() << "no error";
  } catch (const innosim::scenario::ScenarioError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_NE(e.diagnostics()[0].to_string().find(m.string() + ":2:28: cannot open design file"), std::string::npos)
        << e.diagnostics()[0].to_string();
  }
}

// ---------------------------------------------------------------- run store

TEST_F(TempDir, RunStoreSavesDurablyDetectsDamageAndGuardsItsSweep) {
  const fs::path parts = dir_ / "out.h5.parts";
  {
    RunStore store(parts, {std::string(64, 'a'), 10, 3}, "text", true);
    StoredRun r;
    r.point = 3;
    r.replication = 1;
    r.seed = 7;
    r.wall_seconds = 0.5;
    r.n_metrics = 2;
    r.n_time = 2;
    r.values = {1.5, 2.5, -3, std::nan("")};
    store.save(r);
    StoredRun f = r;
    f.replication = 2;
    f.error = "boom";
    f.n_time = 0;
    f.values.clear();
    store.save(f);
    r.point = 4;
    store.save(r);
    const StoredRun back = store.load(3, 1);
    EXPECT_EQ(back.seed, 7u);
    EXPECT_EQ(back.values[0], 1.5);
    EXPECT_EQ(back.values[2], -3);
    EXPECT_TRUE(std::isnan(back.values[3]));
    EXPECT_EQ(store.load(3, 2).error, "boom");
    // A second sweep on the same directory is refused while this one holds it.
    EXPECT_THROW(RunStore(parts, {std::string(64, 'a'), 10, 3}, "text", false), innosim::ConfigError);
  }
  // Damage one part, leave a temporary: both are dropped (to be rerun).
  {
    std::fstream f(parts / "runs" / "p4-r1.run", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(20);
    f.put('\x7f');
  }
  std::ofstream(parts / "runs" / "p5-r0.run.tmp-123") << "half";
  RunStore store(parts, {std::string(64, 'a'), 10, 3}, "text", false);
  const auto done = store.finished(2, 2);
  const std::set<std::pair<std::int64_t, std::int64_t>> want = {{3, 1}, {3, 2}};
  EXPECT_EQ(done, want);
  EXPECT_FALSE(fs::exists(parts / "runs" / "p4-r1.run"));
  EXPECT_FALSE(fs::exists(parts / "runs" / "p5-r0.run.tmp-123"));
  // Parts of another shape (impossible for the same sweep SHA-256) count as damaged.
  EXPECT_TRUE(store.finished(3, 2).empty());
}

TEST_F(TempDir, RunStoreRefusesAnotherSweepsDirectory) {
  const fs::path parts = dir_ / "x.parts";
  { RunStore store(parts, {std::string(64, 'a'), 1, 1}, "one", true); }
  EXPECT_EQ(RunStore::manifest_sha256(parts), std::string(64, 'a'));
  try {
    RunStore other(parts, {std::string(64, 'b'), 1, 1}, "two", false);
    FAIL() << "accepted another sweep's directory";
  } catch (const innosim::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("different sweep"), std::string::npos) << e.what();
  }
}

// Issue #19: a part copied from another sweep of the same shape was accepted,
// and parts outside the sweep's points counted as done ("62/60 runs").
TEST_F(TempDir, RunStoreRejectsForeignAndOutOfRangeParts) {
  const fs::path mine = dir_ / "mine.parts", other = dir_ / "other.parts";
  StoredRun r;
  r.point = 1;
  r.replication = 0;
  r.n_metrics = 1;
  r.n_time = 1;
  r.values = {4.0};
  {
    RunStore a(other, {std::string(64, 'b'), 5, 2}, "other", true);
    a.save(r);  // same shape, another sweep
    r.point = 4;
    a.save(r);  // in range for the other sweep, out of range for mine
  }
  RunStore store(mine, {std::string(64, 'a'), 3, 2}, "mine", true);
  r.point = 0;
  store.save(r);
  fs::copy_file(other / "runs" / "p1-r0.run", mine / "runs" / "p1-r0.run");
  fs::copy_file(other / "runs" / "p4-r0.run", mine / "runs" / "p4-r0.run");
  const auto done = store.finished(1, 1);
  const std::set<std::pair<std::int64_t, std::int64_t>> want = {{0, 0}};
  EXPECT_EQ(done, want);
  EXPECT_EQ(store.rejected(), 2u);
  EXPECT_FALSE(fs::exists(mine / "runs" / "p1-r0.run"));
  // A part cannot be saved outside the sweep either, and load() checks the job.
  r.point = 3;
  EXPECT_THROW(store.save(r), innosim::InternalError);
  fs::copy_file(other / "runs" / "p1-r0.run", mine / "runs" / "p1-r0.run");
  EXPECT_THROW(store.load(1, 0), innosim::IoError);
  // A FIFO planted among the parts does not block (and is removed).
  ASSERT_EQ(::mkfifo((mine / "runs" / "p2-r1.run").c_str(), 0600), 0);
  EXPECT_EQ(store.finished(1, 1), want);
  EXPECT_FALSE(fs::exists(mine / "runs" / "p2-r1.run"));
}

// --force removes only what is provably a sweep working directory, and never
// one whose lock a running sweep holds.
TEST_F(TempDir, RunStoreDiscardRefusesForeignAndLockedDirectories) {
  const fs::path foreign = dir_ / "foreign.parts";
  fs::create_directories(foreign / "runs");
  std::ofstream(foreign / "runs" / "precious.txt") << "data";
  EXPECT_THROW(RunStore::discard(foreign), innosim::ConfigError);  // no manifest
  EXPECT_TRUE(fs::exists(foreign / "runs" / "precious.txt"));
  const fs::path parts = dir_ / "out.h5.parts";
  {
    RunStore running(parts, {std::string(64, 'a'), 1, 1}, "text", true);
    try {
      RunStore::discard(parts);
      FAIL() << "discarded a directory whose lock is held";
    } catch (const innosim::ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find("another innosim sweep is working"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(fs::exists(parts / "manifest"));
  }
  std::ofstream(parts / "notes.txt") << "mine";  // something innosim never writes
  EXPECT_THROW(RunStore::discard(parts), innosim::ConfigError);
  EXPECT_TRUE(fs::exists(parts / "notes.txt"));
  fs::remove(parts / "notes.txt");
  RunStore::discard(parts);
  EXPECT_FALSE(fs::exists(parts));
}

// Runs cross MPI ranks as bytes (run_codec.hpp): an outcome must come back
// bit for bit, NaN payloads, signed zeros and UTF-8 included, or files
// written under mpirun would differ from single-process ones.
TEST(RunCodec, OutcomeRoundTripsBitForBit) {
  RunOutcome o;
  o.wall_seconds = 0.125;
  o.result.time_years = {0.0, 1.0 / 12.0, 2.0};
  const double payload_nan = std::bit_cast<double>(std::uint64_t{0x7ff8000000000123});
  o.result.series = {{1.0, -0.0, payload_nan}, {}, {std::numeric_limits<double>::infinity(), 1e-310, 3.0}};
  o.result.books.worst_gap = 1e-12;
  o.result.books.worst = "risk pool";
  o.result.books.budgets_ok = false;
  o.result.events = 123456789;
  o.result.firm_months = 42;
  innosim::output::FirmRecord f;
  f.replication = 3;
  f.time = 0.5;
  f.firm_id = -7;
  f.stage = innosim::output::FirmStage::gazelle;
  f.sector = 11;
  f.employees = 12.5;
  f.revenue = 1e9;
  f.cash = -3.0;
  f.insured = true;
  f.alive = false;
  f.birth_time = -3.25;
  o.firms.push_back(f);
  o.firms.push_back(innosim::output::FirmRecord{});
  innosim::output::ExitRecord x;
  x.replication = 3;
  x.time = 0.75;
  x.firm_id = -7;
  x.cause = innosim::output::ExitCause::insolvency;
  x.birth_time = -3.25;
  x.age = 4.0;
  x.sector = 11;
  x.stage = innosim::output::FirmStage::gazelle;
  x.employees = 12.5;
  x.loan_default = true;
  o.exits.push_back(x);
  o.events.push_back(EventRow{3, 1.25, 99, 4, 5000.0});
  o.events.push_back(EventRow{});

  const std::string bytes = encode_outcome(17, o);
  const auto [index, back] = decode_outcome(bytes);
  EXPECT_EQ(index, 17u);
  EXPECT_EQ(back.wall_seconds, o.wall_seconds);
  EXPECT_TRUE(back.ok());
  EXPECT_EQ(back.result.time_years, o.result.time_years);
  ASSERT_EQ(back.result.series.size(), o.result.series.size());
  for (std::size_t m = 0; m < o.result.series.size(); ++m) {
    ASSERT_EQ(back.result.series[m].size(), o.result.series[m].size());
    for (std::size_t t = 0; t < o.result.series[m].size(); ++t)
      EXPECT_EQ(std::bit_cast<std::uint64_t>(back.result.series[m][t]), std::bit_cast<std::uint64_t>(o.result.series[m][t]));
  }
  EXPECT_EQ(back.result.books.worst_gap, 1e-12);
  EXPECT_EQ(back.result.books.worst, "risk pool");
  EXPECT_FALSE(back.result.books.budgets_ok);
  EXPECT_EQ(back.result.events, 123456789u);
  EXPECT_EQ(back.result.firm_months, 42u);
  ASSERT_EQ(back.firms.size(), 2u);
  const std::vector<innosim::output::FirmRecord> firms = back.firms.to_vector();
  const innosim::output::FirmRecord& g = firms[0];
  EXPECT_EQ(g.replication, 3);
  EXPECT_EQ(g.time, 0.5);
  EXPECT_EQ(g.firm_id, -7);
  EXPECT_EQ(g.stage, innosim::output::FirmStage::gazelle);
  EXPECT_EQ(g.sector, 11);
  EXPECT_EQ(g.employees, 12.5);
  EXPECT_EQ(g.revenue, 1e9);
  EXPECT_EQ(g.cash, -3.0);
  EXPECT_FALSE(g.incubated);
  EXPECT_TRUE(g.insured);
  EXPECT_FALSE(g.vc_backed);
  EXPECT_FALSE(g.alive);
  EXPECT_EQ(g.birth_time, -3.25);
  EXPECT_TRUE(firms[1].alive);
  ASSERT_EQ(back.exits.size(), 1u);
  const innosim::output::ExitRecord e = back.exits.to_vector()[0];
  EXPECT_EQ(e.time, 0.75);
  EXPECT_EQ(e.firm_id, -7);
  EXPECT_EQ(e.cause, innosim::output::ExitCause::insolvency);
  EXPECT_EQ(e.birth_time, -3.25);
  EXPECT_EQ(e.age, 4.0);
  EXPECT_EQ(e.sector, 11);
  EXPECT_EQ(e.stage, innosim::output::FirmStage::gazelle);
  EXPECT_EQ(e.employees, 12.5);
  EXPECT_TRUE(e.loan_default);
  ASSERT_EQ(back.events.size(), 2u);
  const std::vector<EventRow> events = back.events.to_vector();
  EXPECT_EQ(events[0].time, 1.25);
  EXPECT_EQ(events[0].firm_id, 99);
  EXPECT_EQ(events[0].kind, 4);
  EXPECT_EQ(events[0].amount, 5000.0);
  EXPECT_EQ(encode_outcome(17, back), bytes);  // nothing lost, nothing added

  // A failed run travels with its message.
  RunOutcome failed;
  failed.error = "initial.stage_shares must not all be zero";
  EXPECT_EQ(decode_outcome(encode_outcome(0, failed)).second.error, failed.error);
}

// A run's panel rows past a block go to an unlinked temporary file and come
// back in order, block by block, with at most a block in memory.
TEST(RowSpool, SpillsPastABlockAndReadsBackInOrder) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "innosim-spool-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  set_spool_directory(dir);
  RowSpool<innosim::output::FirmRecord> spool;
  const std::size_t n = 3 * RowSpool<innosim::output::FirmRecord>::kBlock + 17;
  for (std::size_t i = 0; i < n; ++i) {
    innosim::output::FirmRecord r;
    r.firm_id = static_cast<std::int64_t>(i);
    r.cash = 0.5 * static_cast<double>(i);
    spool.push_back(r);
  }
  EXPECT_EQ(spool.size(), n);
  EXPECT_TRUE(std::filesystem::is_empty(dir));  // the file has no name
  std::size_t seen = 0, largest = 0;
  bool in_order = true;
  spool.for_each_block([&](std::span<const innosim::output::FirmRecord> b) {
    largest = std::max(largest, b.size());
    for (const auto& r : b) {
      in_order = in_order && r.firm_id == static_cast<std::int64_t>(seen) && r.cash == 0.5 * static_cast<double>(seen);
      ++seen;
    }
  });
  EXPECT_EQ(seen, n);
  EXPECT_TRUE(in_order);
  EXPECT_EQ(largest, RowSpool<innosim::output::FirmRecord>::kBlock);
  RowSpool<innosim::output::FirmRecord> moved = std::move(spool);
  EXPECT_EQ(moved.to_vector().size(), n);
  moved.clear();
  EXPECT_TRUE(moved.empty());
  set_spool_directory({});
  std::filesystem::remove_all(dir);
}

TEST(RunCodec, MalformedMessagesAreRefused) {
  RunOutcome o;
  o.result.series = {{1.0, 2.0}};
  const std::string bytes = encode_outcome(1, o);
  EXPECT_THROW(decode_outcome(bytes.substr(0, bytes.size() - 1)), innosim::IoError);
  EXPECT_THROW(decode_outcome(bytes + "x"), innosim::IoError);
  EXPECT_THROW(decode_outcome("ISOUT002" + bytes.substr(8)), innosim::IoError);
  std::string huge = bytes;
  huge[8 + 8 + 8] = '\xff';  // the error string's length: far beyond the message
  EXPECT_THROW(decode_outcome(huge), innosim::IoError);

  const WireTask t{5, 2, 9, {}};
  const WireTask u = decode_task(encode_task(t));
  EXPECT_EQ(u.index, 5u);
  EXPECT_EQ(u.scenario, 2u);
  EXPECT_EQ(u.replication, 9);
  EXPECT_TRUE(u.point.empty());
  EXPECT_THROW(decode_task(encode_task(t) + "x"), innosim::IoError);
  // A parameter point's task (calibrate under MPI) carries its coordinates bit for bit.
  const WireTask p{7, 0, 3, {0.1, 1.0 / 3.0, std::nextafter(0.5, 1.0)}};
  const WireTask q = decode_task(encode_task(p));
  EXPECT_EQ(q.point, p.point);
  EXPECT_THROW(decode_task(encode_task(p).substr(0, encode_task(p).size() - 1)), innosim::IoError);
}

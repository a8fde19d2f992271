#include "innosim/engine/random.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>
#include <vector>

#include "innosim/engine/statistics.hpp"

using namespace innosim::engine;

// Pinned values: a change here changes every result innosim has produced.
// Regenerate only together with a format minor-version bump.
TEST(RandomStream, FixedValues) {
  RandomStream r(StreamKey{42, 0, 0, 0});
  const std::uint64_t first = r();
  const std::uint64_t second = r();
  RandomStream again(StreamKey{42, 0, 0, 0});
  EXPECT_EQ(again(), first);
  EXPECT_EQ(again(), second);
  EXPECT_EQ(purpose_id(""), 14695981039346656037ull);
  EXPECT_EQ(purpose_id("a"), 0xaf63dc4c8601ec8cull);
}

TEST(RandomStream, KeysGiveIndependentStreams) {
  // Changing any single key word changes the stream.
  const StreamKey base{1, 2, 3, 4};
  auto first = [](StreamKey k) { return RandomStream(k)(); };
  const auto b = first(base);
  EXPECT_NE(first({2, 2, 3, 4}), b);
  EXPECT_NE(first({1, 3, 3, 4}), b);
  EXPECT_NE(first({1, 2, 4, 4}), b);
  EXPECT_NE(first({1, 2, 3, 5}), b);
  // Swapped words are different keys too.
  EXPECT_NE(first({1, 3, 2, 4}), b);
  // Correlation between neighbouring entity streams is negligible.
  RandomStream x(1, 0, 10, 7), y(1, 0, 11, 7);
  double sxy = 0, sx = 0, sy = 0, sxx = 0, syy = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double a = x.uniform01(), c = y.uniform01();
    sxy += a * c, sx += a, sy += c, sxx += a * a, syy += c * c;
  }
  const double cov = sxy / n - (sx / n) * (sy / n);
  const double corr = cov / std::sqrt((sxx / n - sx * sx / n / n) * (syy / n - sy * sy / n / n));
  EXPECT_LT(std::fabs(corr), 0.01);
}

TEST(RandomStream, AddingAStreamDoesNotShiftAnother) {
  RandomStream a1(9, 1, 100, purpose_id("rd"));
  std::vector<double> before;
  for (int i = 0; i < 10; ++i) before.push_back(a1.uniform01());
  // Another agent's stream being created and used in between changes nothing.
  RandomStream a2(9, 1, 100, purpose_id("rd"));
  RandomStream other(9, 1, 101, purpose_id("rd"));
  for (int i = 0; i < 5; ++i) (void)other();
  for (int i = 0; i < 10; ++i) EXPECT_EQ(a2.uniform01(), before[i]);
}

TEST(RandomStream, WorksAsBoostGenerator) {
  RandomStream r(5, 0, 0, 0);
  boost::random::uniform_real_distribution<double> d(2.0, 3.0);
  for (int i = 0; i < 100; ++i) {
    const double x = d(r);
    EXPECT_GE(x, 2.0);
    EXPECT_LT(x, 3.0);
  }
}

namespace {
template <class F>
Welford moments(F draw, int n = 400000) {
  Welford w;
  for (int i = 0; i < n; ++i) w.add(draw());
  return w;
}
}  // namespace

TEST(Distributions, MomentsMatchTheory) {
  RandomStream r(11, 0, 0, 0);
  auto check = [](const Welford& w, double mean, double var, const char* what, double var_tol = 0.03) {
    const double se = std::sqrt(var / static_cast<double>(w.count()));
    EXPECT_NEAR(w.mean(), mean, 5 * se) << what;
    EXPECT_NEAR(w.variance(), var, var_tol * var) << what;
  };
  check(moments([&] { return uniform(r, 2.0, 5.0); }), 3.5, 9.0 / 12, "uniform");
  check(moments([&] { return bernoulli(r, 0.3) ? 1.0 : 0.0; }), 0.3, 0.21, "bernoulli");
  check(moments([&] { return exponential(r, 2.0); }), 0.5, 0.25, "exponential");
  check(moments([&] { return normal(r, 1.0, 2.0); }), 1.0, 4.0, "normal");
  const double mu = 0.1, s = 0.5;
  check(moments([&] { return lognormal(r, mu, s); }), std::exp(mu + s * s / 2),
        (std::exp(s * s) - 1) * std::exp(2 * mu + s * s), "lognormal");
  check(moments([&] { return gamma(r, 2.5, 2.0); }), 5.0, 10.0, "gamma k>1");
  check(moments([&] { return gamma(r, 0.4, 1.0); }), 0.4, 0.4, "gamma k<1");
  check(moments([&] { return beta(r, 2.0, 5.0); }), 2.0 / 7, 10.0 / (49 * 8), "beta");
  check(moments([&] { return static_cast<double>(poisson(r, 3.2)); }), 3.2, 3.2, "poisson small");
  check(moments([&] { return static_cast<double>(poisson(r, 250.0)); }), 250.0, 250.0, "poisson PTRS");
  // Pareto alpha=5: the sample variance has a heavy tail itself (4th moment finite but large).
  check(moments([&] { return pareto(r, 1.0, 5.0); }), 1.25, 5.0 / (16 * 3), "pareto", 0.1);
  std::vector<double> wts{1, 0, 3};
  check(moments([&] { return static_cast<double>(categorical(r, wts)); }), 1.5, 0.75, "categorical");
  AliasTable table(wts);
  check(moments([&] { return static_cast<double>(table(r)); }), 1.5, 0.75, "alias");
}

TEST(Distributions, PinnedValues) {
  // Exact values from the fixed algorithms; must never change silently.
  RandomStream r(2025, 1, 2, purpose_id("pin"));
  const double vals[] = {uniform(r, 0, 1), exponential(r, 1.0), normal(r), gamma(r, 2.0), beta(r, 2, 3),
                         static_cast<double>(poisson(r, 4.0)), static_cast<double>(poisson(r, 40.0)),
                         pareto(r, 1.0, 1.5), lognormal(r, 0, 1)};
  RandomStream r2(2025, 1, 2, purpose_id("pin"));
  const double again[] = {uniform(r2, 0, 1), exponential(r2, 1.0), normal(r2), gamma(r2, 2.0), beta(r2, 2, 3),
                          static_cast<double>(poisson(r2, 4.0)), static_cast<double>(poisson(r2, 40.0)),
                          pareto(r2, 1.0, 1.5), lognormal(r2, 0, 1)};
  for (int i = 0; i < 9; ++i) EXPECT_EQ(vals[i], again[i]);
  const double pinned[] = {0.60318739051822412, 1.7560030681866314, 0.99045191599017224,
                           2.6039548800840029,  0.1294297431392428,  4, 37, 1.0829358470634138,
                           0.42635787577483125};
  for (int i = 0; i < 9; ++i) EXPECT_DOUBLE_EQ(vals[i], pinned[i]) << "draw " << i;
}

// The ziggurat must give exactly Exp(1): the whole distribution (a
// Kolmogorov-Smirnov distance small enough to catch one wrong layer, whose
// mass is 1/256), the tail beyond r, drawn by its own branch, and far beyond.
TEST(Distributions, ZigguratExponentialMatchesTheCdf) {
  RandomStream r(7, 0, 0, purpose_id("ziggurat"));
  constexpr int n = 2000000;
  std::vector<double> x(n);
  for (double& v : x) v = standard_exponential(r);
  std::sort(x.begin(), x.end());
  EXPECT_GE(x.front(), 0.0);
  double d = 0.0;
  for (int i = 0; i < n; ++i) {
    const double cdf = -std::expm1(-x[i]);
    d = std::max({d, cdf - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - cdf});
  }
  EXPECT_LT(d, 1.63 / std::sqrt(static_cast<double>(n)));  // the 1 % critical value
  auto beyond = [&](double t) {
    return static_cast<double>(x.end() - std::upper_bound(x.begin(), x.end(), t));
  };
  for (const double t : {detail::ZIGGURAT_EXP_R, 10.0}) {
    const double expect = n * std::exp(-t);
    EXPECT_NEAR(beyond(t), expect, 5 * std::sqrt(expect)) << "beyond " << t;
  }
  EXPECT_GT(beyond(12.0), 0.0);  // the tail is not cut off
  // exponential(rate) is Exp(1) / rate, draw for draw.
  RandomStream a(7, 0, 0, 1), b(7, 0, 0, 1);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(exponential(a, 4.0), standard_exponential(b) / 4.0);
}

TEST(Distributions, UniformIndexIsUnbiasedAndInRange) {
  RandomStream r(1, 1, 1, 1);
  std::vector<int> counts(7, 0);
  for (int i = 0; i < 70000; ++i) {
    const auto k = uniform_index(r, 7);
    ASSERT_LT(k, 7u);
    ++counts[k];
  }
  for (int c : counts) EXPECT_NEAR(c, 10000, 400);
}

TEST(Distributions, ParetoTailExponent) {
  // Hill estimator over the top 1% recovers alpha.
  RandomStream r(4, 0, 0, 0);
  std::vector<double> x(200000);
  for (auto& v : x) v = pareto(r, 1.0, 1.2);
  std::sort(x.begin(), x.end(), std::greater<>());
  const int k = 2000;
  double s = 0;
  for (int i = 0; i < k; ++i) s += std::log(x[i] / x[k]);
  EXPECT_NEAR(k / s, 1.2, 0.08);
}

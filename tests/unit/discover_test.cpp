// Scenario discovery (experiments/prim.hpp, outcome_expr.hpp): PRIM finds a
// planted box with high coverage and density and small quasi-p values, a
// factor that does not matter is left alone or gets a large quasi-p, the
// binomial tail against a direct sum, pasting never lowers density, and the
// outcome expressions of `innosim discover` parse and fail as documented.
#include <cmath>
#include <stdexcept>

#include <gtest/gtest.h>

#include "innosim/engine/random.hpp"
#include "innosim/experiments/outcome_expr.hpp"
#include "innosim/experiments/prim.hpp"

using namespace innosim::experiments;

TEST(Prim, FindsAPlantedBoxAndJudgesItsRestrictions) {
  // Cases of interest: x0 > 0.6 and x1 < 0.5, with 2 % of the labels flipped; x2 is noise.
  innosim::engine::RandomStream rng(7, 0, 0, 1);
  std::vector<std::vector<double>> x;
  std::vector<bool> y;
  for (int i = 0; i < 600; ++i) {
    x.push_back({rng.uniform01(), rng.uniform01(), rng.uniform01()});
    bool in = x.back()[0] > 0.6 && x.back()[1] < 0.5;
    if (rng.uniform01() < 0.02) in = !in;
    y.push_back(in);
  }
  const PrimResult r = prim_peel(x, y, {});
  ASSERT_GT(r.trajectory.size(), 5u);
  EXPECT_EQ(r.trajectory.front().restrictions(), 0u);
  EXPECT_DOUBLE_EQ(r.trajectory.front().coverage, 1.0);
  // Along the trajectory coverage never rises and the mass shrinks to about mass_min.
  for (std::size_t i = 1; i < r.trajectory.size(); ++i) {
    EXPECT_LE(r.trajectory[i].coverage, r.trajectory[i - 1].coverage);
    EXPECT_LT(r.trajectory[i].points, r.trajectory[i - 1].points);
  }
  EXPECT_GE(r.trajectory.back().mass, 0.05 - 1e-12);
  // The densest box that keeps 75 % of the cases (2 % of 480 flipped outside it) is the planted one.
  std::size_t best = 0;
  for (std::size_t i = 0; i < r.trajectory.size(); ++i)
    if (r.trajectory[i].coverage >= 0.75 && r.trajectory[i].density > r.trajectory[best].density) best = i;
  const PrimBox& b = r.trajectory[best];
  EXPECT_GT(b.density, 0.85);
  EXPECT_NEAR(b.lo[0], 0.6, 0.06);
  EXPECT_NEAR(b.hi[1], 0.5, 0.06);
  EXPECT_LT(b.quasi_p[0], 1e-6);
  EXPECT_LT(b.quasi_p[1], 1e-6);
  EXPECT_TRUE(!b.restricted[2] || b.quasi_p[2] > 0.01) << "the noise factor's restriction is not significant";
  const PrimBox pasted = prim_paste(x, y, b, r, {});
  EXPECT_GE(pasted.density, b.density);
  EXPECT_GE(pasted.points, b.points);
}

TEST(Prim, DiscreteFactorsAndTies) {
  // A factor with two values (a switch) and cases only where it is 1.
  std::vector<std::vector<double>> x;
  std::vector<bool> y;
  for (int i = 0; i < 100; ++i) {
    x.push_back({static_cast<double>(i % 2), static_cast<double>(i) / 100});
    y.push_back(i % 2 == 1 && i < 80);
  }
  const PrimResult r = prim_peel(x, y, {.peel_alpha = 0.1, .paste_alpha = 0.05, .mass_min = 0.1});
  bool switch_restricted = false;
  for (const PrimBox& b : r.trajectory)
    if (b.lo[0] == 1.0) switch_restricted = true;
  EXPECT_TRUE(switch_restricted) << "the switch is peeled as a whole value";
}

TEST(Prim, BinomialUpperTail) {
  // P(X >= k) for X ~ Binomial(10, 0.3), against a direct sum.
  for (std::size_t k = 0; k <= 10; ++k) {
    double direct = 0;
    for (std::size_t j = k; j <= 10; ++j) {
      const double dj = static_cast<double>(j);
      direct += std::tgamma(11.0) / (std::tgamma(dj + 1) * std::tgamma(11 - dj)) * std::pow(0.3, dj) * std::pow(0.7, 10 - dj);
    }
    EXPECT_NEAR(binomial_upper_tail(k, 10, 0.3), direct, 1e-12) << k;
  }
  EXPECT_EQ(binomial_upper_tail(0, 5, 0.0), 1.0);
  EXPECT_EQ(binomial_upper_tail(3, 5, 0.0), 0.0);
  EXPECT_EQ(binomial_upper_tail(5, 5, 1.0), 1.0);
}

TEST(OutcomeExpression, ArithmeticNamesAndErrors) {
  const std::vector<std::string> vars = {"effect.hte", "effect.gazelles", "fiscal@2026..2028", "x"};
  const std::vector<double> v = {10, 4, 2e6, -3};
  EXPECT_DOUBLE_EQ(OutcomeExpression("effect.hte + effect.gazelles", vars).evaluate(v), 14);
  EXPECT_DOUBLE_EQ(OutcomeExpression("effect.hte-effect.gazelles*2", vars).evaluate(v), 2);
  EXPECT_DOUBLE_EQ(OutcomeExpression("(effect.hte - effect.gazelles) * 2", vars).evaluate(v), 12);
  EXPECT_DOUBLE_EQ(OutcomeExpression("fiscal@2026..2028 / 1e6 / -x", vars).evaluate(v), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(OutcomeExpression("--x", vars).evaluate(v), -3);
  EXPECT_DOUBLE_EQ(OutcomeExpression("  1.5e1 ", vars).evaluate(v), 15);
  const OutcomeExpression e("x * effect.hte + x", vars);
  EXPECT_EQ(e.used(), (std::vector<std::size_t>{3, 0}));
  EXPECT_TRUE(std::isinf(OutcomeExpression("effect.hte / 0", vars).evaluate(v)));
  try {
    OutcomeExpression("effect.hte + effect.gazele", vars);
    FAIL();
  } catch (const std::invalid_argument& err) {
    EXPECT_STREQ(err.what(), "at column 14: unknown name 'effect.gazele' (did you mean 'effect.gazelles'?)");
  }
  for (const char* bad : {"", "effect.hte +", "(x", "x )", "x $ 2", "2 x"})
    EXPECT_THROW(OutcomeExpression(bad, vars), std::invalid_argument) << bad;
}

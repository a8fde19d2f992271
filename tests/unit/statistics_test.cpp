#include "innosim/engine/statistics.hpp"

#include <gtest/gtest.h>

using namespace innosim::engine;

TEST(Welford, MeanVarianceAndMerge) {
  Welford w;
  for (double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) w.add(x);
  EXPECT_DOUBLE_EQ(w.mean(), 5.0);
  EXPECT_DOUBLE_EQ(w.variance(), 32.0 / 7.0);
  EXPECT_EQ(w.min(), 2.0);
  EXPECT_EQ(w.max(), 9.0);
  Welford a, b;
  for (double x : {2.0, 4.0, 4.0}) a.add(x);
  for (double x : {4.0, 5.0, 5.0, 7.0, 9.0}) b.add(x);
  a.merge(b);
  EXPECT_EQ(a.count(), 8u);
  EXPECT_NEAR(a.mean(), 5.0, 1e-12);
  EXPECT_NEAR(a.variance(), 32.0 / 7.0, 1e-12);
}

TEST(Welford, StableWithLargeOffset) {
  Welford w;
  for (int i = 0; i < 1000; ++i) w.add(1e9 + (i % 2));
  EXPECT_NEAR(w.variance(), 0.25 * 1000.0 / 999.0, 1e-6);
}

TEST(TimeWeighted, AveragesPiecewiseConstant) {
  TimeWeighted tw;
  tw.reset(0.0, 0.0);
  tw.update(1.0, 2.0);  // 0 on [0,1)
  tw.update(3.0, 1.0);  // 2 on [1,3)
  EXPECT_DOUBLE_EQ(tw.mean(4.0), (0 + 4 + 1) / 4.0);
  tw.reset(4.0, 1.0);
  EXPECT_DOUBLE_EQ(tw.mean(6.0), 1.0);
}

TEST(ConfidenceInterval, StudentT) {
  EXPECT_NEAR(student_t_quantile(0.95, 1), 12.7062, 1e-3);
  EXPECT_NEAR(student_t_quantile(0.95, 9), 2.2622, 1e-3);
  EXPECT_NEAR(student_t_quantile(0.95, 1e6), 1.95996, 1e-4);
  Welford w;
  for (double x : {1.0, 2.0, 3.0, 4.0}) w.add(x);
  const auto ci = confidence_interval(w);
  const double half = 3.18245 * std::sqrt(5.0 / 3.0) / 2.0;
  EXPECT_NEAR(ci.low, 2.5 - half, 1e-4);
  EXPECT_NEAR(ci.high, 2.5 + half, 1e-4);
  EXPECT_EQ(ci.n, 4u);
  Welford one;
  one.add(1.0);
  EXPECT_TRUE(std::isnan(confidence_interval(one).low));
}

TEST(Counter, Counts) {
  Counter c;
  c.add(5.0);
  c.add(2.5);
  EXPECT_EQ(c.count, 2u);
  EXPECT_DOUBLE_EQ(c.total, 7.5);
}

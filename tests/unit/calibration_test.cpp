// The pieces of `innosim calibrate` (experiments/): target expressions on a
// time grid, the scrambled Sobol' design, the MSM statistics against answers
// computed by hand, and the calibration file's diagnostics.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "innosim/experiments/calibration_file.hpp"
#include "innosim/experiments/design.hpp"
#include "innosim/experiments/msm.hpp"
#include "innosim/experiments/schema_registry.hpp"
#include "innosim/experiments/target_expr.hpp"
#include "innosim/scenario/scenario.hpp"

namespace fs = std::filesystem;
using namespace innosim::experiments;

namespace {

/// Monthly grid from 1 January 2025 over two years; metrics a (stock), b
/// (stock) and f (flow).
TargetGrid grid(int sampling = 1) {
  TargetGrid g;
  g.start_year = 2025;
  g.sampling_months = sampling;
  g.horizon_months = 24;
  g.metric_names = {"a", "b", "f", "r"};
  g.metric_is_flow = {false, false, true, false};
  g.metric_is_mean = {false, false, false, true};
  return g;
}

/// series[metric][sample]: a(t) = 100 + t, b(t) = 2 t, f(t) = 1 per month.
std::vector<std::vector<double>> series(int samples = 25) {
  std::vector<std::vector<double>> s(3);
  for (int t = 0; t < samples; ++t) {
    s[0].push_back(100.0 + t);
    s[1].push_back(2.0 * t);
    s[2].push_back(t == 0 ? 0.0 : 1.0);
  }
  return s;
}

double eval(const std::string& text, int shift = 0, int sampling = 1) {
  TargetExpr e;
  ExprError err;
  EXPECT_TRUE(TargetExpr::compile(text, grid(sampling), e, err)) << text << ": " << err.message;
  return e.evaluate(series(sampling == 1 ? 25 : 24 / sampling + 1), shift);
}

ExprError error_of(const std::string& text, int sampling = 1) {
  TargetExpr e;
  ExprError err;
  EXPECT_FALSE(TargetExpr::compile(text, grid(sampling), e, err)) << text;
  return err;
}

}  // namespace

// ------------------------------------------------------------- expressions

TEST(TargetExpr, StocksFlowsGrowthRatiosAndArithmetic) {
  EXPECT_EQ(eval("stock(a, 2025-07-31)"), 107.0);                       // end of July = sample 7
  EXPECT_EQ(eval("stock(a + b, 2025-12-31)"), 112.0 + 24.0);
  EXPECT_EQ(eval("stock(a - b, 2025-01-31)"), 101.0 - 2.0);
  EXPECT_EQ(eval("flow(f, 2025-01-01, 2025-08-31)"), 8.0);              // January to August
  EXPECT_EQ(eval("flow(f, 2026-01-01, 2026-12-31)"), 12.0);
  EXPECT_DOUBLE_EQ(eval("growth(a, 2025-12-31, 2026-12-31)"), 124.0 / 112.0 - 1.0);
  EXPECT_DOUBLE_EQ(eval("annual_growth(a, 2025-01-31, 2026-07-31)"), std::pow(119.0 / 101.0, 1.0 / 1.5) - 1.0);
  EXPECT_DOUBLE_EQ(eval("ratio(flow(f, 2025-01-01, 2025-12-31), stock(a, 2025-12-31))"), 12.0 / 112.0);
  EXPECT_DOUBLE_EQ(eval("2 * stock(a, 2025-01-31) / 4 - -1"), 101.0 / 2.0 + 1.0);
  EXPECT_DOUBLE_EQ(eval("(stock(a, 2025-03-31) + 1e2) * 0.5"), (103.0 + 100.0) * 0.5);
  EXPECT_TRUE(std::isnan(eval("ratio(stock(a, 2025-03-31), stock(b, 2025-01-31) - 2)")));  // 0 denominator
}

// The unit a target is shown in (the zh report scales money to 万元/亿元, growth to per cent).
TEST(TargetExpr, UnitOfTheValue) {
  const std::vector<std::string> units = {"yuan", "yuan", "yuan per month", "share"};
  const auto unit = [&](const std::string& text, std::vector<std::string> u) {
    TargetExpr e;
    ExprError err;
    EXPECT_TRUE(TargetExpr::compile(text, grid(), e, err)) << text << ": " << err.message;
    return e.unit(u);
  };
  EXPECT_EQ(unit("stock(a, 2025-07-31)", units), "yuan");
  EXPECT_EQ(unit("flow(f, 2025-01-01, 2025-08-31)", units), "yuan");  // the period is the span's, not a month
  EXPECT_EQ(unit("stock(a + b, 2025-12-31) - flow(f, 2025-01-01, 2025-12-31)", units), "yuan");
  EXPECT_EQ(unit("-stock(a, 2025-07-31)", units), "yuan");
  EXPECT_EQ(unit("growth(a, 2025-12-31, 2026-12-31)", units), "share");
  EXPECT_EQ(unit("annual_growth(a, 2025-01-31, 2026-07-31)", units), "share");
  EXPECT_EQ(unit("ratio(flow(f, 2025-01-01, 2025-12-31), stock(a, 2025-12-31))", units), "");
  // Scaled by a plain number, a quantity keeps its unit (a two-year flow / 2 is a yearly rate in yuan).
  EXPECT_EQ(unit("2 * stock(a, 2025-01-31)", units), "yuan");
  EXPECT_EQ(unit("flow(f, 2025-01-01, 2026-12-31) / 2", units), "yuan");
  EXPECT_EQ(unit("stock(a, 2025-01-31) * stock(a, 2025-02-28)", units), "");
  EXPECT_EQ(unit("2 / stock(a, 2025-01-31)", units), "");
  EXPECT_EQ(unit("stock(a, 2025-07-31) + stock(r, 2025-07-31)", units), "");  // yuan + share: no unit
  EXPECT_EQ(unit("stock(a, 2025-07-31)", {"firms", "yuan", "yuan", "share"}), "firms");
  EXPECT_EQ(unit("stock(a + b, 2025-07-31)", {"firms", "yuan", "yuan", "share"}), "");
}

TEST(TargetExpr, DatesMoveWithTheStationarityShift) {
  EXPECT_EQ(eval("stock(a, 2025-07-31)", 12), 119.0);
  EXPECT_EQ(eval("flow(f, 2025-01-01, 2025-08-31)", -0), 8.0);
  // Shifted past the run's end: NaN, and shift_fits says so.
  TargetExpr e;
  ExprError err;
  ASSERT_TRUE(TargetExpr::compile("growth(a, 2025-12-31, 2026-12-31)", grid(), e, err));
  EXPECT_FALSE(e.shift_fits(12));
  EXPECT_TRUE(e.shift_fits(-12));
  EXPECT_TRUE(std::isnan(e.evaluate(series(), 12)));
  EXPECT_DOUBLE_EQ(e.evaluate(series(), -12), 112.0 / 100.0 - 1.0);
  EXPECT_EQ(e.metrics(), std::vector<std::size_t>{0});
  EXPECT_EQ(e.first_sample(), 12);
  EXPECT_EQ(e.last_sample(), 24);
}

TEST(TargetExpr, QuarterlyGridsReadQuarterEnds) {
  EXPECT_EQ(eval("stock(a, 2025-06-30)", 0, 3), 102.0);  // sample 2 of a quarterly grid
  const ExprError e = error_of("stock(a, 2025-07-31)", 3);
  EXPECT_NE(e.message.find("falls between two samples"), std::string::npos) << e.message;
}

TEST(TargetExpr, ProblemsPointAtTheirCharacter) {
  ExprError e = error_of("stock(aa, 2025-07-31)");
  EXPECT_EQ(e.offset, 6u);
  EXPECT_NE(e.message.find("unknown metric 'aa' (did you mean 'a'?)"), std::string::npos) << e.message;
  e = error_of("stock(f, 2025-07-31)");
  EXPECT_NE(e.message.find("is a flow"), std::string::npos) << e.message;
  e = error_of("flow(a, 2025-01-01, 2025-03-31)");
  EXPECT_NE(e.message.find("is a stock"), std::string::npos) << e.message;
  e = error_of("flow(r, 2025-01-01, 2025-03-31)");
  EXPECT_NE(e.message.find("does not add up"), std::string::npos) << e.message;
  e = error_of("stock(a, 2025-07-30)");
  EXPECT_EQ(e.offset, 9u);
  EXPECT_NE(e.message.find("not the last day of a month"), std::string::npos) << e.message;
  e = error_of("flow(f, 2025-01-02, 2025-03-31)");
  EXPECT_NE(e.message.find("not the first day of a month"), std::string::npos) << e.message;
  EXPECT_EQ(eval("stock(a, 2024-12-31)"), 100.0);  // the end of 2024 is the start: the initial sample
  e = error_of("stock(a, 2024-11-30)");
  EXPECT_NE(e.message.find("before the run starts"), std::string::npos) << e.message;
  e = error_of("stock(a, 2027-01-31)");
  EXPECT_NE(e.message.find("after the run ends"), std::string::npos) << e.message;
  e = error_of("stock(a, 2025-02-30)");
  EXPECT_NE(e.message.find("YYYY-MM-DD"), std::string::npos) << e.message;
  e = error_of("growth(a, 2026-12-31, 2025-12-31)");
  EXPECT_NE(e.message.find("must end after it starts"), std::string::npos) << e.message;
  e = error_of("stock(a, 2025-07-31) +");
  EXPECT_NE(e.message.find("the expression ends"), std::string::npos) << e.message;
  e = error_of("stock(a, 2025-07-31) )");
  EXPECT_EQ(e.offset, 21u);
  e = error_of("a + 1");
  EXPECT_NE(e.message.find("'a' is a metric"), std::string::npos) << e.message;
  e = error_of("mean(a, 2025-07-31)");
  EXPECT_NE(e.message.find("unknown function 'mean'"), std::string::npos) << e.message;
  e = error_of("1 + 2");
  EXPECT_NE(e.message.find("reads no metric"), std::string::npos) << e.message;
}

TEST(TargetExpr, CalendarDates) {
  int y = 0, m = 0, d = 0;
  EXPECT_TRUE(parse_date("2024-02-29", y, m, d));
  EXPECT_FALSE(parse_date("2025-02-29", y, m, d));
  EXPECT_TRUE(parse_date("2000-02-29", y, m, d));
  EXPECT_FALSE(parse_date("1900-02-29", y, m, d));
  EXPECT_FALSE(parse_date("2025-13-01", y, m, d));
  EXPECT_FALSE(parse_date("2025-7-31", y, m, d));
}

// ------------------------------------------------------ scrambled Sobol'

TEST(CalibrationDesign, ScrambledSobolKeepsTheNetBalanceAndDependsOnTheSeed) {
  const std::size_t n = 64, dims = 5;
  const auto a = scrambled_sobol(n, dims, 1);
  const auto b = scrambled_sobol(n, dims, 1);
  const auto c = scrambled_sobol(n, dims, 2);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  for (std::size_t k = 0; k < dims; ++k) {
    // A (0, m, 1)-net in each coordinate: one point in each of the n intervals.
    std::set<std::size_t> cells;
    for (const auto& p : a) {
      ASSERT_GT(p[k], 0.0);
      ASSERT_LT(p[k], 1.0);
      cells.insert(static_cast<std::size_t>(p[k] * n));
    }
    EXPECT_EQ(cells.size(), n) << "dimension " << k;
  }
  // Two-dimensional strata of the first two coordinates (a (0, m, 2)-net):
  // every 8 x 8 cell holds exactly one of the 64 points.
  std::set<std::pair<int, int>> cells2;
  for (const auto& p : a) cells2.insert({static_cast<int>(p[0] * 8), static_cast<int>(p[1] * 8)});
  EXPECT_EQ(cells2.size(), 64u);
  // Unlike the plain sequence, no point sits on the centre lines.
  for (const auto& p : a)
    for (double x : p) EXPECT_NE(x, 0.5);
  // The mean of a smooth function is close to its integral (1/3 for x^2).
  const auto big = scrambled_sobol(1024, 2, 7);
  double s = 0;
  for (const auto& p : big) s += p[0] * p[0];
  EXPECT_NEAR(s / 1024.0, 1.0 / 3.0, 1e-3);
}

// ---------------------------------------------------------------- statistics

TEST(Msm, MomentsOverRunsSkipNonFiniteRuns) {
  const double nan = std::nan("");
  const msm::SimulatedMoments sm = msm::simulated_moments({{1, 10}, {3, 14}, {nan, 0}, {5, 18}}, 2);
  EXPECT_EQ(sm.used, 3);
  EXPECT_DOUBLE_EQ(sm.mean(0), 3.0);
  EXPECT_DOUBLE_EQ(sm.mean(1), 14.0);
  EXPECT_DOUBLE_EQ(sm.cov(0, 0), 4.0);
  EXPECT_DOUBLE_EQ(sm.cov(1, 1), 16.0);
  EXPECT_DOUBLE_EQ(sm.cov(0, 1), 8.0);
}

TEST(Msm, SandwichEqualsTheEfficientFormWithOptimalWeights) {
  // Three targets, two parameters: a linear model with known G.
  Eigen::MatrixXd G(3, 2);
  G << 1, 0, 0, 2, 1, 1;
  Eigen::VectorXd sd(3);
  sd << 0.5, 1.0, 0.2;
  Eigen::MatrixXd sim = Eigen::MatrixXd::Zero(3, 3);
  sim.diagonal() << 1.0, 4.0, 0.25;
  sim(0, 2) = sim(2, 0) = 0.1;
  const int S = 10;
  const Eigen::MatrixXd om = msm::omega(sd, sim, S);
  EXPECT_NEAR(om(0, 0), 0.25 + 1.1 * 1.0, 1e-12);
  EXPECT_NEAR(om(0, 2), 1.1 * 0.1, 1e-12);
  const Eigen::MatrixXd W = msm::full_weighting(om);
  Eigen::VectorXd g = Eigen::VectorXd::Zero(3);
  const msm::Inference inf = msm::infer(G, W, om, g);
  const Eigen::MatrixXd efficient = (G.transpose() * om.inverse() * G).inverse();
  EXPECT_TRUE(inf.covariance.isApprox(efficient, 1e-10));
  EXPECT_EQ(inf.rank, 2);
  EXPECT_EQ(inf.j_df, 1);
  EXPECT_NEAR(inf.j_statistic, 0.0, 1e-12);
  EXPECT_NEAR(inf.j_p_value, 1.0, 1e-12);
  EXPECT_NEAR(inf.null_loading.norm(), 0.0, 1e-12);
  // With optimal weights J = g' Omega^-1 g for a g outside G's column space
  // once projected: J equals the minimised objective.
  Eigen::VectorXd y(3);
  y << 1.0, -2.0, 3.0;
  // theta_hat minimises (y - G t)' W (y - G t); g = y - G theta_hat.
  const Eigen::VectorXd t = (G.transpose() * W * G).ldlt().solve(G.transpose() * W * y);
  g = y - G * t;
  const msm::Inference j = msm::infer(G, W, om, g);
  EXPECT_NEAR(j.j_statistic, msm::objective(g, W), 1e-9);
  EXPECT_NEAR(j.j_p_value, msm::chi_squared_sf(j.j_statistic, 1), 1e-12);
}

TEST(Msm, DiagonalWeightingAndTheGeneralJTest) {
  // A non-optimal W: J uses the generalised inverse of Var(g), and is then
  // chi-squared(m - p) all the same. Checked against its definition.
  Eigen::MatrixXd G(3, 1);
  G << 1, 1, 1;
  Eigen::MatrixXd om(3, 3);
  om << 2, 0.5, 0, 0.5, 1, 0.2, 0, 0.2, 3;
  const Eigen::MatrixXd W = msm::diagonal_weighting(om, {"a", "b", "c"});
  EXPECT_DOUBLE_EQ(W(1, 1), 1.0);
  EXPECT_DOUBLE_EQ(W(0, 1), 0.0);
  Eigen::VectorXd g(3);
  g << 0.3, -0.2, 0.1;
  const msm::Inference inf = msm::infer(G, W, om, g);
  const double h = (G.transpose() * W * G)(0, 0);
  const double b = (G.transpose() * W * om * W * G)(0, 0);
  EXPECT_NEAR(inf.covariance(0, 0), b / (h * h), 1e-12);
  const Eigen::MatrixXd M = Eigen::MatrixXd::Identity(3, 3) - G * (1.0 / h) * G.transpose() * W;
  const Eigen::MatrixXd V = M * om * M.transpose();
  Eigen::JacobiSVD<Eigen::MatrixXd> svd(V, Eigen::ComputeFullU | Eigen::ComputeFullV);
  Eigen::VectorXd s = svd.singularValues();
  for (Eigen::Index i = 0; i < 3; ++i) s(i) = i < 2 ? 1.0 / s(i) : 0.0;
  const Eigen::VectorXd mg = M * g;
  const double J = mg.dot(svd.matrixV() * s.asDiagonal() * svd.matrixU().transpose() * mg);
  EXPECT_NEAR(inf.j_statistic, J, 1e-9);
  // The same in other units: targets rescaled by 1e10, 1 and 1e-6.
  Eigen::VectorXd unit(3);
  unit << 1e10, 1.0, 1e-6;
  const Eigen::MatrixXd Du = unit.asDiagonal();
  const msm::Inference scaled =
      msm::infer(Du * G, Du.inverse() * W * Du.inverse(), Du * om * Du, Du * g);
  EXPECT_NEAR(scaled.j_statistic, J, 1e-9);
  EXPECT_NEAR(scaled.covariance(0, 0), inf.covariance(0, 0), 1e-9 * inf.covariance(0, 0));
  EXPECT_EQ(inf.j_df, 2);
  // A target with no variance at all cannot be weighted.
  Eigen::MatrixXd zero = om;
  zero(2, 2) = 0;
  EXPECT_THROW(msm::diagonal_weighting(zero, {"a", "b", "c"}), innosim::ConfigError);
}

TEST(Msm, AParameterTheTargetsCannotSeeIsInTheNullSpace) {
  Eigen::MatrixXd G(2, 2);
  G << 1, 0, 3, 0;  // the second parameter moves nothing
  const Eigen::MatrixXd om = Eigen::MatrixXd::Identity(2, 2);
  const msm::Inference inf = msm::infer(G, om, om, Eigen::VectorXd::Zero(2));
  EXPECT_EQ(inf.rank, 1);
  EXPECT_TRUE(std::isinf(inf.condition_number));
  EXPECT_NEAR(inf.null_loading(0), 0.0, 1e-12);
  EXPECT_NEAR(inf.null_loading(1), 1.0, 1e-12);
  EXPECT_TRUE(std::isfinite(inf.se(0)));
  EXPECT_NEAR(inf.se(0), std::sqrt(1.0 / 10.0), 1e-12);  // (G'G)^-1 for the seen one
  EXPECT_TRUE(std::isnan(inf.se(1)));
  EXPECT_EQ(inf.j_df, 1);
}

TEST(Msm, TheJTestOnGivenDegreesOfFreedom) {
  // referee 19 B5: a calibration's J counts every free parameter. Three
  // targets, two parameters, the second moving nothing: infer() counts m -
  // rank(G) = 2 degrees of freedom; j_test on m - p = 1 reads the direction of
  // Var(Mg) with the largest variance, so J is chi-squared(1).
  Eigen::MatrixXd G(3, 2);
  G << 1, 0, 2, 0, 1, 0;
  Eigen::MatrixXd om(3, 3);
  om << 1, 0.2, 0, 0.2, 2, 0.1, 0, 0.1, 0.5;
  const Eigen::MatrixXd W = msm::full_weighting(om);
  Eigen::VectorXd g(3);
  g << 0.4, -0.3, 0.7;
  const msm::Inference inf = msm::infer(G, W, om, g);
  EXPECT_EQ(inf.j_df, 2);
  const msm::JTest two = msm::j_test(G, W, om, g, 2);
  EXPECT_EQ(two.statistic, inf.j_statistic);  // the same computation
  const msm::JTest one = msm::j_test(G, W, om, g, 1);
  EXPECT_EQ(one.df, 1);
  // By its definition: the largest eigenvalue of V = M Omega M' and its eigenvector.
  const Eigen::MatrixXd H = G.transpose() * W * G;
  Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd> cod(H);
  const Eigen::MatrixXd M = Eigen::MatrixXd::Identity(3, 3) - G * cod.pseudoInverse() * G.transpose() * W;
  const Eigen::MatrixXd V = M * om * M.transpose();
  const Eigen::VectorXd d = om.diagonal().cwiseSqrt();
  // In the scaled coordinates (targets divided by their sd), as j_test computes it.
  const Eigen::MatrixXd Vs = d.cwiseInverse().asDiagonal() * V * d.cwiseInverse().asDiagonal();
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> ess(0.5 * (Vs + Vs.transpose()));
  const Eigen::VectorXd zs = ess.eigenvectors().col(2).transpose() * (d.cwiseInverse().asDiagonal() * (M * g));
  EXPECT_NEAR(one.statistic, zs(0) * zs(0) / ess.eigenvalues()(2), 1e-9);
  EXPECT_LT(one.statistic, two.statistic);
  EXPECT_NEAR(one.p_value, msm::chi_squared_sf(one.statistic, 1), 1e-12);
  // Exactly identified or fewer targets than parameters: no test.
  EXPECT_TRUE(std::isnan(msm::j_test(G, W, om, g, 0).statistic));
  EXPECT_TRUE(std::isnan(msm::j_test(G, W, om, g, -1).p_value));
}

TEST(Msm, SatterthwaiteDegreesOfFreedom) {
  // One target, one parameter: theta-hat = m / G, so its variance is
  // (sd_obs^2 + (1 + 1/S) sd_sim^2) / G^2, of which only the simulated part
  // is estimated (S - 1 df).
  Eigen::MatrixXd G(1, 1);
  G << 2.0;
  Eigen::MatrixXd sim(1, 1);
  sim << 9.0;
  Eigen::MatrixXd W = Eigen::MatrixXd::Identity(1, 1);
  const int S = 10;
  // All simulated: exactly S - 1.
  EXPECT_NEAR(msm::effective_df(G, W, Eigen::VectorXd::Zero(1), sim, S)(0), 9.0, 1e-9);
  // Half and half: (v + v)^2 (S - 1) / v^2 = 4 (S - 1).
  Eigen::VectorXd sd(1);
  sd << std::sqrt((1.0 + 1.0 / S) * 9.0);
  EXPECT_NEAR(msm::effective_df(G, W, sd, sim, S)(0), 36.0, 1e-9);
  // Nothing simulated varies: the variance is known, the normal quantile.
  EXPECT_TRUE(std::isinf(msm::effective_df(G, W, sd, Eigen::MatrixXd::Zero(1, 1), S)(0)));
  EXPECT_NEAR(msm::t95(std::numeric_limits<double>::infinity()), 1.959963984540054, 1e-12);
  EXPECT_NEAR(msm::t95(9.0), 2.262157162740992, 1e-9);
  EXPECT_NEAR(msm::t95(36.0), 2.028094000980452, 1e-9);
  // Two targets, one parameter, diagonal weighting: the loading a = (G'WG)^-1 G'W.
  Eigen::MatrixXd G2(2, 1);
  G2 << 1.0, 3.0;
  Eigen::MatrixXd sim2(2, 2);
  sim2 << 4.0, 1.0, 1.0, 2.0;
  Eigen::VectorXd sd2(2);
  sd2 << 1.0, 0.5;
  const Eigen::MatrixXd om2 = msm::omega(sd2, sim2, S);
  const Eigen::MatrixXd W2 = msm::diagonal_weighting(om2, {"a", "b"});
  const Eigen::VectorXd a = ((G2.transpose() * W2 * G2).inverse() * G2.transpose() * W2).transpose();
  const double v_sim = (1.0 + 1.0 / S) * a.dot(sim2 * a), v_obs = a.cwiseAbs2().dot(sd2.cwiseAbs2());
  EXPECT_NEAR(msm::effective_df(G2, W2, sd2, sim2, S)(0), (v_sim + v_obs) * (v_sim + v_obs) * (S - 1) / (v_sim * v_sim),
              1e-9);
  // The sandwich variance is the same split: v_sim + v_obs.
  EXPECT_NEAR(msm::infer(G2, W2, om2, Eigen::VectorXd::Zero(2)).se(0), std::sqrt(v_sim + v_obs), 1e-12);
}

TEST(Msm, ChiSquaredTail) {
  EXPECT_NEAR(msm::chi_squared_sf(3.841458820694124, 1), 0.05, 1e-12);
  EXPECT_NEAR(msm::chi_squared_sf(5.991464547107979, 2), 0.05, 1e-12);
  EXPECT_NEAR(msm::chi_squared_quantile(0.95, 1), 3.841458820694124, 1e-10);
  EXPECT_TRUE(std::isnan(msm::chi_squared_sf(1.0, 0)));
}

// ---------------------------------------------------------- calibration file

namespace {

class CalibFile : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("innosim_calibration_test_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& text) {
    std::ofstream(dir_ / "c.yaml") << text;
    return dir_ / "c.yaml";
  }
  /// Every diagnostic of a bad file, as "line:column: message".
  std::vector<std::string> problems(const std::string& text) {
    std::vector<std::string> out;
    try {
      load_calibration(write(text), full_schema());
      ADD_FAILURE() << "no error for:\n" << text;
    } catch (const innosim::scenario::ScenarioError& e) {
      for (const auto& d : e.diagnostics())
        out.push_back(std::to_string(d.line) + ":" + std::to_string(d.column) + ": " + d.message);
    }
    return out;
  }
  fs::path dir_;
};

const char* kGood =
    "scenario: jiangmen-2025\n"
    "set: {population.firms: 300, horizon_years: 2}\n"
    "parameters:\n"
    "  firms.entry_rate_per_year: {range: [100, 400]}\n"
    "  firms.hazard_young: {range: [0.05, 0.4], log: true, start: 0.2}\n"
    "targets:\n"
    "  - {name: firms, expr: 'stock(firms_active, 2026-12-31)', observed: 600, sd: 5, source: test}\n"
    "  - {name: exits, expr: 'flow(firm_exits, 2025-01-01, 2025-12-31)', observed: 120, rel_sd: 0.1, source: test}\n"
    "replications: 6\n"
    "seed: 4\n"
    "search: {global: {design: lhs, points: 8}, local: {algorithm: neldermead, max_evaluations: 20}, restarts: 2}\n";

}  // namespace

TEST_F(CalibFile, ReadsEveryPart) {
  const CalibrationSpec s = load_calibration(write(kGood), full_schema());
  EXPECT_EQ(s.scenario, "jiangmen-2025");
  ASSERT_EQ(s.parameters.size(), 2u);
  EXPECT_TRUE(s.parameters[1].log);
  EXPECT_DOUBLE_EQ(*s.parameters[1].start, 0.2);
  EXPECT_NEAR(s.parameters[1].from_unit(s.parameters[1].to_unit(0.123)), 0.123, 1e-15);
  EXPECT_NEAR(s.parameters[1].from_unit(0.5), std::sqrt(0.05 * 0.4), 1e-15);  // geometric midpoint
  ASSERT_EQ(s.targets.size(), 2u);
  EXPECT_DOUBLE_EQ(s.targets[1].sd, 12.0);  // rel_sd 0.1 of 120
  EXPECT_EQ(s.replications, 6);
  EXPECT_EQ(*s.seed, 4u);
  EXPECT_EQ(s.search.design, GlobalDesign::lhs);
  EXPECT_EQ(s.search.algorithm, "neldermead");
  EXPECT_EQ(s.search.restarts, 2);
  // check (2 S) + points (8 + 3 x 20 + 2 x 2 + 2 x 11) x S
  EXPECT_EQ(s.max_runs(), 12u + (8u + 60u + 4u + 22u) * 6u);
}

// Identities and validation patterns are read in the targets' form but are
// not targets: they do not count towards "at least as many targets as
// parameters" (nor the J-test's degrees of freedom), and their problems are
// reported at their line and column like a target's.
TEST_F(CalibFile, IdentitiesAndValidationAreCheckedNotFitted) {
  const std::string base = std::string(kGood).substr(0, std::string(kGood).find("targets:"));
  const std::string one_target =
      "targets:\n"
      "  - {name: firms, expr: 'stock(firms_active, 2026-12-31)', observed: 600, sd: 5, source: test}\n";
  const std::string lists =
      "identities:\n"
      "  - {name: start, expr: 'stock(firms_active, 2024-12-31)', observed: 300, tolerance: {range: [299, 301]}, "
      "source: input}\n"
      "validation:\n"
      "  - {name: path, expr: 'growth(firms_active, 2025-12-31, 2026-12-31)', observed: 0, tolerance: {at_least: -1}, "
      "source: test}\n";
  // Two parameters, one target and two checked rows: too few targets.
  auto p = problems(base + one_target + lists);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NE(p[0].find("2 parameters but only 1 targets"), std::string::npos) << p[0];
  // With a second target it loads; the checked rows are kept apart.
  const CalibrationSpec s = load_calibration(
      write(base + one_target +
            "  - {name: exits, expr: 'flow(firm_exits, 2025-01-01, 2025-12-31)', observed: 120, sd: 12, source: t}\n" +
            lists),
      full_schema());
  ASSERT_EQ(s.targets.size(), 2u);
  ASSERT_EQ(s.identities.size(), 1u);
  ASSERT_EQ(s.validation.size(), 1u);
  EXPECT_EQ(s.identities[0].name, "start");
  EXPECT_EQ(s.identities[0].sd, 0.0);  // no sd: checked against its band, never weighed
  EXPECT_DOUBLE_EQ(s.identities[0].tolerance.lo, 299.0);
  // A bad identity: unknown key and a name used by a target, at line:column.
  p = problems(base + one_target +
               "  - {name: exits, expr: 'flow(firm_exits, 2025-01-01, 2025-12-31)', observed: 120, sd: 12, source: t}\n"
               "identities:\n"
               "  - {name: firms, expr: 'stock(firms_active, 2024-12-31)', observd: 300, source: input}\n"
               "identities_x: 1\n");
  std::string all;
  for (const auto& x : p) all += x + "\n";
  const int line = 1 + static_cast<int>(std::count(base.begin(), base.end(), '\n')) + 3 + 1;
  EXPECT_NE(all.find(std::to_string(line) + ":60: unknown key 'observd'"), std::string::npos) << all;
  EXPECT_NE(all.find("in an identity"), std::string::npos) << all;
  EXPECT_NE(all.find(std::to_string(line) + ":12: target name 'firms' is used twice"), std::string::npos) << all;
  EXPECT_NE(all.find("unknown key 'identities_x'"), std::string::npos) << all;
}

TEST_F(CalibFile, ProblemsAsLineColumn) {
  auto p = problems(
      "scenario: jiangmen-2025\n"
      "set: {population.firms: 300, horizon_years: 2}\n"
      "parameters:\n"
      "  firms.entry_rate_per_yer: {range: [100, 400]}\n"
      "  population.firms: {range: [100, 400]}\n"
      "  firms.hazard_young: {range: [0.4, 0.05]}\n"
      "targets:\n"
      "  - {name: firms, expr: 'stock(firms_activ, 2026-12-31)', observed: 600, sd: 5, source: test}\n"
      "  - {name: exits, expr: \"flow(firm_exits, 2025-01-01, 2027-12-31)\", observed: 120, source: test}\n"
      "  - {name: x, expr: 'stock(firms_active, 2025-06-30)', observed: 1, sd: 1}\n"
      "replicatons: 6\n");
  std::string all;
  for (const auto& s : p) all += s + "\n";
  EXPECT_NE(all.find("4:3: unknown scenario key 'firms.entry_rate_per_yer'"), std::string::npos) << all;
  EXPECT_NE(all.find("5:3: 'population.firms' is an integer key"), std::string::npos) << all;
  EXPECT_NE(all.find("6:31: range must have lo < hi"), std::string::npos) << all;
  EXPECT_NE(all.find("8:32: target 'firms': unknown metric 'firms_activ' (did you mean 'firms_active'?)"),
            std::string::npos) << all;
  EXPECT_NE(all.find("target 'exits' needs exactly one of sd"), std::string::npos) << all;
  EXPECT_NE(all.find("target 'x' needs source"), std::string::npos) << all;
  EXPECT_NE(all.find("11:1: unknown key 'replicatons' (did you mean 'replications'?)"), std::string::npos) << all;

  p = problems(std::string(kGood) + "weighting: {matrix: [[1, 2], [3, 1]]}\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NE(p[0].find("must be symmetric"), std::string::npos) << p[0];

  p = problems(
      "scenario: jiangmen-2025\n"
      "set: {population.firms: 300, horizon_years: 2}\n"
      "parameters:\n"
      "  firms.entry_rate_per_year: {range: [100, 400]}\n"
      "targets:\n"
      "  - {name: f, expr: 'flow(firm_exits, 2025-01-01, 2027-12-31)', sd: 1, observed: 3, source: s}\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NE(p[0].find("6:51: target 'f': the date 2027-12-31 is after the run ends"), std::string::npos) << p[0];

  p = problems(
      "scenario: jiangmen-2025\n"
      "set: {horizon_years: 0.5}\n"
      "parameters:\n"
      "  firms.entry_rate_per_year: {range: [100, 400]}\n"
      "  firms.hazard_young: {range: [0.1, 0.2]}\n"
      "targets:\n"
      "  - {name: f, expr: 'stock(firms_active, 2025-03-31)', sd: 1, observed: 3, source: s}\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NE(p[0].find("2 parameters but only 1 targets"), std::string::npos) << p[0];

  // A problem in the base scenario points at the calibration file's line.
  p = problems(
      "scenario: no-such-scenario.yaml\n"
      "parameters:\n"
      "  firms.entry_rate_per_year: {range: [100, 400]}\n"
      "targets:\n"
      "  - {name: f, expr: 'stock(firms_active, 2025-03-31)', sd: 1, observed: 3, source: s}\n");
  ASSERT_FALSE(p.empty());
  EXPECT_EQ(p[0].rfind("1:11: scenario 'no-such-scenario.yaml'", 0), 0u) << p[0];
}

TEST_F(CalibFile, SyntheticTargetsNeedTruthForEveryParameterAndNoObservedValue) {
  auto p = problems(
      "scenario: jiangmen-2025\n"
      "set: {population.firms: 300, horizon_years: 2}\n"
      "parameters:\n"
      "  firms.entry_rate_per_year: {range: [100, 400]}\n"
      "  firms.hazard_young: {range: [0.05, 0.4]}\n"
      "targets:\n"
      "  - {name: a, expr: 'stock(firms_active, 2026-12-31)', observed: 600, sd: 5, source: test}\n"
      "  - {name: b, expr: 'stock(firms_active, 2025-12-31)', sd: 5, source: test}\n"
      "synthetic: {truth: {firms.entry_rate_per_year: 900}}\n");
  std::string all;
  for (const auto& s : p) all += s + "\n";
  EXPECT_NE(all.find("the true value of 'firms.entry_rate_per_year' is outside its range"), std::string::npos) << all;
  EXPECT_NE(all.find("synthetic.truth has no value for 'firms.hazard_young'"), std::string::npos) << all;
  EXPECT_NE(all.find("synthetic needs seed"), std::string::npos) << all;
  EXPECT_NE(all.find("7:"), std::string::npos) << all;  // observed given with synthetic
}

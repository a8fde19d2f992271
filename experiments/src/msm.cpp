#include "innosim/experiments/msm.hpp"

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

#include "innosim/engine/error.hpp"

namespace innosim::experiments::msm {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Targets in their own units can differ by 20 orders of magnitude (a loan
// book in yuan, a share): every target is divided by its total sd,
// sqrt(Omega_kk), before any inversion. The parameters' covariance, J and the
// degrees of freedom are invariant to this, and the eigenvalues then span a
// range doubles resolve. A target without a usable sd keeps its units.
struct TargetScale {
  Eigen::VectorXd d, dinv;
  explicit TargetScale(const Eigen::MatrixXd& om) : d(om.diagonal().cwiseSqrt()) {
    for (Eigen::Index k = 0; k < d.size(); ++k)
      if (!(d(k) > 0) || !std::isfinite(d(k))) d(k) = 1.0;
    dinv = d.cwiseInverse();
  }
  Eigen::MatrixXd jacobian(const Eigen::MatrixXd& G) const { return dinv.asDiagonal() * G; }
  Eigen::MatrixXd weights(const Eigen::MatrixXd& W) const { return d.asDiagonal() * W * d.asDiagonal(); }
  Eigen::MatrixXd covariance(const Eigen::MatrixXd& C) const { return dinv.asDiagonal() * C * dinv.asDiagonal(); }
};
}

SimulatedMoments simulated_moments(const std::vector<std::vector<double>>& runs, std::size_t m) {
  SimulatedMoments out;
  const Eigen::Index M = static_cast<Eigen::Index>(m);
  out.mean = Eigen::VectorXd::Zero(M);
  out.cov = Eigen::MatrixXd::Zero(M, M);
  std::vector<const std::vector<double>*> ok;
  for (const auto& r : runs) {
    bool finite = r.size() >= m;
    for (std::size_t k = 0; finite && k < m; ++k) finite = std::isfinite(r[k]);
    if (finite) ok.push_back(&r);
  }
  out.used = static_cast<int>(ok.size());
  if (ok.empty()) {
    out.mean.setConstant(kNaN);
    out.cov.setConstant(kNaN);
    return out;
  }
  for (const auto* r : ok)
    for (Eigen::Index k = 0; k < M; ++k) out.mean(k) += (*r)[static_cast<std::size_t>(k)];
  out.mean /= static_cast<double>(ok.size());
  if (ok.size() < 2) {
    out.cov.setConstant(kNaN);
    return out;
  }
  for (const auto* r : ok) {
    Eigen::VectorXd d(M);
    for (Eigen::Index k = 0; k < M; ++k) d(k) = (*r)[static_cast<std::size_t>(k)] - out.mean(k);
    out.cov += d * d.transpose();
  }
  out.cov /= static_cast<double>(ok.size() - 1);
  return out;
}

Eigen::MatrixXd omega(const Eigen::VectorXd& sd_obs, const Eigen::MatrixXd& sim_cov, int S) {
  Eigen::MatrixXd o = (1.0 + 1.0 / static_cast<double>(S)) * sim_cov;
  o.diagonal() += sd_obs.array().square().matrix();
  return o;
}

Eigen::MatrixXd diagonal_weighting(const Eigen::MatrixXd& om, const std::vector<std::string>& names) {
  const Eigen::Index m = om.rows();
  Eigen::MatrixXd W = Eigen::MatrixXd::Zero(m, m);
  for (Eigen::Index k = 0; k < m; ++k) {
    const double v = om(k, k);
    if (!(v > 0) || !std::isfinite(v))
      throw ConfigError("target '" + names[static_cast<std::size_t>(k)] + "' has " +
                        (std::isfinite(v) ? "no variance: its observed sd is 0 and its simulated value is the same "
                                            "in every run, so it cannot be weighted; give it sd > 0"
                                          : "no finite simulated variance (its runs failed or gave NaN)"));
    W(k, k) = 1.0 / v;
  }
  return W;
}

Eigen::MatrixXd full_weighting(const Eigen::MatrixXd& om) {
  Eigen::LDLT<Eigen::MatrixXd> ldlt(om);
  if (ldlt.info() != Eigen::Success || !ldlt.isPositive() || !om.allFinite())
    throw ConfigError("weighting: full needs Omega = Sigma_obs + (1 + 1/S) Sigma_sim to be positive definite, and it "
                      "is not (more targets than replications, or targets that move together exactly); use "
                      "weighting: diagonal or more replications");
  Eigen::JacobiSVD<Eigen::MatrixXd> svd(om);
  const auto& s = svd.singularValues();
  if (s(s.size() - 1) <= s(0) * 1e-12)
    throw ConfigError("weighting: full: Omega is numerically singular (condition number above 1e12); use weighting: "
                      "diagonal or more replications");
  return om.inverse();
}

double objective(const Eigen::VectorXd& g, const Eigen::MatrixXd& W) {
  if (!g.allFinite()) return std::numeric_limits<double>::infinity();
  return g.dot(W * g);
}

double chi_squared_sf(double x, int df) {
  if (df <= 0 || !std::isfinite(x)) return kNaN;
  if (x <= 0) return 1.0;
  return boost::math::cdf(boost::math::complement(boost::math::chi_squared_distribution<double>(df), x));
}

Eigen::VectorXd effective_df(const Eigen::MatrixXd& G_in, const Eigen::MatrixXd& W_in, const Eigen::VectorXd& sd_obs,
                             const Eigen::MatrixXd& sim_cov, int S) {
  const Eigen::Index p = G_in.cols();
  Eigen::VectorXd nu = Eigen::VectorXd::Constant(p, std::numeric_limits<double>::infinity());
  if (S < 2) return Eigen::VectorXd::Constant(p, kNaN);
  const TargetScale scale(omega(sd_obs, sim_cov, S));  // as in infer(): a' Sigma a is invariant
  const Eigen::MatrixXd G = scale.jacobian(G_in);
  const Eigen::MatrixXd W = scale.weights(W_in);
  const Eigen::MatrixXd sim = (1.0 + 1.0 / static_cast<double>(S)) * scale.covariance(sim_cov);
  const Eigen::VectorXd obs = (scale.dinv.array() * sd_obs.array()).square().matrix();
  Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd> cod(G.transpose() * W * G);
  cod.setThreshold(1e-9);
  const Eigen::MatrixXd A = cod.pseudoInverse() * G.transpose() * W;  // theta-hat's loading on the moments
  for (Eigen::Index j = 0; j < p; ++j) {
    const Eigen::VectorXd a = A.row(j).transpose();
    const double v_sim = a.dot(sim * a);
    const double v_obs = a.cwiseAbs2().dot(obs);
    if (!std::isfinite(v_sim) || !std::isfinite(v_obs)) {
      nu(j) = kNaN;
      continue;
    }
    // a' Sigma_sim-hat a is a sample variance of a'm over S runs: chi-squared
    // with S - 1 df times its expectation; the observed part is known.
    if (v_sim > 0) nu(j) = (v_obs + v_sim) * (v_obs + v_sim) * static_cast<double>(S - 1) / (v_sim * v_sim);
  }
  return nu;
}

double t95(double df) {
  if (!(df > 0)) return kNaN;
  if (!std::isfinite(df) || df > 1e7) return 1.959963984540054;
  return boost::math::quantile(boost::math::complement(boost::math::students_t_distribution<double>(df), 0.025));
}

double chi_squared_quantile(double p, int df) {
  return boost::math::quantile(boost::math::chi_squared_distribution<double>(df), p);
}

Inference infer(const Eigen::MatrixXd& G_in, const Eigen::MatrixXd& W_in, const Eigen::MatrixXd& om_in,
                const Eigen::VectorXd& g_in) {
  const TargetScale scale(om_in);
  const Eigen::MatrixXd G = scale.jacobian(G_in);
  const Eigen::VectorXd g = scale.dinv.asDiagonal() * g_in;
  const Eigen::MatrixXd W = scale.weights(W_in);
  const Eigen::MatrixXd om = scale.covariance(om_in);
  Inference r;
  const Eigen::Index m = G.rows(), p = G.cols();
  // W^1/2 G: the Jacobian in units of the weighted objective.
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> wes(W);
  const Eigen::MatrixXd Wh = wes.eigenvectors() * wes.eigenvalues().cwiseMax(0.0).cwiseSqrt().asDiagonal() *
                             wes.eigenvectors().transpose();
  const Eigen::MatrixXd A = Wh * G;
  Eigen::JacobiSVD<Eigen::MatrixXd> svd(A, Eigen::ComputeFullV);
  r.singular_values = svd.singularValues();
  const double smax = r.singular_values.size() ? r.singular_values(0) : 0.0;
  r.rank = 0;
  for (Eigen::Index i = 0; i < r.singular_values.size(); ++i)
    if (r.singular_values(i) > smax * 1e-9 && r.singular_values(i) > 0) ++r.rank;
  r.condition_number = r.rank < p || smax == 0 ? std::numeric_limits<double>::infinity()
                                               : smax / r.singular_values(p - 1);
  // How much of each parameter lies in the null space of A.
  r.null_loading = Eigen::VectorXd::Zero(p);
  const Eigen::MatrixXd V = svd.matrixV();
  for (Eigen::Index j = r.rank; j < p; ++j) r.null_loading += V.col(j).cwiseAbs2();
  r.null_loading = r.null_loading.cwiseSqrt();

  r.covariance = Eigen::MatrixXd::Constant(p, p, kNaN);
  r.se = Eigen::VectorXd::Constant(p, kNaN);
  if (r.rank == p) {
    const Eigen::MatrixXd H = G.transpose() * W * G;
    const Eigen::MatrixXd Hinv = H.inverse();
    const Eigen::MatrixXd B = G.transpose() * W * om * W * G;
    r.covariance = Hinv * B * Hinv;
    r.covariance = 0.5 * (r.covariance + r.covariance.transpose());
    for (Eigen::Index j = 0; j < p; ++j) r.se(j) = std::sqrt(std::max(0.0, r.covariance(j, j)));
  } else {
    // Rank-deficient: the parameters outside the null space still have a
    // covariance through the pseudo-inverse; those in it have none.
    const Eigen::MatrixXd H = G.transpose() * W * G;
    Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd> cod(H);
    cod.setThreshold(1e-9);
    const Eigen::MatrixXd Hinv = cod.pseudoInverse();
    const Eigen::MatrixXd C = Hinv * (G.transpose() * W * om * W * G) * Hinv;
    for (Eigen::Index j = 0; j < p; ++j)
      if (r.null_loading(j) < 1e-6) {
        r.se(j) = std::sqrt(std::max(0.0, C(j, j)));
        for (Eigen::Index k = 0; k < p; ++k)
          if (r.null_loading(k) < 1e-6) r.covariance(j, k) = C(j, k);
      }
  }

  const JTest j = j_test(G_in, W_in, om_in, g_in, static_cast<int>(m) - r.rank);
  r.j_df = j.df;
  r.j_statistic = j.statistic;
  r.j_p_value = j.p_value;
  return r;
}

JTest j_test(const Eigen::MatrixXd& G_in, const Eigen::MatrixXd& W_in, const Eigen::MatrixXd& om_in,
             const Eigen::VectorXd& g_in, int df) {
  JTest r;
  r.df = df;
  r.statistic = r.p_value = kNaN;
  if (df <= 0 || !g_in.allFinite()) return r;
  const TargetScale scale(om_in);
  const Eigen::MatrixXd G = scale.jacobian(G_in);
  const Eigen::VectorXd g = scale.dinv.asDiagonal() * g_in;
  const Eigen::MatrixXd W = scale.weights(W_in);
  const Eigen::MatrixXd om = scale.covariance(om_in);
  const Eigen::Index m = G.rows();
  const Eigen::MatrixXd H = G.transpose() * W * G;
  Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd> cod(H);
  cod.setThreshold(1e-9);
  const Eigen::MatrixXd M = Eigen::MatrixXd::Identity(m, m) - G * cod.pseudoInverse() * G.transpose() * W;
  Eigen::MatrixXd Vg = M * om * M.transpose();
  Vg = 0.5 * (Vg + Vg.transpose());
  // The pseudo-inverse over the df largest eigenvalues.
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(Vg);
  const Eigen::VectorXd ev = es.eigenvalues();  // ascending
  Eigen::VectorXd inv = Eigen::VectorXd::Zero(m);
  for (Eigen::Index i = std::max<Eigen::Index>(0, m - df); i < m; ++i)
    if (ev(i) > 0) inv(i) = 1.0 / ev(i);
  // M g: g with what a step of the estimate could still absorb projected
  // out (at an exact minimum G'Wg = 0 and M g = g). It lies in the range of
  // Var(g), so J does not depend on the targets' units.
  const Eigen::VectorXd z = es.eigenvectors().transpose() * (M * g);
  r.statistic = z.cwiseAbs2().dot(inv);
  r.p_value = chi_squared_sf(r.statistic, df);
  return r;
}

}  // namespace innosim::experiments::msm

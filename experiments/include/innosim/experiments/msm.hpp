#pragma once
// The statistics of the method of simulated moments (docs/experiments.md,
// "Calibration: the statistics"), free of any model: simulated moments and
// their covariance over replications, the weighting matrix, the objective,
// the sandwich covariance with the (1 + 1/S) simulation correction, the J test
// of over-identifying restrictions, and the identification diagnostics (the
// Jacobian's singular values, rank and condition number).
//
// Notation: m targets, p parameters, S replications per point. y the observed
// values, Sigma_obs = diag(sd_obs^2) their measurement variance, mbar(theta)
// the mean of a target over the S runs at theta (the same seeds at every
// theta), Sigma_sim(theta) the covariance of one run's moments. The observed
// world is one realisation of the model plus measurement error, so the
// moment condition g(theta) = y - mbar(theta) has at the true theta
//     Omega = Var(g) = Sigma_obs + (1 + 1/S) Sigma_sim.
// The estimate minimises Q(theta) = g' W g; with G = d mbar / d theta (a
// central finite difference under common random numbers),
//     Var(theta_hat) = (G'WG)^-1 G'W Omega W G (G'WG)^-1,
// and J = (Mg)' V^+ (Mg) with V = M Omega M', M = I - G (G'WG)^-1 G'W (Var of
// g at the estimate, of rank m - p) is chi-squared with m - rank(G) degrees of
// freedom; with W = Omega^-1 at an exact minimum this is the usual
// J = g' Omega^-1 g. (M g = g at an exact minimum, where G'Wg = 0; a search
// that stopped a little short leaves a part of g the estimate could still
// absorb, which M removes.)
#include <cstddef>
#include <string>
#include <vector>

#include <Eigen/Dense>

namespace innosim::experiments::msm {

/// Mean and covariance (divisor S - 1) of moments over runs: runs[s][k].
/// Runs with a NaN moment are left out (`used` says how many are left).
struct SimulatedMoments {
  Eigen::VectorXd mean;
  Eigen::MatrixXd cov;
  int used = 0;
};
SimulatedMoments simulated_moments(const std::vector<std::vector<double>>& runs, std::size_t m);

/// Omega = Sigma_obs + (1 + 1/S) Sigma_sim.
Eigen::MatrixXd omega(const Eigen::VectorXd& sd_obs, const Eigen::MatrixXd& sim_cov, int S);

/// The diagonal weighting: 1 / diag(Omega). Throws ConfigError naming the
/// first target whose variance is 0 both observed and simulated.
Eigen::MatrixXd diagonal_weighting(const Eigen::MatrixXd& omega, const std::vector<std::string>& names);
/// The full weighting: Omega^-1. Throws ConfigError when Omega is singular
/// (fewer replications than targets, or a target that never varies).
Eigen::MatrixXd full_weighting(const Eigen::MatrixXd& omega);

/// Q = g' W g (+inf when g has a NaN).
double objective(const Eigen::VectorXd& g, const Eigen::MatrixXd& W);

struct Inference {
  Eigen::MatrixXd covariance;       ///< p x p, in the coordinates of G's columns; NaN where not identified
  Eigen::VectorXd se;               ///< sqrt of its diagonal (NaN where not identified)
  Eigen::VectorXd singular_values;  ///< of W^1/2 G, descending
  int rank = 0;                     ///< of W^1/2 G (relative tolerance 1e-9)
  double condition_number = 0;      ///< largest / smallest singular value (+inf when rank < p)
  double j_statistic = 0;           ///< NaN when exactly identified (df = 0)
  int j_df = 0;                     ///< m - rank
  double j_p_value = 0;             ///< NaN when df = 0
  /// For each parameter, its loading on the Jacobian's null space (0: fully seen by the targets).
  Eigen::VectorXd null_loading;
};

/// The sandwich covariance, the J test and the identification diagnostics.
Inference infer(const Eigen::MatrixXd& G, const Eigen::MatrixXd& W, const Eigen::MatrixXd& omega,
                const Eigen::VectorXd& g);

/// The J test on `df` degrees of freedom: J = (Mg)' V^+ (Mg) with V = M Omega
/// M' (M projects out every column of G), V^+ taken over V's `df` largest
/// eigenvalues, so J is chi-squared(df) under the model whatever the rank of
/// G. A calibration counts every free parameter the search moved (df = m -
/// p), identified or not (referee 19 B5): a weakly identified parameter still
/// absorbs part of g. When G has a column of zeros (a parameter that moves
/// nothing), V has rank m - rank(G) > df and J reads the df directions of
/// largest variance: still chi-squared(df), a little less power. df <= 0 or a
/// non-finite g: NaN statistic and p-value (no test).
struct JTest {
  double statistic = 0;
  int df = 0;
  double p_value = 0;
};
JTest j_test(const Eigen::MatrixXd& G, const Eigen::MatrixXd& W, const Eigen::MatrixXd& omega, const Eigen::VectorXd& g,
             int df);

/// Welch-Satterthwaite degrees of freedom of each parameter's sandwich
/// variance. The simulated part of Omega, (1 + 1/S) Sigma_sim, is estimated
/// from S runs (S - 1 degrees of freedom); the observed part is given. With few
/// replications an interval from the normal quantile is too narrow (at S = 10
/// and all the variance simulated, |t_9| > 1.96 has probability 8 %, not 5 %).
/// +inf where the simulated part is 0. G, W, sd_obs and sim_cov as for omega()
/// and infer(); the pseudo-inverse of G'WG covers a rank-deficient G.
Eigen::VectorXd effective_df(const Eigen::MatrixXd& G, const Eigen::MatrixXd& W, const Eigen::VectorXd& sd_obs,
                             const Eigen::MatrixXd& sim_cov, int S);
/// The two-sided 95 % quantile of Student's t with df degrees of freedom
/// (1.96 for df = +inf or above 10^7).
double t95(double df);

/// 1 - CDF of chi-squared(df) at x.
double chi_squared_sf(double x, int df);
/// The chi-squared(df) quantile at probability p.
double chi_squared_quantile(double p, int df);

}  // namespace innosim::experiments::msm

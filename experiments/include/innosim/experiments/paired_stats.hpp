#pragma once
// Statistics of paired policy contrasts (`innosim compare`). Replication r
// of two scenarios run with the same seed share their random numbers
// (common random numbers), so the contrast is estimated from the paired
// differences a_r - b_r, whose variance is smaller than var(a) + var(b) by
// twice the covariance the shared randomness induces.
#include <cstddef>
#include <span>
#include <vector>

namespace innosim::experiments {

/// A paired contrast of one outcome between a base and an alternative.
struct PairedContrast {
  std::size_t n = 0;             ///< pairs used (both runs ok, both values finite)
  double base_mean = 0.0;
  double alt_mean = 0.0;
  double difference = 0.0;       ///< mean of alt - base
  double ci_low = 0.0;           ///< paired t interval: difference -/+ t(n-1) sd(d) / sqrt(n)
  double ci_high = 0.0;
  double unpaired_ci_low = 0.0;  ///< Welch interval, as if the runs were independent
  double unpaired_ci_high = 0.0;
  /// var(unpaired estimate) / var(paired estimate) = (var(a) + var(b)) / var(a - b):
  /// how many times more replications unpaired runs would need for the same precision.
  double variance_reduction = 0.0;
  double se = 0.0;       ///< standard error of the mean difference, sd(d) / sqrt(n) (NaN when n < 2)
  /// Two-sided p-value of the paired t test of "no difference" (n - 1 degrees of
  /// freedom): below 1 - level exactly when the paired CI excludes 0. 1 when
  /// every pair is equal, 0 when every pair differs by the same non-zero amount.
  double p_value = 0.0;
};

/// Holm's (1979) step-down adjustment of a family of p-values, in the order
/// given: the k-th smallest of m becomes max over j <= k of min(1, (m - j + 1) p_(j)).
/// Rejecting where the adjusted p < alpha controls the family-wise error at
/// alpha whatever the dependence between the tests. NaN entries are not in the
/// family and stay NaN.
std::vector<double> holm_adjusted(std::span<const double> p);

/// Equivalence of a paired difference to 0 within +/- margin (margin > 0), by
/// two one-sided t tests (Schuirmann 1987): the larger of the p-values of
/// "difference <= -margin" and "difference >= +margin". Below alpha exactly when
/// the (1 - 2 alpha) paired CI lies inside (-margin, +margin). NaN when n < 2.
double equivalence_p(const PairedContrast& c, double margin);

/// The contrast of `alt` against `base` over the pairs where both are
/// finite (NaN marks a failed run). Needs n >= 2 for intervals (NaN otherwise).
PairedContrast paired_contrast(std::span<const double> base, std::span<const double> alt, double level = 0.95);

/// A ratio of paired mean differences, e.g. additional spending per
/// additional job: mean(dy) / mean(dx), with Fieller's confidence interval.
struct RatioEstimate {
  std::size_t n = 0;
  double numerator = 0.0;    ///< mean(dy)
  double denominator = 0.0;  ///< mean(dx)
  double ratio = 0.0;        ///< numerator / denominator
  /// Fieller's interval. When mean(dx) is not significantly different from
  /// zero at `level` the confidence set is unbounded: low = -inf, high = +inf.
  double ci_low = 0.0;
  double ci_high = 0.0;
  bool bounded() const;
};

/// Fieller (1954) interval for mean(dy)/mean(dx) from paired per-replication
/// differences (pairs with a non-finite member are dropped): the set of rho
/// with (ybar - rho xbar)^2 <= t^2 var(ybar - rho xbar), t of n-1 degrees of
/// freedom. Unlike the delta method it is exact under normality and says
/// so, rather than giving a misleading finite interval, when the
/// denominator could be zero.
RatioEstimate fieller_ratio(std::span<const double> dy, std::span<const double> dx, double level = 0.95);

}  // namespace innosim::experiments

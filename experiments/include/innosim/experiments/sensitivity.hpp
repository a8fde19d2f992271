#pragma once
// Global sensitivity analysis (`innosim sensitivity`): the designs and the
// estimators, independent of the model. A design is a list of rows in the
// unit hypercube [0, 1)^k, each tagged with its place in the design; the
// caller evaluates every row (model runs, or a test function) and hands back
// one value per row (the mean over replications), from which the indices
// follow. docs/experiments.md describes the methods and their sources.
//
// - Sobol' indices: Saltelli's design on scrambled Sobol' points. A and B
//   are two independent N x k samples (the first and last k coordinates of
//   a 2k-dimensional scrambled Sobol' sequence); AB_g is A with group g's
//   columns taken from B (BA_g: B with A's, for second order). First-order
//   indices by Saltelli et al. (2010, eq. b of table 2), total indices by
//   Jansen (1999), second order by Saltelli (2002); percentile bootstrap
//   intervals over the N samples.
// - Morris elementary effects: r trajectories of g + 1 points on a p-level
//   grid (Morris 1991), moving one group at a time (Campolongo et al. 2007);
//   mu, mu* = mean |EE|, sigma, and a bootstrap interval of mu* over the
//   trajectories.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace innosim::experiments {

enum class SaMethod { sobol, morris };
const char* sa_method_name(SaMethod m);

enum class FactorScale { uniform, log_uniform };

/// A factor of the analysis: its range and how the unit interval maps onto it.
struct SaFactor {
  std::string name;  ///< dotted scenario key (x1, x2, ... for a test function)
  double lo = 0.0, hi = 1.0;
  FactorScale scale = FactorScale::uniform;
  bool integer = false;    ///< an integer key: values rounded to the nearest integer
  std::size_t group = 0;   ///< index into the analysis's groups
  /// The value at unit coordinate u: lo + u (hi - lo), or lo (hi/lo)^u on a log scale.
  double at_unit(double u) const;
};

/// Factors that move together; a factor in no named group is a group of its own.
struct SaGroup {
  std::string name;
  std::vector<std::size_t> factors;
};

/// Where a design row belongs.
enum class SaBlock : std::int8_t { A = 0, B = 1, AB = 2, BA = 3, trajectory = 4 };
const char* sa_block_name(SaBlock b);

struct SaRow {
  std::int64_t sample = 0;  ///< Sobol': the sample j (row of A and B); Morris: the trajectory
  SaBlock block = SaBlock::A;
  std::int32_t group = -1;  ///< AB/BA: the group swapped; Morris: the group moved to reach this row (-1: the start)
  std::int32_t direction = 0;  ///< Morris: +1/-1 the step of a one-factor group, 0 for several factors or the start
};

struct SaDesign {
  SaMethod method = SaMethod::sobol;
  std::size_t k = 0;             ///< factors
  std::size_t groups = 0;        ///< g
  std::size_t n = 0;             ///< Sobol': base sample size N; Morris: trajectories r
  bool second_order = false;     ///< Sobol': BA blocks present
  std::size_t levels = 0;        ///< Morris: grid levels p
  double delta = 0.0;            ///< Morris: the step, p / (2 (p - 1))
  std::vector<std::vector<double>> unit;  ///< [row][factor] in [0, 1]
  std::vector<SaRow> rows;

  /// Rows per Sobol' sample (g + 2, or 2 g + 2 with second order) or per Morris trajectory (g + 1).
  std::size_t rows_per_sample() const;
};

/// Saltelli's design with N a power of two (>= 4): for each sample j the
/// rows A_j, AB_j^1 .. AB_j^g, [BA_j^1 .. BA_j^g,] B_j, so the first n
/// samples of the design are a design of size n (the convergence table).
/// `group_of[i]` is factor i's group. N (g + 2) rows, N (2 g + 2) with second order.
SaDesign saltelli_design(std::size_t n, const std::vector<std::size_t>& group_of, std::size_t groups,
                         bool second_order, std::uint64_t seed);

/// Morris's design: r trajectories of g + 1 rows on a grid of `levels`
/// (even, >= 2) values {0, 1/(p-1), ..., 1}, step delta = p / (2 (p - 1)).
/// Each trajectory starts at a random grid point whose every factor can
/// make the step (up from a lower level, or down from an upper one, at
/// random), then moves the groups one at a time in random order, every
/// factor of the group by its step. Draws keyed by (seed, trajectory).
SaDesign morris_design(std::size_t trajectories, std::size_t levels, const std::vector<std::size_t>& group_of,
                       std::size_t groups, std::uint64_t seed);

/// An estimate with its bootstrap interval.
struct Interval {
  double estimate = 0.0;
  double low = 0.0, high = 0.0;  ///< percentile interval of the bootstrap replicates
  double se = 0.0;               ///< standard deviation of the bootstrap replicates
};

struct BootstrapOptions {
  std::size_t resamples = 1000;
  double confidence = 0.95;
  std::uint64_t seed = 0;
};

struct SobolIndices {
  std::size_t n = 0;         ///< samples used (complete: every row of the sample has a value)
  std::size_t dropped = 0;   ///< samples of the first n_prefix left out for a missing value
  double mean = 0.0;         ///< mean of f over A and B
  double variance = 0.0;     ///< variance of f over A and B: the denominator
  std::vector<Interval> s1, st;               ///< per group
  std::vector<std::vector<Interval>> s2;      ///< [g][h], h > g; empty without second order
};

/// Sobol' indices from the first `n_prefix` samples of `design` (0: all)
/// and one value per row (NaN: missing). Saltelli 2010 for S1, Jansen for
/// ST, Saltelli 2002 for S2, on values centred by their mean (which
/// leaves the estimators' expectations unchanged and their variance lower).
SobolIndices sobol_indices(const SaDesign& design, std::span<const double> y, const BootstrapOptions& boot,
                           std::size_t n_prefix = 0);

struct MorrisIndices {
  std::size_t trajectories = 0;  ///< used (complete)
  std::size_t dropped = 0;
  std::vector<double> mu;        ///< per group: mean elementary effect (NaN for a group of several factors: no sign)
  std::vector<Interval> mu_star; ///< mean |elementary effect|, with its bootstrap interval over trajectories
  std::vector<double> sigma;     ///< standard deviation of the elementary effects (NaN for several factors)
};

/// Elementary effects (f(after) - f(before)) / delta of each step, in units
/// of the output per unit of the factor's normalised range.
MorrisIndices morris_indices(const SaDesign& design, std::span<const double> y, const BootstrapOptions& boot);

/// How much of the output's variance comes from the random seeds rather
/// than from the factors, from R >= 2 replications per row. Every point
/// runs the same R seeds (common random numbers), so the seeds' own effect,
/// common to all points, cancels from the differences between point means:
/// what the indices decompose is the variance of those means over the
/// factors, given the seeds.
struct SeedNoise {
  double factor_variance = 0.0;  ///< V_F: variance of the point means over the sample (Sobol': A and B; Morris: all rows)
  double seed_variance = 0.0;    ///< V_S: mean over all rows of the variance between a row's replications
  double seed_share = 0.0;       ///< V_S / (V_S + V_F): the seeds' share of a single run's variance
  /// (V_S / R) / (V_S / R + V_F): the share of the point means' variance
  /// that R independent seeds would leave as noise; an upper bound here,
  /// since under common random numbers the noise shared by every point cancels.
  double mean_seed_share = 0.0;
  std::size_t replications = 0;
};
/// `values` is [row][replication] (NaN for a failed run).
SeedNoise seed_noise(const SaDesign& design, const std::vector<std::vector<double>>& values);

/// Replication means per row (NaN where no replication has a value).
std::vector<double> row_means(const std::vector<std::vector<double>>& values);

// --- test functions with known indices (docs/experiments.md) -----------------------------------------

/// A built-in test function: its factors, its values, its analytic indices.
struct TestFunction {
  std::string name;                 ///< "ishigami" or "gfunction"
  std::string description;          ///< the formula and parameters, in words
  std::vector<SaFactor> factors;
  std::vector<double> s1, st;       ///< analytic first-order and total indices
  std::vector<double> a;            ///< the g-function's a_i (empty for Ishigami)
  double evaluate(std::span<const double> x) const;
};

/// "ishigami" (a = 7, b = 0.1), "gfunction" (a = 0, 1, 4.5, 9, 99, 99, 99, 99)
/// or "gfunction:a1,a2,..."; std::invalid_argument with the reason otherwise.
TestFunction test_function(const std::string& spec);

}  // namespace innosim::experiments

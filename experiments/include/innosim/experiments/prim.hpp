#pragma once
// Scenario discovery with PRIM, the patient rule induction method
// (Friedman and Fisher 1999; as used for scenario discovery by Bryant and
// Lempert 2010 and the EMA Workbench): find a box in the space of the
// factors — a range per factor — where the cases of interest (a policy
// missing its target, say) are concentrated. Peeling removes, step by step,
// the slice of points at the low or high end of one factor that raises the
// share of cases of interest in the box most, until the box holds too few
// points; the boxes along the way are the peeling trajectory, from high
// coverage (most cases of interest are in the box) to high density (most
// points in the box are cases). Pasting then widens a chosen box where that
// raises its density. For each restricted factor a quasi-p value (a
// one-sided binomial test, Bryant and Lempert 2010) says whether the
// restriction is real or could be chance.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace innosim::experiments {

struct PrimOptions {
  double peel_alpha = 0.05;   ///< share of the box's points a peel removes
  double paste_alpha = 0.05;  ///< share of the box's points a paste adds
  double mass_min = 0.05;     ///< stop peeling when the box would hold less than this share of all points
};

/// A box: [lo, hi] per factor (closed), with its statistics.
struct PrimBox {
  std::vector<double> lo, hi;
  std::size_t points = 0;    ///< points inside
  std::size_t cases = 0;     ///< cases of interest inside
  double coverage = 0.0;     ///< cases inside / all cases
  double density = 0.0;     ///< cases inside / points inside
  double mass = 0.0;         ///< points inside / all points
  /// Per factor: restricted (narrower than the data's range) and, if so,
  /// the quasi-p value of the restriction (NaN when not restricted).
  std::vector<bool> restricted;
  std::vector<double> quasi_p;
  std::size_t restrictions() const;
};

struct PrimResult {
  std::vector<double> min, max;       ///< the data's range per factor
  std::size_t total_points = 0, total_cases = 0;
  std::vector<PrimBox> trajectory;    ///< box 0 is the whole space; each next one a peel further
};

/// Peels from the whole space down to the smallest box (mass_min), each
/// step taking the peel that leaves the highest density (the original
/// objective; among equals the smaller peel). `x` is [point][factor];
/// `interest[i]` marks the cases of interest; values must be finite.
PrimResult prim_peel(const std::vector<std::vector<double>>& x, const std::vector<bool>& interest,
                     const PrimOptions& options);

/// `box` widened where widening raises its density (pasting), with its
/// statistics and quasi-p values recomputed.
PrimBox prim_paste(const std::vector<std::vector<double>>& x, const std::vector<bool>& interest, const PrimBox& box,
                   const PrimResult& peeled, const PrimOptions& options);

/// Fills the statistics and quasi-p values of `box` from the data.
void prim_evaluate(const std::vector<std::vector<double>>& x, const std::vector<bool>& interest, PrimBox& box,
                   const std::vector<double>& min, const std::vector<double>& max);

/// P(X >= k) for X ~ Binomial(n, p): the one-sided binomial test.
double binomial_upper_tail(std::size_t k, std::size_t n, double p);

}  // namespace innosim::experiments

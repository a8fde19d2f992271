#pragma once
// Switching values (HM Treasury's Green Book, "switching values"): the value
// of a parameter at which a recommendation flips, here where a policy's
// paired effect crosses zero. From a global sensitivity design (every
// factor varied at once) they are read off a linear metamodel of the
// effect fitted by least squares over the design points,
//
//   effect ≈ b0 + Σ_j b_j (u_j − ½),   u_j ∈ [0, 1] the point's unit coordinate,
//
// holding every other factor at the centre of its range: factor f switches
// at u_f* = ½ − b0 / b_f when that lies in [0, 1], mapped back to the
// factor's scale (uniform or log-uniform). R² says how much of the
// effect's variation the linear model explains; with a low R² the
// switching value is a rough guide only, and the report says so.
#include <cstddef>
#include <string>
#include <vector>

namespace innosim::experiments {

/// A factor's range as the design drew it.
struct FactorRange {
  std::string key;
  double lo = 0.0, hi = 1.0;
  bool log_scale = false;  ///< log-uniform: value = lo (hi/lo)^u
  /// The factor's value at unit coordinate u.
  double value_at(double u) const;
};

struct SwitchingValue {
  std::string factor;
  double slope = 0.0;        ///< b_f: change of the fitted effect from the bottom to the top of the range
  bool switches = false;     ///< the fitted effect crosses zero inside the range (others at their centres)
  double unit = 0.0;         ///< u_f* when `switches`
  double value = 0.0;        ///< the factor's value there when `switches` (NaN otherwise)
};

struct SwitchingAnalysis {
  std::size_t n = 0;         ///< design points used (finite effect)
  double centre = 0.0;       ///< b0: the fitted effect with every factor at its centre
  double r_squared = 0.0;    ///< of the linear fit
  std::vector<SwitchingValue> factors;
};

/// Fits the metamodel to `effect[p]` at unit coordinates `unit[p][j]`
/// (points with a non-finite effect are left out). Needs more points than
/// factors + 1; returns n = 0 otherwise.
SwitchingAnalysis switching_values(const std::vector<std::vector<double>>& unit, const std::vector<double>& effect,
                                   const std::vector<FactorRange>& factors);

}  // namespace innosim::experiments

#include "innosim/experiments/switching_value.hpp"

#include <Eigen/Dense>

#include <cmath>
#include <limits>

namespace innosim::experiments {

double FactorRange::value_at(double u) const {
  if (log_scale && lo > 0.0 && hi > 0.0) return lo * std::pow(hi / lo, u);
  return lo + u * (hi - lo);
}

SwitchingAnalysis switching_values(const std::vector<std::vector<double>>& unit, const std::vector<double>& effect,
                                   const std::vector<FactorRange>& factors) {
  SwitchingAnalysis a;
  const std::size_t k = factors.size();
  std::vector<std::size_t> rows;
  for (std::size_t p = 0; p < effect.size() && p < unit.size(); ++p)
    if (std::isfinite(effect[p]) && unit[p].size() >= k) rows.push_back(p);
  if (rows.size() <= k + 1) return a;
  Eigen::MatrixXd X(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(k + 1));
  Eigen::VectorXd y(static_cast<Eigen::Index>(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto r = static_cast<Eigen::Index>(i);
    X(r, 0) = 1.0;
    for (std::size_t j = 0; j < k; ++j) X(r, static_cast<Eigen::Index>(j + 1)) = unit[rows[i]][j] - 0.5;
    y(r) = effect[rows[i]];
  }
  // Rank-revealing QR: a factor the design never moves gets a zero slope, not a blow-up.
  const Eigen::VectorXd b = X.colPivHouseholderQr().solve(y);
  const Eigen::VectorXd fitted = X * b;
  const double mean = y.mean();
  const double total = (y.array() - mean).square().sum();
  const double residual = (y - fitted).squaredNorm();
  a.n = rows.size();
  a.centre = b(0);
  a.r_squared = total > 0.0 ? 1.0 - residual / total : std::numeric_limits<double>::quiet_NaN();
  for (std::size_t j = 0; j < k; ++j) {
    SwitchingValue s;
    s.factor = factors[j].key;
    s.slope = b(static_cast<Eigen::Index>(j + 1));
    s.value = std::numeric_limits<double>::quiet_NaN();
    if (s.slope != 0.0 && std::isfinite(s.slope)) {
      const double u = 0.5 - a.centre / s.slope;
      if (u >= 0.0 && u <= 1.0) {
        s.switches = true;
        s.unit = u;
        s.value = factors[j].value_at(u);
      }
    }
    a.factors.push_back(s);
  }
  return a;
}

}  // namespace innosim::experiments

#include "innosim/model/ledger.hpp"

#include <algorithm>
#include <cmath>

namespace innosim::model {

double Ledger::sum() const {
  double s = 0.0;
  for (double b : balance_) s += b;
  return s;
}

double Ledger::gross() const {
  double g = 0.0;
  for (double b : balance_) g += std::fabs(b);
  return g;
}

double relative_gap(double a, double b, double scale) {
  const double denom = std::max({1.0, std::fabs(a), std::fabs(b), std::fabs(scale)});
  return std::fabs(a - b) / denom;
}

}  // namespace innosim::model

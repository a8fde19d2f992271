#include "innosim/model/ledger.hpp"

#include <algorithm>
#include <cmath>

#include <string>
#include <vector>

#include "innosim/engine/error.hpp"

namespace innosim::model {

Flow register_flow(const char* name) {
  static std::vector<const char*> names;  // the modules' flows, after the built-in ones
  if (FLOW_COUNT + static_cast<int>(names.size()) >= MAX_FLOWS)
    throw InternalError(std::string("no room in the ledger for the flow ") + name + " (MAX_FLOWS)");
  names.push_back(name);
  return static_cast<Flow>(FLOW_COUNT + static_cast<int>(names.size()) - 1);
}

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

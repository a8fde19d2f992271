// Helpers shared by the scenario-lever tests (consortia_test.cpp,
// talent_services_test.cpp): a scaled-down city, metric totals, series
// equality and the scenario loader's diagnostics.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "innosim/model/ecosystem.hpp"
#include "innosim/model/parameters.hpp"
#include "innosim/scenario/scenario.hpp"
#include "innosim/scenario/schema.hpp"

namespace innosim::model::lever_test {

// A scaled-down city (as in part2_test.cpp), so that a run takes a fraction
// of a second.
inline Params small(int firms = 1500, double years = 4) {
  Params p;
  const double k = firms / 6000.0;
  p.initial_firms = firms;
  p.horizon_years = years;
  p.firm.entry_rate_per_year *= k;
  p.initial.tech_loans_yuan *= k;
  p.initial.insured_firms *= k;
  p.initial.incubated_firms *= k;
  for (auto& c : p.incubators.count) c = std::round(c * k);
  p.labs.researchers *= k;
  p.matching.recommendations_per_event *= k;
  return p;
}

/// Sum of a metric over the run's samples (NaN samples skipped).
inline double total_of(const RunResult& r, const char* metric) {
  double s = 0;
  for (double v : r.series[metric_index(metric)])
    if (!std::isnan(v)) s += v;
  return s;
}

/// Equal value for value, NaN equal to NaN.
inline bool same_series(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t t = 0; t < a.size(); ++t)
    if (!(a[t] == b[t] || (std::isnan(a[t]) && std::isnan(b[t])))) return false;
  return true;
}

inline innosim::scenario::Schema full_schema() {
  innosim::scenario::Schema s;
  innosim::scenario::declare_run_keys(s);
  declare_parameters(s);
  return s;
}

/// The loader's diagnostics for jiangmen-2025 with the given overrides (none: it loads).
inline std::vector<innosim::scenario::Diagnostic> diagnostics_of(const std::vector<std::string>& overrides) {
  try {
    (void)innosim::scenario::load(full_schema(), "jiangmen-2025", overrides);
  } catch (const innosim::scenario::ScenarioError& e) {
    return e.diagnostics();
  }
  return {};
}

inline bool mentions(const std::vector<innosim::scenario::Diagnostic>& ds, const std::string& text) {
  for (const auto& d : ds)
    if (d.message.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace innosim::model::lever_test

#pragma once
// Incubators and maker spaces: admission, tenancy and graduation
// (docs/model.md 2.11, 7.19).
#include <array>

namespace innosim::model {

struct Binder;

struct IncubatorParams {
  std::array<double, 3> count{11, 18, 13};       ///< national, provincial, other
  std::array<double, 3> capacity{60, 50, 40};    ///< tenants per incubator by tier
  double admission_share = 0.6;           ///< share of entrants that apply
  double tenancy_years = 3;               ///< maximum tenancy
  double hazard_multiplier = 1.0;         ///< background hazard x this while incubated (evidence: no survival gain)
  double growth_bonus = 0.05;             ///< extra demand growth per year while incubated (evidence: faster growth)
};

/// The `institutions.incubators.*` keys.
void bind_keys(Binder& b, IncubatorParams& p);

}  // namespace innosim::model

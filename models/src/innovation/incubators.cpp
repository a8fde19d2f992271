#include "innosim/model/innovation/incubators.hpp"

#include <string>

#include "binder.hpp"

namespace innosim::model {

void bind_keys(Binder& b, IncubatorParams& in) {
  b.section("institutions.incubators", "Incubators and maker spaces (seed: 42, of which 11 national and 18 provincial; > 2,000 tenants).");
  static const char* TIERS[3] = {"national", "provincial", "other"};
  for (int t = 0; t < 3; ++t) {
    b.number(std::string("institutions.incubators.count.") + TIERS[t], in.count[static_cast<std::size_t>(t)], "incubators", 0, 1e5,
             "Incubators of this tier.");
    b.number(std::string("institutions.incubators.capacity.") + TIERS[t], in.capacity[static_cast<std::size_t>(t)], "tenants", 0, 1e6,
             "Tenant places per incubator of this tier.");
  }
  b.number("institutions.incubators.admission_share", in.admission_share, "share", 0, 1, "Share of entrants that apply for a place.");
  b.number("institutions.incubators.tenancy_years", in.tenancy_years, "years", 0, 50, "Maximum tenancy.");
  b.number("institutions.incubators.hazard_multiplier", in.hazard_multiplier, "", 0, 10,
           "Background exit hazard x this while incubated (evidence: no survival gain, so 1).");
  b.number("institutions.incubators.growth_bonus", in.growth_bonus, "per year", -1, 1, "Extra demand growth while incubated (evidence: faster growth).");
}

}  // namespace innosim::model

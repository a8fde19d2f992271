#pragma once
// Talent services (人才安居, schooling, medical care): a yearly budget buys
// service places for the talent pool; served talent leave less often and
// the offer draws more talent to the city (docs/model.md 7.23).
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;

struct TalentServicesParams {
  /// Switch, window, yearly budget (no eligibility by firm, no delivery mode).
  Programme programme{.enabled = false, .budget_yuan = Scheduled(30e6)};
  double cost_per_person_yuan = 36000;  ///< c: cost of one service place for a year
  double eligible_share = 0.3;          ///< e: most places, as a share of the stock (talent who need housing, schooling, care)
  double retention_factor = 0.6;        ///< rho: a served person's outflow rate relative to r_out
  double attraction = 0.5;              ///< eta: inflow x (1 + eta * served share)
};

/// The `policies.talent_services.*` keys.
void bind_keys(Binder& b, TalentServicesParams& p);

}  // namespace innosim::model

#include "innosim/model/talent/talent_services.hpp"

#include "binder.hpp"

namespace innosim::model {

void bind_keys(Binder& b, TalentServicesParams& ts) {
  b.section("policies.talent_services",
            "Talent services (housing subsidies, school places, medical cover): a yearly budget buys service places for the "
            "talent pool; served talent leave less often and the offer draws more. Off by default (the seed gives no figures).");
  b.programme("policies.talent_services", ts.programme, true, "Annual budget for service places (bought for a year at the annual review).",
              false, false);
  b.number("policies.talent_services.cost_per_person_yuan", ts.cost_per_person_yuan, "yuan per person-year", 1, 1e9,
           "c: cost of one service place (housing subsidy, school place, medical cover) for a year.");
  b.number("policies.talent_services.eligible_share", ts.eligible_share, "share", 0, 1,
           "e: most places, as a share of the talent stock (those who need housing, schooling or care).");
  b.number("policies.talent_services.retention_factor", ts.retention_factor, "share", 0, 1,
           "rho: a served person's outflow rate as a share of talent.outflow_rate (1: services keep no one).");
  b.number("policies.talent_services.attraction", ts.attraction, "", 0, 100,
           "eta: inflow rate x (1 + eta x served share of the stock).");
}

}  // namespace innosim::model

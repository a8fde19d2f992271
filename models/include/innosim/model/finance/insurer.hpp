#pragma once
// The insurer and technology insurance with a premium subsidy (docs/model.md 2.4, 7.10).
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;

struct InsuranceParams {
  Programme programme{.enabled = true, .budget_yuan = Scheduled(30e6), .min_stage = Stage::tech_sme};
  double take_up_per_year = 0.12;   ///< yearly probability an eligible uninsured firm buys cover
  double premium_rate = 0.01;       ///< premium per year as a share of cover
  double premium_subsidy_share = 0.3;  ///< share of the premium paid by the government
  double cover_revenue_multiple = 1.0; ///< cover = multiple x annual revenue (capped)
  double max_cover_yuan = 200e6;
  double loss_event_rate = 0.04;    ///< product/R&D loss events per firm-year
  double loss_revenue_share = 0.25; ///< size of a loss event as a share of annual revenue
};

/// The `policies.tech_insurance.*` keys.
void bind_keys(Binder& b, InsuranceParams& p);

}  // namespace innosim::model

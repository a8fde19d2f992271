#include "innosim/model/finance/insurer.hpp"

#include "binder.hpp"

namespace innosim::model {

void bind_keys(Binder& b, InsuranceParams& in) {
  b.section("policies.tech_insurance", "Technology insurance: R&D and product-risk cover with a premium subsidy.");
  b.programme("policies.tech_insurance", in.programme, true, "Annual budget of the premium subsidy.");
  b.number("policies.tech_insurance.take_up_per_year", in.take_up_per_year, "probability per year", 0, 1, "Yearly take-up by eligible uninsured firms.");
  b.number("policies.tech_insurance.premium_rate", in.premium_rate, "share of cover per year", 0, 1, "Premium.");
  b.number("policies.tech_insurance.premium_subsidy_share", in.premium_subsidy_share, "share", 0, 1, "Share of the premium the government pays.");
  b.number("policies.tech_insurance.cover_revenue_multiple", in.cover_revenue_multiple, "years of revenue", 0, 100, "Cover = multiple x annual revenue.");
  b.number("policies.tech_insurance.max_cover_yuan", in.max_cover_yuan, "yuan", 0, INF, "Largest cover per firm.");
  b.number("policies.tech_insurance.loss_event_rate", in.loss_event_rate, "per firm-year", 0, 12, "Product/R&D loss events (all firms).");
  b.number("policies.tech_insurance.loss_revenue_share", in.loss_revenue_share, "share of annual revenue", 0, 10, "Mean size of a loss event.");
}

}  // namespace innosim::model

#include "innosim/model/innovation/matching.hpp"

#include "binder.hpp"

namespace innosim::model {

void bind_keys(Binder& b, MatchingParams& mp) {
  b.section("policies.matching_platform", "Tech-transfer matching platform (邑科汇): events recommend results to firms (seed: 12 events, 800+ recommended, 68 adopted).");
  b.programme("policies.matching_platform", mp.programme, true, "Annual budget for running events.", false, false);
  b.integer("policies.matching_platform.events_per_year", mp.events_per_year, "events", 0, 365, "Matching events per year.");
  b.number("policies.matching_platform.recommendations_per_event", mp.recommendations_per_event, "recommendations", 0, 1e6, "Results recommended per event.");
  b.number("policies.matching_platform.cost_per_event_yuan", mp.cost_per_event_yuan, "yuan", 0, 1e10, "Government cost of one event.");
  b.number("policies.matching_platform.adoption_base", mp.adoption_base, "probability", 0, 1, "Adoption at a perfect fit (calibrated to 68 of 800).");
  b.number("policies.matching_platform.sme_cash_sensitivity", mp.sme_cash_sensitivity, "", 0, 100, "An upfront fee deters adopters: x exp(-s fee / cash).");
}

void bind_keys(Binder& b, UfplParams& uf) {
  b.section("policies.use_first_pay_later", "Use first, pay later (先使用后付费): licensees pay only after they earn from the result.");
  b.programme("policies.use_first_pay_later", uf.programme, false, "", false, false);
  b.number("policies.use_first_pay_later.share_of_results", uf.share_of_results, "share", 0, 1, "Share of results offered use-first-pay-later.");
  b.number("policies.use_first_pay_later.grace_years", uf.grace_years, "years", 0, 50, "Payment falls due this long after adoption, if the licensee earns.");
}

}  // namespace innosim::model

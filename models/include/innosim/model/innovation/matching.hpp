#pragma once
// The tech-transfer matching platform (邑科汇) and licensing: sale, licence
// and "use first, pay later" (先使用后付费) (docs/model.md 2.10, 7.18).
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;

/// The tech-transfer matching platform (邑科汇).
struct MatchingParams {
  Programme programme{.enabled = true, .budget_yuan = Scheduled(2e6)};
  double cost_per_event_yuan = 150000;    ///< government cost of running one matching event
  int events_per_year = 12;
  double recommendations_per_event = 67;  ///< seed: 800+ results recommended over 12 events
  double adoption_base = 0.42;            ///< adoption probability at a perfect fit (calibrated: 68 of 800)
  double sme_cash_sensitivity = 1.0;      ///< an upfront fee deters adopters with little cash: x exp(-s fee / cash)
};

/// "Use first, pay later" licensing (先使用后付费).
struct UfplParams {
  Programme programme{.enabled = false};
  double share_of_results = 0.8;          ///< share of licensed results offered use-first-pay-later
  double grace_years = 2;                 ///< payment falls due this long after adoption, if the licensee earns
};

/// The `policies.matching_platform.*` keys.
void bind_keys(Binder& b, MatchingParams& p);
/// The `policies.use_first_pay_later.*` keys.
void bind_keys(Binder& b, UfplParams& p);

}  // namespace innosim::model

#pragma once
// The loan interest subsidy (贷款贴息): approvals and payments (docs/model.md 7.8).
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;

struct InterestSubsidyParams {
  Programme programme{.enabled = true, .budget_yuan = Scheduled(300e6), .min_stage = Stage::tech_sme,
                      .automatic = false};
  Scheduled rate{0.3};              ///< share of interest paid by the government
};

/// The `policies.loan_interest_subsidy.*` keys.
void bind_keys(Binder& b, InterestSubsidyParams& p);

}  // namespace innosim::model

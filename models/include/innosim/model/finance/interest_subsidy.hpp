#pragma once
// The loan interest subsidy (贷款贴息) (docs/model.md 7.8): approvals by the
// delivery mode (an application with a take-up share, a cost and a delay,
// or automatic), and the share of eligible loans' interest the government
// pays while the budget lasts.
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;
struct Firm;

struct InterestSubsidyParams {
  Programme programme{.enabled = true, .budget_yuan = Scheduled(300e6), .min_stage = Stage::tech_sme,
                      .automatic = false};
  Scheduled rate{0.3};              ///< share of interest paid by the government
};

/// The `policies.loan_interest_subsidy.*` keys.
void bind_keys(Binder& b, InterestSubsidyParams& p);

class InterestSubsidy {
 public:
  explicit InterestSubsidy(World& w);  ///< registers its fiscal line
  /// The year's approvals (at the set-up and each review): automatic
  /// approves every eligible firm at once; in application mode a take-up
  /// share applies, at a cost, and is paid after the approval delay.
  void applications(World& w);
  /// Whether a new loan of the firm is subsidised.
  bool eligible(const World& w, const Firm& f) const;
  /// Pays the subsidised share of a month's interest, while the budget lasts.
  void on_interest(World& w, Firm& f, double interest, double subsidised_share);
};

}  // namespace innosim::model

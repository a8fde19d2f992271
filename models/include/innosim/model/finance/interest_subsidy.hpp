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
  /// The subsidy an approved firm expects per yuan of interest this year:
  /// the rate times the share of last year's claims the budget would have
  /// paid (adaptive expectations); 0 for a firm not approved (7.8).
  double expected(const World& w, const Firm& f) const;
  /// The first year's expectation, from the claims the opening subsidised book would make (after the opening book).
  void expect_from_opening_book(const World& w);
  /// At the review, after the budgets open: the share of last year's claims the new budget would pay.
  void close_year(const World& w);

 private:
  /// The share of `claims` a `budget` pays: 0 without a budget, 1 without claims.
  static double paid_share(double budget, double claims);
  double claims_year_ = 0;   ///< interest subsidy firms were owed this year, paid or not
  double paid_share_ = 1.0;  ///< share of last year's claims this year's budget would pay
};

}  // namespace innosim::model

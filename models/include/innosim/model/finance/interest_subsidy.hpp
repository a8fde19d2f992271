#pragma once
// The loan interest subsidy (贷款贴息) (docs/model.md 7.8), run as the real
// schemes run it: a firm joins by the delivery mode (an application with a
// take-up share and a delay, or automatic); each new loan of a
// member firm is registered at origination (备案); the registered principal
// earns a subsidy (a share of its interest, or percentage points of its
// principal; better terms for a first loan, 首贷) for at most
// `duration_years` from the draw, and up to a per-firm cap on the money paid
// over a rolling window from the firm's first claim; the claims of a
// year are reimbursed after the fact, at the annual review, to firms still
// repaying on time, scaled pro rata when they exceed the year's envelope; in
// application mode a firm files its claim, at the application cost, only
// when the payment is worth more than the cost.
// Firms decide on the subsidy they expect (the terms times the share of
// claims the envelope is expected to pay), not on cash that may not come.
#include <vector>

#include "innosim/model/metrics.hpp"
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;
struct Firm;

/// How the subsidy is stated: a share of the interest paid (Shandong: 40 %),
/// or percentage points of the principal a year (the central equipment-renewal
/// scheme: 1-1.5 pp; Suizhou: 2 pp for first loans, 1.5 pp otherwise).
enum class SubsidyForm : std::uint8_t { share_of_interest, points };

struct InterestSubsidyParams {
  Programme programme{.enabled = true, .budget_yuan = Scheduled(300e6), .min_stage = Stage::tech_sme,
                      .automatic = false};
  SubsidyForm form = SubsidyForm::share_of_interest;
  Scheduled rate{0.3};              ///< share of interest (form share_of_interest)
  Scheduled first_loan_rate{0.4};   ///< share of interest on a firm's first loan (首贷)
  Scheduled points{0.015};          ///< yuan per yuan of principal a year (form points)
  Scheduled first_loan_points{0.02};  ///< the same on a first loan
  double duration_years = 2;        ///< a registered loan is subsidised for at most this long from its draw
  double per_firm_cap_yuan = 500e3; ///< most subsidy paid to a firm within its cap window (money paid)
  int cap_window_months = 36;       ///< the cap's rolling window, from the firm's first claim (a new one at its next claim after it ends)
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
  /// Registers a new draw of `amount` at `rate` if the firm is a member, the
  /// programme runs and the firm's cap is not used up (before the draw is booked).
  void register_loan(const World& w, Firm& f, double amount, double rate);
  /// The month's claim on the registered principal (after the month's interest is paid).
  void accrue(World& w, Firm& f);
  /// At the annual review, before the budgets reopen: pays the ended year's
  /// claims to firms still alive, pro rata when they exceed the envelope.
  void reimburse(World& w, int year);
  /// What the government owes now on the claims earned this fiscal year:
  /// what reimburse would pay if the year closed now (2.6: accrued liabilities).
  double owed(const World& w) const;
  /// The subsidy a firm expects per yuan of a new loan at `rate`, a year,
  /// averaged over the loan's term: its terms x the expected paid share x
  /// min(1, duration / term); 0 when the firm cannot register a loan now.
  double expected_cut(const World& w, const Firm& f, double rate) const;
  /// The subsidy a new loan at `rate` is expected to earn per yuan a year
  /// while it runs (its first `duration_years`): its terms x the expected
  /// paid share x the share of that time the firm's cap leaves it; 0 when
  /// the firm cannot register a loan now. (expected_cut averages it over the
  /// loan's term; banks weigh it over their amortisation horizon, 7.7.)
  double running_cut(const World& w, const Firm& f, double rate) const;
  /// The subsidy a firm expects this month per yuan of its whole debt (its registered principal's terms).
  double expected_cut_on_book(const World& w, const Firm& f) const;
  /// The first year's expectation, from the claims the approved firms' opening debt would make.
  void expect_from_opening_book(const World& w);
  /// At the review, after the budgets open: the share of last year's claims
  /// (at this year's terms) the new envelope would pay.
  void close_year(World& w);

  // ---- metrics: registrations, claims and the paid share
  static const std::vector<MetricInfo>& metrics();
  void report(const Census& c, MetricRow& out) const;
  void restart_period() { registered_ = claims_ = paid_ = filing_costs_ = 0; }

 private:
  /// Whether the firm may register a new loan now.
  bool registers(const World& w, const Firm& f) const;
  /// The subsidy per yuan of principal a year a new draw at `rate` earns (before scaling).
  double terms(const World& w, const Firm& f, double rate) const;
  /// Whether the firm's cap window is open this month.
  static bool window_open(const World& w, const Firm& f);
  /// The cap the firm has left (the whole cap when its window has ended: the next claim opens a new one).
  static double cap_left(const World& w, const Firm& f);
  /// The share of the next `years` a yuan of registered principal still earns the subsidy within the cap.
  double cap_factor(const World& w, const Firm& f, double years) const;
  /// The form's headline value in `year` (rate or points): claims are forecast in these units.
  double scale(const World& w, int year) const;
  /// A firm's payment on its claims when the envelope pays `share` of them, within its cap.
  double due(const World& w, const Firm& f, double share) const;
  /// Whether a firm files a claim whose payment is `due` (application mode: only when worth its cost).
  static bool files(const World& w, double due);
  /// The share of the claims of firms alive that the envelope left would pay now.
  double reimbursable_share(const World& w) const;
  /// The share of `claims` a `budget` pays: 0 without a budget, 1 without claims.
  static double paid_share(double budget, double claims);
  double claims_year_ = 0;      ///< claims made this year, divided by the year's scale
  double paid_share_ = 1.0;     ///< share of claims firms expect this year's envelope to pay
  double last_paid_share_ = 1;  ///< share of the last reimbursed year's claims actually paid
  double registered_ = 0, claims_ = 0, paid_ = 0;  ///< period
  double filing_costs_ = 0;  ///< period: what firms paid to file their claims (application mode)
};

}  // namespace innosim::model

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
// Two allocation rules (docs/model.md 7.8): `pro_rata`, a city envelope that
// scales every claim when oversubscribed (a city scheme: city-loan-subsidy),
// and `quota`, the rule of Guangdong's 粤金管〔2025〕15号 (the baseline): a
// yearly volume of loans registered first come first served, each at the
// full rate, the bank filing the claims each quarter, loans drawn within a
// registration window (1 May 2025 to 31 Dec 2027).
#include <algorithm>
#include <vector>

#include "innosim/model/government/government.hpp"
#include "innosim/model/ledger.hpp"
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

/// How claims are rationed: `pro_rata` (the year's envelope pays every claim
/// the same share, after the year) or `quota` (a yearly volume of registered
/// principal, first come first served, every registered loan at the full
/// terms, claims paid after each quarter).
enum class SubsidyAllocation : std::uint8_t { pro_rata, quota };

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
  SubsidyAllocation allocation = SubsidyAllocation::pro_rata;
  Scheduled quota_loans_yuan{0};    ///< quota: principal that may be registered in a calendar year, first come first served
  int registration_from_year = 0;   ///< first calendar year loans register (0: from the start)
  int registration_from_month = 1;  ///< first calendar month of that year loans register (15号: loans from 1 May 2025)
  int registration_until_year = 9999;  ///< last calendar year loans register (15号: to 31 Dec 2027); registered loans keep their duration
  bool city_money = false;          ///< the city pays (fiscal line interest_subsidy_city) instead of the province (interest_subsidy)
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
  /// After a month's firm step: under the quota rule, at the end of a
  /// quarter, pays the quarter's claims (the bank files them after the quarter).
  void end_month(World& w);
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

  /// The ledger flow its payments book (the province's line or the city's, by `city_money`).
  Flow flow() const { return flow_; }

  // ---- metrics: registrations, claims and the paid share
  static const std::vector<MetricInfo>& metrics();
  void report(const Census& c, MetricRow& out) const;
  void restart_period() { registered_ = claims_ = paid_ = filing_costs_ = refused_ = 0; }

 private:
  /// Whether the firm may register a new loan now.
  bool registers(const World& w, const Firm& f) const;
  /// Whether a loan drawn this month falls in the registration window.
  bool in_window(const World& w) const;
  /// in_window's answer without the cache (a calendar conversion of the clock).
  static bool in_window_now(const World& w);
  /// Quota rule: the principal that may still be registered this calendar year.
  double quota_left(const World& w) const;
  /// Pays the claims accrued so far at `share` (reimburse and the quarterly payment).
  void pay_claims(World& w, int year, double share);
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
  double due(const World& w, const Firm& f, double share) const {
    return std::min(f.subsidy_accrued * share, cap_room(w, f.subsidy_accrued, f.subsidy_cap_used));
  }
  /// The most a claim of `accrued` may be paid within the firm's cap, given the cap it has used.
  double cap_room(const World& w, double accrued, double cap_used) const;
  /// One firm's unpaid claim and the most its cap lets it be paid, copied out of `Firm`.
  struct Claim {
    double accrued, room;
  };
  /// Fills claims_scratch_ with the claims of firms alive that could be filed at some share (a claim whose
  /// cap room is not worth the filing cost never is) and returns the sum of all their claims.
  double gather_claims(const World& w) const;
  /// Whether a firm files a claim whose payment is `due` (application mode: only when worth its cost).
  static bool files(const World& w, double due);
  /// The share of the claims of firms alive that the envelope left would pay now.
  double reimbursable_share(const World& w) const;
  /// The share of `claims` a `budget` pays: 0 without a budget, 1 without claims.
  static double paid_share(double budget, double claims);
  Fiscal line_;                 ///< the fiscal line it spends through (provincial or city money)
  Flow flow_;                   ///< the ledger flow its payments book
  double claims_year_ = 0;      ///< claims made this year, divided by the year's scale
  double paid_share_ = 1.0;     ///< share of claims firms expect this year's envelope to pay
  double last_paid_share_ = 1;  ///< share of the last reimbursed year's claims actually paid
  double registered_ = 0, claims_ = 0, paid_ = 0;  ///< period
  double filing_costs_ = 0;  ///< period: what firms paid to file their claims (application mode)
  double quota_used_ = 0;    ///< quota rule: principal registered in quota_year_
  int quota_year_ = 0;       ///< the calendar year quota_used_ counts
  double refused_ = 0;       ///< period: eligible principal not registered because the quota was used up
  /// The claims of firms alive, compacted: the share's bisection (40 steps, every month through the
  /// obligation's valuation) walks these 16-byte records, not the 512-byte firms; at 10^5 firms the 40
  /// passes over the firm vector were half the model's run time. Capacity is kept between calls, so
  /// nothing is allocated once it has grown; it is scratch, not state.
  mutable std::vector<Claim> claims_scratch_;
  /// in_window's answer at the clock time window_time_, model month window_month_ and rules' year window_year_
  /// (what it depends on; the annual review shares its time with December's step but not its year): it was
  /// asked once per loan decision, each a calendar conversion (1 % of the model's instructions). A cache, not state.
  mutable double window_time_ = -1.0;
  mutable std::uint64_t window_month_ = 0;
  mutable int window_year_ = 0;
  mutable bool window_answer_ = false;
};

}  // namespace innosim::model

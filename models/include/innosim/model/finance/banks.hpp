#pragma once
// Banks and credit (docs/model.md 2.2, 7.5, 7.7, 7.7b, 7.8): the banks'
// appraisal of a firm, their terms (rate, credit ceiling, debt-service
// coverage), rationing and lending, loan servicing and renewal, what a
// default or a closure does to their books, and their capital (funding and
// operating costs, dividends, capital raising, tightening when capital runs
// short). What a firm asks for is firm_finance.hpp's; the pool's cover and
// the interest subsidy are their own modules.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "innosim/model/metrics.hpp"

namespace innosim::model {

struct Binder;
struct World;
struct Firm;

struct BankParams {
  int banks = 8;                    ///< banks with a tech-finance unit
  double lambda = 3.0;              ///< Lambda: credit ceiling multiple of max(NW, S - W), K+S; calibrated to the 150 bn book
  double base_rate = 0.030;         ///< one-year LPR (3.0 % since May 2025), per year
  double spread_low = 0.005;        ///< spread over base for the best risk class
  double spread_high = 0.035;       ///< spread for the worst accepted class
  double score_cutoff = 0.55;       ///< minimum appraisal score in [0, 1] for new borrowers (rations low-margin, illiquid firms)
  double renewal_cutoff = 0.35;     ///< minimum score to renew or top up an existing borrower's loan
  double term_years = 3;            ///< loan term (amortising monthly)
  double loss_given_default = 0.45;  ///< share of the unpaid principal lost on default (Basel foundation IRB, senior unsecured)
  double max_loan_yuan = 2e9;       ///< single-loan cap
  double insured_ceiling_bonus = 0.2;  ///< extra Lambda share for insured borrowers
  // Capital (7.7b)
  double capital_ratio_min = 0.105;  ///< minimum total capital ratio with the conservation buffer (8 % + 2.5 %, NFRA Capital Rules 2023)
  double capital_ratio_target = 0.155;  ///< ratio banks hold at the start and manage towards
  double risk_weight = 0.85;         ///< risk weight of loans to SMEs (corporate SME exposures, NFRA Capital Rules 2023)
  double funding_rate = 0.018;       ///< banks' cost of funds per year (deposits and interbank)
  double operating_cost_rate = 0.008;  ///< banks' operating costs per year per yuan of loans
  double capital_raising = 0.25;     ///< below target, banks raise new capital of up to this share of their equity a year
  int capital_raising_delay_months = 6;  ///< months from the decision to raise capital to its payment (approval and issue)
  double dividend_share = 0.3;       ///< share of a year's profit paid to the banks' owners while the ratio is above target
  double capital_cutoff_rise = 0.3;  ///< appraisal cut-offs rise by up to this as the ratio falls from the tightening point to the minimum
  double dscr_min = 1.2;             ///< debt-service coverage: annual EBITDA >= this x (interest + debt / amortisation_years)
  double amortisation_years = 10;    ///< years over which banks expect a borrower's debt to be repaid from cash flow (renewals included)
  /// w: new money is appraised at r - w s, s the interest subsidy the loan is
  /// expected to earn a year while it runs (7.7): 0 = the contractual rate,
  /// 1 = the subsidised rate for the whole amortisation; the default is the
  /// subsidy's duration over the amortisation horizon, D / T_am = 2 / 10.
  double appraisal_subsidy_weight = 0.2;
  /// lambda_c: the collateral test (7.7d). The uncovered part of a firm's
  /// debt may not exceed lambda_c x (receivables + equipment at book value,
  /// an equipment loan's purchase included); cover and guarantees replace
  /// collateral up to their cover. 0: no collateral test (the cash-flow
  /// lender, the default). 0.6: the median loan-to-collateral value in the
  /// World Bank Enterprise Surveys (Nguyen and Qian 2012), the sensitivity;
  /// on by default it needs Lambda 0.5, which starves the pool (7.7d).
  double collateral_ltv = 0;
  /// ICR: working-capital requests and renewals are appraised on interest
  /// cover, EBITDA >= ICR x interest on the whole debt, instead of the DSCR
  /// test (7.7d; 无还本续贷). 0: the DSCR test for every request and renewal.
  double working_capital_interest_cover = 0;
};

/// The `institutions.banks.*` keys.
void bind_keys(Binder& b, BankParams& p);

/// Which of the bank's tests set a refused or cut loan request's amount
/// (7.7c): the appraisal score's cut-off, the credit ceiling, the
/// debt-service coverage limit, the bank's capital (its lending room, the
/// room's lottery or the cut-off's rise when capital is short), or other
/// (the single-loan cap, or a remainder under the 10,000-yuan minimum).
/// collateral (7.7d): the uncovered part beyond what pledgeable assets secure at the LTV.
enum class CreditBind : std::uint8_t { cutoff = 0, ceiling = 1, dscr = 2, capital = 3, other = 4, collateral = 5 };
inline constexpr std::size_t CREDIT_BIND_COUNT = 6;

/// A bank's technology-lending unit (each firm has one house bank) with the
/// capital allocated to it. Its equity is what it owns net of what it owes:
/// loan_book + cash (cash is negative when deposits and other borrowing fund the book).
struct Bank {
  double cash = 0;
  double loan_book = 0;
  double losses = 0;
  double equity_at_review = 0;  ///< equity after the last annual review (a year's profit = change in equity)
  double capital_pending = 0;   ///< new capital decided and not yet paid in (yuan; one decision in flight at a time)
  std::uint64_t capital_due_month = 0;  ///< the month it is paid in
  std::array<double, 12> capital_decided{};  ///< new capital decided in each of the last 12 months (by month % 12): the yearly limit
  double cutoff_rise = 0;       ///< this month's tightening of the appraisal cut-offs (set at the start of the month)
  double room_requested = 0;    ///< new money asked of the lending room this month (what the bank would lend without it)
  double room_admit_p = 1;      ///< this month's lottery for the room: min(1, room at the start / last month's requests)
  double equity() const { return loan_book + cash; }
};

/// A bank's terms for a firm, on ordinary or covered terms (the pool's cover, 7.9, or the points line's guarantee, 7.13).
struct LoanTerms {
  double score = 0;      ///< appraisal score in [0, 1]
  double rate = 0;       ///< contractual rate per year (the tech-credit product's discount included)
  double ceiling = 0;    ///< credit ceiling (yuan)
  double coverage = 0;   ///< the share of the loss the cover pays (the pool's c, or the points guarantee's share; 0: ordinary terms)
};

class Banks {
 public:
  explicit Banks(const World& w);

  /// The opening tech-loan book (5): a share of incumbents borrow, each in
  /// proportion to the debt its cash flow can service, scaled so the book
  /// equals the seed's balance; banks' capital at the target ratio.
  void opening_book(World& w);
  /// A bank's appraisal score of a firm in [0, 1] (higher is safer).
  double appraisal_score(const World& w, const Firm& f) const;
  /// The same with the firm's monthly costs (FirmDynamics::monthly_costs) already computed: the loan
  /// service needs them three times a borrower-month and computes them once (the same value, bit for bit).
  double appraisal_score(const World& w, const Firm& f, double monthly_costs) const;
  /// Debt_max = Lambda max(NW, S - W), with the insured, tech-credit and cover bonuses (1 + kappa c for a cover of share c).
  double credit_ceiling(const World& w, const Firm& f, double coverage) const;
  LoanTerms terms(const World& w, const Firm& f, double coverage) const;
  /// The most a bank lets a firm owe in all under the debt-service coverage
  /// test at `rate` (7.7): annual EBITDA on the firm's orders >= dscr_min x
  /// (interest + debt / amortisation_years).
  double serviceable_debt(const World& w, const Firm& f, double rate) const;
  /// The most a bank lets a firm owe in all under the interest-cover test at
  /// `rate` (7.7d): annual EBITDA on the firm's orders >= ICR x rate x debt.
  double interest_covered_debt(const World& w, const Firm& f, double rate) const;
  /// What the firm may still borrow without cover under the collateral test
  /// (7.7d): lambda_c (AR + BV + purchase) - (B - B_cov), at least 0;
  /// unlimited when the test is off (lambda_c = 0).
  double collateral_room(const World& w, const Firm& f, double purchase) const;
  /// The uncovered debt beyond lambda_c (AR + BV), counting `pending_cover`
  /// (a balance filed again with the pool this month) as covered: the part a
  /// rollover does not renew (7.7d; 0 when the test is off).
  double collateral_excess(const World& w, const Firm& f, double pending_cover) const;
  /// The rate new money is appraised at (7.7): the contractual `rate` less
  /// appraisal_subsidy_weight x the subsidy a new loan is expected to earn a
  /// year while it runs.
  double appraisal_rate(const World& w, const Firm& f, double rate) const;
  /// The loan a bank grants towards `wanted` within `room` of new lending (0:
  /// refused) and its rate, on ordinary terms (coverage 0) or covered terms (a
  /// cover paying `coverage` of the loss: higher ceiling, lower cut-off, 7.9).
  /// `why` (optional): which test set the amount when it is below `wanted`.
  /// `working_capital`: a working-capital request, appraised on interest
  /// cover when that test is on (7.7d).
  double offer(const World& w, const Firm& f, double wanted, bool emergency, double coverage, double room, double& rate,
               CreditBind* why = nullptr, bool working_capital = false) const;
  /// A firm asks its bank for `wanted`: ordinary terms first, then the points
  /// line's guarantee for a firm holding one (7.13), else pool cover (7.9);
  /// all_or_nothing: only the whole amount. True when granted in full.
  bool borrow(World& w, Firm& f, double wanted, bool emergency, bool all_or_nothing);
  /// What a request would be lent now, and what the ordinary terms alone
  /// (no cover, no guarantee) would lend, within the bank's room, without
  /// lending it (the rule borrow applies; for tests and reports, 7.7d).
  struct Quote {
    double amount = 0, ordinary = 0, cover = 0, guaranteed = 0;
  };
  Quote quote(const World& w, const Firm& f, double wanted, bool all_or_nothing) const;
  /// The month's interest, the principal due or its renewal, then the interest subsidy.
  void service(World& w, Firm& f);
  /// An exiting borrower's loan: repaid from its cash first; a shortfall is a
  /// default on it (recovery from collateral, the pool's cover, the bank's loss).
  void close_loan(World& w, Firm& f, bool default_event);

  // ---- capital (7.7b)
  /// Equity over risk-weighted loans.
  double capital_ratio(const World& w, const Bank& b) const;
  /// Room for new loans before the bank's ratio reaches its minimum.
  double lending_room(const World& w, const Bank& b) const;
  /// How much the bank's appraisal cut-offs rise because its capital is
  /// short, at its ratio now (the month's cut-offs use Bank::cutoff_rise,
  /// set from it at the start of the month).
  double tightening(const World& w, const Bank& b) const;
  /// The month's funding and operating costs, capital decided earlier that
  /// is paid in this month, a decision to raise capital when the ratio is
  /// below the target, the month's tightening and the room's lottery.
  void month(World& w);
  /// Early repayment of `amount` of the firm's loan from its cash (7.6: before dividends).
  void prepay(World& w, Firm& f, double amount);
  /// The annual review: dividends above the target.
  void review(World& w);
  /// A capital shock: each bank loses `share` of its equity (7.27).
  void lose_capital(World& w, double share);

  const std::vector<Bank>& banks() const { return banks_; }

  // ---- metrics: the loan book; interest; borrowers
  static const std::vector<MetricInfo>& loan_metrics();
  void report_loans(const Census& c, MetricRow& out) const;
  static const std::vector<MetricInfo>& interest_metrics();
  void report_interest(const World& w, const Census& c, MetricRow& out) const;
  static const std::vector<MetricInfo>& borrower_metrics();
  void report_borrowers(const Census& c, MetricRow& out) const;
  static const std::vector<MetricInfo>& capital_metrics();
  void report_capital(const World& w, MetricRow& out) const;
  void restart_period() { new_loans_ = defaults_ = 0; }
  // ---- metrics: refused and cut requests by the constraint that bound (7.7c)
  static const std::vector<MetricInfo>& constraint_metrics();
  void report_constraints(MetricRow& out) const;
  void restart_constraints() {
    short_count_.fill(0);
    short_yuan_.fill(0);
    short_requests_ = 0;
  }

 private:
  /// A request's terms within `room` (borrow): the amount, rate and pool cover.
  struct Plan {
    double amount = 0, rate = 0, cover = 0, anyway = 0;
    double guaranteed = 0;  ///< the points line's guaranteed part (7.13; 0: none)
    double pool_request = 0;  ///< cover asked of the pool's lottery (0: none)
    bool pool_admitted = false;
    double largest_offer = 0;  ///< the largest offer the plan weighed (the room binds when it exceeds the room)
    double ordinary = 0;  ///< what the ordinary terms (no cover, no guarantee) would lend
    double terms_offer = 0;  ///< the offer on the terms lent on (ordinary, covered or guaranteed)
    CreditBind bind = CreditBind::other;  ///< the test that set terms_offer when it is below the request
  };
  Plan plan(const World& w, const Firm& f, double wanted, bool emergency, bool all_or_nothing, double room) const;
  /// Annual EBITDA a bank projects on the firm's orders (7.7).
  double projected_ebitda(const World& w, const Firm& f) const;
  void repay_principal(World& w, Firm& f, Bank& b, double principal);
  void pay_in_capital(World& w, Bank& b);
  void decide_capital(World& w, Bank& b);

  std::vector<Bank> banks_;
  double new_loans_ = 0, defaults_ = 0;  ///< period: disbursed, defaulted
  /// Records a request granted `granted` of `wanted` (refused or cut when short by more than 10,000 yuan).
  void count_short(double wanted, double granted, CreditBind why);
  std::array<double, CREDIT_BIND_COUNT> short_count_{}, short_yuan_{};  ///< period: refused or cut requests, shortfall, by constraint
  double short_requests_ = 0;  ///< period: refused or cut requests, counted apart from their constraint (the test's check)
};

}  // namespace innosim::model

#pragma once
// Banks and credit (docs/model.md 2.2, 7.5, 7.7, 7.8): the banks' appraisal
// of a firm, their terms (rate, credit ceiling), rationing and lending, loan
// servicing, and what a default or a closure does to their books. What a
// firm asks for is firm_finance.hpp's; the pool's cover and the interest
// subsidy are their own modules.
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
  double loss_given_default = 0.6;  ///< share of outstanding principal lost on default
  double max_loan_yuan = 2e9;       ///< single-loan cap
  double insured_ceiling_bonus = 0.2;  ///< extra Lambda share for insured borrowers
};

/// The `institutions.banks.*` keys.
void bind_keys(Binder& b, BankParams& p);

/// A bank's own books (each firm has one house bank).
struct Bank {
  double cash = 0;
  double loan_book = 0;
  double losses = 0;
};

/// A bank's terms for a firm, on ordinary or pool-covered terms.
struct LoanTerms {
  double score = 0;      ///< appraisal score in [0, 1]
  double rate = 0;       ///< contractual rate per year (the tech-credit product's discount included)
  double effective = 0;  ///< the rate the firm pays net of the interest subsidy
  double reference = 0;  ///< the ordinary product's rate (what the firm compares with)
  double ceiling = 0;    ///< credit ceiling (yuan)
  double coverage = 0;   ///< the pool's coverage share on covered terms (0: ordinary terms)
};

class Banks {
 public:
  explicit Banks(const World& w);

  /// The opening tech-loan book (5): each firm's desired debt, scaled so the
  /// book equals the seed's balance, capped by the ceiling.
  void opening_book(World& w);
  /// A bank's appraisal score of a firm in [0, 1] (higher is safer).
  double appraisal_score(const World& w, const Firm& f) const;
  /// Debt_max = Lambda max(NW, S - W), with the insured, tech-credit and pool-cover bonuses.
  double credit_ceiling(const World& w, const Firm& f, bool covered) const;
  LoanTerms terms(const World& w, const Firm& f, bool covered) const;
  /// The loan a bank grants (0: refused) and its rate, on covered or ordinary terms.
  double offer(const World& w, const Firm& f, bool emergency, bool covered, double& rate) const;
  /// A firm seeks credit: ordinary terms first, pool cover where it adds credit.
  void lend(World& w, Firm& f, bool emergency);
  /// The month's interest and principal (amortising), then the interest subsidy.
  void service(World& w, Firm& f);
  /// A borrower defaults: the bank recovers part, the pool pays its cover, the rest is lost.
  void default_on(World& w, Firm& f);
  /// A closing firm repays its whole loan.
  void repaid_in_full(World& w, Firm& f);

  const std::vector<Bank>& banks() const { return banks_; }

  // ---- metrics: the loan book; interest; borrowers
  static const std::vector<MetricInfo>& loan_metrics();
  void report_loans(const Census& c, MetricRow& out) const;
  static const std::vector<MetricInfo>& interest_metrics();
  void report_interest(const World& w, const Census& c, MetricRow& out) const;
  static const std::vector<MetricInfo>& borrower_metrics();
  void report_borrowers(const Census& c, MetricRow& out) const;
  void restart_period() { new_loans_ = defaults_ = 0; }

 private:
  std::vector<Bank> banks_;
  double new_loans_ = 0, defaults_ = 0;  ///< period: disbursed, defaulted
};

}  // namespace innosim::model

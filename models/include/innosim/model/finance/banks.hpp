#pragma once
// Banks and credit: appraisal, rationing, pricing, lending, loan servicing
// and defaults (docs/model.md 2.2, 7.7, 7.8, 7.5).
namespace innosim::model {

struct Binder;

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

}  // namespace innosim::model

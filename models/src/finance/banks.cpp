#include "innosim/model/finance/banks.hpp"

#include "binder.hpp"

namespace innosim::model {

void bind_keys(Binder& b, BankParams& bk) {
  b.section("institutions.banks", "Banks with technology-finance units: appraisal, rationing, pricing, defaults.");
  b.integer("institutions.banks.count", bk.banks, "banks", 1, 1000, "Banks; each firm has a house bank.");
  b.number("institutions.banks.lambda", bk.lambda, "", 0, 100, "Lambda: credit ceiling = Lambda max(NW, S - W) (K+S), calibrated to the 150 bn book.");
  b.number("institutions.banks.base_rate", bk.base_rate, "per year", 0, 1, "Base lending rate (one-year LPR).");
  b.number("institutions.banks.spread_low", bk.spread_low, "per year", 0, 1, "Spread over base for the best risk class.");
  b.number("institutions.banks.spread_high", bk.spread_high, "per year", 0, 1, "Spread for the worst accepted class.");
  b.number("institutions.banks.score_cutoff", bk.score_cutoff, "score", 0, 1, "Minimum appraisal score for a new borrower.");
  b.number("institutions.banks.renewal_cutoff", bk.renewal_cutoff, "score", 0, 1,
           "Minimum score to renew or top up an existing borrower's loan (relationship lending).");
  b.number("institutions.banks.term_years", bk.term_years, "years", 0.1, 50, "Loan term (amortising monthly).");
  b.number("institutions.banks.loss_given_default", bk.loss_given_default, "share", 0, 1, "Share of principal lost on default.");
  b.number("institutions.banks.max_loan_yuan", bk.max_loan_yuan, "yuan", 0, INF, "Largest single loan.");
  b.number("institutions.banks.insured_ceiling_bonus", bk.insured_ceiling_bonus, "share", 0, 10, "Extra Lambda share for insured borrowers.");
}

}  // namespace innosim::model

#include "innosim/model/finance/interest_subsidy.hpp"

#include "binder.hpp"

namespace innosim::model {

void bind_keys(Binder& b, InterestSubsidyParams& is) {
  b.section("policies.loan_interest_subsidy", "Loan interest subsidy (贷款贴息): pays part of eligible loans' interest while the budget lasts.");
  b.programme("policies.loan_interest_subsidy", is.programme, true, "Annual budget; payments stop when it runs out.", true);
  b.schedule("policies.loan_interest_subsidy.rate", is.rate, "share of interest", 0, 1, "Share of the interest the government pays.");
}

}  // namespace innosim::model

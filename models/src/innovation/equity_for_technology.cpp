#include "innosim/model/innovation/equity_for_technology.hpp"

#include "binder.hpp"

namespace innosim::model {

void bind_keys(Binder& b, EquityParams& eq) {
  b.section("policies.equity_for_technology",
            "Equity for technology (技术入股): the labs transfer a share of the results they sell or license for a stake in "
            "the adopter worth the price instead of a fee; the stake earns dividends and is sold at a venture exit. Off by default.");
  b.programme("policies.equity_for_technology", eq.programme, false, "", false, false);
  b.number("policies.equity_for_technology.share_of_results", eq.share_of_results, "share", 0, 1,
           "e: share of sold or licensed results offered for equity (use-first-pay-later results are not).");
  b.number("policies.equity_for_technology.max_stake", eq.max_stake, "share of equity", 0, 1,
           "s_max: most equity the labs hold in one firm; a deal that would take them above it is on cash terms.");
}

}  // namespace innosim::model

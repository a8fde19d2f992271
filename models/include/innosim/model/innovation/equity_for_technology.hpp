#pragma once
// Equity for technology (技术入股): the labs transfer a sold or licensed
// result for a stake in the adopter instead of a fee (docs/model.md 7.18 item 9).
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;

struct EquityParams {
  /// Switch and window (no budget: the government pays nothing; no stage rule, no delivery mode).
  Programme programme{.enabled = false};
  double share_of_results = 0.5;  ///< e: share of sold or licensed results the labs offer for equity
  double max_stake = 0.1;         ///< s_max: most equity the labs hold in one firm (a larger stake: the deal is on cash terms)
};

/// The `policies.equity_for_technology.*` keys.
void bind_keys(Binder& b, EquityParams& p);

}  // namespace innosim::model

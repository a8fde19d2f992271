#pragma once
// Shocks (docs/model.md 7.27): stress scenarios on outside demand,
// productivity and bank capital, dated by calendar year.
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;

struct ShockParams {
  Scheduled outside_demand{0.0};     ///< proportional change of outside demand's level, by calendar year (e.g. -0.1 from 2027)
  int productivity_year = 0;         ///< calendar year whose 1 January changes every firm's productivity (0: none)
  double productivity_change = 0.0;  ///< proportional change of total factor productivity then (labour and materials per unit)
  int bank_capital_year = 0;         ///< calendar year whose 1 January writes off bank capital (0: none)
  double bank_capital_loss = 0.0;    ///< share of each bank's capital lost then
};

/// The `shocks.*` keys.
void bind_keys(Binder& b, ShockParams& p);

class Shocks {
 public:
  /// The month's outside-demand level (before the firm step).
  void month(World& w) const;
  /// Shocks dated 1 January of the year the review opens.
  void review(World& w) const;
};

}  // namespace innosim::model

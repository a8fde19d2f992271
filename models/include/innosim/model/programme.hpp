#pragma once
// The parameter types every instrument shares: a value that changes by
// calendar year, and a programme's switch, window, budget, eligibility and
// delivery mode (docs/model.md 2.6 and 7.21).
#include <array>

#include "innosim/model/types.hpp"

namespace innosim::model {

/// A value that can change by calendar year (piecewise constant).
struct Scheduled {
  static constexpr int MAX_STEPS = 8;
  int n = 1;
  std::array<double, MAX_STEPS> from_year{0};
  std::array<double, MAX_STEPS> value{0};
  Scheduled(double v = 0.0) { value[0] = v; }  // NOLINT: a plain number is a one-step schedule
  double at(double year) const {
    double v = value[0];
    for (int i = 1; i < n; ++i)
      if (year >= from_year[i]) v = value[i];
    return v;
  }
};

/// Switch, activity window and annual budget shared by every instrument.
struct Programme {
  bool enabled = true;
  int start_year = 0;        ///< first calendar year active (0: from the start)
  int end_year = 9999;       ///< last calendar year active
  Scheduled budget_yuan{0};  ///< annual budget; spending stops when it runs out
  Stage min_stage = Stage::startup;  ///< eligibility: lowest stage that qualifies
  /// Delivery: application (take-up < 1, approval delay, cost) or automatic.
  bool automatic = false;
  double take_up_share = 0.6;        ///< share of eligible firms that apply (application mode)
  /// Automatic mode: share of eligible firms reached. 免申即享 still asks the
  /// firm to confirm once (点击确认领取), and record-based payment reached
  /// 88-93 % of eligible firms in the UK's 2020 small-business grants (7.21).
  double automatic_take_up_share = 0.92;
  double approval_delay_days = 90;   ///< application mode: days until money flows
  double application_cost_yuan = 20000;  ///< application mode: cost borne by the firm
  bool active(int year) const { return enabled && year >= start_year && year <= end_year; }
};

/// A grant programme: yearly budget, eligibility, delivery, grant size.
struct GrantParams {
  Programme programme;
  double grant_yuan = 0;
};

}  // namespace innosim::model

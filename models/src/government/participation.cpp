#include "innosim/model/government/participation.hpp"

#include <algorithm>
#include <cmath>

#include "innosim/model/world.hpp"

namespace innosim::model {

namespace {
// The grant's worth to the firm when it decides: paid after the approval
// delay (application mode) and net of the application cost; at once and
// free in automatic mode. Negative when applying costs more than it brings.
double grant_net_worth(const Programme& pr, const ActivityOffer& a) {
  if (pr.automatic) return a.grant;
  const double discount = std::pow(1.0 + std::max(0.0, a.rate), -pr.approval_delay_days / 365.0);
  return a.grant * discount - pr.application_cost_yuan;
}

// A grant is on offer while the programme runs, the firm qualifies and the
// year's call is open (budget left: a call closes when its money is gone).
bool offered(const World& w, const Firm& f, Fiscal line, const Programme& pr, const ActivityOffer& a) {
  return a.grant > 0 && pr.active(w.calendar_year()) && f.stage >= pr.min_stage && w.government.budget_left(line) > 0;
}
}  // namespace

bool would_join(const World& w, const Firm& f, Fiscal line, const Programme& pr, const ActivityOffer& a,
                std::uint64_t purpose) {
  if (a.value > a.cost) return true;
  if (!offered(w, f, line, pr, a) || !w.government.applies(w, f, pr, purpose)) return false;
  return a.value - a.cost + grant_net_worth(pr, a) > 0;
}

ActivityChoice join_activity(World& w, Firm& f, Fiscal line, const Programme& pr, const ActivityOffer& a,
                             std::uint64_t purpose) {
  const bool alone = a.value > a.cost;
  if (!offered(w, f, line, pr, a)) return {alone, false, false};
  // Eligible. A firm that does not take part this year (take-up, 7.21), or
  // for which applying costs more than the grant is worth, is counted as
  // eligible and decides without the grant.
  if (!w.government.applies(w, f, pr, purpose) || grant_net_worth(pr, a) <= 0 ||
      a.value - a.cost + grant_net_worth(pr, a) <= 0) {
    w.government.count_eligible();
    return {alone, false, false};
  }
  const double got = w.government.grant(w, f, line, pr, a.grant, purpose);
  if (got > 0) return {true, true, alone};
  return {alone, false, false};  // applied, but the year's budget was gone
}

}  // namespace innosim::model

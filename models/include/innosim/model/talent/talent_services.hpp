#pragma once
// Talent services (人才安居, schooling, medical care) (docs/model.md 7.23): a
// yearly budget buys service places for the talent pool; served talent
// leave less often and the offer draws more talent to the city.
#include <vector>

#include "innosim/model/metrics.hpp"
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;

struct TalentServicesParams {
  /// Switch, window, yearly budget (no eligibility by firm, no delivery mode).
  Programme programme{.enabled = false, .budget_yuan = Scheduled(30e6)};
  double cost_per_person_yuan = 36000;  ///< c: cost of one service place for a year
  double eligible_share = 0.3;          ///< e: most places, as a share of the stock (talent who need housing, schooling, care)
  double retention_factor = 0.6;        ///< rho: a served person's outflow rate relative to r_out
  double attraction = 0.5;              ///< eta: inflow x (1 + eta * served share)
};

/// The `policies.talent_services.*` keys.
void bind_keys(Binder& b, TalentServicesParams& p);

class TalentServices {
 public:
  explicit TalentServices(World& w);  ///< registers its fiscal line
  /// Buys the year's service places (at the annual review, after the year's
  /// cooperation projects and classes, so that places are sized on the stock they serve).
  void year(World& w);
  /// N: talent holding a place this year.
  double served() const { return served_; }
  /// The month's effect on a pool of `stock`: outflow avoided and inflow added (persons).
  struct Effect {
    double retained, attracted;
  };
  Effect effect(const World& w, double stock);

  // ---- metrics: served, retained, attracted
  static const std::vector<MetricInfo>& metrics();
  void report(MetricRow& out) const { out.insert(out.end(), {served_, retained_, attracted_}); }
  void restart_period() { retained_ = attracted_ = 0; }

 private:
  double served_ = 0;                    ///< N: talent holding a service place this year (persons)
  double retained_ = 0, attracted_ = 0;  ///< period: outflow avoided, inflow added by the services
};

}  // namespace innosim::model

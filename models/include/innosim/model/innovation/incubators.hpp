#pragma once
// Incubators and maker spaces (docs/model.md 2.11, 7.19): tiers and places,
// the tenants at the start, admission of entrants, graduation (certified or
// the tenancy limit) and what tenancy does to a firm's growth and hazard.
#include <array>
#include <vector>

#include "innosim/model/firm.hpp"
#include "innosim/model/metrics.hpp"

namespace innosim::model {

struct Binder;
struct World;

struct IncubatorParams {
  std::array<double, 3> count{11, 18, 13};       ///< national, provincial, other
  std::array<double, 3> capacity{60, 50, 40};    ///< tenants per incubator by tier
  double admission_share = 0.6;           ///< share of entrants that apply
  double tenancy_years = 3;               ///< maximum tenancy
  double hazard_multiplier = 1.0;         ///< background hazard x this while incubated (evidence: no survival gain)
  double growth_bonus = 0.05;             ///< extra demand growth per year while incubated (evidence: faster growth)
};

/// The `institutions.incubators.*` keys.
void bind_keys(Binder& b, IncubatorParams& p);

class Incubators {
 public:
  /// The incubators by tier and the tenants at the start (start-ups, then tech SMEs).
  void setup(World& w);
  /// An entrant applies for a place (its own draw) and takes the first free one.
  void admit(World& w, Firm& f);
  /// A tenant leaves (graduation, or exit).
  void leave(World& w, Firm& f, bool graduation);
  /// The annual review: tenants at the tenancy limit or certified on the ladder graduate.
  void review(World& w);
  /// Extra demand growth per month while incubated.
  double growth_bonus(const World& w, const Firm& f) const;
  /// The background hazard's factor while incubated.
  double hazard_factor(const World& w, const Firm& f) const;

  // ---- metrics: tenants, graduations
  static const std::vector<MetricInfo>& metrics();
  void report(const Census& c, MetricRow& out) const { out.insert(out.end(), {c.incubated, graduations_}); }
  void restart_period() { graduations_ = 0; }

 private:
  struct Incubator {
    int tier;
    double capacity;
    double tenants;
  };
  std::vector<Incubator> incubators_;
  double graduations_ = 0;  ///< period
};

}  // namespace innosim::model

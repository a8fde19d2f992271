#pragma once
// Digital-transformation support (docs/model.md 7.22 item 5, 7.21a): a firm
// with an opportunity to digitalise (equipment and software that cut its
// unit costs) does so when the saving, valued at its cost of funds over the
// equipment's life, beats the cost net of the support it would get (a
// matching grant tied to the equipment); the deadweight is counted.
#include <vector>

#include "innosim/model/metrics.hpp"
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;
struct Census;

struct DigitalParams {
  Programme programme{.enabled = true, .budget_yuan = Scheduled(40e6), .min_stage = Stage::tech_sme};
  double grant_yuan = 90000;         ///< grant per digitalising firm
  double opportunity_rate = 0.10;    ///< digitalisation opportunities per firm-year (taken up when worth doing)
  double horizon_years = 5;          ///< years the firm counts the saving (the equipment's life)
  double gain = 0.03;                ///< productivity gain of digitalisation
  double cost_yuan = 400000;         ///< firm's cost of digitalising
};

/// The `policies.digital_transformation.*` keys.
void bind_keys(Binder& b, DigitalParams& p);

class DigitalTransformation {
 public:
  explicit DigitalTransformation(World& w);  ///< registers its fiscal line
  /// The firms already digitalised at the start (seed: 2,193 firms).
  void setup(World& w);
  /// The year's opportunities, adoptions and grants.
  void year(World& w);

  // ---- metrics: digitalised firms; adoptions, supported, deadweight
  static const std::vector<MetricInfo>& metrics();
  void report(const Census& c, MetricRow& out) const;
  void restart_period() { adopted_ = supported_ = deadweight_ = 0; }

 private:
  double adopted_ = 0, supported_ = 0, deadweight_ = 0;  ///< period
};

}  // namespace innosim::model

#pragma once
// Digital-transformation support (docs/model.md 7.22 item 4): firms
// digitalise at a yearly rate (raised for supported firms), pay the cost and
// gain productivity; eligible firms that apply get the grant.
#include <vector>

#include "innosim/model/metrics.hpp"
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;

struct DigitalParams {
  Programme programme{.enabled = true, .budget_yuan = Scheduled(40e6), .min_stage = Stage::tech_sme};
  double grant_yuan = 90000;         ///< grant per digitalising firm
  double adoption_base = 0.04;       ///< yearly adoption probability without support
  double adoption_supported = 0.10;  ///< with support
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
  /// The year's adoptions and grants.
  void year(World& w);

  // ---- metrics: digitalised firms
  static const std::vector<MetricInfo>& metrics();
  void report(const Census& c, MetricRow& out) const { out.push_back(c.digitalised); }
};

}  // namespace innosim::model

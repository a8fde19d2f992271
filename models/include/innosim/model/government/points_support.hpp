#pragma once
// Targeted support for the top innovation-points firms (docs/model.md 7.22
// item 1): a grant to each top-N firm each year, by the delivery mode.
#include <vector>

#include "innosim/model/metrics.hpp"
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;

/// The `policies.points_support.*` keys (ProgrammesParams::points_support).
void bind_points_support_keys(Binder& b, GrantParams& p);

class PointsSupport {
 public:
  explicit PointsSupport(World& w);  ///< registers its fiscal line
  /// The year's grants to the top-N firms.
  void year(World& w);

  // ---- metrics: firms supported this year
  static const std::vector<MetricInfo>& metrics();
  void report(const World& w, MetricRow& out) const;
};

}  // namespace innosim::model

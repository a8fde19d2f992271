#pragma once
// Innovation points (创新积分制) (docs/model.md 7.13): the yearly score of
// every firm (stage-weighted R&D intensity, IP, S&T staff and growth) and
// the top-N list that banks, targeted support, technology centres and
// liaison officers read.
namespace innosim::model {

struct Binder;
struct World;

/// The `policies.innovation_points.*` keys (Params::top_points_firms).
void bind_innovation_points_keys(Binder& b, int& top_points_firms);

class InnovationPoints {
 public:
  /// Scores every alive firm and marks the top N (at the set-up and each review).
  void rank(World& w) const;
};

}  // namespace innosim::model

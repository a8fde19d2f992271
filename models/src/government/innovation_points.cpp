#include "innosim/model/government/innovation_points.hpp"

#include "binder.hpp"

namespace innosim::model {

void bind_innovation_points_keys(Binder& b, int& top_points_firms) {
  b.section("policies.innovation_points", "Innovation points (创新积分制): rank firms, the top N get targeted support.");
  b.integer("policies.innovation_points.top_firms", top_points_firms, "firms", 0, 10'000'000, "Top-N firms (banks add to their appraisal score).");
}

}  // namespace innosim::model

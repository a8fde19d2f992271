#include "innosim/model/government/innovation_points.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "binder.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/model/world.hpp"

namespace innosim::model {

void InnovationPoints::rank(World& w) const {
  // Stage-weighted indicators (MOST innovation-points system): R&D
  // intensity, IP, S&T staff and growth; the top N get targeted support.
  std::vector<std::pair<double, std::int64_t>> ranked;
  ranked.reserve(w.firms.size());
  for (Firm& f : w.firms) {
    f.top_points = false;
    if (!f.alive) continue;
    const double s = f.revenue_history[0];
    const double growth = f.revenue_history[1] > 0 ? s / f.revenue_history[1] - 1.0 : 0.0;
    const double rd = s > 0 ? f.rd_history[0] / s : 0.0;
    const double weight = 1.0 + 0.25 * static_cast<double>(f.stage);
    f.innovation_points = weight * (40.0 * std::min(rd / 0.1, 1.0) + 25.0 * std::min(f.ip_count / 20.0, 1.0) +
                                    15.0 * std::min(f.st_staff_share / 0.3, 1.0) + 20.0 * std::clamp(growth / 0.5, 0.0, 1.0));
    ranked.emplace_back(-f.innovation_points, f.id);
  }
  const std::size_t top = std::min(ranked.size(), static_cast<std::size_t>(std::max(0, w.p.top_points_firms)));
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(top), ranked.end());
  std::vector<std::int64_t> ids;
  for (std::size_t k = 0; k < top; ++k) ids.push_back(ranked[k].second);
  std::sort(ids.begin(), ids.end());
  for (Firm& f : w.firms)
    if (f.alive && std::binary_search(ids.begin(), ids.end(), f.id)) f.top_points = true;
}

// ---------------------------------------------------------------- scenario keys

void bind_innovation_points_keys(Binder& b, int& top_points_firms) {
  b.section("policies.innovation_points", "Innovation points (创新积分制): rank firms, the top N get targeted support.",
            {"Innovation points", "创新积分制", "按创新积分对企业排名，前N名企业获得定向支持。"});
  b.integer("policies.innovation_points.top_firms", top_points_firms, "firms", 0, 10'000'000, "Top-N firms by innovation points: the firms liaison officers and points-linked credit serve.",
            "创新积分排名前N名的企业数：科技联络员和积分贷服务的企业。");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 1100 (models/README.md, "Scenario keys").
const RegisterKeys innovation_points_keys_at{1100, [](Binder& b, Params& p) { bind_innovation_points_keys(b, p.top_points_firms); }};
}  // namespace

}  // namespace innosim::model

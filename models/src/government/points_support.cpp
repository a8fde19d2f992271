#include "innosim/model/government/points_support.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "binder.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/model/world.hpp"
#include "metric_groups.hpp"

namespace innosim::model {

namespace {
// Its fiscal line: the rank is its place among the fiscal_<line> metrics (models/README.md, "Fiscal lines");
// the funding by level as in docs/model.md 2.6.
const Fiscal FISCAL_POINTS_SUPPORT = register_fiscal_line(
    {.rank = 800, .name = "points_support", .kind = FiscalKind::outlay, .share = CITY_MONEY, .flow = SHARED_FLOW,
     .label = "innovation-points support", .label_zh = "创新积分支持"});
}  // namespace

PointsSupport::PointsSupport(World& w) {
  w.government.add_line(FISCAL_POINTS_SUPPORT, w.p.programmes.points_support.programme);
}

void PointsSupport::year(World& w) {
  const GrantParams& g = w.p.programmes.points_support;
  for (Firm& f : w.firms)
    if (f.alive && f.top_points) w.government.grant(w, f, FISCAL_POINTS_SUPPORT, g.programme, g.grant_yuan, 1);
}

void PointsSupport::report(const World& w, MetricRow& out) const {
  out.push_back(w.government.paid_this_year(FISCAL_POINTS_SUPPORT));
}

// ---------------------------------------------------------------- metrics

const std::vector<MetricInfo>& PointsSupport::metrics() {
  static const std::vector<MetricInfo> infos = {
      {"points_supported_firms", "firms", "Top innovation-points firms that received targeted support this year", MetricKind::stock,
       "Points-supported firms", "创新积分支持企业", "本年获得定向支持的创新积分前列企业"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 2000 (models/README.md, "Metrics").
const RegisterMetrics points_support_metrics{2000, &PointsSupport::metrics,
                                             [](const World& w, const Census&, MetricRow& o) { w.points_support.report(w, o); }};
}  // namespace

// ---------------------------------------------------------------- scenario keys

void bind_points_support_keys(Binder& b, GrantParams& g) {
  b.grant("policies.points_support", g.programme, g.grant_yuan, "Targeted support for the top innovation-points firms.",
          {"Points support", "创新积分支持", "对创新积分前列企业的定向补助。"}, "Grant per supported firm per year.",
          "每家获支持企业每年的补助金额。");
  b.zero_gate("policies.points_support.budget_yuan", {}, true);
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 2300 (models/README.md, "Scenario keys").
const RegisterKeys points_support_keys_at{2300, [](Binder& b, Params& p) { bind_points_support_keys(b, p.programmes.points_support); }};
}  // namespace

}  // namespace innosim::model

#include "innosim/model/government/tech_centres.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "binder.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/model/world.hpp"

namespace innosim::model {

namespace {
// Its fiscal line: the rank is its place among the fiscal_<line> metrics (models/README.md, "Fiscal lines");
// the funding by level as in docs/model.md 2.6.
// seed: "7 provincial projects"
const Fiscal FISCAL_TECH_CENTRES = register_fiscal_line(
    {.rank = 1300, .name = "tech_centres", .kind = FiscalKind::outlay, .share = PROVINCIAL_MONEY, .flow = SHARED_FLOW,
     .label = "technology-centre grants", .label_zh = "企业技术中心补助"});
}  // namespace

TechCentres::TechCentres(World& w) { w.government.add_line(FISCAL_TECH_CENTRES, w.p.programmes.tech_centres.programme); }

void TechCentres::year(World& w) {
  // Enterprise technology centres: the best certified firms by points.
  const TechCentreParams& g = w.p.programmes.tech_centres;
  if (!g.programme.active(w.calendar_year())) return;
  std::vector<std::pair<double, std::size_t>> ranked;
  for (std::size_t i = 0; i < w.firms.size(); ++i)
    if (w.firms[i].alive && !w.firms[i].tech_centre && w.firms[i].stage >= g.programme.min_stage)
      ranked.emplace_back(-w.firms[i].innovation_points, i);
  std::sort(ranked.begin(), ranked.end());
  // A yearly rate with a fraction (the seed's 7 in 4.79 years): year k of the
  // run recognises floor(r (k + 1)) - floor(r k), so any span of years gets
  // the rate to within one centre, without a draw.
  const double k_year = static_cast<double>(w.calendar_year() - w.p.start_year);
  const int quota = static_cast<int>(std::floor(g.per_year * (k_year + 1.0)) - std::floor(g.per_year * k_year));
  int recognised = 0;
  for (std::size_t k = 0; k < ranked.size() && recognised < quota; ++k) {
    // A recognition is a funded centre project (the seed counts "7 provincial
    // projects, 12 m yuan"): once the year's budget is spent, or when it is 0,
    // no more centres are recognised that year. Recognising them without the
    // money made rd_boost act in a run whose budget is 0, which the zero gate
    // of budget_yuan declares inert (InertCheck; visible over a warm-up).
    if (w.government.budget_left(FISCAL_TECH_CENTRES) <= 0) break;
    Firm& f = w.firms[ranked[k].second];
    if (!w.government.applies(w, f, g.programme, 5)) {  // recognition needs an application: the next candidate
      w.government.count_eligible();                     // eligible, but did not take it up
      continue;
    }
    ++recognised;
    f.tech_centre = true;
    w.government.grant(w, f, FISCAL_TECH_CENTRES, g.programme, g.grant_yuan, 5);
  }
}

double TechCentres::rd_factor(const World& w, const Firm& f) const {
  return f.tech_centre ? 1.0 + w.p.programmes.tech_centres.rd_boost : 1.0;
}

// ---------------------------------------------------------------- scenario keys

void bind_keys(Binder& b, TechCentreParams& g) {
  b.grant("policies.tech_centres", g.programme, g.grant_yuan, "Enterprise technology centres (seed: 7 provincial projects, 12 m yuan).",
          {"Enterprise technology centres", "企业技术中心", "对认定的企业技术中心给予补助。"}, "Grant per recognised centre.",
          "每个认定的企业技术中心的补助。");
  // The seed's 7 provincial centre projects since 2021 over the 4.79 years to
  // the meeting (not 7 a year, which gave 5 times the seed's money).
  b.number("policies.tech_centres.per_year", g.per_year, "centres per year", 0, 100000,
           "Centres recognised per year on average (a fraction accrues: year k of the run recognises floor(r(k+1)) - "
           "floor(rk)). Seed: 7 projects in the 4.79 years since 2021.",
           "平均每年认定的企业技术中心数（小数部分累计：运行第k年认定 `floor(r(k+1)) - floor(rk)` 个）。种子材料：2021年以来4.79年共7个项目。");
  b.number("policies.tech_centres.rd_boost", g.rd_boost, "share", 0, 10, "Innovation odds x (1 + boost) for recognised centres.",
           "认定的企业技术中心创新成功的几率乘以 `(1 + boost)`。");
  b.zero_gate("policies.tech_centres.budget_yuan", {"per_year"}, true);
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 2800 (models/README.md, "Scenario keys").
const RegisterKeys tech_centres_keys_at{2800, [](Binder& b, Params& p) { bind_keys(b, p.programmes.tech_centres); }};
}  // namespace

}  // namespace innosim::model

#include "innosim/model/government/tech_upgrade.hpp"

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
// seed: "provincial rewards"
const Fiscal FISCAL_TECH_UPGRADE_PROVINCIAL = register_fiscal_line(
    {.rank = 1000, .name = "tech_upgrade_provincial", .kind = FiscalKind::outlay, .share = PROVINCIAL_MONEY, .flow = SHARED_FLOW,
     .label = "provincial tech-upgrade rewards", .label_zh = "省级技改奖励"});
const Fiscal FISCAL_TECH_UPGRADE_CITY = register_fiscal_line(
    {.rank = 1100, .name = "tech_upgrade_city", .kind = FiscalKind::outlay, .share = CITY_MONEY, .flow = SHARED_FLOW,
     .label = "city tech-upgrade rewards", .label_zh = "市级技改奖励"});
}  // namespace

TechUpgrade::TechUpgrade(World& w) {
  w.government.add_line(FISCAL_TECH_UPGRADE_PROVINCIAL, w.p.programmes.upgrade_provincial.programme);
  w.government.add_line(FISCAL_TECH_UPGRADE_CITY, w.p.programmes.upgrade_city.programme);
}

void TechUpgrade::setup(World& w) {
  for (Firm& f : w.firms) f.innovations_at_review = f.innovations;
}

void TechUpgrade::year(World& w) {
  // Tech-upgrade rewards for last year's upgraders, largest first:
  // provincial rewards, then city rewards.
  const GrantParams& provincial = w.p.programmes.upgrade_provincial;
  const GrantParams& city = w.p.programmes.upgrade_city;
  std::vector<std::pair<double, std::size_t>> upgraders;
  for (std::size_t i = 0; i < w.firms.size(); ++i) {
    Firm& f = w.firms[i];
    if (f.alive && f.innovations > f.innovations_at_review) upgraders.emplace_back(-f.revenue_history[0], i);
    f.innovations_at_review = f.innovations;
  }
  std::sort(upgraders.begin(), upgraders.end());
  for (const auto& [neg_revenue, i] : upgraders) {
    Firm& f = w.firms[i];
    if (f.stage >= provincial.programme.min_stage &&
        w.government.budget_left(FISCAL_TECH_UPGRADE_PROVINCIAL) >= provincial.grant_yuan)
      w.government.grant(w, f, FISCAL_TECH_UPGRADE_PROVINCIAL, provincial.programme, provincial.grant_yuan, 2);
    else if (w.government.budget_left(FISCAL_TECH_UPGRADE_CITY) >= city.grant_yuan)
      w.government.grant(w, f, FISCAL_TECH_UPGRADE_CITY, city.programme, city.grant_yuan, 3);
  }
}

// ---------------------------------------------------------------- scenario keys

void bind_provincial_upgrade_keys(Binder& b, GrantParams& g) {
  b.grant("policies.tech_upgrade_provincial", g.programme, g.grant_yuan, "Provincial tech-upgrade rewards (seed: 264 projects, 1.016 bn yuan).",
          {"Provincial tech-upgrade rewards", "省级技改奖励", "省级技术改造项目奖励。"}, "Reward per project.",
          "每个项目的省级技改奖励金额。");
  b.zero_gate("policies.tech_upgrade_provincial.budget_yuan");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 2500 (models/README.md, "Scenario keys").
const RegisterKeys provincial_upgrade_keys_at{2500, [](Binder& b, Params& p) { bind_provincial_upgrade_keys(b, p.programmes.upgrade_provincial); }};
}  // namespace

void bind_city_upgrade_keys(Binder& b, GrantParams& g) {
  b.grant("policies.tech_upgrade_city", g.programme, g.grant_yuan, "City tech-upgrade rewards (seed: 128 projects, 98.24 m yuan).",
          {"City tech-upgrade rewards", "市级技改奖励", "市级技术改造项目奖励。"}, "Reward per project.",
          "每个项目的市级技改奖励金额。");
  b.zero_gate("policies.tech_upgrade_city.budget_yuan");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 2600 (models/README.md, "Scenario keys").
const RegisterKeys city_upgrade_keys_at{2600, [](Binder& b, Params& p) { bind_city_upgrade_keys(b, p.programmes.upgrade_city); }};
}  // namespace

}  // namespace innosim::model

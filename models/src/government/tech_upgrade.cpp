#include "innosim/model/government/tech_upgrade.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "binder.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/model/world.hpp"
#include "metric_groups.hpp"

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
const Fiscal LINE[2] = {FISCAL_TECH_UPGRADE_PROVINCIAL, FISCAL_TECH_UPGRADE_CITY};
constexpr std::uint64_t PURPOSE_UPGRADE[2] = {2, 3};  // the delivery rule's purpose codes (7.21)

const UpgradeParams& level_params(const World& w, int level) {
  return level == 0 ? w.p.programmes.upgrade_provincial : w.p.programmes.upgrade_city;
}

// The reward the rules give a project of `spend` yuan at full funding: a
// share of the equipment spend, capped per project (7.21b).
double full_reward(const UpgradeParams& g, double spend) { return std::min(g.share * spend, g.cap_yuan); }
}  // namespace

TechUpgrade::TechUpgrade(World& w) {
  w.government.add_line(FISCAL_TECH_UPGRADE_PROVINCIAL, w.p.programmes.upgrade_provincial.programme);
  w.government.add_line(FISCAL_TECH_UPGRADE_CITY, w.p.programmes.upgrade_city.programme);
}

void TechUpgrade::setup(World&) {}

double TechUpgrade::expected_reward(const World& w, const Firm& f, double cost, double rate, double months, int& level) const {
  // Paid at the first annual review after the equipment works (事后奖补: after
  // the completion check), from that year's budget.
  level = -1;
  const double now = w.years();
  const double paid_at = std::ceil(now + months / 12.0 - 1e-9);
  const int pay_year = w.p.start_year + static_cast<int>(paid_at);
  for (int l = 0; l < 2; ++l) {
    const UpgradeParams& g = level_params(w, l);
    const Programme& pr = g.programme;
    // A level's call is open in the payment year when it runs and has a
    // budget; the project qualifies by the firm's rung and its size.
    if (!pr.active(pay_year) || !(pr.budget_yuan.at(pay_year) > 0) || f.stage < pr.min_stage || cost < g.min_project_yuan) continue;
    // A firm that does not take part this year (take-up, 7.21) decides
    // without the reward, as with the other matching grants (7.21a).
    if (!w.government.applies(w, f, pr, PURPOSE_UPGRADE[l])) return 0.0;
    const double worth = scale_[l] * full_reward(g, cost) * std::pow(1.0 + std::max(0.0, rate), -(paid_at - now)) -
                         (pr.automatic ? 0.0 : pr.application_cost_yuan);
    if (worth <= 0) return 0.0;
    level = l;
    return worth;
  }
  return 0.0;
}

void TechUpgrade::register_project(World& w, Firm& f, double cost, double months, int level, bool alone) {
  const Programme& pr = level_params(w, level).programme;
  if (!pr.automatic) w.pay(f, Account::external, pr.application_cost_yuan, Flow::application_cost);
  claims_.push_back({f.id, cost, w.sim.now() + months * engine::DAYS_PER_YEAR / 12.0, level, alone});
  registered_ += 1;
  // The claimants, not only the firms paid, are the programme's participants:
  // a firm that undertook a project for the reward and closed before the
  // review took part too (the tests compare them with themselves without it).
  f.matched_grants |= 32;
  if (f.matched_since == 0) f.matched_since = static_cast<std::uint16_t>(w.calendar_year());
}

void TechUpgrade::year(World& w) {
  // The year's call (7.21b): the projects completed by now whose firm is
  // still there claim min(share x spend, cap); each level pays its claims
  // pro rata when they exceed its budget ("具体奖补比例根据年度资金预算控制指标
  // 和项目新设备购置总额等因素确定", 江工信技改〔2024〕5号). The factor is what
  // firms expect next (scale_). A project still being built waits.
  waiting_.clear();
  double asked[2] = {0, 0};
  std::size_t keep = 0;
  for (const Claim& c : claims_) {
    if (c.done > w.sim.now() + 1e-9) {
      waiting_.push_back(c);
      continue;
    }
    Firm* f = w.find_firm(c.firm);
    if (!f || !f->alive) continue;  // the firm is gone: the claim lapses
    asked[c.level] += full_reward(level_params(w, c.level), c.spend);
    claims_[keep++] = c;
  }
  claims_.resize(keep);
  const int year = w.calendar_year();
  double factor[2];
  for (int l = 0; l < 2; ++l) {
    const double budget = w.government.budget_left(LINE[l]);
    factor[l] = asked[l] > 0 ? std::min(1.0, budget / asked[l]) : 1.0;
    if (asked[l] > 0) scale_[l] = factor[l];
  }
  for (const Claim& c : claims_) {
    Firm& f = *w.find_firm(c.firm);
    const UpgradeParams& g = level_params(w, c.level);
    // The factor times the claim never exceeds what is left: reserve caps it anyway.
    const double paid = w.government.reserve(LINE[c.level], g.programme, factor[c.level] * full_reward(g, c.spend), year);
    if (paid <= 0) continue;
    w.government.pay_reserved(w, LINE[c.level], paid, Account::firms);
    f.cash += paid;
    rewarded_[c.level] += 1;
    rewarded_total_ += 1;
    spend_ += c.spend;
    if (c.alone) {
      deadweight_ += 1;
      deadweight_total_ += 1;
    }
    f.matched_grants |= 16;
    if (f.matched_since == 0) f.matched_since = static_cast<std::uint16_t>(year);
  }
  claims_.swap(waiting_);
}

// ---------------------------------------------------------------- metrics

void TechUpgrade::report(const Census&, MetricRow& out) const {
  const double share = rewarded_total_ > 0 ? deadweight_total_ / rewarded_total_ : std::numeric_limits<double>::quiet_NaN();
  out.insert(out.end(), {registered_, rewarded_[0], rewarded_[1], spend_, deadweight_, share});
}

const std::vector<MetricInfo>& TechUpgrade::metrics() {
  static const std::vector<MetricInfo> infos = {
      {"tech_upgrade_claims", "projects", "Equipment projects undertaken with a claim to a tech-upgrade reward since the previous sample", MetricKind::flow,
       "Tech-upgrade claims", "技改奖补申报项目", "上次抽样以来企业实施并申报技改事后奖补的设备项目"},
      {"tech_upgrade_rewarded_provincial", "projects", "Completed projects paid a provincial tech-upgrade reward since the previous sample", MetricKind::flow,
       "Provincial tech-upgrade rewards", "获省级技改奖补项目", "上次抽样以来获得省级技改事后奖补的完工项目"},
      {"tech_upgrade_rewarded_city", "projects", "Completed projects paid a city tech-upgrade reward since the previous sample", MetricKind::flow,
       "City tech-upgrade rewards", "获市级技改奖补项目", "上次抽样以来获得市级技改事后奖补的完工项目"},
      {"tech_upgrade_rewarded_spend", "yuan", "Equipment spend of the rewarded projects since the previous sample", MetricKind::flow,
       "Rewarded equipment spend", "获奖补项目设备投资", "上次抽样以来获奖补项目的设备购置额"},
      {"tech_upgrade_deadweight", "projects", "Of the rewarded projects, those worth doing at the firm's cost of funds without the reward", MetricKind::flow,
       "Deadweight tech-upgrade rewards", "无奖补也会实施的获奖补项目", "获奖补项目中按企业资金成本不靠奖补也值得实施的项目（无谓补贴）"},
      {"tech_upgrade_deadweight_share", "share", "Deadweight share of the rewarded projects since the start (NaN before the first reward)", MetricKind::stock,
       "Tech-upgrade deadweight share", "技改奖补无谓补贴占比", "期初以来获奖补项目中无奖补也会实施的项目占比（首次奖补前为NaN）"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 3700 (models/README.md, "Metrics").
const RegisterMetrics tech_upgrade_metrics{3700, &TechUpgrade::metrics,
                                           [](const World& w, const Census& c, MetricRow& o) { w.tech_upgrade.report(c, o); },
                                           [](World& w) { w.tech_upgrade.restart_period(); }};
}  // namespace

// ---------------------------------------------------------------- scenario keys

namespace {
void bind_rules(Binder& b, const std::string& base, UpgradeParams& g) {
  b.number(base + ".share", g.share, "share", 0, 1, "Reward as a share of the completed project's equipment spend (paid ex post, pro rata when the budget is short).",
           "奖补占完工项目新设备购置额的比例（事后支付，预算不足时按比例核减）。");
  b.number(base + ".cap_yuan", g.cap_yuan, "yuan", 0, 1e12, "Largest reward per project.", "单个项目最高奖补金额。");
  b.number(base + ".min_project_yuan", g.min_project_yuan, "yuan", 0, 1e12, "Smallest equipment spend of an eligible project.",
           "可申报项目的最低新设备购置额。");
}
}  // namespace

void bind_provincial_upgrade_keys(Binder& b, UpgradeParams& g) {
  b.section("policies.tech_upgrade_provincial",
            "Provincial tech-upgrade rewards (seed: 264 projects, 1.016 bn yuan, 2021-2025): an ex-post share of a completed project's equipment spend.",
            {"Provincial tech-upgrade rewards", "省级技改奖励", "省级技术改造事后奖补：按完工项目新设备购置额的一定比例奖补。"});
  b.programme("policies.tech_upgrade_provincial", g.programme, true, "Annual budget.", nullptr, true, true);
  bind_rules(b, "policies.tech_upgrade_provincial", g);
  b.zero_gate("policies.tech_upgrade_provincial.budget_yuan");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 2500 (models/README.md, "Scenario keys").
const RegisterKeys provincial_upgrade_keys_at{2500, [](Binder& b, Params& p) { bind_provincial_upgrade_keys(b, p.programmes.upgrade_provincial); }};
}  // namespace

void bind_city_upgrade_keys(Binder& b, UpgradeParams& g) {
  b.section("policies.tech_upgrade_city",
            "City tech-upgrade rewards (seed: 128 projects, 98.24 m yuan, 2021-2025): an ex-post share of a completed project's equipment spend.",
            {"City tech-upgrade rewards", "市级技改奖励", "市级技术改造事后奖补：按完工项目新设备购置额的一定比例奖补。"});
  b.programme("policies.tech_upgrade_city", g.programme, true, "Annual budget.", nullptr, true, true);
  bind_rules(b, "policies.tech_upgrade_city", g);
  b.zero_gate("policies.tech_upgrade_city.budget_yuan");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 2600 (models/README.md, "Scenario keys").
const RegisterKeys city_upgrade_keys_at{2600, [](Binder& b, Params& p) { bind_city_upgrade_keys(b, p.programmes.upgrade_city); }};
}  // namespace

}  // namespace innosim::model

#include "innosim/model/government/liaison_officers.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "binder.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/model/world.hpp"
#include "metric_groups.hpp"

namespace innosim::model {

namespace {
// Its own flows in the books (ledger.hpp).
const Flow FLOW_LIAISON_OFFICERS = register_flow("liaison_officers");  ///< government -> external (salaries of the innovation-points liaison officers) (liaison_officers)
}  // namespace

namespace {
// Its fiscal line: the rank is its place among the fiscal_<line> metrics (models/README.md, "Fiscal lines");
// the funding by level as in docs/model.md 2.6.
const Fiscal FISCAL_LIAISON_OFFICERS = register_fiscal_line(
    {.rank = 2100, .name = "liaison_officers", .kind = FiscalKind::outlay, .share = CITY_MONEY, .flow = FLOW_LIAISON_OFFICERS,
     .label = "liaison officers", .label_zh = "创新积分联络员"});
}  // namespace

LiaisonOfficers::LiaisonOfficers(World& w) { w.government.add_line(FISCAL_LIAISON_OFFICERS, w.p.liaison.programme); }

double LiaisonOfficers::take_up(const World& w, const Firm& f, const Programme& pr) const {
  if (!f.liaison) return pr.take_up_share;
  return pr.take_up_share + w.p.liaison.take_up_boost * (1.0 - pr.take_up_share);
}

void LiaisonOfficers::year(World& w) {
  const LiaisonParams& lp = w.p.liaison;
  // Officers are hired for one year at a time: last year's leave here.
  for (Firm& f : w.firms) f.liaison = false;
  firms_ = 0;
  if (!lp.programme.active(w.calendar_year())) return;
  // The top-N list, best first (ties to the lower id, as in the ranking):
  // when the budget cannot staff the whole list, the best firms are served.
  std::vector<std::pair<double, std::size_t>> top;
  for (std::size_t i = 0; i < w.firms.size(); ++i)
    if (w.firms[i].alive && w.firms[i].top_points) top.emplace_back(-w.firms[i].innovation_points, i);
  if (top.empty()) return;
  std::sort(top.begin(), top.end(), [&w](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : w.firms[a.second].id < w.firms[b.second].id;
  });
  // Whole officers, as many as the budget pays but no more than the list needs.
  const auto k = static_cast<double>(lp.firms_per_officer);
  const double needed = std::ceil(static_cast<double>(top.size()) / k);
  const double officers =
      std::floor(std::min(w.government.budget_left(FISCAL_LIAISON_OFFICERS) / lp.cost_per_officer_yuan, needed));
  const double cost = w.government.spend(FISCAL_LIAISON_OFFICERS, lp.programme, officers * lp.cost_per_officer_yuan, w.calendar_year());
  if (cost <= 0) return;
  // Salaries leave the city's books: officers help firms apply, they pay them nothing.
  w.ledger.transfer(Account::government, Account::external, cost, FLOW_LIAISON_OFFICERS);
  const auto served = static_cast<std::size_t>(std::min(static_cast<double>(top.size()), cost / lp.cost_per_officer_yuan * k));
  for (std::size_t j = 0; j < served; ++j) w.firms[top[j].second].liaison = true;
  firms_ = static_cast<double>(served);
}

// ---------------------------------------------------------------- metrics

const std::vector<MetricInfo>& LiaisonOfficers::metrics() {
  static const std::vector<MetricInfo> infos = {
      {"liaison_firms", "firms", "Top innovation-points firms with a liaison officer at the sample time", MetricKind::stock,
       "Firms with a liaison officer", "有联络员服务的企业", "抽样时点有联络员服务的创新积分前列企业"},
      {"liaison_applications", "applications", "Programme applications made only because of a liaison officer since the previous sample", MetricKind::flow,
       "Liaison applications", "联络员促成的申报", "上次抽样以来仅因联络员而提出的项目申报"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 2600 (models/README.md, "Metrics").
const RegisterMetrics liaison_officers_metrics{2600, &LiaisonOfficers::metrics,
                                               [](const World& w, const Census&, MetricRow& o) { w.liaison.report(o); },
                                               [](World& w) { w.liaison.restart_period(); }};
}  // namespace

// ---------------------------------------------------------------- scenario keys

void bind_keys(Binder& b, LiaisonParams& lo) {
  b.section("policies.liaison_officers",
            "Innovation-points liaison officers (创新积分制 联络员): the top-N innovation-points firms get an officer who brings "
            "firms to apply for the programmes they are eligible for. Off by default (the seed gives no figures).",
            {"Liaison officers", "创新积分联络员", "联络员帮助创新积分前列企业申报其符合条件的项目。"});
  b.programme("policies.liaison_officers", lo.programme, true, "Annual budget for officers (hired for a year at the annual review).",
              "联络员的年度预算（在年度评估时按年聘用）。",
              false, false);
  b.number("policies.liaison_officers.cost_per_officer_yuan", lo.cost_per_officer_yuan, "yuan per officer-year", 1, 1e9,
           "c_o: an officer's cost for a year (salary and on-costs).",
           "`c_o`：一名联络员一年的费用（工资及附加费用）。");
  b.integer("policies.liaison_officers.firms_per_officer", lo.firms_per_officer, "firms", 1, 100000,
            "k: top-N firms one officer looks after.",
            "`k`：一名联络员负责联系的前N名企业数。");
  b.number("policies.liaison_officers.take_up_boost", lo.take_up_boost, "share", 0, 1,
           "beta: a served firm's take-up share t becomes t + beta (1 - t) in application mode (0: officers change nothing).",
           "`beta`：申报制下，获联络员服务企业的申报比例 `t` 变为 `t + beta (1 - t)`（0：联络员不起作用）。");
  b.zero_gate("policies.liaison_officers.budget_yuan");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 3300 (models/README.md, "Scenario keys").
const RegisterKeys liaison_keys_at{3300, [](Binder& b, Params& p) { bind_keys(b, p.liaison); }};
}  // namespace

}  // namespace innosim::model

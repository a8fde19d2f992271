#include "innosim/model/talent/talent_services.hpp"

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
const Flow FLOW_TALENT_SERVICES = register_flow("talent_services");  ///< government -> external (housing subsidies, school places, medical cover for talent) (talent_services)
}  // namespace

namespace {
// Its fiscal line: the rank is its place among the fiscal_<line> metrics (models/README.md, "Fiscal lines");
// the funding by level as in docs/model.md 2.6.
const Fiscal FISCAL_TALENT_SERVICES = register_fiscal_line(
    {.rank = 2000, .name = "talent_services", .kind = FiscalKind::outlay, .share = CITY_MONEY, .flow = FLOW_TALENT_SERVICES,
     .label = "talent services", .label_zh = "人才服务"});
}  // namespace

TalentServices::TalentServices(World& w) {
  w.government.add_line(FISCAL_TALENT_SERVICES, w.p.talent_services.programme);
}

void TalentServices::year(World& w) {
  const TalentServicesParams& sp = w.p.talent_services;
  // Places are bought for one year at a time: last year's lapse here.
  served_ = 0;
  if (!sp.programme.active(w.calendar_year())) return;
  // Whole places, as many as the year's budget buys, but no more than the
  // talent who need them (a place for someone who owns a flat and has no
  // school-age children buys nothing). No draw: who is served does not
  // matter to a pool without individuals, so the lever shifts no stream.
  const double c = sp.cost_per_person_yuan;
  const double wanted =
      std::floor(std::min(w.government.budget_left(FISCAL_TALENT_SERVICES) / c, sp.eligible_share * w.talent.stock()));
  const double cost = w.government.spend(FISCAL_TALENT_SERVICES, sp.programme, wanted * c, w.calendar_year());
  if (cost <= 0) return;
  // Paid to the providers (landlords, schools, insurers and clinics), not
  // to firms: the services reach firms only through the talent pool.
  w.ledger.transfer(Account::government, Account::external, cost, FLOW_TALENT_SERVICES);
  served_ = cost / c;
}

TalentServices::Effect TalentServices::effect(const World& w, double stock) {
  // The served share sigma of the stock leaves at rho r_out instead of
  // r_out, and the offer raises inflow by eta sigma (the chance that a
  // newcomer gets a place).
  const TalentParams& tp = w.p.talent;
  const TalentServicesParams& sp = w.p.talent_services;
  const double served = stock > 0 ? std::min(1.0, served_ / stock) : 0.0;
  const double retained = stock * tp.outflow_rate * served * (1.0 - sp.retention_factor) / 12.0;
  const double attracted = stock * tp.inflow_rate * sp.attraction * served / 12.0;
  retained_ += retained;
  attracted_ += attracted;
  return {retained, attracted};
}

// ---------------------------------------------------------------- metrics

const std::vector<MetricInfo>& TalentServices::metrics() {
  static const std::vector<MetricInfo> infos = {
      {"talent_served", "persons", "Talent holding a talent-services place (housing, schooling, medical cover) at the sample time", MetricKind::stock,
       "Talent served", "享受人才服务的人才", "抽样时点享受人才服务（住房补贴、子女入学、医疗保障）的人才"},
      {"talent_retained", "persons", "Talent kept in the pool by talent services since the previous sample (outflow avoided)", MetricKind::flow,
       "Talent retained", "留住的人才", "上次抽样以来因人才服务而避免流失的人才"},
      {"talent_attracted", "persons", "Talent drawn to the pool by talent services since the previous sample (inflow added)", MetricKind::flow,
       "Talent attracted", "吸引的人才", "上次抽样以来因人才服务而新增流入的人才"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 2500 (models/README.md, "Metrics").
const RegisterMetrics talent_services_metrics{2500, &TalentServices::metrics,
                                              [](const World& w, const Census&, MetricRow& o) { w.talent_services.report(o); },
                                              [](World& w) { w.talent_services.restart_period(); }};
}  // namespace

// ---------------------------------------------------------------- scenario keys

void bind_keys(Binder& b, TalentServicesParams& ts) {
  b.section("policies.talent_services",
            "Talent services (housing subsidies, school places, medical cover): a yearly budget buys service places for the "
            "talent pool; served talent leave less often and the offer draws more. Off by default (the seed gives no figures).",
            {"Talent services", "人才服务", "住房补贴、子女入学和医疗保障，用以留住和吸引人才。"});
  b.programme("policies.talent_services", ts.programme, true, "Annual budget for service places (bought for a year at the annual review).",
              "人才服务名额的年度预算（在年度评估时按年购买）。",
              false, false);
  b.number("policies.talent_services.cost_per_person_yuan", ts.cost_per_person_yuan, "yuan per person-year", 1, 1e9,
           "c: cost of one service place (housing subsidy, school place, medical cover) for a year.",
           "`c`：一个服务名额（住房补贴、子女入学、医疗保障）一年的费用。");
  b.number("policies.talent_services.eligible_share", ts.eligible_share, "share", 0, 1,
           "e: most places, as a share of the talent stock (those who need housing, schooling or care).",
           "`e`：服务名额上限占人才存量的比例（需要住房、子女入学或医疗服务的人才）。");
  b.number("policies.talent_services.retention_factor", ts.retention_factor, "share", 0, 1,
           "rho: a served person's outflow rate as a share of talent.outflow_rate (1: services keep no one).",
           "`rho`：享受服务人才的流出率相对于 talent.outflow_rate 的比例（1：服务留不住任何人）。");
  b.number("policies.talent_services.attraction", ts.attraction, "", 0, 100,
           "eta: inflow rate x (1 + eta x served share of the stock).",
           "`eta`：流入率 × (1 + eta × 享受服务人才占人才存量的比例)。");
  b.zero_gate("policies.talent_services.budget_yuan");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 3200 (models/README.md, "Scenario keys").
const RegisterKeys talent_services_keys_at{3200, [](Binder& b, Params& p) { bind_keys(b, p.talent_services); }};
}  // namespace

}  // namespace innosim::model

#include "innosim/model/innovation/incubators.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "binder.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/model/world.hpp"
#include "metric_groups.hpp"

namespace innosim::model {

namespace {
constexpr std::uint64_t P_INCUBATE = engine::purpose_id("incubate");
}  // namespace

void Incubators::setup(World& w) {
  const IncubatorParams& ip = w.p.incubators;
  for (int tier = 0; tier < 3; ++tier)
    for (int k = 0; k < static_cast<int>(ip.count[static_cast<std::size_t>(tier)]); ++k)
      incubators_.push_back(Incubator{tier, ip.capacity[static_cast<std::size_t>(tier)], 0.0});
  // Tenants at the start: start-ups, then tech SMEs (they sit at the end).
  // Their time in the incubator so far draws from the labs' stream (the
  // order of the set-up's draws, kept for common random numbers).
  double to_admit = w.p.initial.incubated_firms;
  for (auto it = w.firms.rbegin(); it != w.firms.rend() && to_admit > 0; ++it) {
    if (it->stage > Stage::tech_sme) break;
    for (std::size_t k = 0; k < incubators_.size(); ++k) {
      if (incubators_[k].tenants < incubators_[k].capacity) {
        incubators_[k].tenants += 1;
        it->incubator = static_cast<std::int16_t>(k);
        it->incubated = true;
        it->incubated_since = -engine::uniform(w.labs.stream(), 0.0, ip.tenancy_years);
        to_admit -= 1;
        break;
      }
    }
  }
}

void Incubators::admit(World& w, Firm& f) {
  if (draw(f, P_INCUBATE, 0) >= w.p.incubators.admission_share) return;
  for (std::size_t k = 0; k < incubators_.size(); ++k) {
    if (incubators_[k].tenants < incubators_[k].capacity) {
      incubators_[k].tenants += 1;
      f.incubator = static_cast<std::int16_t>(k);
      f.incubated = true;
      f.incubated_since = w.years();
      return;
    }
  }
}

void Incubators::leave(World&, Firm& f, bool graduation) {
  if (f.incubator < 0) return;
  incubators_[static_cast<std::size_t>(f.incubator)].tenants -= 1;
  f.incubator = -1;
  f.incubated = false;
  if (graduation) graduations_ += 1;
}

void Incubators::review(World& w) {
  // Incubator graduation: tenancy limit reached, or certified on the ladder.
  for (Firm& f : w.firms)
    if (f.alive && f.incubator >= 0 &&
        (w.years() - f.incubated_since >= w.p.incubators.tenancy_years || f.stage >= Stage::tech_sme))
      leave(w, f, true);
}

double Incubators::growth_bonus(const World& w, const Firm& f) const {
  return f.incubated ? w.p.incubators.growth_bonus / 12.0 : 0.0;
}

double Incubators::hazard_factor(const World& w, const Firm& f) const {
  return f.incubated ? w.p.incubators.hazard_multiplier : 1.0;
}

// ---------------------------------------------------------------- metrics

const std::vector<MetricInfo>& Incubators::metrics() {
  static const std::vector<MetricInfo> infos = {
      {"incubated_firms", "firms", "Alive incubator tenants", MetricKind::stock,
       "Incubated firms", "在孵企业", "存续的孵化器在孵企业"},
      {"incubator_graduations", "firms", "Tenants graduating (certified or tenancy limit) since the previous sample", MetricKind::flow,
       "Incubator graduations", "孵化毕业企业", "上次抽样以来毕业的在孵企业（获得认定或孵化期满）"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 1100 (models/README.md, "Metrics").
const RegisterMetrics incubators_metrics{1100, &Incubators::metrics,
                                         [](const World& w, const Census& c, MetricRow& o) { w.incubators.report(c, o); },
                                         [](World& w) { w.incubators.restart_period(); }};
}  // namespace

// ---------------------------------------------------------------- scenario keys

void bind_keys(Binder& b, IncubatorParams& in) {
  b.section("institutions.incubators", "Incubators and maker spaces (seed: 42, of which 11 national and 18 provincial; > 2,000 tenants).",
            {"Incubators", "孵化器", "孵化器和众创空间：容量、入孵和孵化期限。"});
  b.group("institutions.incubators.count", "Incubators of each tier: national, provincial, other.",
          {"Incubators by tier", "各级孵化器数量", "国家级、省级和其他孵化器的数量。"});
  b.group("institutions.incubators.capacity", "Tenant places per incubator of each tier.",
          {"Incubator places by tier", "各级孵化器容量", "各级孵化器每家可容纳的在孵企业数。"});
  static const char* TIERS[3] = {"national", "provincial", "other"};
  static const char* COUNT_ZH[3] = {"国家级孵化器数量。", "省级孵化器数量。", "其他孵化器和众创空间数量。"};
  static const char* CAPACITY_ZH[3] = {"每家国家级孵化器可容纳的在孵企业数。", "每家省级孵化器可容纳的在孵企业数。",
                                       "其他孵化器和众创空间每家可容纳的在孵企业数。"};
  for (int t = 0; t < 3; ++t) {
    b.number(std::string("institutions.incubators.count.") + TIERS[t], in.count[static_cast<std::size_t>(t)], "incubators", 0, 1e5,
             "Incubators of this tier.", COUNT_ZH[t]);
    b.number(std::string("institutions.incubators.capacity.") + TIERS[t], in.capacity[static_cast<std::size_t>(t)], "tenants", 0, 1e6,
             "Tenant places per incubator of this tier.", CAPACITY_ZH[t]);
  }
  b.number("institutions.incubators.admission_share", in.admission_share, "share", 0, 1, "Share of entrants that apply for a place.",
           "新设企业中申请入孵的比例。");
  b.number("institutions.incubators.tenancy_years", in.tenancy_years, "years", 0, 50, "Maximum tenancy.",
           "最长孵化期。");
  b.number("institutions.incubators.hazard_multiplier", in.hazard_multiplier, "", 0, 10,
           "Background exit hazard x this while incubated (evidence: no survival gain, so 1).",
           "在孵期间背景退出风险率乘以该值（实证表明入孵不提高存活率，故取1）。");
  b.number("institutions.incubators.growth_bonus", in.growth_bonus, "per year", -1, 1, "Extra demand growth while incubated (evidence: faster growth).",
           "在孵期间需求的额外增长率（实证表明在孵企业成长更快）。");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 1300 (models/README.md, "Scenario keys").
const RegisterKeys incubators_keys_at{1300, [](Binder& b, Params& p) { bind_keys(b, p.incubators); }};
}  // namespace

}  // namespace innosim::model

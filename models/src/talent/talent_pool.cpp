#include "innosim/model/talent/talent_pool.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "binder.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/model/world.hpp"
#include "metric_groups.hpp"

namespace innosim::model {

void TalentPool::setup(World& w) {
  for (const Firm& f : w.firms) st_demand_ += f.st_staff_share * f.employees;
  stock_ = w.p.talent.stock_per_st_job * st_demand_;
  update_factor(w);
}

void TalentPool::month(World& w, double st_demand) {
  // The pool of researchers and engineers: inflow and outflow; firms' S&T
  // demand beyond the pool makes R&D less effective (scarcity).
  st_demand_ = st_demand;
  const TalentParams& tp = w.p.talent;
  if (w.talent_services.served() <= 0) {
    // Without service places, the rates alone (the exact pre-lever arithmetic).
    stock_ *= 1.0 + (tp.inflow_rate - tp.outflow_rate) / 12.0;
  } else {
    // Talent services: outflow avoided and inflow added, booked apart from
    // the base flows so that the metrics report what the services added.
    const TalentServices::Effect e = w.talent_services.effect(w, stock_);
    stock_ *= 1.0 + (tp.inflow_rate - tp.outflow_rate) / 12.0;
    stock_ += e.retained + e.attracted;
  }
  update_factor(w);
}

void TalentPool::update_factor(const World& w) {
  factor_ = st_demand_ > 0 ? std::pow(std::min(1.0, stock_ / st_demand_), w.p.talent.scarcity_elasticity) : 1.0;
}

// ---------------------------------------------------------------- metrics

const std::vector<MetricInfo>& TalentPool::metrics() {
  static const std::vector<MetricInfo> infos = {
      {"talent_stock", "persons", "Researchers and engineers available to firms", MetricKind::stock,
       "Talent stock", "人才存量", "企业可招聘的研发人员和工程师"},
      {"talent_sufficiency", "share", "min(1, talent stock / firms' S&T staff demand)^elasticity: R&D effectiveness", MetricKind::stock,
       "Talent sufficiency", "人才充足度", "min(1, 人才存量 / 企业科技人员需求) 的弹性次方：研发效率系数"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 1900 (models/README.md, "Metrics").
const RegisterMetrics talent_pool_metrics{1900, &TalentPool::metrics,
                                          [](const World& w, const Census&, MetricRow& o) { w.talent.report(o); }};
}  // namespace

// ---------------------------------------------------------------- scenario keys

void bind_keys(Binder& b, TalentParams& t) {
  b.section("talent", "The pool of researchers and engineers firms hire S&T staff from.",
            {"Talent pool", "人才池", "企业从中招聘科技人员的研发人员和工程师总量。"});
  b.number("talent.stock_per_st_job", t.stock_per_st_job, "", 0, 100, "Initial stock relative to firms' S&T staff.",
           "初始人才存量相对于企业科技人员数的倍数。");
  b.number("talent.inflow_rate", t.inflow_rate, "per year", 0, 10, "Yearly inflow as a share of the stock.",
           "每年流入量占人才存量的比例。");
  b.number("talent.outflow_rate", t.outflow_rate, "per year", 0, 10, "Yearly outflow as a share of the stock.",
           "每年流出量占人才存量的比例。");
  b.number("talent.scarcity_elasticity", t.scarcity_elasticity, "", 0, 10, "R&D effectiveness x min(1, stock/demand)^elasticity.",
           "研发效率乘以 min(1, 人才存量 / 需求) 的该值次方。");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 3400 (models/README.md, "Scenario keys").
const RegisterKeys talent_keys_at{3400, [](Binder& b, Params& p) { bind_keys(b, p.talent); }};
}  // namespace

}  // namespace innosim::model

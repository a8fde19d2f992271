#include "innosim/model/innovation/concept_verification.hpp"

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
const Fiscal FISCAL_CONCEPT_VERIFICATION = register_fiscal_line(
    {.rank = 600, .name = "concept_verification", .kind = FiscalKind::outlay, .share = CITY_MONEY, .flow = SHARED_FLOW,
     .label = "concept verification", .label_zh = "概念验证"});
}  // namespace

namespace {
constexpr std::uint64_t P_VERIFY = engine::purpose_id("verify");
}  // namespace

ConceptVerification::ConceptVerification(World& w) {
  w.government.add_line(FISCAL_CONCEPT_VERIFICATION, w.p.concept_centres.programme);
}

void ConceptVerification::setup(World& w) {
  const ConceptCentreParams& cc = w.p.concept_centres;
  centres_ = std::make_unique<engine::Resource>(w.sim, std::max(0, cc.centres * cc.projects_per_centre));
}

void ConceptVerification::verify(World& w, std::size_t index) {
  const ConceptCentreParams& cc = w.p.concept_centres;
  if (!cc.programme.active(w.calendar_year()) || centres_->capacity() == 0) return;
  // Only whole projects are funded; without budget the result waits unverified.
  if (w.government.budget_left(FISCAL_CONCEPT_VERIFICATION) < cc.cost_per_project_yuan) return;
  const double paid = w.government.spend(FISCAL_CONCEPT_VERIFICATION, cc.programme, cc.cost_per_project_yuan, w.calendar_year());
  w.ledger.transfer(Account::government, Account::external, paid, Flow::programme_cost);
  Result& r = w.labs.results()[index];
  r.verifying = true;
  const std::int64_t id = r.id;
  // One stream per result and attempt, so a retry gets fresh draws and
  // other results' draws never shift.
  const std::uint64_t key = P_VERIFY ^ (static_cast<std::uint64_t>(++r.attempts) * 0x9e3779b97f4a7c15ull);
  World* wp = &w;
  centres_->request([wp, id, key] { wp->verification.start(*wp, id, key); });
}

void ConceptVerification::start(World& w, std::int64_t id, std::uint64_t key) {
  engine::RandomStream d(w.seed, w.replication, static_cast<std::uint64_t>(id), key);
  const double days = engine::exponential(d, 1.0 / w.p.concept_centres.days_mean);
  const bool success = d.uniform01() < w.p.concept_centres.success;
  World* wp = &w;
  w.sim.schedule_in(days, [wp, id, success] { wp->verification.done(*wp, id, success); });
}

void ConceptVerification::done(World& w, std::int64_t id, bool success) {
  centres_->release();
  for (Result& res : w.labs.results()) {
    if (res.id != id) continue;
    res.verifying = false;
    if (success) res.trl = std::min(9.0, res.trl + w.p.concept_centres.trl_gain);
    break;
  }
}

// ---------------------------------------------------------------- scenario keys

void bind_keys(Binder& b, ConceptCentreParams& cc) {
  b.section("institutions.concept_verification", "Concept-verification centres: raise results' readiness before matching.",
            {"Concept verification", "概念验证中心", "概念验证中心在对接前提高科研成果的技术成熟度。"});
  b.programme("institutions.concept_verification", cc.programme, true, "Annual budget for verification projects.",
              "概念验证项目的年度预算。", false, false);
  b.integer("institutions.concept_verification.centres", cc.centres, "centres", 0, 10000, "Centres.",
            "概念验证中心数量。");
  b.integer("institutions.concept_verification.projects_per_centre", cc.projects_per_centre, "projects", 0, 10000, "Concurrent projects per centre.",
            "每个中心可同时开展的项目数。");
  b.number("institutions.concept_verification.cost_per_project_yuan", cc.cost_per_project_yuan, "yuan", 0, 1e10, "Government cost of one verification.",
           "政府为一次概念验证支付的费用。");
  b.number("institutions.concept_verification.days_mean", cc.days_mean, "days", 0.1, 3650, "Mean verification time (exponential).",
           "一次概念验证的平均耗时（服从指数分布）。");
  b.number("institutions.concept_verification.success", cc.success, "probability", 0, 1, "Probability a verification raises readiness.",
           "一次概念验证提高成果技术成熟度的概率。");
  b.number("institutions.concept_verification.trl_gain", cc.trl_gain, "TRL", 0, 8, "Readiness levels gained on success.",
           "验证成功时提高的技术成熟度等级数。");
  b.number("institutions.concept_verification.min_trl_for_matching", cc.min_trl_for_matching, "TRL", 1, 9, "Results below this need verification first.",
           "技术成熟度低于该等级的成果须先经过概念验证。");
  b.switch_gates("institutions.concept_verification", {"min_trl_for_matching"});
  b.zero_gate("institutions.concept_verification.budget_yuan", {"min_trl_for_matching"});
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 1500 (models/README.md, "Scenario keys").
const RegisterKeys concept_centres_keys_at{1500, [](Binder& b, Params& p) { bind_keys(b, p.concept_centres); }};
}  // namespace

}  // namespace innosim::model

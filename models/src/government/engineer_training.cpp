#include "innosim/model/government/engineer_training.hpp"

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
const Fiscal FISCAL_ENGINEER_TRAINING = register_fiscal_line(
    {.rank = 1500, .name = "engineer_training", .kind = FiscalKind::outlay, .share = CITY_MONEY, .flow = SHARED_FLOW,
     .label = "engineer training", .label_zh = "产业工程师培训"});
}  // namespace

EngineerTraining::EngineerTraining(World& w) {
  w.government.add_line(FISCAL_ENGINEER_TRAINING, w.p.programmes.engineer_training.programme);
}

void EngineerTraining::year(World& w) {
  const EngineerTrainingParams& g = w.p.programmes.engineer_training;
  const int year = w.calendar_year();
  if (!g.programme.active(year)) return;
  for (int c = 0; c < g.classes_per_year; ++c) {
    const double cost = w.government.spend(FISCAL_ENGINEER_TRAINING, g.programme, g.grant_yuan, year);
    if (cost < g.grant_yuan) {
      if (cost > 0) w.ledger.transfer(Account::government, Account::external, cost, Flow::programme_cost);
      break;
    }
    w.ledger.transfer(Account::government, Account::external, cost, Flow::programme_cost);
    // The classes upskill engineers already in post (产业工程师), so a trainee
    // adds a fraction of a person to the stock, not a newcomer (7.22 item 8).
    w.talent.add(g.trainees_per_class * g.stock_per_trainee);
  }
}

// ---------------------------------------------------------------- scenario keys

void bind_keys(Binder& b, EngineerTrainingParams& g) {
  b.grant("policies.engineer_training", g.programme, g.grant_yuan, "Industry-engineer training classes (seed: ~10 classes, 150+ trainees).",
          {"Engineer training", "产业工程师培训", "产业工程师培训班。"}, "Cost per class.",
          "每个班的费用。",
          false, false);
  b.integer("policies.engineer_training.classes_per_year", g.classes_per_year, "classes", 0, 100000, "Classes per year.",
            "每年开班数。");
  b.number("policies.engineer_training.trainees_per_class", g.trainees_per_class, "persons", 0, 1e5, "Trainees per class.",
           "每班学员人数。");
  b.number("policies.engineer_training.stock_per_trainee", g.stock_per_trainee, "persons", 0, 1,
           "Talent-stock persons a trainee adds: the classes upskill engineers in post (assumption, 0.2, sized to the training-productivity evidence).",
           "每名学员为人才存量增加的人数：培训对象为在岗工程师，按技能提升折算（假设值0.2，参照培训对生产率影响的实证研究设定）。");
  b.zero_gate("policies.engineer_training.budget_yuan");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 3000 (models/README.md, "Scenario keys").
const RegisterKeys engineer_training_keys_at{3000, [](Binder& b, Params& p) { bind_keys(b, p.programmes.engineer_training); }};
}  // namespace

}  // namespace innosim::model

#include "innosim/model/government/digital_transformation.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "binder.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/model/government/participation.hpp"
#include "innosim/model/world.hpp"
#include "metric_groups.hpp"

namespace innosim::model {

namespace {
// Its fiscal line: the rank is its place among the fiscal_<line> metrics (models/README.md, "Fiscal lines");
// the funding by level as in docs/model.md 2.6.
// Seed: "200 m yuan national + provincial funds"; half each (Assumption).
const Fiscal FISCAL_DIGITAL_TRANSFORMATION = register_fiscal_line(
    {.rank = 1200, .name = "digital_transformation", .kind = FiscalKind::outlay, .share = {0.5, 0.5, 0}, .flow = SHARED_FLOW,
     .label = "digital-transformation grants", .label_zh = "数字化转型补助"});
}  // namespace

namespace {
constexpr std::uint64_t P_DIGITAL = engine::purpose_id("digital");
constexpr std::uint64_t P_DIGITAL_INIT = engine::purpose_id("digital_init");
constexpr std::uint64_t PURPOSE_DIGITAL = 4;  // the delivery rule's purpose code (7.21)
}  // namespace

DigitalTransformation::DigitalTransformation(World& w) {
  w.government.add_line(FISCAL_DIGITAL_TRANSFORMATION, w.p.programmes.digital.programme);
}

void DigitalTransformation::setup(World& w) {
  for (Firm& f : w.firms) f.digitalised = draw(f, P_DIGITAL_INIT, 0) < w.p.initial.digitalised_share;
}

void DigitalTransformation::year(World& w) {
  // Digitalisation by choice (7.21a): an opportunity is taken up when the
  // yearly saving of the process gain (labour per unit / (1 + g), materials
  // per unit / (1 + g)^phi, at this month's output), valued at the firm's
  // cost of funds over the equipment's life, beats the cost net of the
  // matching grant it would get.
  const DigitalParams& g = w.p.programmes.digital;
  const auto y = static_cast<std::uint64_t>(w.calendar_year());
  const double phi = w.p.firm.materials_saving;
  const double labour_cut = 1.0 - 1.0 / (1.0 + g.gain), materials_cut = 1.0 - std::pow(1.0 + g.gain, -phi);
  for (Firm& f : w.firms) {
    if (!f.alive || f.digitalised) continue;
    if (draw(f, P_DIGITAL, y) >= g.opportunity_rate) continue;
    if (f.revenue <= 0 || f.wage_bill <= 0) continue;
    const double output = f.revenue / w.dynamics.price(f);
    const double saving = 12.0 * (labour_cut * f.wage_bill + materials_cut * w.dynamics.input_cost(f) * output);
    const FirmFinance::Financing fin = w.finance.finance_purchase(w, f, std::max(1.0, g.cost_yuan));
    ActivityOffer offer;
    offer.cost = g.cost_yuan;
    offer.rate = fin.cost_of_funds;
    offer.value = saving * FirmFinance::annuity_factor(fin.cost_of_funds, g.horizon_years);
    offer.grant = g.grant_yuan;
    if (!would_join(w, f, FISCAL_DIGITAL_TRANSFORMATION, g.programme, offer, PURPOSE_DIGITAL)) continue;
    if (fin.loan > 1e4 && !w.banks.borrow(w, f, fin.loan, false, true)) continue;  // the bank will not fund it
    const ActivityChoice c = join_activity(w, f, FISCAL_DIGITAL_TRANSFORMATION, g.programme, offer, PURPOSE_DIGITAL);
    if (!c.join) continue;
    w.pay(f, Account::external, g.cost_yuan, Flow::project_cost);
    w.dynamics.improve_process(f, g.gain);
    f.digitalised = true;
    adopted_ += 1;
    if (c.subsidised) {
      supported_ += 1;
      f.matched_grants |= 2;
      if (f.matched_since == 0) f.matched_since = static_cast<std::uint16_t>(w.calendar_year());
    }
    if (c.deadweight) deadweight_ += 1;
  }
}

void DigitalTransformation::report(const Census& c, MetricRow& out) const {
  out.insert(out.end(), {c.digitalised, adopted_, supported_, deadweight_});
}

// ---------------------------------------------------------------- metrics

const std::vector<MetricInfo>& DigitalTransformation::metrics() {
  static const std::vector<MetricInfo> infos = {
      {"digitalised_firms", "firms", "Alive digitally transformed firms", MetricKind::stock,
       "Digitalised firms", "数字化转型企业", "已完成数字化转型的存续企业"},
      {"digital_adoptions", "firms", "Firms that digitalised since the previous sample", MetricKind::flow,
       "Digital adoptions", "数字化转型（新增）", "上次抽样以来完成数字化转型的企业"},
      {"digital_supported_adoptions", "firms", "Of those, with a digital-transformation grant (paid or approved)", MetricKind::flow,
       "Supported digital adoptions", "获补助的数字化转型", "其中获得数字化转型补助（已支付或已批准）的企业"},
      {"digital_support_deadweight", "firms", "Of the supported adoptions, those the firm would have made without the grant", MetricKind::flow,
       "Deadweight digital support", "无补助也会转型的受补企业", "获补助企业中按全额成本也会转型的企业（无谓补贴）"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 2100 (models/README.md, "Metrics").
const RegisterMetrics digital_transformation_metrics{2100, &DigitalTransformation::metrics,
                                                     [](const World& w, const Census& c, MetricRow& o) { w.digital.report(c, o); },
                                                     [](World& w) { w.digital.restart_period(); }};
}  // namespace

// ---------------------------------------------------------------- scenario keys

void bind_keys(Binder& b, DigitalParams& g) {
  b.grant("policies.digital_transformation", g.programme, g.grant_yuan,
          "Digital-transformation support (seed: 2,193 firms): a matching grant on digitalisation firms take up when worth doing.",
            {"Digital transformation", "数字化转型", "对企业数字化转型的支持。"},
          "Grant per digitalising firm.",
          "每家实施数字化转型企业的补助。");
  b.number("policies.digital_transformation.opportunity_rate", g.opportunity_rate, "opportunities per firm-year", 0, 1,
           "Digitalisation opportunities per firm and year (taken up when worth doing at the firm's cost of funds).",
           "每家企业每年的数字化转型机会数（按企业的资金成本测算值得时才实施）。");
  b.number("policies.digital_transformation.horizon_years", g.horizon_years, "years", 0.1, 100, "Years the firm counts the saving (the equipment's life).",
           "企业计入成本节约的年数（设备使用寿命）。");
  b.number("policies.digital_transformation.gain", g.gain, "share", 0, 10, "Productivity gain of digitalisation.",
           "数字化转型带来的生产率提升。");
  b.number("policies.digital_transformation.cost_yuan", g.cost_yuan, "yuan", 0, 1e12, "Firm's cost of digitalising.",
           "企业实施数字化转型的成本。");
  // Firms digitalise without the money too, at their own cost.
  b.switch_gates("policies.digital_transformation", {"opportunity_rate", "horizon_years", "gain", "cost_yuan"});
  b.zero_gate("policies.digital_transformation.budget_yuan", {"opportunity_rate", "horizon_years", "gain", "cost_yuan"}, true);
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 2700 (models/README.md, "Scenario keys").
const RegisterKeys digital_keys_at{2700, [](Binder& b, Params& p) { bind_keys(b, p.programmes.digital); }};
}  // namespace

}  // namespace innosim::model

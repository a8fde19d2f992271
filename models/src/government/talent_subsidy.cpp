#include "innosim/model/government/talent_subsidy.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
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
const Fiscal FISCAL_TALENT_SUBSIDY = register_fiscal_line(
    {.rank = 1400, .name = "talent_subsidy", .kind = FiscalKind::outlay, .share = CITY_MONEY, .flow = SHARED_FLOW,
     .label = "talent subsidy", .label_zh = "柔性引才补贴"});
}  // namespace

namespace {
constexpr std::uint64_t P_COOPERATION = engine::purpose_id("cooperation");
constexpr std::uint64_t P_COOPERATION_RETURN_A = engine::purpose_id("cooperation_return_a");
constexpr std::uint64_t P_COOPERATION_RETURN_B = engine::purpose_id("cooperation_return_b");
constexpr std::uint64_t PURPOSE_TALENT = 6;  // the delivery rule's purpose code (7.21)
}  // namespace

TalentSubsidy::TalentSubsidy(World& w) {
  w.government.add_line(FISCAL_TALENT_SUBSIDY, w.p.programmes.talent_subsidy.programme);
}

void TalentSubsidy::year(World& w) {
  // Flexible-talent cooperation projects by choice (7.22 item 7): an
  // opportunity with a yearly return rho per yuan of cost is taken up when
  // its value at the firm's cost of funds beats the cost net of the grant
  // (20 %, <= 300 k) it would get. The grant lowers the price of the
  // activity and nothing else, so the projects it adds are worth doing.
  const TalentSubsidyParams& g = w.p.programmes.talent_subsidy;
  const auto y = static_cast<std::uint64_t>(w.calendar_year());
  const double sd = g.return_dispersion;
  for (Firm& f : w.firms) {
    if (!f.alive || f.stage < g.programme.min_stage) continue;
    if (draw(f, P_COOPERATION, y) >= g.opportunity_rate) continue;
    if (f.revenue <= 0 || f.wage_bill <= 0) continue;
    const double z = normal_from(draw(f, P_COOPERATION_RETURN_A, y), draw(f, P_COOPERATION_RETURN_B, y));
    const double rho = g.return_mean * std::exp(sd * z - 0.5 * sd * sd);
    const double cost = g.project_cost_yuan;
    const FirmFinance::Financing fin = w.finance.finance_purchase(w, f, cost);
    ActivityOffer offer;
    offer.cost = cost;
    offer.rate = fin.cost_of_funds;
    offer.value = rho * cost * FirmFinance::annuity_factor(fin.cost_of_funds, g.horizon_years);
    offer.grant = std::min(g.share * cost, g.grant_yuan);
    if (!would_join(w, f, FISCAL_TALENT_SUBSIDY, g.programme, offer, PURPOSE_TALENT)) continue;
    // Financing first: what the firm's spare cash does not cover it borrows;
    // a project the bank will not fund does not go ahead (nor is a grant asked for).
    if (fin.loan > 1e4 && !w.banks.borrow(w, f, fin.loan, false, true)) continue;
    const ActivityChoice c = join_activity(w, f, FISCAL_TALENT_SUBSIDY, g.programme, offer, PURPOSE_TALENT);
    if (!c.join) continue;  // the budget ran out and the project is not worth it alone
    w.pay(f, Account::external, cost, Flow::project_cost);
    w.talent.add(g.talent_per_project);
    f.st_staff_share = std::min(0.9, f.st_staff_share + 0.005);
    w.finance.deliver_saving(w, f, rho * cost, g.project_months);
    projects_ += 1;
    if (c.subsidised) {
      subsidised_ += 1;
      f.matched_grants |= 1;
      if (f.matched_since == 0) f.matched_since = static_cast<std::uint16_t>(w.calendar_year());
    }
    if (c.deadweight) deadweight_ += 1;
    else if (c.subsidised) f.matched_grants |= 8;  // additional: run only because of the grant
  }
}

void TalentSubsidy::report(MetricRow& out) const {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  out.insert(out.end(), {projects_, subsidised_, deadweight_, subsidised_ > 0 ? deadweight_ / subsidised_ : nan});
}

// ---------------------------------------------------------------- metrics

const std::vector<MetricInfo>& TalentSubsidy::metrics() {
  static const std::vector<MetricInfo> infos = {
      {"cooperation_projects", "projects", "Flexible-talent cooperation projects firms started since the previous sample", MetricKind::flow,
       "Cooperation projects", "柔性引才合作项目", "上次抽样以来企业启动的柔性引才合作项目"},
      {"talent_subsidised_projects", "projects", "Of those, projects with a talent-subsidy grant (paid or approved)", MetricKind::flow,
       "Subsidised cooperation projects", "获补助的合作项目", "其中获得柔性引才补助（已支付或已批准）的项目"},
      {"talent_subsidy_deadweight", "projects", "Of the subsidised projects, those the firm would have started without the grant (worth doing at the full cost)", MetricKind::flow,
       "Deadweight cooperation projects", "无补助也会开展的受补项目", "获补助项目中按全额成本企业也会开展的项目（无谓补贴）"},
      {"talent_subsidy_deadweight_share", "share", "Deadweight / subsidised projects in the period (NaN: none subsidised); over a span use the sums", MetricKind::mean,
       "Talent-subsidy deadweight share", "柔性引才补助无谓比例", "本期无谓补贴项目 / 获补助项目（本期无获补助项目时为空）；跨期请用合计"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 2200 (models/README.md, "Metrics").
const RegisterMetrics talent_subsidy_metrics{2200, &TalentSubsidy::metrics,
                                             [](const World& w, const Census&, MetricRow& o) { w.talent_subsidy.report(o); },
                                             [](World& w) { w.talent_subsidy.restart_period(); }};
}  // namespace

// ---------------------------------------------------------------- scenario keys

void bind_keys(Binder& b, TalentSubsidyParams& g) {
  b.grant("policies.talent_subsidy", g.programme, g.grant_yuan,
          "Talent subsidy: a matching grant of 20 % of a flexible-talent cooperation project's cost, at most 300 k yuan; firms take up projects worth doing at their cost of funds.",
            {"Talent subsidy", "柔性引才补贴", "按比例补贴柔性引才合作项目的费用，设有上限。"},
          "Cap per project.",
          "每个项目的补贴上限。");
  b.number("policies.talent_subsidy.share", g.share, "share", 0, 1, "Share of the project cost paid.",
           "补贴占项目费用的比例。");
  b.number("policies.talent_subsidy.project_cost_yuan", g.project_cost_yuan, "yuan", 1, 1e12, "Cost of a cooperation project.",
           "一个柔性引才合作项目的费用。");
  b.number("policies.talent_subsidy.opportunity_rate", g.opportunity_rate, "opportunities per firm-year", 0, 1,
           "Cooperation opportunities per eligible firm and year (taken up when worth doing).",
           "每家符合条件企业每年的合作机会数（值得开展时才实施）。");
  b.number("policies.talent_subsidy.return_mean", g.return_mean, "per year", 0, 10,
           "Mean gross yearly return of a project: cost saving per yuan of cost (returns to R&D, Hall, Mairesse and Mohnen 2010).",
           "项目的平均年度总回报：每元费用带来的成本节约（研发回报，Hall、Mairesse 和 Mohnen 2010）。");
  b.number("policies.talent_subsidy.return_dispersion", g.return_dispersion, "s.d. of log", 0, 5, "Dispersion of project returns.",
           "项目回报的离散程度。");
  b.number("policies.talent_subsidy.horizon_years", g.horizon_years, "years", 0.1, 100, "Years the firm counts a project's return.",
           "企业计入项目回报的年数。");
  b.number("policies.talent_subsidy.project_months", g.project_months, "months", 0, 120, "Months from a project's start to its cost saving.",
           "从项目启动到产生成本节约的月数。");
  b.number("policies.talent_subsidy.talent_per_project", g.talent_per_project, "persons", 0, 1e4, "Researchers and engineers a project brings.",
           "一个项目引进的研究人员和工程师人数。");
  // Firms cooperate without the money too, at their own cost.
  b.switch_gates("policies.talent_subsidy", {"min_stage", "project_cost_yuan", "opportunity_rate", "return_mean", "return_dispersion",
                                             "horizon_years", "project_months", "talent_per_project"});
  b.zero_gate("policies.talent_subsidy.budget_yuan",
              {"project_cost_yuan", "opportunity_rate", "return_mean", "return_dispersion", "horizon_years", "project_months",
               "talent_per_project"},
              true);
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 2900 (models/README.md, "Scenario keys").
const RegisterKeys talent_subsidy_keys_at{2900, [](Binder& b, Params& p) { bind_keys(b, p.programmes.talent_subsidy); }};
}  // namespace

}  // namespace innosim::model

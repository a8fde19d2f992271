#include "innosim/model/government/talent_subsidy.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "binder.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/model/world.hpp"

namespace innosim::model {

namespace {
constexpr std::uint64_t P_COOPERATION = engine::purpose_id("cooperation");
}  // namespace

TalentSubsidy::TalentSubsidy(World& w) {
  w.government.add_line(Fiscal::talent_subsidy, w.p.programmes.talent_subsidy.programme);
}

void TalentSubsidy::year(World& w) {
  // Flexible-talent cooperation projects; the subsidy pays 20 % (<= 300 k).
  const TalentSubsidyParams& g = w.p.programmes.talent_subsidy;
  const auto y = static_cast<std::uint64_t>(w.calendar_year());
  const bool talent_on = g.programme.active(w.calendar_year());
  for (Firm& f : w.firms) {
    if (!f.alive || f.stage < g.programme.min_stage) continue;
    const double rate = talent_on ? g.rate_with : g.rate_without;
    if (draw(f, P_COOPERATION, y) >= rate) continue;
    w.pay(f, Account::external, g.project_cost_yuan, Flow::project_cost);
    w.talent.add(g.talent_per_project);
    f.st_staff_share = std::min(0.9, f.st_staff_share + 0.005);
    if (talent_on)
      w.government.grant(w, f, Fiscal::talent_subsidy, g.programme, std::min(g.share * g.project_cost_yuan, g.grant_yuan), 6);
  }
}

// ---------------------------------------------------------------- scenario keys

void bind_keys(Binder& b, TalentSubsidyParams& g) {
  b.grant("policies.talent_subsidy", g.programme, g.grant_yuan, "Talent subsidy: 20 % of a flexible-talent cooperation project's cost, at most 300 k yuan.",
          "Cap per project.");
  b.number("policies.talent_subsidy.share", g.share, "share", 0, 1, "Share of the project cost paid.");
  b.number("policies.talent_subsidy.project_cost_yuan", g.project_cost_yuan, "yuan", 0, 1e12, "Cost of a cooperation project.");
  b.number("policies.talent_subsidy.rate_without", g.rate_without, "projects per firm-year", 0, 1, "Projects per eligible firm per year without the subsidy.");
  b.number("policies.talent_subsidy.rate_with", g.rate_with, "projects per firm-year", 0, 1, "With the subsidy.");
  b.number("policies.talent_subsidy.talent_per_project", g.talent_per_project, "persons", 0, 1e4, "Researchers and engineers a project brings.");
}

}  // namespace innosim::model

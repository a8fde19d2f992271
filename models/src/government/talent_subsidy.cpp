#include "innosim/model/government/talent_subsidy.hpp"

#include "binder.hpp"

namespace innosim::model {

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

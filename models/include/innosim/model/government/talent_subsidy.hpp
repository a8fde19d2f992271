#pragma once
// Talent subsidy (docs/model.md 7.22 item 7): eligible firms run
// flexible-talent cooperation projects (more often with the subsidy), which
// bring talent to the city; the subsidy pays 20 % of a project's cost, at
// most 300 k yuan.
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;

struct TalentSubsidyParams {
  Programme programme{.enabled = false, .budget_yuan = Scheduled(30e6), .min_stage = Stage::tech_sme};
  double grant_yuan = 300000;        ///< cap per project
  double share = 0.2;                ///< share of the project cost paid
  double project_cost_yuan = 1.2e6;  ///< cost of a cooperation project
  double rate_without = 0.02;        ///< yearly projects per eligible firm without the subsidy
  double rate_with = 0.05;           ///< with the subsidy
  double talent_per_project = 2;     ///< researchers and engineers a project brings to the city
};

/// The `policies.talent_subsidy.*` keys.
void bind_keys(Binder& b, TalentSubsidyParams& p);

class TalentSubsidy {
 public:
  explicit TalentSubsidy(World& w);  ///< registers its fiscal line
  /// The year's cooperation projects and subsidies.
  void year(World& w);
};

}  // namespace innosim::model

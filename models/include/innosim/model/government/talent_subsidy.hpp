#pragma once
// Flexible-talent cooperation projects and the talent subsidy (docs/model.md
// 7.22 item 7): an eligible firm that has a cooperation opportunity (a
// project with outside researchers and engineers, 柔性引才) takes it up when
// its expected return, at the firm's cost of funds, beats its cost net of
// the subsidy it would get (a matching grant of 20 % of the cost, at most
// 300 k yuan), of the application cost and of the approval delay. A project
// brings talent to the city and, after it runs, a process improvement. The
// deadweight (subsidised projects the firm would have run without the
// grant) is counted.
#include <cstdint>
#include <vector>

#include "innosim/model/metrics.hpp"
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;
struct Firm;

struct TalentSubsidyParams {
  Programme programme{.enabled = false, .budget_yuan = Scheduled(30e6), .min_stage = Stage::tech_sme};
  double grant_yuan = 300000;          ///< cap per project
  double share = 0.2;                  ///< share of the project cost paid
  double project_cost_yuan = 1.2e6;    ///< cost of a cooperation project
  double opportunity_rate = 0.035;     ///< cooperation opportunities per eligible firm-year
  double return_mean = 0.25;           ///< mean gross yearly return (cost saving per yuan of project cost)
  double return_dispersion = 0.5;      ///< s.d. of the log return across projects
  double horizon_years = 6;            ///< years the firm counts the return (the knowledge's life, ~1/0.15)
  double project_months = 12;          ///< months from the start to the improvement
  double talent_per_project = 2;       ///< researchers and engineers a project brings to the city
};

/// The `policies.talent_subsidy.*` keys.
void bind_keys(Binder& b, TalentSubsidyParams& p);

class TalentSubsidy {
 public:
  explicit TalentSubsidy(World& w);  ///< registers its fiscal line
  /// The year's cooperation opportunities, projects and subsidies.
  void year(World& w);

  // ---- metrics: projects, subsidised projects, deadweight
  static const std::vector<MetricInfo>& metrics();
  void report(MetricRow& out) const;
  void restart_period() { projects_ = subsidised_ = deadweight_ = 0; }

 private:
  double projects_ = 0, subsidised_ = 0, deadweight_ = 0;  ///< period
};

}  // namespace innosim::model

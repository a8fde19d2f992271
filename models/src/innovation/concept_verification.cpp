#include "innosim/model/innovation/concept_verification.hpp"

#include "binder.hpp"

namespace innosim::model {

void bind_keys(Binder& b, ConceptCentreParams& cc) {
  b.section("institutions.concept_verification", "Concept-verification centres: raise results' readiness before matching.");
  b.programme("institutions.concept_verification", cc.programme, true, "Annual budget for verification projects.", false, false);
  b.integer("institutions.concept_verification.centres", cc.centres, "centres", 0, 10000, "Centres.");
  b.integer("institutions.concept_verification.projects_per_centre", cc.projects_per_centre, "projects", 0, 10000, "Concurrent projects per centre.");
  b.number("institutions.concept_verification.cost_per_project_yuan", cc.cost_per_project_yuan, "yuan", 0, 1e10, "Government cost of one verification.");
  b.number("institutions.concept_verification.days_mean", cc.days_mean, "days", 0.1, 3650, "Mean verification time (exponential).");
  b.number("institutions.concept_verification.success", cc.success, "probability", 0, 1, "Probability a verification raises readiness.");
  b.number("institutions.concept_verification.trl_gain", cc.trl_gain, "TRL", 0, 8, "Readiness levels gained on success.");
  b.number("institutions.concept_verification.min_trl_for_matching", cc.min_trl_for_matching, "TRL", 1, 9, "Results below this need verification first.");
}

}  // namespace innosim::model

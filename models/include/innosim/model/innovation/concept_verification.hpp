#pragma once
// Concept-verification centres: raise a result's readiness, capacity-limited
// (docs/model.md 2.9, 7.17).
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;

struct ConceptCentreParams {
  Programme programme{.enabled = true, .budget_yuan = Scheduled(3e6)};
  double cost_per_project_yuan = 200000;  ///< government pays each verification
  int centres = 2;
  int projects_per_centre = 6;            ///< concurrent verification projects per centre
  double days_mean = 120;                 ///< mean verification time (exponential)
  double success = 0.6;                   ///< probability a verification raises readiness
  double trl_gain = 2;                    ///< readiness levels gained on success
  double min_trl_for_matching = 4;        ///< results below this need verification before matching
};

/// The `institutions.concept_verification.*` keys.
void bind_keys(Binder& b, ConceptCentreParams& p);

}  // namespace innosim::model

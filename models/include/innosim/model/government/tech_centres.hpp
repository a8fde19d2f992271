#pragma once
// Enterprise technology centres: recognition of the best certified firms by
// innovation points, a grant, and more effective R&D (docs/model.md 7.22 item 5).
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;

struct TechCentreParams {
  Programme programme{.enabled = true, .budget_yuan = Scheduled(12e6), .min_stage = Stage::high_tech};
  double grant_yuan = 1.7e6;         ///< grant per recognised centre
  int per_year = 7;                  ///< centres recognised per year
  double rd_boost = 0.3;             ///< innovation odds x (1 + boost) for recognised centres
};

/// The `policies.tech_centres.*` keys.
void bind_keys(Binder& b, TechCentreParams& p);

}  // namespace innosim::model

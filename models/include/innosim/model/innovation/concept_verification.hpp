#pragma once
// Concept-verification centres (docs/model.md 2.9, 7.17): results below the
// readiness threshold are verified, capacity-limited (a kernel resource) and
// paid project by project from the year's budget; a success raises readiness.
#include <cstdint>
#include <memory>

#include "innosim/engine/resource.hpp"
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;

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

class ConceptVerification {
 public:
  explicit ConceptVerification(World& w);  ///< registers its fiscal line
  /// The centres' concurrent projects (a kernel resource).
  void setup(World& w);
  /// Verifies the labs' result at `index` if the programme runs and the
  /// budget pays a whole project (else the result waits unverified).
  void verify(World& w, std::size_t index);

 private:
  void start(World& w, std::int64_t id, std::uint64_t key);
  void done(World& w, std::int64_t id, bool success);
  std::unique_ptr<engine::Resource> centres_;
};

}  // namespace innosim::model

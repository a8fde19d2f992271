#pragma once
// Industry-engineer training classes (docs/model.md 7.22 item 8): the
// year's classes, paid whole from the budget; trainees join the talent pool.
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;

struct EngineerTrainingParams {
  Programme programme{.enabled = true, .budget_yuan = Scheduled(3e6)};
  double grant_yuan = 300000;        ///< cost per class
  int classes_per_year = 6;          ///< seed: ~10 classes since 2024, read as cumulative to Oct 2025 (docs/model.md 7.22 item 8)
  double trainees_per_class = 15;
  double stock_per_trainee = 0.2;    ///< talent-stock persons a trainee adds (in-post engineers upskilled; docs/model.md 7.22 item 8)
};

/// The `policies.engineer_training.*` keys.
void bind_keys(Binder& b, EngineerTrainingParams& p);

class EngineerTraining {
 public:
  explicit EngineerTraining(World& w);  ///< registers its fiscal line
  /// The year's classes.
  void year(World& w);
};

}  // namespace innosim::model

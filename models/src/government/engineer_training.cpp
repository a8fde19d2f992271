#include "innosim/model/government/engineer_training.hpp"

#include "binder.hpp"

namespace innosim::model {

void bind_keys(Binder& b, EngineerTrainingParams& g) {
  b.grant("policies.engineer_training", g.programme, g.grant_yuan, "Industry-engineer training classes (seed: ~10 classes, 150+ trainees).", "Cost per class.",
          false, false);
  b.integer("policies.engineer_training.classes_per_year", g.classes_per_year, "classes", 0, 100000, "Classes per year.");
  b.number("policies.engineer_training.trainees_per_class", g.trainees_per_class, "persons", 0, 1e5, "Trainees per class.");
}

}  // namespace innosim::model

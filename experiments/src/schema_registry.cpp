#include "innosim/experiments/schema_registry.hpp"

#include "innosim/model/parameters.hpp"

namespace innosim::experiments {

const scenario::Schema& full_schema() {
  static const scenario::Schema schema = [] {
    scenario::Schema s;
    scenario::declare_run_keys(s);
    // The model's keys, each module's in its section, and the gates of the
    // inert-parameter check its modules declare (models/src/binder.hpp).
    innosim::model::declare_parameters(s);
    return s;
  }();
  return schema;
}

}  // namespace innosim::experiments

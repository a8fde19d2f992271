#include "innosim/experiments/schema_registry.hpp"

#include "innosim/model/parameters.hpp"

namespace innosim::experiments {

const scenario::Schema& full_schema() {
  static const scenario::Schema schema = [] {
    scenario::Schema s;
    scenario::declare_run_keys(s);
    innosim::model::declare_parameters(s);
    return s;
  }();
  return schema;
}

}  // namespace innosim::experiments

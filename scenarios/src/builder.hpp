#pragma once
// The one way to construct a Scenario: from the loader's checked values.
#include <memory>
#include <string>
#include <vector>

#include "innosim/scenario/scenario.hpp"

namespace innosim::scenario::detail {

struct ScenarioBuilder {
  using Value = Scenario::Value;
  static Scenario make(std::shared_ptr<const Schema> schema, std::vector<Value> values,
                       std::vector<std::string> lineage) {
    return Scenario(std::move(schema), std::move(values), std::move(lineage));
  }
  /// The values of a scenario, for the transformations that derive one
  /// scenario from another (warmup_run_scenario); each stays of its key's type.
  static std::vector<Value>& values(Scenario& s) { return s.values_; }
  /// A value as resolved YAML text (used by resolved_yaml()).
  static std::string format_value(const KeySpec& spec, const Value& value, int start_year);
};

}  // namespace innosim::scenario::detail

#pragma once
// The model's scenario keys. Each module binds its own keys (bind_keys in
// its source file, with one Binder that both declares every key to the
// schema and reads a loaded scenario, so the two can never drift apart);
// parameters.cpp calls them in the order of the schema.
#include "innosim/model/params.hpp"
#include "innosim/scenario/scenario.hpp"
#include "innosim/scenario/schema.hpp"

namespace innosim::model {

/// Adds every model parameter to the scenario schema (defaults from Params{}).
void declare_parameters(scenario::Schema& schema);
/// The model parameters of a validated scenario (run keys included:
/// start_year, horizon_years, population.firms, outputs.sampling).
Params params_from(const scenario::Scenario& s);

}  // namespace innosim::model

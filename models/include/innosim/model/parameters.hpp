#pragma once
// The model's scenario keys. One table (bind_parameters in parameters.cpp)
// both declares every key to the schema (type, default, unit, range,
// meaning) and reads a loaded scenario into Params, so the two can never
// drift apart.
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

#pragma once
// The full scenario schema: the generic run keys plus the model's parameters.
#include "innosim/scenario/schema.hpp"

namespace innosim::experiments {

/// Every key a scenario may hold: run keys and the model's parameters.
const scenario::Schema& full_schema();

}  // namespace innosim::experiments

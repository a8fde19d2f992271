#pragma once
// How a key's default and range read in the reference and in diagnostics.
#include <string>

#include "innosim/scenario/schema.hpp"

namespace innosim::scenario::detail {

/// "[0, 1]", "(0, 200]", ">= 0", "monthly, quarterly, yearly", ...; "" when unconstrained text.
std::string range_text(const KeySpec& spec);
/// "0.5", "\"\"", "monthly", or "required".
std::string default_text(const KeySpec& spec);

}  // namespace innosim::scenario::detail

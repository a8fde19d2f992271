#pragma once
// The project's SHA-256 (engine/include/innosim/engine/sha256.hpp).
#include "innosim/engine/sha256.hpp"

namespace innosim::scenario::detail {
using engine::sha256_hex;
}  // namespace innosim::scenario::detail

#pragma once
// The project's SHA-256 (engine/include/innosim/engine/sha256.hpp), under the
// name the output layer and its users call it by.
#include "innosim/engine/sha256.hpp"

namespace innosim::output {
using engine::sha256_hex;
}  // namespace innosim::output

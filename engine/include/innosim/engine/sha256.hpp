#pragma once
// SHA-256 (FIPS 180-4): identifies scenarios (`scenario_sha256`), sweep
// files and the parts of a resumable run. One implementation for the
// whole project.
#include <string>
#include <string_view>

namespace innosim::engine {

/// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace innosim::engine

#pragma once
// SHA-256 (FIPS 180-4), self-contained so that the scenario library needs no
// crypto dependency just to fingerprint its resolved YAML.
#include <string>
#include <string_view>

namespace innosim::scenario::detail {

/// Lower-case hex digest of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace innosim::scenario::detail

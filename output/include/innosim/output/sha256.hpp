#pragma once
// SHA-256 (FIPS 180-4), used for the `scenario_sha256` attribute. Kept here
// rather than pulling in OpenSSL for one hash of a few kilobytes.
#include <string>
#include <string_view>

namespace innosim::output {

/// Lower-case hexadecimal SHA-256 digest of the bytes of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace innosim::output

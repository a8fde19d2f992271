#pragma once
// The firms' hashed draws (docs/model.md 4.9): a firm's uniform for a
// purpose and a counter (a month, a year, a result id) is a pure function of
// (seed, replication, the firm's origin, purpose, counter), so a policy that
// adds or removes draws for one purpose never shifts another's (common random
// numbers). Each module names its purposes (engine::purpose_id) in its source file.
#include <cmath>
#include <cstdint>

#include "innosim/engine/random.hpp"
#include "innosim/model/firm.hpp"

namespace innosim::model {

/// The firm's uniform draw in (0, 1) for a purpose and a counter.
inline double draw(const Firm& f, std::uint64_t purpose, std::uint64_t counter) {
  return engine::hashed_uniform(f.stream, purpose, counter);
}

/// A standard normal from two uniforms (Box-Muller, the cosine half).
inline double normal_from(double u1, double u2) {
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * 3.14159265358979323846 * u2);
}

}  // namespace innosim::model

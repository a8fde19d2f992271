#pragma once
#include <cstdint>

namespace innosim::model {

/// The gradient ladder. Codes are stable: they are written to output files.
enum class Stage : std::uint8_t { startup = 0, tech_sme = 1, high_tech = 2, gazelle = 3, unicorn = 4 };
inline constexpr int STAGE_COUNT = 5;
inline constexpr const char* STAGE_NAMES[STAGE_COUNT] = {"startup", "tech_sme", "high_tech", "gazelle", "unicorn"};

}  // namespace innosim::model

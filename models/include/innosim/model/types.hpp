#pragma once
#include <cstdint>

namespace innosim::model {

/// The gradient ladder. Codes are stable: they are written to output files.
enum class Stage : std::uint8_t { startup = 0, tech_sme = 1, high_tech = 2, gazelle = 3, unicorn = 4 };
inline constexpr int STAGE_COUNT = 5;
inline constexpr const char* STAGE_NAMES[STAGE_COUNT] = {"startup", "tech_sme", "high_tech", "gazelle", "unicorn"};

/// Why a firm exited (docs/model.md 7.5). Codes are stable: they are written
/// to output files (the exits table). `none` for a firm still alive.
enum class ExitCause : std::uint8_t { none = 0, closure = 1, borrower_default = 2, insolvency = 3 };
inline constexpr int EXIT_CAUSE_COUNT = 4;
inline constexpr const char* EXIT_CAUSE_NAMES[EXIT_CAUSE_COUNT] = {"none", "closure", "borrower_default", "insolvency"};

}  // namespace innosim::model

#pragma once
// The inert-parameter check for the commands (issue 15 point 4): a --set
// path or a sweep factor whose instrument is off (switched off, no budget,
// or active only outside the run) changes nothing, and the user is told so
// in words (scenario::inert_cause reads the schema's gates).
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "innosim/experiments/number_format.hpp"
#include "innosim/scenario/scenario.hpp"

namespace innosim::experiments {

/// The key of a "dotted.path=value" override ("" when it has no '=').
std::string override_path(const std::string& set);

/// "<what> has no effect: <the instrument> is switched off (<key> = false)", in `lang`.
std::string inert_message(const std::string& what, const scenario::InertCause& cause, Lang lang);

/// One message per --set override that is inert in every one of `scenarios`
/// (a path the schema does not know is left to the loader).
std::vector<std::string> inert_set_warnings(std::span<const scenario::Scenario* const> scenarios,
                                            const std::vector<std::string>& sets, Lang lang);

/// One message per key the scenario file `file` sets itself (its parents'
/// keys are theirs) that has no effect in `s`, the scenario loaded from it:
/// "file:line:column: warning: <key> has no effect: ...". Empty when `file` is not a
/// readable file (an embedded scenario's name).
std::vector<std::string> inert_file_warnings(const scenario::Scenario& s, const std::string& file, Lang lang);

}  // namespace innosim::experiments

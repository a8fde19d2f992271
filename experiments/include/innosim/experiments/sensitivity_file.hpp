#pragma once
// The sensitivity file of `innosim sensitivity` (docs/experiments.md): a base
// scenario, an optional policy scenario (for paired effects), fixed
// overrides, factors (dotted scenario keys with a uniform or log-uniform
// range, optionally in groups), the method (Sobol' or Morris), the outputs,
// replications, seed and bootstrap. Every problem is reported as
// file:line:column (ScenarioError, exit 2) before anything runs.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "innosim/experiments/sensitivity.hpp"
#include "innosim/experiments/sweep_file.hpp"
#include "innosim/scenario/schema.hpp"

namespace innosim::experiments {

/// What an output takes of a run pair (base and policy at the same point and replication).
enum class SaOf { base, policy, effect };
const char* sa_of_name(SaOf of);

/// One output of the analysis: a metric of the base, of the policy or
/// their paired difference; a stock at a date or a flow's total over a period.
struct SaOutputSpec {
  std::string name;    ///< unique; the HDF5 group name (default: [policy.|effect.]metric[@year|@from-to])
  std::string metric;  ///< a name of the model's metric catalogue
  SaOf of = SaOf::base;
  /// Calendar years: a stock at the end of `to` (the horizon when unset);
  /// a flow's total over `from` .. `to` inclusive (the whole run when unset).
  std::optional<int> from_year, to_year;
  Place place;
};

struct SensitivitySpec {
  std::filesystem::path file;
  std::string scenario;  ///< base: embedded name or path, as scenario::load wants it
  Place scenario_place;
  std::string policy;    ///< optional policy scenario, same form; empty: none
  Place policy_place;
  std::vector<std::string> overrides;  ///< `set:` as "path=value"
  std::vector<Place> override_places;
  std::vector<SaFactor> factors;       ///< in file order; `group` indexes `groups`
  std::vector<scenario::KeyType> factor_types;
  std::vector<Place> factor_places;
  std::vector<SaGroup> groups;         ///< named groups and one group per ungrouped factor, in order of first appearance
  SaMethod method = SaMethod::sobol;
  std::size_t n = 0;                   ///< Sobol': N; Morris: trajectories r
  bool second_order = false;
  std::size_t levels = 4;              ///< Morris
  Place method_place;
  std::optional<int> replications;
  std::optional<std::uint64_t> seed;
  std::vector<SaOutputSpec> outputs;
  std::size_t bootstrap_resamples = 1000;
  double confidence = 0.95;

  /// Factor i's group index, for the designs.
  std::vector<std::size_t> group_of() const;
};

/// Reads and checks a sensitivity file against the scenario schema and the
/// model's metric catalogue; throws scenario::ScenarioError with every problem.
SensitivitySpec load_sensitivity(const std::filesystem::path& file, const scenario::Schema& schema,
                                 const std::vector<std::string>& metric_names);

/// Most runs' worth of design rows an analysis may have.
inline constexpr std::size_t kMaxSensitivityRows = 10'000'000;

}  // namespace innosim::experiments

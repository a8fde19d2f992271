#pragma once
// What the experiment input files (the sweep file, the sensitivity file, the
// calibration file) share when they are read: the file read whole with its
// size checked, YAML parsed by yaml-cpp, and every problem collected as
// file:line:column (scenario::ScenarioError, exit 2) before anything runs;
// the keys they have in common (scenario, policy, set, seed, replications)
// and their mappings of scenario keys with ranges (factors, parameters) read
// alike. Internal to innosim::experiments.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "innosim/experiments/sweep_file.hpp"
#include "innosim/scenario/scenario.hpp"
#include "innosim/scenario/schema.hpp"

namespace innosim::experiments::detail {

/// " (did you mean 'x'?)" for the closest of `candidates`, or "".
std::string suggest(const std::string& word, const std::vector<std::string>& candidates);

/// One entry of a mapping of scenario keys (a sweep's or a sensitivity
/// analysis's factors, a calibration's parameters), as read_key_mapping()
/// found it: the dotted key, where it is written, its schema entry and what
/// the file maps it to (a mapping of the rules' fields).
struct KeyEntry {
  std::string path;
  Place place;
  const scenario::KeySpec* key = nullptr;
  YAML::Node spec;
};

/// What a mapping of scenario keys is called and allows, for its messages.
struct KeyMappingRules {
  std::string section;  ///< the top-level key: "factors", "parameters"
  std::string entry;    ///< one of them: "factor", "parameter"
  std::string missing;  ///< after "missing '<section>': ", what it must hold
  std::string shape;    ///< what each key maps to: "{range: [lo, hi]}"
  std::string needs;    ///< said when an entry is not a mapping: "{range: [lo, hi]} or {values: [...]}"
  std::vector<std::string> fields;  ///< an entry's keys
  std::string fields_text;          ///< "range, scale and group"
  /// Why the key (known to the schema) cannot be an entry; "" when it can.
  std::function<std::string(const scenario::KeySpec& key)> key_problem;
};

class InputFileReader {
 public:
  /// `kind` names the file in messages: "sweep file", "sensitivity file".
  InputFileReader(std::filesystem::path file, std::string kind, const scenario::Schema& schema);

  /// Reads and parses the file; on failure the diagnostics are thrown.
  YAML::Node load();
  /// Reports unknown and repeated top-level keys of a mapping root.
  void check_keys(const YAML::Node& root, const std::vector<std::string>& keys);

  Place place(const YAML::Mark& m) const;
  void add(Place p, std::string message);
  /// A problem in another file the input names (a design's CSV file).
  void add_in(const std::string& file, Place p, std::string message);
  bool ok() const { return diags_.empty(); }
  [[noreturn]] void fail();

  std::optional<double> number(const YAML::Node& n, const std::string& what);
  std::optional<std::int64_t> integer(const YAML::Node& n, const std::string& what, std::int64_t lo, std::int64_t hi);
  std::optional<bool> boolean(const YAML::Node& n, const std::string& what);
  static std::string describe(const YAML::Node& n);
  /// The YAML text of a value for --set: scalars as written, lists and
  /// mappings (schedules) in flow style.
  static std::string value_text(const YAML::Node& n);
  /// A value outside the key's range would fail at every point: say so
  /// once, where the value is written.
  /// `in_file`: where the value is written, when not in this file.
  void check_bounds(const scenario::KeySpec& key, double x, Place where, const std::string& in_file = {});

  /// `scenario:` (required): an embedded name, or a file relative to this one.
  void read_scenario(const YAML::Node& root, std::string& scenario, Place& where);
  /// `set:` (optional): dotted.key: value overrides, in file order.
  void read_set(const YAML::Node& n, std::vector<std::string>& overrides, std::vector<Place>& places);
  /// `policy:` (optional): a second scenario, read as `scenario:` is.
  void read_policy(const YAML::Node& root, std::string& policy, Place& where);
  /// A mapping of dotted scenario keys, each to a mapping of `rules.fields`:
  /// every key once, known to the schema and allowed by `rules.key_problem`,
  /// every problem at file:line:column. `entry` reads each entry that passed,
  /// in file order (so the problems are listed in the order they are written).
  void read_key_mapping(const YAML::Node& n, const KeyMappingRules& rules,
                        const std::function<void(const KeyEntry&)>& entry);
  /// An entry's `range: [lo, hi]`: two finite numbers, lo < hi, both inside
  /// the key's range; nothing (and the problem added) otherwise.
  std::optional<std::pair<double, double>> read_range(const KeyEntry& e, const KeyMappingRules& rules);
  /// `seed:` and `replications:` (optional).
  void read_seed(const YAML::Node& n, std::optional<std::uint64_t>& seed);
  void read_replications(const YAML::Node& n, std::optional<int>& replications);

  const std::filesystem::path& file() const { return file_; }
  const std::string& display() const { return display_; }
  const scenario::Schema& schema() const { return schema_; }

 private:
  std::optional<std::string> slurp();

  std::filesystem::path file_;
  std::string display_, kind_;
  const scenario::Schema& schema_;
  std::vector<scenario::Diagnostic> diags_;
};

/// Reads a scenario reference as `extends` does: a bare name is an
/// embedded scenario if there is one, anything else a file relative to `file`.
std::string resolve_scenario_reference(const std::string& value, const std::filesystem::path& file);

}  // namespace innosim::experiments::detail

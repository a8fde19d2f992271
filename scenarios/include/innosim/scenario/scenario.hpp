#pragma once
// A fully resolved, validated scenario, and the loader that produces one from
// an embedded scenario or a file, its `extends` chain and --set overrides.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "innosim/engine/error.hpp"
#include "innosim/scenario/schema.hpp"

namespace innosim::scenario {

/// One problem found while loading. line and column are 1-based and count
/// characters (not bytes); line 0 means the problem concerns the whole file
/// (it cannot be opened, is empty, ...). For --set overrides, file is
/// "<--set>", line is the override's position among the --set options
/// (1 for the first) and column points into its "path=value" text.
struct Diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;

  /// "file:line:column: message" ("file: message" when line is 0).
  std::string to_string() const;
  bool operator==(const Diagnostic&) const = default;
};

/// Every diagnostic of one load; what() has them one per line.
class ScenarioError : public innosim::ConfigError {
 public:
  explicit ScenarioError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

namespace detail {
struct ScenarioBuilder;
}

class Scenario {
 public:
  const std::string& name() const;
  const std::string& description() const;
  std::uint64_t seed() const;
  int replications() const;
  double horizon_years() const;
  int start_year() const;

  /// Typed access by dotted path. Asking for a path the schema lacks, or with
  /// the wrong type, is a programming error (InternalError). number() also
  /// reads integer keys; integer() also reads unsigned keys that fit.
  double number(std::string_view path) const;
  std::int64_t integer(std::string_view path) const;
  std::uint64_t unsigned_integer(std::string_view path) const;
  bool boolean(std::string_view path) const;
  const std::string& text(std::string_view path) const;  // text and choice keys
  Schedule schedule(std::string_view path) const;         // a plain number is one step from start_year

  /// Every schema key with its value, defaults included, in schema order.
  /// Loading this text reproduces the scenario exactly: doubles are printed
  /// shortest-round-trip, `extends` is "" (the chain is already merged in).
  std::string resolved_yaml() const;
  /// Lower-case hex SHA-256 of resolved_yaml(): identifies the inputs of a run.
  std::string sha256() const;

  /// Command-line overrides (--seed / --replications); they change
  /// resolved_yaml() and sha256() accordingly. Out-of-range values throw
  /// ScenarioError.
  void set_seed(std::uint64_t seed);
  void set_replications(int replications);

  const Schema& schema() const { return *schema_; }
  /// Provenance, not part of the resolved YAML: the sources merged to make
  /// this scenario, the loaded one first, then its parent, and so on.
  const std::vector<std::string>& lineage() const { return lineage_; }

  /// Same schema keys with the same values.
  bool operator==(const Scenario& other) const;

 private:
  friend struct detail::ScenarioBuilder;
  using Value = std::variant<double, std::int64_t, std::uint64_t, bool, std::string, Schedule>;

  Scenario(std::shared_ptr<const Schema> schema, std::vector<Value> values, std::vector<std::string> lineage);
  std::size_t index(std::string_view path) const;

  std::shared_ptr<const Schema> schema_;
  std::vector<Value> values_;  // one per schema key, same order
  std::vector<std::string> lineage_;
};

/// Loads NAME (an embedded scenario) or a FILE path, applies `extends` (deep
/// merge: mappings merge key by key, everything else — lists included — is
/// replaced by the child), then each "dotted.path=value" override in order,
/// validates against the schema and returns the scenario. Throws
/// ScenarioError carrying every diagnostic found.
Scenario load(const Schema& schema, const std::string& name_or_path, const std::vector<std::string>& overrides = {});

/// What silences a key: the gate that is closed, and for a window or a zero
/// budget the years concerned.
struct InertCause {
  const Gate* gate = nullptr;
  int run_first = 0, run_last = 0;     ///< the calendar years the run covers
  std::int64_t from = 0, to = 0;       ///< a window's active years
  std::string text() const;            ///< in English, as inert_reason() gives it
};
/// The first closed gate that silences `key` in `s`, if any (see inert_reason).
std::optional<InertCause> inert_cause(const Scenario& s, std::string_view key);

/// Why `key` has no effect on runs of `s`, or "" when no gate of the schema
/// silences it: its instrument is switched off, has a zero budget (or count)
/// in every year of the run, or is active only outside the run. Names the
/// gate's key and value, e.g. "policies.risk_compensation_pool.enabled is
/// false". A gate's own key is never inert by that gate. `key` must be a
/// key of the schema.
std::string inert_reason(const Scenario& s, std::string_view key);
/// Checks the text of a YAML input file (a sweep or sensitivity file) as
/// strictly as a scenario file's: valid UTF-8 without the control characters
/// YAML forbids, one document, nesting and alias expansion within the
/// limits below, no key given twice at any level. Returns every problem
/// found as `display`:line:column (empty when there is none); says nothing
/// about the keys themselves, which the file's own reader checks.
std::vector<Diagnostic> check_yaml_text(const std::string& display, const std::string& text);

/// The scenarios compiled into the binary: (name, first sentence of its
/// own description — the question a variant answers), sorted by name.
std::vector<std::pair<std::string, std::string>> embedded_scenarios();
/// The YAML text of an embedded scenario, or an empty view when there is none.
std::string_view embedded_scenario_text(std::string_view name);

/// Limits that keep hostile input fast and bounded.
inline constexpr std::size_t kMaxFileBytes = 4u << 20;     // 4 MiB
inline constexpr int kMaxDepth = 64;                       // nesting of mappings and lists
inline constexpr std::size_t kMaxNodes = 1'000'000;        // after expanding aliases
inline constexpr int kMaxExtendsChain = 32;
inline constexpr std::size_t kMaxDiagnostics = 100;        // further ones are counted, not listed

}  // namespace innosim::scenario

#pragma once
// The sweep file of `innosim sweep` (docs/experiments.md): a base scenario,
// fixed overrides, factors (dotted scenario keys with a range or a list of
// values), a design, replications, seed, the metrics to keep. Parsed with
// yaml-cpp; every problem is reported as file:line:column (ScenarioError,
// exit 2) before anything runs.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "innosim/scenario/scenario.hpp"
#include "innosim/scenario/schema.hpp"

namespace innosim::experiments {

enum class DesignType { grid, lhs, sobol, file };
const char* design_name(DesignType d);

/// Where something is declared in the sweep file (1-based; 0 when unknown).
struct Place {
  int line = 0;
  int column = 0;
};

/// One swept scenario key.
struct Factor {
  std::string path;                ///< dotted scenario key
  scenario::KeyType type = scenario::KeyType::Number;
  bool is_range = false;           ///< range: [lo, hi], else a list of values
  double lo = 0.0, hi = 0.0;
  std::size_t levels = 0;          ///< grid only: evenly spaced values of a range (ends included)
  std::vector<double> values;      ///< the list (booleans as 0 and 1)
  Place place;

  /// The factor's value for a coordinate u in [0, 1) of a design
  /// (integers rounded to the nearest one; a list picks values[floor(u n)]).
  double at_unit(double u) const;
  /// Level `i` of a grid (of grid_levels()).
  double at_level(std::size_t i) const;
  /// Number of grid levels: the list's length or `levels`.
  std::size_t grid_levels() const;
  /// The --set text of a value: "path=value" (integers without a fraction, booleans as true/false).
  std::string override_for(double value) const;
};

struct SweepSpec {
  std::filesystem::path file;
  std::string scenario;                  ///< base: embedded name or path, as scenario::load wants it
  Place scenario_place;
  /// Optional policy scenario, same form: run at every point too with the
  /// same overrides, seed and replications, so policy - base is the
  /// point's paired effect. Empty: none.
  std::string policy;
  Place policy_place;
  std::vector<std::string> overrides;    ///< the `set:` entries as "path=value", in file order
  std::vector<Place> override_places;
  std::vector<Factor> factors;
  DesignType design = DesignType::grid;
  std::size_t points = 0;                ///< lhs and sobol: as given; grid: the product of levels; file: its rows
  Place design_place;
  /// design: {type: file, path: points.csv}: the file (relative to the
  /// sweep file) as given and as opened, its rows [point][factor] in factor
  /// order, and where each value is written in it (for messages).
  std::string design_path;
  std::filesystem::path design_file;
  std::vector<std::vector<double>> file_points;
  std::vector<std::vector<Place>> file_places;
  std::optional<int> replications;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> metrics;      ///< kept metrics, catalogue order; all when the file names none
  bool metrics_given = false;            ///< the file lists them (the per-point table shows these)
  bool series = false;                   ///< keep full series, not only the value at the horizon
  /// `reference: P`: every point is contrasted with point P, paired by replication.
  std::optional<std::int64_t> reference;
  Place reference_place;

  /// The design: [point][factor] values, in point order (a file design's rows as read).
  std::vector<std::vector<double>> design_values(std::uint64_t seed) const;
};

/// Reads and checks a sweep file against the scenario schema and the
/// model's metric catalogue; throws scenario::ScenarioError with every problem.
SweepSpec load_sweep(const std::filesystem::path& file, const scenario::Schema& schema,
                     const std::vector<std::string>& metric_names);

/// Where the overrides of a point's scenario were written: the scenario
/// loader numbers the --set overrides it was given ("<--set>" line i is the
/// i-th), and a problem is best shown where the user wrote the value.
struct OverrideOrigins {
  std::string file;                  ///< the input file (sweep, sensitivity)
  std::string scenario;              ///< the scenario reference loaded, as passed to scenario::load
  Place scenario_place;
  std::vector<Place> set_places;     ///< the `set:` entries: the first overrides
  std::vector<std::string> factors;  ///< then one override per factor, in this order
  std::vector<Place> factor_places;  ///< where each factor is declared
  /// Where a point's own values are written when they are in another file
  /// (a design file): [point][factor], in `point_file`.
  const std::vector<std::vector<Place>>* point_places = nullptr;
  std::string point_file;
};

/// A problem with the scenario of design point `point` (whose factor values
/// are `values`, or null for the base alone), moved onto the line of the
/// input file that caused it; other diagnostics unchanged.
scenario::Diagnostic relocate(const scenario::Diagnostic& d, const OverrideOrigins& origins, std::int64_t point,
                              const std::vector<double>* values);

/// Most points a sweep may have.
inline constexpr std::size_t kMaxSweepPoints = 1'000'000;

}  // namespace innosim::experiments

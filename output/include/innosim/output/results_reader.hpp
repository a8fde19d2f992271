#pragma once
// Reads an innosim results file (output/SCHEMA.md); used by `innosim inspect`
// and by tests. Opening checks `filetype` and the major format version and
// throws ConfigError for anything else, so callers can map it to exit 2.
// A reader is not meant to be shared between threads.
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "innosim/output/schema.hpp"

namespace innosim::output {

/// The root attributes.
struct FileHeader {
  std::array<int, 2> format_version{0, 0};
  std::string innosim_version;
  std::string git_sha1;
  std::string created_utc;
  std::string command_line;
  int n_ranks = 0;
};

/// A scenario group's attributes and the shape of what it holds.
struct ScenarioHeader {
  std::string name;
  std::string yaml;
  std::string sha256;
  std::uint64_t seed = 0;
  std::int64_t replications = 0;
  double horizon_years = 0.0;
  std::optional<std::int64_t> start_year;   ///< format 1.2; absent in older files
  std::size_t n_time = 0;
  std::vector<MetricInfo> metrics;          ///< in creation order
  std::optional<std::uint64_t> firm_rows;   ///< absent when the scenario has no firm panel
  std::optional<std::uint64_t> exit_rows;   ///< format 1.3; absent when the scenario has no exits table
  std::optional<std::uint64_t> event_rows;  ///< absent when the scenario has no event log
};

/// What /sweep holds (format 1.1, `innosim sweep`).
struct SweepHeader {
  std::string design;                ///< grid, lhs or sobol
  std::int64_t points = 0;
  std::int64_t replications = 0;
  std::uint64_t seed = 0;
  std::string base_scenario;
  std::string policy_scenario;       ///< 1.2: the policy run at every point (empty: none)
  std::string sha256;                ///< sweep_sha256
  std::vector<std::string> factors;  ///< the design table's factor fields, in order
  std::vector<std::string> metrics;  ///< /sweep/results datasets, in creation order
  bool series = false;               ///< /sweep/series present
};

/// What /sensitivity holds (format 1.1, `innosim sensitivity`).
struct SensitivityHeader {
  std::string method;                ///< sobol or morris
  std::int64_t n = 0;                ///< Sobol': base sample size N; Morris: trajectories
  std::int64_t points = 0;
  std::int64_t replications = 0;
  std::uint64_t seed = 0;
  std::string base_scenario;         ///< empty for a test function
  std::string policy_scenario;       ///< empty without a policy
  std::string test_function;         ///< empty for the model
  std::vector<std::string> factors;  ///< the design table's factor fields, in order
  std::vector<std::string> outputs;  ///< /sensitivity/outputs groups, in creation order
};

/// A float64 dataset of any rank, row-major (`/sweep/results/<metric>`:
/// [points x replications]; `/sweep/series/<metric>`: [points x replications x T]).
struct ArrayData {
  std::vector<std::uint64_t> dims;
  std::vector<double> values;
};

/// A dense row-major [replications x T] matrix of one metric.
struct MetricMatrix {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<double> values;
  /// Element (replication r, time index t).
  double at(std::size_t r, std::size_t t) const { return values[r * cols + t]; }
};

/// Read-only view of an innosim results file.
class ResultsReader {
 public:
  /// Opens and validates `path`; ConfigError if missing, not HDF5, not innosim, or of another major version.
  explicit ResultsReader(const std::filesystem::path& path);
  ~ResultsReader();
  ResultsReader(const ResultsReader&) = delete;
  ResultsReader& operator=(const ResultsReader&) = delete;

  /// The root attributes.
  const FileHeader& header() const;
  /// Every scenario in the order they were written.
  const std::vector<ScenarioHeader>& scenarios() const;
  /// One scenario by name; ConfigError if absent.
  const ScenarioHeader& scenario(std::string_view name) const;
  /// The scenario's time grid (years).
  std::vector<double> time(std::string_view scenario) const;
  /// A metric's [replications x T] matrix.
  MetricMatrix metric(std::string_view scenario, std::string_view metric) const;
  /// A metric's summary table, one row per time point.
  std::vector<SummaryRow> summary(std::string_view scenario, std::string_view metric) const;
  /// The /runs table.
  std::vector<RunRecord> runs() const;
  /// Format 1.1: the comparison groups ("<alternative>_vs_<base>"), in creation order.
  std::vector<std::string> comparisons() const;
  /// Format 1.1: the sweep, when the file holds one.
  std::optional<SweepHeader> sweep() const;
  /// Format 1.1: the sensitivity analysis, when the file holds one.
  std::optional<SensitivityHeader> sensitivity() const;
  // Generic access to what ResultsWriter's generic calls wrote (format 1.1:
  // /comparisons, /sweep, and what later minor versions add), by absolute
  // path ("/comparisons/risk-pool_vs_jiangmen-2025/metrics"). Paths are
  // followed one hard link at a time, as everywhere in this reader.

  /// True when `path` names a group or dataset of the file.
  bool exists(std::string_view path) const;
  /// The members of the group `path`, in creation order; ConfigError if there is no such group.
  std::vector<std::string> children(std::string_view path) const;
  /// The scalar attributes of the group or dataset `path` (strings, integers
  /// as int64 or uint64 by their sign, floats as double), in creation order;
  /// array attributes are skipped.
  std::vector<Attribute> attributes(std::string_view path) const;
  /// The 1-D compound table `path`, one column per field in field order:
  /// floating fields as double, integer fields as int64 (uint64 as int64
  /// when it fits, else double), strings as UTF-8; other fields are skipped.
  std::vector<TableColumn> table(std::string_view path) const;
  /// The float64 dataset `path` of any rank.
  ArrayData array(std::string_view path) const;

  /// The firm panel in blocks of at most `block_rows`, in file order.
  void read_firms(std::string_view scenario, const std::function<void(std::span<const FirmRecord>)>& sink,
                  std::size_t block_rows = 65536) const;
  /// The exits table (format 1.3) in blocks of at most `block_rows`, in file order.
  void read_exits(std::string_view scenario, const std::function<void(std::span<const ExitRecord>)>& sink,
                  std::size_t block_rows = 65536) const;
  /// The event log's kind enum as stored in the file.
  std::vector<EventKind> event_kinds(std::string_view scenario) const;
  /// The event log in blocks of at most `block_rows`, in file order.
  void read_events(std::string_view scenario, const std::function<void(std::span<const EventRecord>)>& sink,
                   std::size_t block_rows = 65536) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace innosim::output

#pragma once
// Writes an innosim results file (output/SCHEMA.md) atomically.
//
// Everything goes to `<target>.tmp-<pid>` beside the target; commit() closes
// the file, syncs it and renames it onto the target. A writer destroyed
// without commit() (an exception, a failed run) removes the temporary; a
// process killed mid-way leaves no file under the target's name.
//
// Typical use by a run command:
//
//   ResultsWriter out(path, {.force = force, .command_line = app::command_line()});
//   ScenarioWriter& s = out.add_scenario(spec);          // metrics, time grid, replications
//   FirmPanelWriter& firms = s.firm_panel();             // optional
//   ... each replication, as it finishes, in any order:
//   s.write_replication({.replication = r, .seed = seed_r, .wall_seconds = w, .values = v});
//   // or s.record_failure(r, seed_r, "what went wrong", w);
//   out.commit();                                        // summaries, /runs, rename
//
// Thread safety: every member function of the writer and of the objects it
// hands out may be called from any thread; calls are serialised internally
// (HDF5 is one big lock anyway). The file's content does not depend on the
// order in which replications are reported, except for the row order of the
// streamed firm panels and event logs (see SCHEMA.md).
//
// No HDF5 type appears in this header: callers need not find HDF5.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "innosim/output/atomic_file.hpp"
#include "innosim/output/schema.hpp"

namespace innosim::output {

namespace detail {
struct ArrayState;
struct FirmTable;
struct ExitTable;
struct EventTable;
struct ScenarioState;
struct WriterState;
}  // namespace detail

/// File-level settings of a ResultsWriter.
struct WriterOptions {
  bool force = false;        ///< overwrite an existing target on commit()
  std::string command_line;  ///< stored as the root attribute `command_line`
  int n_ranks = 1;           ///< stored as the root attribute `n_ranks`
};

/// Everything about a scenario that is known before its first replication runs.
struct ScenarioSpec {
  std::string name;  ///< group name under /scenarios (no '/', not "." or "..")
  std::string yaml;  ///< the fully resolved scenario, stored verbatim; hashed for `scenario_sha256`
  std::uint64_t seed = 0;
  std::int64_t replications = 0;
  double horizon_years = 0.0;
  std::vector<double> time;         ///< observation times, years since start, strictly increasing
  std::vector<MetricInfo> metrics;  ///< one dataset per metric, in this order
  /// Format 1.2: the calendar year the run starts on 1 January of; when set,
  /// the group gets the attribute `start_year` and the datasets
  /// `calendar_year` (start_year + time) and `date` (ISO 8601, when every
  /// time is a whole number of months).
  std::optional<std::int64_t> start_year;
};

/// One finished replication's time series.
struct ReplicationSeries {
  std::int64_t replication = 0;  ///< row index, 0 .. replications-1
  std::uint64_t seed = 0;        ///< the replication's own seed, recorded in /runs
  double wall_seconds = 0.0;
  std::vector<std::vector<double>> values;  ///< values[metric][t], in ScenarioSpec::metrics order
};

/// Layout of a streamed table (firm panel or event log).
struct TableOptions {
  std::size_t block_rows = 4096;  ///< rows buffered before a write; also the HDF5 chunk length
  int deflate_level = 4;          ///< gzip level 0..9 (0: shuffle only)
};

/// Streams rows into `/scenarios/<name>/firms`; memory is bounded by one block.
class FirmPanelWriter {
 public:
  ~FirmPanelWriter();
  FirmPanelWriter(const FirmPanelWriter&) = delete;
  FirmPanelWriter& operator=(const FirmPanelWriter&) = delete;

  /// Buffers one row; writes the buffer out when it holds a full block.
  void append(const FirmRecord& row);
  /// Buffers rows (a whole replication's snapshot, say), writing full blocks as they fill.
  void append(std::span<const FirmRecord> rows);
  /// Writes out the buffered rows now (commit() does this too).
  void flush();
  /// Rows written to the file so far (excluding the buffer).
  std::uint64_t rows_written() const;
  /// Rows waiting in the buffer; never more than TableOptions::block_rows.
  std::size_t rows_buffered() const;

 private:
  friend class ScenarioWriter;
  explicit FirmPanelWriter(std::unique_ptr<detail::FirmTable> impl);
  std::unique_ptr<detail::FirmTable> impl_;
};

/// Streams rows into `/scenarios/<name>/exits` (format 1.3); memory is bounded by one block.
class ExitTableWriter {
 public:
  ~ExitTableWriter();
  ExitTableWriter(const ExitTableWriter&) = delete;
  ExitTableWriter& operator=(const ExitTableWriter&) = delete;

  /// Buffers rows, writing full blocks as they fill.
  void append(std::span<const ExitRecord> rows);
  /// Writes out the buffered rows now (commit() does this too).
  void flush();
  /// Rows written to the file so far (excluding the buffer).
  std::uint64_t rows_written() const;

 private:
  friend class ScenarioWriter;
  explicit ExitTableWriter(std::unique_ptr<detail::ExitTable> impl);
  std::unique_ptr<detail::ExitTable> impl_;
};

/// Streams rows into `/scenarios/<name>/events`; memory is bounded by one block.
class EventLogWriter {
 public:
  ~EventLogWriter();
  EventLogWriter(const EventLogWriter&) = delete;
  EventLogWriter& operator=(const EventLogWriter&) = delete;

  /// Buffers one event; its kind must be one of the declared codes.
  void append(const EventRecord& row);
  /// Writes out the buffered rows now (commit() does this too).
  void flush();
  /// Rows written to the file so far (excluding the buffer).
  std::uint64_t rows_written() const;
  /// Rows waiting in the buffer; never more than TableOptions::block_rows.
  std::size_t rows_buffered() const;
  /// The kinds this log was created with.
  const std::vector<EventKind>& kinds() const;

 private:
  friend class ScenarioWriter;
  explicit EventLogWriter(std::unique_ptr<detail::EventTable> impl);
  std::unique_ptr<detail::EventTable> impl_;
};

/// A float64 N-d dataset, NaN until written (its fill value; chunks are
/// allocated as they are first written, nothing up front), written in pieces
/// (format 1.1: comparison and sweep results); owned by its ResultsWriter.
class ArrayWriter {
 public:
  ~ArrayWriter();
  ArrayWriter(const ArrayWriter&) = delete;
  ArrayWriter& operator=(const ArrayWriter&) = delete;

  /// Writes the block of shape `count` at `start` (row-major `values`).
  void write(std::span<const std::uint64_t> start, std::span<const std::uint64_t> count,
             std::span<const double> values);
  /// The dataset's dimensions.
  const std::vector<std::uint64_t>& dims() const;

 private:
  friend class ResultsWriter;
  explicit ArrayWriter(std::unique_ptr<detail::ArrayState> impl);
  std::unique_ptr<detail::ArrayState> impl_;
};

/// One scenario's group; obtained from ResultsWriter::add_scenario and owned by it.
class ScenarioWriter {
 public:
  ~ScenarioWriter();
  ScenarioWriter(const ScenarioWriter&) = delete;
  ScenarioWriter& operator=(const ScenarioWriter&) = delete;

  /// Writes one successful replication's row of every metric and records it as "ok" in /runs.
  void write_replication(const ReplicationSeries& series);
  /// Records a failed replication ("failed: <message>" in /runs); its metric rows stay NaN.
  void record_failure(std::int64_t replication, std::uint64_t seed, const std::string& message,
                      double wall_seconds);
  /// Records a replication that was deliberately not run ("not run: <why>" in
  /// /runs, e.g. `run --replication r` runs r alone); its metric rows stay NaN.
  void record_not_run(std::int64_t replication, std::uint64_t seed, const std::string& why);
  /// Creates the optional firm panel (once per scenario).
  FirmPanelWriter& firm_panel(const TableOptions& options = {});
  /// Creates the optional exits table (format 1.3; once per scenario).
  ExitTableWriter& exit_table(const TableOptions& options = {});
  /// Creates the optional event log with the given kind enum (once per scenario).
  EventLogWriter& event_log(std::vector<EventKind> kinds, const TableOptions& options = {});
  /// The spec this scenario was created from.
  const ScenarioSpec& spec() const;
  /// Replications reported so far (successful or failed).
  std::int64_t replications_reported() const;

 private:
  friend class ResultsWriter;
  explicit ScenarioWriter(std::unique_ptr<detail::ScenarioState> impl);
  std::unique_ptr<detail::ScenarioState> impl_;
};

/// An innosim results file being written; nothing appears under the target name before commit().
class ResultsWriter {
 public:
  /// Creates the temporary file; throws ConfigError if `target` exists and !options.force.
  ResultsWriter(std::filesystem::path target, WriterOptions options);
  /// Without a successful commit(), closes and removes the temporary file.
  ~ResultsWriter();
  ResultsWriter(const ResultsWriter&) = delete;
  ResultsWriter& operator=(const ResultsWriter&) = delete;

  /// Adds a scenario group with its time grid and empty (NaN) metric matrices.
  ScenarioWriter& add_scenario(const ScenarioSpec& spec);
  // Format 1.1 additions for the experiment commands (compare, sweep). Paths
  // are absolute ("/comparisons/alt_vs_base/metrics"); missing groups along
  // them are created (UTF-8 names, creation order tracked).

  /// Creates the group `path` if needed and sets `attributes` on it.
  void write_group(const std::string& path, const std::vector<Attribute>& attributes = {});
  /// Writes a 1-D compound table with one field per column, in column order.
  void write_table(const std::string& path, const std::vector<TableColumn>& columns,
                   const std::vector<Attribute>& attributes = {});
  /// Creates a float64 dataset of shape `dims`, NaN until written, to be written in pieces.
  ArrayWriter& create_array(const std::string& path, const std::vector<std::uint64_t>& dims,
                            const std::vector<Attribute>& attributes = {});
  /// Adds a row to /runs that belongs to no scenario group (a sweep's runs,
  /// with RunRecord::point set); such rows follow the scenarios' rows.
  void record_run(const RunRecord& run);

  /// Writes summaries and /runs, closes, syncs and renames onto the target.
  /// Every replication of every scenario must have been reported.
  void commit();
  /// The final file name.
  const std::filesystem::path& target() const;
  /// The temporary file being written (beside the target).
  const std::filesystem::path& temporary() const;
  /// True after a successful commit().
  bool committed() const;

 private:
  std::unique_ptr<detail::WriterState> impl_;
};

}  // namespace innosim::output

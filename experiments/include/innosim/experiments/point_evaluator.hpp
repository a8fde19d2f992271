#pragma once
// Evaluates points of a parameter space on a base scenario under common
// random numbers: every point runs the same replications of the same seed, so
// differences between points carry no seed noise and a function of the points
// is deterministic (finite differences work). Each run is reduced at once to
// a few numbers (a calibration's moments, a sensitivity analysis' outputs) by
// a caller-supplied function.
//
// Long work done safely, as a sweep does: with a store directory every
// finished run is saved durably (run_store.hpp) and a resumed job finds it
// again, so a killed job loses at most its runs in flight. Points are
// numbered in the order they are first asked for; a deterministic caller (an
// optimiser fed the same values) asks for the same points in the same order
// after a restart, and gets its saved runs back instead of running them: the
// resumed result equals an uninterrupted one. A point asked for twice is
// answered from memory. A hard budget (--max-runs) counts every run the job
// used, saved ones included, so a resumed job stops where an uninterrupted one
// would have.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "innosim/experiments/experiment.hpp"
#include "innosim/experiments/run_store.hpp"

namespace innosim::experiments {

/// The batch would take the job past its run budget; nothing of it ran.
class BudgetExhausted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// SIGINT/SIGTERM arrived during a batch; finished runs are saved.
class EvaluationInterrupted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct PointSetup {
  std::string scenario;                  ///< the base: embedded name or path, as scenario::load wants it
  std::vector<std::string> overrides;    ///< fixed overrides, applied before a point's own
  /// A point's own overrides ("path=value"), from its coordinates.
  std::function<std::vector<std::string>(std::span<const double>)> point_overrides;
  std::uint64_t seed = 0;
  /// A finished run's numbers (the same count for every run). Called on the
  /// calling thread, in any order.
  std::function<std::vector<double>(const model::RunResult&)> reduce;
  std::size_t n_values = 0;
};

struct EvaluatorOptions {
  int jobs = 1;
  std::string command = "calibrate";  ///< labels progress lines and messages
  bool quiet = false;
  /// Where finished runs are saved (created if missing), with the job's
  /// identity: empty for no store (nothing is saved).
  std::filesystem::path store_dir;
  std::string job_sha256, job_text;
  bool resume = false;                ///< the store may hold runs of this job already
  std::size_t max_runs = 0;           ///< 0: no budget
  /// Under MPI, rank 0's view of the worker ranks, met once for the whole
  /// job; the runs travel as the points' coordinates and the workers
  /// prepare each point's scenario (serve_runs with a PointResolver).
  class RemoteRanks* remote = nullptr;
};

/// One point's runs: values[replication - first][value], NaN rows for failed runs.
struct PointRuns {
  std::size_t index = 0;               ///< the point's number in the job
  std::vector<std::vector<double>> values;
  std::size_t failures = 0;
  std::string first_error;             ///< the first failed run's message
};

class PointEvaluator {
 public:
  PointEvaluator(PointSetup setup, EvaluatorOptions options);
  ~PointEvaluator();
  PointEvaluator(const PointEvaluator&) = delete;
  PointEvaluator& operator=(const PointEvaluator&) = delete;

  /// Runs replications [first, first + count) of each point (those not
  /// already done), all points' runs in one pool, and returns them in the
  /// order of `points`. Throws BudgetExhausted before running anything if
  /// the runs it needs would exceed the budget, EvaluationInterrupted on a
  /// signal, ScenarioError if a point's scenario does not load.
  std::vector<PointRuns> evaluate(const std::vector<std::vector<double>>& points, std::int64_t first, int count,
                                  bool show_progress = false);

  /// Runs the job has used (run now or found saved), and of these found saved.
  std::size_t runs_used() const { return runs_used_; }
  std::size_t runs_loaded() const { return runs_loaded_; }
  std::size_t runs_failed() const { return runs_failed_; }
  /// Mean wall time of the runs done in this process (0 before the first).
  double seconds_per_run() const { return runs_executed_ ? run_seconds_ / static_cast<double>(runs_executed_) : 0.0; }
  std::size_t points() const { return index_.size(); }
  /// Every (point, replication) that ran, in point then replication order: for /runs.
  struct RunRecordLite {
    std::size_t point;
    std::int64_t replication;
    double wall_seconds;
    std::string error;
  };
  const std::map<std::pair<std::size_t, std::int64_t>, RunRecordLite>& run_records() const { return records_; }
  /// The saved runs are no longer needed (the job's results are written).
  void remove_store();
  const PointSetup& setup() const { return setup_; }

 private:
  struct PointState {
    std::vector<double> coords;
    std::map<std::int64_t, std::vector<double>> runs;  // replication -> values (NaN for failed)
    std::map<std::int64_t, std::string> errors;
  };
  std::size_t index_of(const std::vector<double>& coords);

  PointSetup setup_;
  EvaluatorOptions options_;
  std::unique_ptr<RunStore> store_;
  std::set<std::pair<std::int64_t, std::int64_t>> saved_;
  std::map<std::vector<double>, std::size_t> index_;
  std::vector<PointState> states_;
  std::map<std::pair<std::size_t, std::int64_t>, RunRecordLite> records_;
  std::size_t runs_used_ = 0, runs_loaded_ = 0, runs_failed_ = 0, runs_executed_ = 0;
  double run_seconds_ = 0;
};

}  // namespace innosim::experiments

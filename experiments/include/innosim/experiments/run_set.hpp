#pragma once
// A set of model runs done safely: every replication of a list of prepared
// scenarios ("cells": a sweep's design points, a sensitivity analysis's
// sample points and their policy twins, a calibration's parameter points),
// all with the same seed, so replication r of every cell shares its random
// numbers (common random numbers). What `sweep`, `sensitivity` and
// `calibrate` share:
//
//   - the output checks before anything runs (-o exists, --force, --resume,
//     an interrupted job's <OUT>.parts/ directory), UsageError/ConfigError;
//   - a --max-runs guard and a cost estimate from a short timed probe
//     (the probe's runs are real runs of the job and are kept);
//   - the runs on threads or MPI ranks (run_pool), each saved durably in
//     <OUT>.parts/ the moment it finishes (run_store.hpp), so a killed job
//     loses at most its runs in flight and --resume continues it;
//   - progress with ETA, --on-error, SIGINT/SIGTERM with the resume command.
//
// The command then reads the saved runs back (load(), in any order it
// likes: the values do not depend on --jobs, ranks or interruptions),
// writes its results file atomically, and calls remove_parts().
//
//   RunSetJob job{.command = "sweep", .cells = points, .replications = R, .seed = seed,
//                 .n_metrics = K, .n_time = 1, .keep = ..., .sha256 = h, .manifest = text};
//   RunSet set(target, job, {.jobs = jobs, .resume = resume, ...});
//   const RunSetResult r = set.run();
//   if (r.end == PoolEnd::interrupted) return set.report_interrupted();
//   ... set.load(cell, replication) for every set.finished(cell, replication) ...
//   writer.commit(); set.remove_parts();
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "innosim/experiments/experiment.hpp"
#include "innosim/experiments/interrupt.hpp"
#include "innosim/experiments/run_store.hpp"

namespace innosim::experiments {

/// What to run and what to keep of each run.
struct RunSetJob {
  std::string command = "sweep";            ///< labels progress and messages ("innosim <command>: ...")
  std::span<const PreparedScenario> cells;  ///< replications 0..replications-1 of each; same seed everywhere
  /// Cells per point: 1, or 2 for a base and a policy at every point (cell
  /// = point x roles + role); role_names label messages ("point 3 (risk-pool)").
  std::size_t roles = 1;
  std::vector<std::string> role_names = {};
  int replications = 1;
  std::uint64_t seed = 0;                   ///< recorded with every saved run
  /// Shape of the values kept per successful run: n_metrics series of n_time values.
  std::uint32_t n_metrics = 0;
  std::uint32_t n_time = 1;
  /// Appends the n_metrics x n_time values to keep of a successful run of
  /// cell `cell` (called on the calling thread as each run finishes).
  /// Saved runs are keyed by cell and replication.
  std::function<void(std::size_t cell, const RunOutcome& outcome, std::vector<double>& values)> keep;
  /// The job's identity: --resume refuses a working directory whose manifest
  /// has another SHA-256 (hash everything that shapes the runs: the resolved
  /// input and every cell's parameter values). `manifest` is stored beside it.
  std::string sha256;
  std::string manifest;
};

struct RunSetOptions {
  int jobs = 1;
  bool quiet = false;            ///< no progress, no estimate (errors only)
  bool force = false;            ///< overwrite -o; discard an interrupted job's runs
  bool resume = false;           ///< continue the interrupted job of -o
  bool stop_on_failure = false;  ///< --on-error=stop
  /// Refuse (UsageError, before anything is created) a job of more runs.
  std::optional<std::uint64_t> max_runs;
  /// Print the plan and the probe's estimate, keep nothing, create nothing.
  bool dry_run = false;
  /// The command that resumes this job, printed after an interruption.
  std::string resume_command;
};

/// The probe's measurement.
struct CostEstimate {
  std::size_t probe_runs = 0;    ///< runs timed (run `threads` at a time)
  double seconds_per_run = 0.0;  ///< mean wall time of a probe run
  std::size_t runs_to_do = 0;    ///< runs left after the probe
  std::size_t threads = 1;       ///< runs at a time for the rest (MPI: every worker rank's threads)
  double seconds = 0.0;          ///< expected wall time of the rest: runs_to_do x seconds_per_run / threads
};

struct RunSetResult {
  PoolEnd end = PoolEnd::completed;
  std::size_t total = 0;          ///< runs of the whole job
  std::size_t done = 0;           ///< saved runs (this invocation's and earlier ones')
  std::size_t done_before = 0;    ///< saved by earlier invocations
  bool failed_stop = false;       ///< --on-error=stop stopped the job after a failure
  std::optional<CostEstimate> estimate;
};

/// "1.2 s", "3 min 20 s", "2 h 05 min": a duration for people.
std::string format_duration(double seconds);

class RunSet {
 public:
  /// Checks the output and its working directory `<target>.parts` exactly
  /// as `sweep` always has (an existing -o needs --force; --resume needs the
  /// directory of the same job, --force discards it, neither refuses it), then
  /// opens the directory (lock, manifest). With dry_run only the -o checks.
  /// Throws UsageError (exit 2) or ConfigError (another job's directory).
  /// Installs the SIGINT/SIGTERM handlers (InterruptGuard) for its lifetime,
  /// which covers writing the results file: the caller installs none.
  RunSet(std::filesystem::path target, RunSetJob job, RunSetOptions options);
  RunSet(const RunSet&) = delete;
  RunSet& operator=(const RunSet&) = delete;

  std::size_t total_runs() const;
  /// Runs saved by an earlier invocation (0 for a new job).
  std::size_t done_before() const { return done_before_; }

  /// Runs what is not saved yet: first, unless quiet, a probe of a few runs
  /// (on `jobs` threads at once; one on rank 0 under MPI) whose mean wall
  /// time gives the cost estimate printed on stderr; then the rest on the
  /// pool. Every finished run is saved as it finishes. With dry_run: the
  /// probe only (its runs are dropped), the estimate, end = stopped.
  RunSetResult run();

  /// Whether run (cell, replication) is saved, successful or failed.
  bool finished(std::size_t cell, int replication) const;
  /// A saved run (IoError if missing or damaged).
  StoredRun load(std::size_t cell, int replication) const;
  /// Prints "interrupted; N of M runs are done and kept in ...; resume with: ..."
  /// and returns the exit status (130/143).
  int report_interrupted() const;
  /// Removes `<target>.parts` (after the results file is committed).
  void remove_parts();

  const std::filesystem::path& target() const { return target_; }
  const std::filesystem::path& parts() const { return parts_; }

 private:
  void save(const RunTask& task, const RunOutcome& outcome);
  std::optional<CostEstimate> probe(std::vector<RunTask>& tasks);
  std::size_t cell_of(const RunTask& task) const;

  InterruptGuard guard_;
  std::filesystem::path target_, parts_;
  RunSetJob job_;
  RunSetOptions options_;
  std::optional<RunStore> store_;
  std::set<std::pair<std::int64_t, std::int64_t>> done_;
  std::size_t done_before_ = 0;
};

}  // namespace innosim::experiments

#pragma once
// Runs across MPI ranks. Rank 0 keeps the pool of experiment.cpp (ordered
// hand-over, bounded window, progress, signals) but, instead of starting
// threads, hands runs to the worker ranks' threads one by one as they free
// up (a finished run asks for the next one), so a slow run never holds up
// the others; the workers run them (execute()) and send the outcomes back.
// A run travels as (scenario index, replication): every rank prepared the
// same scenarios from the same command line, which the meeting at the start
// checks (workload_fingerprint). Only rank 0 opens output files.
#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "innosim/experiments/experiment.hpp"

namespace innosim::experiments {

/// SHA-256 of what must be the same on every rank for runs to be
/// interchangeable: innosim's version and git revision, the byte order, and
/// every scenario's resolved YAML, in order.
/// `extra`: more of what must agree (a calibration's resolved file).
std::string workload_fingerprint(std::span<const PreparedScenario> scenarios, const std::string& extra = {});

/// The pool's side of dispatching, as the dispatch thread sees it.
class TaskSource {
 public:
  virtual ~TaskSource() = default;
  /// The next task to start, if one may start now (window, stop).
  virtual std::optional<std::size_t> claim() = 0;
  /// No task will be claimed any more (all claimed, or the pool stopped).
  virtual bool exhausted() = 0;
  /// Stop waiting for the runs out on workers (interrupted, or the caller failed).
  virtual bool abandoned() = 0;
  /// Task `index` has finished.
  virtual void finished(std::size_t index, RunOutcome&& outcome) = 0;
  /// Waits at most `d` for something to do (a slot in the window).
  virtual void idle(std::chrono::microseconds d) = 0;
};

/// Rank 0's view of the worker ranks.
class RemoteRanks {
 public:
  /// Meets every rank (mpi::gather_reports): checks that each prepared the
  /// same runs, then lets them start. If one cannot run this job, calls it
  /// off on every rank and throws (UsageError when that rank's input was
  /// bad, ConfigError when the ranks disagree, std::runtime_error else).
  RemoteRanks(std::span<const PreparedScenario> scenarios, int rank0_jobs, const std::string& extra = {});
  /// Unless shutdown() finished, the job must end with MPI_Abort.
  ~RemoteRanks();
  RemoteRanks(const RemoteRanks&) = delete;
  RemoteRanks& operator=(const RemoteRanks&) = delete;

  int workers() const { return static_cast<int>(jobs_.size()) - 1; }
  /// Threads of all worker ranks together: how many runs can be out at once.
  std::size_t threads() const;

  /// The dispatch loop (on a thread of its own): gives every free worker
  /// thread a claimed task (and each rank one in reserve while many runs
  /// are left), passes finished runs to `source`, and returns
  /// once nothing can be claimed and nothing is out, or at once when
  /// `source` abandons. Throws when a worker reports a fatal error.
  void dispatch(std::span<const RunTask> tasks, std::span<const PreparedScenario> scenarios, TaskSource& source);
  /// dispatch() may be called again for the next batch of the same job (a
  /// calibration's pools share one RemoteRanks: PoolOptions::remote).
  /// After dispatch() returned with nothing out: tells every worker to stop
  /// and waits until each has said bye.
  void shutdown();

 private:
  std::vector<int> jobs_;   // threads per rank (rank 0's unused)
  std::vector<int> busy_;   // runs out per rank
  bool clean_ = false;
};

}  // namespace innosim::experiments

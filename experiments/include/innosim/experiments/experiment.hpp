#pragma once
// The machinery shared by `innosim run`, `compare` and `sweep`: load a
// scenario, run replications on a thread pool, hand every finished run to
// the command on the calling thread in a fixed order (so files never depend
// on --jobs), report progress on stderr and stop cleanly on SIGINT/SIGTERM.
// Memory is bounded: at most a window of runs is in flight or finished but
// not yet handed over, however many runs the job has.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "innosim/experiments/row_spool.hpp"
#include "innosim/model/ecosystem.hpp"
#include "innosim/model/params.hpp"
#include "innosim/output/results_writer.hpp"
#include "innosim/scenario/scenario.hpp"

namespace innosim::experiments {

/// The metrics `run` prints and `compare` compares at the horizon, in order.
/// The cost is the model's net fiscal cost (docs/model.md 2.6: outlays plus
/// capital at net cost), not the gross `fiscal_spending`, which counts capital
/// paid into a fund that may come back in full (`--metrics` still shows it).
const std::vector<std::string>& headline_metrics();
/// The net fiscal cost by funding level (city, provincial, central): shown
/// beside the total wherever the headline tables print it.
const std::vector<std::string>& net_cost_by_level();
/// The net fiscal cost after tax by level and the quasi-fiscal relending
/// cost: `compare`'s default table shows them after the levels.
const std::vector<std::string>& after_tax_cost_by_level();
/// The headline metrics a file has (`has`), in order; `fiscal_spending` in
/// place of `net_fiscal_cost` in a file written before the model reported it.
std::vector<std::string> headline_metrics_present(const std::function<bool(const std::string&)>& has);

/// "month", "quarter" or "year": the sampling period of 1, 3 or 12 months.
const char* sampling_period_name(int months);

/// A scenario loaded, validated and turned into model parameters.
struct PreparedScenario {
  scenario::Scenario scenario;
  model::Params params;
  bool panel = false;   ///< write the firm panel (outputs.panel)
  bool events = false;  ///< write the event log (outputs.events)

  /// Its group in a results file: name, resolved YAML, seed, replications, time grid, metrics.
  output::ScenarioSpec spec() const;
  int replications() const { return scenario.replications(); }
  std::uint64_t seed() const { return scenario.seed(); }
};

/// `ps` with neither a firm panel nor an event log recorded: for the runs of
/// a sweep, a sensitivity analysis or a calibration, which keep only their
/// series' statistics and would record the panel and the log to throw them
/// away (a panel is hundreds of MB per run at 50,000 firms monthly). Every
/// MPI rank prepares its scenarios through this alike.
PreparedScenario without_records(PreparedScenario ps);

/// Rules the model enforces only when a run starts (model::Ecosystem throws
/// ModelError), as diagnostics of `source`, for `validate`: a scenario every
/// replication would reject is reported as bad input there. (run, compare
/// and sweep still run it: each replication fails and is recorded as failed
/// in /runs, which the failure-handling tests rely on.) Empty when none.
std::vector<scenario::Diagnostic> run_time_problems(const model::Params& params, const std::string& source);

/// Loads NAME|FILE with --set overrides, then applies --seed/--replications
/// (ScenarioError, exit 2, on any problem).
PreparedScenario prepare_scenario(const scenario::Schema& schema, const std::string& name_or_path,
                                  const std::vector<std::string>& overrides,
                                  std::optional<std::uint64_t> seed = std::nullopt,
                                  std::optional<int> replications = std::nullopt);

/// One model run: a replication of a prepared scenario.
struct RunTask {
  const PreparedScenario* scenario = nullptr;
  std::int64_t replication = 0;
  std::int64_t point = -1;  ///< sweep design point (for messages); -1 outside sweeps
  const char* role = nullptr;  ///< which of a point's scenarios ("risk-pool"), for messages; null: the only one
  /// A point of a parameter space (PointEvaluator): under MPI the run travels
  /// as these coordinates, and the worker rank prepares the scenario from
  /// them (serve_runs' PointResolver) instead of indexing `scenarios`.
  std::span<const double> coords = {};
};

/// One row of a run's event log as the run records it (output::EventRecord
/// without its free-text detail, which the model never sets): plain bytes,
/// so that it can be spooled.
struct EventRow {
  std::int32_t replication = 0;
  double time = 0.0;  ///< years since start
  std::int64_t firm_id = 0;
  std::int16_t kind = 0;
  double amount = 0.0;  ///< yuan
};

/// What a finished run hands back. Its panel and event log are spooled: at
/// most a block of each in memory, the rest in an unlinked temporary file
/// (row_spool.hpp), so memory does not grow with them while the run waits
/// for its turn to be written.
struct RunOutcome {
  model::RunResult result;                   ///< series[metric][t]; empty when the run failed
  RowSpool<output::FirmRecord> firms;        ///< the firm panel, when the scenario asks for it
  RowSpool<output::ExitRecord> exits;        ///< the exits table (written with the panel)
  RowSpool<EventRow> events;                 ///< the event log, when the scenario asks for it
  double wall_seconds = 0.0;
  std::string error;                         ///< why the run failed; empty when it succeeded
  bool ok() const { return error.empty(); }
};

/// Runs one task on the calling thread. Every exception of the model
/// (ModelError: an invariant broken, parameters it rejects) and unbalanced
/// books become `error`; nothing is thrown.
RunOutcome execute(const RunTask& task);

struct PoolOptions {
  int jobs = 1;
  std::string command = "run";   ///< labels progress lines and messages
  bool quiet = false;            ///< no progress
  std::size_t total = 0;         ///< runs of the whole job, for progress (0: the task count)
  std::size_t already_done = 0;  ///< runs finished before this pool (a resumed sweep)
  bool stop_on_failure = false;  ///< start no run after one has failed (--on-error=stop)
  /// The scenarios every task's `scenario` points into, prepared alike on
  /// every MPI rank: a task travels to a worker rank as (index, replication).
  std::span<const PreparedScenario> scenarios = {};
  /// Called on the calling thread with each run as soon as it has finished,
  /// in whatever order runs finish, before it waits for its turn to be
  /// delivered (a sweep saves it here, so that a killed sweep keeps it).
  std::function<void(std::size_t, const RunOutcome&)> on_finished = {};
  /// Under MPI: the worker ranks met once for the whole job (an optimiser
  /// runs many pools); run_pool then neither meets them nor stops them.
  class RemoteRanks* remote = nullptr;
};

enum class PoolEnd { completed, interrupted, stopped };

/// Runs `tasks` on `options.jobs` threads and calls `deliver(i, outcome)` on
/// the calling thread for i = 0, 1, 2, ... in order. When `deliver` returns
/// false, or on SIGINT/SIGTERM (see InterruptGuard), no further task starts;
/// the tasks already started are finished and still delivered (so a sweep
/// keeps them). Failed runs are reported on stderr and delivered too; with
/// stop_on_failure a failure stops the pool as soon as it happens, not when
/// it is delivered (workers run ahead of delivery).
/// Exceptions from `deliver` propagate after the workers have stopped.
///
/// Under MPI (mpi_runner.hpp) on rank 0 the runs go to the worker ranks'
/// threads instead (distributed.hpp), with the same ordered hand-over; on a
/// signal rank 0 stops at once and the job ends with MPI_Abort, as mpirun
/// would kill the ranks a moment later anyway.
PoolEnd run_pool(std::span<const RunTask> tasks, const PoolOptions& options,
                 const std::function<bool(std::size_t, RunOutcome&&)>& deliver);

/// On an MPI worker rank: meets rank 0, then runs what it hands over on
/// `jobs` threads (replications of `scenarios`, prepared exactly as rank 0
/// prepared them) and sends the outcomes back, until rank 0 says stop.
/// Returns the exit status. Writes no file.
int serve_runs(std::span<const PreparedScenario> scenarios, int jobs);

/// The scenario of a parameter point on a worker rank (RunTask::coords).
using PointResolver = std::function<PreparedScenario(std::span<const double>)>;
/// serve_runs for a job whose points are chosen as it goes (calibrate): a
/// task with coordinates is run on `resolve(coords)` (prepared once per point
/// and kept while its runs come), one without on `scenarios`. `extra` joins
/// the fingerprint the ranks compare (the resolved input file).
int serve_runs(std::span<const PreparedScenario> scenarios, int jobs, const PointResolver& resolve,
               const std::string& extra);

/// Called with each run's outcome before it is written (compare collects its
/// paired values here): scenario index, replication, outcome.
using RunObserverFn = std::function<void(std::size_t, std::int64_t, const RunOutcome&)>;

struct BatchResult {
  PoolEnd end = PoolEnd::completed;
  std::size_t failures = 0;
};

/// run and compare: every replication of every scenario (scenario by
/// scenario) streamed into `writer`'s scenario groups, which this creates.
/// With `only_replication`, just that replication of each scenario runs; the
/// others are recorded in /runs as "not run" with NaN rows (`run --replication r`).
BatchResult run_scenarios(output::ResultsWriter& writer, std::span<const PreparedScenario> scenarios,
                          const PoolOptions& options, const RunObserverFn& observe = {},
                          std::optional<std::int64_t> only_replication = std::nullopt);

/// -o as given, or results/<stem>-<UTC time>.h5, a name no file has yet
/// (results/ is created). An existing -o file without `force` is a UsageError
/// (exit 2), checked before any run starts.
std::filesystem::path output_path(const std::string& option, const std::string& stem, bool force);

/// Default --jobs: the cores this process may run on (its CPU affinity:
/// taskset, cgroups, a Slurm allocation, mpirun's binding), not the machine's.
int default_jobs();
/// UsageError unless 1 <= jobs <= 1024.
void check_jobs(int jobs);

}  // namespace innosim::experiments

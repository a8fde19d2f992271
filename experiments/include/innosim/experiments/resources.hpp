#pragma once
// Resource checks before work starts (issue #19): what a job will need in
// memory and on disk, estimated from its scenarios before the first run, and
// compared with what the machine has. A job that cannot fit is refused with
// exit 2 and the numbers (UsageError), instead of ending in std::bad_alloc in
// every replication, a file of NaN rows, or a full disk hours later.
// `--skip-resource-check` is the override for users who know better.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

#include "innosim/experiments/experiment.hpp"

namespace innosim::experiments {

/// What one job needs and what the machine offers, in bytes.
struct ResourceEstimate {
  double firms_per_run = 0;       ///< most firms one run holds: initial + entry over the horizon (+5 sd)
  double memory_per_run = 0;      ///< peak memory of one replication
  double memory_job = 0;          ///< runs at once x memory_per_run, plus finished runs awaiting their turn
  double memory_machine = 0;      ///< physical memory, or the cgroup's limit when lower
  double output_bytes = 0;        ///< the results file (and working files) the job writes
  double disk_free = 0;           ///< free space for an unprivileged user where the output goes
  bool memory_fits() const { return memory_job <= 0.9 * memory_machine; }
  bool disk_fits() const { return disk_free <= 0 || output_bytes <= disk_free; }
};

/// Memory a replication of `ps` needs at most, from its parameters:
/// ~410 bytes per firm (measured, docs/experiments.md) x 1.5 for vector
/// growth, plus a block of panel and event rows (the rest is spooled to
/// disk, row_spool.hpp), plus its series, plus a fixed 32 MiB.
double memory_per_run(const PreparedScenario& ps, double* firms = nullptr);
/// Disk the runs in the pool's window (`jobs` threads) may hold at once in
/// their spooled panels and event logs, beside the results file.
double spool_bytes(std::span<const PreparedScenario> scenarios, int jobs);
/// The results file's size for `scenarios` (metric matrices, summaries,
/// /runs, panels and event logs as compressed in the file); `replications`
/// >= 0 counts that many runs per scenario instead of all (`run
/// --replication r`: 1).
double results_file_bytes(std::span<const PreparedScenario> scenarios, int replications = -1);

/// Estimates the job: `scenarios`' replications on `jobs` threads of this
/// process (0: it runs none, as rank 0 under MPI, which only holds finished
/// runs waiting for their turn), writing `output_bytes` beside `output`
/// (empty: no disk check). Machine numbers of this host.
ResourceEstimate estimate_resources(std::span<const PreparedScenario> scenarios, int jobs, double output_bytes,
                                    const std::filesystem::path& output);

/// Throws UsageError (exit 2) naming the numbers when the job cannot fit,
/// unless `skip`; `command` labels the message. Returns the estimate.
ResourceEstimate check_resources(const std::string& command, std::span<const PreparedScenario> scenarios, int jobs,
                                 double output_bytes, const std::filesystem::path& output, bool skip);

/// "1.2 GiB", "340 MiB" for messages.
std::string format_bytes(double bytes);

}  // namespace innosim::experiments

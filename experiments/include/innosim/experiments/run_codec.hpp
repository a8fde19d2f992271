#pragma once
// Runs on the wire between MPI ranks: which run to do, and a finished run's
// outcome, as byte strings (mpi_runner.hpp sends them). Numbers are copied
// bit for bit in the machine's byte order, so an outcome computed on another
// rank is the very outcome this process would have computed: files do not
// depend on where runs ran. Ranks must share the byte order; the meeting at
// the start of a job checks it (workload_fingerprint).
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "innosim/experiments/experiment.hpp"

namespace innosim::experiments {

/// Rank 0 -> worker: run replication `replication` of scenario `scenario`
/// (an index into the scenarios every rank prepared) as task `index`.
struct WireTask {
  std::uint64_t index = 0;
  std::uint64_t scenario = 0;
  std::int64_t replication = 0;
  std::vector<double> point;  ///< a parameter point's coordinates (RunTask::coords); `scenario` unused then
};

std::string encode_task(const WireTask& task);
/// IoError unless `bytes` is exactly one task.
WireTask decode_task(std::string_view bytes);

/// Worker -> rank 0: task `index` finished with `outcome` (all of it: series,
/// time grid, book check, counts, panel, event log, error, wall time).
std::string encode_outcome(std::uint64_t index, const RunOutcome& outcome);
/// IoError unless `bytes` is exactly one outcome.
std::pair<std::uint64_t, RunOutcome> decode_outcome(std::string_view bytes);

}  // namespace innosim::experiments

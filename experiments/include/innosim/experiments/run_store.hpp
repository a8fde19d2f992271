#pragma once
// The working directory of a sweep, `<OUT>.parts/`: one small file per
// finished run, each written to a temporary, fsync'ed and renamed into
// place, so a SIGKILL or a power loss loses at most the runs in flight and
// never leaves a half-written run behind. `--resume` reads what is there;
// the results file is assembled from the parts when every run is done.
//
// Why not one HDF5 file flushed after each run: HDF5 1.10 has no journal.
// A process killed while the library updates its metadata (the B-trees,
// heaps and superblock that H5Fflush writes) can leave a file no tool opens
// again, and SWMR, the only crash-tolerant mode, needs the 1.10-only file
// format and still only promises consistency to concurrent readers. A
// rename is atomic on POSIX file systems; that is the whole mechanism here.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace innosim::experiments {

/// One finished run as stored in a part file. Each part also records the
/// identity of its job (the sweep's SHA-256), so a part copied from another
/// sweep, even one of the same shape, is never taken for one of this sweep's.
struct StoredRun {
  std::int64_t point = 0;
  std::int64_t replication = 0;
  std::uint64_t seed = 0;
  double wall_seconds = 0.0;
  std::string error;            ///< empty when the run succeeded
  std::uint32_t n_metrics = 0;  ///< kept metrics
  std::uint32_t n_time = 0;     ///< values per metric: the full series, or 1 (the horizon)
  std::vector<double> values;   ///< [metric][t], row-major
};

/// What a sweep is: its identity and shape. A part is this job's only if it
/// carries `sha256` and its point and replication are in range.
struct SweepJob {
  std::string sha256;           ///< the sweep's SHA-256 (64 hex digits)
  std::int64_t points = 0;      ///< design points P: parts have point in [0, P)
  std::int64_t replications = 0;  ///< replications R: parts have replication in [0, R)
};

class RunStore {
 public:
  /// Opens `dir` (creating it when `create`), takes its lock (a second
  /// sweep on the same directory is refused) and checks or writes the
  /// manifest: `job.sha256` identifies the sweep, `text` is its resolved
  /// content. ConfigError when the directory belongs to another sweep.
  RunStore(std::filesystem::path dir, SweepJob job, const std::string& text, bool create);
  ~RunStore();
  RunStore(const RunStore&) = delete;
  RunStore& operator=(const RunStore&) = delete;

  /// The (point, replication) of every valid part file of this job. Damaged
  /// files, temporaries (a run killed while being saved), parts of another
  /// job (another sweep's SHA-256) and parts outside the job's points and
  /// replications are removed, and their runs rerun; rejected() counts them.
  std::set<std::pair<std::int64_t, std::int64_t>> finished(std::uint32_t n_metrics, std::uint32_t n_time);
  /// Part files the last finished() removed (damaged, foreign or out of range).
  std::size_t rejected() const { return rejected_; }
  /// Saves a run durably (temporary, fsync, rename, fsync of the directory).
  void save(const StoredRun& run);
  /// Reads a saved run back; IoError if it is missing, damaged or another job's.
  StoredRun load(std::int64_t point, std::int64_t replication) const;
  /// Removes the whole directory (after the results file is committed).
  void remove_all();
  const std::filesystem::path& dir() const { return dir_; }

  /// The manifest's sweep SHA-256 in `dir`, if it has a readable one.
  static std::optional<std::string> manifest_sha256(const std::filesystem::path& dir);
  /// `--force`: removes the sweep working directory `dir`, but only when it
  /// provably is one (a readable manifest, nothing but manifest, lock and
  /// runs/ with part files and their temporaries in it) and no process holds
  /// its lock (a sweep running there). Throws ConfigError otherwise, and
  /// removes nothing.
  static void discard(const std::filesystem::path& dir);

 private:
  std::filesystem::path part_path(std::int64_t point, std::int64_t replication) const;

  std::filesystem::path dir_;
  SweepJob job_;
  int lock_fd_ = -1;
  std::size_t rejected_ = 0;
};

}  // namespace innosim::experiments

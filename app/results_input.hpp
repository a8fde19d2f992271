#pragma once
// Reading a results file the user names (`inspect`, `report`, `export`,
// `discover`). The file is untrusted: HDF5 1.10 (Debian 12's) crashes on
// some damaged files (a flipped bit in a global heap) and loops for ever on
// others, and no check before the library opens a file rules that out. So
// none of it is read in innosim's own process: a child process
// (output/isolated.hpp) opens it and reads what `innosim inspect` shows (the
// header, the scenarios, the /runs table, what kind of experiment it holds)
// under tight limits; for more, a second child does the command's work and
// hands back its result as bytes (Packer), which the command then writes.
// A crash, a loop or an allocation beyond the limit becomes "'FILE' is a
// damaged results file: ..." (exit 1), and nothing has been written.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "innosim/output/results_reader.hpp"

namespace innosim::app {

enum class ResultsWork {
  headers,  ///< reads only what the check reads (plain `inspect`): one child, the check's limits
  whole,    ///< reads anything: the check first, then the work in a second child, limits after the file's size
};

/// Runs `work` on the open results file `file` in a child process and
/// returns what it returns. Throws IoError "'FILE' is a damaged results
/// file: ..." (exit 1) when reading crashes the HDF5 library, loops beyond
/// the CPU limit or allocates beyond the memory limit; what `work` (or
/// opening the file) throws comes back as ConfigError or UsageError (exit 2:
/// a missing file, not an innosim file, an option the file cannot serve) or
/// IoError (exit 1), its message escaped for a terminal (it may quote the
/// file). Call from a single-threaded moment (it forks).
std::string read_results_file(const std::string& file, ResultsWork kind,
                              const std::function<std::string(const output::ResultsReader&)>& work);

/// The CPU-time limit of the whole work's child, in seconds: 120 plus 1 per
/// MiB of file (a report or export of a sound file takes a fraction of it).
unsigned results_work_cpu_limit(const std::string& file);

/// The child's answer: fields appended in order, read back by Unpacker in
/// the same order.
struct Packer {
  std::string bytes;
  Packer& u64(std::uint64_t v);
  Packer& f64(double v);
  Packer& str(std::string_view s);
  Packer& f64s(const std::vector<double>& v);
  Packer& strs(const std::vector<std::string>& v);
};

/// Reads what a Packer wrote; IoError on an answer that ends early.
class Unpacker {
 public:
  explicit Unpacker(std::string_view bytes) : bytes_(bytes) {}
  std::uint64_t u64();
  double f64();
  std::string str();
  std::vector<double> f64s();
  std::vector<std::string> strs();
  /// A count of items of at least `min_bytes` each that follow (IoError if
  /// the answer cannot hold them).
  std::size_t count(std::size_t min_bytes);
  /// IoError unless every byte was read.
  void done() const;

 private:
  std::string_view take(std::size_t n);
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

}  // namespace innosim::app

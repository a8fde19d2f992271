#pragma once
// Reading an untrusted results file without risking the process. HDF5 1.10
// (Debian 12's) can crash on a damaged file: a flipped bit in a global heap
// makes it read out of bounds or free() a pointer built from file bytes. No
// check before the library opens the file can rule that out, so the risky
// reading runs in a child process: if the library crashes, the child dies,
// and the caller reports a damaged file instead of dying itself.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace innosim::output {

struct IsolatedResult {
  enum class End {
    ok,       ///< `work` returned: `text` is what it produced
    failed,   ///< `work` threw: `text` is the message; `bad_input`: a ConfigError or UsageError (exit 2),
              ///< `usage`: a UsageError; `out_of_memory`: std::bad_alloc (the memory limit)
    crashed,  ///< the child died (a signal, or an exit without a result): `signal` is the signal, 0 if none
  };
  End end = End::crashed;
  std::string text;
  bool bad_input = false;
  bool usage = false;
  bool out_of_memory = false;
  int signal = 0;
  int exit_status = -1;  ///< the child's exit status when it exited without a result
};

/// Runs `work` in a forked child process and hands back the text it returns
/// or the message of what it threw. The child's address space is limited to
/// `memory_limit_bytes` (0: no limit; give what reader_memory_limit() gives,
/// which counts what is mapped already: under AddressSanitizer that is
/// terabytes of reserved shadow), so a crafted size cannot make it allocate
/// the machine's memory. The child is killed after `timeout_seconds` of
/// wall time (0: none), and after `cpu_seconds` of CPU time (0: none; the
/// child then dies of SIGXCPU): HDF5 1.10 loops for ever on some damaged
/// files, and a CPU limit, unlike a clock, does not depend on how busy the
/// machine is. Call from a single-threaded moment: after fork() only the
/// calling thread exists in the child.
IsolatedResult run_isolated(const std::function<std::string()>& work, std::uint64_t memory_limit_bytes,
                            double timeout_seconds = 0, unsigned cpu_seconds = 0);

/// The address-space limit for a child reading the results file `path`:
/// what the process maps now plus max(1 GiB, 16 x the file's size). Reading
/// a results file needs memory of the order of its size (the reader checks
/// declared sizes against it and reads tables in blocks), so a file that
/// makes HDF5 allocate far more is damaged or hostile.
std::uint64_t reader_memory_limit(const std::filesystem::path& path);

/// The address-space limit for a child that builds something from the whole
/// of `path` (a report, an export, a discovery's inputs): what the process
/// maps now plus the larger of reader_memory_limit()'s budget and the
/// machine's physical memory. What the commands did in-process they can do
/// in the child; a size that could only end in swapping or the kernel's
/// out-of-memory killer ends in std::bad_alloc there instead.
std::uint64_t work_memory_limit(const std::filesystem::path& path);

/// The CPU-time limit for a child reading the results file `path`:
/// `base_seconds` plus 1 s per 4 MiB of file. Reading, and what is built
/// from what is read (a report, an export), takes time in proportion to the
/// file; far beyond that, the library is looping on a damaged file.
unsigned reader_cpu_limit(const std::filesystem::path& path, unsigned base_seconds);

/// What a child's end means, for a message: "crashed the HDF5 library
/// (SIGSEGV, ...)", or for SIGXCPU "did not finish within its CPU limit".
std::string isolated_failure(const IsolatedResult& r, unsigned cpu_seconds);

/// The name of a signal for messages: "SIGSEGV", "SIGABRT", "signal 42".
std::string signal_name(int signal);

}  // namespace innosim::output

#pragma once
// SIGINT and SIGTERM during long work. The first signal only sets a flag:
// the commands stop starting runs, finish or drop the ones in flight and
// clean up (run/compare remove their temporary file; a sweep keeps its
// finished runs and prints the resume command). A second signal exits at
// once, after removing the registered cleanup file, for when a run in
// flight would take too long to finish.
#include <filesystem>

namespace innosim::experiments {

class InterruptGuard {
 public:
  /// Installs the handlers (one guard at a time).
  InterruptGuard();
  /// Restores the previous handlers.
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  /// True once SIGINT or SIGTERM has arrived.
  static bool requested();
  /// The signal that arrived (0 if none).
  static int signal_number();
  /// The exit status for the signal that arrived: 128 + its number (130 for SIGINT).
  static int exit_code();
  /// A file a second signal unlinks before exiting (empty: none).
  static void set_cleanup(const std::filesystem::path& path);
  /// Unlinks the cleanup file at the first signal already. Under mpirun,
  /// whose Ctrl-C or SIGTERM is followed by SIGKILL to every rank within a
  /// second (and whose worker ranks may die first, failing rank 0's next MPI
  /// call), an interrupted job cannot finish its file anyway, and its
  /// temporary would be left behind (issue #19).
  static void cleanup_at_first_signal(bool on);
  /// Removes the cleanup file and exits with `code` at once, as a second
  /// signal does (async-signal-safe; for when the job is gone, e.g. the
  /// MPI launcher was killed).
  [[noreturn]] static void quit_now(int code);
};

}  // namespace innosim::experiments

#pragma once
// Progress of long work (run, compare, sweep) on stderr. On a terminal one
// line is redrawn in place; otherwise (a log file, CI) a plain line is
// printed every few seconds, so logs stay readable. Quiet prints nothing.
#include <chrono>
#include <cstddef>
#include <string>

namespace innosim::experiments {

class Progress {
 public:
  /// `command` labels the lines ("run"); `total` counts every run of the
  /// job, `already_done` those finished before (a resumed sweep), which do
  /// not count towards the rate.
  Progress(std::string command, std::size_t total, std::size_t already_done, bool quiet);
  /// `done` runs are finished in all (already_done included). Rate-limited: cheap to call often.
  void update(std::size_t done);
  /// Prints the last state and ends the terminal line; idempotent.
  void finish(std::size_t done);
  /// Ends the terminal line before other output goes to stderr.
  void break_line();

 private:
  std::string line(std::size_t done) const;

  std::string command_;
  std::size_t total_, already_done_;
  bool quiet_, tty_;
  bool open_line_ = false, finished_ = false;
  std::chrono::steady_clock::time_point start_, last_print_;
};

}  // namespace innosim::experiments

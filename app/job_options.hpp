#pragma once
// The command-line options of the long, resumable jobs (`sweep`,
// `sensitivity`, `calibrate`): written once so that the three commands
// read, check and repeat them alike (the resume command they print names
// the same options the user gave).
#include <cstdint>
#include <filesystem>
#include <string>

#include <boost/program_options.hpp>

#include "innosim/experiments/run_set.hpp"
#include "innosim/scenario/scenario.hpp"

namespace innosim::app {

struct JobOptions {
  /// How one command names itself and its options in --help and messages.
  struct Words {
    std::string command;   ///< "sweep": the subcommand, in messages and the resume command
    std::string job;       ///< "sweep", "analysis", "calibration": "the interrupted <job> of -o"
    std::string output;    ///< --output's help
    std::string resume;    ///< --resume's help after "continue the interrupted <job> of -o, "
    std::string max_runs;  ///< --max-runs's help
    std::string quiet;     ///< --quiet's help
    std::string force{};     ///< --force's help; empty: "overwrite an existing -o file; discard an interrupted <job>'s runs"
    std::string on_error{};  ///< --on-error's help; empty: the command has no --on-error
    std::string dry_run{};   ///< --dry-run's help; empty: the command has no --dry-run
  };

  std::string out, on_error = "continue";
  int jobs = 0;  ///< set to the default (cores) by add_to()
  bool force = false, resume = false, quiet = false, dry_run = false, skip_check = false;
  std::uint64_t max_runs = 0;  ///< 0: no --max-runs

  /// Adds -o, --jobs, --force, --resume, --on-error, --max-runs, --dry-run,
  /// --quiet and --skip-resource-check (those `words` gives help for).
  void add_to(boost::program_options::options_description& opts, const Words& words);
  /// After parsing: --jobs in range, --resume with -o and without --force,
  /// --on-error continue|stop, --max-runs at least 1, --dry-run without
  /// --resume or --quiet (UsageError, exit 2). Reads --max-runs strictly
  /// (digits only: "-1" is refused, not read as 2^64 - 1).
  void check(const boost::program_options::variables_map& vm, const Words& words);
  bool stop_on_failure() const { return on_error == "stop"; }
  /// The command that resumes this job: `[mpirun -np N] innosim CMD FILE
  /// -o TARGET --resume` with the options given that shape the job (--jobs
  /// if given, --on-error, --max-runs, then `extra`, then --quiet).
  std::string resume_command(const Words& words, const std::string& file, const std::filesystem::path& target,
                             const boost::program_options::variables_map& vm, const std::string& extra = {}) const;
  /// The options of a RunSet (sweep, sensitivity) that runs this job.
  experiments::RunSetOptions run_set_options(std::string resume_command) const;
};

/// A bad input file's problems as file:line:column on stderr, in the
/// message language (translate_message), printed by rank 0 alone (every
/// MPI rank read the same file); returns 2, the exit status of bad input.
int report_input_problems(const scenario::ScenarioError& e);

}  // namespace innosim::app

#pragma once
// The `innosim` command dispatcher: one function per subcommand. Each takes
// the arguments after its name and returns an exit code; errors are thrown
// and mapped to exit codes by main() (2 for bad input, 1 for failures).
#include <cstdint>
#include <string>

#include <boost/program_options.hpp>
#include <vector>

#include "innosim/experiments/schema_registry.hpp"

namespace innosim::app {

// The commands are a thin layer over the experiments library: its names
// (prepare_scenario, full_schema, mpi::...) read as the app's own.
using namespace innosim::experiments;  // NOLINT(google-build-using-namespace)

using Args = std::vector<std::string>;

/// An unsigned 64-bit option value (--seed, --max-runs), read strictly:
/// decimal digits only, at most 18446744073709551615. Boost reads "-1" as
/// 2^64-1 for an unsigned type (`--seed -1` silently became that seed).
struct U64 {
  std::uint64_t value = 0;
};
/// Boost.Program_options' hook for U64 (found by argument-dependent lookup).
void validate(boost::any& v, const std::vector<std::string>& values, U64*, int);

/// Parses a subcommand's arguments: `opts` (what --help shows) and `hidden`,
/// whose option `positional` takes up to `max_count` positional arguments
/// (-1: any number; `positional` nullptr: none). Every command takes --lang
/// (added when `opts` lacks it); --help is printed in the message language.
/// Returns false after printing the help for --help.
bool parse_command(const Args& args, const boost::program_options::options_description& opts,
                   const boost::program_options::options_description& hidden, const char* positional, int max_count,
                   boost::program_options::variables_map& vm);

int cmd_verify(const Args& args);
int cmd_run(const Args& args);
/// `innosim compare BASE ALT...`: paired policy contrasts (cmd_compare.cpp).
int cmd_compare(const Args& args);
/// `innosim sweep SWEEP.yaml`: parameter sweeps over a design (cmd_sweep.cpp).
int cmd_sweep(const Args& args);
/// `innosim sensitivity SA.yaml`: Sobol' and Morris global sensitivity analysis (cmd_sensitivity.cpp).
int cmd_sensitivity(const Args& args);
/// `innosim discover RESULTS.h5 --outcome EXPR --threshold T`: PRIM scenario discovery (cmd_discover.cpp).
int cmd_discover(const Args& args);
/// `innosim calibrate CALIB.yaml`: the method of simulated moments (cmd_calibrate.cpp).
int cmd_calibrate(const Args& args);
/// `innosim check-seed [SCENARIO]`: a calibration file's targets vs the model at their dates (cmd_check_seed.cpp).
int cmd_check_seed(const Args& args);

// Scenario commands (cmd_scenario.cpp).
int cmd_validate(const Args& args);
int cmd_scenarios(const Args& args);
int cmd_show_scenario(const Args& args);
int cmd_schema(const Args& args);

/// `innosim inspect`: what a results file holds (cmd_inspect.cpp).
int cmd_inspect(const Args& args);

/// `innosim report RESULTS.h5`: the results as a self-contained HTML page (cmd_report.cpp).
int cmd_report(const Args& args);
/// `innosim export RESULTS.h5 --format csv|xlsx`: tidy tables (cmd_export.cpp).
int cmd_export(const Args& args);

/// The full command line, kept for output files' `command_line` attribute.
const std::string& command_line();
/// How the program was invoked (argv[0]), for commands printed to the user.
const std::string& program();

}  // namespace innosim::app

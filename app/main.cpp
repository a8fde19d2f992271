// innosim: discrete-event, agent-based simulator of innovation ecosystems.
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>

#include <boost/program_options/errors.hpp>

#include "cli.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/experiments/interrupt.hpp"
#include "innosim/experiments/mpi_runner.hpp"
#include "innosim/version.hpp"

namespace {

std::string g_command_line;
std::string g_program = "innosim";

void print_usage(std::FILE* to) {
  std::fprintf(to,
               "innosim %s — discrete-event, agent-based simulator of innovation ecosystems\n\n"
               "usage: innosim <command> [options]\n\n"
               "commands:\n"
               "  run [SCENARIO]  run a scenario (default jiangmen-2025) and write an HDF5 results file\n"
               "  compare B A...  paired comparison of alternatives with a base (common random numbers)\n"
               "  sweep FILE      run a parameter sweep (grid, Latin hypercube, Sobol or your own points)\n"
               "  sensitivity F   which factors drive an output: Sobol' indices or Morris effects\n"
               "  discover FILE   where a swept outcome misses its target: PRIM boxes (scenario discovery)\n"
               "  calibrate FILE  estimate parameters from observed figures (simulated moments, common random numbers)\n"
               "  verify mmc      check the kernel against M/M/c queueing theory\n"
               "  validate        check scenarios; every problem as file:line:column\n"
               "  scenarios       list the embedded scenarios\n"
               "  show-scenario   print a scenario fully resolved, defaults included\n"
               "  schema          reference of every scenario key (--markdown for docs)\n"
               "  inspect FILE    list what a results file holds (--json: one JSON object)\n"
               "  report FILE     the results as one self-contained HTML page (zh or en), charts as SVG\n"
               "  export FILE     the results as tidy tables: --format csv or xlsx (zh or en headers)\n"
               "  version         print the version and git revision\n\n"
               "Under mpirun, run, compare, sweep and sensitivity spread their runs over the ranks;\n"
               "rank 0 writes the results (docs/experiments.md, \"Across machines: MPI\").\n"
               "Run `innosim help <command>` (or `innosim <command> --help`) for a command's options.\n",
               innosim::VERSION);
}

}  // namespace

namespace innosim::app {
const std::string& command_line() { return g_command_line; }

bool parse_command(const Args& args, const boost::program_options::options_description& opts,
                   const boost::program_options::options_description& hidden, const char* positional, int max_count,
                   boost::program_options::variables_map& vm) {
  namespace po = boost::program_options;
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description pos;
  pos.add(positional, max_count);
  po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
  if (vm.count("help")) {
    std::cout << opts << "\n";
    return false;
  }
  po::notify(vm);
  return true;
}
const std::string& program() { return g_program; }

void validate(boost::any& v, const std::vector<std::string>& values, U64*, int) {
  namespace po = boost::program_options;
  po::validators::check_first_occurrence(v);
  const std::string& s = po::validators::get_single_string(values);
  std::uint64_t x = 0;
  bool ok = !s.empty() && s.size() <= 20;
  for (const char c : s) {
    if (c < '0' || c > '9') {
      ok = false;
      break;
    }
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (x > (UINT64_MAX - d) / 10) {
      ok = false;  // overflow
      break;
    }
    x = x * 10 + d;
  }
  if (!ok)
    throw po::validation_error(po::validation_error::invalid_option_value, "", s);
  v = U64{x};
}
}  // namespace innosim::app

namespace {

/// Runs one command; an error is returned in `error` (one line, already
/// formatted) with the exit status, not printed: under MPI a worker rank's
/// error is printed by rank 0.
int dispatch(const std::string& cmd, const innosim::app::Args& args, std::string& error) {
  try {
    if (cmd == "-h" || cmd == "--help" || cmd == "help") {
      // `innosim help CMD` is `innosim CMD --help`; `help verify mmc` reaches the subcommand's own.
      if (cmd == "help" && !args.empty()) {
        if (args[0] == "help" || args[0] == "-h" || args[0] == "--help") {
          print_usage(stdout);
          return 0;
        }
        innosim::app::Args sub(args.begin() + 1, args.end());
        sub.push_back("--help");
        return dispatch(args[0], sub, error);
      }
      print_usage(stdout);
      return 0;
    }
    if (cmd == "version" || cmd == "--version") {
      std::printf("innosim %s (git %s)\n", innosim::VERSION, innosim::GIT_SHA1);
      return 0;
    }
    if (cmd == "verify") return innosim::app::cmd_verify(args);
    if (cmd == "run") return innosim::app::cmd_run(args);
    if (cmd == "compare") return innosim::app::cmd_compare(args);
    if (cmd == "sweep") return innosim::app::cmd_sweep(args);
    if (cmd == "sensitivity") return innosim::app::cmd_sensitivity(args);
    if (cmd == "discover") return innosim::app::cmd_discover(args);
    if (cmd == "calibrate") return innosim::app::cmd_calibrate(args);
    if (cmd == "validate") return innosim::app::cmd_validate(args);
    if (cmd == "scenarios") return innosim::app::cmd_scenarios(args);
    if (cmd == "show-scenario") return innosim::app::cmd_show_scenario(args);
    if (cmd == "schema") return innosim::app::cmd_schema(args);
    if (cmd == "inspect") return innosim::app::cmd_inspect(args);
    if (cmd == "report") return innosim::app::cmd_report(args);
    if (cmd == "export") return innosim::app::cmd_export(args);
    error = "innosim: unknown command '" + cmd + "'";
    return 2;
  } catch (const innosim::ConfigError& e) {
    error = "innosim " + cmd + ": error: " + e.what();
    return 2;
  } catch (const innosim::UsageError& e) {
    error = "innosim " + cmd + ": " + e.what();
    return 2;
  } catch (const boost::program_options::error& e) {
    error = "innosim " + cmd + ": " + e.what() + " (see `innosim " + cmd + " --help`)";
    return 2;
  } catch (const std::exception& e) {
    error = "innosim " + cmd + ": failed: " + e.what();
    return 1;
  }
}

/// Under mpirun, when the launcher is killed: remove the results file being
/// written, if any, and quit (the other ranks quit the same way).
void quit_orphaned() { innosim::app::InterruptGuard::quit_now(137); }

}  // namespace

int main(int argc, char** argv) {
  namespace mpi = innosim::app::mpi;
  mpi::init(argc, argv);
  mpi::on_orphaned(quit_orphaned);
  if (argc > 0) g_program = argv[0];
  for (int i = 0; i < argc; ++i) {
    if (i) g_command_line += ' ';
    g_command_line += argv[i];
  }
  if (argc < 2) {
    if (!mpi::worker()) print_usage(stderr);
    return mpi::finish(2, "");
  }
  const std::string cmd = argv[1];
  // run, compare and sweep share their runs among the ranks; any other
  // command is rank 0's alone (N copies of `inspect` would help nobody).
  const bool distributes =
      cmd == "run" || cmd == "compare" || cmd == "sweep" || cmd == "sensitivity" || cmd == "calibrate";
  if (mpi::worker()) {
    if (!distributes) return mpi::finish(0, "");
    // Tables, headlines and --help are rank 0's to print.
    if (!std::freopen("/dev/null", "w", stdout)) std::fclose(stdout);
  }
  if (distributes) mpi::expect_meeting();
  // Under mpirun, rank 0 removes its temporary results file at the first
  // signal: the launcher kills every rank a second later (interrupt.hpp).
  if (mpi::distributed()) innosim::app::InterruptGuard::cleanup_at_first_signal(true);
  std::string error;
  const int code = dispatch(cmd, innosim::app::Args(argv + 2, argv + argc), error);
  // A worker that fails before the meeting tells rank 0, which prints it;
  // after it, nobody else will.
  if (!error.empty() && (!mpi::worker() || mpi::met()))
    std::fprintf(stderr, "%s%s\n", mpi::worker() ? ("rank " + std::to_string(mpi::rank()) + ": ").c_str() : "",
                 error.c_str());
  if (error.rfind("innosim: unknown command", 0) == 0 && !mpi::worker()) {
    std::fputc('\n', stderr);
    print_usage(stderr);
  }
  return mpi::finish(code, error);
}

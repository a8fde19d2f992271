// innosim: discrete-event, agent-based simulator of innovation ecosystems.
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>

#include <boost/program_options/errors.hpp>

#include "cli.hpp"
#include "innosim/engine/error.hpp"
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
               "  sweep FILE      run a parameter sweep (grid, Latin hypercube or Sobol design)\n"
               "  verify mmc      check the kernel against M/M/c queueing theory\n"
               "  validate        check scenarios; every problem as file:line:column\n"
               "  scenarios       list the embedded scenarios\n"
               "  show-scenario   print a scenario fully resolved, defaults included\n"
               "  schema          reference of every scenario key (--markdown for docs)\n"
               "  inspect FILE    list what a results file holds (--json: one JSON object)\n"
               "  version         print the version and git revision\n\n"
               "Run `innosim <command> --help` for a command's options.\n",
               innosim::VERSION);
}

}  // namespace

namespace innosim::app {
const std::string& command_line() { return g_command_line; }
const std::string& program() { return g_program; }
}  // namespace innosim::app

int main(int argc, char** argv) {
  if (argc > 0) g_program = argv[0];
  for (int i = 0; i < argc; ++i) {
    if (i) g_command_line += ' ';
    g_command_line += argv[i];
  }
  if (argc < 2) {
    print_usage(stderr);
    return 2;
  }
  const std::string cmd = argv[1];
  innosim::app::Args args(argv + 2, argv + argc);
  try {
    if (cmd == "-h" || cmd == "--help" || cmd == "help") {
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
    if (cmd == "validate") return innosim::app::cmd_validate(args);
    if (cmd == "scenarios") return innosim::app::cmd_scenarios(args);
    if (cmd == "show-scenario") return innosim::app::cmd_show_scenario(args);
    if (cmd == "schema") return innosim::app::cmd_schema(args);
    if (cmd == "inspect") return innosim::app::cmd_inspect(args);
    std::fprintf(stderr, "innosim: unknown command '%s'\n\n", cmd.c_str());
    print_usage(stderr);
    return 2;
  } catch (const innosim::ConfigError& e) {
    std::fprintf(stderr, "innosim %s: error: %s\n", cmd.c_str(), e.what());
    return 2;
  } catch (const innosim::UsageError& e) {
    std::fprintf(stderr, "innosim %s: %s\n", cmd.c_str(), e.what());
    return 2;
  } catch (const boost::program_options::error& e) {
    std::fprintf(stderr, "innosim %s: %s (see `innosim %s --help`)\n", cmd.c_str(), e.what(), cmd.c_str());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "innosim %s: failed: %s\n", cmd.c_str(), e.what());
    return 1;
  }
}

// innosim: discrete-event, agent-based simulator of innovation ecosystems.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <boost/program_options/errors.hpp>

#include "cli.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/experiments/tables.hpp"
#include "innosim/experiments/interrupt.hpp"
#include "innosim/experiments/labels.hpp"
#include "innosim/experiments/mpi_runner.hpp"
#include "innosim/version.hpp"

namespace {

std::string g_command_line;
std::string g_program = "innosim";

void print_usage(std::FILE* to) {
  using innosim::experiments::say;
  using innosim::experiments::tr;
  const innosim::experiments::Lang lang = innosim::experiments::message_lang();
  static const std::pair<const char*, const char*> kCommands[] = {
      {"run [SCENARIO]", "run a scenario (default jiangmen-2025) and write an HDF5 results file"},
      {"compare B A...", "paired comparison of alternatives with a base (common random numbers)"},
      {"sweep FILE", "run a parameter sweep (grid, Latin hypercube, Sobol or your own points)"},
      {"sensitivity F", "which factors drive an output: Sobol' indices or Morris effects"},
      {"discover FILE", "where a swept outcome misses its target: PRIM boxes (scenario discovery)"},
      {"calibrate FILE", "estimate parameters from observed figures (simulated moments, common random numbers)"},
      {"check-seed [S]", "every calibration target vs the model at its date, pass or fail"},
      {"verify mmc", "check the kernel against M/M/c queueing theory"},
      {"validate", "check scenarios; every problem as file:line:column"},
      {"scenarios", "list the embedded scenarios"},
      {"show-scenario", "print a scenario fully resolved, defaults included"},
      {"schema", "reference of every scenario key (--markdown for docs)"},
      {"inspect FILE", "list what a results file holds (--summary: its tables; --json: one JSON object)"},
      {"report FILE", "the results as one self-contained HTML page (zh or en), charts as SVG"},
      {"export FILE", "the results as tidy tables: --format csv or xlsx (zh or en headers)"},
      {"version", "print the version and git revision"},
  };
  std::string text = say("innosim {} — discrete-event, agent-based simulator of innovation ecosystems",
                         innosim::VERSION) +
                     "\n\n" + say("usage: innosim <command> [options]") + "\n\n" +
                     std::string(tr("commands:", lang)) + "\n";
  for (const auto& [name, what] : kCommands) {
    std::string n = name;
    n.resize(16, ' ');
    text += "  " + n + std::string(tr(what, lang)) + "\n";
  }
  text += "\n" + std::string(tr("Under mpirun, run, compare, sweep and sensitivity spread their runs over the ranks;\n"
                                "rank 0 writes the results (docs/experiments.md, \"Across machines: MPI\").\n"
                                "Run `innosim help <command>` (or `innosim <command> --help`) for a command's options.\n"
                                "--lang zh|en (any command; default: the locale's) chooses the language of the\n"
                                "messages, progress lines and help.",
                                lang)) +
          "\n";
  std::fputs(text.c_str(), to);
}

/// The language of messages and --help: the command line's --lang (any
/// command), else the locale's. A bad value is left for the command to refuse.
void choose_message_lang(int argc, char** argv) {
  namespace ex = innosim::experiments;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    std::string value;
    if (a == "--lang" && i + 1 < argc)
      value = argv[i + 1];
    else if (a.rfind("--lang=", 0) == 0)
      value = a.substr(7);
    else
      continue;
    if (value == "zh") ex::set_message_lang(ex::Lang::zh);
    if (value == "en") ex::set_message_lang(ex::Lang::en);
    return;
  }
  ex::set_message_lang(ex::lang_from_environment());
}

}  // namespace

namespace innosim::app {
const std::string& command_line() { return g_command_line; }

namespace {
/// A command's --help in `lang`: the caption and each option's description
/// from the phrase catalogue, wrapped at CJK characters (Boost's own layout
/// counts bytes and would split a Chinese character); option names as typed.
std::string help_text(const boost::program_options::options_description& opts, experiments::Lang lang) {
  namespace po = boost::program_options;
  // Boost prints the caption, a colon, then the options' lines ("  -h [ --help ]  ..."): the caption is what
  // comes before the first of them.
  std::ostringstream printed;
  printed << opts;
  std::string caption = printed.str();
  if (const std::size_t at = caption.find("\n  -"); at != std::string::npos) caption.resize(at + 1);
  while (!caption.empty() && (caption.back() == '\n' || caption.back() == ':')) caption.pop_back();
  std::vector<std::pair<std::string, std::string>> rows;
  std::size_t width = 0;
  for (const boost::shared_ptr<po::option_description>& o : opts.options()) {
    std::string name = o->format_name();
    const std::string parameter = o->format_parameter();
    if (!parameter.empty()) name += " " + parameter;
    width = std::max(width, experiments::display_width(name));
    rows.emplace_back(name, std::string(experiments::tr(o->description(), lang)));
  }
  width = std::min<std::size_t>(width, 28);
  // The caption keeps its own lines (the catalogue's Chinese is laid out already).
  std::string out = std::string(experiments::tr(caption, lang)) + "：\n";
  for (const auto& [name, description] : rows) {
    // Appended piecewise: `"\n" + std::string(...)` trips GCC 12's -Wrestrict false positive.
    const std::string indent(width + 4, ' ');
    out += "  ";
    if (experiments::display_width(name) > width) {
      out += name;
      out += '\n';
      out += indent;
    } else {
      out += experiments::pad(name, width, false);
      out += "  ";
    }
    for (const char c : experiments::wrap(description, 88 - width - 4)) {
      out += c;
      if (c == '\n') out += indent;
    }
    out += '\n';
  }
  return out;
}
}  // namespace

bool parse_command(const Args& args, const boost::program_options::options_description& opts,
                   const boost::program_options::options_description& hidden, const char* positional, int max_count,
                   boost::program_options::variables_map& vm) {
  namespace po = boost::program_options;
  // Every command takes --lang (the language of its messages and help): those
  // whose own options lack it get it here.
  po::options_description lang_option;
  const bool own_lang = opts.find_nothrow("lang", false) != nullptr;
  if (!own_lang)
    lang_option.add_options()("lang", po::value<std::string>(),
                              "zh or en: language of the messages and of this help (default: the locale's)");
  po::options_description all;
  all.add(opts).add(lang_option).add(hidden);
  po::positional_options_description pos;
  if (positional) pos.add(positional, max_count);  // none: any argument is "too many positional options"
  po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
  if (!own_lang && vm.count("lang")) (void)experiments::choose_lang(vm["lang"].as<std::string>());  // exit 2 if bad
  if (vm.count("help")) {
    po::options_description shown(opts);  // one group: the caption, then every option
    if (!own_lang) shown.add(lang_option.options().front());
    const experiments::Lang lang = experiments::message_lang();
    if (lang == experiments::Lang::en)
      std::cout << shown << "\n";
    else
      std::cout << help_text(shown, lang) << "\n";
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

/// An error's text in the message language (labels.hpp: the message catalogue).
std::string translated(const char* what) {
  return innosim::experiments::translate_message(what, innosim::experiments::message_lang());
}

/// Runs one command; an error is returned in `error` (one line, already
/// formatted) with the exit status, not printed: under MPI a worker rank's
/// error is printed by rank 0.
int dispatch(const std::string& cmd, const innosim::app::Args& args, std::string& error) {
  try {
    if (cmd == "-h" || cmd == "--help" || cmd == "help") {
      if (!args.empty() && (args[0] == "--lang" || args[0].rfind("--lang=", 0) == 0)) {
        // `innosim help --lang zh [CMD]`: --lang is main's (choose_message_lang), not a command.
        innosim::app::Args rest(args.begin() + (args[0] == "--lang" && args.size() > 1 ? 2 : 1), args.end());
        return dispatch(cmd, rest, error);
      }
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
    if (cmd == "check-seed") return innosim::app::cmd_check_seed(args);
    if (cmd == "validate") return innosim::app::cmd_validate(args);
    if (cmd == "scenarios") return innosim::app::cmd_scenarios(args);
    if (cmd == "show-scenario") return innosim::app::cmd_show_scenario(args);
    if (cmd == "schema") return innosim::app::cmd_schema(args);
    if (cmd == "inspect") return innosim::app::cmd_inspect(args);
    if (cmd == "report") return innosim::app::cmd_report(args);
    if (cmd == "export") return innosim::app::cmd_export(args);
    error = innosim::experiments::say("innosim: unknown command '{}'", cmd);
    return 2;
  } catch (const innosim::ConfigError& e) {
    error = "innosim " + cmd + ": " + innosim::experiments::say("error: {}", translated(e.what()));
    return 2;
  } catch (const innosim::UsageError& e) {
    error = "innosim " + cmd + ": " + translated(e.what());
    return 2;
  } catch (const boost::program_options::error& e) {
    error = "innosim " + cmd + ": " + translated(e.what()) + innosim::experiments::say(" (see `innosim {} --help`)", cmd);
    return 2;
  } catch (const std::exception& e) {
    error = "innosim " + cmd + ": " + innosim::experiments::say("failed: {}", translated(e.what()));
    return 1;
  }
}

/// Under mpirun, when the launcher is killed: remove the results file being
/// written, if any, and quit (the other ranks quit the same way).
void quit_orphaned() { innosim::app::InterruptGuard::quit_now(137); }

}  // namespace

int main(int argc, char** argv) {
  namespace mpi = innosim::app::mpi;
  // The message language first: MPI's own start-up can already have something to say.
  if (argc >= 2) choose_message_lang(argc, argv);
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
  if (error == innosim::experiments::say("innosim: unknown command '{}'", cmd) && !mpi::worker()) {
    std::fputc('\n', stderr);
    print_usage(stderr);
  }
  return mpi::finish(code, error);
}

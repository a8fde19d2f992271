// `innosim run`: the main job. Loads a scenario, runs its replications on a
// thread pool (experiment.hpp), streams each finished replication to the
// HDF5 results file (written atomically) and prints the headline outcomes at
// the horizon.
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>

#include <boost/program_options.hpp>

#include "cli.hpp"
#include "innosim/experiments/experiment.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/output/results_reader.hpp"
#include "innosim/experiments/interrupt.hpp"
#include "innosim/experiments/mpi_runner.hpp"
#include "innosim/experiments/text_format.hpp"

namespace po = boost::program_options;

namespace innosim::app {

namespace {

/// The headline table, read back from the committed file so that what is
/// printed is what the file holds, to 6 significant digits (readable; the
/// exact values are in the file and in `innosim inspect --json`).
void print_headline(const std::filesystem::path& file, const PreparedScenario& ps) {
  const scenario::Scenario& scn = ps.scenario;
  std::printf("\n%s — %d replications, seed %llu, horizon %g years (%g)\n", scn.name().c_str(), scn.replications(),
              static_cast<unsigned long long>(scn.seed()), scn.horizon_years(),
              scn.start_year() + scn.horizon_years());
  std::printf("%-24s %14s  %-30s %s\n", "metric at horizon", "mean", "95% CI", "unit");
  const output::ResultsReader reader(file);
  std::map<std::string, std::string> units;  // as the file says ("yuan per month" for a monthly flow)
  for (const output::MetricInfo& m : reader.scenario(scn.name()).metrics) units[m.name] = m.unit;
  for (const std::string& name : headline_metrics()) {
    const output::SummaryRow last = reader.summary(scn.name(), name).back();
    // Appended piecewise: `"[" + std::string&&` trips GCC 12's -Wrestrict false positive.
    std::string ci = "[";
    ci += readable_number(last.ci_low);
    ci += ", ";
    ci += readable_number(last.ci_high);
    ci += "]";
    std::printf("%-24s %14s  %-30s %s\n", name.c_str(), readable_number(last.mean).c_str(), ci.c_str(),
                units[name].c_str());
  }
  std::printf("\nresults: %s\n", file.string().c_str());
}

}  // namespace

int cmd_run(const Args& args) {
  std::string scenario_name = "jiangmen-2025", out;
  std::vector<std::string> sets;
  int jobs = default_jobs();
  bool panel = false, events = false, force = false, quiet = false;
  po::options_description opts(
      "innosim run [SCENARIO] [options]\n\n"
      "Runs a scenario (an embedded name or a YAML file; default jiangmen-2025), writes an\n"
      "HDF5 results file and prints the headline outcomes at the horizon (mean and 95% CI\n"
      "over replications). The file is written atomically: interrupted (Ctrl-C) or failed,\n"
      "no file appears under its name. Exit: 0 done, 1 a replication or the run failed,\n"
      "2 bad input, 130/143 interrupted by SIGINT/SIGTERM");
  opts.add_options()("help,h", "show this help")(
      "output,o", po::value<std::string>(&out), "results file (default results/<scenario>-<UTC time>.h5)")(
      "replications", po::value<int>(), "replications (overrides the scenario)")(
      "seed", po::value<std::uint64_t>(), "random seed (overrides the scenario)")(
      "jobs,j", po::value<int>(&jobs), "parallel replications (default: cores); results do not depend on it")(
      "set", po::value<std::vector<std::string>>(&sets), "override a scenario key: dotted.path=value (repeatable)")(
      "panel", po::bool_switch(&panel), "write the firm panel (/scenarios/<name>/firms)")(
      "events", po::bool_switch(&events), "write the event log (/scenarios/<name>/events)")(
      "force", po::bool_switch(&force), "overwrite an existing -o file")(
      "quiet,q", po::bool_switch(&quiet), "print nothing but errors");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value<std::string>(&scenario_name));
  po::variables_map vm;
  if (!parse_command(args, opts, hidden, "scenario", 1, vm)) return 0;  // --help
  check_jobs(jobs);
  std::optional<std::uint64_t> seed;
  std::optional<int> replications;
  if (vm.count("seed")) seed = vm["seed"].as<std::uint64_t>();
  if (vm.count("replications")) replications = vm["replications"].as<int>();
  if (panel) sets.push_back("outputs.panel=true");
  if (events) sets.push_back("outputs.events=true");

  const PreparedScenario ps = prepare_scenario(full_schema(), scenario_name, sets, seed, replications);
  if (mpi::worker()) return serve_runs({&ps, 1}, jobs);  // rank 0 writes the file
  const std::filesystem::path target = output_path(out, ps.scenario.name(), force);

  InterruptGuard guard;
  output::ResultsWriter writer(target, {.force = force, .command_line = command_line(), .n_ranks = mpi::size()});
  InterruptGuard::set_cleanup(writer.temporary());
  const BatchResult batch = run_scenarios(writer, {&ps, 1}, {.jobs = jobs, .command = "run", .quiet = quiet});
  if (batch.end == PoolEnd::interrupted || InterruptGuard::requested()) {
    std::fprintf(stderr, "innosim run: interrupted; no results written\n");
    return InterruptGuard::exit_code();  // ~ResultsWriter removes the temporary
  }
  writer.commit();
  InterruptGuard::set_cleanup({});
  if (!quiet) print_headline(target, ps);
  if (batch.failures) {
    std::fprintf(stderr, "innosim run: %zu of %d replications failed (recorded in /runs of %s)\n", batch.failures,
                 ps.replications(), target.string().c_str());
    return 1;
  }
  return 0;
}

}  // namespace innosim::app

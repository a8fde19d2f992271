// `innosim run`: the main job. Loads a scenario, runs its replications on a
// thread pool (experiment.hpp), streams each finished replication to the
// HDF5 results file (written atomically) and prints the headline outcomes at
// the horizon.
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "cli.hpp"
#include "innosim/experiments/comparison.hpp"
#include "innosim/experiments/experiment.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/output/results_reader.hpp"
#include "innosim/experiments/interrupt.hpp"
#include "innosim/experiments/mpi_runner.hpp"
#include "innosim/experiments/resources.hpp"
#include "innosim/experiments/headline.hpp"
#include "innosim/experiments/inert.hpp"
#include "innosim/experiments/labels.hpp"
#include "innosim/experiments/tables.hpp"
#include "innosim/experiments/text_format.hpp"

namespace po = boost::program_options;

namespace innosim::app {

namespace {

/// The headline table or JSON, read back from the committed file so that
/// what is printed is what the file holds.
void print_result(const std::filesystem::path& file, const PreparedScenario& ps, Lang lang, bool json,
                  std::optional<int> at_year, std::size_t failures, std::optional<std::int64_t> only,
                  const std::vector<std::string>& metrics) {
  const scenario::Scenario& scn = ps.scenario;
  const output::ResultsReader reader(file);
  const output::ScenarioHeader& h = reader.scenario(scn.name());
  std::optional<double> at;
  if (at_year) at = at_years_of(*at_year, scn.start_year(), reader.time(scn.name()));
  const std::vector<HeadlineRow> rows = headline_table(reader, scn.name(), metrics, at);
  if (json) {
    std::string out = "{\"file\": " + json_string(file.string()) + ", \"scenario\": " + json_string(scn.name()) +
                      ", \"seed\": " + std::to_string(scn.seed()) + ", \"replications\": " +
                      std::to_string(scn.replications()) + ", \"replication\": " +
                      (only ? std::to_string(*only) : std::string("null")) + ", \"start_year\": " +
                      std::to_string(scn.start_year()) + ", \"horizon_years\": " + json_number(scn.horizon_years()) +
                      ", \"failed_runs\": " + std::to_string(failures) + ", \"confidence_level\": 0.95" +
                      ", \"headline\": " + headline_json(rows, h.start_year) + "}";
    std::printf("%s\n", out.c_str());
    return;
  }
  HeadlineContext c{scn.name(), scn.replications(), scn.seed(), h.start_year, scn.horizon_years(), failures};
  if (only) {
    c.replications = 1;
    std::printf("\n%s", fmt::format(fmt::runtime(tr("replication {} alone (the others are recorded as not run)", lang)),
                                    *only).c_str());
  }
  std::fputs(headline_text(rows, c, lang).c_str(), stdout);
  std::printf("\n%s\n", fmt::format(fmt::runtime(tr("results: {}", lang)), file.string()).c_str());
}

}  // namespace

int cmd_run(const Args& args) {
  std::string scenario_name = "jiangmen-2025", out, lang_option, metrics_option;
  std::vector<std::string> sets;
  int jobs = default_jobs();
  bool panel = false, events = false, force = false, quiet = false, json = false, skip_check = false;
  po::options_description opts(
      "innosim run [SCENARIO] [options]\n\n"
      "Runs a scenario (an embedded name or a YAML file; default jiangmen-2025), writes an\n"
      "HDF5 results file and prints the headline table: stocks at the horizon (or --at YEAR),\n"
      "flows as totals over the run and per year, each as the mean over replications with\n"
      "the 95% CI of the mean and the 5%-95% range of the replications. The file is written\n"
      "atomically: interrupted (Ctrl-C) or failed, no file appears under its name.\n"
      "Exit: 0 done, 1 a replication or the run failed, 2 bad input, 130/143 interrupted by\n"
      "SIGINT/SIGTERM");
  opts.add_options()("help,h", "show this help")(
      "output,o", po::value<std::string>(&out), "results file (default results/<scenario>-<UTC time>.h5)")(
      "replications", po::value<int>(), "replications (overrides the scenario)")(
      "replication", po::value<std::int64_t>(),
      "run replication R alone (0-based; with the same seed its values equal row R of the full run; the "
      "others are recorded as not run)")(
      "seed", po::value<U64>(), "random seed (overrides the scenario)")(
      "jobs,j", po::value<int>(&jobs), "parallel replications (default: cores); results do not depend on it")(
      "set", po::value<std::vector<std::string>>(&sets), "override a scenario key: dotted.path=value (repeatable)")(
      "panel", po::bool_switch(&panel), "write the firm panel (/scenarios/<name>/firms)")(
      "events", po::bool_switch(&events), "write the event log (/scenarios/<name>/events)")(
      "at", po::value<int>(), "read stocks on 1 January of YEAR and total flows up to it (default: the horizon)")(
      "metrics", po::value<std::string>(&metrics_option),
      "metrics of the headline table, a,b,c (default: the headline set; its cost is net_fiscal_cost)")(
      "lang", po::value<std::string>(&lang_option), "zh or en: language of the table (default: the locale's)")(
      "json", po::bool_switch(&json), "print one JSON object (exact numbers) instead of the table")(
      "force", po::bool_switch(&force), "overwrite an existing -o file")(
      "quiet,q", po::bool_switch(&quiet), "print only the results file's path (and errors)")(
      "skip-resource-check", po::bool_switch(&skip_check),
      "run even when the memory or disk space the job needs (estimated before it starts) exceeds this machine's");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value<std::string>(&scenario_name));
  po::variables_map vm;
  if (!parse_command(args, opts, hidden, "scenario", 1, vm)) return 0;  // --help
  check_jobs(jobs);
  const Lang lang = choose_lang(lang_option);
  std::optional<std::uint64_t> seed;
  std::optional<int> replications, at_year;
  std::optional<std::int64_t> only;
  if (vm.count("seed")) seed = vm["seed"].as<U64>().value;
  if (vm.count("replications")) replications = vm["replications"].as<int>();
  if (vm.count("at")) at_year = vm["at"].as<int>();
  if (vm.count("replication")) only = vm["replication"].as<std::int64_t>();
  // Checked before any run: an unknown name exits 2 with a suggestion.
  const std::vector<std::string> metrics =
      metrics_option.empty() ? std::vector<std::string>{} : parse_metric_list(metrics_option);
  if (panel) sets.push_back("outputs.panel=true");
  if (events) sets.push_back("outputs.events=true");

  const PreparedScenario ps = prepare_scenario(full_schema(), scenario_name, sets, seed, replications);
  if (only && (*only < 0 || *only >= ps.replications()))
    throw UsageError("--replication " + std::to_string(*only) + " is not a replication of '" + ps.scenario.name() +
                     "', which has " + std::to_string(ps.replications()) + " (0 to " +
                     std::to_string(ps.replications() - 1) + "; raise --replications)");
  if (at_year) (void)at_years_of(*at_year, ps.scenario.start_year(), ps.spec().time);  // exit 2 before any run
  if (!mpi::worker()) {
    const scenario::Scenario* const one[] = {&ps.scenario};
    for (const std::string& w : inert_set_warnings(one, sets, lang))
      std::fprintf(stderr, "innosim run: %s: %s\n", std::string(tr("warning", lang)).c_str(), w.c_str());
  }
  if (mpi::worker()) {
    check_resources("run", {&ps, 1}, jobs, 0, {}, skip_check);  // this rank's threads
    return serve_runs({&ps, 1}, jobs);  // rank 0 writes the file
  }
  const std::filesystem::path target = output_path(out, ps.scenario.name(), force);
  // Before any run: memory for --jobs replications at once (under MPI rank 0
  // runs none, it holds the finished ones), disk for the results file.
  check_resources("run", {&ps, 1}, mpi::distributed() ? 0 : jobs, results_file_bytes({&ps, 1}, only ? 1 : -1) + spool_bytes({&ps, 1}, jobs), target,
                  skip_check);

  InterruptGuard guard;
  output::ResultsWriter writer(target, {.force = force, .command_line = command_line(), .n_ranks = mpi::size()});
  InterruptGuard::set_cleanup(writer.temporary());
  const BatchResult batch =
      run_scenarios(writer, {&ps, 1}, {.jobs = jobs, .command = "run", .quiet = quiet || json}, {}, only);
  if (batch.end == PoolEnd::interrupted || InterruptGuard::requested()) {
    std::fprintf(stderr, "innosim run: %s\n", say("interrupted; no results written").c_str());
    return InterruptGuard::exit_code();  // ~ResultsWriter removes the temporary
  }
  writer.commit();
  InterruptGuard::set_cleanup({});
  if (quiet)
    std::printf("%s\n", target.string().c_str());  // the one line scripts need
  else
    print_result(target, ps, lang, json, at_year, batch.failures, only, metrics);
  if (batch.failures) {
    std::fprintf(stderr, "innosim run: %s\n",
                 say("{} of {} replications failed (recorded in /runs of {})", batch.failures,
                     only ? 1 : ps.replications(), target.string())
                     .c_str());
    return 1;
  }
  return 0;
}

}  // namespace innosim::app

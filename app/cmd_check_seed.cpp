// `innosim check-seed [SCENARIO] --calibration FILE`: every target and frozen
// validation pattern of a calibration file against the scenario's runs at its
// date, with pass or fail against its band (experiments/check_seed.hpp). The
// file is read by the parser `calibrate` uses; nothing of the model is here.
#include <cstdint>
#include <cstdio>
#include <filesystem>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "cli.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/experiments/check_seed.hpp"
#include "innosim/experiments/experiment.hpp"
#include "innosim/experiments/labels.hpp"
#include "innosim/experiments/mpi_runner.hpp"
#include "innosim/output/atomic_file.hpp"
#include "job_options.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace innosim::app {

int cmd_check_seed(const Args& args) {
  std::string scenario_name, file = "scenarios/calibration/jiangmen-2025.yaml", csv, lang_option;
  int reps = 0, jobs = default_jobs();
  std::int64_t first_replication = 0;
  bool force = false, quiet = false;
  po::options_description opts(
      "innosim check-seed [SCENARIO] [options]\n\n"
      "Runs SCENARIO (an embedded name or a YAML file; default: the calibration file's base,\n"
      "jiangmen-2025 for the repository's file) with the calibration file's set: overrides, and\n"
      "prints every target, identity and validation pattern of the file against the model at its date:\n"
      "the observed figure, the model's mean over the replications with the 95% CI of the mean,\n"
      "the pass band (within 10% of a point figure unless the file says otherwise; one-sided\n"
      "for \"over X\") and pass or fail (the mean in the band). The file is read as calibrate\n"
      "reads it (docs/experiments.md, \"innosim check-seed\").\n"
      "Exit: 0 every row passes, 1 some row fails or a run failed, 2 bad input (file:line:column)");
  opts.add_options()("help,h", "show this help")(
      "calibration,c", po::value<std::string>(&file),
      "the calibration file (default scenarios/calibration/jiangmen-2025.yaml, from the repository's top folder)")(
      "reps", po::value<int>(&reps), "replications (default: the calibration file's)")(
      "first-replication", po::value<std::int64_t>(&first_replication),
      "first replication to run (default 0: the replications calibrate fits on, 0 to S-1, in sample); S or more, "
      "e.g. 1000, runs fresh replications the fit never saw (out of sample)")(
      "jobs,j", po::value<int>(&jobs), "parallel replications (default: cores); results do not depend on it")(
      "csv", po::value<std::string>(&csv), "also write the rows to this CSV file (exact numbers), atomically")(
      "force", po::bool_switch(&force), "overwrite an existing --csv file")(
      "lang", po::value<std::string>(&lang_option), "zh or en: language of the table (default: the locale's)")(
      "quiet,q", po::bool_switch(&quiet), "no progress lines");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value<std::string>(&scenario_name));
  po::variables_map vm;
  if (!parse_command(args, opts, hidden, "scenario", 1, vm)) return 0;  // --help
  check_jobs(jobs);
  // Rank 0's alone (main.cpp): the worker ranks have left, so no run may go to them.
  if (mpi::distributed())
    throw UsageError("check-seed runs in one process: run it without mpirun (--jobs uses the cores)");
  const Lang lang = choose_lang(lang_option);
  if (vm.count("reps") && (reps < 2 || reps > 100'000))
    throw UsageError("--reps must be in [2, 100000]: the CI of the mean needs two runs");
  if (first_replication < 0 || first_replication > 1'000'000'000)
    throw UsageError("--first-replication must be in [0, 1000000000]");
  std::error_code ec;
  if (!fs::exists(file, ec))
    throw UsageError("calibration file '" + file + "' does not exist (give --calibration FILE; the repository's is "
                     "scenarios/calibration/jiangmen-2025.yaml, read from the repository's top folder)");
  // Before any run: an existing --csv without --force, or a missing folder.
  if (!csv.empty()) {
    if (fs::exists(csv, ec) && !force)
      throw UsageError("output file '" + csv + "' already exists; use --force to overwrite it");
    const fs::path dir = fs::path(csv).parent_path();
    if (!dir.empty() && !fs::is_directory(dir, ec))
      throw ConfigError("cannot write '" + csv + "': directory '" + dir.string() + "' does not exist");
  }
  CalibrationSpec spec;
  try {
    spec = load_calibration(file, full_schema(),
                            scenario_name.empty() ? std::nullopt : std::optional<std::string>(scenario_name));
  } catch (const scenario::ScenarioError& e) {
    return report_input_problems(e);
  }
  const SeedCheck check = check_seed(
      spec, {.replications = reps, .first_replication = first_replication, .jobs = jobs, .quiet = quiet});
  if (!csv.empty()) output::write_file_atomically(csv, seed_check_csv(check), force);
  std::fputs(seed_check_text(check, lang).c_str(), stdout);
  if (!csv.empty()) std::printf("%s\n", fmt::format(fmt::runtime(tr("rows: {}", lang)), csv).c_str());
  return check.failures() == 0 && check.failed_runs == 0 ? 0 : 1;
}

}  // namespace innosim::app

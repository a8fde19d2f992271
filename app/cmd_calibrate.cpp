// `innosim calibrate CALIB.yaml`: estimates scenario parameters from observed
// figures by the method of simulated moments on common random numbers
// (experiments/calibration.hpp). Long work done safely, as a sweep: every
// finished run is saved in `<OUT>.parts/` at once, a killed calibration
// resumes with --resume and ends with the same results as an uninterrupted
// one; the results file and the calibrated scenario are written at the end.
#include <cstdio>
#include <fstream>
#include <iostream>

#include <unistd.h>

#include <boost/program_options.hpp>

#include "cli.hpp"
#include "innosim/experiments/labels.hpp"
#include "job_options.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/experiments/calibration.hpp"
#include "innosim/experiments/distributed.hpp"
#include "innosim/experiments/interrupt.hpp"
#include "innosim/experiments/mpi_runner.hpp"
#include "innosim/experiments/resources.hpp"
#include "innosim/experiments/run_set.hpp"
#include "innosim/experiments/text_format.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace innosim::app {

namespace {

/// A scenario name from the calibration file's name: "<stem>-calibrated".
std::string default_name(const fs::path& file) {
  std::string s;
  for (char c : file.stem().string()) s += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '-';
  if (s.empty() || !std::isalnum(static_cast<unsigned char>(s[0]))) s = "calibration" + s;
  return s.substr(0, 80) + "-calibrated";
}

/// Writes `text` to `path` atomically (temporary, fsync, rename).
void write_file_atomically(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".tmp-" + std::to_string(::getpid());
  {
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) throw IoError("cannot write '" + tmp.string() + "'");
    const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size() && std::fflush(f) == 0 &&
                    ::fsync(::fileno(f)) == 0;
    std::fclose(f);
    if (!ok) {
      fs::remove(tmp);
      throw IoError("cannot write '" + tmp.string() + "'");
    }
  }
  fs::rename(tmp, path);
}

}  // namespace

int cmd_calibrate(const Args& args) {
  static const JobOptions::Words kWords = {
      .command = "calibrate",
      .job = "calibration",
      .output = "results file (default results/<calibration file name>-<UTC time>.h5)",
      .resume = "reusing its saved runs",
      .max_runs = "a hard budget of model runs; the local search stops when it would exceed it",
      .quiet = "print nothing but errors and the final report",
      .force = "overwrite existing output files; discard an interrupted calibration's runs"};
  std::string file, scenario_out, name;
  JobOptions job;
  bool estimate = false;
  po::options_description opts(
      "innosim calibrate CALIB.yaml [options]\n\n"
      "Estimates scenario parameters from observed figures by the method of simulated moments\n"
      "on common random numbers (docs/experiments.md, \"Calibration\"): a check of the targets,\n"
      "a global design, a local derivative-free search (NLopt), standard errors, the J test\n"
      "and identification. Writes the results file (/calibration) and a scenario that extends\n"
      "the base with the estimates. Each finished run is saved in <OUT>.parts/ at once, so a\n"
      "killed calibration loses at most its runs in flight and --resume continues it.\n"
      "Exit: 0 done, 1 a run failed, 2 bad input, 130/143 interrupted (resumable)");
  opts.add_options()("help,h", "show this help");
  job.add_to(opts, kWords);
  opts.add_options()(
      "scenario-out", po::value<std::string>(&scenario_out),
      "the calibrated scenario (default: beside the results file, <OUT stem>-scenario.yaml)")(
      "name", po::value<std::string>(&name), "the calibrated scenario's name (default <file stem>-calibrated)")(
      "estimate", po::bool_switch(&estimate), "print the plan and its cost (one timed run), run nothing else");
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::string>(&file));
  po::variables_map vm;
  if (!parse_command(args, opts, hidden, "file", 1, vm)) return 0;  // --help
  job.check(vm, kWords);
  if (file.empty())
    throw UsageError("no calibration file given (usage: innosim calibrate CALIB.yaml [-o OUT.h5] [options])");
  const int jobs = job.jobs;
  const std::size_t max_runs = static_cast<std::size_t>(job.max_runs);
  const std::string& out = job.out;
  const bool force = job.force, resume = job.resume, quiet = job.quiet, skip_check = job.skip_check;
  CalibrationSpec spec;
  try {
    spec = load_calibration(file, full_schema());
  } catch (const scenario::ScenarioError& e) {
    return report_input_problems(e);
  }
  // Under MPI every rank reads the file; the worker ranks run the points rank
  // 0 asks for, preparing each point's scenario from its coordinates exactly
  // as rank 0 would. --estimate is rank 0's alone.
  const std::uint64_t seed = spec.seed.value_or(prepare_scenario(full_schema(), spec.scenario, spec.overrides).seed());
  const PreparedScenario base =
      without_records(prepare_scenario(full_schema(), spec.scenario, spec.overrides, seed, std::nullopt));
  const std::string identity = calibration_identity(spec, base.scenario.resolved_yaml(), seed).second;
  if (mpi::worker()) {
    if (estimate) return 0;
    const PointResolver resolve = [&](std::span<const double> u) {
      std::vector<std::string> o = spec.overrides;
      for (std::size_t j = 0; j < spec.parameters.size(); ++j)
        o.push_back(spec.parameters[j].override_for(spec.parameters[j].from_unit(u[j])));
      return without_records(prepare_scenario(full_schema(), spec.scenario, o, seed, std::nullopt));  // as rank 0's
    };
    check_resources("calibrate", {&base, 1}, jobs, 0, {}, skip_check);  // this rank's threads (at the base's size)
    return serve_runs({&base, 1}, jobs, resolve, identity);
  }
  check_budget(spec, max_runs);
  if (!name.empty()) {
    const bool ident = name.size() <= 100 && std::isalnum(static_cast<unsigned char>(name[0])) &&
                       std::all_of(name.begin(), name.end(), [](char c) {
                         return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
                       });
    if (!ident) throw UsageError("--name must be letters, digits, '.', '_' and '-', starting with a letter or digit");
  } else {
    name = default_name(file);
  }

  if (estimate) {
    const std::size_t S = static_cast<std::size_t>(spec.replications), p = spec.parameters.size();
    std::vector<std::string> o = spec.overrides;
    for (const CalibParameter& q : spec.parameters) o.push_back(q.override_for(q.from_unit(0.5)));
    const PreparedScenario ps =
        without_records(prepare_scenario(full_schema(), spec.scenario, o, spec.seed, std::nullopt));
    const RunOutcome run = execute({&ps, 0, -1});
    const std::size_t local = static_cast<std::size_t>(spec.search.restarts + 1) *
                              static_cast<std::size_t>(spec.search.max_evaluations) * S;
    std::size_t total = fixed_runs(spec) + local;
    if (max_runs) total = std::min(total, max_runs);
    std::printf("%s\n", say("calibration {}: {} parameters, {} targets, S = {} replications per point", file, p,
                             spec.targets.size(), S)
                             .c_str());
    // The start point's S runs belong to the check (or, without it, to the global stage).
    std::printf("%s\n",
                say(spec.search.restarts == 0
                        ? "runs: check {}, global {}, local at most {} ({} search x {} evaluations), Jacobian {}, "
                          "profiles {}: at most {}{}"
                        : "runs: check {}, global {}, local at most {} ({} searches x {} evaluations), Jacobian {}, "
                          "profiles {}: at most {}{}",
                    spec.check ? 2 * S : 0, (spec.search.points + (spec.check ? 0 : 1)) * S, local,
                    spec.search.restarts + 1, spec.search.max_evaluations, 2 * p * S,
                    p * static_cast<std::size_t>(spec.profile_points) * S, total,
                    max_runs ? say(" (--max-runs)") : std::string())
                    .c_str());
    if (!run.ok()) {
      std::printf("%s\n", say("the timed run at the centre of the box failed: {}",
                               translate_message(run.error, message_lang()))
                               .c_str());
      return 1;
    }
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.3f", run.wall_seconds);
    std::printf("%s\n", say("one run at the centre of the box took {} s: at most {} on {} (runs vary with the parameters)",
                             secs, format_duration(run.wall_seconds * static_cast<double>(total) / jobs),
                             say(jobs == 1 ? "{} thread" : "{} threads", jobs))
                             .c_str());
    return 0;
  }

  // Where the results go, and the working directory beside them.
  fs::path target;
  if (out.empty()) {
    target = output_path("", fs::path(file).stem().string(), false);
  } else {
    target = out;
    std::error_code ec;
    if (fs::exists(target, ec) && resume)
      throw UsageError("'" + target.string() + "' already exists, so its calibration finished: nothing to resume "
                       "(remove '" + target.string() + ".parts' if a crash left it behind)");
    if (fs::exists(target, ec) && !force)
      throw UsageError("output file '" + target.string() + "' already exists; use --force to overwrite it");
  }
  if (!target.parent_path().empty() && !fs::is_directory(target.parent_path()))
    throw ConfigError("cannot write '" + target.string() + "': directory '" + target.parent_path().string() +
                      "' does not exist");
  fs::path yaml_path = scenario_out.empty()
                           ? target.parent_path() / (target.stem().string() + "-scenario.yaml")
                           : fs::path(scenario_out);
  {
    std::error_code ec;
    if (fs::exists(yaml_path, ec) && !force && !resume)
      throw UsageError("the calibrated scenario '" + yaml_path.string() + "' already exists; use --force to "
                       "overwrite it or --scenario-out to name another file");
    if (!yaml_path.parent_path().empty() && !fs::is_directory(yaml_path.parent_path()))
      throw ConfigError("cannot write '" + yaml_path.string() + "': directory '" + yaml_path.parent_path().string() +
                        "' does not exist");
  }
  // Before any run or file: memory for --jobs runs at once (at the base
  // scenario's size; a calibrated population.firms may move it), disk for
  // the saved runs (one part per run: the targets' values and a header).
  check_resources("calibrate", {&base, 1}, mpi::distributed() ? 0 : jobs,
                  2.0 * static_cast<double>(max_runs ? max_runs : fixed_runs(spec) * 4) * 1024.0 + 1024.0 * 1024,
                  target, skip_check);
  const fs::path parts = target.string() + ".parts";
  std::error_code ec;
  const bool have_parts = fs::exists(parts, ec);
  if (have_parts && !resume) {
    if (!force)
      throw UsageError("an interrupted calibration is saved in '" + parts.string() + "'; continue it with --resume "
                       "or discard it with --force");
    if (!RunStore::manifest_sha256(parts) && !fs::exists(parts / "runs"))
      throw UsageError("'" + parts.string() + "' is not a working directory of innosim; remove it yourself");
    fs::remove_all(parts);
  }
  if (resume && !have_parts && !quiet)
    std::fprintf(stderr, "innosim calibrate: no interrupted calibration in '%s'; starting it\n", parts.string().c_str());
  // A resumed calibration must be the same: the evaluator checks the saved
  // runs' identity (the resolved file, the base scenario, innosim's build).
  if (resume && have_parts) {
    const std::optional<std::string> saved = RunStore::manifest_sha256(parts);
    if (saved && *saved != identity)
      throw UsageError("'" + parts.string() + "' holds the runs of a different calibration (another file, base "
                       "scenario or innosim build); discard them with --force");
  }

  // The calibrated scenario extends the base as seen from where it is written.
  std::string extends = spec.scenario;
  if (spec.scenario.find('/') != std::string::npos || !scenario::embedded_scenario_text(spec.scenario).size()) {
    const fs::path base_abs = fs::absolute(spec.scenario).lexically_normal();
    const fs::path dir = fs::absolute(yaml_path).parent_path();
    extends = base_abs.lexically_relative(dir).string();
    if (extends.empty()) extends = base_abs.string();
  }

  const std::string resume_cmd = job.resume_command(
      kWords, file, target, vm,
      (scenario_out.empty() ? std::string() : " --scenario-out " + shell_quote(scenario_out)) +
          (vm.count("name") ? " --name " + shell_quote(name) : std::string()));

  InterruptGuard guard;
  // Under MPI the worker ranks are met once, for every batch of the job.
  std::optional<RemoteRanks> remote;
  if (mpi::distributed()) {
    remote.emplace(std::span<const PreparedScenario>(&base, 1), jobs, identity);
    if (!quiet)
      std::fprintf(stderr, "innosim calibrate: %s\n",
                   say(remote->workers() == 1 ? "{} MPI ranks: rank 0 runs the search and writes, {} worker rank runs "
                                                "the points on {}"
                                              : "{} MPI ranks: rank 0 runs the search and writes, {} worker ranks run "
                                                "the points on {}",
                       mpi::size(), remote->workers(),
                       say(remote->threads() == 1 ? "{} thread" : "{} threads", remote->threads()))
                       .c_str());
    std::fprintf(stderr, "innosim calibrate: %s\n  %s\n",
                 say("each finished run is saved in {} at once; should the job stop, resume with:", parts.string()).c_str(),
                 resume_cmd.c_str());
  }
  CalibrationResult result;
  CalibrationOptions copt;
  copt.jobs = jobs;
  copt.quiet = quiet;
  copt.store_dir = parts;
  copt.resume = resume;
  copt.max_runs = max_runs;
  copt.scenario_name = name;
  copt.extends = extends;
  copt.remote = remote ? &*remote : nullptr;
  try {
    result = calibrate(spec, copt);
  } catch (const EvaluationInterrupted&) {
    std::fprintf(stderr, "innosim calibrate: %s\n%s\n  %s\n",
                 say("interrupted; the finished runs are kept in {}", parts.string()).c_str(),
                 say("resume with:").c_str(), resume_cmd.c_str());
    return InterruptGuard::exit_code();
  }
  if (InterruptGuard::requested()) {
    std::fprintf(stderr, "innosim calibrate: %s\n%s\n  %s\n",
                 say("interrupted; the finished runs are kept in {}", parts.string()).c_str(),
                 say("resume with:").c_str(), resume_cmd.c_str());
    return InterruptGuard::exit_code();
  }
  if (remote) remote->shutdown();

  // The scenario first (to a temporary), then the results file: a crash in
  // between leaves the parts directory, and --resume redoes both.
  const fs::path yaml_tmp = yaml_path.string() + ".pending-" + std::to_string(::getpid());
  write_file_atomically(yaml_tmp, result.scenario_yaml);
  try {
    output::ResultsWriter writer(target, {.force = force, .command_line = command_line(), .n_ranks = mpi::size()});
    InterruptGuard::set_cleanup(writer.temporary());
    write_calibration(writer, spec, result);
    writer.commit();
    InterruptGuard::set_cleanup({});
  } catch (...) {
    fs::remove(yaml_tmp, ec);
    throw;
  }
  fs::rename(yaml_tmp, yaml_path);
  fs::remove_all(parts, ec);

  std::fputs(calibration_report(spec, result, message_lang()).c_str(), stdout);
  std::printf("\n%s\n%s\n", say("results: {}", target.string()).c_str(),
              say("calibrated scenario: {} (run it with: innosim run {})", yaml_path.string(),
                  shell_quote(yaml_path.string()))
                  .c_str());
  if (result.runs_failed) {
    std::fprintf(stderr, "innosim calibrate: %s\n",
                 say("{} run(s) failed (recorded in /runs of {})", result.runs_failed, target.string()).c_str());
    return 1;
  }
  return 0;
}

}  // namespace innosim::app

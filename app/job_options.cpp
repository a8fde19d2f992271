#include "job_options.hpp"

#include <cstdio>

#include "cli.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/experiments/experiment.hpp"
#include "innosim/experiments/labels.hpp"
#include "innosim/experiments/mpi_runner.hpp"
#include "innosim/experiments/text_format.hpp"

namespace po = boost::program_options;

namespace innosim::app {

void JobOptions::add_to(po::options_description& opts, const Words& w) {
  jobs = default_jobs();
  auto add = opts.add_options();
  add("output,o", po::value<std::string>(&out), w.output.c_str());
  add("jobs,j", po::value<int>(&jobs), "parallel runs (default: cores); results do not depend on it");
  add("force", po::bool_switch(&force),
      (w.force.empty() ? "overwrite an existing -o file; discard an interrupted " + w.job + "'s runs" : w.force).c_str());
  add("resume", po::bool_switch(&resume), ("continue the interrupted " + w.job + " of -o, " + w.resume).c_str());
  if (!w.on_error.empty()) add("on-error", po::value<std::string>(&on_error), w.on_error.c_str());
  add("max-runs", po::value<U64>(), w.max_runs.c_str());
  if (!w.dry_run.empty()) add("dry-run", po::bool_switch(&dry_run), w.dry_run.c_str());
  add("quiet,q", po::bool_switch(&quiet), w.quiet.c_str());
  add("skip-resource-check", po::bool_switch(&skip_check),
      "run even when the memory or disk space the job needs (estimated before it starts) exceeds this machine's");
}

void JobOptions::check(const po::variables_map& vm, const Words& w) {
  check_jobs(jobs);
  if (vm.count("max-runs")) {
    max_runs = vm["max-runs"].as<U64>().value;
    if (max_runs == 0) throw UsageError("--max-runs must be at least 1");
  }
  if (on_error != "continue" && on_error != "stop")
    throw UsageError("--on-error must be continue or stop, got '" + on_error + "'");
  if (resume && out.empty())
    throw UsageError("--resume needs -o: the results file the interrupted " + w.job + " was writing");
  if (resume && force) throw UsageError("--resume and --force contradict each other");
  if (dry_run && (resume || quiet))
    throw UsageError("--dry-run runs nothing to resume and prints its estimate: drop " +
                     std::string(resume ? "--resume" : "--quiet"));
}

std::string JobOptions::resume_command(const Words& w, const std::string& file, const std::filesystem::path& target,
                                       const po::variables_map& vm, const std::string& extra) const {
  std::string c = (mpi::distributed() ? "mpirun -np " + std::to_string(mpi::size()) + " " : std::string()) +
                  shell_quote(program()) + " " + w.command + " " + shell_quote(file) + " -o " +
                  shell_quote(target.string()) + " --resume";
  if (vm.count("jobs")) c += " --jobs " + std::to_string(jobs);
  if (on_error != "continue") c += " --on-error=" + on_error;
  if (max_runs) c += " --max-runs " + std::to_string(max_runs);
  c += extra;
  if (quiet) c += " --quiet";
  return c;
}

experiments::RunSetOptions JobOptions::run_set_options(std::string resume_command) const {
  return {.jobs = jobs,
          .quiet = quiet,
          .force = force,
          .resume = resume,
          .stop_on_failure = stop_on_failure(),
          .max_runs = max_runs ? std::optional<std::uint64_t>(max_runs) : std::nullopt,
          .dry_run = dry_run,
          .resume_command = std::move(resume_command)};
}

int report_input_problems(const scenario::ScenarioError& e) {
  if (!mpi::worker())  // rank 0 reports them, once
    for (const scenario::Diagnostic& d : e.diagnostics())
      std::fprintf(stderr, "%s\n", translate_message(d.to_string(), message_lang()).c_str());
  return 2;
}

}  // namespace innosim::app

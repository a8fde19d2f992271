#include "innosim/experiments/run_set.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <thread>

#include "innosim/engine/error.hpp"
#include "innosim/experiments/interrupt.hpp"
#include "innosim/experiments/mpi_runner.hpp"
#include "innosim/output/results_writer.hpp"
#include "innosim/experiments/labels.hpp"

namespace innosim::experiments {

namespace fs = std::filesystem;

std::string format_duration(double seconds) {
  if (!(seconds >= 0) || !std::isfinite(seconds)) return say("unknown");
  // Numbers formatted first: the phrase catalogue's placeholders are plain {}.
  if (seconds < 10) return say("{} s", fmt::format("{:.1f}", seconds));
  if (seconds < 90) return say("{} s", fmt::format("{:.0f}", seconds));
  if (seconds < 3600) {
    const long s = std::lround(seconds);
    return say("{} min {} s", s / 60, fmt::format("{:02}", s % 60));
  }
  if (seconds < 48 * 3600) {
    const long m = std::lround(seconds / 60);
    return say("{} h {} min", m / 60, fmt::format("{:02}", m % 60));
  }
  return say("{} days", fmt::format("{:.1f}", seconds / 86400));
}

RunSet::RunSet(fs::path target, RunSetJob job, RunSetOptions options)
    : target_(std::move(target)), parts_(target_.string() + ".parts"), job_(std::move(job)),
      options_(std::move(options)) {
  const std::string& cmd = job_.command;
  if (job_.replications < 1) throw InternalError("RunSet: replications < 1");
  if (options_.max_runs && total_runs() > *options_.max_runs)
    throw UsageError("this " + cmd + " needs " + std::to_string(total_runs()) + " runs (" +
                     std::to_string(job_.cells.size() / std::max<std::size_t>(1, job_.roles)) + " points x " +
                     std::to_string(job_.replications) + " replications" +
                     (job_.roles > 1 ? " x " + std::to_string(job_.roles) + " scenarios" : std::string()) +
                     "), more than --max-runs " + std::to_string(*options_.max_runs) +
                     ": raise the limit, or shrink the job");
  std::error_code ec;
  const bool target_exists = fs::exists(target_, ec);
  if (target_exists && options_.resume)
    throw UsageError("'" + target_.string() + "' already exists, so its " + cmd + " finished: nothing to resume (remove '" +
                     parts_.string() + "' if a crash left it behind)");
  if (target_exists && !options_.force)
    throw UsageError("output file '" + target_.string() + "' already exists; use --force to overwrite it");
  // A device, a FIFO, a dangling link as -o: refused before any run.
  output::check_output_target(target_, options_.force);
  if (options_.dry_run) return;
  const bool have_parts = fs::exists(parts_, ec);
  if (have_parts && !options_.resume) {
    if (!options_.force)
      throw UsageError("an interrupted " + cmd + " is saved in '" + parts_.string() +
                       "'; continue it with --resume or discard it with --force");
    // Refuses a directory that is not provably a sweep working directory,
    // and one a running job holds (its lock): never deletes another's runs.
    RunStore::discard(parts_);
  }
  if (options_.resume && !have_parts && !options_.quiet)
    std::fprintf(stderr, "innosim %s: %s\n", cmd.c_str(),
                 say("no interrupted {} in '{}'; starting it", cmd, parts_.string()).c_str());
  if (!target_.parent_path().empty() && !fs::is_directory(target_.parent_path(), ec))
    throw ConfigError("cannot write '" + target_.string() + "': directory '" + target_.parent_path().string() +
                      "' does not exist");
  store_.emplace(parts_, SweepJob{job_.sha256, static_cast<std::int64_t>(job_.cells.size()), job_.replications},
                 job_.manifest, !(options_.resume && have_parts));
  // Parts of another job, or outside this one's points and replications,
  // are removed there and rerun: only this job's runs count as done.
  done_ = store_->finished(job_.n_metrics, job_.n_time);
  if (store_->rejected())
    std::fprintf(stderr, "innosim %s: %s\n", cmd.c_str(),
                 say("{} part file(s) in {} were damaged or not this {}'s (another job's, or outside its points and "
                     "replications): removed, their runs are rerun",
                     store_->rejected(), (parts_ / "runs").string(), cmd)
                     .c_str());
  done_before_ = done_.size();
}

std::size_t RunSet::total_runs() const { return job_.cells.size() * static_cast<std::size_t>(job_.replications); }

bool RunSet::finished(std::size_t cell, int replication) const {
  return done_.count({static_cast<std::int64_t>(cell), replication}) > 0;
}

StoredRun RunSet::load(std::size_t cell, int replication) const {
  if (!store_) throw InternalError("RunSet::load without a working directory");
  return store_->load(static_cast<std::int64_t>(cell), replication);
}

std::size_t RunSet::cell_of(const RunTask& t) const { return static_cast<std::size_t>(t.scenario - job_.cells.data()); }

void RunSet::save(const RunTask& t, const RunOutcome& o) {
  const std::size_t cell = cell_of(t);
  StoredRun run;
  run.point = static_cast<std::int64_t>(cell);
  run.replication = t.replication;
  run.seed = job_.seed;
  run.wall_seconds = o.wall_seconds;
  run.error = o.error;
  run.n_metrics = job_.n_metrics;
  run.n_time = o.ok() ? job_.n_time : 0;
  if (o.ok()) {
    job_.keep(cell, o, run.values);
    if (run.values.size() != std::size_t{job_.n_metrics} * job_.n_time)
      throw InternalError("RunSet: keep() gave " + std::to_string(run.values.size()) + " values, not " +
                          std::to_string(std::size_t{job_.n_metrics} * job_.n_time));
  }
  if (options_.dry_run) return;
  store_->save(run);
  done_.insert({run.point, t.replication});
}

std::optional<CostEstimate> RunSet::probe(std::vector<RunTask>& tasks) {
  const bool mpi_job = mpi::distributed();
  const std::size_t jobs = static_cast<std::size_t>(std::max(1, options_.jobs));
  // Under MPI rank 0 times one run itself before the workers start: it
  // would otherwise only hand runs out.
  const std::size_t k = mpi_job ? 1 : std::min(jobs, tasks.size());
  // A job hardly longer than the probe needs no estimate.
  if (options_.quiet || k == 0 || (tasks.size() <= 2 * k && !options_.dry_run)) return std::nullopt;
  // Spread over the job (points may differ in cost: a factor may be the
  // number of firms), taken out of the task list: they are the job's runs.
  std::vector<RunTask> picked;
  std::vector<std::size_t> idx;
  for (std::size_t j = 0; j < k; ++j) idx.push_back(j * tasks.size() / k);
  for (std::size_t i : idx) picked.push_back(tasks[i]);
  std::vector<RunOutcome> outcomes(k);
  {
    std::vector<std::thread> threads;
    for (std::size_t j = 0; j < k; ++j) threads.emplace_back([&, j] { outcomes[j] = execute(picked[j]); });
    for (std::thread& t : threads) t.join();
  }
  for (std::size_t j = k; j-- > 0;) tasks.erase(tasks.begin() + static_cast<std::ptrdiff_t>(idx[j]));
  CostEstimate e;
  e.probe_runs = k;
  for (std::size_t j = 0; j < k; ++j) {
    if (!outcomes[j].ok())
      std::fprintf(stderr, "innosim %s: %s\n", job_.command.c_str(),
                   say("point {}{} replication {} failed: {}", picked[j].point,
                       picked[j].role ? " (" + std::string(picked[j].role) + ")" : std::string(),
                       picked[j].replication, translate_message(outcomes[j].error, message_lang()))
                       .c_str());
    save(picked[j], outcomes[j]);
    e.seconds_per_run += outcomes[j].wall_seconds / static_cast<double>(k);
  }
  e.runs_to_do = options_.dry_run ? tasks.size() + k : tasks.size();
  e.threads = mpi_job ? static_cast<std::size_t>(mpi::size() - 1) * jobs : jobs;
  e.seconds = static_cast<double>(e.runs_to_do) * e.seconds_per_run / static_cast<double>(e.threads);
  const std::string where = mpi_job ? say("{} threads of {} worker ranks (if each runs --jobs {})", e.threads,
                                          mpi::size() - 1, jobs)
                                    : say(e.threads == 1 ? "{} thread" : "{} threads", e.threads);
  std::fprintf(stderr, "innosim %s: %s\n", job_.command.c_str(),
               say(options_.dry_run ? (k > 1 ? "cost estimate: {} runs at {} s each (a probe of {} runs at once): about {} on {}"
                                             : "cost estimate: {} runs at {} s each (a probe of {} run): about {} on {}")
                                    : (k > 1 ? "cost estimate: {} more runs at {} s each (a probe of {} runs at once): about {} on {}"
                                             : "cost estimate: {} more runs at {} s each (a probe of {} run): about {} on {}"),
                   e.runs_to_do, fmt::format("{:.3g}", e.seconds_per_run), k, format_duration(e.seconds), where)
                   .c_str());
  return e;
}

RunSetResult RunSet::run() {
  RunSetResult result;
  result.total = total_runs();
  result.done_before = done_before_;
  const int R = job_.replications;
  std::vector<RunTask> tasks;
  const std::size_t roles = std::max<std::size_t>(1, job_.roles);
  for (std::size_t c = 0; c < job_.cells.size(); ++c)
    for (int r = 0; r < R; ++r)
      if (!finished(c, r))
        tasks.push_back({&job_.cells[c], r, static_cast<std::int64_t>(c / roles),
                         roles > 1 && c % roles < job_.role_names.size() ? job_.role_names[c % roles].c_str()
                                                                          : nullptr});

  result.estimate = probe(tasks);
  if (options_.dry_run) {
    result.end = PoolEnd::stopped;
    return result;
  }
  const bool stop = options_.stop_on_failure;
  bool failed_stop = false;
  if (stop)
    for (const auto& [cell, rep] : done_)
      if (!store_->load(cell, rep).error.empty()) failed_stop = true;  // a failure in the probe, or before
  if (InterruptGuard::requested()) {
    result.end = PoolEnd::interrupted;
  } else if (failed_stop) {
    result.end = PoolEnd::stopped;
  } else {
    // Under mpirun the job's end may come with no chance to print (mpirun
    // kills every rank a second after a rank dies or Ctrl-C): say it now.
    if (mpi::distributed() && !options_.quiet)
      std::fprintf(stderr, "innosim %s: %s\n  %s\n", job_.command.c_str(),
                   say("each finished run is saved in {} at once; should the job stop, resume with:", parts_.string())
                       .c_str(),
                   options_.resume_command.c_str());
    result.end = run_pool(tasks,
                          {.jobs = options_.jobs,
                           .command = job_.command,
                           .quiet = options_.quiet,
                           .total = result.total,
                           .already_done = done_.size(),
                           .stop_on_failure = stop,
                           .scenarios = job_.cells,
                           // Saved as soon as it finishes, not when its turn
                           // comes: a killed job keeps every finished run.
                           .on_finished = [&](std::size_t i, const RunOutcome& o) { save(tasks[i], o); }},
                          [&](std::size_t, RunOutcome&& o) {
                            if (!o.ok() && stop) failed_stop = true;
                            return !failed_stop;
                          });
    if (InterruptGuard::requested()) result.end = PoolEnd::interrupted;
  }
  result.failed_stop = failed_stop;
  result.done = done_.size();
  return result;
}

int RunSet::report_interrupted() const {
  std::fprintf(stderr, "innosim %s: %s\n%s\n  %s\n", job_.command.c_str(),
               say("interrupted; {} of {} runs are done and kept in {}", done_.size(), total_runs(), parts_.string())
                   .c_str(),
               say("resume with:").c_str(), options_.resume_command.c_str());
  return InterruptGuard::exit_code();
}

void RunSet::remove_parts() {
  if (store_) store_->remove_all();
}

}  // namespace innosim::experiments

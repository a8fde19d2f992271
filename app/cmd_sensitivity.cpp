// `innosim sensitivity SA.yaml`: which assumptions drive an answer. Sobol'
// indices or Morris elementary effects of the model's outputs (stocks at a
// date, flows' totals, paired policy effects) over the factors' ranges, on
// the run machinery of `sweep` (RunSet: threads, MPI, each run saved,
// resume, cost estimate, --max-runs). `--test-function NAME` runs the very
// same design and estimators on a function whose indices are known.
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "cli.hpp"
#include "job_options.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/experiments/labels.hpp"
#include "innosim/experiments/mpi_runner.hpp"
#include "innosim/experiments/resources.hpp"
#include "innosim/experiments/run_set.hpp"
#include "innosim/experiments/sensitivity_job.hpp"
#include "innosim/experiments/sensitivity_report.hpp"
#include "innosim/experiments/text_format.hpp"
#include "innosim/output/sha256.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace innosim::app {

namespace {

using scenario::Diagnostic;
using scenario::ScenarioError;

struct TestOptions {
  std::string method = "sobol";
  std::size_t n = 1 << 14, trajectories = 50, levels = 4, resamples = 1000;
  bool second_order = false;
  std::uint64_t seed = 1;
};

/// The analysis of a built-in test function: the design, its values, the
/// same analyse() and tables as the model's.
int run_test_function(const std::string& name, const TestOptions& t, const std::string& out, bool force,
                      bool quiet, Lang lang) {
  TestFunction f;
  try {
    f = test_function(name);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--test-function: ") + e.what());
  }
  SaAnalysis a;
  a.factors = f.factors;
  std::vector<std::size_t> group_of;
  for (std::size_t i = 0; i < f.factors.size(); ++i) {
    a.groups.push_back({f.factors[i].name, {i}});
    group_of.push_back(i);
  }
  try {
    a.design = t.method == "sobol" ? saltelli_design(t.n, group_of, a.groups.size(), t.second_order, t.seed)
                                   : morris_design(t.trajectories, t.levels, group_of, a.groups.size(), t.seed);
  } catch (const ConfigError& e) {
    throw UsageError(e.what());
  }
  a.boot = {.resamples = t.resamples, .confidence = 0.95, .seed = t.seed};
  a.replications = 1;
  a.deterministic = true;
  SaOutputResult o;
  o.name = "f";
  o.label = f.description;
  std::vector<double> x(f.factors.size());
  for (const auto& u : a.design.unit) {
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = f.factors[i].at_unit(u[i]);
    o.values.push_back({f.evaluate(x)});
  }
  o.s1_analytic = f.s1;
  o.st_analytic = f.st;
  a.outputs.push_back(std::move(o));
  analyse(a);
  if (!out.empty()) {
    output::ResultsWriter writer(output_path(out, "", force), {.force = force, .command_line = command_line()});
    write_sensitivity(writer, a,
                      {{"test_function", f.name},
                       {"test_function_description", f.description},
                       {"seed", t.seed}});
    writer.commit();
  }
  if (!quiet) {
    std::printf("%s", format_report(a, lang).c_str());
    if (t.method == "sobol") {
      const SaOutputResult& r = a.outputs.front();
      std::size_t outside = 0, far = 0;
      for (std::size_t g = 0; g < a.groups.size(); ++g) {
        for (const auto& [iv, exact] : {std::pair{r.sobol->s1[g], f.s1[g]}, std::pair{r.sobol->st[g], f.st[g]}}) {
          outside += !(iv.low <= exact && exact <= iv.high);
          far += !(std::abs(iv.estimate - exact) <= 0.02);
        }
      }
      std::printf("\n%s\n", fmt::format(fmt::runtime(tr("against the analytic indices: {} of {} outside their {} % "
                                                        "interval, {} off by more than 0.02", lang)),
                                        outside, 2 * a.groups.size(), std::lround(100 * a.boot.confidence), far)
                                .c_str());
    } else {
      // Morris ranks factors as their total indices do (Campolongo et al. 2007): count the pairs it orders otherwise.
      const SaOutputResult& r = a.outputs.front();
      std::size_t pairs = 0, swapped = 0;
      for (std::size_t g = 0; g < a.groups.size(); ++g)
        for (std::size_t h = 0; h < a.groups.size(); ++h)
          if (f.st[g] > 1.5 * f.st[h]) {  // clearly ordered by ST
            ++pairs;
            swapped += !(r.morris->mu_star[g].estimate > r.morris->mu_star[h].estimate);
          }
      std::printf("\n%s\n", fmt::format(fmt::runtime(tr("against the analytic total indices: mu* orders {} of {} "
                                                        "clearly ordered pairs of factors as ST does", lang)),
                                        pairs - swapped, pairs)
                                .c_str());
    }
    if (!out.empty()) std::printf("%s\n", fmt::format(fmt::runtime(tr("results: {}", lang)), out).c_str());
  }
  return 0;
}

}  // namespace

int cmd_sensitivity(const Args& args) {
  static const JobOptions::Words kWords = {
      .command = "sensitivity",
      .job = "analysis",
      .output = "results file (default results/<file name>-<UTC time>.h5; a test function writes only with -o)",
      .resume = "skipping its finished runs",
      .max_runs = "refuse (exit 2) an analysis of more runs than this",
      .quiet = "print nothing but errors",
      .on_error = "continue (default): record a failed run (its sample is left out of the indices); stop: start no "
                  "more runs",
      .dry_run = "check the file, time a few runs, print the cost; write nothing"};
  std::string file, lang_option, function;
  JobOptions job;
  TestOptions t;
  po::options_description opts(
      "innosim sensitivity SA.yaml [options]\n"
      "innosim sensitivity --test-function ishigami|gfunction[:a1,a2,...] [options]\n\n"
      "Global sensitivity analysis: which factors drive an output. Sobol' first-order and total\n"
      "indices (Saltelli design on scrambled Sobol' points) or Morris elementary effects, with\n"
      "bootstrap intervals, over the factors' ranges in the sensitivity file (docs/experiments.md);\n"
      "outputs are stocks at a date, flows' totals, or a policy's paired effect. R replications per\n"
      "point under common random numbers; the seeds' share of the variance is reported. Runs as a\n"
      "sweep does: each finished run saved in <OUT>.parts/, --resume after a kill, a cost estimate\n"
      "before it starts. --test-function runs the same design and estimators on a function with\n"
      "known indices. Exit: 0 done, 1 a run failed, 2 bad input, 130/143 interrupted (resumable)");
  opts.add_options()("help,h", "show this help");
  job.add_to(opts, kWords);
  opts.add_options()(
      "lang", po::value<std::string>(&lang_option), "language of the tables: zh or en (default: the locale's)")(
      "test-function", po::value<std::string>(&function),
      "ishigami, gfunction (a = 0,1,4.5,9,99,99,99,99) or gfunction:a1,a2,...: known indices")(
      "method", po::value<std::string>(&t.method), "test function: sobol (default) or morris")(
      "n", po::value<std::size_t>(&t.n), "test function, Sobol': base sample size N, a power of two (default 16384)")(
      "second-order", po::bool_switch(&t.second_order), "test function, Sobol': also second-order indices")(
      "trajectories", po::value<std::size_t>(&t.trajectories), "test function, Morris: trajectories (default 50)")(
      "levels", po::value<std::size_t>(&t.levels), "test function, Morris: grid levels (default 4)")(
      "seed", po::value<std::uint64_t>(&t.seed), "test function: seed of the design and bootstrap (default 1)")(
      "bootstrap", po::value<std::size_t>(&t.resamples), "test function: bootstrap resamples (default 1000)");
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::string>(&file));
  po::variables_map vm;
  if (!parse_command(args, opts, hidden, "file", 1, vm)) return 0;  // --help
  job.check(vm, kWords);
  const Lang lang = choose_lang(lang_option);
  if (!function.empty()) {
    if (!file.empty()) throw UsageError("give a sensitivity file or --test-function, not both");
    if (t.method != "sobol" && t.method != "morris")
      throw UsageError("--method must be sobol or morris, got '" + t.method + "'");
    if (t.resamples < 100 || t.resamples > 100000) throw UsageError("--bootstrap must be in [100, 100000]");
    if (mpi::worker()) return 0;
    return run_test_function(function, t, job.out, job.force, job.quiet, lang);
  }
  for (const char* n : {"method", "n", "second-order", "trajectories", "levels", "seed", "bootstrap"})
    if (vm.count(n) && !vm[n].defaulted())
      throw UsageError(std::string("--") + n + " is for --test-function; a sensitivity file sets the method, seed "
                       "and bootstrap itself");
  if (file.empty())
    throw UsageError("no sensitivity file given (usage: innosim sensitivity SA.yaml [-o OUT.h5] [options])");

  SensitivityPlan plan;
  try {
    plan = plan_sensitivity(file);
  } catch (const ScenarioError& e) {
    return report_input_problems(e);
  }
  if (mpi::worker()) {
    check_resources("sensitivity", plan.cells, job.jobs, 0, {}, job.skip_check);  // this rank's threads
    return serve_runs(plan.cells, job.jobs);
  }

  const fs::path target = job.out.empty() ? output_path("", fs::path(file).stem().string(), false) : fs::path(job.out);

  const std::size_t rows = plan.rows(), roles = plan.roles, Q = plan.quantities.size();
  const int R = plan.replications;
  if (!job.dry_run)  // before any run: memory for --jobs runs at once, disk for the parts and the file
    check_resources("sensitivity", plan.cells, mpi::distributed() ? 0 : job.jobs,
                    2.0 * static_cast<double>(rows * roles) * R * (static_cast<double>(Q) * 8.0 + 512.0) + 1024.0 * 1024,
                    target, job.skip_check);
  RunSet set(target,
             {.command = "sensitivity",
              .cells = plan.cells,
              .roles = roles,
              .role_names = {plan.base_name, plan.policy_name},
              .replications = R,
              .seed = plan.seed,
              .n_metrics = static_cast<std::uint32_t>(Q),
              .n_time = 1,
              .keep =
                  [&](std::size_t, const RunOutcome& o, std::vector<double>& values) {
                    for (const SaQuantity& q : plan.quantities) values.push_back(q.of(o.result.series));
                  },
              .sha256 = plan.sha256,
              .manifest = plan.resolved},
             job.run_set_options(job.resume_command(kWords, file, target, vm)));
  const SensitivitySpec& spec = plan.spec;
  if (!job.quiet) {
    const std::string method =
        spec.method == SaMethod::sobol
            ? say(spec.second_order ? "Sobol' N = {} with second order" : "Sobol' N = {}", spec.n)
            : say("Morris {} trajectories, {} levels", spec.n, spec.levels);
    std::fprintf(stderr, "innosim sensitivity: %s\n",
                 say(R == 1 ? "{} over {} factors ({} groups): {} points x {} replication{} = {} runs{}"
                            : "{} over {} factors ({} groups): {} points x {} replications{} = {} runs{}",
                     method, spec.factors.size(), spec.groups.size(), rows, R,
                     roles == 2 ? say(" x 2 scenarios ({} and {})", plan.base_name, plan.policy_name) : std::string(),
                     set.total_runs(), set.done_before() ? say(" ({} done before)", set.done_before()) : std::string())
                     .c_str());
  }
  const RunSetResult ran = set.run();
  if (job.dry_run) {
    std::fprintf(stderr, "innosim sensitivity: %s\n", say("--dry-run: nothing kept, nothing written").c_str());
    return 0;
  }
  if (ran.end == PoolEnd::interrupted) return set.report_interrupted();

  // The runs' values, per output [row][replication]; a pair with a failed run is NaN.
  SaAnalysis a;
  a.design = plan.design;
  a.factors = spec.factors;
  a.groups = spec.groups;
  a.boot = {.resamples = spec.bootstrap_resamples, .confidence = spec.confidence, .seed = plan.seed};
  a.replications = static_cast<std::size_t>(R);
  for (std::size_t o = 0; o < spec.outputs.size(); ++o) {
    SaOutputResult r;
    r.name = spec.outputs[o].name;
    r.label = plan.output_labels[o];
    r.label_zh = plan.output_labels_zh[o];
    r.unit = plan.output_units[o];
    r.metric = spec.outputs[o].metric;
    r.of = sa_of_name(spec.outputs[o].of);
    r.values.assign(rows, std::vector<double>(static_cast<std::size_t>(R), std::nan("")));
    a.outputs.push_back(std::move(r));
  }
  std::size_t failures = 0;
  const std::string names[2] = {plan.base_name, plan.policy_name};
  output::ResultsWriter writer(target, {.force = job.force, .command_line = command_line(), .n_ranks = mpi::size()});
  InterruptGuard::set_cleanup(writer.temporary());
  std::vector<double> got(roles * Q);
  for (std::size_t row = 0; row < rows; ++row)
    for (int rep = 0; rep < R; ++rep) {
      std::vector<bool> ok(roles, false);
      for (std::size_t role = 0; role < roles; ++role) {
        const std::size_t cell = row * roles + role;
        if (!set.finished(cell, rep)) {
          writer.record_run({names[role], rep, plan.seed, "not run: the analysis stopped after a failed run", 0.0,
                             static_cast<std::int64_t>(row)});
          continue;
        }
        const StoredRun run = set.load(cell, rep);
        writer.record_run({names[role], rep, run.seed, run.error.empty() ? "ok" : "failed: " + run.error,
                           run.wall_seconds, static_cast<std::int64_t>(row)});
        if (!run.error.empty()) {
          ++failures;
          continue;
        }
        ok[role] = true;
        for (std::size_t q = 0; q < Q; ++q) got[role * Q + q] = run.values[q];
      }
      for (std::size_t o = 0; o < spec.outputs.size(); ++o) {
        const std::size_t q = plan.output_quantity[o];
        double v = std::nan("");
        switch (spec.outputs[o].of) {
          case SaOf::base:
            if (ok[0]) v = got[q];
            break;
          case SaOf::policy:
            if (ok[1]) v = got[Q + q];
            break;
          case SaOf::effect:
            if (ok[0] && ok[1]) v = got[Q + q] - got[q];
            break;
        }
        a.outputs[o].values[row][static_cast<std::size_t>(rep)] = v;
      }
    }
  analyse(a);
  std::vector<output::Attribute> attrs = {{"sensitivity_file", file},
                                          {"sensitivity_yaml", plan.resolved},
                                          {"sensitivity_sha256", plan.sha256},
                                          {"base_scenario", plan.base_name},
                                          {"base_scenario_yaml", plan.base_yaml},
                                          {"base_scenario_sha256", output::sha256_hex(plan.base_yaml)},
                                          {"seed", plan.seed},
                                          {"start_year", static_cast<std::int64_t>(plan.start_year)},
                                          {"horizon_years", plan.horizon_years}};
  if (roles == 2) {
    attrs.push_back({"policy_scenario", plan.policy_name});
    attrs.push_back({"policy_scenario_yaml", plan.policy_yaml});
    attrs.push_back({"policy_scenario_sha256", output::sha256_hex(plan.policy_yaml)});
  }
  write_sensitivity(writer, a, attrs);
  if (InterruptGuard::requested()) return set.report_interrupted();
  writer.commit();
  InterruptGuard::set_cleanup({});
  set.remove_parts();
  if (!job.quiet) {
    const std::string scenarios =
        scenario_label(plan.base_name, lang) + (roles == 2 ? " / " + scenario_label(plan.policy_name, lang) : "");
    std::printf("%s%s\n",
                fmt::format(fmt::runtime(tr("sensitivity {}: {} of {}, {} points x {} replications, seed {}: {} runs, {} "
                                            "failed", lang)),
                            file, tr(sa_method_name(spec.method), lang), scenarios, rows, R, plan.seed, set.total_runs(), failures)
                    .c_str(),
                ran.failed_stop ? ", stopped after the first failure (--on-error=stop)" : "");
    std::printf("%s", format_report(a, lang).c_str());
    std::printf("\n%s\n", fmt::format(fmt::runtime(tr("results: {}", lang)), target.string()).c_str());
  }
  if (failures || ran.failed_stop) {
    std::fprintf(stderr, "innosim sensitivity: %zu run(s) failed (recorded in /runs of %s; their samples are left "
                 "out of the indices)\n", failures, target.string().c_str());
    return 1;
  }
  return 0;
}

}  // namespace innosim::app

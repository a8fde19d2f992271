// `innosim sweep SWEEP.yaml`: runs a base scenario at every point of a
// design (grid, Latin hypercube, Sobol) over some of its keys, with the
// same replications and seed at every point. Long work done safely: each
// finished run is saved durably in `<OUT>.parts/` (run_store.hpp), so a
// killed sweep loses at most its runs in flight and `--resume` continues
// it; the results file is assembled from the parts at the end and written
// atomically, identical whatever --jobs and however often it was resumed.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <set>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "cli.hpp"
#include "job_options.hpp"
#include "innosim/experiments/experiment.hpp"
#include "innosim/experiments/headline.hpp"
#include "innosim/experiments/paired_stats.hpp"
#include "innosim/experiments/tables.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/output/sha256.hpp"
#include "innosim/experiments/inert.hpp"
#include "innosim/experiments/interrupt.hpp"
#include "innosim/experiments/labels.hpp"
#include "innosim/experiments/mpi_runner.hpp"
#include "innosim/experiments/resources.hpp"
#include "innosim/experiments/results_text.hpp"
#include "innosim/experiments/run_set.hpp"
#include "innosim/experiments/sweep_file.hpp"
#include "innosim/experiments/text_format.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace innosim::app {

namespace {

using scenario::Diagnostic;
using scenario::ScenarioError;

/// Everything a sweep needs before its first run, all checked.
struct SweepPlan {
  SweepSpec spec;
  std::uint64_t seed = 0;
  int replications = 0;
  std::vector<std::vector<double>> design;  // [point][factor]
  std::vector<PreparedScenario> points;     // [point x roles + role]: the base, then the policy if any
  std::size_t roles = 1;                    // 2 with a policy
  std::vector<std::size_t> kept;            // catalogue indices of the kept metrics
  std::vector<ValueKind> kinds;             // of each kept metric
  std::vector<std::size_t> table;           // positions in `kept` of the metrics of the per-point table
  std::vector<double> time;                 // the time grid (series)
  std::string base_name, base_yaml, policy_name, policy_yaml, resolved, sha256;
  double horizon_years = 0;
  int start_year = 0;

  std::uint32_t n_time() const { return spec.series ? static_cast<std::uint32_t>(time.size()) : 1u; }
};

/// Where the sweep file wrote each override of a point's scenario.
OverrideOrigins origins(const SweepSpec& spec, bool policy = false) {
  OverrideOrigins o;
  o.file = spec.file.string();
  o.scenario = policy ? spec.policy : spec.scenario;
  o.scenario_place = policy ? spec.policy_place : spec.scenario_place;
  o.set_places = spec.override_places;
  for (const Factor& f : spec.factors) {
    o.factors.push_back(f.path);
    o.factor_places.push_back(f.place);
  }
  if (spec.design == DesignType::file) {
    o.point_places = &spec.file_places;
    o.point_file = spec.design_file.string();
  }
  return o;
}

std::string resolved_text(const SweepPlan& p) {
  const SweepSpec& s = p.spec;
  std::string t = "# innosim sweep, resolved: every choice explicit\n";
  t += "scenario: " + p.base_name + "\n";
  t += "scenario_sha256: " + output::sha256_hex(p.base_yaml) + "\n";
  if (p.roles == 2) {
    t += "policy: " + p.policy_name + "\n";
    t += "policy_sha256: " + output::sha256_hex(p.policy_yaml) + "\n";
  }
  t += "factors:\n";
  for (const Factor& f : s.factors) {
    if (s.design == DesignType::file) {
      t += "  " + f.path + ": {from: design file}\n";
      continue;
    }
    t += "  " + f.path + ": {";
    if (f.is_range) {
      t += "range: [" + exact_number(f.lo) + ", " + exact_number(f.hi) + "]";
      if (f.levels) t += ", levels: " + std::to_string(f.levels);
    } else {
      t += "values: [";
      for (std::size_t i = 0; i < f.values.size(); ++i) {
        if (i) t += ", ";
        t += f.type == scenario::KeyType::Boolean ? (f.values[i] != 0 ? "true" : "false") : exact_number(f.values[i]);
      }
      t += "]";
    }
    t += "}\n";
  }
  t += std::string("design: {type: ") + design_name(s.design) +
       (s.design == DesignType::file ? ", path: " + s.design_path : std::string()) +
       ", points: " + std::to_string(p.design.size()) + "}\n";
  t += "replications: " + std::to_string(p.replications) + "\n";
  t += "seed: " + std::to_string(p.seed) + "\n";
  t += "metrics: [";
  for (std::size_t i = 0; i < s.metrics.size(); ++i) t += (i ? ", " : "") + s.metrics[i];
  t += "]\nseries: " + std::string(s.series ? "true" : "false") + "\n";
  return t;
}

/// Factors whose instrument is off at every design point change nothing: a
/// problem at the factor's line (or, with --allow-inert, a warning).
std::vector<Diagnostic> inert_factors(const SweepPlan& plan, Lang lang) {
  std::vector<Diagnostic> out;
  const SweepSpec& spec = plan.spec;
  for (std::size_t k = 0; k < spec.factors.size(); ++k) {
    std::optional<scenario::InertCause> cause;
    for (const PreparedScenario& p : plan.points) {
      cause = scenario::inert_cause(p.scenario, spec.factors[k].path);
      if (!cause) break;
    }
    if (cause)
      out.push_back({spec.file.string(), spec.factors[k].place.line, spec.factors[k].place.column,
                     inert_message("factor '" + spec.factors[k].path + "'", *cause, lang) + " " +
                         std::string(tr("at every design point (--allow-inert runs it anyway)", lang))});
  }
  // The sweep file's fixed overrides are warned about, never refused.
  return out;
}

SweepPlan make_plan(const fs::path& file) {
  std::vector<std::string> catalogue;
  for (const auto& m : model::metric_catalogue()) catalogue.push_back(m.name);
  SweepPlan plan;
  plan.spec = load_sweep(file, full_schema(), catalogue);
  const SweepSpec& spec = plan.spec;

  // The base, with the fixed overrides: its seed and replications are the defaults.
  try {
    const PreparedScenario base = prepare_scenario(full_schema(), spec.scenario, spec.overrides);
    plan.seed = spec.seed.value_or(base.seed());
    plan.replications = spec.replications.value_or(base.replications());
    const PreparedScenario fixed =
        prepare_scenario(full_schema(), spec.scenario, spec.overrides, plan.seed, plan.replications);
    plan.base_name = fixed.scenario.name();
    plan.base_yaml = fixed.scenario.resolved_yaml();
    plan.horizon_years = fixed.scenario.horizon_years();
    plan.start_year = fixed.scenario.start_year();
    plan.time = fixed.spec().time;
  } catch (const ScenarioError& e) {
    std::vector<Diagnostic> out;
    for (const Diagnostic& d : e.diagnostics()) out.push_back(relocate(d, origins(spec), -1, nullptr));
    throw ScenarioError(std::move(out));
  }
  for (const std::string& m : spec.metrics) {
    plan.kept.push_back(model::metric_index(m));
    plan.kinds.push_back(catalogue_kind(m));
  }
  // The per-point table: the metrics the file lists, else the headline ones it keeps.
  for (std::size_t k = 0; k < spec.metrics.size(); ++k) {
    const auto& h = headline_metrics();
    if (spec.metrics_given || std::find(h.begin(), h.end(), spec.metrics[k]) != h.end()) plan.table.push_back(k);
  }
  if (plan.table.empty())
    for (std::size_t k = 0; k < spec.metrics.size() && k < 8; ++k) plan.table.push_back(k);
  std::vector<Diagnostic> problems;
  if (!spec.policy.empty()) {
    // The policy runs at every point beside the base: the same calendar, or its effects compare other dates.
    plan.roles = 2;
    try {
      const PreparedScenario fixed =
          prepare_scenario(full_schema(), spec.policy, spec.overrides, plan.seed, plan.replications);
      plan.policy_name = fixed.scenario.name();
      plan.policy_yaml = fixed.scenario.resolved_yaml();
      if (fixed.spec().time != plan.time)
        problems.push_back({spec.file.string(), spec.policy_place.line, spec.policy_place.column,
                            "policy '" + plan.policy_name + "' has another start year, horizon or sampling than the "
                            "base '" + plan.base_name + "': paired effects need the same dates"});
      if (plan.policy_yaml == plan.base_yaml)
        problems.push_back({spec.file.string(), spec.policy_place.line, spec.policy_place.column,
                            "policy '" + plan.policy_name + "' is the base scenario itself: every effect would be 0"});
    } catch (const ScenarioError& e) {
      for (const Diagnostic& d : e.diagnostics()) problems.push_back(relocate(d, origins(spec, true), -1, nullptr));
    }
    if (!problems.empty()) throw ScenarioError(std::move(problems));
  }

  plan.design = spec.design_values(plan.seed);
  std::size_t more = 0;
  plan.points.reserve(plan.design.size() * plan.roles);
  for (std::size_t p = 0; p < plan.design.size(); ++p) {
    std::vector<std::string> overrides = spec.overrides;
    for (std::size_t k = 0; k < spec.factors.size(); ++k) overrides.push_back(spec.factors[k].override_for(plan.design[p][k]));
    for (std::size_t role = 0; role < plan.roles; ++role) {
      try {
        // A sweep keeps each run's series statistics only: no panel or event log recorded.
        plan.points.push_back(without_records(prepare_scenario(
            full_schema(), role == 0 ? spec.scenario : spec.policy, overrides, plan.seed, plan.replications)));
        if ((spec.series || plan.roles == 2) && plan.points.back().spec().time != plan.time)
          problems.push_back({spec.file.string(), spec.design_place.line, spec.design_place.column,
                              std::string(spec.series ? "series: true" : "a policy's paired effects") +
                                  " need the same time grid at every point, and design point " + std::to_string(p) +
                                  " changes it (a factor sets the horizon or the sampling)"});
      } catch (const ScenarioError& e) {
        for (const Diagnostic& d : e.diagnostics()) {
          if (problems.size() < 20)
            problems.push_back(relocate(d, origins(spec, role == 1), static_cast<std::int64_t>(p), &plan.design[p]));
          else
            ++more;
        }
      }
    }
    if (!problems.empty() && problems.size() >= 20) break;  // enough to act on
  }
  if (more) problems.push_back({spec.file.string(), 0, 0, "... and more problems at other points"});
  if (spec.reference && static_cast<std::size_t>(*spec.reference) >= plan.design.size())
    problems.push_back({spec.file.string(), spec.reference_place.line, spec.reference_place.column,
                        "reference: point " + std::to_string(*spec.reference) + " is not a design point (there are " +
                            std::to_string(plan.design.size()) + ", 0 to " + std::to_string(plan.design.size() - 1) +
                            ")"});
  if (!problems.empty()) throw ScenarioError(std::move(problems));
  plan.resolved = resolved_text(plan);
  // The design's values are hashed too: a resumed sweep must run the very
  // same points, even if a new innosim generated designs differently.
  std::string hashed = plan.resolved + "# design\n";
  for (const auto& row : plan.design) {
    for (double x : row) hashed += exact_number(x) + " ";
    hashed += "\n";
  }
  plan.sha256 = output::sha256_hex(hashed);
  return plan;
}

/// The per-point table of one metric: statistics over replications at each
/// point and, with a reference point, the paired difference from it.
struct PointStats {
  std::vector<SpreadStats> stats;          // [point]
  std::vector<PairedContrast> contrast;    // [point], empty without a reference
};

/// Builds the results file from the parts, in point and replication order;
/// returns the per-point tables of plan.table's metrics.
std::vector<PointStats> assemble(const SweepPlan& plan, const RunSet& set, output::ResultsWriter& w,
                                 const std::string& sweep_file, std::size_t& failures) {
  const SweepSpec& spec = plan.spec;
  const std::uint64_t P = plan.design.size(), R = static_cast<std::uint64_t>(plan.replications);
  const std::size_t K = plan.kept.size(), T = plan.n_time(), roles = plan.roles;
  std::vector<output::Attribute> sweep_attrs = {{"sweep_file", sweep_file},
                                          {"sweep_yaml", plan.resolved},
                                          {"sweep_sha256", plan.sha256},
                                          {"base_scenario", plan.base_name},
                                          {"base_scenario_yaml", plan.base_yaml},
                                          {"base_scenario_sha256", output::sha256_hex(plan.base_yaml)},
                                          {"design", std::string(design_name(spec.design))},
                                          {"points", static_cast<std::int64_t>(P)},
                                          {"replications", static_cast<std::int64_t>(R)},
                                          {"seed", plan.seed},
                                          {"horizon_years", plan.horizon_years}};
  if (roles == 2) {
    sweep_attrs.push_back({"policy_scenario", plan.policy_name});
    sweep_attrs.push_back({"policy_scenario_yaml", plan.policy_yaml});
    sweep_attrs.push_back({"policy_scenario_sha256", output::sha256_hex(plan.policy_yaml)});
  }
  w.write_group("/sweep", sweep_attrs);
  std::vector<output::TableColumn> design;
  std::vector<std::int64_t> ids(P);
  for (std::uint64_t p = 0; p < P; ++p) ids[p] = static_cast<std::int64_t>(p);
  design.push_back({"point", ids});
  for (std::size_t k = 0; k < spec.factors.size(); ++k) {
    std::vector<double> col(P);
    for (std::uint64_t p = 0; p < P; ++p) col[p] = plan.design[p][k];
    design.push_back({spec.factors[k].path, std::move(col)});
  }
  w.write_table("/sweep/design", design,
                {{"description", std::string("one row per design point: its id and the value of each factor "
                                             "(booleans as 0/1)")}});
  const auto& catalogue = model::metric_catalogue();
  // [role][metric]: the base's under /sweep, the policy's under /sweep/policy; effects policy - base.
  std::vector<std::vector<output::ArrayWriter*>> results(roles), series(roles);
  std::vector<output::ArrayWriter*> effects;
  const std::string end = date_at(plan.start_year, plan.horizon_years);
  for (std::size_t k = 0; k < K; ++k) {
    const std::size_t m = plan.kept[k];
    const bool flow = plan.kinds[k] == ValueKind::flow;
    const std::string statistic =
        flow ? "total from " + date_at(plan.start_year, 0.0) + " to " + end
             : plan.kinds[k] == ValueKind::mean ? "mean over the sampling period ending " + end : "value on " + end;
    const std::vector<output::Attribute> a = {{"unit", std::string(catalogue[m].unit)},
                                              {"description", std::string(catalogue[m].description)},
                                              {"time_years", plan.horizon_years},
                                              {"kind", std::string(model::metric_kind_name(catalogue[m].kind))},
                                              {"statistic", statistic}};
    const std::vector<output::Attribute> sa = {{"unit", std::string(catalogue[m].unit)},
                                               {"description", std::string(catalogue[m].description)},
                                               {"kind", std::string(model::metric_kind_name(catalogue[m].kind))}};
    for (std::size_t role = 0; role < roles; ++role) {
      const std::string prefix = role == 0 ? "/sweep/" : "/sweep/policy/";
      results[role].push_back(&w.create_array(prefix + "results/" + catalogue[m].name, {P, R}, a));
      if (spec.series) series[role].push_back(&w.create_array(prefix + "series/" + catalogue[m].name, {P, R, T}, sa));
    }
    if (roles == 2) {
      std::vector<output::Attribute> ea = a;
      ea.push_back({"difference", std::string("policy - base, paired by point and replication")});
      effects.push_back(&w.create_array(std::string("/sweep/effects/") + catalogue[m].name, {P, R}, ea));
    }
  }
  if (spec.series) {
    output::ArrayWriter& t = w.create_array("/sweep/time", {T}, {{"unit", std::string("years")}});
    const std::uint64_t s0[1] = {0}, c0[1] = {T};
    t.write(s0, c0, plan.time);
  }
  const std::string names[2] = {plan.base_name, plan.policy_name};
  std::vector<std::vector<double>> row(roles, std::vector<double>(K * R));
  // The table metrics' headline values of the base [table metric][point][replication].
  std::vector<std::vector<std::vector<double>>> kept_values(plan.table.size(), std::vector<std::vector<double>>(P));
  for (std::uint64_t p = 0; p < P; ++p) {
    for (auto& x : row) std::fill(x.begin(), x.end(), std::numeric_limits<double>::quiet_NaN());
    for (std::uint64_t r = 0; r < R; ++r)
      for (std::size_t role = 0; role < roles; ++role) {
        const std::size_t cell = static_cast<std::size_t>(p) * roles + role;
        const auto key = std::make_pair(static_cast<std::int64_t>(p), static_cast<std::int64_t>(r));
        if (!set.finished(cell, static_cast<int>(r))) {
          w.record_run({names[role], key.second, plan.seed, "not run: the sweep stopped after a failed run", 0.0,
                        key.first});
          continue;
        }
        const StoredRun run = set.load(cell, static_cast<int>(r));
        w.record_run({names[role], key.second, run.seed, run.error.empty() ? "ok" : "failed: " + run.error,
                      run.wall_seconds, key.first});
        if (!run.error.empty()) {
          ++failures;
          continue;
        }
        for (std::size_t k = 0; k < K; ++k) {
          // Stored as the headline statistic (a stock at the horizon, a flow's
          // total), or the whole series from which it is taken.
          HeadlineSpan last;
          last.to_index = T - 1;
          row[role][k * R + r] =
              spec.series ? headline_value(plan.kinds[k], std::span<const double>(run.values).subspan(k * T, T), last)
                          : run.values[k];
          if (spec.series) {
            const std::uint64_t start[3] = {p, r, 0}, count[3] = {1, 1, T};
            series[role][k]->write(start, count, std::span<const double>(run.values).subspan(k * T, T));
          }
        }
      }
    const std::uint64_t start[2] = {p, 0}, count[2] = {1, R};
    for (std::size_t k = 0; k < K; ++k) {
      for (std::size_t role = 0; role < roles; ++role)
        results[role][k]->write(start, count, std::span<const double>(row[role]).subspan(k * R, R));
      if (roles == 2) {
        std::vector<double> d(R);
        for (std::uint64_t r = 0; r < R; ++r) d[r] = row[1][k * R + r] - row[0][k * R + r];  // NaN if either failed
        effects[k]->write(start, count, d);
      }
    }
    for (std::size_t i = 0; i < plan.table.size(); ++i)
      kept_values[i][p].assign(row[0].begin() + static_cast<std::ptrdiff_t>(plan.table[i] * R),
                               row[0].begin() + static_cast<std::ptrdiff_t>((plan.table[i] + 1) * R));
  }
  // The per-point tables, and each point's paired contrast with the reference.
  std::vector<PointStats> out(plan.table.size());
  for (std::size_t i = 0; i < plan.table.size(); ++i) {
    const std::size_t k = plan.table[i];
    const std::string name = catalogue[plan.kept[k]].name;
    std::vector<double> mean, sd, lo, hi, p5, p25, p50, p75, p95, d, dlo, dhi;
    std::vector<std::int64_t> n, dn;
    for (std::uint64_t p = 0; p < P; ++p) {
      const SpreadStats s = spread(kept_values[i][p]);
      out[i].stats.push_back(s);
      for (auto [v, x] : {std::pair{&mean, s.mean}, {&sd, s.sd}, {&lo, s.ci_low}, {&hi, s.ci_high}, {&p5, s.p5},
                          {&p25, s.p25}, {&p50, s.p50}, {&p75, s.p75}, {&p95, s.p95}})
        v->push_back(x);
      n.push_back(static_cast<std::int64_t>(s.n));
      if (plan.spec.reference) {
        const PairedContrast c = paired_contrast(kept_values[i][static_cast<std::size_t>(*plan.spec.reference)],
                                                 kept_values[i][p]);
        out[i].contrast.push_back(c);
        d.push_back(c.difference);
        dlo.push_back(c.ci_low);
        dhi.push_back(c.ci_high);
        dn.push_back(static_cast<std::int64_t>(c.n));
      }
    }
    std::vector<output::TableColumn> cols = {{"point", ids},  {"mean", mean}, {"sd", sd},   {"ci_low", lo},
                                             {"ci_high", hi}, {"p5", p5},     {"p25", p25}, {"p50", p50},
                                             {"p75", p75},    {"p95", p95},   {"n", n}};
    std::vector<output::Attribute> attrs = {
        {"unit", std::string(catalogue[plan.kept[k]].unit)},
        {"kind", std::string(model::metric_kind_name(catalogue[plan.kept[k]].kind))},
        {"confidence_level", 0.95},
        {"description", std::string("per design point: the metric's headline statistic over the replications (mean, "
                                    "sd, 95% CI of the mean, percentiles of the replications)")}};
    if (plan.spec.reference) {
      cols.push_back({"difference", d});
      cols.push_back({"difference_ci_low", dlo});
      cols.push_back({"difference_ci_high", dhi});
      cols.push_back({"difference_n", dn});
      attrs.push_back({"reference_point", *plan.spec.reference});
      attrs.push_back({"difference", std::string("point - reference point, paired by replication (common random "
                                                 "numbers)")});
    }
    w.write_table("/sweep/summary/" + name, cols, attrs);
  }
  return out;
}

/// `innosim sweep --example`: a commented sweep file that runs as it is.
const char* kExample = R"(# A sweep file for `innosim sweep` (docs/experiments.md, "The sweep file").
# Question: how much do high-tech enterprises and loan defaults respond to the
# risk-compensation pool's coverage share? The pool is on in the library
# scenario risk-pool (from 2026), so its coverage has an effect there.
scenario: risk-pool            # the base: an embedded scenario, or a YAML file relative to this one
set:                           # fixed overrides at every point, dotted.key: value
  horizon_years: 5
  population.firms: 2000
factors:                       # dotted scenario keys (`innosim schema` lists them)
  policies.risk_compensation_pool.coverage_share: {values: [0.1, 0.3, 0.5]}
  # another factor: {range: [lo, hi]} (a grid needs levels: N)
  # policies.risk_compensation_pool.leverage_cap: {range: [5, 15], levels: 3}
design: {type: grid}           # grid | lhs | sobol (with points: N) | file (with path: points.csv)
replications: 4                # per point; every point shares the seed, so points pair up
seed: 1
metrics: [high_tech_enterprises, borrowing_firms, loan_defaults, risk_pool_payouts]  # kept and tabled
reference: 0                   # contrast every point with point 0 (coverage 0.1), paired
series: false                  # true: also keep each metric's full time series
)";

}  // namespace

int cmd_sweep(const Args& args) {
  static const JobOptions::Words kWords = {
      .command = "sweep",
      .job = "sweep",
      .output = "results file (default results/<sweep file name>-<UTC time>.h5)",
      .resume = "skipping its finished runs",
      .max_runs = "refuse (exit 2) a sweep of more runs than this, before running anything",
      .quiet = "print only the results file's path (and errors)",
      .on_error = "continue (default): record a failed run and go on; stop: start no more runs after one fails",
      .dry_run = "check the sweep, time a few runs and print the cost estimate; write nothing"};
  std::string file, lang_option;
  JobOptions job;
  bool allow_inert = false;
  po::options_description opts(
      "innosim sweep SWEEP.yaml [options]\n\n"
      "Runs a parameter sweep: the base scenario at every point of a design (grid, Latin\n"
      "hypercube or Sobol) over some of its keys, each point with the same replications and\n"
      "seed (docs/experiments.md describes the sweep file). Each finished run is saved in\n"
      "<OUT>.parts/ at once, so a killed sweep loses at most its runs in flight and --resume\n"
      "continues it; the results file is assembled at the end, atomically. Exit: 0 done,\n"
      "1 a run failed (recorded in /runs), 2 bad input, 130/143 interrupted (resumable)");
  opts.add_options()("help,h", "show this help");
  job.add_to(opts, kWords);
  opts.add_options()("example", "print a commented example sweep file (innosim sweep --example > sweep.yaml) and exit")(
      "allow-inert", po::bool_switch(&allow_inert),
      "run factors whose instrument is off at every design point (they change nothing) instead of refusing")(
      "lang", po::value<std::string>(&lang_option), "zh or en: language of the tables and warnings (default: the locale's)");
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::string>(&file));
  po::variables_map vm;
  if (!parse_command(args, opts, hidden, "file", 1, vm)) return 0;  // --help
  if (vm.count("example")) {
    std::fputs(kExample, stdout);
    return 0;
  }
  job.check(vm, kWords);
  const Lang lang = choose_lang(lang_option);
  if (file.empty()) throw UsageError("no sweep file given (usage: innosim sweep SWEEP.yaml [-o OUT.h5] [options])");

  SweepPlan plan;
  try {
    plan = make_plan(file);
    if (!mpi::worker()) {
      const std::vector<Diagnostic> inert = inert_factors(plan, lang);
      if (!inert.empty() && !allow_inert) throw ScenarioError(inert);
      for (const Diagnostic& d : inert)
        std::fprintf(stderr, "%s: %s\n", std::string(tr("warning", lang)).c_str(), d.to_string().c_str());
      // The sweep file's fixed `set:` overrides are warned about, never refused.
      for (std::size_t i = 0; i < plan.spec.overrides.size() && !plan.points.empty(); ++i) {
        const std::string path = override_path(plan.spec.overrides[i]);
        if (path.empty() || !full_schema().find(path)) continue;
        if (const auto cause = scenario::inert_cause(plan.points.front().scenario, path))
          std::fprintf(stderr, "%s:%d:%d: %s: %s\n", file.c_str(), plan.spec.override_places[i].line,
                       plan.spec.override_places[i].column, std::string(tr("warning", lang)).c_str(),
                       inert_message("set: " + path, *cause, lang).c_str());
      }
    }
  } catch (const ScenarioError& e) {
    return report_input_problems(e);
  }
  // Worker ranks run what rank 0 hands them; rank 0 alone owns the parts
  // directory (lock, manifest, saved runs) and the results file.
  if (mpi::worker()) {
    check_resources("sweep", plan.points, job.jobs, 0, {}, job.skip_check);  // this rank's threads
    return serve_runs(plan.points, job.jobs);
  }

  // Where the results go; the runs are saved beside it in <OUT>.parts/.
  const fs::path target = job.out.empty() ? output_path("", fs::path(file).stem().string(), false) : fs::path(job.out);

  const std::uint64_t P = plan.design.size();
  const int R = plan.replications;
  const std::uint32_t K = static_cast<std::uint32_t>(plan.kept.size()), T = plan.n_time();
  if (!job.dry_run) {
    // Before any run: memory for --jobs runs at once; disk for a part per run
    // in <OUT>.parts/ (its kept values and a header) and the file assembled
    // from them, which holds the same values and its tables.
    const double runs = static_cast<double>(P) * R * static_cast<double>(plan.roles);
    const double per_run = (plan.spec.series ? static_cast<double>(K) * T : K) * 8.0 + 512.0;
    check_resources("sweep", plan.points, mpi::distributed() ? 0 : job.jobs, 2.0 * runs * per_run + 1024.0 * 1024,
                    target, job.skip_check);
  }
  RunSet set(target,
             {.command = "sweep",
              .cells = plan.points,
              .roles = plan.roles,
              .role_names = {plan.base_name, plan.policy_name},
              .replications = R,
              .seed = plan.seed,
              .n_metrics = K,
              .n_time = T,
              .keep =
                  [&](std::size_t, const RunOutcome& o, std::vector<double>& values) {
                    for (std::size_t k = 0; k < plan.kept.size(); ++k) {
                      const std::vector<double>& s = o.result.series[plan.kept[k]];
                      if (plan.spec.series) {
                        values.insert(values.end(), s.begin(), s.end());
                      } else {
                        // A stock at the horizon, a flow's total over the run.
                        HeadlineSpan end;
                        end.to_index = s.empty() ? 0 : s.size() - 1;
                        values.push_back(headline_value(plan.kinds[k], s, end));
                      }
                    }
                  },
              .sha256 = plan.sha256,
              .manifest = plan.resolved},
             job.run_set_options(job.resume_command(kWords, file, target, vm)));
  const std::size_t total = set.total_runs();
  if (!job.quiet)
    std::fprintf(stderr, "innosim sweep: %s%s = %s%s\n",
                 say("{} design, {} points x {} replications", tr(design_name(plan.spec.design), message_lang()), P, R)
                     .c_str(),
                 plan.roles == 2 ? say(" x 2 scenarios ({} and {})", plan.base_name, plan.policy_name).c_str() : "",
                 say("{} runs", total).c_str(),
                 set.done_before() ? say(" ({} done before)", set.done_before()).c_str() : "");
  const RunSetResult ran = set.run();
  if (job.dry_run) {
    std::fprintf(stderr, "innosim sweep: %s\n", say("--dry-run: nothing kept, nothing written").c_str());
    return 0;
  }
  if (ran.end == PoolEnd::interrupted) return set.report_interrupted();
  const bool failed_stop = ran.failed_stop;

  std::size_t failures = 0;
  std::vector<PointStats> tables;
  {
    output::ResultsWriter writer(target, {.force = job.force, .command_line = command_line(), .n_ranks = mpi::size()});
    InterruptGuard::set_cleanup(writer.temporary());
    tables = assemble(plan, set, writer, file, failures);
    if (InterruptGuard::requested()) return set.report_interrupted();
    writer.commit();
    InterruptGuard::set_cleanup({});
  }
  set.remove_parts();
  if (!job.quiet) {
    std::printf("%s%s\n",
                fmt::format(fmt::runtime(tr("sweep {}: {} design, {} points x {} replications, seed {}: {} runs, {} failed",
                                            lang)),
                            file, tr(design_name(plan.spec.design), lang), P, R, plan.seed, total, failures)
                    .c_str(),
                failed_stop ? std::string(tr(", stopped after the first failure (--on-error=stop)", lang)).c_str() : "");
    // The per-point tables, read back from the committed file: what is printed is what the file holds.
    std::fputs(sweep_points_text(output::ResultsReader(target), lang).c_str(), stdout);
    std::printf("\n%s\n", fmt::format(fmt::runtime(tr("results: {}", lang)), target.string()).c_str());
  } else {
    std::printf("%s\n", target.string().c_str());  // the one line scripts need
  }
  if (failures || failed_stop) {
    std::fprintf(stderr, "innosim sweep: %s\n",
                 say("{} run(s) failed (recorded in /runs of {})", failures, target.string()).c_str());
    return 1;
  }
  return 0;
}

}  // namespace innosim::app

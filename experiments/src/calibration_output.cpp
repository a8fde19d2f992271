// What a calibration leaves behind: the calibrated scenario (YAML that
// `extends` the base), the /calibration group of the results file
// (output/SCHEMA.md) and the report printed at the end.
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <memory>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "innosim/experiments/calibration.hpp"
#include "innosim/experiments/labels.hpp"
#include "innosim/experiments/schema_registry.hpp"
#include "innosim/model/metrics.hpp"
#include "innosim/experiments/tables.hpp"
#include "innosim/experiments/text_format.hpp"
#include "innosim/version.hpp"

namespace innosim::experiments {

namespace {

/// A tree of dotted keys, for writing overrides as nested YAML mappings.
struct KeyTree {
  std::map<std::string, std::unique_ptr<KeyTree>> children;
  std::vector<std::string> order;
  std::string value;  // a leaf's YAML text
  std::string comment;

  KeyTree& at(const std::string& name) {
    auto it = children.find(name);
    if (it == children.end()) {
      order.push_back(name);
      it = children.emplace(name, std::make_unique<KeyTree>()).first;
    }
    return *it->second;
  }
  void set(const std::string& dotted, const std::string& v, const std::string& note) {
    KeyTree* t = this;
    std::size_t start = 0;
    for (;;) {
      const std::size_t dot = dotted.find('.', start);
      t = &t->at(dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    t->value = v;
    t->comment = note;
  }
  void write(std::string& out, int indent) const {
    for (const std::string& name : order) {
      const KeyTree& c = *children.at(name);
      out += std::string(static_cast<std::size_t>(indent), ' ') + name + ":";
      if (c.children.empty()) {
        out += " " + c.value;
        if (!c.comment.empty()) out += "  # " + c.comment;
        out += "\n";
      } else {
        out += "\n";
        c.write(out, indent + 2);
      }
    }
  }
};

std::string utc_date() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string num(double x) { return readable_number(x); }

/// The J test in English words, for the calibrated scenario's header and the
/// HDF5 attribute `j_test`: its statistic on targets - free parameters degrees
/// of freedom, or why there is none.
std::string j_test_words(const CalibrationResult& r) {
  if (r.j_df == 0) return "exactly identified (as many targets as free parameters), no J test";
  if (r.j_df < 0) return "fewer targets than free parameters, no J test";
  if (!std::isfinite(r.j_p_value)) return "J test not computed (the variance of the moment conditions is not finite)";
  return "J = " + num(r.j_statistic) + " on " + std::to_string(r.j_df) + " degrees of freedom, p = " + num(r.j_p_value);
}

}  // namespace

std::string calibrated_scenario_yaml(const CalibrationSpec& spec, const CalibrationResult& r, const std::string& name,
                                     const std::string& extends) {
  std::string t;
  t += "# Calibrated by `innosim calibrate " + spec.file.filename().string() + "` (innosim " + VERSION + ", git " +
       GIT_SHA1 + "), " + utc_date() + ".\n";
  t += "# Method of simulated moments on common random numbers: " + std::to_string(r.targets.size()) + " targets, " +
       std::to_string(r.parameters.size()) + " parameters, S = " + std::to_string(r.replications) +
       " replications of seed " + std::to_string(r.seed) + ", weighting " + weighting_name(spec.weighting) + ".\n";
  t += "# Objective " + num(r.objective);
  t += "; " + j_test_words(r);
  t += "; Jacobian rank " + std::to_string(r.rank) + " of " + std::to_string(r.parameters.size()) +
       ", condition number " + num(r.condition_number) + ".\n";
  t += "# The results file's /calibration group holds the fit, the profiles and every evaluation.\n";
  if (!r.warnings.empty()) t += "# The calibration warned: see its report (" + std::to_string(r.warnings.size()) +
                                " warning" + (r.warnings.size() == 1 ? "" : "s") + ").\n";
  t += "name: " + name + "\n";
  std::string targets;
  for (std::size_t k = 0; k < r.targets.size(); ++k) targets += (k ? ", " : "") + r.targets[k].name;
  t += "description: " + json_string("Calibrated to " + std::to_string(r.targets.size()) + " targets (" + targets +
                                     ") by innosim calibrate " + spec.file.filename().string() + ".") + "\n";
  t += "extends: " + json_string(extends) + "\n";
  KeyTree tree;
  // The calibration's fixed overrides are part of what was fitted: keep them.
  for (const std::string& o : spec.overrides) {
    const std::size_t eq = o.find('=');
    tree.set(o.substr(0, eq), o.substr(eq + 1), "fixed by the calibration file");
  }
  for (const ParameterResult& p : r.parameters) {
    std::string note = "estimated";
    if (std::isfinite(p.se)) note += ", s.e. " + num(p.se) + ", 95 % [" + num(p.ci_low) + ", " + num(p.ci_high) + "]";
    note += std::string("; ") + identification_name(p.identification);
    tree.set(p.path, exact_number(p.estimate), note);
  }
  tree.write(t, 0);
  return t;
}

void write_calibration(output::ResultsWriter& w, const CalibrationSpec& spec, const CalibrationResult& r) {
  using output::Attribute;
  using output::TableColumn;
  const std::size_t m = r.targets.size(), p = r.parameters.size();
  std::string local_stop = r.local_stop.empty() ? "none" : r.local_stop;
  std::vector<Attribute> attrs = {
      {"calibration_file", spec.file.string()},
      {"calibration_yaml", r.resolved},
      {"calibration_sha256", r.sha256},
      {"base_scenario", r.base_name},
      {"base_scenario_yaml", r.base_yaml},
      {"seed", r.seed},
      {"replications", static_cast<std::int64_t>(r.replications)},
      {"weighting", std::string(weighting_name(spec.weighting))},
      {"objective", r.objective},
      {"j_statistic", r.j_statistic},
      {"j_df", static_cast<std::int64_t>(r.j_df)},
      {"j_p_value", r.j_p_value},
      {"j_test", j_test_words(r)},
      {"jacobian_rank", static_cast<std::int64_t>(r.rank)},
      {"condition_number", r.condition_number},
      {"local_stop", local_stop},
      {"budget_stopped", static_cast<std::int64_t>(r.budget_stopped ? 1 : 0)},
      {"runs", static_cast<std::int64_t>(r.runs)},
      {"runs_failed", static_cast<std::int64_t>(r.runs_failed)},
      {"synthetic", static_cast<std::int64_t>(spec.synthetic ? 1 : 0)},
      {"scenario_yaml", r.scenario_yaml},
  };
  std::string warnings;
  for (const std::string& s : r.warnings) warnings += s + "\n";
  attrs.push_back({"warnings", warnings});
  w.write_group("/calibration", attrs);

  {
    std::vector<std::string> path, verdict, ident;
    std::vector<double> lo, hi, est, se, cl, ch, eu, seu, rl, rh, truth;
    std::vector<std::int64_t> logs;
    for (std::size_t j = 0; j < p; ++j) {
      const ParameterResult& x = r.parameters[j];
      path.push_back(x.path);
      lo.push_back(x.lo);
      hi.push_back(x.hi);
      logs.push_back(x.log ? 1 : 0);
      est.push_back(x.estimate);
      se.push_back(x.se);
      cl.push_back(x.ci_low);
      ch.push_back(x.ci_high);
      eu.push_back(x.estimate_unit);
      seu.push_back(x.se_unit);
      rl.push_back(x.profile_rise_low);
      rh.push_back(x.profile_rise_high);
      ident.push_back(identification_name(x.identification));
      verdict.push_back(x.verdict);
      truth.push_back(spec.synthetic ? spec.synthetic->truth[j] : std::nan(""));
    }
    w.write_table("/calibration/parameters",
                  {{"parameter", path}, {"lo", lo}, {"hi", hi}, {"log_scale", logs}, {"estimate", est},
                   {"se", se}, {"ci95_low", cl}, {"ci95_high", ch}, {"estimate_unit", eu}, {"se_unit", seu},
                   {"profile_rise_low", rl}, {"profile_rise_high", rh}, {"identification", ident},
                   {"verdict", verdict}, {"synthetic_truth", truth}},
                  {{"description", std::string("one row per free parameter: estimate, standard error (MSM sandwich "
                                               "with the (1 + 1/S) correction), 95 % interval, identification")}});
  }
  {
    std::vector<std::string> name, expr, source, ctext;
    std::vector<double> obs, osd, sim, ssd, sse, tsd, res, z, cm, cmf, cz, cd, cdz;
    std::vector<std::int64_t> eok, sok;
    for (const TargetResult& t : r.targets) {
      name.push_back(t.name);
      expr.push_back(t.expression);
      source.push_back(t.source);
      obs.push_back(t.observed);
      osd.push_back(t.observed_sd);
      sim.push_back(t.simulated);
      ssd.push_back(t.simulated_sd);
      sse.push_back(t.simulated_se);
      tsd.push_back(t.total_sd);
      res.push_back(t.residual);
      z.push_back(t.z);
      cm.push_back(t.check_mean);
      cmf.push_back(t.check_mean_fresh);
      cz.push_back(t.check_ergodic_z);
      cd.push_back(t.check_drift);
      cdz.push_back(t.check_drift_z);
      eok.push_back(t.check_ergodic_ok ? 1 : 0);
      sok.push_back(t.check_stationary_ok ? 1 : 0);
      ctext.push_back(t.check_text);
    }
    w.write_table("/calibration/targets",
                  {{"target", name}, {"expression", expr}, {"source", source}, {"observed", obs},
                   {"observed_sd", osd}, {"simulated", sim}, {"simulated_sd", ssd}, {"simulated_se", sse},
                   {"total_sd", tsd}, {"residual", res}, {"z", z}},
                  {{"description", std::string("one row per target at the estimate: observed and simulated with both "
                                               "uncertainties; z = residual / total_sd")}});
    w.write_table("/calibration/checks",
                  {{"target", name}, {"mean", cm}, {"mean_fresh_seeds", cmf}, {"ergodic_z", cz},
                   {"ergodic_ok", eok}, {"drift", cd}, {"drift_z", cdz}, {"stationary_ok", sok},
                   {"verdict", ctext}},
                  {{"description", std::string("the check before fitting, at the start point: the mean over the "
                                               "calibration's seeds and over fresh ones, and the change when the "
                                               "target's dates move")}});
  }
  const auto matrix = [&](const std::string& path, const Eigen::MatrixXd& M, const std::string& what) {
    output::ArrayWriter& a = w.create_array(path, {static_cast<std::uint64_t>(M.rows()), static_cast<std::uint64_t>(M.cols())},
                                            {{"description", what}});
    std::vector<double> v;
    for (Eigen::Index i = 0; i < M.rows(); ++i)
      for (Eigen::Index j = 0; j < M.cols(); ++j) v.push_back(M(i, j));
    const std::uint64_t start[2] = {0, 0};
    const std::uint64_t count[2] = {static_cast<std::uint64_t>(M.rows()), static_cast<std::uint64_t>(M.cols())};
    if (!v.empty()) a.write(start, count, v);
  };
  matrix("/calibration/weighting", r.weighting, "W, targets x targets, in the targets' order");
  matrix("/calibration/omega", r.omega, "Omega = Sigma_obs + (1 + 1/S) Sigma_sim at the estimate, targets x targets");
  matrix("/calibration/jacobian", r.jacobian, "d simulated target / d parameter at the estimate, targets x parameters, "
                                              "in the targets' and parameters' units");
  matrix("/calibration/covariance", r.covariance, "covariance of the estimates, parameters x parameters, in their "
                                                  "units (NaN where not identified)");
  matrix("/calibration/singular_values", Eigen::MatrixXd(r.singular_values),
         "singular values of W^1/2 G (G in search coordinates), descending");
  {
    Eigen::MatrixXd runs(static_cast<Eigen::Index>(r.estimate_runs.size()), static_cast<Eigen::Index>(m));
    for (std::size_t s = 0; s < r.estimate_runs.size(); ++s)
      for (std::size_t k = 0; k < m; ++k) runs(static_cast<Eigen::Index>(s), static_cast<Eigen::Index>(k)) = r.estimate_runs[s][k];
    matrix("/calibration/estimate_runs", runs, "each target's value on each replication at the estimate, "
                                               "replications x targets");
  }
  {
    std::vector<std::int64_t> point;
    std::vector<std::string> stage;
    std::vector<double> obj;
    std::vector<std::int64_t> failures;
    std::vector<std::vector<double>> values(p);
    Eigen::MatrixXd moments(static_cast<Eigen::Index>(r.evaluations.size()), static_cast<Eigen::Index>(m));
    for (std::size_t i = 0; i < r.evaluations.size(); ++i) {
      const EvaluationRecord& e = r.evaluations[i];
      point.push_back(static_cast<std::int64_t>(e.point));
      stage.push_back(e.stage);
      obj.push_back(e.objective);
      failures.push_back(static_cast<std::int64_t>(e.failures));
      for (std::size_t j = 0; j < p; ++j) values[j].push_back(spec.parameters[j].from_unit(e.unit[j]));
      for (std::size_t k = 0; k < m; ++k) moments(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) = e.moments[k];
    }
    std::vector<TableColumn> cols = {{"point", point}, {"stage", stage}};
    for (std::size_t j = 0; j < p; ++j) cols.push_back({spec.parameters[j].path, values[j]});
    cols.push_back({"objective", obj});
    cols.push_back({"failed_runs", failures});
    w.write_table("/calibration/evaluations", cols,
                  {{"description", std::string("every evaluation in the order made: the point's number, its stage, "
                                               "the parameters' values and the objective with the final weighting")}});
    matrix("/calibration/evaluation_moments", moments, "simulated mean of each target at each evaluation, "
                                                       "evaluations x targets");
  }
  for (const ParameterResult& x : r.parameters)
    w.write_table("/calibration/profiles/" + x.path, {{"value", x.profile_values}, {"objective", x.profile_objective}},
                  {{"description", std::string("the objective along this parameter, the others at their estimates")},
                   {"estimate", x.estimate}});
  {
    std::vector<std::string> stage;
    std::vector<std::int64_t> runs;
    std::vector<double> secs;
    for (const auto& [name, c] : r.stages) {
      stage.push_back(name);
      runs.push_back(static_cast<std::int64_t>(c.runs));
      secs.push_back(c.seconds);
    }
    w.write_table("/calibration/stages", {{"stage", stage}, {"runs", runs}, {"wall_seconds", secs}},
                  {{"description", std::string("runs and wall time of each stage (wall time in the last process; "
                                               "runs found saved by --resume count as runs)")}});
  }
  for (const auto& rec : r.run_records)
    w.record_run({r.base_name, rec.replication, r.seed, rec.error.empty() ? "ok" : "failed: " + rec.error,
                  rec.wall_seconds, static_cast<std::int64_t>(rec.point)});
}

namespace {

/// The report in the user's language: its tables laid out by display width
/// (CJK text counts two columns), money in bn/m yuan or 万元/亿元 (GB/T 15835)
/// and a target's rate in per cent, as every other table; the verdicts and
/// warnings (built in English where they are found) by the message catalogue.
std::string calibration_report_text(const CalibrationSpec& spec, const CalibrationResult& r, Lang lang) {
  const bool chinese = lang == Lang::zh;
  const char* colon = chinese ? "\uff1a" : ": ";
  const char* comma = chinese ? "\uff0c" : ", ";
  const auto say = [&](std::string_view english, auto&&... args) {
    return fmt::format(fmt::runtime(tr(english, lang)), std::forward<decltype(args)>(args)...);
  };
  std::string t;
  t += say("calibration {}: {} parameters, {} targets, S = {} replications of seed {}, weighting {}", spec.file.string(),
              r.parameters.size(), r.targets.size(), r.replications, r.seed, tr(weighting_name(spec.weighting), lang)) +
       "\n";
  std::string stages;
  for (const char* st : {"check", "global", "local", "jacobian", "profiles"}) {
    const auto it = r.stages.find(st);
    if (it == r.stages.end()) continue;
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.1f", it->second.seconds);
    stages += (stages.empty() ? "" : comma) + say("{} {} runs in {} s", tr(st, lang), it->second.runs, secs);
  }
  t += say("runs: {} ({}), {} failed", r.runs, stages, r.runs_failed) + "\n";
  t += say("local search: {}", r.local_stop.empty() ? std::string(tr("none", lang))
                                                       : translate_message(r.local_stop, lang)) +
       "\n\n";
  // Money in bn/m yuan or 万元/亿元 (GB/T 15835), a target's growth rate in per cent, as in every other table; other
  // parameters in their keys' units, as the calibration file gives them.
  const auto money = [](const std::string& unit) { return unit == "yuan" || unit.rfind("yuan per ", 0) == 0; };
  TextTable pt({std::string(tr("parameter", lang)), std::string(tr("estimate", lang)), std::string(tr("s.e.", lang)),
                std::string(tr("95 % interval", lang)), std::string(tr("identification", lang))},
               {false, true, true, true, false});
  for (const ParameterResult& p : r.parameters) {
    const scenario::KeySpec* key = full_schema().find(p.path);
    const std::string unit = key && money(key->unit) ? std::string("yuan") : std::string();
    const auto shown = [&](double x) {
      return unit.empty() || !std::isfinite(x) ? num(x) : cell(x, cell_format(unit, std::fabs(p.estimate), lang));
    };
    std::string ci = "-";
    if (std::isfinite(p.ci_low) && !unit.empty()) {
      ci = interval_cell(p.ci_low, p.ci_high, unit, lang);
    } else if (std::isfinite(p.ci_low)) {
      ci = "[";  // built piecewise: `"[" + std::string&&` trips GCC 12's -Wrestrict
      ci += num(p.ci_low);
      ci += ", ";
      ci += num(p.ci_high);
      ci += "]";
    }
    pt.add({p.path, shown(p.estimate), std::isfinite(p.se) ? shown(p.se) : std::string("-"), ci,
            std::string(tr(identification_name(p.identification), lang))});
  }
  t += pt.render() + "\n";
  std::vector<std::string> metric_units;
  for (const model::MetricInfo& m : model::metric_catalogue()) metric_units.push_back(m.unit);
  TextTable tt({std::string(tr("target", lang)), std::string(tr("observed", lang)), std::string(tr("obs. sd", lang)),
                std::string(tr("simulated", lang)), std::string(tr("sim. sd", lang)), std::string(tr("total sd", lang)), "z",
                std::string(tr("unit", lang))},
               {false, true, true, true, true, true, true, false});
  for (const TargetResult& g : r.targets) {
    std::string unit;
    for (const CalibTarget& ct : spec.targets)
      if (ct.name == g.name) unit = ct.compiled.unit(metric_units);
    if (unit != "yuan" && unit != "share") {
      tt.add({g.name, num(g.observed), num(g.observed_sd), num(g.simulated), num(g.simulated_sd), num(g.total_sd),
              num(g.z), unit.empty() ? std::string() : unit_column(unit, lang)});
      continue;
    }
    const CellFormat f = cell_format(unit, std::max(std::fabs(g.observed), std::fabs(g.simulated)), lang);
    const CellFormat fs = cell_format(unit, std::max({g.observed_sd, g.simulated_sd, g.total_sd}), lang);
    tt.add({g.name, cell(g.observed, f), cell(g.observed_sd, fs), cell(g.simulated, f), cell(g.simulated_sd, fs),
            cell(g.total_sd, fs), num(g.z), unit_column(unit, lang)});
  }
  t += tt.render();
  t += std::string(tr("(simulated: mean of the S runs at the estimate; total sd = sqrt(obs. sd^2 + (1 + 1/S) sim. sd^2))",
                      lang)) +
       "\n\n";
  t += say("objective Q = {}", num(r.objective)) + "\n";
  if (r.j_df > 0 && std::isfinite(r.j_p_value))
    t += say("J test: J = {} on {} degrees of freedom, p = {}", num(r.j_statistic), r.j_df,
                r.j_p_value < 1e-4 ? std::string("< 0.0001") : num(r.j_p_value)) +
         colon +
         std::string(tr(r.j_p_value < 0.05
                            ? "the targets reject the model at the estimate (5 % level): some cannot be matched together"
                            : "the targets are jointly consistent with the model at the estimate (5 % level)",
                        lang)) +
         "\n";
  else if (r.j_df > 0)
    t += std::string(tr("J test: not computed (the variance of the moment conditions at the estimate is not finite)", lang)) +
         "\n";
  else if (r.j_df == 0)
    t += std::string(tr("J test: none (exactly identified: as many targets as free parameters)", lang)) + "\n";
  else
    t += std::string(tr("J test: none (fewer targets than free parameters: not all of them can be identified)", lang)) +
         "\n";
  t += say("Jacobian (all parameters, weighted): rank {} of {}, condition number {}", r.rank, r.parameters.size(),
              num(r.condition_number));
  if (r.rank < static_cast<int>(r.parameters.size()))
    t += tr(" (rank-deficient: some parameter combinations are invisible to the targets)", lang);
  t += "\n";
  t += std::string(tr("identification (standard errors cover the identified parameters, the others held at their "
                      "values; the J test counts every free parameter):",
                      lang)) +
       "\n";
  for (const ParameterResult& p : r.parameters) t += "  " + p.path + colon + translate_message(p.verdict, lang) + "\n";
  if (!r.warnings.empty()) {
    t += std::string(tr("warnings:", lang)) + "\n";
    for (const std::string& w : r.warnings) t += "  " + translate_message(w, lang) + "\n";
  }
  return t;
}

}  // namespace

std::string calibration_report(const CalibrationSpec& spec, const CalibrationResult& r, Lang lang) {
  return calibration_report_text(spec, r, lang);
}

}  // namespace innosim::experiments

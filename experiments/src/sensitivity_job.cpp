#include "innosim/experiments/sensitivity_job.hpp"

#include <cmath>
#include <cstdio>

#include "innosim/engine/error.hpp"
#include "innosim/experiments/labels.hpp"
#include "innosim/experiments/schema_registry.hpp"
#include "innosim/experiments/text_format.hpp"
#include "innosim/model/ecosystem.hpp"
#include "innosim/output/sha256.hpp"

namespace innosim::experiments {

namespace fs = std::filesystem;
using scenario::Diagnostic;
using scenario::ScenarioError;

double SaQuantity::of(const std::vector<std::vector<double>>& series) const {
  const std::vector<double>& s = series[metric];
  if (!flow) return s[last];
  double total = 0;
  for (std::size_t t = first; t <= last; ++t) total += s[t];
  return total;
}

bool is_flow_metric(std::size_t metric) {
  // A flow counts what happened in the sampling period that ends at the
  // sample: totals are sums. Stocks and period means are read at a date.
  return model::metric_catalogue().at(metric).kind == model::MetricKind::flow;
}

namespace {

std::string override_text(const SaFactor& f, double v) {
  if (f.integer) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return f.name + "=" + buf;
  }
  return f.name + "=" + exact_number(v);
}

/// The date at the end of sample time t (years since 1 January of the start year), for labels.
std::string date_at(int start_year, double t) {
  const int months = static_cast<int>(std::lround(t * 12));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-01", start_year + months / 12, months % 12 + 1);
  return buf;
}

OverrideOrigins origins(const SensitivitySpec& spec, bool policy) {
  OverrideOrigins o;
  o.file = spec.file.string();
  o.scenario = policy ? spec.policy : spec.scenario;
  o.scenario_place = policy ? spec.policy_place : spec.scenario_place;
  o.set_places = spec.override_places;
  for (std::size_t i = 0; i < spec.factors.size(); ++i) {
    o.factors.push_back(spec.factors[i].name);
    o.factor_places.push_back(spec.factor_places[i]);
  }
  return o;
}

std::string resolved_text(const SensitivityPlan& p) {
  const SensitivitySpec& s = p.spec;
  std::string t = "# innosim sensitivity, resolved: every choice explicit\n";
  t += "scenario: " + p.base_name + "\n";
  t += "scenario_sha256: " + output::sha256_hex(p.base_yaml) + "\n";
  if (p.roles == 2) {
    t += "policy: " + p.policy_name + "\n";
    t += "policy_sha256: " + output::sha256_hex(p.policy_yaml) + "\n";
  }
  t += "factors:\n";
  for (const SaFactor& f : s.factors)
    t += "  " + f.name + ": {range: [" + exact_number(f.lo) + ", " + exact_number(f.hi) + "], scale: " +
         (f.scale == FactorScale::log_uniform ? "log" : "uniform") + ", group: " + s.groups[f.group].name + "}\n";
  if (s.method == SaMethod::sobol)
    t += "method: {type: sobol, n: " + std::to_string(s.n) + ", second_order: " + (s.second_order ? "true" : "false") +
         "}\n";
  else
    t += "method: {type: morris, trajectories: " + std::to_string(s.n) + ", levels: " + std::to_string(s.levels) +
         "}\n";
  t += "outputs:\n";
  for (std::size_t o = 0; o < s.outputs.size(); ++o)
    t += "  - {name: " + s.outputs[o].name + ", metric: " + s.outputs[o].metric + ", of: " + sa_of_name(s.outputs[o].of) +
         ", quantity: '" + p.output_labels[o] + "'}\n";
  t += "replications: " + std::to_string(p.replications) + "\n";
  t += "seed: " + std::to_string(p.seed) + "\n";
  t += "bootstrap: {resamples: " + std::to_string(s.bootstrap_resamples) + ", confidence: " +
       exact_number(s.confidence) + "}\n";
  t += "points: " + std::to_string(p.rows()) + "\n";
  return t;
}

}  // namespace

SensitivityPlan plan_sensitivity(const fs::path& file) {
  std::vector<std::string> catalogue;
  for (const auto& m : model::metric_catalogue()) catalogue.push_back(m.name);
  SensitivityPlan plan;
  plan.spec = load_sensitivity(file, full_schema(), catalogue);
  const SensitivitySpec& spec = plan.spec;
  const std::string where = spec.file.string();
  plan.roles = spec.policy.empty() ? 1 : 2;

  // The base and the policy with the fixed overrides: seed and replications default to the base's.
  const auto prepare = [&](bool is_policy, std::optional<std::uint64_t> seed, std::optional<int> reps) {
    try {
      return prepare_scenario(full_schema(), is_policy ? spec.policy : spec.scenario, spec.overrides, seed, reps);
    } catch (const ScenarioError& e) {
      std::vector<Diagnostic> out;
      for (const Diagnostic& d : e.diagnostics()) out.push_back(relocate(d, origins(spec, is_policy), -1, nullptr));
      throw ScenarioError(std::move(out));
    }
  };
  {
    const PreparedScenario first = prepare(false, std::nullopt, std::nullopt);
    plan.seed = spec.seed.value_or(first.seed());
    plan.replications = spec.replications.value_or(first.replications());
  }
  const PreparedScenario base = prepare(false, plan.seed, plan.replications);
  plan.base_name = base.scenario.name();
  plan.base_yaml = base.scenario.resolved_yaml();
  plan.start_year = base.scenario.start_year();
  plan.horizon_years = base.scenario.horizon_years();
  plan.time = base.spec().time;
  std::vector<Diagnostic> problems;
  if (plan.roles == 2) {
    const PreparedScenario policy = prepare(true, plan.seed, plan.replications);
    plan.policy_name = policy.scenario.name();
    plan.policy_yaml = policy.scenario.resolved_yaml();
    // Paired effects compare the same dates: the policy must share the base's calendar.
    if (policy.scenario.start_year() != plan.start_year || policy.spec().time != plan.time)
      problems.push_back({where, spec.policy_place.line, spec.policy_place.column,
                          "policy '" + plan.policy_name + "' has another start year, horizon or sampling than the "
                          "base '" + plan.base_name + "': paired effects need the same dates"});
    if (plan.policy_yaml == plan.base_yaml)
      problems.push_back({where, spec.policy_place.line, spec.policy_place.column,
                          "policy '" + plan.policy_name + "' is the base scenario itself: every effect would be 0"});
  }

  // The quantities the outputs need, each once.
  const auto sample_at = [&](double t) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < plan.time.size(); ++i)
      if (std::abs(plan.time[i] - t) < 1e-9) return i;
    return std::nullopt;
  };
  const int end_year = plan.start_year + static_cast<int>(std::floor(plan.horizon_years + 1e-9)) - 1;
  for (const SaOutputSpec& o : spec.outputs) {
    SaQuantity q;
    q.metric = model::metric_index(o.metric);
    q.flow = is_flow_metric(q.metric);
    const auto& info = model::metric_catalogue()[q.metric];
    std::string label, label_zh, unit = info.unit;
    const std::string mzh = metric_label(o.metric, Lang::zh);
    bool ok = true;
    const auto year_problem = [&](int y, const std::string& what) {
      problems.push_back({where, o.place.line, o.place.column,
                          "output '" + o.name + "': " + what + " " + std::to_string(y) + " is outside the run (" +
                              std::to_string(plan.start_year) + " to " + std::to_string(end_year) + ")"});
      ok = false;
    };
    if (!q.flow) {
      if (o.from_year && o.to_year && *o.from_year != *o.to_year) {
        problems.push_back({where, o.place.line, o.place.column,
                            "output '" + o.name + "': " + o.metric + " is a stock (" + info.unit +
                                "): give at: YEAR (its value at the end of that year), not a period"});
        continue;
      }
      if (o.to_year) {
        const int y = *o.to_year;
        if (y < plan.start_year || y > end_year) {
          year_problem(y, "at");
          continue;
        }
        const auto i = sample_at(static_cast<double>(y + 1 - plan.start_year));
        if (!i) {
          problems.push_back({where, o.place.line, o.place.column,
                              "output '" + o.name + "': the end of " + std::to_string(y) + " is not a sample time"});
          continue;
        }
        q.first = q.last = *i;
        label = o.metric + " at the end of " + std::to_string(y) + " (" + date_at(plan.start_year, plan.time[*i]) + ")";
        label_zh = mzh + "：" + std::to_string(y) + " 年末（" + date_at(plan.start_year, plan.time[*i]) + "）";
      } else {
        q.first = q.last = plan.time.size() - 1;
        label = o.metric + " at the horizon (" + date_at(plan.start_year, plan.time.back()) + ")";
        label_zh = mzh + "：期末（" + date_at(plan.start_year, plan.time.back()) + "）";
      }
    } else if (!o.from_year && !o.to_year) {
      q.first = 0;
      q.last = plan.time.size() - 1;
      label = o.metric + " total over the run (" + date_at(plan.start_year, 0) + " to " +
              date_at(plan.start_year, plan.time.back()) + ")";
      label_zh = mzh + "：全期合计（" + date_at(plan.start_year, 0) + " 至 " + date_at(plan.start_year, plan.time.back()) +
                 "）";
    } else {
      const int from = o.from_year.value_or(plan.start_year), to = o.to_year.value_or(end_year);
      if (from < plan.start_year || from > end_year) year_problem(from, "from");
      if (to < plan.start_year || to > end_year) year_problem(to, "to");
      if (!ok) continue;
      // A flow sample at t counts what happened in (t - dt, t]; the sample
      // at t = 0 what happened at the start, counted with the first year.
      const double t0 = from - plan.start_year, t1 = to + 1 - plan.start_year;
      bool any = false;
      for (std::size_t i = 0; i < plan.time.size(); ++i) {
        const double t = plan.time[i];
        const bool in = (t > t0 + 1e-9 || (from == plan.start_year && t < 1e-9)) && t < t1 + 1e-9;
        if (!in) continue;
        if (!any) q.first = i;
        q.last = i;
        any = true;
      }
      if (!any) {
        problems.push_back({where, o.place.line, o.place.column, "output '" + o.name + "': no sample in that period"});
        continue;
      }
      label = o.metric + " total " + (from == to ? "in " + std::to_string(from)
                                                 : "over " + std::to_string(from) + "-" + std::to_string(to));
      label_zh = mzh + "：" + (from == to ? std::to_string(from) : std::to_string(from) + "—" + std::to_string(to)) +
                 " 年合计";
    }
    const std::string pzh = scenario_label(plan.policy_name, Lang::zh);
    if (o.of == SaOf::policy) {
      label += ", " + plan.policy_name;
      label_zh += "，" + pzh;
    }
    if (o.of == SaOf::effect) {
      label += ", effect of " + plan.policy_name + " (paired difference)";
      label_zh += "，" + pzh + "的效应（配对差值）";
    }
    std::size_t k = 0;
    while (k < plan.quantities.size() &&
           !(plan.quantities[k].metric == q.metric && plan.quantities[k].flow == q.flow &&
             plan.quantities[k].first == q.first && plan.quantities[k].last == q.last))
      ++k;
    if (k == plan.quantities.size()) plan.quantities.push_back(q);
    plan.output_quantity.push_back(k);
    plan.output_labels.push_back(label);
    plan.output_labels_zh.push_back(label_zh);
    plan.output_units.push_back(unit);
  }
  if (!problems.empty()) throw ScenarioError(std::move(problems));

  // The design, then every row's scenarios.
  const std::vector<std::size_t> group_of = spec.group_of();
  try {
    plan.design = spec.method == SaMethod::sobol
                      ? saltelli_design(spec.n, group_of, spec.groups.size(), spec.second_order, plan.seed)
                      : morris_design(spec.n, spec.levels, group_of, spec.groups.size(), plan.seed);
  } catch (const ConfigError& e) {
    throw ScenarioError({{where, spec.method_place.line, spec.method_place.column, e.what()}});
  }
  const std::size_t rows = plan.rows();
  plan.points.reserve(rows);
  plan.cells.reserve(rows * plan.roles);
  std::size_t more = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    std::vector<double> values;
    std::vector<std::string> overrides = spec.overrides;
    for (std::size_t i = 0; i < spec.factors.size(); ++i) {
      values.push_back(spec.factors[i].at_unit(plan.design.unit[r][i]));
      overrides.push_back(override_text(spec.factors[i], values.back()));
    }
    for (std::size_t role = 0; role < plan.roles; ++role) {
      try {
        // Only the outputs' values are kept: no panel or event log recorded.
        plan.cells.push_back(without_records(prepare_scenario(
            full_schema(), role == 0 ? spec.scenario : spec.policy, overrides, plan.seed, plan.replications)));
      } catch (const ScenarioError& e) {
        for (const Diagnostic& d : e.diagnostics()) {
          if (problems.size() < 20)
            problems.push_back(relocate(d, origins(spec, role == 1), static_cast<std::int64_t>(r), &values));
          else
            ++more;
        }
      }
    }
    plan.points.push_back(std::move(values));
    if (problems.size() >= 20) break;  // enough to act on
  }
  if (more) problems.push_back({where, 0, 0, "... and more problems at other points"});
  if (!problems.empty()) throw ScenarioError(std::move(problems));

  plan.resolved = resolved_text(plan);
  // The rows' values are hashed too: a resumed analysis must run the very
  // same points, even if a new innosim built designs differently.
  std::string hashed = plan.resolved + "# design\n";
  for (const auto& row : plan.points) {
    for (double x : row) hashed += exact_number(x) + " ";
    hashed += "\n";
  }
  plan.sha256 = output::sha256_hex(hashed);
  return plan;
}

}  // namespace innosim::experiments

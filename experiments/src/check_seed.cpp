#include "innosim/experiments/check_seed.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <regex>

#include <fmt/format.h>

#include "innosim/experiments/experiment.hpp"
#include "innosim/experiments/schema_registry.hpp"
#include "innosim/experiments/tables.hpp"
#include "innosim/experiments/text_format.hpp"
#include "innosim/model/metrics.hpp"

namespace innosim::experiments {

std::size_t SeedCheck::failures() const {
  return static_cast<std::size_t>(std::count_if(rows.begin(), rows.end(), [](const SeedCheckRow& r) { return !r.pass; }));
}

namespace {

/// The dates an expression reads, as written: one date, or the first and the
/// last (a flow's period, a growth's two ends).
std::string period_of(const std::string& expression) {
  static const std::regex kDate(R"(\d{4}-\d{2}-\d{2})");
  std::vector<std::string> dates;
  for (auto it = std::sregex_iterator(expression.begin(), expression.end(), kDate); it != std::sregex_iterator(); ++it)
    dates.push_back(it->str());
  if (dates.empty()) return "-";
  std::sort(dates.begin(), dates.end());
  if (dates.front() == dates.back()) return dates.front();
  return dates.front() + " – " + dates.back();
}

}  // namespace

SeedCheck check_seed(const CalibrationSpec& spec, const SeedCheckOptions& options) {
  const int reps = options.replications > 0 ? options.replications : spec.replications;
  // The file's seed (calibrate's), else the scenario's: the model values at the
  // base are then the ones `calibrate` starts from.
  const std::uint64_t seed = spec.seed.value_or(prepare_scenario(full_schema(), spec.scenario, spec.overrides).seed());
  const PreparedScenario ps =
      without_records(prepare_scenario(full_schema(), spec.scenario, spec.overrides, seed, reps));
  SeedCheck check;
  check.calibration_file = spec.file.string();
  check.scenario = ps.scenario.name();
  check.seed = seed;
  check.replications = reps;
  check.first_replication = options.first_replication;

  std::vector<const CalibTarget*> all;
  std::vector<const char*> kinds;
  const auto add = [&](const std::vector<CalibTarget>& list, const char* kind) {
    for (const CalibTarget& t : list) {
      all.push_back(&t);
      kinds.push_back(kind);
    }
  };
  add(spec.targets, "target");
  add(spec.identities, "identity");
  add(spec.validation, "validation");
  std::vector<std::vector<double>> values(all.size());
  std::vector<RunTask> tasks;
  // Replications are keyed by (seed, replication) (docs/model.md 4.9), so
  // first_replication >= the fit's S gives runs the fit never saw.
  for (int r = 0; r < reps; ++r) tasks.push_back({&ps, options.first_replication + r, -1});
  PoolOptions po;
  po.jobs = options.jobs;
  po.command = "check-seed";
  po.quiet = options.quiet;
  po.scenarios = {&ps, 1};
  run_pool(tasks, po, [&](std::size_t, RunOutcome&& out) {
    if (!out.ok()) {
      ++check.failed_runs;
      return true;
    }
    for (std::size_t k = 0; k < all.size(); ++k) values[k].push_back(all[k]->compiled.evaluate(out.result.series, 0));
    return true;
  });

  std::vector<std::string> metric_units;
  for (const model::MetricInfo& m : model::metric_catalogue()) metric_units.push_back(m.unit);
  for (std::size_t k = 0; k < all.size(); ++k) {
    const CalibTarget& t = *all[k];
    SeedCheckRow row;
    row.name = t.name;
    row.kind = kinds[k];
    row.period = period_of(t.expression);
    row.unit = t.compiled.unit(metric_units);
    row.observed = t.observed;
    row.tolerance = t.tolerance;
    row.source = t.source;
    std::vector<double> finite;
    for (double v : values[k])
      if (std::isfinite(v)) finite.push_back(v);
    row.stats = spread(finite);
    row.pass = row.stats.n > 0 && t.tolerance.passes(row.stats.mean);
    if (row.stats.n > 1)
      row.ci_straddles = t.tolerance.passes(row.stats.ci_low) != t.tolerance.passes(row.stats.ci_high) ||
                         t.tolerance.passes(row.stats.mean) != t.tolerance.passes(row.stats.ci_low);
    check.rows.push_back(std::move(row));
  }
  return check;
}

std::string seed_check_text(const SeedCheck& check, Lang lang) {
  const auto say = [&](std::string_view english, auto&&... args) {
    return fmt::format(fmt::runtime(tr(english, lang)), std::forward<decltype(args)>(args)...);
  };
  std::string t = say("seed check {}: scenario {}, {} replications of seed {}", check.calibration_file, check.scenario,
                      check.replications, check.seed);
  if (check.first_replication > 0)
    t += say(" (replications {} to {})", check.first_replication,
             check.first_replication + check.replications - 1);
  t += "\n";
  if (check.failed_runs) t += say("{} run(s) failed and are left out", check.failed_runs) + "\n";
  t += "\n";
  TextTable table({std::string(tr("target", lang)), std::string(tr("kind", lang)), std::string(tr("date", lang)),
                   std::string(tr("observed", lang)), std::string(tr("model mean", lang)),
                   std::string(tr("95% CI of the mean", lang)), std::string(tr("pass band", lang)),
                   std::string(tr("unit", lang)), std::string(tr("verdict", lang))},
                  {false, false, false, true, true, true, true, false, false});
  for (const SeedCheckRow& r : check.rows) {
    // Money in bn yuan / 亿元 and shares in per cent, as every table; other units as plain numbers.
    const bool scaled = r.unit == "yuan" || r.unit == "share";
    const double mag = std::max({std::fabs(r.observed), std::fabs(r.stats.mean),
                                 std::isfinite(r.tolerance.lo) ? std::fabs(r.tolerance.lo) : 0.0,
                                 std::isfinite(r.tolerance.hi) ? std::fabs(r.tolerance.hi) : 0.0});
    const CellFormat f = cell_format(scaled ? r.unit : std::string(), mag, lang);
    const auto shown = [&](double x) { return std::isfinite(x) ? cell(x, f) : std::string("-"); };
    std::string band;
    switch (r.tolerance.kind) {
      case TargetTolerance::Kind::at_least: band = "≥ " + shown(r.tolerance.lo); break;
      case TargetTolerance::Kind::at_most: band = "≤ " + shown(r.tolerance.hi); break;
      case TargetTolerance::Kind::within:
      case TargetTolerance::Kind::range: band = "[" + shown(r.tolerance.lo) + ", " + shown(r.tolerance.hi) + "]"; break;
    }
    const std::string ci = r.stats.n > 1 ? "[" + shown(r.stats.ci_low) + ", " + shown(r.stats.ci_high) + "]" : "-";
    std::string verdict = std::string(tr(r.pass ? "pass" : "fail", lang));
    if (r.ci_straddles) verdict += " *";
    table.add({r.name, std::string(tr(r.kind, lang)), r.period, shown(r.observed),
               r.stats.n ? shown(r.stats.mean) : std::string("-"), ci, band,
               r.unit.empty() ? std::string() : unit_column(r.unit, lang), verdict});
  }
  t += table.render();
  t += std::string(tr("(target: fitted by calibrate; identity: an input the scenario sets or an accounting identity, "
                      "checked, never fitted; validation: a frozen pattern, never fitted. pass: the model's mean "
                      "lies in the pass band; * the 95% CI of the mean crosses an edge of the band, so more "
                      "replications could change the verdict)",
                      lang)) +
       "\n";
  const std::size_t n_fail = check.failures();
  t += (n_fail == 0 ? say("all {} pass", check.rows.size())
                    : say("{} of {} fail", n_fail, check.rows.size())) +
       "\n";
  return t;
}

std::string seed_check_csv(const SeedCheck& check) {
  const auto q = [](const std::string& s) {
    std::string o = "\"";
    for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
    return o + "\"";
  };
  const auto x = [](double v) { return std::isfinite(v) ? exact_number(v) : std::string(); };
  std::string t = "\xEF\xBB\xBFname,kind,period,unit,observed,band_low,band_high,mean,ci_low,ci_high,replications,"
                  "first_replication,verdict,source\n";
  for (const SeedCheckRow& r : check.rows)
    t += q(r.name) + "," + r.kind + "," + q(r.period) + "," + q(r.unit) + "," +
         x(r.observed) + "," + x(r.tolerance.lo) + "," + x(r.tolerance.hi) + "," + x(r.stats.mean) + "," +
         x(r.stats.ci_low) + "," + x(r.stats.ci_high) + "," + std::to_string(r.stats.n) + "," +
         std::to_string(check.first_replication) + "," + (r.pass ? "pass" : "fail") + "," + q(r.source) + "\n";
  return t;
}

}  // namespace innosim::experiments

// `innosim compare BASE ALT [ALT...]`: runs every scenario on the same
// replications with the same seed (common random numbers: the model's
// streams depend only on seed, replication and entity, so replication r of
// each scenario sees the same random draws) and reports, per headline
// metric at the horizon, the paired difference with its CI and how much the
// pairing gained over independent runs; then the cost-effectiveness of each
// alternative. Everything printed is also written to the results file:
// /scenarios/<name>/ as `run` writes it, plus /comparisons/<alt>_vs_<base>/.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>
#include <optional>
#include <set>

#include <boost/program_options.hpp>

#include "cli.hpp"
#include "innosim/experiments/experiment.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/experiments/interrupt.hpp"
#include "innosim/experiments/mpi_runner.hpp"
#include "innosim/experiments/paired_stats.hpp"
#include "innosim/experiments/text_format.hpp"

namespace po = boost::program_options;

namespace innosim::app {

namespace {

constexpr double kLevel = 0.95;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Per-replication values a comparison needs, taken from each run as it
/// finishes (a few numbers per run: memory does not grow with the series).
struct RunValues {
  std::vector<double> headline;  ///< headline_metrics() at the horizon
  double fiscal_total = kNaN;    ///< sum of fiscal_spending over the run
  double innovations_total = kNaN;
  double high_tech_total = kNaN;  ///< high_tech_enterprises + gazelles + unicorns at the horizon
  double employment = kNaN;       ///< at the horizon
};

/// Cost-effectiveness outcomes: name, what it counts, unit of the ratio.
struct Outcome {
  const char* name;
  const char* definition;
  const char* unit;
  double RunValues::*value;
};
const Outcome kOutcomes[] = {
    {"high_tech_enterprises", "high_tech_enterprises + gazelles + unicorns at the horizon",
     "yuan per additional enterprise", &RunValues::high_tech_total},
    {"innovations", "sum of innovations over the horizon", "yuan per additional innovation",
     &RunValues::innovations_total},
    {"employment", "employment at the horizon", "yuan per additional job", &RunValues::employment},
};

RunValues extract(const RunOutcome& out) {
  RunValues v;
  v.headline.assign(headline_metrics().size(), kNaN);
  if (!out.ok()) return v;
  const auto& series = out.result.series;
  const auto at_end = [&](const char* name) { return series[model::metric_index(name)].back(); };
  const auto total = [&](const char* name) {
    double s = 0;  // in time order: deterministic
    for (double x : series[model::metric_index(name)]) s += x;
    return s;
  };
  for (std::size_t k = 0; k < v.headline.size(); ++k) v.headline[k] = at_end(headline_metrics()[k].c_str());
  v.fiscal_total = total("fiscal_spending");
  v.innovations_total = total("innovations");
  v.high_tech_total = at_end("high_tech_enterprises") + at_end("gazelles") + at_end("unicorns");
  v.employment = at_end("employment");
  return v;
}

struct Comparison {
  std::string base, alt, group;  // group: "<alt>_vs_<base>"
  std::vector<PairedContrast> metrics;  // one per headline metric
  std::vector<RatioEstimate> ratios;    // one per kOutcomes
  std::size_t pairs = 0;
};

Comparison compare(const std::string& base, const std::string& alt, const std::vector<RunValues>& b,
                   const std::vector<RunValues>& a) {
  Comparison c{base, alt, alt + "_vs_" + base, {}, {}, 0};
  const std::size_t reps = b.size();
  std::vector<double> xb(reps), xa(reps);
  for (std::size_t k = 0; k < headline_metrics().size(); ++k) {
    for (std::size_t r = 0; r < reps; ++r) {
      xb[r] = b[r].headline[k];
      xa[r] = a[r].headline[k];
    }
    c.metrics.push_back(paired_contrast(xb, xa, kLevel));
  }
  std::vector<double> dy(reps), dx(reps);
  for (std::size_t r = 0; r < reps; ++r) dy[r] = a[r].fiscal_total - b[r].fiscal_total;
  for (const Outcome& o : kOutcomes) {
    for (std::size_t r = 0; r < reps; ++r) dx[r] = a[r].*o.value - b[r].*o.value;
    c.ratios.push_back(fieller_ratio(dy, dx, kLevel));
  }
  for (std::size_t r = 0; r < reps; ++r)
    c.pairs += std::isfinite(b[r].fiscal_total) && std::isfinite(a[r].fiscal_total);
  return c;
}

std::string unit_of(const std::string& metric) { return model::metric_catalogue()[model::metric_index(metric)].unit; }

void write_comparison(output::ResultsWriter& w, const Comparison& c, std::uint64_t seed, int reps) {
  const std::string g = "/comparisons/" + c.group;
  w.write_group(g, {{"base", c.base},
                    {"alternative", c.alt},
                    {"seed", seed},
                    {"replications", std::int64_t{reps}},
                    {"confidence_level", kLevel},
                    {"difference", std::string("alternative - base, paired by replication")},
                    {"ratio_ci_method", std::string("Fieller")}});
  std::vector<std::string> names, units;
  std::vector<double> bm, am, d, lo, hi, ulo, uhi, vr;
  std::vector<std::int64_t> n;
  for (std::size_t k = 0; k < c.metrics.size(); ++k) {
    const PairedContrast& m = c.metrics[k];
    names.push_back(headline_metrics()[k]);
    units.push_back(unit_of(headline_metrics()[k]));
    bm.push_back(m.base_mean);
    am.push_back(m.alt_mean);
    d.push_back(m.difference);
    lo.push_back(m.ci_low);
    hi.push_back(m.ci_high);
    ulo.push_back(m.unpaired_ci_low);
    uhi.push_back(m.unpaired_ci_high);
    vr.push_back(m.variance_reduction);
    n.push_back(static_cast<std::int64_t>(m.n));
  }
  w.write_table(g + "/metrics",
                {{"metric", names}, {"unit", units}, {"base_mean", bm}, {"alt_mean", am}, {"difference", d},
                 {"ci_low", lo}, {"ci_high", hi}, {"unpaired_ci_low", ulo}, {"unpaired_ci_high", uhi},
                 {"variance_reduction", vr}, {"n", n}},
                {{"description", std::string("headline metrics at the horizon: means, paired difference "
                                             "(alternative - base) with its CI, the unpaired (Welch) CI and "
                                             "the variance-reduction factor of the pairing")}});
  std::vector<std::string> outcomes, definitions, ratio_units;
  std::vector<double> sd, od, ratio, rlo, rhi;
  std::vector<std::int64_t> rn;
  for (std::size_t k = 0; k < c.ratios.size(); ++k) {
    const RatioEstimate& e = c.ratios[k];
    outcomes.push_back(kOutcomes[k].name);
    definitions.push_back(kOutcomes[k].definition);
    ratio_units.push_back(kOutcomes[k].unit);
    sd.push_back(e.numerator);
    od.push_back(e.denominator);
    ratio.push_back(e.ratio);
    rlo.push_back(e.ci_low);
    rhi.push_back(e.ci_high);
    rn.push_back(static_cast<std::int64_t>(e.n));
  }
  w.write_table(g + "/cost_effectiveness",
                {{"outcome", outcomes}, {"definition", definitions}, {"unit", ratio_units},
                 {"spending_difference", sd}, {"outcome_difference", od}, {"ratio", ratio}, {"ci_low", rlo},
                 {"ci_high", rhi}, {"n", rn}},
                {{"description", std::string("additional fiscal spending (sum of fiscal_spending over the "
                                             "horizon) per additional outcome, mean over paired replications; "
                                             "Fieller CI, -inf/inf when unbounded")},
                 {"ci_method", std::string("Fieller")}});
}

/// Compact human number: 6 significant digits, signs on differences.
std::string human(double x, bool sign = false) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  char buf[48];
  std::snprintf(buf, sizeof buf, sign ? "%+.6g" : "%.6g", x);
  return buf;
}

std::string interval(double lo, double hi, bool sign) {
  if (std::isinf(lo) && std::isinf(hi)) return "unbounded";
  std::string s = "[";
  s += human(lo, sign);
  s += ", ";
  s += human(hi, sign);
  return s + "]";
}

void print_text(const Comparison& c, const PreparedScenario& base, int reps) {
  std::printf("\n%s vs %s — %zu paired replications of %d, seed %llu, at the horizon (%g)\n", c.alt.c_str(),
              c.base.c_str(), c.pairs, reps, static_cast<unsigned long long>(base.seed()),
              base.scenario.start_year() + base.scenario.horizon_years());
  std::printf("%-24s %12s %12s %12s  %-28s %-28s %8s\n", "metric", "base", "alternative", "difference",
              "95% CI (paired)", "95% CI (unpaired)", "VRF");
  for (std::size_t k = 0; k < c.metrics.size(); ++k) {
    const PairedContrast& m = c.metrics[k];
    char vrf[32];
    std::snprintf(vrf, sizeof vrf, "%.3g", m.variance_reduction);
    std::printf("%-24s %12s %12s %12s  %-28s %-28s %8s\n", headline_metrics()[k].c_str(), human(m.base_mean).c_str(),
                human(m.alt_mean).c_str(), human(m.difference, true).c_str(),
                interval(m.ci_low, m.ci_high, true).c_str(),
                interval(m.unpaired_ci_low, m.unpaired_ci_high, true).c_str(), vrf);
  }
  std::printf("VRF: variance-reduction factor of the pairing, (var(base) + var(alt)) / var(alt - base)\n");
  std::printf("\ncost-effectiveness: additional fiscal spending over the horizon per additional outcome (95%% "
              "Fieller CI)\n");
  std::printf("%-24s %14s %14s %14s  %-30s %s\n", "outcome", "+spending", "+outcome", "ratio", "95% CI", "unit");
  for (std::size_t k = 0; k < c.ratios.size(); ++k) {
    const RatioEstimate& e = c.ratios[k];
    std::printf("%-24s %14s %14s %14s  %-30s %s\n", kOutcomes[k].name, human(e.numerator, true).c_str(),
                human(e.denominator, true).c_str(), human(e.ratio).c_str(), interval(e.ci_low, e.ci_high, false).c_str(),
                kOutcomes[k].unit);
  }
  // The outcome names are short; say what each counts, since one of them
  // (high-tech enterprises with gazelles and unicorns) differs from the
  // headline metric of the same name above.
  std::printf("outcomes:");
  for (const Outcome& o : kOutcomes) std::printf(" %s = %s;", o.name, o.definition);
  std::printf(" a negative ratio means the outcome fell.\n");
}

std::string json_comparison(const Comparison& c) {
  std::string s = "{\"name\": " + json_string(c.group) + ", \"base\": " + json_string(c.base) +
                  ", \"alternative\": " + json_string(c.alt) + ", \"pairs\": " + std::to_string(c.pairs) +
                  ", \"metrics\": [";
  for (std::size_t k = 0; k < c.metrics.size(); ++k) {
    const PairedContrast& m = c.metrics[k];
    s += k ? ", " : "";
    s += "{\"metric\": " + json_string(headline_metrics()[k]) + ", \"unit\": " +
         json_string(unit_of(headline_metrics()[k])) + ", \"base_mean\": " + json_number(m.base_mean) +
         ", \"alt_mean\": " + json_number(m.alt_mean) + ", \"difference\": " + json_number(m.difference) +
         ", \"ci_low\": " + json_number(m.ci_low) + ", \"ci_high\": " + json_number(m.ci_high) +
         ", \"unpaired_ci_low\": " + json_number(m.unpaired_ci_low) +
         ", \"unpaired_ci_high\": " + json_number(m.unpaired_ci_high) +
         ", \"variance_reduction\": " + json_number(m.variance_reduction) + ", \"n\": " + std::to_string(m.n) + "}";
  }
  s += "], \"cost_effectiveness\": [";
  for (std::size_t k = 0; k < c.ratios.size(); ++k) {
    const RatioEstimate& e = c.ratios[k];
    s += k ? ", " : "";
    s += "{\"outcome\": " + json_string(kOutcomes[k].name) + ", \"definition\": " +
         json_string(kOutcomes[k].definition) + ", \"unit\": " + json_string(kOutcomes[k].unit) +
         ", \"spending_difference\": " + json_number(e.numerator) +
         ", \"outcome_difference\": " + json_number(e.denominator) + ", \"ratio\": " + json_number(e.ratio) +
         ", \"ci_low\": " + json_number(e.ci_low) + ", \"ci_high\": " + json_number(e.ci_high) +
         ", \"ci_bounded\": " + (e.bounded() ? "true" : "false") + ", \"n\": " + std::to_string(e.n) + "}";
  }
  return s + "]}";
}

}  // namespace

int cmd_compare(const Args& args) {
  std::vector<std::string> names, sets;
  std::string out;
  int jobs = default_jobs();
  bool force = false, json = false, quiet = false;
  po::options_description opts(
      "innosim compare BASE ALT [ALT...] [options]\n\n"
      "Runs the base and each alternative scenario (embedded names or YAML files) on the same\n"
      "replications with the same seed — common random numbers, so the runs pair up — and\n"
      "prints for each headline metric at the horizon the base and alternative means, the\n"
      "paired difference with its 95% CI and the variance-reduction factor of the pairing,\n"
      "then the additional fiscal spending per additional high-tech enterprise, innovation\n"
      "and job (Fieller 95% CI). Every scenario runs with the base's seed and replications\n"
      "unless --seed/--replications say otherwise. Results, comparisons included, go to an\n"
      "HDF5 file written atomically. Exit: 0 done, 1 a run failed, 2 bad input, 130/143\n"
      "interrupted");
  opts.add_options()("help,h", "show this help")(
      "output,o", po::value<std::string>(&out), "results file (default results/compare-<base>-<UTC time>.h5)")(
      "replications", po::value<int>(), "replications of every scenario (default: the base's)")(
      "seed", po::value<std::uint64_t>(), "random seed of every scenario (default: the base's)")(
      "jobs,j", po::value<int>(&jobs), "parallel runs (default: cores); results do not depend on it")(
      "set", po::value<std::vector<std::string>>(&sets),
      "override a key in every scenario: dotted.path=value (repeatable)")(
      "force", po::bool_switch(&force), "overwrite an existing -o file")(
      "json", po::bool_switch(&json), "print one JSON object instead of the tables")(
      "quiet,q", po::bool_switch(&quiet), "print nothing but errors");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value<std::vector<std::string>>(&names));
  po::variables_map vm;
  if (!parse_command(args, opts, hidden, "scenario", -1, vm)) return 0;  // --help
  check_jobs(jobs);
  if (names.size() < 2)
    throw UsageError("expected a base and at least one alternative (usage: innosim compare BASE ALT [ALT...])");

  std::optional<std::uint64_t> seed;
  std::optional<int> replications;
  if (vm.count("seed")) seed = vm["seed"].as<std::uint64_t>();
  if (vm.count("replications")) replications = vm["replications"].as<int>();
  std::vector<PreparedScenario> scenarios;
  scenarios.push_back(prepare_scenario(full_schema(), names[0], sets, seed, replications));
  // Pairing needs every scenario on the same seed and replications: the base's.
  seed = scenarios[0].seed();
  replications = scenarios[0].replications();
  std::set<std::string> seen{scenarios[0].scenario.name()};
  for (std::size_t i = 1; i < names.size(); ++i) {
    scenarios.push_back(prepare_scenario(full_schema(), names[i], sets, seed, replications));
    const std::string& name = scenarios.back().scenario.name();
    if (!seen.insert(name).second)
      throw UsageError("two scenarios are named '" + name + "' ('" + names[i] +
                       "'); give each its own `name:` (a variant that extends another inherits its name)");
    if (scenarios.back().scenario.horizon_years() != scenarios[0].scenario.horizon_years() && !quiet &&
        !mpi::worker())
      std::fprintf(stderr, "innosim compare: warning: '%s' has another horizon than the base; comparing at each "
                   "one's horizon\n", name.c_str());
  }
  const int reps = *replications;
  if (mpi::worker()) return serve_runs(scenarios, jobs);  // rank 0 writes the file
  const std::filesystem::path target = output_path(out, "compare-" + scenarios[0].scenario.name(), force);

  InterruptGuard guard;
  output::ResultsWriter writer(target, {.force = force, .command_line = command_line(), .n_ranks = mpi::size()});
  InterruptGuard::set_cleanup(writer.temporary());
  std::vector<std::vector<RunValues>> values(scenarios.size(), std::vector<RunValues>(static_cast<std::size_t>(reps)));
  const BatchResult batch = run_scenarios(
      writer, scenarios, {.jobs = jobs, .command = "compare", .quiet = quiet},
      [&](std::size_t s, std::int64_t r, const RunOutcome& o) { values[s][static_cast<std::size_t>(r)] = extract(o); });
  if (batch.end == PoolEnd::interrupted || InterruptGuard::requested()) {
    std::fprintf(stderr, "innosim compare: interrupted; no results written\n");
    return InterruptGuard::exit_code();
  }
  std::vector<Comparison> comparisons;
  for (std::size_t i = 1; i < scenarios.size(); ++i) {
    comparisons.push_back(compare(scenarios[0].scenario.name(), scenarios[i].scenario.name(), values[0], values[i]));
    write_comparison(writer, comparisons.back(), scenarios[0].seed(), reps);
  }
  writer.commit();
  InterruptGuard::set_cleanup({});

  if (json) {
    std::string s = "{\"file\": " + json_string(target.string()) + ", \"base\": " +
                    json_string(scenarios[0].scenario.name()) + ", \"seed\": " + std::to_string(scenarios[0].seed()) +
                    ", \"replications\": " + std::to_string(reps) + ", \"confidence_level\": " +
                    json_number(kLevel) + ", \"failed_runs\": " + std::to_string(batch.failures) +
                    ", \"comparisons\": [";
    for (std::size_t i = 0; i < comparisons.size(); ++i) s += (i ? ", " : "") + json_comparison(comparisons[i]);
    std::printf("%s]}\n", s.c_str());
  } else if (!quiet) {
    for (const Comparison& c : comparisons) print_text(c, scenarios[0], reps);
    std::printf("\nresults: %s\n", target.string().c_str());
  }
  if (batch.failures) {
    std::fprintf(stderr, "innosim compare: %zu run(s) failed (recorded in /runs; their pairs are left out)\n",
                 batch.failures);
    return 1;
  }
  return 0;
}

}  // namespace innosim::app

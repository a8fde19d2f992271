// `innosim compare BASE ALT [ALT...]`: runs every scenario on the same
// replications with the same seed (common random numbers: the model's
// streams depend only on seed, replication and entity, so replication r of
// each scenario sees the same random draws) and reports, per metric, the
// paired difference of its headline statistic (a stock at the end, a flow's
// total) with its CI and how much the pairing gained over independent runs;
// then classifies each alternative's cost-effectiveness. Scenarios on
// different calendar grids are refused unless --align compares them on the
// dates they share. Everything printed is also in the results file:
// /scenarios/<name>/ as `run` writes it, plus /comparisons/<alt>_vs_<base>/
// (tables, and the paired difference as a time series per metric).
#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>
#include <optional>
#include <set>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "cli.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/experiments/comparison.hpp"
#include "innosim/experiments/experiment.hpp"
#include "innosim/experiments/inert.hpp"
#include "innosim/experiments/interrupt.hpp"
#include "innosim/experiments/labels.hpp"
#include "innosim/experiments/mpi_runner.hpp"
#include "innosim/experiments/resources.hpp"
#include "innosim/experiments/paired_stats.hpp"
#include "innosim/experiments/results_text.hpp"
#include "innosim/output/results_reader.hpp"
#include "innosim/experiments/text_format.hpp"

namespace po = boost::program_options;

namespace innosim::app {

namespace {

constexpr double kLevel = 0.95;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

template <class... A>
std::string fmt_tr(std::string_view english, Lang lang, A&&... args) {
  return fmt::format(fmt::runtime(tr(english, lang)), std::forward<A>(args)...);
}

/// What the comparison pairs and how: every metric series it keeps, on the common grid.
struct Plan {
  std::vector<std::string> paired;  ///< metrics of the table, in order
  std::vector<std::string> kept;    ///< paired plus what cost-effectiveness needs
  std::vector<std::size_t> index;   ///< catalogue index of each kept metric
  std::vector<ValueKind> kinds;     ///< of each kept metric
  CostMeasure cost;
  double discount_rate = kNaN;  ///< the present value's rate, the same in every scenario (NaN: not a present value)
  double social_rate = kNaN, borrowing_rate = kNaN;  ///< the base's two present-value rates, printed beside the cost rows
  std::vector<EquivalenceMargin> margins;  ///< `--margin`, in the order given
  CommonGrid grid;
  HeadlineSpan span;  ///< the end of the common grid
};

std::size_t kept_index(const Plan& plan, const std::string& name) {
  return static_cast<std::size_t>(std::find(plan.kept.begin(), plan.kept.end(), name) - plan.kept.begin());
}

/// A run's kept series on the common grid: [metric][k]; empty when the run failed.
using RunSeries = std::vector<std::vector<double>>;

struct Comparison {
  std::string base, alt, group;  // group: "<alt>_vs_<base>"
  std::vector<MetricContrast> metrics;
  std::vector<SeriesContrast> series;  // one per paired metric
  std::vector<CeRow> ce;               // one per ce_outcomes()
  std::size_t pairs = 0;
};

Comparison compare(const Plan& plan, const std::string& base, const std::string& alt, const std::vector<RunSeries>& b,
                   const std::vector<RunSeries>& a) {
  Comparison c{base, alt, alt + "_vs_" + base, {}, {}, {}, 0};
  const std::size_t reps = b.size();
  std::vector<double> xb(reps), xa(reps);
  std::vector<std::vector<double>> sb(reps), sa(reps);
  for (const std::string& name : plan.paired) {
    const std::size_t m = kept_index(plan, name);
    for (std::size_t r = 0; r < reps; ++r) {
      sb[r] = b[r].empty() ? std::vector<double>{} : b[r][m];
      sa[r] = a[r].empty() ? std::vector<double>{} : a[r][m];
      xb[r] = headline_value(plan.kinds[m], sb[r], plan.span);
      xa[r] = headline_value(plan.kinds[m], sa[r], plan.span);
    }
    MetricContrast mc;
    mc.metric = name;
    mc.kind = plan.kinds[m];
    const model::MetricInfo& info = model::metric_catalogue()[plan.index[m]];
    mc.unit = info.unit;
    mc.span = plan.span;
    mc.contrast = paired_contrast(xb, xa, kLevel);
    for (const EquivalenceMargin& e : plan.margins)
      if (e.metric == name) {
        mc.margin = e.relative ? e.value * std::fabs(mc.contrast.base_mean) : e.value;
        mc.equivalence_p = mc.margin > 0 ? equivalence_p(mc.contrast, mc.margin) : kNaN;
      }
    c.metrics.push_back(mc);
    c.series.push_back(series_contrast(plan.kinds[m], sb, sa, kLevel));
  }
  // The table tests many differences at once: Holm's adjustment over its
  // metrics says which survive a family-wise error of 5 % (a referee: with
  // a hundred cells, several "significant" ones are luck).
  std::vector<double> p;
  for (const MetricContrast& mc : c.metrics) p.push_back(mc.contrast.p_value);
  const std::vector<double> holm = holm_adjusted(p);
  for (std::size_t i = 0; i < c.metrics.size(); ++i) c.metrics[i].p_holm = holm[i];
  const std::size_t cost = kept_index(plan, plan.cost.metric);
  std::vector<double> cb(reps), ca(reps);
  for (std::size_t r = 0; r < reps; ++r) {
    cb[r] = b[r].empty() ? kNaN : headline_value(ValueKind::flow, b[r][cost], plan.span);
    ca[r] = a[r].empty() ? kNaN : headline_value(ValueKind::flow, a[r][cost], plan.span);
    c.pairs += std::isfinite(cb[r]) && std::isfinite(ca[r]);
  }
  for (const CeOutcome& o : ce_outcomes()) {
    for (std::size_t r = 0; r < reps; ++r) {
      xb[r] = b[r].empty() ? kNaN : ce_outcome_value(o.key, plan.kept, b[r], plan.span.to_index);
      xa[r] = a[r].empty() ? kNaN : ce_outcome_value(o.key, plan.kept, a[r], plan.span.to_index);
    }
    c.ce.push_back(classify(o.key, cb, ca, xb, xa, kLevel));
  }
  return c;
}

const char* kind_name(ValueKind k) { return k == ValueKind::flow ? "flow" : k == ValueKind::mean ? "mean" : "stock"; }

std::string statistic_of(const MetricContrast& m, int start_year) {
  const std::string to = date_at(start_year, m.span.to_years);
  if (m.kind == ValueKind::flow) return "total from " + date_at(start_year, m.span.to_years - m.span.years) + " to " + to;
  if (m.kind == ValueKind::mean) return "mean over the sampling period ending " + to;
  return "value on " + to;
}

void write_comparison(output::ResultsWriter& w, const Plan& plan, const Comparison& c, std::uint64_t seed, int reps,
                      bool aligned) {
  const std::string g = "/comparisons/" + c.group;
  const int y0 = plan.grid.start_year;
  w.write_group(g, {{"base", c.base},
                    {"alternative", c.alt},
                    {"seed", seed},
                    {"replications", std::int64_t{reps}},
                    {"confidence_level", kLevel},
                    {"difference", std::string("alternative - base, paired by replication")},
                    {"ratio_ci_method", std::string("Fieller")},
                    {"start_year", std::int64_t{y0}},
                    {"to_years", plan.span.to_years},
                    {"aligned", std::int64_t{aligned ? 1 : 0}},
                    {"cost_metric", plan.cost.metric},
                    {"cost_basis", std::string(cost_basis_name(plan.cost.basis))},
                    {"cost_discount_rate", cost_rate_key(plan.cost.basis).empty() ? kNaN : plan.discount_rate},
                    {"social_discount_rate", plan.social_rate},
                    {"borrowing_rate", plan.borrowing_rate}});
  std::vector<std::string> names, units, kinds, statistics;
  std::vector<double> bm, am, d, lo, hi, ulo, uhi, vr, years, pv, ph, mg, ep;
  std::vector<std::int64_t> n;
  for (const MetricContrast& mc : c.metrics) {
    const PairedContrast& m = mc.contrast;
    pv.push_back(m.p_value);
    ph.push_back(mc.p_holm);
    mg.push_back(mc.margin);
    ep.push_back(mc.equivalence_p);
    names.push_back(mc.metric);
    units.push_back(mc.unit);
    kinds.push_back(kind_name(mc.kind));
    statistics.push_back(statistic_of(mc, y0));
    years.push_back(mc.span.years);
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
                {{"metric", names}, {"unit", units}, {"kind", kinds}, {"statistic", statistics},
                 {"span_years", years}, {"base_mean", bm}, {"alt_mean", am}, {"difference", d}, {"ci_low", lo},
                 {"ci_high", hi}, {"unpaired_ci_low", ulo}, {"unpaired_ci_high", uhi}, {"variance_reduction", vr},
                 {"n", n}, {"p_value", pv}, {"p_holm", ph}, {"equivalence_margin", mg}, {"equivalence_p", ep}},
                {{"description", std::string("each metric's headline statistic (a stock's value at the end, a flow's "
                                             "total over the span): means, paired difference (alternative - base) "
                                             "with its CI, the unpaired (Welch) CI, the variance-reduction factor "
                                             "of the pairing, the paired t test's p-value, the same adjusted by Holm's "
                                             "method over the table's metrics, and the equivalence margin asked by "
                                             "--margin with its two one-sided tests' p-value")}});
  std::vector<std::string> outcomes, definitions, ratio_units, classes, reasons, cost_metric;
  std::vector<double> sd, slo, shi, od, olo, ohi, ratio, rlo, rhi;
  std::vector<std::int64_t> rn, shown;
  for (std::size_t k = 0; k < c.ce.size(); ++k) {
    const CeRow& e = c.ce[k];
    const CeOutcome& o = ce_outcomes()[k];
    outcomes.push_back(o.key);
    definitions.push_back(o.definition);
    ratio_units.push_back(std::string("yuan per additional ") + (std::string_view(o.unit) == "firms" ? "enterprise"
                                                                 : std::string_view(o.unit) == "jobs" ? "job"
                                                                                                      : "innovation"));
    classes.push_back(ce_class_name(e.cls));
    reasons.push_back(e.reason);
    cost_metric.push_back(plan.cost.metric);
    sd.push_back(e.cost.difference);
    slo.push_back(e.cost.ci_low);
    shi.push_back(e.cost.ci_high);
    od.push_back(e.change.difference);
    olo.push_back(e.change.ci_low);
    ohi.push_back(e.change.ci_high);
    // The ratio only where it answers a question: NaN otherwise (Fieller's bounds likewise).
    ratio.push_back(e.ratio_shown ? e.ratio.ratio : kNaN);
    rlo.push_back(e.ratio_shown ? e.ratio.ci_low : kNaN);
    rhi.push_back(e.ratio_shown ? e.ratio.ci_high : kNaN);
    shown.push_back(e.ratio_shown ? 1 : 0);
    rn.push_back(static_cast<std::int64_t>(e.change.n));
  }
  w.write_table(g + "/cost_effectiveness",
                {{"outcome", outcomes}, {"definition", definitions}, {"unit", ratio_units},
                 {"cost_metric", cost_metric}, {"spending_difference", sd}, {"spending_ci_low", slo},
                 {"spending_ci_high", shi}, {"outcome_difference", od}, {"outcome_ci_low", olo},
                 {"outcome_ci_high", ohi}, {"classification", classes}, {"ratio_shown", shown}, {"ratio", ratio},
                 {"ci_low", rlo}, {"ci_high", rhi}, {"reason", reasons}, {"n", rn}},
                {{"description", std::string("per outcome: the paired change in cost (the cost metric's total over "
                                             "the span) and in the outcome with their CIs, the classification, and "
                                             "the cost per unit of outcome gained with Fieller's CI only for a "
                                             "trade-off whose outcome change is significant (NaN otherwise, reason "
                                             "says why)")},
                 {"ci_method", std::string("Fieller")},
                 {"cost_basis", std::string(cost_basis_name(plan.cost.basis))}});
  // The paired difference over time, one table per metric.
  std::vector<double> calendar;
  std::vector<std::string> dates;
  for (double t : plan.grid.time) {
    calendar.push_back(y0 + t);
    dates.push_back(date_at(y0, t));
  }
  for (std::size_t k = 0; k < c.metrics.size(); ++k) {
    const SeriesContrast& s = c.series[k];
    std::vector<output::TableColumn> cols = {{"time", plan.grid.time}, {"calendar_year", calendar}, {"date", dates},
                                             {"difference", s.difference}, {"ci_low", s.ci_low},
                                             {"ci_high", s.ci_high}, {"n", s.n}};
    if (c.metrics[k].kind == ValueKind::flow) {
      cols.push_back({"cumulative_difference", s.cumulative});
      cols.push_back({"cumulative_ci_low", s.cumulative_low});
      cols.push_back({"cumulative_ci_high", s.cumulative_high});
    }
    w.write_table(g + "/series/" + c.metrics[k].metric, cols,
                  {{"unit", c.metrics[k].unit},
                   {"kind", std::string(kind_name(c.metrics[k].kind))},
                   {"description", std::string("paired difference (alternative - base) at each date with its 95% CI; "
                                               "for a flow the amount in the period ending at the date, and cumulated "
                                               "from the start")}});
  }
}

std::string json_contrast(const PairedContrast& m) {
  return "\"base_mean\": " + json_number(m.base_mean) + ", \"alt_mean\": " + json_number(m.alt_mean) +
         ", \"difference\": " + json_number(m.difference) + ", \"ci_low\": " + json_number(m.ci_low) +
         ", \"ci_high\": " + json_number(m.ci_high) + ", \"unpaired_ci_low\": " + json_number(m.unpaired_ci_low) +
         ", \"unpaired_ci_high\": " + json_number(m.unpaired_ci_high) +
         ", \"variance_reduction\": " + json_number(m.variance_reduction) + ", \"n\": " + std::to_string(m.n) +
         ", \"p_value\": " + json_number(m.p_value);
}

std::string json_comparison(const Plan& plan, const Comparison& c) {
  const int y0 = plan.grid.start_year;
  std::string s = "{\"name\": " + json_string(c.group) + ", \"base\": " + json_string(c.base) +
                  ", \"alternative\": " + json_string(c.alt) + ", \"pairs\": " + std::to_string(c.pairs) +
                  ", \"metrics\": [";
  for (std::size_t k = 0; k < c.metrics.size(); ++k) {
    const MetricContrast& m = c.metrics[k];
    s += k ? ", " : "";
    s += "{\"metric\": " + json_string(m.metric) + ", \"unit\": " + json_string(m.unit) + ", \"kind\": " +
         json_string(kind_name(m.kind)) + ", \"statistic\": " + json_string(statistic_of(m, y0)) +
         ", \"span_years\": " + json_number(m.span.years) + ", " + json_contrast(m.contrast) +
         ", \"p_holm\": " + json_number(m.p_holm) + ", \"equivalence_margin\": " + json_number(m.margin) +
         ", \"equivalence_p\": " + json_number(m.equivalence_p) + "}";
  }
  s += "], \"cost_metric\": " + json_string(plan.cost.metric) +
       ", \"cost_basis\": " + json_string(cost_basis_name(plan.cost.basis)) +
       ", \"cost_discount_rate\": " + json_number(cost_rate_key(plan.cost.basis).empty() ? kNaN : plan.discount_rate) +
       ", \"cost_effectiveness\": [";
  for (std::size_t k = 0; k < c.ce.size(); ++k) {
    const CeRow& e = c.ce[k];
    s += k ? ", " : "";
    s += "{\"outcome\": " + json_string(e.outcome) + ", \"definition\": " +
         json_string(ce_outcomes()[k].definition) + ", \"classification\": " + json_string(ce_class_name(e.cls)) +
         ", \"outcome_significant\": " + (e.outcome_significant ? "true" : "false") +
         ", \"cost_significant\": " + (e.cost_significant ? "true" : "false") +
         ", \"spending_difference\": " + json_number(e.cost.difference) +
         ", \"spending_ci_low\": " + json_number(e.cost.ci_low) + ", \"spending_ci_high\": " +
         json_number(e.cost.ci_high) + ", \"outcome_difference\": " + json_number(e.change.difference) +
         ", \"outcome_ci_low\": " + json_number(e.change.ci_low) + ", \"outcome_ci_high\": " +
         json_number(e.change.ci_high) + ", \"ratio_shown\": " + (e.ratio_shown ? "true" : "false") +
         ", \"ratio\": " + json_number(e.ratio_shown ? e.ratio.ratio : kNaN) +
         ", \"ci_low\": " + json_number(e.ratio_shown ? e.ratio.ci_low : kNaN) +
         ", \"ci_high\": " + json_number(e.ratio_shown ? e.ratio.ci_high : kNaN) + ", \"reason\": " +
         json_string(e.reason) + ", \"n\": " + std::to_string(e.change.n) + "}";
  }
  return s + "]}";
}

RunGrid grid_of(const PreparedScenario& ps) {
  return {ps.scenario.start_year(), ps.params.sampling_months, ps.scenario.horizon_years(), ps.spec().time};
}

}  // namespace

int cmd_compare(const Args& args) {
  std::vector<std::string> names, sets, margin_options;
  std::string out, metrics_option, lang_option, cost_option = "pv-social";
  int jobs = default_jobs();
  bool force = false, json = false, quiet = false, align = false, skip_check = false;
  po::options_description opts(
      "innosim compare BASE ALT [ALT...] [options]\n\n"
      "Runs the base and each alternative scenario (embedded names or YAML files) on the same\n"
      "replications with the same seed — common random numbers, so the runs pair up — and\n"
      "prints for each metric its headline statistic (a stock at the end, a flow's total over\n"
      "the run) for base and alternative, the paired difference with its 95% CI and the\n"
      "variance-reduction factor of the pairing; then, per outcome (high-tech enterprises,\n"
      "innovations, jobs), whether the alternative is dominant, dominated, saves money but\n"
      "loses outcome, or a trade-off — counting a change only where its 95% CI excludes 0, and\n"
      "saying so where it does not (\"no detectable difference\", \"costs more, outcome n.s.\") —\n"
      "with the cost per unit gained (Fieller 95% CI) only for a significant trade-off.\n"
      "Scenarios must share the base's start year, horizon and\n"
      "sampling (exit 2 otherwise) unless --align. Every scenario runs with the base's seed\n"
      "and replications unless --seed/--replications say otherwise. Results, comparisons\n"
      "included, go to an HDF5 file written atomically. Exit: 0 done, 1 a run failed, 2 bad\n"
      "input, 130/143 interrupted");
  opts.add_options()("help,h", "show this help")(
      "output,o", po::value<std::string>(&out), "results file (default results/compare-<base>-<UTC time>.h5)")(
      "replications", po::value<int>(), "replications of every scenario (default: the base's)")(
      "seed", po::value<U64>(), "random seed of every scenario (default: the base's)")(
      "jobs,j", po::value<int>(&jobs), "parallel runs (default: cores); results do not depend on it")(
      "set", po::value<std::vector<std::string>>(&sets),
      "override a key in every scenario: dotted.path=value (repeatable)")(
      "metrics", po::value<std::string>(&metrics_option),
      "metrics to pair, a,b,c (default: the headline metrics, loan_defaults and the fiscal cost)")(
      "cost", po::value<std::string>(&cost_option),
      "cost side of cost-effectiveness: pv-social (default: the net fiscal cost's present value at the social "
      "discount rate, fiscal.discount_rate, 8 %), pv (at the government's borrowing rate, fiscal.borrowing_rate), net "
      "(undiscounted) or gross (outlays)")(
      "margin", po::value<std::vector<std::string>>(&margin_options),
      "METRIC=VALUE or METRIC=VALUE%: test whether the difference is within +/- VALUE of 0 (in the metric's "
      "headline unit, or a share of the base's mean) by two one-sided tests at 5 % (repeatable)")(
      "at", po::value<int>(), "compare stocks on 1 January of YEAR and flows totalled up to it (default: the end)")(
      "align", po::bool_switch(&align),
      "compare scenarios with another start year, horizon or sampling on the dates they share")(
      "lang", po::value<std::string>(&lang_option), "zh or en: language of the tables (default: the locale's)")(
      "force", po::bool_switch(&force), "overwrite an existing -o file")(
      "json", po::bool_switch(&json), "print one JSON object instead of the tables")(
      "quiet,q", po::bool_switch(&quiet), "print only the results file's path (and errors)")(
      "skip-resource-check", po::bool_switch(&skip_check),
      "run even when the memory or disk space the job needs (estimated before it starts) exceeds this machine's");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value<std::vector<std::string>>(&names));
  po::variables_map vm;
  if (!parse_command(args, opts, hidden, "scenario", -1, vm)) return 0;  // --help
  check_jobs(jobs);
  const Lang lang = choose_lang(lang_option);
  if (names.size() < 2)
    throw UsageError("expected a base and at least one alternative (usage: innosim compare BASE ALT [ALT...])");

  Plan plan;
  plan.paired = metrics_option.empty() ? headline_metrics() : parse_metric_list(metrics_option);
  std::vector<std::string> catalogue;
  for (const model::MetricInfo& m : model::metric_catalogue()) catalogue.push_back(m.name);
  plan.cost = choose_cost_measure(catalogue, cost_option);
  if (metrics_option.empty()) {
    // The costs after the outcomes, the cost measure first (the present value
    // at 8 % by default: the headline cost, docs/model.md 2.6), the
    // undiscounted net cost beside it.
    plan.paired.erase(std::remove(plan.paired.begin(), plan.paired.end(), "net_fiscal_cost"), plan.paired.end());
    std::vector<std::string> extras = {"loan_defaults", plan.cost.metric, "net_fiscal_cost"};
    // A present value is shown at both rates: which one ranks two
    // instruments can depend on the rate (docs/experiments.md).
    if (plan.cost.basis == CostBasis::present_value) extras.emplace_back("net_fiscal_cost_pv");
    if (plan.cost.basis == CostBasis::present_value_social) extras.emplace_back("net_fiscal_cost_pv_borrowing");
    // The net cost by level: the city's own money apart from the province's
    // and the centre's (a provincial subsidy is not a city's cost; 2.6); then
    // after tax by level and the central bank's quasi-fiscal relending.
    for (const auto* list : {&net_cost_by_level(), &after_tax_cost_by_level()})
      for (const std::string& m : *list)
        if (std::find(catalogue.begin(), catalogue.end(), m) != catalogue.end()) extras.push_back(m);
    for (const std::string& extra : extras)
      if (std::find(plan.paired.begin(), plan.paired.end(), extra) == plan.paired.end()) plan.paired.push_back(extra);
  }
  for (const std::string& m : margin_options) plan.margins.push_back(parse_margin(m, plan.paired));
  plan.kept = plan.paired;
  for (const char* need : {"high_tech_enterprises", "gazelles", "unicorns", "innovations", "employment"})
    if (std::find(plan.kept.begin(), plan.kept.end(), need) == plan.kept.end()) plan.kept.emplace_back(need);
  if (std::find(plan.kept.begin(), plan.kept.end(), plan.cost.metric) == plan.kept.end())
    plan.kept.push_back(plan.cost.metric);
  for (const std::string& name : plan.kept) {
    plan.index.push_back(model::metric_index(name));
    plan.kinds.push_back(value_kind(model::metric_kind_name(model::metric_catalogue()[plan.index.back()].kind)));
  }

  std::optional<std::uint64_t> seed;
  std::optional<int> replications;
  if (vm.count("seed")) seed = vm["seed"].as<U64>().value;
  if (vm.count("replications")) replications = vm["replications"].as<int>();
  std::vector<PreparedScenario> scenarios;
  scenarios.push_back(prepare_scenario(full_schema(), names[0], sets, seed, replications));
  // Pairing needs every scenario on the same seed and replications: the base's.
  seed = scenarios[0].seed();
  replications = scenarios[0].replications();
  std::set<std::string> seen{scenarios[0].scenario.name()};
  std::vector<RunGrid> grids{grid_of(scenarios[0])};
  for (std::size_t i = 1; i < names.size(); ++i) {
    scenarios.push_back(prepare_scenario(full_schema(), names[i], sets, seed, replications));
    const std::string& name = scenarios.back().scenario.name();
    if (!seen.insert(name).second)
      throw UsageError("two scenarios are named '" + name + "' ('" + names[i] +
                       "'); give each its own `name:` (a variant that extends another inherits its name)");
    grids.push_back(grid_of(scenarios.back()));
    const std::string why = grid_mismatch(grids.front(), grids.back());
    if (!why.empty() && !align)
      throw UsageError("cannot pair '" + name + "' with the base '" + scenarios[0].scenario.name() + "': " + why +
                       ". Its runs would be compared at other dates or over other periods. Give it the base's "
                       "start_year, horizon_years and outputs.sampling (--set applies to every scenario), or "
                       "--align to compare them on the dates they share");
  }
  const std::string_view rate_key = cost_rate_key(plan.cost.basis);
  const auto rate_of = [&](const PreparedScenario& s) {
    return plan.cost.basis == CostBasis::present_value ? s.params.fiscal.borrowing_rate : s.params.fiscal.discount_rate;
  };
  if (!rate_key.empty())
    // A present value is discounted to its own scenario's start at its own
    // rate: two of them are comparable only on the same date and rate.
    for (std::size_t i = 1; i < scenarios.size(); ++i) {
      const std::string& name = scenarios[i].scenario.name();
      if (rate_of(scenarios[i]) != rate_of(scenarios[0]))
        throw UsageError(fmt::format(
            "cannot compare the present value of '{}' ({} {}) with the base's ({}): give both the "
            "same rate, or --cost net for the undiscounted net fiscal cost",
            name, rate_key, rate_of(scenarios[i]), rate_of(scenarios[0])));
      if (grids[i].start_year != grids[0].start_year)
        throw UsageError(fmt::format("cannot compare the present value of '{}' (discounted to {}) with the base's "
                                     "(discounted to {}): use --cost net for the undiscounted net fiscal cost",
                                     name, grids[i].start_year, grids[0].start_year));
    }
  plan.discount_rate = rate_key.empty() ? kNaN : rate_of(scenarios[0]);
  plan.social_rate = scenarios[0].params.fiscal.discount_rate;
  plan.borrowing_rate = scenarios[0].params.fiscal.borrowing_rate;
  std::optional<double> up_to;
  if (vm.count("at")) up_to = at_years_of(vm["at"].as<int>(), grids[0].start_year, grids[0].time);
  plan.grid = common_grid(grids, up_to);
  plan.span = headline_span(plan.grid.time);
  if (align && !plan.grid.same_sampling && !quiet && !mpi::worker())
    for (std::size_t m = 0; m < plan.kept.size(); ++m)
      if (plan.kinds[m] == ValueKind::mean)
        std::fprintf(stderr, "innosim compare: %s: %s\n", std::string(tr("warning", lang)).c_str(),
                     say("{} is a period mean and the scenarios sample differently: not compared (NaN)",
                         plan.kept[m]).c_str());
  if (!mpi::worker()) {
    // A --set path that changes nothing in any scenario compared.
    std::vector<const scenario::Scenario*> all;
    for (const PreparedScenario& ps : scenarios) all.push_back(&ps.scenario);
    for (const std::string& w : inert_set_warnings(all, sets, lang))
      std::fprintf(stderr, "innosim compare: %s: %s\n", std::string(tr("warning", lang)).c_str(), w.c_str());
  }
  const int reps = *replications;
  if (mpi::worker()) {
    check_resources("compare", scenarios, jobs, 0, {}, skip_check);  // this rank's threads
    return serve_runs(scenarios, jobs);  // rank 0 writes the file
  }
  const std::filesystem::path target = output_path(out, "compare-" + scenarios[0].scenario.name(), force);
  // Before any run: memory for --jobs replications at once, disk for the file.
  check_resources("compare", scenarios, mpi::distributed() ? 0 : jobs, results_file_bytes(scenarios) + spool_bytes(scenarios, jobs), target,
                  skip_check);

  InterruptGuard guard;
  output::ResultsWriter writer(target, {.force = force, .command_line = command_line(), .n_ranks = mpi::size()});
  InterruptGuard::set_cleanup(writer.temporary());
  std::vector<std::vector<RunSeries>> values(scenarios.size(), std::vector<RunSeries>(static_cast<std::size_t>(reps)));
  const BatchResult batch = run_scenarios(
      writer, scenarios, {.jobs = jobs, .command = "compare", .quiet = quiet || json},
      [&](std::size_t s, std::int64_t r, const RunOutcome& o) {
        if (!o.ok()) return;  // an empty RunSeries marks a failed run
        RunSeries& rs = values[s][static_cast<std::size_t>(r)];
        for (std::size_t m = 0; m < plan.kept.size(); ++m)
          rs.push_back(on_common_grid(plan.kinds[m], o.result.series[plan.index[m]], plan.grid, s));
      });
  if (batch.end == PoolEnd::interrupted || InterruptGuard::requested()) {
    std::fprintf(stderr, "innosim compare: %s\n", say("interrupted; no results written").c_str());
    return InterruptGuard::exit_code();
  }
  std::vector<Comparison> comparisons;
  for (std::size_t i = 1; i < scenarios.size(); ++i) {
    comparisons.push_back(
        compare(plan, scenarios[0].scenario.name(), scenarios[i].scenario.name(), values[0], values[i]));
    write_comparison(writer, plan, comparisons.back(), scenarios[0].seed(), reps, !plan.grid.same);
  }
  writer.commit();
  InterruptGuard::set_cleanup({});

  if (json) {
    std::string s = "{\"file\": " + json_string(target.string()) + ", \"base\": " +
                    json_string(scenarios[0].scenario.name()) + ", \"seed\": " + std::to_string(scenarios[0].seed()) +
                    ", \"replications\": " + std::to_string(reps) + ", \"confidence_level\": " + json_number(kLevel) +
                    ", \"start_year\": " + std::to_string(plan.grid.start_year) +
                    ", \"to_years\": " + json_number(plan.span.to_years) +
                    ", \"aligned\": " + (plan.grid.same ? "false" : "true") +
                    ", \"failed_runs\": " + std::to_string(batch.failures) + ", \"comparisons\": [";
    for (std::size_t i = 0; i < comparisons.size(); ++i) s += (i ? ", " : "") + json_comparison(plan, comparisons[i]);
    std::printf("%s]}\n", s.c_str());
  } else if (quiet) {
    std::printf("%s\n", target.string().c_str());
  } else {
    // Read back from the committed file: what is printed is what the file holds.
    const output::ResultsReader reader(target);
    for (const Comparison& c : comparisons) std::fputs(comparison_text(reader, c.group, lang).c_str(), stdout);
    std::printf("\n%s\n", fmt_tr("results: {}", lang, target.string()).c_str());
  }
  if (batch.failures) {
    std::fprintf(stderr, "innosim compare: %s\n",
                 say("{} run(s) failed (recorded in /runs; their pairs are left out)", batch.failures).c_str());
    return 1;
  }
  return 0;
}

}  // namespace innosim::app

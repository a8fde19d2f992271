#include "innosim/experiments/results_text.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <variant>

#include <fmt/format.h>

#include "innosim/experiments/comparison.hpp"
#include "innosim/experiments/experiment.hpp"
#include "innosim/experiments/headline.hpp"
#include "innosim/experiments/labels.hpp"
#include "innosim/experiments/tables.hpp"
#include "innosim/experiments/text_format.hpp"
#include "report_data.hpp"

namespace innosim::experiments {

namespace {

using namespace report_detail;  // NOLINT(google-build-using-namespace): the stored tables' accessors

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

template <class... A>
std::string fmt_tr(std::string_view english, Lang lang, A&&... args) {
  return fmt::format(fmt::runtime(tr(english, lang)), std::forward<A>(args)...);
}

double magnitude(double x) { return std::isfinite(x) ? std::fabs(x) : 0.0; }

/// English tables name metrics as the file and --metrics do; Chinese ones by their labels.
std::string metric_name(const std::string& metric, Lang lang) {
  return lang == Lang::zh ? metric_label(metric, Lang::zh) : metric;
}

/// How compare's classes are read (under the cost-effectiveness table).
constexpr std::string_view kCeClassesNote =
    "Classes count a change only where the data show it: its 95% CI excludes 0, or it is 0 in every pair (identical "
    "runs); n.s. = not significant (the 95% CI includes 0): the data do not say which way that change goes. "
    "dominant = more outcome for less or the same money, or the same outcome for less; dominated = less outcome for "
    "more or the same money, or the same outcome for more; trade-off = more outcome for more money (the only case a "
    "cost per unit gained answers); saves money but loses outcome = less money, less outcome; no detectable "
    "difference = neither cost nor outcome differs detectably.";

std::string outcome_label(std::string_view key, Lang lang) {
  if (key == "high_tech_enterprises") return std::string(tr("high-tech enterprises (with gazelles, unicorns)", lang));
  if (key == "innovations") return std::string(tr("innovations", lang));
  return std::string(tr("jobs", lang));
}

const CeOutcome* find_outcome(std::string_view key) {
  for (const CeOutcome& o : ce_outcomes())
    if (key == o.key) return &o;
  return nullptr;
}

/// "jiangmen-2025" in English; "jiangmen-2025（基准情景：江门2025）" in Chinese, as the headline tables name it.
std::string scenario_title(const std::string& name, Lang lang) {
  const std::string label = scenario_label(name, lang);
  return label == name ? name : name + "（" + label + "）";
}

std::optional<std::int64_t> year_of(int start_year) {
  return start_year ? std::optional<std::int64_t>(start_year) : std::nullopt;
}

/// A whole number of a stored table (counts): "12".
std::string count_text(double x) { return std::isfinite(x) ? std::to_string(std::llround(x)) : "\u2014"; }

/// An index or a parameter value for people: 3 significant digits, grouped.
/// How many rows of a ranked table are shown (the rest are named by count).
std::size_t shown_count(std::size_t rows) { return std::min<std::size_t>(rows, 5); }

std::string plain(double x, Lang lang, int digits = 3) {
  return format_number(x, {lang, Precision::significant(digits), false, Grouping::standard});
}

std::vector<output::TableColumn> table_or_empty(const output::ResultsReader& in, const std::string& path) {
  return in.exists(path) ? in.table(path) : std::vector<output::TableColumn>{};
}

// ------------------------------------------------------------------ JSON

std::string json_attributes(const std::vector<output::Attribute>& attrs) {
  std::string out = "{";
  bool first = true;
  for (const output::Attribute& a : attrs) {
    // The resolved YAML texts are provenance, not a summary: `inspect --json` and h5dump give them.
    if (a.name.size() > 5 && a.name.compare(a.name.size() - 5, 5, "_yaml") == 0) continue;
    out += first ? "" : ", ";
    first = false;
    out += json_string(a.name) + ": " +
           std::visit(
               [](const auto& v) -> std::string {
                 using T = std::decay_t<decltype(v)>;
                 if constexpr (std::is_same_v<T, std::string>)
                   return json_string(v);
                 else if constexpr (std::is_same_v<T, double>)
                   return json_number(v);
                 else
                   return std::to_string(v);
               },
               a.value);
  }
  return out + "}";
}

/// A stored table as an array of objects, one per row, fields in order.
std::string json_rows(const std::vector<output::TableColumn>& t) {
  std::string out = "[";
  for (std::size_t i = 0; i < rows_of(t); ++i) {
    out += i ? ", {" : "{";
    for (std::size_t c = 0; c < t.size(); ++c) {
      out += (c ? ", " : "") + json_string(t[c].name) + ": ";
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::vector<std::string>>)
              out += json_string(v[i]);
            else if constexpr (std::is_same_v<T, std::vector<double>>)
              out += json_number(v[i]);
            else
              out += std::to_string(v[i]);
          },
          t[c].values);
    }
    out += "}";
  }
  return out + "]";
}

// ------------------------------------------------------------------ scenarios

/// The sampling period in months: a flow's or mean's `period_months`, else the grid's first step.
int sampling_months(const Scenario& s) {
  for (const output::MetricInfo& m : s.header.metrics)
    if (m.period_months > 0) return static_cast<int>(m.period_months);
  if (s.time.size() >= 2) return static_cast<int>(std::lround((s.time[1] - s.time[0]) * 12.0));
  return 0;
}

std::string period_words(int months, Lang lang) {
  if (months == 1) return std::string(tr("month", lang));
  if (months == 3) return std::string(tr("quarter", lang));
  if (months == 12) return std::string(tr("year", lang));
  return fmt_tr("{} months", lang, months);
}

/// Replications of a scenario that ran (ok or failed; "not run" ones of `run --replication` left out).
struct RunTally {
  std::size_t ok = 0, failed = 0, not_run = 0;
};
RunTally tally(const std::vector<output::RunRecord>& runs, const std::string* scenario) {
  RunTally t;
  for (const output::RunRecord& r : runs) {
    if (scenario && (r.scenario != *scenario || r.point >= 0)) continue;
    if (r.ok())
      ++t.ok;
    else if (r.status.rfind("not run", 0) == 0)
      ++t.not_run;
    else
      ++t.failed;
  }
  return t;
}

std::vector<std::string> scenario_metrics(const Scenario& s, const SummaryOptions& o) {
  if (!o.metrics.empty()) return o.metrics;  // headline_table names a missing one (exit 2)
  return headline_metrics_present([&](const std::string& m) { return s.has(m); });
}

std::vector<HeadlineRow> scenario_rows(const output::ResultsReader& in, const Scenario& s, const SummaryOptions& o) {
  const std::vector<std::string> metrics = scenario_metrics(s, o);
  if (metrics.empty()) return {};
  std::optional<double> at;
  if (o.at_year) at = at_years_of(*o.at_year, s.start_year, s.time);
  return headline_table(in, s.header.name, metrics, at);
}

// ------------------------------------------------------------------ kinds of file

std::string kind_code(const Data& d, bool discovery) {
  if (discovery) return "discovery";
  switch (d.kind) {
    case FileKind::run: return "run";
    case FileKind::compare: return "compare";
    case FileKind::sweep: return "sweep";
    case FileKind::sensitivity: return "sensitivity";
    case FileKind::calibration: return "calibration";
    case FileKind::other: break;
  }
  return "other";
}

std::string kind_words(const std::string& code, Lang lang) {
  if (code == "run") return std::string(tr("results of a run (innosim run)", lang));
  if (code == "compare") return std::string(tr("a paired comparison of scenarios (innosim compare)", lang));
  if (code == "sweep") return std::string(tr("a parameter sweep (innosim sweep)", lang));
  if (code == "sensitivity") return std::string(tr("a global sensitivity analysis (innosim sensitivity)", lang));
  if (code == "calibration") return std::string(tr("a calibration (innosim calibrate)", lang));
  if (code == "discovery") return std::string(tr("a scenario discovery (innosim discover)", lang));
  return std::string(tr("an innosim results file", lang));
}

// ------------------------------------------------------------------ sections

std::string sweep_section(const output::ResultsReader& in, const Data& d, Lang lang) {
  const Sweep& sw = *d.sweep;
  const RunTally t = tally(d.runs, nullptr);
  std::string out = "\n" +
                    fmt_tr("sweep {}: {} design, {} points x {} replications, seed {}: {} runs, {} failed", lang,
                           terminal_text(attribute_text(sw.attributes, "sweep_file")), tr(sw.header.design, lang),
                           sw.header.points, sw.header.replications, sw.header.seed, t.ok + t.failed, t.failed) +
                    "\n";
  out += fmt_tr("base scenario: {}", lang, scenario_title(sw.header.base_scenario, lang)) + "\n";
  if (!sw.header.policy_scenario.empty())
    out += fmt_tr("policy scenario: {} (its effects: /sweep/effects)", lang,
                  scenario_title(sw.header.policy_scenario, lang)) +
           "\n";
  for (const std::string& f : sw.header.factors) {
    const output::TableColumn* c = column(sw.design, f);
    double lo = INFINITY, hi = -INFINITY;
    for (std::size_t i = 0; i < rows_of(sw.design); ++i) {
      const double v = number_at(c, i);
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    }
    out += fmt_tr("factor {} ({}): {} to {}", lang, f, key_group_of(f, lang), exact_number(lo), exact_number(hi)) + "\n";
    if (const std::string meaning = key_meaning(f, lang); !meaning.empty()) out += "    " + meaning + "\n";
  }
  out += sweep_points_text(in, lang, 10);
  return out;
}

std::string sensitivity_section(const output::ResultsReader& in, const Data& d, Lang lang) {
  const auto a = in.attributes("/sensitivity");
  const std::string method = attribute_text(a, "method");
  const std::string test = attribute_text(a, "test_function");
  std::string what = test.empty() ? scenario_title(attribute_text(a, "base_scenario"), lang) : test;
  if (!attribute_text(a, "policy_scenario").empty())
    what += fmt_tr(", policy {}", lang, scenario_title(attribute_text(a, "policy_scenario"), lang));
  const RunTally t = tally(d.runs, nullptr);
  // A test function has no model runs: each point is one evaluation.
  const std::size_t runs = test.empty() ? t.ok + t.failed : static_cast<std::size_t>(attribute_number(a, "points"));
  std::string out = "\n" +
                    fmt_tr("sensitivity {}: {} of {}, {} points x {} replications, seed {}: {} runs, {} failed", lang,
                           terminal_text(test.empty() ? attribute_text(a, "sensitivity_file") : "--test-function " + test),
                           tr(method, lang), what, attribute_text(a, "points"), attribute_text(a, "replications"),
                           attribute_text(a, "seed"), runs, t.failed) +
                    "\n";
  if (!in.exists("/sensitivity/outputs")) return out;
  const bool sobol = method == "sobol";
  for (const std::string& o : in.children("/sensitivity/outputs")) {
    const std::string g = "/sensitivity/outputs/" + o;
    if (!in.exists(g + "/indices")) continue;
    const auto oa = in.attributes(g);
    std::string label = attribute_text(oa, "label").empty() ? o : attribute_text(oa, "label");
    if (lang == Lang::zh && !test.empty()) label = fmt_tr("test function {} (a check of the method, not the model)", lang, test);
    if (lang == Lang::zh && !attribute_text(oa, "metric").empty()) {
      const std::string of = attribute_text(oa, "of");
      label = metric_label(attribute_text(oa, "metric"), lang) +
              std::string(of == "effect"   ? tr(" (policy effect, paired difference)", lang)
                          : of == "policy" ? tr(" (policy scenario)", lang)
                          : of == "base"   ? tr(" (base scenario)", lang)
                                           : "");
    }
    const auto ix = in.table(g + "/indices");
    std::vector<std::size_t> order(rows_of(ix));
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    const output::TableColumn* rank = column(ix, "rank");
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t x, std::size_t y) { return number_at(rank, x) < number_at(rank, y); });
    std::vector<std::string> header = {std::string(tr("rank", lang)), std::string(tr("factor", lang))};
    if (sobol) {
      header.emplace_back(tr("total ST", lang));
      header.emplace_back(tr("first order S1", lang));
    } else {
      header.emplace_back("mu*");
      header.emplace_back(tr("sigma", lang));
    }
    TextTable table(header, {true, false, true, false});
    // Morris effects are changes of the output, in its unit scaled by the largest mu* (亿元, bn yuan) and a
    // rate's in percentage points (百分点), as `sensitivity` printed them; Sobol' indices are shares of a
    // variance, without unit. The heading names the unit the numbers are in.
    const std::string unit = attribute_text(oa, "unit");
    const bool change = !sobol || attribute_text(oa, "of") == "effect";
    double largest = 0;
    if (!sobol)
      for (std::size_t i = 0; i < order.size(); ++i)
        if (const double v = number_at(column(ix, "mu_star"), i); std::isfinite(v)) largest = std::max(largest, std::fabs(v));
    const DisplayUnit du = display_unit(unit, largest, lang, true);
    const auto value = [&](double v) {
      if (v == 0) return std::string("0");  // not 0.00000000: three significant digits of nothing
      return sobol ? plain(v, lang) : format_in(v, du, {lang, Precision::significant(3), false, Grouping::standard});
    };
    for (std::size_t k = 0; k < shown_count(order.size()); ++k) {
      const std::size_t i = order[k];
      const auto with_ci = [&](const char* name) {
        const double v = number_at(column(ix, name), i);
        const double lo = number_at(column(ix, std::string(name) + "_ci_low"), i);
        const double hi = number_at(column(ix, std::string(name) + "_ci_high"), i);
        if (!std::isfinite(v)) return std::string("\u2014");
        std::string s = value(v);
        if (std::isfinite(lo) && std::isfinite(hi)) s += " [" + value(lo) + ", " + value(hi) + "]";
        return s;
      };
      table.add({count_text(number_at(rank, i)), text_at(column(ix, "group"), i), with_ci(sobol ? "ST" : "mu_star"),
                 sobol ? with_ci("S1") : value(number_at(column(ix, "sigma"), i))});
    }
    const std::size_t shown = shown_count(order.size());
    const std::string unit_words = unit.empty() ? std::string()
                                   : !sobol     ? du.text
                                   : change     ? display_unit(unit, 0.0, lang, true).text
                                                : unit_column(unit, lang);
    out += "\n" + label +
           (unit_words.empty() ? "" : lang == Lang::zh ? "（" + unit_words + "）" : " (" + unit_words + ")") + "\n" +
           table.render(2);
    if (order.size() > shown)
      out += "  " + fmt_tr("... {} more factors in {}/indices", lang, order.size() - shown, g) + "\n";
  }
  out += "\n" + wrap(tr(sobol ? "Sobol' indices with their 95% bootstrap intervals: ST is the share of the output's "
                                "variance a factor causes alone and with others, S1 alone; an interval that covers 0 "
                                "means no influence distinguishable at this sample size."
                              : "Morris elementary effects with the 95% bootstrap interval of mu*: mu* is the mean "
                                "size of the output's change when a factor moves over its range, sigma how much that "
                                "change varies with the other factors.",
                         lang)) +
         "\n";
  return out;
}

std::string identification_words(const std::string& code, Lang lang) {
  if (code == "identified" || code == "weakly identified" || code == "not identified") return std::string(tr(code, lang));
  return code;
}

std::string calibration_section(const output::ResultsReader& in, Lang lang) {
  const auto a = in.attributes("/calibration");
  std::string out = "\n" + fmt_tr("calibration {}: base scenario {}, {} replications per point, seed {}, {} runs ({} failed)",
                                  lang, terminal_text(attribute_text(a, "calibration_file")),
                                  scenario_title(attribute_text(a, "base_scenario"), lang),
                                  attribute_text(a, "replications"), attribute_text(a, "seed"),
                                  attribute_text(a, "runs"), attribute_text(a, "runs_failed")) +
                    "\n";
  const auto p = table_or_empty(in, "/calibration/parameters");
  TextTable t({std::string(tr("parameter", lang)), std::string(tr("estimate", lang)),
               std::string(tr("standard error", lang)), std::string(tr("95% CI", lang)),
               std::string(tr("identification", lang))},
              {false, true, true, true, false});
  for (std::size_t i = 0; i < rows_of(p); ++i) {
    const double se = number_at(column(p, "se"), i);
    const double lo = number_at(column(p, "ci95_low"), i), hi = number_at(column(p, "ci95_high"), i);
    t.add({text_at(column(p, "parameter"), i), plain(number_at(column(p, "estimate"), i), lang, 4),
           std::isfinite(se) ? plain(se, lang, 3) : "\u2014",
           std::isfinite(lo) && std::isfinite(hi) ? "[" + plain(lo, lang, 4) + ", " + plain(hi, lang, 4) + "]"
                                                  : "\u2014",
           identification_words(text_at(column(p, "identification"), i), lang)});
  }
  if (t.rows()) out += "\n" + t.render();
  const auto targets = table_or_empty(in, "/calibration/targets");
  std::size_t matched = 0;
  for (std::size_t k = 0; k < rows_of(targets); ++k) matched += std::fabs(number_at(column(targets, "z"), k)) <= 1.96;
  out += "\n" + fmt_tr("{} of {} targets matched within their combined uncertainty (|z| <= 1.96)", lang, matched,
                       rows_of(targets)) +
         "\n";
  const double j = attribute_number(a, "j_statistic"), df = attribute_number(a, "j_df"),
               pj = attribute_number(a, "j_p_value");
  if (std::isfinite(j) && df > 0)
    out += fmt_tr("J test: J = {} on {} degrees of freedom, p = {}", lang, plain(j, lang), count_text(df),
                  plain(pj, lang)) +
           "\n";
  else if (df == 0)
    out += std::string(tr("J test: none (exactly identified: as many targets as free parameters)", lang)) + "\n";
  else if (df < 0)
    out += std::string(tr("J test: none (fewer targets than free parameters: not all of them can be identified)", lang)) +
           "\n";
  out += wrap(tr("A calibration fits the model to these figures; it does not validate it.", lang)) + "\n";
  return out;
}

std::string discovery_section(const output::ResultsReader& in, Lang lang) {
  const auto a = in.attributes("/discovery");
  std::string out = "\n" + fmt_tr("discovery in {}: where {} ({} points, {} cases of interest)", lang,
                                  terminal_text(attribute_text(a, "source_file")),
                                  attribute_text(a, "cases_of_interest") == "outcome > threshold"
                                      ? attribute_text(a, "outcome") + " > " + attribute_text(a, "threshold")
                                      : attribute_text(a, "outcome") + " < " + attribute_text(a, "threshold"),
                                  attribute_text(a, "points"), attribute_text(a, "cases")) +
                    "\n";
  if (!in.exists("/discovery/box")) return out;
  const auto ba = in.attributes("/discovery/box");
  const auto b = in.table("/discovery/box");
  const double cov = attribute_number(ba, "coverage"), den = attribute_number(ba, "density");
  const double cases = attribute_number(ba, "cases"), pts = attribute_number(ba, "points");
  out += fmt_tr("box {}: coverage {} ({} of the {} cases), density {} ({} of its {} points), mass {}", lang,
                attribute_text(a, "box") + (attribute_number(a, "pasted") == 1.0 ? std::string(tr(", pasted", lang)) : ""),
                fmt::format("{:.3f}", cov), count_text(cases), attribute_text(a, "cases"), fmt::format("{:.3f}", den),
                count_text(cases), count_text(pts), fmt::format("{:.3f}", attribute_number(ba, "mass"))) +
         "\n";
  for (std::size_t k = 0; k < rows_of(b); ++k) {
    if (number_at(column(b, "restricted"), k) != 1.0) continue;
    out += "  " + text_at(column(b, "factor"), k) + " " + plain(number_at(column(b, "lo"), k), lang) + " .. " +
           plain(number_at(column(b, "hi"), k), lang) + "   " +
           fmt_tr("(quasi-p {}; range in the data {} to {})", lang,
                  fmt::format("{:.3g}", number_at(column(b, "quasi_p"), k)),
                  plain(number_at(column(b, "min"), k), lang), plain(number_at(column(b, "max"), k), lang)) +
           "\n";
  }
  return out;
}

}  // namespace

// ------------------------------------------------------------------ comparisons

std::string comparison_text(const output::ResultsReader& in, const std::string& group, Lang lang) {
  const std::string g = "/comparisons/" + group;
  const auto attrs = in.attributes(g);
  const std::string base = attribute_text(attrs, "base"), alt = attribute_text(attrs, "alternative");
  const auto metrics = table_or_empty(in, g + "/metrics");
  const auto ce = table_or_empty(in, g + "/cost_effectiveness");
  // The calendar: the group's own (format 1.2), else the base scenario's.
  std::string base_yaml;
  double horizon = kNaN;
  for (const output::ScenarioHeader& s : in.scenarios())
    if (s.name == base) base_yaml = s.yaml, horizon = s.horizon_years;
  const std::optional<std::int64_t> y0 = year_of(start_year_of(in, g, base_yaml));
  const double to_years = std::isfinite(attribute_number(attrs, "to_years")) ? attribute_number(attrs, "to_years") : horizon;
  double span_years = number_at(column(metrics, "span_years"), 0);
  if (!std::isfinite(span_years)) span_years = to_years;
  const std::string to = date_at(y0, to_years), from = date_at(y0, to_years - span_years);
  std::size_t pairs = 0;
  for (const auto* t : {&ce, &metrics})
    for (std::size_t i = 0; i < rows_of(*t); ++i) {
      const double n = number_at(column(*t, "n"), i);
      if (std::isfinite(n)) pairs = std::max(pairs, static_cast<std::size_t>(n));
    }

  std::string out = "\n" +
                    fmt_tr("{} vs {}: {} paired replications of {}, seed {}; difference = alternative - base", lang,
                           scenario_label(alt, lang), scenario_label(base, lang), pairs,
                           attribute_text(attrs, "replications"), attribute_text(attrs, "seed")) +
                    "\n";
  if (attribute_number(attrs, "aligned") == 1.0) {
    const std::string first = text_at(column(metrics, "metric"), 0);
    const std::size_t dates = in.exists(g + "/series/" + first) ? rows_of(in.table(g + "/series/" + first)) : 0;
    out += fmt_tr("aligned on the {} dates both runs have", lang, dates) + "\n";
  }
  const output::TableColumn* kind_column = column(metrics, "kind");
  for (ValueKind kind : {ValueKind::stock, ValueKind::flow, ValueKind::mean}) {
    const std::string title = kind == ValueKind::stock  ? fmt_tr("stocks on {}", lang, to)
                              : kind == ValueKind::flow ? fmt_tr("flows from {} to {}", lang, from, to)
                                                        : fmt_tr("period means, period ending {}", lang, to);
    TextTable t({title, std::string(tr("base", lang)), std::string(tr("alternative", lang)),
                 std::string(tr("difference", lang)), std::string(tr("95% CI (paired)", lang)),
                 std::string(tr("95% CI (unpaired)", lang)), "VRF", std::string(tr("unit", lang))},
                {false, true, true, true, true, true, true, false});
    for (std::size_t i = 0; i < rows_of(metrics); ++i) {
      const std::string metric = text_at(column(metrics, "metric"), i);
      const ValueKind k = kind_column ? value_kind(text_at(kind_column, i)) : catalogue_kind(metric);
      if (k != kind) continue;
      const std::string unit = text_at(column(metrics, "unit"), i);
      const double bm = number_at(column(metrics, "base_mean"), i), am = number_at(column(metrics, "alt_mean"), i);
      const double d = number_at(column(metrics, "difference"), i);
      const CellFormat f = cell_format(unit, std::max(magnitude(bm), magnitude(am)), lang);
      const CellFormat fd = cell_format(unit, magnitude(d), lang, true);
      t.add({metric_name(metric, lang), cell(bm, f), cell(am, f), cell(d, fd, true),
             interval_cell(number_at(column(metrics, "ci_low"), i), number_at(column(metrics, "ci_high"), i), unit,
                           lang, true),
             interval_cell(number_at(column(metrics, "unpaired_ci_low"), i),
                           number_at(column(metrics, "unpaired_ci_high"), i), unit, lang, true),
             vrf_cell(number_at(column(metrics, "variance_reduction"), i)), unit_column(unit, lang, true)});
    }
    if (t.rows()) out += "\n" + t.render();
  }
  // The cost rows' discount rates (files before session 16 do not store them):
  // the present value at the social rate is the headline cost (2.6).
  const double social_rate = attribute_number(attrs, "social_discount_rate"), borrowing_rate = attribute_number(attrs, "borrowing_rate");
  bool has_pv = false;
  for (std::size_t i = 0; i < rows_of(metrics); ++i) has_pv = has_pv || text_at(column(metrics, "metric"), i) == "net_fiscal_cost_pv";
  if (has_pv && std::isfinite(social_rate) && std::isfinite(borrowing_rate)) {
    const auto pct = [&](double r) { return fmt::format(fmt::runtime(lang == Lang::zh ? "{:g}%" : "{:g} %"), 100 * r); };
    out += wrap(fmt_tr("Costs: {} is the headline cost, the net fiscal cost's present value at {} a year (the social "
                       "discount rate, fiscal.discount_rate); {} is the same cost undiscounted; {} discounts at {} "
                       "(the government's borrowing rate, fiscal.borrowing_rate).",
                       lang, metric_name("net_fiscal_cost_pv", lang), pct(social_rate), metric_name("net_fiscal_cost", lang),
                       metric_name("net_fiscal_cost_pv_borrowing", lang), pct(borrowing_rate))) +
           "\n";
  }
  out += wrap(tr("VRF: variance-reduction factor of the pairing, (var(base) + var(alt)) / var(alt - base): "
                 "how many times more replications independent runs would need for the same precision; > 1,000\u00d7 = "
                 "the pairs differ by almost nothing next to how much the runs vary, and the exact factor then means "
                 "nothing more; \u221e = every pair equal.",
                 lang)) +
         "\n";
  // Many differences tested at once (files before session 13 have no p-values: nothing said).
  if (const output::TableColumn* holm = column(metrics, "p_holm")) {
    std::vector<std::string> kept, lost;
    std::size_t family = 0;
    for (std::size_t i = 0; i < rows_of(metrics); ++i) {
      const double lo = number_at(column(metrics, "ci_low"), i), hi = number_at(column(metrics, "ci_high"), i);
      const double ph = number_at(holm, i);
      if (!std::isfinite(ph)) continue;
      ++family;
      if (!(lo > 0 || hi < 0)) continue;
      (ph < 0.05 ? kept : lost).push_back(metric_name(text_at(column(metrics, "metric"), i), lang));
    }
    const auto list = [&](const std::vector<std::string>& v) {
      std::string s;
      for (std::size_t k = 0; k < v.size(); ++k) s += (k ? (lang == Lang::zh ? "、" : ", ") : "") + v[k];
      return s;
    };
    if (family > 1) {
      std::string note = fmt_tr("Multiple comparisons: {} of the {} differences have a 95% CI that excludes 0.", lang,
                                kept.size() + lost.size(), family);
      if (!kept.empty())
        note += (lang == Lang::zh ? "" : " ") +
                fmt_tr("With Holm's correction over the {} (family-wise error 5%) these remain: {}.", lang, family, list(kept));
      if (!lost.empty())
        note += (lang == Lang::zh ? "" : " ") +
                fmt_tr("Not after it, so possibly chance among many tests: {}.", lang, list(lost));
      out += wrap(note) + "\n";
    }
  }
  if (const output::TableColumn* margins = column(metrics, "equivalence_margin")) {
    for (std::size_t i = 0; i < rows_of(metrics); ++i) {
      const double m = number_at(margins, i);
      if (!std::isfinite(m)) continue;
      const double ep = number_at(column(metrics, "equivalence_p"), i);
      const std::string unit = text_at(column(metrics, "unit"), i);
      const std::string margin = cell(m, cell_format(unit, magnitude(m), lang), false) + " " + unit_column(unit, lang, false);
      out += wrap(fmt_tr(ep < 0.05 ? "Equivalence: {} is within \u00b1{} of the base (two one-sided tests at 5%, p = {})."
                                   : "Equivalence: {} is not shown to be within \u00b1{} of the base (two one-sided tests "
                                     "at 5%, p = {}): the data allow a larger difference.",
                         lang, metric_name(text_at(column(metrics, "metric"), i), lang), margin,
                         std::isfinite(ep) ? fmt::format("{:.3g}", ep) : std::string("?"))) +
             "\n";
    }
  }

  // Cost-effectiveness: classified before anything is divided (files before 1.2 have no classes: not shown).
  const output::TableColumn* classes = column(ce, "classification");
  if (!classes) return out;
  const std::string cost_metric = attribute_text(attrs, "cost_metric");
  const std::string basis = attribute_text(attrs, "cost_basis");
  out += "\n" + fmt_tr("cost-effectiveness: cost = {} from {} to {} ({})", lang, metric_name(cost_metric, lang), from,
                       to, tr(basis, lang)) +
         "\n";
  TextTable t({std::string(tr("outcome", lang)), std::string(tr("change in cost", lang)),
               std::string(tr("95% CI", lang)), std::string(tr("change in outcome", lang)),
               std::string(tr("95% CI", lang)), std::string(tr("classification", lang)),
               std::string(tr("cost per unit gained", lang)), std::string(tr("95% CI (Fieller)", lang))},
              {false, true, true, true, true, false, true, true});
  struct Missing {
    std::string reason, outcomes;
  };
  std::vector<Missing> missing;  // outcomes without a ratio, by reason, in order
  for (std::size_t i = 0; i < rows_of(ce); ++i) {
    const std::string key = text_at(column(ce, "outcome"), i);
    const CeOutcome* o = find_outcome(key);
    const std::string unit = o ? o->unit : "";
    const double lo = number_at(column(ce, "outcome_ci_low"), i), hi = number_at(column(ce, "outcome_ci_high"), i);
    // Classified again from the stored changes: a file written before 1.x may
    // store a class the CIs do not support.
    const CeVerdict v = stored_ce_verdict(ce, i);
    const bool shown = v.ratio_shown;
    t.add({outcome_label(key, lang), quantity(number_at(column(ce, "spending_difference"), i), "yuan", lang, true),
           interval_cell(number_at(column(ce, "spending_ci_low"), i), number_at(column(ce, "spending_ci_high"), i),
                         "yuan", lang, true),
           quantity(number_at(column(ce, "outcome_difference"), i), unit, lang, true),
           interval_cell(lo, hi, unit, lang, true), std::string(tr(ce_class_name(v.cls), lang)),
           shown ? quantity(number_at(column(ce, "ratio"), i), "yuan", lang) : "\u2014",
           shown ? interval_cell(number_at(column(ce, "ci_low"), i), number_at(column(ce, "ci_high"), i), "yuan", lang)
                 : "\u2014"});
    if (shown) continue;
    const std::string& reason = v.reason;
    const auto m = std::find_if(missing.begin(), missing.end(), [&](const Missing& x) { return x.reason == reason; });
    if (m == missing.end())
      missing.push_back({reason, outcome_label(key, lang)});
    else
      m->outcomes += std::string(tr(", ", lang)) + outcome_label(key, lang);
  }
  out += t.render();
  // Under the table: what each outcome counts, what the cost is, why a ratio is missing.
  // Chinese text takes full-width punctuation and no spaces between clauses.
  const bool zh = lang == Lang::zh;
  std::string notes = std::string(tr("Outcomes:", lang));
  for (const CeOutcome& o : ce_outcomes())
    notes += (zh ? "" : " ") + outcome_label(o.key, lang) + (zh ? "：" : " = ") + std::string(tr(o.definition, lang)) +
             (zh ? "；" : ";");
  notes += (zh ? "" : " ") +
           std::string(tr("the headline metric high_tech_enterprises counts neither gazelles nor unicorns.", lang));
  out += wrap(notes) + "\n";
  const double rate = attribute_number(attrs, "cost_discount_rate");
  // Files of schema 1.3 named the social-rate present value "net fiscal cost, present value".
  const bool borrowing = basis == "net fiscal cost, present value at the borrowing rate";
  if (borrowing || basis.starts_with("net fiscal cost, present value")) {
    out += wrap(fmt_tr("Cost: the present value of the model's net fiscal cost over the span, all levels of "
                       "government, discounted to the start at {} a year ({}): outlays, plus "
                       "capital paid into the risk-compensation pool and the guidance fund, discounted from when it "
                       "was paid in, less what the funds still hold, discounted from the end of the span, so capital "
                       "a fund holds for years costs its time value; corporate tax is not netted. Outcomes are not "
                       "discounted. --cost net gives the undiscounted net fiscal cost.",
                       lang, std::isfinite(rate) ? fmt::format(fmt::runtime(zh ? "{:g}%" : "{:g} %"), 100 * rate) : std::string("?"),
                       tr(borrowing ? "the government's borrowing rate, fiscal.borrowing_rate; --cost pv-social discounts at the social rate"
                                    : "the social discount rate, fiscal.discount_rate; --cost pv discounts at the government's borrowing rate",
                          lang))) +
           "\n";
  } else {
    out += wrap(tr(basis == "net fiscal cost"
                       ? "Cost: the model's net fiscal cost over the span, all levels of government: outlays, plus capital "
                         "paid into the risk-compensation pool and the guidance fund less what the funds still hold at the "
                         "end of the span (payouts and write-downs count, capital never used does not); corporate tax is "
                         "not netted (net_fiscal_cost_after_tax nets it). It is undiscounted, so capital tied up in the "
                         "funds costs nothing here; its cost at the discount rate is in the present value (--cost pv-social, "
                         "the default)."
                       : "Cost: gross outlays, every yuan the government paid out; capital paid into the "
                         "risk-compensation pool and the guidance fund counts in full and nothing recovered is netted "
                         "(--cost gross, or a file written before the model reported a net fiscal cost).",
                   lang)) +
           "\n";
  }
  out += wrap(tr("Jobs: wages follow a set path and labour is not scarce in the model, so jobs a policy adds are not "
                 "taken from other employers; read job changes as gross, not net of displacement.",
                 lang)) +
         "\n";
  for (const Missing& m : missing) out += wrap(fmt_tr("No ratio for {}: {}.", lang, m.outcomes, tr(m.reason, lang))) + "\n";
  out += wrap(tr(kCeClassesNote, lang)) + "\n";
  return out;
}

// ------------------------------------------------------------------ sweeps

std::string sweep_points_text(const output::ResultsReader& in, Lang lang, std::size_t max_points) {
  if (!in.exists("/sweep/summary")) return "";
  const auto attrs = in.attributes("/sweep");
  const std::optional<std::int64_t> y0 =
      year_of(start_year_of(in, "/sweep", attribute_text(attrs, "base_scenario_yaml")));
  const std::string end = date_at(y0, attribute_number(attrs, "horizon_years"));
  const auto design = table_or_empty(in, "/sweep/design");
  const output::TableColumn* design_point = column(design, "point");
  std::string out;
  for (const std::string& metric : in.children("/sweep/summary")) {
    const std::string path = "/sweep/summary/" + metric;
    const auto a = in.attributes(path);
    const auto s = in.table(path);
    const std::string unit = attribute_text(a, "unit");
    const ValueKind kind = attribute_text(a, "kind").empty() ? catalogue_kind(metric) : value_kind(attribute_text(a, "kind"));
    const double ref_attr = attribute_number(a, "reference_point");
    const bool ref = std::isfinite(ref_attr);
    const auto reference = ref ? static_cast<std::int64_t>(ref_attr) : -1;
    const std::string name = metric_name(metric, lang);
    const std::string what = kind == ValueKind::flow ? fmt_tr("{}, total from {} to {}", lang, name, date_at(y0, 0.0), end)
                                                     : fmt_tr("{} on {}", lang, name, end);
    std::vector<std::string> header = {std::string(tr("point", lang))};
    for (const output::TableColumn& c : design)
      if (c.name != "point") header.push_back(c.name);
    for (const char* h : {"mean", "95% CI of the mean", "5%-95% of runs"}) header.emplace_back(tr(h, lang));
    if (ref) {
      header.push_back(fmt_tr("difference from point {}", lang, reference));
      header.emplace_back(tr("95% CI (paired)", lang));
    }
    header.emplace_back(tr("unit", lang));
    std::vector<bool> right(header.size(), true);
    right.back() = false;
    TextTable t(header, right);
    const std::size_t P = rows_of(s);
    const std::size_t shown = std::min(P, max_points);
    for (std::size_t i = 0; i < P; ++i) {
      const auto p = static_cast<std::int64_t>(number_at(column(s, "point"), i));
      if (i >= shown && !(ref && p == reference)) continue;
      std::vector<std::string> row = {std::to_string(p)};
      std::size_t drow = i;  // the design row of point p (the same row when the tables are complete)
      for (std::size_t k = 0; k < rows_of(design); ++k)
        if (static_cast<std::int64_t>(number_at(design_point, k)) == p) drow = k;
      for (const output::TableColumn& c : design)
        if (c.name != "point") row.push_back(exact_number(number_at(&c, drow)));
      const double mean = number_at(column(s, "mean"), i);
      row.push_back(cell(mean, cell_format(unit, magnitude(mean), lang)));
      row.push_back(interval_cell(number_at(column(s, "ci_low"), i), number_at(column(s, "ci_high"), i), unit, lang));
      row.push_back(interval_cell(number_at(column(s, "p5"), i), number_at(column(s, "p95"), i), unit, lang));
      if (ref) {
        if (p == reference) {
          row.emplace_back(tr("(reference)", lang));
          row.emplace_back("");
        } else {
          const double d = number_at(column(s, "difference"), i);
          row.push_back(cell(d, cell_format(unit, magnitude(d), lang, true), true));
          row.push_back(interval_cell(number_at(column(s, "difference_ci_low"), i),
                                      number_at(column(s, "difference_ci_high"), i), unit, lang, true));
        }
      }
      row.push_back(unit_column(unit, lang, ref));
      t.add(std::move(row));
    }
    out += "\n" + what + "\n" + t.render();
    if (shown < P) out += fmt_tr("... {} more points in /sweep/summary/{}", lang, P - shown, metric) + "\n";
  }
  if (out.empty()) return out;
  const auto sw = in.sweep();
  out += "\n" + wrap(fmt_tr("mean: over the {} replications of each point, with the 95% CI of the mean and the 5%-95% "
                            "range of the replications; points share their random numbers, so differences between "
                            "points are paired.",
                            lang, sw ? sw->replications : 0)) +
         "\n";
  return out;
}

// ------------------------------------------------------------------ the summary

std::string file_summary_text(const output::ResultsReader& in, const std::string& path, const SummaryOptions& o) {
  const Lang lang = o.lang;
  const Data d = load(in, path);
  const bool discovery = in.exists("/discovery");
  const output::FileHeader& h = d.header;
  std::string out =
      fmt_tr("{}: {}; format {}.{}, innosim {} (git {}), made {}", lang, terminal_text(path),
             kind_words(kind_code(d, discovery), lang), h.format_version[0], h.format_version[1],
             terminal_text(h.innosim_version), terminal_text(h.git_sha1), terminal_text(h.created_utc)) +
      "\n";
  if (!h.command_line.empty()) out += fmt_tr("command: {}", lang, terminal_text(h.command_line)) + "\n";
  const RunTally all = tally(d.runs, nullptr);
  out += fmt_tr("runs: {} ({} failed)", lang, all.ok + all.failed, all.failed);
  if (all.not_run) out += fmt_tr("; {} not run", lang, all.not_run);
  out += "\n";

  for (std::size_t i = 0; i < d.scenarios.size(); ++i) {
    const Scenario& s = d.scenarios[i];
    const RunTally t = tally(d.runs, &s.header.name);
    const int months = sampling_months(s);
    const std::optional<std::int64_t> y0 = year_of(s.start_year);
    out += "\n";
    if (months > 0 && !s.time.empty())
      out += fmt_tr("sampling {}: every {}, {} dates from {} to {}", lang, s.header.name,
                    period_words(months, lang), s.time.size(), date_at(y0, s.time.front()), date_at(y0, s.time.back())) +
             "\n";
    const std::vector<HeadlineRow> rows = scenario_rows(in, s, o);
    HeadlineContext c{s.header.name,
                      t.ok + t.failed ? static_cast<std::int64_t>(t.ok + t.failed) : s.header.replications,
                      s.header.seed,
                      y0,
                      s.header.horizon_years,
                      t.failed};
    const std::string table = headline_text(rows, c, lang, /*note=*/i + 1 == d.scenarios.size());
    out += table.rfind('\n', 0) == 0 ? table.substr(1) : table;  // headline_text opens with a blank line
  }
  for (const std::string& g : d.comparisons) out += comparison_text(in, g, lang);
  if (d.sweep) out += sweep_section(in, d, lang);
  if (d.sensitivity) out += sensitivity_section(in, d, lang);
  if (d.calibration) out += calibration_section(in, lang);
  if (discovery) out += discovery_section(in, lang);
  return out;
}

std::string file_summary_json(const output::ResultsReader& in, const std::string& path, const SummaryOptions& o) {
  const Data d = load(in, path);
  const bool discovery = in.exists("/discovery");
  const output::FileHeader& h = d.header;
  const RunTally all = tally(d.runs, nullptr);
  std::string out = "{\"file\": " + json_string(path) + ", \"kind\": " + json_string(kind_code(d, discovery)) +
                    ", \"format_version\": [" + std::to_string(h.format_version[0]) + ", " +
                    std::to_string(h.format_version[1]) + "], \"innosim_version\": " + json_string(h.innosim_version) +
                    ", \"git_sha1\": " + json_string(h.git_sha1) + ", \"created_utc\": " + json_string(h.created_utc) +
                    ", \"command_line\": " + json_string(h.command_line) + ", \"runs\": {\"ok\": " +
                    std::to_string(all.ok) + ", \"failed\": " + std::to_string(all.failed) +
                    ", \"not_run\": " + std::to_string(all.not_run) + "}, \"confidence_level\": 0.95, \"scenarios\": [";
  for (std::size_t i = 0; i < d.scenarios.size(); ++i) {
    const Scenario& s = d.scenarios[i];
    const RunTally t = tally(d.runs, &s.header.name);
    const std::optional<std::int64_t> y0 = year_of(s.start_year);
    out += i ? ", " : "";
    out += "{\"scenario\": " + json_string(s.header.name) + ", \"seed\": " + std::to_string(s.header.seed) +
           ", \"replications\": " + std::to_string(s.header.replications) + ", \"failed_runs\": " +
           std::to_string(t.failed) + ", \"start_year\": " + (y0 ? std::to_string(*y0) : std::string("null")) +
           ", \"horizon_years\": " + json_number(s.header.horizon_years) +
           ", \"sampling_months\": " + std::to_string(sampling_months(s)) + ", \"n_time\": " +
           std::to_string(s.time.size()) + ", \"headline\": " + headline_json(scenario_rows(in, s, o), y0) + "}";
  }
  out += "], \"comparisons\": [";
  for (std::size_t i = 0; i < d.comparisons.size(); ++i) {
    const std::string g = "/comparisons/" + d.comparisons[i];
    out += (i ? ", " : "") + std::string("{\"name\": ") + json_string(d.comparisons[i]) +
           ", \"attributes\": " + json_attributes(in.attributes(g)) +
           ", \"metrics\": " + json_rows(table_or_empty(in, g + "/metrics")) +
           ", \"cost_effectiveness\": " + json_rows(table_or_empty(in, g + "/cost_effectiveness")) + "}";
  }
  out += "], \"sweep\": ";
  if (d.sweep) {
    out += "{\"attributes\": " + json_attributes(d.sweep->attributes) + ", \"design\": " + json_rows(d.sweep->design) +
           ", \"summary\": {";
    if (in.exists("/sweep/summary")) {
      const std::vector<std::string> metrics = in.children("/sweep/summary");
      for (std::size_t i = 0; i < metrics.size(); ++i)
        out += (i ? ", " : "") + json_string(metrics[i]) + ": " + json_rows(in.table("/sweep/summary/" + metrics[i]));
    }
    out += "}}";
  } else {
    out += "null";
  }
  out += ", \"sensitivity\": ";
  if (d.sensitivity) {
    out += "{\"attributes\": " + json_attributes(in.attributes("/sensitivity")) + ", \"outputs\": {";
    if (in.exists("/sensitivity/outputs")) {
      bool first = true;
      for (const std::string& name : in.children("/sensitivity/outputs")) {
        const std::string g = "/sensitivity/outputs/" + name;
        out += (first ? "" : ", ") + json_string(name) + ": {\"attributes\": " + json_attributes(in.attributes(g)) +
               ", \"indices\": " + json_rows(table_or_empty(in, g + "/indices")) + "}";
        first = false;
      }
    }
    out += "}}";
  } else {
    out += "null";
  }
  out += ", \"calibration\": ";
  if (d.calibration)
    out += "{\"attributes\": " + json_attributes(in.attributes("/calibration")) + ", \"parameters\": " +
           json_rows(table_or_empty(in, "/calibration/parameters")) +
           ", \"targets\": " + json_rows(table_or_empty(in, "/calibration/targets")) + "}";
  else
    out += "null";
  out += ", \"discovery\": ";
  if (discovery)
    out += "{\"attributes\": " + json_attributes(in.attributes("/discovery")) + ", \"box\": " +
           json_rows(table_or_empty(in, "/discovery/box")) + "}";
  else
    out += "null";
  return out + "}\n";
}

}  // namespace innosim::experiments

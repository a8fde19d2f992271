#include "innosim/experiments/headline.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "innosim/engine/error.hpp"
#include "innosim/engine/statistics.hpp"
#include "innosim/experiments/experiment.hpp"
#include "innosim/model/ecosystem.hpp"
#include "innosim/output/schema.hpp"

namespace innosim::experiments {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

ValueKind value_kind(std::string_view name) {
  if (name == "flow") return ValueKind::flow;
  if (name == "mean") return ValueKind::mean;
  return ValueKind::stock;
}

ValueKind catalogue_kind(std::string_view metric) {
  for (const model::MetricInfo& m : model::metric_catalogue())
    if (metric == m.name) return value_kind(model::metric_kind_name(m.kind));
  return ValueKind::stock;
}

HeadlineSpan headline_span(std::span<const double> time, std::optional<double> at_years) {
  if (time.empty()) throw InternalError("headline_span: empty time grid");
  HeadlineSpan s;
  s.to_index = time.size() - 1;
  if (at_years) {
    const auto it = std::find_if(time.begin(), time.end(), [&](double t) { return std::fabs(t - *at_years) < 1e-9; });
    if (it == time.end()) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "--at: %g years after the start is not a time point of the run (it has %zu, "
                    "from %g to %g years)", *at_years, time.size(), time.front(), time.back());
      throw UsageError(buf);
    }
    s.to_index = static_cast<std::size_t>(it - time.begin());
  }
  s.to_years = time[s.to_index];
  s.years = time[s.to_index] - time[0];
  return s;
}

double at_years_of(int calendar_year, int start_year, std::span<const double> time) {
  const double years = static_cast<double>(calendar_year - start_year);
  const bool on_grid = std::any_of(time.begin(), time.end(), [&](double t) { return std::fabs(t - years) < 1e-9; });
  if (!on_grid) {
    char buf[200];
    std::snprintf(buf, sizeof buf, "--at %d: the run covers %s to %s; give a year from %d to %d", calendar_year,
                  date_at(start_year, 0.0).c_str(), date_at(start_year, time.empty() ? 0.0 : time.back()).c_str(),
                  start_year, start_year + static_cast<int>(std::floor(time.empty() ? 0.0 : time.back() + 1e-9)));
    throw UsageError(buf);
  }
  return years;
}

double headline_value(ValueKind kind, std::span<const double> series, const HeadlineSpan& span) {
  if (series.size() <= span.to_index) return kNaN;
  if (kind != ValueKind::flow) return series[span.to_index];
  double total = 0;
  bool any = false;
  for (std::size_t t = 0; t <= span.to_index; ++t)  // in time order: deterministic
    if (!std::isnan(series[t])) {
      total += series[t];
      any = true;
    }
  return any ? total : kNaN;
}

SpreadStats spread(std::span<const double> values, double level) {
  engine::Welford w;
  std::vector<double> sorted;
  for (double x : values)
    if (!std::isnan(x)) {
      w.add(x);
      sorted.push_back(x);
    }
  std::sort(sorted.begin(), sorted.end());
  const engine::ConfidenceInterval ci = engine::confidence_interval(w, level);
  SpreadStats s;
  s.n = ci.n;
  s.mean = ci.mean;
  s.sd = ci.sd;
  s.ci_low = ci.low;
  s.ci_high = ci.high;
  double* const p[5] = {&s.p5, &s.p25, &s.p50, &s.p75, &s.p95};
  for (std::size_t k = 0; k < 5; ++k)
    *p[k] = output::percentile_of_sorted(sorted.data(), sorted.size(), output::kSummaryPercentiles[k]);
  return s;
}

SpreadStats SpreadStats::scaled(double factor) const {
  SpreadStats s = *this;
  for (double* x : {&s.mean, &s.ci_low, &s.ci_high, &s.p5, &s.p25, &s.p50, &s.p75, &s.p95}) *x *= factor;
  s.sd *= std::fabs(factor);
  if (factor < 0) {
    std::swap(s.ci_low, s.ci_high);
    std::swap(s.p5, s.p95);
    std::swap(s.p25, s.p75);
  }
  return s;
}

std::string amount_unit(std::string_view unit) {
  for (const char* period : {" per month", " per quarter", " per year"}) {
    const std::string_view p(period);
    if (unit.size() > p.size() && unit.substr(unit.size() - p.size()) == p && unit != "share per year")
      return std::string(unit.substr(0, unit.size() - p.size()));
  }
  return std::string(unit);
}

std::vector<HeadlineRow> headline_table(const output::ResultsReader& file, std::string_view scenario,
                                        const std::vector<std::string>& metrics, std::optional<double> at_years) {
  const output::ScenarioHeader& h = file.scenario(scenario);
  const std::vector<double> time = file.time(scenario);
  const HeadlineSpan span = headline_span(time, at_years);
  // The default set as the file has it (with the net cost by funding level
  // when the file reports it, experiment.cpp).
  const std::vector<std::string> names =
      metrics.empty() ? headline_metrics_present([&](const std::string& n) {
        return std::any_of(h.metrics.begin(), h.metrics.end(), [&](const auto& m) { return m.name == n; });
      })
                      : metrics;
  std::vector<HeadlineRow> rows;
  for (const std::string& name : names) {
    const auto info = std::find_if(h.metrics.begin(), h.metrics.end(), [&](const auto& m) { return m.name == name; });
    if (info == h.metrics.end()) throw ConfigError("scenario '" + h.name + "' has no metric '" + name + "'");
    HeadlineRow row;
    row.metric = name;
    row.kind = info->kind.empty() ? catalogue_kind(name) : value_kind(info->kind);
    row.unit = row.kind == ValueKind::flow ? amount_unit(info->unit) : info->unit;
    row.description = info->description;
    row.span = span;
    const output::MetricMatrix m = file.metric(scenario, name);
    std::vector<double> values(m.rows, kNaN);
    for (std::size_t r = 0; r < m.rows; ++r)
      values[r] = headline_value(row.kind, std::span<const double>(m.values).subspan(r * m.cols, m.cols), span);
    // Failed replications are NaN rows: skipped like the summary skips them.
    row.stats = spread(values);
    row.per_year = row.kind == ValueKind::flow && span.years > 0 ? row.stats.scaled(1.0 / span.years)
                                                                  : spread(std::vector<double>{});
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string date_at(std::optional<std::int64_t> start_year, double years) {
  if (!start_year) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "t = %g years", years);
    return buf;
  }
  const long long months = std::llround(years * 12.0);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-01", static_cast<long long>(*start_year) + months / 12,
                months % 12 + 1);
  return buf;
}

}  // namespace innosim::experiments

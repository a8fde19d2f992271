#pragma once
// Headline numbers that are what they say (issue 15, docs/experiments.md
// "Headline tables"): a stock at a date, a flow as its total over a span
// (and that total per year), a period mean in the period ending at a date,
// each over replications with the CI of the mean and the replications'
// percentiles. `run`, `inspect --summary`, `compare` and `sweep` use these
// definitions, so a flow's headline is always the sum of its series.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "innosim/output/results_reader.hpp"

namespace innosim::experiments {

/// What a metric's values are (the file's `kind`, or the catalogue's for older files).
enum class ValueKind { stock, flow, mean };
/// "stock", "flow", "mean" -> the kind; anything else (an unknown or missing attribute) is a stock.
ValueKind value_kind(std::string_view name);
/// The catalogue's kind of a metric by name (stock when unknown): for files without the attribute.
ValueKind catalogue_kind(std::string_view metric);

/// The span a headline covers: a stock is read at `to`; a flow is summed
/// over every sample from index 0 (the set-up at t = 0) to `to`; a period
/// mean is read at `to` (the sampling period that ends there).
struct HeadlineSpan {
  std::size_t to_index = 0;  ///< the last time point used
  double to_years = 0.0;     ///< time[to_index], years since start
  double years = 0.0;        ///< time[to_index] - time[0]: what a flow's total is divided by per year
};
/// The span to the horizon, or to `at_years` since start, which must be a
/// point of the grid (UsageError, exit 2, naming the range otherwise).
HeadlineSpan headline_span(std::span<const double> time, std::optional<double> at_years = std::nullopt);
/// `--at YEAR` (a calendar year, read on 1 January) as years since the start; UsageError when off the grid.
double at_years_of(int calendar_year, int start_year, std::span<const double> time);

/// One replication's headline value of a metric from its series: the value
/// at `span.to_index` (stock, mean) or the sum of values 0..to_index in time
/// order (flow; NaN samples skipped, NaN when all are).
double headline_value(ValueKind kind, std::span<const double> series, const HeadlineSpan& span);

/// Statistics over replications of one headline value.
struct SpreadStats {
  std::size_t n = 0;  ///< replications with a value (NaN skipped)
  double mean = 0.0, sd = 0.0, ci_low = 0.0, ci_high = 0.0;
  double p5 = 0.0, p25 = 0.0, p50 = 0.0, p75 = 0.0, p95 = 0.0;  ///< replication percentiles (type 7)
  /// These statistics of x * factor (a flow's total per year).
  SpreadStats scaled(double factor) const;
};
/// Mean, sd and the 95% CI of the mean (Student t) with Welford in replication order, and percentiles.
SpreadStats spread(std::span<const double> values, double level = 0.95);

/// One row of a headline table.
struct HeadlineRow {
  std::string metric;
  ValueKind kind = ValueKind::stock;
  std::string unit;  ///< of the headline value: the amount ("yuan") for flows, as the file says otherwise
  std::string description;
  HeadlineSpan span;
  SpreadStats stats;     ///< of the value (stock, mean) or the total (flow)
  SpreadStats per_year;  ///< flows: of the total / span.years (NaN stats otherwise)
};

/// The amount unit of a flow's per-period unit: "yuan per month" -> "yuan".
std::string amount_unit(std::string_view unit);

/// The headline rows of `metrics` (default: headline_metrics()) of a
/// scenario in a results file, at the horizon or at `at_years`.
std::vector<HeadlineRow> headline_table(const output::ResultsReader& file, std::string_view scenario,
                                        const std::vector<std::string>& metrics = {},
                                        std::optional<double> at_years = std::nullopt);

/// "2035-01-01": the date `years` after 1 January of `start_year` (whole months), or "t = 2.5 years" without one.
std::string date_at(std::optional<std::int64_t> start_year, double years);

}  // namespace innosim::experiments

#pragma once
// Internal to the report and the export: a results file read into what
// they show. Everything is computed from the file's stored matrices, with
// the HDF5 path of each quantity kept beside it (the report prints it under
// every chart and table). Text is limited to the calendar's words
// (dates and periods), which the report and the export share.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "innosim/experiments/number_format.hpp"
#include "innosim/experiments/paired_stats.hpp"
#include "innosim/output/results_reader.hpp"

namespace innosim::experiments::report_detail {

inline constexpr double kLevel = 0.95;

/// Statistics over replications of one quantity: the mean with its
/// Student-t confidence interval (the precision of the mean) and the
/// replications' percentiles (the spread of outcomes).
struct Stats {
  std::size_t n = 0;  ///< finite values used
  double mean = 0.0, sd = 0.0, ci_low = 0.0, ci_high = 0.0;
  double p5 = 0.0, p25 = 0.0, p50 = 0.0, p75 = 0.0, p95 = 0.0;
};
/// NaN marks a failed replication or "no value" and is left out; an
/// infinite value is left out too (and counted in the caller's notes).
Stats stats_of(std::vector<double> values);

/// The `p`-th percentile (0..100) of sorted values, linear interpolation
/// between order statistics (Hyndman and Fan type 7, numpy's and R's default).
double percentile_sorted(const std::vector<double>& sorted, double p);

/// How a metric is read over time: a stock at a date, a flow as a total
/// over a span, a mean over a period.
enum class Kind { stock, flow, mean };
Kind kind_of(const output::MetricInfo& m);

/// The unit of one value as a person reads it: a flow's amount without its
/// sampling period ("yuan" for "yuan per month") when totalled.
std::string amount_unit(const output::MetricInfo& m);

/// A metric of one scenario over calendar time, per replication.
struct Series {
  std::string metric;
  output::MetricInfo info;
  Kind kind = Kind::stock;
  /// Stocks and means: the sample dates (start_year + t). Flows: calendar
  /// years, each value the total over that year (complete years only).
  std::vector<double> x;
  std::vector<std::vector<double>> values;  ///< [x][replication]; NaN for a failed replication
  std::vector<double> horizon;              ///< per replication: stock/mean at the horizon, flow total over all samples
  std::string unit;                         ///< of `values` (flows: the amount per year)
  std::string horizon_unit;                 ///< of `horizon` (flows: the amount)
  std::string source;                       ///< HDF5 path of the matrix
  bool partial_year_dropped = false;        ///< a flow's last, incomplete year is not charted
};

/// One scenario of the file.
struct Scenario {
  output::ScenarioHeader header;
  int start_year = 0;  ///< 0 when the file does not say
  std::vector<double> time;
  std::vector<bool> ok;  ///< per replication: status "ok" in /runs
  std::size_t failed = 0;
  /// The metric's series (computed on first use).
  const Series& series(const output::ResultsReader& in, const std::string& metric) const;
  bool has(const std::string& metric) const;

 private:
  mutable std::map<std::string, Series> cache_;  // map: references stay valid
};

/// What the file is.
enum class FileKind { run, compare, sweep, sensitivity, other };

struct Sweep {
  output::SweepHeader header;
  std::vector<output::Attribute> attributes;
  std::vector<output::TableColumn> design;  ///< point + one column per factor
  int start_year = 0;
};

struct Data {
  const Scenario* find(const std::string& name) const {
    for (const Scenario& s : scenarios)
      if (s.header.name == name) return &s;
    return nullptr;
  }
  std::string path;
  output::FileHeader header;
  FileKind kind = FileKind::other;
  std::vector<Scenario> scenarios;
  std::vector<output::RunRecord> runs;
  std::vector<std::string> comparisons;  ///< group names under /comparisons
  std::optional<Sweep> sweep;
  bool sensitivity = false;
  std::vector<std::string> unknown_groups;  ///< top-level groups this version does not show
};

Data load(const output::ResultsReader& in, const std::string& path);

/// A comparison group of a compare file whose scenarios are both in the file.
struct Comparison {
  std::string group, base, alt;
};
std::vector<Comparison> comparisons(const output::ResultsReader& in, const Data& d);

/// The paired contrast (alternative − base, by replication) of a metric's
/// horizon values: stocks at the horizon, flows' totals. A mean difference
/// below a billionth of the levels (rounding of equal runs) is zero.
PairedContrast horizon_contrast(const Series& base, const Series& alt);

/// When a scenario's horizon is: stocks are read on "1 January 2035" /
/// "2035年1月1日"; flows are totalled over "2025–2034" / "2025—2034年".
struct Calendar {
  int start = 0;
  double horizon = 0.0;
  std::string stock_date(Lang lang) const;
  std::string flow_span(Lang lang) const;
};
Calendar calendar_of(const Scenario& s);
/// "on 1 January 2035" (stock), "total 2025–2034" (flow), "last period before ..." (mean).
std::string when(const Series& s, const Calendar& c, Lang lang);
/// "2035", or "2035.50" for a fractional year.
std::string year_text(double y);
/// The calendar date of a sample at `t` years after 1 January of `start_year` (whole months).
void sample_date(int start_year, double t, int& year, int& month, int& day);

/// The calendar year a scenario starts: its `start_year` attribute, else the
/// `start_year:` of its resolved YAML, else 0.
int start_year_of(const output::ResultsReader& in, const std::string& group_path, const std::string& yaml);

/// A column of a generic table by name, or nullptr.
const output::TableColumn* column(const std::vector<output::TableColumn>& t, std::string_view name);
/// Cell `row` of a column as a number (NaN for text or a missing column).
double number_at(const output::TableColumn* c, std::size_t row);
/// Cell `row` of a column as text (numbers in their shortest form; "" when missing).
std::string text_at(const output::TableColumn* c, std::size_t row);
std::size_t rows_of(const std::vector<output::TableColumn>& t);
/// An attribute by name.
const output::Attribute* attribute(const std::vector<output::Attribute>& a, std::string_view name);
std::string attribute_text(const std::vector<output::Attribute>& a, std::string_view name);
double attribute_number(const std::vector<output::Attribute>& a, std::string_view name);

}  // namespace innosim::experiments::report_detail

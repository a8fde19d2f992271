#pragma once
// Internal to the report and the export: a results file read into what
// they show, with the HDF5 path of each quantity kept beside it (the report
// prints it under every chart and table). What the file stores is used as
// stored (summaries, comparisons, cost-effectiveness); only what it does not
// store is computed, from its matrices and with the definitions of
// headline.hpp (a flow's total per calendar year for the charts). Text is
// limited to the calendar's words, which the report and the export share.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "innosim/experiments/comparison.hpp"
#include "innosim/experiments/headline.hpp"
#include "innosim/experiments/number_format.hpp"
#include "innosim/output/results_reader.hpp"

namespace innosim::experiments::report_detail {

inline constexpr double kLevel = 0.95;

/// Statistics over replications (headline.hpp): mean, CI of the mean, percentiles.
using Stats = SpreadStats;
/// NaN (a failed replication, "no value") is left out.
inline Stats stats_of(const std::vector<double>& values) { return spread(values, kLevel); }

/// A metric's kind: the file's attribute, else the model's catalogue (older files).
ValueKind kind_of(const output::MetricInfo& m);

/// A metric of one scenario over calendar time, as the charts show it.
struct Series {
  std::string metric;
  output::MetricInfo info;
  ValueKind kind = ValueKind::stock;
  /// Stocks and means: the sample dates (start_year + t). Flows: calendar
  /// years, each value the total over that year (complete years only).
  std::vector<double> x;
  std::vector<Stats> stats;           ///< per x, over replications
  std::string unit;                   ///< of the values (flows: the amount per year)
  std::string source;                 ///< HDF5 path the statistics come from
  bool from_summary = false;          ///< the stored summary (stocks, means), else computed from the matrix
  bool partial_year_dropped = false;  ///< a flow's last, incomplete year is not charted
  bool has_data() const;
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
  /// Headline rows (headline.hpp: stocks at the horizon, flows' totals) of the metrics the scenario has.
  std::vector<HeadlineRow> headline(const output::ResultsReader& in, const std::vector<std::string>& metrics) const;

 private:
  mutable std::map<std::string, Series> cache_;  // map: references stay valid
};

/// What the file is.
enum class FileKind { run, compare, sweep, sensitivity, calibration, other };

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
  bool calibration = false;  ///< /calibration (innosim calibrate)
  std::vector<std::string> unknown_groups;  ///< top-level groups this version does not show
};

Data load(const output::ResultsReader& in, const std::string& path);

/// A comparison group of a compare file whose scenarios are both in the file,
/// with what `innosim compare` stored (comparison.hpp, output/SCHEMA.md).
struct Comparison {
  std::string group, base, alt;
  std::vector<output::Attribute> attributes;
  std::vector<output::TableColumn> metrics;             ///< /comparisons/<g>/metrics
  std::vector<output::TableColumn> cost_effectiveness;  ///< /comparisons/<g>/cost_effectiveness
  std::vector<std::string> series;                      ///< metrics with a stored /comparisons/<g>/series/<metric>
  std::string path() const { return "/comparisons/" + group; }
  /// The row of `metric` in `metrics`, or -1.
  long row_of(std::string_view metric) const;
};
std::vector<Comparison> comparisons(const output::ResultsReader& in, const Data& d);

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
std::string when(ValueKind kind, const Calendar& c, Lang lang);
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
/// Row `row` of a stored cost-effectiveness table classified again from its
/// changes (ce_verdict): what the data support, whatever class a file written
/// before 1.x stored (those classified by the signs of the means alone). The
/// ratio is shown as the file stored it.
CeVerdict stored_ce_verdict(const std::vector<output::TableColumn>& ce, std::size_t row);
/// An attribute by name.
const output::Attribute* attribute(const std::vector<output::Attribute>& a, std::string_view name);
std::string attribute_text(const std::vector<output::Attribute>& a, std::string_view name);
double attribute_number(const std::vector<output::Attribute>& a, std::string_view name);

}  // namespace innosim::experiments::report_detail

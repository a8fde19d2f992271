#pragma once
// Calibration targets as expressions over a run's metrics (docs/experiments.md,
// "Targets"): a stock at a date, a flow summed over a period, a growth rate
// between two dates, a ratio, and arithmetic on them, e.g.
//
//   stock(tech_loans_outstanding, 2025-07-31)
//   growth(high_tech_enterprises + gazelles + unicorns, 2025-12-31, 2026-12-31)
//   ratio(flow(tech_transfer_deals, 2025-01-01, 2025-12-31), flow(tech_transfer_recommendations, 2025-01-01, 2025-12-31))
//
// Dates are calendar days: a stock or the end of a period is read at the end
// of its day, the start of a period at the start of its day, so every date
// must fall on the sampling grid (with monthly sampling: `to` and `at` dates
// are last days of months, `from` dates first days). An expression is
// compiled once against the scenario's time grid and then evaluated on every
// run: the target's simulated moment is its mean over the runs.
#include <cstddef>
#include <string>
#include <vector>

namespace innosim::experiments {

/// The time grid and metric catalogue an expression is compiled against.
struct TargetGrid {
  int start_year = 2025;       ///< the run starts at 00:00 on 1 January of this year
  int sampling_months = 1;     ///< a sample every this many months, the first at t = 0
  int horizon_months = 120;    ///< the last sample is at this month
  std::vector<std::string> metric_names;
  std::vector<bool> metric_is_flow;  ///< flows (amounts per sampling period): summed by flow(), refused by stock()
  std::vector<bool> metric_is_mean;  ///< period means (shares, rates): read by stock() at a date, never summed
};

/// A problem in an expression: the 0-based character offset it points at.
struct ExprError {
  std::size_t offset = 0;
  std::string message;
};

class TargetExpr {
 public:
  /// Compiles `text`; on failure returns false with `error` set.
  static bool compile(const std::string& text, const TargetGrid& grid, TargetExpr& out, ExprError& error);

  /// The value on one run: series[metric][sample]. `shift_samples` moves
  /// every date of the expression by that many samples (the stationarity
  /// check); NaN when a shifted date leaves the run, or on a division by 0.
  double evaluate(const std::vector<std::vector<double>>& series, int shift_samples = 0) const;
  /// Whether every date shifted by `shift_samples` stays within [0, last sample].
  bool shift_fits(int shift_samples) const;
  /// The metric indices the expression reads, sorted, once each.
  std::vector<std::size_t> metrics() const;
  /// The unit of the value, for showing it: a stock's or a flow's metric unit without its period ("yuan",
  /// "firms"; `metric_units` by metric index), "share" for a growth rate, the common unit of a sum or
  /// difference, its operand's unit for a product with or a division by a plain number, "" for a ratio,
  /// another product, a number or a mix of units.
  std::string unit(const std::vector<std::string>& metric_units) const;
  /// The first and last sample index it reads.
  int first_sample() const { return first_sample_; }
  int last_sample() const { return last_sample_; }
  const std::string& text() const { return text_; }

  enum class Op { number, stock, flow, growth, annual_growth, add, sub, mul, div, neg };
  struct Node {
    Op op = Op::number;
    double value = 0;          ///< number; annual_growth: the years between the dates
    int a = -1, b = -1;        ///< operands (node indices)
    int sample0 = 0, sample1 = 0;  ///< stock: sample1; flow/growth: (sample0, sample1]
    std::vector<std::pair<std::size_t, double>> metric;  ///< a sum of metrics with signs
  };

 private:
  double eval(int node, const std::vector<std::vector<double>>& series, int shift) const;

  std::string text_;
  std::vector<Node> nodes_;
  int root_ = -1;
  int last_grid_sample_ = 0;
  int first_sample_ = 0, last_sample_ = 0;
};

/// Parses "YYYY-MM-DD" into (year, month, day); false if not a valid calendar date.
bool parse_date(const std::string& text, int& year, int& month, int& day);

}  // namespace innosim::experiments

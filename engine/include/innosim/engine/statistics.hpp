#pragma once
// Streaming statistics: Welford mean/variance, time-weighted averages,
// counters, and Student-t confidence intervals over replications.
#include <cmath>
#include <cstdint>
#include <limits>

namespace innosim::engine {

/// Streaming mean and variance (Welford 1962), numerically stable.
class Welford {
 public:
  void add(double x) {
    ++n_;
    const double d = x - mean_;
    mean_ += d / static_cast<double>(n_);
    m2_ += d * (x - mean_);
    if (x < min_) min_ = x;
    if (x > max_) max_ = x;
  }
  /// Combines two accumulators (Chan et al. 1979).
  void merge(const Welford& o);
  std::uint64_t count() const { return n_; }
  double mean() const { return n_ ? mean_ : std::numeric_limits<double>::quiet_NaN(); }
  /// Sample variance (n - 1 denominator); NaN for n < 2.
  double variance() const { return n_ > 1 ? m2_ / static_cast<double>(n_ - 1) : std::numeric_limits<double>::quiet_NaN(); }
  double sd() const { return std::sqrt(variance()); }
  double min() const { return min_; }
  double max() const { return max_; }

 private:
  std::uint64_t n_ = 0;
  double mean_ = 0.0, m2_ = 0.0;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

/// Time average of a piecewise-constant quantity (queue length, busy
/// servers): integral of value dt / elapsed time.
class TimeWeighted {
 public:
  /// Starts (or restarts, e.g. after warm-up) the average at time t.
  void reset(double t, double value) {
    start_ = last_ = t;
    value_ = value;
    integral_ = 0.0;
  }
  void update(double t, double value) {
    integral_ += value_ * (t - last_);
    last_ = t;
    value_ = value;
  }
  double value() const { return value_; }
  /// Average over [start, t], t >= the last update.
  double mean(double t) const {
    const double span = t - start_;
    return span > 0.0 ? (integral_ + value_ * (t - last_)) / span : value_;
  }

 private:
  double start_ = 0.0, last_ = 0.0, value_ = 0.0, integral_ = 0.0;
};

/// A count of occurrences and a running total (e.g. loans and yuan lent).
struct Counter {
  std::uint64_t count = 0;
  double total = 0.0;
  void add(double amount = 1.0) {
    ++count;
    total += amount;
  }
};

/// A two-sided confidence interval for a mean.
struct ConfidenceInterval {
  double mean = 0.0;
  double low = 0.0;
  double high = 0.0;
  double sd = 0.0;
  std::uint64_t n = 0;
};

/// Two-sided Student-t quantile t_{1-(1-level)/2, df}.
double student_t_quantile(double level, double df);
/// CI of the mean of the samples in `w` (NaN bounds when n < 2).
ConfidenceInterval confidence_interval(const Welford& w, double level = 0.95);

}  // namespace innosim::engine

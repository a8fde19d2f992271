#include "innosim/engine/statistics.hpp"

#include <boost/math/distributions/students_t.hpp>

namespace innosim::engine {

void Welford::merge(const Welford& o) {
  if (o.n_ == 0) return;
  if (n_ == 0) {
    *this = o;
    return;
  }
  const double n = static_cast<double>(n_ + o.n_);
  const double d = o.mean_ - mean_;
  mean_ += d * static_cast<double>(o.n_) / n;
  m2_ += o.m2_ + d * d * static_cast<double>(n_) * static_cast<double>(o.n_) / n;
  n_ += o.n_;
  if (o.min_ < min_) min_ = o.min_;
  if (o.max_ > max_) max_ = o.max_;
}

double student_t_quantile(double level, double df) {
  boost::math::students_t dist(df);
  return boost::math::quantile(dist, 1.0 - (1.0 - level) / 2.0);
}

ConfidenceInterval confidence_interval(const Welford& w, double level) {
  ConfidenceInterval ci;
  ci.n = w.count();
  ci.mean = w.mean();
  if (ci.n < 2) {
    ci.low = ci.high = ci.sd = std::numeric_limits<double>::quiet_NaN();
    return ci;
  }
  ci.sd = w.sd();
  const double half = student_t_quantile(level, static_cast<double>(ci.n - 1)) * ci.sd /
                      std::sqrt(static_cast<double>(ci.n));
  ci.low = ci.mean - half;
  ci.high = ci.mean + half;
  return ci;
}

}  // namespace innosim::engine

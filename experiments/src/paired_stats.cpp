#include "innosim/experiments/paired_stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include <boost/math/distributions/students_t.hpp>

#include "innosim/engine/error.hpp"
#include "innosim/engine/statistics.hpp"

namespace innosim::experiments {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

/// Mean, sample variance and covariance in one pass over the pairs
/// (Welford's update extended to the co-moment), in index order.
struct Moments {
  std::size_t n = 0;
  double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
  void add(double x, double y) {
    ++n;
    const double dx = x - mx;
    mx += dx / static_cast<double>(n);
    const double dy = y - my;
    my += dy / static_cast<double>(n);
    sxx += dx * (x - mx);
    syy += dy * (y - my);
    sxy += dx * (y - my);
  }
  double var_x() const { return n > 1 ? sxx / static_cast<double>(n - 1) : kNaN; }
  double var_y() const { return n > 1 ? syy / static_cast<double>(n - 1) : kNaN; }
  double cov() const { return n > 1 ? sxy / static_cast<double>(n - 1) : kNaN; }
};

}  // namespace

PairedContrast paired_contrast(std::span<const double> base, std::span<const double> alt, double level) {
  if (base.size() != alt.size()) throw InternalError("paired_contrast: unequal lengths");
  Moments ab;             // x = base, y = alt
  engine::Welford diff;   // alt - base, accumulated directly for accuracy
  for (std::size_t r = 0; r < base.size(); ++r) {
    if (!std::isfinite(base[r]) || !std::isfinite(alt[r])) continue;
    ab.add(base[r], alt[r]);
    diff.add(alt[r] - base[r]);
  }
  PairedContrast c;
  c.n = ab.n;
  if (c.n == 0) {
    c.base_mean = c.alt_mean = c.difference = kNaN;
  } else {
    c.base_mean = ab.mx;
    c.alt_mean = ab.my;
    c.difference = diff.mean();
  }
  c.ci_low = c.ci_high = c.unpaired_ci_low = c.unpaired_ci_high = c.variance_reduction = c.se = c.p_value = kNaN;
  if (c.n < 2) return c;
  const double n = static_cast<double>(c.n);
  const engine::ConfidenceInterval ci = engine::confidence_interval(diff, level);
  c.ci_low = ci.low;
  c.ci_high = ci.high;
  const double va = ab.var_x(), vb = ab.var_y(), vd = diff.variance();
  // Welch: the interval two independent samples of n runs each would give.
  const double se2 = (va + vb) / n;
  if (se2 > 0) {
    const double df = se2 * se2 / ((va / n) * (va / n) / (n - 1) + (vb / n) * (vb / n) / (n - 1));
    const double half = engine::student_t_quantile(level, df) * std::sqrt(se2);
    c.unpaired_ci_low = c.difference - half;
    c.unpaired_ci_high = c.difference + half;
  } else {
    c.unpaired_ci_low = c.unpaired_ci_high = c.difference;
  }
  c.se = std::sqrt(vd / n);
  if (vd > 0) {
    const boost::math::students_t t(n - 1);
    c.p_value = std::min(1.0, 2.0 * boost::math::cdf(boost::math::complement(t, std::fabs(c.difference) / c.se)));
  } else {
    c.p_value = c.difference == 0 ? 1.0 : 0.0;
  }
  if (vd > 0)
    c.variance_reduction = (va + vb) / vd;
  else
    c.variance_reduction = va + vb > 0 ? kInf : kNaN;  // identical runs: nothing to compare
  return c;
}

bool RatioEstimate::bounded() const { return std::isfinite(ci_low) && std::isfinite(ci_high); }

RatioEstimate fieller_ratio(std::span<const double> dy, std::span<const double> dx, double level) {
  if (dy.size() != dx.size()) throw InternalError("fieller_ratio: unequal lengths");
  Moments m;  // x = dx (denominator), y = dy (numerator)
  for (std::size_t r = 0; r < dy.size(); ++r)
    if (std::isfinite(dy[r]) && std::isfinite(dx[r])) m.add(dx[r], dy[r]);
  RatioEstimate e;
  e.n = m.n;
  e.numerator = m.n ? m.my : kNaN;
  e.denominator = m.n ? m.mx : kNaN;
  e.ratio = e.numerator / e.denominator;
  e.ci_low = e.ci_high = kNaN;
  if (m.n < 2) return e;
  const double n = static_cast<double>(m.n);
  // Variances and covariance of the two means.
  const double v11 = m.var_y() / n, v22 = m.var_x() / n, v12 = m.cov() / n;
  const double t = engine::student_t_quantile(level, n - 1);
  const double t2 = t * t;
  const double a = e.numerator, b = e.denominator;
  // (a - rho b)^2 - t^2 (v11 - 2 rho v12 + rho^2 v22) <= 0, i.e.
  // A rho^2 - 2 B rho + C <= 0.
  const double A = b * b - t2 * v22;
  const double B = a * b - t2 * v12;
  const double C = a * a - t2 * v11;
  if (A <= 0) {
    // The denominator is not significantly non-zero: the set is the whole
    // line or the complement of an interval, unbounded either way.
    e.ci_low = -kInf;
    e.ci_high = kInf;
    return e;
  }
  const double disc = std::max(0.0, B * B - A * C);  // >= 0 when A > 0, up to rounding
  const double root = std::sqrt(disc);
  e.ci_low = (B - root) / A;
  e.ci_high = (B + root) / A;
  return e;
}

std::vector<double> holm_adjusted(std::span<const double> p) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < p.size(); ++i)
    if (!std::isnan(p[i])) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
  std::vector<double> out(p.size(), kNaN);
  const double m = static_cast<double>(order.size());
  double running = 0;  // step-down: an adjusted p never falls below a smaller p's
  for (std::size_t k = 0; k < order.size(); ++k) {
    running = std::max(running, std::min(1.0, (m - static_cast<double>(k)) * p[order[k]]));
    out[order[k]] = running;
  }
  return out;
}

double equivalence_p(const PairedContrast& c, double margin) {
  if (!(margin > 0)) throw InternalError("equivalence_p: the margin must be positive");
  if (c.n < 2 || !std::isfinite(c.se)) return kNaN;
  if (c.se == 0) return std::fabs(c.difference) < margin ? 0.0 : 1.0;
  const boost::math::students_t t(static_cast<double>(c.n) - 1.0);
  const double p_low = boost::math::cdf(boost::math::complement(t, (c.difference + margin) / c.se));  // H0: d <= -margin
  const double p_high = boost::math::cdf(t, (c.difference - margin) / c.se);                           // H0: d >= +margin
  return std::max(p_low, p_high);
}

}  // namespace innosim::experiments

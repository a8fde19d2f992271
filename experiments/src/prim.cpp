#include "innosim/experiments/prim.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <boost/math/distributions/binomial.hpp>

#include "innosim/engine/error.hpp"

namespace innosim::experiments {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool inside(const std::vector<double>& p, const std::vector<double>& lo, const std::vector<double>& hi) {
  for (std::size_t j = 0; j < p.size(); ++j)
    if (p[j] < lo[j] || p[j] > hi[j]) return false;
  return true;
}

/// Points and cases in [lo, hi].
std::pair<std::size_t, std::size_t> count(const std::vector<std::vector<double>>& x, const std::vector<bool>& y,
                                          const std::vector<double>& lo, const std::vector<double>& hi) {
  std::size_t n = 0, c = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (inside(x[i], lo, hi)) {
      ++n;
      c += y[i];
    }
  return {n, c};
}

}  // namespace

std::size_t PrimBox::restrictions() const {
  return static_cast<std::size_t>(std::count(restricted.begin(), restricted.end(), true));
}

double binomial_upper_tail(std::size_t k, std::size_t n, double p) {
  if (k == 0) return 1.0;
  if (k > n) return 0.0;
  if (p <= 0) return 0.0;
  if (p >= 1) return 1.0;
  const boost::math::binomial_distribution<double> dist(static_cast<double>(n), p);
  return boost::math::cdf(boost::math::complement(dist, static_cast<double>(k - 1)));
}

void prim_evaluate(const std::vector<std::vector<double>>& x, const std::vector<bool>& y, PrimBox& box,
                   const std::vector<double>& min, const std::vector<double>& max) {
  const std::size_t k = min.size();
  std::size_t total_cases = 0;
  for (bool b : y) total_cases += b;
  const auto [n, c] = count(x, y, box.lo, box.hi);
  box.points = n;
  box.cases = c;
  box.coverage = total_cases ? static_cast<double>(c) / static_cast<double>(total_cases) : kNaN;
  box.density = n ? static_cast<double>(c) / static_cast<double>(n) : kNaN;
  box.mass = x.empty() ? kNaN : static_cast<double>(n) / static_cast<double>(x.size());
  box.restricted.assign(k, false);
  box.quasi_p.assign(k, kNaN);
  for (std::size_t j = 0; j < k; ++j) {
    box.restricted[j] = box.lo[j] > min[j] || box.hi[j] < max[j];
    if (!box.restricted[j]) continue;
    // Bryant and Lempert (2010): could the box's cases arise by chance at
    // the density the box would have without this restriction?
    std::vector<double> lo = box.lo, hi = box.hi;
    lo[j] = min[j];
    hi[j] = max[j];
    const auto [nr, cr] = count(x, y, lo, hi);
    const double p = nr ? static_cast<double>(cr) / static_cast<double>(nr) : kNaN;
    box.quasi_p[j] = binomial_upper_tail(c, n, p);
  }
}

PrimResult prim_peel(const std::vector<std::vector<double>>& x, const std::vector<bool>& y, const PrimOptions& o) {
  if (x.size() != y.size()) throw InternalError("prim_peel: one outcome per point");
  PrimResult r;
  r.total_points = x.size();
  for (bool b : y) r.total_cases += b;
  if (x.empty()) return r;
  const std::size_t k = x.front().size();
  r.min.assign(k, std::numeric_limits<double>::infinity());
  r.max.assign(k, -std::numeric_limits<double>::infinity());
  for (const auto& p : x)
    for (std::size_t j = 0; j < k; ++j) {
      if (!std::isfinite(p[j])) throw InternalError("prim_peel: a factor value is not finite");
      r.min[j] = std::min(r.min[j], p[j]);
      r.max[j] = std::max(r.max[j], p[j]);
    }
  PrimBox box{r.min, r.max, 0, 0, 0, 0, 0, {}, {}};
  prim_evaluate(x, y, box, r.min, r.max);
  r.trajectory.push_back(box);
  const double min_points = o.mass_min * static_cast<double>(x.size());
  std::vector<double> values;
  for (;;) {
    std::vector<std::size_t> in;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (inside(x[i], box.lo, box.hi)) in.push_back(i);
    double best_density = -1;
    std::size_t best_points = 0;
    std::vector<double> best_lo, best_hi;
    for (std::size_t j = 0; j < k; ++j) {
      values.clear();
      for (std::size_t i : in) values.push_back(x[i][j]);
      std::sort(values.begin(), values.end());
      if (values.empty() || values.front() == values.back()) continue;  // nothing to peel on j
      // The alpha share at either end; at least the extreme value's points (ties, discrete factors).
      const std::size_t m = std::max<std::size_t>(1, static_cast<std::size_t>(std::floor(o.peel_alpha *
                                                                                         static_cast<double>(values.size()))));
      for (int side = 0; side < 2; ++side) {
        std::vector<double> lo = box.lo, hi = box.hi;
        if (side == 0) {
          // New lower limit: the first value above the m smallest (all ties of the m-th removed together).
          const double cut = values[m - 1];
          const auto next = std::upper_bound(values.begin(), values.end(), cut);
          if (next == values.end()) continue;
          lo[j] = *next;
        } else {
          const double cut = values[values.size() - m];
          const auto prev = std::lower_bound(values.begin(), values.end(), cut);
          if (prev == values.begin()) continue;
          hi[j] = *(prev - 1);
        }
        std::size_t n = 0, c = 0;
        for (std::size_t i : in)
          if (x[i][j] >= lo[j] && x[i][j] <= hi[j]) {
            ++n;
            c += y[i];
          }
        if (n == 0 || static_cast<double>(n) < min_points) continue;
        const double density = static_cast<double>(c) / static_cast<double>(n);
        // The original objective: the highest density; among equals, the smaller peel.
        if (density > best_density || (density == best_density && n > best_points)) {
          best_density = density;
          best_points = n;
          best_lo = lo;
          best_hi = hi;
        }
      }
    }
    // Peel to the smallest box (Friedman and Fisher): the trajectory shows
    // the whole trade-off between coverage and density, and the user picks.
    if (best_density < 0) break;
    box.lo = best_lo;
    box.hi = best_hi;
    prim_evaluate(x, y, box, r.min, r.max);
    r.trajectory.push_back(box);
  }
  return r;
}

PrimBox prim_paste(const std::vector<std::vector<double>>& x, const std::vector<bool>& y, const PrimBox& start,
                   const PrimResult& peeled, const PrimOptions& o) {
  PrimBox box = start;
  const std::size_t k = box.lo.size();
  std::vector<double> values;
  for (;;) {
    double best_density = box.density;
    std::vector<double> best_lo, best_hi;
    const std::size_t m = std::max<std::size_t>(
        1, static_cast<std::size_t>(std::floor(o.paste_alpha * static_cast<double>(box.points))));
    for (std::size_t j = 0; j < k; ++j)
      for (int side = 0; side < 2; ++side) {
        // The points just outside the box on this side of factor j, inside it on every other factor.
        values.clear();
        for (const auto& p : x) {
          bool others = true;
          for (std::size_t l = 0; l < k && others; ++l)
            if (l != j) others = p[l] >= box.lo[l] && p[l] <= box.hi[l];
          if (!others) continue;
          if (side == 0 && p[j] < box.lo[j]) values.push_back(p[j]);
          if (side == 1 && p[j] > box.hi[j]) values.push_back(p[j]);
        }
        if (values.empty()) continue;
        std::sort(values.begin(), values.end());
        std::vector<double> lo = box.lo, hi = box.hi;
        if (side == 0)
          lo[j] = values[values.size() - std::min(m, values.size())];
        else
          hi[j] = values[std::min(m, values.size()) - 1];
        const auto [n, c] = count(x, y, lo, hi);
        const double density = n ? static_cast<double>(c) / static_cast<double>(n) : 0;
        if (density > best_density) {
          best_density = density;
          best_lo = lo;
          best_hi = hi;
        }
      }
    if (best_lo.empty()) break;
    box.lo = best_lo;
    box.hi = best_hi;
    prim_evaluate(x, y, box, peeled.min, peeled.max);
  }
  return box;
}

}  // namespace innosim::experiments

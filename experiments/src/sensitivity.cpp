#include "innosim/experiments/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <stdexcept>

#include "innosim/engine/error.hpp"
#include "innosim/engine/random.hpp"
#include "innosim/experiments/design.hpp"

namespace innosim::experiments {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The q-quantile of sorted values (linear interpolation between order statistics).
double quantile_sorted(const std::vector<double>& v, double q) {
  if (v.empty()) return kNaN;
  const double pos = q * static_cast<double>(v.size() - 1);
  const std::size_t i = static_cast<std::size_t>(std::floor(pos));
  const double frac = pos - static_cast<double>(i);
  return i + 1 < v.size() ? v[i] + frac * (v[i + 1] - v[i]) : v[i];
}

/// Fills low/high/se of `out` from bootstrap replicates (NaN ones ignored).
void summarise(std::vector<double>& reps, double confidence, Interval& out) {
  reps.erase(std::remove_if(reps.begin(), reps.end(), [](double x) { return !std::isfinite(x); }), reps.end());
  if (reps.size() < 2) {
    out.low = out.high = out.se = kNaN;
    return;
  }
  std::sort(reps.begin(), reps.end());
  out.low = quantile_sorted(reps, (1.0 - confidence) / 2.0);
  out.high = quantile_sorted(reps, (1.0 + confidence) / 2.0);
  double m = 0;
  for (double x : reps) m += x;
  m /= static_cast<double>(reps.size());
  double ss = 0;
  for (double x : reps) ss += (x - m) * (x - m);
  out.se = std::sqrt(ss / static_cast<double>(reps.size() - 1));
}

/// x1, x2, ...: a test function's factor names (appended piecewise:
/// `"x" + std::string&&` trips GCC 12's -Wrestrict).
std::string factor_name(std::size_t i) {
  std::string s = "x";
  s += std::to_string(i + 1);
  return s;
}

/// Resample `n` indices of `base` with replacement.
void resample(engine::RandomStream& rng, const std::vector<std::size_t>& base, std::vector<std::size_t>& out) {
  out.resize(base.size());
  for (std::size_t& i : out) i = base[engine::uniform_index(rng, base.size())];
}

}  // namespace

const char* sa_method_name(SaMethod m) { return m == SaMethod::sobol ? "sobol" : "morris"; }

const char* sa_block_name(SaBlock b) {
  switch (b) {
    case SaBlock::A: return "A";
    case SaBlock::B: return "B";
    case SaBlock::AB: return "AB";
    case SaBlock::BA: return "BA";
    case SaBlock::trajectory: return "trajectory";
  }
  return "?";
}

double SaFactor::at_unit(double u) const {
  double x = scale == FactorScale::log_uniform ? std::exp(std::log(lo) + u * (std::log(hi) - std::log(lo)))
                                               : lo + u * (hi - lo);
  x = std::clamp(x, lo, hi);  // exp/log rounding must not leave the range
  return integer ? std::round(x) : x;
}

std::size_t SaDesign::rows_per_sample() const {
  if (method == SaMethod::morris) return groups + 1;
  return second_order ? 2 * groups + 2 : groups + 2;
}

SaDesign saltelli_design(std::size_t n, const std::vector<std::size_t>& group_of, std::size_t groups,
                         bool second_order, std::uint64_t seed) {
  const std::size_t k = group_of.size();
  if (n < 4 || !std::has_single_bit(n))
    throw ConfigError("a Sobol' analysis needs N a power of two, at least 4 (got " + std::to_string(n) + ")");
  if (k == 0 || groups == 0) throw ConfigError("a sensitivity analysis needs at least one factor");
  if (2 * k > sobol_max_dims())
    throw ConfigError("a Sobol' analysis supports at most " + std::to_string(sobol_max_dims() / 2) + " factors");
  SaDesign d;
  d.method = SaMethod::sobol;
  d.k = k;
  d.groups = groups;
  d.n = n;
  d.second_order = second_order;
  const auto base = scrambled_sobol(n, 2 * k, seed);
  const std::size_t per = d.rows_per_sample();
  d.unit.reserve(n * per);
  d.rows.reserve(n * per);
  for (std::size_t j = 0; j < n; ++j) {
    const std::vector<double> a(base[j].begin(), base[j].begin() + static_cast<std::ptrdiff_t>(k));
    const std::vector<double> b(base[j].begin() + static_cast<std::ptrdiff_t>(k), base[j].end());
    const auto sj = static_cast<std::int64_t>(j);
    d.unit.push_back(a);
    d.rows.push_back({sj, SaBlock::A, -1, 0});
    for (std::size_t g = 0; g < groups; ++g) {
      std::vector<double> ab = a;
      for (std::size_t i = 0; i < k; ++i)
        if (group_of[i] == g) ab[i] = b[i];
      d.unit.push_back(std::move(ab));
      d.rows.push_back({sj, SaBlock::AB, static_cast<std::int32_t>(g), 0});
    }
    if (second_order)
      for (std::size_t g = 0; g < groups; ++g) {
        std::vector<double> ba = b;
        for (std::size_t i = 0; i < k; ++i)
          if (group_of[i] == g) ba[i] = a[i];
        d.unit.push_back(std::move(ba));
        d.rows.push_back({sj, SaBlock::BA, static_cast<std::int32_t>(g), 0});
      }
    d.unit.push_back(b);
    d.rows.push_back({sj, SaBlock::B, -1, 0});
  }
  return d;
}

SaDesign morris_design(std::size_t trajectories, std::size_t levels, const std::vector<std::size_t>& group_of,
                       std::size_t groups, std::uint64_t seed) {
  const std::size_t k = group_of.size();
  if (trajectories < 2) throw ConfigError("a Morris analysis needs at least 2 trajectories");
  if (levels < 2 || levels % 2 != 0) throw ConfigError("Morris levels must be even and at least 2");
  if (k == 0 || groups == 0) throw ConfigError("a sensitivity analysis needs at least one factor");
  constexpr std::uint64_t kPurpose = engine::purpose_id("sensitivity.morris");
  SaDesign d;
  d.method = SaMethod::morris;
  d.k = k;
  d.groups = groups;
  d.n = trajectories;
  d.levels = levels;
  const double p = static_cast<double>(levels);
  d.delta = p / (2.0 * (p - 1.0));
  std::vector<std::size_t> group_size(groups, 0);
  for (std::size_t g : group_of) ++group_size[g];
  for (std::size_t t = 0; t < trajectories; ++t) {
    engine::RandomStream rng(seed, 0, t, kPurpose);
    std::vector<double> x(k);
    std::vector<int> dir(k);
    for (std::size_t i = 0; i < k; ++i) {
      // A lower level (0 .. p/2 - 1), from which x + delta is still a level.
      const double lower = static_cast<double>(engine::uniform_index(rng, levels / 2)) / (p - 1.0);
      dir[i] = engine::uniform_index(rng, 2) == 0 ? 1 : -1;
      x[i] = dir[i] > 0 ? lower : lower + d.delta;
    }
    std::vector<std::size_t> order(groups);
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t i = groups; i > 1; --i) std::swap(order[i - 1], order[engine::uniform_index(rng, i)]);
    const auto st = static_cast<std::int64_t>(t);
    d.unit.push_back(x);
    d.rows.push_back({st, SaBlock::trajectory, -1, 0});
    for (std::size_t g : order) {
      int direction = 0;
      for (std::size_t i = 0; i < k; ++i)
        if (group_of[i] == g) {
          // Computed from the level, not accumulated: every value is on the grid.
          x[i] = dir[i] > 0 ? x[i] + d.delta : x[i] - d.delta;
          x[i] = std::round(x[i] * (p - 1.0)) / (p - 1.0);
          direction = dir[i];
        }
      d.unit.push_back(x);
      d.rows.push_back({st, SaBlock::trajectory, static_cast<std::int32_t>(g), group_size[g] == 1 ? direction : 0});
    }
  }
  return d;
}

SobolIndices sobol_indices(const SaDesign& d, std::span<const double> y, const BootstrapOptions& boot,
                           std::size_t n_prefix) {
  if (d.method != SaMethod::sobol) throw InternalError("sobol_indices on a Morris design");
  if (y.size() != d.rows.size()) throw InternalError("sobol_indices: one value per design row");
  const std::size_t g = d.groups, per = d.rows_per_sample();
  const std::size_t n_all = n_prefix == 0 ? d.n : std::min(n_prefix, d.n);
  // Row offsets within a sample: A at 0, AB_h at 1 + h, BA_h at 1 + g + h, B last.
  const auto A = [&](std::size_t j) { return y[j * per]; };
  const auto B = [&](std::size_t j) { return y[j * per + per - 1]; };
  const auto AB = [&](std::size_t j, std::size_t h) { return y[j * per + 1 + h]; };
  const auto BA = [&](std::size_t j, std::size_t h) { return y[j * per + 1 + g + h]; };
  std::vector<std::size_t> used;
  for (std::size_t j = 0; j < n_all; ++j) {
    bool ok = true;
    for (std::size_t r = 0; r < per; ++r) ok = ok && std::isfinite(y[j * per + r]);
    if (ok) used.push_back(j);
  }
  SobolIndices out;
  out.n = used.size();
  out.dropped = n_all - used.size();
  out.s1.assign(g, {});
  out.st.assign(g, {});
  if (d.second_order) out.s2.assign(g, std::vector<Interval>(g, Interval{kNaN, kNaN, kNaN, kNaN}));

  // Every index of one set of sample indices.
  struct Estimates {
    double mean = kNaN, var = kNaN;
    std::vector<double> s1, st, s2;  // s2 row-major [g][h]
  };
  const auto estimate = [&](const std::vector<std::size_t>& idx) {
    Estimates e;
    e.s1.assign(g, kNaN);
    e.st.assign(g, kNaN);
    if (d.second_order) e.s2.assign(g * g, kNaN);
    const double m = static_cast<double>(idx.size());
    if (idx.size() < 2) return e;
    double f0 = 0;
    for (std::size_t j : idx) f0 += A(j) + B(j);
    f0 /= 2 * m;
    double ss = 0;
    for (std::size_t j : idx) ss += (A(j) - f0) * (A(j) - f0) + (B(j) - f0) * (B(j) - f0);
    const double var = ss / (2 * m - 1);
    e.mean = f0;
    e.var = var;
    if (!(var > 0)) return e;  // a constant output: no index is defined
    std::vector<double> s1(g, 0.0), st(g, 0.0);
    for (std::size_t j : idx) {
      const double a = A(j), b = B(j) - f0;
      for (std::size_t h = 0; h < g; ++h) {
        const double ab = AB(j, h);
        s1[h] += b * (ab - a);
        st[h] += (a - ab) * (a - ab);
      }
    }
    for (std::size_t h = 0; h < g; ++h) {
      e.s1[h] = s1[h] / m / var;
      e.st[h] = st[h] / m / (2 * var);
    }
    if (d.second_order) {
      for (std::size_t p = 0; p < g; ++p)
        for (std::size_t q = p + 1; q < g; ++q) {
          double v = 0;
          for (std::size_t j : idx) v += (BA(j, p) - f0) * (AB(j, q) - f0) - (A(j) - f0) * (B(j) - f0);
          e.s2[p * g + q] = v / m / var - e.s1[p] - e.s1[q];
        }
    }
    return e;
  };

  const Estimates full = estimate(used);
  out.mean = full.mean;
  out.variance = full.var;
  for (std::size_t h = 0; h < g; ++h) {
    out.s1[h].estimate = full.s1[h];
    out.st[h].estimate = full.st[h];
  }
  if (d.second_order)
    for (std::size_t p = 0; p < g; ++p)
      for (std::size_t q = p + 1; q < g; ++q) out.s2[p][q].estimate = full.s2[p * g + q];

  // Bootstrap over the samples: each replicate draws |used| samples with replacement.
  const std::size_t B_ = boot.resamples;
  std::vector<std::vector<double>> r1(g), rt(g), r2(d.second_order ? g * g : 0);
  engine::RandomStream rng(boot.seed, 0, n_all, engine::purpose_id("sensitivity.bootstrap.sobol"));
  std::vector<std::size_t> idx;
  for (std::size_t b = 0; b < B_ && used.size() >= 2; ++b) {
    resample(rng, used, idx);
    const Estimates e = estimate(idx);
    for (std::size_t h = 0; h < g; ++h) {
      r1[h].push_back(e.s1[h]);
      rt[h].push_back(e.st[h]);
    }
    if (d.second_order)
      for (std::size_t p = 0; p < g; ++p)
        for (std::size_t q = p + 1; q < g; ++q) r2[p * g + q].push_back(e.s2[p * g + q]);
  }
  for (std::size_t h = 0; h < g; ++h) {
    summarise(r1[h], boot.confidence, out.s1[h]);
    summarise(rt[h], boot.confidence, out.st[h]);
  }
  if (d.second_order)
    for (std::size_t p = 0; p < g; ++p)
      for (std::size_t q = p + 1; q < g; ++q) summarise(r2[p * g + q], boot.confidence, out.s2[p][q]);
  return out;
}

MorrisIndices morris_indices(const SaDesign& d, std::span<const double> y, const BootstrapOptions& boot) {
  if (d.method != SaMethod::morris) throw InternalError("morris_indices on a Sobol' design");
  if (y.size() != d.rows.size()) throw InternalError("morris_indices: one value per design row");
  const std::size_t g = d.groups, per = d.rows_per_sample();
  // ee[t][h]: the elementary effect of group h in trajectory t; sign known only for one-factor groups.
  std::vector<std::vector<double>> ee;
  std::vector<bool> signed_group(g, true);
  for (std::size_t t = 0; t < d.n; ++t) {
    bool ok = true;
    for (std::size_t r = 0; r < per; ++r) ok = ok && std::isfinite(y[t * per + r]);
    if (!ok) continue;
    std::vector<double> e(g, kNaN);
    for (std::size_t s = 1; s < per; ++s) {
      const SaRow& row = d.rows[t * per + s];
      const std::size_t h = static_cast<std::size_t>(row.group);
      const double diff = (y[t * per + s] - y[t * per + s - 1]) / d.delta;
      if (row.direction == 0) signed_group[h] = false;
      e[h] = row.direction == 0 ? std::abs(diff) : diff * row.direction;
    }
    ee.push_back(std::move(e));
  }
  MorrisIndices out;
  out.trajectories = ee.size();
  out.dropped = d.n - ee.size();
  out.mu.assign(g, kNaN);
  out.sigma.assign(g, kNaN);
  out.mu_star.assign(g, Interval{kNaN, kNaN, kNaN, kNaN});
  const std::size_t r = ee.size();
  if (r == 0) return out;
  const auto mu_star = [&](const std::vector<std::size_t>& idx, std::size_t h) {
    double s = 0;
    for (std::size_t t : idx) s += std::abs(ee[t][h]);
    return s / static_cast<double>(idx.size());
  };
  std::vector<std::size_t> all(r);
  std::iota(all.begin(), all.end(), std::size_t{0});
  for (std::size_t h = 0; h < g; ++h) {
    out.mu_star[h].estimate = mu_star(all, h);
    if (!signed_group[h]) continue;
    double m = 0;
    for (std::size_t t = 0; t < r; ++t) m += ee[t][h];
    m /= static_cast<double>(r);
    double ss = 0;
    for (std::size_t t = 0; t < r; ++t) ss += (ee[t][h] - m) * (ee[t][h] - m);
    out.mu[h] = m;
    out.sigma[h] = r > 1 ? std::sqrt(ss / static_cast<double>(r - 1)) : kNaN;
  }
  engine::RandomStream rng(boot.seed, 0, d.n, engine::purpose_id("sensitivity.bootstrap.morris"));
  std::vector<std::vector<double>> reps(g);
  std::vector<std::size_t> idx;
  for (std::size_t b = 0; b < boot.resamples && r >= 2; ++b) {
    resample(rng, all, idx);
    for (std::size_t h = 0; h < g; ++h) reps[h].push_back(mu_star(idx, h));
  }
  for (std::size_t h = 0; h < g; ++h) summarise(reps[h], boot.confidence, out.mu_star[h]);
  return out;
}

std::vector<double> row_means(const std::vector<std::vector<double>>& values) {
  std::vector<double> out;
  out.reserve(values.size());
  for (const auto& reps : values) {
    double s = 0;
    std::size_t n = 0;
    for (double v : reps)
      if (std::isfinite(v)) {
        s += v;
        ++n;
      }
    out.push_back(n ? s / static_cast<double>(n) : kNaN);
  }
  return out;
}

SeedNoise seed_noise(const SaDesign& d, const std::vector<std::vector<double>>& values) {
  SeedNoise out;
  out.replications = values.empty() ? 0 : values.front().size();
  const auto sample_row = [&](std::size_t i) {
    return d.method == SaMethod::morris || d.rows[i].block == SaBlock::A || d.rows[i].block == SaBlock::B;
  };
  // Variance of the means over the sample rows; mean within-row variance
  // over every row (every row is a draw of the factors).
  double ms = 0, mss = 0, within = 0;
  std::size_t nm = 0, nw = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    double rs = 0, rss = 0;
    std::size_t rn = 0;
    for (double v : values[i])
      if (std::isfinite(v)) {
        rs += v;
        rss += v * v;
        ++rn;
      }
    if (rn == 0) continue;
    const double mean = rs / static_cast<double>(rn);
    if (rn >= 2) {
      within += std::max(0.0, (rss - static_cast<double>(rn) * mean * mean) / static_cast<double>(rn - 1));
      ++nw;
    }
    if (!sample_row(i)) continue;
    ms += mean;
    mss += mean * mean;
    ++nm;
  }
  out.factor_variance =
      nm >= 2 ? std::max(0.0, (mss - static_cast<double>(nm) * (ms / static_cast<double>(nm)) * (ms / static_cast<double>(nm))) /
                                  static_cast<double>(nm - 1))
              : kNaN;
  if (out.replications < 2 || nw == 0) {
    out.seed_variance = out.seed_share = out.mean_seed_share = kNaN;
    return out;
  }
  out.seed_variance = within / static_cast<double>(nw);
  const double vs = out.seed_variance, vf = out.factor_variance, r = static_cast<double>(out.replications);
  out.seed_share = vs + vf > 0 ? vs / (vs + vf) : kNaN;
  out.mean_seed_share = vs / r + vf > 0 ? (vs / r) / (vs / r + vf) : kNaN;
  return out;
}

// --- test functions -----------------------------------------------------------------------------------

double TestFunction::evaluate(std::span<const double> x) const {
  if (name == "ishigami") {
    constexpr double ia = 7.0, ib = 0.1;
    const double s2 = std::sin(x[1]);
    return std::sin(x[0]) + ia * s2 * s2 + ib * std::pow(x[2], 4) * std::sin(x[0]);
  }
  double g = 1.0;
  for (std::size_t i = 0; i < this->a.size(); ++i) g *= (std::abs(4.0 * x[i] - 2.0) + this->a[i]) / (1.0 + this->a[i]);
  return g;
}

TestFunction test_function(const std::string& spec) {
  TestFunction f;
  const std::string name = spec.substr(0, spec.find(':'));
  const bool has_args = spec.find(':') != std::string::npos;
  if (name == "ishigami") {
    if (has_args) throw std::invalid_argument("ishigami takes no parameters (a = 7, b = 0.1)");
    constexpr double pi = std::numbers::pi, a = 7.0, b = 0.1;
    f.name = "ishigami";
    f.description = "Ishigami: f = sin x1 + 7 sin^2 x2 + 0.1 x3^4 sin x1, x_i uniform on [-pi, pi]";
    for (std::size_t i = 0; i < 3; ++i) f.factors.push_back({factor_name(i), -pi, pi, FactorScale::uniform, false, i});
    // Ishigami and Homma (1990); Saltelli et al. (2008), section 4.9.
    const double pi4 = std::pow(pi, 4), pi8 = std::pow(pi, 8);
    const double V1 = 0.5 * std::pow(1 + b * pi4 / 5, 2), V2 = a * a / 8, V13 = 8 * b * b * pi8 / 225;
    const double V = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5;
    f.s1 = {V1 / V, V2 / V, 0.0};
    f.st = {(V1 + V13) / V, V2 / V, V13 / V};
    return f;
  }
  if (name == "gfunction") {
    std::vector<double> a = {0, 1, 4.5, 9, 99, 99, 99, 99};
    if (has_args) {
      a.clear();
      std::string rest = spec.substr(spec.find(':') + 1);
      std::size_t pos = 0;
      while (pos <= rest.size()) {
        const std::size_t end = rest.find(',', pos);
        const std::string tok = rest.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
        char* stop = nullptr;
        const double v = std::strtod(tok.c_str(), &stop);
        if (tok.empty() || stop != tok.c_str() + tok.size() || !std::isfinite(v) || v < 0)
          throw std::invalid_argument("gfunction:a1,a2,...: each a_i must be a number >= 0, got '" + tok + "'");
        a.push_back(v);
        if (end == std::string::npos) break;
        pos = end + 1;
      }
      if (a.size() > 50) throw std::invalid_argument("gfunction: at most 50 factors");
    }
    f.name = "gfunction";
    f.a = a;
    std::string list;
    for (std::size_t i = 0; i < a.size(); ++i) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%s%g", i ? ", " : "", a[i]);
      list += buf;
    }
    f.description = "Sobol' g-function: f = prod (|4 x_i - 2| + a_i) / (1 + a_i), x_i uniform on [0, 1], a = (" +
                    list + ")";
    for (std::size_t i = 0; i < a.size(); ++i)
      f.factors.push_back({factor_name(i), 0.0, 1.0, FactorScale::uniform, false, i});
    // V_i = 1 / (3 (1 + a_i)^2), V = prod (1 + V_i) - 1 (Saltelli et al. 2010).
    std::vector<double> Vi;
    double prod = 1.0;
    for (double ai : a) {
      Vi.push_back(1.0 / (3.0 * (1.0 + ai) * (1.0 + ai)));
      prod *= 1.0 + Vi.back();
    }
    const double V = prod - 1.0;
    for (double v : Vi) {
      f.s1.push_back(v / V);
      f.st.push_back(v * (prod / (1.0 + v)) / V);
    }
    return f;
  }
  throw std::invalid_argument("unknown test function '" + name + "': ishigami, gfunction or gfunction:a1,a2,...");
}

}  // namespace innosim::experiments

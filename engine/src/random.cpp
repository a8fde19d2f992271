#include "innosim/engine/random.hpp"

#include <numbers>

#include "innosim/engine/error.hpp"

namespace innosim::engine {

RandomStream::RandomStream(const StreamKey& key) {
  // Chain the key words through the bijective mixer, so any change in any
  // word gives an unrelated state; then expand with SplitMix64 as the
  // xoshiro authors recommend.
  std::uint64_t h = splitmix64(key.seed ^ 0x5eed5eed5eed5eedull);
  h = splitmix64(h ^ key.replication);
  h = splitmix64(h ^ key.entity);
  h = splitmix64(h ^ key.purpose);
  for (auto& w : s_) {
    h += 0x9e3779b97f4a7c15ull;
    w = splitmix64(h);
  }
  if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0) s_[0] = 1;  // all-zero is xoshiro's one bad state
}

namespace {
__extension__ typedef unsigned __int128 u128;  // GCC/Clang: the 64x64->128 multiply Lemire's method needs
}  // namespace

std::uint64_t uniform_index(RandomStream& r, std::uint64_t n) {
  if (n == 0) throw InternalError("uniform_index over an empty range");
  u128 m = static_cast<u128>(r()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<u128>(r()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

double detail::exponential_beyond_fast_path(RandomStream& r, std::size_t layer, double x) {
  for (;;) {
    if (layer == 0) return ZIGGURAT_EXP_R - std::log(r.uniform_open01());  // the tail, by memorylessness
    // The wedge of layer i: a uniform height in [F[i], F[i+1]) under exp(-x)?
    const double y = ZIGGURAT_EXP_F[layer + 1] + (ZIGGURAT_EXP_F[layer] - ZIGGURAT_EXP_F[layer + 1]) * r.uniform01();
    if (y < std::exp(-x)) return x;
    const std::uint64_t bits = r();
    layer = bits & 0xff;
    x = static_cast<double>(bits >> 12) * 0x1.0p-52 * ZIGGURAT_EXP_X[layer];
    if (x < ZIGGURAT_EXP_X[layer + 1]) return x;
  }
}

double normal(RandomStream& r, double mean, double sd) {
  const double u1 = r.uniform_open01();
  const double u2 = r.uniform01();
  return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double gamma(RandomStream& r, double shape, double scale) {
  if (!(shape > 0.0) || !(scale > 0.0)) throw InternalError("gamma needs shape > 0 and scale > 0");
  if (shape < 1.0) {
    const double g = gamma(r, shape + 1.0, 1.0);
    return scale * g * std::pow(r.uniform_open01(), 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x, v;
    do {
      x = normal(r);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = r.uniform_open01();
    if (u < 1.0 - 0.0331 * x * x * x * x) return scale * d * v;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return scale * d * v;
  }
}

double beta(RandomStream& r, double a, double b) {
  const double x = gamma(r, a);
  const double y = gamma(r, b);
  return x / (x + y);
}

std::uint64_t poisson(RandomStream& r, double mean) {
  if (!(mean >= 0.0)) throw InternalError("poisson needs mean >= 0");
  if (mean == 0.0) return 0;
  if (mean < 10.0) {
    const double limit = std::exp(-mean);
    double p = r.uniform01();
    std::uint64_t k = 0;
    while (p > limit) {
      ++k;
      p *= r.uniform01();
    }
    return k;
  }
  // PTRS: transformed rejection with squeeze (Hormann 1993, "The transformed
  // rejection method for generating Poisson random variables").
  const double slam = std::sqrt(mean);
  const double loglam = std::log(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const double u = r.uniform01() - 0.5;
    const double v = r.uniform_open01();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return static_cast<std::uint64_t>(k);
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(invalpha) - std::log(a / (us * us) + b) <= -mean + k * loglam - std::lgamma(k + 1.0))
      return static_cast<std::uint64_t>(k);
  }
}

std::size_t categorical(RandomStream& r, std::span<const double> weights) {
  double total = 0.0;
  for (double w : weights) {
    if (!(w >= 0.0)) throw InternalError("categorical weights must be >= 0");
    total += w;
  }
  if (!(total > 0.0)) throw InternalError("categorical weights sum to zero");
  const double x = r.uniform01() * total;
  double acc = 0.0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    acc += weights[i];
    if (x < acc) return i;
  }
  // Rounding left x at the very top: return the last positive weight.
  for (std::size_t i = weights.size(); i-- > 0;)
    if (weights[i] > 0.0) return i;
  return weights.size() - 1;
}

AliasTable::AliasTable(std::span<const double> weights) {
  const std::size_t n = weights.size();
  if (n == 0) throw InternalError("alias table over no weights");
  double total = 0.0;
  for (double w : weights) {
    if (!(w >= 0.0)) throw InternalError("alias weights must be >= 0");
    total += w;
  }
  if (!(total > 0.0)) throw InternalError("alias weights sum to zero");
  prob_.assign(n, 0.0);
  alias_.assign(n, 0);
  std::vector<double> scaled(n);
  std::vector<std::uint32_t> small, large;
  for (std::size_t i = 0; i < n; ++i) {
    scaled[i] = weights[i] * static_cast<double>(n) / total;
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<std::uint32_t>(i));
  }
  while (!small.empty() && !large.empty()) {
    const std::uint32_t s = small.back();
    small.pop_back();
    const std::uint32_t l = large.back();
    prob_[s] = scaled[s];
    alias_[s] = l;
    scaled[l] = (scaled[l] + scaled[s]) - 1.0;
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  for (std::uint32_t i : large) prob_[i] = 1.0;
  for (std::uint32_t i : small) prob_[i] = 1.0;
}

std::size_t AliasTable::operator()(RandomStream& r) const {
  const std::size_t i = uniform_index(r, prob_.size());
  return r.uniform01() < prob_[i] ? i : alias_[i];
}

}  // namespace innosim::engine

#pragma once
// Random streams keyed by (seed, replication, entity, purpose), and
// distributions whose values are the same on every platform and compiler.
//
// Why keyed streams: each agent draws from its own stream per purpose, so
// adding an agent or an event elsewhere never shifts anyone else's draws.
// Two policy scenarios run with the same seed therefore share their random
// numbers (common random numbers), which is what makes paired policy
// contrasts precise.
//
// Why our own distributions: std::*_distribution algorithms are
// implementation-defined, so the same seed gives different numbers with
// libstdc++ and libc++. The algorithms below are fixed and documented; the
// tests pin their values.
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

#include "innosim/engine/ziggurat_tables.hpp"

namespace innosim::engine {

/// 64-bit FNV-1a hash, used to turn a purpose name into a stream key at
/// compile time: purpose_id("rd_success").
constexpr std::uint64_t purpose_id(std::string_view name) {
  std::uint64_t h = 14695981039346656037ull;
  for (char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

/// SplitMix64 finaliser: a bijective 64-bit mixer.
constexpr std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

/// What a stream is for: the run's seed and replication, the entity (agent
/// id, or a process number), and the purpose.
struct StreamKey {
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;
  std::uint64_t entity = 0;
  std::uint64_t purpose = 0;
};

/// xoshiro256** (Blackman and Vigna 2018), seeded by hashing the key.
/// Satisfies UniformRandomBitGenerator, so Boost.Random can use it too.
class RandomStream {
 public:
  using result_type = std::uint64_t;
  RandomStream() : RandomStream(StreamKey{}) {}
  explicit RandomStream(const StreamKey& key);
  RandomStream(std::uint64_t seed, std::uint64_t replication, std::uint64_t entity, std::uint64_t purpose)
      : RandomStream(StreamKey{seed, replication, entity, purpose}) {}

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  result_type operator()() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  /// Uniform on [0, 1), 53 random bits.
  double uniform01() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }
  /// Uniform on (0, 1): never 0, so log() is safe.
  double uniform_open01() { return (static_cast<double>((*this)() >> 11) + 0.5) * 0x1.0p-53; }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

/// The hashed base of a stream key without its purpose: agents keep it, so
/// a stateless draw costs two mixing rounds instead of five.
constexpr std::uint64_t stream_base(std::uint64_t seed, std::uint64_t replication, std::uint64_t entity) {
  return splitmix64(splitmix64(splitmix64(seed ^ 0x68a5bed5c0ffee11ull) ^ replication) ^ entity);
}

/// Stateless draw: the `counter`-th uniform on (0, 1) of the stream
/// (base, purpose). Same inputs, same value, whatever was drawn before: the
/// model uses it for per-agent, per-month draws (counter = month), so a
/// policy that changes whether one draw happens never shifts any other draw
/// (common random numbers).
constexpr double hashed_uniform(std::uint64_t base, std::uint64_t purpose, std::uint64_t counter) {
  const std::uint64_t h = splitmix64(splitmix64(base ^ purpose) ^ counter);
  return (static_cast<double>(h >> 11) + 0.5) * 0x1.0p-53;
}

// ---- Distributions. Each documents its algorithm: changing one changes
// every result, so it needs a new format minor version and new pinned values.

/// Uniform on [a, b).
inline double uniform(RandomStream& r, double a, double b) { return a + (b - a) * r.uniform01(); }
/// Uniform integer on [0, n), n > 0 (Lemire's multiply-shift with rejection).
std::uint64_t uniform_index(RandomStream& r, std::uint64_t n);
/// True with probability p.
inline bool bernoulli(RandomStream& r, double p) { return r.uniform01() < p; }
namespace detail {
double exponential_beyond_fast_path(RandomStream& r, std::size_t layer, double x);
}  // namespace detail
/// Exponential(1) by the ziggurat method (Marsaglia and Tsang 2000) with 256
/// layers (tables in ziggurat_tables.hpp): the low 8 bits of one 64-bit
/// draw pick a layer, the high 52 a point across it, and 98.9 % of draws
/// are accepted with one multiply and one compare; the rest test the wedge
/// against exp(-x) or draw from the tail beyond r by inversion. Much faster
/// than inversion's logarithm, and an event scheduled Exp(rate) ahead is the
/// kernel's most common draw.
inline double standard_exponential(RandomStream& r) {
  const std::uint64_t bits = r();
  const std::size_t layer = bits & 0xff;
  // (bits >> 12) * 2^-52, exactly, by filling the mantissa of 1.0 (an
  // integer to double conversion is slower).
  const double u = std::bit_cast<double>((bits >> 12) | 0x3ff0000000000000ull) - 1.0;
  const double x = u * detail::ZIGGURAT_EXP_X[layer];
  if (x < detail::ZIGGURAT_EXP_X[layer + 1]) [[likely]]
    return x;
  return detail::exponential_beyond_fast_path(r, layer, x);
}
/// Exponential with the given rate (mean 1/rate).
inline double exponential(RandomStream& r, double rate) { return standard_exponential(r) / rate; }
/// Normal(mean, sd), Box-Muller (cosine branch; uses two uniforms per draw).
double normal(RandomStream& r, double mean = 0.0, double sd = 1.0);
/// exp(Normal(mu, sigma)).
inline double lognormal(RandomStream& r, double mu, double sigma) { return std::exp(normal(r, mu, sigma)); }
/// Gamma(shape k, scale theta): Marsaglia-Tsang (2000); k < 1 via Gamma(k+1)*U^(1/k).
double gamma(RandomStream& r, double shape, double scale = 1.0);
/// Beta(a, b) = X/(X+Y), X ~ Gamma(a), Y ~ Gamma(b).
double beta(RandomStream& r, double a, double b);
/// Poisson(mean): multiplication method for mean < 10, else Hormann's PTRS (1993).
std::uint64_t poisson(RandomStream& r, double mean);
/// Pareto type I: scale x_m > 0, shape alpha > 0, by inversion; P(X > x) = (x_m/x)^alpha.
inline double pareto(RandomStream& r, double x_m, double alpha) {
  return x_m * std::pow(r.uniform_open01(), -1.0 / alpha);
}
/// Index i with probability weights[i] / sum(weights), by linear search on
/// the cumulative sum (fine for the short lists the model uses).
std::size_t categorical(RandomStream& r, std::span<const double> weights);

/// Walker/Vose alias table for repeated categorical draws in O(1).
class AliasTable {
 public:
  AliasTable() = default;
  explicit AliasTable(std::span<const double> weights);
  std::size_t operator()(RandomStream& r) const;
  std::size_t size() const { return prob_.size(); }

 private:
  std::vector<double> prob_;
  std::vector<std::uint32_t> alias_;
};

}  // namespace innosim::engine

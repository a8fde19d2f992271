#include "innosim/experiments/design.hpp"

#include <boost/random/sobol.hpp>
#include <array>
#include <bit>
#include <cmath>
#include <numeric>

#include "innosim/engine/error.hpp"
#include "innosim/engine/random.hpp"

namespace innosim::experiments {

std::vector<std::vector<std::size_t>> grid_design(const std::vector<std::size_t>& levels) {
  std::size_t n = 1;
  for (std::size_t l : levels) {
    if (l == 0) throw InternalError("grid_design: a factor without levels");
    n *= l;
  }
  std::vector<std::vector<std::size_t>> out(n, std::vector<std::size_t>(levels.size()));
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t rest = i;
    for (std::size_t k = levels.size(); k-- > 0;) {  // last factor varies fastest
      out[i][k] = rest % levels[k];
      rest /= levels[k];
    }
  }
  return out;
}

std::vector<std::vector<double>> latin_hypercube(std::size_t points, std::size_t dims, std::uint64_t seed) {
  constexpr std::uint64_t kPurpose = engine::purpose_id("sweep.latin_hypercube");
  std::vector<std::vector<double>> out(points, std::vector<double>(dims));
  std::vector<std::size_t> perm(points);
  for (std::size_t k = 0; k < dims; ++k) {
    engine::RandomStream rng(seed, 0, k, kPurpose);
    std::iota(perm.begin(), perm.end(), std::size_t{0});
    for (std::size_t i = points; i > 1; --i)  // Fisher-Yates
      std::swap(perm[i - 1], perm[engine::uniform_index(rng, i)]);
    for (std::size_t i = 0; i < points; ++i) {
      // (0, 1): never exactly on a stratum boundary.
      const double u = rng.uniform_open01();
      out[i][k] = (static_cast<double>(perm[i]) + u) / static_cast<double>(points);
    }
  }
  return out;
}

std::size_t sobol_max_dims() { return BOOST_RANDOM_SOBOL_MAX_DIMENSION; }

std::vector<std::vector<double>> sobol_design(std::size_t points, std::size_t dims) {
  if (dims == 0 || dims > sobol_max_dims())
    throw ConfigError("a Sobol design needs 1 to " + std::to_string(sobol_max_dims()) + " factors");
  boost::random::sobol gen(dims);
  std::vector<std::vector<double>> out(points, std::vector<double>(dims));
  // The engine yields one 64-bit integer per coordinate; / 2^64 maps it to
  // [0, 1) exactly for the first 2^53 points.
  for (auto& p : out)
    for (double& x : p) x = std::ldexp(static_cast<double>(gen()), -64);
  return out;
}

std::vector<std::vector<double>> scrambled_sobol(std::size_t points, std::size_t dims, std::uint64_t seed) {
  if (dims == 0 || dims > sobol_max_dims())
    throw ConfigError("a Sobol design needs 1 to " + std::to_string(sobol_max_dims()) + " dimensions");
  constexpr std::uint64_t kPurpose = engine::purpose_id("design.sobol_scramble");
  // Per dimension: the rows of L (row i gives output digit i + 1, counted
  // from the most significant; bits at and above its diagonal position) and
  // the shift e.
  std::vector<std::array<std::uint64_t, 64>> rows(dims);
  std::vector<std::uint64_t> shift(dims);
  for (std::size_t j = 0; j < dims; ++j) {
    engine::RandomStream rng(seed, 0, j, kPurpose);
    for (int i = 0; i < 64; ++i) {
      const std::uint64_t diagonal = std::uint64_t{1} << (63 - i);
      // Random bits strictly above the diagonal position (the more significant digits).
      const std::uint64_t above = i == 0 ? 0 : (rng() & ~((diagonal << 1) - 1));
      rows[j][static_cast<std::size_t>(i)] = above | diagonal;
    }
    shift[j] = rng();
  }
  boost::random::sobol gen(dims);
  std::vector<std::vector<double>> out(points, std::vector<double>(dims));
  std::vector<std::uint64_t> x(dims, 0);  // the origin first: Boost starts after it
  for (std::size_t p = 0; p < points; ++p) {
    if (p > 0)
      for (std::size_t j = 0; j < dims; ++j) x[j] = gen();
    for (std::size_t j = 0; j < dims; ++j) {
      std::uint64_t y = 0;
      for (int i = 0; i < 64; ++i)
        y |= static_cast<std::uint64_t>(std::popcount(rows[j][static_cast<std::size_t>(i)] & x[j]) & 1) << (63 - i);
      y ^= shift[j];
      // 53 digits, then the middle of the remaining cell: never exactly 0,
      // so a log-uniform factor's lower end is approached, not hit.
      out[p][j] = (static_cast<double>(y >> 11) + 0.5) * 0x1.0p-53;
    }
  }
  return out;
}

}  // namespace innosim::experiments

#pragma once
// Experimental designs of `innosim sweep`, as points in the unit hypercube
// (the sweep maps them onto each factor's range or list of values).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace innosim::experiments {

/// Full factorial: every combination of level indices, the first factor
/// varying slowest (like itertools.product). levels[k] >= 1.
std::vector<std::vector<std::size_t>> grid_design(const std::vector<std::size_t>& levels);

/// Latin hypercube of `points` points in [0, 1)^dims: in every dimension
/// each of the `points` strata [i/points, (i+1)/points) holds exactly one
/// point, at a uniform random position inside it; the strata are matched
/// across dimensions by independent random permutations (Fisher-Yates).
/// Draws come from innosim's keyed streams (seed, dimension), so the design
/// is the same on every platform and does not change if dims grows.
std::vector<std::vector<double>> latin_hypercube(std::size_t points, std::size_t dims, std::uint64_t seed);

/// The first `points` points of boost::random::sobol in `dims` dimensions
/// (Joe-Kuo direction numbers, Gray-code order; the origin is skipped, so
/// the first point is (0.5, ..., 0.5), then (0.75, 0.25, ...), ...).
std::vector<std::vector<double>> sobol_design(std::size_t points, std::size_t dims);

/// The first `points` points of the Sobol' sequence in `dims` dimensions,
/// the origin included (so the first 2^m points are a (t, m, s)-net, the
/// balance Sobol' estimators rely on), each coordinate scrambled by a random
/// linear matrix scramble and a random digital shift (Matousek 1998; the
/// scrambling scipy.stats.qmc.Sobol does): y = L x + e over the binary
/// digits, L lower triangular with a unit diagonal, so nets stay nets. The
/// points are uniform on [0, 1)^dims and the estimators' errors can be
/// judged by resampling. Draws from innosim's keyed streams (seed, dimension).
std::vector<std::vector<double>> scrambled_sobol(std::size_t points, std::size_t dims, std::uint64_t seed);

/// Largest dimension boost::random::sobol supports.
std::size_t sobol_max_dims();

}  // namespace innosim::experiments

#pragma once
// A sensitivity analysis once its rows are evaluated: the indices of every
// output (with bootstrap intervals, the convergence table and the seeds'
// share of the variance), the ranked table people read, and the /sensitivity
// group of the results file (output/SCHEMA.md). The model's analyses and the
// built-in test functions go through exactly this code.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "innosim/experiments/number_format.hpp"
#include "innosim/experiments/sensitivity.hpp"
#include "innosim/output/results_writer.hpp"

namespace innosim::experiments {

struct SaOutputResult {
  std::string name;    ///< the output's name (HDF5 group)
  std::string label;     ///< what it measures, in words
  std::string label_zh;  ///< the same in Chinese (empty: `label` in both languages)
  std::string unit;
  std::string metric;  ///< catalogue metric (empty for a test function)
  std::string of;      ///< base, policy or effect ("" for a test function)
  std::vector<std::vector<double>> values;  ///< [row][replication]; NaN for a failed run
  // Filled by analyse():
  std::vector<double> means;                ///< per row, over its replications
  SeedNoise noise;
  std::optional<SobolIndices> sobol;
  std::vector<SobolIndices> convergence;    ///< Sobol': at N/4, N/2 and N
  std::optional<MorrisIndices> morris;
  std::vector<double> s1_analytic, st_analytic;  ///< a test function's known indices (else empty)
  /// Groups, most influential first (by ST for Sobol', mu* for Morris; NaN last).
  std::vector<std::size_t> ranking;
};

struct SaAnalysis {
  SaDesign design;
  std::vector<SaFactor> factors;
  std::vector<SaGroup> groups;
  BootstrapOptions boot;
  std::size_t replications = 1;
  bool deterministic = false;  ///< a test function: no seeds, nothing to say about them
  std::vector<SaOutputResult> outputs;
};

/// Computes every output's indices from its values.
void analyse(SaAnalysis& analysis);

/// The ranked tables, one per output, as printed on stdout, in English or
/// Chinese (labels.hpp; factors keep their dotted keys).
std::string format_report(const SaAnalysis& analysis, Lang lang = Lang::en);

/// Writes /sensitivity: `attributes` on the group (provenance: the file,
/// scenarios, seed, ...), the factors and groups, the design (unit
/// coordinates and the values run), and per output its values, means,
/// indices, convergence and second-order tables.
void write_sensitivity(output::ResultsWriter& writer, const SaAnalysis& analysis,
                       const std::vector<output::Attribute>& attributes);

}  // namespace innosim::experiments

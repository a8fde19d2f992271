#pragma once
// A sensitivity analysis of the model, planned: the sensitivity file read,
// the design built, every design row turned into the scenarios it runs
// (the base, and the policy when the file has one, each with the row's
// factor values as --set overrides, the same seed and replications
// everywhere: common random numbers), and the outputs turned into the
// quantities each run keeps. Every problem, in the file or at any point, is
// reported as file:line:column (ScenarioError) before anything runs.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "innosim/experiments/experiment.hpp"
#include "innosim/experiments/sensitivity.hpp"
#include "innosim/experiments/sensitivity_file.hpp"

namespace innosim::experiments {

/// One number a run yields: a metric at a sample time (a stock) or summed
/// over the samples of a period (a flow's total).
struct SaQuantity {
  std::size_t metric = 0;  ///< index in the model's metric catalogue
  bool flow = false;
  std::size_t first = 0, last = 0;  ///< sample indices, inclusive: the stock's sample is `last`
  /// Of one run's series: series[metric][last], or the sum of series[metric][first..last].
  double of(const std::vector<std::vector<double>>& series) const;
};

/// Whether a catalogue metric is a flow (counted per period) rather than a stock.
bool is_flow_metric(std::size_t metric);

struct SensitivityPlan {
  SensitivitySpec spec;
  std::uint64_t seed = 0;
  int replications = 1;
  SaDesign design;
  std::vector<std::vector<double>> points;  ///< [row][factor]: the values each row runs with
  std::size_t roles = 1;                    ///< 1 (base) or 2 (base and policy)
  std::vector<PreparedScenario> cells;      ///< [row * roles + role]; role 0 base, 1 policy
  std::vector<SaQuantity> quantities;       ///< what every run keeps
  std::vector<std::size_t> output_quantity; ///< spec.outputs[o] -> quantities index
  std::vector<std::string> output_labels;   ///< "high_tech_enterprises at the horizon (2035-01-01)"
  std::vector<std::string> output_labels_zh;  ///< "高新技术企业：期末（2035-01-01）"
  std::vector<std::string> output_units;
  std::string base_name, base_yaml, policy_name, policy_yaml;
  std::string resolved;  ///< the analysis resolved: every choice explicit
  std::string sha256;    ///< of `resolved` and every row's values: what --resume compares
  int start_year = 0;
  double horizon_years = 0;
  std::vector<double> time;  ///< the sample times, years since the start

  std::size_t rows() const { return design.rows.size(); }
};

/// Reads `file` and plans the analysis (ScenarioError with every problem).
SensitivityPlan plan_sensitivity(const std::filesystem::path& file);

}  // namespace innosim::experiments

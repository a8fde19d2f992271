#pragma once
// `innosim calibrate`: the method of simulated moments on common random
// numbers (docs/experiments.md, "Calibration"). The stages, in order:
//
//   1. check   the stationarity and seed-ergodicity of every target's
//              simulated moment at the start point (warnings, before fitting);
//   2. global  a scrambled Sobol' (or Latin hypercube) design over the box;
//              the weighting matrix is fixed at its best point;
//   3. local   an NLopt derivative-free optimiser (BOBYQA by default) from the
//              best global points (restarts);
//   4. inference  a central finite-difference Jacobian at the estimate, the
//              MSM sandwich standard errors with the (1 + 1/S) correction, the J
//              test, the Jacobian's rank and condition number, and a profile of
//              the objective along each parameter (identification in words).
//
// Every point runs the same S replications of the same seed, so the objective
// is a deterministic function of the parameters. The runs go through
// PointEvaluator: threads, saved runs and --resume, the --max-runs budget.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "innosim/experiments/calibration_file.hpp"
#include "innosim/experiments/number_format.hpp"
#include "innosim/experiments/point_evaluator.hpp"
#include "innosim/output/results_writer.hpp"

namespace innosim::experiments {

enum class Identification { identified, weak, not_identified };
const char* identification_name(Identification i);

struct ParameterResult {
  std::string path;
  double lo = 0, hi = 0;
  bool log = false;
  double estimate = 0;         ///< in the key's unit
  double estimate_unit = 0;    ///< the search coordinate u in [0, 1]
  double se = 0;               ///< standard error in the key's unit (delta method on a log scale); NaN if not identified
  double ci_low = 0, ci_high = 0;  ///< 95 % interval: estimate_unit -/+ t95(ci_df) se_u mapped to the key's unit
  /// Welch-Satterthwaite degrees of freedom of se (the simulated covariance is
  /// estimated from S runs): +inf when only the observed sd matters.
  double ci_df = 0;
  double se_unit = 0;
  double profile_rise_low = 0, profile_rise_high = 0;  ///< largest objective rise below / above the estimate
  std::vector<double> profile_values, profile_objective;
  Identification identification = Identification::identified;
  std::string verdict;         ///< the identification said in words
};

struct TargetResult {
  std::string name, expression, source;
  double observed = 0, observed_sd = 0;
  double simulated = 0;        ///< mean over the S runs at the estimate
  double simulated_sd = 0;     ///< sd of one run's value at the estimate
  double simulated_se = 0;     ///< sd / sqrt(S): the simulated mean's own uncertainty
  double total_sd = 0;         ///< sqrt(Omega_kk) = sqrt(sd_obs^2 + (1 + 1/S) sd_sim^2)
  double residual = 0;         ///< observed - simulated
  double z = 0;                ///< residual / total_sd
  // The check before fitting (NaN when not run).
  double check_mean = 0, check_mean_fresh = 0, check_ergodic_z = 0;
  double check_drift = 0, check_drift_z = 0;
  bool check_ergodic_ok = true, check_stationary_ok = true;
  std::string check_text;
};

struct EvaluationRecord {
  std::size_t point = 0;        ///< the point's number (PointEvaluator)
  std::string stage;            ///< check, global, local-<k>, jacobian, profile
  std::vector<double> unit;     ///< search coordinates
  double objective = 0;         ///< with the final weighting (global: also)
  std::vector<double> moments;  ///< simulated means of the targets
  std::size_t failures = 0;
};

struct StageCost {
  std::size_t runs = 0;         ///< runs the stage used (run or found saved)
  double seconds = 0;           ///< wall time in this process
};

struct CalibrationResult {
  std::string base_name, base_yaml;
  std::uint64_t seed = 0;
  int replications = 0;
  std::string resolved;                  ///< the resolved calibration (hashed for resume)
  std::string sha256;
  std::vector<ParameterResult> parameters;
  std::vector<TargetResult> targets;
  double objective = 0;
  Eigen::MatrixXd weighting, omega, jacobian, jacobian_unit, covariance;
  Eigen::VectorXd singular_values;
  int rank = 0;
  double condition_number = 0;
  double j_statistic = 0, j_p_value = 0;  ///< NaN when j_df <= 0
  int j_df = 0;  ///< targets - free parameters (identified or not); <= 0: no J test
  std::string local_stop;                ///< why the local searches ended (each, ';'-separated)
  bool budget_stopped = false;           ///< --max-runs ended the local search
  std::map<std::string, StageCost> stages;
  std::size_t runs = 0, runs_failed = 0;
  std::vector<EvaluationRecord> evaluations;
  std::vector<std::vector<double>> estimate_runs;  ///< [S][m] the targets' values on each run at the estimate
  std::vector<std::string> warnings;
  std::string scenario_yaml;             ///< the calibrated scenario (extends the base)
  std::vector<PointEvaluator::RunRecordLite> run_records;  ///< every run, in point then replication order
};

struct CalibrationOptions {
  int jobs = 1;
  bool quiet = false;
  std::filesystem::path store_dir;       ///< empty: no saved runs
  bool resume = false;
  std::size_t max_runs = 0;              ///< 0: no budget beyond the file's limits
  std::string scenario_name;             ///< name of the calibrated scenario
  std::string extends;                   ///< what the calibrated scenario extends (path as seen from where it is written)
  class RemoteRanks* remote = nullptr;   ///< under MPI: the worker ranks, met once (rank 0 only)
};

/// The resolved calibration text and its SHA-256 (which --resume checks):
/// the base scenario's resolved YAML, innosim's version and revision, every
/// setting of the file.
std::pair<std::string, std::string> calibration_identity(const CalibrationSpec& spec, const std::string& base_yaml,
                                                         std::uint64_t seed);

/// Runs the whole calibration. Throws BudgetExhausted when --max-runs is too
/// small for the stages that cannot be cut short (a UsageError would say it
/// before any run: see check_budget), EvaluationInterrupted on a signal.
CalibrationResult calibrate(const CalibrationSpec& spec, const CalibrationOptions& options);

/// UsageError when `max_runs` is below what the calibration needs outside
/// its local search (the check, the global stage, the Jacobian, the
/// profiles and one local step).
void check_budget(const CalibrationSpec& spec, std::size_t max_runs);
/// The runs the calibration needs outside its local search.
std::size_t fixed_runs(const CalibrationSpec& spec);

/// The calibrated scenario: `extends` the base, the file's `set:` overrides
/// and the estimates, with the fit summary as comments.
std::string calibrated_scenario_yaml(const CalibrationSpec& spec, const CalibrationResult& r, const std::string& name,
                                     const std::string& extends);

/// Writes /calibration (output/SCHEMA.md) and the /runs rows.
void write_calibration(output::ResultsWriter& w, const CalibrationSpec& spec, const CalibrationResult& r);

/// The report printed at the end: estimates, fit, identification, J test; in
/// Chinese with lang zh (tables by display width, verdicts and warnings by
/// the message catalogue).
std::string calibration_report(const CalibrationSpec& spec, const CalibrationResult& r, Lang lang = Lang::en);

}  // namespace innosim::experiments

#pragma once
// `innosim check-seed`: every target and frozen validation pattern of a
// calibration file (calibration_file.hpp) against a scenario's runs at its
// date: the model's mean over the replications with the 95 % CI of the mean,
// the target's pass band (within 10 % of a point figure, one-sided for "over
// X") and pass or fail (docs/experiments.md, "innosim check-seed"). The file
// is read by `load_calibration` and the targets evaluated by `TargetExpr`,
// exactly as `calibrate` reads and evaluates them.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "innosim/experiments/calibration_file.hpp"
#include "innosim/experiments/headline.hpp"
#include "innosim/experiments/labels.hpp"

namespace innosim::experiments {

struct SeedCheckRow {
  std::string name;
  /// "target" (fitted by calibrate), "identity" (an input or accounting
  /// identity, checked only) or "validation" (a frozen pattern, never fitted)
  std::string kind = "target";
  std::string period;       ///< the date, or "first – last" date, the expression reads
  std::string unit;         ///< the expression's unit (TargetExpr::unit)
  double observed = 0;
  TargetTolerance tolerance;
  SpreadStats stats;        ///< the model over the replications (NaN runs left out)
  bool pass = false;        ///< the model's mean lies in the band
  bool ci_straddles = false;  ///< the 95 % CI of the mean crosses an edge of the band: more runs could flip it
  std::string source;
};

struct SeedCheck {
  std::string calibration_file;
  std::string scenario;
  std::uint64_t seed = 0;
  int replications = 0;
  std::int64_t first_replication = 0;  ///< the runs are replications first_replication ... + replications - 1
  std::size_t failed_runs = 0;
  std::vector<SeedCheckRow> rows;  ///< the targets, the identities, then the validation patterns, in file order
  std::size_t failures() const;
};

struct SeedCheckOptions {
  int replications = 0;  ///< 0: the calibration file's
  /// The first replication run. 0 reads the replications `calibrate` fitted
  /// on (0 ... S - 1: in sample); S or more, fresh ones (out of sample).
  std::int64_t first_replication = 0;
  int jobs = 1;
  bool quiet = false;
};

/// Runs `spec.scenario` (with the file's `set:`; seed: the file's, else the
/// scenario's) and evaluates every row. Throws ScenarioError on bad input.
SeedCheck check_seed(const CalibrationSpec& spec, const SeedCheckOptions& options);

/// The table for people (zh/en: money in bn yuan / 亿元, rates in per cent).
std::string seed_check_text(const SeedCheck& check, Lang lang);

/// The rows as CSV (UTF-8, exact numbers, English headers) for programs.
std::string seed_check_csv(const SeedCheck& check);

}  // namespace innosim::experiments

#pragma once
// The calibration file of `innosim calibrate` (docs/experiments.md,
// "Calibration"): a base scenario, fixed overrides, the free parameters
// (dotted scenario keys with bounds, optionally on a log scale), the targets
// (observed values with their uncertainty and source, over expressions of the
// metrics: target_expr.hpp), the weighting, the replications, the seed and the
// search. Parsed with yaml-cpp; every problem in the file, in the base scenario
// or in a target expression is reported as file:line:column (ScenarioError,
// exit 2) before anything runs.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "innosim/experiments/sweep_file.hpp"
#include "innosim/experiments/target_expr.hpp"
#include "innosim/scenario/schema.hpp"

namespace innosim::experiments {

/// A free parameter: a number (or schedule, as one value for every year) key.
struct CalibParameter {
  std::string path;                 ///< dotted scenario key
  scenario::KeyType type = scenario::KeyType::Number;
  double lo = 0, hi = 0;            ///< bounds of the search
  bool log = false;                 ///< search on log(value): lo > 0
  std::optional<double> start;      ///< a point the local search starts from besides the global stage's best
  Place place;

  /// The value at a coordinate u in [0, 1] of the search box (log scale: geometric).
  double from_unit(double u) const;
  /// The inverse of from_unit.
  double to_unit(double value) const;
  /// d value / d u at u: converts standard errors from the search scale.
  double slope(double u) const;
  /// "path=value" for scenario::load.
  std::string override_for(double value) const;
};

/// The band `innosim check-seed` asks a target's model mean to fall in: the
/// seed's wording decides it ("over 150 bn" is one-sided, "about 1,000" is a
/// point figure, within 10 % by default). `calibrate` does not use it: the fit
/// weighs every target by its sd.
struct TargetTolerance {
  enum class Kind { within, at_least, at_most, range };
  Kind kind = Kind::within;
  double share = 0.10;  ///< within: the band is observed +- share * |observed|
  double lo = 0, hi = 0;  ///< the band, filled for every kind (-inf / +inf on an open side)
  Place place;
  /// Whether `value` lies in the band (NaN never does).
  bool passes(double value) const { return value >= lo && value <= hi; }
};

/// One calibration target.
struct CalibTarget {
  std::string name;
  std::string expression;   ///< the text, as written
  TargetExpr compiled;      ///< against the base scenario's time grid
  double observed = 0;
  double sd = 0;            ///< the observation's standard deviation (its uncertainty), >= 0
  std::string source;       ///< where the figure comes from
  TargetTolerance tolerance;  ///< check-seed's pass band (default: within 10 % of observed)
  Place place;              ///< the target's entry in the file
};

enum class Weighting {
  diagonal,  ///< W = diag(1 / (sd_obs^2 + (1 + 1/S) var_sim)): the default
  full,      ///< W = (Sigma_obs + (1 + 1/S) Sigma_sim)^-1, with the simulated covariance
  matrix     ///< W as given in the file
};
const char* weighting_name(Weighting w);

enum class GlobalDesign { sobol, lhs };

struct SearchSpec {
  GlobalDesign design = GlobalDesign::sobol;  ///< scrambled Sobol' or Latin hypercube
  std::size_t points = 32;                    ///< global stage's points
  std::string algorithm = "bobyqa";           ///< bobyqa | neldermead | sbplx | cobyla (NLopt, derivative-free)
  int max_evaluations = 60;                   ///< per local search
  double tolerance = 1e-3;                    ///< relative tolerance on the search coordinates (NLopt xtol_rel)
  int restarts = 1;                           ///< further local searches from the next-best distinct points
};

/// Synthetic targets (a recovery exercise): every target's observed value is
/// its expression on one run at known parameter values (`truth`), with a
/// seed the calibration's own runs do not use, plus a normal draw of sd.
struct SyntheticSpec {
  std::vector<double> truth;          ///< per parameter, in the parameters' order, in the key's unit
  std::uint64_t seed = 0;             ///< the synthetic world's seed
  std::int64_t replication = 0;
  bool noise = true;                  ///< add N(0, sd^2) observation error to each target
  Place place;
};

struct CalibrationSpec {
  std::filesystem::path file;
  std::string scenario;                  ///< base: embedded name or path, as scenario::load wants it
  std::string scenario_as_written;       ///< as the file gives it (for the calibrated scenario's extends)
  Place scenario_place;
  std::vector<std::string> overrides;    ///< the `set:` entries as "path=value", in file order
  std::vector<Place> override_places;
  std::vector<CalibParameter> parameters;
  std::vector<CalibTarget> targets;
  /// Frozen validation patterns (`validation:`): targets in the same form
  /// that `check-seed` checks and `calibrate` never fits, written down before
  /// any tuning so that a later fit cannot quietly move them. sd is optional.
  std::vector<CalibTarget> validation;
  /// Identities (`identities:`): seed figures the scenario sets as inputs or
  /// that hold by the model's accounting (the 200 liaison firms, the initial
  /// tenants, recommendations = events x results an event). `check-seed`
  /// checks them, so that a broken input or identity shows; `calibrate` never
  /// fits them, since no free parameter can move them and counting them would
  /// overstate identification and the J-test's degrees of freedom. sd optional.
  std::vector<CalibTarget> identities;
  Weighting weighting = Weighting::diagonal;
  std::vector<std::vector<double>> matrix;  ///< weighting: matrix
  int replications = 10;                    ///< S: runs per parameter point, the same seeds at every point
  std::optional<std::uint64_t> seed;        ///< default: the base scenario's
  SearchSpec search;
  double jacobian_step = 0.02;              ///< finite-difference step, a share of each parameter's search range
  int profile_points = 11;                  ///< points of each parameter's objective profile over its range
  bool check = true;                        ///< the stationarity and seed-ergodicity check before fitting
  int check_shift_months = 12;              ///< how far the stationarity check moves each target's dates
  std::optional<SyntheticSpec> synthetic;   ///< observed values made by the model itself

  /// Most runs the calibration can take (every stage at its limit).
  std::size_t max_runs() const;
};

/// Reads and checks a calibration file against the scenario schema, the
/// model's metric catalogue and the base scenario's time grid (loaded here
/// with the file's `set:` overrides); throws scenario::ScenarioError with
/// every problem, each pointing into the calibration file. `scenario`, when
/// given (check-seed's SCENARIO), replaces the file's base: the targets are
/// compiled on its time grid and `spec.scenario` names it.
CalibrationSpec load_calibration(const std::filesystem::path& file, const scenario::Schema& schema,
                                 const std::optional<std::string>& scenario = std::nullopt);

}  // namespace innosim::experiments

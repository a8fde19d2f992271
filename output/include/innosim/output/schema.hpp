#pragma once
// The data model of an innosim results file (format 1.2), shared by the
// writer and the reader. output/SCHEMA.md is the normative description; the
// names and codes here must stay in step with it.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace innosim::output {

/// Value of the root attribute `filetype`.
inline constexpr std::string_view kFiletype = "innosim-results";
/// Major format version: readers refuse files with another major version.
inline constexpr int kFormatMajor = 1;
/// Minor format version: bumped for additions that old readers may ignore.
/// 1.1 added /comparisons, /sweep and the optional /runs field `point`;
/// 1.2 the metrics' `kind` and `period_months` attributes; 1.3 the panel's
/// `birth_time` and the exits table.
inline constexpr int kFormatMinor = 4;
/// Confidence level of the `summary` intervals.
inline constexpr double kSummaryLevel = 0.95;

/// Growth stage of a firm; the codes are part of the file format.
enum class FirmStage : std::int8_t { startup = 0, tech_sme = 1, high_tech = 2, gazelle = 3, unicorn = 4 };

/// Every stage in code order (for building the HDF5 enum and for tests).
inline constexpr std::array<FirmStage, 5> kFirmStages = {FirmStage::startup, FirmStage::tech_sme,
                                                        FirmStage::high_tech, FirmStage::gazelle,
                                                        FirmStage::unicorn};

/// The enum member name of a stage as stored in the file ("tech_sme", ...).
const char* stage_name(FirmStage s);

/// Why a firm exited (format 1.3, the exits table); the codes are part of the
/// file format and equal the model's (docs/model.md 7.5).
enum class ExitCause : std::int8_t { closure = 1, borrower_default = 2, insolvency = 3 };

/// Every cause in code order.
inline constexpr std::array<ExitCause, 3> kExitCauses = {ExitCause::closure, ExitCause::borrower_default,
                                                        ExitCause::insolvency};

/// The enum member name of an exit cause as stored in the file ("closure", ...).
const char* exit_cause_name(ExitCause c);

/// One metric: its dataset name, unit and one-line meaning, and (format
/// 1.2) what its values are: `kind` "stock" (a level at the sample time),
/// "flow" (an amount over the sampling period ending at the sample) or
/// "mean" (a mean or rate over that period); empty when not recorded.
struct MetricInfo {
  std::string name;
  std::string unit;
  std::string description;
  std::string kind;                ///< "stock", "flow", "mean"; "" in files before 1.2
  std::int64_t period_months = 0;  ///< the period a flow or mean covers (the sampling period); 0 for stocks
};

/// One member of the event-kind enum: its name and integer code.
struct EventKind {
  std::string name;
  std::int16_t code = 0;
};

/// One row of a firm panel: the state of one firm at one observation time.
struct FirmRecord {
  std::int32_t replication = 0;
  double time = 0.0;  ///< years since start
  std::int64_t firm_id = 0;
  FirmStage stage = FirmStage::startup;
  std::int16_t sector = 0;
  double employees = 0.0;
  double revenue = 0.0;      ///< yuan per year
  double rd_spending = 0.0;  ///< yuan per year
  double cash = 0.0;         ///< yuan
  double debt = 0.0;         ///< yuan
  double productivity = 0.0;
  bool incubated = false;
  bool insured = false;
  bool vc_backed = false;
  bool alive = true;
  /// Format 1.3: when the firm was born (entered), years since start;
  /// negative for firms older than the run.
  double birth_time = 0.0;
};

/// One row of an exits table (format 1.3): a firm as it exited.
struct ExitRecord {
  std::int32_t replication = 0;
  double time = 0.0;  ///< exit time, years since start
  std::int64_t firm_id = 0;
  ExitCause cause = ExitCause::closure;
  double birth_time = 0.0;  ///< years since start (negative: born before the start)
  double age = 0.0;         ///< years: time - birth_time
  std::int16_t sector = 0;
  FirmStage stage = FirmStage::startup;  ///< its rung on the ladder when it exited
  double employees = 0.0;   ///< head count when it exited
  bool loan_default = false;  ///< it left its bank a shortfall
};

/// One row of an event log.
struct EventRecord {
  std::int32_t replication = 0;
  double time = 0.0;  ///< years since start
  std::int64_t firm_id = 0;
  std::int16_t kind = 0;  ///< an EventKind code declared for the log
  double amount = 0.0;    ///< yuan
  std::string detail;     ///< free text, UTF-8
};

/// One row of `/runs`: the outcome of one replication.
struct RunRecord {
  std::string scenario;
  std::int64_t replication = 0;
  std::uint64_t seed = 0;
  std::string status;  ///< "ok" or "failed: <message>"
  double wall_seconds = 0.0;
  /// Design point of a sweep's run (field `point`, format 1.1); -1 when the
  /// run is not part of a sweep (and for files without the field).
  std::int64_t point = -1;
  /// True when the replication finished normally.
  bool ok() const { return status == "ok"; }
};

/// The replication percentiles a summary stores (format 1.2), in per cent.
inline constexpr std::array<int, 5> kSummaryPercentiles = {5, 25, 50, 75, 95};

/// One row of a `summary/<metric>` table: statistics over replications at one time.
struct SummaryRow {
  double time = 0.0;
  double mean = 0.0;
  double sd = 0.0;
  double ci_low = 0.0;
  double ci_high = 0.0;
  std::int64_t n = 0;
  /// Format 1.2: the 5th, 25th, 50th, 75th and 95th percentiles of the
  /// replications' values (linear interpolation between order statistics);
  /// NaN in older files. The spread of outcomes, where the CI is the
  /// precision of the mean.
  double p5 = 0.0, p25 = 0.0, p50 = 0.0, p75 = 0.0, p95 = 0.0;
};

/// The `p`-th percentile (0..100) of sorted values: linear interpolation
/// between order statistics at rank (n - 1) p / 100 (Hyndman and Fan's
/// type 7, numpy's and R's default); NaN for no values.
double percentile_of_sorted(const double* sorted, std::size_t n, double p);

/// An attribute of a group or dataset, as ResultsWriter's generic calls
/// write it and ResultsReader::attributes() reads it back (format 1.1:
/// comparison and sweep groups).
struct Attribute {
  std::string name;
  std::variant<std::string, double, std::int64_t, std::uint64_t> value;
};

/// One field of a 1-D table (ResultsWriter::write_table,
/// ResultsReader::table()): every column of a table has the same length.
struct TableColumn {
  std::string name;
  std::variant<std::vector<double>, std::vector<std::int64_t>, std::vector<std::string>> values;
};

}  // namespace innosim::output

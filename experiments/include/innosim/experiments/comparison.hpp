#pragma once
// Paired comparisons that refuse to mislead (`innosim compare`, the report):
// runs are paired only on the same calendar grid (or an explicitly aligned
// common one), every metric is contrasted by its headline statistic (a
// stock at a date, a flow's total), the paired difference is kept as a time
// series, and cost-effectiveness classifies an alternative before it
// divides: a ratio is printed only for a trade-off whose outcome change is
// significant (docs/experiments.md, "Cost-effectiveness").
#include <cstddef>
#include <cstdint>
#include <optional>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "innosim/experiments/headline.hpp"
#include "innosim/experiments/number_format.hpp"
#include "innosim/experiments/paired_stats.hpp"

namespace innosim::experiments {

/// When and how often a scenario's runs are sampled.
struct RunGrid {
  int start_year = 0;
  int sampling_months = 1;
  double horizon_years = 0.0;
  std::vector<double> time;  ///< years since the start
};

/// Why two runs cannot be paired sample by sample, in words ("" when they
/// can): a different start year, horizon or sampling period.
std::string grid_mismatch(const RunGrid& base, const RunGrid& alt);

/// The calendar dates common to several grids (`compare --align`), as years
/// since the first grid's start, and where each grid has them.
struct CommonGrid {
  int start_year = 0;                         ///< the first (base) grid's
  std::vector<double> time;                   ///< common dates, years since start_year
  std::vector<std::vector<std::size_t>> at;   ///< at[g][k]: index of common date k in grid g
  bool same = true;                           ///< every grid identical (no alignment needed)
  bool same_start = true;                     ///< every grid starts on the first common date
  bool same_sampling = true;
};
/// The common grid; with `up_to` (years since the base's start) it ends
/// there. UsageError (exit 2) when the grids share no date.
CommonGrid common_grid(std::span<const RunGrid> grids, std::optional<double> up_to = std::nullopt);

/// One replication's series of a metric of grid `g`, on the common grid:
/// a stock's value at each common date; a flow's amount over the span since
/// the previous common date (the set-up sample at the first date only when
/// every grid starts there, NaN otherwise); a period mean at the date when
/// every grid has the same sampling, NaN otherwise.
std::vector<double> on_common_grid(ValueKind kind, std::span<const double> series, const CommonGrid& grid,
                                   std::size_t g);

/// A metric's paired contrast at the end of the common grid, by its headline statistic.
struct MetricContrast {
  std::string metric;
  ValueKind kind = ValueKind::stock;
  std::string unit;  ///< of the headline value (a flow's amount unit)
  HeadlineSpan span;
  PairedContrast contrast;
  /// contrast.p_value adjusted by Holm's method over the comparison's metrics (NaN when it has none).
  double p_holm = std::numeric_limits<double>::quiet_NaN();
  /// `--margin`: the equivalence margin in the headline's unit (NaN: none asked) and the
  /// two one-sided tests' p-value against it (equivalent at 5 % when below 0.05).
  double margin = std::numeric_limits<double>::quiet_NaN();
  double equivalence_p = std::numeric_limits<double>::quiet_NaN();
};

/// One `--margin METRIC=VALUE[%]`: an absolute margin in the metric's headline
/// unit, or a share of the base's mean when `relative`.
struct EquivalenceMargin {
  std::string metric;
  double value = 0;
  bool relative = false;
};
/// Parses "METRIC=VALUE" or "METRIC=VALUE%" (VALUE > 0; UsageError naming what
/// was expected otherwise, and the metric when it is not among `paired`).
EquivalenceMargin parse_margin(std::string_view option, std::span<const std::string> paired);

/// The paired difference of a metric at every common date: per period
/// (a flow's amount in the period, a stock's level) and, for flows, cumulated.
struct SeriesContrast {
  std::vector<double> difference, ci_low, ci_high;
  std::vector<std::int64_t> n;
  std::vector<double> cumulative, cumulative_low, cumulative_high;  ///< flows only (empty otherwise)
};
/// `base[r]` and `alt[r]`: replication r's series on the common grid.
SeriesContrast series_contrast(ValueKind kind, const std::vector<std::vector<double>>& base,
                               const std::vector<std::vector<double>>& alt, double level = 0.95);

/// `--metrics a,b,c`: metric names, each checked against the model's
/// catalogue (UsageError naming the unknown one, with a suggestion), in order, without repeats.
std::vector<std::string> parse_metric_list(const std::string& text);

// ---------------------------------------------------------------- cost-effectiveness

/// What the cost side counts (`innosim compare --cost`).
enum class CostBasis {
  present_value,         ///< net_fiscal_cost_pv_borrowing: discounted to the start at the government's borrowing rate
  present_value_social,  ///< net_fiscal_cost_pv: discounted to the start at the social discount rate
  net,            ///< net_fiscal_cost: undiscounted, capital at net cost (locked capital costs nothing)
  gross,          ///< fiscal_spending: every yuan paid out, capital in full, nothing recovered netted
};
struct CostMeasure {
  std::string metric;  ///< a flow metric, totalled over the span
  CostBasis basis = CostBasis::present_value;
};
/// The basis's name as results files store it (`cost_basis`): "net fiscal cost,
/// present value at the borrowing rate", "net fiscal cost, present value at the
/// social discount rate", "net fiscal cost" or "gross outlays" (files of schema
/// 1.3 say "net fiscal cost, present value": the social rate).
const char* cost_basis_name(CostBasis b);
/// The scenario key whose rate a present-value basis discounts at
/// ("fiscal.borrowing_rate" or "fiscal.discount_rate"); empty for the others.
std::string_view cost_rate_key(CostBasis b);
/// The measure `--cost` names ("pv", "pv-social", "net" or "gross"; UsageError otherwise),
/// checked against the metrics `available` (InternalError when its metric is missing).
CostMeasure choose_cost_measure(std::span<const std::string> available, std::string_view option = "pv");

/// The outcomes cost-effectiveness is reported for.
struct CeOutcome {
  const char* key;         ///< "high_tech_enterprises", "innovations", "employment"
  const char* definition;  ///< what it counts, in English (tr() gives the Chinese)
  const char* unit;        ///< its unit: "firms", "innovations", "jobs"
};
std::span<const CeOutcome> ce_outcomes();
/// One replication's value of outcome `key` from its series on the common grid (metric -> series).
double ce_outcome_value(std::string_view key, const std::vector<std::string>& metrics,
                        const std::vector<std::vector<double>>& series, std::size_t end_index);

/// Where an alternative falls against the base. A change counts only when the
/// data show it: its 95% CI excludes 0, or it is exactly 0 in every pair (the
/// runs were identical). A change whose CI includes 0 is "n.s.": the data do
/// not say which way it goes, and no class that needs its sign is claimed.
enum class CeClass {
  dominant,                   ///< more outcome for less or the same cost, or the same outcome for less cost
  dominated,                  ///< less outcome for more or the same cost, or the same outcome for more cost
  saves_money_loses_outcome,  ///< less cost and less outcome
  trade_off,                  ///< more outcome for more cost: the one case a ratio (cost per outcome gained) answers
  no_difference,              ///< neither cost nor outcome changed in any pair
  not_detectable,             ///< neither cost nor outcome differs detectably (both CIs include 0, or too few pairs)
  more_outcome_cost_ns,       ///< more outcome; the cost change is n.s.
  less_outcome_cost_ns,       ///< less outcome; the cost change is n.s.
  more_cost_outcome_ns,       ///< more cost; the outcome change is n.s.
  less_cost_outcome_ns,       ///< less cost; the outcome change is n.s.
};
/// "dominant", "dominated", "saves money but loses outcome", "trade-off", "no difference", "no detectable
/// difference", "more outcome, cost n.s.", "less outcome, cost n.s.", "costs more, outcome n.s.",
/// "saves money, outcome n.s.".
const char* ce_class_name(CeClass c);

/// The class of a pair of paired changes, why no ratio is given (English;
/// tr() has the Chinese; empty when one is) and whether one is.
struct CeVerdict {
  CeClass cls = CeClass::no_difference;
  std::string reason;
  bool ratio_shown = false;
};
/// Decides from the changes alone (their means, CIs and pairs): classify()
/// uses it, and so do the readers of a results file, which re-derive the class
/// from the stored changes (files written before 1.x classified by the signs
/// of the means, CIs or not). `ratio_bounded`: Fieller's interval of the cost
/// per unit gained is bounded.
CeVerdict ce_verdict(const PairedContrast& cost, const PairedContrast& change, bool ratio_bounded);

struct CeRow {
  std::string outcome;     ///< CeOutcome::key
  PairedContrast cost;     ///< Δcost over the pairs, with its CI
  PairedContrast change;   ///< Δoutcome over the pairs, with its CI
  CeClass cls = CeClass::no_difference;
  bool outcome_significant = false;  ///< the 95% CI of Δoutcome excludes 0
  bool cost_significant = false;
  bool ratio_shown = false;          ///< a trade-off whose outcome and cost changes are both significant
  RatioEstimate ratio;               ///< Δcost / Δoutcome with Fieller's CI (computed always; shown only when ratio_shown)
  std::string reason;                ///< why there is no ratio (English; tr() has the Chinese), empty when shown
};
/// Classifies by what the paired changes show (ce_verdict), then divides only
/// a trade-off whose changes are both significant. Per-replication values of
/// cost and outcome for base and alternative (NaN pairs dropped).
CeRow classify(std::string_view outcome, std::span<const double> base_cost, std::span<const double> alt_cost,
               std::span<const double> base_outcome, std::span<const double> alt_outcome, double level = 0.95);

}  // namespace innosim::experiments

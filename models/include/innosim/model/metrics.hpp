#pragma once
// The reported metrics. Each module reports its own (a group of metrics:
// their names, units, descriptions and kinds, and a function that appends
// their values at a sample); the composition's table of groups
// (models/src/metrics.cpp) fixes the output order, which files and
// downstream tools rely on.
#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "innosim/model/firm.hpp"
#include "innosim/model/types.hpp"

namespace innosim::model {

/// What a metric's value at a sample time is, which says how it may be
/// summarised over a run (docs/model.md, "Metrics"; output/SCHEMA.md).
enum class MetricKind : std::uint8_t {
  /// A level at the sample time (firms alive, loans outstanding): read at a date, never summed over time.
  stock = 0,
  /// An amount over the sampling period that ends at the sample (new loans, spending): summed over a span,
  /// so a run's total is the sum of its series; the value at t = 0 is what happened as the run set up.
  flow = 1,
  /// A mean, share or rate over the sampling period that ends at the sample (pilot utilisation, mean wait):
  /// neither a level nor summable; its period is the sampling period, like a flow's.
  mean = 2,
};
/// "stock", "flow" or "mean": the name the results file records.
const char* metric_kind_name(MetricKind kind);

/// A reported metric: stable name, unit, one-line description and kind,
/// and the words tables and reports show (experiments/labels.hpp: `--lang`):
/// a short label in English and Chinese and the description in Chinese.
/// The unit is that of one value; for a flow it is the amount over one
/// sampling period ("yuan": a monthly run's value is yuan per month).
struct MetricInfo {
  const char* name;
  const char* unit;
  const char* description;
  MetricKind kind;
  const char* label;           ///< "High-tech enterprises"
  const char* label_zh;        ///< "高新技术企业"
  const char* description_zh;  ///< the description in Chinese
};
/// The metrics every run reports, in output order.
const std::vector<MetricInfo>& metric_catalogue();
/// Index of a metric by name (throws if unknown).
std::size_t metric_index(const std::string& name);

/// Stocks summed over alive firms for a sample. The monthly step takes it
/// in its own pass over the firms (saving a pass); the modules' reports read it.
struct Census {
  std::array<double, STAGE_COUNT> stages{};
  double alive = 0, employment = 0, debt = 0, insured = 0, insured_cover = 0, covered = 0, borrowers = 0, incubated = 0,
         digitalised = 0, fixed_assets = 0, guidance_stakes = 0, hte_certified = 0, hte_relabelled = 0, subsidised = 0,
         covered_firms = 0, points_covered = 0;
  void add(const Firm& f) {
    ++n_.alive;
    ++n_.stages[static_cast<int>(f.stage)];
    employment += f.employees;
    debt += f.debt;
    n_.insured += f.insurance_cover > 0;
    insured_cover += f.insurance_cover;
    // The pool's covered book only: a balance the points line guarantees (7.13) shares the firm's cover slot.
    const double pool_covered = f.points_cover ? 0.0 : f.covered_debt;
    covered += pool_covered;
    n_.covered_firms += pool_covered > 0;
    // ... and the points line's guaranteed balance, summed here rather than in a pass of its own (7.13).
    points_covered += f.points_cover ? f.covered_debt : 0.0;
    subsidised += f.subsidised_debt;
    n_.borrowers += f.debt > 0;
    n_.incubated += f.incubated;
    n_.digitalised += f.digitalised;
    fixed_assets += f.fixed_assets;
    // The guidance fund's stakes at the lower of cost and their share of the
    // firm's valuation (its residual value, 2.6).
    if (f.guidance_invested > 0)
      guidance_stakes += std::min(f.guidance_invested, f.venture_stake * f.valuation * f.guidance_invested / f.venture_invested);
    n_.hte_certified += f.hte_certified;
    n_.hte_relabelled += f.hte_certified && f.hte_relabelled;
  }
  /// Adds the counts to the fields above; call once after the last add(),
  /// before the reports read them. Counted as integers in add() (cheaper per
  /// firm than a double's conversion and add) and exact either way below
  /// 2^53, so the fields are the same, bit for bit (docs/performance.md, session 19).
  void close() {
    alive += static_cast<double>(n_.alive);
    for (int s = 0; s < STAGE_COUNT; ++s) stages[static_cast<std::size_t>(s)] += static_cast<double>(n_.stages[s]);
    insured += static_cast<double>(n_.insured);
    covered_firms += static_cast<double>(n_.covered_firms);
    borrowers += static_cast<double>(n_.borrowers);
    incubated += static_cast<double>(n_.incubated);
    digitalised += static_cast<double>(n_.digitalised);
    hte_certified += static_cast<double>(n_.hte_certified);
    hte_relabelled += static_cast<double>(n_.hte_relabelled);
    n_ = Counts{};
  }

 private:
  struct Counts {
    std::int64_t alive = 0, stages[STAGE_COUNT] = {}, insured = 0, covered_firms = 0, borrowers = 0, incubated = 0,
                 digitalised = 0, hte_certified = 0, hte_relabelled = 0;
  } n_;
};

/// A sample's values, in catalogue order; each module's report appends its group's.
using MetricRow = std::vector<double>;

}  // namespace innosim::model

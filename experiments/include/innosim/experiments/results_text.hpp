#pragma once
// The tables of a results file as text, read back from what the file
// stores: `compare` and `sweep` print them after their file is committed
// (so what is printed is what the file holds), and `inspect --summary`
// reprints them, with each scenario's headline table, for any results file
// (run, compare, sweep, sensitivity, calibrate, discover), in Chinese or
// English. `--json` gives the same numbers exactly.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "innosim/experiments/number_format.hpp"
#include "innosim/output/results_reader.hpp"

namespace innosim::experiments {

/// One comparison group (/comparisons/<alt>_vs_<base>): the paired table by
/// kind (stocks, flows, period means), the cost-effectiveness table and the
/// notes under it, as `innosim compare` prints them.
std::string comparison_text(const output::ResultsReader& in, const std::string& group, Lang lang);

/// A sweep's per-point tables (/sweep/summary/<metric>), one per metric:
/// the first `max_points` points and the reference point, as `innosim sweep` prints them.
std::string sweep_points_text(const output::ResultsReader& in, Lang lang, std::size_t max_points = 40);

struct SummaryOptions {
  Lang lang = Lang::en;
  std::vector<std::string> metrics;  ///< of the scenarios' headline tables (empty: the headline set)
  std::optional<int> at_year;        ///< stocks on 1 January of this year, flows totalled up to it
};

/// `innosim inspect --summary`: what kind of file it is and how it was made,
/// its runs, each scenario's sampling and headline table (stocks at the
/// horizon, flows' totals with their span and per year, each with the CI of
/// the mean and the replications' 5%-95% range), then what the kind of file
/// adds: comparisons, the sweep's per-point tables, the sensitivity indices
/// of each output, the calibration's estimates and fit, the discovered box.
std::string file_summary_text(const output::ResultsReader& in, const std::string& path, const SummaryOptions& options);
/// The same as one JSON object: the headline rows exactly as `run --json`
/// gives them, the stored tables as arrays of objects (numbers exact).
std::string file_summary_json(const output::ResultsReader& in, const std::string& path, const SummaryOptions& options);

}  // namespace innosim::experiments

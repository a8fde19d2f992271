#pragma once
// Tables for the terminal, in English or Chinese: aligned columns (CJK text
// counts two columns), cells rounded once with number_format.hpp, and the
// headline table that `run` and `inspect --summary` print.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "innosim/experiments/headline.hpp"
#include "innosim/experiments/number_format.hpp"

namespace innosim::experiments {

/// Columns of text, left- or right-aligned, padded by display width.
class TextTable {
 public:
  TextTable(std::vector<std::string> header, std::vector<bool> right_aligned);
  void add(std::vector<std::string> row);
  /// The table, one line per row, columns `gap` spaces apart, lines indented by `indent`.
  std::string render(std::size_t indent = 0, std::size_t gap = 2) const;
  std::size_t rows() const { return rows_.size(); }

 private:
  std::vector<std::string> header_;
  std::vector<bool> right_;
  std::vector<std::vector<std::string>> rows_;
};

/// How a group of related cells (a mean, the two ends of an interval) is
/// written: money with its scale in the cell ("1,620 bn", "1620亿"), the
/// rest as plain numbers in the unit of the unit column; the decimals are
/// those that give `significant` digits to the group's largest magnitude,
/// so the cells of a group line up.
struct CellFormat {
  DisplayUnit unit;  ///< the scale of the numbers (exponent) and, for money, the scale word in the cell
  NumberStyle style;
  bool scale_in_cell = false;
};
CellFormat cell_format(std::string_view unit, double magnitude, Lang lang, bool change = false, int significant = 0);
/// One cell: `x` rounded once in the format's unit; sign on request.
std::string cell(double x, const CellFormat& f, bool sign = false);
/// "[low, high]" with one format for both ends; "unbounded" when both are infinite.
std::string interval_cell(double low, double high, std::string_view unit, Lang lang, bool change = false);
/// The unit column: the unit in words without the money scale ("yuan" / "元", "firms" / "家", "%"). With
/// `change`, a rate's column also names the unit of its changes: "% (changes: pp)" / "%（差值：百分点）".
std::string unit_column(std::string_view unit, Lang lang, bool change = false);
/// A variance-reduction factor: "0.84×", "35.2×", "912×" up to kVrfCap, "> 1,000×" above it
/// (the pairs then differ by almost nothing next to how much the runs vary: the exact factor is noise),
/// "∞" when every pair is equal, "—" when nothing varies.
inline constexpr double kVrfCap = 1000.0;
std::string vrf_cell(double v);
/// `text` broken into lines of at most `width` display columns: at spaces,
/// and between any two CJK characters (Chinese has no spaces to break at).
std::string wrap(std::string_view text, std::size_t width = 100);

/// A value with its unit, for sentences: "4.657 bn yuan", "46.57亿元", "+36 firms".
std::string quantity(double x, std::string_view unit, Lang lang, bool sign = false);

/// What the headline table describes, for its title.
struct HeadlineContext {
  std::string scenario;
  std::int64_t replications = 0;
  std::uint64_t seed = 0;
  std::optional<std::int64_t> start_year;
  double horizon_years = 0.0;
  std::size_t failed = 0;  ///< failed replications (left out of the statistics)
};

/// The headline table in `lang`: a section for stocks (at the date), one for
/// flows (totals over the span and per year), one for period means, and a
/// note that says what the columns are (the CI of the mean is its precision,
/// the percentiles the spread of the replications); `note` false leaves the
/// note out (a summary of several scenarios prints it once).
std::string headline_text(const std::vector<HeadlineRow>& rows, const HeadlineContext& context, Lang lang,
                          bool note = true);

/// The same rows as JSON (numbers exact, null for NaN): an array of objects.
std::string headline_json(const std::vector<HeadlineRow>& rows, std::optional<std::int64_t> start_year);

}  // namespace innosim::experiments

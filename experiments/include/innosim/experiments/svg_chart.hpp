#pragma once
// Charts as inline SVG for the report (`innosim report`) and for slides
// (`innosim report --svg DIR`): fan charts of replications, paired
// differences over time, sweep responses and sensitivity bars.
//
// Each function returns one complete <svg> element: a viewBox (it scales
// to its container), a <title> and <desc> (its accessible name, which a
// screen reader and the slide tools show), a legend that says what every
// band and line means, and the fonts by family name with CJK fallbacks, so
// the same text works inline in the HTML page and as a stand-alone .svg
// file. No script, no external reference.
//
// Numbers on the axes come from the caller's formatter (the report's
// number conventions: 亿元 in Chinese, bn yuan in English). Missing values
// (NaN) break lines and bands instead of being drawn as zero.
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace innosim::experiments {

/// Text safe as XML/HTML content or a double-quoted attribute value.
std::string xml_escape(std::string_view text);

/// The font stack every chart and the report use: system sans-serif fonts by
/// family name, CJK fallbacks (Noto Sans CJK, Source Han Sans, PingFang,
/// Microsoft YaHei) so Chinese renders on Debian, macOS and Windows alike.
std::string_view font_stack();

/// Axis ticks at 1, 2, 2.5 or 5 x 10^k covering [lo, hi] with about `target` ticks.
struct Ticks {
  double lo = 0.0;  ///< the axis range, widened to whole ticks
  double hi = 1.0;
  double step = 1.0;
  std::vector<double> values;
};
Ticks nice_ticks(double lo, double hi, int target = 5);

/// Series colours (Okabe and Ito's colour-blind-safe palette), by index.
std::string_view series_colour(std::size_t i);

/// What every chart carries besides its data.
struct ChartText {
  std::string id;           ///< unique in the page: ids of <title> and <desc> ("fan-high_tech_enterprises")
  std::string title;        ///< the chart's name, also its <title>
  std::string description;  ///< one sentence of what it shows, its <desc>
  std::string y_label;      ///< the y axis: quantity and unit ("高新技术企业（家）")
  std::string x_label;      ///< the x axis
  /// Legend entries, in the language of the page: {90 % band, 50 % band, median, CI of the mean}
  /// for fan charts; {CI, mean difference, no difference} for difference charts; and so on.
  std::vector<std::string> legend;
};

using AxisFormat = std::function<std::string(double)>;

/// One panel of a fan chart: per x (a calendar date or year) the
/// replications' 5th, 25th, 50th, 75th and 95th percentiles and the mean
/// with its confidence interval.
struct FanPanel {
  std::string label;  ///< the panel's heading (a scenario)
  std::vector<double> x, p5, p25, p50, p75, p95, mean, ci_low, ci_high;
};

/// Fan charts, Bank of England style: the 90 % and 50 % bands of
/// replications shaded, the median as a line, the confidence interval of
/// the mean as thin dashed lines. Several panels share one y axis range
/// (small multiples, three to a row). Legend: text.legend =
/// {90 % band, 50 % band, median, CI of the mean}.
std::string fan_chart(std::span<const FanPanel> panels, const ChartText& text, const AxisFormat& y_format,
                      const AxisFormat& x_format);

/// One panel of a paired-difference chart: the mean difference and its CI per x.
struct DifferencePanel {
  std::string label;
  std::vector<double> x, difference, ci_low, ci_high;
};

/// Paired differences over time: the CI shaded, the mean difference as a
/// line, zero as a reference line. Legend: {CI, mean difference, zero}.
std::string difference_chart(std::span<const DifferencePanel> panels, const ChartText& text,
                             const AxisFormat& y_format, const AxisFormat& x_format);

/// A metric at the horizon against one swept factor: one entry per design point.
struct SweepSeries {
  std::vector<double> x, mean, ci_low, ci_high, p5, p25, p75, p95;
  /// True for a one-factor design (points on a line): bands and the mean are
  /// drawn as connected areas and a line; otherwise as bars and dots per point.
  bool connect = false;
};

/// Sweep response. Legend: {90 % band, 50 % band, mean, CI of the mean}.
std::string sweep_chart(const SweepSeries& series, const ChartText& text, const AxisFormat& y_format,
                        const AxisFormat& x_format);

/// One horizontal bar: a value with its interval, in up to two series
/// (Sobol' first-order and total indices side by side, say).
struct Bar {
  std::string label;
  double value = 0.0, low = 0.0, high = 0.0;
  double value2 = 0.0, low2 = 0.0, high2 = 0.0;  ///< the second series (when `two_series`)
};

/// Horizontal bars with interval whiskers, in the given order.
/// Legend: {first series, second series (when two_series), interval}.
std::string bar_chart(std::span<const Bar> bars, bool two_series, const ChartText& text,
                      const AxisFormat& x_format);

}  // namespace innosim::experiments
